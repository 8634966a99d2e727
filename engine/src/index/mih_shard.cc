// Copyright 2026 The Vigil Authors.

#include "index/internal/mih_shard.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstring>

#include "index/internal/simd.h"

namespace vigil::internal {
namespace {

// Cost model (nanoseconds, measured on Zen 5 at 10M hashes, see
// bench/index): one bucket probe, one 2-byte entry through the SIMD filter,
// one verification of a surviving candidate (a prefetched random read), and
// one hash of a flat scan. Only the ratios matter; they decide whether a
// query is cheaper by flat scan (large radius, heavy buckets).
constexpr double kProbeNs = 4.0;
constexpr double kEntryNs = 0.08;
constexpr double kVerifyNs = 12.0;
constexpr double kFlatNs = 0.4;
// Hashes per flat-scan call, so the output buffers stay small.
constexpr size_t kFlatBlock = 4096;

// All 16-bit masks of popcount <= 4, ordered by popcount; count_upto[s] is
// how many have popcount <= s.
struct ProbeMasks {
  std::vector<uint16_t> masks;
  std::array<size_t, 5> count_upto{};
  // Probability that a uniformly random 16-bit value has popcount <= b.
  std::array<double, 17> cdf{};
};

const ProbeMasks& Masks() {
  static const ProbeMasks* masks = [] {
    auto* m = new ProbeMasks;
    for (int s = 0; s <= 4; ++s) {
      for (uint32_t v = 0; v < kBuckets; ++v) {
        if (__builtin_popcount(v) == s) {
          m->masks.push_back(static_cast<uint16_t>(v));
        }
      }
      m->count_upto[s] = m->masks.size();
    }
    double acc = 0;
    for (uint32_t v = 0; v <= 16; ++v) {
      uint64_t c = 1;  // C(16, v)
      for (uint32_t i = 0; i < v; ++i) c = c * (16 - i) / (i + 1);
      acc += static_cast<double>(c) / 65536.0;
      m->cdf[v] = acc;
    }
    return m;
  }();
  return *masks;
}

template <typename Fn>
void ForRange(bool parallel, size_t n, size_t grain, const Fn& fn) {
  if (!parallel) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, grain),
                    [&](const tbb::blocked_range<size_t>& r) {
                      for (size_t i = r.begin(); i != r.end(); ++i) fn(i);
                    });
}

}  // namespace

// All sorts below are two-level counting sorts by a 16-bit key: a streaming
// scatter by the key's high byte (256 output streams, which the write
// buffers absorb), then, per high-byte block small enough for L2, a scatter
// by the full key. A one-level scatter into 65,536 places misses the cache
// on nearly every write and was ~8x slower at 10M hashes.
//
// Fresh memory is expensive: the first write to a page costs a fault and a
// zeroing pass in the kernel (and, in a VM, often a fault in the host too),
// measured at 0.2-0.9 GB/s against >10 GB/s for memory already touched. So
// the build writes as little memory beyond the shard itself as it can: the
// input is read in place, the first level scatters straight into the
// shard's words_/ids_, and the tables' segment transposition lives in the
// nexts_ arrays it is about to fill.
// One reusable buffer per worker of the current arena.
template <typename T>
class PerWorker {
 public:
  PerWorker()
      : slots_(static_cast<size_t>(tbb::this_task_arena::max_concurrency())) {}
  // This worker's buffer, grown to at least n elements.
  T* Get(size_t n) {
    int index = tbb::this_task_arena::current_thread_index();
    PodArray<T>& slot =
        slots_[index < 0 ? 0 : static_cast<size_t>(index) % slots_.size()];
    if (slot.size() < n) slot.Reset(n, /*huge=*/false);
    return slot.data();
  }

 private:
  std::vector<PodArray<T>> slots_;
};

