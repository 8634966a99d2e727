// Copyright 2026 The Vigil Authors.

#include "vigil/signal_type.h"

#include <vector>

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

TEST(SignalKindTableTest, OneRowPerTypeInNumericOrder) {
  std::span<const SignalKind> kinds = AllSignalKinds();
  std::span<const SignalType> types = AllSignalTypes();
  ASSERT_EQ(kinds.size(), types.size());
  for (size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(kinds[i].type, types[i]);
    EXPECT_EQ(FindSignalKind(types[i]), &kinds[i]);
    EXPECT_EQ(&KindOf(types[i]), &kinds[i]);
    if (i > 0) {
      EXPECT_LT(types[i - 1], types[i]);
    }
  }
}

TEST(SignalKindTableTest, UnknownTypeHasTheUnknownRow) {
  const auto unknown = static_cast<SignalType>(99);
  EXPECT_EQ(FindSignalKind(unknown), nullptr);
  const SignalKind& k = KindOf(unknown);
  EXPECT_STREQ(k.name, "unknown");
  EXPECT_EQ(k.byte_size, 0u);
  EXPECT_EQ(k.hex_length, 0u);
  EXPECT_FALSE(k.perceptual());
  EXPECT_THAT(ParseSignal(unknown, "00"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("no single-value hex form")));
}

TEST(SignalKindTableTest, RowsOfTheReferenceKinds) {
  const SignalKind& pdq = KindOf(SignalType::kPdq);
  EXPECT_EQ(pdq.hex_length, 64u);
  EXPECT_EQ(pdq.distance_kind, SignalDistance::kHamming);
  EXPECT_EQ(pdq.default_threshold, kPdqDefaultThreshold);
  EXPECT_EQ(pdq.default_threshold, 31);
  EXPECT_EQ(pdq.max_threshold, 256);
  EXPECT_EQ(pdq.default_min_quality, kPdqDefaultMinQuality);
  EXPECT_EQ(pdq.default_min_quality, 50);
  EXPECT_EQ(pdq.match_path, SignalMatchPath::kImagePdq);
  const SignalKind& vpdq = KindOf(SignalType::kVpdq);
  EXPECT_EQ(vpdq.value_form, SignalValueForm::kVpdqSignal);
  EXPECT_EQ(vpdq.default_threshold, 31);
  EXPECT_EQ(vpdq.default_min_quality, 50);
  EXPECT_EQ(vpdq.match_path, SignalMatchPath::kVideo);
  EXPECT_EQ(kVpdqDefaultQueryPercent, 80.0);
  EXPECT_EQ(kVpdqDefaultTargetPercent, 80.0);
  const SignalKind& sha1 = KindOf(SignalType::kSha1);
  EXPECT_EQ(sha1.distance_kind, SignalDistance::kExact);
  EXPECT_EQ(sha1.match_path, SignalMatchPath::kFileDigest);
  EXPECT_TRUE(sha1.file_signal);
  EXPECT_FALSE(KindOf(SignalType::kXxh128).file_signal);
  EXPECT_STREQ(KindOf(SignalType::kMd5).list_alias, "video_md5");
  // Evidence order at equal distance: digest, then video, then image.
  EXPECT_LT(sha1.tie_rank, vpdq.tie_rank);
  EXPECT_LT(vpdq.tie_rank, pdq.tie_rank);
}

TEST(SignalKindTableTest, Distances) {
  const std::vector<uint8_t> a(32, 0x0f), b(32, 0x0e);
  const SignalKind& pdq = KindOf(SignalType::kPdq);
  EXPECT_EQ(pdq.distance(a, a), 0);
  EXPECT_EQ(pdq.distance(a, b), 32);  // one bit per byte
  const SignalKind& sha256 = KindOf(SignalType::kSha256);
  EXPECT_EQ(sha256.distance(a, a), 0);
  EXPECT_EQ(sha256.distance(a, b), kSignalUnequal);
  EXPECT_EQ(sha256.distance(a, std::span<const uint8_t>(a).first(31)),
            kSignalUnequal);
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
