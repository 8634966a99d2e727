// Copyright 2026 The Vigil Authors.
//
// Animated WebP read as a video through libwebp (FFmpeg 5.1 cannot): exact
// frames, timestamps from the frame durations, sampling, bars, limits and
// hostile input.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <webp/encode.h>

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
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using Decoded = testing::DecodedVideo;
using testing::DecodeAll;
using testing::DrawSyntheticFrame;
using testing::EncodeSyntheticWebpAnimation;
using testing::EveryFrame;
using ::testing::HasSubstr;
using testing::StatusIs;
using testing::SyntheticVideoSpec;

SyntheticVideoSpec Spec(int frames, int fps) {
  SyntheticVideoSpec spec;
  spec.frames = frames;
  spec.fps = fps;
  spec.seed = 7;
  return spec;
}

TEST(WebpAnimationTest, DecodesEveryFrameExactlyWithItsTime) {
  const SyntheticVideoSpec spec = Spec(10, 10);
  const std::vector<uint8_t> bytes = EncodeSyntheticWebpAnimation(spec);
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(SniffMediaType(bytes), MediaType::kWebp);
  EXPECT_TRUE(CanDecodeVideo(MediaType::kWebp));
  const Decoded d = DecodeAll(bytes, EveryFrame());
  VIGIL_ASSERT_OK(d.status);
  EXPECT_EQ(d.info.media_type, MediaType::kWebp);
  EXPECT_EQ(d.info.codec, "webp");
  EXPECT_EQ(d.info.width, spec.width);
  EXPECT_EQ(d.info.height, spec.height);
  EXPECT_EQ(d.info.frame_count_hint, 10);
  EXPECT_DOUBLE_EQ(d.info.duration_seconds, 1.0);
  EXPECT_DOUBLE_EQ(d.info.frame_rate, 10.0);
  ASSERT_EQ(d.numbers.size(), 10u);
  EXPECT_EQ(d.decoded, 10);
  for (int n = 0; n < 10; ++n) {
    SCOPED_TRACE("frame " + std::to_string(n));
    EXPECT_EQ(d.numbers[n], n);
    EXPECT_DOUBLE_EQ(d.timestamps[n], n * 0.1);
    EXPECT_EQ(d.pixels[n], DrawSyntheticFrame(spec, n));  // lossless
  }
}

TEST(WebpAnimationTest, SamplesOneFramePerSecondLikeVideos) {
  const std::vector<uint8_t> bytes = EncodeSyntheticWebpAnimation(Spec(35, 10));
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash h, HashVideo(bytes));
  EXPECT_EQ(h.info.frame_interval, 10);
  ASSERT_EQ(h.frames.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(h.frames[i].frame_number, i * 10);
    EXPECT_DOUBLE_EQ(h.frames[i].timestamp, i * 1.0);
    EXPECT_GE(h.frames[i].quality, 50);
  }
  EXPECT_EQ(h.decoded_frames, 35);  // composition needs every frame
}

TEST(WebpAnimationTest, FileAndMemoryAgree) {
  const std::vector<uint8_t> bytes = EncodeSyntheticWebpAnimation(Spec(12, 6));
  testing::TempDir dir;
  const std::string path = dir.path() + "/anim.webp";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash a, HashVideo(bytes, EveryFrame()));
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash b, HashVideoFile(path, EveryFrame()));
  EXPECT_EQ(a.frames, b.frames);
  EXPECT_EQ(a.frames.size(), 12u);
}

TEST(WebpAnimationTest, RemovesBarsFoundOnTheFirstFrame) {
  SyntheticVideoSpec spec = Spec(4, 4);
  spec.bar_top = spec.bar_bottom = 20;
  const std::vector<uint8_t> bytes = EncodeSyntheticWebpAnimation(spec);
  VideoDecodeOptions options = EveryFrame();
  options.remove_bars = true;
  const Decoded d = DecodeAll(bytes, options);
  VIGIL_ASSERT_OK(d.status);
  EXPECT_EQ(d.info.crop.top, 20);
  EXPECT_EQ(d.info.crop.bottom, 20);
  ASSERT_EQ(d.pixels.size(), 4u);
  EXPECT_EQ(d.width, spec.width);
  EXPECT_EQ(d.height, spec.height);
  for (int n = 0; n < 4; ++n) {
    EXPECT_EQ(d.pixels[n], DrawSyntheticFrame(spec, n));
  }
}

TEST(WebpAnimationTest, StillWebpIsNotAnAnimation) {
  const SyntheticVideoSpec spec = Spec(1, 1);
  const std::vector<uint8_t> rgb = DrawSyntheticFrame(spec, 0);
  uint8_t* out = nullptr;
  const size_t size = WebPEncodeLosslessRGB(rgb.data(), spec.width, spec.height,
                                            spec.width * 3, &out);
  ASSERT_GT(size, 0u);
  std::vector<uint8_t> still(out, out + size);
  WebPFree(out);
  EXPECT_THAT(
      OpenVideo(still).status(),
      StatusIs(StatusCode::kUnsupportedFormat, HasSubstr("not an animation")));
}

TEST(WebpAnimationTest, LimitsAreEnforcedBeforeDecoding) {
  const std::vector<uint8_t> bytes = EncodeSyntheticWebpAnimation(Spec(20, 10));
  VideoDecodeOptions options = EveryFrame();
  options.limits.max_frames = 19;
  EXPECT_THAT(OpenVideo(bytes, options).status(),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("frames")));
  options = EveryFrame();
  options.limits.max_dimension = 100;
  EXPECT_THAT(OpenVideo(bytes, options).status(),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("canvas")));
  options = EveryFrame();
  options.limits.max_duration_seconds = 1.5;
  EXPECT_THAT(OpenVideo(bytes, options).status(),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("duration")));
  options = EveryFrame();
  options.limits.max_file_bytes = bytes.size() - 1;
  EXPECT_THAT(OpenVideo(bytes, options).status(),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("limit")));
}

TEST(WebpAnimationTest, TruncatedAndMutatedAnimationsFailCleanly) {
  const std::vector<uint8_t> bytes = EncodeSyntheticWebpAnimation(Spec(8, 8));
  ASSERT_FALSE(bytes.empty());
  for (size_t keep :
       {size_t{12}, size_t{40}, bytes.size() / 2, bytes.size() - 1}) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + keep);
    Decoded d = DecodeAll(cut, EveryFrame());
    EXPECT_FALSE(d.status.ok()) << "kept " << keep;
  }
  std::mt19937 rng(11);
  int failed = 0;
  for (int round = 0; round < 200; ++round) {
    std::vector<uint8_t> mutated = bytes;
    for (int k = 0; k < 4; ++k) {
      mutated[rng() % mutated.size()] = static_cast<uint8_t>(rng());
    }
    Decoded d = DecodeAll(mutated, EveryFrame());  // must not crash
    failed += !d.status.ok();
    if (d.status.ok()) {
      EXPECT_LE(d.numbers.size(), 8u);
    }
  }
  EXPECT_GT(failed, 0);
}

}  // namespace
}  // namespace vigil
