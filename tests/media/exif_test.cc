// Copyright 2026 The Vigil Authors.
//
// Tests of engine/src/media/internal/exif.cc.

#include <vector>

#include <gtest/gtest.h>

#include "media/internal/decoders.h"

namespace vigil::internal {
namespace {

std::vector<uint8_t> Exif(bool little, uint16_t orientation, uint16_t type = 3,
                          bool header = true) {
  std::vector<uint8_t> b;
  if (header) b = {'E', 'x', 'i', 'f', 0, 0};
  auto u16 = [&](uint16_t v) {
    if (little) {
      b.insert(b.end(), {uint8_t(v), uint8_t(v >> 8)});
    } else {
      b.insert(b.end(), {uint8_t(v >> 8), uint8_t(v)});
    }
  };
  auto u32 = [&](uint32_t v) {
    if (little) {
      u16(uint16_t(v));
      u16(uint16_t(v >> 16));
    } else {
      u16(uint16_t(v >> 16));
      u16(uint16_t(v));
    }
  };
  b.insert(b.end(), {uint8_t(little ? 'I' : 'M'), uint8_t(little ? 'I' : 'M')});
  u16(42);
  u32(8);
  u16(2);
  u16(0x010F);  // Make, ASCII, ignored
  u16(2);
  u32(4);
  u32(0);
  u16(0x0112);
  u16(type);
  u32(1);
  u16(orientation);
  u16(0);
  u32(0);
  return b;
}

TEST(ExifTest, ReadsOrientationInBothByteOrders) {
  for (bool little : {true, false}) {
    for (uint16_t o = 1; o <= 8; ++o) {
      EXPECT_EQ(ParseExifOrientation(Exif(little, o)), o);
      EXPECT_EQ(ParseExifOrientation(Exif(little, o, 3, false)), o);
    }
  }
}

TEST(ExifTest, RejectsInvalidValuesAndTypes) {
  EXPECT_EQ(ParseExifOrientation(Exif(true, 0)), 0);
  EXPECT_EQ(ParseExifOrientation(Exif(true, 9)), 0);
  EXPECT_EQ(ParseExifOrientation(Exif(true, 3, /*type=*/4)), 0);
  EXPECT_EQ(ParseExifOrientation({}), 0);
}

TEST(ExifTest, EveryTruncationIsSafe) {
  std::vector<uint8_t> full = Exif(false, 6);
  for (size_t n = 0; n < full.size(); ++n) {
    std::vector<uint8_t> cut(full.begin(), full.begin() + n);
    int o = ParseExifOrientation(cut);
    EXPECT_TRUE(o == 0 || o == 6);
  }
  // IFD offset pointing past the end.
  std::vector<uint8_t> bad = full;
  bad[6 + 7] = 0xF0;
  EXPECT_EQ(ParseExifOrientation(bad), 0);
}

}  // namespace
}  // namespace vigil::internal
