// Copyright 2026 The Vigil Authors.
//
// Background delivery: deliverers read the outbox from each sink's cursor,
// back off and retry after failures, and resume from the cursor after a
// restart. No assertion here depends on how fast anything runs: waits are
// bounded only to turn a hang into a failure.

#include "events/internal/delivery.h"
#include "events/event_testing.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"

namespace vigil::internal {
namespace {

using std::chrono::milliseconds;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

constexpr milliseconds kLongEnough{60000};  // only reached when broken

// Records what it accepts; fails the first `fail_first` calls, every call
// while `down`, and every call after `ok_limit` accepted ones.
class FlakySink : public EventSink {
 public:
  explicit FlakySink(std::string name, int fail_first = 0, int ok_limit = -1)
      : name_(std::move(name)), fail_first_(fail_first), ok_limit_(ok_limit) {}
  std::string name() const override { return name_; }
  Status Deliver(std::span<const TakedownEvent> events) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    if (down || calls_ <= fail_first_ || ok_calls_ == ok_limit_) {
      return IOError("sink down");
    }
    ++ok_calls_;
    for (const auto& e : events) got_.push_back(e.event_id);
    return Status::OK();
  }
  std::vector<std::string> got() const {
    std::lock_guard<std::mutex> lock(mu_);
    return got_;
  }
  int calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  std::atomic<bool> down{false};

 private:
  const std::string name_;
  const int fail_first_;
  const int ok_limit_;
  mutable std::mutex mu_;
  int calls_ = 0;
  int ok_calls_ = 0;
  std::vector<std::string> got_;
};

// Polls `done` until it holds; false only after kLongEnough (broken).
template <typename F>
bool WaitFor(F done) {
  const auto give_up = std::chrono::steady_clock::now() + kLongEnough;
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return true;
}

TakedownEvent Event(const std::string& content) {
  return testing::TestEvent(content, HashsetAction::kReport);
}

class DeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    outbox_.reset();
    store_.reset();
    auto store = HashsetStore::Open(dir_.path() + "/db", {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    auto outbox = Outbox::Open(*store_);
    ASSERT_TRUE(outbox.ok()) << outbox.status();
    outbox_ = std::move(*outbox);
  }
  // Appends events for content prefix+0 .. prefix+(n-1); returns their ids.
  std::vector<std::string> Append(const std::string& prefix, int n) {
    std::vector<TakedownEvent> events;
    for (int i = 0; i < n; ++i)
      events.push_back(Event(prefix + std::to_string(i)));
    EXPECT_TRUE(outbox_->Append(&events).ok());
    std::vector<std::string> ids;
    for (auto& e : events) ids.push_back(e.event_id);
    return ids;
  }
  std::unique_ptr<Delivery> Start(std::vector<std::shared_ptr<EventSink>> sinks,
                                  DeliveryOptions options = {}) {
    auto d = Delivery::Start(outbox_.get(), std::move(sinks), options);
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? std::move(*d) : nullptr;
  }
  static std::vector<std::string> Concat(std::vector<std::string> a,
                                         const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  }

  TempDir dir_;
  std::unique_ptr<HashsetStore> store_;
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(DeliveryTest, DeliversBacklogAndNewEventsInOrderToEverySink) {
  auto backlog = Append("old-", 5);
  auto a = std::make_shared<FlakySink>("a");
  auto b = std::make_shared<FlakySink>("b");
  DeliveryOptions options;
  options.batch = 2;  // several batches
  auto delivery = Start({a, b}, options);
  ASSERT_NE(delivery, nullptr);
  auto fresh = Append("new-", 7);
  delivery->Notify();
  VIGIL_ASSERT_OK(delivery->Drain(kLongEnough));
  auto all = Concat(backlog, fresh);
  EXPECT_THAT(a->got(), ElementsAreArray(all));
  EXPECT_THAT(b->got(), ElementsAreArray(all));
  auto stats = delivery->Stats();
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].name, "a");
  EXPECT_EQ(stats[0].delivered, 12u);
  EXPECT_EQ(stats[0].pending, 0u);
  EXPECT_EQ(stats[0].failures, 0u);
  EXPECT_TRUE(stats[0].last_error.ok());
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string cursor, outbox_->Cursor("b"));
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string last, EventIdKey(all.back()));
  EXPECT_EQ(cursor, last);
}

