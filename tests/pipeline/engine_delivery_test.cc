// Copyright 2026 The Vigil Authors.
//
// The engine's background delivery (issue #13, point 5): a scan never waits
// on a sink, and every event still reaches every sink, once and in order.
// The acceptance figure (a blocked sink costs a 1,000-file scan < 5%) comes
// from bench/pipeline/sink_benchmark.cc; this test asserts the mechanism,
// not a speed.

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "pipeline/scan_testing.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/digest.h"
#include "vigil/engine.h"

namespace vigil {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::vigil::testing::OpenEngine;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;
using Clock = std::chrono::steady_clock;

constexpr int kFiles = 1000;
constexpr int kMatching = 900;  // the first 900 inputs are listed
constexpr auto kBlock = std::chrono::seconds(10);

// A 24-bit BMP of a w x h picture unique to `seed` (0 <= seed < 65536).
std::vector<uint8_t> Bmp(int seed, int w = 32, int h = 32) {
  std::vector<uint8_t> rgb(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &rgb[(static_cast<size_t>(y) * w + x) * 3];
      p[0] = static_cast<uint8_t>(x * 7 + seed);
      p[1] = static_cast<uint8_t>(y * 5 + seed * 3);
      p[2] = static_cast<uint8_t>((x ^ y) + seed * 11);
    }
  }
  rgb[0] = static_cast<uint8_t>(seed);  // the pattern repeats every 256 seeds
  rgb[1] = static_cast<uint8_t>(seed >> 8);
  return testing::EncodeBmp(rgb, w, h, 24);
}

// Blocks in Deliver until released (or kBlock passes), then records.
class BlockingSink : public EventSink {
 public:
  std::string name() const override { return "blocking"; }
  Status Deliver(std::span<const TakedownEvent> events) override {
    std::unique_lock<std::mutex> lock(mu_);
    ++entered_;
    cv_.notify_all();
    cv_.wait_for(lock, kBlock, [&] { return released_; });
    for (const auto& e : events) got_.push_back(e.event_id);
    return Status::OK();
  }
  // Waits until a Deliver call is in progress (blocked).
  bool WaitBlocked() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(60),
                        [&] { return entered_ > 0; });
  }
  bool blocked_now() {
    std::lock_guard<std::mutex> lock(mu_);
    return entered_ > 0 && !released_;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  std::vector<std::string> got() {
    std::lock_guard<std::mutex> lock(mu_);
    return got_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int entered_ = 0;
  bool released_ = false;
  std::vector<std::string> got_;
};

// Records; fails while `down`.
class SwitchSink : public EventSink {
 public:
  explicit SwitchSink(bool down) : down_(down) {}
  std::string name() const override { return "switch"; }
  Status Deliver(std::span<const TakedownEvent> events) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (down_) return IOError("switched off");
    for (const auto& e : events) got_.push_back(e.event_id);
    return Status::OK();
  }
  std::vector<std::string> got() {
    std::lock_guard<std::mutex> lock(mu_);
    return got_;
  }

 private:
  std::mutex mu_;
  const bool down_;
  std::vector<std::string> got_;
};

class EngineDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/db";
    for (int i = 0; i < kFiles; ++i) inputs_.push_back(Bmp(i));
    auto engine = OpenEngine(db_);
    ASSERT_NE(engine, nullptr);
    HashsetConfig config;
    config.name = "known";
    config.signal_types = {SignalType::kSha256};
    config.action = HashsetAction::kRemove;
    VIGIL_ASSERT_OK(
        engine->store().CreateHashset(config, {"test", ""}).status());
    std::string list;
    for (int i = 0; i < kMatching; ++i) {
      list += ComputeDigests(inputs_[i]).Hex(SignalType::kSha256) + "\n";
    }
    ImportOptions import;
    import.type = SignalType::kSha256;
    VIGIL_ASSERT_OK(engine->store().ImportText("known", list, import).status());
  }

  // ScanStream over inputs [first, first + n); the recorded event ids in
  // input order.
  std::vector<std::string> Scan(Engine* engine, int first, int n) {
    int next = first;
    std::vector<std::string> ids;
    int matched = 0;
    Status s = engine->ScanStream(
        [&](ScanInput* in) {
          if (next == first + n) return false;
          in->bytes = inputs_[next];
          in->content.id = "upload-" + std::to_string(next++);
          return true;
        },
        [&](ScanResult&& r) {
          matched += r.status == ScanStatus::kMatch;
          ids.insert(ids.end(), r.event_ids.begin(), r.event_ids.end());
        });
    EXPECT_TRUE(s.ok()) << s;
    return ids;
  }

  TempDir dir_;
  std::string db_;
  std::vector<std::vector<uint8_t>> inputs_;
};

