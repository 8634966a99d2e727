// Copyright 2026 The Vigil Authors.
//
// File: bindings/common/pixels.h
// Hashing of caller-decoded pixel buffers, shared by the C API and the
// Python module: RGB buffers go to MediaHasher::HashRgb; grey buffers (one
// byte per pixel) are hashed here with the same limits, digests and PDQ
// options, through vigil::ComputePdqFromLuma, so that a grey frame is hashed
// as the reference hashes grey input (not as R=G=B RGB, which can differ in
// a few bits).
//
// Thread-safety: reentrant; as MediaHasher.

#ifndef VIGIL_BINDINGS_COMMON_PIXELS_H_
#define VIGIL_BINDINGS_COMMON_PIXELS_H_

#include <cstddef>
#include <cstdint>

#include "vigil/media_hasher.h"
#include "vigil/result.h"

namespace vigil::bindings {

// Hashes `height` rows of `width` pixels of `channels` (1 grey, 3 RGB)
// bytes each, row r starting at pixels + r * stride_bytes (0: packed).
// The digests are those of the (height - 1) * stride + width * channels
// bytes the rows span.
// Errors: kInvalidArgument (null pixels, sizes < 1, channels not 1 or 3,
// stride too small, size overflow); kLimitExceeded (hasher limits).
Result<MediaHashes> HashPixels(const MediaHasher& hasher, const uint8_t* pixels,
                               int width, int height, int channels,
                               size_t stride_bytes);

// The media type reported for such a buffer (vigil/json.h
// HashJsonOptions::media_type): "image/x-raw-rgb24" for 3 channels,
// "image/x-raw-gray8" for 1.
inline const char* RawPixelsMediaType(int channels) {
  return channels == 3 ? "image/x-raw-rgb24" : "image/x-raw-gray8";
}

}  // namespace vigil::bindings

#endif  // VIGIL_BINDINGS_COMMON_PIXELS_H_
