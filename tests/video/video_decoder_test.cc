// Copyright 2026 The Vigil Authors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "video/decoded_video.h"
#include "video/synthetic_video.h"
#include "vigil/media_type.h"
#include "vigil/video.h"

namespace vigil {
namespace {

using testing::EncodeSyntheticVideo;
using testing::SyntheticVideoSpec;
using testing::TempDir;

using Decoded = testing::DecodedVideo;
using testing::DecodeAll;
using testing::EveryFrame;

class VideoDecoderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SyntheticVideoSpec spec;
    spec.frames = 45;
    mp4_ = new std::vector<uint8_t>(EncodeSyntheticVideo(spec));
  }
  static void TearDownTestSuite() { delete mp4_; }
  static std::vector<uint8_t>* mp4_;
};
std::vector<uint8_t>* VideoDecoderTest::mp4_ = nullptr;

TEST_F(VideoDecoderTest, DecodesEveryFrameWithReferenceNumbering) {
  ASSERT_FALSE(mp4_->empty());
  const Decoded d = DecodeAll(*mp4_, EveryFrame());
  VIGIL_ASSERT_OK(d.status);
  ASSERT_EQ(d.numbers.size(), 45u);
  for (size_t i = 0; i < d.numbers.size(); ++i) {
    EXPECT_EQ(d.numbers[i], static_cast<int64_t>(i));
    // The reference: float(frame) / float(frame rate).
    EXPECT_EQ(d.timestamps[i],
              static_cast<double>(static_cast<float>(i) / 30.0f));
  }
  EXPECT_EQ(d.width, 160);
  EXPECT_EQ(d.height, 120);
  EXPECT_EQ(d.decoded, 45);
  EXPECT_EQ(d.info.media_type, MediaType::kMp4);
  EXPECT_EQ(d.info.codec, "mpeg4");
  EXPECT_EQ(d.info.width, 160);
  EXPECT_EQ(d.info.height, 120);
  EXPECT_DOUBLE_EQ(d.info.frame_rate, 30.0);
  EXPECT_NEAR(d.info.duration_seconds, 1.5, 0.05);
  EXPECT_EQ(d.info.frame_interval, 1);
  EXPECT_TRUE(d.info.crop.empty());
}

TEST_F(VideoDecoderTest, FramesLookLikeWhatWasEncoded) {
  const Decoded d = DecodeAll(*mp4_, EveryFrame());
  VIGIL_ASSERT_OK(d.status);
  SyntheticVideoSpec spec;
  for (int n : {0, 17, 44}) {
    const std::vector<uint8_t> want = testing::DrawSyntheticFrame(spec, n);
    ASSERT_EQ(d.pixels[n].size(), want.size());
    double error = 0;
    for (size_t i = 0; i < want.size(); ++i) {
      error += std::abs(int{d.pixels[n][i]} - int{want[i]});
    }
    EXPECT_LT(error / want.size(), 6.0) << "frame " << n;
  }
}

// libswscale's x86 YUV-to-RGB code converts 8 pixels at a time and leaves
// the last width % 8 pixels of each row unwritten; the converter must still
// give every pixel (regression: an 854-pixel-wide frame kept stale heap
// bytes in its last 6 columns and its PDQ hash varied from run to run).
TEST(VideoDecoderWidthTest, EveryColumnIsConvertedAtWidthsNotMultipleOf8) {
  for (int width : {162, 166, 854}) {
    SCOPED_TRACE("width " + std::to_string(width));
    SyntheticVideoSpec spec;
    spec.width = width;
    spec.frames = 2;
    std::vector<uint8_t> bytes = EncodeSyntheticVideo(spec);
    ASSERT_FALSE(bytes.empty());
    const std::vector<uint8_t> want = testing::DrawSyntheticFrame(spec, 0);
    for (uint8_t junk : {0x00, 0xff}) {
      // Freed memory full of `junk` for the converter's buffer to reuse.
      {
        std::vector<std::vector<uint8_t>> heap;
        for (int i = 0; i < 16; ++i) {
          heap.emplace_back(static_cast<size_t>(width) * spec.height * 3 + 64,
                            junk);
        }
      }
      VideoDecodeOptions options = ExactVideoDecodeOptions();
      options.frames_per_second = 0;
      VIGIL_ASSERT_OK_AND_ASSIGN(std::unique_ptr<VideoReader> reader,
                                 OpenVideo(bytes, options));
      VideoFrame frame;
      VIGIL_ASSERT_OK_AND_ASSIGN(bool got, reader->Next(&frame));
      ASSERT_TRUE(got);
      ASSERT_EQ(frame.width, width);
      // The last 8 columns look like the drawn frame (lossy: on average).
      double error = 0;
      int count = 0;
      for (int y = 0; y < spec.height; ++y) {
        for (int x = width - 8; x < width; ++x) {
          for (int c = 0; c < 3; ++c) {
            error += std::abs(
                int{frame.rgb[y * frame.stride + x * 3 + c]} -
                int{want[(static_cast<size_t>(y) * width + x) * 3 + c]});
            ++count;
          }
        }
      }
      EXPECT_LT(error / count, 12.0) << "junk " << int{junk};
    }
  }
}

