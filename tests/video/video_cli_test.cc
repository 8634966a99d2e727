// Copyright 2026 The Vigil Authors.
//
// `vigil hash` on videos: per-frame vPDQ output (JSON and text) and
// --vpdq-out files in the reference's text format.

#include <gtest/gtest.h>

#include <algorithm>
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

TEST_F(VideoCliTest, HashStreamsAVideoOverTheImageLimit) {
  // As `vigil scan` does: a video larger than the image byte limit is
  // digested in chunks and decoded from its path, with the same hashes.
  ASSERT_GT(bytes_.size(), 1000u);
  const ProcessResult small =
      Vigil({"hash", "--max-image-bytes", "1000", path_});
  ASSERT_EQ(small.exit_code, 0) << small.err;
  const ProcessResult whole = Vigil({"hash", path_});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  const nlohmann::json j = nlohmann::json::parse(small.out);
  EXPECT_FALSE(j.contains("error")) << j.dump();
  EXPECT_EQ(j, nlohmann::json::parse(whole.out));
  EXPECT_EQ(j["bytes"], bytes_.size());
  EXPECT_EQ(j["vpdq"].size(), 2u);
  // Other inputs over the limit still fail, with their error.
  const std::string png = dir_.path() + "/big.gif";
  testing::SyntheticVideoSpec spec;
  spec.container = "gif";
  const std::vector<uint8_t> gif = testing::EncodeSyntheticVideo(spec);
  ASSERT_GT(gif.size(), 1000u);
  std::ofstream(png, std::ios::binary)
      .write(reinterpret_cast<const char*>(gif.data()),
             static_cast<std::streamsize>(gif.size()));
  const ProcessResult over = Vigil({"hash", "--max-image-bytes", "1000", png});
  EXPECT_NE(over.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(over.out)["error"]["code"], "limit_exceeded");
}

TEST_F(VideoCliTest, HashPrintsTheFramesOfAnAnimatedGif) {
  testing::SyntheticVideoSpec spec;
  spec.container = "gif";
  spec.frames = 60;
  const std::vector<uint8_t> gif = testing::EncodeSyntheticVideo(spec);
  ASSERT_FALSE(gif.empty());
  const std::string path = dir_.path() + "/anim.gif";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(gif.data()),
             static_cast<std::streamsize>(gif.size()));
  const ProcessResult r = Vigil({"hash", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["media_type"], "image/gif");
  EXPECT_TRUE(j.contains("pdq"));  // the first frame, as an image
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash want,
                             HashVideo(gif, ExactVideoDecodeOptions()));
  ASSERT_GT(want.frames.size(), 1u);
  ASSERT_EQ(j["vpdq"].size(), want.frames.size());
  for (size_t i = 0; i < want.frames.size(); ++i) {
    EXPECT_EQ(j["vpdq"][i]["pdq"], want.frames[i].hash.ToHex());
    EXPECT_EQ(j["vpdq"][i]["frame"], want.frames[i].frame_number);
  }
  EXPECT_EQ(j["video"]["frames_hashed"], want.frames.size());
  EXPECT_FALSE(j.contains("error"));
  // Text: the image line, then one line per frame.
  const ProcessResult text = Vigil({"hash", "--format", "text", path});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const std::string image_line = j["pdq"].get<std::string>() + "," +
                                 std::to_string(j["pdq_quality"].get<int>()) +
                                 "," + path + "\n";
  EXPECT_EQ(text.out.substr(0, image_line.size()), image_line);
  EXPECT_EQ(std::count(text.out.begin(), text.out.end(), '\n'),
            static_cast<long>(1 + want.frames.size()));
}

TEST_F(VideoCliTest, RemoveBarsIsRecorded) {
  const ProcessResult r = Vigil({"hash", "--remove-bars", path_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["bars_removed"], "0,0,0,0");
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// A 24-bit bottom-up BMP of `rgb` (width x height, tightly packed).
std::string Bmp(const std::vector<uint8_t>& rgb, int width, int height) {
  const int row = (width * 3 + 3) & ~3;
  const uint32_t size = 54 + static_cast<uint32_t>(row) * height;
  std::string b(size, '\0');
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
  };
  b[0] = 'B';
  b[1] = 'M';
  put32(2, size);
  put32(10, 54);
  put32(14, 40);
  put32(18, static_cast<uint32_t>(width));
  put32(22, static_cast<uint32_t>(height));
  b[26] = 1;
  b[28] = 24;
  for (int y = 0; y < height; ++y) {
    const size_t out = 54 + static_cast<size_t>(height - 1 - y) * row;
    for (int x = 0; x < width; ++x) {
      const uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
      b[out + 3 * x] = static_cast<char>(p[2]);
      b[out + 3 * x + 1] = static_cast<char>(p[1]);
      b[out + 3 * x + 2] = static_cast<char>(p[0]);
    }
  }
  return b;
}

TEST(ImageBarsCliTest, RemoveBarsAppliesToImagesToo) {
  testing::SyntheticVideoSpec spec;
  spec.width = 200;
  spec.height = 120;
  const std::vector<uint8_t> content = testing::DrawSyntheticFrame(spec, 0);
  std::vector<uint8_t> framed(200 * 180 * 3, 0);
  std::copy(content.begin(), content.end(), framed.begin() + 30 * 200 * 3);
  TempDir dir;
  const std::string plain = dir.WriteFile("plain.bmp", Bmp(content, 200, 120));
  const std::string barred = dir.WriteFile("barred.bmp", Bmp(framed, 200, 180));
  const ProcessResult r =
      RunProcess({BinaryPath("vigil"), "hash", "--remove-bars", plain, barred});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t newline = r.out.find('\n');
  const nlohmann::json a = nlohmann::json::parse(r.out.substr(0, newline));
  const nlohmann::json b = nlohmann::json::parse(r.out.substr(newline));
  EXPECT_EQ(a["bars_removed"], "0,0,0,0");
  EXPECT_EQ(b["bars_removed"], "0,30,0,30");
  // The content inside the bars hashes exactly as the plain image.
  EXPECT_EQ(a["pdq"], b["pdq"]);
  // Without the option the letterboxed copy hashes differently.
  const ProcessResult off =
      RunProcess({BinaryPath("vigil"), "hash", plain, barred});
  ASSERT_EQ(off.exit_code, 0) << off.err;
  const size_t nl = off.out.find('\n');
  EXPECT_NE(nlohmann::json::parse(off.out.substr(0, nl))["pdq"],
            nlohmann::json::parse(off.out.substr(nl))["pdq"]);
  EXPECT_FALSE(
      nlohmann::json::parse(off.out.substr(nl)).contains("bars_removed"));
}

}  // namespace
}  // namespace vigil
