// Copyright 2026 The Vigil Authors.
//
// File: vigil/pdq_hash.h
// -----------------------------------------------------------------------------
// The 256-bit perceptual hash value shared by PDQ hashing (vigil/pdq.h), the
// Hamming index (vigil/pdq_index.h) and vPDQ frames (vigil/vpdq.h): one type,
// PdqHash, also spelled Hash256.
//
//   Result<PdqHash> h = PdqHash::FromHex(hex);   // 64 hex digits
//   int d = HammingDistance(*h, known);          // 0..256
//
// Thread-safety: a plain value; the functions are pure.

#ifndef VIGIL_PDQ_HASH_H_
#define VIGIL_PDQ_HASH_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "vigil/export.h"
#include "vigil/result.h"

namespace vigil {

// A 256-bit PDQ hash, 32 bytes in the order of its 64-digit hex text
// (bytes[0] is the first two hex digits).
//
// Bit numbering follows the reference: bit k (0..255) is DCT coefficient
// (row k / 16, column k % 16) of the 16x16 block, set when that coefficient
// is above the median. `bytes` is the hash as one 256-bit big-endian
// number whose bit k has value 2^k, i.e. bit k lives in
// bytes[31 - k / 8] at mask (1 << (k % 8)). The reference's 16-bit words
// w[0..15] (bit k in w[k / 16] at mask 1 << (k % 16)) are therefore
// bytes[30 - 2 * i] (high byte of w[i]) and bytes[31 - 2 * i] (low byte),
// and the hex text (reference Hash256::format(): w[15] first, "%04hx" each)
// is exactly the lowercase hex of `bytes` in order. Distances do not depend
// on any bit order.
struct VIGIL_EXPORT PdqHash {
  std::array<uint8_t, 32> bytes{};

  // Value of bit k. REQUIRES: 0 <= k < 256.
  bool Bit(int k) const { return (bytes[31 - k / 8] >> (k % 8)) & 1; }
  // Sets bit k to 1. REQUIRES: 0 <= k < 256.
  void SetBit(int k) {
    bytes[31 - k / 8] |= static_cast<uint8_t>(1 << (k % 8));
  }

  // 64 lowercase hex characters, the reference's text form.
  std::string ToHex() const;
  // Parses 64 hex characters (either case; nothing else, no "0x").
  // Error: kInvalidArgument naming the length or the offending character.
  static Result<PdqHash> FromHex(std::string_view hex);

  friend bool operator==(const PdqHash& a, const PdqHash& b) = default;
};

// The index's name for the same type.
using Hash256 = PdqHash;

// Number of differing bits, 0..256.
VIGIL_EXPORT int HammingDistance(const PdqHash& a, const PdqHash& b);

// Number of differing bits of two byte strings of equal length; for
// different lengths, the bits of the longer one's extra bytes count too.
VIGIL_EXPORT int HammingDistanceBytes(std::span<const uint8_t> a,
                                      std::span<const uint8_t> b);

}  // namespace vigil

#endif  // VIGIL_PDQ_HASH_H_
