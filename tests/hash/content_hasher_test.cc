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

using ::testing::_;
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

// Issue 17: content that could not be fully checked is never clean.

// width*height palette indices of a blocky benign pattern (8x8 blocks of
// pseudo-random greys): a high-quality PDQ, different for every seed.
std::vector<uint8_t> BlockIndices(int width, int height, uint32_t seed) {
  std::vector<uint8_t> out(size_t(width) * height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      uint32_t v = seed * 2654435761u + uint32_t(x / 8) * 40503u +
                   uint32_t(y / 8) * 9973u;
      v ^= v >> 13;
      v *= 0x5bd1e995u;
      v ^= v >> 15;
      out[size_t(y) * width + x] = uint8_t(v);
    }
  }
  return out;
}

std::vector<uint8_t> GreyPalette() {
  std::vector<uint8_t> p(768);
  for (int i = 0; i < 256; ++i) p[3 * i] = p[3 * i + 1] = p[3 * i + 2] = i;
  return p;
}

// A 2-frame GIF, 1 s a frame: a benign frame, then `second`.
std::vector<uint8_t> TwoFrameGif(const std::vector<uint8_t>& first,
                                 const std::vector<uint8_t>& second, int w,
                                 int h) {
  testing::GifOptions options;
  options.extra_frames = 1;
  options.later_frames = second;
  options.delay_cs = 100;
  return testing::EncodeGif(first, w, h, GreyPalette(), options);
}

std::vector<uint8_t> Cut(const std::vector<uint8_t>& bytes, int percent) {
  return std::vector<uint8_t>(bytes.begin(),
                              bytes.begin() + bytes.size() * percent / 100);
}

TEST(Issue17, TruncatedAnimatedGifIsNotFullyChecked) {
  const int w = 96, h = 96;
  const std::vector<uint8_t> benign = BlockIndices(w, h, 1);
  const std::vector<uint8_t> known = BlockIndices(w, h, 2);
  const std::vector<uint8_t> gif = TwoFrameGif(benign, known, w, h);
  ASSERT_FALSE(gif.empty());
  ContentHasher hasher;
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes whole, hasher.HashBytes(gif));
  VIGIL_EXPECT_OK(whole.PerceptualStatus());
  ASSERT_TRUE(whole.video.has_value());
  EXPECT_EQ(whole.video->frames.size(), 2u);
  for (int percent : {97, 90, 80, 70}) {
    SCOPED_TRACE(percent);
    VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes cut,
                               hasher.HashBytes(Cut(gif, percent)));
    // The first frame is still hashed (and matchable), but the file was not
    // fully checked: the cut second frame is missing.
    VIGIL_EXPECT_OK(cut.hashes.image_status);
    ASSERT_TRUE(cut.hashes.pdq.has_value());
    EXPECT_EQ(cut.hashes.pdq->hash, whole.hashes.pdq->hash);
    EXPECT_THAT(cut.PerceptualStatus(),
                StatusIs(StatusCode::kCorruptInput, HasSubstr("truncated")));
    EXPECT_THAT(cut.hashes.completeness,
                StatusIs(StatusCode::kCorruptInput, _));
  }
  // Only the trailer missing: still not a whole file.
  std::vector<uint8_t> no_trailer(gif.begin(), gif.end() - 1);
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes open_ended,
                             hasher.HashBytes(no_trailer));
  EXPECT_THAT(open_ended.PerceptualStatus(),
              StatusIs(StatusCode::kCorruptInput, _));
}

TEST(Issue17, StillGifIsFullyChecked) {
  const std::vector<uint8_t> gif =
      testing::EncodeGif(BlockIndices(64, 64, 5), 64, 64, GreyPalette());
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes h, ContentHasher().HashBytes(gif));
  VIGIL_EXPECT_OK(h.PerceptualStatus());
  EXPECT_TRUE(h.hashes.pdq.has_value());
}

TEST(Issue17, MultiPageTiffIsNotFullyChecked) {
  const int w = 64, h = 64;
  std::vector<uint8_t> rgb(size_t(w) * h * 3);
  const std::vector<uint8_t> grey = BlockIndices(w, h, 3);
  for (size_t i = 0; i < grey.size(); ++i) {
    rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i];
  }
  testing::TiffOptions one;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ContentHashes single,
      ContentHasher().HashBytes(testing::EncodeTiff(rgb, w, h, one)));
  VIGIL_EXPECT_OK(single.PerceptualStatus());
  testing::TiffOptions two;
  two.pages = 2;
  const std::vector<uint8_t> tiff = testing::EncodeTiff(rgb, w, h, two);
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes multi,
                             ContentHasher().HashBytes(tiff));
  EXPECT_TRUE(multi.hashes.pdq.has_value());
  EXPECT_THAT(multi.PerceptualStatus(),
              StatusIs(StatusCode::kUnsupportedFormat, HasSubstr("2 pages")));
}

TEST(Issue17, AnimatedPngIsNotFullyChecked) {
  const int w = 64, h = 64;
  const std::vector<uint8_t> grey = BlockIndices(w, h, 4);
  testing::PngOptions grey_png;
  grey_png.color_type = 0;
  std::vector<uint8_t> png = testing::EncodePng(grey, w, h, grey_png);
  ASSERT_GT(png.size(), 33u);
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes still,
                             ContentHasher().HashBytes(png));
  VIGIL_EXPECT_OK(still.PerceptualStatus());
  // An acTL chunk (2 frames, loop forever) after IHDR makes it an APNG;
  // libpng skips such chunks, so only the default image would be hashed.
  const uint8_t actl[] = {0, 0, 0, 8, 'a', 'c', 'T', 'L', 0, 0,
                          0, 2, 0, 0, 0,   0,   0,   0,   0, 0};
  png.insert(png.begin() + 33, std::begin(actl), std::end(actl));
  VIGIL_ASSERT_OK_AND_ASSIGN(ContentHashes apng,
                             ContentHasher().HashBytes(png));
  EXPECT_TRUE(apng.hashes.pdq.has_value());
  EXPECT_THAT(apng.PerceptualStatus(),
              StatusIs(StatusCode::kUnsupportedFormat, HasSubstr("APNG")));
}

}  // namespace
}  // namespace vigil
