// Copyright 2026 The Vigil Authors.
//
// The fast PDQ float stage (hash/internal/pdq_fast.h) against the
// reference-style one (hash/internal/pdq_reference.h): every float of the
// 64x64 downsample and of the DCT must be bit-identical, on random images
// of many sizes (each size exercises other window phases, strip tails and
// decimation grids).

#include "hash/internal/pdq_fast.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "hash/internal/pdq_core.h"
#include "hash/internal/pdq_fast_plan.h"
#include "hash/internal/pdq_reference.h"

namespace vigil::internal {
namespace {

// Random image content: smooth random blobs plus noise, so that sums carry
// real rounding; `noise` 255 gives pure noise.
std::vector<uint8_t> RandomPixels(size_t count, int noise, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> px(count);
  int level = static_cast<int>(rng() % 256);
  for (size_t i = 0; i < count; ++i) {
    if (rng() % 97 == 0) level = static_cast<int>(rng() % 256);
    int v = level + static_cast<int>(rng() % (2 * noise + 1)) - noise;
    px[i] = static_cast<uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
  }
  return px;
}

// The kernels this CPU runs.
std::vector<PdqKernel> Kernels() {
  std::vector<PdqKernel> kernels;
  for (PdqKernel k : {PdqKernel::kAvx2, PdqKernel::kAvx512}) {
    if (CpuSupports(k)) kernels.push_back(k);
  }
  return kernels;
}

const char* KernelName(PdqKernel k) {
  return k == PdqKernel::kAvx512 ? "avx512" : "avx2";
}

void ExpectSameDownsample(const PdqImage& image, bool always_filter,
                          std::vector<float>* fast_buffer) {
  float ref[64][64];
  std::vector<float> b1, b2;
  ReferencePdqDownsample(image, always_filter, &b1, &b2, ref);
  for (PdqKernel kernel : Kernels()) {
    float fast[64][64];
    std::memset(fast, 0xFF, sizeof(fast));
    ASSERT_TRUE(
        FastPdqDownsampleWith(kernel, image, always_filter, fast_buffer, fast));
    int mismatches = 0;
    for (int i = 0; i < 64; ++i) {
      for (int j = 0; j < 64; ++j) {
        if (std::memcmp(&fast[i][j], &ref[i][j], sizeof(float)) != 0) {
          if (++mismatches <= 3) {
            ADD_FAILURE() << KernelName(kernel) << " " << image.width << "x"
                          << image.height
                          << (image.pixels == PdqPixels::kRgb ? " rgb"
                                                              : " grey")
                          << " filter=" << always_filter << " at (" << i << ","
                          << j << "): fast " << fast[i][j] << " ref "
                          << ref[i][j];
          }
        }
      }
    }
    EXPECT_EQ(mismatches, 0)
        << KernelName(kernel) << " " << image.width << "x" << image.height;
  }
}

class PdqFastTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!FastPdqAvailable()) {
      GTEST_SKIP() << "this CPU has no AVX2+FMA: the fast path is not used";
    }
  }
};

TEST_F(PdqFastTest, BestKernelIsUsedAndSupported) {
  const PdqKernel best = BestPdqKernel();
  ASSERT_NE(best, PdqKernel::kNone);
  EXPECT_TRUE(CpuSupports(best));
  EXPECT_EQ(best, PdqKernel::kAvx2);
  std::vector<float> buffer;
  float out[64][64];
  const std::vector<uint8_t> px(100 * 100, 7);
  const PdqImage image{px.data(), 100, 100, 100, PdqPixels::kGrey};
  EXPECT_FALSE(
      FastPdqDownsampleWith(PdqKernel::kNone, image, false, &buffer, out));
  EXPECT_TRUE(FastPdqDownsample(image, false, &buffer, out));
  EXPECT_EQ(out[10][10], 7.0f);
  // Too wide for the kernels: refused before any pixel is read (the public
  // API then uses the reference-style stage).
  const PdqImage wide{px.data(), kPdqMaxFastWidth + 1, 5,
                      size_t{kPdqMaxFastWidth} + 1, PdqPixels::kGrey};
  EXPECT_FALSE(FastPdqDownsample(wide, false, &buffer, out));
}

