// Copyright 2026 The Vigil Authors.

#include "vigil/image.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "media/image_encoders.h"
#include "media/media_test_util.h"
#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::MakePattern;
using ::vigil::testing::StatusIs;

// One small file of every format the tests can produce.
std::vector<std::vector<uint8_t>> SampleFiles() {
  std::vector<uint8_t> rgb = MakePattern(24, 16, 3);
  std::vector<uint8_t> idx(24 * 16, 1);
  std::vector<uint8_t> palette = {0, 0, 0, 255, 255, 255};
  std::vector<std::vector<uint8_t>> files = {
      testing::EncodeJpeg(rgb, 24, 16, 3),
      testing::EncodePng(rgb, 24, 16, {}),
      testing::EncodeWebp(rgb, 24, 16, 3, true),
      testing::EncodeGif(idx, 24, 16, palette),
      testing::EncodeBmp(rgb, 24, 16, 24),
      testing::EncodeTiff(rgb, 24, 16, {}),
  };
  return files;
}

TEST(ImageTest, EveryFormatDecodesThroughDecodeImage) {
  const MediaType expected[] = {MediaType::kJpeg, MediaType::kPng,
                                MediaType::kWebp, MediaType::kGif,
                                MediaType::kBmp,  MediaType::kTiff};
  std::vector<std::vector<uint8_t>> files = SampleFiles();
  for (size_t i = 0; i < files.size(); ++i) {
    VIGIL_ASSERT_OK_AND_ASSIGN(Image image, DecodeImage(files[i]));
    EXPECT_EQ(image.media_type, expected[i]);
    EXPECT_EQ(image.width, 24);
    EXPECT_EQ(image.height, 16);
    EXPECT_TRUE(CanDecodeImage(expected[i]));
    VIGIL_ASSERT_OK_AND_ASSIGN(Image via_interface,
                               DefaultImageDecoder().Decode(files[i], {}));
    EXPECT_EQ(via_interface.pixels, image.pixels);
  }
}

TEST(ImageTest, EmptyAndUnknownInputsAreUnsupported) {
  EXPECT_THAT(DecodeImage({}),
              StatusIs(StatusCode::kUnsupportedFormat, HasSubstr("empty")));
  std::vector<uint8_t> text = {'h', 'e', 'l', 'l', 'o'};
  EXPECT_THAT(DecodeImage(text),
              StatusIs(StatusCode::kUnsupportedFormat, HasSubstr("unknown")));
  std::vector<uint8_t> zeros(4096, 0);
  EXPECT_THAT(DecodeImage(zeros),
              StatusIs(StatusCode::kUnsupportedFormat, ::testing::_));
}

TEST(ImageTest, VideoContainersAreRoutedNotDecoded) {
  std::string mp4(
      "\0\0\0\x18"
      "ftypisom\0\0\0\0isomavc1",
      24);
  std::vector<uint8_t> bytes(mp4.begin(), mp4.end());
  EXPECT_THAT(DecodeImage(bytes),
              StatusIs(StatusCode::kUnsupportedFormat, HasSubstr("video")));
  EXPECT_FALSE(CanDecodeImage(MediaType::kMp4));
  EXPECT_FALSE(CanDecodeImage(MediaType::kUnknown));
}

