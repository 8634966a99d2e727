// Copyright 2026 The Vigil Authors.
//
// Open-to-ready time: Engine::Open on a store holding N PDQ entries, which
// reads the packed hashes and builds the PDQ index, until the engine can
// scan. Baseline in the same run: reading the packed hashes alone
// (HashsetStore::ForEachPackedHashes), i.e. what the store contributes.
//
//   build/release/bench/pipeline/open_benchmark
//   VIGIL_BENCH_LARGE=1 build/release/bench/pipeline/open_benchmark   # + 10M

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "vigil/engine.h"
#include "vigil/hex.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

// A store with `n` random PDQ entries, made once per size.
const std::string& StoreWith(int64_t n) {
  static std::map<int64_t, std::string> dirs;
  auto it = dirs.find(n);
  if (it != dirs.end()) return it->second;
  std::string dir = (fs::temp_directory_path() /
                     ("vigil-open-bench-" + std::to_string(getpid()) + "-" +
                      std::to_string(n)))
                        .string();
  fs::remove_all(dir);
  {
    EngineOptions options;
    options.db_dir = dir;
    auto engine = Engine::Open(options);
    if (engine.ok()) {
      HashsetStore& store = (*engine)->store();
      HashsetConfig config;
      config.name = "bench";
      config.signal_types = {SignalType::kPdq};
      store.CreateHashset(config, {"bench", ""})
          .status()
          .PermitUncheckedError();
      std::mt19937_64 rng(static_cast<uint64_t>(n));
      const int64_t kChunk = 1'000'000;
      for (int64_t done = 0; done < n; done += kChunk) {
        std::string text;
        for (int64_t i = done; i < std::min(n, done + kChunk); ++i) {
          uint64_t w[4] = {rng(), rng(), rng(), rng()};
          text += HexEncode({reinterpret_cast<const uint8_t*>(w), 32});
          text += '\n';
        }
        ImportOptions import;
        import.format = HashsetFormat::kPlain;
        import.type = SignalType::kPdq;
        store.ImportText("bench", text, import).status().PermitUncheckedError();
      }
    }
  }
  return dirs[n] = dir;
}

void BM_EngineOpenToReady(benchmark::State& state) {
  const std::string& dir = StoreWith(state.range(0));
  for (auto _ : state) {
    EngineOptions options;
    options.db_dir = dir;
    options.read_only = true;
    auto engine = Engine::Open(options);
    if (!engine.ok()) {
      state.SkipWithError(engine.status().ToString().c_str());
      return;
    }
    state.counters["indexed"] =
        static_cast<double>((*engine)->Stats().pdq_hashes);
  }
}

void BM_ReadPackedHashesOnly(benchmark::State& state) {
  const std::string& dir = StoreWith(state.range(0));
  for (auto _ : state) {
    StoreOptions options;
    options.read_only = true;
    auto store = HashsetStore::Open(dir, options);
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    uint64_t n = 0;
    Status s = (*store)->ForEachPackedHashes(
        SignalType::kPdq, [&](uint32_t, std::span<const uint8_t> hashes) {
          n += hashes.size() / 32;
          return Status::OK();
        });
    s.PermitUncheckedError();
    benchmark::DoNotOptimize(n);
  }
}

void Sizes(benchmark::internal::Benchmark* b) {
  b->Arg(1'000'000);
  const char* large = std::getenv("VIGIL_BENCH_LARGE");
  if (large != nullptr && std::string(large) == "1") b->Arg(10'000'000);
  b->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
}

BENCHMARK(BM_ReadPackedHashesOnly)->Apply(Sizes);
BENCHMARK(BM_EngineOpenToReady)->Apply(Sizes);

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
