// Copyright 2026 The Vigil Authors.
//
// Pieces of the PDQ algorithm shared by the reference-style path
// (pdq_reference.h) and the fast path (pdq_fast.h): the Jarosz window and
// decimation arithmetic, the DCT matrix, the quality metric, the median and
// the bit extraction, and the dihedral transforms of the DCT block. Every
// function reproduces the float arithmetic of Meta's reference
// (facebook/ThreatExchange pdq/cpp) operation for operation.
//
// Thread-safety: pure functions (the DCT matrix is built once, thread-safely).

#ifndef VIGIL_HASH_INTERNAL_PDQ_CORE_H_
#define VIGIL_HASH_INTERNAL_PDQ_CORE_H_

#include <cstddef>
#include <cstdint>

#include "vigil/pdq.h"

namespace vigil::internal {

// Images with a side below this hash to zeros with quality 0 (reference
// MIN_HASHABLE_DIM).
inline constexpr int kPdqMinHashableDim = 5;
// Side of the decimated image and of the DCT block.
inline constexpr int kPdqDownsampleSize = 64;
inline constexpr int kPdqDctSize = 16;

enum class PdqPixels { kRgb, kGrey };

// A borrowed 8-bit image: row r starts at data + r * stride (at data +
// (height - 1 - r) * stride when reverse_rows: the image mirrored top to
// bottom, read in place); each pixel is 3 bytes (R, G, B) for kRgb and 1
// byte for kGrey.
struct PdqImage {
  const uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  size_t stride = 0;
  PdqPixels pixels = PdqPixels::kRgb;
  bool reverse_rows = false;
};

// The first byte of row r (0 <= r < image.height) of `image`.
inline const uint8_t* PdqRow(const PdqImage& image, int r) {
  const int y = image.reverse_rows ? image.height - 1 - r : r;
  return image.data + static_cast<size_t>(y) * image.stride;
}

// The reference's luma coefficients, as floats.
inline constexpr float kLumaR = 0.299f;
inline constexpr float kLumaG = 0.587f;
inline constexpr float kLumaB = 0.114f;

// Luma of one pixel exactly as the reference computes it (two products,
// then two additions, left to right; no fused multiply-add).
inline float LumaFromRgb(uint8_t r, uint8_t g, uint8_t b) {
  float y = kLumaR * static_cast<float>(r);
  y = y + kLumaG * static_cast<float>(g);
  return y + kLumaB * static_cast<float>(b);
}

// Box-filter window for one axis: ceil(old_dim / 128), at least 1 for
// old_dim >= 1 (reference computeJaroszFilterWindowSize with new size 64).
inline int JaroszWindowSize(int old_dim) {
  return static_cast<int>((static_cast<int64_t>(old_dim) + 127) / 128);
}

// The four phases of the reference's 1-D box filter (box1DFloat) of a
// vector of `length` with window `window`:
//   phase 1: add `lead` inputs without writing;
//   phase 2: `grow` outputs, each after one more add, divided by the count;
//   phase 3: `full` outputs, each after an add then a subtract, / window;
//   phase 4: `lead` outputs, each after a subtract, count decreasing.
// Output o therefore adds input lead + o when o < grow + full, subtracts
// input o - grow when o >= grow, and divides by Count(o).
struct BoxPhases {
  int lead = 0;
  int grow = 0;
  int full = 0;
  int window = 0;
  int length = 0;

  static BoxPhases Make(int length, int window) {
    BoxPhases p;
    const int half = (window + 2) / 2;
    p.lead = half - 1;
    p.grow = window - half + 1;
    p.full = length - window;
    p.window = window;
    p.length = length;
    return p;
  }
  // True when output o adds input lead + o.
  bool Adds(int o) const { return o < grow + full; }
  // True when output o subtracts input o - grow (after the add).
  bool Subtracts(int o) const { return o >= grow; }
  // The divisor of output o.
  int Count(int o) const {
    if (o < grow) return lead + o + 1;
    if (o < grow + full) return window;
    return window - (o - grow - full) - 1;
  }
};

// Row or column of the full image sampled for decimated index `out_index`
// (0..63): (int)(((out_index + 0.5) * in_dim) / 64) in double, as the
// reference's decimateFloat.
inline int DecimationIndex(int out_index, int in_dim) {
  return static_cast<int>(((out_index + 0.5) * in_dim) / kPdqDownsampleSize);
}

// The 16x64 DCT matrix, row-major: entry (i, j) at [i * 64 + j].
const float* DctMatrix16x64();

// Image-domain quality (0..100) of the decimated 64x64 image.
int PdqQuality(const float (&image)[64][64]);

// Torben's median of v[0..n-1] (returns the (n+1)/2-th smallest for even
// n), as the reference's torben(). REQUIRES: n >= 1, no NaN.
float TorbenMedian(const float* v, int n);

// Bit k = 16 i + j set iff dct[i][j] > median of the 256 coefficients.
PdqHash HashFromDct(const float (&dct)[16][16]);

// Writes into `out` the DCT block of the image transformed by `variant`,
// derived from the original block `in` by sign flips and transposition.
void DihedralDct(Dihedral variant, const float (&in)[16][16],
                 float (&out)[16][16]);

}  // namespace vigil::internal

#endif  // VIGIL_HASH_INTERNAL_PDQ_CORE_H_
