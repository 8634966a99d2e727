// Copyright 2026 The Vigil Authors.

#include "vigil/media_hasher.h"

#include <cmath>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"

namespace vigil {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::vigil::testing::IsOk;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

// A decoder returning a fixed result, to test the hasher without codecs.
class FakeDecoder : public ImageDecoder {
 public:
  explicit FakeDecoder(Result<Image> result) : result_(std::move(result)) {}
  Result<Image> Decode(std::span<const uint8_t>,
                       const DecodeOptions& options) const override {
    last_options_ = options;
    ++calls_;
    return result_;
  }
  mutable DecodeOptions last_options_;
  mutable int calls_ = 0;

 private:
  Result<Image> result_;
};

Image Gradient(int w, int h) {
  Image img;
  img.width = img.source_width = w;
  img.height = img.source_height = h;
  img.format = PixelFormat::kRgb8;
  img.media_type = MediaType::kPng;
  img.pixels.resize(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &img.pixels[(size_t(y) * w + x) * 3];
      p[0] = uint8_t(x * 255 / w);
      p[1] = uint8_t(128 + 100 * std::sin(y * 0.1));
      p[2] = uint8_t((x ^ y) & 0xff);
    }
  }
  return img;
}

// Bytes that sniff as PNG (the fake decoder ignores the rest).
std::vector<uint8_t> PngMagic() {
  return {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13};
}

TEST(MediaHasherTest, HashesDecodedImageAndDigests) {
  Image img = Gradient(200, 120);
  FakeDecoder decoder(img);
  MediaHasher hasher({}, &decoder);
  auto bytes = PngMagic();
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes h, hasher.HashBytes(bytes));
  VIGIL_EXPECT_OK(h.image_status);
  EXPECT_EQ(h.media_type, MediaType::kPng);
  EXPECT_EQ(h.bytes, bytes.size());
  EXPECT_EQ(h.digests, ComputeDigests(bytes));
  EXPECT_EQ(h.width, 200);
  EXPECT_EQ(h.height, 120);
  ASSERT_TRUE(h.pdq.has_value());
  VIGIL_ASSERT_OK_AND_ASSIGN(
      PdqResult direct,
      ComputePdqFromRgb(img.pixels, 200, 120, 200 * 3, nullptr));
  EXPECT_EQ(h.pdq->hash, direct.hash);
  EXPECT_EQ(h.pdq->quality, direct.quality);
  EXPECT_FALSE(h.pdq_dihedral.has_value());
  // Signals: the three digests and the PDQ hash with its quality.
  std::vector<Signal> signals = h.Signals();
  ASSERT_EQ(signals.size(), 4u);
  EXPECT_EQ(signals[3].type, SignalType::kPdq);
  EXPECT_EQ(signals[3].ToHex(), direct.hash.ToHex());
  EXPECT_EQ(signals[3].quality, direct.quality);
}

TEST(MediaHasherTest, FastModeAsksJpegForScaledLuma) {
  FakeDecoder decoder(Gradient(64, 64));
  HashOptions options;
  options.fast_min_side = 300;
  MediaHasher fast(options, &decoder);
  std::vector<uint8_t> jpeg = {0xff, 0xd8, 0xff, 0xe0, 0, 0x10};
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes h, fast.HashBytes(jpeg));
  EXPECT_EQ(decoder.last_options_.format, PixelFormat::kLuma8);
  EXPECT_EQ(decoder.last_options_.jpeg_min_side, 300);
  // PNG in fast mode, and anything in full mode: full-size RGB.
  VIGIL_ASSERT_OK_AND_ASSIGN(h, fast.HashBytes(PngMagic()));
  EXPECT_EQ(decoder.last_options_.format, PixelFormat::kRgb8);
  EXPECT_EQ(decoder.last_options_.jpeg_min_side, 0);
  options.pdq_mode = PdqMode::kFullResolution;
  MediaHasher full(options, &decoder);
  VIGIL_ASSERT_OK_AND_ASSIGN(h, full.HashBytes(jpeg));
  EXPECT_EQ(decoder.last_options_.format, PixelFormat::kRgb8);
  EXPECT_EQ(decoder.last_options_.jpeg_min_side, 0);
}

TEST(MediaHasherTest, DecodeFailureKeepsDigests) {
  FakeDecoder decoder(CorruptInputError("png: bad CRC"));
  MediaHasher hasher({}, &decoder);
  auto bytes = PngMagic();
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes h, hasher.HashBytes(bytes));
  EXPECT_THAT(h.image_status,
              StatusIs(StatusCode::kCorruptInput, "png: bad CRC"));
  EXPECT_EQ(h.digests, ComputeDigests(bytes));
  EXPECT_FALSE(h.pdq.has_value());
  EXPECT_EQ(h.Signals().size(), 3u);
}

