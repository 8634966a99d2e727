// Copyright 2026 The Vigil Authors.
//
// File: vigil/signal_type.h
// -----------------------------------------------------------------------------
// The kinds of hash ("signals") Vigil computes and matches: their stable
// on-disk numbers and, in one table, everything the library knows about each
// kind (name, size, hex form, exact or perceptual, thresholds, distance, how
// it is stored and matched). The table (signal_type.cc) is the single
// registration point; docs/signal-kinds.md says how to add a kind.
//
//   Result<SignalType> t = ParseSignalType("sha256");   // SignalType::kSha256
//   SignalTypeName(SignalType::kPdq);                    // "pdq"
//   const SignalKind& k = KindOf(SignalType::kPdq);      // k.hex_length == 64
//   for (const SignalKind& kind : AllSignalKinds()) ...
//
// Thread-safety: pure functions over constant data.

#ifndef VIGIL_SIGNAL_TYPE_H_
#define VIGIL_SIGNAL_TYPE_H_

#include <climits>
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

// The reference defaults of the perceptual kinds (Meta's PDQ and vPDQ,
// python-threatexchange / HMA). Every other default in the library, the
// tools and the bindings refers to these.
//
// PDQ (and each vPDQ frame) matches within 31 bits; hashes of quality below
// 50 are not matched.
inline constexpr int kPdqDefaultThreshold = 31;
inline constexpr int kPdqDefaultMinQuality = 50;
// Two videos match when at least 80% of the query's frames and 80% of the
// target's frames have a partner frame within the frame threshold.
inline constexpr double kVpdqDefaultQueryPercent = 80.0;
inline constexpr double kVpdqDefaultTargetPercent = 80.0;

// How two values of a kind are compared.
enum class SignalDistance : uint8_t {
  kExact,    // equal bytes match (distance 0), anything else does not
  kHamming,  // number of differing bits (vPDQ: between two frames' PDQ)
};

// How values of a kind are laid out, stored and exchanged.
enum class SignalValueForm : uint8_t {
  // byte_size bytes; hex text of hex_length digits; stored packed back to
  // back; imported from and exported to hash lists.
  kFixed,
  // A binary vPDQ signal of any size (vigil/vpdq.h): no single-value hex
  // form, not importable from lists; the store keys it by its id (SHA-256
  // of its bytes) and keeps each value in a packed segment of its own.
  kVpdqSignal,
};

// Which matcher handles a kind, and therefore what computes its query value.
enum class SignalMatchPath : uint8_t {
  kFileDigest,  // a digest of the raw file bytes (Digests), exact lookup
  kImagePdq,    // the PDQ of an image or of each video frame, Hamming index
  kVideo,       // a whole video (vPDQ), matched by the share rule
};

// Value of SignalKind::distance() for exact kinds when the values differ.
inline constexpr int kSignalUnequal = INT_MAX;

// One row of the table of signal kinds.
struct SignalKind {
  SignalType type;
  const char* name;  // lowercase, as printed and parsed
  // Another name hash lists use for this kind ("video_md5" in
  // python-threatexchange exports), accepted by the list importer; or null.
  const char* list_alias;
  size_t byte_size;   // bytes of one value; 0 = variable size (vPDQ)
  size_t hex_length;  // hex digits of one value; 0 = no single-value hex form
  SignalDistance distance_kind;
  SignalValueForm value_form;
  SignalMatchPath match_path;
  // Part of a file's own signals (Digests::ToSignals, what hash and block
  // stores). False for the XXH3 content key, which sets may still list.
  bool file_signal;
  int default_threshold;    // a set's threshold when it names none
  int max_threshold;        // highest threshold a set may choose (0: exact)
  int default_min_quality;  // perceptual kinds: lowest query quality matched
  // How strong a match's evidence is at equal distance, lower is stronger:
  // exact digests, then a whole video, then one image or frame.
  int tie_rank;
  // Distance between two values (for vPDQ: two frames' 32-byte PDQ hashes):
  // 0..max for Hamming kinds, 0 or kSignalUnequal for exact kinds. Values
  // of different sizes are unequal.
  int (*distance)(std::span<const uint8_t> a, std::span<const uint8_t> b);

  constexpr bool perceptual() const {
    return distance_kind == SignalDistance::kHamming;
  }
  constexpr bool fixed_size() const { return byte_size != 0; }
};

// Every kind, in numeric order of its SignalType.
VIGIL_EXPORT std::span<const SignalKind> AllSignalKinds();
// The row of `type`, or nullptr for a value outside the enum.
VIGIL_EXPORT const SignalKind* FindSignalKind(SignalType type);
// The row of `type`; for a value outside the enum, a row named "unknown"
// with no size, no hex form and exact distance.
VIGIL_EXPORT const SignalKind& KindOf(SignalType type);

// Thin lookups in the table, kept for callers.

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
// Errors: kInvalidArgument ("sha256 needs 64 hex characters, got 40"; "vpdq
// has no single-value hex form").
VIGIL_EXPORT Result<Signal> ParseSignal(SignalType type, std::string_view hex);

}  // namespace vigil

#endif  // VIGIL_SIGNAL_TYPE_H_
