// Copyright 2026 The Vigil Authors.
//
// Unit tests of the public PDQ API (vigil/pdq.h). Bit-exactness against the
// reference is tested in tests/conformance/pdq_buffer_conformance_test.cc,
// and the fast path against the reference-style path in pdq_fast_test.cc.

#include "vigil/pdq.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;

// A benign synthetic RGB picture: smooth colour gradients, a disc, a
// rectangle and a diagonal band, with no symmetry that a rotation or a
// flip would preserve.
std::vector<uint8_t> SyntheticRgb(int width, int height) {
  std::vector<uint8_t> rgb(static_cast<size_t>(width) * height * 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double u = static_cast<double>(x) / width;
      const double v = static_cast<double>(y) / height;
      double r = 40 + 150 * u;
      double g = 60 + 120 * v * v;
      double b = 90 + 60 * std::sin(6 * u + 2 * v);
      const double dx = u - 0.3, dy = v - 0.35;
      if (dx * dx + dy * dy < 0.02) r = 235, g = 40, b = 30;
      if (u > 0.55 && u < 0.85 && v > 0.6 && v < 0.8) r = 20, g = 30, b = 200;
      if (std::fabs(u + 2 * v - 1.6) < 0.05) r = g = b = 250;
      uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
      p[0] = static_cast<uint8_t>(r);
      p[1] = static_cast<uint8_t>(g);
      p[2] = static_cast<uint8_t>(b);
    }
  }
  return rgb;
}

// Reference formula for the hex form, independent of PdqHash: 16-bit words
// with bit k in word k / 16, printed from word 15 down as %04x.
std::string WordsHex(const std::vector<int>& set_bits) {
  uint16_t w[16] = {};
  for (int k : set_bits) w[k / 16] |= static_cast<uint16_t>(1u << (k % 16));
  std::string out;
  for (int i = 15; i >= 0; --i) {
    char buf[5];
    std::snprintf(buf, sizeof(buf), "%04x", static_cast<unsigned>(w[i]));
    out += buf;
  }
  return out;
}

TEST(PdqHashTest, HexFollowsReferenceWordOrder) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    PdqHash h;
    std::vector<int> bits;
    for (int k = 0; k < 256; ++k) {
      if (rng() % 3 == 0) {
        h.SetBit(k);
        bits.push_back(k);
      }
    }
    EXPECT_EQ(h.ToHex(), WordsHex(bits));
    for (int k = 0; k < 256; ++k) {
      EXPECT_EQ(h.Bit(k), std::find(bits.begin(), bits.end(), k) != bits.end());
    }
  }
  PdqHash bit0;
  bit0.SetBit(0);
  EXPECT_EQ(bit0.ToHex(), std::string(63, '0') + "1");
}

TEST(PdqHashTest, HexRoundTrip) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 100; ++trial) {
    PdqHash h;
    for (auto& b : h.bytes) b = static_cast<uint8_t>(rng());
    const std::string hex = h.ToHex();
    ASSERT_EQ(hex.size(), 64u);
    for (char c : hex)
      EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    VIGIL_ASSERT_OK_AND_ASSIGN(PdqHash back, PdqHash::FromHex(hex));
    EXPECT_EQ(back, h);
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(
      PdqHash upper, PdqHash::FromHex("D8F8F0CEE0F4A84F0637022A078F67F0"
                                      "B36E2ED596621E1D33E6339C4E9C9B22"));
  EXPECT_EQ(upper.ToHex(),
            "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22");
}

TEST(PdqHashTest, FromHexRejectsMalformedText) {
  EXPECT_THAT(PdqHash::FromHex(""),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("got 0")));
  EXPECT_THAT(PdqHash::FromHex(std::string(63, 'a')),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("got 63")));
  EXPECT_THAT(PdqHash::FromHex(std::string(65, 'a')),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("got 65")));
  EXPECT_THAT(
      PdqHash::FromHex("0x" + std::string(62, '0')),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("'x' at position 1")));
  EXPECT_THAT(
      PdqHash::FromHex(std::string(40, '0') + "g" + std::string(23, '0')),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("'g' at position 40")));
}

