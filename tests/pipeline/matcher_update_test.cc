// Copyright 2026 The Vigil Authors.
//
// Live index updates: the matcher applies the change log incrementally
// (Matcher::ApplyChanges) and ends in the same state as a fresh build;
// lookups during a large update never miss a hash indexed before it; old
// import records without segment ranges fall back to reloading the set;
// the engine's follower picks up changes without Refresh().

#include <rocksdb/db.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "pipeline/internal/matcher.h"
#include "store/internal/db_access.h"
#include "store/internal/keys.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/engine.h"
#include "vigil/hex.h"
#include "vigil/vpdq.h"

namespace vigil::internal {
namespace {

using ::vigil::testing::TempDir;
using Bytes32 = std::array<uint8_t, 32>;

int64_t UnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Bytes32 RandomHash(std::mt19937_64& rng) {
  Bytes32 h;
  for (auto& b : h) b = static_cast<uint8_t>(rng());
  return h;
}

// `h` with `bits` distinct random bits flipped.
Bytes32 Flip(Bytes32 h, int bits, std::mt19937_64& rng) {
  std::set<int> done;
  while (static_cast<int>(done.size()) < bits) {
    int bit = static_cast<int>(rng() % 256);
    if (done.insert(bit).second) h[bit / 8] ^= uint8_t(1u << (bit % 8));
  }
  return h;
}

// One line per match: what must agree between two matchers.
std::string Describe(const Result<std::vector<ScanMatch>>& r) {
  if (!r.ok()) return "error: " + std::string(r.status().message());
  std::string out;
  for (const ScanMatch& m : *r) {
    out += m.match.hashset + " " + SignalTypeName(m.match.signal_type) + " " +
           std::to_string(m.match.distance) + " " + m.match.hash + " " +
           m.match.external_id + " " + HashsetActionName(m.action);
    if (m.match.video.has_value()) {
      out += " " + std::to_string(m.match.video->query_matched) + "/" +
             std::to_string(m.match.video->target_matched);
    }
    out += "\n";
  }
  return out;
}

class MatcherUpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VIGIL_ASSERT_OK_AND_ASSIGN(store_,
                               HashsetStore::Open(dir_.path() + "/db", {}));
  }

  Status Create(const std::string& name, int pdq_threshold) {
    HashsetConfig config;
    config.name = name;
    config.signal_types = {SignalType::kMd5, SignalType::kPdq,
                           SignalType::kVpdq};
    config.thresholds[SignalType::kPdq] = pdq_threshold;
    config.min_quality[SignalType::kPdq] = 0;
    return store_->CreateHashset(config, {"test", ""}).status();
  }

  // A video of `n` frames with random hashes (quality 90).
  std::vector<VpdqFrame> RandomVideo(int n) {
    std::vector<VpdqFrame> frames;
    for (int i = 0; i < n; ++i) {
      VpdqFrame f;
      f.frame_number = i;
      f.quality = 90;
      f.timestamp = i;
      f.hash.bytes = RandomHash(rng_);
      frames.push_back(f);
    }
    return frames;
  }

  // Every query the two matchers must answer alike.
  void ExpectSameMatches(const Matcher& a, const Matcher& b) {
    for (const Bytes32& h : pdq_pool_) {
      for (int bits : {0, 7}) {
        MediaHashes q;
        q.pdq = PdqResult{};
        q.pdq->hash.bytes = bits == 0 ? h : Flip(h, bits, rng_);
        q.pdq->quality = 100;
        ASSERT_EQ(Describe(a.Match(q, false)), Describe(b.Match(q, false)))
            << HexEncode(q.pdq->hash.bytes);
      }
    }
    for (const auto& md5 : md5_pool_) {
      MediaHashes q;
      q.digests.md5 = md5;
      ASSERT_EQ(Describe(a.Match(q, false)), Describe(b.Match(q, false)));
    }
    for (const auto& frames : videos_) {
      MediaHashes q;
      VideoHash v;
      v.frames = frames;
      ASSERT_EQ(Describe(a.MatchVideo(q, v, false)),
                Describe(b.MatchVideo(q, v, false)));
    }
    EngineStats sa = a.Stats(), sb = b.Stats();
    EXPECT_EQ(sa.hashsets, sb.hashsets);
    EXPECT_EQ(sa.pdq_hashes, sb.pdq_hashes);
    EXPECT_EQ(sa.digest_hashes, sb.digest_hashes);
    EXPECT_EQ(sa.video_entries, sb.video_entries);
  }

