// Copyright 2026 The Vigil Authors.
//
// Per-entry disable (engine/src/store/store_disable.cc): records, change
// log, errors, and what removal and deletion do to them. Matching is
// tested in tests/pipeline/matcher_update_test.cc.

#include <nlohmann/json.hpp>
#include <random>

#include "store/test_util.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/hashset_store.h"
#include "vigil/hex.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using ::vigil::testing::RandomSignal;
using ::vigil::testing::TempDir;
using json = nlohmann::json;

class StoreDisableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VIGIL_ASSERT_OK_AND_ASSIGN(store_,
                               HashsetStore::Open(dir_.path() + "/db", {}));
    HashsetConfig config;
    config.name = "cases";
    config.signal_types = {SignalType::kMd5, SignalType::kPdq,
                           SignalType::kVpdq};
    VIGIL_ASSERT_OK(store_->CreateHashset(config, {"t", ""}).status());
    pdq_ = RandomSignal(SignalType::kPdq, rng_);
    md5_ = RandomSignal(SignalType::kMd5, rng_);
    Signal both[] = {pdq_, md5_};
    VIGIL_ASSERT_OK(store_->AddEntry("cases", both, {}).status());
  }

  json LastRecord() {
    Result<std::vector<ChangeRecord>> log =
        store_->ReadLog(store_->LastChangeSeq() - 1, 0);
    EXPECT_TRUE(log.ok() && log->size() == 1);
    return json::parse(log->back().json);
  }

  TempDir dir_;
  std::mt19937_64 rng_{16};
  std::unique_ptr<HashsetStore> store_;
  Signal pdq_, md5_;
};

TEST_F(StoreDisableTest, DisableIsRecordedInStoreAndChangeLog) {
  EntryRef ref{"cases", SignalType::kPdq, pdq_.bytes};
  const int64_t until = 4102444800000;  // 2100-01-01
  VIGIL_ASSERT_OK_AND_ASSIGN(
      DisabledEntry d, store_->DisableEntry(ref, until, {"alice", "fp #12"}));
  EXPECT_EQ(d.hashset, "cases");
  EXPECT_EQ(d.until_ms, until);
  EXPECT_EQ(d.change_seq, store_->LastChangeSeq());
  EXPECT_TRUE(d.ActiveAt(until - 1));
  EXPECT_FALSE(d.ActiveAt(until));

  json r = LastRecord();
  EXPECT_EQ(r["op"], "disable_entry");
  EXPECT_EQ(r["actor"], "alice");
  EXPECT_EQ(r["reason"], "fp #12");
  EXPECT_EQ(r["until_ms"], until);
  EXPECT_EQ(r["until"], "2100-01-01T00:00:00.000Z");
  EXPECT_EQ(r["signals"][0]["type"], "pdq");
  EXPECT_EQ(r["signals"][0]["hash"], pdq_.ToHex());

  VIGIL_ASSERT_OK_AND_ASSIGN(
      std::optional<DisabledEntry> got,
      store_->GetDisabledEntry(1, SignalType::kPdq, pdq_.bytes));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->actor, "alice");
  EXPECT_EQ(got->reason, "fp #12");
  EXPECT_EQ(got->until_ms, until);
  VIGIL_ASSERT_OK_AND_ASSIGN(
      got, store_->GetDisabledEntry(1, SignalType::kMd5, md5_.bytes));
  EXPECT_FALSE(got.has_value());

  // Disabling again replaces time and reason (a new record).
  VIGIL_ASSERT_OK(store_->DisableEntry(ref, 0, {"bob", "for good"}).status());
  std::vector<DisabledEntry> all;
  VIGIL_ASSERT_OK(store_->ForEachDisabledEntry([&](const DisabledEntry& e) {
    all.push_back(e);
    return Status::OK();
  }));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].hashset, "cases");
  EXPECT_EQ(all[0].type, SignalType::kPdq);
  EXPECT_EQ(all[0].hash, pdq_.bytes);
  EXPECT_EQ(all[0].until_ms, 0);
  EXPECT_EQ(all[0].actor, "bob");
  EXPECT_FALSE(LastRecord().contains("until"));

  // The entry itself is untouched: still there, still exported.
  VIGIL_ASSERT_OK(store_->GetEntry(1, pdq_).status());
  EXPECT_EQ(store_->GetHashset("cases")->TotalEntries(), 2u);
}

TEST_F(StoreDisableTest, EnableClearsOnceAndIsANoOpOtherwise) {
  EntryRef ref{"cases", SignalType::kMd5, md5_.bytes};
  const uint64_t before = store_->LastChangeSeq();
  VIGIL_ASSERT_OK_AND_ASSIGN(bool cleared,
                             store_->EnableEntry(ref, {"a", "nothing"}));
  EXPECT_FALSE(cleared);
  EXPECT_EQ(store_->LastChangeSeq(), before);  // no record
  VIGIL_ASSERT_OK(store_->DisableEntry(ref, 0, {"a", "fp"}).status());
  VIGIL_ASSERT_OK_AND_ASSIGN(cleared,
                             store_->EnableEntry(ref, {"b", "appeal"}));
  EXPECT_TRUE(cleared);
  json r = LastRecord();
  EXPECT_EQ(r["op"], "enable_entry");
  EXPECT_EQ(r["actor"], "b");
  EXPECT_EQ(r["signals"][0]["hash"], md5_.ToHex());
  EXPECT_FALSE(
      store_->GetDisabledEntry(1, SignalType::kMd5, md5_.bytes)->has_value());
}

