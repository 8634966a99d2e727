// Copyright 2026 The Vigil Authors.
//
// vPDQ hashing throughput in video-seconds per CPU-second (one core: the
// decoder runs single-threaded on the calling thread), on the sample videos
// of $VIGIL_CONFORMANCE_DIR/vpdq/videos, held in memory (upload path).
//
// Rows per video, all in the same run:
//   EveryFrame        decode and hash every frame (what the reference tool
//                     does by default, -r 0)
//   OneFpsDecodeAll   baseline: 1 frame per second on the reference's grid,
//                     every frame decoded (the reference's -r 1: it decodes
//                     all frames and hashes every frame_rate-th)
//   OneFpsSkip        ExactVideoDecodeOptions(): unsampled frames skipped
//                     (AVDISCARD_NONREF + dropping the tail of each GOP);
//                     bit-identical hashes to OneFpsDecodeAll
//   OneFpsDefault     VideoDecodeOptions{} (what `vigil scan` uses): as
//                     OneFpsSkip plus no deblocking of the unsampled
//                     reference frames (fast_reference_decode; not exact)
//   OneFpsDefaultBars as OneFpsDefault, plus letterbox detection and removal
//   OneFpsDefaultHalves as OneFpsDefault, plus the four half-frame hashes of
//                     each sampled frame (what scans do when a loaded set
//                     holds half-frame entries)
//   OneFpsKeyframe    opt-in VideoSampling::kNearestKeyframe (1 s): each
//                     point hashed from the nearest keyframe, decoded alone
// Drift of these settings: video_drift.cc, README.md.
// Run:
//   VIGIL_CONFORMANCE_DIR=... build/release/bench/video/video_benchmark
//       --benchmark_counters_tabular=true  (one line)
// Without VIGIL_CONFORMANCE_DIR the benchmark registers nothing.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
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

// Opening and closing a reader alone (container header, decoder set-up):
// the fixed cost per video.
void OpenLoop(benchmark::State& state, const std::vector<uint8_t>& bytes) {
  for (auto _ : state) {
    Result<std::unique_ptr<VideoReader>> r = OpenVideo(bytes);
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(r->get());
  }
}

void Register() {
  const char* dir = std::getenv("VIGIL_CONFORMANCE_DIR");
  if (dir == nullptr || *dir == '\0') return;
  for (const char* name :
       {"chair-19-sd-bar", "chair-20-sd-bar", "chair-22-sd-grey-bar",
        "chair-22-with-large-logo-bar", "chair-22-with-small-logo-bar",
        "chair-orig-22-sd-bar", "pattern-sd-grey-bar",
        "pattern-sd-with-large-logo-bar", "doorknob-hd-no-bar",
        "pattern-hd-no-bar", "pattern-longer-no-bar"}) {
    auto* bytes = new std::vector<uint8_t>(
        ReadAll(std::string(dir) + "/vpdq/videos/" + name + ".mp4"));
    if (bytes->empty()) continue;
    VideoDecodeOptions every;
    every.frames_per_second = 0;
    const VideoDecodeOptions skip = ExactVideoDecodeOptions();
    VideoDecodeOptions decode_all = skip;
    decode_all.skip_unsampled_frames = false;
    const VideoDecodeOptions defaults;
    VideoDecodeOptions defaults_bars;
    defaults_bars.remove_bars = true;
    VideoDecodeOptions defaults_halves;
    defaults_halves.half_frame_hashes = true;
    VideoDecodeOptions keyframe;
    keyframe.sampling = VideoSampling::kNearestKeyframe;
    const std::string n = name;
    benchmark::RegisterBenchmark(
        ("Open/" + n).c_str(),
        [bytes](benchmark::State& s) { OpenLoop(s, *bytes); })
        ->Unit(benchmark::kMicrosecond);
    for (const auto& [row, options] :
         {std::pair{"EveryFrame/", every},
          std::pair{"OneFpsDecodeAll/", decode_all},
          std::pair{"OneFpsSkip/", skip}, std::pair{"OneFpsDefault/", defaults},
          std::pair{"OneFpsDefaultBars/", defaults_bars},
          std::pair{"OneFpsDefaultHalves/", defaults_halves},
          std::pair{"OneFpsKeyframe/", keyframe}}) {
      benchmark::RegisterBenchmark((row + n).c_str(), [bytes, o = options](
                                                          benchmark::State& s) {
        HashLoop(s, *bytes, o);
      })->Unit(benchmark::kMillisecond);
    }
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
