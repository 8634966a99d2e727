// Copyright 2026 The Vigil Authors.
//
// Baseline of the Python binding overhead (bench/bindings/README in
// bindings/README.md): the C++ call that vigil.hash_bytes wraps,
// MediaHasher::HashBytes with default options, on one input held in memory.
// The input is the file named by $VIGIL_BENCH_INPUT (the driver
// run_hash_bytes_overhead.py passes a ~100 KB JPEG).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "vigil/media_hasher.h"

namespace {

std::vector<uint8_t> LoadInput() {
  const char* path = std::getenv("VIGIL_BENCH_INPUT");
  if (path == nullptr) return {};
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in),
                              std::istreambuf_iterator<char>());
}

void BM_HashBytes(benchmark::State& state) {
  static const std::vector<uint8_t> input = LoadInput();
  if (input.empty()) {
    state.SkipWithError("set VIGIL_BENCH_INPUT to an image file");
    return;
  }
  const vigil::MediaHasher hasher;
  for (auto _ : state) {
    vigil::Result<vigil::MediaHashes> h = hasher.HashBytes(input);
    if (!h.ok() || !h->pdq.has_value()) {
      state.SkipWithError("input did not hash to a PDQ");
      return;
    }
    benchmark::DoNotOptimize(h);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(input.size()));
}
BENCHMARK(BM_HashBytes)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
