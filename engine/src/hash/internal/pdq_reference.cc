// Copyright 2026 The Vigil Authors.

#include "hash/internal/pdq_reference.h"

#include <cstddef>

namespace vigil::internal {
namespace {

// One 1-D box filter (reference box1DFloat) over `length` elements spaced
// `step` apart: a running sum, added to before it is subtracted from, and
// each output divided by the number of inputs in the window.
void Box1D(const float* in, float* out, int length, size_t step, int window) {
  const BoxPhases p = BoxPhases::Make(length, window);
  float sum = 0.0f;
  for (int k = 0; k < p.lead; ++k) sum += in[k * step];
  for (int o = 0; o < length; ++o) {
    if (p.Adds(o)) sum += in[static_cast<size_t>(p.lead + o) * step];
    if (p.Subtracts(o)) sum -= in[static_cast<size_t>(o - p.grow) * step];
    out[o * step] = sum / static_cast<float>(p.Count(o));
  }
}

void FillLuma(const PdqImage& image, float* luma) {
  const size_t w = static_cast<size_t>(image.width);
  for (int r = 0; r < image.height; ++r) {
    const uint8_t* row = PdqRow(image, r);
    float* dst = luma + static_cast<size_t>(r) * w;
    if (image.pixels == PdqPixels::kRgb) {
      for (size_t c = 0; c < w; ++c) {
        dst[c] = LumaFromRgb(row[3 * c], row[3 * c + 1], row[3 * c + 2]);
      }
    } else {
      for (size_t c = 0; c < w; ++c) dst[c] = static_cast<float>(row[c]);
    }
  }
}

}  // namespace

void ReferencePdqDownsample(const PdqImage& image, bool always_filter,
                            std::vector<float>* buffer1,
                            std::vector<float>* buffer2, float (&out)[64][64]) {
  const int rows = image.height;
  const int cols = image.width;
  const size_t w = static_cast<size_t>(cols);
  const size_t n = static_cast<size_t>(rows) * w;
  buffer1->resize(n);
  buffer2->resize(n);
  float* b1 = buffer1->data();
  float* b2 = buffer2->data();
  FillLuma(image, b1);

  if (!always_filter && rows == 64 && cols == 64) {
    for (int i = 0; i < 64; ++i) {
      for (int j = 0; j < 64; ++j) out[i][j] = b1[i * 64 + j];
    }
    return;
  }

  // Jarosz tent filter: two rounds of (box along rows, box along columns).
  const int window_along_rows = JaroszWindowSize(cols);
  const int window_along_cols = JaroszWindowSize(rows);
  for (int round = 0; round < 2; ++round) {
    for (int r = 0; r < rows; ++r) {
      Box1D(b1 + r * w, b2 + r * w, cols, 1, window_along_rows);
    }
    for (int c = 0; c < cols; ++c) {
      Box1D(b2 + c, b1 + c, rows, w, window_along_cols);
    }
  }

  for (int i = 0; i < 64; ++i) {
    const size_t src_row = static_cast<size_t>(DecimationIndex(i, rows));
    for (int j = 0; j < 64; ++j) {
      out[i][j] = b1[src_row * w + DecimationIndex(j, cols)];
    }
  }
}

void ReferenceDct64To16(const float (&in)[64][64], float (&out)[16][16]) {
  const float* d = DctMatrix16x64();
  float t[16][64];
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 64; ++j) {
      float sum = 0.0f;
      for (int k = 0; k < 64; ++k) sum += d[i * 64 + k] * in[k][j];
      t[i][j] = sum;
    }
  }
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) {
      float sum = 0.0f;
      for (int k = 0; k < 64; ++k) sum += t[i][k] * d[j * 64 + k];
      out[i][j] = sum;
    }
  }
}

}  // namespace vigil::internal
