// Copyright 2026 The Vigil Authors.

#include <zlib.h>

#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "media/media_test_util.h"
#include "testing/status_matchers.h"
#include "vigil/image.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::EncodePng;
using ::vigil::testing::MakePattern;
using ::vigil::testing::PngOptions;
using ::vigil::testing::StatusIs;

// Offset of the first chunk of `type` (its length field), or 0.
size_t FindChunk(const std::vector<uint8_t>& png, const char* type) {
  size_t pos = 8;
  while (pos + 8 <= png.size()) {
    uint32_t len = (uint32_t{png[pos]} << 24) | (uint32_t{png[pos + 1]} << 16) |
                   (uint32_t{png[pos + 2]} << 8) | png[pos + 3];
    if (std::string(png.begin() + pos + 4, png.begin() + pos + 8) == type) {
      return pos;
    }
    pos += 12 + size_t{len};
  }
  return 0;
}

void SetBe32(std::vector<uint8_t>* b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*b)[at + i] = uint8_t(v >> (24 - 8 * i));
}

// Rewrites IHDR's size and fixes its CRC, so only our limit can refuse it.
void PatchIhdr(std::vector<uint8_t>* png, uint32_t w, uint32_t h) {
  size_t at = FindChunk(*png, "IHDR");
  ASSERT_EQ(at, 8u);
  SetBe32(png, at + 8, w);
  SetBe32(png, at + 12, h);
  uint32_t crc = static_cast<uint32_t>(crc32(0, png->data() + at + 4, 17));
  SetBe32(png, at + 21, crc);
}

TEST(PngDecoderTest, RgbIsExact) {
  std::vector<uint8_t> rgb = MakePattern(33, 17, 3);
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodePng(rgb, 33, 17, {})));
  EXPECT_EQ(image.media_type, MediaType::kPng);
  EXPECT_EQ(image.width, 33);
  EXPECT_EQ(image.height, 17);
  EXPECT_EQ(image.frame_count_hint, 1);
  EXPECT_EQ(image.pixels, rgb);
}

TEST(PngDecoderTest, InterlacedIsExact) {
  std::vector<uint8_t> rgb = MakePattern(37, 29, 3);
  PngOptions options;
  options.interlaced = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodePng(rgb, 37, 29, options)));
  EXPECT_EQ(image.pixels, rgb);
}

TEST(PngDecoderTest, AlphaIsIgnoredNotComposited) {
  std::vector<uint8_t> rgba = MakePattern(20, 10, 4);
  rgba[3] = 0;  // a fully transparent pixel keeps its colour
  PngOptions options;
  options.color_type = 6;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodePng(rgba, 20, 10, options)));
  for (size_t i = 0; i < 200; ++i) {
    ASSERT_EQ(image.pixels[3 * i], rgba[4 * i]);
    ASSERT_EQ(image.pixels[3 * i + 1], rgba[4 * i + 1]);
    ASSERT_EQ(image.pixels[3 * i + 2], rgba[4 * i + 2]);
  }
}

TEST(PngDecoderTest, KeepAlphaReturnsOpacityAndTheSamePixels) {
  std::vector<uint8_t> rgba = MakePattern(20, 10, 4);
  rgba[3] = 0;
  rgba[7] = 255;
  PngOptions options;
  options.color_type = 6;
  const std::vector<uint8_t> png = EncodePng(rgba, 20, 10, options);
  VIGIL_ASSERT_OK_AND_ASSIGN(Image plain, DecodeImage(png));
  EXPECT_TRUE(plain.alpha.empty());  // only when asked
  for (PixelFormat format : {PixelFormat::kRgb8, PixelFormat::kLuma8}) {
    DecodeOptions decode;
    decode.keep_alpha = true;
    decode.format = format;
    VIGIL_ASSERT_OK_AND_ASSIGN(Image image, DecodeImage(png, decode));
    DecodeOptions without = decode;
    without.keep_alpha = false;
    VIGIL_ASSERT_OK_AND_ASSIGN(Image reference, DecodeImage(png, without));
    EXPECT_EQ(image.pixels, reference.pixels);  // colours as stored
    ASSERT_EQ(image.alpha.size(), 200u);
    for (size_t i = 0; i < 200; ++i) ASSERT_EQ(image.alpha[i], rgba[4 * i + 3]);
  }
  // Opaque files keep no alpha plane, even with an alpha channel.
  for (size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;
  DecodeOptions decode;
  decode.keep_alpha = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image opaque, DecodeImage(EncodePng(rgba, 20, 10, options), decode));
  EXPECT_TRUE(opaque.alpha.empty());
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image rgb,
      DecodeImage(EncodePng(MakePattern(20, 10, 3), 20, 10, {}), decode));
  EXPECT_TRUE(rgb.alpha.empty());
}

TEST(PngDecoderTest, KeepAlphaMakesTrnsIntoOpacity) {
  PngOptions options;
  options.color_type = 3;
  options.bit_depth = 8;
  options.palette = {10, 20, 30, 200, 100, 50, 0, 255, 0};
  options.trns = {0, 128};  // entry 2 has no tRNS value: opaque
  const std::vector<uint8_t> indices = {0, 1, 2, 1};
  DecodeOptions decode;
  decode.keep_alpha = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image, DecodeImage(EncodePng(indices, 4, 1, options), decode));
  EXPECT_EQ(image.pixels, (std::vector<uint8_t>{10, 20, 30, 200, 100, 50, 0,
                                                255, 0, 200, 100, 50}));
  EXPECT_EQ(image.alpha, (std::vector<uint8_t>{0, 128, 255, 128}));
}

