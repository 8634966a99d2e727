// Copyright 2026 The Vigil Authors.
//
// File: vigil/pdq_synthetic.h
// -----------------------------------------------------------------------------
// Synthetic 256-bit hash sets for measuring PdqIndex: what `vigil bench
// match` and bench/index search. Not for matching real media.
//
//   std::vector<Hash256> stored =
//       SyntheticHashes(PdqSyntheticKind::kUniform, 1000000, /*seed=*/1);
//   std::vector<Hash256> queries =
//       SyntheticQueries(stored, 20000, kSyntheticMaxFlip, /*seed=*/2);
//
// Every function is deterministic for its arguments on every platform
// (std::mt19937_64 and the draws below are fully specified).
//
// Thread-safety: free functions; a call touches only its arguments.

#ifndef VIGIL_PDQ_SYNTHETIC_H_
#define VIGIL_PDQ_SYNTHETIC_H_

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "vigil/export.h"
#include "vigil/pdq_index.h"

namespace vigil {

// How stored hashes are drawn.
enum class PdqSyntheticKind {
  // Uniformly random 256-bit hashes.
  kUniform = 0,
  // Families of 100 hashes, each within 10 bits of a random centre (skewed
  // buckets, as near-duplicate images give).
  kClustered = 1,
};

// Planted queries flip 0..kSyntheticMaxFlip bits of a stored hash: all
// within PDQ's usual radius of 31.
inline constexpr int kSyntheticMaxFlip = 24;

// A uniformly random hash (4 draws of *rng).
VIGIL_EXPORT Hash256 RandomHash256(std::mt19937_64* rng);

// `h` with `bits` distinct random bits flipped. REQUIRES: 0 <= bits <= 256.
VIGIL_EXPORT Hash256 FlipRandomBits(const Hash256& h, int bits,
                                    std::mt19937_64* rng);

// n stored hashes of the given kind.
VIGIL_EXPORT std::vector<Hash256> SyntheticHashes(PdqSyntheticKind kind,
                                                  size_t n, uint64_t seed);

// n queries: even ones are a random stored hash with 0..max_flip random
// bits flipped (so each has at least one match within max_flip), odd ones
// uniformly random (almost surely no match within radius 64). All random
// when `stored` is empty.
VIGIL_EXPORT std::vector<Hash256> SyntheticQueries(
    std::span<const Hash256> stored, size_t n, int max_flip, uint64_t seed);

}  // namespace vigil

#endif  // VIGIL_PDQ_SYNTHETIC_H_
