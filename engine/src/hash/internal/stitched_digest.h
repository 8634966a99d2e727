// Copyright 2026 The Vigil Authors.
//
// MD5, SHA-1 and SHA-256 of one byte stream in a single pass, with the
// three compression functions interleaved block by block ("stitched").
//
// Why: MD5 is bound by the latency of its one dependency chain (about 4.5
// cycles per byte) and leaves most execution ports idle, while SHA-1 and
// SHA-256 with the x86 SHA extensions run on the vector units. Computed one
// after the other (as three OpenSSL EVP contexts do) their times add up;
// interleaved in one loop the SHA rounds fill the gaps of the MD5 chain,
// and the three together cost little more than MD5 alone
// (bench/hasher, BM_Digests*).
//
// The algorithms are RFC 1321 (MD5) and FIPS 180-4 (SHA-1, SHA-256); the
// SHA rounds use the SHA-NI instructions (sha1rnds4, sha256rnds2, ...).
// Results are checked against OpenSSL in tests/hash/stitched_digest_test.cc.
//
// Thread-safety: an object belongs to one thread at a time; Available() is
// thread-safe.

#ifndef VIGIL_HASH_INTERNAL_STITCHED_DIGEST_H_
#define VIGIL_HASH_INTERNAL_STITCHED_DIGEST_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace vigil::internal {

class StitchedDigest {
 public:
  // True when the CPU has what the kernel needs (SHA-NI, SSSE3, SSE4.1).
  // When false, Update() and Finish() must not be called.
  static bool Available();

  StitchedDigest() { Reset(); }

  // Feeds bytes; any split of a stream gives the same digests.
  // REQUIRES: Available().
  void Update(std::span<const uint8_t> bytes);

  // Writes the digests of everything fed since the last Reset() (or
  // construction) in their canonical byte order, then resets.
  // REQUIRES: Available().
  void Finish(std::array<uint8_t, 16>* md5, std::array<uint8_t, 20>* sha1,
              std::array<uint8_t, 32>* sha256);

  void Reset();

 private:
  uint32_t md5_[4];
  uint32_t sha1_[5];
  uint32_t sha256_[8];
  uint64_t length_ = 0;       // bytes fed
  uint8_t pending_[64];       // a partial block
  size_t pending_bytes_ = 0;  // < 64
};

}  // namespace vigil::internal

#endif  // VIGIL_HASH_INTERNAL_STITCHED_DIGEST_H_