TEST(PdqHashTest, HammingDistanceCountsDifferingBits) {
  std::mt19937 rng(3);
  PdqHash a;
  for (auto& b : a.bytes) b = static_cast<uint8_t>(rng());
  EXPECT_EQ(HammingDistance(a, a), 0);
  PdqHash complement = a;
  for (auto& b : complement.bytes) b = static_cast<uint8_t>(~b);
  EXPECT_EQ(HammingDistance(a, complement), 256);
  for (int n : {1, 2, 17, 31, 32, 100, 255}) {
    PdqHash b = a;
    std::vector<int> positions(256);
    for (int k = 0; k < 256; ++k) positions[k] = k;
    std::shuffle(positions.begin(), positions.end(), rng);
    for (int i = 0; i < n; ++i) {
      const int k = positions[i];
      b.bytes[31 - k / 8] ^= static_cast<uint8_t>(1u << (k % 8));
    }
    EXPECT_EQ(HammingDistance(a, b), n);
    EXPECT_EQ(HammingDistance(b, a), n);
  }
}

TEST(PdqTest, RejectsInvalidArguments) {
  std::vector<uint8_t> px(64 * 64 * 3, 128);
  const auto invalid = [](StatusCode code, const char* text) {
    return StatusIs(code, HasSubstr(text));
  };
  EXPECT_THAT(ComputePdqFromRgb(px, 0, 10, 30, nullptr),
              invalid(StatusCode::kInvalidArgument, "at least 1x1"));
  EXPECT_THAT(ComputePdqFromRgb(px, 10, 0, 30, nullptr),
              invalid(StatusCode::kInvalidArgument, "at least 1x1"));
  EXPECT_THAT(ComputePdqFromRgb(px, -5, 10, 30, nullptr),
              invalid(StatusCode::kInvalidArgument, "at least 1x1"));
  EXPECT_THAT(ComputePdqFromRgb(px, 10, 10, 29, nullptr),
              invalid(StatusCode::kInvalidArgument, "stride"));
  EXPECT_THAT(ComputePdqFromLuma(px, 10, 10, 9, nullptr),
              invalid(StatusCode::kInvalidArgument, "stride"));
  // 64x64 RGB needs 12288 bytes; one short fails, exact fits.
  std::span<const uint8_t> all(px);
  EXPECT_THAT(ComputePdqFromRgb(all.first(px.size() - 1), 64, 64, 192, nullptr),
              invalid(StatusCode::kInvalidArgument, "needs 12288"));
  VIGIL_EXPECT_OK(ComputePdqFromRgb(all, 64, 64, 192, nullptr));
  // The last row needs only width bytes, not a whole stride.
  EXPECT_THAT(ComputePdqFromLuma(all.first(10 * 100 + 9), 10, 11, 100, nullptr),
              invalid(StatusCode::kInvalidArgument, "needs 1010"));
  VIGIL_EXPECT_OK(
      ComputePdqFromLuma(all.first(10 * 100 + 10), 10, 11, 100, nullptr));
  EXPECT_THAT(ComputePdqDihedralFromRgb(px, 64, 64, 100, nullptr),
              invalid(StatusCode::kInvalidArgument, "stride"));
  EXPECT_THAT(ComputePdqDihedralFromLuma(px, 64, -1, 64, nullptr),
              invalid(StatusCode::kInvalidArgument, "at least 1x1"));
  // Sizes whose byte count overflows are rejected, not wrapped.
  EXPECT_THAT(ComputePdqFromLuma(px, 1 << 30, 1 << 30, SIZE_MAX / 2, nullptr),
              invalid(StatusCode::kInvalidArgument, "overflow"));
  EXPECT_THAT(ComputePdqFromRgb(px, 1 << 30, 1 << 30, size_t{3} << 30, nullptr),
              invalid(StatusCode::kInvalidArgument, "needs"));
}

