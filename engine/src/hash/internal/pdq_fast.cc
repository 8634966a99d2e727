// Copyright 2026 The Vigil Authors.

#include "hash/internal/pdq_fast.h"

#include <cstdint>

#include "hash/internal/pdq_fast_avx2.h"

namespace vigil::internal {
namespace {

// Carves 32-byte-aligned regions out of one float vector.
class Carver {
 public:
  explicit Carver(std::vector<float>* buffer) : buffer_(buffer) {}
  void Reserve(size_t floats) { total_ += Round(floats); }
  // REQUIRES: all Reserve() calls done, then Allocate().
  void Allocate() {
    if (buffer_->size() < total_ + kAlign) buffer_->resize(total_ + kAlign);
    const auto addr = reinterpret_cast<uintptr_t>(buffer_->data());
    const size_t skew = (addr / sizeof(float)) % kAlign;
    next_ = buffer_->data() + (skew == 0 ? 0 : kAlign - skew);
  }
  float* Take(size_t floats) {
    float* p = next_;
    next_ += Round(floats);
    return p;
  }

 private:
  static constexpr size_t kAlign = 8;  // floats: 32 bytes
  static size_t Round(size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }
  std::vector<float>* buffer_;
  size_t total_ = 0;
  float* next_ = nullptr;
};

}  // namespace

bool FastPdqAvailable() {
  static const bool available = CpuHasAvx2();
  return available;
}

bool FastPdqDownsample(const PdqImage& image, bool always_filter,
                       std::vector<float>* buffer, float (&out)[64][64]) {
  if (!FastPdqAvailable()) return false;
  const int w = image.width;
  const int h = image.height;
  if (!always_filter && w == 64 && h == 64) {
    // The reference hashes a 64x64 luma image without blurring it.
    for (int i = 0; i < 64; ++i) {
      const uint8_t* row = image.data + static_cast<size_t>(i) * image.stride;
      for (int j = 0; j < 64; ++j) {
        out[i][j] =
            image.pixels == PdqPixels::kRgb
                ? LumaFromRgb(row[3 * j], row[3 * j + 1], row[3 * j + 2])
                : static_cast<float>(row[j]);
      }
    }
    return true;
  }

  PdqFastPlan plan;
  plan.width = w;
  plan.height = h;
  plan.padded_width = (w + kPdqLanes - 1) / kPdqLanes * kPdqLanes;
  plan.horizontal = BoxPhases::Make(w, JaroszWindowSize(w));
  plan.vertical = BoxPhases::Make(h, JaroszWindowSize(h));
  plan.ring_rows = plan.vertical.window + kPdqStripRows;
  plan.reciprocal_divide = plan.horizontal.window <= kPdqMaxReciprocalCount &&
                           plan.vertical.window <= kPdqMaxReciprocalCount;
  for (int t = 0; t < 64; ++t) {
    plan.sample_cols[t] = DecimationIndex(t, w);
    plan.sample_rows[t] = DecimationIndex(t, h);
  }
  const size_t pw = static_cast<size_t>(plan.padded_width);
  Carver carver(buffer);
  carver.Reserve(pw * kPdqStripRows);
  carver.Reserve(8 * kPdqStripRows);
  carver.Reserve(pw * plan.ring_rows);
  carver.Reserve(pw);
  carver.Reserve(pw * kPdqStripRows);
  carver.Reserve(static_cast<size_t>(h) * 64);
  carver.Reserve(pw);
  carver.Allocate();
  plan.strip = carver.Take(pw * kPdqStripRows);
  plan.r1_block = carver.Take(8 * kPdqStripRows);
  plan.ring = carver.Take(pw * plan.ring_rows);
  plan.column_sums = carver.Take(pw);
  plan.c1_rows = carver.Take(pw * kPdqStripRows);
  plan.r2_samples = carver.Take(static_cast<size_t>(h) * 64);
  plan.spare_row = carver.Take(pw);
  PdqDownsampleAvx2(image, plan, out);
  return true;
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
