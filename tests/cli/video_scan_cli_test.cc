// Copyright 2026 The Vigil Authors.
//
// End-to-end: video hash sets from the command line (`hashset create
// --types vpdq`, `hashset add NAME VIDEO`, `--vpdq-file` from `vigil hash
// --vpdq-out`) and `vigil scan` of videos, with the events it records.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/json_lines.h"
#include "testing/subprocess.h"
#include "video/synthetic_video.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::ByFileName;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::ReadFileOrEmpty;
using ::vigil::testing::RunProcess;
using ::vigil::testing::TempDir;

class VideoScanCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/db";
    uploads_ = dir_.path() + "/uploads";
    fs::create_directories(uploads_);
    spec_.frames = 90;  // 3 s at 30 fps
    spec_.seed = 4;
    clip_ = Write("clip.mp4", testing::EncodeSyntheticVideo(spec_));
    testing::SyntheticVideoSpec other = spec_;
    other.seed = 9;
    Write("other.mp4", testing::EncodeSyntheticVideo(other));
    std::vector<uint8_t> bytes = testing::EncodeSyntheticVideo(spec_);
    bytes.resize(bytes.size() / 4);
    Write("broken.mp4", bytes);
  }

  std::string Write(const std::string& name,
                    const std::vector<uint8_t>& bytes) {
    return WriteIn(uploads_, name, bytes);
  }

  // Writes `bytes` to DIR/NAME (DIR created) and returns the path.
  std::string WriteIn(const std::string& dir, const std::string& name,
                      const std::vector<uint8_t>& bytes) {
    EXPECT_FALSE(bytes.empty());
    fs::create_directories(dir);
    std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return path;
  }

  ProcessResult Vigil(std::vector<std::string> args) {
    args.insert(args.begin(), {BinaryPath("vigil"), "--db", db_});
    return RunProcess(args);
  }

  TempDir dir_;
  std::string db_, uploads_, clip_;
  testing::SyntheticVideoSpec spec_;
};

