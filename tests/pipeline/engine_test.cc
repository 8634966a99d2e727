// Copyright 2026 The Vigil Authors.

#include "vigil/engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "pipeline/scan_testing.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/content_hasher.h"
#include "vigil/hex.h"

namespace vigil {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::vigil::testing::PngOptions;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

// A benign synthetic RGB image, then flipped left-right when `mirror`.
std::vector<uint8_t> Pattern(int w, int h, int seed, bool mirror = false) {
  std::vector<uint8_t> rgb(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      int sx = mirror ? w - 1 - x : x;
      uint8_t* p = &rgb[(size_t(y) * w + x) * 3];
      p[0] = uint8_t(128 + 100 * std::sin(sx * 0.05 + seed));
      p[1] = uint8_t(128 + 100 * std::cos(y * 0.07 * (seed + 1)));
      p[2] = uint8_t((sx * y / 7 + seed * 31) & 0xff);
    }
  }
  return rgb;
}

class RecordingSink : public EventSink {
 public:
  std::string name() const override { return "recording"; }
  Status Deliver(std::span<const TakedownEvent> events) override {
    for (const auto& e : events) got.push_back(e);
    return Status::OK();
  }
  std::vector<TakedownEvent> got;
};

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/db";
    EngineOptions options;
    options.db_dir = db_;
    VIGIL_ASSERT_OK_AND_ASSIGN(auto engine, Engine::Open(options));
    HashsetStore& store = engine->store();
    HashsetConfig config;
    config.name = "known";
    config.signal_types = {SignalType::kPdq, SignalType::kSha256};
    config.action = HashsetAction::kBlock;
    VIGIL_ASSERT_OK(store.CreateHashset(config, {"test", ""}).status());
    MediaHasher hasher;
    known_ = Pattern(300, 200, 1);
    VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes h,
                               hasher.HashRgb(known_, 300, 200, 900));
    std::vector<Signal> signals;
    for (Signal& s : h.Signals()) {
      if (config.Allows(s.type)) signals.push_back(s);
    }
    VIGIL_ASSERT_OK(
        store.AddEntry("known", signals, {"case-9", "cat", "", "test"})
            .status());
  }

  std::unique_ptr<Engine> Open(bool dihedral = false,
                               std::shared_ptr<EventSink> sink = nullptr) {
    EngineOptions options;
    options.db_dir = db_;
    options.dihedral = dihedral;
    if (sink) options.sinks.push_back(sink);
    auto engine = Engine::Open(options);
    EXPECT_TRUE(engine.ok()) << engine.status();
    return engine.ok() ? std::move(*engine) : nullptr;
  }

  TempDir dir_;
  std::string db_;
  std::vector<uint8_t> known_;
};

// dedup_cache_entries = 0: the same bytes are hashed at every scan (the
// service's --dedup-cache 0), with the same result.
TEST_F(EngineTest, DedupCacheOffHashesEveryScan) {
  EngineOptions options;
  options.db_dir = db_;
  options.dedup_cache_entries = 0;
  VIGIL_ASSERT_OK_AND_ASSIGN(auto engine, Engine::Open(options));
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult first,
                             engine->ScanBytes(known_, {"upload-1", "test"}));
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult again,
                             engine->ScanBytes(known_, {"upload-1", "test"}));
  EXPECT_FALSE(first.cached);
  EXPECT_FALSE(again.cached);
  EXPECT_EQ(again.status, ScanStatus::kMatch);
  EXPECT_EQ(again.event_ids, first.event_ids);
}

