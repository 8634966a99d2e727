// Copyright 2026 The Vigil Authors.
//
// Bank content ids (engine/src/store/bank_content.cc): sequential ids,
// shared signals, removal, disable_until_ts and the entries it disables,
// reopening the store.

#include "vigil/bank_content.h"

#include <random>

#include "store/test_util.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/hashset_store.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::vigil::testing::RandomSignal;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

class BankContentTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    store_.reset();
    VIGIL_ASSERT_OK_AND_ASSIGN(store_,
                               HashsetStore::Open(dir_.path() + "/db", {}));
    if (!store_->GetHashset("BANK_A").ok()) {
      for (const char* name : {"BANK_A", "BANK_B"}) {
        HashsetConfig config;
        config.name = name;
        config.signal_types = {SignalType::kMd5, SignalType::kPdq};
        VIGIL_ASSERT_OK(store_->CreateHashset(config, {"t", ""}).status());
      }
    }
  }

  uint32_t SetId(const char* name) { return store_->GetHashset(name)->id; }

  TempDir dir_;
  std::mt19937_64 rng_{15};
  std::unique_ptr<HashsetStore> store_;
};

TEST_F(BankContentTest, IdsAreSequentialAndNameTheirSignals) {
  const Signal pdq = RandomSignal(SignalType::kPdq, rng_);
  const Signal md5 = RandomSignal(SignalType::kMd5, rng_);
  const Signal both[] = {pdq, md5};
  EntryInfo info;
  info.actor = "ops";
  VIGIL_ASSERT_OK_AND_ASSIGN(BankContentAdd a,
                             AddBankContent(*store_, "BANK_A", both, info));
  EXPECT_EQ(a.id, 1u);
  EXPECT_EQ(a.result.added, 2u);
  VIGIL_ASSERT_OK_AND_ASSIGN(
      BankContentAdd b, AddBankContent(*store_, "BANK_B", {&md5, 1}, info));
  EXPECT_EQ(b.id, 2u);

  VIGIL_ASSERT_OK_AND_ASSIGN(BankContent c, GetBankContent(*store_, 1));
  EXPECT_EQ(c.hashset_id, SetId("BANK_A"));
  EXPECT_EQ(c.actor, "ops");
  EXPECT_EQ(c.disable_until_ts, kBankContentEnabled);
  ASSERT_EQ(c.signals.size(), 2u);
  EXPECT_EQ(c.signals[0].bytes, pdq.bytes);
  EXPECT_THAT(*BankContentIds(*store_, SetId("BANK_A"), md5), ElementsAre(1));
  EXPECT_THAT(*BankContentIds(*store_, SetId("BANK_B"), md5), ElementsAre(2));

  // Ids survive a reopen and are never reused.
  Open();
  VIGIL_ASSERT_OK_AND_ASSIGN(BankContentAdd d,
                             AddBankContent(*store_, "BANK_A", {&pdq, 1}, {}));
  EXPECT_EQ(d.id, 3u);
  EXPECT_EQ(d.result.added, 0u);  // the entry existed: only named again
  EXPECT_THAT(*BankContentIds(*store_, SetId("BANK_A"), pdq),
              ElementsAre(1, 3));

  EXPECT_THAT(AddBankContent(*store_, "NOPE", {&pdq, 1}, {}).status(),
              StatusIs(StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(GetBankContent(*store_, 99).status(),
              StatusIs(StatusCode::kNotFound, ::testing::_));
}

TEST_F(BankContentTest, RemovalKeepsSignalsAnotherContentNames) {
  const Signal pdq = RandomSignal(SignalType::kPdq, rng_);
  const Signal md5 = RandomSignal(SignalType::kMd5, rng_);
  const Signal both[] = {pdq, md5};
  ASSERT_TRUE(AddBankContent(*store_, "BANK_A", both, {}).ok());       // 1
  ASSERT_TRUE(AddBankContent(*store_, "BANK_A", {&pdq, 1}, {}).ok());  // 2
  const ChangeInfo why{"ops", "false positive"};
  // Not a content of BANK_B: nothing deleted.
  EXPECT_EQ(*RemoveBankContent(*store_, "BANK_B", 1, why), 0u);
  EXPECT_EQ(*RemoveBankContent(*store_, "BANK_A", 1, why), 1u);
  EXPECT_EQ(*RemoveBankContent(*store_, "BANK_A", 1, why), 0u);
  // md5 was named by content 1 only; pdq by content 2 too.
  EXPECT_FALSE(store_->GetEntry(SetId("BANK_A"), md5).ok());
  EXPECT_TRUE(store_->GetEntry(SetId("BANK_A"), pdq).ok());
  EXPECT_THAT(*BankContentIds(*store_, SetId("BANK_A"), pdq), ElementsAre(2));
  EXPECT_EQ(*RemoveBankContent(*store_, "BANK_A", 2, why), 1u);
  EXPECT_FALSE(store_->GetEntry(SetId("BANK_A"), pdq).ok());
  EXPECT_THAT(*BankContentIds(*store_, SetId("BANK_A"), pdq), IsEmpty());
  EXPECT_THAT(RemoveBankContent(*store_, "BANK_A", 2, {"ops", ""}).status(),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
}

TEST_F(BankContentTest, ContentWhoseEntriesAreGoneIsNotFound) {
  const Signal md5 = RandomSignal(SignalType::kMd5, rng_);
  ASSERT_TRUE(AddBankContent(*store_, "BANK_A", {&md5, 1}, {}).ok());
  RemoveSelector selector;
  selector.signal = md5;
  ASSERT_TRUE(store_->RemoveEntries("BANK_A", selector, {"ops", "x"}).ok());
  EXPECT_THAT(GetBankContent(*store_, 1).status(),
              StatusIs(StatusCode::kNotFound, ::testing::_));
  // A deleted set takes its content with it.
  ASSERT_TRUE(AddBankContent(*store_, "BANK_B", {&md5, 1}, {}).ok());  // 2
  VIGIL_ASSERT_OK(store_->DeleteHashset("BANK_B", {"ops", "gone"}));
  EXPECT_THAT(GetBankContent(*store_, 2).status(),
              StatusIs(StatusCode::kNotFound, ::testing::_));
}

TEST_F(BankContentTest, DisableUntilDisablesEntriesNotNamedByOthers) {
  const Signal pdq = RandomSignal(SignalType::kPdq, rng_);
  const Signal md5 = RandomSignal(SignalType::kMd5, rng_);
  const Signal both[] = {pdq, md5};
  ASSERT_TRUE(AddBankContent(*store_, "BANK_A", both, {}).ok());       // 1
  ASSERT_TRUE(AddBankContent(*store_, "BANK_A", {&pdq, 1}, {}).ok());  // 2
  const ChangeInfo why{"ops", "appeal"};
  const int64_t until = 4102444800;  // 2100-01-01, seconds
  VIGIL_ASSERT_OK(SetBankContentDisableUntil(*store_, 1, until, why));
  EXPECT_EQ(GetBankContent(*store_, 1)->disable_until_ts, until);
  EXPECT_FALSE(GetBankContent(*store_, 1)->EnabledAt(until - 1));
  EXPECT_TRUE(GetBankContent(*store_, 1)->EnabledAt(until));
  // md5 is disabled until then (ms); pdq stays: content 2 names it.
  auto d =
      store_->GetDisabledEntry(SetId("BANK_A"), SignalType::kMd5, md5.bytes);
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ((*d)->until_ms, until * 1000);
  EXPECT_FALSE(
      store_->GetDisabledEntry(SetId("BANK_A"), SignalType::kPdq, pdq.bytes)
          ->has_value());
  // 1 enables again; 0 disables for good.
  VIGIL_ASSERT_OK(
      SetBankContentDisableUntil(*store_, 1, kBankContentEnabled, why));
  EXPECT_FALSE(
      store_->GetDisabledEntry(SetId("BANK_A"), SignalType::kMd5, md5.bytes)
          ->has_value());
  VIGIL_ASSERT_OK(SetBankContentDisableUntil(*store_, 2, 0, why));
  VIGIL_ASSERT_OK(SetBankContentDisableUntil(*store_, 1, 0, why));
  auto pdq_off =
      store_->GetDisabledEntry(SetId("BANK_A"), SignalType::kPdq, pdq.bytes);
  ASSERT_TRUE(pdq_off.ok() && pdq_off->has_value());
  EXPECT_EQ((*pdq_off)->until_ms, 0);
  EXPECT_THAT(SetBankContentDisableUntil(*store_, 1, -5, why),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(SetBankContentDisableUntil(*store_, 42, 0, why),
              StatusIs(StatusCode::kNotFound, ::testing::_));
}

}  // namespace
}  // namespace vigil
