// Copyright 2026 The Vigil Authors.

#include <tiffio.h>

#include <vector>

#include "media/image_encoders.h"
#include "media/media_test_util.h"
#include "testing/status_matchers.h"
#include "vigil/image.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::EncodeTiff;
using ::vigil::testing::MakePattern;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TiffOptions;

std::vector<uint8_t> DropAlpha(const std::vector<uint8_t>& rgba) {
  std::vector<uint8_t> rgb;
  for (size_t i = 0; i < rgba.size(); i += 4) {
    rgb.insert(rgb.end(), {rgba[i], rgba[i + 1], rgba[i + 2]});
  }
  return rgb;
}

TEST(TiffDecoderTest, RgbStripsAndTilesAreExact) {
  std::vector<uint8_t> rgb = MakePattern(37, 21, 3);
  for (int compression :
       {COMPRESSION_NONE, COMPRESSION_LZW, COMPRESSION_ADOBE_DEFLATE}) {
    for (bool tiled : {false, true}) {
      TiffOptions options;
      options.compression = compression;
      options.tiled = tiled;
      std::vector<uint8_t> tiff = EncodeTiff(rgb, 37, 21, options);
      ASSERT_FALSE(tiff.empty());
      VIGIL_ASSERT_OK_AND_ASSIGN(Image image, DecodeImage(tiff));
      EXPECT_EQ(image.media_type, MediaType::kTiff);
      EXPECT_EQ(image.width, 37);
      EXPECT_EQ(image.height, 21);
      EXPECT_EQ(image.frame_count_hint, 1);
      EXPECT_EQ(image.pixels, rgb) << compression << " tiled " << tiled;
    }
  }
}

TEST(TiffDecoderTest, UnassociatedAlphaIsDroppedNotPremultiplied) {
  std::vector<uint8_t> rgba = MakePattern(16, 8, 4);
  rgba[3] = 0;
  TiffOptions options;
  options.samples_per_pixel = 4;
  options.extra_sample = EXTRASAMPLE_UNASSALPHA;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodeTiff(rgba, 16, 8, options)));
  EXPECT_EQ(image.pixels, DropAlpha(rgba));
  // Associated alpha: the stored (already premultiplied) colour.
  options.extra_sample = EXTRASAMPLE_ASSOCALPHA;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image assoc,
                             DecodeImage(EncodeTiff(rgba, 16, 8, options)));
  EXPECT_EQ(assoc.pixels, DropAlpha(rgba));
}

TEST(TiffDecoderTest, SixteenBitIsRounded) {
  const uint16_t values[] = {0, 128, 129, 65535, 32896, 1000};
  std::vector<uint16_t> samples;
  for (uint16_t v : values) samples.insert(samples.end(), {v, v, v});
  std::vector<uint8_t> bytes(
      reinterpret_cast<uint8_t*>(samples.data()),
      reinterpret_cast<uint8_t*>(samples.data()) + samples.size() * 2);
  TiffOptions options;
  options.bits_per_sample = 16;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodeTiff(bytes, 6, 1, options)));
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR(image.pixels[3 * i], (values[i] + 128) / 257, 1) << values[i];
  }
}

TEST(TiffDecoderTest, GreyAndCmyk) {
  std::vector<uint8_t> grey = MakePattern(12, 9, 1);
  TiffOptions options;
  options.samples_per_pixel = 1;
  options.photometric = PHOTOMETRIC_MINISBLACK;
  DecodeOptions luma;
  luma.format = PixelFormat::kLuma8;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image, DecodeImage(EncodeTiff(grey, 12, 9, options), luma));
  EXPECT_EQ(image.pixels, grey);
  // CMYK with no ink except full magenta: green channel 0.
  std::vector<uint8_t> cmyk(4 * 4 * 4, 0);
  for (size_t i = 1; i < cmyk.size(); i += 4) cmyk[i] = 255;
  TiffOptions cmyk_options;
  cmyk_options.samples_per_pixel = 4;
  cmyk_options.photometric = PHOTOMETRIC_SEPARATED;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image c,
                             DecodeImage(EncodeTiff(cmyk, 4, 4, cmyk_options)));
  EXPECT_EQ(c.pixels[0], 255);
  EXPECT_EQ(c.pixels[1], 0);
  EXPECT_EQ(c.pixels[2], 255);
}

