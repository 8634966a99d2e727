// Copyright 2026 The Vigil Authors.
//
// Scanning videos with the Engine: vPDQ entries (whole videos) and image
// PDQ entries (a known image inside a video), events with shares and time
// ranges, broken videos, large videos streamed from their path, and the
// engine's index-based vPDQ matching against the brute-force MatchVideos()
// on the conformance videos.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/scan_testing.h"
#include "testing/conformance.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "video/synthetic_video.h"
#include "vigil/engine.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::EncodeSyntheticVideo;
using ::vigil::testing::FindMatch;
using ::vigil::testing::OpenEngine;
using ::vigil::testing::SyntheticVideoSpec;
using ::vigil::testing::TempDir;

void WriteFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

EngineOptions EveryFrame() {
  EngineOptions options;
  options.video.frames_per_second = 0;
  return options;
}

class VideoScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/db";
    known_spec_.frames = 150;  // 5 s at 30 fps
    known_spec_.seed = 3;
    known_ = EncodeSyntheticVideo(known_spec_);
    ASSERT_FALSE(known_.empty());
    std::unique_ptr<Engine> engine = OpenEngine(db_);
    ASSERT_NE(engine, nullptr);
    HashsetStore& store = engine->store();
    HashsetConfig videos;
    videos.name = "videos";
    videos.signal_types = {SignalType::kVpdq, SignalType::kSha256};
    videos.action = HashsetAction::kRemove;
    VIGIL_ASSERT_OK(store.CreateHashset(videos, {"test", ""}).status());
    // The entry holds every frame; so do the scans that compare against it
    // (the synthetic pattern moves fast, so 1-per-second samples of two
    // encodings need not show the same pictures).
    VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash vh,
                               HashVideo(known_, EveryFrame().video));
    ASSERT_EQ(vh.frames.size(), 150u);
    VIGIL_ASSERT_OK_AND_ASSIGN(Signal vpdq, EncodeVpdqSignal(vh.frames));
    Signal sha256 = ComputeDigests(known_).ToSignals()[2];  // md5, sha1, sha256
    ASSERT_EQ(sha256.type, SignalType::kSha256);
    VIGIL_ASSERT_OK(store
                        .AddEntry("videos", std::vector<Signal>{vpdq, sha256},
                                  {"vid-1", "cat-v", "", "test"})
                        .status());
    // An image set holding one frame of a different video: frame 60 (2 s)
    // of the seed-5 pattern, hashed as a still image.
    HashsetConfig images;
    images.name = "images";
    images.signal_types = {SignalType::kPdq};
    VIGIL_ASSERT_OK(store.CreateHashset(images, {"test", ""}).status());
    still_spec_.frames = 150;
    still_spec_.seed = 5;
    std::vector<uint8_t> frame =
        ::vigil::testing::DrawSyntheticFrame(still_spec_, 60);
    MediaHasher hasher;
    VIGIL_ASSERT_OK_AND_ASSIGN(
        MediaHashes still,
        hasher.HashRgb(frame, still_spec_.width, still_spec_.height,
                       static_cast<size_t>(still_spec_.width) * 3));
    ASSERT_TRUE(still.pdq.has_value());
    Signal pdq{SignalType::kPdq,
               {still.pdq->hash.bytes.begin(), still.pdq->hash.bytes.end()},
               still.pdq->quality};
    VIGIL_ASSERT_OK(store
                        .AddEntry("images", std::vector<Signal>{pdq},
                                  {"img-1", "", "", "test"})
                        .status());
  }

  TempDir dir_;
  std::string db_;
  SyntheticVideoSpec known_spec_, still_spec_;
  std::vector<uint8_t> known_;
};