  // Imports `n` PDQ hashes and `n` MD5s into `name` (typed list).
  Status ImportRandom(const std::string& name, int n) {
    std::string text;
    for (int i = 0; i < n; ++i) {
      Bytes32 h = RandomHash(rng_);
      pdq_pool_.push_back(h);
      text += "pdq " + HexEncode(h) + "\n";
      std::array<uint8_t, 16> md5;
      for (auto& b : md5) b = static_cast<uint8_t>(rng_());
      md5_pool_.push_back(md5);
      text += "md5 " + HexEncode(md5) + "\n";
    }
    ImportOptions options;
    options.format = HashsetFormat::kTyped;
    return store_->ImportText(name, text, options).status();
  }

  TempDir dir_;
  std::unique_ptr<HashsetStore> store_;
  std::mt19937_64 rng_{20261206};
  std::vector<Bytes32> pdq_pool_;
  std::vector<std::array<uint8_t, 16>> md5_pool_;
  std::vector<std::vector<VpdqFrame>> videos_;
};

TEST_F(MatcherUpdateTest, IncrementalEqualsRebuildAfterRandomChanges) {
  const std::vector<std::string> names = {"alpha", "beta", "gamma"};
  for (size_t i = 0; i < names.size(); ++i) {
    VIGIL_ASSERT_OK(Create(names[i], 20 + 5 * static_cast<int>(i)));
  }
  VIGIL_ASSERT_OK(ImportRandom("alpha", 50));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto live, Matcher::Build(*store_, {}));
  // What each set was given (to pick removals from).
  std::map<std::string, std::vector<Signal>> added;
  int recreated = 0;
  for (int step = 0; step < 120; ++step) {
    const std::string& name = names[rng_() % names.size()];
    switch (rng_() % 10) {
      case 0:
      case 1:
        VIGIL_ASSERT_OK(ImportRandom(name, 1 + static_cast<int>(rng_() % 300)));
        break;
      case 2: {  // hash and block: a PDQ near a known one, and an MD5
        Bytes32 h = pdq_pool_.empty()
                        ? RandomHash(rng_)
                        : Flip(pdq_pool_[rng_() % pdq_pool_.size()], 3, rng_);
        pdq_pool_.push_back(h);
        std::vector<Signal> signals = {
            Signal{SignalType::kPdq, {h.begin(), h.end()}, -1},
            Signal{SignalType::kMd5, std::vector<uint8_t>(16, uint8_t(step)),
                   -1}};
        EntryInfo info;
        info.external_id = "case-" + std::to_string(step);
        VIGIL_ASSERT_OK(store_->AddEntry(name, signals, info).status());
        md5_pool_.push_back({});
        std::copy(signals[1].bytes.begin(), signals[1].bytes.end(),
                  md5_pool_.back().begin());
        for (auto& s : signals) added[name].push_back(s);
        break;
      }
      case 3: {  // a video, or a near copy of a known one
        std::vector<VpdqFrame> frames = RandomVideo(5);
        videos_.push_back(frames);
        VIGIL_ASSERT_OK_AND_ASSIGN(Signal s, EncodeVpdqSignal(frames));
        VIGIL_ASSERT_OK(store_->AddEntry(name, {&s, 1}, {}).status());
        added[name].push_back(s);
        break;
      }
      case 4:
      case 5: {  // remove an added signal, or an imported PDQ hash
        Signal victim;
        if (!added[name].empty() && rng_() % 2 == 0) {
          victim = added[name][rng_() % added[name].size()];
        } else if (!pdq_pool_.empty()) {
          const Bytes32& h = pdq_pool_[rng_() % pdq_pool_.size()];
          victim = Signal{SignalType::kPdq, {h.begin(), h.end()}, -1};
        } else {
          break;
        }
        RemoveSelector selector;
        selector.signal = victim;
        Result<RemoveResult> r =
            store_->RemoveEntries(name, selector, {"test", "false positive"});
        if (!r.ok()) {
          ASSERT_EQ(r.status().code(), StatusCode::kNotFound);
        }
        break;
      }
      case 6: {
        VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h, store_->GetHashset(name));
        VIGIL_ASSERT_OK(
            store_->SetHashsetEnabled(name, !h.enabled, {"test", "toggle"})
                .status());
        break;
      }
      case 7:
        if (rng_() % 3 == 0) {
          VIGIL_ASSERT_OK(store_->DeleteHashset(name, {"test", "retired"}));
          added.erase(name);
          VIGIL_ASSERT_OK(Create(name, 31));
          ++recreated;
        }
        break;
      case 8: {  // disable an entry (forever, or until later), or enable
        if (pdq_pool_.empty() || md5_pool_.empty()) break;
        EntryRef ref;
        ref.hashset = name;
        if (rng_() % 2 == 0) {
          const Bytes32& h = pdq_pool_[rng_() % pdq_pool_.size()];
          ref.type = SignalType::kPdq;
          ref.hash.assign(h.begin(), h.end());
        } else {
          const auto& h = md5_pool_[rng_() % md5_pool_.size()];
          ref.type = SignalType::kMd5;
          ref.hash.assign(h.begin(), h.end());
        }
        const int choice = static_cast<int>(rng_() % 3);
        Status s;
        if (choice == 2) {
          s = store_->EnableEntry(ref, {"test", "appeal"}).status();
        } else {
          // Forever, or until a day from now.
          const int64_t until =
              choice == 0 ? 0 : UnixMs() + int64_t{24} * 3600 * 1000;
          s = store_->DisableEntry(ref, until, {"test", "fp"}).status();
        }
        if (!s.ok()) {
          ASSERT_EQ(s.code(), StatusCode::kNotFound) << s.ToString();
        }
        break;
      }
      default:
        break;
    }
    if (rng_() % 3 == 0) {
      VIGIL_ASSERT_OK(live->ApplyChanges());
      EXPECT_EQ(live->change_seq(), store_->LastChangeSeq());
      VIGIL_ASSERT_OK_AND_ASSIGN(auto fresh, Matcher::Build(*store_, {}));
      ExpectSameMatches(*live, *fresh);
      if (HasFatalFailure()) return;
    }
  }
  VIGIL_ASSERT_OK(live->ApplyChanges());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto fresh, Matcher::Build(*store_, {}));
  ExpectSameMatches(*live, *fresh);
  EXPECT_GT(recreated, 0);
  EXPECT_GT(live->Stats().pdq_hashes, 0u);
}