TEST_F(PdqFastTest, DownsampleMatchesReferenceOnManySizes) {
  std::vector<float> buffer;
  std::vector<std::pair<int, int>> sizes = {
      {5, 5},     {5, 6},     {6, 5},     {7, 9},      {8, 8},     {9, 17},
      {15, 16},   {16, 15},   {17, 33},   {31, 7},     {63, 64},   {64, 63},
      {64, 64},   {65, 65},   {127, 129}, {128, 128},  {129, 127}, {130, 257},
      {255, 256}, {256, 255}, {300, 11},  {11, 300},   {384, 385}, {513, 200},
      {640, 481}, {1001, 37}, {37, 1001}, {1600, 1004}};
  uint32_t seed = 1;
  for (auto [w, h] : sizes) {
    for (PdqPixels pixels : {PdqPixels::kRgb, PdqPixels::kGrey}) {
      const size_t bpp = pixels == PdqPixels::kRgb ? 3 : 1;
      const int noise = (seed % 3 == 0) ? 255 : 20;
      std::vector<uint8_t> px =
          RandomPixels(static_cast<size_t>(w) * h * bpp, noise, seed++);
      const PdqImage image{px.data(), w, h, w * bpp, pixels};
      ExpectSameDownsample(image, false, &buffer);
      ExpectSameDownsample(image, true, &buffer);
    }
  }
}

TEST_F(PdqFastTest, DownsampleMatchesReferenceOnRandomSizesAndStrides) {
  std::mt19937 rng(2026);
  std::vector<float> buffer;
  for (int trial = 0; trial < 40; ++trial) {
    const int w = 5 + static_cast<int>(rng() % 700);
    const int h = 5 + static_cast<int>(rng() % 700);
    const PdqPixels pixels = trial % 2 ? PdqPixels::kRgb : PdqPixels::kGrey;
    const size_t bpp = pixels == PdqPixels::kRgb ? 3 : 1;
    const size_t stride = w * bpp + rng() % 40;
    // Exactly as long as the image needs, so over-reads are caught by ASan.
    std::vector<uint8_t> px = RandomPixels(stride * (h - 1) + w * bpp,
                                           trial % 4 == 0 ? 255 : 30, rng());
    const PdqImage image{px.data(), w, h, stride, pixels};
    ExpectSameDownsample(image, trial % 5 == 0, &buffer);
  }
}

// Issue #14: for a grey plane with an odd horizontal window, one run gives
// the downsample of the plane and of its left-right mirror from the same
// first box-filter passes; the mirror's must be bit-identical to the
// reference's downsample of the mirrored pixels (rows read either way).
TEST_F(PdqFastTest, MirrorPairEqualsDownsampleOfMirroredPixels) {
  // Widths of windows 1, 3, 9 and 13 (odd), strip tails, wide noise.
  const int sizes[][2] = {{5, 5},     {100, 37},  {257, 300},
                          {301, 203}, {1100, 97}, {1601, 131}};
  std::vector<float> buffer;
  uint32_t seed = 40;
  for (const auto& size : sizes) {
    const int w = size[0], h = size[1];
    for (int noise : {3, 255}) {
      const std::vector<uint8_t> px =
          RandomPixels(static_cast<size_t>(w) * h, noise, ++seed);
      std::vector<uint8_t> mirrored(px.size());
      for (int r = 0; r < h; ++r) {
        for (int c = 0; c < w; ++c) {
          mirrored[static_cast<size_t>(r) * w + c] =
              px[static_cast<size_t>(r) * w + (w - 1 - c)];
        }
      }
      for (bool reverse_rows : {false, true}) {
        PdqImage image{px.data(), w, h, static_cast<size_t>(w),
                       PdqPixels::kGrey};
        image.reverse_rows = reverse_rows;
        PdqImage mirror = image;
        mirror.data = mirrored.data();
        ASSERT_TRUE(FastPdqMirrorSharesFirstPasses(image)) << w;
        float out[64][64], out_mirrored[64][64];
        ASSERT_TRUE(FastPdqDownsamplePair(image, &buffer, out, out_mirrored));
        float want[64][64], want_mirrored[64][64];
        std::vector<float> b1, b2;
        ReferencePdqDownsample(image, false, &b1, &b2, want);
        ReferencePdqDownsample(mirror, false, &b1, &b2, want_mirrored);
        EXPECT_EQ(std::memcmp(out, want, sizeof(out)), 0)
            << w << "x" << h << " noise " << noise << " rows " << reverse_rows;
        EXPECT_EQ(std::memcmp(out_mirrored, want_mirrored, sizeof(out)), 0)
            << w << "x" << h << " noise " << noise << " rows " << reverse_rows;
      }
    }
  }
}