TEST(TiffDecoderTest, OrientationIsReportedNotApplied) {
  std::vector<uint8_t> rgb = MakePattern(10, 6, 3);
  for (int orientation : {1, 3, 4, 6, 8}) {
    TiffOptions options;
    options.orientation = orientation;
    VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                               DecodeImage(EncodeTiff(rgb, 10, 6, options)));
    EXPECT_EQ(image.exif_orientation, orientation);
    EXPECT_EQ(image.width, 10);
    EXPECT_EQ(image.pixels, rgb) << orientation;
  }
}

TEST(TiffDecoderTest, PagesAreCounted) {
  TiffOptions options;
  options.pages = 3;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image,
      DecodeImage(EncodeTiff(MakePattern(4, 4, 3), 4, 4, options)));
  EXPECT_EQ(image.frame_count_hint, 3);
}

TEST(TiffDecoderTest, TruncationsAreCorruptInput) {
  TiffOptions options;
  options.compression = COMPRESSION_LZW;
  std::vector<uint8_t> tiff =
      EncodeTiff(MakePattern(30, 20, 3), 30, 20, options);
  ::testing::internal::CaptureStderr();
  testing::ExpectTruncationsFail(tiff);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

// Rewrites the value of `tag` (count 1, SHORT or LONG) in the first IFD of
// a little-endian TIFF.
void PatchTag(std::vector<uint8_t>* t, uint16_t tag, uint32_t value) {
  ASSERT_EQ((*t)[0], 'I');
  auto u16 = [&](size_t at) {
    return uint32_t((*t)[at]) | (uint32_t((*t)[at + 1]) << 8);
  };
  size_t ifd = u16(4) | (u16(6) << 16);
  uint32_t count = u16(ifd);
  for (uint32_t i = 0; i < count; ++i) {
    size_t e = ifd + 2 + 12 * size_t{i};
    if (u16(e) != tag) continue;
    for (int b = 0; b < 4; ++b) (*t)[e + 8 + b] = uint8_t(value >> (8 * b));
    return;
  }
  FAIL() << "tag " << tag << " not found";
}

TEST(TiffDecoderTest, HugeStripByteCountIsNotAnAllocation) {
  TiffOptions options;
  options.rows_per_strip = 64;  // one strip
  std::vector<uint8_t> tiff =
      EncodeTiff(MakePattern(16, 16, 3), 16, 16, options);
  PatchTag(&tiff, 279, 0xFFFFFFF0u);  // StripByteCounts
  ::testing::internal::CaptureStderr();
  Result<Image> r = DecodeImage(tiff);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  // libtiff bounds a strip by the end of the (mapped) file: the strip is
  // read from what is there, and nothing of the claimed size is allocated.
  if (r.ok()) {
    EXPECT_EQ(r->pixels.size(), size_t{16 * 16 * 3});
  } else {
    EXPECT_EQ(r.status().code(), StatusCode::kCorruptInput) << r.status();
  }
  // And a strip offset past the end of the file.
  tiff = EncodeTiff(MakePattern(16, 16, 3), 16, 16, options);
  PatchTag(&tiff, 273, 0x7FFFFFF0u);  // StripOffsets
  EXPECT_THAT(DecodeImage(tiff),
              StatusIs(StatusCode::kCorruptInput, ::testing::_));
}

TEST(TiffDecoderTest, HugeHeaderIsRefusedBeforeAllocating) {
  // A hand-made little-endian TIFF: one IFD with ImageWidth/ImageLength
  // 100000 and nothing else of substance.
  std::vector<uint8_t> t = {'I', 'I', 42, 0, 8, 0, 0, 0, 7, 0};
  auto entry = [&](uint16_t tag, uint16_t type, uint32_t value) {
    const uint8_t e[12] = {uint8_t(tag),
                           uint8_t(tag >> 8),
                           uint8_t(type),
                           0,
                           1,
                           0,
                           0,
                           0,
                           uint8_t(value),
                           uint8_t(value >> 8),
                           uint8_t(value >> 16),
                           uint8_t(value >> 24)};
    t.insert(t.end(), e, e + 12);
  };
  entry(256, 4, 100000);  // ImageWidth LONG
  entry(257, 4, 100000);  // ImageLength LONG
  entry(258, 3, 8);       // BitsPerSample
  entry(262, 3, 1);       // Photometric: min-is-black
  entry(273, 4, 8);       // StripOffsets
  entry(277, 3, 1);       // SamplesPerPixel
  entry(279, 4, 1);       // StripByteCounts
  t.insert(t.end(), {0, 0, 0, 0});
  ::testing::internal::CaptureStderr();
  EXPECT_THAT(DecodeImage(t),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("100000x100000")));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace vigil
