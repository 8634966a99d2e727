// Copyright 2026 The Vigil Authors.

#include <turbojpeg.h>

#include <cstddef>
#include <cstdio>

#include <jpeglib.h>

#include <csetjmp>
#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "media/media_test_util.h"
#include "testing/status_matchers.h"
#include "vigil/image.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::CompareBytes;
using ::vigil::testing::EncodeJpeg;
using ::vigil::testing::JpegOptions;
using ::vigil::testing::MakePattern;
using ::vigil::testing::StatusIs;

// Reference decode with TurboJPEG's defaults (what djpeg and ImageMagick
// get from libjpeg-turbo).
std::vector<uint8_t> TurboDecode(const std::vector<uint8_t>& jpeg, int pf) {
  tjhandle h = tjInitDecompress();
  int w = 0, hgt = 0, sub = 0, cs = 0;
  tjDecompressHeader3(h, jpeg.data(), static_cast<unsigned long>(jpeg.size()),
                      &w, &hgt, &sub, &cs);
  std::vector<uint8_t> out(size_t(w) * hgt * tjPixelSize[pf]);
  int rc =
      tjDecompress2(h, jpeg.data(), static_cast<unsigned long>(jpeg.size()),
                    out.data(), w, 0, hgt, pf, 0);
  tjDestroy(h);
  return rc == 0 ? out : std::vector<uint8_t>{};
}

// Sets the size fields of the first SOFn segment.
void PatchSof(std::vector<uint8_t>* jpeg, int width, int height) {
  for (size_t i = 2; i + 9 < jpeg->size(); ++i) {
    uint8_t m = (*jpeg)[i + 1];
    if ((*jpeg)[i] == 0xFF && m >= 0xC0 && m <= 0xCF && m != 0xC4 &&
        m != 0xC8 && m != 0xCC) {
      (*jpeg)[i + 5] = uint8_t(height >> 8);
      (*jpeg)[i + 6] = uint8_t(height);
      (*jpeg)[i + 7] = uint8_t(width >> 8);
      (*jpeg)[i + 8] = uint8_t(width);
      return;
    }
  }
  FAIL() << "no SOF marker";
}

TEST(JpegDecoderTest, DecodesBaselineLikeTurboJpeg) {
  std::vector<uint8_t> rgb = MakePattern(96, 64, 3);
  std::vector<uint8_t> jpeg = EncodeJpeg(rgb, 96, 64, 3);
  ASSERT_FALSE(jpeg.empty());
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image, DecodeImage(jpeg));
  EXPECT_EQ(image.media_type, MediaType::kJpeg);
  EXPECT_EQ(image.width, 96);
  EXPECT_EQ(image.height, 64);
  EXPECT_EQ(image.source_width, 96);
  EXPECT_EQ(image.source_height, 64);
  EXPECT_EQ(image.format, PixelFormat::kRgb8);
  EXPECT_EQ(image.frame_count_hint, 1);
  EXPECT_EQ(image.exif_orientation, 0);
  EXPECT_EQ(image.pixels, TurboDecode(jpeg, TJPF_RGB));
  // And close to what was encoded.
  EXPECT_LT(CompareBytes(image.pixels, rgb).mean, 4.0);
}

TEST(JpegDecoderTest, ProgressiveAndArithmeticDecodeToTheSamePixels) {
  std::vector<uint8_t> rgb = MakePattern(80, 56, 3);
  VIGIL_ASSERT_OK_AND_ASSIGN(Image base,
                             DecodeImage(EncodeJpeg(rgb, 80, 56, 3)));
  JpegOptions progressive;
  progressive.progressive = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image p, DecodeImage(EncodeJpeg(rgb, 80, 56, 3, progressive)));
  EXPECT_EQ(p.pixels, base.pixels);
  JpegOptions arithmetic;
  arithmetic.arithmetic = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image a, DecodeImage(EncodeJpeg(rgb, 80, 56, 3, arithmetic)));
  EXPECT_EQ(a.pixels, base.pixels);
  JpegOptions restart;
  restart.restart_rows = 1;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image r,
                             DecodeImage(EncodeJpeg(rgb, 80, 56, 3, restart)));
  EXPECT_EQ(r.pixels, base.pixels);
}