TEST_F(PdqFastTest, MirrorPairOnlyWhereItIsExact) {
  std::vector<float> buffer;
  float out[64][64], mirrored[64][64];
  const std::vector<uint8_t> px(800 * 3 * 40, 9);
  // An even horizontal window (700 px: 6) is asymmetric about its output.
  const PdqImage even{px.data(), 700, 40, 700, PdqPixels::kGrey};
  EXPECT_FALSE(FastPdqMirrorSharesFirstPasses(even));
  EXPECT_FALSE(FastPdqDownsamplePair(even, &buffer, out, mirrored));
  // RGB luma is fractional: its first-pass sums depend on the order.
  const PdqImage rgb{px.data(), 301, 40, 301 * 3, PdqPixels::kRgb};
  EXPECT_FALSE(FastPdqMirrorSharesFirstPasses(rgb));
  EXPECT_FALSE(FastPdqDownsamplePair(rgb, &buffer, out, mirrored));
  // A 64x64 image is not blurred at all (the plain path copies it).
  const PdqImage small{px.data(), 64, 64, 64, PdqPixels::kGrey};
  EXPECT_FALSE(FastPdqMirrorSharesFirstPasses(small));
  const PdqImage odd{px.data(), 301, 40, 301, PdqPixels::kGrey};
  EXPECT_TRUE(FastPdqMirrorSharesFirstPasses(odd));
}

TEST_F(PdqFastTest, ExtremeValuesMatchReference) {
  std::vector<float> buffer;
  for (int w : {5, 71, 200}) {
    const int h = 143;
    std::vector<uint8_t> black(static_cast<size_t>(w) * h * 3, 0);
    std::vector<uint8_t> white(black.size(), 255);
    std::vector<uint8_t> stripes(black.size());
    for (size_t i = 0; i < stripes.size(); ++i) {
      stripes[i] = ((i / 3) % w) % 2 ? 255 : 0;
    }
    for (const auto* px : {&black, &white, &stripes}) {
      const PdqImage image{px->data(), w, h, w * 3u, PdqPixels::kRgb};
      ExpectSameDownsample(image, false, &buffer);
    }
  }
}

void Divide(PdqKernel kernel, const float* a, size_t count, int n, float* out) {
  if (kernel == PdqKernel::kAvx512) {
    PdqReciprocalDivideAvx512(a, count, n, out);
  } else {
    PdqReciprocalDivideAvx2(a, count, n, out);
  }
}

// Checks a kernel's reciprocal division against true division for the
// floats in [lo, hi] (bit patterns stepping by `step`). Returns mismatches.
int64_t CountDivisionMismatches(PdqKernel kernel, int n, float lo, float hi,
                                uint32_t step) {
  uint32_t lo_bits = 0, hi_bits = 0;
  std::memcpy(&lo_bits, &lo, 4);
  std::memcpy(&hi_bits, &hi, 4);
  constexpr size_t kBatch = 4096;
  std::vector<float> a(kBatch), q(kBatch);
  int64_t bad = 0;
  for (uint64_t u = lo_bits; u <= hi_bits;) {
    size_t m = 0;
    for (; m < kBatch && u <= hi_bits; ++m, u += step) {
      const uint32_t bits = static_cast<uint32_t>(u);
      std::memcpy(&a[m], &bits, 4);
    }
    for (; m % 16 != 0; ++m) a[m] = lo;
    Divide(kernel, a.data(), m, n, q.data());
    for (size_t i = 0; i < m; ++i) {
      const float want = a[i] / static_cast<float>(n);
      if (std::memcmp(&want, &q[i], 4) != 0) ++bad;
    }
  }
  return bad;
}

