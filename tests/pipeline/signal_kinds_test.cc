// Copyright 2026 The Vigil Authors.
//
// Walks every row of the table of signal kinds (vigil/signal_type.h)
// through what the library does with a kind: its name, the hex form of a
// value, a hash set allowing it, a typed import, an export back, and a
// match through the Matcher (exact kinds: equal matches, one flipped bit
// does not; perceptual kinds: the default threshold matches, one bit more
// does not). The suite is instantiated over AllSignalTypes(), so a kind
// added to the table is tested the day it is added (docs/signal-kinds.md).
// Values are random bytes or digests of random bytes: no media.

#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "pipeline/internal/matcher.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/digest.h"
#include "vigil/hashset_store.h"
#include "vigil/hex.h"
#include "vigil/signal_type.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::internal::Matcher;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

std::vector<uint8_t> RandomBytes(size_t n, std::mt19937_64& rng) {
  std::vector<uint8_t> out(n);
  for (uint8_t& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

// `value` with its first `bits` bits inverted.
std::vector<uint8_t> FlipBits(std::vector<uint8_t> value, int bits) {
  for (int k = 0; k < bits; ++k) {
    value[static_cast<size_t>(k / 8)] ^= static_cast<uint8_t>(1u << (k % 8));
  }
  return value;
}

PdqHash ToPdqHash(const std::vector<uint8_t>& bytes) {
  PdqHash h;
  EXPECT_EQ(bytes.size(), h.bytes.size());
  std::copy_n(bytes.begin(), std::min(bytes.size(), h.bytes.size()),
              h.bytes.begin());
  return h;
}

// Frames of a video with random PDQ hashes, each flipped by `bits` bits
// relative to `base` (quality `quality`).
std::vector<VpdqFrame> Frames(const std::vector<std::vector<uint8_t>>& base,
                              int bits, int quality) {
  std::vector<VpdqFrame> frames;
  for (size_t i = 0; i < base.size(); ++i) {
    VpdqFrame f;
    f.frame_number = static_cast<int64_t>(i);
    f.timestamp = static_cast<double>(i);
    f.quality = quality;
    f.hash = ToPdqHash(FlipBits(base[i], bits));
    frames.push_back(f);
  }
  return frames;
}

std::string ExportTyped(const HashsetStore& store, const std::string& set) {
  std::string out;
  ExportOptions options;
  options.format = HashsetFormat::kTyped;
  Status s = store.Export(set, options, [&](std::string_view chunk) {
    out.append(chunk);
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

class SignalKindTest : public ::testing::TestWithParam<SignalType> {
 protected:
  const SignalKind& kind() const { return KindOf(GetParam()); }

  std::mt19937_64 rng_{0x5eed0000u + static_cast<uint8_t>(GetParam())};
};

TEST_P(SignalKindTest, NameAndNumberParseBack) {
  const SignalKind& k = kind();
  ASSERT_EQ(FindSignalKind(k.type), &k);
  EXPECT_STREQ(SignalTypeName(k.type), k.name);
  VIGIL_ASSERT_OK_AND_ASSIGN(SignalType parsed, ParseSignalType(k.name));
  EXPECT_EQ(parsed, k.type);
  std::string upper = k.name;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  VIGIL_ASSERT_OK_AND_ASSIGN(SignalType parsed_upper, ParseSignalType(upper));
  EXPECT_EQ(parsed_upper, k.type);
  VIGIL_ASSERT_OK_AND_ASSIGN(SignalType from_byte,
                             SignalTypeFromByte(static_cast<uint8_t>(k.type)));
  EXPECT_EQ(from_byte, k.type);
  // The thin lookups agree with the row.
  EXPECT_EQ(SignalTypeByteSize(k.type), k.byte_size);
  EXPECT_EQ(SignalTypeIsPerceptual(k.type), k.perceptual());
  EXPECT_EQ(DefaultThreshold(k.type), k.default_threshold);
  EXPECT_EQ(DefaultMinQuality(k.type), k.default_min_quality);
}

TEST_P(SignalKindTest, ValueFormatsAndParses) {
  const SignalKind& k = kind();
  if (k.value_form == SignalValueForm::kVpdqSignal) {
    EXPECT_THAT(ParseSignal(k.type, "00"),
                StatusIs(StatusCode::kInvalidArgument,
                         HasSubstr("no single-value hex form")));
    std::vector<std::vector<uint8_t>> base = {RandomBytes(32, rng_),
                                              RandomBytes(32, rng_)};
    std::vector<VpdqFrame> frames = Frames(base, 0, 90);
    VIGIL_ASSERT_OK_AND_ASSIGN(Signal signal, EncodeVpdqSignal(frames));
    EXPECT_EQ(signal.type, k.type);
    VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<VpdqFrame> back,
                               DecodeVpdqSignal(signal.bytes));
    EXPECT_EQ(back, frames);
    return;
  }
  ASSERT_EQ(k.value_form, SignalValueForm::kFixed);
  const std::vector<uint8_t> value = RandomBytes(k.byte_size, rng_);
  const std::string hex = HexEncode(value);
  EXPECT_EQ(hex.size(), k.hex_length);
  VIGIL_ASSERT_OK_AND_ASSIGN(Signal parsed, ParseSignal(k.type, hex));
  EXPECT_EQ(parsed.type, k.type);
  EXPECT_EQ(parsed.bytes, value);
  EXPECT_EQ(parsed.ToHex(), hex);
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  VIGIL_ASSERT_OK_AND_ASSIGN(Signal parsed_upper, ParseSignal(k.type, upper));
  EXPECT_EQ(parsed_upper.bytes, value);
  const std::string want_len =
      "needs " + std::to_string(k.hex_length) + " hex characters";
  EXPECT_THAT(ParseSignal(k.type, hex.substr(2)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr(want_len)));
  EXPECT_THAT(ParseSignal(k.type, hex + "00"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr(want_len)));
  std::string bad = hex;
  bad[1] = 'g';
  EXPECT_THAT(ParseSignal(k.type, bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("position 1")));
}

TEST_P(SignalKindTest, DistanceFunction) {
  const SignalKind& k = kind();
  ASSERT_NE(k.distance, nullptr);
  // vPDQ distances are between frames' PDQ hashes.
  const size_t size = k.fixed_size() ? k.byte_size : PdqHash{}.bytes.size();
  const std::vector<uint8_t> a = RandomBytes(size, rng_);
  EXPECT_EQ(k.distance(a, a), 0);
  if (k.perceptual()) {
    EXPECT_EQ(k.distance(a, FlipBits(a, 1)), 1);
    EXPECT_EQ(k.distance(a, FlipBits(a, k.default_threshold)),
              k.default_threshold);
    EXPECT_EQ(k.distance(FlipBits(a, k.max_threshold), a), k.max_threshold);
  } else {
    EXPECT_EQ(k.default_threshold, 0);
    EXPECT_EQ(k.max_threshold, 0);
    EXPECT_EQ(k.distance(a, FlipBits(a, 1)), kSignalUnequal);
  }
}

// A store with two sets allowing the kind: "near" holds a value at the
// default threshold from the query (equal for exact kinds), "far" one bit
// further. Only "near" may match.
TEST_P(SignalKindTest, ImportsExportsAndMatches) {
  const SignalKind& k = kind();
  const int t = k.default_threshold;
  TempDir dir;
  VIGIL_ASSERT_OK_AND_ASSIGN(std::unique_ptr<HashsetStore> store,
                             HashsetStore::Open(dir.path() + "/db", {}));
  for (const char* name : {"near", "far"}) {
    HashsetConfig config;
    config.name = name;
    config.signal_types = {k.type};
    config.action = HashsetAction::kReport;
    VIGIL_ASSERT_OK(store->CreateHashset(config, {"test", ""}).status());
  }

  // The query: a file's digests, an image's PDQ or a video's frames.
  const std::vector<uint8_t> content = RandomBytes(4096, rng_);
  MediaHashes query;
  query.bytes = content.size();
  query.digests = ComputeDigests(content);
  VideoHash video;
  std::vector<uint8_t> query_value;
  switch (k.match_path) {
    case SignalMatchPath::kFileDigest: {
      // The hasher computes every file-digest kind.
      std::span<const uint8_t> d = query.digests.Bytes(k.type);
      ASSERT_EQ(d.size(), k.byte_size) << "Digests does not compute " << k.name;
      query_value.assign(d.begin(), d.end());
      break;
    }
    case SignalMatchPath::kImagePdq:
      query_value = RandomBytes(k.byte_size, rng_);
      query.pdq = PdqResult{ToPdqHash(query_value), k.default_min_quality};
      break;
    case SignalMatchPath::kVideo:
      break;
  }

  std::vector<std::vector<uint8_t>> frame_base;
  if (k.value_form == SignalValueForm::kFixed) {
    const std::string near_hex = HexEncode(FlipBits(query_value, t));
    const std::string far_hex = HexEncode(FlipBits(query_value, t + 1));
    for (const auto& [set, hex] :
         {std::pair{"near", near_hex}, std::pair{"far", far_hex}}) {
      const std::string line = std::string(k.name) + " " + hex + "\n";
      ImportOptions options;
      options.format = HashsetFormat::kTyped;
      VIGIL_ASSERT_OK_AND_ASSIGN(ImportResult r,
                                 store->ImportText(set, line, options));
      EXPECT_EQ(r.added, 1u);
      // Exported back identical.
      EXPECT_EQ(ExportTyped(*store, set), line);
    }
  } else {
    // vPDQ: no list import; entries are added whole.
    ImportOptions options;
    options.format = HashsetFormat::kTyped;
    EXPECT_THAT(
        store->ImportText("near", std::string(k.name) + " 00\n", options),
        StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 1")));
    for (int i = 0; i < 6; ++i) frame_base.push_back(RandomBytes(32, rng_));
    video.frames = Frames(frame_base, 0, k.default_min_quality);
    for (const auto& [set, bits] :
         {std::pair{"near", t}, std::pair{"far", t + 1}}) {
      VIGIL_ASSERT_OK_AND_ASSIGN(
          Signal signal, EncodeVpdqSignal(Frames(frame_base, bits, 100)));
      ASSERT_EQ(signal.type, k.type);
      VIGIL_ASSERT_OK(
          store->AddEntry(set, std::vector<Signal>{signal}, {"id", "", "", ""})
              .status());
      EXPECT_EQ(ExportTyped(*store, set),
                std::string(k.name) + " " + signal.ToHex() + "\n");
    }
  }

  VIGIL_ASSERT_OK_AND_ASSIGN(std::unique_ptr<Matcher> matcher,
                             Matcher::Build(*store, {}));
  auto match = [&]() -> Result<std::vector<ScanMatch>> {
    return k.match_path == SignalMatchPath::kVideo
               ? matcher->MatchVideo(query, video, false)
               : matcher->Match(query, false);
  };
  VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<ScanMatch> matches, match());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].match.hashset, "near");
  EXPECT_EQ(matches[0].match.signal_type, k.type);
  EXPECT_EQ(matches[0].match.distance, t);
  EXPECT_EQ(matches[0].match.threshold, t);
  EXPECT_EQ(matches[0].action, HashsetAction::kReport);

  if (k.perceptual()) {
    // Below the default minimum quality nothing matches.
    if (query.pdq.has_value()) query.pdq->quality = k.default_min_quality - 1;
    for (VpdqFrame& f : video.frames) f.quality = k.default_min_quality - 1;
    VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<ScanMatch> low, match());
    EXPECT_TRUE(low.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(AllKinds, SignalKindTest,
                         ::testing::ValuesIn(AllSignalTypes()),
                         [](const ::testing::TestParamInfo<SignalType>& param) {
                           return std::string(SignalTypeName(param.param));
                         });

}  // namespace
}  // namespace vigil
