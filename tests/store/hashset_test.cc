// Copyright 2026 The Vigil Authors.

#include "vigil/hashset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;

TEST(HashsetTest, NameValidation) {
  VIGIL_EXPECT_OK(ValidateHashsetName("ncmec"));
  VIGIL_EXPECT_OK(ValidateHashsetName("0day_list-2"));
  VIGIL_EXPECT_OK(ValidateHashsetName(std::string(64, 'a')));
  // HMA bank names (UPPER_WITH_UNDERSCORE) are set names too.
  VIGIL_EXPECT_OK(ValidateHashsetName("MY_BANK_01"));
  VIGIL_EXPECT_OK(ValidateHashsetName("_PRIVATE"));
  for (const char* bad : {"", "-lead", "_lead", "Upper", "has space", "dot.x",
                          "slash/x", "é", "MY-BANK", "MY_bank", "1ABC_"}) {
    EXPECT_THAT(ValidateHashsetName(bad),
                StatusIs(StatusCode::kInvalidArgument, ::testing::_))
        << bad;
  }
  EXPECT_THAT(ValidateHashsetName(std::string(65, 'a')),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("64")));
  EXPECT_THAT(ValidateHashsetName("ab!"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("character 3")));
}

TEST(HashsetTest, ConfigDefaultsAndValidation) {
  HashsetConfig c;
  c.name = "set";
  EXPECT_THAT(ValidateHashsetConfig(c),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("signal type")));
  c.signal_types = {SignalType::kPdq, SignalType::kMd5};
  VIGIL_EXPECT_OK(ValidateHashsetConfig(c));
  EXPECT_EQ(c.ThresholdFor(SignalType::kPdq), 31);
  EXPECT_EQ(c.MinQualityFor(SignalType::kPdq), 50);
  EXPECT_EQ(c.ThresholdFor(SignalType::kMd5), 0);
  c.thresholds[SignalType::kMd5] = 3;
  EXPECT_THAT(ValidateHashsetConfig(c),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("exact")));
  c.thresholds = {{SignalType::kPdq, 257}};
  EXPECT_THAT(ValidateHashsetConfig(c),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("0..256")));
  c.thresholds = {{SignalType::kSha1, 0}};
  EXPECT_THAT(ValidateHashsetConfig(c),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not allow")));
  c.thresholds = {{SignalType::kPdq, 40}};
  c.min_quality = {{SignalType::kPdq, 101}};
  EXPECT_THAT(ValidateHashsetConfig(c),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("0..100")));
  c.min_quality = {{SignalType::kPdq, 70}};
  VIGIL_EXPECT_OK(ValidateHashsetConfig(c));
  EXPECT_EQ(c.ThresholdFor(SignalType::kPdq), 40);
  // Video sets: per-frame thresholds 0..256, defaults as the reference.
  c.signal_types = {SignalType::kVpdq};
  c.thresholds.clear();
  c.min_quality.clear();
  VIGIL_EXPECT_OK(ValidateHashsetConfig(c));
  EXPECT_EQ(c.ThresholdFor(SignalType::kVpdq), 31);
  EXPECT_EQ(c.MinQualityFor(SignalType::kVpdq), 50);
  c.thresholds = {{SignalType::kVpdq, 257}};
  EXPECT_THAT(ValidateHashsetConfig(c),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("0..256")));
  c.thresholds.clear();
  c.video_query_percent = 101;
  EXPECT_THAT(ValidateHashsetConfig(c),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("percent")));
}

TEST(HashsetTest, ActionAndFormatNamesRoundTrip) {
  for (HashsetAction a : {HashsetAction::kReport, HashsetAction::kRemove,
                          HashsetAction::kBlock, HashsetAction::kReview}) {
    VIGIL_ASSERT_OK_AND_ASSIGN(HashsetAction back,
                               ParseHashsetAction(HashsetActionName(a)));
    EXPECT_EQ(back, a);
  }
  EXPECT_EQ(static_cast<int>(HashsetAction::kReview), 4);  // persisted
  EXPECT_FALSE(ParseHashsetAction("delete").ok());
  for (HashsetFormat f :
       {HashsetFormat::kAuto, HashsetFormat::kPlain, HashsetFormat::kTyped,
        HashsetFormat::kCsv, HashsetFormat::kTsv}) {
    VIGIL_ASSERT_OK_AND_ASSIGN(HashsetFormat back,
                               ParseHashsetFormat(HashsetFormatName(f)));
    EXPECT_EQ(back, f);
  }
  EXPECT_FALSE(ParseHashsetFormat("json").ok());
}

TEST(HashsetTest, Rfc3339) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1764383479123), "2025-11-29T02:31:19.123Z");
}

}  // namespace
}  // namespace vigil
