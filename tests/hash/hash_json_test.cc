// Copyright 2026 The Vigil Authors.
//
// The `vigil hash` shape of vigil/json.h (HashesJson, HashErrorJson),
// parsed and checked field by field.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "vigil/json.h"
#include "vigil/media_hasher.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using Json = nlohmann::json;

std::set<std::string> Keys(const Json& j) {
  std::set<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.insert(key);
  return keys;
}

PdqHash Pdq(char fill) {
  return PdqHash::FromHex(std::string(64, fill)).value();
}

MediaHashes Image() {
  static const uint8_t kBytes[] = {9, 8, 7};
  MediaHashes h;
  h.bytes = 3;
  h.media_type = MediaType::kPng;
  h.digests = ComputeDigests(kBytes);
  h.width = 64;
  h.height = 32;
  h.exif_orientation = 6;
  h.pdq = PdqResult{Pdq('1'), 73};
  return h;
}

TEST(HashJsonTest, ImageWithPathAndDihedralVariants) {
  MediaHashes h = Image();
  std::array<PdqResult, 8> all;
  for (int i = 0; i < 8; ++i) all[i] = {Pdq(static_cast<char>('0' + i)), 73};
  h.pdq_dihedral = all;
  HashJsonOptions options;
  options.path = "dir/a.png";
  const Json j = Json::parse(HashesJson(h, options));
  EXPECT_EQ(Keys(j), (std::set<std::string>{
                         "path", "media_type", "width", "height", "bytes",
                         "md5", "sha1", "sha256", "xxh128", "pdq",
                         "pdq_quality", "exif_orientation", "pdq_dihedral"}));
  EXPECT_EQ(j["path"], "dir/a.png");
  EXPECT_EQ(j["media_type"], "image/png");
  EXPECT_EQ(j["width"], 64);
  EXPECT_EQ(j["height"], 32);
  EXPECT_EQ(j["bytes"], 3);
  EXPECT_EQ(j["md5"], h.digests.Hex(SignalType::kMd5));
  EXPECT_EQ(j["sha1"], h.digests.Hex(SignalType::kSha1));
  EXPECT_EQ(j["sha256"], h.digests.Hex(SignalType::kSha256));
  EXPECT_EQ(j["xxh128"], h.digests.Hex(SignalType::kXxh128));
  EXPECT_EQ(j["pdq"], std::string(64, '1'));
  EXPECT_EQ(j["pdq_quality"], 73);
  EXPECT_EQ(j["exif_orientation"], 6);
  ASSERT_EQ(j["pdq_dihedral"].size(), 8u);
  EXPECT_EQ(j["pdq_dihedral"][1], std::string(64, '1'));
  EXPECT_EQ(j["pdq_dihedral"][7], std::string(64, '7'));
}

TEST(HashJsonTest, UnletterboxedHashWhenBarsWereFound) {
  MediaHashes h = Image();
  EXPECT_FALSE(Json::parse(HashesJson(h)).contains("unletterboxed"));
  h.pdq_unletterboxed = PdqResult{Pdq('9'), 61};
  h.unletterbox_crop = CropRect{4, 0, 4, 2};
  const Json j = Json::parse(HashesJson(h));
  EXPECT_EQ(j["unletterboxed"], std::string(64, '9'));
  EXPECT_EQ(j["unletterboxed_quality"], 61);
  EXPECT_EQ(j["unletterboxed_crop"], "4,0,4,2");
  EXPECT_EQ(j["pdq"], std::string(64, '1'));  // the plain hash stays
}

TEST(HashJsonTest, OneSidedUnletterboxedHashes) {
  MediaHashes h = Image();
  EXPECT_FALSE(Json::parse(HashesJson(h)).contains("unletterboxed_one_side"));
  h.pdq_unletterboxed = PdqResult{Pdq('9'), 61};
  h.unletterbox_crop = CropRect{0, 20, 0, 7};
  h.pdq_unletterboxed_one_side = {{PdqResult{Pdq('a'), 70}, {0, 20, 0, 0}},
                                  {PdqResult{Pdq('b'), 71}, {0, 0, 0, 7}}};
  const Json j = Json::parse(HashesJson(h));
  ASSERT_EQ(j["unletterboxed_one_side"].size(), 2u);
  EXPECT_EQ(j["unletterboxed_one_side"][0]["pdq"], std::string(64, 'a'));
  EXPECT_EQ(j["unletterboxed_one_side"][0]["quality"], 70);
  EXPECT_EQ(j["unletterboxed_one_side"][0]["crop"], "0,20,0,0");
  EXPECT_EQ(j["unletterboxed_one_side"][1]["pdq"], std::string(64, 'b'));
  EXPECT_EQ(j["unletterboxed_one_side"][1]["crop"], "0,0,0,7");
}