TEST_F(MatcherUpdateTest, DisabledSetMatchesNothingUntilEnabled) {
  VIGIL_ASSERT_OK(Create("cases", 31));
  VIGIL_ASSERT_OK(ImportRandom("cases", 20));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto live, Matcher::Build(*store_, {}));
  MediaHashes q;
  q.pdq = PdqResult{};
  q.pdq->hash.bytes = pdq_pool_[3];
  q.pdq->quality = 100;
  EXPECT_EQ(live->Match(q, false)->size(), 1u);
  VIGIL_ASSERT_OK(
      store_->SetHashsetEnabled("cases", false, {"ops", "audit"}).status());
  VIGIL_ASSERT_OK(live->ApplyChanges());
  EXPECT_TRUE(live->Match(q, false)->empty());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto fresh, Matcher::Build(*store_, {}));
  EXPECT_TRUE(fresh->Match(q, false)->empty());
  VIGIL_ASSERT_OK(
      store_->SetHashsetEnabled("cases", true, {"ops", "audit done"}).status());
  VIGIL_ASSERT_OK(live->ApplyChanges());
  EXPECT_EQ(live->Match(q, false)->size(), 1u);
}

// A disabled entry matches nothing, in a live and in a fresh matcher; the
// other entries of its set still match; it matches again when enabled or
// when its time has passed (no record needed for that).
TEST_F(MatcherUpdateTest, DisabledEntryMatchesNothingWhileDisabled) {
  VIGIL_ASSERT_OK(Create("cases", 31));
  VIGIL_ASSERT_OK(ImportRandom("cases", 20));
  std::vector<VpdqFrame> frames = RandomVideo(6);
  VIGIL_ASSERT_OK_AND_ASSIGN(Signal video, EncodeVpdqSignal(frames));
  VIGIL_ASSERT_OK(store_->AddEntry("cases", {&video, 1}, {}).status());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto live, Matcher::Build(*store_, {}));
  auto pdq_query = [&](size_t i, int bits) {
    MediaHashes q;
    q.pdq = PdqResult{};
    q.pdq->hash.bytes = Flip(pdq_pool_[i], bits, rng_);
    q.pdq->quality = 100;
    return q;
  };
  MediaHashes md5_query;
  md5_query.digests.md5 = md5_pool_[5];
  VideoHash video_query;
  video_query.frames = frames;
  auto matches = [&](const Matcher& m, const MediaHashes& q) {
    return m.Match(q, false)->size();
  };
  auto video_matches = [&](const Matcher& m) {
    return m.MatchVideo({}, video_query, false)->size();
  };
  ASSERT_EQ(matches(*live, pdq_query(3, 5)), 1u);
  ASSERT_EQ(matches(*live, md5_query), 1u);
  ASSERT_EQ(video_matches(*live), 1u);

  EntryRef pdq{
      "cases", SignalType::kPdq, {pdq_pool_[3].begin(), pdq_pool_[3].end()}};
  EntryRef md5{
      "cases", SignalType::kMd5, {md5_pool_[5].begin(), md5_pool_[5].end()}};
  const auto video_id = VpdqSignalId(video.bytes);
  EntryRef vid{"cases", SignalType::kVpdq, {video_id.begin(), video_id.end()}};
  VIGIL_ASSERT_OK(store_->DisableEntry(pdq, 0, {"ops", "fp"}).status());
  VIGIL_ASSERT_OK(store_->DisableEntry(md5, 0, {"ops", "fp"}).status());
  VIGIL_ASSERT_OK(store_->DisableEntry(vid, 0, {"ops", "fp"}).status());
  VIGIL_ASSERT_OK(live->ApplyChanges());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto fresh, Matcher::Build(*store_, {}));
  for (const Matcher* m : {live.get(), fresh.get()}) {
    EXPECT_EQ(matches(*m, pdq_query(3, 5)), 0u);
    EXPECT_EQ(matches(*m, md5_query), 0u);
    EXPECT_EQ(video_matches(*m), 0u);
    EXPECT_EQ(matches(*m, pdq_query(4, 0)), 1u);  // the others still match
  }
  // Until a time already past: matches again without a further record.
  VIGIL_ASSERT_OK(
      store_->DisableEntry(pdq, UnixMs() - 1, {"ops", "x"}).status());
  VIGIL_ASSERT_OK(live->ApplyChanges());
  EXPECT_EQ(matches(*live, pdq_query(3, 5)), 1u);
  // Until 1.5 s from now: off, then on by itself.
  const int64_t until = UnixMs() + 1500;
  VIGIL_ASSERT_OK(store_->DisableEntry(pdq, until, {"ops", "x"}).status());
  VIGIL_ASSERT_OK(live->ApplyChanges());
  if (UnixMs() < until) {
    EXPECT_EQ(matches(*live, pdq_query(3, 5)), 0u);
  }
  while (UnixMs() <= until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(matches(*live, pdq_query(3, 5)), 1u);
  // Enabled: matches again in both.
  VIGIL_ASSERT_OK_AND_ASSIGN(bool cleared,
                             store_->EnableEntry(md5, {"ops", "appeal"}));
  EXPECT_TRUE(cleared);
  VIGIL_ASSERT_OK(store_->EnableEntry(vid, {"ops", "appeal"}).status());
  VIGIL_ASSERT_OK(live->ApplyChanges());
  VIGIL_ASSERT_OK_AND_ASSIGN(fresh, Matcher::Build(*store_, {}));
  for (const Matcher* m : {live.get(), fresh.get()}) {
    EXPECT_EQ(matches(*m, md5_query), 1u);
    EXPECT_EQ(video_matches(*m), 1u);
  }
  // A removed entry loses its disable: added again, it matches.
  VIGIL_ASSERT_OK(store_->DisableEntry(md5, 0, {"ops", "fp"}).status());
  RemoveSelector selector;
  selector.signal = Signal{SignalType::kMd5, md5.hash, -1};
  VIGIL_ASSERT_OK(
      store_->RemoveEntries("cases", selector, {"ops", "gone"}).status());
  VIGIL_ASSERT_OK(
      store_->AddEntry("cases", {&*selector.signal, 1}, {}).status());
  VIGIL_ASSERT_OK(live->ApplyChanges());
  EXPECT_EQ(matches(*live, md5_query), 1u);
}

