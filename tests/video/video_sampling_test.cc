// Copyright 2026 The Vigil Authors.
//
// VideoSampling::kNearestKeyframe against a brute-force statement of its
// rule, on synthetic videos with known keyframes: which frames come out,
// that each is bit for bit the frame of an every-frame decode, that skipping
// changes nothing but the work done, and that covered groups of pictures
// decode their keyframe alone.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "video/synthetic_video.h"
#include "vigil/video.h"

namespace vigil {
namespace {

using testing::EncodeSyntheticVideo;
using testing::KeyframeNumbers;
using testing::SyntheticVideoSpec;

struct Frames {
  std::vector<int64_t> numbers;
  std::vector<std::vector<uint8_t>> pixels;  // tightly packed RGB
  int64_t decoded = 0;
  int64_t interval = 0;
};

Frames Decode(const std::vector<uint8_t>& bytes,
              const VideoDecodeOptions& options) {
  Frames out;
  Result<std::unique_ptr<VideoReader>> reader = OpenVideo(bytes, options);
  if (!reader.ok()) {
    ADD_FAILURE() << reader.status();
    return out;
  }
  out.interval = (*reader)->info().frame_interval;
  VideoFrame frame;
  while (true) {
    Result<bool> got = (*reader)->Next(&frame);
    if (!got.ok()) {
      ADD_FAILURE() << got.status();
      return out;
    }
    if (!*got) break;
    out.numbers.push_back(frame.frame_number);
    std::vector<uint8_t> packed;
    for (int y = 0; y < frame.height; ++y) {
      const uint8_t* row = frame.rgb.data() + y * frame.stride;
      packed.insert(packed.end(), row, row + frame.width * 3);
    }
    out.pixels.push_back(std::move(packed));
  }
  out.decoded = (*reader)->decoded_frames();
  return out;
}

// The rule, stated directly: each grid point goes to its nearest keyframe
// (ties: the earlier) when that lies within `max_offset` frames, else it
// stays itself; the union, ascending.
std::vector<int64_t> Expected(const std::vector<int64_t>& keys, int64_t frames,
                              int64_t interval, int64_t max_offset) {
  std::set<int64_t> out;
  for (int64_t p = 0; p < frames; p += interval) {
    int64_t best = -1;
    int64_t best_distance = std::numeric_limits<int64_t>::max();
    for (const int64_t k : keys) {
      if (std::llabs(p - k) < best_distance) {
        best_distance = std::llabs(p - k);
        best = k;
      }
    }
    out.insert(best_distance <= max_offset ? best : p);
  }
  return {out.begin(), out.end()};
}

VideoDecodeOptions Keyframes(double fps, double max_offset_seconds) {
  VideoDecodeOptions o = ExactVideoDecodeOptions();
  o.sampling = VideoSampling::kNearestKeyframe;
  o.frames_per_second = fps;
  o.max_keyframe_offset_seconds = max_offset_seconds;
  return o;
}

TEST(VideoSamplingTest, DefaultsAndExactOptions) {
  // The scan defaults: the reference's grid, fast reference decoding.
  const VideoDecodeOptions o;
  EXPECT_EQ(o.sampling, VideoSampling::kGrid);
  EXPECT_TRUE(o.fast_reference_decode);
  EXPECT_TRUE(o.skip_unsampled_frames);
  EXPECT_EQ(o.max_keyframe_offset_seconds, 1.0);
  const VideoDecodeOptions exact = ExactVideoDecodeOptions();
  EXPECT_EQ(exact.sampling, VideoSampling::kGrid);
  EXPECT_FALSE(exact.fast_reference_decode);
  EXPECT_EQ(exact.frames_per_second, o.frames_per_second);
}

TEST(VideoSamplingTest, NearestKeyframeFollowsTheRuleWithExactPixels) {
  for (const int gop : {12, 45, 60, 100}) {
    SyntheticVideoSpec spec;
    spec.frames = 150;
    spec.gop = gop;
    spec.b_frames = 2;
    const std::vector<uint8_t> bytes = EncodeSyntheticVideo(spec);
    ASSERT_FALSE(bytes.empty());
    const std::vector<int64_t> keys = KeyframeNumbers(bytes, "mp4");
    ASSERT_GE(keys.size(), 2u) << gop;
    VideoDecodeOptions every;
    every.frames_per_second = 0;
    const Frames all = Decode(bytes, every);
    ASSERT_EQ(all.numbers.size(), 150u);
    for (const double fps : {1.0, 3.0}) {
      for (const double offset : {0.0, 0.5, 1.0, 2.0}) {
        SCOPED_TRACE("gop " + std::to_string(gop) + " fps " +
                     std::to_string(fps) + " offset " + std::to_string(offset));
        VideoDecodeOptions skip = Keyframes(fps, offset);
        VideoDecodeOptions full = skip;
        full.skip_unsampled_frames = false;
        const Frames a = Decode(bytes, skip);
        const Frames b = Decode(bytes, full);
        const int64_t interval = static_cast<int64_t>(30 / fps);
        EXPECT_EQ(a.interval, interval);
        EXPECT_EQ(a.numbers, Expected(keys, 150, interval,
                                      static_cast<int64_t>(offset * 30 + 0.5)));
        EXPECT_EQ(a.numbers, b.numbers);
        ASSERT_EQ(a.pixels.size(), a.numbers.size());
        ASSERT_EQ(b.pixels.size(), b.numbers.size());
        for (size_t i = 0; i < a.numbers.size(); ++i) {
          ASSERT_LT(a.numbers[i], 150);
          EXPECT_TRUE(a.pixels[i] == all.pixels[a.numbers[i]])
              << "frame " << a.numbers[i];
          EXPECT_TRUE(b.pixels[i] == all.pixels[b.numbers[i]])
              << "frame " << b.numbers[i];
        }
        EXPECT_LE(a.decoded, b.decoded);
        EXPECT_EQ(b.decoded, 150);
      }
    }
  }
}

TEST(VideoSamplingTest, ZeroOffsetIsTheExactGrid) {
  SyntheticVideoSpec spec;
  spec.frames = 120;
  spec.gop = 50;
  const std::vector<uint8_t> bytes = EncodeSyntheticVideo(spec);
  ASSERT_FALSE(bytes.empty());
  const Frames a = Decode(bytes, ExactVideoDecodeOptions());
  const Frames b = Decode(bytes, Keyframes(1.0, 0.0));
  EXPECT_EQ(a.numbers, (std::vector<int64_t>{0, 30, 60, 90}));
  EXPECT_EQ(a.numbers, b.numbers);
  EXPECT_TRUE(a.pixels == b.pixels);
}

TEST(VideoSamplingTest, CoveredGroupsDecodeTheirKeyframeAlone) {
  // Keyframes every 2 s, one sample per second, offset 1 s: every grid
  // point is represented by a keyframe, so only keyframes are decoded.
  SyntheticVideoSpec spec;
  spec.frames = 240;
  spec.gop = 60;
  spec.b_frames = 2;
  const std::vector<uint8_t> bytes = EncodeSyntheticVideo(spec);
  ASSERT_FALSE(bytes.empty());
  const std::vector<int64_t> keys = KeyframeNumbers(bytes, "mp4");
  const Frames a = Decode(bytes, Keyframes(1.0, 1.0));
  EXPECT_EQ(a.numbers, keys);
  EXPECT_EQ(a.decoded, static_cast<int64_t>(keys.size()));
  // The exact grid needs the frames between too.
  const Frames b = Decode(bytes, ExactVideoDecodeOptions());
  EXPECT_EQ(b.numbers.size(), 8u);
  EXPECT_GT(b.decoded, a.decoded);
}

TEST(VideoSamplingTest, EveryFrameIgnoresTheKeyframeRule) {
  SyntheticVideoSpec spec;
  spec.frames = 40;
  const std::vector<uint8_t> bytes = EncodeSyntheticVideo(spec);
  const Frames a = Decode(bytes, Keyframes(0, 1.0));
  EXPECT_EQ(a.numbers.size(), 40u);
  // A rate at or above the frame rate is every frame too.
  const Frames b = Decode(bytes, Keyframes(30, 1.0));
  EXPECT_EQ(a.numbers, b.numbers);
}

TEST(VideoSamplingTest, MutatedStreamsNeverCrashWhileSkipping) {
  // Hostile-input smoke test of the lookahead and skipping paths (run under
  // ASan/UBSan): corrupted copies decode or fail with a per-file status.
  SyntheticVideoSpec spec;
  spec.frames = 120;
  spec.gop = 30;
  const std::vector<uint8_t> clean = EncodeSyntheticVideo(spec);
  ASSERT_FALSE(clean.empty());
  std::mt19937 rng(7);
  for (const VideoDecodeOptions& options :
       {VideoDecodeOptions(), Keyframes(1.0, 1.0), Keyframes(2.0, 0.3)}) {
    for (int round = 0; round < 30; ++round) {
      std::vector<uint8_t> bytes = clean;
      const int flips = 1 + static_cast<int>(rng() % 20);
      for (int i = 0; i < flips; ++i) {
        bytes[rng() % bytes.size()] = static_cast<uint8_t>(rng());
      }
      Result<std::unique_ptr<VideoReader>> reader = OpenVideo(bytes, options);
      if (!reader.ok()) continue;
      VideoFrame frame;
      int64_t last = -1;
      for (int i = 0; i < 1000; ++i) {
        Result<bool> got = (*reader)->Next(&frame);
        if (!got.ok()) {
          EXPECT_NE(got.status().code(), StatusCode::kInternal);
          break;
        }
        if (!*got) break;
        EXPECT_GT(frame.frame_number, last);
        last = frame.frame_number;
        EXPECT_GE(frame.rgb.size(),
                  (frame.height - 1) * frame.stride + frame.width * 3u);
      }
    }
  }
}

TEST(VideoSamplingTest, RejectsBadOffsets) {
  SyntheticVideoSpec spec;
  spec.frames = 10;
  const std::vector<uint8_t> bytes = EncodeSyntheticVideo(spec);
  for (const double bad :
       {-1.0, 3601.0, std::numeric_limits<double>::quiet_NaN()}) {
    VideoDecodeOptions o;
    o.max_keyframe_offset_seconds = bad;
    EXPECT_THAT(OpenVideo(bytes, o).status(),
                testing::StatusIs(StatusCode::kInvalidArgument, ::testing::_))
        << bad;
  }
}

}  // namespace
}  // namespace vigil