TEST_F(VideoScanTest, ReencodedCopyMatchesTheVideoEntry) {
  // The same content in another container with another GOP: different
  // bytes, same pictures.
  SyntheticVideoSpec copy = known_spec_;
  copy.container = "matroska";
  copy.gop = 25;
  copy.b_frames = 0;
  std::vector<uint8_t> bytes = EncodeSyntheticVideo(copy);
  ASSERT_FALSE(bytes.empty());
  std::unique_ptr<Engine> engine = OpenEngine(db_, EveryFrame());
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             engine->ScanBytes(bytes, {"upload-1", "test"}));
  ASSERT_TRUE(r.video.has_value());
  ASSERT_EQ(r.status, ScanStatus::kMatch) << r.error;
  const ScanMatch* m = FindMatch(r, "videos");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->match.signal_type, SignalType::kVpdq);
  EXPECT_EQ(m->action, HashsetAction::kRemove);
  EXPECT_EQ(m->match.external_id, "vid-1");
  EXPECT_EQ(m->match.category, "cat-v");
  ASSERT_TRUE(m->match.video.has_value());
  const EventVideoMatch& v = *m->match.video;
  EXPECT_GE(v.query_percent, 80);
  EXPECT_GE(v.target_percent, 80);
  EXPECT_GT(v.target_frames, 0);
  ASSERT_FALSE(v.time_ranges.empty());
  EXPECT_LE(v.time_ranges.front().first, v.time_ranges.back().second);
  // Equal to the brute-force reference rule.
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash target,
                             HashVideo(known_, EveryFrame().video));
  VpdqMatch want = MatchVideos(r.video->frames, target.frames);
  EXPECT_EQ(v.query_matched, want.query_matched);
  EXPECT_EQ(v.query_frames, want.query_frames);
  EXPECT_EQ(v.target_matched, want.target_matched);
  EXPECT_EQ(v.target_frames, want.target_frames);
  // The event carries the video details, and reads back equal.
  ASSERT_EQ(r.event_ids.size(), 1u);
  VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<OutboxEvent> events,
                             engine->ListEvents("", 0));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event.content.media_type, "video/x-matroska");
  ASSERT_TRUE(events[0].event.match.video.has_value());
  EXPECT_EQ(*events[0].event.match.video, v);
  VIGIL_ASSERT_OK_AND_ASSIGN(TakedownEvent back,
                             TakedownEvent::FromJson(events[0].event.ToJson()));
  EXPECT_EQ(back.match.video, events[0].event.match.video);
}

TEST_F(VideoScanTest, OtherContentIsClean) {
  SyntheticVideoSpec other = known_spec_;
  other.seed = 11;
  std::vector<uint8_t> bytes = EncodeSyntheticVideo(other);
  std::unique_ptr<Engine> engine = OpenEngine(db_);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             engine->ScanBytes(bytes, {"upload-2", "test"}));
  EXPECT_EQ(r.status, ScanStatus::kClean) << r.error;
  EXPECT_TRUE(r.matches.empty());
  ASSERT_TRUE(r.video.has_value());
  EXPECT_EQ(r.video->frames.size(), 5u);  // 1 frame per second of 5 s
  EXPECT_EQ(r.hashes.media_type, MediaType::kMp4);
}

TEST_F(VideoScanTest, KnownImageInsideAVideoIsReportedWithItsTime) {
  std::vector<uint8_t> bytes = EncodeSyntheticVideo(still_spec_);
  ASSERT_FALSE(bytes.empty());
  std::unique_ptr<Engine> engine = OpenEngine(db_, EveryFrame());
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             engine->ScanBytes(bytes, {"upload-3", "test"}));
  ASSERT_EQ(r.status, ScanStatus::kMatch) << r.error;
  const ScanMatch* m = FindMatch(r, "images");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(FindMatch(r, "videos"), nullptr);
  EXPECT_EQ(m->match.signal_type, SignalType::kPdq);
  EXPECT_EQ(m->match.external_id, "img-1");
  ASSERT_TRUE(m->match.video.has_value());
  const EventVideoMatch& v = *m->match.video;
  EXPECT_EQ(v.query_frames, 150);
  EXPECT_GE(v.query_matched, 1);
  EXPECT_LT(v.query_matched, 150);  // the pattern moves: not every frame
  // Frame 60 is at 2.0 s; the best frame and a range are around it.
  EXPECT_NEAR(v.best_timestamp, 2.0, 0.5);
  bool covered = false;
  for (const auto& [first, last] : v.time_ranges) {
    EXPECT_LE(first, last);
    covered = covered || (first <= 2.0 + 1e-9 && 2.0 <= last + 1e-9);
  }
  EXPECT_TRUE(covered);
}

