// Copyright 2026 The Vigil Authors.

#include "vigil/media_hasher.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"

namespace vigil {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::vigil::testing::EncodeJpeg;
using ::vigil::testing::EncodePng;
using ::vigil::testing::IsOk;
using ::vigil::testing::MakePattern;
using ::vigil::testing::PngOptions;
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
  EXPECT_EQ(decoder.last_options_.jpeg_luma_min_pixels, uint64_t{1} << 20);
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

// Issue #14, point 3: unletterbox.

// `rgb` (w x h) inside a border of colour `c` that is left/top/right/bottom
// percent of the width or height thick; sets *out_w, *out_h.
std::vector<uint8_t> WithBorder(const std::vector<uint8_t>& rgb, int w, int h,
                                int left, int top, int right, int bottom,
                                uint8_t c, int* out_w, int* out_h) {
  const int l = w * left / 100, r = w * right / 100;
  const int t = h * top / 100, b = h * bottom / 100;
  const int ow = w + l + r, oh = h + t + b;
  std::vector<uint8_t> out(static_cast<size_t>(ow) * oh * 3, c);
  for (int y = 0; y < h; ++y) {
    std::copy_n(&rgb[static_cast<size_t>(y) * w * 3], w * 3,
                &out[(static_cast<size_t>(y + t) * ow + l) * 3]);
  }
  *out_w = ow;
  *out_h = oh;
  return out;
}

struct Bordered {
  std::string name;
  int left, top, right, bottom;
  uint8_t colour;
};

const std::vector<Bordered>& Borders() {
  static const std::vector<Bordered> kBorders = {
      {"6% black all round", 6, 6, 6, 6, 0},
      {"3% white all round", 3, 3, 3, 3, 255},
      {"15% grey top and bottom", 0, 15, 0, 15, 128},
      {"10% black left only", 10, 0, 0, 0, 0},
      {"8% blue right and bottom", 0, 0, 8, 8, 60},
      {"12% white top, 5% left", 5, 12, 0, 0, 255},
  };
  return kBorders;
}

TEST(MediaHasherTest, UnletterboxMatchesBorderedCopiesJpegAndPng) {
  for (PdqMode mode : {PdqMode::kFast, PdqMode::kFullResolution}) {
    HashOptions options;
    options.pdq_mode = mode;
    options.fast_min_pixels = 0;  // kFast: the luma path at any size
    const MediaHasher hasher(options);
    for (uint32_t seed = 1; seed <= 4; ++seed) {
      const int w = 640, h = 420;
      const std::vector<uint8_t> rgb = MakePattern(w, h, 3, seed);
      VIGIL_ASSERT_OK_AND_ASSIGN(
          MediaHashes original,
          hasher.HashBytes(EncodeJpeg(rgb, w, h, 3, {.quality = 90})));
      ASSERT_TRUE(original.pdq.has_value());
      EXPECT_FALSE(original.pdq_unletterboxed.has_value()) << seed;
      for (const Bordered& b : Borders()) {
        int bw = 0, bh = 0;
        const std::vector<uint8_t> framed = WithBorder(
            rgb, w, h, b.left, b.top, b.right, b.bottom, b.colour, &bw, &bh);
        for (bool png : {false, true}) {
          PngOptions png_options;
          const std::vector<uint8_t> bytes =
              png ? EncodePng(framed, bw, bh, png_options)
                  : EncodeJpeg(framed, bw, bh, 3, {.quality = 90});
          VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes copy, hasher.HashBytes(bytes));
          const std::string what = b.name + (png ? " png" : " jpeg") +
                                   " seed " + std::to_string(seed) + " " +
                                   PdqModeName(mode);
          ASSERT_TRUE(copy.pdq_unletterboxed.has_value()) << what;
          const int d =
              HammingDistance(copy.pdq_unletterboxed->hash, original.pdq->hash);
          EXPECT_LE(d, 24) << what;
          // The crop is reported in pixels of the stored image, within a
          // few pixels of the border (DCT scaling, compression ringing).
          EXPECT_NEAR(copy.unletterbox_crop.left, w * b.left / 100, 4) << what;
          EXPECT_NEAR(copy.unletterbox_crop.top, h * b.top / 100, 4) << what;
          EXPECT_NEAR(copy.unletterbox_crop.right, w * b.right / 100, 4)
              << what;
          EXPECT_NEAR(copy.unletterbox_crop.bottom, h * b.bottom / 100, 4)
              << what;
          // The stored reference form (Signals) is the plain hash only.
          int pdq_signals = 0;
          for (const Signal& s : copy.Signals()) {
            if (s.type == SignalType::kPdq) {
              ++pdq_signals;
              EXPECT_TRUE(std::equal(s.bytes.begin(), s.bytes.end(),
                                     copy.pdq->hash.bytes.begin()));
            }
          }
          EXPECT_EQ(pdq_signals, 1);
        }
      }
    }
  }
}