namespace {

// Positions per task of the first-level scatters.
constexpr size_t kScatterChunk = size_t{1} << 18;

// First level: a stable scatter of items 0..n-1 by the 8-bit key(i), in
// parallel over chunks (each chunk counts its keys, then writes from its
// own cursors). emit(i, dest) places item i at dest. Returns the 257
// bounds of the 256 output blocks.
template <typename KeyFn, typename EmitFn>
std::array<uint32_t, 257> ScatterByByte(bool parallel, size_t n,
                                        const KeyFn& key, const EmitFn& emit) {
  const size_t chunks = (n + kScatterChunk - 1) / kScatterChunk;
  std::vector<std::array<uint32_t, 256>> cursors(chunks);
  ForRange(parallel, chunks, 1, [&](size_t c) {
    std::array<uint32_t, 256>& count = cursors[c];
    count.fill(0);
    const size_t end = std::min(n, (c + 1) * kScatterChunk);
    for (size_t i = c * kScatterChunk; i < end; ++i) ++count[key(i)];
  });
  std::array<uint32_t, 257> bounds;
  uint32_t sum = 0;
  for (size_t b = 0; b < 256; ++b) {
    bounds[b] = sum;
    for (size_t c = 0; c < chunks; ++c) {
      uint32_t count = cursors[c][b];
      cursors[c][b] = sum;
      sum += count;
    }
  }
  bounds[256] = sum;
  ForRange(parallel, chunks, 1, [&](size_t c) {
    std::array<uint32_t, 256>& cursor = cursors[c];
    const size_t end = std::min(n, (c + 1) * kScatterChunk);
    for (size_t i = c * kScatterChunk; i < end; ++i) emit(i, cursor[key(i)]++);
  });
  return bounds;
}

bool PairLess(const Pair& a, const Pair& b) {
  for (int i = 0; i < 4; ++i) {
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
  }
  return a.id < b.id;
}

bool SameHash(const Pair& a, const Pair& b) {
  return a.w[0] == b.w[0] && a.w[1] == b.w[1] && a.w[2] == b.w[2] &&
         a.w[3] == b.w[3];
}

}  // namespace

std::unique_ptr<Shard> Shard::Build(HashView hashes,
                                    std::span<const uint32_t> ids,
                                    size_t flat_max, bool parallel,
                                    bool huge_pages) {
  const size_t n = hashes.size;
  std::unique_ptr<Shard> shard(new Shard);
  PodArray<Words>& words = shard->words_;
  PodArray<uint32_t>& id_array = shard->ids_;
  // With huge_pages, everything a search reads at random is on huge pages:
  // at 10M hashes, 4 KiB pages for the stored hashes or the positions cost
  // the search ~10% (2.24-2.33 against 2.08-2.09 ms of CPU per 64 queries),
  // but on a VM with lazily backed memory their huge pages made a cold
  // 10M build 4-9 s instead of 1.2-2.6 s (bench/index/README.md). Ids are
  // read only for matches.
  words.Reset(n, huge_pages);
  id_array.Reset(n, /*huge=*/false);
  // Level 1: by the high byte of segment 0 (byte 1 of the hash), straight
  // into words_ and ids_.
  const std::array<uint32_t, 257> blocks = ScatterByByte(
      parallel, n, [&](size_t i) { return hashes.data[32 * i + 1]; },
      [&](size_t i, uint32_t dest) {
        std::memcpy(words[dest].w, hashes.data + 32 * i, 32);
        id_array[dest] = ids[i];
      });
  size_t max_block = 0;
  for (size_t hb = 0; hb < 256; ++hb) {
    max_block = std::max<size_t>(max_block, blocks[hb + 1] - blocks[hb]);
  }
  // Level 2, per block, in place: scatter by the low byte of segment 0 into
  // a worker buffer, sort each bucket by (hash, id), write back.
  std::vector<uint32_t> dups(256, 0);
  PerWorker<Pair> buffers;
  ForRange(parallel, 256, 1, [&](size_t hb) {
    const uint32_t base = blocks[hb];
    const uint32_t size = blocks[hb + 1] - base;
    if (size == 0) return;
    Pair* local = buffers.Get(max_block);
    std::array<uint32_t, 257> lb_bounds{};
    for (uint32_t i = base; i < base + size; ++i) {
      ++lb_bounds[(words[i].w[0] & 0xFF) + 1];
    }
    for (size_t lb = 0; lb < 256; ++lb) lb_bounds[lb + 1] += lb_bounds[lb];
    std::array<uint32_t, 256> cursor;
    std::copy(lb_bounds.begin(), lb_bounds.end() - 1, cursor.begin());
    for (uint32_t i = base; i < base + size; ++i) {
      Pair& p = local[cursor[words[i].w[0] & 0xFF]++];
      std::memcpy(p.w, words[i].w, 32);
      p.id = id_array[i];
    }
    uint32_t dup = 0;
    for (size_t lb = 0; lb < 256; ++lb) {
      Pair* lo = local + lb_bounds[lb];
      Pair* hi = local + lb_bounds[lb + 1];
      if (hi - lo > 1) std::sort(lo, hi, PairLess);
      for (Pair* it = lo; it != hi; ++it) {
        dup += it != lo && SameHash(*it, it[-1]);
      }
    }
    for (uint32_t i = 0; i < size; ++i) {
      std::memcpy(words[base + i].w, local[i].w, 32);
      id_array[base + i] = local[i].id;
    }
    dups[hb] = dup;
  });
  size_t total_dups = 0;
  for (uint32_t d : dups) total_dups += d;
  if (total_dups > 0) {
    // Several ids share a hash: keep each hash once, in place, and index
    // its ids (which stay in pair order).
    const size_t u = n - total_dups;
    shard->id_offsets_.Reset(u + 1, huge_pages);
    size_t pos = 0;
    for (size_t j = 0; j < n; ++j) {
      if (j == 0 || !(words[j] == words[j - 1])) {
        words[pos] = words[j];
        shard->id_offsets_[pos] = static_cast<uint32_t>(j);
        ++pos;
      }
    }
    shard->id_offsets_[u] = static_cast<uint32_t>(n);
    words.Truncate(u);
  }
  if (shard->words_.size() > flat_max) {
    shard->BuildTables(parallel, huge_pages);
  }
  return shard;
}

