// Copyright 2026 The Vigil Authors.
//
// Runtime-dispatched Hamming kernels of the PDQ index. One build holds three
// copies of kernels.inc (portable, AVX2, AVX-512 VPOPCNTDQ+BITALG), each
// compiled under its own `#pragma GCC target`; Kernels() picks the best one
// the CPU supports, once. No -march flag is involved.
//
// Thread-safety: Kernels() is safe from any thread. SetSimdLevelForTesting is
// for tests only and must not race with searches.

#ifndef VIGIL_ENGINE_SRC_INDEX_INTERNAL_SIMD_H_
#define VIGIL_ENGINE_SRC_INDEX_INTERNAL_SIMD_H_

#include <cstddef>
#include <cstdint>

namespace vigil::internal {

enum class SimdLevel { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };

// A bucket of one multi-index table: entries [begin, begin + size) of table
// `table`, which pass when their next segment is within `budget` bits.
struct FilterRange {
  uint32_t table;
  uint32_t begin;
  uint32_t size;
  int32_t budget;
};

// Hashes are stored as 4 little-endian 64-bit words (the 32 hex-order
// bytes loaded as-is); popcounts do not depend on the bit order.
struct HammingKernels {
  // Writes every i in [0, n) with popcount(nexts[i] ^ q) <= budget to out
  // (room for n) in increasing order; returns how many.
  size_t (*filter16)(const uint16_t* nexts, size_t n, uint16_t q, int budget,
                     uint32_t* out);
  // Filter16 over n ranges in one call: nexts[t] is table t's next-segment
  // array and q[t] the query's value to compare with. Writes (table << 32 |
  // entry) of every passing entry to out (room for the sum of the sizes),
  // range by range; returns how many.
  size_t (*filter_ranges)(const FilterRange* ranges, size_t n,
                          const uint16_t* const* nexts, const uint16_t* q,
                          uint64_t* out);
  // For the n hashes at words (4 words each, 32-byte aligned), writes the
  // index i and the distance of each one within radius of q to out_idx /
  // out_dist (room for n each); returns how many. REQUIRES: words 8-byte
  // aligned.
  size_t (*flat_scan)(const uint64_t* words, size_t n, const uint64_t* q,
                      int radius, uint32_t* out_idx, uint32_t* out_dist);
  // Same over the n candidate positions cand[] into words (random access,
  // prefetched); writes the position and distance of each one within radius.
  size_t (*verify)(const uint64_t* words, const uint32_t* cand, size_t n,
                   const uint64_t* q, int radius, uint32_t* out_pos,
                   uint32_t* out_dist);
  const char* name;
};

// The kernels of one level, or nullptr if this CPU lacks it.
const HammingKernels* KernelsFor(SimdLevel level);

// The kernels in use: the best level the CPU supports, unless overridden by
// SetSimdLevelForTesting or by the environment variable VIGIL_SIMD
// (scalar|avx2|avx512, read once).
const HammingKernels& Kernels();

// Forces a level; returns false (and changes nothing) if the CPU lacks it.
bool SetSimdLevelForTesting(SimdLevel level);

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_INDEX_INTERNAL_SIMD_H_
