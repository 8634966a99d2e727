// Copyright 2026 The Vigil Authors.

#include <vector>

#include "media/image_encoders.h"
#include "media/media_test_util.h"
#include "testing/status_matchers.h"
#include "vigil/image.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::EncodeWebp;
using ::vigil::testing::MakePattern;
using ::vigil::testing::StatusIs;

TEST(WebpDecoderTest, LosslessIsExact) {
  std::vector<uint8_t> rgb = MakePattern(31, 23, 3);
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodeWebp(rgb, 31, 23, 3, true)));
  EXPECT_EQ(image.media_type, MediaType::kWebp);
  EXPECT_EQ(image.width, 31);
  EXPECT_EQ(image.height, 23);
  EXPECT_EQ(image.frame_count_hint, 1);
  EXPECT_EQ(image.pixels, rgb);
}

TEST(WebpDecoderTest, LosslessAlphaKeepsTheStoredColour) {
  std::vector<uint8_t> rgba = MakePattern(16, 16, 4);
  for (size_t i = 0; i < rgba.size(); i += 4) rgba[i + 3] = 128;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodeWebp(rgba, 16, 16, 4, true)));
  for (size_t i = 0; i < 256; ++i) {
    ASSERT_EQ(image.pixels[3 * i], rgba[4 * i]) << i;
    ASSERT_EQ(image.pixels[3 * i + 1], rgba[4 * i + 1]) << i;
    ASSERT_EQ(image.pixels[3 * i + 2], rgba[4 * i + 2]) << i;
  }
}

TEST(WebpDecoderTest, LossyWithAndWithoutAlphaIsClose) {
  std::vector<uint8_t> rgb = MakePattern(64, 48, 3);
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image, DecodeImage(EncodeWebp(rgb, 64, 48, 3, false, 95)));
  EXPECT_LT(testing::CompareBytes(image.pixels, rgb).mean, 4.0);
  std::vector<uint8_t> rgba = MakePattern(64, 48, 4);
  std::vector<uint8_t> colour;
  for (size_t i = 0; i < rgba.size(); i += 4) {
    colour.insert(colour.end(), {rgba[i], rgba[i + 1], rgba[i + 2]});
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image with_alpha, DecodeImage(EncodeWebp(rgba, 64, 48, 4, false, 95)));
  EXPECT_LT(testing::CompareBytes(with_alpha.pixels, colour).mean, 4.0);
  DecodeOptions options;
  options.format = PixelFormat::kLuma8;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image luma, DecodeImage(EncodeWebp(rgb, 64, 48, 3, false, 95), options));
  EXPECT_LE(
      testing::CompareBytes(luma.pixels, testing::LumaOf(image.pixels)).max, 1);
}

TEST(WebpDecoderTest, TruncationsAreCorruptInput) {
  for (bool lossless : {false, true}) {
    std::vector<uint8_t> webp =
        EncodeWebp(MakePattern(40, 30, 3), 40, 30, 3, lossless);
    ::testing::internal::CaptureStderr();
    testing::ExpectTruncationsFail(webp);
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  }
}

void Put24(std::vector<uint8_t>* b, uint32_t v) {
  for (int i = 0; i < 3; ++i) b->push_back(uint8_t(v >> (8 * i)));
}
void Put32(std::vector<uint8_t>* b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b->push_back(uint8_t(v >> (8 * i)));
}

// An animated WebP (RIFF/VP8X/ANIM/ANMF...) whose `frames` frames all carry
// the bitstream chunk of `still` (a simple-format WebP) at (x, y) on a
// `canvas_w` x `canvas_h` canvas.
std::vector<uint8_t> Animated(const std::vector<uint8_t>& still, int fw, int fh,
                              uint32_t canvas_w, uint32_t canvas_h, int x,
                              int y, int frames) {
  std::vector<uint8_t> f = {'R', 'I', 'F', 'F', 0,   0,   0,   0,
                            'W', 'E', 'B', 'P', 'V', 'P', '8', 'X'};
  Put32(&f, 10);
  f.insert(f.end(), {0x02, 0, 0, 0});  // animation flag
  Put24(&f, canvas_w - 1);
  Put24(&f, canvas_h - 1);
  f.insert(f.end(), {'A', 'N', 'I', 'M'});
  Put32(&f, 6);
  f.insert(f.end(), {0, 0, 0, 0, 0, 0});
  std::vector<uint8_t> bitstream(still.begin() + 12, still.end());
  for (int i = 0; i < frames; ++i) {
    f.insert(f.end(), {'A', 'N', 'M', 'F'});
    Put32(&f, uint32_t(16 + bitstream.size()));
    Put24(&f, uint32_t(x / 2));
    Put24(&f, uint32_t(y / 2));
    Put24(&f, uint32_t(fw - 1));
    Put24(&f, uint32_t(fh - 1));
    Put24(&f, 100);
    f.push_back(0);
    f.insert(f.end(), bitstream.begin(), bitstream.end());
  }
  uint32_t riff = uint32_t(f.size() - 8);
  for (int i = 0; i < 4; ++i) f[4 + i] = uint8_t(riff >> (8 * i));
  return f;
}

TEST(WebpDecoderTest, AnimationGivesTheFirstFrameOnABlackCanvas) {
  std::vector<uint8_t> rgb = MakePattern(8, 6, 3);
  std::vector<uint8_t> still = EncodeWebp(rgb, 8, 6, 3, true);
  std::vector<uint8_t> file = Animated(still, 8, 6, 12, 10, 2, 4, 3);
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image, DecodeImage(file));
  EXPECT_EQ(image.width, 12);
  EXPECT_EQ(image.height, 10);
  EXPECT_EQ(image.frame_count_hint, 3);
  for (int y = 0; y < 10; ++y) {
    for (int x = 0; x < 12; ++x) {
      const uint8_t* p = &image.pixels[(size_t(y) * 12 + x) * 3];
      bool inside = x >= 2 && x < 10 && y >= 4 && y < 10;
      for (int c = 0; c < 3; ++c) {
        int expected = inside ? rgb[(size_t(y - 4) * 8 + (x - 2)) * 3 + c] : 0;
        ASSERT_EQ(p[c], expected) << x << "," << y;
      }
    }
  }
}

// An animation announcing a 100000x100000 canvas: refused on the canvas
// size, before anything of that size is allocated.
TEST(WebpDecoderTest, HugeCanvasIsRefusedBeforeAllocating) {
  std::vector<uint8_t> still = EncodeWebp(MakePattern(8, 8, 3), 8, 8, 3, true);
  std::vector<uint8_t> file = Animated(still, 8, 8, 100000, 100000, 0, 0, 1);
  EXPECT_THAT(DecodeImage(file),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("100000x100000")));
}

TEST(WebpDecoderTest, MaxPixelsIsHonoured) {
  std::vector<uint8_t> webp =
      EncodeWebp(MakePattern(10, 10, 3), 10, 10, 3, true);
  DecodeOptions options;
  options.limits.max_pixels = 99;
  EXPECT_THAT(DecodeImage(webp, options),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("max_pixels")));
}

}  // namespace
}  // namespace vigil
