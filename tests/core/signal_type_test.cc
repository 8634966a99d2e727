// Copyright 2026 The Vigil Authors.

#include "vigil/signal_type.h"

#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;

TEST(SignalTypeTest, PersistedValuesNeverChange) {
  EXPECT_EQ(static_cast<int>(SignalType::kMd5), 1);
  EXPECT_EQ(static_cast<int>(SignalType::kSha1), 2);
  EXPECT_EQ(static_cast<int>(SignalType::kSha256), 3);
  EXPECT_EQ(static_cast<int>(SignalType::kPdq), 4);
  EXPECT_EQ(static_cast<int>(SignalType::kVpdq), 5);
  EXPECT_EQ(static_cast<int>(SignalType::kXxh128), 6);
}

TEST(SignalTypeTest, NamesRoundTrip) {
  for (SignalType t : AllSignalTypes()) {
    VIGIL_ASSERT_OK_AND_ASSIGN(SignalType parsed,
                               ParseSignalType(SignalTypeName(t)));
    EXPECT_EQ(parsed, t);
    VIGIL_ASSERT_OK_AND_ASSIGN(SignalType from_byte,
                               SignalTypeFromByte(static_cast<uint8_t>(t)));
    EXPECT_EQ(from_byte, t);
  }
  EXPECT_EQ(*ParseSignalType("SHA256"), SignalType::kSha256);
  EXPECT_STREQ(SignalTypeName(static_cast<SignalType>(200)), "unknown");
}

TEST(SignalTypeTest, UnknownNameListsKnownOnes) {
  EXPECT_THAT(
      ParseSignalType("photodna"),
      StatusIs(StatusCode::kInvalidArgument,
               HasSubstr("unknown signal type 'photodna' (known: md5")));
  EXPECT_THAT(ParseSignalType(""),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("''")));
  EXPECT_THAT(ParseSignalType("md55"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("'md55'")));
}

TEST(SignalTypeTest, UnknownByteIsCorrupt) {
  EXPECT_THAT(SignalTypeFromByte(0),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("number 0")));
  EXPECT_THAT(SignalTypeFromByte(77),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("number 77")));
}

TEST(SignalTypeTest, Sizes) {
  EXPECT_EQ(SignalTypeByteSize(SignalType::kMd5), 16u);
  EXPECT_EQ(SignalTypeByteSize(SignalType::kSha1), 20u);
  EXPECT_EQ(SignalTypeByteSize(SignalType::kSha256), 32u);
  EXPECT_EQ(SignalTypeByteSize(SignalType::kPdq), 32u);
  EXPECT_EQ(SignalTypeByteSize(SignalType::kXxh128), 16u);
  EXPECT_EQ(SignalTypeByteSize(SignalType::kVpdq), 0u);
  EXPECT_EQ(SignalTypeByteSize(static_cast<SignalType>(99)), 0u);
  EXPECT_TRUE(SignalTypeIsPerceptual(SignalType::kPdq));
  EXPECT_FALSE(SignalTypeIsPerceptual(SignalType::kSha1));
}

TEST(SignalTest, ParseChecksLengthAndDigits) {
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Signal md5,
      ParseSignal(SignalType::kMd5, "D41D8CD98F00B204E9800998ECF8427E"));
  EXPECT_EQ(md5.type, SignalType::kMd5);
  EXPECT_EQ(md5.ToHex(), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_THAT(
      ParseSignal(SignalType::kSha256, "d41d8cd98f00b204e9800998ecf8427e"),
      StatusIs(StatusCode::kInvalidArgument,
               "sha256 needs 64 hex characters, got 32"));
  EXPECT_THAT(ParseSignal(SignalType::kMd5, "d41d8cd98f00b204e9800998ecf8427g"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("position 31")));
  EXPECT_THAT(ParseSignal(SignalType::kVpdq, "00"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("no single-value hex form")));
}

}  // namespace
}  // namespace vigil