TEST_F(VideoScanTest, LaterFramesOfAnimatedGifsAndWebpsAreMatched) {
  SyntheticVideoSpec spec = still_spec_;
  spec.frames = 90;
  spec.fps = 30;
  spec.container = "gif";
  // GIF through FFmpeg; animated WebP through libwebp.
  for (MediaType type : {MediaType::kGif, MediaType::kWebp}) {
    SCOPED_TRACE(MediaTypeMime(type));
    std::vector<uint8_t> bytes =
        type == MediaType::kGif
            ? EncodeSyntheticVideo(spec)
            : ::vigil::testing::EncodeSyntheticWebpAnimation(spec);
    ASSERT_FALSE(bytes.empty());
    std::unique_ptr<Engine> engine = OpenEngine(db_, EveryFrame());
    VIGIL_ASSERT_OK_AND_ASSIGN(
        ScanResult r, engine->ScanBytes(bytes, {"upload-anim", "test"}));
    EXPECT_EQ(r.hashes.media_type, type);
    ASSERT_TRUE(r.hashes.pdq.has_value());  // the first frame, as an image
    ASSERT_TRUE(r.video.has_value());
    EXPECT_EQ(r.video->frames.size(), 90u);
    ASSERT_EQ(r.status, ScanStatus::kMatch) << r.error;
    const ScanMatch* m = FindMatch(r, "images");
    ASSERT_NE(m, nullptr);
    ASSERT_TRUE(m->match.video.has_value());
    EXPECT_GT(m->match.video->best_timestamp, 1.0);  // not the first frame
    // Without video decoding only the first frame counts: no match.
    EngineOptions off = EveryFrame();
    off.scan_videos = false;
    engine.reset();
    engine = OpenEngine(db_, off);
    VIGIL_ASSERT_OK_AND_ASSIGN(r, engine->ScanBytes(bytes, {"anim-2", "test"}));
    EXPECT_EQ(r.status, ScanStatus::kClean);
  }
}

// A sticker made from a known video: the animated WebP's frames match the
// video's vPDQ entry (made from the MP4).
TEST_F(VideoScanTest, AnimatedWebpOfAKnownVideoMatchesItsVpdqEntry) {
  std::vector<uint8_t> bytes =
      ::vigil::testing::EncodeSyntheticWebpAnimation(known_spec_);
  ASSERT_FALSE(bytes.empty());
  std::unique_ptr<Engine> engine = OpenEngine(db_, EveryFrame());
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             engine->ScanBytes(bytes, {"sticker", "test"}));
  ASSERT_TRUE(r.video.has_value()) << r.error;
  const ScanMatch* m = FindMatch(r, "videos");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->match.signal_type, SignalType::kVpdq);
  EXPECT_GE(m->match.video->query_percent, 80.0);
  EXPECT_GE(m->match.video->target_percent, 80.0);
  EXPECT_EQ(m->match.external_id, "vid-1");
}

