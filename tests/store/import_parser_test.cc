// Copyright 2026 The Vigil Authors.

#include "store/internal/import_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

#include "store/test_util.h"
#include "testing/status_matchers.h"
#include "vigil/hex.h"

namespace vigil::internal {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;

const std::string kMd5 = "d41d8cd98f00b204e9800998ecf8427e";
const std::string kSha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
const std::string kPdq =
    "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

ParseOptions Allow(std::vector<SignalType> types,
                   HashsetFormat format = HashsetFormat::kAuto) {
  ParseOptions o;
  o.allowed = std::move(types);
  o.format = format;
  return o;
}

std::string HashOf(const TypeRecords& r, size_t i) {
  return HexEncode(std::span<const uint8_t>(&r.hashes[i * r.size], r.size));
}

TEST(ImportParserTest, PlainInfersTypeFromLengthAndSkipsBlanksAndComments) {
  std::string text = "# a list\n\n" + kMd5 + "\r\n  " + kSha1 + "  \n# end";
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ParsedList p,
      ParseHashList(text, Allow({SignalType::kMd5, SignalType::kSha1})));
  EXPECT_EQ(p.format, HashsetFormat::kPlain);
  EXPECT_EQ(p.lines, 5u);
  EXPECT_EQ(p.records, 2u);
  ASSERT_EQ(p.types.size(), 2u);
  EXPECT_EQ(p.types[0].type, SignalType::kMd5);
  EXPECT_EQ(HashOf(p.types[0], 0), kMd5);
  EXPECT_EQ(HashOf(p.types[1], 0), kSha1);
  EXPECT_TRUE(p.metas.empty());
}

TEST(ImportParserTest, PlainUppercaseHexIsAccepted) {
  std::string upper = kMd5;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ParsedList p, ParseHashList(upper + "\n", Allow({SignalType::kMd5})));
  EXPECT_EQ(HashOf(p.types[0], 0), kMd5);
}

TEST(ImportParserTest, SixtyFourHexIsAmbiguousUnlessTypeOrSetDecides) {
  std::string text = kMd5 + "\n" + kPdq + "\n";
  auto both = Allow({SignalType::kMd5, SignalType::kSha256, SignalType::kPdq});
  EXPECT_THAT(ParseHashList(text, both),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 2, column 1: 64 hex characters could be "
                                 "sha256 or pdq; pass --type")));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ParsedList p,
      ParseHashList(kPdq + "\n", Allow({SignalType::kMd5, SignalType::kPdq})));
  EXPECT_EQ(p.types[0].type, SignalType::kPdq);
  both.type = SignalType::kSha256;
  VIGIL_ASSERT_OK_AND_ASSIGN(ParsedList q, ParseHashList(kPdq + "\n", both));
  EXPECT_EQ(q.types[0].type, SignalType::kSha256);
}

TEST(ImportParserTest, BadHexNamesLineAndColumn) {
  std::string text = kMd5 + "\n\n" + kMd5.substr(0, 7) + "z" + kMd5.substr(8);
  EXPECT_THAT(
      ParseHashList(text, Allow({SignalType::kMd5})),
      StatusIs(StatusCode::kInvalidArgument,
               HasSubstr("line 3, column 8: invalid hex character 'z'")));
  EXPECT_THAT(ParseHashList("  abc\n", Allow({SignalType::kMd5})),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 1, column 3: 3 characters")));
}

TEST(ImportParserTest, TypedFormat) {
  std::string text =
      "pdq " + kPdq + "\nMD5\t" + kMd5 + "\nvideo_md5 " + kMd5 + "\n";
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ParsedList p,
      ParseHashList(text, Allow({SignalType::kMd5, SignalType::kPdq})));
  EXPECT_EQ(p.format, HashsetFormat::kTyped);
  ASSERT_EQ(p.types.size(), 2u);
  EXPECT_EQ(p.types[0].count(), 2u);  // md5 twice (dedupe comes later)
  EXPECT_EQ(p.types[1].count(), 1u);
  EXPECT_THAT(
      ParseHashList("sha1 " + kSha1 + "\n",
                    Allow({SignalType::kMd5}, HashsetFormat::kTyped)),
      StatusIs(StatusCode::kInvalidArgument,
               HasSubstr("line 1, column 1: signal type sha1 is not allowed")));
  EXPECT_THAT(ParseHashList("pdq " + kMd5 + "\n",
                            Allow({SignalType::kPdq}, HashsetFormat::kTyped)),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 1, column 5: pdq needs 64")));
  EXPECT_THAT(ParseHashList("foo " + kMd5 + "\n",
                            Allow({SignalType::kPdq}, HashsetFormat::kTyped)),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("unknown signal type 'foo'")));
}