TEST_F(MatcherUpdateTest, OldImportRecordsReloadTheSet) {
  VIGIL_ASSERT_OK(Create("legacy", 31));
  VIGIL_ASSERT_OK(ImportRandom("legacy", 10));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto live, Matcher::Build(*store_, {}));
  VIGIL_ASSERT_OK(ImportRandom("legacy", 30));
  // Rewrite the import record as vigil wrote it before segment ranges.
  const uint64_t seq = store_->LastChangeSeq();
  rocksdb::DB* db = StoreDb(*store_);
  rocksdb::ColumnFamilyHandle* log = StoreColumnFamily(*store_, kChangelogCf);
  std::string value;
  ASSERT_TRUE(db->Get({}, log, ChangelogKey(seq), &value).ok());
  nlohmann::json record = nlohmann::json::parse(value);
  ASSERT_TRUE(record.contains("segments"));
  record.erase("segments");
  ASSERT_TRUE(db->Put({}, log, ChangelogKey(seq), record.dump()).ok());

  bool complete = true;
  VIGIL_ASSERT_OK(store_->ForEachChange(
      seq - 1, 0,
      [&](const ChangeDelta& d) {
        complete = d.complete;
        return Status::OK();
      },
      [](const ChangeDelta&, SignalType, std::span<const uint8_t>) {
        ADD_FAILURE() << "an incomplete record has no signals";
        return Status::OK();
      }));
  EXPECT_FALSE(complete);

  VIGIL_ASSERT_OK(live->ApplyChanges());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto fresh, Matcher::Build(*store_, {}));
  ExpectSameMatches(*live, *fresh);
  EXPECT_EQ(live->Stats().pdq_hashes, 40u);
}

