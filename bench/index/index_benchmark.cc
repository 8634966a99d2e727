// Copyright 2026 The Vigil Authors.
//
// PDQ index sweep: Vigil's index against a brute-force scalar popcount loop
// and, when built with FAISS, faiss::IndexBinaryFlat and
// faiss::IndexBinaryMultiHash (16 tables x 16 bits, nflip=1, as HMA uses),
// on the same data and queries in the same run. Also build time, bytes per
// hash and digest lookups/s. bench/index/ratio_table.py prints the ratios.
//
// Data: uniformly random 256-bit hashes ("uniform") or near-duplicate
// families ("clustered": families of 100 within 10 bits of a centre); half
// of the queries are stored hashes with 0-24 bits flipped, half random.
//
// Search and lookup figures use CPU time (single-threaded; the machines
// are shared, so wall time includes other tenants); Build uses wall time.
// Sizes 10k, 100k, 1M by default; pass --vigil_large to add 10M (needs
// ~5 GB with FAISS). Pin to one core: taskset -c 0.

#include <benchmark/benchmark.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "vigil/digest_index.h"
#include "vigil/pdq_index.h"
#include "vigil/pdq_synthetic.h"

#if defined(VIGIL_HAVE_FAISS)
#include <faiss/IndexBinaryFlat.h>
#include <faiss/IndexBinaryHash.h>
#include <faiss/impl/AuxIndexStructures.h>
#include <omp.h>
#endif

