// Copyright 2026 The Vigil Authors.

#include "events/internal/outbox.h"
#include "events/event_testing.h"

#include <memory>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"

namespace vigil::internal {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

// A sink that records what it gets and can be told to fail.
class RecordingSink : public EventSink {
 public:
  explicit RecordingSink(std::string name) : name_(std::move(name)) {}
  std::string name() const override { return name_; }
  Status Deliver(std::span<const TakedownEvent> events) override {
    if (fail) return IOError("sink down");
    for (const auto& e : events) got.push_back(e.event_id);
    ++batches;
    return Status::OK();
  }
  bool fail = false;
  int batches = 0;
  std::vector<std::string> got;

 private:
  std::string name_;
};

std::vector<std::string> One(const std::string& id) { return {id}; }

TakedownEvent Event(const std::string& content) {
  return testing::TestEvent(content, HashsetAction::kReport);
}

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = HashsetStore::Open(dir_.path() + "/db", {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    auto outbox = Outbox::Open(*store_);
    ASSERT_TRUE(outbox.ok()) << outbox.status();
    outbox_ = std::move(*outbox);
  }
  std::vector<std::string> Append(std::vector<std::string> contents) {
    std::vector<TakedownEvent> events;
    for (auto& c : contents) events.push_back(Event(c));
    EXPECT_TRUE(outbox_->Append(&events).ok());
    std::vector<std::string> ids;
    for (auto& e : events) ids.push_back(e.event_id);
    return ids;
  }
  TempDir dir_;
  std::unique_ptr<HashsetStore> store_;
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(OutboxTest, AppendAssignsIncreasingIdsAndDedupesByKey) {
  auto first = Append({"a", "b", "a"});
  ASSERT_EQ(first.size(), 3u);
  EXPECT_LT(first[0], first[1]);
  EXPECT_EQ(first[2], first[0]) << "same key within a batch";
  auto again = Append({"b", "c"});
  EXPECT_EQ(again[0], first[1]) << "same key as recorded before";
  EXPECT_GT(again[1], first[1]);
  EXPECT_EQ(*outbox_->Count(), 3u);
}

TEST_F(OutboxTest, DeliverMovesCursorAndRetriesAfterFailure) {
  auto ids = Append({"a", "b", "c"});
  RecordingSink sink("s1");
  sink.fail = true;
  size_t n = 0;
  EXPECT_THAT(outbox_->Deliver(&sink, 2, &n),
              StatusIs(StatusCode::kIOError, "sink down"));
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(*outbox_->Cursor("s1"), "");
  sink.fail = false;
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 2, &n));
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(sink.got, ids);
  EXPECT_EQ(sink.batches, 2);
  // Nothing new: nothing delivered. New events: only those.
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 2, &n));
  EXPECT_EQ(n, 0u);
  auto more = Append({"d"});
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 2, &n));
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(sink.got.back(), more[0]);
  // Another sink starts from the beginning.
  RecordingSink other("s2");
  VIGIL_ASSERT_OK(outbox_->Deliver(&other, 100, &n));
  EXPECT_EQ(n, 4u);
}

TEST_F(OutboxTest, CursorSurvivesReopen) {
  Append({"a", "b"});
  RecordingSink sink("s");
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 10, nullptr));
  outbox_.reset();
  store_.reset();
  SetUp();
  auto later = Append({"c"});
  RecordingSink again("s");
  size_t n = 0;
  VIGIL_ASSERT_OK(outbox_->Deliver(&again, 10, &n));
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(again.got, later);
  // Ids keep increasing across a reopen.
  EXPECT_GT(later[0], sink.got.back());
}

TEST_F(OutboxTest, AckAndScan) {
  auto ids = Append({"a", "b"});
  size_t n = 0;
  VIGIL_ASSERT_OK(outbox_->Ack(One(ids[0]), "mod", &n));
  EXPECT_EQ(n, 1u);
  VIGIL_ASSERT_OK(outbox_->Ack(One(ids[0]), "mod", &n));
  EXPECT_EQ(n, 0u) << "already acked";
  EXPECT_THAT(
      outbox_->Ack(One("nonsense"), "mod", &n),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("not an event id")));
  EXPECT_THAT(
      outbox_->Ack(One("00000000-0000-7000-8000-000000000000"), "m", &n),
      StatusIs(StatusCode::kNotFound, _));
  std::vector<StoredEvent> seen;
  VIGIL_ASSERT_OK(outbox_->Scan("", 0, [&](const StoredEvent& e) {
    seen.push_back(e);
    return Status::OK();
  }));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_TRUE(seen[0].acked);
  EXPECT_EQ(seen[0].acked_by, "mod");
  EXPECT_FALSE(seen[1].acked);
  seen.clear();
  VIGIL_ASSERT_OK(outbox_->Scan(ids[0], 0, [&](const StoredEvent& e) {
    seen.push_back(e);
    return Status::OK();
  }));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].event.event_id, ids[1]);
}

TEST_F(OutboxTest, ReadOnlyStoreRefusesWrites) {
  Append({"a"});
  StoreOptions read_only;
  read_only.read_only = true;
  auto ro = HashsetStore::Open(dir_.path() + "/db", read_only);
  ASSERT_TRUE(ro.ok()) << ro.status();
  VIGIL_ASSERT_OK_AND_ASSIGN(auto outbox, Outbox::Open(**ro));
  std::vector<TakedownEvent> events = {Event("z")};
  EXPECT_THAT(outbox->Append(&events),
              StatusIs(StatusCode::kFailedPrecondition, _));
  EXPECT_EQ(*outbox->Count(), 1u);
}

}  // namespace
}  // namespace vigil::internal