TEST_F(VideoScanCliTest, AddedVideoIsFoundWithSharesTimesAndAnEvent) {
  ProcessResult r =
      Vigil({"hashset", "create", "clips", "--types", "vpdq", "--action",
             "remove", "--video-query-percent", "70"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Vigil({"hashset", "add", "clips", clip_, "--external-id", "v-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json added = nlohmann::json::parse(r.out);
  EXPECT_EQ(added["added"], 1);
  EXPECT_EQ(added["signals"][0]["type"], "vpdq");
  EXPECT_EQ(added["signals"][0]["frames"], 3);  // 1 per second of 3 s
  r = Vigil({"hashset", "show", "clips"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json shown = nlohmann::json::parse(r.out);
  EXPECT_EQ(shown["video_match_percent"]["query"], 70.0);
  EXPECT_EQ(shown["entries"]["vpdq"], 1);

  const std::string events = dir_.path() + "/events.jsonl";
  r = Vigil({"scan", "--progress", "never", "--events", events, uploads_});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // a match
  auto results = ByFileName(r.out);
  ASSERT_EQ(results.size(), 3u) << r.out;
  const nlohmann::json& clip = results["clip.mp4"];
  ASSERT_EQ(clip["status"], "match") << clip.dump();
  EXPECT_EQ(clip["media_type"], "video/mp4");
  EXPECT_EQ(clip["video"]["frames_hashed"], 3);
  const nlohmann::json& m = clip["matches"][0];
  EXPECT_EQ(m["signal_type"], "vpdq");
  EXPECT_EQ(m["external_id"], "v-1");
  EXPECT_EQ(m["action"], "remove");
  EXPECT_EQ(m["video"]["query_percent"], 100.0);
  EXPECT_EQ(m["video"]["target_percent"], 100.0);
  ASSERT_EQ(m["video"]["time_ranges"].size(), 1u);
  EXPECT_EQ(m["video"]["time_ranges"][0][0], 0.0);
  EXPECT_EQ(results["other.mp4"]["status"], "clean");
  EXPECT_EQ(results["other.mp4"]["video"]["frames_hashed"], 3);
  // A truncated upload is reported, never fatal.
  EXPECT_NE(results["broken.mp4"]["status"], "match");
  // One event, with the video details, in the sink.
  std::string sink = ReadFileOrEmpty(events);
  nlohmann::json event = nlohmann::json::parse(sink.substr(0, sink.find('\n')));
  EXPECT_EQ(event["match"]["signal_type"], "vpdq");
  EXPECT_EQ(event["match"]["video"]["target_frames"], 3);
  EXPECT_EQ(event["content"]["media_type"], "video/mp4");
  EXPECT_EQ(std::count(sink.begin(), sink.end(), '\n'), 1);
}

TEST_F(VideoScanCliTest, VpdqFileFromHashMatchesAReencodedCopy) {
  // A list partner sends the reference's text format; we compute it here
  // with `vigil hash --vpdq-out`, every frame.
  const std::string out = dir_.path() + "/vpdq";
  ProcessResult r =
      Vigil({"hash", "--video-fps", "0", "--vpdq-out", out, clip_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Vigil({"hashset", "create", "partner", "--types", "vpdq"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Vigil({"hashset", "add", "partner", "--vpdq-file", out + "/clip.txt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["signals"][0]["frames"], 90);
  testing::SyntheticVideoSpec copy = spec_;
  copy.container = "matroska";
  copy.gop = 30;
  const std::string copy_path =
      Write("copy.mkv", testing::EncodeSyntheticVideo(copy));
  r = Vigil({"scan", "--progress", "never", "--video-fps", "0", copy_path});
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  auto results = ByFileName(r.out);
  const nlohmann::json& m = results["copy.mkv"]["matches"][0];
  EXPECT_EQ(m["hashset"], "partner");
  EXPECT_GE(m["video"]["query_percent"].get<double>(), 80.0);
  EXPECT_GE(m["video"]["target_percent"].get<double>(), 80.0);
  // A malformed vPDQ file is refused with the line named.
  std::ofstream(dir_.path() + "/bad.txt") << "0,100,zz,0.0\n";
  r = Vigil(
      {"hashset", "add", "partner", "--vpdq-file", dir_.path() + "/bad.txt"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("line 1"));
}

TEST_F(VideoScanCliTest, HalfFramesWinBackACopyWithALogo) {
  ProcessResult r = Vigil({"hashset", "create", "plain", "--types", "vpdq"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Vigil({"hashset", "create", "halves", "--types", "vpdq"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Vigil({"hashset", "add", "plain", clip_, "--external-id", "v-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Vigil({"hashset", "add", "halves", clip_, "--half-frames",
             "--external-id", "v-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json added = nlohmann::json::parse(r.out);
  EXPECT_EQ(added["added"], 5);
  std::vector<std::string> regions;
  for (const auto& s : added["signals"]) {
    EXPECT_EQ(s["type"], "vpdq");
    EXPECT_EQ(s["frames"], 3);
    regions.push_back(s["region"]);
  }
  EXPECT_EQ(regions, (std::vector<std::string>{"whole", "top", "bottom", "left",
                                               "right"}));
  // The same clip with a logo over the middle of its top half.
  testing::SyntheticVideoSpec logo = spec_;
  logo.logo = true;
  const std::string logo_path = WriteIn(dir_.path() + "/logo", "logo.mp4",
                                        testing::EncodeSyntheticVideo(logo));
  const std::string events = dir_.path() + "/events.jsonl";
  r = Vigil({"scan", "--progress", "never", "--events", events, logo_path});
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  auto results = ByFileName(r.out);
  const nlohmann::json& result = results["logo.mp4"];
  ASSERT_EQ(result["matches"].size(), 1u) << result.dump();
  const nlohmann::json& m = result["matches"][0];
  EXPECT_EQ(m["hashset"], "halves");  // "plain" misses it
  EXPECT_EQ(m["video"]["region"], "bottom");
  EXPECT_EQ(m["video"]["query_percent"], 100.0);
  EXPECT_EQ(m["video"]["target_percent"], 100.0);
  std::string sink = ReadFileOrEmpty(events);
  nlohmann::json event = nlohmann::json::parse(sink.substr(0, sink.find('\n')));
  EXPECT_EQ(event["match"]["video"]["region"], "bottom");
  EXPECT_EQ(event["match"]["external_id"], "v-1");
  // The clip itself matches both sets with the whole frame.
  r = Vigil({"scan", "--progress", "never", clip_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  results = ByFileName(r.out);
  ASSERT_EQ(results["clip.mp4"]["matches"].size(), 2u);
  for (const auto& match : results["clip.mp4"]["matches"]) {
    EXPECT_EQ(match["video"]["region"], "whole");
  }
}

TEST_F(VideoScanCliTest, RemoveBarsMatchesACopyWithPillarboxBars) {
  // The list has the clip with pillarbox bars; the upload has none.
  testing::SyntheticVideoSpec barred = spec_;
  barred.bar_left = barred.bar_right = 48;
  const std::string barred_path =
      WriteIn(dir_.path() + "/known", "barred.mp4",
              testing::EncodeSyntheticVideo(barred));
  for (const char* set : {"as-is", "no-bars"}) {
    ProcessResult r = Vigil({"hashset", "create", set, "--types", "vpdq"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  ProcessResult r = Vigil({"hashset", "add", "as-is", barred_path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Vigil({"hashset", "add", "no-bars", barred_path, "--remove-bars"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Vigil({"scan", "--progress", "never", "--remove-bars", clip_});
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  auto results = ByFileName(r.out);
  const nlohmann::json& matches = results["clip.mp4"]["matches"];
  ASSERT_EQ(matches.size(), 1u) << r.out;  // the bars break "as-is"
  EXPECT_EQ(matches[0]["hashset"], "no-bars");
  EXPECT_EQ(matches[0]["video"]["query_percent"], 100.0);
  EXPECT_EQ(matches[0]["video"]["target_percent"], 100.0);
}

TEST_F(VideoScanCliTest, AddedAnimatedWebpMatchesTheVideoItWasMadeFrom) {
  // A known animated sticker goes into the list; the upload is the clip it
  // was cut from.
  const std::string sticker =
      WriteIn(dir_.path() + "/known", "sticker.webp",
              testing::EncodeSyntheticWebpAnimation(spec_));
  ProcessResult r =
      Vigil({"hashset", "create", "stickers", "--types", "pdq,vpdq"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Vigil({"hashset", "add", "stickers", sticker, "--external-id", "s-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json added = nlohmann::json::parse(r.out);
  std::vector<std::string> types;
  for (const auto& s : added["signals"]) types.push_back(s["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"pdq", "vpdq"}));
  EXPECT_EQ(added["signals"][1]["frames"], 3);  // 1 per second of 3 s
  r = Vigil({"scan", "--progress", "never", clip_});
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  auto results = ByFileName(r.out);
  ASSERT_EQ(results["clip.mp4"]["matches"].size(), 1u) << r.out;
  const nlohmann::json& m = results["clip.mp4"]["matches"][0];
  EXPECT_EQ(m["signal_type"], "vpdq");
  EXPECT_EQ(m["external_id"], "s-1");
  EXPECT_EQ(m["video"]["query_percent"], 100.0);
  EXPECT_EQ(m["video"]["target_percent"], 100.0);
}

TEST_F(VideoScanCliTest, NoVideoTreatsVideosAsOpaqueFiles) {
  ProcessResult r = Vigil({"hashset", "create", "clips", "--types", "vpdq"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Vigil({"scan", "--progress", "never", "--no-video", clip_});
  EXPECT_EQ(r.exit_code, 3) << r.err;  // not an image: an input error
  auto results = ByFileName(r.out);
  EXPECT_EQ(results["clip.mp4"]["status"], "error");
  EXPECT_FALSE(results["clip.mp4"].contains("video"));
}

}  // namespace
}  // namespace vigil
