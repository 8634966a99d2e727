// Copyright 2026 The Vigil Authors.
//
// End-to-end tests of `vigil keys`, signed bundles through `hashset
// export|import --bundle`, and `vigil store verify|backup|restore`: JSON on
// stdout, one-line errors, exit codes (README "Exit codes").

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testing/subprocess.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::ReadFileOrEmpty;
using ::vigil::testing::RunProcess;
using ::vigil::testing::TempDir;

const char kList[] =
    "signal_type,hash,external_id,category,note\n"
    "md5,d41d8cd98f00b204e9800998ecf8427e,c-1,A1,\n"
    "pdq,f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,"
    "c-2,A1,first\n"
    "pdq,0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,"
    "c-3,B2,\n";

class IntegrityCliTest : public ::testing::Test {
 protected:
  ProcessResult Vigil(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {BinaryPath("vigil"), "--db", db});
    return RunProcess(args, "", {"USER=tester"});
  }
  void MakeSet(const std::string& db, bool with_list) {
    ASSERT_EQ(Vigil(db, {"hashset", "create", "shared", "--types", "pdq,md5"})
                  .exit_code,
              0);
    if (!with_list) return;
    std::string list = tmp_.WriteFile("list.csv", kList);
    ProcessResult r = Vigil(db, {"hashset", "import", "shared", list});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string Export(const std::string& db) {
    return Vigil(db, {"hashset", "export", "shared"}).out;
  }

  TempDir tmp_;
  std::string src_ = tmp_.path() + "/src";
  std::string dst_ = tmp_.path() + "/dst";
};

TEST_F(IntegrityCliTest, SignedBundleRoundTripAndRefusals) {
  const std::string key = tmp_.path() + "/lists";
  ProcessResult k = Vigil(src_, {"keys", "generate", "--out", key});
  ASSERT_EQ(k.exit_code, 0) << k.err;
  auto keys = nlohmann::json::parse(k.out);
  EXPECT_EQ(keys["public_key"], key + ".pub");
  struct stat st;
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Never overwritten.
  EXPECT_EQ(Vigil(src_, {"keys", "generate", "--out", key}).exit_code, 4);
  ASSERT_EQ(
      Vigil(src_, {"keys", "generate", "--out", key + "-other"}).exit_code, 0);

  MakeSet(src_, true);
  MakeSet(dst_, false);
  const std::string bundle = tmp_.path() + "/shared.vbundle";
  ProcessResult e = Vigil(
      src_, {"hashset", "export", "shared", "--bundle", bundle, "--sign", key});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  EXPECT_EQ(nlohmann::json::parse(e.out)["count"], 3);
  EXPECT_EQ(nlohmann::json::parse(e.out)["signer"], keys["key_id"]);
  EXPECT_EQ(Vigil(src_, {"hashset", "export", "shared", "--bundle", bundle})
                .exit_code,
            2);  // --bundle needs --sign

  // Refusals: exit 3, one line, nothing imported.
  const std::string good = ReadFileOrEmpty(bundle);
  std::string tampered = good;
  tampered[tampered.rfind("c-3")] = 'x';
  const std::string bad = tmp_.WriteFile("tampered.vbundle", tampered);
  const std::string cut =
      tmp_.WriteFile("cut.vbundle", good.substr(0, good.size() - 10));
  for (const auto& [file, trust, message] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {bad, key + ".pub", "list does not match"},
           {cut, key + ".pub", "truncated"},
           {bundle, key + "-other.pub", "which is not trusted"}}) {
    ProcessResult r =
        Vigil(dst_, {"hashset", "import", "--bundle", file, "--trust", trust});
    EXPECT_EQ(r.exit_code, 3) << file;
    EXPECT_THAT(r.err, StartsWith("vigil: "));
    EXPECT_THAT(r.err, HasSubstr(": bundle " + file + ": "));
    EXPECT_THAT(r.err, HasSubstr(message));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  }
  EXPECT_EQ(Vigil(dst_, {"hashset", "import", "--bundle", bundle}).exit_code,
            2);  // no --trust
  EXPECT_EQ(Export(dst_), "signal_type,hash,external_id,category,note\n");

  // Good: both keys trusted (a rotation); the set named in the manifest.
  ProcessResult r = Vigil(dst_, {"hashset", "import", "--bundle", bundle,
                                 "--trust", key + "-other.pub", key + ".pub"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["added"], 3);
  EXPECT_EQ(Export(dst_), Export(src_));
  EXPECT_THAT(Vigil(dst_, {"hashset", "log"}).out,
              HasSubstr("signed by " + keys["key_id"].get<std::string>()));
}

