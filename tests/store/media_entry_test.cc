// Copyright 2026 The Vigil Authors.
//
// Hash and block in the library (vigil/media_entry.h): the signals stored
// for images, animations and videos, quality filtering with warnings as
// data, half frames, and files and bytes alike.

#include "vigil/media_entry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "video/synthetic_video.h"
#include "vigil/media_hasher.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

std::vector<SignalType> TypesOf(const std::vector<Signal>& signals) {
  std::vector<SignalType> out;
  for (const Signal& s : signals) out.push_back(s.type);
  return out;
}

class MediaEntryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = HashsetStore::Open(tmp_.path() + "/db", {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    Create("images", {SignalType::kMd5, SignalType::kPdq});
    Create("videos", {SignalType::kMd5, SignalType::kVpdq});
    Create("both", {SignalType::kPdq, SignalType::kVpdq});
    Create("vpdq-only", {SignalType::kVpdq});
    // A still with a high PDQ quality: a frame of the synthetic pattern.
    testing::SyntheticVideoSpec still;
    still.seed = 9;
    png_ = testing::EncodePng(testing::DrawSyntheticFrame(still, 0),
                              still.width, still.height, {});
    testing::SyntheticVideoSpec spec;
    spec.frames = 60;
    video_ = testing::EncodeSyntheticVideo(spec);
    spec.container = "gif";
    spec.seed = 5;
    gif_ = testing::EncodeSyntheticVideo(spec);
    ASSERT_FALSE(video_.empty());
    ASSERT_FALSE(gif_.empty());
  }
  void Create(const std::string& name, std::vector<SignalType> types) {
    HashsetConfig c;
    c.name = name;
    c.signal_types = std::move(types);
    VIGIL_ASSERT_OK(store_->CreateHashset(c, {"test", ""}).status());
  }
  std::string Write(const std::string& name,
                    const std::vector<uint8_t>& bytes) {
    return tmp_.WriteFile(name, std::string(bytes.begin(), bytes.end()));
  }

  TempDir tmp_;
  std::unique_ptr<HashsetStore> store_;
  std::vector<uint8_t> png_, video_, gif_;
};

TEST_F(MediaEntryTest, ImageStoresDigestsAndTheReferencePdq) {
  VIGIL_ASSERT_OK_AND_ASSIGN(
      AddMediaResult r,
      AddMediaEntry(
          *store_, "images", MediaSource::File(Write("a.png", png_)), {},
          {.external_id = "case-1", .category = "", .note = "", .actor = "t"}));
  EXPECT_THAT(TypesOf(r.signals),
              ElementsAre(SignalType::kMd5, SignalType::kPdq));
  EXPECT_EQ(r.result.added, 2u);
  EXPECT_TRUE(r.warnings.empty());
  HashOptions full;
  full.pdq_mode = PdqMode::kFullResolution;
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes want,
                             MediaHasher(full).HashBytes(png_));
  EXPECT_EQ(r.signals[1].ToHex(), want.pdq->hash.ToHex());
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset set, store_->GetHashset("images"));
  VIGIL_ASSERT_OK_AND_ASSIGN(Entry e, store_->GetEntry(set.id, r.signals[1]));
  EXPECT_EQ(e.external_id, "case-1");
  // Bytes give the same entry: nothing new.
  VIGIL_ASSERT_OK_AND_ASSIGN(
      AddMediaResult again,
      AddMediaEntry(*store_, "images", MediaSource::Bytes(png_), {}, {}));
  EXPECT_EQ(again.result.added, 0u);
  EXPECT_EQ(again.result.existing, 2u);
}

TEST_F(MediaEntryTest, LowQualityPdqIsLeftOutWithAWarning) {
  std::vector<uint8_t> flat(64 * 64 * 3, 128);
  std::vector<uint8_t> png = testing::EncodePng(flat, 64, 64, {});
  VIGIL_ASSERT_OK_AND_ASSIGN(
      AddMediaResult r,
      AddMediaEntry(*store_, "images", MediaSource::Bytes(png, "flat.png"), {},
                    {}));
  EXPECT_THAT(TypesOf(r.signals), ElementsAre(SignalType::kMd5));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_THAT(r.warnings[0], HasSubstr("flat.png: PDQ quality"));
}