TEST_F(MatcherUpdateTest, ChangeDeltasNameTheirSignals) {
  VIGIL_ASSERT_OK(Create("feed", 31));
  VIGIL_ASSERT_OK(ImportRandom("feed", 70000));  // two packed segments
  Signal removed{
      SignalType::kPdq, {pdq_pool_[5].begin(), pdq_pool_[5].end()}, -1};
  RemoveSelector selector;
  selector.signal = removed;
  VIGIL_ASSERT_OK(
      store_->RemoveEntries("feed", selector, {"ops", "fp"}).status());
  std::vector<std::string> ops;
  std::map<std::string, size_t> values;  // "op type" -> bytes
  size_t pdq_calls = 0;
  VIGIL_ASSERT_OK(store_->ForEachChange(
      0, 0,
      [&](const ChangeDelta& d) {
        ops.push_back(d.op);
        EXPECT_TRUE(d.complete);
        return Status::OK();
      },
      [&](const ChangeDelta& d, SignalType type, std::span<const uint8_t> v) {
        values[d.op + " " + SignalTypeName(type)] += v.size();
        if (d.op == "import" && type == SignalType::kPdq) ++pdq_calls;
        if (d.op == "remove") {
          EXPECT_EQ(HexEncode(v), HexEncode(pdq_pool_[5]));
        }
        return Status::OK();
      }));
  EXPECT_EQ(ops, (std::vector<std::string>{"create", "import", "remove"}));
  // The import streams its segments as written, before the removal.
  EXPECT_EQ(values["import pdq"], 70000u * 32 - 32);
  EXPECT_EQ(values["import md5"], 70000u * 16);
  EXPECT_EQ(values["remove pdq"], 32u);
  EXPECT_EQ(pdq_calls, 2u);
}

