// Copyright 2026 The Vigil Authors.
//
// `vigil bench match`: measures PDQ match throughput on this machine with
// synthetic data (uniformly random 256-bit hashes; half of the queries are
// stored hashes with 0-24 bits flipped, half random), checks the results
// of a sample of queries against brute force, and prints one JSON object.

#include <time.h>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "vigil/engine.h"
#include "vigil/pdq_index.h"
#include "vigil/pdq_synthetic.h"

namespace vigil::cli {
namespace {

constexpr size_t kBatch = 64;

struct BenchMatchOptions {
  size_t size = 1000000;
  size_t queries = 20000;
  int radius = kPdqDefaultThreshold;
  int threads = 1;
  uint64_t seed = 1;
  size_t recall_sample = 100;
  bool huge_pages = false;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

// CPU time of the whole process (all threads): on a shared machine wall
// time also counts other tenants.
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) +
         1e-9 * static_cast<double>(ts.tv_nsec);
}

// The reference: a plain loop over every stored hash, one hardware popcount
// per 64-bit word where the CPU has the instruction.
// Always inlined, so that in BruteForcePopcnt it compiles to POPCNT.
template <bool kHardware>
[[gnu::always_inline]] inline std::vector<PdqMatch> BruteForceLoop(
    const std::vector<Hash256>& hashes, const Hash256& q, int radius) {
  uint64_t qw[4];
  std::memcpy(qw, q.bytes.data(), 32);
  std::vector<PdqMatch> out;
  for (size_t i = 0; i < hashes.size(); ++i) {
    uint64_t w[4];
    std::memcpy(w, hashes[i].bytes.data(), 32);
    int d = 0;
    for (int j = 0; j < 4; ++j) d += __builtin_popcountll(w[j] ^ qw[j]);
    if (d <= radius) {
      out.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(d)});
    }
  }
  return out;
}

__attribute__((target("popcnt"))) std::vector<PdqMatch> BruteForcePopcnt(
    const std::vector<Hash256>& hashes, const Hash256& q, int radius) {
  return BruteForceLoop<true>(hashes, q, radius);
}

std::vector<PdqMatch> BruteForce(const std::vector<Hash256>& hashes,
                                 const Hash256& q, int radius) {
  std::vector<PdqMatch> out = __builtin_cpu_supports("popcnt")
                                  ? BruteForcePopcnt(hashes, q, radius)
                                  : BruteForceLoop<false>(hashes, q, radius);
  std::sort(out.begin(), out.end(), [](const PdqMatch& a, const PdqMatch& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
  });
  return out;
}