void Shard::BuildTables(bool parallel, bool huge_pages) {
  const size_t u = words_.size();
  for (int t = 0; t < kSegments; ++t) {
    offsets_[t].Reset(kBuckets + 1, huge_pages);
    nexts_[t].Reset(u, huge_pages);
    pos3_[t].Reset(3 * u + 1, huge_pages);  // +1: PosAt loads 4 bytes
    pos3_[t][3 * u] = 0;
  }
  // Transpose once: nexts_[t][p] = segment t of hash p, so that each table
  // reads 2 bytes per hash sequentially instead of a 32-byte record. Table
  // t overwrites nexts_[t] only after tables < t are done with it (tables
  // run in order); table 15 reads segment 0, kept aside for it.
  constexpr size_t kChunk = 1 << 16;
  ForRange(parallel, (u + kChunk - 1) / kChunk, 1, [&](size_t c) {
    const size_t end = std::min(u, (c + 1) * kChunk);
    for (size_t p = c * kChunk; p < end; ++p) {
      for (int t = 0; t < kSegments; ++t) nexts_[t][p] = Segment(words_[p], t);
    }
  });
  PodArray<uint16_t> segment0(u, /*huge=*/false);
  if (u > 0) std::memcpy(segment0.data(), nexts_[0].data(), 2 * u);
  PodArray<uint64_t> tmp(u, /*huge=*/false);
  for (int t = 0; t < kSegments; ++t) {
    const uint16_t* keys = nexts_[t].data();
    const uint16_t* next =
        t + 1 == kSegments ? segment0.data() : nexts_[t + 1].data();
    // Level 1. Entry = key (16) | next segment (16) | position (24 of 32).
    uint64_t* entries = tmp.data();
    const std::array<uint32_t, 257> blocks = ScatterByByte(
        parallel, u, [&](size_t p) { return keys[p] >> 8; },
        [&](size_t p, uint32_t dest) {
          entries[dest] = static_cast<uint64_t>(keys[p]) << 48 |
                          static_cast<uint64_t>(next[p]) << 32 | p;
        });
    // Level 2, per block: bucket bounds, then next segments and positions
    // in bucket order (overwriting this table's segments, read above).
    uint32_t* off = offsets_[t].data();
    uint16_t* nexts = nexts_[t].data();
    uint8_t* pos3 = pos3_[t].data();
    ForRange(parallel, 256, 1, [&](size_t hb) {
      std::array<uint32_t, 256> cursor{};
      for (uint32_t i = blocks[hb]; i < blocks[hb + 1]; ++i) {
        ++cursor[(entries[i] >> 48) & 0xFF];
      }
      uint32_t sum = blocks[hb];
      for (size_t lb = 0; lb < 256; ++lb) {
        off[(hb << 8) + lb] = sum;
        uint32_t count = cursor[lb];
        cursor[lb] = sum;
        sum += count;
      }
      for (uint32_t i = blocks[hb]; i < blocks[hb + 1]; ++i) {
        uint64_t e = entries[i];
        uint32_t idx = cursor[(e >> 48) & 0xFF]++;
        nexts[idx] = static_cast<uint16_t>(e >> 32);
        uint32_t p32 = static_cast<uint32_t>(e);
        std::memcpy(pos3 + 3 * static_cast<size_t>(idx), &p32, 3);
      }
    });
    off[kBuckets] = static_cast<uint32_t>(u);
  }
}

