// Copyright 2026 The Vigil Authors.
//
// Live index update under load: a matcher (the engine's indexes) holding
// --base random PDQ entries answers lookups on one thread while a
// --import-entry list is imported into the store and then applied to the
// indexes by an updater that polls the change log every --interval-ms (what
// the engine's follower does). Reports, in the same run:
//   - lookups per second before, during the store import, during the index
//     update, and after; each as a ratio to "before", per wall second and
//     per CPU-second of the lookup thread (the machines here are shared:
//     wall rates move with other load, CPU rates do not), and the slowest
//     single lookup of each phase (how long a lookup ever waited);
//   - misses: lookups of a hash indexed before the update that did not
//     match (must be 0);
//   - the time from the import's commit until every new entry matches
//     (poll delay + applying), verified on a sample of the new entries;
//   - baseline: a full rebuild of the same indexes (what Refresh did before
//     live updates), and its ratio to the incremental update.
//
//   build/release/bench/pipeline/live_update_benchmark               # 10M+1M
//   build/release/bench/pipeline/live_update_benchmark --base 1e6 --import 1e5
//
// A flags-driven harness rather than Google Benchmark: the figures are
// phases of one timeline, not repetitions of one operation.

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/internal/matcher.h"
#include "vigil/hashset_store.h"
#include "vigil/hex.h"
#include "vigil/pdq_synthetic.h"

namespace vigil::internal {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

struct Flags {
  int64_t base = 10'000'000;
  int64_t import = 1'000'000;
  double phase_seconds = 3;
  int interval_ms = 100;
};

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    double v = std::atof(argv[i + 1]);
    if (name == "--base") {
      f.base = static_cast<int64_t>(v);
    } else if (name == "--import") {
      f.import = static_cast<int64_t>(v);
    } else if (name == "--phase-seconds") {
      f.phase_seconds = v;
    } else if (name == "--interval-ms") {
      f.interval_ms = static_cast<int>(v);
    } else {
      std::fprintf(stderr, "unknown flag %s\n", name.c_str());
      std::exit(2);
    }
  }
  return f;
}

