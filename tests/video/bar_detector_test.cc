// Copyright 2026 The Vigil Authors.

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "video/synthetic_video.h"
#include "vigil/bars.h"

namespace vigil {
namespace {

using testing::DrawSyntheticFrame;
using testing::SyntheticVideoSpec;

// A w x h frame: synthetic content inside bars of `colour`.
struct Framed {
  int width;
  int height;
  std::vector<uint8_t> rgb;
};

Framed Frame(int left, int top, int right, int bottom, uint8_t colour = 0) {
  SyntheticVideoSpec spec;
  spec.width = 200;
  spec.height = 120;
  const std::vector<uint8_t> content = DrawSyntheticFrame(spec, 3);
  Framed f{spec.width + left + right, spec.height + top + bottom, {}};
  f.rgb.assign(static_cast<size_t>(f.width) * f.height * 3, colour);
  for (int y = 0; y < spec.height; ++y) {
    for (int x = 0; x < spec.width * 3; ++x) {
      f.rgb[(static_cast<size_t>(y + top) * f.width + left) * 3 + x] =
          content[static_cast<size_t>(y) * spec.width * 3 + x];
    }
  }
  return f;
}

BarDetection Detect(const Framed& f, const BarOptions& options = {}) {
  return DetectBars(f.rgb, f.width, f.height, f.width * 3, options);
}

TEST(BarDetectorTest, NoBarsOnPlainContent) {
  const BarDetection d = Detect(Frame(0, 0, 0, 0));
  EXPECT_TRUE(d.has_content);
  EXPECT_TRUE(d.crop.empty()) << d.crop.ToString();
}

TEST(BarDetectorTest, FindsLetterboxExactly) {
  const BarDetection d = Detect(Frame(0, 30, 0, 26));
  EXPECT_EQ(d.crop, (CropRect{0, 30, 0, 26})) << d.crop.ToString();
}

TEST(BarDetectorTest, FindsPillarboxExactly) {
  const BarDetection d = Detect(Frame(40, 0, 44, 0));
  EXPECT_EQ(d.crop, (CropRect{40, 0, 44, 0})) << d.crop.ToString();
}

TEST(BarDetectorTest, FindsWindowbox) {
  const BarDetection d = Detect(Frame(12, 10, 12, 10));
  EXPECT_EQ(d.crop, (CropRect{12, 10, 12, 10}));
}

TEST(BarDetectorTest, ToleratesNoiseInBars) {
  Framed f = Frame(0, 20, 0, 20);
  // Compression-like noise of a few levels, and a few outlier pixels.
  for (size_t i = 0; i < f.rgb.size(); i += 7) {
    if (f.rgb[i] < 10) f.rgb[i] = static_cast<uint8_t>(i % 9);
  }
  f.rgb[(5 * f.width + 17) * 3] = 255;
  EXPECT_EQ(Detect(f).crop, (CropRect{0, 20, 0, 20}));
}

TEST(BarDetectorTest, LightBordersAreContentUnlessAllowed) {
  const Framed f = Frame(30, 0, 30, 0, /*colour=*/200);
  EXPECT_TRUE(Detect(f).crop.empty());
  BarOptions any_colour;
  any_colour.max_bar_luma = 255;
  EXPECT_EQ(Detect(f, any_colour).crop, (CropRect{30, 0, 30, 0}));
}

TEST(BarDetectorTest, ThinBandsAreIgnored) {
  EXPECT_TRUE(Detect(Frame(0, 2, 0, 2)).crop.empty());
  BarOptions options;
  options.min_bar_pixels = 1;
  EXPECT_EQ(Detect(Frame(0, 2, 0, 2), options).crop, (CropRect{0, 2, 0, 2}));
}

TEST(BarDetectorTest, BandsBeyondTheSideShareAreContent) {
  // 150 of 270 rows black on top: more than 40% of the height.
  const BarDetection d = Detect(Frame(0, 150, 0, 0));
  EXPECT_EQ(d.crop.top, 0);
}

TEST(BarDetectorTest, UniformFrameHasNoContent) {
  const std::vector<uint8_t> black(64 * 48 * 3, 3);
  const BarDetection d = DetectBars(black, 64, 48, 64 * 3);
  EXPECT_FALSE(d.has_content);
  EXPECT_TRUE(d.crop.empty());
}

TEST(BarDetectorTest, TinyOrShortBuffersAreNeverCropped) {
  const Framed f = Frame(0, 30, 0, 30);
  EXPECT_TRUE(DetectBars(f.rgb, 15, 15, 45).crop.empty());
  const std::span<const uint8_t> shorter(f.rgb.data(), f.rgb.size() - 1);
  EXPECT_TRUE(DetectBars(shorter, f.width, f.height, f.width * 3).crop.empty());
}

TEST(BarDetectorTest, HonoursStride) {
  const Framed f = Frame(20, 0, 20, 0);
  const size_t stride = f.width * 3 + 9;
  std::vector<uint8_t> padded(stride * f.height, 255);
  for (int y = 0; y < f.height; ++y) {
    std::copy_n(&f.rgb[static_cast<size_t>(y) * f.width * 3], f.width * 3,
                &padded[y * stride]);
  }
  EXPECT_EQ(DetectBars(padded, f.width, f.height, stride).crop,
            (CropRect{20, 0, 20, 0}));
}

TEST(BarDetectorTest, CombineKeepsThinnestBarOfFramesWithContent) {
  std::vector<BarDetection> d(3);
  d[0].crop = {10, 20, 10, 20};
  d[1].crop = {12, 16, 8, 22};
  d[2].crop = {0, 0, 0, 0};
  d[2].has_content = false;  // a black frame does not vote
  EXPECT_EQ(CombineBars(d), (CropRect{10, 16, 8, 20}));
  d[0].has_content = d[1].has_content = false;
  EXPECT_TRUE(CombineBars(d).empty());
  EXPECT_TRUE(CombineBars({}).empty());
}

TEST(BarDetectorTest, CropRectHelpers) {
  const CropRect c{1, 2, 3, 4};
  EXPECT_EQ(c.ToString(), "1,2,3,4");
  EXPECT_EQ(c.Width(100), 96);
  EXPECT_EQ(c.Height(100), 94);
  EXPECT_FALSE(c.empty());
  EXPECT_TRUE(CropRect{}.empty());
}

}  // namespace
}  // namespace vigil
