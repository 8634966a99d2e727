// Copyright 2026 The Vigil Authors.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "video/synthetic_video.h"
#include "vigil/bars.h"
#include "vigil/media_hasher.h"

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

// Still images (issue #14): bars of any colour, as the content hasher looks
// for them.
TEST(BarDetectorTest, StillImageBordersOnOneToFourSides) {
  const BarOptions options = UnletterboxBarOptions();
  for (int sides = 1; sides < 16; ++sides) {
    for (uint8_t colour : {0, 255, 90}) {
      const int l = (sides & 1) ? 14 : 0, t = (sides & 2) ? 9 : 0,
                r = (sides & 4) ? 14 : 0, b = (sides & 8) ? 9 : 0;
      const Framed f = Frame(l, t, r, b, colour);
      const BarDetection d = Detect(f, options);
      EXPECT_EQ(d.crop, (CropRect{l, t, r, b}))
          << sides << " " << int(colour) << ": " << d.crop.ToString();
      // Opposite bars alike (or absent on both): nothing else to try.
      const CropRect even = SymmetricCrop(d.crop);
      if ((l == r) && (t == b)) {
        EXPECT_TRUE(even.empty()) << sides;
      } else {
        EXPECT_EQ(even, (CropRect{std::min(l, r), std::min(t, b),
                                  std::min(l, r), std::min(t, b)}));
      }
    }
  }
}

TEST(BarDetectorTest, StillImageNoBorderNoCrop) {
  EXPECT_TRUE(Detect(Frame(0, 0, 0, 0), UnletterboxBarOptions()).crop.empty());
}

TEST(BarDetectorTest, NoisyBorderOfAnyColour) {
  // A grey border with JPEG-like noise of up to +-6 levels (the still-image
  // options allow 8), and a few far outliers.
  Framed f = Frame(16, 12, 16, 12, /*colour=*/128);
  uint32_t state = 1;
  for (int y = 0; y < f.height; ++y) {
    for (int x = 0; x < f.width; ++x) {
      const bool border =
          x < 16 || x >= f.width - 16 || y < 12 || y >= f.height - 12;
      if (!border) continue;
      state = state * 1103515245u + 12345u;
      const int noise = static_cast<int>((state >> 16) % 13) - 6;
      uint8_t* p = &f.rgb[(static_cast<size_t>(y) * f.width + x) * 3];
      for (int k = 0; k < 3; ++k) p[k] = static_cast<uint8_t>(128 + noise);
    }
  }
  f.rgb[(3 * static_cast<size_t>(f.width) + 40) * 3] = 0;
  EXPECT_EQ(Detect(f, UnletterboxBarOptions()).crop,
            (CropRect{16, 12, 16, 12}));
}

TEST(BarDetectorTest, DarkEdgedPictureInsideBlackBorder) {
  // The picture's own top 18 rows are near black (a night sky): the bar
  // detector cannot tell them from the black border above them, but the
  // symmetric guess is the border that was added.
  Framed f = Frame(10, 10, 10, 10);
  for (int y = 10; y < 28; ++y) {
    for (int x = 10; x < f.width - 10; ++x) {
      uint8_t* p = &f.rgb[(static_cast<size_t>(y) * f.width + x) * 3];
      p[0] = p[1] = p[2] = static_cast<uint8_t>(2 + (x + y) % 4);
    }
  }
  const BarDetection d = Detect(f, UnletterboxBarOptions());
  EXPECT_EQ(d.crop, (CropRect{10, 28, 10, 10})) << d.crop.ToString();
  EXPECT_EQ(SymmetricCrop(d.crop), (CropRect{10, 10, 10, 10}));
  // The strict reading stops where the colour is no longer exactly the
  // bar's.
  const BarDetection strict = Detect(f, UnletterboxStrictBarOptions());
  EXPECT_EQ(strict.crop, (CropRect{10, 10, 10, 10}));
  EXPECT_EQ(UnletterboxStrictCrop(strict), (CropRect{10, 10, 10, 10}));
  // Rows of the picture's edge exactly black too on one side only: evened
  // out.
  for (int y = 10; y < 14; ++y) {
    for (int x = 10; x < f.width - 10; ++x) {
      uint8_t* p = &f.rgb[(static_cast<size_t>(y) * f.width + x) * 3];
      p[0] = p[1] = p[2] = 0;
    }
  }
  const BarDetection strict2 = Detect(f, UnletterboxStrictBarOptions());
  EXPECT_EQ(strict2.crop, (CropRect{10, 14, 10, 10}));
  EXPECT_EQ(UnletterboxStrictCrop(strict2), (CropRect{10, 10, 10, 10}));
  BarDetection none = strict2;
  none.has_content = false;
  EXPECT_TRUE(UnletterboxStrictCrop(none).empty());
}

