// Copyright 2026 The Vigil Authors.
//
// File: vigil/pdq_index.h
// -----------------------------------------------------------------------------
// PdqIndex: exact Hamming-radius search over 256-bit perceptual hashes (PDQ
// and vPDQ frames). Every stored hash within the radius is returned; there
// is no approximation anywhere.
//
//   std::vector<Hash256> hashes = ...;  std::vector<uint32_t> ids = ...;
//   VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<PdqIndex> index,
//                          PdqIndex::Build(hashes, ids));
//   PdqSearchResults results;
//   VIGIL_RETURN_IF_ERROR(index->Search(queries, {.radius = 31}, &results));
//   for (const PdqMatch& m : results.For(0)) Use(m.id, m.distance);
//
// Method. Multi-index hashing (Norouzi, Punjani, Fleet, "Fast search in
// Hamming space with multi-index hashing", CVPR 2012) over m = 16 segments
// of 16 bits, filtered with the pigeonring principle (Qin, Xiao, Wang, Wang,
// "Pigeonring: a principle for faster thresholded similarity search", VLDB
// 2019): if the 16 segment distances d_0..d_15 of a stored hash sum to at
// most r, there is a start segment i with d_i <= floor(r/16) and
// d_i + d_(i+1 mod 16) <= floor(2r/16). Table i keys every hash by segment
// i and keeps segment i+1 inline, so a probe of table i at segment distance
// <= floor(r/16) discards ~99.8% of random candidates before reading a
// stored hash. Small sets, heavy buckets and large radii use a flat SIMD
// scan; the choice is automatic (by size, and per query by probe cost).
//
// Updates. Add() appends to a small delta buffer searched by flat scan; a
// full buffer becomes a new immutable shard, and shards of similar size are
// merged (LSM-style), so the cost of an update is amortised O(log n) and
// never a full rebuild. Remove() of a hash in a shard records a tombstone;
// merges and Compact() drop tombstoned pairs.
//
// SIMD. AVX-512 (VPOPCNTDQ + BITALG), AVX2 or portable code is chosen at run
// time from the CPU; results are identical on every path.
//
// Thread-safety: const methods (Search, SearchDihedral, size, ...) may run
// concurrently with each other. Add, Remove and Compact need exclusive
// access: the caller synchronises (e.g. a std::shared_mutex).

#ifndef VIGIL_PDQ_INDEX_H_
#define VIGIL_PDQ_INDEX_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/pdq_hash.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"
#include "vigil/status.h"

namespace vigil {

// One stored hash within the radius of a query.
struct PdqMatch {
  uint32_t id = 0;        // the id given to Build/Add for that hash
  uint32_t distance = 0;  // Hamming distance to the query, <= radius
  friend bool operator==(const PdqMatch&, const PdqMatch&) = default;
};

// Results of a batch search, in the shape of faiss RangeSearchResult: the
// matches of query q are matches[offsets[q] .. offsets[q+1]), sorted by
// (distance, id).
struct PdqSearchResults {
  std::vector<size_t> offsets;  // queries + 1 elements
  std::vector<PdqMatch> matches;

  std::span<const PdqMatch> For(size_t query) const {
    return std::span<const PdqMatch>(matches).subspan(
        offsets[query], offsets[query + 1] - offsets[query]);
  }
};

struct PdqIndexOptions {
  // Shards with at most this many unique hashes are flat arrays scanned
  // with SIMD instead of multi-index tables (which cost a fixed 4 MiB of
  // bucket bounds per shard). Default 8192.
  size_t flat_max = 8192;
  // Hashes added one by one are buffered and flat-scanned until the buffer
  // holds this many; then it becomes a shard. Default 4096.
  size_t delta_max = 4096;
  // Build() and merges run on the calling thread's TBB arena (parallel).
  // Default true; false builds on the calling thread only.
  bool parallel_build = true;
  // Back the arrays that searches read at random with transparent huge
  // pages (madvise). Searches at 10M hashes gain ~10-20% from fewer TLB
  // misses, but on VMs whose host backs guest memory lazily (like the
  // machines bench/index/README.md reports on) a fresh huge page costs
  // several times more to fault in: a cold 10M build measured 4-9 s with
  // huge pages against 1.2-2.6 s without. Turn on where fresh memory is
  // cheap (bare metal) and search speed matters most. Default false.
  bool huge_pages = false;
};

struct PdqMatchOptions {
  // Search radius, 0..64 (inclusive). Default 31, PDQ's usual threshold
  // (kPdqDefaultThreshold).
  int radius = kPdqDefaultThreshold;
};

// Figures of the current layout, for benchmarks and monitoring.
struct PdqIndexStats {
  size_t pairs = 0;         // live (hash, id) pairs
  size_t shards = 0;        // immutable shards (flat or multi-index)
  size_t delta = 0;         // pairs in the delta buffer
  size_t tombstones = 0;    // removed pairs still present in shards
  size_t memory_bytes = 0;  // everything the index holds
};

class VIGIL_EXPORT PdqIndex {
 public:
  // An empty index; fill it with Add().
  static Result<std::unique_ptr<PdqIndex>> Create(
      const PdqIndexOptions& options = {});

  // Bulk build: one shard (or several of at most 2^24 unique hashes each).
  // ids[i] belongs to hashes[i]; a hash may appear several times with
  // different ids. Error: kInvalidArgument if the spans differ in size.
  static Result<std::unique_ptr<PdqIndex>> Build(
      std::span<const Hash256> hashes, std::span<const uint32_t> ids,
      const PdqIndexOptions& options = {});

  PdqIndex(const PdqIndex&) = delete;
  PdqIndex& operator=(const PdqIndex&) = delete;
  ~PdqIndex();

  // Live (hash, id) pairs.
  size_t size() const;
  PdqIndexStats Stats() const;
  size_t MemoryBytes() const { return Stats().memory_bytes; }

  // Adds the pairs; they are searchable when the call returns.
  // Error: kInvalidArgument if the spans differ in size.
  Status Add(std::span<const Hash256> hashes, std::span<const uint32_t> ids);

  // Removes one stored copy of each (hash, id) pair. Pairs not stored are
  // skipped; returns the number removed in *removed (optional, nullable).
  // Error: kInvalidArgument if the spans differ in size.
  Status Remove(std::span<const Hash256> hashes, std::span<const uint32_t> ids,
                size_t* removed = nullptr);

  // Rebuilds everything into as few shards as possible, dropping
  // tombstones. Searches are then at their fastest.
  void Compact();

  // Every stored pair within options.radius of each query, sorted by
  // (distance, id) per query. *results is overwritten.
  // Error: kInvalidArgument if radius is outside 0..64.
  Status Search(std::span<const Hash256> queries,
                const PdqMatchOptions& options,
                PdqSearchResults* results) const;

  // Searches the dihedral variants of one image (up to 8: original, rotated,
  // flipped, in any order) in one call and merges the results: one match per
  // id, with the smallest distance over the variants; sorted by (distance,
  // id). *matches is overwritten. Errors: kInvalidArgument if radius is
  // outside 0..64 or more than 8 variants are given.
  Status SearchDihedral(std::span<const Hash256> variants,
                        const PdqMatchOptions& options,
                        std::vector<PdqMatch>* matches) const;

  // The SIMD path in use: "avx512", "avx2" or "scalar".
  static const char* SimdLevel();

 private:
  struct Impl;
  explicit PdqIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil

#endif  // VIGIL_PDQ_INDEX_H_