namespace vigil {
namespace {

constexpr size_t kQueries = 2048;

struct Dataset {
  std::vector<Hash256> hashes;
  std::vector<uint32_t> ids;
  std::vector<Hash256> queries;
};

// Builds are expensive: every dataset and index is made once per process.
// The data come from vigil/pdq_synthetic.h, as in `vigil bench match`.
const Dataset& GetData(const std::string& kind, size_t size) {
  static std::map<std::pair<std::string, size_t>, std::unique_ptr<Dataset>>
      cache;
  auto& slot = cache[{kind, size}];
  if (slot) return *slot;
  slot = std::make_unique<Dataset>();
  Dataset& d = *slot;
  const uint64_t seed = size * 31 + kind.size();
  d.hashes = SyntheticHashes(kind == "clustered" ? PdqSyntheticKind::kClustered
                                                 : PdqSyntheticKind::kUniform,
                             size, seed);
  d.ids.resize(size);
  for (size_t i = 0; i < size; ++i) d.ids[i] = static_cast<uint32_t>(i);
  d.queries = SyntheticQueries(d.hashes, kQueries, kSyntheticMaxFlip, seed + 1);
  return d;
}

const PdqIndex& GetIndex(const std::string& kind, size_t size) {
  static std::map<std::pair<std::string, size_t>, std::unique_ptr<PdqIndex>>
      cache;
  auto& slot = cache[{kind, size}];
  if (!slot) {
    const Dataset& d = GetData(kind, size);
    slot = std::move(PdqIndex::Build(d.hashes, d.ids).value());
  }
  return *slot;
}

void SearchVigil(benchmark::State& state, std::string kind, size_t size,
                 int radius) {
  const Dataset& d = GetData(kind, size);
  const PdqIndex& index = GetIndex(kind, size);
  constexpr size_t kBatch = 64;
  PdqSearchResults results;
  size_t offset = 0, matches = 0, queries = 0;
  for (auto _ : state) {
    std::span<const Hash256> batch(d.queries.data() + offset, kBatch);
    if (!index.Search(batch, {.radius = radius}, &results).ok()) {
      state.SkipWithError("search failed");
      break;
    }
    matches += results.matches.size();
    queries += kBatch;
    offset = (offset + kBatch) % kQueries;
  }
  state.SetItemsProcessed(static_cast<int64_t>(queries));
  state.counters["matches_per_query"] =
      static_cast<double>(matches) / static_cast<double>(queries);
  state.counters["bytes_per_hash"] =
      static_cast<double>(index.MemoryBytes()) / static_cast<double>(size);
  state.SetLabel(PdqIndex::SimdLevel());
}

// The baseline: a plain loop with one hardware popcount per 64-bit word.
__attribute__((target("popcnt"))) size_t BruteForceOne(
    const std::vector<Hash256>& hashes, const Hash256& q, int radius) {
  uint64_t qw[4];
  std::memcpy(qw, q.bytes.data(), 32);
  size_t found = 0;
  for (const Hash256& h : hashes) {
    uint64_t w[4];
    std::memcpy(w, h.bytes.data(), 32);
    int d = __builtin_popcountll(w[0] ^ qw[0]) +
            __builtin_popcountll(w[1] ^ qw[1]) +
            __builtin_popcountll(w[2] ^ qw[2]) +
            __builtin_popcountll(w[3] ^ qw[3]);
    found += d <= radius;
  }
  return found;
}

void SearchBruteForce(benchmark::State& state, std::string kind, size_t size,
                      int radius) {
  const Dataset& d = GetData(kind, size);
  size_t i = 0, matches = 0, queries = 0;
  for (auto _ : state) {
    matches += BruteForceOne(d.hashes, d.queries[i], radius);
    ++queries;
    i = (i + 1) % kQueries;
  }
  state.SetItemsProcessed(static_cast<int64_t>(queries));
  state.counters["matches_per_query"] =
      static_cast<double>(matches) / static_cast<double>(queries);
  state.counters["bytes_per_hash"] = 32;
}

#if defined(VIGIL_HAVE_FAISS)
template <typename Index>
void SearchFaiss(benchmark::State& state, const Index& index, const Dataset& d,
                 size_t size, int radius) {
  size_t i = 0, matches = 0, queries = 0;
  for (auto _ : state) {
    faiss::RangeSearchResult res(1);
    // FAISS returns distances < radius (strict).
    index.range_search(1, d.queries[i].bytes.data(), radius + 1, &res);
    matches += res.lims[1];
    ++queries;
    i = (i + 1) % kQueries;
  }
  state.SetItemsProcessed(static_cast<int64_t>(queries));
  state.counters["matches_per_query"] =
      static_cast<double>(matches) / static_cast<double>(queries);
  (void)size;
}

void SearchFaissFlat(benchmark::State& state, std::string kind, size_t size,
                     int radius) {
  static std::map<std::pair<std::string, size_t>,
                  std::unique_ptr<faiss::IndexBinaryFlat>>
      cache;
  const Dataset& d = GetData(kind, size);
  auto& index = cache[{kind, size}];
  if (!index) {
    index = std::make_unique<faiss::IndexBinaryFlat>(256);
    index->add(static_cast<faiss::IndexBinary::idx_t>(size),
               d.hashes[0].bytes.data());
  }
  SearchFaiss(state, *index, d, size, radius);
  state.counters["bytes_per_hash"] = 32;
}

void SearchFaissMultiHash(benchmark::State& state, std::string kind,
                          size_t size, int radius) {
  static std::map<std::pair<std::string, size_t>,
                  std::unique_ptr<faiss::IndexBinaryMultiHash>>
      cache;
  const Dataset& d = GetData(kind, size);
  auto& index = cache[{kind, size}];
  if (!index) {
    index = std::make_unique<faiss::IndexBinaryMultiHash>(256, 16, 16);
    index->nflip = 1;
    index->add(static_cast<faiss::IndexBinary::idx_t>(size),
               d.hashes[0].bytes.data());
  }
  SearchFaiss(state, *index, d, size, radius);
}
#endif

void Build(benchmark::State& state, size_t size, int threads) {
  const Dataset& d = GetData("uniform", size);
  tbb::task_arena arena(threads);
  size_t bytes = 0;
  for (auto _ : state) {
    arena.execute([&] {
      auto index = PdqIndex::Build(d.hashes, d.ids).value();
      bytes = index->MemoryBytes();
      benchmark::DoNotOptimize(index);
    });
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * size));
  state.counters["bytes_per_hash"] =
      static_cast<double>(bytes) / static_cast<double>(size);
}

void IncrementalAdd(benchmark::State& state, size_t size) {
  // Adds hashes one batch of 100 at a time into an index of `size`: the
  // cost of a list update reaching matching (delta buffer, shard merges).
  const Dataset& d = GetData("uniform", size);
  auto index = PdqIndex::Build(d.hashes, d.ids).value();
  std::mt19937_64 rng(5);
  uint32_t id = static_cast<uint32_t>(size);
  for (auto _ : state) {
    std::vector<Hash256> add;
    std::vector<uint32_t> ids;
    for (int i = 0; i < 100; ++i) {
      add.push_back(RandomHash256(&rng));
      ids.push_back(id++);
    }
    benchmark::DoNotOptimize(index->Add(add, ids).ok());
  }
  state.SetItemsProcessed(state.iterations() * 100);
  state.counters["shards"] = static_cast<double>(index->Stats().shards);
}

void DigestLookup(benchmark::State& state, size_t size, bool batched) {
  static std::map<size_t, std::unique_ptr<DigestIndex>> cache;
  static std::map<size_t, std::vector<uint8_t>> probes;
  // 2^21 probes (half hits) touch ~2^21 buckets and entries: far more than
  // the last-level cache (32 MiB here), so lookups in large tables pay for
  // memory as a real stream of digests would.
  constexpr size_t kKey = 32, kProbes = 1 << 21;
  auto& index = cache[size];
  if (!index) {
    index = std::move(DigestIndex::Create(kKey, size).value());
    std::mt19937_64 rng(size);
    std::vector<uint8_t> key(kKey);
    std::vector<uint8_t>& p = probes[size];
    for (size_t i = 0; i < size; ++i) {
      for (size_t j = 0; j < kKey; j += 8) {
        uint64_t v = rng();
        std::memcpy(key.data() + j, &v, 8);
      }
      if (!index->Add(key, i).ok()) std::abort();
      // Half of the probes hit, half miss.
      if (i % std::max<size_t>(1, size / (kProbes / 2)) == 0 &&
          p.size() < kProbes * kKey) {
        p.insert(p.end(), key.begin(), key.end());
        key[0] ^= 0x55;
        key[9] ^= 0x55;
        p.insert(p.end(), key.begin(), key.end());
      }
    }
  }
  const std::vector<uint8_t>& p = probes[size];
  const size_t n = p.size() / kKey;
  std::vector<uint64_t> ids;
  std::vector<size_t> offsets;
  size_t found = 0;
  for (auto _ : state) {
    if (batched) {
      index->LookupBatch(p, &offsets, &ids);
      found += ids.size();
    } else {
      for (size_t i = 0; i < n; ++i) {
        found += index->Contains(std::span(p).subspan(i * kKey, kKey));
      }
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.counters["hit_rate"] =
      static_cast<double>(found) / static_cast<double>(state.iterations() * n);
  state.counters["bytes_per_key"] =
      static_cast<double>(index->MemoryBytes()) / static_cast<double>(size);
}

void RegisterAll(bool large) {
  std::vector<size_t> sizes = {10000, 100000, 1000000};
  if (large) sizes.push_back(10000000);
  for (const char* kind : {"uniform", "clustered"}) {
    for (size_t size : sizes) {
      for (int radius : {31, 63}) {
        std::string suffix = std::string("/") + kind +
                             "/size:" + std::to_string(size) +
                             "/radius:" + std::to_string(radius);
        benchmark::RegisterBenchmark(("Search/vigil" + suffix).c_str(),
                                     SearchVigil, kind, size, radius);
        benchmark::RegisterBenchmark(("Search/bruteforce" + suffix).c_str(),
                                     SearchBruteForce, kind, size, radius);
#if defined(VIGIL_HAVE_FAISS)
        benchmark::RegisterBenchmark(("Search/faiss_flat" + suffix).c_str(),
                                     SearchFaissFlat, kind, size, radius);
        benchmark::RegisterBenchmark(
            ("Search/faiss_multihash" + suffix).c_str(), SearchFaissMultiHash,
            kind, size, radius);
#endif
      }
    }
  }
  for (size_t size : sizes) {
    for (int threads : {1, 2}) {
      benchmark::RegisterBenchmark(("Build/size:" + std::to_string(size) +
                                    "/threads:" + std::to_string(threads))
                                       .c_str(),
                                   Build, size, threads)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond)
          ->Iterations(size >= 1000000 ? 1 : 10);
    }
    benchmark::RegisterBenchmark(
        ("IncrementalAdd/size:" + std::to_string(size)).c_str(), IncrementalAdd,
        size);
    for (bool batched : {false, true}) {
      benchmark::RegisterBenchmark(
          (std::string("DigestLookup/") + (batched ? "batch" : "single") +
           "/size:" + std::to_string(size))
              .c_str(),
          DigestLookup, size, batched);
    }
  }
}

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) {
  bool large = false;
  int kept = 0;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--vigil_large") == 0) {
      large = true;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
#if defined(VIGIL_HAVE_FAISS)
  omp_set_num_threads(1);  // one core, like every other contender
#endif
  vigil::RegisterAll(large);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
