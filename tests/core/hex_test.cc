// Copyright 2026 The Vigil Authors.

#include "vigil/hex.h"

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::vigil::testing::IsOk;
using ::vigil::testing::StatusIs;

TEST(HexTest, EncodeIsLowercase) {
  std::vector<uint8_t> bytes = {0x00, 0x0f, 0xa5, 0xff};
  EXPECT_EQ(HexEncode(bytes), "000fa5ff");
  EXPECT_EQ(HexEncode({}), "");
}

TEST(HexTest, EncodeToAppends) {
  std::string out = "x=";
  std::array<uint8_t, 2> bytes = {0xde, 0xad};
  HexEncodeTo(bytes, &out);
  EXPECT_EQ(out, "x=dead");
}

TEST(HexTest, DecodeAcceptsBothCases) {
  VIGIL_ASSERT_OK_AND_ASSIGN(auto bytes, HexDecode("DeadBEEF"));
  EXPECT_THAT(bytes, ElementsAre(0xde, 0xad, 0xbe, 0xef));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto empty, HexDecode(""));
  EXPECT_TRUE(empty.empty());
}

TEST(HexTest, RoundTripsRandomBytes) {
  std::mt19937 rng(42);
  for (int n = 0; n < 70; ++n) {
    std::vector<uint8_t> bytes(n);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    VIGIL_ASSERT_OK_AND_ASSIGN(auto back, HexDecode(HexEncode(bytes)));
    EXPECT_EQ(back, bytes);
  }
}

TEST(HexTest, DecodeRejectsOddLength) {
  EXPECT_THAT(HexDecode("abc"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("odd number of hex characters (3)")));
}

TEST(HexTest, DecodeRejectsNonHexWithPosition) {
  EXPECT_THAT(HexDecode("0g"),
              StatusIs(StatusCode::kInvalidArgument,
                       "invalid hex character 'g' at position 1"));
  EXPECT_THAT(HexDecode("x0"), StatusIs(StatusCode::kInvalidArgument,
                                        HasSubstr("'x' at position 0")));
  EXPECT_THAT(HexDecode("00 1"), StatusIs(StatusCode::kInvalidArgument,
                                          HasSubstr("' ' at position 2")));
  EXPECT_THAT(HexDecode("0x12"), StatusIs(StatusCode::kInvalidArgument,
                                          HasSubstr("at position 1")));
  // Non-printable bytes are shown as numbers.
  EXPECT_THAT(
      HexDecode(std::string_view("a\0", 2)),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("0x00 at position 1")));
  EXPECT_THAT(HexDecode("a\xff"), StatusIs(StatusCode::kInvalidArgument,
                                           HasSubstr("0xff at position 1")));
}

TEST(HexTest, DecodeIntoChecksExactLength) {
  std::array<uint8_t, 4> out{};
  EXPECT_THAT(HexDecodeInto("01020304", out), IsOk());
  EXPECT_THAT(out, ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(HexDecodeInto("010203", out),
              StatusIs(StatusCode::kInvalidArgument,
                       "expected 8 hex characters, got 6"));
  EXPECT_THAT(HexDecodeInto("0102030405", out),
              StatusIs(StatusCode::kInvalidArgument,
                       "expected 8 hex characters, got 10"));
  EXPECT_THAT(
      HexDecodeInto("0102030z", out),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("'z' at position 7")));
}

TEST(HexTest, EveryByteValueDecodes) {
  for (int v = 0; v < 256; ++v) {
    std::array<uint8_t, 1> b = {static_cast<uint8_t>(v)};
    std::string text = HexEncode(b);
    std::array<uint8_t, 1> out{};
    ASSERT_THAT(HexDecodeInto(text, out), IsOk());
    EXPECT_EQ(out[0], v);
  }
}

}  // namespace
}  // namespace vigil
