// Copyright 2026 The Vigil Authors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "video/synthetic_video.h"
#include "vigil/pdq.h"
#include "vigil/video.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using testing::DrawSyntheticFrame;
using testing::EncodeSyntheticVideo;
using testing::SyntheticVideoSpec;

// A reader over frames drawn in memory (the injectable path).
class FakeReader : public VideoReader {
 public:
  explicit FakeReader(int frames) : frames_(frames) {
    info_.width = spec_.width;
    info_.height = spec_.height;
    info_.frame_rate = 25;
  }
  const VideoInfo& info() const override { return info_; }
  int64_t decoded_frames() const override { return next_; }
  Result<bool> Next(VideoFrame* frame) override {
    if (next_ == frames_) return false;
    if (next_ == fail_at_) return CorruptInputError("fake: broken frame");
    pixels_ = DrawSyntheticFrame(spec_, next_);
    frame->frame_number = next_;
    frame->timestamp = next_ / 25.0;
    frame->width = spec_.width;
    frame->height = spec_.height;
    frame->stride = spec_.width * 3;
    frame->rgb = pixels_;
    ++next_;
    return true;
  }
  int fail_at_ = -1;

 private:
  SyntheticVideoSpec spec_;
  VideoInfo info_;
  int frames_;
  int next_ = 0;
  std::vector<uint8_t> pixels_;
};

TEST(VpdqHashTest, HashesEachFrameWithPdq) {
  FakeReader reader(4);
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash hash, HashVideoFrames(reader));
  ASSERT_EQ(hash.frames.size(), 4u);
  EXPECT_EQ(hash.decoded_frames, 4);
  EXPECT_EQ(hash.info.frame_rate, 25);
  SyntheticVideoSpec spec;
  for (int n = 0; n < 4; ++n) {
    const std::vector<uint8_t> rgb = DrawSyntheticFrame(spec, n);
    VIGIL_ASSERT_OK_AND_ASSIGN(PdqResult want,
                               ComputePdqFromRgb(rgb, spec.width, spec.height,
                                                 spec.width * 3, nullptr));
    EXPECT_EQ(hash.frames[n].hash, want.hash) << n;
    EXPECT_EQ(hash.frames[n].quality, want.quality);
    EXPECT_EQ(hash.frames[n].frame_number, n);
    EXPECT_DOUBLE_EQ(hash.frames[n].timestamp, n / 25.0);
  }
}

TEST(VpdqHashTest, ReaderErrorsPropagate) {
  FakeReader reader(4);
  reader.fail_at_ = 2;
  EXPECT_THAT(HashVideoFrames(reader).status(),
              testing::StatusIs(StatusCode::kCorruptInput,
                                ::testing::HasSubstr("broken")));
  EXPECT_THAT(HashVideo({}).status(),
              testing::StatusIs(StatusCode::kUnsupportedFormat, ::testing::_));
}

class VpdqVideoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SyntheticVideoSpec spec;
    spec.frames = 60;
    plain_ = new std::vector<uint8_t>(EncodeSyntheticVideo(spec));
    spec.bar_top = spec.bar_bottom = 30;
    barred_ = new std::vector<uint8_t>(EncodeSyntheticVideo(spec));
    spec.bar_top = spec.bar_bottom = 0;
    spec.seed = 3;
    other_ = new std::vector<uint8_t>(EncodeSyntheticVideo(spec));
  }
  static void TearDownTestSuite() {
    delete plain_;
    delete barred_;
    delete other_;
  }
  static std::vector<uint8_t>* plain_;
  static std::vector<uint8_t>* barred_;
  static std::vector<uint8_t>* other_;
};
std::vector<uint8_t>* VpdqVideoTest::plain_ = nullptr;
std::vector<uint8_t>* VpdqVideoTest::barred_ = nullptr;
std::vector<uint8_t>* VpdqVideoTest::other_ = nullptr;

TEST_F(VpdqVideoTest, HashesEveryFrameOrOnePerSecond) {
  VideoDecodeOptions every;
  every.frames_per_second = 0;
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash all, HashVideo(*plain_, every));
  ASSERT_EQ(all.frames.size(), 60u);
  for (const VpdqFrame& f : all.frames) EXPECT_GE(f.quality, 50);
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash sampled,
                             HashVideo(*plain_, ExactVideoDecodeOptions()));
  ASSERT_EQ(sampled.frames.size(), 2u);
  // The sampled frames are exactly the every-frame hashes of frames 0, 30.
  EXPECT_EQ(sampled.frames[0], all.frames[0]);
  EXPECT_EQ(sampled.frames[1], all.frames[30]);
  EXPECT_TRUE(MatchVideos(sampled.frames, all.frames).query_percent == 100);
}

TEST_F(VpdqVideoTest, FileAndMemoryGiveTheSameHash) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/clip.mp4";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(plain_->data()),
             static_cast<std::streamsize>(plain_->size()));
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash a, HashVideo(*plain_));
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash b, HashVideoFile(path));
  EXPECT_EQ(a.frames, b.frames);
  EXPECT_THAT(HashVideoFile(dir.path() + "/none.mp4").status(),
              testing::StatusIs(StatusCode::kNotFound,
                                ::testing::HasSubstr("none.mp4")));
}

TEST_F(VpdqVideoTest, DifferentContentDoesNotMatch) {
  VideoDecodeOptions every;
  every.frames_per_second = 0;
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash a, HashVideo(*plain_, every));
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash b, HashVideo(*other_, every));
  const VpdqMatch m = MatchVideos(a.frames, b.frames);
  EXPECT_FALSE(m.matched);
  EXPECT_LT(m.query_percent, 20);
}

TEST_F(VpdqVideoTest, BarRemovalWinsBackLetterboxedCopies) {
  VideoDecodeOptions every;
  every.frames_per_second = 0;
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash original, HashVideo(*plain_, every));
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash barred, HashVideo(*barred_, every));
  VideoDecodeOptions crop = every;
  crop.remove_bars = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash cropped, HashVideo(*barred_, crop));
  const VpdqMatch before = MatchVideos(barred.frames, original.frames);
  const VpdqMatch after = MatchVideos(cropped.frames, original.frames);
  EXPECT_FALSE(cropped.info.crop.empty());
  EXPECT_TRUE(barred.info.crop.empty());
  EXPECT_TRUE(after.matched)
      << after.query_percent << "/" << after.target_percent << " crop "
      << cropped.info.crop.ToString();
  EXPECT_GT(after.query_percent, before.query_percent);
  // Removing bars from a video without bars changes nothing.
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash plain_cropped, HashVideo(*plain_, crop));
  EXPECT_TRUE(plain_cropped.info.crop.empty());
  EXPECT_EQ(plain_cropped.frames, original.frames);
}

}  // namespace
}  // namespace vigil