// Unrelated benign pictures: `seed` picks random soft ellipses of random
// colours over a random gradient (MakePattern's seeds are too alike).
std::vector<uint8_t> Blobs(int width, int height, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double g0 = 255 * unit(rng), gu = 100 * unit(rng) - 50,
               gv = 100 * unit(rng) - 50;
  std::vector<std::array<double, 7>> blobs(10);
  for (auto& b : blobs) {
    for (double& x : b) x = unit(rng);
  }
  std::vector<uint8_t> rgb(static_cast<size_t>(width) * height * 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double u = double(x) / width, v = double(y) / height;
      const double base = std::clamp(g0 + gu * u + gv * v, 0.0, 255.0);
      double c[3] = {base, 255 - base, base * u};
      for (const auto& b : blobs) {
        const double dx = (u - b[0]) / (0.05 + 0.2 * b[2]);
        const double dy = (v - b[1]) / (0.05 + 0.2 * b[3]);
        const double a = std::clamp(1.5 - dx * dx - dy * dy, 0.0, 1.0);
        for (int k = 0; k < 3; ++k) c[k] = (1 - a) * c[k] + a * 255 * b[4 + k];
      }
      uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
      for (int k = 0; k < 3; ++k) p[k] = static_cast<uint8_t>(c[k]);
    }
  }
  return rgb;
}

// No new false positives: the inner-picture hashes of bordered copies are
// no closer to unrelated originals than the plain hashes are.
TEST(MediaHasherTest, UnletterboxAddsNoFalseMatchesBetweenUnrelatedImages) {
  const MediaHasher hasher;
  const int w = 500, h = 360;
  std::vector<MediaHashes> plain, framed;
  for (uint32_t seed = 11; seed <= 22; ++seed) {
    const std::vector<uint8_t> rgb = Blobs(w, h, seed);
    VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes p,
                               hasher.HashBytes(EncodeJpeg(rgb, w, h, 3)));
    int bw = 0, bh = 0;
    const Bordered& b = Borders()[seed % Borders().size()];
    const std::vector<uint8_t> f = WithBorder(rgb, w, h, b.left, b.top, b.right,
                                              b.bottom, b.colour, &bw, &bh);
    VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes q,
                               hasher.HashBytes(EncodeJpeg(f, bw, bh, 3)));
    ASSERT_TRUE(q.pdq_unletterboxed.has_value());
    plain.push_back(p);
    framed.push_back(q);
  }
  int closest_unrelated = 256;
  for (size_t i = 0; i < framed.size(); ++i) {
    for (size_t j = 0; j < plain.size(); ++j) {
      const int d = HammingDistance(framed[i].pdq_unletterboxed->hash,
                                    plain[j].pdq->hash);
      if (i == j) {
        EXPECT_LE(d, 24);
      } else {
        EXPECT_GT(d, 31) << i << " vs " << j;
        closest_unrelated = std::min(closest_unrelated, d);
        // Nor does the plain hash of a bordered copy match.
        EXPECT_GT(HammingDistance(framed[i].pdq->hash, plain[j].pdq->hash), 31);
      }
    }
  }
  std::cout << "closest unrelated pair through unletterbox: "
            << closest_unrelated << " bits\n";
}