TEST(MediaHasherTest, UnknownAndVideoInputsAreNotDecoded) {
  FakeDecoder decoder(Gradient(8, 8));
  MediaHasher hasher({}, &decoder);
  std::string text = "hello";
  VIGIL_ASSERT_OK_AND_ASSIGN(
      MediaHashes h,
      hasher.HashBytes({reinterpret_cast<const uint8_t*>(text.data()), 5}));
  EXPECT_THAT(h.image_status, StatusIs(StatusCode::kUnsupportedFormat,
                                       HasSubstr("not a recognised")));
  std::vector<uint8_t> mp4 = {0,   0,   0,   0x18, 'f', 't', 'y', 'p',
                              'i', 's', 'o', 'm',  0,   0,   0,   0};
  VIGIL_ASSERT_OK_AND_ASSIGN(h, hasher.HashBytes(mp4));
  EXPECT_EQ(h.media_type, MediaType::kMp4);
  EXPECT_THAT(h.image_status, StatusIs(StatusCode::kUnsupportedFormat,
                                       HasSubstr("not a still image")));
  EXPECT_EQ(decoder.calls_, 0);
}

TEST(MediaHasherTest, DihedralOriginalEqualsPlainHash) {
  FakeDecoder decoder(Gradient(150, 90));
  HashOptions options;
  options.dihedral = true;
  MediaHasher hasher(options, &decoder);
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes h, hasher.HashBytes(PngMagic()));
  ASSERT_TRUE(h.pdq_dihedral.has_value());
  EXPECT_EQ(h.pdq->hash, (*h.pdq_dihedral)[0].hash);
  EXPECT_NE((*h.pdq_dihedral)[1].hash, (*h.pdq_dihedral)[0].hash);
}

TEST(MediaHasherTest, ByteLimit) {
  HashOptions options;
  options.limits.max_file_bytes = 4;
  MediaHasher hasher(options);
  EXPECT_THAT(
      hasher.HashBytes(PngMagic()),
      StatusIs(StatusCode::kLimitExceeded, HasSubstr("over the limit")));
  TempDir dir;
  std::string path = dir.WriteFile("big", "12345");
  EXPECT_THAT(hasher.HashFile(path), StatusIs(StatusCode::kLimitExceeded, _));
}

TEST(MediaHasherTest, FileErrors) {
  MediaHasher hasher;
  TempDir dir;
  EXPECT_THAT(hasher.HashFile(dir.path() + "/missing"),
              StatusIs(StatusCode::kNotFound, _));
  EXPECT_THAT(hasher.HashFile(dir.path()),
              StatusIs(StatusCode::kInvalidArgument, "is a directory"));
}

TEST(MediaHasherTest, RgbBuffers) {
  Image img = Gradient(40, 30);
  MediaHasher hasher;
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes h,
                             hasher.HashRgb(img.pixels, 40, 30, 40 * 3));
  EXPECT_EQ(h.media_type, MediaType::kUnknown);
  EXPECT_EQ(h.digests, ComputeDigests(img.pixels));
  ASSERT_TRUE(h.pdq.has_value());
  EXPECT_THAT(hasher.HashRgb(img.pixels, 0, 30, 0),
              StatusIs(StatusCode::kInvalidArgument, _));
  EXPECT_THAT(hasher.HashRgb(img.pixels, 41, 30, 41 * 3),
              StatusIs(StatusCode::kInvalidArgument, _));
  HashOptions small;
  small.limits.max_pixels = 100;
  EXPECT_THAT(MediaHasher(small).HashRgb(img.pixels, 40, 30, 120),
              StatusIs(StatusCode::kLimitExceeded, _));

  TempDir dir;
  std::string path = dir.WriteFile(
      "buf.rgb", std::string(img.pixels.begin(), img.pixels.end()));
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes from_file,
                             hasher.HashRgbFile(path, 40, 30));
  EXPECT_EQ(from_file.pdq->hash, h.pdq->hash);
  EXPECT_THAT(hasher.HashRgbFile(path, 30, 30),
              StatusIs(StatusCode::kInvalidArgument,
                       "raw rgb24 buffer of 30x30 needs 2700 bytes, file has "
                       "3600"));
}

TEST(MediaHasherTest, PdqModeNames) {
  EXPECT_EQ(*ParsePdqMode("fast"), PdqMode::kFast);
  EXPECT_EQ(*ParsePdqMode("full"), PdqMode::kFullResolution);
  EXPECT_STREQ(PdqModeName(PdqMode::kFullResolution), "full");
  EXPECT_THAT(ParsePdqMode("exact"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("'exact'")));
}

}  // namespace
}  // namespace vigil
