// Copyright 2026 The Vigil Authors.
//
// One immutable shard of the PDQ index: up to 2^24 unique 256-bit hashes,
// each with one or more 32-bit ids, searched either by a flat SIMD scan
// (small shards) or by pigeonring-filtered multi-index hashing (see
// vigil/pdq_index.h for the method and its references).
//
// Layout of a multi-index shard with U unique hashes:
//   words_      U x 32 B, sorted by (segment 0, w0, w1, w2, w3)
//   ids_        U x 4 B (no duplicate hashes) or N x 4 B + (U+1) x 4 B
//   per table t = 0..15, keyed by segment t (16 bits):
//     offsets_  2^16 + 1 x 4 B     CSR bucket bounds (counting sort)
//     nexts_    U x 2 B            segment t+1 of each entry, for filtering
//     pos3_     U x 3 B            position of each entry in words_
// = 32 + 4 + 16 x 5 = 116 B per hash, + 4 MiB of bucket bounds.
//
// Thread-safety: immutable after Build; Search is const and thread-safe
// (each thread passes its own ShardScratch).

#ifndef VIGIL_ENGINE_SRC_INDEX_INTERNAL_MIH_SHARD_H_
#define VIGIL_ENGINE_SRC_INDEX_INTERNAL_MIH_SHARD_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "index/internal/pod_array.h"
#include "index/internal/simd.h"

namespace vigil::internal {

struct alignas(32) Words {
  uint64_t w[4];
  friend bool operator==(const Words&, const Words&) = default;
};

constexpr int kSegments = 16;
constexpr size_t kBuckets = size_t{1} << 16;
// Positions are stored in 3 bytes.
constexpr size_t kMaxShardHashes = size_t{1} << 24;

inline uint16_t Segment(const Words& h, int t) {
  return static_cast<uint16_t>(h.w[t >> 2] >> (16 * (t & 3)));
}

// Order of words_ in a shard (and of Find): segment 0 first.
inline bool ShardLess(const Words& a, const Words& b) {
  uint16_t sa = Segment(a, 0), sb = Segment(b, 0);
  if (sa != sb) return sa < sb;
  for (int i = 0; i < 4; ++i) {
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
  }
  return false;
}

// n hashes of 32 bytes each, back to back, at any alignment: the input of a
// build (the caller's Hash256 array or a Words array), read without a copy.
struct HashView {
  const uint8_t* data = nullptr;
  size_t size = 0;

  HashView() = default;
  HashView(const void* hashes, size_t n)
      : data(static_cast<const uint8_t*>(hashes)), size(n) {}
  HashView(std::span<const Words> w) : HashView(w.data(), w.size()) {}
  HashView(const std::vector<Words>& w) : HashView(w.data(), w.size()) {}

  Words operator[](size_t i) const {
    Words w;
    std::memcpy(w.w, data + 32 * i, 32);
    return w;
  }
  HashView subspan(size_t begin, size_t n) const {
    return HashView(data + 32 * begin, n);
  }
};

// A (hash, id) pair while building.
struct Pair {
  uint64_t w[4];
  uint32_t id;
};

struct ShardHit {
  uint32_t pos;
  uint32_t distance;
};

// The buckets one query probes in one shard (Shard::Plan), consumed by
// Shard::Execute. Planning query i+1 while executing query i hides the
// memory latency of the bucket reads.
struct ShardPlan {
  // budget: the largest next-segment distance that may still match.
  using Range = FilterRange;
  Words query{};
  int radius = 0;
  bool flat = false;  // a flat scan is cheaper for this query
  size_t max_range = 0;
  size_t total = 0;  // sum of the range sizes
  std::vector<Range> ranges;
};

// Per-thread buffers reused across searches.
struct ShardScratch {
  ShardPlan plan;
  // table << 32 | entry. Written by the filter before it is read, so not
  // zeroed when grown (zeroing it was 7% of a one-query search).
  PodArray<uint64_t> entries;
  std::vector<uint32_t> candidates;
  std::vector<uint32_t> out_pos;
  std::vector<uint32_t> out_dist;
};

class Shard {
 public:
  // Builds a shard from n pairs (hashes[i], ids[i]). Shards with at most
  // flat_max unique hashes are flat. `huge_pages` puts the arrays searches
  // read at random on huge pages (PdqIndexOptions::huge_pages).
  // REQUIRES: hashes.size() == ids.size(), and fewer than kMaxShardHashes
  // unique hashes.
  static std::unique_ptr<Shard> Build(HashView hashes,
                                      std::span<const uint32_t> ids,
                                      size_t flat_max, bool parallel,
                                      bool huge_pages = false);

  size_t unique() const { return words_.size(); }
  size_t pairs() const { return ids_.size(); }
  bool is_multi_index() const { return !offsets_[0].empty(); }
  size_t MemoryBytes() const;

  const Words& HashAt(uint32_t pos) const { return words_[pos]; }
  std::span<const uint32_t> IdsAt(uint32_t pos) const {
    if (id_offsets_.empty()) return {&ids_[pos], 1};
    return {&ids_[id_offsets_[pos]], id_offsets_[pos + 1] - id_offsets_[pos]};
  }
  // Position of `h`, or -1.
  int64_t Find(const Words& h) const;

  // Sets *hits to every (position, distance) within `radius` of q, sorted
  // by position, each position once. REQUIRES: 0 <= radius <= 64.
  void Search(const Words& q, int radius, ShardScratch* scratch,
              std::vector<ShardHit>* hits) const;

  // Search in three steps, for software pipelining over a batch:
  // PrefetchProbes (bucket bounds), Plan (bucket ranges; prefetches their
  // entries), Execute (filter, verify; sets *hits as Search does).
  void PrefetchProbes(const Words& q, int radius) const;
  void Plan(const Words& q, int radius, ShardPlan* plan) const;
  void Execute(const ShardPlan& plan, ShardScratch* scratch,
               std::vector<ShardHit>* hits) const;

  // Same, always by flat scan (the reference for tests and fallbacks).
  void FlatSearch(const Words& q, int radius, ShardScratch* scratch,
                  std::vector<ShardHit>* hits) const;

 private:
  Shard() = default;
  // Builds the 16 tables from words_.
  void BuildTables(bool parallel, bool huge_pages);
  // False when a flat scan is cheaper whatever the buckets hold.
  bool UseMultiIndex(int radius) const;
  uint32_t PosAt(int table, size_t entry) const;

  PodArray<Words> words_;
  PodArray<uint32_t> ids_;
  PodArray<uint32_t> id_offsets_;  // empty when every hash has one id
  std::array<PodArray<uint32_t>, kSegments> offsets_;
  std::array<PodArray<uint16_t>, kSegments> nexts_;
  std::array<PodArray<uint8_t>, kSegments> pos3_;
};

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_INDEX_INTERNAL_MIH_SHARD_H_