TEST(PdqTest, TinyImagesHashToZeroWithQualityZero) {
  std::vector<uint8_t> px(100 * 3, 200);
  for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<uint8_t>(i * 37);
  const PdqHash zero;
  for (auto [w, h] : std::vector<std::pair<int, int>>{
           {1, 1}, {3, 2}, {4, 4}, {4, 25}, {25, 4}, {1, 100}, {100, 1}}) {
    VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult r,
                               ComputePdqFromRgb(px, w, h, w * 3u, nullptr));
    EXPECT_EQ(r.hash, zero) << w << "x" << h;
    EXPECT_EQ(r.quality, 0);
    VIGIL_ASSERT_OK_AND_ASSIGN(
        auto d, ComputePdqDihedralFromLuma(px, w, h, w, nullptr));
    for (const PdqResult& v : d) {
      EXPECT_EQ(v.hash, zero);
      EXPECT_EQ(v.quality, 0);
    }
  }
}

TEST(PdqTest, SmallestHashableImagesWork) {
  for (auto [w, h] : std::vector<std::pair<int, int>>{
           {5, 5}, {5, 7}, {9, 5}, {13, 11}, {63, 65}}) {
    std::vector<uint8_t> rgb = SyntheticRgb(w, h);
    VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult r,
                               ComputePdqFromRgb(rgb, w, h, w * 3u, nullptr));
    EXPECT_GE(r.quality, 0);
    EXPECT_LE(r.quality, 100);
    // Median thresholding sets about half of the bits.
    const int ones = HammingDistance(r.hash, PdqHash{});
    EXPECT_GT(ones, 64) << w << "x" << h;
    EXPECT_LT(ones, 192) << w << "x" << h;
  }
}

TEST(PdqTest, PaddedRowsGiveTheSameHash) {
  const int w = 157, h = 93;
  std::vector<uint8_t> rgb = SyntheticRgb(w, h);
  VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult tight,
                             ComputePdqFromRgb(rgb, w, h, w * 3u, nullptr));
  EXPECT_GT(tight.quality, 50);
  for (size_t pad : {1u, 5u, 64u}) {
    const size_t stride = w * 3u + pad;
    std::vector<uint8_t> padded(stride * h, 0xAB);
    std::vector<uint8_t> grey_padded(stride * h, 0x5C);
    std::vector<uint8_t> grey(static_cast<size_t>(w) * h);
    for (int y = 0; y < h; ++y) {
      std::copy_n(&rgb[y * w * 3u], w * 3u, &padded[y * stride]);
      for (int x = 0; x < w; ++x) {
        grey[y * w + x] = rgb[(y * w + x) * 3u + 1];
        grey_padded[y * stride + x] = grey[y * w + x];
      }
    }
    // The last row need not be padded.
    padded.resize(stride * (h - 1) + w * 3u);
    VIGIL_ASSERT_OK_AND_ASSIGN(
        PdqResult r, ComputePdqFromRgb(padded, w, h, stride, nullptr));
    EXPECT_EQ(r.hash, tight.hash) << "pad " << pad;
    EXPECT_EQ(r.quality, tight.quality);
    VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult g,
                               ComputePdqFromLuma(grey, w, h, w, nullptr));
    VIGIL_ASSERT_OK_AND_ASSIGN(
        PdqResult gp, ComputePdqFromLuma(grey_padded, w, h, stride, nullptr));
    EXPECT_EQ(gp.hash, g.hash) << "pad " << pad;
    EXPECT_EQ(gp.quality, g.quality);
  }
}

// Grey bytes whose RGB luma 0.299v + 0.587v + 0.114v is exactly v in float.
std::vector<uint8_t> ExactGreyLevels() {
  std::vector<uint8_t> levels;
  for (int v = 0; v < 256; ++v) {
    const float f = static_cast<float>(v);
    float y = 0.299f * f;
    y = y + 0.587f * f;
    y = y + 0.114f * f;
    if (y == f) levels.push_back(static_cast<uint8_t>(v));
  }
  return levels;
}