TEST_F(MediaEntryTest, VideoStoresItsExactVpdqAndHalves) {
  AddMediaOptions options;
  options.half_frames = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      AddMediaResult r,
      AddMediaEntry(*store_, "videos",
                    MediaSource::File(Write("v.mp4", video_)), options, {}));
  ASSERT_EQ(r.signals.size(), 6u) << ::testing::PrintToString(r.warnings);
  EXPECT_EQ(r.signals[0].type, SignalType::kMd5);
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash want,
                             HashVideo(video_, ExactVideoDecodeOptions()));
  VIGIL_ASSERT_OK_AND_ASSIGN(Signal whole, EncodeVpdqSignal(want.frames));
  EXPECT_EQ(r.signals[1].bytes, whole.bytes);
  for (size_t i = 2; i < 6; ++i) {
    VIGIL_ASSERT_OK_AND_ASSIGN(FrameRegion region,
                               VpdqSignalRegion(r.signals[i].bytes));
    EXPECT_EQ(region, kFrameHalves[i - 2]);
  }
  EXPECT_EQ(r.result.added, 6u);
}

TEST_F(MediaEntryTest, VideoInASetWithoutVpdqKeepsItsDigestsOnly) {
  VIGIL_ASSERT_OK_AND_ASSIGN(
      AddMediaResult r, AddMediaEntry(*store_, "images",
                                      MediaSource::Bytes(video_, "v"), {}, {}));
  EXPECT_THAT(TypesOf(r.signals), ElementsAre(SignalType::kMd5));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_THAT(r.warnings[0], HasSubstr("has no vpdq type"));
}

TEST_F(MediaEntryTest, AnimatedGifStoresFirstFramePdqAndFramesVpdq) {
  VIGIL_ASSERT_OK_AND_ASSIGN(
      AddMediaResult r,
      AddMediaEntry(*store_, "both", MediaSource::Bytes(gif_), {}, {}));
  EXPECT_THAT(TypesOf(r.signals),
              ElementsAre(SignalType::kPdq, SignalType::kVpdq));
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash want,
                             HashVideo(gif_, ExactVideoDecodeOptions()));
  VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<VpdqFrame> got,
                             DecodeVpdqSignal(r.signals[1].bytes));
  ASSERT_EQ(got.size(), want.frames.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].hash, want.frames[i].hash);
  }
}

TEST_F(MediaEntryTest, NothingStorableIsAnErrorAndWritesNothing) {
  const uint64_t seq = store_->LastChangeSeq();
  EXPECT_THAT(
      AddMediaEntry(*store_, "vpdq-only", MediaSource::Bytes(png_), {}, {})
          .status(),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("no signal")));
  EXPECT_EQ(store_->LastChangeSeq(), seq);
  EXPECT_THAT(
      AddMediaEntry(*store_, "nope", MediaSource::Bytes(png_), {}, {}).status(),
      StatusIs(StatusCode::kNotFound, ::testing::_));
}

TEST_F(MediaEntryTest, UndecodableVideoFailsNamingTheMedia) {
  std::vector<uint8_t> broken(video_.begin(),
                              video_.begin() + video_.size() / 2);
  EXPECT_THAT(AddMediaEntry(*store_, "videos",
                            MediaSource::Bytes(broken, "cut.mp4"), {}, {})
                  .status(),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("cut.mp4")));
}

TEST_F(MediaEntryTest, ExtraSignalsJoinTheEntry) {
  AddMediaOptions options;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Signal extra, ParseSignal(SignalType::kMd5, std::string(32, 'a')));
  options.extra_signals.push_back(extra);
  VIGIL_ASSERT_OK_AND_ASSIGN(
      AddMediaResult r,
      AddMediaEntry(*store_, "images", MediaSource::Bytes(png_), options, {}));
  EXPECT_THAT(
      TypesOf(r.signals),
      ElementsAre(SignalType::kMd5, SignalType::kPdq, SignalType::kMd5));
  EXPECT_EQ(r.signals.back().ToHex(), std::string(32, 'a'));
}

}  // namespace
}  // namespace vigil
