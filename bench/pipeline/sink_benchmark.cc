// Copyright 2026 The Vigil Authors.
//
// What a blocked event sink costs a scan (issue #13, point 5: "a sink that
// blocks for 10 s does not slow a scan of 1,000 files by more than 5%").
// One store whose hash set lists 900 of 1,000 small generated BMP files by
// SHA-256. Every iteration scans the 1,000 files twice, in alternating
// order (ABBA), each time on a freshly opened engine over that store and
// under new content ids, so that every scan records 900 new events:
//
//   plain:   the engine has no sinks (events are still recorded)
//   blocked: the engine's only sink is blocked inside Deliver() from before
//            the scan starts until after it ends; its backlog (every event
//            of the run so far) waits in the outbox
//
// and reports, from the same run, ratio = blocked time / plain time
// (opening and closing the engines are not timed). VIGIL_BENCH_AA=1 runs
// the plain case on both sides: the A/A control, whose ratio shows the
// noise of the machine.
//
//   build/release/bench/pipeline/sink_benchmark --benchmark_repetitions=3
//
// The files are scanned from disk with 2 worker threads and the dedup cache
// off (the work of a scan, not the cache).

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "vigil/digest.h"
#include "vigil/engine.h"
#include "vigil/status_macros.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kFiles = 1000;
constexpr int kMatching = 900;

// A 24-bit BMP of a w x h picture unique to `seed` (0 <= seed < 65536).
std::vector<uint8_t> Bmp(int seed, int w = 64, int h = 64) {
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

// Blocks in Deliver() until Release().
class BlockedSink : public EventSink {
 public:
  std::string name() const override { return "blocked"; }
  Status Deliver(std::span<const TakedownEvent>) override {
    std::unique_lock<std::mutex> lock(mu_);
    entered_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_; });
    return UnavailableError("released");
  }
  void WaitEntered() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return entered_; });
  }
  bool blocked() {
    std::lock_guard<std::mutex> lock(mu_);
    return entered_ && !released_;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool entered_ = false;
  bool released_ = false;
};

struct Fixture {
  fs::path dir;
  std::vector<std::string> files;
  std::string error;
};

Status MakeStore(const std::string& db, const std::string& list) {
  EngineOptions options;
  options.db_dir = db;
  VIGIL_ASSIGN_OR_RETURN(auto engine, Engine::Open(options));
  HashsetConfig config;
  config.name = "bench";
  config.signal_types = {SignalType::kSha256, SignalType::kPdq};
  config.action = HashsetAction::kRemove;
  VIGIL_RETURN_IF_ERROR(
      engine->store().CreateHashset(config, {"bench", ""}).status());
  ImportOptions import;
  import.type = SignalType::kSha256;
  return engine->store().ImportText("bench", list, import).status();
}

const Fixture& GetFixture() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture();
    f->dir = fs::temp_directory_path() /
             ("vigil-sink-bench-" + std::to_string(getpid()));
    fs::remove_all(f->dir);
    fs::create_directories(f->dir / "files");
    std::string list;
    for (int i = 0; i < kFiles; ++i) {
      std::vector<uint8_t> bmp = Bmp(i);
      std::string path =
          (f->dir / "files" / ("f" + std::to_string(i) + ".bmp")).string();
      std::ofstream(path, std::ios::binary)
          .write(reinterpret_cast<const char*>(bmp.data()),
                 static_cast<std::streamsize>(bmp.size()));
      f->files.push_back(path);
      if (i < kMatching) {
        list += ComputeDigests(bmp).Hex(SignalType::kSha256) + "\n";
      }
    }
    Status s = MakeStore((f->dir / "db").string(), list);
    if (!s.ok()) f->error = s.ToString();
    return f;
  }();
  return *fixture;
}

