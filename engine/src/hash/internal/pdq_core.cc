// Copyright 2026 The Vigil Authors.

#include "hash/internal/pdq_core.h"

#include <array>
#include <cmath>
#include <cstdlib>

namespace vigil::internal {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Entry (i, j) is sqrt(2/64) * cos(pi/2/64 * (i+1) * (2j+1)): the scale is
// rounded to float first, the product is taken in double and then rounded
// to float, which is what the reference's initialiser does.
std::array<float, 16 * 64> BuildDctMatrix() {
  std::array<float, 16 * 64> m{};
  const float scale = static_cast<float>(std::sqrt(2.0 / 64.0));
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 64; ++j) {
      const double angle = (kPi / 2.0 / 64.0) * static_cast<double>(i + 1) *
                           static_cast<double>(2 * j + 1);
      m[i * 64 + j] =
          static_cast<float>(static_cast<double>(scale) * std::cos(angle));
    }
  }
  return m;
}

}  // namespace

const float* DctMatrix16x64() {
  static const std::array<float, 16 * 64> kMatrix = BuildDctMatrix();
  return kMatrix.data();
}

int PdqQuality(const float (&image)[64][64]) {
  // Quantised gradients: (u - v) * 100 / 255 in float, truncated to int,
  // so that only significant steps count.
  int gradient_sum = 0;
  for (int i = 0; i < 63; ++i) {
    for (int j = 0; j < 64; ++j) {
      const float diff = image[i][j] - image[i + 1][j];
      const int d = static_cast<int>((diff * 100.0f) / 255.0f);
      gradient_sum += std::abs(d);
    }
  }
  for (int i = 0; i < 64; ++i) {
    for (int j = 0; j < 63; ++j) {
      const float diff = image[i][j] - image[i][j + 1];
      const int d = static_cast<int>((diff * 100.0f) / 255.0f);
      gradient_sum += std::abs(d);
    }
  }
  const int quality = gradient_sum / 90;
  return quality > 100 ? 100 : quality;
}

float TorbenMedian(const float* v, int n) {
  // Bisects on value: each round counts the elements below and above a
  // guess and narrows [lo, hi] to the side holding the median.
  float lo = v[0];
  float hi = v[0];
  for (int i = 1; i < n; ++i) {
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  const int half = (n + 1) / 2;
  float guess = 0.0f;
  float max_below = 0.0f;
  float min_above = 0.0f;
  int below = 0;
  int equal = 0;
  for (;;) {
    guess = (lo + hi) / 2;
    below = 0;
    int above = 0;
    equal = 0;
    max_below = lo;
    min_above = hi;
    for (int i = 0; i < n; ++i) {
      if (v[i] < guess) {
        ++below;
        if (v[i] > max_below) max_below = v[i];
      } else if (v[i] > guess) {
        ++above;
        if (v[i] < min_above) min_above = v[i];
      } else {
        ++equal;
      }
    }
    if (below <= half && above <= half) break;
    if (below > above) {
      hi = max_below;
    } else {
      lo = min_above;
    }
  }
  if (below >= half) return max_below;
  if (below + equal >= half) return guess;
  return min_above;
}

PdqHash HashFromDct(const float (&dct)[16][16]) {
  const float median = TorbenMedian(&dct[0][0], 256);
  PdqHash hash;
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) {
      if (dct[i][j] > median) hash.SetBit(i * 16 + j);
    }
  }
  return hash;
}

void DihedralDct(Dihedral variant, const float (&in)[16][16],
                 float (&out)[16][16]) {
  // Rotating or flipping the image permutes DCT basis functions up to sign:
  // mirroring an axis negates the odd-frequency (here: even-index, since the
  // block starts at frequency 1) coefficients along it, and a transposition
  // swaps the axes. Element (i, j) is negated when (a*i + b*j + c) is odd.
  bool transpose = false;
  int a = 0, b = 0, c = 0;
  switch (variant) {
    case Dihedral::kOriginal:
      break;
    case Dihedral::kRot90:
      transpose = true, b = 1, c = 1;
      break;
    case Dihedral::kRot180:
      a = 1, b = 1;
      break;
    case Dihedral::kRot270:
      transpose = true, a = 1, c = 1;
      break;
    case Dihedral::kFlipX:
      a = 1, c = 1;
      break;
    case Dihedral::kFlipY:
      b = 1, c = 1;
      break;
    case Dihedral::kFlipPlus1:
      transpose = true;
      break;
    case Dihedral::kFlipMinus1:
      transpose = true, a = 1, b = 1;
      break;
  }
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) {
      const float value = ((a * i + b * j + c) & 1) ? -in[i][j] : in[i][j];
      if (transpose) {
        out[j][i] = value;
      } else {
        out[i][j] = value;
      }
    }
  }
}

}  // namespace vigil::internal