TEST(ImageTest, RandomBytesAfterEachMagicNeverCrash) {
  const std::vector<std::vector<uint8_t>> magics = {
      {0xFF, 0xD8, 0xFF},
      {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
      {'G', 'I', 'F', '8', '9', 'a'},
      {'R', 'I', 'F', 'F', 0x40, 0, 0, 0, 'W', 'E', 'B', 'P'},
      {'I', 'I', '*', 0},
      {'M', 'M', 0, '*'},
      {'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0},
      {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c',
       0, 0, 0, 0,  'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'},
  };
  uint32_t state = 7;
  ::testing::internal::CaptureStderr();
  for (const auto& magic : magics) {
    for (int trial = 0; trial < 40; ++trial) {
      std::vector<uint8_t> bytes = magic;
      size_t extra = 1 + trial * 13;
      for (size_t i = 0; i < extra; ++i) {
        state = state * 1103515245u + 12345u;
        bytes.push_back(uint8_t(state >> 16));
      }
      Result<Image> r = DecodeImage(bytes);
      if (r.ok()) {
        EXPECT_EQ(r->pixels.size(), size_t(r->width) * r->height * 3);
      } else {
        EXPECT_NE(r.status().code(), StatusCode::kInternal) << r.status();
      }
    }
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(ImageTest, FileNamesPlayNoPart) {
  // A JPEG saved as ".png" is read back and still decoded as a JPEG.
  std::vector<uint8_t> jpeg = SampleFiles()[0];
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / "vigil_media_renamed.png";
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(jpeg.data()),
              std::streamsize(jpeg.size()));
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Image image, DecodeImage(testing::ReadFileBytes(path.string())));
  std::filesystem::remove(path);
  EXPECT_EQ(image.media_type, MediaType::kJpeg);
}

TEST(ImageTest, MaxFileBytesIsCheckedFirst) {
  for (const std::vector<uint8_t>& file : SampleFiles()) {
    DecodeOptions options;
    options.limits.max_file_bytes = file.size() - 1;
    EXPECT_THAT(
        DecodeImage(file, options),
        StatusIs(StatusCode::kLimitExceeded, HasSubstr("max_file_bytes")));
    options.limits.max_file_bytes = file.size();
    VIGIL_EXPECT_OK(DecodeImage(file, options));
  }
}

TEST(ImageTest, UnknownPixelFormatIsInvalidArgument) {
  DecodeOptions options;
  options.format = static_cast<PixelFormat>(7);
  EXPECT_THAT(DecodeImage(SampleFiles()[0], options),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_EQ(PixelFormatChannels(PixelFormat::kRgb8), 3);
  EXPECT_EQ(PixelFormatChannels(PixelFormat::kLuma8), 1);
}

TEST(ImageTest, DecodeIntoReusesTheBufferAndResetsEverything) {
  std::vector<std::vector<uint8_t>> files = SampleFiles();
  // A bigger, differently oriented picture first, so that stale pixels and
  // metadata would show.
  testing::JpegOptions jo;
  jo.exif_orientation = 6;
  std::vector<uint8_t> big =
      testing::EncodeJpeg(MakePattern(64, 64, 3, 4), 64, 64, 3, jo);
  Image reused;
  for (const std::vector<uint8_t>& file : files) {
    VIGIL_ASSERT_OK(DecodeImageInto(big, {}, &reused));
    EXPECT_EQ(reused.exif_orientation, 6);
    const uint8_t* buffer = reused.pixels.data();
    VIGIL_ASSERT_OK(DecodeImageInto(file, {}, &reused));
    VIGIL_ASSERT_OK_AND_ASSIGN(Image fresh, DecodeImage(file));
    EXPECT_EQ(reused.pixels, fresh.pixels);
    EXPECT_EQ(reused.width, fresh.width);
    EXPECT_EQ(reused.source_width, fresh.source_width);
    EXPECT_EQ(reused.media_type, fresh.media_type);
    EXPECT_EQ(reused.exif_orientation, 0);
    EXPECT_EQ(reused.frame_count_hint, fresh.frame_count_hint);
    EXPECT_EQ(reused.pixels.data(), buffer);  // no reallocation: it shrank
  }
  std::vector<uint8_t> cut(files[0].begin(), files[0].begin() + 100);
  EXPECT_THAT(DecodeImageInto(cut, {}, &reused),
              StatusIs(StatusCode::kCorruptInput, ::testing::_));
  EXPECT_TRUE(reused.pixels.empty());
  EXPECT_EQ(reused.width, 0);
}

// A decoder implementing only Decode() gets DecodeInto() for free.
class FixedDecoder final : public ImageDecoder {
 public:
  Result<Image> Decode(std::span<const uint8_t> bytes,
                       const DecodeOptions&) const override {
    if (bytes.empty()) return CorruptInputError("fake: empty");
    Image image;
    image.width = image.height = 1;
    image.pixels = {1, 2, 3};
    return image;
  }
};

TEST(ImageTest, DefaultDecodeIntoUsesDecode) {
  FixedDecoder fake;
  Image image;
  std::vector<uint8_t> one = {0};
  VIGIL_ASSERT_OK(fake.DecodeInto(one, {}, &image));
  EXPECT_EQ(image.pixels, (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_THAT(fake.DecodeInto({}, {}, &image),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("fake")));
  const ImageDecoder& library = DefaultImageDecoder();
  VIGIL_ASSERT_OK(library.DecodeInto(SampleFiles()[1], {}, &image));
  EXPECT_EQ(image.media_type, MediaType::kPng);
}

TEST(ImageTest, ConcurrentDecodesGiveTheSamePixels) {
  std::vector<std::vector<uint8_t>> files = SampleFiles();
  std::vector<std::vector<uint8_t>> expected;
  for (const auto& f : files) expected.push_back(DecodeImage(f).value().pixels);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < files.size(); ++i) {
          Result<Image> r = DefaultImageDecoder().Decode(files[i], {});
          if (!r.ok() || r->pixels != expected[i]) ++mismatches[t];
          // Interleave failures too: a truncated file on the same thread.
          std::vector<uint8_t> cut(files[i].begin(),
                                   files[i].begin() + files[i].size() / 2);
          if (DecodeImage(cut).ok()) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace vigil