int RunBenchMatch(BenchMatchOptions o) {
  o.threads = WorkerThreads(o.threads);
  // Data generation is outside every timed region.
  const std::vector<Hash256> hashes =
      SyntheticHashes(PdqSyntheticKind::kUniform, o.size, o.seed);
  std::vector<uint32_t> ids(o.size);
  for (size_t i = 0; i < o.size; ++i) ids[i] = static_cast<uint32_t>(i);
  const std::vector<Hash256> queries =
      SyntheticQueries(hashes, o.queries, kSyntheticMaxFlip, o.seed + 1);

  tbb::task_arena arena(o.threads);
  std::unique_ptr<PdqIndex> index;
  Status status;
  auto start = std::chrono::steady_clock::now();
  const double build_cpu_start = ProcessCpuSeconds();
  arena.execute([&] {
    PdqIndexOptions index_options;
    index_options.huge_pages = o.huge_pages;
    auto built = PdqIndex::Build(hashes, ids, index_options);
    if (built.ok()) {
      index = std::move(built).value();
    } else {
      status = built.status();
    }
  });
  if (!status.ok()) return ReportFatal(status);
  const double build_s = Seconds(start);
  const double build_cpu_s = ProcessCpuSeconds() - build_cpu_start;

  // Each batch of queries keeps its results; batches run in parallel.
  const size_t batches = (o.queries + kBatch - 1) / kBatch;
  std::vector<PdqSearchResults> results(batches);
  std::vector<Status> errors(batches);
  start = std::chrono::steady_clock::now();
  const double cpu_start = ProcessCpuSeconds();
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, batches),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t b = r.begin(); b != r.end(); ++b) {
                          size_t first = b * kBatch;
                          size_t n = std::min(kBatch, o.queries - first);
                          errors[b] = index->Search(
                              std::span(queries).subspan(first, n),
                              {.radius = o.radius}, &results[b]);
                        }
                      });
  });
  const double search_s = Seconds(start);
  const double search_cpu_s = ProcessCpuSeconds() - cpu_start;
  size_t matches = 0;
  for (size_t b = 0; b < batches; ++b) {
    if (!errors[b].ok()) return ReportFatal(errors[b]);
    matches += results[b].matches.size();
  }

  // Recall on evenly spaced queries (half planted, half random), against
  // brute force; an extra result counts as an error too.
  const size_t checked = std::min(o.recall_sample, o.queries);
  std::vector<size_t> expected(checked), found(checked), extra(checked);
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, checked, [&](size_t k) {
      size_t q = checked == 0 ? 0 : k * o.queries / checked;
      std::vector<PdqMatch> want = BruteForce(hashes, queries[q], o.radius);
      auto got = results[q / kBatch].For(q % kBatch);
      for (const PdqMatch& m : want) {
        found[k] += std::find(got.begin(), got.end(), m) != got.end();
      }
      expected[k] = want.size();
      extra[k] = got.size() - found[k];
    });
  });
  size_t total_expected = 0, total_found = 0, total_extra = 0;
  for (size_t k = 0; k < checked; ++k) {
    total_expected += expected[k];
    total_found += found[k];
    total_extra += extra[k];
  }
  const double recall = total_expected == 0
                            ? 1.0
                            : static_cast<double>(total_found) /
                                  static_cast<double>(total_expected);

  nlohmann::json out = {
      {"size", o.size},
      {"queries", o.queries},
      {"radius", o.radius},
      {"threads", o.threads},
      {"seed", o.seed},
      {"simd", PdqIndex::SimdLevel()},
      {"huge_pages", o.huge_pages},
      {"build_s", build_s},
      {"build_cpu_s", build_cpu_s},
      {"search_s", search_s},
      {"queries_per_s", static_cast<double>(o.queries) / search_s},
      {"search_cpu_s", search_cpu_s},
      {"queries_per_cpu_s", static_cast<double>(o.queries) / search_cpu_s},
      {"bytes_per_hash",
       static_cast<double>(index->MemoryBytes()) / static_cast<double>(o.size)},
      {"matches", matches},
      {"recall_checked", checked},
      {"recall_expected_matches", total_expected},
      {"recall", recall},
      {"extra_results", total_extra},
  };
  std::cout << out.dump() << std::endl;
  return recall == 1.0 && total_extra == 0 ? kExitOk : kExitFailure;
}

}  // namespace

void AddBenchCommand(CLI::App* app, CliContext* ctx) {
  CLI::App* bench =
      app->add_subcommand("bench", "Measure engine throughput on this machine");
  bench->require_subcommand(1);
  CLI::App* match = bench->add_subcommand(
      "match",
      "PDQ match throughput on synthetic data (uniform random hashes; half "
      "of the queries planted with 0-24 flipped bits), with a recall check "
      "against brute force; prints one JSON object");
  auto o = std::make_shared<BenchMatchOptions>();
  match->add_option("--size", o->size, "Stored hashes")
      ->check(CLI::Range(size_t{1}, size_t{200000000}))
      ->capture_default_str();
  match->add_option("--queries", o->queries, "Queries")
      ->check(CLI::Range(size_t{1}, size_t{100000000}))
      ->capture_default_str();
  match->add_option("--radius", o->radius, "Hamming radius, 0..64")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  match->add_option("--threads", o->threads, "Worker threads (TBB arena)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  match->add_flag("--huge-pages", o->huge_pages,
                  "Back the index with transparent huge pages (faster "
                  "searches; slower cold builds on VMs)");
  match->add_option("--seed", o->seed, "Random seed of the data")
      ->capture_default_str();
  match
      ->add_option("--recall-sample", o->recall_sample,
                   "Queries checked against brute force")
      ->capture_default_str();
  match->callback([ctx, o] { ctx->run = [o] { return RunBenchMatch(*o); }; });
}

}  // namespace vigil::cli