TEST(HashJsonTest, BytesHaveNoPathAndRawPixelsTheirType) {
  HashJsonOptions options;
  options.media_type = "image/x-raw-rgb24";
  const Json j = Json::parse(HashesJson(Image(), options));
  EXPECT_FALSE(j.contains("path"));
  EXPECT_FALSE(j.contains("pdq_dihedral"));
  EXPECT_EQ(j["media_type"], "image/x-raw-rgb24");
  EXPECT_EQ(Json::parse(HashesJson(Image()))["media_type"], "image/png");
}

TEST(HashJsonTest, UndecodableImageGivesDigestsAndError) {
  MediaHashes h = Image();
  h.pdq.reset();
  h.width = h.height = 0;
  h.image_status = UnsupportedFormatError("not an image");
  const Json j = Json::parse(HashesJson(h));
  EXPECT_FALSE(j.contains("pdq"));
  EXPECT_FALSE(j.contains("pdq_quality"));
  EXPECT_EQ(j["sha256"], h.digests.Hex(SignalType::kSha256));
  EXPECT_EQ(j["error"], (Json{{"code", "unsupported_format"},
                              {"message", "not an image"}}));
}

TEST(HashJsonTest, ImageBarsRemoved) {
  HashJsonOptions options;
  options.bars_removed = CropRect{4, 10, 4, 12};
  const Json j = Json::parse(HashesJson(Image(), options));
  EXPECT_EQ(j["bars_removed"], CropRect({4, 10, 4, 12}).ToString());
}

TEST(HashJsonTest, VideoWithFramesAndBars) {
  MediaHashes h = Image();
  h.media_type = MediaType::kMp4;
  h.pdq.reset();
  h.width = h.height = 0;
  h.image_status = UnsupportedFormatError("a video");  // ignored for videos
  VideoHash v;
  v.info.codec = "h264";
  v.info.width = 320;
  v.info.height = 180;
  v.info.frame_rate = 30;
  v.info.duration_seconds = 2.0;
  v.info.frame_interval = 30;
  v.info.crop = CropRect{0, 20, 0, 20};
  v.decoded_frames = 60;
  v.frames = {VpdqFrame{0, 80, Pdq('e'), 0.0},
              VpdqFrame{30, 81, Pdq('f'), 1.0}};
  HashJsonOptions options;
  options.path = "v.mp4";
  options.is_video = true;
  options.video = &v;
  options.bars_removed = v.info.crop;
  const Json j = Json::parse(HashesJson(h, options));
  EXPECT_EQ(j["media_type"], "video/mp4");
  EXPECT_EQ(j["width"], 320);
  EXPECT_EQ(j["height"], 180);
  EXPECT_FALSE(j.contains("error"));
  EXPECT_EQ(j["bars_removed"], v.info.crop.ToString());
  EXPECT_EQ(j["video"], (Json{{"codec", "h264"},
                              {"frame_rate", 30.0},
                              {"duration", 2.0},
                              {"frame_interval", 30},
                              {"frames_decoded", 60},
                              {"frames_hashed", 2}}));
  EXPECT_EQ(j["vpdq"],
            Json::parse(R"([
      {"frame":0,"timestamp":0.0,"pdq":")" +
                        std::string(64, 'e') +
                        R"(","quality":80},
      {"frame":30,"timestamp":1.0,"pdq":")" +
                        std::string(64, 'f') + R"(","quality":81}])"));
}

TEST(HashJsonTest, VideoThatFailedReportsTheVideoError) {
  MediaHashes h = Image();
  h.media_type = MediaType::kMp4;
  HashJsonOptions options;
  options.is_video = true;
  options.video_status = CorruptInputError("no video stream");
  const Json j = Json::parse(HashesJson(h, options));
  EXPECT_FALSE(j.contains("video"));
  EXPECT_FALSE(j.contains("vpdq"));
  EXPECT_EQ(j["width"], 64);  // the MediaHashes' own size without a video
  EXPECT_EQ(j["error"]["code"], "corrupt_input");
}

TEST(HashJsonTest, ErrorRecord) {
  const Json j =
      Json::parse(HashErrorJson("gone\xff.jpg", NotFoundError("no such file")));
  EXPECT_EQ(
      j,
      (Json{{"path",
             "gone\xEF\xBF\xBD"
             "FF.jpg"},  // reversible escape (issue 17)
            {"error", {{"code", "not_found"}, {"message", "no such file"}}}}));
}

}  // namespace
}  // namespace vigil