TEST_F(EngineTest, ExactBytesMatchBySha256AndRecordOneEvent) {
  auto sink = std::make_shared<RecordingSink>();
  auto engine = Open(false, sink);
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(engine->Stats().hashsets, 1u);
  EXPECT_EQ(engine->Stats().pdq_hashes, 1u);
  // The raw pixel bytes are not an image, but their SHA-256 is listed.
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             engine->ScanBytes(known_, {"upload-1", "test"}));
  EXPECT_EQ(r.status, ScanStatus::kMatch);
  ASSERT_EQ(r.matches.size(), 1u);
  EXPECT_EQ(r.matches[0].match.signal_type, SignalType::kSha256);
  EXPECT_EQ(r.matches[0].match.external_id, "case-9");
  EXPECT_EQ(r.matches[0].match.category, "cat");
  EXPECT_EQ(r.matches[0].action, HashsetAction::kBlock);
  ASSERT_EQ(r.event_ids.size(), 1u);
  // Sinks are fed in the background; Drain waits for them.
  VIGIL_ASSERT_OK(engine->Drain(std::chrono::seconds(60)));
  ASSERT_EQ(sink->got.size(), 1u);
  EXPECT_EQ(sink->got[0].event_id, r.event_ids[0]);
  EXPECT_EQ(sink->got[0].content.id, "upload-1");
  EXPECT_EQ(sink->got[0].content.source, "test");
  EXPECT_EQ(r.content.source, "test");
  // Same content again: same event, nothing new delivered.
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult again,
                             engine->ScanBytes(known_, {"upload-1", "test"}));
  EXPECT_EQ(again.event_ids, r.event_ids);
  EXPECT_TRUE(again.cached);
  VIGIL_ASSERT_OK(engine->Drain(std::chrono::seconds(60)));
  EXPECT_EQ(sink->got.size(), 1u);
  // Another upload of the same bytes is another takedown.
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult other,
                             engine->ScanBytes(known_, {"upload-2", "test"}));
  EXPECT_NE(other.event_ids, r.event_ids);
  VIGIL_ASSERT_OK_AND_ASSIGN(auto listed, engine->ListEvents("", 0));
  EXPECT_EQ(listed.size(), 2u);
}

TEST_F(EngineTest, UnreadableAndUndecodableInputsAreErrors) {
  auto engine = Open();
  ASSERT_NE(engine, nullptr);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult missing,
                             engine->ScanFile(dir_.path() + "/nope"));
  EXPECT_EQ(missing.status, ScanStatus::kError);
  EXPECT_EQ(missing.error.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.content.id, dir_.path() + "/nope");
  std::vector<uint8_t> junk = {1, 2, 3};
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r, engine->ScanBytes(junk, {"j", ""}));
  EXPECT_EQ(r.status, ScanStatus::kError);
  EXPECT_EQ(r.error.code(), StatusCode::kUnsupportedFormat);
  EXPECT_TRUE(r.event_ids.empty());
}

TEST_F(EngineTest, ScanStreamKeepsOrderAndReportsErrorsAsData) {
  auto engine = Open();
  ASSERT_NE(engine, nullptr);
  std::vector<std::string> order;
  int n = 0;
  VIGIL_ASSERT_OK(engine->ScanStream(
      [&](ScanInput* in) {
        if (n == 40) return false;
        in->content.id = "item-" + std::to_string(n);
        if (n % 10 == 3) {
          in->error = NotFoundError("listed but gone");
        } else {
          in->bytes = n % 2 ? known_ : std::vector<uint8_t>{9, 9, 9};
        }
        ++n;
        return true;
      },
      [&](ScanResult&& r) {
        order.push_back(r.content.id);
        int i = std::stoi(r.content.id.substr(5));
        if (i % 10 == 3) {
          EXPECT_EQ(r.status, ScanStatus::kError);
        } else {
          EXPECT_EQ(r.status, i % 2 ? ScanStatus::kMatch : ScanStatus::kError)
              << r.content.id;
        }
      }));
  ASSERT_EQ(order.size(), 40u);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(order[i], "item-" + std::to_string(i));
}

TEST_F(EngineTest, ReadOnlyAndEventOnlyModes) {
  {
    EngineOptions options;
    options.db_dir = db_;
    options.read_only = true;
    VIGIL_ASSERT_OK_AND_ASSIGN(auto ro, Engine::Open(options));
    VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r, ro->ScanBytes(known_, {"x", ""}));
    EXPECT_EQ(r.status, ScanStatus::kMatch);
    EXPECT_TRUE(r.event_ids.empty()) << "read-only records nothing";
  }
  {
    EngineOptions events_only;
    events_only.db_dir = db_;
    events_only.load_indexes = false;
    VIGIL_ASSERT_OK_AND_ASSIGN(auto e, Engine::Open(events_only));
    EXPECT_THAT(
        e->ScanBytes(known_, {"x", ""}),
        StatusIs(StatusCode::kFailedPrecondition, HasSubstr("cannot scan")));
  }
  EngineOptions unknown;
  unknown.db_dir = db_;
  unknown.hashsets = {"no-such-set"};
  EXPECT_THAT(Engine::Open(unknown), StatusIs(StatusCode::kNotFound, _));
}