TEST(PdqTest, GreyEqualsRgbWhereLumaIsExact) {
  const std::vector<uint8_t> levels = ExactGreyLevels();
  ASSERT_EQ(levels.size(), 221u);  // 35 of 256 values are not exact
  const int w = 120, h = 80;
  const std::vector<uint8_t> rgb = SyntheticRgb(w, h);
  std::vector<uint8_t> grey(static_cast<size_t>(w) * h);
  std::vector<uint8_t> grey_rgb(grey.size() * 3);
  for (size_t i = 0; i < grey.size(); ++i) {
    // Snap a luma-like value to the nearest exact level below it.
    const int want = (rgb[3 * i] + 2 * rgb[3 * i + 1] + rgb[3 * i + 2]) / 4;
    uint8_t v = levels[0];
    for (uint8_t l : levels) {
      if (l <= want) v = l;
    }
    grey[i] = v;
    grey_rgb[3 * i] = grey_rgb[3 * i + 1] = grey_rgb[3 * i + 2] = v;
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult from_grey,
                             ComputePdqFromLuma(grey, w, h, w, nullptr));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      PdqResult from_rgb, ComputePdqFromRgb(grey_rgb, w, h, w * 3u, nullptr));
  EXPECT_EQ(from_grey.hash, from_rgb.hash);
  EXPECT_EQ(from_grey.quality, from_rgb.quality);
}

// Applies a dihedral transform to an RGB image; returns the new image and
// sets *out_w, *out_h.
std::vector<uint8_t> Transform(const std::vector<uint8_t>& rgb, int w, int h,
                               Dihedral v, int* out_w, int* out_h) {
  const bool swap = v == Dihedral::kRot90 || v == Dihedral::kRot270 ||
                    v == Dihedral::kFlipPlus1 || v == Dihedral::kFlipMinus1;
  const int ow = swap ? h : w;
  const int oh = swap ? w : h;
  std::vector<uint8_t> out(rgb.size());
  for (int r = 0; r < oh; ++r) {
    for (int c = 0; c < ow; ++c) {
      int sy = r, sx = c;  // source pixel of output (r, c)
      switch (v) {
        case Dihedral::kOriginal:
          break;
        case Dihedral::kRot90:
          sy = c, sx = w - 1 - r;
          break;  // CCW
        case Dihedral::kRot180:
          sy = h - 1 - r, sx = w - 1 - c;
          break;
        case Dihedral::kRot270:
          sy = h - 1 - c, sx = r;
          break;  // CW
        case Dihedral::kFlipX:
          sy = h - 1 - r;
          break;
        case Dihedral::kFlipY:
          sx = w - 1 - c;
          break;
        case Dihedral::kFlipPlus1:
          sy = c, sx = r;
          break;
        case Dihedral::kFlipMinus1:
          sy = h - 1 - c, sx = w - 1 - r;
          break;
      }
      for (int k = 0; k < 3; ++k) {
        out[(static_cast<size_t>(r) * ow + c) * 3 + k] =
            rgb[(static_cast<size_t>(sy) * w + sx) * 3 + k];
      }
    }
  }
  *out_w = ow;
  *out_h = oh;
  return out;
}