TEST_F(VideoScanTest, BrokenVideosAreErrorsAndTheStreamGoesOn) {
  std::vector<uint8_t> truncated(known_.begin(),
                                 known_.begin() + known_.size() / 3);
  std::vector<uint8_t> garbage = known_;
  for (size_t i = 64; i < garbage.size(); i += 7) garbage[i] ^= 0x5a;
  SyntheticVideoSpec clean_spec = known_spec_;
  clean_spec.seed = 12;
  std::vector<std::vector<uint8_t>> inputs = {
      truncated, garbage, EncodeSyntheticVideo(clean_spec), known_};
  std::unique_ptr<Engine> engine = OpenEngine(db_);
  size_t next = 0;
  std::vector<ScanResult> results;
  VIGIL_ASSERT_OK(engine->ScanStream(
      [&](ScanInput* in) {
        if (next == inputs.size()) return false;
        in->bytes = inputs[next];
        in->content.id = "input-" + std::to_string(next++);
        return true;
      },
      [&](ScanResult&& r) { results.push_back(std::move(r)); }));
  ASSERT_EQ(results.size(), 4u);
  // A truncated MP4 either fails to open or yields the frames before the
  // cut; either way it is reported, never a crash.
  for (size_t i = 0; i < 2; ++i) {
    if (results[i].status == ScanStatus::kError) {
      EXPECT_FALSE(results[i].error.ok());
      EXPECT_FALSE(results[i].video.has_value());
    }
  }
  EXPECT_EQ(results[2].status, ScanStatus::kClean);
  EXPECT_EQ(results[3].status, ScanStatus::kMatch);  // exact bytes: sha256
  EXPECT_NE(FindMatch(results[3], "videos"), nullptr);
}

TEST_F(VideoScanTest, VideosOverTheImageLimitAreStreamedFromTheirPath) {
  const std::string path = dir_.path() + "/known.mp4";
  WriteFile(path, known_);
  EngineOptions small;
  small.hash.limits.max_file_bytes = 1000;  // far below the video's size
  std::unique_ptr<Engine> engine = OpenEngine(db_, small);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r, engine->ScanFile(path));
  ASSERT_EQ(r.status, ScanStatus::kMatch) << r.error;
  EXPECT_EQ(r.hashes.bytes, known_.size());
  EXPECT_EQ(r.hashes.digests.sha256, ComputeDigests(known_).sha256);
  EXPECT_NE(FindMatch(r, "videos"), nullptr);
  // Over the video limit as well: a clear per-file error.
  engine.reset();
  small.video.limits.max_file_bytes = 2000;
  engine = OpenEngine(db_, small);
  VIGIL_ASSERT_OK_AND_ASSIGN(r, engine->ScanFile(path));
  EXPECT_EQ(r.status, ScanStatus::kError);
  EXPECT_EQ(r.error.code(), StatusCode::kLimitExceeded);
}

TEST_F(VideoScanTest, NoVideoOptionMatchesDigestsOnly) {
  EngineOptions off;
  off.scan_videos = false;
  std::unique_ptr<Engine> engine = OpenEngine(db_, off);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             engine->ScanBytes(known_, {"upload-4", "test"}));
  EXPECT_FALSE(r.video.has_value());
  ASSERT_EQ(r.status, ScanStatus::kMatch);
  const ScanMatch* m = FindMatch(r, "videos");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->match.signal_type, SignalType::kSha256);
}

TEST_F(VideoScanTest, RescanUsesTheCacheAndKeepsTheVideoMatch) {
  std::unique_ptr<Engine> engine = OpenEngine(db_, EveryFrame());
  SyntheticVideoSpec copy = known_spec_;
  copy.gop = 30;
  std::vector<uint8_t> bytes = EncodeSyntheticVideo(copy);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult a, engine->ScanBytes(bytes, {"a", ""}));
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult b, engine->ScanBytes(bytes, {"b", ""}));
  EXPECT_FALSE(a.cached);
  EXPECT_TRUE(b.cached);
  ASSERT_TRUE(b.video.has_value());
  EXPECT_EQ(a.video->frames, b.video->frames);
  ASSERT_EQ(a.matches.size(), b.matches.size());
  ASSERT_FALSE(b.matches.empty());
  EXPECT_EQ(a.matches[0].match.video, b.matches[0].match.video);
}