TEST_F(EngineTest, SecondWriterIsRefused) {
  auto engine = Open();
  ASSERT_NE(engine, nullptr);
  EngineOptions options;
  options.db_dir = db_;
  EXPECT_THAT(Engine::Open(options),
              StatusIs(StatusCode::kUnavailable, HasSubstr("locked by pid")));
}

TEST_F(EngineTest, RefreshPicksUpNewEntries) {
  auto engine = Open();
  ASSERT_NE(engine, nullptr);
  std::vector<uint8_t> other = Pattern(300, 200, 5);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult before,
                             engine->ScanBytes(other, {"o", ""}));
  EXPECT_EQ(before.status, ScanStatus::kError);  // raw bytes: no PDQ, no match
  Digests d = ComputeDigests(other);
  Signal sha{SignalType::kSha256,
             std::vector<uint8_t>(d.sha256.begin(), d.sha256.end()), -1};
  VIGIL_ASSERT_OK(engine->store().AddEntry("known", {&sha, 1}, {}).status());
  VIGIL_ASSERT_OK(engine->Refresh());
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult after,
                             engine->ScanBytes(other, {"o2", ""}));
  EXPECT_EQ(after.status, ScanStatus::kMatch);
}

// Issue 17 item 1: a 2-frame GIF (a benign frame, then a known one) cut to
// 97/90/80/70% was reported clean: the cut known frame was silently
// dropped. Content that could not be fully checked is an error unless
// something matched.
std::vector<uint8_t> GreyBlocks(int width, int height, uint32_t seed) {
  std::vector<uint8_t> out(size_t(width) * height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      uint32_t v = seed * 2654435761u + uint32_t(x / 8) * 40503u +
                   uint32_t(y / 8) * 9973u;
      v ^= v >> 13;
      v *= 0x5bd1e995u;
      v ^= v >> 15;
      out[size_t(y) * width + x] = uint8_t(v);
    }
  }
  return out;
}

TEST(Issue17, TruncatedAnimationWithKnownFrameIsAnErrorNotClean) {
  TempDir dir;
  const int w = 96, h = 96;
  std::vector<uint8_t> palette(768);
  for (int i = 0; i < 768; ++i) palette[i] = uint8_t(i / 3);
  const std::vector<uint8_t> benign = GreyBlocks(w, h, 1);
  const std::vector<uint8_t> known = GreyBlocks(w, h, 2);
  auto two_frames = [&](const std::vector<uint8_t>& first,
                        const std::vector<uint8_t>& second) {
    testing::GifOptions options;
    options.extra_frames = 1;
    options.later_frames = second;
    options.delay_cs = 100;
    return testing::EncodeGif(first, w, h, palette, options);
  };
  const std::vector<uint8_t> gif = two_frames(benign, known);
  const std::vector<uint8_t> known_first = two_frames(known, benign);
  ASSERT_FALSE(gif.empty());

  auto engine = testing::OpenEngine(dir.path() + "/db");
  ASSERT_NE(engine, nullptr);
  HashsetConfig config;
  config.name = "known";
  config.signal_types = {SignalType::kPdq};
  VIGIL_ASSERT_OK(engine->store().CreateHashset(config, {"test", ""}).status());
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ContentHashes still,
      ContentHasher().HashBytes(testing::EncodeGif(known, w, h, palette)));
  ASSERT_TRUE(still.hashes.pdq.has_value());
  const std::vector<Signal> signals = still.hashes.Signals();
  ASSERT_EQ(signals.back().type, SignalType::kPdq);
  VIGIL_ASSERT_OK(
      engine->store()
          .AddEntry("known", {&signals.back(), 1}, {"k", "", "", ""})
          .status());
  VIGIL_ASSERT_OK(engine->Refresh());

  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult whole,
                             engine->ScanBytes(gif, {"w", ""}));
  EXPECT_EQ(whole.status, ScanStatus::kMatch);
  for (int percent : {97, 90, 80, 70}) {
    SCOPED_TRACE(percent);
    const std::vector<uint8_t> cut(gif.begin(),
                                   gif.begin() + gif.size() * percent / 100);
    VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r, engine->ScanBytes(cut, {"c", ""}));
    EXPECT_EQ(r.status, ScanStatus::kError);
    EXPECT_THAT(r.error, StatusIs(StatusCode::kCorruptInput,
                                  HasSubstr("not every frame")));
    // A known first frame still matches: what was checked is matched.
    const std::vector<uint8_t> cut_known(
        known_first.begin(),
        known_first.begin() + known_first.size() * percent / 100);
    VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult m,
                               engine->ScanBytes(cut_known, {"m", ""}));
    EXPECT_EQ(m.status, ScanStatus::kMatch);
  }
}