TEST(BarDetectorTest, TransparentPixelsAreNeverBar) {
  // Clip art: a picture whose 15-pixel margin is transparent and stored
  // black, inside an opaque black border of 10 pixels (ImageMagick
  // `-compose Copy -border`). The colours alone cannot tell margin from
  // border; the alpha plane can.
  const int m = 15, b = 10;
  Framed f = Frame(b + m, b + m, b + m, b + m);
  std::vector<uint8_t> alpha(static_cast<size_t>(f.width) * f.height, 255);
  for (int y = b; y < f.height - b; ++y) {
    for (int x = b; x < f.width - b; ++x) {
      const bool margin = x < b + m || x >= f.width - b - m || y < b + m ||
                          y >= f.height - b - m;
      if (margin) alpha[static_cast<size_t>(y) * f.width + x] = 0;
    }
  }
  const BarOptions options = UnletterboxBarOptions();
  EXPECT_EQ(Detect(f, options).crop, (CropRect{b + m, b + m, b + m, b + m}));
  EXPECT_EQ(
      DetectBars(f.rgb, f.width, f.height, f.width * 3, options, alpha).crop,
      (CropRect{b, b, b, b}));
  // The picture alone: its transparent margin is not a bar.
  const int w = f.width - 2 * b, h = f.height - 2 * b;
  std::vector<uint8_t> rgb, inner_alpha;
  for (int y = b; y < f.height - b; ++y) {
    const size_t row = static_cast<size_t>(y) * f.width;
    rgb.insert(rgb.end(), f.rgb.begin() + (row + b) * 3,
               f.rgb.begin() + (row + b + w) * 3);
    inner_alpha.insert(inner_alpha.end(), alpha.begin() + row + b,
                       alpha.begin() + row + b + w);
  }
  EXPECT_TRUE(DetectBars(rgb, w, h, w * 3, options, inner_alpha).crop.empty());
  // An alpha plane of the wrong size is ignored.
  inner_alpha.pop_back();
  EXPECT_EQ(DetectBars(rgb, w, h, w * 3, options, inner_alpha).crop,
            (CropRect{m, m, m, m}));
}

TEST(BarDetectorTest, OneSidedCropsOfUnequalBarsOnOneAxis) {
  // A band on top (20) of a picture whose own foot is uniform (7): each
  // side alone, the thicker first.
  EXPECT_EQ(
      OneSidedCrops(CropRect{0, 20, 0, 7}),
      (std::vector<CropRect>{CropRect{0, 20, 0, 0}, CropRect{0, 0, 0, 7}}));
  EXPECT_EQ(
      OneSidedCrops(CropRect{5, 0, 30, 0}),
      (std::vector<CropRect>{CropRect{0, 0, 30, 0}, CropRect{5, 0, 0, 0}}));
  // Equal bars (a border on both sides), bars on one side only (already
  // one-sided), bars on both axes, no bars: nothing more to try.
  EXPECT_TRUE(OneSidedCrops(CropRect{0, 9, 0, 9}).empty());
  EXPECT_TRUE(OneSidedCrops(CropRect{0, 9, 0, 0}).empty());
  EXPECT_TRUE(OneSidedCrops(CropRect{0, 0, 12, 0}).empty());
  EXPECT_TRUE(OneSidedCrops(CropRect{3, 9, 0, 4}).empty());
  EXPECT_TRUE(OneSidedCrops(CropRect{}).empty());
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
