// Copyright 2026 The Vigil Authors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

std::vector<VpdqFrame> Sample() {
  std::vector<VpdqFrame> frames(3);
  for (int i = 0; i < 3; ++i) {
    frames[i].frame_number = i * 30;
    frames[i].quality = 100 - i;
    for (int b = 0; b < 32; ++b) {
      frames[i].hash.bytes[b] = static_cast<uint8_t>(b * 7 + i);
    }
    frames[i].timestamp =
        static_cast<double>(static_cast<float>(i * 30) / 29.97f);
  }
  return frames;
}

TEST(VpdqIoTest, FormatsLikeTheReference) {
  const std::vector<VpdqFrame> frames = Sample();
  const std::string text = FormatVpdq(frames);
  const std::string first_line = text.substr(0, text.find('\n'));
  EXPECT_EQ(first_line, "0,100," + frames[0].hash.ToHex() + ",0.000");
  EXPECT_NE(text.find("\n30,99," + frames[1].hash.ToHex() + ",1.001\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(FormatVpdq({}), "");
}

TEST(VpdqIoTest, RoundTripsExceptTimestampPrecision) {
  const std::vector<VpdqFrame> frames = Sample();
  VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<VpdqFrame> back,
                             ParseVpdq(FormatVpdq(frames)));
  ASSERT_EQ(back.size(), frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(back[i].frame_number, frames[i].frame_number);
    EXPECT_EQ(back[i].quality, frames[i].quality);
    EXPECT_EQ(back[i].hash, frames[i].hash);
    EXPECT_NEAR(back[i].timestamp, frames[i].timestamp, 0.0005);
  }
  EXPECT_EQ(FormatVpdq(back), FormatVpdq(frames));
}

// Found by the `vpdq` fuzz target: a timestamp of more than 59 integer
// digits was printed cut short (a 64-byte buffer), so the text named
// another time and did not read back to itself.
TEST(VpdqIoTest, HugeTimestampsPrintWhole) {
  std::vector<VpdqFrame> frames = Sample();
  frames[0].timestamp = 1e70;
  const std::string text = FormatVpdq(frames);
  VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<VpdqFrame> back, ParseVpdq(text));
  ASSERT_EQ(back.size(), frames.size());
  EXPECT_EQ(back[0].timestamp, 1e70);
  EXPECT_EQ(FormatVpdq(back), text);
}

TEST(VpdqIoTest, AcceptsCrlfBlankLinesAndExtraFields) {
  const std::string hex(64, 'a');
  VIGIL_ASSERT_OK_AND_ASSIGN(
      std::vector<VpdqFrame> frames,
      ParseVpdq("0,90," + hex + ",0.000\r\n\n5,80," + hex + ",0.167,x"));
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].frame_number, 5);
  EXPECT_EQ(frames[1].quality, 80);
  EXPECT_DOUBLE_EQ(frames[1].timestamp, 0.167);
}

TEST(VpdqIoTest, RejectsMalformedLinesNamingTheLine) {
  const std::string hex(64, 'a');
  const std::vector<std::string> bad = {
      "0,90," + hex,                     // 3 fields
      "x,90," + hex + ",0.0",            // frame number
      "-1,90," + hex + ",0.0",           // negative frame
      "0,101," + hex + ",0.0",           // quality
      "0,90," + hex.substr(1) + ",0.0",  // short hash
      "0,90," + hex + ",abc",            // timestamp
      "0,90," + hex + ",-1",             // negative time
  };
  for (const std::string& line : bad) {
    EXPECT_THAT(ParseVpdq("0,90," + hex + ",0.0\n" + line).status(),
                testing::StatusIs(StatusCode::kCorruptInput,
                                  ::testing::HasSubstr("line 2")))
        << line;
  }
}

TEST(VpdqIoTest, WritesAndReadsFiles) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/v.txt";
  VIGIL_ASSERT_OK(WriteVpdqFile(path, Sample()));
  EXPECT_EQ(testing::ReadFileOrEmpty(path), FormatVpdq(Sample()));
  VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<VpdqFrame> back, ReadVpdqFile(path));
  EXPECT_EQ(back.size(), 3u);
  EXPECT_THAT(ReadVpdqFile(dir.path() + "/none.txt").status(),
              testing::StatusIs(StatusCode::kNotFound, ::testing::_));
  EXPECT_FALSE(WriteVpdqFile(dir.path() + "/no/such/dir.txt", Sample()).ok());
}

}  // namespace
}  // namespace vigil