uint32_t Shard::PosAt(int table, size_t entry) const {
  uint32_t v;
  std::memcpy(&v, pos3_[table].data() + 3 * entry, 4);
  return v & 0xFFFFFFu;
}

size_t Shard::MemoryBytes() const {
  size_t bytes = sizeof(*this) + words_.MemoryBytes() + ids_.MemoryBytes() +
                 id_offsets_.MemoryBytes();
  for (int t = 0; t < kSegments; ++t) {
    bytes += offsets_[t].MemoryBytes() + nexts_[t].MemoryBytes() +
             pos3_[t].MemoryBytes();
  }
  return bytes;
}

int64_t Shard::Find(const Words& h) const {
  auto it = std::lower_bound(words_.begin(), words_.end(), h, ShardLess);
  if (it == words_.end() || !(*it == h)) return -1;
  return it - words_.begin();
}

void Shard::FlatSearch(const Words& q, int radius, ShardScratch* scratch,
                       std::vector<ShardHit>* hits) const {
  const HammingKernels& k = Kernels();
  hits->clear();
  scratch->out_pos.resize(kFlatBlock);
  scratch->out_dist.resize(kFlatBlock);
  const size_t u = words_.size();
  for (size_t base = 0; base < u; base += kFlatBlock) {
    size_t len = std::min(kFlatBlock, u - base);
    size_t found =
        k.flat_scan(words_[base].w, len, q.w, radius, scratch->out_pos.data(),
                    scratch->out_dist.data());
    for (size_t i = 0; i < found; ++i) {
      hits->push_back({static_cast<uint32_t>(base + scratch->out_pos[i]),
                       scratch->out_dist[i]});
    }
  }
}

bool Shard::UseMultiIndex(int radius) const {
  if (!is_multi_index() || words_.size() == 0) return false;
  const size_t nprobe = Masks().count_upto[radius / kSegments];
  return static_cast<double>(kSegments * nprobe) * kProbeNs <=
         static_cast<double>(words_.size()) * kFlatNs;
}

void Shard::PrefetchProbes(const Words& q, int radius) const {
  if (!UseMultiIndex(radius)) return;
  const ProbeMasks& pm = Masks();
  const size_t nprobe = pm.count_upto[radius / kSegments];
  for (int t = 0; t < kSegments; ++t) {
    const uint32_t* off = offsets_[t].data();
    const uint16_t qs = Segment(q, t);
    for (size_t j = 0; j < nprobe; ++j) {
      __builtin_prefetch(off + (qs ^ pm.masks[j]));
    }
  }
}

