// Copyright 2026 The Vigil Authors.
//
// Scanning against half-frame vPDQ entries (vigil/vpdq.h): a video with a
// logo over its top half misses the whole-frame entry of its original but
// matches the original's bottom half; unrelated videos match no half; and
// on the conformance samples the large-logo variants are won back without
// any match across different content.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
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

using ::vigil::testing::EncodeSyntheticVideo;
using ::vigil::testing::FindMatch;
using ::vigil::testing::OpenEngine;
using ::vigil::testing::SyntheticVideoSpec;
using ::vigil::testing::TempDir;

// The whole-frame signal of `video`, and with `halves` its four halves.
std::vector<Signal> VideoSignals(const VideoHash& video, bool halves) {
  std::vector<Signal> out;
  Result<Signal> whole = EncodeVpdqSignal(video.frames);
  EXPECT_TRUE(whole.ok()) << whole.status();
  if (whole.ok()) out.push_back(*whole);
  if (!halves) return out;
  for (FrameRegion half : kFrameHalves) {
    Result<Signal> s = EncodeVpdqSignal(video.FramesOf(half), half);
    EXPECT_TRUE(s.ok()) << s.status();
    if (s.ok()) out.push_back(*s);
  }
  return out;
}

void CreateVideoSet(Engine& engine, const std::string& name) {
  HashsetConfig c;
  c.name = name;
  c.signal_types = {SignalType::kVpdq};
  VIGIL_ASSERT_OK(engine.store().CreateHashset(c, {"test", ""}).status());
}

class HalfFrameScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/db";
    spec_.frames = 150;
    spec_.seed = 3;
    logo_spec_ = spec_;
    logo_spec_.logo = true;
    original_ = EncodeSyntheticVideo(spec_);
    with_logo_ = EncodeSyntheticVideo(logo_spec_);
    ASSERT_FALSE(original_.empty());
    ASSERT_FALSE(with_logo_.empty());
    options_.video.frames_per_second = 0;  // every frame
    VideoDecodeOptions hashing = options_.video;
    hashing.half_frame_hashes = true;
    VIGIL_ASSERT_OK_AND_ASSIGN(original_hash_, HashVideo(original_, hashing));
    std::unique_ptr<Engine> engine = OpenEngine(db_);
    ASSERT_NE(engine, nullptr);
    CreateVideoSet(*engine, "whole");
    CreateVideoSet(*engine, "halves");
    VIGIL_ASSERT_OK(engine->store()
                        .AddEntry("whole", VideoSignals(original_hash_, false),
                                  {"orig", "", "", "test"})
                        .status());
    VIGIL_ASSERT_OK(engine->store()
                        .AddEntry("halves", VideoSignals(original_hash_, true),
                                  {"orig", "", "", "test"})
                        .status());
  }

  TempDir dir_;
  std::string db_;
  SyntheticVideoSpec spec_, logo_spec_;
  std::vector<uint8_t> original_, with_logo_;
  VideoHash original_hash_;
  EngineOptions options_;
};

TEST_F(HalfFrameScanTest, LogoOverTheTopHalfMatchesTheBottomHalfOnly) {
  std::unique_ptr<Engine> engine = OpenEngine(db_, options_);
  ASSERT_NE(engine, nullptr);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             engine->ScanBytes(with_logo_, {"logo", "test"}));
  ASSERT_TRUE(r.video.has_value()) << r.error;
  // The engine hashed the halves because a loaded entry has halves.
  EXPECT_EQ(r.video->FramesOf(FrameRegion::kBottom).size(),
            r.video->frames.size());
  // Plain vPDQ misses the copy with a logo.
  const VpdqMatch whole = MatchVideos(r.video->frames, original_hash_.frames);
  EXPECT_FALSE(whole.matched) << whole.query_percent;
  EXPECT_EQ(FindMatch(r, "whole"), nullptr);
  // Its bottom half is untouched and matches.
  const ScanMatch* m = FindMatch(r, "halves");
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->match.video.has_value());
  EXPECT_EQ(m->match.video->region, "bottom");
  EXPECT_GE(m->match.video->query_percent, 80.0);
  EXPECT_GE(m->match.video->target_percent, 80.0);
  EXPECT_EQ(m->match.external_id, "orig");
  std::printf("[ halves ] logo copy: whole-frame share %.1f%%, bottom %.1f%%\n",
              whole.query_percent, m->match.video->query_percent);
  EXPECT_FALSE(r.event_ids.empty());
}

