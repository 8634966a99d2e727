// Copyright 2026 The Vigil Authors.

#include <string>
#include <thread>
#include <vector>

#include "media/image_encoders.h"
#include "media/media_test_util.h"
#include "testing/status_matchers.h"
#include "vigil/image.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::EncodeHeif;
using ::vigil::testing::MakePattern;
using ::vigil::testing::StatusIs;

class HeifDecoderTest : public ::testing::TestWithParam<bool> {};

TEST_P(HeifDecoderTest, DecodesCloseToTheOriginal) {
  const bool av1 = GetParam();
  const MediaType type = av1 ? MediaType::kAvif : MediaType::kHeic;
  std::vector<uint8_t> rgb = MakePattern(64, 48, 3);
  std::vector<uint8_t> file = EncodeHeif(rgb, 64, 48, av1, 95);
  if (file.empty()) GTEST_SKIP() << "libheif has no encoder for this codec";
  EXPECT_EQ(SniffMediaType(file), type);
  if (!CanDecodeImage(type)) {
    EXPECT_THAT(DecodeImage(file),
                StatusIs(StatusCode::kUnsupportedFormat, HasSubstr("decoder")));
    return;
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image, DecodeImage(file));
  EXPECT_EQ(image.media_type, type);
  EXPECT_EQ(image.width, 64);
  EXPECT_EQ(image.height, 48);
  EXPECT_EQ(image.frame_count_hint, 1);
  EXPECT_LT(testing::CompareBytes(image.pixels, rgb).mean, 6.0);
  DecodeOptions options;
  options.format = PixelFormat::kLuma8;
  VIGIL_ASSERT_OK_AND_ASSIGN(Image luma, DecodeImage(file, options));
  EXPECT_LE(
      testing::CompareBytes(luma.pixels, testing::LumaOf(image.pixels)).max, 1);
}

TEST_P(HeifDecoderTest, TruncationsFailCleanly) {
  const bool av1 = GetParam();
  std::vector<uint8_t> file = EncodeHeif(MakePattern(32, 32, 3), 32, 32, av1);
  if (file.empty()) GTEST_SKIP() << "libheif has no encoder for this codec";
  ::testing::internal::CaptureStderr();
  for (size_t n : testing::TruncationOffsets(file.size(), 60)) {
    if (n == file.size()) continue;
    std::vector<uint8_t> cut(file.begin(), file.begin() + n);
    Result<Image> r = DecodeImage(cut);
    EXPECT_FALSE(r.ok()) << "truncated at " << n;
    if (!r.ok()) {
      EXPECT_NE(r.status().code(), StatusCode::kInternal) << r.status();
    }
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST_P(HeifDecoderTest, MaxPixelsIsHonouredBeforeDecoding) {
  const bool av1 = GetParam();
  std::vector<uint8_t> file = EncodeHeif(MakePattern(32, 32, 3), 32, 32, av1);
  if (file.empty()) GTEST_SKIP() << "libheif has no encoder for this codec";
  DecodeOptions options;
  options.limits.max_pixels = 32 * 32 - 1;
  EXPECT_THAT(DecodeImage(file, options),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("32x32")));
  options.limits.max_pixels = 1 << 20;
  options.limits.max_dimension = 31;
  Result<Image> r = DecodeImage(file, options);
  EXPECT_THAT(r, StatusIs(StatusCode::kLimitExceeded, ::testing::_));
}

// The ispe (image spatial extent) box rewritten to 100000x100000.
TEST_P(HeifDecoderTest, HugeIspeIsRefusedBeforeDecoding) {
  const bool av1 = GetParam();
  std::vector<uint8_t> file = EncodeHeif(MakePattern(16, 16, 3), 16, 16, av1);
  if (file.empty()) GTEST_SKIP() << "libheif has no encoder for this codec";
  int patched = 0;
  for (size_t i = 0; i + 16 <= file.size(); ++i) {
    if (file[i] == 'i' && file[i + 1] == 's' && file[i + 2] == 'p' &&
        file[i + 3] == 'e') {
      for (size_t at : {i + 8, i + 12}) {
        file[at] = 0;
        file[at + 1] = 0x01;
        file[at + 2] = 0x86;
        file[at + 3] = 0xA0;  // 100000 big endian
      }
      ++patched;
    }
  }
  ASSERT_GT(patched, 0);
  ::testing::internal::CaptureStderr();
  EXPECT_THAT(DecodeImage(file),
              StatusIs(StatusCode::kLimitExceeded, ::testing::_));
  ::testing::internal::GetCapturedStderr();
}

TEST_P(HeifDecoderTest, ConcurrentDecodesAgree) {
  const bool av1 = GetParam();
  std::vector<uint8_t> file = EncodeHeif(MakePattern(32, 24, 3), 32, 24, av1);
  if (file.empty()) GTEST_SKIP() << "libheif has no encoder for this codec";
  Result<Image> first = DecodeImage(file);
  if (!first.ok()) GTEST_SKIP() << first.status();
  // Copied out: Result::ok() marks the status as checked (a write), so a
  // shared Result must not be read from several threads.
  const std::vector<uint8_t> expected = first->pixels;
  std::vector<int> mismatches(3, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        Result<Image> r = DecodeImage(file);
        if (!r.ok() || r->pixels != expected) ++mismatches[t];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

// AV1 content behind generic HEIF brands (no 'avif' brand) still decodes.
TEST(HeifRebrandTest, AvifWithOnlyGenericBrandsDecodesAsHeif) {
  std::vector<uint8_t> file = EncodeHeif(MakePattern(16, 16, 3), 16, 16, true);
  if (file.empty()) GTEST_SKIP() << "no AV1 encoder";
  uint32_t ftyp_size = (uint32_t{file[0]} << 24) | (uint32_t{file[1]} << 16) |
                       (uint32_t{file[2]} << 8) | file[3];
  ASSERT_LE(ftyp_size, file.size());
  for (size_t i = 8; i + 4 <= ftyp_size; i += 4) {
    if (std::string(file.begin() + i, file.begin() + i + 4) == "avif") {
      file[i] = 'm';
      file[i + 1] = 'i';
      file[i + 2] = 'f';
      file[i + 3] = '1';
    }
  }
  ASSERT_EQ(SniffMediaType(file), MediaType::kHeif);
  ::testing::internal::CaptureStderr();
  VIGIL_ASSERT_OK_AND_ASSIGN(Image image, DecodeImage(file));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(image.media_type, MediaType::kHeif);
  EXPECT_EQ(image.width, 16);
}

INSTANTIATE_TEST_SUITE_P(Codecs, HeifDecoderTest,
                         ::testing::Values(false, true),
                         [](const auto& param_info) {
                           return param_info.param ? "Avif" : "Heic";
                         });

}  // namespace
}  // namespace vigil