// Clip art on a transparent margin stored black, in an opaque black border
// added around its pixels (ImageMagick `-compose Copy -border 6%`): the
// colours cannot tell the margin from the border, the alpha plane can, so
// the inner picture is exactly the original.
TEST(MediaHasherTest, UnletterboxFindsTheBorderAroundTransparentClipArt) {
  const int w = 300, h = 240, margin = 30;
  const std::vector<uint8_t> rgb = Blobs(w, h, 7);
  std::vector<uint8_t> rgba;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const bool transparent =
          x < margin || x >= w - margin || y < margin || y >= h - margin;
      const uint8_t* p = &rgb[(static_cast<size_t>(y) * w + x) * 3];
      if (transparent) {
        rgba.insert(rgba.end(), {0, 0, 0, 0});
      } else {
        rgba.insert(rgba.end(), {p[0], p[1], p[2], 255});
      }
    }
  }
  const int b = 18;  // 6% of 300
  const int bw = w + 2 * b, bh = h + 2 * b;
  std::vector<uint8_t> framed(static_cast<size_t>(bw) * bh * 4, 0);
  for (size_t i = 3; i < framed.size(); i += 4) framed[i] = 255;
  for (int y = 0; y < h; ++y) {
    std::copy_n(&rgba[static_cast<size_t>(y) * w * 4], w * 4,
                &framed[(static_cast<size_t>(y + b) * bw + b) * 4]);
  }
  PngOptions png;
  png.color_type = 6;
  const MediaHasher hasher;
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes original,
                             hasher.HashBytes(EncodePng(rgba, w, h, png)));
  // The margin is not a bar, and alpha does not change the plain hash.
  EXPECT_FALSE(original.pdq_unletterboxed.has_value());
  HashOptions no_unletterbox;
  no_unletterbox.unletterbox = false;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      MediaHashes off,
      MediaHasher(no_unletterbox).HashBytes(EncodePng(rgba, w, h, png)));
  EXPECT_EQ(original.pdq->hash, off.pdq->hash);
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes copy,
                             hasher.HashBytes(EncodePng(framed, bw, bh, png)));
  ASSERT_TRUE(copy.pdq_unletterboxed.has_value());
  EXPECT_EQ(copy.unletterbox_crop, (CropRect{b, b, b, b}));
  EXPECT_EQ(copy.pdq_unletterboxed->hash, original.pdq->hash);
  EXPECT_FALSE(copy.pdq_unletterboxed_strict.has_value());  // the same crop
}

// A picture whose own top rows are near black (2-4), in a black border all
// round: the detected top bar also takes those rows; the strict reading
// (bars exactly of the bar colour, opposite bars evened out) is the added
// border, or within a JPEG block of it from the luma plane (the default
// mode). From a JPEG's RGB (full mode) the chroma of the 16-pixel blocks
// that straddle the border's edge rings into it, so the strict bars stop
// short there (never past the border): a weaker guess, not asserted to
// match.
TEST(MediaHasherTest, UnletterboxStrictGuessForDarkEdgedPictures) {
  const int w = 400, h = 300;
  std::vector<uint8_t> rgb = Blobs(w, h, 5);
  for (size_t i = 0; i < static_cast<size_t>(w) * 40 * 3; ++i) {
    rgb[i] = static_cast<uint8_t>(2 + i % 3);
  }
  int bw = 0, bh = 0;
  const std::vector<uint8_t> framed =
      WithBorder(rgb, w, h, 6, 6, 6, 6, 0, &bw, &bh);
  for (PdqMode mode : {PdqMode::kFast, PdqMode::kFullResolution}) {
    HashOptions options;
    options.pdq_mode = mode;
    options.fast_min_pixels = 0;  // kFast: the luma path at any size
    const MediaHasher hasher(options);
    for (int quality : {0, 90, 50}) {  // 0: PNG
      auto encode = [&](const std::vector<uint8_t>& p, int pw, int ph) {
        return quality == 0 ? EncodePng(p, pw, ph, {})
                            : EncodeJpeg(p, pw, ph, 3, {.quality = quality});
      };
      const std::string what = std::string(PdqModeName(mode)) + " quality " +
                               std::to_string(quality);
      VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes original,
                                 hasher.HashBytes(encode(rgb, w, h)));
      VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes copy,
                                 hasher.HashBytes(encode(framed, bw, bh)));
      ASSERT_TRUE(copy.pdq_unletterboxed.has_value()) << what;
      EXPECT_GT(copy.unletterbox_crop.top, copy.unletterbox_crop.bottom + 30)
          << what << " " << copy.unletterbox_crop.ToString();
      ASSERT_TRUE(copy.pdq_unletterboxed_strict.has_value()) << what;
      const CropRect& strict = copy.unletterbox_crop_strict;
      const bool rgb_jpeg = quality != 0 && mode == PdqMode::kFullResolution;
      if (rgb_jpeg) {
        EXPECT_LE(strict.left, w * 6 / 100) << what << " " << strict.ToString();
        EXPECT_LE(strict.right, w * 6 / 100) << what;
        EXPECT_LE(strict.top, h * 6 / 100) << what;
        EXPECT_LE(strict.bottom, h * 6 / 100) << what;
        EXPECT_GE(
            std::min({strict.left, strict.top, strict.right, strict.bottom}), 8)
            << what;
        continue;
      }
      const int slack = quality == 0 ? 0 : 8;
      EXPECT_NEAR(strict.top, h * 6 / 100, slack) << what;
      EXPECT_NEAR(strict.bottom, h * 6 / 100, slack) << what;
      EXPECT_NEAR(strict.left, w * 6 / 100, slack) << what;
      EXPECT_NEAR(strict.right, w * 6 / 100, slack) << what;
      const int d = HammingDistance(copy.pdq_unletterboxed_strict->hash,
                                    original.pdq->hash);
      EXPECT_LE(d, quality == 0 ? 0 : 24) << what;
    }
  }
}

