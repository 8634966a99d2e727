// Copyright 2026 The Vigil Authors.
//
// Half-frame vPDQ hashes (vigil/vpdq.h): the regions tile the frame, each
// half's hash is the PDQ hash of that crop of the decoded frame, and the
// signal of a half round-trips with its region and an id of its own.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "video/synthetic_video.h"
#include "vigil/pdq.h"
#include "vigil/video.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using testing::EncodeSyntheticVideo;
using ::testing::HasSubstr;
using testing::StatusIs;
using testing::SyntheticVideoSpec;

TEST(FrameRegionTest, HalvesTileTheFrame) {
  for (auto [w, h] : {std::pair{160, 120}, {161, 121}, {2, 2}, {7, 3}}) {
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    RegionRect whole = FrameRegionRect(FrameRegion::kWhole, w, h);
    EXPECT_EQ(whole.width, w);
    EXPECT_EQ(whole.height, h);
    RegionRect top = FrameRegionRect(FrameRegion::kTop, w, h);
    RegionRect bottom = FrameRegionRect(FrameRegion::kBottom, w, h);
    RegionRect left = FrameRegionRect(FrameRegion::kLeft, w, h);
    RegionRect right = FrameRegionRect(FrameRegion::kRight, w, h);
    EXPECT_EQ(top.y, 0);
    EXPECT_EQ(bottom.y, top.height);
    EXPECT_EQ(top.height + bottom.height, h);
    EXPECT_EQ(top.width, w);
    EXPECT_EQ(bottom.width, w);
    EXPECT_EQ(left.x, 0);
    EXPECT_EQ(right.x, left.width);
    EXPECT_EQ(left.width + right.width, w);
    EXPECT_EQ(left.height, h);
    EXPECT_GE(top.height, 1);
    EXPECT_GE(left.width, 1);
  }
  // A frame one pixel high or wide has no halves.
  for (FrameRegion half : kFrameHalves) {
    EXPECT_EQ(FrameRegionRect(half, 1, 50).width, 0);
    EXPECT_EQ(FrameRegionRect(half, 50, 1).height, 0);
  }
  EXPECT_EQ(FrameRegionName(FrameRegion::kWhole), "whole");
  EXPECT_EQ(FrameRegionName(FrameRegion::kBottom), "bottom");
}

// Copies `rect` of an RGB frame into a packed buffer.
std::vector<uint8_t> Crop(const VideoFrame& frame, const RegionRect& rect) {
  std::vector<uint8_t> out;
  for (int y = rect.y; y < rect.y + rect.height; ++y) {
    const uint8_t* row = frame.rgb.data() +
                         static_cast<size_t>(y) * frame.stride +
                         static_cast<size_t>(rect.x) * 3;
    out.insert(out.end(), row, row + static_cast<size_t>(rect.width) * 3);
  }
  return out;
}

TEST(HalfFrameHashTest, EachHalfIsThePdqHashOfThatCrop) {
  SyntheticVideoSpec spec;
  spec.width = 162;  // odd halves: 81 columns each, 61 + 61 rows
  spec.height = 122;
  spec.frames = 12;
  std::vector<uint8_t> bytes = EncodeSyntheticVideo(spec);
  ASSERT_FALSE(bytes.empty());
  VideoDecodeOptions options = ExactVideoDecodeOptions();
  options.frames_per_second = 0;
  options.half_frame_hashes = true;
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash hash, HashVideo(bytes, options));
  ASSERT_EQ(hash.frames.size(), 12u);

  // The same frames decoded again, cropped by hand and hashed as images.
  VIGIL_ASSERT_OK_AND_ASSIGN(std::unique_ptr<VideoReader> reader,
                             OpenVideo(bytes, options));
  VideoFrame frame;
  PdqWorkspace ws;
  size_t n = 0;
  int differing_halves = 0;
  while (true) {
    VIGIL_ASSERT_OK_AND_ASSIGN(bool got, reader->Next(&frame));
    if (!got) break;
    ASSERT_LT(n, hash.frames.size());
    for (size_t i = 0; i < kFrameHalves.size(); ++i) {
      const FrameRegion half = kFrameHalves[i];
      SCOPED_TRACE(std::string(FrameRegionName(half)) + " of frame " +
                   std::to_string(n));
      ASSERT_EQ(hash.halves[i].size(), hash.frames.size());
      EXPECT_EQ(&hash.FramesOf(half), &hash.halves[i]);
      const VpdqFrame& got_half = hash.halves[i][n];
      EXPECT_EQ(got_half.frame_number, hash.frames[n].frame_number);
      EXPECT_EQ(got_half.timestamp, hash.frames[n].timestamp);
      RegionRect rect = FrameRegionRect(half, frame.width, frame.height);
      std::vector<uint8_t> crop = Crop(frame, rect);
      VIGIL_ASSERT_OK_AND_ASSIGN(
          PdqResult want,
          ComputePdqFromRgb(crop, rect.width, rect.height,
                            static_cast<size_t>(rect.width) * 3, &ws));
      EXPECT_EQ(got_half.hash, want.hash);
      EXPECT_EQ(got_half.quality, want.quality);
      differing_halves += got_half.hash != hash.frames[n].hash;
    }
    ++n;
  }
  EXPECT_EQ(n, hash.frames.size());
  EXPECT_EQ(differing_halves, 4 * 12);  // a half is not the whole frame

  // Without the option no half is hashed.
  options.half_frame_hashes = false;
  VIGIL_ASSERT_OK_AND_ASSIGN(VideoHash plain, HashVideo(bytes, options));
  EXPECT_EQ(plain.frames, hash.frames);
  for (const auto& half : plain.halves) EXPECT_TRUE(half.empty());
}