// Scans every file once under content ids tagged with `round`; returns the
// wall time, or a negative value (and sets *error) on failure.
double ScanAll(Engine* engine, const std::vector<std::string>& files, int round,
               uint64_t* matched, std::string* error) {
  size_t next = 0;
  const Clock::time_point start = Clock::now();
  Status s = engine->ScanStream(
      [&](ScanInput* in) {
        if (next == files.size()) return false;
        in->path = files[next++];
        in->content.id = in->path + "#" + std::to_string(round);
        return true;
      },
      [&](ScanResult&& r) { *matched += r.status == ScanStatus::kMatch; });
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  if (!s.ok()) {
    *error = s.ToString();
    return -1;
  }
  return seconds;
}

// One timed scan of every file on a fresh engine over `db`: with a sink
// that is blocked before the scan starts and still blocked when it ends
// (*was_blocked), or without sinks. Opening and closing are not timed.
double TimedScan(const std::string& db, bool with_blocked_sink,
                 const std::vector<std::string>& files, int round,
                 uint64_t* matched, bool* was_blocked, uint64_t* backlog,
                 std::string* error) {
  EngineOptions options;
  options.db_dir = db;
  options.threads = 2;
  options.dedup_cache_entries = 0;
  auto sink = std::make_shared<BlockedSink>();
  if (with_blocked_sink) options.sinks = {sink};
  auto engine = Engine::Open(options);
  if (!engine.ok()) {
    *error = engine.status().ToString();
    return -1;
  }
  // The backlog of earlier rounds is pending: the deliverer is inside
  // Deliver() before the scan starts.
  if (with_blocked_sink) sink->WaitEntered();
  double t = ScanAll(engine->get(), files, round, matched, error);
  if (with_blocked_sink) {
    *was_blocked = *was_blocked && sink->blocked();
    *backlog = (*engine)->DeliveryStats()[0].pending;
    sink->Release();  // lets the engine close
  }
  return t;
}

void BM_BlockedSinkOverhead(benchmark::State& state) {
  const Fixture& f = GetFixture();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  // One store for both cases, so that they differ only by the sink. Content
  // ids are new in every round (also across repetitions), so that every
  // scan records 900 new events (a rescan under old ids records none).
  const std::string db = (f.dir / "db").string();
  const bool aa = std::getenv("VIGIL_BENCH_AA") != nullptr;  // A/A control
  static int round = 0;  // content-id tag, new for every scan
  uint64_t matched = 0, backlog = 0;
  bool was_blocked = true;
  std::string error;
  // Warm-up, and a backlog for the first blocked scan.
  if (TimedScan(db, false, f.files, ++round, &matched, &was_blocked, &backlog,
                &error) < 0) {
    state.SkipWithError(error.c_str());
    return;
  }
  double plain_s = 0, blocked_s = 0;
  matched = 0;
  bool plain_first = true;
  for (auto _ : state) {
    plain_first = !plain_first;  // ABBA
    for (int k = 0; k < 2; ++k) {
      const bool run_plain = (k == 0) == plain_first;
      double t = TimedScan(db, !run_plain && !aa, f.files, ++round, &matched,
                           &was_blocked, &backlog, &error);
      if (t < 0) {
        state.SkipWithError(error.c_str());
        return;
      }
      (run_plain ? plain_s : blocked_s) += t;
    }
  }
  state.counters["plain_ms_per_1000"] = 1000 * plain_s / state.iterations();
  state.counters["blocked_ms_per_1000"] = 1000 * blocked_s / state.iterations();
  state.counters["ratio"] = plain_s > 0 ? blocked_s / plain_s : 0;
  state.counters["matched_share"] =
      static_cast<double>(matched) / (2.0 * kFiles * state.iterations());
  state.counters["sink_was_blocked"] = was_blocked && !aa ? 1 : 0;
  state.counters["backlog_events"] = static_cast<double>(backlog);
}

BENCHMARK(BM_BlockedSinkOverhead)
    ->Iterations(10)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::error_code ec;
  std::filesystem::remove_all(vigil::GetFixture().dir, ec);
  return 0;
}
