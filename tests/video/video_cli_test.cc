// Copyright 2026 The Vigil Authors.
//
// `vigil hash` on videos: per-frame vPDQ output (JSON and text) and
// --vpdq-out files in the reference's text format.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "video/synthetic_video.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using ::vigil::testing::BinaryPath;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::RunProcess;
using ::vigil::testing::TempDir;

class VideoCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SyntheticVideoSpec spec;
    spec.frames = 60;
    bytes_ = testing::EncodeSyntheticVideo(spec);
    ASSERT_FALSE(bytes_.empty());
    path_ = dir_.path() + "/clip.mp4";
    std::ofstream(path_, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes_.data()),
               static_cast<std::streamsize>(bytes_.size()));
  }
  ProcessResult Vigil(std::vector<std::string> args) {
    args.insert(args.begin(), BinaryPath("vigil"));
    return RunProcess(args);
  }
  TempDir dir_;
  std::vector<uint8_t> bytes_;
  std::string path_;
};

TEST_F(VideoCliTest, HashPrintsPerFrameVpdqAsJson) {
  const ProcessResult r = Vigil({"hash", path_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["media_type"], "video/mp4");
  EXPECT_EQ(j["width"], 160);
  EXPECT_EQ(j["height"], 120);
  EXPECT_EQ(j["md5"].get<std::string>().size(), 32u);
  EXPECT_EQ(j["video"]["frame_interval"], 30);
  ASSERT_EQ(j["vpdq"].size(), 2u);
  EXPECT_EQ(j["vpdq"][1]["frame"], 30);
  EXPECT_DOUBLE_EQ(j["vpdq"][1]["timestamp"].get<double>(), 1.0);
  // The same hashes as the library computes.
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash want, HashVideo(bytes_));
  EXPECT_EQ(j["vpdq"][1]["pdq"], want.frames[1].hash.ToHex());
  EXPECT_EQ(j["vpdq"][1]["quality"], want.frames[1].quality);
  EXPECT_FALSE(j.contains("error"));
}

TEST_F(VideoCliTest, VpdqOutWritesTheReferenceTextFormat) {
  const std::string out = dir_.path() + "/hashes";
  const ProcessResult r =
      Vigil({"hash", "--video-fps", "0", "--vpdq-out", out, path_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<VpdqFrame> frames,
                             ReadVpdqFile(out + "/clip.txt"));
  VideoDecodeOptions every;
  every.frames_per_second = 0;
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash want, HashVideo(bytes_, every));
  EXPECT_EQ(testing::ReadFileOrEmpty(out + "/clip.txt"),
            FormatVpdq(want.frames));
  EXPECT_EQ(frames.size(), 60u);
}

TEST_F(VideoCliTest, TextFormatHasOneLinePerFrame) {
  const ProcessResult r = Vigil({"hash", "--format", "text", path_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash want, HashVideo(bytes_));
  const std::string first = want.frames[0].hash.ToHex() + "," +
                            std::to_string(want.frames[0].quality) + "," +
                            path_ + ",0,0.000\n";
  EXPECT_EQ(r.out.substr(0, first.size()), first);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
}

TEST_F(VideoCliTest, BrokenVideoIsAPerFileError) {
  const std::string broken = dir_.path() + "/broken.mp4";
  std::ofstream(broken, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes_.data()),
             static_cast<std::streamsize>(bytes_.size() / 2));
  const ProcessResult r = Vigil({"hash", broken, path_});
  EXPECT_NE(r.exit_code, 0);
  const size_t newline = r.out.find('\n');
  ASSERT_NE(newline, std::string::npos) << r.out;
  const nlohmann::json first = nlohmann::json::parse(r.out.substr(0, newline));
  EXPECT_EQ(first["error"]["code"], "corrupt_input") << first.dump();
  EXPECT_EQ(first["md5"].get<std::string>().size(), 32u);
  const nlohmann::json second = nlohmann::json::parse(r.out.substr(newline));
  EXPECT_FALSE(second.contains("error"));
}

TEST_F(VideoCliTest, RemoveBarsIsRecorded) {
  const ProcessResult r = Vigil({"hash", "--remove-bars", path_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["bars_removed"], "0,0,0,0");
}

}  // namespace
}  // namespace vigil