// Issue #14, point 2: with dihedral on, copies rotated or mirrored by their
// pixels match through the exact variants at (nearly) the original's
// distance, and the match names the query variant that matched.
TEST_F(EngineTest, DihedralMatchesPixelRotatedCopiesAndNamesTheVariant) {
  const int w = 300, h = 200;
  // rot90 (counter-clockwise) of known_: output (r, c) = known_(c, w-1-r).
  std::vector<uint8_t> rot90(known_.size());
  for (int r = 0; r < w; ++r) {
    for (int c = 0; c < h; ++c) {
      for (int k = 0; k < 3; ++k) {
        rot90[(size_t(r) * h + c) * 3 + k] =
            known_[(size_t(c) * w + (w - 1 - r)) * 3 + k];
      }
    }
  }
  struct Copy {
    std::vector<uint8_t> rgb;
    int width, height;
    std::string variant;  // the query variant that maps it back
    int max_distance;
  };
  const std::vector<Copy> copies = {
      {Pattern(w, h, 1, /*mirror=*/true), w, h, "flipy", 0},
      {rot90, h, w, "rot270", 2},
  };
  PngOptions png;
  png.color_type = 2;
  auto with = Open(/*dihedral=*/true);
  ASSERT_NE(with, nullptr);
  for (const Copy& copy : copies) {
    const std::vector<uint8_t> bytes =
        testing::EncodePng(copy.rgb, copy.width, copy.height, png);
    VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                               with->ScanBytes(bytes, {"copy", "test"}));
    ASSERT_EQ(r.status, ScanStatus::kMatch) << copy.variant;
    ASSERT_EQ(r.matches.size(), 1u);
    EXPECT_EQ(r.matches[0].match.signal_type, SignalType::kPdq);
    EXPECT_EQ(r.matches[0].match.variant, copy.variant);
    EXPECT_LE(r.matches[0].match.distance, copy.max_distance);
  }
  with.reset();
  auto without = Open(/*dihedral=*/false);
  ASSERT_NE(without, nullptr);
  const std::vector<uint8_t> bytes =
      testing::EncodePng(copies[1].rgb, h, w, png);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             without->ScanBytes(bytes, {"copy", "test"}));
  EXPECT_EQ(r.status, ScanStatus::kClean);
}

// Issue #14, point 3: a copy of known_ inside a 6% border matches through
// its inner picture, and the match says so.
TEST_F(EngineTest, BorderedCopyMatchesThroughTheUnletterboxedVariant) {
  const int w = 300, h = 200, bx = 18, by = 12;
  const int ow = w + 2 * bx, oh = h + 2 * by;
  std::vector<uint8_t> framed(size_t(ow) * oh * 3, 0);
  for (int y = 0; y < h; ++y) {
    std::copy_n(&known_[size_t(y) * w * 3], w * 3,
                &framed[(size_t(y + by) * ow + bx) * 3]);
  }
  PngOptions png;
  const std::vector<uint8_t> bytes = testing::EncodePng(framed, ow, oh, png);
  auto engine = Open();
  ASSERT_NE(engine, nullptr);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             engine->ScanBytes(bytes, {"framed", "test"}));
  ASSERT_EQ(r.status, ScanStatus::kMatch);
  ASSERT_EQ(r.matches.size(), 1u);
  EXPECT_EQ(r.matches[0].match.variant, "unletterboxed");
  EXPECT_LE(r.matches[0].match.distance, 8);
}