TEST_F(VideoDecoderTest, SamplesEveryIntervalLikeTheReference) {
  for (double fps : {1.0, 10.0, 0.5, 7.0}) {
    VideoDecodeOptions options = ExactVideoDecodeOptions();
    options.frames_per_second = fps;
    const Decoded d = DecodeAll(*mp4_, options);
    VIGIL_ASSERT_OK(d.status);
    const int64_t interval =
        std::max<int64_t>(1, static_cast<int64_t>((1.0 / fps) * 30.0));
    EXPECT_EQ(d.info.frame_interval, interval) << fps;
    std::vector<int64_t> want;
    for (int64_t n = 0; n < 45; n += interval) want.push_back(n);
    EXPECT_EQ(d.numbers, want) << fps;
  }
}

TEST(VideoDecoderSkipTest, SkippingUnsampledFramesKeepsSampledPixelsExact) {
  SyntheticVideoSpec spec;
  spec.frames = 150;
  spec.gop = 50;
  spec.b_frames = 2;
  const std::vector<uint8_t> bytes = EncodeSyntheticVideo(spec);
  ASSERT_FALSE(bytes.empty());
  VideoDecodeOptions skip = ExactVideoDecodeOptions();
  skip.frames_per_second = 3;  // every 10th frame
  VideoDecodeOptions full = skip;
  full.skip_unsampled_frames = false;
  const Decoded a = DecodeAll(bytes, skip);
  const Decoded b = DecodeAll(bytes, full);
  VIGIL_ASSERT_OK(a.status);
  VIGIL_ASSERT_OK(b.status);
  EXPECT_EQ(a.numbers, b.numbers);
  EXPECT_EQ(a.timestamps, b.timestamps);
  ASSERT_EQ(a.pixels.size(), 15u);
  EXPECT_TRUE(a.pixels == b.pixels) << "sampled frames differ";
  EXPECT_LT(a.decoded, b.decoded);
  EXPECT_EQ(b.decoded, 150);
}

TEST_F(VideoDecoderTest, MemoryAndFileInputAgree) {
  TempDir dir;
  const std::string path = dir.path() + "/clip.mp4";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(mp4_->data()),
             static_cast<std::streamsize>(mp4_->size()));
  VIGIL_ASSERT_OK_AND_ASSIGN(std::unique_ptr<VideoReader> reader,
                             OpenVideoFile(path, EveryFrame()));
  const Decoded memory = DecodeAll(*mp4_, EveryFrame());
  VideoFrame frame;
  size_t i = 0;
  while (true) {
    VIGIL_ASSERT_OK_AND_ASSIGN(bool got, reader->Next(&frame));
    if (!got) break;
    ASSERT_LT(i, memory.pixels.size());
    EXPECT_EQ(frame.frame_number, memory.numbers[i]);
    EXPECT_TRUE(std::equal(memory.pixels[i].begin(),
                           memory.pixels[i].begin() + frame.width * 3,
                           frame.rgb.begin()));
    ++i;
  }
  EXPECT_EQ(i, memory.pixels.size());
}

