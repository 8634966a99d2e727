// Copyright 2026 The Vigil Authors.

#include <vector>

#include "media/image_encoders.h"
#include "media/media_test_util.h"
#include "testing/status_matchers.h"
#include "vigil/image.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::EncodeBmp;
using ::vigil::testing::MakePattern;
using ::vigil::testing::StatusIs;

void SetLe32(std::vector<uint8_t>* b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*b)[at + i] = uint8_t(v >> (8 * i));
}

TEST(BmpDecoderTest, TwentyFourAndThirtyTwoBitAreExact) {
  std::vector<uint8_t> rgb = MakePattern(13, 7, 3);  // odd width: row padding
  for (int bpp : {24, 32}) {
    for (bool top_down : {false, true}) {
      VIGIL_ASSERT_OK_AND_ASSIGN(
          Image image, DecodeImage(EncodeBmp(rgb, 13, 7, bpp, top_down)));
      EXPECT_EQ(image.media_type, MediaType::kBmp);
      EXPECT_EQ(image.width, 13);
      EXPECT_EQ(image.height, 7);
      EXPECT_EQ(image.pixels, rgb) << bpp << " top_down " << top_down;
    }
  }
}

TEST(BmpDecoderTest, PaletteIsExpanded) {
  std::vector<uint8_t> grey = MakePattern(10, 6, 1);
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                             DecodeImage(EncodeBmp(grey, 10, 6, 8)));
  DecodeOptions options;
  options.format = PixelFormat::kLuma8;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image luma,
                             DecodeImage(EncodeBmp(grey, 10, 6, 8), options));
  EXPECT_EQ(luma.pixels, grey);
  for (size_t i = 0; i < grey.size(); ++i) {
    ASSERT_EQ(image.pixels[3 * i + 1], grey[i]);
  }
}

TEST(BmpDecoderTest, Rle8IsDecoded) {
  // 4x2 RLE8 bitmap, bottom-up: row 0 (bottom) = 3 x index 1 then index 2,
  // row 1 (top) = absolute run 0,1,2,0.
  std::vector<uint8_t> bmp = EncodeBmp(std::vector<uint8_t>(8, 0), 4, 2, 8);
  const size_t offset = 14 + 40 + 1024;
  bmp.resize(offset);
  bmp[30] = 1;  // BI_RLE8
  const uint8_t rle[] = {3, 1, 1, 2, 0, 0, 0, 4, 0, 1, 2, 0, 0, 1};
  bmp.insert(bmp.end(), std::begin(rle), std::end(rle));
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image, DecodeImage(bmp));
  std::vector<uint8_t> grey;
  for (size_t i = 0; i < image.pixels.size(); i += 3)
    grey.push_back(image.pixels[i]);
  EXPECT_EQ(grey, (std::vector<uint8_t>{0, 1, 2, 0, 1, 1, 1, 2}));
}

TEST(BmpDecoderTest, TruncationsAreCorruptInput) {
  std::vector<uint8_t> bmp = EncodeBmp(MakePattern(9, 5, 3), 9, 5, 24);
  testing::ExpectTruncationsFail(bmp);
}

TEST(BmpDecoderTest, HugeHeaderIsRefusedBeforeAllocating) {
  std::vector<uint8_t> bmp = EncodeBmp(MakePattern(4, 4, 3), 4, 4, 24);
  SetLe32(&bmp, 18, 100000);
  SetLe32(&bmp, 22, 100000);
  EXPECT_THAT(DecodeImage(bmp),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("100000x100000")));
  SetLe32(&bmp, 22, uint32_t(-100000));  // top-down
  EXPECT_THAT(DecodeImage(bmp),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("100000x100000")));
}

TEST(BmpDecoderTest, UnsupportedCompressionSaysSo) {
  std::vector<uint8_t> bmp = EncodeBmp(MakePattern(4, 4, 3), 4, 4, 24);
  SetLe32(&bmp, 30, 4);  // BI_JPEG
  EXPECT_THAT(DecodeImage(bmp), StatusIs(StatusCode::kUnsupportedFormat,
                                         HasSubstr("bmp: compression 4")));
}

}  // namespace
}  // namespace vigil
