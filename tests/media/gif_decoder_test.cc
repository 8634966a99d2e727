// Copyright 2026 The Vigil Authors.

#include <vector>

#include "media/image_encoders.h"
#include "media/media_test_util.h"
#include "testing/status_matchers.h"
#include "vigil/image.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::EncodeGif;
using ::vigil::testing::GifOptions;
using ::vigil::testing::StatusIs;

// Palette of 4: black, red, green, blue.
const std::vector<uint8_t> kPalette = {0, 0,   0, 255, 0, 0,
                                       0, 255, 0, 0,   0, 255};

std::vector<uint8_t> Indices(int w, int h) {
  std::vector<uint8_t> idx(size_t(w) * h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x)
      idx[size_t(y) * w + x] = uint8_t((x / 3 + y) % 4);
  }
  return idx;
}

std::vector<uint8_t> Expand(const std::vector<uint8_t>& idx) {
  std::vector<uint8_t> rgb;
  for (uint8_t i : idx) {
    rgb.insert(rgb.end(), kPalette.begin() + 3 * i,
               kPalette.begin() + 3 * i + 3);
  }
  return rgb;
}

TEST(GifDecoderTest, FirstFrameThroughThePalette) {
  std::vector<uint8_t> idx = Indices(21, 13);
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodeGif(idx, 21, 13, kPalette)));
  EXPECT_EQ(image.media_type, MediaType::kGif);
  EXPECT_EQ(image.width, 21);
  EXPECT_EQ(image.height, 13);
  EXPECT_EQ(image.frame_count_hint, 1);
  EXPECT_EQ(image.pixels, Expand(idx));
}

TEST(GifDecoderTest, InterlacedRowsLandInPlace) {
  std::vector<uint8_t> idx = Indices(9, 19);
  GifOptions options;
  options.interlaced = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image, DecodeImage(EncodeGif(idx, 9, 19, kPalette, options)));
  EXPECT_EQ(image.pixels, Expand(idx));
}

TEST(GifDecoderTest, TransparentIndexKeepsItsPaletteColour) {
  std::vector<uint8_t> idx = Indices(8, 8);
  GifOptions options;
  options.transparent_index = 1;  // red
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image, DecodeImage(EncodeGif(idx, 8, 8, kPalette, options)));
  EXPECT_EQ(image.pixels, Expand(idx));
}

TEST(GifDecoderTest, AnimationGivesTheFirstFrameAndTheFrameCount) {
  std::vector<uint8_t> idx = Indices(8, 8);
  GifOptions options;
  options.extra_frames = 4;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image, DecodeImage(EncodeGif(idx, 8, 8, kPalette, options)));
  EXPECT_EQ(image.frame_count_hint, 5);
  EXPECT_EQ(image.pixels, Expand(idx));
}

TEST(GifDecoderTest, FrameInsideTheScreenIsPlacedOnTheBackground) {
  std::vector<uint8_t> idx(4, 1);  // 2x2 red
  GifOptions options;
  options.screen_width = 5;
  options.screen_height = 4;
  options.left = 2;
  options.top = 1;
  options.background = 3;  // blue
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image, DecodeImage(EncodeGif(idx, 2, 2, kPalette, options)));
  ASSERT_EQ(image.width, 5);
  ASSERT_EQ(image.height, 4);
  auto at = [&](int x, int y) {
    return &image.pixels[(size_t(y) * 5 + x) * 3];
  };
  EXPECT_EQ(at(0, 0)[2], 255);  // background blue
  EXPECT_EQ(at(2, 1)[0], 255);  // frame red
  EXPECT_EQ(at(3, 2)[0], 255);
  EXPECT_EQ(at(4, 3)[2], 255);
}

TEST(GifDecoderTest, FrameOverhangingTheScreenGrowsTheCanvas) {
  std::vector<uint8_t> idx(4, 2);
  GifOptions options;
  options.screen_width = 2;
  options.screen_height = 2;
  options.left = 3;
  options.top = 3;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image, DecodeImage(EncodeGif(idx, 2, 2, kPalette, options)));
  EXPECT_EQ(image.width, 5);
  EXPECT_EQ(image.height, 5);
  EXPECT_EQ(image.pixels[(4 * 5 + 4) * 3 + 1], 255);
}

TEST(GifDecoderTest, FrameFarOutsideTheScreenHitsTheLimits) {
  std::vector<uint8_t> idx(4, 2);
  GifOptions options;
  options.left = 65000;
  options.top = 65000;
  EXPECT_THAT(DecodeImage(EncodeGif(idx, 2, 2, kPalette, options)),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("max_pixels")));
}

TEST(GifDecoderTest, HugeScreenIsRefusedBeforeAllocating) {
  std::vector<uint8_t> gif = EncodeGif(Indices(4, 4), 4, 4, kPalette);
  // Logical screen descriptor: width and height at offsets 6 and 8 (LE).
  gif[6] = gif[7] = gif[8] = gif[9] = 0xFF;  // 65535x65535, the most GIF has
  EXPECT_THAT(DecodeImage(gif),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("65535x65535")));
}

TEST(GifDecoderTest, TruncationsAreCorruptInput) {
  std::vector<uint8_t> gif = EncodeGif(Indices(30, 20), 30, 20, kPalette);
  ::testing::internal::CaptureStderr();
  // Only the first frame is needed: the trailer byte may be missing.
  testing::ExpectTruncationsFail(gif, /*slack=*/1);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace vigil
