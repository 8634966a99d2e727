// Copyright 2026 The Vigil Authors.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "vigil/pdq.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

PdqHash RandomHash(std::mt19937& rng) {
  PdqHash h;
  for (uint8_t& b : h.bytes) b = static_cast<uint8_t>(rng());
  return h;
}

// `h` with its first `bits` bits flipped.
PdqHash Flip(PdqHash h, int bits) {
  for (int k = 0; k < bits; ++k) {
    h.bytes[31 - k / 8] ^= static_cast<uint8_t>(1 << (k % 8));
  }
  return h;
}

std::vector<VpdqFrame> Frames(const std::vector<PdqHash>& hashes,
                              int quality = 100) {
  std::vector<VpdqFrame> out;
  for (size_t i = 0; i < hashes.size(); ++i) {
    VpdqFrame f;
    f.frame_number = static_cast<int64_t>(i);
    f.timestamp = i / 30.0;
    f.hash = hashes[i];
    f.quality = quality;
    out.push_back(f);
  }
  return out;
}

class VpdqMatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937 rng(7);
    for (int i = 0; i < 10; ++i) hashes_.push_back(RandomHash(rng));
  }
  std::vector<PdqHash> hashes_;
};

TEST_F(VpdqMatchTest, IdenticalVideosMatchFully) {
  const std::vector<VpdqFrame> v = Frames(hashes_);
  const VpdqMatch m = MatchVideos(v, v);
  EXPECT_DOUBLE_EQ(m.query_percent, 100);
  EXPECT_DOUBLE_EQ(m.target_percent, 100);
  EXPECT_EQ(m.query_frames, 10);
  EXPECT_EQ(m.query_matched, 10);
  EXPECT_TRUE(m.matched);
}

TEST_F(VpdqMatchTest, UnrelatedVideosDoNotMatch) {
  std::mt19937 rng(99);
  std::vector<PdqHash> other;
  for (int i = 0; i < 10; ++i) other.push_back(RandomHash(rng));
  const VpdqMatch m = MatchVideos(Frames(hashes_), Frames(other));
  EXPECT_DOUBLE_EQ(m.query_percent, 0);
  EXPECT_DOUBLE_EQ(m.target_percent, 0);
  EXPECT_FALSE(m.matched);
}

TEST_F(VpdqMatchTest, DistanceThresholdIsInclusive) {
  std::vector<PdqHash> near31, near32;
  for (const PdqHash& h : hashes_) {
    near31.push_back(Flip(h, 31));
    near32.push_back(Flip(h, 32));
  }
  EXPECT_TRUE(MatchVideos(Frames(hashes_), Frames(near31)).matched);
  EXPECT_FALSE(MatchVideos(Frames(hashes_), Frames(near32)).matched);
  // The C++ tool's rule (distance < 31) is max_distance 30.
  VpdqMatchOptions cpp_tool;
  cpp_tool.max_distance = 30;
  cpp_tool.dedupe = false;
  EXPECT_FALSE(MatchVideos(Frames(hashes_), Frames(near31), cpp_tool).matched);
}

TEST_F(VpdqMatchTest, SharesAreAsymmetric) {
  // The query is a 5-frame clip of the 10-frame target.
  const std::vector<PdqHash> clip(hashes_.begin(), hashes_.begin() + 5);
  const VpdqMatch m = MatchVideos(Frames(clip), Frames(hashes_));
  EXPECT_DOUBLE_EQ(m.query_percent, 100);
  EXPECT_DOUBLE_EQ(m.target_percent, 50);
  EXPECT_FALSE(m.matched);
  VpdqMatchOptions lenient;
  lenient.target_match_percent = 50;
  EXPECT_TRUE(MatchVideos(Frames(clip), Frames(hashes_), lenient).matched);
}

TEST_F(VpdqMatchTest, LowQualityFramesAreIgnored) {
  std::vector<VpdqFrame> query = Frames(hashes_);
  std::mt19937 rng(5);
  // Two unmatched frames, but of quality 49: they do not count.
  for (int i = 0; i < 2; ++i) {
    VpdqFrame f;
    f.hash = RandomHash(rng);
    f.quality = 49;
    query.push_back(f);
  }
  const VpdqMatch m = MatchVideos(query, Frames(hashes_));
  EXPECT_EQ(m.query_frames, 10);
  EXPECT_DOUBLE_EQ(m.query_percent, 100);
  VpdqMatchOptions all;
  all.min_quality = 0;
  EXPECT_NEAR(MatchVideos(query, Frames(hashes_), all).query_percent,
              1000.0 / 12, 1e-9);
  // Nothing left after filtering: 0%, no match.
  const VpdqMatch none = MatchVideos(Frames(hashes_, 10), Frames(hashes_, 10));
  EXPECT_EQ(none.query_frames, 0);
  EXPECT_FALSE(none.matched);
  EXPECT_DOUBLE_EQ(none.query_percent, 0);
}

TEST_F(VpdqMatchTest, RepeatedHashesAreDeduped) {
  // A still image held for 9 frames plus one other frame, against the
  // still alone: with dedupe the query is 2 distinct frames, 1 matched.
  std::vector<PdqHash> held(9, hashes_[0]);
  held.push_back(hashes_[1]);
  const std::vector<VpdqFrame> target = Frames({hashes_[0]});
  const VpdqMatch m = MatchVideos(Frames(held), target);
  EXPECT_EQ(m.query_frames, 2);
  EXPECT_DOUBLE_EQ(m.query_percent, 50);
  VpdqMatchOptions keep;
  keep.dedupe = false;
  const VpdqMatch k = MatchVideos(Frames(held), target, keep);
  EXPECT_EQ(k.query_frames, 10);
  EXPECT_DOUBLE_EQ(k.query_percent, 90);
}

TEST(VpdqMatchEmptyTest, EmptyInputs) {
  const VpdqMatch m = MatchVideos({}, {});
  EXPECT_FALSE(m.matched);
  EXPECT_EQ(m.query_frames, 0);
  EXPECT_EQ(m.target_frames, 0);
}

}  // namespace
}  // namespace vigil
