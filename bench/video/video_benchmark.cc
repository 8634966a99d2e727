// Copyright 2026 The Vigil Authors.
//
// vPDQ hashing throughput in video-seconds per CPU-second (one core: the
// decoder runs single-threaded on the calling thread), on the sample videos
// of $VIGIL_CONFORMANCE_DIR/vpdq/videos, held in memory (upload path).
//
// Rows per video, all in the same run:
//   EveryFrame        baseline: decode and hash every frame (what the
//                     reference tool does by default, -r 0)
//   OneFpsDecodeAll   1 frame per second, every frame decoded (the
//                     reference's -r 1: it decodes all frames and hashes
//                     every frame_rate-th)
//   OneFpsSkip        1 frame per second, unsampled frames skipped
//                     (AVDISCARD_NONREF + dropping the tail of each GOP);
//                     bit-identical hashes to OneFpsDecodeAll
//   OneFpsSkipBars    as OneFpsSkip, plus letterbox detection and removal
//   OneFpsFast        as OneFpsSkip, plus no deblocking of the unsampled
//                     reference frames (fast_reference_decode: not exact)
// Run:
//   VIGIL_CONFORMANCE_DIR=... build/release/bench/video/video_benchmark
//       --benchmark_counters_tabular=true  (one line)
// Without VIGIL_CONFORMANCE_DIR the benchmark registers nothing.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "vigil/video.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

std::vector<uint8_t> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void HashLoop(benchmark::State& state, const std::vector<uint8_t>& bytes,
              VideoDecodeOptions options) {
  double seconds = 0;
  int64_t frames = 0;
  int64_t decoded = 0;
  for (auto _ : state) {
    Result<VideoHash> h = HashVideo(bytes, options);
    if (!h.ok()) {
      state.SkipWithError(h.status().ToString().c_str());
      return;
    }
    seconds = h->info.duration_seconds;
    frames = static_cast<int64_t>(h->frames.size());
    decoded = h->decoded_frames;
    benchmark::DoNotOptimize(h->frames.data());
  }
  state.counters["video_s_per_s"] =
      benchmark::Counter(seconds * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["hashed"] = static_cast<double>(frames);
  state.counters["decoded"] = static_cast<double>(decoded);
}

void Register() {
  const char* dir = std::getenv("VIGIL_CONFORMANCE_DIR");
  if (dir == nullptr || *dir == '\0') return;
  for (const char* name :
       {"chair-19-sd-bar", "chair-22-sd-grey-bar", "pattern-sd-grey-bar",
        "pattern-hd-no-bar", "doorknob-hd-no-bar"}) {
    auto* bytes = new std::vector<uint8_t>(
        ReadAll(std::string(dir) + "/vpdq/videos/" + name + ".mp4"));
    if (bytes->empty()) continue;
    VideoDecodeOptions every;
    every.frames_per_second = 0;
    VideoDecodeOptions decode_all;
    decode_all.skip_unsampled_frames = false;
    VideoDecodeOptions skip;
    VideoDecodeOptions bars;
    bars.remove_bars = true;
    VideoDecodeOptions fast;
    fast.fast_reference_decode = true;
    const std::string n = name;
    benchmark::RegisterBenchmark(
        ("EveryFrame/" + n).c_str(),
        [bytes, every](benchmark::State& s) { HashLoop(s, *bytes, every); })
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("OneFpsDecodeAll/" + n).c_str(),
                                 [bytes, decode_all](benchmark::State& s) {
                                   HashLoop(s, *bytes, decode_all);
                                 })
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(
        ("OneFpsSkip/" + n).c_str(),
        [bytes, skip](benchmark::State& s) { HashLoop(s, *bytes, skip); })
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(
        ("OneFpsSkipBars/" + n).c_str(),
        [bytes, bars](benchmark::State& s) { HashLoop(s, *bytes, bars); })
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(
        ("OneFpsFast/" + n).c_str(),
        [bytes, fast](benchmark::State& s) { HashLoop(s, *bytes, fast); })
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  vigil::Register();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