TEST_F(DeliveryTest, FailingSinkBacksOffRetriesAndGetsEveryEventOnce) {
  auto sink = std::make_shared<FlakySink>("flaky", /*fail_first=*/4);
  DeliveryOptions options;
  options.backoff_min = milliseconds(1);
  options.backoff_max = milliseconds(8);
  auto delivery = Start({sink}, options);
  ASSERT_NE(delivery, nullptr);
  auto ids = Append("e-", 10);
  delivery->Notify();
  VIGIL_ASSERT_OK(delivery->Drain(kLongEnough));
  EXPECT_THAT(sink->got(), ElementsAreArray(ids));
  auto stats = delivery->Stats();
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_GE(stats[0].failures, 4u);
  EXPECT_EQ(stats[0].consecutive_failures, 0u);
  EXPECT_THAT(stats[0].last_error,
              StatusIs(StatusCode::kIOError, HasSubstr("sink down")));
  EXPECT_EQ(stats[0].next_retry_unix_ms, 0);
  EXPECT_EQ(stats[0].delivered, 10u);
}

TEST_F(DeliveryTest, BackoffStaysWithinItsBoundsAndDrainEndsIt) {
  auto sink = std::make_shared<FlakySink>("down");
  sink->down = true;
  DeliveryOptions options;
  options.backoff_min = milliseconds(20000);  // the first wait: 10-20 s
  options.backoff_max = milliseconds(40000);
  auto delivery = Start({sink}, options);
  ASSERT_NE(delivery, nullptr);
  const int64_t before = UnixMillisNow();
  auto ids = Append("e-", 3);
  delivery->Notify();
  // The first attempt fails; the deliverer then waits in [d/2, d].
  SinkStats s;
  const auto give_up = std::chrono::steady_clock::now() + kLongEnough;
  do {
    s = delivery->Stats()[0];
  } while (s.next_retry_unix_ms == 0 &&
           std::chrono::steady_clock::now() < give_up);
  const int64_t after = UnixMillisNow();
  EXPECT_EQ(s.failures, 1u);
  EXPECT_EQ(s.pending, 3u);
  EXPECT_GE(s.next_retry_unix_ms, before + 10000);
  EXPECT_LE(s.next_retry_unix_ms, after + 20000);
  // A drain that times out says how much is left and why.
  EXPECT_THAT(delivery->Drain(milliseconds(1)),
              StatusIs(StatusCode::kUnavailable,
                       AllOf(HasSubstr("3 events not yet delivered"),
                             HasSubstr("down: 3"), HasSubstr("sink down"))));
  // That drain asked for a retry now (it failed again: 2 failures) rather
  // than waiting out the backoff.
  sink->down = false;
  VIGIL_ASSERT_OK(delivery->Drain(kLongEnough));
  EXPECT_THAT(sink->got(), ElementsAreArray(ids));
  EXPECT_GE(delivery->Stats()[0].failures, 1u);
}

TEST_F(DeliveryTest, DeliverPendingReturnsTheSinkError) {
  auto sink = std::make_shared<FlakySink>("down");
  sink->down = true;
  auto delivery = Start({sink});
  ASSERT_NE(delivery, nullptr);
  Append("e-", 2);
  delivery->Notify();
  EXPECT_THAT(delivery->DeliverPending(),
              StatusIs(StatusCode::kIOError, HasSubstr("sink down")));
  sink->down = false;
  VIGIL_EXPECT_OK(delivery->DeliverPending());
  EXPECT_EQ(sink->got().size(), 2u);
}

TEST_F(DeliveryTest, RestartResumesFromTheCursor) {
  auto ids = Append("e-", 6);
  DeliveryOptions options;
  options.batch = 2;
  {
    // Accepts the first batch, then is down when the delivery stops.
    auto sink = std::make_shared<FlakySink>("s", 0, /*ok_limit=*/1);
    auto delivery = Start({sink}, options);
    ASSERT_NE(delivery, nullptr);
    EXPECT_THAT(delivery->DeliverPending(), StatusIs(StatusCode::kIOError, _));
    EXPECT_THAT(sink->got(), ElementsAreArray(std::vector<std::string>(
                                 ids.begin(), ids.begin() + 2)));
  }          // stopped; whatever was accepted has its cursor saved
  Reopen();  // as after a restart
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string cursor, outbox_->Cursor("s"));
  ASSERT_FALSE(cursor.empty());
  auto again = std::make_shared<FlakySink>("s");
  auto delivery = Start({again}, options);
  ASSERT_NE(delivery, nullptr);
  VIGIL_ASSERT_OK(delivery->Drain(kLongEnough));
  // Exactly the events after the cursor, in order.
  std::vector<std::string> rest;
  for (const auto& id : ids) {
    if (*EventIdKey(id) > cursor) rest.push_back(id);
  }
  EXPECT_LT(rest.size(), ids.size());
  EXPECT_THAT(again->got(), ElementsAreArray(rest));
  EXPECT_EQ(delivery->Stats()[0].delivered, rest.size());
}

