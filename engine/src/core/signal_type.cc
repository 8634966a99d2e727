// Copyright 2026 The Vigil Authors.
//
// The table of signal kinds: the one place a kind is registered
// (docs/signal-kinds.md).

#include "vigil/signal_type.h"

#include <algorithm>
#include <array>
#include <string>

#include "vigil/hex.h"
#include "vigil/pdq_hash.h"

namespace vigil {
namespace {

int ExactDistance(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end()) ? 0
                                                            : kSignalUnequal;
}

constexpr SignalKind FileDigest(SignalType type, const char* name, size_t bytes,
                                bool file_signal,
                                const char* list_alias = nullptr) {
  return SignalKind{type,
                    name,
                    list_alias,
                    bytes,
                    2 * bytes,
                    SignalDistance::kExact,
                    SignalValueForm::kFixed,
                    SignalMatchPath::kFileDigest,
                    file_signal,
                    /*default_threshold=*/0,
                    /*max_threshold=*/0,
                    /*default_min_quality=*/0,
                    /*tie_rank=*/0,
                    &ExactDistance};
}

// In numeric order of SignalType. Persisted numbers never change.
constexpr std::array<SignalKind, 6> kKinds = {{
    FileDigest(SignalType::kMd5, "md5", 16, true, "video_md5"),
    FileDigest(SignalType::kSha1, "sha1", 20, true),
    FileDigest(SignalType::kSha256, "sha256", 32, true),
    {SignalType::kPdq, "pdq", nullptr, 32, 64, SignalDistance::kHamming,
     SignalValueForm::kFixed, SignalMatchPath::kImagePdq,
     /*file_signal=*/false, kPdqDefaultThreshold, /*max_threshold=*/256,
     kPdqDefaultMinQuality, /*tie_rank=*/2, &HammingDistanceBytes},
    // Thresholds and qualities of vPDQ apply to its frames' PDQ hashes.
    {SignalType::kVpdq, "vpdq", nullptr, 0, 0, SignalDistance::kHamming,
     SignalValueForm::kVpdqSignal, SignalMatchPath::kVideo,
     /*file_signal=*/false, kPdqDefaultThreshold, /*max_threshold=*/256,
     kPdqDefaultMinQuality, /*tie_rank=*/1, &HammingDistanceBytes},
    // The XXH3 content key: sets may list it, hash and block does not add it.
    FileDigest(SignalType::kXxh128, "xxh128", 16, false),
}};

constexpr SignalKind kUnknown{SignalType{0},
                              "unknown",
                              nullptr,
                              0,
                              0,
                              SignalDistance::kExact,
                              SignalValueForm::kFixed,
                              SignalMatchPath::kFileDigest,
                              false,
                              0,
                              0,
                              0,
                              0,
                              &ExactDistance};

// Sorted by type; a fixed value has a hex form of twice its size, a vPDQ
// signal neither; exact kinds have threshold 0.
constexpr bool Consistent() {
  for (size_t i = 0; i < kKinds.size(); ++i) {
    const SignalKind& k = kKinds[i];
    if (i > 0 && kKinds[i - 1].type >= k.type) return false;
    if (k.value_form == SignalValueForm::kFixed
            ? k.byte_size == 0 || k.hex_length != 2 * k.byte_size
            : k.byte_size != 0 || k.hex_length != 0) {
      return false;
    }
    if (!k.perceptual() && (k.default_threshold != 0 || k.max_threshold != 0))
      return false;
    if (k.default_threshold > k.max_threshold) return false;
  }
  return true;
}
static_assert(Consistent(), "inconsistent row in the table of signal kinds");

constexpr std::array<SignalType, kKinds.size()> AllTypes() {
  std::array<SignalType, kKinds.size()> out{};
  for (size_t i = 0; i < kKinds.size(); ++i) out[i] = kKinds[i].type;
  return out;
}
constexpr std::array<SignalType, kKinds.size()> kAllTypes = AllTypes();

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::span<const SignalKind> AllSignalKinds() { return kKinds; }

const SignalKind* FindSignalKind(SignalType type) {
  for (const SignalKind& kind : kKinds) {
    if (kind.type == type) return &kind;
  }
  return nullptr;
}

const SignalKind& KindOf(SignalType type) {
  const SignalKind* kind = FindSignalKind(type);
  return kind != nullptr ? *kind : kUnknown;
}

std::span<const SignalType> AllSignalTypes() { return kAllTypes; }

const char* SignalTypeName(SignalType type) { return KindOf(type).name; }

Result<SignalType> ParseSignalType(std::string_view name) {
  for (const SignalKind& kind : kKinds) {
    if (EqualsIgnoreCase(name, kind.name)) return kind.type;
  }
  std::string known;
  for (const SignalKind& kind : kKinds) {
    if (!known.empty()) known += ", ";
    known += kind.name;
  }
  return InvalidArgumentError("unknown signal type '" + std::string(name) +
                              "' (known: " + known + ")");
}

Result<SignalType> SignalTypeFromByte(uint8_t value) {
  const SignalKind* kind = FindSignalKind(static_cast<SignalType>(value));
  if (kind != nullptr) return kind->type;
  return CorruptInputError("unknown signal type number " +
                           std::to_string(value));
}

size_t SignalTypeByteSize(SignalType type) { return KindOf(type).byte_size; }

bool SignalTypeIsPerceptual(SignalType type) {
  return KindOf(type).perceptual();
}

std::string Signal::ToHex() const { return HexEncode(bytes); }

Result<Signal> ParseSignal(SignalType type, std::string_view hex) {
  const SignalKind& kind = KindOf(type);
  if (kind.hex_length == 0) {
    return InvalidArgumentError(std::string(kind.name) +
                                " has no single-value hex form");
  }
  if (hex.size() != kind.hex_length) {
    return InvalidArgumentError(
        std::string(kind.name) + " needs " + std::to_string(kind.hex_length) +
        " hex characters, got " + std::to_string(hex.size()));
  }
  Signal signal;
  signal.type = type;
  signal.bytes.resize(kind.byte_size);
  Status s = HexDecodeInto(hex, signal.bytes);
  if (!s.ok()) return s;
  return signal;
}

}  // namespace vigil