TEST(VideoDecoderContainerTest, ReadsMovMatroskaWebmAviAndGif) {
  for (const char* container : {"mov", "matroska", "webm", "avi", "gif"}) {
    SyntheticVideoSpec spec;
    spec.container = container;
    spec.frames = 20;
    spec.fps = 10;
    spec.width = 96;
    spec.height = 64;
    const std::vector<uint8_t> bytes = EncodeSyntheticVideo(spec);
    ASSERT_FALSE(bytes.empty()) << container;
    EXPECT_TRUE(MediaTypeIsVideo(SniffMediaType(bytes)) ||
                SniffMediaType(bytes) == MediaType::kGif)
        << container;
    const Decoded d = DecodeAll(bytes, EveryFrame());
    VIGIL_ASSERT_OK(d.status) << container;
    EXPECT_EQ(d.numbers.size(), 20u) << container;
    EXPECT_EQ(d.width, 96) << container;
    EXPECT_EQ(d.height, 64) << container;
    if (std::string(container) == "webm") {
      EXPECT_EQ(SniffMediaType(bytes), MediaType::kWebm);
      EXPECT_EQ(d.info.codec, "vp8");
    }
  }
}

TEST(VideoDecoderErrorTest, NonVideoInputIsUnsupported) {
  EXPECT_THAT(OpenVideo({}).status(),
              testing::StatusIs(StatusCode::kUnsupportedFormat, ::testing::_));
  const std::vector<uint8_t> png = {0x89, 'P',  'N', 'G', 0x0d, 0x0a,
                                    0x1a, 0x0a, 0,   0,   0,    13};
  EXPECT_THAT(OpenVideo(png).status(),
              testing::StatusIs(StatusCode::kUnsupportedFormat, ::testing::_));
}

