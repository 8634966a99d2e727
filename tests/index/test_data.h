// Copyright 2026 The Vigil Authors.
//
// Random 256-bit hash sets for the index tests, and a brute-force matcher
// used as ground truth.

#ifndef VIGIL_TESTS_INDEX_TEST_DATA_H_
#define VIGIL_TESTS_INDEX_TEST_DATA_H_

#include <algorithm>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "vigil/pdq_index.h"

namespace vigil::testing {

inline Hash256 RandomHash(std::mt19937_64& rng) {
  Hash256 h;
  for (size_t i = 0; i < 32; i += 8) {
    uint64_t v = rng();
    for (size_t j = 0; j < 8; ++j)
      h.bytes[i + j] = static_cast<uint8_t>(v >> (8 * j));
  }
  return h;
}

// Flips `bits` distinct random bits of h.
inline Hash256 FlipBits(Hash256 h, int bits, std::mt19937_64& rng) {
  std::vector<int> idx(256);
  for (int i = 0; i < 256; ++i) idx[i] = i;
  for (int i = 0; i < bits; ++i) {
    int j = i + static_cast<int>(rng() % (256 - i));
    std::swap(idx[i], idx[j]);
    h.bytes[idx[i] / 8] ^= static_cast<uint8_t>(1u << (idx[i] % 8));
  }
  return h;
}

// Flips `bits` bits spread evenly over the 16 segments of 16 bits (bit k in
// segment k mod 16, offset rotated by `start`): the worst case for
// pigeonhole-based filters, which must still find the hash.
inline Hash256 FlipSpread(Hash256 h, int bits, int start,
                          std::mt19937_64& rng) {
  std::vector<int> used(16, 0);
  const int base = static_cast<int>(rng() % 16);
  for (int k = 0; k < bits && k < 256; ++k) {
    int seg = (k + start) % 16;
    int bit = (used[seg]++ * 7 + base) % 16;  // 7 is odd: distinct mod 16
    int index = seg * 16 + bit;
    h.bytes[index / 8] ^= static_cast<uint8_t>(1u << (index % 8));
  }
  return h;
}

// `families` centres with `members` hashes each within `spread` bits.
inline std::vector<Hash256> ClusteredHashes(size_t families, size_t members,
                                            int spread, std::mt19937_64& rng) {
  std::vector<Hash256> out;
  out.reserve(families * members);
  for (size_t f = 0; f < families; ++f) {
    Hash256 centre = RandomHash(rng);
    for (size_t m = 0; m < members; ++m) {
      out.push_back(
          FlipBits(centre, static_cast<int>(rng() % (spread + 1)), rng));
    }
  }
  return out;
}

// Half of the queries are stored hashes with 0..max_flip bits flipped, half
// are random.
inline std::vector<Hash256> PlantedQueries(std::span<const Hash256> stored,
                                           size_t n, int max_flip,
                                           std::mt19937_64& rng) {
  std::vector<Hash256> q;
  for (size_t i = 0; i < n; ++i) {
    if (i % 2 == 0 && !stored.empty()) {
      q.push_back(FlipBits(stored[rng() % stored.size()],
                           static_cast<int>(rng() % (max_flip + 1)), rng));
    } else {
      q.push_back(RandomHash(rng));
    }
  }
  return q;
}

// Distances from q to every stored hash.
inline std::vector<uint16_t> AllDistances(std::span<const Hash256> stored,
                                          const Hash256& q) {
  std::vector<uint16_t> d(stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    d[i] = static_cast<uint16_t>(HammingDistance(stored[i], q));
  }
  return d;
}

// Ground truth from precomputed distances: every (id, distance) within
// radius, sorted like the index.
inline std::vector<PdqMatch> WithinRadius(std::span<const uint16_t> dist,
                                          std::span<const uint32_t> ids,
                                          int radius) {
  std::vector<PdqMatch> out;
  for (size_t i = 0; i < dist.size(); ++i) {
    if (dist[i] <= radius) out.push_back({ids[i], dist[i]});
  }
  std::sort(out.begin(), out.end(), [](const PdqMatch& a, const PdqMatch& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
  });
  return out;
}

inline std::vector<PdqMatch> BruteForce(std::span<const Hash256> stored,
                                        std::span<const uint32_t> ids,
                                        const Hash256& q, int radius) {
  std::vector<uint16_t> d = AllDistances(stored, q);
  return WithinRadius(d, ids, radius);
}

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_INDEX_TEST_DATA_H_
