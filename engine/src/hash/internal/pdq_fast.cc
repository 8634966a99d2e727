// Copyright 2026 The Vigil Authors.

#include "hash/internal/pdq_fast.h"

#include <cstdint>

#include "hash/internal/pdq_fast_plan.h"

namespace vigil::internal {
namespace {

// Carves 64-byte-aligned regions out of one float vector.
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
  static constexpr size_t kAlign = 16;  // floats: 64 bytes
  static size_t Round(size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }
  std::vector<float>* buffer_;
  size_t total_ = 0;
  float* next_ = nullptr;
};

}  // namespace

bool CpuSupports(PdqKernel kernel) {
#if defined(__x86_64__)
  switch (kernel) {
    case PdqKernel::kNone:
      return false;
    case PdqKernel::kAvx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case PdqKernel::kAvx512:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
             __builtin_cpu_supports("avx512f") &&
             __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512vbmi");
  }
#endif
  (void)kernel;
  return false;
}

PdqKernel BestPdqKernel() {
  // AVX2 even where AVX-512 exists: on Zen 4 (double-pumped 512-bit
  // units) the AVX-512 kernel measured ~30% slower (bench/hash,
  // BM_PdqKernel). It stays available for CPUs with full-width units once
  // measured there.
  static const PdqKernel best =
      CpuSupports(PdqKernel::kAvx2) ? PdqKernel::kAvx2 : PdqKernel::kNone;
  return best;
}

bool FastPdqAvailable() { return BestPdqKernel() != PdqKernel::kNone; }

bool FastPdqDownsample(const PdqImage& image, bool always_filter,
                       std::vector<float>* buffer, float (&out)[64][64]) {
  return FastPdqDownsampleWith(BestPdqKernel(), image, always_filter, buffer,
                               out);
}

namespace {

// Plans and runs the kernel (see FastPdqDownsampleWith); with `mirrored`,
// also the downsample of the image mirrored left to right from the same
// first passes (the caller checks that this is exact).
void RunKernel(PdqKernel kernel, const PdqImage& image,
               std::vector<float>* buffer, float (&out)[64][64],
               float (*mirrored)[64][64]) {
  const int w = image.width;
  const int h = image.height;
  PdqFastPlan plan;
  plan.width = w;
  plan.height = h;
  plan.padded_width = (w + kPdqMaxLanes - 1) / kPdqMaxLanes * kPdqMaxLanes;
  plan.horizontal = BoxPhases::Make(w, JaroszWindowSize(w));
  plan.vertical = BoxPhases::Make(h, JaroszWindowSize(h));
  // Rows from the oldest one a pending vertical output may subtract to the
  // newest of a fresh strip: window + strip + one output group.
  plan.ring_rows = plan.vertical.window + kPdqStripRows + kPdqMaxLanes;
  plan.reciprocal_divide = plan.horizontal.window <= kPdqMaxReciprocalCount &&
                           plan.vertical.window <= kPdqMaxReciprocalCount;
  for (int t = 0; t < 64; ++t) {
    plan.sample_cols[t] = DecimationIndex(t, w);
    plan.sample_rows[t] = DecimationIndex(t, h);
  }
  const size_t pw = static_cast<size_t>(plan.padded_width);
  const size_t strip = pw * kPdqStripRows;
  const size_t block = size_t{kPdqMaxLanes} * kPdqStripRows;
  const size_t ring = pw * static_cast<size_t>(plan.ring_rows);
  const size_t samples = static_cast<size_t>(h) * 64;
  const size_t mirrored_samples = mirrored != nullptr ? samples : 0;
  Carver carver(buffer);
  for (size_t n :
       {strip, block, ring, pw, strip, samples, pw, pw, mirrored_samples}) {
    carver.Reserve(n);
  }
  carver.Allocate();
  plan.strip = carver.Take(strip);
  plan.r1_block = carver.Take(block);
  plan.ring = carver.Take(ring);
  plan.column_sums = carver.Take(pw);
  plan.r2_strip = carver.Take(strip);
  plan.r2_samples = carver.Take(samples);
  plan.spare_row = carver.Take(pw);
  plan.zero_row = carver.Take(pw);
  if (mirrored != nullptr) plan.r2_samples_mirrored = carver.Take(samples);
  for (size_t x = 0; x < pw; ++x) plan.zero_row[x] = 0.0f;
  if (kernel == PdqKernel::kAvx512) {
    PdqDownsampleAvx512(image, plan, out, mirrored);
  } else {
    PdqDownsampleAvx2(image, plan, out, mirrored);
  }
}

}  // namespace

bool FastPdqDownsampleWith(PdqKernel kernel, const PdqImage& image,
                           bool always_filter, std::vector<float>* buffer,
                           float (&out)[64][64]) {
  if (kernel == PdqKernel::kNone || !CpuSupports(kernel)) return false;
  const int w = image.width;
  const int h = image.height;
  // The kernels index strip columns with int arithmetic (column * 32).
  if (w > kPdqMaxFastWidth) return false;
  if (!always_filter && w == 64 && h == 64) {
    // The reference hashes a 64x64 luma image without blurring it.
    for (int i = 0; i < 64; ++i) {
      const uint8_t* row = PdqRow(image, i);
      for (int j = 0; j < 64; ++j) {
        out[i][j] =
            image.pixels == PdqPixels::kRgb
                ? LumaFromRgb(row[3 * j], row[3 * j + 1], row[3 * j + 2])
                : static_cast<float>(row[j]);
      }
    }
    return true;
  }
  RunKernel(kernel, image, buffer, out, nullptr);
  return true;
}

bool FastPdqMirrorSharesFirstPasses(const PdqImage& image) {
  const int window = JaroszWindowSize(image.width);
  return image.pixels == PdqPixels::kGrey && window % 2 == 1 &&
         255 * (static_cast<int64_t>(window) + 1) < (int64_t{1} << 24) &&
         !(image.width == 64 && image.height == 64);
}

bool FastPdqDownsamplePair(const PdqImage& image, std::vector<float>* buffer,
                           float (&out)[64][64], float (&mirrored)[64][64]) {
  const PdqKernel kernel = BestPdqKernel();
  if (kernel == PdqKernel::kNone || image.width > kPdqMaxFastWidth ||
      !FastPdqMirrorSharesFirstPasses(image)) {
    return false;
  }
  RunKernel(kernel, image, buffer, out, &mirrored);
  return true;
}

int FastPdqQuality(const float (&image)[64][64]) {
  if (BestPdqKernel() == PdqKernel::kAvx2) return PdqQualityAvx2(image);
  return PdqQuality(image);
}

void FastDct64To16(const float (&in)[64][64], float (&out)[16][16]) {
  if (BestPdqKernel() == PdqKernel::kAvx2) {
    PdqDct64To16Avx2(in, out);
    return;
  }
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