// The engine's vPDQ matching equals the brute-force reference rule on the
// conformance videos: each video's every-frame hash from Meta's reference
// (expected_local_ffmpeg) is an entry in a set of its own; each video,
// scanned with every frame hashed, gets exactly the shares MatchVideos()
// computes against every entry.
TEST(VideoScanConformanceTest, EngineSharesEqualMatchVideosOnEveryPair) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(conformance);
  const std::filesystem::path root =
      std::filesystem::path(conformance) / "vpdq";
  std::vector<std::string> names;
  for (const auto& e :
       std::filesystem::directory_iterator(root / "expected_local_ffmpeg")) {
    names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  ASSERT_GE(names.size(), 5u);
  TempDir dir;
  const std::string db = dir.path() + "/db";
  std::map<std::string, std::vector<VpdqFrame>> reference;
  {
    std::unique_ptr<Engine> engine = OpenEngine(db);
    ASSERT_NE(engine, nullptr);
    for (size_t i = 0; i < names.size(); ++i) {
      HashsetConfig c;
      c.name = "set-" + std::to_string(i);
      c.signal_types = {SignalType::kVpdq};
      VIGIL_ASSERT_OK(engine->store().CreateHashset(c, {"test", ""}).status());
      VIGIL_ASSERT_OK_AND_ASSIGN(
          reference[names[i]],
          ReadVpdqFile(
              (root / "expected_local_ffmpeg" / (names[i] + ".txt")).string()));
      VIGIL_ASSERT_OK_AND_ASSIGN(Signal s,
                                 EncodeVpdqSignal(reference[names[i]]));
      VIGIL_ASSERT_OK(engine->store()
                          .AddEntry(c.name, std::vector<Signal>{s},
                                    {names[i], "", "", "test"})
                          .status());
    }
  }
  EngineOptions options;
  options.video.frames_per_second = 0;  // every frame, as the reference
  options.read_only = true;
  std::unique_ptr<Engine> engine = OpenEngine(db, options);
  ASSERT_NE(engine, nullptr);
  int matched_pairs = 0;
  for (const std::string& query : names) {
    VIGIL_ASSERT_OK_AND_ASSIGN(
        ScanResult r,
        engine->ScanFile((root / "videos" / (query + ".mp4")).string()));
    ASSERT_TRUE(r.video.has_value()) << query << ": " << r.error;
    for (size_t i = 0; i < names.size(); ++i) {
      VpdqMatch want = MatchVideos(r.video->frames, reference[names[i]]);
      const ScanMatch* got = FindMatch(r, "set-" + std::to_string(i));
      SCOPED_TRACE(query + " vs " + names[i]);
      ASSERT_EQ(got != nullptr, want.matched)
          << "reference shares " << want.query_percent << " / "
          << want.target_percent;
      if (got == nullptr) continue;
      ++matched_pairs;
      ASSERT_TRUE(got->match.video.has_value());
      EXPECT_EQ(got->match.external_id, names[i]);
      EXPECT_EQ(got->match.video->query_matched, want.query_matched);
      EXPECT_EQ(got->match.video->query_frames, want.query_frames);
      EXPECT_EQ(got->match.video->target_matched, want.target_matched);
      EXPECT_EQ(got->match.video->target_frames, want.target_frames);
    }
    // Every video matches its own reference hash.
    EXPECT_NE(
        FindMatch(r,
                  "set-" + std::to_string(std::distance(
                               names.begin(),
                               std::find(names.begin(), names.end(), query)))),
        nullptr)
        << query;
  }
  std::printf("[ vPDQ ] engine == MatchVideos on %zu pairs; %d matched\n",
              names.size() * names.size(), matched_pairs);
}

}  // namespace
}  // namespace vigil
