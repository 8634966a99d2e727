// Copyright 2026 The Vigil Authors.
//
// File: vigil/hex.h
// -----------------------------------------------------------------------------
// Hexadecimal text form of hashes. Encoding is lowercase. Decoding is strict:
// an even number of characters from [0-9a-fA-F] and nothing else (no "0x",
// no spaces, no separators); every error names the offending position.
//
//   std::string text = vigil::HexEncode(digest);      // "d41d8cd9..."
//   std::array<uint8_t, 16> md5;
//   VIGIL_RETURN_IF_ERROR(vigil::HexDecodeInto(text, md5));
//
// Thread-safety: pure functions.

#ifndef VIGIL_HEX_H_
#define VIGIL_HEX_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/result.h"
#include "vigil/status.h"

namespace vigil {

// Returns the lowercase hex form of `bytes` (2 characters per byte).
VIGIL_EXPORT std::string HexEncode(std::span<const uint8_t> bytes);

// Appends the lowercase hex form of `bytes` to `*out`.
VIGIL_EXPORT void HexEncodeTo(std::span<const uint8_t> bytes, std::string* out);

// Decodes `text` into exactly `out.size()` bytes.
// Errors (kInvalidArgument): wrong length ("expected 64 hex characters,
// got 63"), or a character that is not a hex digit ("invalid hex character
// 'g' at position 5"). On error `out` is left unspecified.
VIGIL_EXPORT Status HexDecodeInto(std::string_view text,
                                  std::span<uint8_t> out);

// Decodes `text` of any even length. Errors as for HexDecodeInto, plus
// "odd number of hex characters" for an odd length.
VIGIL_EXPORT Result<std::vector<uint8_t>> HexDecode(std::string_view text);

}  // namespace vigil

#endif  // VIGIL_HEX_H_