TEST_F(IntegrityCliTest, StoreVerifyExitsFiveOnDamage) {
  MakeSet(src_, true);
  ProcessResult ok = Vigil(src_, {"store", "verify"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  auto report = nlohmann::json::parse(ok.out);
  EXPECT_TRUE(report["ok"].get<bool>());
  EXPECT_GT(report["column_families"]["entries"]["files"].get<int>(), 0);
  ProcessResult stats = Vigil(src_, {"hashset", "stats", "shared", "--verify"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_TRUE(nlohmann::json::parse(stats.out)["verified"].get<bool>());
  auto flip = [](const fs::path& path) {
    std::fstream io(path, std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(8);  // inside the first data block
    io.put('\x7f');
  };
  // A byte flipped in every table file of a copy: verify names each file's
  // column family.
  const std::string copy = tmp_.path() + "/copy";
  fs::copy(src_, copy, fs::copy_options::recursive);
  for (const auto& f : fs::directory_iterator(copy)) {
    if (f.path().extension() == ".sst") flip(f.path());
  }
  ProcessResult all = Vigil(copy, {"store", "verify"});
  EXPECT_EQ(all.exit_code, 5) << all.err;
  auto damaged = nlohmann::json::parse(all.out);
  EXPECT_FALSE(damaged["ok"].get<bool>());
  EXPECT_THAT(all.err, StartsWith("vigil: damaged: column family '"));
  // Now only the entries family of the original.
  int flipped = 0;
  for (const auto& d : damaged["damaged"]) {
    if (d["column_family"] != "entries") continue;
    flip(src_ + "/" +
         fs::path(d["file"].get<std::string>()).filename().string());
    ++flipped;
  }
  ASSERT_GT(flipped, 0);
  ProcessResult bad = Vigil(src_, {"store", "verify"});
  EXPECT_EQ(bad.exit_code, 5) << bad.err;
  EXPECT_THAT(bad.err, HasSubstr("column family 'entries'"));
  // Reads that need a damaged block refuse (exit 4), never answer: the CSV
  // export and the recounting stats (plain stats report the set's record).
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"hashset", "export", "shared"},
        std::vector<std::string>{"hashset", "stats", "--verify"}}) {
    ProcessResult r = Vigil(src_, args);
    EXPECT_EQ(r.exit_code, 4) << args[1];
    EXPECT_THAT(r.err, HasSubstr("store is damaged"));
  }
}

TEST_F(IntegrityCliTest, BackupBesideAWriterAndRestore) {
  MakeSet(src_, true);
  // Another process holds the writer lock for the whole backup.
  const std::string out = tmp_.path() + "/holder.out";
  pid_t holder =
      testing::StartProcess({BinaryPath("vigil_store_child"), "add-hold", src_,
                             "shared", "00112233445566778899aabbccddeeff"},
                            out, tmp_.path() + "/holder.err");
  ASSERT_GT(holder, 0);
  for (int i = 0; i < 500 && ReadFileOrEmpty(out).empty(); ++i) {
    ::usleep(20 * 1000);
  }
  ASSERT_EQ(ReadFileOrEmpty(out), "locked\n");
  const std::string backups = tmp_.path() + "/backups";
  ProcessResult b = Vigil(src_, {"store", "backup", backups});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(nlohmann::json::parse(b.out)["backup_id"], 1);
  // Restoring over the held store is refused, even with --force.
  ProcessResult held = Vigil(src_, {"store", "restore", backups, "--force"});
  EXPECT_EQ(held.exit_code, 4);
  EXPECT_THAT(held.err, HasSubstr("locked by pid"));
  ::kill(holder, SIGKILL);
  testing::WaitProcess(holder);

  ProcessResult r = Vigil(dst_, {"store", "restore", backups});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Export(dst_), Export(src_));
  ProcessResult again = Vigil(dst_, {"store", "restore", backups});
  EXPECT_EQ(again.exit_code, 4);
  EXPECT_THAT(again.err, HasSubstr("--force"));
  EXPECT_EQ(Vigil(dst_, {"store", "restore", backups, "--force"}).exit_code, 0);
  EXPECT_EQ(Vigil(dst_, {"store", "verify"}).exit_code, 0);
}

}  // namespace
}  // namespace vigil
