// Copyright 2026 The Vigil Authors.

#include "vigil/hex.h"

#include <string>

namespace vigil {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

// Returns the value of a hex digit, or -1.
inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Printable(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  char buf[8];
  std::snprintf(buf, sizeof(buf), "0x%02x", u);
  return buf;
}

Status DecodeChecked(std::string_view text, uint8_t* out) {
  for (size_t i = 0; i < text.size(); i += 2) {
    int hi = HexValue(text[i]);
    int lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) {
      size_t bad = hi < 0 ? i : i + 1;
      return InvalidArgumentError("invalid hex character " +
                                  Printable(text[bad]) + " at position " +
                                  std::to_string(bad));
    }
    out[i / 2] = static_cast<uint8_t>((hi << 4) | lo);
  }
  return Status::OK();
}

}  // namespace

void HexEncodeTo(std::span<const uint8_t> bytes, std::string* out) {
  size_t start = out->size();
  out->resize(start + 2 * bytes.size());
  char* p = out->data() + start;
  for (uint8_t b : bytes) {
    *p++ = kDigits[b >> 4];
    *p++ = kDigits[b & 0xf];
  }
}

std::string HexEncode(std::span<const uint8_t> bytes) {
  std::string out;
  HexEncodeTo(bytes, &out);
  return out;
}

Status HexDecodeInto(std::string_view text, std::span<uint8_t> out) {
  if (text.size() != 2 * out.size()) {
    return InvalidArgumentError("expected " + std::to_string(2 * out.size()) +
                                " hex characters, got " +
                                std::to_string(text.size()));
  }
  return DecodeChecked(text, out.data());
}

Result<std::vector<uint8_t>> HexDecode(std::string_view text) {
  if (text.size() % 2 != 0) {
    return InvalidArgumentError("odd number of hex characters (" +
                                std::to_string(text.size()) + ")");
  }
  std::vector<uint8_t> out(text.size() / 2);
  Status s = DecodeChecked(text, out.data());
  if (!s.ok()) return s;
  return out;
}

}  // namespace vigil
