// Copyright 2026 The Vigil Authors.
//
// `vigil store backup|restore` (engine/src/store/store_backup.cc): a backup
// taken while another process holds the writer lock restores into a new
// directory with the same contents, including writes that were still only
// in the write-ahead log; a restore never replaces a store without force,
// nor one a writer holds.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>

#include "store/internal/db_access.h"
#include "store/test_util.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/hashset_store.h"
#include "vigil/store_admin.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::StartProcess;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

constexpr char kMd5[] = "0123456789abcdef0123456789abcdef";

// Every key and value of every column family, read through a read-only
// handle.
std::map<std::string, std::map<std::string, std::string>> Contents(
    const std::string& dir) {
  StoreOptions ro;
  ro.read_only = true;
  auto store = HashsetStore::Open(dir, ro);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  std::map<std::string, std::map<std::string, std::string>> out;
  if (!store.ok()) return out;
  for (const char* cf : {"default", "hashsets", "entries", "packed",
                         "changelog", "events", "tokens"}) {
    auto* handle = internal::StoreColumnFamily(**store, cf);
    if (handle == nullptr) continue;
    std::unique_ptr<rocksdb::Iterator> it(
        internal::StoreDb(**store)->NewIterator(rocksdb::ReadOptions(),
                                                handle));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      out[cf][it->key().ToString()] = it->value().ToString();
    }
    EXPECT_TRUE(it->status().ok());
  }
  return out;
}

// A line of the child's stdout, read from the file it writes to.
bool WaitForLine(const std::string& path, const std::string& line) {
  for (int i = 0; i < 500; ++i) {
    if (testing::ReadFileOrEmpty(path).find(line + "\n") != std::string::npos) {
      return true;
    }
    ::usleep(20 * 1000);
  }
  return false;
}

class StoreBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VIGIL_ASSERT_OK_AND_ASSIGN(auto store, HashsetStore::Open(db_, {}));
    HashsetConfig c;
    c.name = "known";
    c.signal_types = {SignalType::kPdq, SignalType::kMd5};
    ASSERT_TRUE(store->CreateHashset(c, {}).ok());
    ASSERT_TRUE(
        store->ImportText("known", testing::PdqLines(5000, 4), {}).ok());
  }

  TempDir tmp_;
  std::string db_ = tmp_.path() + "/db";
  std::string backups_ = tmp_.path() + "/backups";
};

TEST_F(StoreBackupTest, BackupBesideAWriterRestoresTheSameContents) {
  // Another process holds the writer lock, and its last write is only in
  // the write-ahead log (not flushed).
  const std::string out = tmp_.path() + "/child.out";
  pid_t holder = StartProcess(
      {BinaryPath("vigil_store_child"), "add-hold", db_, "known", kMd5}, out,
      tmp_.path() + "/child.err");
  ASSERT_GT(holder, 0);
  ASSERT_TRUE(WaitForLine(out, "locked"))
      << testing::ReadFileOrEmpty(tmp_.path() + "/child.err");
  ASSERT_THAT(HashsetStore::Open(db_, {}),
              StatusIs(StatusCode::kUnavailable, HasSubstr("locked")));

  VIGIL_ASSERT_OK_AND_ASSIGN(BackupInfo info, BackupStore(db_, backups_));
  EXPECT_EQ(info.backup_id, 1u);
  EXPECT_GT(info.files, 0u);
  struct stat st;
  ASSERT_EQ(::stat(backups_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  const auto original = Contents(db_);
  ::kill(holder, SIGKILL);
  testing::WaitProcess(holder);

  const std::string restored = tmp_.path() + "/restored";
  VIGIL_ASSERT_OK_AND_ASSIGN(BackupInfo r,
                             RestoreStore(backups_, restored, {}));
  EXPECT_EQ(r.backup_id, 1u);
  EXPECT_EQ(Contents(restored), original);
  VIGIL_ASSERT_OK_AND_ASSIGN(auto store, HashsetStore::Open(restored, {}));
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h, store->GetHashset("known"));
  EXPECT_EQ(h.TotalEntries(), 5001u);  // the import and the logged add
  VIGIL_ASSERT_OK_AND_ASSIGN(Signal md5, ParseSignal(SignalType::kMd5, kMd5));
  VIGIL_EXPECT_OK(store->GetEntry(h.id, md5).status());
  VIGIL_ASSERT_OK_AND_ASSIGN(StoreVerifyReport v, VerifyStore(restored));
  EXPECT_TRUE(v.ok());
}

TEST_F(StoreBackupTest, RestoreNeverReplacesALiveStoreWithoutForce) {
  VIGIL_ASSERT_OK(BackupStore(db_, backups_).status());
  {
    VIGIL_ASSERT_OK_AND_ASSIGN(auto store, HashsetStore::Open(db_, {}));
    HashsetConfig c;
    c.name = "later";
    c.signal_types = {SignalType::kMd5};
    ASSERT_TRUE(store->CreateHashset(c, {}).ok());
  }
  EXPECT_THAT(RestoreStore(backups_, db_, {}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("--force")));
  {
    // Not even with force while a writer holds it.
    VIGIL_ASSERT_OK_AND_ASSIGN(auto writer, HashsetStore::Open(db_, {}));
    RestoreOptions force;
    force.force = true;
    EXPECT_THAT(RestoreStore(backups_, db_, force),
                StatusIs(StatusCode::kUnavailable, HasSubstr("locked")));
    EXPECT_TRUE(writer->GetHashset("later").ok());
  }
  RestoreOptions force;
  force.force = true;
  VIGIL_ASSERT_OK(RestoreStore(backups_, db_, force).status());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto store, HashsetStore::Open(db_, {}));
  EXPECT_TRUE(store->GetHashset("known").ok());
  EXPECT_FALSE(store->GetHashset("later").ok());  // back to the backup
  // Nothing is left beside the store.
  for (const auto& e : fs::directory_iterator(tmp_.path())) {
    EXPECT_EQ(e.path().filename().string().find("restore-tmp"),
              std::string::npos);
  }
  // A directory holding something else is never restored into.
  const std::string other = tmp_.path() + "/other";
  fs::create_directories(other);
  tmp_.WriteFile("other/notes.txt", "mine");
  EXPECT_THAT(
      RestoreStore(backups_, other, force),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("holds no store")));
  EXPECT_THAT(RestoreStore(tmp_.path() + "/nothing", tmp_.path() + "/x", {}),
              StatusIs(StatusCode::kNotFound, HasSubstr("no backups")));
}

}  // namespace
}  // namespace vigil