// The hash of variant v is the hash of the image transformed by v, up to
// float rounding, when blur and decimation are mirror-symmetric: each side
// an odd multiple of 64 (sample grid symmetric) with an odd box window
// (ceil(side / 128) odd), or 64 (no blur). Elsewhere an even window shifts
// the blur by half a pixel per pass and the grid is off by up to a pixel,
// so the transformed image's hash is only the nearest of the 8.
TEST(PdqTest, DihedralHashesMatchTransformedImages) {
  struct Case {
    int w, h;
    bool symmetric;
  };
  for (const Case& c : std::vector<Case>{{64, 64, true},
                                         {320, 576, true},
                                         {320, 320, true},
                                         {256, 192, false},
                                         {301, 203, false}}) {
    const int w = c.w, h = c.h;
    const std::vector<uint8_t> rgb = SyntheticRgb(w, h);
    VIGIL_ASSERT_OK_AND_ASSIGN(
        auto dihedral, ComputePdqDihedralFromRgb(rgb, w, h, w * 3u, nullptr));
    for (int v = 0; v < 8; ++v) {
      int tw = 0, th = 0;
      const std::vector<uint8_t> t =
          Transform(rgb, w, h, static_cast<Dihedral>(v), &tw, &th);
      VIGIL_ASSERT_OK_AND_ASSIGN(
          PdqResult plain, ComputePdqFromRgb(t, tw, th, tw * 3u, nullptr));
      const int own = HammingDistance(plain.hash, dihedral[v].hash);
      if (c.symmetric) {
        EXPECT_LE(own, 4) << w << "x" << h << " variant " << v;
        EXPECT_NEAR(plain.quality, dihedral[v].quality, 1);
      }
      for (int other = 0; other < 8; ++other) {
        if (other == v) continue;
        const int d = HammingDistance(plain.hash, dihedral[other].hash);
        EXPECT_LT(own, d) << w << "x" << h << " variant " << v << " vs "
                          << other;
        if (c.symmetric) {
          EXPECT_GE(d, 48);
        }
      }
    }
  }
}

// A second family of benign generated pictures: `seed` picks a dozen
// random soft-edged ellipses of random colours over a gradient.
std::vector<uint8_t> BlobsRgb(int width, int height, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  struct Blob {
    double cx, cy, rx, ry, r, g, b;
  };
  std::vector<Blob> blobs;
  for (int i = 0; i < 12; ++i) {
    blobs.push_back({unit(rng), unit(rng), 0.05 + 0.2 * unit(rng),
                     0.05 + 0.2 * unit(rng), 255 * unit(rng), 255 * unit(rng),
                     255 * unit(rng)});
  }
  std::vector<uint8_t> rgb(static_cast<size_t>(width) * height * 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double u = static_cast<double>(x) / width;
      const double v = static_cast<double>(y) / height;
      double c[3] = {100 * u, 80 + 60 * v, 120 * u * v};
      for (const Blob& b : blobs) {
        const double dx = (u - b.cx) / b.rx, dy = (v - b.cy) / b.ry;
        const double a = std::clamp(1.5 - dx * dx - dy * dy, 0.0, 1.0);
        c[0] = (1 - a) * c[0] + a * b.r;
        c[1] = (1 - a) * c[1] + a * b.g;
        c[2] = (1 - a) * c[2] + a * b.b;
      }
      uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
      for (int k = 0; k < 3; ++k) p[k] = static_cast<uint8_t>(c[k]);
    }
  }
  return rgb;
}