TEST_F(MatcherUpdateTest, LookupsDuringALargeImportNeverMissKnownHashes) {
  VIGIL_ASSERT_OK(Create("base", 31));
  VIGIL_ASSERT_OK(ImportRandom("base", 20000));
  const std::vector<Bytes32> known = pdq_pool_;
  VIGIL_ASSERT_OK_AND_ASSIGN(auto live, Matcher::Build(*store_, {}));
  VIGIL_ASSERT_OK(Create("incoming", 31));
  VIGIL_ASSERT_OK(ImportRandom("incoming", 200000));
  VIGIL_ASSERT_OK(ImportRandom("base", 50000));

  std::atomic<bool> done{false};
  std::atomic<size_t> lookups{0}, misses{0};
  std::thread reader([&] {
    std::mt19937_64 rng(7);
    while (!done.load()) {
      MediaHashes q;
      q.pdq = PdqResult{};
      q.pdq->hash.bytes = known[rng() % known.size()];
      q.pdq->quality = 100;
      Result<std::vector<ScanMatch>> r = live->Match(q, false);
      if (!r.ok() || r->empty() || (*r)[0].match.hashset != "base") ++misses;
      ++lookups;
    }
  });
  Status applied = live->ApplyChanges();
  done = true;
  reader.join();
  VIGIL_ASSERT_OK(applied);
  EXPECT_EQ(misses.load(), 0u);
  EXPECT_GT(lookups.load(), 0u);
  MediaHashes q;
  q.pdq = PdqResult{};
  q.pdq->hash.bytes = pdq_pool_.back();
  q.pdq->quality = 100;
  EXPECT_EQ(live->Match(q, false)->size(), 1u);
  EXPECT_EQ(live->Stats().pdq_hashes, 270000u);
}

// An engine that follows its store (no refresh calls) with one set,
// "blocked", holding the SHA-256 of a byte string that is not an image.
class EngineFollowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.db_dir = dir_.path() + "/db";
    options.follow_interval_ms = 10;
    VIGIL_ASSERT_OK_AND_ASSIGN(engine_, Engine::Open(options));
    HashsetConfig config;
    config.name = "blocked";
    config.signal_types = {SignalType::kSha256};
    VIGIL_ASSERT_OK(engine_->store().CreateHashset(config, {"t", ""}).status());
    Digests d = ComputeDigests(bytes());
    signal_ =
        Signal{SignalType::kSha256, {d.sha256.begin(), d.sha256.end()}, -1};
    VIGIL_ASSERT_OK(
        engine_->store().AddEntry("blocked", {&signal_, 1}, {}).status());
  }

  std::span<const uint8_t> bytes() const {
    return {reinterpret_cast<const uint8_t*>(text_.data()), text_.size()};
  }

  // Scans the bytes until the result is `want`, for at most 10 s.
  bool WaitFor(ScanStatus want) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      Result<ScanResult> r = engine_->ScanBytes(bytes(), {"upload", "test"});
      if (r.ok() && r->status == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

  TempDir dir_;
  const std::string text_ = "not an image, matched by its digest";
  std::unique_ptr<Engine> engine_;
  Signal signal_;
};

TEST_F(EngineFollowTest, FollowerAppliesChangesWithoutRefresh) {
  EXPECT_TRUE(WaitFor(ScanStatus::kMatch));
  VIGIL_ASSERT_OK(
      engine_->store().SetHashsetEnabled("blocked", false, {"t", ""}).status());
  // Not an image and no digest match: an error, never clean.
  EXPECT_TRUE(WaitFor(ScanStatus::kError));
  EXPECT_EQ(engine_->Stats().change_seq, engine_->store().LastChangeSeq());
  EXPECT_EQ(engine_->Stats().index_rebuilds, 0u);
}

TEST_F(EngineFollowTest, FollowerHonoursEntryDisable) {
  EXPECT_TRUE(WaitFor(ScanStatus::kMatch));
  EntryRef ref{"blocked", SignalType::kSha256, signal_.bytes};
  VIGIL_ASSERT_OK(engine_->store().DisableEntry(ref, 0, {"t", "fp"}).status());
  EXPECT_TRUE(WaitFor(ScanStatus::kError));  // never clean
  VIGIL_ASSERT_OK(engine_->store().EnableEntry(ref, {"t", "appeal"}).status());
  EXPECT_TRUE(WaitFor(ScanStatus::kMatch));
  EXPECT_EQ(engine_->Stats().index_rebuilds, 0u);
}

}  // namespace
}  // namespace vigil::internal