// Issue #14, point 1: the default fast mode hashes a photo-sized JPEG from
// its full-size luma plane (no DCT scaling below a short side of 2048 px),
// and a larger one from a plane DCT-scaled to no less than 1024 px.
TEST(MediaHasherTest, DefaultFastModeScalesOnlyLargeJpegs) {
  for (auto [w, h, scaled_w] : {std::array<int, 3>{1600, 1000, 1600},
                                std::array<int, 3>{2200, 2100, 1100}}) {
    const std::vector<uint8_t> jpeg =
        EncodeJpeg(Blobs(w, h, static_cast<uint32_t>(w)), w, h, 3);
    DecodeOptions decode;
    decode.format = PixelFormat::kLuma8;
    decode.jpeg_min_side = 1024;
    VIGIL_ASSERT_OK_AND_ASSIGN(Image luma, DecodeImage(jpeg, decode));
    EXPECT_EQ(luma.width, scaled_w);
    VIGIL_ASSERT_OK_AND_ASSIGN(
        PdqResult want, ComputePdqFromLuma(luma.pixels, luma.width, luma.height,
                                           luma.width, nullptr));
    VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes got, MediaHasher().HashBytes(jpeg));
    EXPECT_EQ(got.pdq->hash, want.hash) << w << "x" << h;
    EXPECT_EQ(got.width, w);
    // And it stays within a few bits of the full-resolution RGB hash.
    HashOptions full;
    full.pdq_mode = PdqMode::kFullResolution;
    VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes ref,
                               MediaHasher(full).HashBytes(jpeg));
    EXPECT_LE(HammingDistance(got.pdq->hash, ref.pdq->hash), 6);
  }
}

// Issue #14: a JPEG under fast_min_pixels (default 1024x1024) is hashed in
// the default mode exactly as in full mode (plain, dihedral and
// unletterboxed hashes), where the luma path drifts by a few bits on some.
TEST(MediaHasherTest, DefaultFastModeHashesSmallJpegsAsFullMode) {
  HashOptions fast;
  fast.dihedral = true;
  HashOptions luma = fast;
  luma.fast_min_pixels = 0;
  HashOptions full = fast;
  full.pdq_mode = PdqMode::kFullResolution;
  int luma_differs = 0;
  for (uint32_t seed = 1; seed <= 6; ++seed) {
    const int w = 480 + 40 * static_cast<int>(seed), h = 360;
    std::vector<uint8_t> rgb = Blobs(w, h, seed);
    // A dark frame, for the unletterboxed hashes.
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        if (y < 20 || y >= h - 20 || x < 24 || x >= w - 24) {
          std::fill_n(&rgb[(static_cast<size_t>(y) * w + x) * 3], 3, 8);
        }
      }
    }
    const std::vector<uint8_t> jpeg = EncodeJpeg(rgb, w, h, 3);
    VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes got,
                               MediaHasher(fast).HashBytes(jpeg));
    VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes want,
                               MediaHasher(full).HashBytes(jpeg));
    VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes plane,
                               MediaHasher(luma).HashBytes(jpeg));
    ASSERT_TRUE(got.pdq_unletterboxed.has_value()) << seed;
    ASSERT_TRUE(want.pdq_unletterboxed.has_value()) << seed;
    EXPECT_EQ(got.pdq->hash, want.pdq->hash) << seed;
    EXPECT_EQ(got.pdq->quality, want.pdq->quality) << seed;
    EXPECT_EQ(got.pdq_unletterboxed->hash, want.pdq_unletterboxed->hash)
        << seed;
    for (int v = 0; v < 8; ++v) {
      EXPECT_EQ((*got.pdq_dihedral)[v].hash, (*want.pdq_dihedral)[v].hash)
          << seed << " variant " << v;
    }
    luma_differs += plane.pdq->hash != want.pdq->hash;
  }
  // The rule is what makes them equal: the luma path is not exact here.
  EXPECT_GT(luma_differs, 0);
}

