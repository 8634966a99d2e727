// Copyright 2026 The Vigil Authors.

#include "hash/internal/pdq_fast.h"

namespace vigil::internal {

bool FastPdqAvailable() { return false; }

bool FastPdqDownsample(const PdqImage& /*image*/, bool /*always_filter*/,
                       std::vector<float>* /*buffer*/,
                       float (&/*out*/)[64][64]) {
  return false;
}

void FastDct64To16(const float (&in)[64][64], float (&out)[16][16]) {
  // T = D * in, then out = T * D^T. Each output element is a dot product
  // summed over k = 0..63 in order; the loops below keep that order per
  // element and put independent elements (j) innermost.
  const float* d = DctMatrix16x64();
  float t[16][64];
  for (int i = 0; i < 16; ++i) {
    float acc[64] = {};
    for (int k = 0; k < 64; ++k) {
      const float dik = d[i * 64 + k];
      for (int j = 0; j < 64; ++j) acc[j] += dik * in[k][j];
    }
    for (int j = 0; j < 64; ++j) t[i][j] = acc[j];
  }
  float dt[64][16];  // D transposed
  for (int j = 0; j < 16; ++j) {
    for (int k = 0; k < 64; ++k) dt[k][j] = d[j * 64 + k];
  }
  for (int i = 0; i < 16; ++i) {
    float acc[16] = {};
    for (int k = 0; k < 64; ++k) {
      const float tik = t[i][k];
      for (int j = 0; j < 16; ++j) acc[j] += tik * dt[k][j];
    }
    for (int j = 0; j < 16; ++j) out[i][j] = acc[j];
  }
}

}  // namespace vigil::internal