// Issue #14, point 2: each exact variant is the plain hash of the rotated
// or mirrored pixels. Mirrors are bit for bit; transposed variants may
// differ by float rounding (the row and column passes run in the other
// order), bounded here by 2 bits. Sizes include even box windows and
// asymmetric sample grids, where the DCT-domain variants are off.
TEST(PdqTest, ExactDihedralHashesEqualHashesOfTransformedPixels) {
  struct Case {
    int w, h;
    unsigned seed;  // 0: SyntheticRgb
  };
  int exact_total = 0, dct_total = 0;
  for (const Case& c : std::vector<Case>{{64, 64, 0},
                                         {301, 203, 0},
                                         {256, 192, 1},
                                         {640, 427, 2},
                                         {500, 800, 3},
                                         {1024, 683, 4},
                                         {97, 333, 5}}) {
    const int w = c.w, h = c.h;
    const std::vector<uint8_t> rgb =
        c.seed == 0 ? SyntheticRgb(w, h) : BlobsRgb(w, h, c.seed);
    PdqWorkspace ws;
    VIGIL_ASSERT_OK_AND_ASSIGN(
        auto exact, ComputePdqDihedralExactFromRgb(rgb, w, h, w * 3u, &ws));
    VIGIL_ASSERT_OK_AND_ASSIGN(
        auto dct, ComputePdqDihedralFromRgb(rgb, w, h, w * 3u, &ws));
    VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult plain,
                               ComputePdqFromRgb(rgb, w, h, w * 3u, &ws));
    EXPECT_EQ(exact[0].hash, plain.hash) << w << "x" << h;
    EXPECT_EQ(exact[0].quality, plain.quality);
    for (int v = 0; v < 8; ++v) {
      const auto variant = static_cast<Dihedral>(v);
      int tw = 0, th = 0;
      const std::vector<uint8_t> t = Transform(rgb, w, h, variant, &tw, &th);
      VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult want,
                                 ComputePdqFromRgb(t, tw, th, tw * 3u, &ws));
      const int d = HammingDistance(want.hash, exact[v].hash);
      const bool transposed =
          tw != w || (w == h && (v == 1 || v == 3 || v >= 6));
      if (transposed) {
        EXPECT_LE(d, 2) << w << "x" << h << " variant " << v;
        EXPECT_NEAR(exact[v].quality, want.quality, 1);
      } else {
        EXPECT_EQ(d, 0) << w << "x" << h << " variant " << v;
        EXPECT_EQ(exact[v].quality, want.quality);
      }
      exact_total += d;
      dct_total += HammingDistance(want.hash, dct[v].hash);
      // The luma path gives the variants of the grey image alike.
    }
  }
  // The DCT-domain variants are further from the transformed pixels.
  EXPECT_LT(exact_total, dct_total);
  std::cout << "bits from the transformed pixels' hashes over all variants: "
            << "exact " << exact_total << ", dct " << dct_total << "\n";
}

void ExpectExactDihedralOfLuma(int w, int h) {
  const std::vector<uint8_t> rgb = BlobsRgb(w, h, 7);
  std::vector<uint8_t> grey(static_cast<size_t>(w) * h);
  for (size_t i = 0; i < grey.size(); ++i) grey[i] = rgb[3 * i + 1];
  // Padded rows (stride > width) take the same path.
  const size_t stride = w + 13;
  std::vector<uint8_t> padded(stride * h, 0xEE);
  for (int r = 0; r < h; ++r) {
    std::copy_n(&grey[static_cast<size_t>(r) * w], w, &padded[r * stride]);
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(auto exact, ComputePdqDihedralExactFromLuma(
                                             padded, w, h, stride, nullptr));
  // Transform the grey image through the RGB helper (R = G = B = grey).
  std::vector<uint8_t> grey3(grey.size() * 3);
  for (size_t i = 0; i < grey.size(); ++i) {
    grey3[3 * i] = grey3[3 * i + 1] = grey3[3 * i + 2] = grey[i];
  }
  for (int v = 0; v < 8; ++v) {
    int tw = 0, th = 0;
    const std::vector<uint8_t> t3 =
        Transform(grey3, w, h, static_cast<Dihedral>(v), &tw, &th);
    std::vector<uint8_t> t(static_cast<size_t>(tw) * th);
    for (size_t i = 0; i < t.size(); ++i) t[i] = t3[3 * i];
    VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult want,
                               ComputePdqFromLuma(t, tw, th, tw, nullptr));
    EXPECT_LE(HammingDistance(want.hash, exact[v].hash), tw == w ? 0 : 2)
        << w << "x" << h << " variant " << v;
  }
}

// Widths of even (410: 4) and odd (300: 3; 1601: 13) horizontal windows:
// the odd ones take the column mirrors from the same first passes.
TEST(PdqTest, ExactDihedralFromLumaEqualsHashesOfTransformedLuma) {
  for (const auto& [w, h] :
       {std::pair{410, 250}, std::pair{300, 250}, std::pair{1601, 331}}) {
    ExpectExactDihedralOfLuma(w, h);
  }
}