TEST_F(DeliveryTest, TwoSinksOfOneNameAreRefused) {
  auto d = Delivery::Start(
      outbox_.get(),
      {std::make_shared<FlakySink>("x"), std::make_shared<FlakySink>("x")}, {});
  EXPECT_THAT(d.status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("'x'")));
  EXPECT_THAT(Delivery::Start(outbox_.get(), {nullptr}, {}).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("null")));
}

// Reports through Offer: accepts `accept` events of each batch, then fails
// with the given outcome fields.
class OfferSink : public EventSink {
 public:
  std::string name() const override { return "offer"; }
  Status Deliver(std::span<const TakedownEvent>) override {
    return InternalError("not called");
  }
  Status Offer(std::span<const TakedownEvent> events,
               SinkOutcome* outcome) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls;
    size_t n = std::min(accept, events.size());
    for (size_t i = 0; i < n; ++i) got.push_back(events[i].event_id);
    outcome->accepted = n;
    if (n == events.size()) return Status::OK();
    outcome->dead_letter = dead_letter;
    outcome->retry_after = retry_after;
    outcome->disabled = disabled;
    return UnavailableError("refused");
  }
  std::mutex mu_;
  size_t accept = 0;
  bool dead_letter = false;
  milliseconds retry_after{0};
  bool disabled = false;
  int calls = 0;
  std::vector<std::string> got;
};

TEST_F(DeliveryTest, OfferMovesTheCursorPastAnAcceptedPrefixAndDeadLetters) {
  auto ids = Append("e-", 4);
  auto sink = std::make_shared<OfferSink>();
  sink->accept = 1;
  sink->dead_letter = true;  // every refused event: given up at once
  SinkOutcome outcome;
  size_t n = 0;
  // First batch: one accepted, the next dead-lettered, in one write.
  EXPECT_THAT(outbox_->DeliverBatch(sink.get(), 10, &n, &outcome),
              StatusIs(StatusCode::kUnavailable, HasSubstr("refused")));
  EXPECT_EQ(n, 1u);
  EXPECT_TRUE(outcome.dead_letter);
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string cursor, outbox_->Cursor("offer"));
  EXPECT_EQ(cursor, *EventIdKey(ids[1]));
  std::vector<StoredEvent> stored;
  VIGIL_ASSERT_OK(outbox_->Scan("", 0, [&](const StoredEvent& e) {
    stored.push_back(e);
    return Status::OK();
  }));
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_TRUE(stored[0].dead_letters.empty());
  ASSERT_EQ(stored[1].dead_letters.size(), 1u);
  EXPECT_EQ(stored[1].dead_letters[0].sink, "offer");
  EXPECT_THAT(stored[1].dead_letters[0].error, HasSubstr("refused"));
  // Through a deliverer: the rest the same way; nothing stays pending.
  auto delivery = Start({sink});
  ASSERT_NE(delivery, nullptr);
  VIGIL_ASSERT_OK(delivery->Drain(kLongEnough));
  {
    std::lock_guard<std::mutex> lock(sink->mu_);
    EXPECT_EQ(sink->got, (std::vector<std::string>{ids[0], ids[2]}));
  }
  SinkStats s = delivery->Stats()[0];
  EXPECT_EQ(s.delivered, 1u);
  EXPECT_EQ(s.dead_lettered, 1u);
  EXPECT_EQ(s.pending, 0u);
  // Without a dead letter, a refused event stays pending.
  {
    std::lock_guard<std::mutex> lock(sink->mu_);
    sink->dead_letter = false;
    sink->accept = 0;
  }
  Append("f-", 1);
  delivery->Notify();
  EXPECT_THAT(delivery->Drain(milliseconds(200)),
              StatusIs(StatusCode::kUnavailable, HasSubstr("1 events")));
}