// The acceptance test of issue #13 point 5, as a mechanism: while the only
// sink is blocked, a 1,000-file scan runs to completion; after the sink
// recovers every event arrives exactly once, in order.
TEST_F(EngineDeliveryTest, BlockedSinkDoesNotHoldTheScanAndGetsEverything) {
  auto sink = std::make_shared<BlockingSink>();
  EngineOptions options;
  options.sinks.push_back(sink);
  options.threads = 2;
  auto engine = OpenEngine(db_, options);
  ASSERT_NE(engine, nullptr);

  // One matching file first, so that the sink is blocked inside Deliver
  // for the whole of the big scan.
  std::vector<std::string> ids = Scan(engine.get(), 0, 1);
  ASSERT_EQ(ids.size(), 1u);
  ASSERT_TRUE(sink->WaitBlocked());

  const Clock::time_point start = Clock::now();
  std::vector<std::string> more = Scan(engine.get(), 1, kFiles - 1);
  const auto scan_time = Clock::now() - start;
  ids.insert(ids.end(), more.begin(), more.end());

  // The scan finished while the sink was still blocked ...
  EXPECT_TRUE(sink->blocked_now());
  EXPECT_LT(scan_time, kBlock);
  ASSERT_EQ(ids.size(), static_cast<size_t>(kMatching));
  // ... with every event recorded and waiting in the outbox.
  std::vector<SinkStats> stats = engine->DeliveryStats();
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].name, "blocking");
  EXPECT_EQ(stats[0].delivered, 0u);
  EXPECT_EQ(stats[0].pending, static_cast<uint64_t>(kMatching));
  EXPECT_THAT(engine->Drain(std::chrono::milliseconds(1)),
              StatusIs(StatusCode::kUnavailable,
                       HasSubstr("blocking: " + std::to_string(kMatching))));

  sink->Release();
  VIGIL_ASSERT_OK(engine->Drain(std::chrono::seconds(60)));
  // Every event exactly once, in record (= event id) order.
  EXPECT_THAT(sink->got(), ElementsAreArray(ids));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  stats = engine->DeliveryStats();
  EXPECT_EQ(stats[0].delivered, static_cast<uint64_t>(kMatching));
  EXPECT_EQ(stats[0].pending, 0u);
  VIGIL_ASSERT_OK_AND_ASSIGN(auto listed, engine->ListEvents("", 0));
  EXPECT_EQ(listed.size(), static_cast<size_t>(kMatching));
}

// Closing the engine with a sink down loses nothing: the next engine's
// deliverer starts from the sink's cursor.
TEST_F(EngineDeliveryTest, CloseWithASinkDownThenReopenDeliversTheBacklog) {
  std::vector<std::string> ids;
  {
    EngineOptions options;
    options.sinks.push_back(std::make_shared<SwitchSink>(/*down=*/true));
    options.delivery.backoff_min = std::chrono::milliseconds(1);
    options.delivery.backoff_max = std::chrono::milliseconds(2);
    auto engine = OpenEngine(db_, options);
    ASSERT_NE(engine, nullptr);
    ids = Scan(engine.get(), 0, 20);
    ASSERT_EQ(ids.size(), 20u);
    EXPECT_THAT(engine->DeliverPending(),
                StatusIs(StatusCode::kIOError, HasSubstr("switched off")));
    EXPECT_EQ(engine->DeliveryStats()[0].pending, 20u);
  }
  auto sink = std::make_shared<SwitchSink>(/*down=*/false);
  EngineOptions options;
  options.sinks.push_back(sink);
  auto engine = OpenEngine(db_, options);
  ASSERT_NE(engine, nullptr);
  VIGIL_ASSERT_OK(engine->Drain(std::chrono::seconds(60)));
  EXPECT_THAT(sink->got(), ElementsAreArray(ids));
}

TEST_F(EngineDeliveryTest, SinkSpecsAreOpenedByTheFactory) {
  const std::string path = dir_.path() + "/events.jsonl";
  EngineOptions options;
  options.sink_specs = {"jsonl:" + path};
  auto engine = OpenEngine(db_, options);
  ASSERT_NE(engine, nullptr);
  std::vector<std::string> ids = Scan(engine.get(), 0, 3);
  VIGIL_ASSERT_OK(engine->Drain(std::chrono::seconds(60)));
  std::string text = testing::ReadFileOrEmpty(path);
  for (const std::string& id : ids) EXPECT_THAT(text, HasSubstr(id));
  ASSERT_EQ(engine->DeliveryStats().size(), 1u);
  EXPECT_THAT(engine->DeliveryStats()[0].name, HasSubstr("jsonl:"));
  engine.reset();

  options.sink_specs = {"carrier-pigeon://loft"};
  options.db_dir = db_;
  EXPECT_THAT(Engine::Open(options).status(),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("event sink 'carrier-pigeon://loft'")));
}

}  // namespace
}  // namespace vigil