TEST_F(PdqFastTest, ReciprocalDivisionEqualsDivisionSampled) {
  // Every count up to the limit, on a sparse grid of bit patterns and on
  // the exact multiples and near-multiples of n, where rounding is tight.
  for (int n = 1; n <= kPdqMaxReciprocalCount; ++n) {
    for (PdqKernel kernel : Kernels()) {
      ASSERT_EQ(CountDivisionMismatches(kernel, n, 1e-30f, 300.0f * n, 99991),
                0)
          << KernelName(kernel) << " n=" << n;
      std::vector<float> a;
      for (int k = 0; k <= 255 * n; k += (n > 16 ? 7 : 1)) {
        const float v = static_cast<float>(k);
        a.push_back(v);
        a.push_back(std::nextafter(v, 0.0f));
        a.push_back(std::nextafter(v, 1e9f));
        a.push_back(v / 3.0f);
      }
      while (a.size() % 16 != 0) a.push_back(0.0f);
      std::vector<float> q(a.size());
      Divide(kernel, a.data(), a.size(), n, q.data());
      for (size_t i = 0; i < a.size(); ++i) {
        const float want = a[i] / static_cast<float>(n);
        ASSERT_EQ(std::memcmp(&want, &q[i], 4), 0)
            << KernelName(kernel) << " " << a[i] << " / " << n << ": " << q[i]
            << " vs " << want;
      }
    }
  }
}

// Exhaustive proof of the range claimed in pdq_fast_plan.h (about 2^30
// values per count and kernel: tens of minutes), so disabled by default.
TEST_F(PdqFastTest, DISABLED_ReciprocalDivisionExhaustive) {
  for (int n = 1; n <= kPdqMaxReciprocalCount; ++n) {
    for (PdqKernel kernel : Kernels()) {
      ASSERT_EQ(CountDivisionMismatches(kernel, n, 1e-30f, 300.0f * n, 1), 0)
          << KernelName(kernel) << " n=" << n;
    }
  }
}

TEST(PdqFastQualityTest, MatchesScalarQuality) {
  std::mt19937 rng(6);
  int uncapped = 0;
  for (int trial = 0; trial < 40; ++trial) {
    // Smooth, noisy and extreme images: qualities from 0 to the cap, and
    // gradients of both signs that truncate differently.
    const float noise = trial % 4 == 0 ? 255.0f : 3.0f * (trial % 4);
    std::uniform_real_distribution<float> dist(0.0f, noise);
    float image[64][64];
    for (int i = 0; i < 64; ++i) {
      for (int j = 0; j < 64; ++j) {
        image[i][j] = trial % 5 == 0 ? ((i + j) % 2 ? 255.0f : 0.0f)
                                     : 0.5f * i + dist(rng);
      }
    }
    const int quality = PdqQuality(image);
    EXPECT_EQ(FastPdqQuality(image), quality) << "trial " << trial;
    if (quality > 0 && quality < 100) ++uncapped;
  }
  EXPECT_GT(uncapped, 10);  // the inputs are not all capped or flat
  float flat[64][64] = {};
  EXPECT_EQ(FastPdqQuality(flat), 0);
}

TEST(PdqFastDctTest, MatchesReferenceDct) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(0.0f, 255.0f);
  for (int trial = 0; trial < 20; ++trial) {
    float in[64][64];
    for (auto& row : in) {
      for (float& v : row) v = dist(rng);
    }
    float fast[16][16];
    float ref[16][16];
    FastDct64To16(in, fast);
    ReferenceDct64To16(in, ref);
    EXPECT_EQ(std::memcmp(fast, ref, sizeof(fast)), 0) << "trial " << trial;
  }
}

}  // namespace
}  // namespace vigil::internal