TEST(ImportParserTest, CsvWithQuotingAndAnyColumnOrder) {
  std::string text =
      "# exported\n"
      "hash,note,signal_type,external_id\r\n" +
      kMd5 + ",\"multi\nline, \"\"quoted\"\"\",md5,e1\r\n" + kSha1 +
      ",,sha1,\"e,2\"\n";
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ParsedList p,
      ParseHashList(text, Allow({SignalType::kMd5, SignalType::kSha1})));
  EXPECT_EQ(p.format, HashsetFormat::kCsv);
  ASSERT_EQ(p.metas.size(), 2u);
  EXPECT_EQ(p.metas[0].note, "multi\nline, \"quoted\"");
  EXPECT_EQ(p.metas[0].external_id, "e1");
  EXPECT_EQ(p.metas[1].external_id, "e,2");
  EXPECT_EQ(p.metas[1].category, "");
  EXPECT_EQ(p.types[1].ordinals[0], 1u);
}

TEST(ImportParserTest, CsvWithByteOrderMark) {
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ParsedList p,
      ParseHashList("\xEF\xBB\xBFhash\n" + kMd5 + "\n",
                    Allow({SignalType::kMd5}, HashsetFormat::kCsv)));
  EXPECT_EQ(p.records, 1u);
}

TEST(ImportParserTest, CsvErrors) {
  auto md5 = Allow({SignalType::kMd5});
  EXPECT_THAT(ParseHashList("hash,colour\n", md5),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 1, column 6: unknown column 'colour'")));
  EXPECT_THAT(ParseHashList("signal_type,hash\nmd5," + kMd5 + ",x\n", md5),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 2, column 1: expected 2 fields")));
  EXPECT_THAT(ParseHashList("hash,note\n" + kMd5 + ",\"open\n", md5),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 2, column 34: unterminated")));
  // The error line counts the newlines inside quoted fields.
  EXPECT_THAT(
      ParseHashList("note,hash\n\"a\nb\"," + kMd5 + "\n\"c\",xyz\n", md5),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 4, column 5:")));
}

TEST(ImportParserTest, TsvWithEscapes) {
  std::string text = "signal_type\thash\tnote\nmd5\t" + kMd5 +
                     "\ttab\\there\\nnewline \\\\ back\n";
  VIGIL_ASSERT_OK_AND_ASSIGN(ParsedList p,
                             ParseHashList(text, Allow({SignalType::kMd5})));
  EXPECT_EQ(p.format, HashsetFormat::kTsv);
  ASSERT_EQ(p.metas.size(), 1u);
  EXPECT_EQ(p.metas[0].note, "tab\there\nnewline \\ back");
  EXPECT_THAT(ParseHashList("hash\tnote\n" + kMd5 + "\tbad\\q\n",
                            Allow({SignalType::kMd5})),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 2, column 37: invalid escape")));
}

TEST(ImportParserTest, SortAndDedupeKeepsFirstOccurrence) {
  // Large enough for the radix path.
  std::mt19937_64 rng(7);
  TypeRecords r;
  r.type = SignalType::kPdq;
  r.size = 32;
  const size_t n = 200000;
  for (size_t i = 0; i < n; ++i) {
    Signal s = vigil::testing::RandomSignal(SignalType::kPdq, rng);
    r.hashes.insert(r.hashes.end(), s.bytes.begin(), s.bytes.end());
    r.ordinals.push_back(static_cast<uint32_t>(i));
  }
  // Repeat record 5 at the end and record 10 twice.
  for (size_t src : {size_t{5}, size_t{10}, size_t{10}}) {
    r.hashes.insert(r.hashes.end(), r.hashes.begin() + src * 32,
                    r.hashes.begin() + (src + 1) * 32);
    r.ordinals.push_back(static_cast<uint32_t>(r.ordinals.size()));
  }
  std::vector<uint8_t> five(r.hashes.begin() + 5 * 32,
                            r.hashes.begin() + 6 * 32);
  EXPECT_EQ(SortAndDedupe(&r), 3u);
  ASSERT_EQ(r.count(), n);
  for (size_t i = 1; i < n; ++i) {
    ASSERT_LT(std::memcmp(&r.hashes[(i - 1) * 32], &r.hashes[i * 32], 32), 0);
  }
  bool found = false;
  for (size_t i = 0; i < n; ++i) {
    if (std::memcmp(&r.hashes[i * 32], five.data(), 32) == 0) {
      EXPECT_EQ(r.ordinals[i], 5u);
      found = true;
    }
  }
  EXPECT_TRUE(found);
  // Existing hashes are dropped.
  std::vector<uint8_t> existing(r.hashes.begin(), r.hashes.begin() + 64);
  existing.insert(existing.end(), r.hashes.end() - 32, r.hashes.end());
  EXPECT_EQ(RemoveExisting(&r, existing), 3u);
  EXPECT_EQ(r.count(), n - 3);
}

}  // namespace
}  // namespace vigil::internal