TEST_F(HalfFrameScanTest, TheOriginalMatchesWholeAndUnrelatedVideosNothing) {
  std::unique_ptr<Engine> engine = OpenEngine(db_, options_);
  ASSERT_NE(engine, nullptr);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult same,
                             engine->ScanBytes(original_, {"same", "test"}));
  const ScanMatch* m = FindMatch(same, "halves");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->match.video->region, "whole");  // whole wins ties
  ASSERT_NE(FindMatch(same, "whole"), nullptr);
  EXPECT_EQ(FindMatch(same, "whole")->match.video->region, "whole");
  for (int seed : {5, 11}) {
    SyntheticVideoSpec other = spec_;
    other.seed = seed;
    other.logo = seed == 11;
    std::vector<uint8_t> bytes = EncodeSyntheticVideo(other);
    VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                               engine->ScanBytes(bytes, {"other", "test"}));
    EXPECT_EQ(r.status, ScanStatus::kClean) << "seed " << seed;
    EXPECT_TRUE(r.matches.empty()) << "seed " << seed;
  }
}

TEST_F(HalfFrameScanTest, NoHalvesAreHashedWithoutHalfEntries) {
  std::unique_ptr<Engine> engine = OpenEngine(db_, [this] {
    EngineOptions o = options_;
    o.hashsets = {"whole"};
    return o;
  }());
  ASSERT_NE(engine, nullptr);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             engine->ScanBytes(with_logo_, {"logo", "test"}));
  ASSERT_TRUE(r.video.has_value());
  for (FrameRegion half : kFrameHalves) {
    EXPECT_TRUE(r.video->FramesOf(half).empty());
  }
  EXPECT_TRUE(r.matches.empty());
}

// Half-frame entries added while the engine runs: a video seen before (in
// the dedup cache without halves) is hashed again and matched by halves.
TEST_F(HalfFrameScanTest, HalvesAddedLaterReachVideosSeenBefore) {
  const std::string db = dir_.path() + "/db2";
  std::unique_ptr<Engine> engine = OpenEngine(db, options_);
  ASSERT_NE(engine, nullptr);
  CreateVideoSet(*engine, "late");
  VIGIL_ASSERT_OK(engine->store()
                      .AddEntry("late", VideoSignals(original_hash_, false),
                                {"orig", "", "", "test"})
                      .status());
  VIGIL_ASSERT_OK(engine->Refresh());
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult first,
                             engine->ScanBytes(with_logo_, {"a", "test"}));
  EXPECT_TRUE(first.matches.empty());
  ASSERT_TRUE(first.video.has_value());
  EXPECT_TRUE(first.video->FramesOf(FrameRegion::kTop).empty());
  VIGIL_ASSERT_OK(engine->store()
                      .AddEntry("late", VideoSignals(original_hash_, true),
                                {"orig", "", "", "test"})
                      .status());
  VIGIL_ASSERT_OK(engine->Refresh());
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult again,
                             engine->ScanBytes(with_logo_, {"b", "test"}));
  EXPECT_FALSE(again.cached);
  const ScanMatch* m = FindMatch(again, "late");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->match.video->region, "bottom");
  // Now cached with its halves.
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult third,
                             engine->ScanBytes(with_logo_, {"c", "test"}));
  EXPECT_TRUE(third.cached);
  EXPECT_NE(FindMatch(third, "late"), nullptr);
}

