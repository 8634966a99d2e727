// Copyright 2026 The Vigil Authors.
//
// ContentHasher: one content path for images, animations and videos, large
// videos streamed from their path, the limits, and the "never clean without
// a perceptual check" rule.

#include "vigil/content_hasher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "video/synthetic_video.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

std::string WriteBytes(const TempDir& dir, const std::string& name,
                       const std::vector<uint8_t>& bytes) {
  return dir.WriteFile(name, std::string(bytes.begin(), bytes.end()));
}

class ContentHasherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SyntheticVideoSpec still;
    still.seed = 9;
    png_ = testing::EncodePng(testing::DrawSyntheticFrame(still, 0),
                              still.width, still.height, {});
    testing::SyntheticVideoSpec spec;
    spec.frames = 60;
    video_ = testing::EncodeSyntheticVideo(spec);
    spec.container = "gif";
    spec.seed = 3;
    gif_ = testing::EncodeSyntheticVideo(spec);
    ASSERT_FALSE(png_.empty());
    ASSERT_FALSE(video_.empty());
    ASSERT_FALSE(gif_.empty());
  }
  TempDir dir_;
  std::vector<uint8_t> png_, video_, gif_;
};

TEST_F(ContentHasherTest, ImageGivesItsPdqAndNoFrames) {
  ContentHasher hasher;
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes h, hasher.HashBytes(png_));
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes want, MediaHasher().HashBytes(png_));
  EXPECT_EQ(h.hashes.media_type, MediaType::kPng);
  ASSERT_TRUE(h.hashes.pdq.has_value());
  EXPECT_EQ(h.hashes.pdq->hash, want.pdq->hash);
  EXPECT_EQ(h.hashes.digests.sha256, want.digests.sha256);
  EXPECT_FALSE(h.video.has_value());
  VIGIL_EXPECT_OK(h.PerceptualStatus());
}

TEST_F(ContentHasherTest, AnimatedGifGivesFirstFramePdqAndItsFrames) {
  ContentHasher hasher;
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes h, hasher.HashBytes(gif_));
  EXPECT_EQ(h.hashes.media_type, MediaType::kGif);
  ASSERT_TRUE(h.hashes.pdq.has_value());
  ASSERT_TRUE(h.video.has_value());
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash want, HashVideo(gif_));
  ASSERT_GT(want.frames.size(), 1u);
  EXPECT_EQ(h.video->frames, want.frames);
  VIGIL_EXPECT_OK(h.PerceptualStatus());

  ContentHashOptions still;
  still.animation_frames = false;
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes first,
                             ContentHasher(still).HashBytes(gif_));
  EXPECT_FALSE(first.video.has_value());
  EXPECT_EQ(first.hashes.pdq->hash, h.hashes.pdq->hash);
}

TEST_F(ContentHasherTest, VideoGivesItsFramesAndSize) {
  ContentHasher hasher;
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes h, hasher.HashBytes(video_));
  EXPECT_EQ(h.hashes.media_type, MediaType::kMp4);
  EXPECT_FALSE(h.hashes.pdq.has_value());
  EXPECT_THAT(h.hashes.image_status,
              StatusIs(StatusCode::kUnsupportedFormat, HasSubstr("video")));
  ASSERT_TRUE(h.video.has_value());
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash want, HashVideo(video_));
  EXPECT_EQ(h.video->frames, want.frames);
  EXPECT_EQ(h.hashes.width, 160);
  EXPECT_EQ(h.hashes.height, 120);
  VIGIL_EXPECT_OK(h.PerceptualStatus());
}

TEST_F(ContentHasherTest, FileAndBytesGiveTheSameHashes) {
  ContentHashOptions options;
  options.video = ExactVideoDecodeOptions();
  ContentHasher hasher(options);
  for (const auto* bytes : {&png_, &gif_, &video_}) {
    const std::string path = WriteBytes(dir_, "input", *bytes);
    VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes a, hasher.HashFile(path));
    VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes b, hasher.HashBytes(*bytes));
    EXPECT_EQ(a.hashes.digests.sha256, b.hashes.digests.sha256);
    EXPECT_EQ(a.hashes.bytes, bytes->size());
    EXPECT_EQ(a.hashes.pdq.has_value(), b.hashes.pdq.has_value());
    if (a.hashes.pdq) {
      EXPECT_EQ(a.hashes.pdq->hash, b.hashes.pdq->hash);
    }
    ASSERT_EQ(a.video.has_value(), b.video.has_value());
    if (a.video) {
      EXPECT_EQ(a.video->frames, b.video->frames);
    }
  }
}

