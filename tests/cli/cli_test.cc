// Copyright 2026 The Vigil Authors.
//
// End-to-end tests of the `vigil` binary: exit codes, stdout/stderr split.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testing/subprocess.h"
#include "vigil/version.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::RunProcess;

ProcessResult Vigil(std::vector<std::string> args,
                    std::vector<std::string> env = {}) {
  args.insert(args.begin(), BinaryPath("vigil"));
  return RunProcess(args, "", env);
}

int CountLines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(CliTest, VersionFlagPrintsVersion) {
  ProcessResult r = Vigil({"--version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::string("vigil ") + Version() + "\n");
}

TEST(CliTest, VersionCommandPrintsJson) {
  ProcessResult r = Vigil({"version"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], Version());
  EXPECT_THAT(j["build"].get<std::string>(), HasSubstr(Version()));
}

TEST(CliTest, UnknownCommandIsUsageErrorWithOneLine) {
  ProcessResult r = Vigil({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(CountLines(r.err), 1) << r.err;
  EXPECT_THAT(r.err, StartsWith("vigil: unknown command 'frobnicate'"));
}

TEST(CliTest, UnknownFlagIsUsageErrorWithOneLine) {
  ProcessResult r = Vigil({"--no-such-flag"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(CountLines(r.err), 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--no-such-flag"));
  ProcessResult sub = Vigil({"version", "--bogus"});
  EXPECT_EQ(sub.exit_code, 2);
  EXPECT_EQ(CountLines(sub.err), 1) << sub.err;
}

TEST(CliTest, HelpListsCommandsAndExitCodes) {
  ProcessResult r = Vigil({"help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("version"));
  EXPECT_THAT(r.out, HasSubstr("--db"));
  EXPECT_THAT(r.out, HasSubstr("Exit codes"));
  ProcessResult flag = Vigil({"--help"});
  EXPECT_EQ(flag.exit_code, 0);
  EXPECT_EQ(flag.out, r.out);
}

TEST(CliTest, HelpOfOneCommand) {
  ProcessResult r = Vigil({"help", "version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("engine version"));
  ProcessResult bad = Vigil({"help", "nope"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("unknown command 'nope'"));
}

TEST(CliTest, NoCommandPrintsHelpAsUsageError) {
  ProcessResult r = Vigil({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("Usage"));
}

TEST(CliTest, DbDefaultFollowsEnvironment) {
  // `vigil help` shows the resolved default of --db.
  ProcessResult with_env = Vigil({"help"}, {"VIGIL_DB=/tmp/vigil-env-db"});
  EXPECT_THAT(with_env.out, HasSubstr("/tmp/vigil-env-db"));
  ProcessResult xdg = Vigil({"help"}, {"VIGIL_DB=", "XDG_DATA_HOME=/tmp/xdg"});
  EXPECT_THAT(xdg.out, HasSubstr("/tmp/xdg/vigil"));
  ProcessResult home =
      Vigil({"help"}, {"VIGIL_DB=", "XDG_DATA_HOME=", "HOME=/tmp/h"});
  EXPECT_THAT(home.out, HasSubstr("/tmp/h/.local/share/vigil"));
}

}  // namespace
}  // namespace vigil