TEST(JpegDecoderTest, GreyIsReplicatedToRgbAndReturnedAsIsForLuma) {
  std::vector<uint8_t> grey = MakePattern(40, 30, 1);
  std::vector<uint8_t> jpeg = EncodeJpeg(grey, 40, 30, 1);
  VIGIL_ASSERT_OK_AND_ASSIGN(Image rgb, DecodeImage(jpeg));
  DecodeOptions luma_options;
  luma_options.format = PixelFormat::kLuma8;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image luma, DecodeImage(jpeg, luma_options));
  ASSERT_EQ(luma.pixels.size(), size_t{40 * 30});
  EXPECT_EQ(luma.format, PixelFormat::kLuma8);
  for (size_t i = 0; i < luma.pixels.size(); ++i) {
    ASSERT_EQ(rgb.pixels[3 * i], luma.pixels[i]) << i;
    ASSERT_EQ(rgb.pixels[3 * i + 1], luma.pixels[i]) << i;
    ASSERT_EQ(rgb.pixels[3 * i + 2], luma.pixels[i]) << i;
  }
  EXPECT_LT(CompareBytes(luma.pixels, grey).mean, 2.0);
}

TEST(JpegDecoderTest, AdobeCmykIsConvertedToRgb) {
  // Inverted CMYK as Photoshop stores it: with K stored as 255 (no black
  // ink) the stored C, M, Y bytes are R, G, B themselves.
  std::vector<uint8_t> rgb = MakePattern(48, 32, 3);
  std::vector<uint8_t> cmyk;
  for (size_t i = 0; i < rgb.size(); i += 3) {
    cmyk.insert(cmyk.end(), {rgb[i], rgb[i + 1], rgb[i + 2], 255});
  }
  JpegOptions options;
  options.quality = 98;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodeJpeg(cmyk, 48, 32, 4, options)));
  EXPECT_LT(CompareBytes(image.pixels, rgb).mean, 1.5);
  // Stored K = 128 halves every channel; stored C = 255 means no cyan.
  std::vector<uint8_t> half(48 * 32 * 4);
  for (size_t i = 0; i < half.size(); i += 4) {
    half[i] = 255;
    half[i + 1] = 0;
    half[i + 2] = 255;
    half[i + 3] = 128;
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(Image h,
                             DecodeImage(EncodeJpeg(half, 48, 32, 4, options)));
  EXPECT_NEAR(h.pixels[0], 128, 2);
  EXPECT_NEAR(h.pixels[1], 0, 2);
  EXPECT_NEAR(h.pixels[2], 128, 2);
  DecodeOptions luma_options;
  luma_options.format = PixelFormat::kLuma8;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image luma,
      DecodeImage(EncodeJpeg(cmyk, 48, 32, 4, options), luma_options));
  EXPECT_LE(CompareBytes(luma.pixels, testing::LumaOf(image.pixels)).max, 1);
}

TEST(JpegDecoderTest, LumaIsCloseToTheLumaOfTheRgbDecode) {
  std::vector<uint8_t> rgb = MakePattern(160, 120, 3, 3);
  for (bool subsample : {true, false}) {
    JpegOptions options;
    options.subsample = subsample;
    std::vector<uint8_t> jpeg = EncodeJpeg(rgb, 160, 120, 3, options);
    VIGIL_ASSERT_OK_AND_ASSIGN(Image full, DecodeImage(jpeg));
    DecodeOptions luma_options;
    luma_options.format = PixelFormat::kLuma8;
    VIGIL_ASSERT_OK_AND_ASSIGN(Image luma, DecodeImage(jpeg, luma_options));
    ASSERT_EQ(luma.pixels.size(), size_t{160 * 120});
    testing::Diff d = CompareBytes(luma.pixels, testing::LumaOf(full.pixels));
    EXPECT_LE(d.max, 2) << "subsample " << subsample;
    EXPECT_LT(d.mean, 0.6) << "subsample " << subsample;
  }
}

