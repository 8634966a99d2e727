// Copyright 2026 The Vigil Authors.

#include "index/internal/mih_shard.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

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

bool WordsLess(const Words& a, const Words& b) {
  for (int i = 0; i < 4; ++i) {
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
  }
  return false;
}

}  // namespace

std::unique_ptr<Shard> Shard::Build(std::span<const Words> hashes,
                                    std::span<const uint32_t> ids,
                                    size_t flat_max, bool parallel) {
  const size_t n = hashes.size();
  std::unique_ptr<Shard> shard(new Shard);
  // Counting sort by segment 0, then sort each bucket by (hash, id): the
  // bucket sorts are small and independent, so they run in parallel.
  std::vector<uint32_t> bounds(kBuckets + 1, 0);
  for (size_t i = 0; i < n; ++i) ++bounds[Segment(hashes[i], 0) + 1];
  for (size_t b = 0; b < kBuckets; ++b) bounds[b + 1] += bounds[b];
  std::vector<uint32_t> perm(n);
  {
    std::vector<uint32_t> cursor(bounds.begin(), bounds.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      perm[cursor[Segment(hashes[i], 0)]++] = static_cast<uint32_t>(i);
    }
  }
  std::vector<uint32_t> uniq(kBuckets + 1, 0);
  ForRange(parallel, kBuckets, 256, [&](size_t b) {
    auto first = perm.begin() + bounds[b];
    auto last = perm.begin() + bounds[b + 1];
    if (first == last) return;
    std::sort(first, last, [&](uint32_t x, uint32_t y) {
      if (WordsLess(hashes[x], hashes[y])) return true;
      if (WordsLess(hashes[y], hashes[x])) return false;
      return ids[x] < ids[y];
    });
    uint32_t count = 1;
    for (auto it = first + 1; it != last; ++it) {
      count += !(hashes[*it] == hashes[*(it - 1)]);
    }
    uniq[b + 1] = count;
  });
  for (size_t b = 0; b < kBuckets; ++b) uniq[b + 1] += uniq[b];
  const size_t u = uniq[kBuckets];
  shard->words_.resize(u);
  shard->ids_.resize(n);
  if (u != n) shard->id_offsets_.resize(u + 1);
  ForRange(parallel, kBuckets, 256, [&](size_t b) {
    uint32_t pos = uniq[b];
    for (uint32_t j = bounds[b]; j < bounds[b + 1]; ++j) {
      const Words& h = hashes[perm[j]];
      if (j == bounds[b] || !(h == hashes[perm[j - 1]])) {
        shard->words_[pos] = h;
        if (!shard->id_offsets_.empty()) shard->id_offsets_[pos] = j;
        ++pos;
      }
      shard->ids_[j] = ids[perm[j]];
    }
  });
  if (!shard->id_offsets_.empty()) {
    shard->id_offsets_[u] = static_cast<uint32_t>(n);
  }
  if (u > flat_max) shard->BuildTables(parallel);
  return shard;
}

void Shard::BuildTables(bool parallel) {
  const size_t u = words_.size();
  ForRange(parallel, kSegments, 1, [&](size_t ti) {
    const int t = static_cast<int>(ti);
    const int next = (t + 1) % kSegments;
    std::vector<uint32_t>& off = offsets_[t];
    off.assign(kBuckets + 1, 0);
    for (size_t p = 0; p < u; ++p) ++off[Segment(words_[p], t) + 1];
    for (size_t b = 0; b < kBuckets; ++b) off[b + 1] += off[b];
    std::vector<uint32_t> cursor(off.begin(), off.end() - 1);
    nexts_[t].resize(u);
    pos3_[t].resize(3 * u + 1);  // +1: PosAt loads 4 bytes
    uint16_t* nexts = nexts_[t].data();
    uint8_t* pos3 = pos3_[t].data();
    for (size_t p = 0; p < u; ++p) {
      const Words& h = words_[p];
      uint32_t idx = cursor[Segment(h, t)]++;
      nexts[idx] = Segment(h, next);
      uint32_t p32 = static_cast<uint32_t>(p);
      std::memcpy(pos3 + 3 * static_cast<size_t>(idx), &p32, 3);
    }
  });
}

