// Copyright 2026 The Vigil Authors.
//
// File: vigil/signal_type.h
// -----------------------------------------------------------------------------
// The kinds of hash ("signals") Vigil computes and matches, with their stable
// on-disk numbers and text names.
//
//   Result<SignalType> t = ParseSignalType("sha256");   // SignalType::kSha256
//   SignalTypeName(SignalType::kPdq);                    // "pdq"
//
// Thread-safety: pure functions.

#ifndef VIGIL_SIGNAL_TYPE_H_
#define VIGIL_SIGNAL_TYPE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/result.h"

namespace vigil {

// Persisted in store keys, export files and the C API: NEVER renumber an
// existing value, and never reuse a retired one. 0 is "no type".
enum class SignalType : uint8_t {
  kMd5 = 1,     // MD5 of the raw file bytes, 16 bytes
  kSha1 = 2,    // SHA-1 of the raw file bytes, 20 bytes
  kSha256 = 3,  // SHA-256 of the raw file bytes, 32 bytes
  kPdq = 4,     // PDQ perceptual image hash, 256 bits = 32 bytes
  kVpdq = 5,    // vPDQ video hash: a sequence of per-frame PDQ hashes
  kXxh128 = 6,  // XXH3-128 of the raw file bytes (content key), 16 bytes
};

// All known signal types, in numeric order.
VIGIL_EXPORT std::span<const SignalType> AllSignalTypes();

// Lowercase name: "md5", "sha1", "sha256", "pdq", "vpdq", "xxh128".
// Returns "unknown" for a value outside the enum.
VIGIL_EXPORT const char* SignalTypeName(SignalType type);

// Parses a name as printed by SignalTypeName (case-insensitive).
// Error: kInvalidArgument naming the text and listing the known names.
VIGIL_EXPORT Result<SignalType> ParseSignalType(std::string_view name);

// Parses the persisted number. Error: kCorruptInput for an unknown value.
VIGIL_EXPORT Result<SignalType> SignalTypeFromByte(uint8_t value);

// Size in bytes of one value of `type`; 0 for variable-size types (vPDQ).
VIGIL_EXPORT size_t SignalTypeByteSize(SignalType type);

// True for types compared by Hamming distance (PDQ, vPDQ frames); false for
// types that only match exactly (cryptographic digests, XXH3).
VIGIL_EXPORT bool SignalTypeIsPerceptual(SignalType type);

// One computed or stored signal: its type, its raw bytes, and for perceptual
// hashes the quality reported by the hasher (0-100; -1 when not applicable).
struct Signal {
  SignalType type = SignalType::kMd5;
  std::vector<uint8_t> bytes;
  int quality = -1;

  // Lowercase hex of `bytes`.
  VIGIL_EXPORT std::string ToHex() const;

  friend bool operator==(const Signal&, const Signal&) = default;
};

// Parses `hex` as a value of `type`, checking its length.
// Errors: kInvalidArgument ("sha256 needs 64 hex characters, got 40").
VIGIL_EXPORT Result<Signal> ParseSignal(SignalType type, std::string_view hex);

}  // namespace vigil

#endif  // VIGIL_SIGNAL_TYPE_H_