TEST(JpegDecoderTest, DctScalingPicksTheStrongestScaleKeepingMinSide) {
  std::vector<uint8_t> rgb = MakePattern(321, 201, 3);
  std::vector<uint8_t> jpeg = EncodeJpeg(rgb, 321, 201, 3);
  struct Case {
    int min_side, width, height;
  } cases[] = {{0, 321, 201},   {26, 41, 26},   {27, 81, 51},
               {51, 81, 51},    {52, 161, 101}, {101, 161, 101},
               {102, 321, 201}, {500, 321, 201}};
  for (const Case& c : cases) {
    DecodeOptions options;
    options.jpeg_min_side = c.min_side;
    VIGIL_ASSERT_OK_AND_ASSIGN(Image image, DecodeImage(jpeg, options));
    EXPECT_EQ(image.width, c.width) << "min_side " << c.min_side;
    EXPECT_EQ(image.height, c.height) << "min_side " << c.min_side;
    EXPECT_EQ(image.source_width, 321);
    EXPECT_EQ(image.source_height, 201);
    EXPECT_EQ(image.pixels.size(), size_t(c.width) * c.height * 3);
    options.format = PixelFormat::kLuma8;
    VIGIL_ASSERT_OK_AND_ASSIGN(Image luma, DecodeImage(jpeg, options));
    EXPECT_EQ(luma.width, c.width);
    EXPECT_EQ(luma.pixels.size(), size_t(c.width) * c.height);
  }
}

// A luma decode asked of a JPEG under jpeg_luma_min_pixels is the full-size
// RGB decode instead; at or over the bar, the (scaled) luma plane.
TEST(JpegDecoderTest, LumaMinPixelsDecodesSmallJpegsToFullSizeRgb) {
  std::vector<uint8_t> rgb = MakePattern(321, 201, 3);
  std::vector<uint8_t> jpeg = EncodeJpeg(rgb, 321, 201, 3);
  VIGIL_ASSERT_OK_AND_ASSIGN(Image want, DecodeImage(jpeg));
  DecodeOptions options;
  options.format = PixelFormat::kLuma8;
  options.jpeg_min_side = 100;  // 1/2 without the bar
  options.jpeg_luma_min_pixels = 321 * 201 + 1;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image small, DecodeImage(jpeg, options));
  EXPECT_EQ(small.format, PixelFormat::kRgb8);
  EXPECT_EQ(small.width, 321);
  EXPECT_EQ(small.height, 201);
  EXPECT_EQ(small.pixels, want.pixels);
  options.jpeg_luma_min_pixels = 321 * 201;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image luma, DecodeImage(jpeg, options));
  EXPECT_EQ(luma.format, PixelFormat::kLuma8);
  EXPECT_EQ(luma.width, 161);
  EXPECT_EQ(luma.pixels.size(), size_t{161 * 101});
  // An RGB decode is not affected.
  options.format = PixelFormat::kRgb8;
  options.jpeg_luma_min_pixels = 321 * 201 + 1;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image scaled, DecodeImage(jpeg, options));
  EXPECT_EQ(scaled.width, 161);
}

TEST(JpegDecoderTest, ReportsExifOrientationWithoutApplyingIt) {
  std::vector<uint8_t> rgb = MakePattern(32, 16, 3);
  VIGIL_ASSERT_OK_AND_ASSIGN(Image plain,
                             DecodeImage(EncodeJpeg(rgb, 32, 16, 3)));
  for (int orientation = 1; orientation <= 8; ++orientation) {
    JpegOptions options;
    options.exif_orientation = orientation;
    VIGIL_ASSERT_OK_AND_ASSIGN(
        Image image, DecodeImage(EncodeJpeg(rgb, 32, 16, 3, options)));
    EXPECT_EQ(image.exif_orientation, orientation);
    EXPECT_EQ(image.width, 32);
    EXPECT_EQ(image.pixels, plain.pixels);
  }
}

TEST(JpegDecoderTest, TruncationsAreCorruptInput) {
  for (bool progressive : {false, true}) {
    JpegOptions options;
    options.progressive = progressive;
    std::vector<uint8_t> jpeg =
        EncodeJpeg(MakePattern(64, 48, 3), 64, 48, 3, options);
    ::testing::internal::CaptureStderr();
    testing::ExpectTruncationsFail(jpeg);
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  }
}