TEST_F(StoreDisableTest, ClearErrors) {
  std::vector<uint8_t> other = RandomSignal(SignalType::kMd5, rng_).bytes;
  EXPECT_THAT(
      store_->DisableEntry({"cases", SignalType::kMd5, other}, 0, {}).status(),
      ::vigil::testing::StatusIs(StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(
      store_->EnableEntry({"cases", SignalType::kMd5, other}, {}).status(),
      ::vigil::testing::StatusIs(StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(
      store_->DisableEntry({"nope", SignalType::kMd5, md5_.bytes}, 0, {})
          .status(),
      ::vigil::testing::StatusIs(StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(
      store_->DisableEntry({"cases", SignalType::kMd5, {1, 2}}, 0, {}).status(),
      ::vigil::testing::StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(
      store_->DisableEntry({"cases", SignalType::kMd5, md5_.bytes}, -5, {})
          .status(),
      ::vigil::testing::StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  store_.reset();
  StoreOptions ro;
  ro.read_only = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(auto reader,
                             HashsetStore::Open(dir_.path() + "/db", ro));
  EXPECT_THAT(
      reader->DisableEntry({"cases", SignalType::kMd5, md5_.bytes}, 0, {})
          .status(),
      ::vigil::testing::StatusIs(StatusCode::kFailedPrecondition,
                                 ::testing::_));
}

TEST_F(StoreDisableTest, VideoEntriesAreNamedByTheirSignalId) {
  std::vector<VpdqFrame> frames(3);
  for (int i = 0; i < 3; ++i) {
    frames[i].frame_number = i;
    frames[i].quality = 90;
    std::vector<uint8_t> h = RandomSignal(SignalType::kPdq, rng_).bytes;
    std::copy(h.begin(), h.end(), frames[i].hash.bytes.begin());
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(Signal video, EncodeVpdqSignal(frames));
  VIGIL_ASSERT_OK(store_->AddEntry("cases", {&video, 1}, {}).status());
  const auto id_bytes = VpdqSignalId(video.bytes);
  std::vector<uint8_t> id(id_bytes.begin(), id_bytes.end());
  VIGIL_ASSERT_OK(
      store_->DisableEntry({"cases", SignalType::kVpdq, id}, 0, {"a", "fp"})
          .status());
  EXPECT_EQ(LastRecord()["signals"][0]["id"], HexEncode(id));
  // The change replay names it by id, as removals do.
  std::vector<uint8_t> replayed;
  VIGIL_ASSERT_OK(store_->ForEachChange(
      store_->LastChangeSeq() - 1, 0,
      [](const ChangeDelta&) { return Status::OK(); },
      [&](const ChangeDelta& d, SignalType type,
          std::span<const uint8_t> values) {
        EXPECT_EQ(d.op, "disable_entry");
        EXPECT_EQ(type, SignalType::kVpdq);
        replayed.assign(values.begin(), values.end());
        return Status::OK();
      }));
  EXPECT_EQ(replayed, id);
}

TEST_F(StoreDisableTest, RemovalAndDeletionDropTheDisables) {
  VIGIL_ASSERT_OK(
      store_->DisableEntry({"cases", SignalType::kMd5, md5_.bytes}, 0, {})
          .status());
  VIGIL_ASSERT_OK(
      store_->DisableEntry({"cases", SignalType::kPdq, pdq_.bytes}, 0, {})
          .status());
  RemoveSelector selector;
  selector.signal = md5_;
  VIGIL_ASSERT_OK(
      store_->RemoveEntries("cases", selector, {"a", "gone"}).status());
  VIGIL_ASSERT_OK(store_->AddEntry("cases", {&md5_, 1}, {}).status());
  EXPECT_FALSE(
      store_->GetDisabledEntry(1, SignalType::kMd5, md5_.bytes)->has_value());
  EXPECT_TRUE(
      store_->GetDisabledEntry(1, SignalType::kPdq, pdq_.bytes)->has_value());
  VIGIL_ASSERT_OK(store_->DeleteHashset("cases", {"a", "retired"}));
  EXPECT_FALSE(
      store_->GetDisabledEntry(1, SignalType::kPdq, pdq_.bytes)->has_value());
  size_t n = 0;
  VIGIL_ASSERT_OK(store_->ForEachDisabledEntry([&](const DisabledEntry&) {
    ++n;
    return Status::OK();
  }));
  EXPECT_EQ(n, 0u);
}

}  // namespace
}  // namespace vigil