// A white band added on top of a picture whose own foot is a white margin
// (a screenshot): the bars read top and bottom, and neither the crop of
// both nor the evened-out one is the picture; the one-sided guess that
// removes the top band only is.
TEST(MediaHasherTest, UnletterboxOneSidedGuessForABandOnOneSide) {
  const int w = 420, h = 300, margin = 24, band = 30;
  std::vector<uint8_t> rgb = Blobs(w, h, 9);
  std::fill(rgb.begin() + static_cast<size_t>(h - margin) * w * 3, rgb.end(),
            255);
  std::vector<uint8_t> banded(static_cast<size_t>(w) * (h + band) * 3, 255);
  std::copy(rgb.begin(), rgb.end(),
            banded.begin() + static_cast<size_t>(band) * w * 3);
  for (PdqMode mode : {PdqMode::kFast, PdqMode::kFullResolution}) {
    HashOptions options;
    options.pdq_mode = mode;
    options.fast_min_pixels = 0;  // kFast: the luma path at any size
    const MediaHasher hasher(options);
    for (int quality : {0, 90}) {  // 0: PNG
      auto encode = [&](const std::vector<uint8_t>& p, int ph) {
        return quality == 0 ? EncodePng(p, w, ph, {})
                            : EncodeJpeg(p, w, ph, 3, {.quality = quality});
      };
      const std::string what = std::string(PdqModeName(mode)) + " quality " +
                               std::to_string(quality);
      VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes original,
                                 hasher.HashBytes(encode(rgb, h)));
      // The original's own margin is one bar: nothing one-sided to try.
      EXPECT_TRUE(original.pdq_unletterboxed_one_side.empty()) << what;
      VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes copy,
                                 hasher.HashBytes(encode(banded, h + band)));
      ASSERT_TRUE(copy.pdq_unletterboxed.has_value()) << what;
      const int slack = quality == 0 ? 0 : 8;
      EXPECT_NEAR(copy.unletterbox_crop.top, band, slack) << what;
      EXPECT_NEAR(copy.unletterbox_crop.bottom, margin, slack) << what;
      EXPECT_GT(
          HammingDistance(copy.pdq_unletterboxed->hash, original.pdq->hash), 31)
          << what;
      ASSERT_EQ(copy.pdq_unletterboxed_one_side.size(), 2u) << what;
      const MediaHashes::OneSided& top = copy.pdq_unletterboxed_one_side[0];
      EXPECT_EQ(top.crop.bottom, 0) << what;
      EXPECT_NEAR(top.crop.top, band, slack) << what;
      EXPECT_LE(HammingDistance(top.pdq.hash, original.pdq->hash),
                quality == 0 ? 0 : 24)
          << what;
      EXPECT_EQ(copy.pdq_unletterboxed_one_side[1].crop.top, 0) << what;
    }
  }
}

TEST(MediaHasherTest, UnletterboxOffHashesNoInnerPicture) {
  HashOptions options;
  options.unletterbox = false;
  const int w = 320, h = 240;
  int bw = 0, bh = 0;
  const std::vector<uint8_t> f =
      WithBorder(MakePattern(w, h, 3, 3), w, h, 6, 6, 6, 6, 0, &bw, &bh);
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes off, MediaHasher(options).HashBytes(
                                                  EncodeJpeg(f, bw, bh, 3)));
  EXPECT_FALSE(off.pdq_unletterboxed.has_value());
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes on,
                             MediaHasher().HashBytes(EncodeJpeg(f, bw, bh, 3)));
  ASSERT_TRUE(on.pdq_unletterboxed.has_value());
  EXPECT_EQ(on.pdq->hash, off.pdq->hash);  // the plain hash is unchanged
}

}  // namespace
}  // namespace vigil
