// Copyright 2026 The Vigil Authors.
//
// Hash-set store benchmarks: bulk import throughput (lines/s) and the time
// to read every stored PDQ hash at open (the part of open-to-ready the store
// controls; the index build comes on top).
//
//   build/release/bench/store/vigil_store_benchmark
//   VIGIL_BENCH_LARGE=1 build/release/bench/store/vigil_store_benchmark
//       --benchmark_filter=10000000     (one command line)
//
// Baselines in the same run: BM_ParseAndSort (the in-memory part of an
// import), BM_WriteBatchImport (the naive way: one WriteBatch per 10k
// entries) and BM_ScanEntries (reading the entries column family instead of
// the packed segments).

#include <benchmark/benchmark.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "store/internal/db_access.h"
#include "store/internal/import_parser.h"
#include "store/internal/keys.h"
#include "vigil/hashset_store.h"
#include "vigil/hex.h"

namespace vigil {
namespace {

std::string BenchDir() {
  static const std::string dir = [] {
    std::string d = (std::filesystem::temp_directory_path() /
                     ("vigil-store-bench-" + std::to_string(::getpid())))
                        .string();
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

struct Cleanup {
  ~Cleanup() {
    std::error_code ec;
    std::filesystem::remove_all(BenchDir(), ec);
  }
} cleanup;

// Random (benign) PDQ hex lines, one file per size, generated once.
const std::string& ListFile(size_t n) {
  static std::map<size_t, std::string> files;
  auto it = files.find(n);
  if (it != files.end()) return it->second;
  std::string path = BenchDir() + "/pdq-" + std::to_string(n) + ".txt";
  std::ofstream out(path, std::ios::binary);
  std::mt19937_64 rng(n);
  std::string buf;
  uint8_t h[32];
  for (size_t i = 0; i < n; ++i) {
    for (int j = 0; j < 4; ++j) {
      uint64_t v = rng();
      std::memcpy(h + 8 * j, &v, 8);
    }
    HexEncodeTo(h, &buf);
    buf.push_back('\n');
    if (buf.size() > (1 << 20)) {
      out << buf;
      buf.clear();
    }
  }
  out << buf;
  return files[n] = path;
}

std::unique_ptr<HashsetStore> FreshStore(const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  auto store = HashsetStore::Open(dir, {});
  if (!store.ok()) std::abort();
  HashsetConfig c;
  c.name = "bench";
  c.signal_types = {SignalType::kPdq};
  if (!(*store)->CreateHashset(c, {}).ok()) std::abort();
  return std::move(*store);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void BM_Import(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  const std::string& list = ListFile(n);
  std::string dir = BenchDir() + "/import-db";
  for (auto _ : state) {
    state.PauseTiming();
    auto store = FreshStore(dir);
    state.ResumeTiming();
    auto r = store->ImportFile("bench", list, {});
    if (!r.ok() || r->added != n) {
      state.SkipWithError("import failed");
      break;
    }
    state.PauseTiming();
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
  state.counters["lines_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate);
}

void BM_ParseAndSort(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  std::string text = ReadAll(ListFile(n));
  internal::ParseOptions o;
  o.allowed = {SignalType::kPdq};
  for (auto _ : state) {
    auto parsed = internal::ParseHashList(text, o);
    if (!parsed.ok()) {
      state.SkipWithError("parse failed");
      break;
    }
    internal::SortAndDedupe(&parsed->types[0]);
    benchmark::DoNotOptimize(parsed->types[0].hashes.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void BM_WriteBatchImport(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  std::string text = ReadAll(ListFile(n));
  internal::ParseOptions o;
  o.allowed = {SignalType::kPdq};
  std::string dir = BenchDir() + "/batch-db";
  for (auto _ : state) {
    state.PauseTiming();
    auto store = FreshStore(dir);
    rocksdb::DB* db = internal::StoreDb(*store);
    rocksdb::ColumnFamilyHandle* cf =
        internal::StoreColumnFamily(*store, internal::kEntriesCf);
    state.ResumeTiming();
    auto parsed = internal::ParseHashList(text, o);
    const internal::TypeRecords& r = parsed->types[0];
    rocksdb::WriteBatch batch;
    std::string key, value;
    internal::EncodeEntryValue({}, &value);
    for (size_t i = 0; i < r.count(); ++i) {
      internal::EntryKeyInto(4, &r.hashes[i * 32], 32, 1, &key);
      batch.Put(cf, key, value);
      if (batch.Count() == 10000 || i + 1 == r.count()) {
        if (!db->Write(rocksdb::WriteOptions(), &batch).ok()) std::abort();
        batch.Clear();
      }
    }
    state.PauseTiming();
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

// A store holding n PDQ entries, built once per size.
const std::string& FilledStore(size_t n) {
  static std::map<size_t, std::string> dirs;
  auto it = dirs.find(n);
  if (it != dirs.end()) return it->second;
  std::string dir = BenchDir() + "/filled-" + std::to_string(n);
  auto store = FreshStore(dir);
  if (!store->ImportFile("bench", ListFile(n), {}).ok()) std::abort();
  return dirs[n] = dir;
}

// Open read-only and copy every PDQ hash into one array: what an index
// builder does first.
void BM_OpenAndReadAllPdq(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  const std::string& dir = FilledStore(n);
  StoreOptions ro;
  ro.read_only = true;
  for (auto _ : state) {
    auto store = HashsetStore::Open(dir, ro);
    if (!store.ok()) std::abort();
    std::vector<uint8_t> all;
    all.reserve(n * 32);
    Status s = (*store)->ForEachPackedHashes(
        SignalType::kPdq, [&](uint32_t, std::span<const uint8_t> hashes) {
          all.insert(all.end(), hashes.begin(), hashes.end());
          return Status::OK();
        });
    if (!s.ok() || all.size() != n * 32) {
      state.SkipWithError("read failed");
      break;
    }
    benchmark::DoNotOptimize(all.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void BM_ScanEntries(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  const std::string& dir = FilledStore(n);
  StoreOptions ro;
  ro.read_only = true;
  for (auto _ : state) {
    auto store = HashsetStore::Open(dir, ro);
    if (!store.ok()) std::abort();
    std::vector<uint8_t> all;
    all.reserve(n * 32);
    Status s = (*store)->ForEachEntry(SignalType::kPdq, [&](const Entry& e) {
      all.insert(all.end(), e.signal.bytes.begin(), e.signal.bytes.end());
      return Status::OK();
    });
    if (!s.ok() || all.size() != n * 32) {
      state.SkipWithError("scan failed");
      break;
    }
    benchmark::DoNotOptimize(all.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void Sizes(benchmark::internal::Benchmark* b) {
  b->Arg(1000000);
  const char* large = std::getenv("VIGIL_BENCH_LARGE");
  if (large != nullptr && std::string(large) == "1") b->Arg(10000000);
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_Import)->Apply(Sizes)->Iterations(1);
BENCHMARK(BM_ParseAndSort)->Apply(Sizes)->Iterations(1);
BENCHMARK(BM_WriteBatchImport)
    ->Arg(200000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_OpenAndReadAllPdq)->Apply(Sizes)->Iterations(3);
BENCHMARK(BM_ScanEntries)->Apply(Sizes)->Iterations(1);

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