TEST(VideoDecoderErrorTest, GarbageAfterMagicIsCorrupt) {
  std::vector<uint8_t> bytes = {0,   0,   0,   24,  'f', 't', 'y', 'p',
                                'i', 's', 'o', 'm', 0,   0,   2,   0,
                                'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
  for (int i = 0; i < 5000; ++i) bytes.push_back(static_cast<uint8_t>(i * 37));
  const Decoded d = DecodeAll(bytes, EveryFrame());
  EXPECT_THAT(d.status,
              testing::StatusIs(StatusCode::kCorruptInput, ::testing::_));
}

TEST_F(VideoDecoderTest, TruncatedStreamsFailCleanly) {
  // Every cut either still decodes (a prefix of whole frames) or fails with
  // a per-file error; none crashes or hangs.
  for (size_t cut : {size_t{16}, size_t{200}, mp4_->size() / 3,
                     mp4_->size() / 2, mp4_->size() - 100}) {
    const std::span<const uint8_t> prefix(mp4_->data(), cut);
    const Decoded d = DecodeAll(prefix, EveryFrame());
    if (!d.status.ok()) {
      // A cut inside the header may leave no video stream at all.
      EXPECT_TRUE(d.status.code() == StatusCode::kCorruptInput ||
                  d.status.code() == StatusCode::kUnsupportedFormat)
          << cut << " " << d.status;
    } else {
      EXPECT_LE(d.numbers.size(), 45u);
    }
  }
  // A cut through the frame data is an error, not a silently short video.
  for (size_t cut : {mp4_->size() / 2, mp4_->size() - 100}) {
    const Decoded d =
        DecodeAll(std::span<const uint8_t>(mp4_->data(), cut), EveryFrame());
    EXPECT_THAT(d.status,
                testing::StatusIs(StatusCode::kCorruptInput, ::testing::_))
        << cut;
  }
}

TEST_F(VideoDecoderTest, MutatedStreamsNeverCrash) {
  // Hostile-input smoke test (run under ASan/UBSan in CI): corrupted copies
  // either decode or fail with a per-file status; the limits still hold.
  std::mt19937 rng(11);
  VideoDecodeOptions options = EveryFrame();
  options.limits.max_frames = 200;
  int failed = 0;
  for (int round = 0; round < 60; ++round) {
    std::vector<uint8_t> bytes = *mp4_;
    const int flips = 1 + static_cast<int>(rng() % 20);
    for (int i = 0; i < flips; ++i) {
      bytes[rng() % bytes.size()] = static_cast<uint8_t>(rng());
    }
    const Decoded d = DecodeAll(bytes, options);
    if (!d.status.ok()) {
      ++failed;
      EXPECT_NE(d.status.code(), StatusCode::kInternal) << d.status;
    }
    EXPECT_LE(d.numbers.size(), 200u);
    for (const auto& p : d.pixels) {
      EXPECT_EQ(p.size(), static_cast<size_t>(d.width) * d.height * 3);
    }
  }
  RecordProperty("failed", failed);
}

TEST_F(VideoDecoderTest, ErrorsAreSticky) {
  // Cut through the frame data: the reader opens, then fails mid-stream.
  const std::span<const uint8_t> half(mp4_->data(), mp4_->size() / 2);
  VIGIL_ASSERT_OK_AND_ASSIGN(std::unique_ptr<VideoReader> reader,
                             OpenVideo(half, EveryFrame()));
  VideoFrame frame;
  Status first;
  for (int i = 0; i < 100 && first.ok(); ++i) {
    Result<bool> r = reader->Next(&frame);
    if (!r.ok()) first = r.status();
  }
  EXPECT_THAT(first,
              testing::StatusIs(StatusCode::kCorruptInput, ::testing::_));
  EXPECT_EQ(reader->Next(&frame).status(), first);
}

TEST_F(VideoDecoderTest, LimitsAreEnforced) {
  auto expect_limit = [&](VideoDecodeOptions options, const char* what) {
    const Decoded d = DecodeAll(*mp4_, options);
    EXPECT_THAT(d.status,
                testing::StatusIs(StatusCode::kLimitExceeded, ::testing::_))
        << what;
  };
  VideoDecodeOptions o = EveryFrame();
  o.limits.max_dimension = 100;
  expect_limit(o, "dimension");
  o = EveryFrame();
  o.limits.max_pixels = 160 * 120 - 1;
  expect_limit(o, "pixels");
  o = EveryFrame();
  o.limits.max_frames = 10;
  expect_limit(o, "frames");
  o = EveryFrame();
  o.limits.max_duration_seconds = 1.0;
  expect_limit(o, "duration");
  o = EveryFrame();
  o.limits.max_file_bytes = mp4_->size() - 1;
  expect_limit(o, "bytes");
  o = EveryFrame();
  o.limits.max_decode_seconds = 1e-9;
  expect_limit(o, "decode time");
}

TEST_F(VideoDecoderTest, RejectsBadOptions) {
  VideoDecodeOptions o;
  o.frames_per_second = -1;
  EXPECT_THAT(OpenVideo(*mp4_, o).status(),
              testing::StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  o = VideoDecodeOptions();
  o.threads = 0;
  EXPECT_THAT(OpenVideo(*mp4_, o).status(),
              testing::StatusIs(StatusCode::kInvalidArgument, ::testing::_));
}

TEST(VideoDecoderFileTest, FileErrors) {
  TempDir dir;
  EXPECT_THAT(OpenVideoFile(dir.path() + "/missing.mp4").status(),
              testing::StatusIs(StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(OpenVideoFile(dir.path()).status(),
              testing::StatusIs(StatusCode::kInvalidArgument, ::testing::_));
}

TEST_F(VideoDecoderTest, DefaultDecoderAndCapabilities) {
  VIGIL_ASSERT_OK_AND_ASSIGN(
      std::unique_ptr<VideoReader> reader,
      DefaultVideoDecoder().Open(*mp4_, VideoDecodeOptions()));
  EXPECT_EQ(reader->info().width, 160);
  EXPECT_TRUE(CanDecodeVideo(MediaType::kMp4));
  EXPECT_TRUE(CanDecodeVideo(MediaType::kWebm));
  EXPECT_TRUE(CanDecodeVideo(MediaType::kAvi));
  EXPECT_TRUE(CanDecodeVideo(MediaType::kGif));
  EXPECT_FALSE(CanDecodeVideo(MediaType::kPng));
  EXPECT_FALSE(CanDecodeVideo(MediaType::kUnknown));
}

TEST(VideoDecoderBarsTest, RemovesBarsAndRecordsTheCrop) {
  SyntheticVideoSpec spec;
  spec.frames = 30;
  spec.bar_top = 24;
  spec.bar_bottom = 24;
  spec.bar_left = 16;
  spec.bar_right = 16;
  const std::vector<uint8_t> bytes = EncodeSyntheticVideo(spec);
  VideoDecodeOptions options = EveryFrame();
  options.remove_bars = true;
  const Decoded d = DecodeAll(bytes, options);
  VIGIL_ASSERT_OK(d.status);
  // Compression blurs the edge by a pixel or two at most.
  EXPECT_NEAR(d.info.crop.top, 24, 2);
  EXPECT_NEAR(d.info.crop.bottom, 24, 2);
  EXPECT_NEAR(d.info.crop.left, 16, 2);
  EXPECT_NEAR(d.info.crop.right, 16, 2);
  EXPECT_EQ(d.width, d.info.crop.Width(192));
  EXPECT_EQ(d.height, d.info.crop.Height(168));
  EXPECT_EQ(d.numbers.size(), 30u);
  // Without the option nothing is cropped.
  const Decoded plain = DecodeAll(bytes, EveryFrame());
  EXPECT_TRUE(plain.info.crop.empty());
  EXPECT_EQ(plain.width, 192);
}

// Issue 17: a video cut short must not pass for a shorter whole video
// (Matroska / WebM did: the cut frames were silently missing). MP4/MOV/AVI
// declare their frame count, Matroska its Segment size.
TEST(Issue17, TruncatedContainersAreErrors) {
  for (const char* container : {"mp4", "mov", "avi", "matroska", "webm"}) {
    SyntheticVideoSpec spec;
    spec.frames = 45;
    spec.container = container;
    const std::vector<uint8_t> video = EncodeSyntheticVideo(spec);
    ASSERT_FALSE(video.empty()) << container;
    for (int percent : {50, 75, 90, 97}) {
      const std::span<const uint8_t> prefix(video.data(),
                                            video.size() * percent / 100);
      const Decoded d = DecodeAll(prefix, EveryFrame());
      EXPECT_THAT(d.status,
                  testing::StatusIs(StatusCode::kCorruptInput, ::testing::_))
          << container << " cut to " << percent << "%: " << d.numbers.size()
          << " frames";
    }
  }
}

// A frame whose data was damaged (bits flipped) decodes, with FFmpeg's
// error concealment, to other pixels than the content: it must fail the
// video (kCorruptInput), never pass for a whole, different video (found by
// the memory-cap test's bit flips, tests/cli/memory_cap_test.cc).
TEST(Issue17, ConcealedFrameErrorsAreErrors) {
  for (const char* container : {"mp4", "matroska"}) {
    SyntheticVideoSpec spec;
    spec.frames = 36;
    spec.container = container;
    const std::vector<uint8_t> video = EncodeSyntheticVideo(spec);
    ASSERT_FALSE(video.empty()) << container;
    ASSERT_TRUE(DecodeAll(video, EveryFrame()).status.ok()) << container;
    // Damage at 30% and 50% of these files lies in frame data the decoder
    // conceals (without the check, they decoded as whole videos). Not
    // every flip is detectable: MPEG-4 Part 2 has no checksum.
    int failed = 0;
    for (int percent : {30, 50}) {
      std::vector<uint8_t> damaged = video;
      const size_t at = damaged.size() * percent / 100;
      for (size_t i = at; i < at + 24; ++i) damaged[i] ^= 0x5A;
      const Decoded d = DecodeAll(damaged, EveryFrame());
      if (!d.status.ok()) {
        EXPECT_EQ(d.status.code(), StatusCode::kCorruptInput) << d.status;
        ++failed;
      }
    }
    EXPECT_EQ(failed, 2) << container;
  }
}

}  // namespace
}  // namespace vigil