// A copy with a white band added on top of a stored picture whose own foot
// is white matches through the one-sided crop (the picture exactly).
TEST_F(EngineTest, BandOnOneSideMatchesThroughTheOneSidedCrop) {
  const int w = 300, h = 200, margin = 30, band = 20;
  std::vector<uint8_t> picture = Pattern(w, h, 5);
  std::fill(picture.begin() + size_t(h - margin) * w * 3, picture.end(), 255);
  {
    auto engine = Open();
    ASSERT_NE(engine, nullptr);
    MediaHasher hasher;
    VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes stored,
                               hasher.HashRgb(picture, w, h, w * 3));
    std::vector<Signal> signals;
    for (Signal& s : stored.Signals()) {
      if (s.type == SignalType::kPdq) signals.push_back(s);
    }
    VIGIL_ASSERT_OK(engine->store()
                        .AddEntry("known", signals, {"case-10", "cat", "", "t"})
                        .status());
  }
  std::vector<uint8_t> banded(size_t(w) * (h + band) * 3, 255);
  std::copy(picture.begin(), picture.end(),
            banded.begin() + size_t(band) * w * 3);
  PngOptions png;
  const std::vector<uint8_t> bytes =
      testing::EncodePng(banded, w, h + band, png);
  auto engine = Open();
  ASSERT_NE(engine, nullptr);
  VIGIL_ASSERT_OK_AND_ASSIGN(ScanResult r,
                             engine->ScanBytes(bytes, {"banded", "test"}));
  ASSERT_EQ(r.status, ScanStatus::kMatch);
  ASSERT_EQ(r.matches.size(), 1u);
  EXPECT_EQ(r.matches[0].match.variant, "unletterboxed");
  EXPECT_EQ(r.matches[0].match.distance, 0);
}

TEST_F(EngineTest, LookupMatchesHashesWithoutContentAndRecordsNoEvent) {
  auto engine = Open();
  ASSERT_NE(engine, nullptr);
  MediaHasher hasher;
  VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes h,
                             hasher.HashRgb(known_, 300, 200, 900));
  ASSERT_TRUE(h.pdq.has_value());
  Signal pdq{
      SignalType::kPdq,
      std::vector<uint8_t>(h.pdq->hash.bytes.begin(), h.pdq->hash.bytes.end()),
      -1};
  Signal near = pdq;
  near.bytes[0] ^= 0x0f;  // 4 bits away
  Signal far = pdq;
  for (uint8_t& b : far.bytes) b = static_cast<uint8_t>(~b);
  Signal low_quality = near;
  low_quality.quality = 10;  // under the set's minimum 50
  Signal sha{
      SignalType::kSha256,
      std::vector<uint8_t>(h.digests.sha256.begin(), h.digests.sha256.end()),
      -1};
  Signal md5{SignalType::kMd5, std::vector<uint8_t>(16, 0), -1};
  std::vector<Signal> queries = {pdq, near, far, low_quality, sha, md5};
  VIGIL_ASSERT_OK_AND_ASSIGN(auto results, engine->Lookup(queries));
  ASSERT_EQ(results.size(), queries.size());
  ASSERT_EQ(results[0].size(), 1u);
  EXPECT_EQ(results[0][0].match.hashset, "known");
  EXPECT_EQ(results[0][0].match.distance, 0);
  EXPECT_EQ(results[0][0].match.external_id, "case-9");
  EXPECT_EQ(results[0][0].action, HashsetAction::kBlock);
  ASSERT_EQ(results[1].size(), 1u);
  EXPECT_EQ(results[1][0].match.distance, 4);
  EXPECT_TRUE(results[2].empty());
  EXPECT_TRUE(results[3].empty());
  ASSERT_EQ(results[4].size(), 1u);
  EXPECT_EQ(results[4][0].match.distance, 0);
  EXPECT_TRUE(results[5].empty());  // md5 is not a type of the set
  VIGIL_ASSERT_OK_AND_ASSIGN(auto events, engine->ListEvents("", 0));
  EXPECT_TRUE(events.empty());

  Signal vpdq{SignalType::kVpdq, {1, 2, 3}, -1};
  EXPECT_THAT(engine->Lookup({&vpdq, 1}).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("scan")));
}

}  // namespace
}  // namespace vigil