TEST_F(DeliveryTest, RetryAfterIsAMinimumAndDisabledStops) {
  auto sink = std::make_shared<OfferSink>();
  sink->retry_after = milliseconds(30000);
  DeliveryOptions options;
  options.backoff_min = milliseconds(1);
  options.backoff_max = milliseconds(2);
  auto delivery = Start({sink}, options);
  ASSERT_NE(delivery, nullptr);
  const int64_t before = UnixMillisNow();
  Append("e-", 2);
  delivery->Notify();
  SinkStats s;
  const auto give_up = std::chrono::steady_clock::now() + kLongEnough;
  do {
    s = delivery->Stats()[0];
  } while (s.next_retry_unix_ms == 0 &&
           std::chrono::steady_clock::now() < give_up);
  // The backoff alone would be <= 2 ms; the sink asked for 30 s.
  EXPECT_GE(s.next_retry_unix_ms, before + 30000);
  EXPECT_EQ(s.failures, 1u);
  // A disabled sink: no more calls, not even when a drain asks.
  {
    std::lock_guard<std::mutex> lock(sink->mu_);
    sink->disabled = true;
  }
  EXPECT_FALSE(delivery->Drain(kLongEnough).ok());
  s = delivery->Stats()[0];
  EXPECT_TRUE(s.disabled);
  EXPECT_EQ(s.pending, 2u);
  auto calls = [&] {
    std::lock_guard<std::mutex> lock(sink->mu_);
    return sink->calls;
  };
  const int before_drain = calls();
  EXPECT_THAT(delivery->Drain(milliseconds(100)),
              StatusIs(StatusCode::kUnavailable, HasSubstr("disabled")));
  EXPECT_EQ(calls(), before_drain);
}

TEST_F(DeliveryTest, LingersUnderLoadUntilABatchIsFullOrADrain) {
  auto sink = std::make_shared<FlakySink>("s");
  DeliveryOptions options;
  options.batch = 5;
  options.linger = kLongEnough;  // only a full batch or a drain ends it
  auto delivery = Start({sink}, options);
  ASSERT_NE(delivery, nullptr);
  // After a quiet spell the first event goes at once.
  auto ids = Append("first-", 1);
  delivery->Notify();
  ASSERT_TRUE(WaitFor([&] { return sink->got().size() == 1; }));
  // Then events one at a time, as a scan records them: full batches only.
  for (int i = 0; i < 10; ++i) {
    ids = Concat(ids, Append("busy-" + std::to_string(i) + "-", 1));
    delivery->Notify();
  }
  ASSERT_TRUE(WaitFor([&] { return sink->got().size() == 11; }));
  EXPECT_EQ(sink->calls(), 3);
  // Less than a batch waits for the linger (60 s here) ...
  auto rest = Append("rest-", 3);
  delivery->Notify();
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_EQ(sink->got().size(), 11u);
  EXPECT_EQ(delivery->Stats()[0].pending, 3u);
  // ... unless someone drains: then at once, in one batch.
  VIGIL_ASSERT_OK(delivery->Drain(kLongEnough));
  EXPECT_THAT(sink->got(), ElementsAreArray(Concat(ids, rest)));
  EXPECT_EQ(sink->calls(), 4);
}

TEST_F(DeliveryTest, ARetryWaitsForItsBackoffNotTheLinger) {
  auto sink = std::make_shared<OfferSink>();
  sink->accept = 100;
  DeliveryOptions options;
  options.batch = 2;
  options.linger = kLongEnough;
  options.backoff_min = milliseconds(1);
  options.backoff_max = milliseconds(2);
  auto delivery = Start({sink}, options);
  ASSERT_NE(delivery, nullptr);
  auto got = [&] {
    std::lock_guard<std::mutex> lock(sink->mu_);
    return sink->got.size();
  };
  Append("a-", 2);
  delivery->Notify();
  ASSERT_TRUE(WaitFor([&] { return got() == 2; }));
  // A full batch of which the sink takes one event and fails: the other
  // (less than a batch) is retried after the backoff, with no drain.
  {
    std::lock_guard<std::mutex> lock(sink->mu_);
    sink->accept = 1;
  }
  Append("b-", 2);
  delivery->Notify();
  ASSERT_TRUE(WaitFor([&] { return got() == 4; }));
  ASSERT_TRUE(WaitFor([&] { return delivery->Stats()[0].pending == 0; }));
  EXPECT_EQ(delivery->Stats()[0].failures, 1u);
}

}  // namespace
}  // namespace vigil::internal