void Shard::Plan(const Words& q, int radius, ShardPlan* plan) const {
  plan->query = q;
  plan->radius = radius;
  plan->ranges.clear();
  plan->max_range = 0;
  plan->total = 0;
  plan->flat = !UseMultiIndex(radius);
  if (plan->flat) return;
  const ProbeMasks& pm = Masks();
  const int pair_radius = 2 * radius / kSegments;  // floor(2r/m)
  const size_t nprobe = pm.count_upto[radius / kSegments];
  // Collect the non-empty buckets, prefetch their entries, and estimate the
  // cost; heavy buckets make a flat scan cheaper.
  double cost = static_cast<double>(kSegments * nprobe) * kProbeNs;
  for (int t = 0; t < kSegments; ++t) {
    const uint32_t* off = offsets_[t].data();
    const uint16_t* nexts = nexts_[t].data();
    const uint16_t qs = Segment(q, t);
    for (size_t j = 0; j < nprobe; ++j) {
      uint32_t v = qs ^ pm.masks[j];
      uint32_t lo = off[v], hi = off[v + 1];
      if (lo == hi) continue;
      int budget = pair_radius - __builtin_popcount(pm.masks[j]);
      // The first 512 bytes (256 entries): a whole bucket at 10M hashes.
      for (uint32_t e = lo; e < hi && e < lo + 256; e += 32) {
        __builtin_prefetch(nexts + e);
      }
      plan->ranges.push_back({static_cast<uint32_t>(t), lo, hi - lo, budget});
      plan->max_range = std::max<size_t>(plan->max_range, hi - lo);
      plan->total += hi - lo;
      cost += (hi - lo) * (kEntryNs + pm.cdf[budget] * kVerifyNs);
    }
  }
  plan->flat = cost > static_cast<double>(words_.size()) * kFlatNs;
}

void Shard::Execute(const ShardPlan& plan, ShardScratch* scratch,
                    std::vector<ShardHit>* hits) const {
  const Words& q = plan.query;
  if (plan.flat) {
    FlatSearch(q, plan.radius, scratch, hits);
    return;
  }
  // Pigeonring filter on the inline next segment. Survivors are kept as
  // (table, entry) first, with their 3-byte positions prefetched: reading
  // each position right away would stall on a cache miss.
  const HammingKernels& k = Kernels();
  std::array<const uint16_t*, kSegments> nexts;
  std::array<uint16_t, kSegments> qn;
  for (int t = 0; t < kSegments; ++t) {
    nexts[t] = nexts_[t].data();
    qn[t] = Segment(q, (t + 1) % kSegments);
  }
  if (scratch->entries.size() < plan.total) {
    scratch->entries.Reset(plan.total, /*huge=*/false);
  }
  const uint64_t* const entries = scratch->entries.data();
  const size_t passed =
      k.filter_ranges(plan.ranges.data(), plan.ranges.size(), nexts.data(),
                      qn.data(), scratch->entries.data());
  // Positions are read a few entries behind their prefetch, and each read
  // position's hash is prefetched for the verification below.
  constexpr size_t kAhead = 16;
  auto prefetch_pos = [&](size_t i) {
    __builtin_prefetch(
        pos3_[entries[i] >> 32].data() +
        3 * static_cast<size_t>(static_cast<uint32_t>(entries[i])));
  };
  for (size_t i = 0; i < passed && i < kAhead; ++i) prefetch_pos(i);
  auto& cand = scratch->candidates;
  cand.resize(passed);
  for (size_t i = 0; i < passed; ++i) {
    if (i + kAhead < passed) prefetch_pos(i + kAhead);
    uint32_t pos = PosAt(static_cast<int>(entries[i] >> 32),
                         static_cast<uint32_t>(entries[i]));
    __builtin_prefetch(words_[pos].w);
    cand[i] = pos;
  }
  // Verify the survivors against the full hash.
  scratch->out_pos.resize(std::max<size_t>(cand.size(), 1));
  scratch->out_dist.resize(std::max<size_t>(cand.size(), 1));
  size_t found =
      k.verify(words_[0].w, cand.data(), cand.size(), q.w, plan.radius,
               scratch->out_pos.data(), scratch->out_dist.data());
  hits->resize(found);
  for (size_t i = 0; i < found; ++i) {
    (*hits)[i] = {scratch->out_pos[i], scratch->out_dist[i]};
  }
  // A hash may pass in several tables: keep each position once.
  std::sort(hits->begin(), hits->end(),
            [](const ShardHit& a, const ShardHit& b) { return a.pos < b.pos; });
  hits->erase(std::unique(hits->begin(), hits->end(),
                          [](const ShardHit& a, const ShardHit& b) {
                            return a.pos == b.pos;
                          }),
              hits->end());
}

void Shard::Search(const Words& q, int radius, ShardScratch* scratch,
                   std::vector<ShardHit>* hits) const {
  PrefetchProbes(q, radius);
  Plan(q, radius, &scratch->plan);
  Execute(scratch->plan, scratch, hits);
}

}  // namespace vigil::internal
