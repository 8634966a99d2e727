// Copyright 2026 The Vigil Authors.
//
// File: vigil/digest.h
// -----------------------------------------------------------------------------
// Cryptographic digests (MD5, SHA-1, SHA-256, via OpenSSL) and the XXH3-128
// content key over raw file bytes, computed together in one pass: the input
// is fed once, in cache-sized slices, to all four hashes, so no second copy of
// the file is ever held.
//
//   vigil::DigestHasher hasher;
//   hasher.Update(chunk1);
//   hasher.Update(chunk2);
//   vigil::Digests d = hasher.Finish();
//   d.Hex(vigil::SignalType::kSha256);   // same as `sha256sum`
//
// Thread-safety: a DigestHasher is used by one thread at a time; distinct
// hashers are independent. ComputeDigests() is thread-safe.

#ifndef VIGIL_DIGEST_H_
#define VIGIL_DIGEST_H_

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "vigil/export.h"
#include "vigil/signal_type.h"

namespace vigil {

struct Digests {
  std::array<uint8_t, 16> md5{};
  std::array<uint8_t, 20> sha1{};
  std::array<uint8_t, 32> sha256{};
  // XXH3-128, canonical (big-endian) byte order as printed by `xxh128sum`.
  std::array<uint8_t, 16> xxh128{};

  // The bytes of one digest type; empty for non-digest types (PDQ, vPDQ).
  VIGIL_EXPORT std::span<const uint8_t> Bytes(SignalType type) const;
  // Lowercase hex of one digest type; empty for non-digest types.
  VIGIL_EXPORT std::string Hex(SignalType type) const;
  // The file-digest kinds of the table whose `file_signal` is set, as
  // signals, in numeric order: md5, sha1, sha256. The XXH3 content key is
  // left out (sets may list it; hash and block does not add it).
  VIGIL_EXPORT std::vector<Signal> ToSignals() const;

  friend bool operator==(const Digests&, const Digests&) = default;
};

class VIGIL_EXPORT DigestHasher {
 public:
  DigestHasher();
  ~DigestHasher();
  DigestHasher(const DigestHasher&) = delete;
  DigestHasher& operator=(const DigestHasher&) = delete;

  // Feeds `bytes` to all four hashes.
  void Update(std::span<const uint8_t> bytes);
  // Returns the digests of everything fed since construction or the last
  // Finish(), and resets the hasher for the next input.
  Digests Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The digests of one buffer.
VIGIL_EXPORT Digests ComputeDigests(std::span<const uint8_t> bytes);

}  // namespace vigil

#endif  // VIGIL_DIGEST_H_
