// Copyright 2026 The Vigil Authors.
//
// PDQ hashing of decoded pixel buffers: the fast path (the public API)
// against the reference-style scalar path (hash/internal/pdq_reference.h,
// the reference's own structure: full-size float buffers and four full
// box-filter passes), in the same run. Both produce bit-identical hashes
// (tests/hash/pdq_fast_test.cc); compare their times as ratios.
//
//   build/<dir>/bench/hash/vigil_hash_benchmark --benchmark_filter=Pdq
//
// Images are synthetic (smooth regions plus noise), 8-bit RGB or grey.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "hash/internal/pdq_core.h"
#include "hash/internal/pdq_fast.h"
#include "hash/internal/pdq_reference.h"
#include "vigil/pdq.h"

namespace vigil {
namespace {

std::vector<uint8_t> MakePixels(int width, int height, int channels) {
  std::mt19937 rng(static_cast<uint32_t>(width * 31 + height));
  std::vector<uint8_t> px(static_cast<size_t>(width) * height * channels);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < channels; ++c) {
        const int base = ((x / 97 + y / 61 + c) % 5) * 45 + (x + y) % 23;
        px[(static_cast<size_t>(y) * width + x) * channels + c] =
            static_cast<uint8_t>(base + rng() % 16);
      }
    }
  }
  return px;
}

void SetInfo(benchmark::State& state, int width, int height, int channels) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * int64_t{width} * height *
                          channels);
  state.counters["MP"] = width * height / 1e6;
}

// Fast path: the public API with a reused workspace.
void BM_PdqFast(benchmark::State& state, int channels, bool dihedral,
                bool exact = false) {
  const int w = static_cast<int>(state.range(0));
  const int h = static_cast<int>(state.range(1));
  const std::vector<uint8_t> px = MakePixels(w, h, channels);
  PdqWorkspace ws;
  const size_t stride = static_cast<size_t>(w) * channels;
  for (auto _ : state) {
    if (exact) {
      auto r = channels == 3
                   ? ComputePdqDihedralExactFromRgb(px, w, h, stride, &ws)
                   : ComputePdqDihedralExactFromLuma(px, w, h, stride, &ws);
      benchmark::DoNotOptimize(r);
    } else if (dihedral) {
      auto r = channels == 3
                   ? ComputePdqDihedralFromRgb(px, w, h, stride, &ws)
                   : ComputePdqDihedralFromLuma(px, w, h, stride, &ws);
      benchmark::DoNotOptimize(r);
    } else {
      auto r = channels == 3 ? ComputePdqFromRgb(px, w, h, stride, &ws)
                             : ComputePdqFromLuma(px, w, h, stride, &ws);
      benchmark::DoNotOptimize(r);
    }
  }
  SetInfo(state, w, h, channels);
}

// Reference-style path: the same steps as the public API, with the scalar
// float stage.
void BM_PdqReferenceStyle(benchmark::State& state, int channels,
                          bool dihedral) {
  const int w = static_cast<int>(state.range(0));
  const int h = static_cast<int>(state.range(1));
  const std::vector<uint8_t> px = MakePixels(w, h, channels);
  const internal::PdqImage image{
      px.data(), w, h, static_cast<size_t>(w) * channels,
      channels == 3 ? internal::PdqPixels::kRgb : internal::PdqPixels::kGrey};
  std::vector<float> b1, b2;
  for (auto _ : state) {
    float down[64][64];
    float dct[16][16];
    internal::ReferencePdqDownsample(image, dihedral, &b1, &b2, down);
    const int quality = internal::PdqQuality(down);
    internal::ReferenceDct64To16(down, dct);
    PdqHash hashes[8];
    hashes[0] = internal::HashFromDct(dct);
    if (dihedral) {
      for (int v = 1; v < 8; ++v) {
        float variant[16][16];
        internal::DihedralDct(static_cast<Dihedral>(v), dct, variant);
        hashes[v] = internal::HashFromDct(variant);
      }
    }
    benchmark::DoNotOptimize(hashes);
    benchmark::DoNotOptimize(quality);
  }
  SetInfo(state, w, h, channels);
}

// One SIMD kernel forced (the public API picks the fastest the CPU has),
// with the same steps as the public API's plain hash.
void BM_PdqKernel(benchmark::State& state, internal::PdqKernel kernel) {
  if (!internal::CpuSupports(kernel)) {
    state.SkipWithError("kernel not supported by this CPU");
    return;
  }
  const int w = static_cast<int>(state.range(0));
  const int h = static_cast<int>(state.range(1));
  const std::vector<uint8_t> px = MakePixels(w, h, 3);
  const internal::PdqImage image{px.data(), w, h, static_cast<size_t>(w) * 3,
                                 internal::PdqPixels::kRgb};
  std::vector<float> buffer;
  for (auto _ : state) {
    float down[64][64];
    float dct[16][16];
    if (!internal::FastPdqDownsampleWith(kernel, image, false, &buffer, down)) {
      state.SkipWithError("kernel failed");
      return;
    }
    const int quality = internal::PdqQuality(down);
    internal::FastDct64To16(down, dct);
    PdqHash hash = internal::HashFromDct(dct);
    benchmark::DoNotOptimize(hash);
    benchmark::DoNotOptimize(quality);
  }
  SetInfo(state, w, h, 3);
}

void Sizes(benchmark::internal::Benchmark* b) {
  // 800x502: the luma plane `vigil hash` decodes from a 1600x1004 JPEG.
  b->Args({1600, 1004})->Args({800, 502})->Args({512, 512})->Args({4032, 3024});
  b->Unit(benchmark::kMicrosecond);
}

BENCHMARK_CAPTURE(BM_PdqFast, rgb, 3, false)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_PdqReferenceStyle, rgb, 3, false)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_PdqFast, luma, 1, false)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_PdqReferenceStyle, luma, 1, false)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_PdqFast, rgb_dihedral, 3, true)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_PdqReferenceStyle, rgb_dihedral, 3, true)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_PdqFast, rgb_dihedral_exact, 3, true, true)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_PdqFast, luma_dihedral, 1, true)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_PdqFast, luma_dihedral_exact, 1, true, true)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_PdqKernel, rgb_avx2, internal::PdqKernel::kAvx2)
    ->Apply(Sizes);
BENCHMARK_CAPTURE(BM_PdqKernel, rgb_avx512, internal::PdqKernel::kAvx512)
    ->Apply(Sizes);

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
