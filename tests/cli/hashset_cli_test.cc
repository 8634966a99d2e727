// Copyright 2026 The Vigil Authors.
//
// End-to-end tests of `vigil hashset ...`: JSON on stdout, one-line errors,
// exit codes, and a list round trip through the binary.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "testing/subprocess.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::ReadFileOrEmpty;
using ::vigil::testing::RunProcess;
using ::vigil::testing::TempDir;

const char kPdq1[] =
    "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
const char kPdq2[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const char kMd5[] = "d41d8cd98f00b204e9800998ecf8427e";

class HashsetCliTest : public ::testing::Test {
 protected:
  ProcessResult Vigil(std::vector<std::string> args,
                      const std::string& input = "") {
    args.insert(args.begin(), {BinaryPath("vigil"), "--db", db_});
    return RunProcess(args, input, {"USER=tester"});
  }
  static int Lines(const std::string& s) {
    int n = 0;
    for (char c : s) n += c == '\n';
    return n;
  }
  static std::vector<nlohmann::json> Jsonl(const std::string& s) {
    std::vector<nlohmann::json> out;
    std::istringstream in(s);
    std::string line;
    while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
    return out;
  }

  TempDir tmp_;
  std::string db_ = tmp_.path() + "/db";
};

TEST_F(HashsetCliTest, CreateShowListStats) {
  ProcessResult c =
      Vigil({"hashset", "create", "own", "--types", "pdq,md5", "--threshold",
             "pdq=20", "--action", "block", "--source", "moderation"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  auto j = nlohmann::json::parse(c.out);
  EXPECT_EQ(j["name"], "own");
  EXPECT_EQ(j["thresholds"]["pdq"], 20);
  EXPECT_EQ(j["min_quality"]["pdq"], 50);
  EXPECT_EQ(j["action"], "block");
  EXPECT_EQ(j["version"], 1);
  EXPECT_THAT(j["created_at"].get<std::string>(), HasSubstr("Z"));
  struct stat st;
  ASSERT_EQ(::stat(db_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u);
  // Hash lists are sensitive: every file of the store is owner-only too.
  for (const auto& e : std::filesystem::directory_iterator(db_)) {
    ASSERT_EQ(::stat(e.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0u) << e.path();
  }

  ProcessResult show = Vigil({"hashset", "show", "own"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(nlohmann::json::parse(show.out)["source"], "moderation");
  ASSERT_EQ(
      Vigil({"hashset", "create", "other", "--types", "sha256"}).exit_code, 0);
  ProcessResult list = Vigil({"hashset", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto sets = Jsonl(list.out);
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[0]["name"], "other");
  ProcessResult stats = Vigil({"hashset", "stats", "own"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  auto s = nlohmann::json::parse(stats.out);
  EXPECT_EQ(s["entries"]["pdq"], 0);
  EXPECT_EQ(s["last_change"]["op"], "create");
}

TEST_F(HashsetCliTest, DisabledSetsMatchNothingUntilEnabled) {
  ASSERT_EQ(Vigil({"hashset", "create", "own", "--types", "md5"}).exit_code, 0);
  ASSERT_EQ(Vigil({"hashset", "add", "own", "--signal",
                   "md5:b1946ac92492d2347c6235b4d2611184"})
                .exit_code,
            0);
  // Not an image, but its MD5 is listed.
  const std::string empty = tmp_.WriteFile("hello.txt", "hello\n");
  EXPECT_EQ(Vigil({"scan", empty}).exit_code, 1);

  ProcessResult off =
      Vigil({"hashset", "disable", "own", "--reason", "audit", "--actor", "a"});
  ASSERT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(nlohmann::json::parse(off.out)["enabled"], false);
  EXPECT_EQ(
      nlohmann::json::parse(Vigil({"hashset", "show", "own"}).out)["enabled"],
      false);
  // No match, and not checked perceptually: an error, never clean.
  ProcessResult scan = Vigil({"scan", empty});
  EXPECT_EQ(scan.exit_code, 3) << scan.out;
  EXPECT_THAT(scan.out, HasSubstr("\"status\":\"error\""));
  // Disabling again changes nothing and logs nothing.
  ASSERT_EQ(Vigil({"hashset", "disable", "own"}).exit_code, 0);

  ASSERT_EQ(Vigil({"hashset", "enable", "own"}).exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(Vigil({"hashset", "list"}).out)["enabled"],
            true);
  EXPECT_EQ(Vigil({"scan", empty}).exit_code, 1);
  auto log = Jsonl(Vigil({"hashset", "log"}).out);
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[2]["op"], "disable");
  EXPECT_EQ(log[2]["actor"], "a");
  EXPECT_EQ(log[2]["reason"], "audit");
  EXPECT_EQ(log[3]["op"], "enable");
  EXPECT_EQ(log[3]["actor"], "tester");
  EXPECT_EQ(Vigil({"hashset", "enable", "nope"}).exit_code, 4);
}

TEST_F(HashsetCliTest, UsageErrorsAreOneLine) {
  ProcessResult bad_name =
      Vigil({"hashset", "create", "Bad!", "--types", "pdq"});
  EXPECT_EQ(bad_name.exit_code, 2);
  EXPECT_EQ(Lines(bad_name.err), 1) << bad_name.err;
  EXPECT_THAT(bad_name.err,
              StartsWith("vigil: invalid_argument: invalid hashset name"));
  ProcessResult bad_type =
      Vigil({"hashset", "create", "x", "--types", "pdq,zzz"});
  EXPECT_EQ(bad_type.exit_code, 2);
  EXPECT_THAT(bad_type.err, HasSubstr("unknown signal type 'zzz'"));
  // Issue 17: a name that looks like an option is named, not only reported
  // as a missing name.
  ProcessResult dash = Vigil({"hashset", "create", "-dash", "--types", "pdq"});
  EXPECT_EQ(dash.exit_code, 2);
  EXPECT_EQ(Lines(dash.err), 1) << dash.err;
  EXPECT_THAT(dash.err, HasSubstr("unknown option '-dash'"));
  ProcessResult missing = Vigil({"hashset", "show", "nope"});
  EXPECT_EQ(missing.exit_code, 4);  // no store yet
  EXPECT_EQ(Lines(missing.err), 1) << missing.err;
  ASSERT_EQ(Vigil({"hashset", "create", "x", "--types", "pdq"}).exit_code, 0);
  ProcessResult no_set = Vigil({"hashset", "show", "nope"});
  EXPECT_EQ(no_set.exit_code, 4);
  EXPECT_THAT(no_set.err, HasSubstr("no hashset 'nope'"));
  ProcessResult no_reason = Vigil(
      {"hashset", "remove", "x", "--signal", std::string("pdq:") + kPdq1});
  EXPECT_EQ(no_reason.exit_code, 2);
  EXPECT_EQ(Lines(no_reason.err), 1) << no_reason.err;
}

TEST_F(HashsetCliTest, AddRemoveAndLog) {
  ASSERT_EQ(Vigil({"hashset", "create", "own", "--types", "pdq,md5"}).exit_code,
            0);
  ProcessResult add =
      Vigil({"hashset", "add", "own", "--signal", std::string("pdq:") + kPdq1,
             "--signal", std::string("MD5:") + kMd5, "--external-id", "case-1",
             "--category", "confirmed"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  auto a = nlohmann::json::parse(add.out);
  EXPECT_EQ(a["added"], 2);
  EXPECT_EQ(a["version"], 2);
  ProcessResult again =
      Vigil({"hashset", "add", "own", "--signal", std::string("pdq:") + kPdq1});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["existing"], 1);
  EXPECT_EQ(nlohmann::json::parse(again.out)["version"], 2);
  ProcessResult bad = Vigil({"hashset", "add", "own", "--signal", "pdq:abc"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("pdq needs 64 hex characters"));

  ProcessResult rm =
      Vigil({"hashset", "remove", "own", "--external-id", "case-1", "--reason",
             "false positive", "--actor", "mod-b"});
  ASSERT_EQ(rm.exit_code, 0) << rm.err;
  EXPECT_EQ(nlohmann::json::parse(rm.out)["removed"], 2);
  ProcessResult log = Vigil({"hashset", "log"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  auto records = Jsonl(log.out);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0]["op"], "create");
  EXPECT_EQ(records[0]["actor"], "tester");
  EXPECT_EQ(records[1]["op"], "add");
  EXPECT_EQ(records[1]["external_id"], "case-1");
  EXPECT_EQ(records[2]["op"], "remove");
  EXPECT_EQ(records[2]["reason"], "false positive");
  EXPECT_EQ(records[2]["actor"], "mod-b");
  ProcessResult since = Vigil({"hashset", "log", "--since", "2"});
  ASSERT_EQ(Jsonl(since.out).size(), 1u);
  EXPECT_EQ(Jsonl(since.out)[0]["seq"], 3);

  ProcessResult unconfirmed =
      Vigil({"hashset", "delete", "own", "--reason", "retired"});
  EXPECT_EQ(unconfirmed.exit_code, 2);
  EXPECT_THAT(unconfirmed.err, HasSubstr("--yes"));
  ProcessResult del =
      Vigil({"hashset", "delete", "own", "--reason", "retired", "--yes"});
  ASSERT_EQ(del.exit_code, 0) << del.err;
  EXPECT_EQ(Vigil({"hashset", "show", "own"}).exit_code, 4);
  auto after = Jsonl(Vigil({"hashset", "log", "--since", "3"}).out);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0]["op"], "delete");
  EXPECT_EQ(after[0]["reason"], "retired");
}

TEST_F(HashsetCliTest, ImportExportRoundTripAndAtomicFailure) {
  ASSERT_EQ(
      Vigil({"hashset", "create", "list", "--types", "pdq,md5"}).exit_code, 0);
  std::string csv =
      std::string("signal_type,hash,external_id,category,note\n") + "pdq," +
      kPdq1 + ",a,\"x,y\",\n" + "md5," + kMd5 + ",b,,\"say \"\"hi\"\"\"\n";
  std::string path = tmp_.WriteFile("in.csv", csv);
  ProcessResult imp = Vigil({"hashset", "import", "list", path});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  auto r = nlohmann::json::parse(imp.out);
  EXPECT_EQ(r["format"], "csv");
  EXPECT_EQ(r["added"], 2);
  ProcessResult exp = Vigil({"hashset", "export", "list"});
  ASSERT_EQ(exp.exit_code, 0) << exp.err;
  // Exported sorted by type number (md5 first), lowercase, same metadata.
  EXPECT_EQ(exp.out,
            std::string("signal_type,hash,external_id,category,note\n") +
                "md5," + kMd5 + ",b,,\"say \"\"hi\"\"\"\n" + "pdq," + kPdq1 +
                ",a,\"x,y\",\n");
  std::string out_file = tmp_.path() + "/out.typed";
  ASSERT_EQ(
      Vigil({"hashset", "export", "list", "--format", "typed", "-o", out_file})
          .exit_code,
      0);
  EXPECT_EQ(ReadFileOrEmpty(out_file),
            std::string("md5 ") + kMd5 + "\npdq " + kPdq1 + "\n");

  // Plain from stdin, then a bad line: nothing of that import lands.
  ProcessResult plain =
      Vigil({"hashset", "import", "list", "-", "--type", "pdq"},
            std::string(kPdq2) + "\n");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(nlohmann::json::parse(plain.out)["added"], 1);
  std::string before = Vigil({"hashset", "export", "list"}).out;
  std::string upper(kPdq1);
  for (char& ch : upper) ch = static_cast<char>(std::toupper(ch));
  ProcessResult bad =
      Vigil({"hashset", "import", "list", "-", "--format", "typed"},
            "# comment\npdq " + upper + "\npdq 12zz\n");
  // A rejected import file is a failed input (3), not a usage error (2):
  // issue 17.
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_EQ(Lines(bad.err), 1) << bad.err;
  EXPECT_THAT(bad.err, HasSubstr("line 3, column 5:"));
  EXPECT_EQ(Vigil({"hashset", "export", "list"}).out, before);
  ProcessResult plain_multi =
      Vigil({"hashset", "export", "list", "--format", "plain"});
  EXPECT_EQ(plain_multi.exit_code, 2);
  EXPECT_THAT(plain_multi.err, HasSubstr("--type"));
}

}  // namespace
}  // namespace vigil
