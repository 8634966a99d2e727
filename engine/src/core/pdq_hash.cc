// Copyright 2026 The Vigil Authors.

#include "vigil/pdq_hash.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "vigil/hex.h"

namespace vigil {

std::string PdqHash::ToHex() const { return HexEncode(bytes); }

Result<PdqHash> PdqHash::FromHex(std::string_view hex) {
  PdqHash hash;
  Status s = HexDecodeInto(hex, hash.bytes);
  if (!s.ok()) return s.WithPrefix("PDQ hash");
  return hash;
}

int HammingDistance(const PdqHash& a, const PdqHash& b) {
  int distance = 0;
  for (size_t i = 0; i < a.bytes.size(); i += 8) {
    uint64_t x = 0;
    uint64_t y = 0;
    std::memcpy(&x, a.bytes.data() + i, 8);
    std::memcpy(&y, b.bytes.data() + i, 8);
    distance += std::popcount(x ^ y);
  }
  return distance;
}

int HammingDistanceBytes(std::span<const uint8_t> a,
                         std::span<const uint8_t> b) {
  if (a.size() < b.size()) std::swap(a, b);
  int distance = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const unsigned other = i < b.size() ? b[i] : 0u;
    distance += std::popcount(static_cast<unsigned>(a[i] ^ other));
  }
  return distance;
}

}  // namespace vigil