uint32_t Shard::PosAt(int table, size_t entry) const {
  uint32_t v;
  std::memcpy(&v, pos3_[table].data() + 3 * entry, 4);
  return v & 0xFFFFFFu;
}

size_t Shard::MemoryBytes() const {
  size_t bytes = sizeof(*this) + words_.capacity() * sizeof(Words) +
                 ids_.capacity() * 4 + id_offsets_.capacity() * 4;
  for (int t = 0; t < kSegments; ++t) {
    bytes += offsets_[t].capacity() * 4 + nexts_[t].capacity() * 2 +
             pos3_[t].capacity();
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

void Shard::Search(const Words& q, int radius, ShardScratch* scratch,
                   std::vector<ShardHit>* hits) const {
  const size_t u = words_.size();
  if (!is_multi_index() || u == 0) {
    FlatSearch(q, radius, scratch, hits);
    return;
  }
  const ProbeMasks& pm = Masks();
  const int seg_radius = radius / kSegments;       // floor(r/m)
  const int pair_radius = 2 * radius / kSegments;  // floor(2r/m)
  const size_t nprobe = pm.count_upto[seg_radius];
  const double flat_cost = static_cast<double>(u) * kFlatNs;
  if (static_cast<double>(kSegments * nprobe) * kProbeNs > flat_cost) {
    FlatSearch(q, radius, scratch, hits);
    return;
  }
  std::array<uint16_t, kSegments> qs;
  for (int t = 0; t < kSegments; ++t) qs[t] = Segment(q, t);
  // Pass 1: prefetch the bucket bounds of every probe.
  for (int t = 0; t < kSegments; ++t) {
    const uint32_t* off = offsets_[t].data();
    for (size_t j = 0; j < nprobe; ++j) {
      __builtin_prefetch(off + (qs[t] ^ pm.masks[j]));
    }
  }
  // Pass 2: collect non-empty buckets, prefetch their entries, and estimate
  // the cost; heavy buckets or many probes make a flat scan cheaper.
  auto& ranges = scratch->ranges;
  ranges.clear();
  double cost = static_cast<double>(kSegments * nprobe) * kProbeNs;
  size_t max_range = 0;
  for (int t = 0; t < kSegments; ++t) {
    const uint32_t* off = offsets_[t].data();
    const uint16_t* nexts = nexts_[t].data();
    for (size_t j = 0; j < nprobe; ++j) {
      uint32_t v = qs[t] ^ pm.masks[j];
      uint32_t lo = off[v], hi = off[v + 1];
      if (lo == hi) continue;
      int budget = pair_radius - __builtin_popcount(pm.masks[j]);
      __builtin_prefetch(nexts + lo);
      __builtin_prefetch(nexts + lo + 32);
      ranges.push_back({static_cast<uint32_t>(t), lo, hi - lo, budget});
      max_range = std::max<size_t>(max_range, hi - lo);
      cost += (hi - lo) * (kEntryNs + pm.cdf[budget] * kVerifyNs);
    }
  }
  if (cost > flat_cost) {
    FlatSearch(q, radius, scratch, hits);
    return;
  }
  // Pass 3: pigeonring filter on the inline next segment.
  const HammingKernels& k = Kernels();
  if (scratch->filtered.size() < max_range) scratch->filtered.resize(max_range);
  auto& cand = scratch->candidates;
  cand.clear();
  for (const ShardScratch::Range& r : ranges) {
    const int t = static_cast<int>(r.table);
    size_t found =
        k.filter16(nexts_[t].data() + r.begin, r.size, qs[(t + 1) % kSegments],
                   r.budget, scratch->filtered.data());
    for (size_t i = 0; i < found; ++i) {
      uint32_t pos = PosAt(t, r.begin + scratch->filtered[i]);
      __builtin_prefetch(words_[pos].w);
      cand.push_back(pos);
    }
  }
  // Pass 4: verify the survivors against the full hash.
  scratch->out_pos.resize(std::max<size_t>(cand.size(), 1));
  scratch->out_dist.resize(std::max<size_t>(cand.size(), 1));
  size_t found = k.verify(words_[0].w, cand.data(), cand.size(), q.w, radius,
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

}  // namespace vigil::internal