TEST(JpegDecoderTest, TruncatedScanSaysPrematureEnd) {
  std::vector<uint8_t> jpeg = EncodeJpeg(MakePattern(64, 64, 3), 64, 64, 3);
  jpeg.resize(jpeg.size() * 3 / 4);
  EXPECT_THAT(DecodeImage(jpeg), StatusIs(StatusCode::kCorruptInput,
                                          HasSubstr("jpeg: premature end")));
}

TEST(JpegDecoderTest, HugeHeaderIsRefusedBeforeAllocating) {
  std::vector<uint8_t> jpeg = EncodeJpeg(MakePattern(16, 16, 3), 16, 16, 3);
  PatchSof(&jpeg, 65535, 65535);
  // libjpeg itself refuses sides above 65500 while reading the header.
  EXPECT_THAT(DecodeImage(jpeg),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("65500")));
  PatchSof(&jpeg, 60000, 60000);
  EXPECT_THAT(DecodeImage(jpeg),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("max_pixels")));
}

TEST(JpegDecoderTest, MaxPixelsIsHonoured) {
  std::vector<uint8_t> jpeg = EncodeJpeg(MakePattern(40, 30, 3), 40, 30, 3);
  DecodeOptions options;
  options.limits.max_pixels = 40 * 30 - 1;
  EXPECT_THAT(DecodeImage(jpeg, options),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("max_pixels")));
  options.limits.max_pixels = 40 * 30;
  VIGIL_EXPECT_OK(DecodeImage(jpeg, options));
  options.limits.max_dimension = 39;
  EXPECT_THAT(DecodeImage(jpeg, options),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("max_dimension")));
}

TEST(JpegDecoderTest, CorruptScanDataIsAnErrorOrAnImageNeverACrash) {
  std::vector<uint8_t> jpeg = EncodeJpeg(MakePattern(64, 48, 3), 64, 48, 3);
  uint32_t state = 12345;
  int errors = 0;
  ::testing::internal::CaptureStderr();
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<uint8_t> bad = jpeg;
    for (int k = 0; k < 4; ++k) {
      state = state * 1664525u + 1013904223u;
      bad[2 + (state >> 8) % (bad.size() - 2)] ^= uint8_t(1 + (state & 0x7F));
    }
    Result<Image> r = DecodeImage(bad);
    if (!r.ok()) {
      ++errors;
      EXPECT_NE(r.status().code(), StatusCode::kInternal) << r.status();
    } else {
      EXPECT_EQ(r->pixels.size(), size_t(r->width) * r->height * 3);
    }
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_GT(errors, 0);
}

// A legal progressive script with more scans than the decoder accepts:
// every AC coefficient of every component sent in its own band, with two
// successive-approximation refinements.
TEST(JpegDecoderTest, TooManyProgressiveScansIsRefused) {
  const int w = 16, h = 16;
  std::vector<uint8_t> rgb = MakePattern(w, h, 3);
  std::vector<jpeg_scan_info> scans;
  for (int c = 0; c < 3; ++c) {
    scans.push_back({1, {c, 0, 0, 0}, 0, 0, 0, 1});
    scans.push_back({1, {c, 0, 0, 0}, 0, 0, 1, 0});
    for (int k = 1; k < 64; ++k) {
      scans.push_back({1, {c, 0, 0, 0}, k, k, 0, 2});
      scans.push_back({1, {c, 0, 0, 0}, k, k, 2, 1});
      scans.push_back({1, {c, 0, 0, 0}, k, k, 1, 0});
    }
  }
  ASSERT_GT(scans.size(), 500u);
  jpeg_compress_struct cinfo;
  jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = w;
  cinfo.image_height = h;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  cinfo.scan_info = scans.data();
  cinfo.num_scans = static_cast<int>(scans.size());
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = &rgb[size_t(cinfo.next_scanline) * w * 3];
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::vector<uint8_t> jpeg(buffer, buffer + size);
  jpeg_destroy_compress(&cinfo);
  std::free(buffer);
  EXPECT_THAT(DecodeImage(jpeg),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("scans")));
}

}  // namespace
}  // namespace vigil