// Plain-list text of `n` random PDQ hashes; every 97th kept in *sample.
std::string RandomList(int64_t n, std::mt19937_64* rng,
                       std::vector<Hash256>* sample) {
  std::string text;
  text.reserve(static_cast<size_t>(n) * 65);
  for (int64_t i = 0; i < n; ++i) {
    Hash256 h = RandomHash256(rng);
    if (i % 97 == 0) sample->push_back(h);
    text += HexEncode(h.bytes);
    text += '\n';
  }
  return text;
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

int Run(const Flags& f) {
  namespace fs = std::filesystem;
  std::string dir = (fs::temp_directory_path() /
                     ("vigil-live-bench-" + std::to_string(::getpid())))
                        .string();
  fs::remove_all(dir);
  auto store_or = HashsetStore::Open(dir, {});
  Check(store_or.status(), "open store");
  std::unique_ptr<HashsetStore> store = std::move(store_or).value();
  for (const char* name : {"base", "incoming"}) {
    HashsetConfig config;
    config.name = name;
    config.signal_types = {SignalType::kPdq};
    Check(store->CreateHashset(config, {"bench", ""}).status(), "create");
  }
  ImportOptions plain;
  plain.format = HashsetFormat::kPlain;
  plain.type = SignalType::kPdq;
  std::mt19937_64 rng(20261206);
  std::vector<Hash256> known, fresh;
  for (int64_t done = 0; done < f.base; done += 1'000'000) {
    std::string text =
        RandomList(std::min<int64_t>(1'000'000, f.base - done), &rng, &known);
    Check(store->ImportText("base", text, plain).status(), "import base");
  }
  const std::string incoming = RandomList(f.import, &rng, &fresh);

  auto t = Clock::now();
  auto built = Matcher::Build(*store, {});
  Check(built.status(), "build");
  std::unique_ptr<Matcher> matcher = std::move(built).value();
  std::printf("base: %lld PDQ entries, index built in %.2f s\n",
              static_cast<long long>(f.base), Seconds(t, Clock::now()));

  // The lookup thread: known hashes (0-8 bits flipped; each must match
  // "base") alternating with random ones.
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> lookups{0}, misses{0};
  // The slowest lookup (microseconds) per phase: before, import, update,
  // after; `phase` is set by the timeline below.
  std::atomic<int> phase{0};
  std::atomic<uint64_t> slowest[4] = {0, 0, 0, 0};
  std::thread reader([&] {
    std::mt19937_64 qrng(7);
    uint64_t n = 0;
    while (!stop.load(std::memory_order_relaxed)) {
      MediaHashes q;
      q.pdq = PdqResult{};
      q.pdq->quality = 100;
      const bool planted = (n & 1) == 0;
      Hash256 h = planted ? FlipRandomBits(known[qrng() % known.size()],
                                           static_cast<int>(qrng() % 9), &qrng)
                          : RandomHash256(&qrng);
      q.pdq->hash.bytes = h.bytes;
      auto start = Clock::now();
      auto r = matcher->Match(q, false);
      auto us = static_cast<uint64_t>(
          std::chrono::duration<double, std::micro>(Clock::now() - start)
              .count());
      std::atomic<uint64_t>& worst = slowest[phase.load()];
      if (us > worst.load()) worst.store(us);
      if (planted && (!r.ok() || r->empty())) misses.fetch_add(1);
      ++n;
      lookups.store(n, std::memory_order_relaxed);
    }
  });
  clockid_t reader_clock;
  pthread_getcpuclockid(reader.native_handle(), &reader_clock);
  auto cpu = [&] {
    timespec ts;
    clock_gettime(reader_clock, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
  };
  // The updater: polls the change log like the engine's follower.
  std::atomic<bool> applied{false};
  Clock::time_point applied_at, apply_started;
  double apply_seconds = 0;
  uint64_t lookups_at_start = 0, lookups_at_end = 0;
  double cpu_at_start = 0, cpu_at_end = 0;
  std::thread updater([&] {
    while (!stop.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(f.interval_ms));
      if (store->LastChangeSeq() == matcher->change_seq()) continue;
      phase = 2;
      apply_started = Clock::now();
      lookups_at_start = lookups.load();
      cpu_at_start = cpu();
      Check(matcher->ApplyChanges(), "apply");
      applied_at = Clock::now();
      lookups_at_end = lookups.load();
      cpu_at_end = cpu();
      apply_seconds = Seconds(apply_started, applied_at);
      applied = true;
      return;
    }
  });

  auto rate = [&](Clock::time_point a, uint64_t la, Clock::time_point b,
                  uint64_t lb) { return (lb - la) / Seconds(a, b); };
  auto t0 = Clock::now();
  uint64_t l0 = lookups.load();
  double c0 = cpu();
  std::this_thread::sleep_for(std::chrono::duration<double>(f.phase_seconds));
  auto t1 = Clock::now();
  uint64_t l1 = lookups.load();
  double c1 = cpu();
  phase = 1;
  Check(store->ImportText("incoming", incoming, plain).status(), "import");
  auto t2 = Clock::now();  // committed
  uint64_t l2 = lookups.load();
  double c2 = cpu();
  while (!applied.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  auto t3 = Clock::now();
  uint64_t l3 = lookups.load();
  // Every sampled new entry matches now.
  size_t unmatched = 0;
  for (const Hash256& h : fresh) {
    MediaHashes q;
    q.pdq = PdqResult{};
    q.pdq->quality = 100;
    q.pdq->hash.bytes = h.bytes;
    auto r = matcher->Match(q, false);
    if (!r.ok() || r->empty() || (*r)[0].match.hashset != "incoming") {
      ++unmatched;
    }
  }
  phase = 3;
  auto t4 = Clock::now();
  uint64_t l4 = lookups.load();
  double c4 = cpu();
  std::this_thread::sleep_for(std::chrono::duration<double>(f.phase_seconds));
  auto t5 = Clock::now();
  uint64_t l5 = lookups.load();
  double c5 = cpu();
  stop = true;
  reader.join();
  updater.join();

  const double before = rate(t0, l0, t1, l1);
  const double ingest = rate(t1, l1, t2, l2);
  const double update =
      rate(apply_started, lookups_at_start, applied_at, lookups_at_end);
  (void)t3;
  (void)l3;
  const double after = rate(t4, l4, t5, l5);
  std::printf("import: %lld entries committed in %.2f s\n",
              static_cast<long long>(f.import), Seconds(t1, t2));
  std::printf(
      "lookups/s (1 thread): before %.0f | store import %.0f (%.2fx) "
      "| index update %.0f (%.2fx) | after %.0f (%.2fx)\n",
      before, ingest, ingest / before, update, update / before, after,
      after / before);
  const double cpu_before = (l1 - l0) / (c1 - c0);
  const double cpu_ingest = (l2 - l1) / (c2 - c1);
  const double cpu_update =
      (lookups_at_end - lookups_at_start) / (cpu_at_end - cpu_at_start);
  const double cpu_after = (l5 - l4) / (c5 - c4);
  std::printf(
      "lookups per CPU-second of the lookup thread: before %.0f | "
      "store import %.0f (%.2fx) | index update %.0f (%.2fx) | "
      "after %.0f (%.2fx)\n",
      cpu_before, cpu_ingest, cpu_ingest / cpu_before, cpu_update,
      cpu_update / cpu_before, cpu_after, cpu_after / cpu_before);
  std::printf(
      "slowest lookup (ms): before %.1f | store import %.1f | "
      "index update %.1f | after %.1f\n",
      slowest[0] / 1e3, slowest[1] / 1e3, slowest[2] / 1e3, slowest[3] / 1e3);
  std::printf(
      "misses of hashes indexed before the update: %llu of %llu "
      "lookups\n",
      static_cast<unsigned long long>(misses.load()),
      static_cast<unsigned long long>(l5));
  std::printf(
      "commit -> every new entry matches: %.3f s (applying %.3f s, "
      "poll every %d ms); sampled new entries unmatched: %zu of %zu\n",
      Seconds(t2, applied_at), apply_seconds, f.interval_ms, unmatched,
      fresh.size());
  EngineStats stats = matcher->Stats();
  std::printf("after: %llu PDQ pairs indexed\n",
              static_cast<unsigned long long>(stats.pdq_hashes));

  // Baseline: what Refresh did before, a full rebuild of the same indexes.
  matcher.reset();
  t = Clock::now();
  auto rebuilt = Matcher::Build(*store, {});
  Check(rebuilt.status(), "rebuild");
  const double rebuild_seconds = Seconds(t, Clock::now());
  std::printf(
      "baseline full rebuild (%llu pairs): %.3f s; incremental "
      "update %.3f s = %.3fx of it\n",
      static_cast<unsigned long long>((*rebuilt)->Stats().pdq_hashes),
      rebuild_seconds, apply_seconds, apply_seconds / rebuild_seconds);
  rebuilt->reset();
  store.reset();
  fs::remove_all(dir);
  return misses.load() == 0 && unmatched == 0 ? 0 : 1;
}

}  // namespace
}  // namespace vigil::internal

int main(int argc, char** argv) {
  return vigil::internal::Run(vigil::internal::ParseFlags(argc, argv));
}