TEST(PdqTest, ExactDihedralOfTinyImagesIsZero) {
  std::vector<uint8_t> rgb(4 * 9 * 3, 100);
  VIGIL_ASSERT_OK_AND_ASSIGN(
      auto all, ComputePdqDihedralExactFromRgb(rgb, 4, 9, 12, nullptr));
  for (const PdqResult& r : all) {
    EXPECT_EQ(r.hash, PdqHash{});
    EXPECT_EQ(r.quality, 0);
  }
  EXPECT_THAT(ComputePdqDihedralExactFromRgb(rgb, 4, 9, 5, nullptr),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("stride")));
}

TEST(PdqTest, DihedralOriginalEqualsPlainHashExceptAt64x64) {
  const int w = 333, h = 250;
  const std::vector<uint8_t> rgb = SyntheticRgb(w, h);
  VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult plain,
                             ComputePdqFromRgb(rgb, w, h, w * 3u, nullptr));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      auto dihedral, ComputePdqDihedralFromRgb(rgb, w, h, w * 3u, nullptr));
  EXPECT_EQ(dihedral[0].hash, plain.hash);
  EXPECT_EQ(dihedral[0].quality, plain.quality);
  for (int v = 1; v < 8; ++v) EXPECT_EQ(dihedral[v].quality, plain.quality);
}

TEST(PdqTest, DeterministicAcrossWorkspaces) {
  const int w = 211, h = 149;
  const std::vector<uint8_t> rgb = SyntheticRgb(w, h);
  VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult first,
                             ComputePdqFromRgb(rgb, w, h, w * 3u, nullptr));
  PdqWorkspace reused;
  // Dirty the workspace with a larger and a smaller image first.
  const std::vector<uint8_t> big = SyntheticRgb(700, 500);
  VIGIL_EXPECT_OK(ComputePdqFromRgb(big, 700, 500, 2100, &reused));
  const size_t bytes = reused.allocated_bytes();
  EXPECT_GT(bytes, 0u);
  VIGIL_EXPECT_OK(ComputePdqFromLuma(big, 50, 40, 50, &reused));
  for (int round = 0; round < 3; ++round) {
    VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult again,
                               ComputePdqFromRgb(rgb, w, h, w * 3u, &reused));
    EXPECT_EQ(again.hash, first.hash);
    EXPECT_EQ(again.quality, first.quality);
    PdqWorkspace fresh;
    VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult other,
                               ComputePdqFromRgb(rgb, w, h, w * 3u, &fresh));
    EXPECT_EQ(other.hash, first.hash);
  }
  // A smaller image does not grow the workspace.
  EXPECT_EQ(reused.allocated_bytes(), bytes);
  PdqWorkspace moved = std::move(reused);
  VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult after_move,
                             ComputePdqFromRgb(rgb, w, h, w * 3u, &moved));
  EXPECT_EQ(after_move.hash, first.hash);
}

TEST(PdqTest, FlatImageHasQualityZeroAndDistinctImagesDiffer) {
  const int w = 100, h = 100;
  std::vector<uint8_t> flat(w * h * 3, 77);
  VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult r,
                             ComputePdqFromRgb(flat, w, h, w * 3u, nullptr));
  EXPECT_EQ(r.quality, 0);
  const std::vector<uint8_t> a = SyntheticRgb(w, h);
  std::vector<uint8_t> b = a;
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(255 - b[i]);
  VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult ra,
                             ComputePdqFromRgb(a, w, h, w * 3u, nullptr));
  VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult rb,
                             ComputePdqFromRgb(b, w, h, w * 3u, nullptr));
  // Inverting the image negates every DCT coefficient: most bits flip.
  EXPECT_GE(HammingDistance(ra.hash, rb.hash), 200);
}

}  // namespace
}  // namespace vigil
