// Copyright 2026 The Vigil Authors.
//
// The change-log replay (engine/src/store/store_changes.cc) over records
// of a damaged or tampered store: corrupt_input with a message, never an
// exception; the records the store writes replay as before.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <string>
#include <vector>

#include "store/internal/db_access.h"
#include "store/internal/keys.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/hashset_store.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

class StoreChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VIGIL_ASSERT_OK_AND_ASSIGN(store_, HashsetStore::Open(dir_.path(), {}));
    HashsetConfig c;
    c.name = "known";
    c.signal_types = {SignalType::kMd5};
    ASSERT_TRUE(store_->CreateHashset(c, {}).ok());
    ASSERT_TRUE(
        store_->ImportText("known", "d41d8cd98f00b204e9800998ecf8427e\n", {})
            .ok());
  }
  // Replaces change record `seq` with `json`.
  void Tamper(uint64_t seq, const std::string& json) {
    ASSERT_TRUE(
        internal::StoreDb(*store_)
            ->Put(rocksdb::WriteOptions(),
                  internal::StoreColumnFamily(*store_, internal::kChangelogCf),
                  internal::ChangelogKey(seq), json)
            .ok());
  }
  Status Replay() {
    return store_->ForEachChange(
        0, 0, [](const ChangeDelta&) { return Status::OK(); },
        [](const ChangeDelta&, SignalType, std::span<const uint8_t>) {
          return Status::OK();
        });
  }
  TempDir dir_;
  std::unique_ptr<HashsetStore> store_;
};

TEST_F(StoreChangesTest, RecordsTheStoreWroteReplay) {
  VIGIL_EXPECT_OK(Replay());
}

TEST_F(StoreChangesTest, MalformedRecordsAreCorruptInput) {
  const uint64_t seq = store_->LastChangeSeq();  // the import
  for (
      const char* bad : {
          R"({"seq":2,"op":"add","hashset_id":"one"})",
          R"({"seq":2,"op":"add","hashset_id":-1})",
          R"({"seq":2,"op":"add","hashset_id":1,"signals":"md5"})",
          R"({"seq":2,"op":"add","hashset_id":1,"signals":[{"type":5}]})",
          R"({"seq":2,"op":"add","hashset_id":1,"signals":[{"type":"md5","hash":7}]})",
          R"({"seq":2,"op":"remove","hashset_id":1,"signals":[{"type":"nope"}]})",
          R"({"seq":2,"op":"import","hashset_id":1,"segments":"md5"})",
          R"({"seq":2,"op":"import","hashset_id":1,"segments":{"nope":[0,1]}})",
          R"({"seq":2,"op":"import","hashset_id":1,"segments":{"md5":[0,4294967296]}})",
      }) {
    SCOPED_TRACE(bad);
    Tamper(seq, bad);
    EXPECT_THAT(Replay(), StatusIs(StatusCode::kCorruptInput,
                                   HasSubstr("change record")));
  }
}

}  // namespace
}  // namespace vigil