// The conformance samples at the defaults `vigil scan` uses (1 frame per
// second). Each video is an entry (whole + halves, hashed exactly as
// `vigil hashset add --half-frames` does) in a set of its own.
TEST(HalfFrameConformanceTest, LargeLogoVariantsAreWonBackWithoutFalseMatches) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(conformance);
  const std::filesystem::path videos =
      std::filesystem::path(conformance) / "vpdq" / "videos";
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(videos)) {
    names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  ASSERT_GE(names.size(), 5u);
  TempDir dir;
  const std::string db = dir.path() + "/db";
  std::map<std::string, VideoHash> stored;
  {
    std::unique_ptr<Engine> engine = OpenEngine(db);
    ASSERT_NE(engine, nullptr);
    VideoDecodeOptions exact = ExactVideoDecodeOptions();
    exact.half_frame_hashes = true;
    for (const std::string& name : names) {
      VIGIL_ASSERT_OK_AND_ASSIGN(
          stored[name],
          HashVideoFile((videos / (name + ".mp4")).string(), exact));
      CreateVideoSet(*engine, name);
      VIGIL_ASSERT_OK(engine->store()
                          .AddEntry(name, VideoSignals(stored[name], true),
                                    {name, "", "", "test"})
                          .status());
    }
  }
  EngineOptions options;
  options.read_only = true;
  std::unique_ptr<Engine> engine = OpenEngine(db, options);
  ASSERT_NE(engine, nullptr);
  auto content = [](const std::string& name) {
    return name.substr(0, name.find('-'));  // chair, pattern, doorknob
  };
  std::map<std::pair<std::string, std::string>, const ScanMatch*> found;
  std::vector<ScanResult> results;
  results.reserve(names.size());
  for (const std::string& query : names) {
    VIGIL_ASSERT_OK_AND_ASSIGN(
        ScanResult r, engine->ScanFile((videos / (query + ".mp4")).string()));
    ASSERT_TRUE(r.video.has_value()) << query << ": " << r.error;
    results.push_back(std::move(r));
    for (const ScanMatch& m : results.back().matches) {
      found[{query, m.match.hashset}] = &m;
      SCOPED_TRACE(query + " vs " + m.match.hashset);
      EXPECT_EQ(content(query), content(m.match.hashset))
          << "matched different content, region " << m.match.video->region;
    }
    // Every video matches its own entry with the whole frame.
    auto own = found.find(std::pair{query, query});
    ASSERT_NE(own, found.end()) << query;
    EXPECT_EQ(own->second->match.video->region, "whole") << query;
  }
  // The large-logo variants against their originals: plain vPDQ misses
  // them (the reference: ~10%), the bottom half wins them back.
  const std::vector<std::pair<std::string, std::string>> logo_pairs = {
      {"chair-22-with-large-logo-bar", "chair-orig-22-sd-bar"},
      {"chair-22-with-large-logo-bar", "chair-22-sd-grey-bar"},
      {"pattern-sd-with-large-logo-bar", "pattern-sd-grey-bar"}};
  for (const auto& [logo, original] : logo_pairs) {
    if (!stored.count(logo) || !stored.count(original)) continue;
    SCOPED_TRACE(logo + " vs " + original);
    const VpdqMatch before =
        MatchVideos(stored[logo].frames, stored[original].frames);
    EXPECT_FALSE(before.matched);
    for (const auto& [query, target] :
         {std::pair{logo, original}, std::pair{original, logo}}) {
      auto it = found.find({query, target});
      ASSERT_NE(it, found.end()) << query << " did not match " << target;
      const EventVideoMatch& v = *it->second->match.video;
      EXPECT_NE(v.region, "whole");
      EXPECT_GE(v.query_percent, 80.0);
      EXPECT_GE(v.target_percent, 80.0);
      std::printf(
          "[ halves ] %s vs %s: whole frame %.0f%% / %.0f%%, %s half "
          "%.0f%% / %.0f%%\n",
          query.c_str(), target.c_str(),
          query == logo ? before.query_percent : before.target_percent,
          query == logo ? before.target_percent : before.query_percent,
          v.region.c_str(), v.query_percent, v.target_percent);
    }
  }
  std::printf("[ halves ] %zu matched pairs of %zu, none across content\n",
              found.size(), names.size() * names.size());
}

// Bars and a logo together: the letterboxed large-logo pattern against the
// HD original without bars, every frame (as the reference's matrix).
TEST(HalfFrameConformanceTest, BarRemovalAndHalvesTogetherWinBackTheLogoCopy) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(conformance);
  const std::filesystem::path videos =
      std::filesystem::path(conformance) / "vpdq" / "videos";
  VideoDecodeOptions options = ExactVideoDecodeOptions();
  options.frames_per_second = 0;
  options.half_frame_hashes = true;
  options.remove_bars = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(
      VideoHash logo,
      HashVideoFile((videos / "pattern-sd-with-large-logo-bar.mp4").string(),
                    options));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      VideoHash original,
      HashVideoFile((videos / "pattern-hd-no-bar.mp4").string(), options));
  EXPECT_GT(logo.info.crop.left, 0);  // the bars were found
  const VpdqMatch whole = MatchVideos(logo.frames, original.frames);
  EXPECT_FALSE(whole.matched);
  const VpdqMatch bottom = MatchVideos(logo.FramesOf(FrameRegion::kBottom),
                                       original.FramesOf(FrameRegion::kBottom));
  EXPECT_TRUE(bottom.matched)
      << bottom.query_percent << " / " << bottom.target_percent;
  std::printf(
      "[ halves ] pattern-sd-with-large-logo-bar vs pattern-hd-no-bar, every "
      "frame, bars removed: whole %.1f%% / %.1f%%, bottom %.1f%% / %.1f%%\n",
      whole.query_percent, whole.target_percent, bottom.query_percent,
      bottom.target_percent);
}

}  // namespace
}  // namespace vigil
