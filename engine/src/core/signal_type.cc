// Copyright 2026 The Vigil Authors.

#include "vigil/signal_type.h"

#include <array>
#include <string>

#include "vigil/hex.h"

namespace vigil {
namespace {

constexpr std::array<SignalType, 6> kAll = {
    SignalType::kMd5, SignalType::kSha1, SignalType::kSha256,
    SignalType::kPdq, SignalType::kVpdq, SignalType::kXxh128,
};

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

std::span<const SignalType> AllSignalTypes() { return kAll; }

const char* SignalTypeName(SignalType type) {
  switch (type) {
    case SignalType::kMd5:
      return "md5";
    case SignalType::kSha1:
      return "sha1";
    case SignalType::kSha256:
      return "sha256";
    case SignalType::kPdq:
      return "pdq";
    case SignalType::kVpdq:
      return "vpdq";
    case SignalType::kXxh128:
      return "xxh128";
  }
  return "unknown";
}

Result<SignalType> ParseSignalType(std::string_view name) {
  for (SignalType t : kAll) {
    if (EqualsIgnoreCase(name, SignalTypeName(t))) return t;
  }
  std::string known;
  for (SignalType t : kAll) {
    if (!known.empty()) known += ", ";
    known += SignalTypeName(t);
  }
  return InvalidArgumentError("unknown signal type '" + std::string(name) +
                              "' (known: " + known + ")");
}

Result<SignalType> SignalTypeFromByte(uint8_t value) {
  for (SignalType t : kAll) {
    if (static_cast<uint8_t>(t) == value) return t;
  }
  return CorruptInputError("unknown signal type number " +
                           std::to_string(value));
}

size_t SignalTypeByteSize(SignalType type) {
  switch (type) {
    case SignalType::kMd5:
      return 16;
    case SignalType::kSha1:
      return 20;
    case SignalType::kSha256:
      return 32;
    case SignalType::kPdq:
      return 32;
    case SignalType::kVpdq:
      return 0;
    case SignalType::kXxh128:
      return 16;
  }
  return 0;
}

bool SignalTypeIsPerceptual(SignalType type) {
  return type == SignalType::kPdq || type == SignalType::kVpdq;
}

std::string Signal::ToHex() const { return HexEncode(bytes); }

Result<Signal> ParseSignal(SignalType type, std::string_view hex) {
  size_t size = SignalTypeByteSize(type);
  if (size == 0) {
    return InvalidArgumentError(std::string(SignalTypeName(type)) +
                                " has no single-value hex form");
  }
  Signal signal;
  signal.type = type;
  signal.bytes.resize(size);
  if (hex.size() != 2 * size) {
    return InvalidArgumentError(std::string(SignalTypeName(type)) + " needs " +
                                std::to_string(2 * size) +
                                " hex characters, got " +
                                std::to_string(hex.size()));
  }
  Status s = HexDecodeInto(hex, signal.bytes);
  if (!s.ok()) return s;
  return signal;
}

}  // namespace vigil
