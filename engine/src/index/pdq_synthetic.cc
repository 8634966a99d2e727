// Copyright 2026 The Vigil Authors.

#include "vigil/pdq_synthetic.h"

#include <algorithm>
#include <cstring>

namespace vigil {

Hash256 RandomHash256(std::mt19937_64* rng) {
  Hash256 h;
  for (size_t i = 0; i < 32; i += 8) {
    uint64_t v = (*rng)();
    std::memcpy(h.bytes.data() + i, &v, 8);
  }
  return h;
}

Hash256 FlipRandomBits(const Hash256& h, int bits, std::mt19937_64* rng) {
  // Rejection of bits flipped already: cheap for the few bits used here,
  // and exact for any count up to 256.
  Hash256 out = h;
  bool flipped[256] = {};
  for (int done = 0; done < std::min(bits, 256);) {
    const int b = static_cast<int>((*rng)() % 256);
    if (flipped[b]) continue;
    flipped[b] = true;
    out.bytes[b / 8] ^= static_cast<uint8_t>(1u << (b % 8));
    ++done;
  }
  return out;
}

std::vector<Hash256> SyntheticHashes(PdqSyntheticKind kind, size_t n,
                                     uint64_t seed) {
  constexpr size_t kFamily = 100;
  constexpr int kSpread = 10;
  std::mt19937_64 rng(seed);
  std::vector<Hash256> out;
  out.reserve(n);
  if (kind == PdqSyntheticKind::kClustered) {
    while (out.size() < n) {
      const Hash256 centre = RandomHash256(&rng);
      for (size_t m = 0; m < kFamily && out.size() < n; ++m) {
        const int bits = static_cast<int>(rng() % (kSpread + 1));
        out.push_back(FlipRandomBits(centre, bits, &rng));
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) out.push_back(RandomHash256(&rng));
  }
  return out;
}

std::vector<Hash256> SyntheticQueries(std::span<const Hash256> stored, size_t n,
                                      int max_flip, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Hash256> out;
  out.reserve(n);
  const uint64_t flips = static_cast<uint64_t>(std::max(max_flip, 0)) + 1;
  for (size_t i = 0; i < n; ++i) {
    if (i % 2 == 0 && !stored.empty()) {
      const Hash256& base = stored[rng() % stored.size()];
      const int bits = static_cast<int>(rng() % flips);
      out.push_back(FlipRandomBits(base, bits, &rng));
    } else {
      out.push_back(RandomHash256(&rng));
    }
  }
  return out;
}

}  // namespace vigil