TEST_F(ContentHasherTest, VideoOverTheImageLimitIsStreamedFromItsPath) {
  ContentHashOptions options;
  options.image.limits.max_file_bytes = 1000;  // far below the video's size
  ASSERT_GT(video_.size(), 1000u);
  ContentHasher hasher(options);
  const std::string path = WriteBytes(dir_, "clip.mp4", video_);
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentInput in, hasher.ReadFile(path));
  EXPECT_TRUE(in.streamed());
  EXPECT_EQ(in.size(), video_.size());
  EXPECT_EQ(in.digests().sha256, ComputeDigests(video_).sha256);
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes h, hasher.Hash(in));
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash want, HashVideo(video_));
  ASSERT_TRUE(h.video.has_value());
  EXPECT_EQ(h.video->frames, want.frames);
  EXPECT_EQ(h.hashes.digests.md5, ComputeDigests(video_).md5);
  // Bytes in memory are never streamed, and other formats never.
  EXPECT_THAT(hasher.ReadBytes(video_).status(),
              StatusIs(StatusCode::kLimitExceeded, HasSubstr("over the")));
  ASSERT_GT(png_.size(), 1000u);
  EXPECT_THAT(hasher.HashFile(WriteBytes(dir_, "big.png", png_)).status(),
              StatusIs(StatusCode::kLimitExceeded, ::testing::_));
  // Nor when videos are not decoded.
  options.videos = false;
  EXPECT_THAT(ContentHasher(options).HashFile(path).status(),
              StatusIs(StatusCode::kLimitExceeded, ::testing::_));
  // The video limit still applies to streamed videos.
  options.videos = true;
  options.video.limits.max_file_bytes = 2000;
  EXPECT_THAT(ContentHasher(options).HashFile(path).status(),
              StatusIs(StatusCode::kLimitExceeded, ::testing::_));
}

TEST_F(ContentHasherTest, VideosOffTreatsThemAsOpaqueFiles) {
  ContentHashOptions options;
  options.videos = false;
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes h,
                             ContentHasher(options).HashBytes(video_));
  EXPECT_FALSE(h.video.has_value());
  EXPECT_EQ(h.hashes.digests.sha256, ComputeDigests(video_).sha256);
  EXPECT_THAT(h.PerceptualStatus(),
              StatusIs(StatusCode::kUnsupportedFormat, ::testing::_));
}

TEST_F(ContentHasherTest, UncheckedInputsAreNeverClean) {
  ContentHasher hasher;
  std::vector<uint8_t> broken(video_.begin(),
                              video_.begin() + video_.size() / 2);
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes v, hasher.HashBytes(broken));
  EXPECT_FALSE(v.video.has_value());
  EXPECT_FALSE(v.PerceptualStatus().ok());
  EXPECT_EQ(v.hashes.digests.sha256, ComputeDigests(broken).sha256);

  const std::string text = "not media at all";
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ContentHashes t,
      hasher.HashBytes(
          {reinterpret_cast<const uint8_t*>(text.data()), text.size()}));
  EXPECT_THAT(t.PerceptualStatus(),
              StatusIs(StatusCode::kUnsupportedFormat, ::testing::_));
}

TEST_F(ContentHasherTest, HashTakesPerCallVideoOptions) {
  ContentHasher hasher;
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentInput in, hasher.ReadBytes(video_));
  VideoDecodeOptions halves = hasher.options().video;
  halves.half_frame_hashes = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes h, hasher.Hash(in, halves));
  ASSERT_TRUE(h.video.has_value());
  EXPECT_EQ(h.video->halves[0].size(), h.video->frames.size());
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes plain, hasher.Hash(in));
  EXPECT_TRUE(plain.video->halves[0].empty());
}

TEST_F(ContentHasherTest, MissingFileIsAnError) {
  EXPECT_THAT(ContentHasher().HashFile(dir_.path() + "/none").status(),
              StatusIs(StatusCode::kNotFound, ::testing::_));
}

}  // namespace
}  // namespace vigil
