// Copyright 2026 The Vigil Authors.
//
// A minimal EXIF reader: only IFD0's Orientation tag (0x0112), following
// the TIFF 6.0 layout that EXIF (CIPA DC-008) reuses. Every offset is
// bounds-checked against the payload; anything odd yields 0.

#include <cstring>

#include "media/internal/decoders.h"

namespace vigil::internal {

int ParseExifOrientation(Bytes exif) {
  if (exif.size() >= 6 && std::memcmp(exif.data(), "Exif\0\0", 6) == 0) {
    exif = exif.subspan(6);
  }
  if (exif.size() < 8) return 0;
  bool little;
  if (exif[0] == 'I' && exif[1] == 'I') {
    little = true;
  } else if (exif[0] == 'M' && exif[1] == 'M') {
    little = false;
  } else {
    return 0;
  }
  auto u16 = [&](size_t at) -> uint32_t {
    return little ? (uint32_t{exif[at]} | (uint32_t{exif[at + 1]} << 8))
                  : ((uint32_t{exif[at]} << 8) | uint32_t{exif[at + 1]});
  };
  auto u32 = [&](size_t at) -> uint32_t {
    return little ? (u16(at) | (u16(at + 2) << 16))
                  : ((u16(at) << 16) | u16(at + 2));
  };
  if (u16(2) != 42) return 0;
  uint64_t ifd = u32(4);
  if (ifd + 2 > exif.size()) return 0;
  uint32_t count = u16(ifd);
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t entry = ifd + 2 + uint64_t{12} * i;
    if (entry + 12 > exif.size()) return 0;
    if (u16(entry) != 0x0112) continue;
    // Type SHORT (3), count 1: the value sits in the first 2 bytes of the
    // value field.
    if (u16(entry + 2) != 3 || u32(entry + 4) < 1) return 0;
    uint32_t v = u16(entry + 8);
    return (v >= 1 && v <= 8) ? static_cast<int>(v) : 0;
  }
  return 0;
}

}  // namespace vigil::internal
