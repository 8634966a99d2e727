// Copyright 2026 The Vigil Authors.
//
// Video hash sets: the binary vPDQ signal, and vPDQ entries in the store
// (add, get, reopen, remove, export, delete, bulk reads).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "store/test_util.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/hashset_store.h"
#include "vigil/hex.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

// A benign synthetic video hash: random frames, one per second.
std::vector<VpdqFrame> RandomFrames(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<VpdqFrame> frames(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    VpdqFrame& f = frames[static_cast<size_t>(i)];
    f.frame_number = i * 30;
    f.timestamp = i * 1.001;
    f.quality = static_cast<int>(rng() % 101);
    for (auto& b : f.hash.bytes) b = static_cast<uint8_t>(rng());
  }
  return frames;
}

Signal VpdqOf(const std::vector<VpdqFrame>& frames) {
  Result<Signal> s = EncodeVpdqSignal(frames);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : Signal{};
}

TEST(VpdqSignalTest, RoundTripsFramesExactly) {
  for (int n : {1, 2, 17, 300}) {
    std::vector<VpdqFrame> frames = RandomFrames(n, static_cast<uint64_t>(n));
    Signal s = VpdqOf(frames);
    EXPECT_EQ(s.type, SignalType::kVpdq);
    VIGIL_ASSERT_OK_AND_ASSIGN(std::vector<VpdqFrame> back,
                               DecodeVpdqSignal(s.bytes));
    ASSERT_EQ(back.size(), frames.size());
    for (size_t i = 0; i < frames.size(); ++i) {
      EXPECT_EQ(back[i].frame_number, frames[i].frame_number);
      EXPECT_EQ(back[i].quality, frames[i].quality);
      EXPECT_EQ(back[i].hash, frames[i].hash);
      EXPECT_NEAR(back[i].timestamp, frames[i].timestamp, 1e-6);
    }
    // Canonical: encoding the decoded frames gives the same bytes and id.
    EXPECT_EQ(VpdqOf(back).bytes, s.bytes);
    EXPECT_EQ(VpdqSignalId(VpdqOf(back).bytes), VpdqSignalId(s.bytes));
  }
}

TEST(VpdqSignalTest, RejectsMalformedBytes) {
  Signal s = VpdqOf(RandomFrames(3, 7));
  EXPECT_THAT(DecodeVpdqSignal({}),
              StatusIs(StatusCode::kCorruptInput, ::testing::_));
  std::vector<uint8_t> bad = s.bytes;
  bad[0] = 2;  // unknown version
  EXPECT_THAT(DecodeVpdqSignal(bad),
              StatusIs(StatusCode::kCorruptInput, ::testing::_));
  for (size_t cut = 1; cut < s.bytes.size(); cut += 7) {
    std::vector<uint8_t> truncated(s.bytes.begin(),
                                   s.bytes.begin() + static_cast<long>(cut));
    EXPECT_THAT(DecodeVpdqSignal(truncated),
                StatusIs(StatusCode::kCorruptInput, ::testing::_))
        << "cut at " << cut;
  }
  std::vector<uint8_t> trailing = s.bytes;
  trailing.push_back(0);
  EXPECT_THAT(DecodeVpdqSignal(trailing),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("trailing")));
  // A count the bytes cannot hold is refused before allocating for it.
  std::vector<uint8_t> huge = {1, 0xff, 0xff, 0xff, 0xff, 0x0f};
  EXPECT_THAT(DecodeVpdqSignal(huge),
              StatusIs(StatusCode::kCorruptInput, ::testing::_));
  std::vector<VpdqFrame> frames = RandomFrames(2, 1);
  frames[1].quality = 101;
  EXPECT_THAT(EncodeVpdqSignal(frames),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
}

class VpdqStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path() + "/db";
    Reopen();
    HashsetConfig c;
    c.name = "videos";
    c.signal_types = {SignalType::kVpdq, SignalType::kMd5};
    c.thresholds[SignalType::kVpdq] = 20;
    c.video_query_percent = 70;
    c.video_target_percent = 60;
    VIGIL_ASSERT_OK(store_->CreateHashset(c, {"test", ""}).status());
  }
  void Reopen() {
    store_.reset();
    auto store = HashsetStore::Open(dir_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  // (set id, signal bytes) of every packed vPDQ run.
  std::set<std::pair<uint32_t, std::vector<uint8_t>>> PackedVideos() {
    std::set<std::pair<uint32_t, std::vector<uint8_t>>> out;
    Status s = store_->ForEachPackedHashes(
        SignalType::kVpdq, [&](uint32_t id, std::span<const uint8_t> bytes) {
          out.insert({id, std::vector<uint8_t>(bytes.begin(), bytes.end())});
          return Status::OK();
        });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

  TempDir tmp_;
  std::string dir_;
  std::unique_ptr<HashsetStore> store_;
};

TEST_F(VpdqStoreTest, ConfigSharesAndThresholdPersist) {
  Reopen();
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h, store_->GetHashset("videos"));
  EXPECT_EQ(h.config.ThresholdFor(SignalType::kVpdq), 20);
  EXPECT_EQ(h.config.MinQualityFor(SignalType::kVpdq), 50);
  EXPECT_EQ(h.config.video_query_percent, 70);
  EXPECT_EQ(h.config.video_target_percent, 60);
  HashsetConfig bad = h.config;
  bad.name = "bad";
  bad.video_target_percent = 0;
  EXPECT_THAT(store_->CreateHashset(bad, {"test", ""}).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("shares")));
}

