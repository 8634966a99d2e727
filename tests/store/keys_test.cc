// Copyright 2026 The Vigil Authors.

#include "store/internal/keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "testing/status_matchers.h"

namespace vigil::internal {
namespace {

using ::vigil::testing::StatusIs;

TEST(KeysTest, EntryKeysOfOneTypeSortByHashThenSet) {
  std::vector<uint8_t> low(32, 0x01), high(32, 0x02);
  std::string a = EntryKey(SignalType::kPdq, low, 7);
  std::string b = EntryKey(SignalType::kPdq, low, 300);
  std::string c = EntryKey(SignalType::kPdq, high, 1);
  std::string other =
      EntryKey(SignalType::kMd5, std::vector<uint8_t>(16, 0xff), 1);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(other, a);  // md5 (1) before pdq (4)
  ASSERT_EQ(a.size(), 37u);
  EXPECT_EQ(static_cast<uint8_t>(a[0]), 4);
  EXPECT_EQ(GetBigEndian32(b.data() + 33), 300u);
}

TEST(KeysTest, PackedAndLogKeysAreBigEndian) {
  std::string k = PackedKey(SignalType::kSha1, 0x01020304, 0x0a0b0c0d);
  ASSERT_EQ(k.size(), 9u);
  EXPECT_EQ(static_cast<uint8_t>(k[0]), 2);
  EXPECT_EQ(GetBigEndian32(k.data() + 1), 0x01020304u);
  EXPECT_EQ(GetBigEndian32(k.data() + 5), 0x0a0b0c0du);
  EXPECT_LT(ChangelogKey(255), ChangelogKey(256));
  EXPECT_EQ(GetBigEndian64(ChangelogKey(0x1122334455667788ull).data()),
            0x1122334455667788ull);
}

TEST(KeysTest, EntryValueRoundTrips) {
  std::string encoded;
  EncodeEntryValue({70000, 1764383479123, 99, "ext-1", "cat", "a note"},
                   &encoded);
  VIGIL_ASSERT_OK_AND_ASSIGN(EntryValue v, DecodeEntryValue(encoded));
  EXPECT_EQ(v.segment, 70000u);
  EXPECT_EQ(v.added_at_ms, 1764383479123);
  EXPECT_EQ(v.change_seq, 99u);
  EXPECT_EQ(v.external_id, "ext-1");
  EXPECT_EQ(v.category, "cat");
  EXPECT_EQ(v.note, "a note");
}

TEST(KeysTest, TruncatedEntryValueIsCorrupt) {
  std::string encoded;
  EncodeEntryValue({1, 2, 3, "external", "", ""}, &encoded);
  EXPECT_THAT(DecodeEntryValue(encoded.substr(0, encoded.size() - 4)),
              StatusIs(StatusCode::kCorruptInput, ::testing::_));
  EXPECT_THAT(DecodeEntryValue(""),
              StatusIs(StatusCode::kCorruptInput, ::testing::_));
}

}  // namespace
}  // namespace vigil::internal