std::vector<VpdqFrame> SomeFrames() {
  std::vector<VpdqFrame> frames(3);
  for (size_t i = 0; i < frames.size(); ++i) {
    frames[i].frame_number = static_cast<int64_t>(i * 30);
    frames[i].timestamp = static_cast<double>(i);
    frames[i].quality = 60 + static_cast<int>(i);
    frames[i].hash.bytes.fill(static_cast<uint8_t>(i * 17 + 1));
  }
  return frames;
}

TEST(HalfFrameSignalTest, RoundTripsWithItsRegionAndOwnId) {
  const std::vector<VpdqFrame> frames = SomeFrames();
  VIGIL_ASSERT_OK_AND_ASSIGN(Signal whole, EncodeVpdqSignal(frames));
  EXPECT_EQ(whole.bytes[0], 1);  // version 1 bytes, unchanged
  VIGIL_ASSERT_OK_AND_ASSIGN(FrameRegion whole_region,
                             VpdqSignalRegion(whole.bytes));
  EXPECT_EQ(whole_region, FrameRegion::kWhole);
  std::vector<std::array<uint8_t, 32>> ids = {VpdqSignalId(whole.bytes)};
  for (FrameRegion half : kFrameHalves) {
    SCOPED_TRACE(FrameRegionName(half));
    VIGIL_ASSERT_OK_AND_ASSIGN(Signal s, EncodeVpdqSignal(frames, half));
    EXPECT_EQ(s.type, SignalType::kVpdq);
    EXPECT_EQ(s.bytes.size(), whole.bytes.size() + 1);
    VIGIL_ASSERT_OK_AND_ASSIGN(FrameRegion region, VpdqSignalRegion(s.bytes));
    EXPECT_EQ(region, half);
    VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<VpdqFrame> back,
                               DecodeVpdqSignal(s.bytes));
    EXPECT_EQ(back, frames);
    for (const auto& id : ids) EXPECT_NE(VpdqSignalId(s.bytes), id);
    ids.push_back(VpdqSignalId(s.bytes));
  }
}

TEST(HalfFrameSignalTest, RejectsUnknownRegionsAndVersions) {
  const std::vector<VpdqFrame> frames = SomeFrames();
  EXPECT_THAT(EncodeVpdqSignal(frames, static_cast<FrameRegion>(9)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("region")));
  VIGIL_ASSERT_OK_AND_ASSIGN(Signal s,
                             EncodeVpdqSignal(frames, FrameRegion::kLeft));
  for (uint8_t bad_region : {0, 5, 255}) {
    std::vector<uint8_t> bytes = s.bytes;
    bytes[1] = bad_region;
    EXPECT_THAT(DecodeVpdqSignal(bytes),
                StatusIs(StatusCode::kCorruptInput, HasSubstr("region")));
    EXPECT_FALSE(VpdqSignalRegion(bytes).ok());
  }
  std::vector<uint8_t> v3 = s.bytes;
  v3[0] = 3;
  EXPECT_THAT(DecodeVpdqSignal(v3),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("version")));
  EXPECT_FALSE(VpdqSignalRegion(std::vector<uint8_t>{2}).ok());
  // Truncated after the region byte.
  EXPECT_THAT(DecodeVpdqSignal(std::vector<uint8_t>{2, 1}),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("truncated")));
}

}  // namespace
}  // namespace vigil