TEST_F(VpdqStoreTest, AddsGetsAndBulkReadsWholeVideos) {
  Signal a = VpdqOf(RandomFrames(40, 1));
  Signal b = VpdqOf(RandomFrames(3, 2));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      AddResult r, store_->AddEntry("videos", std::vector<Signal>{a, b},
                                    {"case-1", "cat", "note", "alice"}));
  EXPECT_EQ(r.added, 2u);
  // Idempotent.
  VIGIL_ASSERT_OK_AND_ASSIGN(
      r, store_->AddEntry("videos", std::vector<Signal>{a}, {"x", "", "", ""}));
  EXPECT_EQ(r.added, 0u);
  EXPECT_EQ(r.existing, 1u);
  Reopen();
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h, store_->GetHashset("videos"));
  EXPECT_EQ(h.entry_counts[SignalType::kVpdq], 2u);
  VIGIL_ASSERT_OK_AND_ASSIGN(Entry e, store_->GetEntry(h.id, a));
  EXPECT_EQ(e.external_id, "case-1");
  EXPECT_EQ(e.signal.bytes, a.bytes);
  std::set<std::pair<uint32_t, std::vector<uint8_t>>> want = {{h.id, a.bytes},
                                                              {h.id, b.bytes}};
  EXPECT_EQ(PackedVideos(), want);
  std::set<std::vector<uint8_t>> seen;
  VIGIL_ASSERT_OK(
      store_->ForEachEntry(SignalType::kVpdq, [&](const Entry& entry) {
        EXPECT_EQ(entry.external_id, "case-1");
        seen.insert(entry.signal.bytes);
        return Status::OK();
      }));
  EXPECT_EQ(seen, (std::set<std::vector<uint8_t>>{a.bytes, b.bytes}));
}

TEST_F(VpdqStoreTest, RejectsBadValues) {
  Signal bad{SignalType::kVpdq, {1, 5, 0}, -1};
  EXPECT_THAT(store_->AddEntry("videos", std::vector<Signal>{bad}, {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("vpdq")));
  Signal empty = VpdqOf({});
  EXPECT_THAT(store_->AddEntry("videos", std::vector<Signal>{empty}, {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("frame")));
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h, store_->GetHashset("videos"));
  EXPECT_EQ(h.TotalEntries(), 0u);
  // Lists cannot carry vPDQ values.
  ImportOptions io;
  io.format = HashsetFormat::kTyped;
  EXPECT_THAT(store_->ImportText("videos", "vpdq 0100\n", io).status(),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
}

TEST_F(VpdqStoreTest, RemovesByValueAndByExternalId) {
  Signal a = VpdqOf(RandomFrames(5, 1));
  Signal b = VpdqOf(RandomFrames(6, 2));
  Signal c = VpdqOf(RandomFrames(7, 3));
  VIGIL_ASSERT_OK(
      store_->AddEntry("videos", std::vector<Signal>{a}, {"A", "", "", ""})
          .status());
  VIGIL_ASSERT_OK(
      store_->AddEntry("videos", std::vector<Signal>{b, c}, {"BC", "", "", ""})
          .status());
  RemoveSelector by_value;
  by_value.signal = a;
  VIGIL_ASSERT_OK(
      store_->RemoveEntries("videos", by_value, {"bob", "false positive"})
          .status());
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h, store_->GetHashset("videos"));
  EXPECT_THAT(store_->GetEntry(h.id, a).status(),
              StatusIs(StatusCode::kNotFound, ::testing::_));
  EXPECT_EQ(PackedVideos().size(), 2u);
  RemoveSelector by_id;
  by_id.external_id = "BC";
  VIGIL_ASSERT_OK_AND_ASSIGN(
      RemoveResult r,
      store_->RemoveEntries("videos", by_id, {"bob", "false positive"}));
  EXPECT_EQ(r.removed, 2u);
  EXPECT_TRUE(PackedVideos().empty());
  VIGIL_ASSERT_OK_AND_ASSIGN(h, store_->GetHashset("videos"));
  EXPECT_EQ(h.TotalEntries(), 0u);
}

TEST_F(VpdqStoreTest, ExportsHexAndDeletesWithTheSet) {
  Signal a = VpdqOf(RandomFrames(4, 9));
  std::mt19937_64 rng(5);
  Signal md5 = vigil::testing::RandomSignal(SignalType::kMd5, rng);
  VIGIL_ASSERT_OK(
      store_->AddEntry("videos", std::vector<Signal>{a, md5}, {"A", "", "", ""})
          .status());
  ExportOptions eo;
  eo.format = HashsetFormat::kTyped;
  std::string text;
  VIGIL_ASSERT_OK(store_->Export("videos", eo, [&](std::string_view chunk) {
    text += chunk;
    return Status::OK();
  }));
  EXPECT_THAT(text, HasSubstr("vpdq " + HexEncode(a.bytes) + "\n"));
  EXPECT_THAT(text, HasSubstr("md5 " + md5.ToHex() + "\n"));
  VIGIL_ASSERT_OK(store_->DeleteHashset("videos", {"bob", "done"}));
  EXPECT_TRUE(PackedVideos().empty());
  size_t entries = 0;
  VIGIL_ASSERT_OK(store_->ForEachEntry(SignalType::kVpdq, [&](const Entry&) {
    ++entries;
    return Status::OK();
  }));
  EXPECT_EQ(entries, 0u);
}

}  // namespace
}  // namespace vigil