TEST(PngDecoderTest, GreyAndGreyAlphaAreReplicatedOrKept) {
  std::vector<uint8_t> grey = MakePattern(16, 8, 1);
  std::vector<uint8_t> ga;
  for (uint8_t g : grey) ga.insert(ga.end(), {g, uint8_t(255 - g)});
  for (int type : {0, 4}) {
    PngOptions options;
    options.color_type = type;
    std::vector<uint8_t> png = EncodePng(type == 0 ? grey : ga, 16, 8, options);
    VIGIL_ASSERT_OK_AND_ASSIGN(Image rgb, DecodeImage(png));
    DecodeOptions luma_options;
    luma_options.format = PixelFormat::kLuma8;
    VIGIL_ASSERT_OK_AND_ASSIGN(Image luma, DecodeImage(png, luma_options));
    EXPECT_EQ(luma.pixels, grey);
    for (size_t i = 0; i < grey.size(); ++i) {
      ASSERT_EQ(rgb.pixels[3 * i], grey[i]);
      ASSERT_EQ(rgb.pixels[3 * i + 2], grey[i]);
    }
  }
}

TEST(PngDecoderTest, LowBitDepthGreyIsScaledTo8Bits) {
  // 2-bit grey: 0,1,2,3 -> 0,85,170,255.
  std::vector<uint8_t> packed = {0x1B};  // 00 01 10 11
  PngOptions options;
  options.color_type = 0;
  options.bit_depth = 2;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodePng(packed, 4, 1, options)));
  EXPECT_EQ(image.pixels, (std::vector<uint8_t>{0, 0, 0, 85, 85, 85, 170, 170,
                                                170, 255, 255, 255}));
}

TEST(PngDecoderTest, SixteenBitIsRoundedLikeImageMagick) {
  // round(v / 257) for a few values around the rounding points.
  const uint16_t values[] = {0, 128, 129, 257, 385, 386, 65535, 32896};
  std::vector<uint8_t> samples;
  for (uint16_t v : values) {
    for (int c = 0; c < 3; ++c)
      samples.insert(samples.end(), {uint8_t(v >> 8), uint8_t(v)});
  }
  PngOptions options;
  options.bit_depth = 16;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodePng(samples, 8, 1, options)));
  for (int i = 0; i < 8; ++i) {
    int expected = (values[i] + 128) / 257;
    EXPECT_EQ(image.pixels[3 * i], expected) << values[i];
  }
}

TEST(PngDecoderTest, PaletteIsExpandedAndTransparencyIgnored) {
  PngOptions options;
  options.color_type = 3;
  options.bit_depth = 8;
  options.palette = {10, 20, 30, 200, 100, 50, 0, 255, 0};
  options.trns = {0, 128};  // index 0 fully transparent: colour kept
  std::vector<uint8_t> indices = {0, 1, 2, 1};
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodePng(indices, 2, 2, options)));
  EXPECT_EQ(image.pixels, (std::vector<uint8_t>{10, 20, 30, 200, 100, 50, 0,
                                                255, 0, 200, 100, 50}));
}

TEST(PngDecoderTest, LumaFromColourUsesPdqWeights) {
  std::vector<uint8_t> rgb = MakePattern(24, 24, 3);
  DecodeOptions options;
  options.format = PixelFormat::kLuma8;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodePng(rgb, 24, 24, {}), options));
  EXPECT_LE(testing::CompareBytes(image.pixels, testing::LumaOf(rgb)).max, 1);
}

TEST(PngDecoderTest, ReportsExifOrientation) {
  PngOptions options;
  options.exif_orientation = 6;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image, DecodeImage(EncodePng(MakePattern(8, 8, 3), 8, 8, options)));
  EXPECT_EQ(image.exif_orientation, 6);
}

TEST(PngDecoderTest, BadCrcIsCorruptInput) {
  std::vector<uint8_t> png = EncodePng(MakePattern(16, 16, 3), 16, 16, {});
  size_t idat = FindChunk(png, "IDAT");
  ASSERT_GT(idat, 0u);
  png[idat + 10] ^= 0x55;  // inside the IDAT payload: the CRC no longer holds
  ::testing::internal::CaptureStderr();
  EXPECT_THAT(DecodeImage(png),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("png: ")));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(PngDecoderTest, TruncationsAreCorruptInput) {
  for (bool interlaced : {false, true}) {
    PngOptions options;
    options.interlaced = interlaced;
    std::vector<uint8_t> png =
        EncodePng(MakePattern(40, 30, 3), 40, 30, options);
    ::testing::internal::CaptureStderr();
    testing::ExpectTruncationsFail(png);
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  }
}

TEST(PngDecoderTest, HugeHeaderIsRefusedBeforeAllocating) {
  std::vector<uint8_t> png = EncodePng(MakePattern(4, 4, 3), 4, 4, {});
  PatchIhdr(&png, 100000, 100000);
  EXPECT_THAT(DecodeImage(png),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("100000x100000")));
  PatchIhdr(&png, 20000, 20000);  // sides fine, 400 MP too many
  EXPECT_THAT(DecodeImage(png),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("max_pixels")));
}

TEST(PngDecoderTest, MaxPixelsIsHonoured) {
  std::vector<uint8_t> png = EncodePng(MakePattern(10, 10, 3), 10, 10, {});
  DecodeOptions options;
  options.limits.max_pixels = 99;
  EXPECT_THAT(DecodeImage(png, options),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("max_pixels")));
}

}  // namespace
}  // namespace vigil
