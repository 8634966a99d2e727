// Copyright 2026 The Vigil Authors.
//
// Scan throughput of the Engine (decode + hash + match + record events) on
// the demo corpus, with 1 and 2 worker threads, and the share of per-file
// time spent matching and recording events, measured against hashing alone
// in the same run:
//
//   overhead = (BM_EngineScan/threads:1 - BM_HashOnly) /
//   BM_EngineScan/threads:1
//
// The corpus is the demo uploads (generate with
// `build/release/bin/make_demo_images DIR`, then set
// VIGIL_BENCH_CORPUS=DIR/uploads), or the conformance photos when
// VIGIL_CONFORMANCE_DIR is set and VIGIL_BENCH_CORPUS is not. The hash set
// holds the hashes of the demo originals (DIR/known) when present, plus 100,000
// random PDQ hashes and 100,000 random MD5s so that the indexes are not
// trivially small.
//
//   build/release/bench/pipeline/scan_benchmark
//   --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "vigil/engine.h"
#include "vigil/hex.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

Bytes ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return Bytes(s.begin(), s.end());
}

std::vector<fs::path> Files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Fixture {
  std::string db;
  std::vector<Bytes> corpus;
  uint64_t corpus_bytes = 0;
};

const Fixture& GetFixture() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture();
    fs::path corpus_dir, known_dir;
    if (const char* c = std::getenv("VIGIL_BENCH_CORPUS"); c && *c) {
      corpus_dir = c;
      known_dir = corpus_dir.parent_path() / "known";
    } else if (const char* d = std::getenv("VIGIL_CONFORMANCE_DIR"); d && *d) {
      corpus_dir = fs::path(d) / "pdq" / "images" / "bridge-mods";
    }
    for (const auto& p : Files(corpus_dir)) {
      f->corpus.push_back(ReadAll(p));
      f->corpus_bytes += f->corpus.back().size();
    }
    f->db = (fs::temp_directory_path() /
             ("vigil-scan-bench-" + std::to_string(getpid())))
                .string();
    fs::remove_all(f->db);
    EngineOptions options;
    options.db_dir = f->db;
    auto engine = Engine::Open(options);
    if (!engine.ok()) return f;
    HashsetStore& store = (*engine)->store();
    HashsetConfig config;
    config.name = "bench";
    config.signal_types = {SignalType::kMd5, SignalType::kSha1,
                           SignalType::kSha256, SignalType::kPdq};
    config.action = HashsetAction::kRemove;
    (void)store.CreateHashset(config, {"bench", ""});
    std::mt19937_64 rng(1);
    std::string list;
    for (int i = 0; i < 100000; ++i) {
      uint8_t pdq[32], md5[16];
      for (auto& b : pdq) b = static_cast<uint8_t>(rng());
      for (auto& b : md5) b = static_cast<uint8_t>(rng());
      list += "pdq," + HexEncode(pdq) + ",r" + std::to_string(i) + ",,\n";
      list += "md5," + HexEncode(md5) + ",m" + std::to_string(i) + ",,\n";
    }
    ImportOptions import;
    import.format = HashsetFormat::kCsv;
    (void)store.ImportText(
        "bench", "signal_type,hash,external_id,category,note\n" + list, import);
    HashOptions full;
    full.pdq_mode = PdqMode::kFullResolution;
    MediaHasher hasher(full);
    for (const auto& p : Files(known_dir)) {
      auto h = hasher.HashFile(p.string());
      if (!h.ok()) continue;
      (void)store.AddEntry("bench", h->Signals(),
                           {p.filename().string(), "", "", ""});
    }
    return f;
  }();
  return *fixture;
}

// Decode + hash only: the per-file work every scan does first.
void BM_HashOnly(benchmark::State& state) {
  const Fixture& f = GetFixture();
  if (f.corpus.empty()) {
    state.SkipWithError(
        "no corpus: set VIGIL_BENCH_CORPUS or VIGIL_CONFORMANCE_DIR");
    return;
  }
  MediaHasher hasher;
  size_t i = 0;
  for (auto _ : state) {
    auto h = hasher.HashBytes(f.corpus[i++ % f.corpus.size()]);
    benchmark::DoNotOptimize(h);
  }
  state.SetItemsProcessed(state.iterations());
}

// The whole scan through Engine::ScanStream: hash, match, record events.
// Every iteration streams the corpus once.
void BM_EngineScan(benchmark::State& state) {
  const Fixture& f = GetFixture();
  if (f.corpus.empty()) {
    state.SkipWithError("no corpus");
    return;
  }
  EngineOptions options;
  options.db_dir = f.db;
  options.threads = static_cast<int>(state.range(0));
  options.dedup_cache_entries = 0;  // measure the work, not the cache
  auto engine = Engine::Open(options);
  if (!engine.ok()) {
    state.SkipWithError(engine.status().ToString().c_str());
    return;
  }
  uint64_t files = 0, matched = 0;
  for (auto _ : state) {
    size_t next = 0;
    Status s = (*engine)->ScanStream(
        [&](ScanInput* in) {
          if (next == f.corpus.size()) return false;
          in->bytes = f.corpus[next];
          in->content.id = "bench-" + std::to_string(next++);
          return true;
        },
        [&](ScanResult&& r) {
          ++files;
          matched += r.status == ScanStatus::kMatch;
        });
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(files));
  state.counters["matched_share"] =
      files > 0 ? static_cast<double>(matched) / files : 0;
}

BENCHMARK(BM_HashOnly)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EngineScan)
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
