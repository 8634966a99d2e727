// Copyright 2026 The Vigil Authors.
//
// Batched lookups (Engine::Lookup over Matcher::MatchSignals): a batch
// gives exactly what one lookup per hash gives, for random batches of
// every kind with duplicates, misses, near and far PDQ hashes and
// qualities; match descriptions (from the entry cache) always say what
// the store says, also around removals and re-adds not yet applied.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/engine.h"
#include "vigil/hex.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

// Everything a lookup result says, one line per match.
std::string Describe(const std::vector<ScanMatch>& matches) {
  std::string out;
  for (const ScanMatch& m : matches) {
    out += m.match.hashset + " " + SignalTypeName(m.match.signal_type) + " " +
           std::to_string(m.match.distance) + " " + m.match.hash + " " +
           m.match.query_hash + " " + m.match.external_id + " " +
           m.match.category + " " + std::to_string(m.match.quality) + " " +
           m.match.variant + " " + std::to_string(m.match.threshold) + " " +
           HashsetActionName(m.action) + "\n";
  }
  return out;
}

std::vector<uint8_t> RandomBytes(size_t n, std::mt19937_64& rng) {
  std::vector<uint8_t> b(n);
  for (auto& x : b) x = static_cast<uint8_t>(rng());
  return b;
}

std::vector<uint8_t> Flip(std::vector<uint8_t> h, int bits,
                          std::mt19937_64& rng) {
  std::set<int> done;
  while (static_cast<int>(done.size()) < bits) {
    int bit = static_cast<int>(rng() % (h.size() * 8));
    if (done.insert(bit).second) h[bit / 8] ^= uint8_t(1u << (bit % 8));
  }
  return h;
}

class MatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.db_dir = dir_.path() + "/db";
    options.follow_interval_ms = 0;  // the tests say when to catch up
    options.threads = 4;
    VIGIL_ASSERT_OK_AND_ASSIGN(engine_, Engine::Open(options));
  }

  Status Create(const std::string& name, int pdq_threshold, int min_quality,
                HashsetAction action) {
    HashsetConfig config;
    config.name = name;
    config.action = action;
    for (const SignalKind& kind : AllSignalKinds()) {
      if (kind.match_path == SignalMatchPath::kFileDigest) {
        config.signal_types.push_back(kind.type);
      }
    }
    config.signal_types.push_back(SignalType::kPdq);
    config.thresholds[SignalType::kPdq] = pdq_threshold;
    config.min_quality[SignalType::kPdq] = min_quality;
    return engine_->store().CreateHashset(config, {"test", ""}).status();
  }

  Status Add(const std::string& set, SignalType type,
             const std::vector<uint8_t>& bytes, const std::string& id) {
    Signal s{type, bytes, -1};
    return engine_->store()
        .AddEntry(set, {&s, 1}, {id, "cat-" + id, "", "test"})
        .status();
  }

  Status Remove(const std::string& set, SignalType type,
                const std::vector<uint8_t>& bytes) {
    RemoveSelector selector;
    selector.signal = Signal{type, bytes, -1};
    return engine_->store()
        .RemoveEntries(set, selector, {"test", "false positive"})
        .status();
  }

  // The external id of the match of `set` for `signal` ("-": no match).
  std::string LookupId(const Signal& signal, const std::string& set) {
    Result<std::vector<std::vector<ScanMatch>>> r =
        engine_->Lookup({&signal, 1});
    if (!r.ok()) return "error: " + std::string(r.status().message());
    for (const ScanMatch& m : (*r)[0]) {
      if (m.match.hashset == set) return m.match.external_id;
    }
    return "-";
  }

  TempDir dir_;
  std::unique_ptr<Engine> engine_;
  std::mt19937_64 rng_{15};
};

TEST_F(MatcherTest, BatchLookupsEqualOneByOneLookups) {
  VIGIL_ASSERT_OK(Create("alpha", 31, 50, HashsetAction::kBlock));
  VIGIL_ASSERT_OK(Create("beta", 12, 0, HashsetAction::kReview));
  // Stored: PDQ hashes in one set or both, digests of every kind.
  std::vector<Signal> stored;
  int next_id = 0;
  for (int i = 0; i < 120; ++i) {
    std::vector<uint8_t> h = RandomBytes(32, rng_);
    stored.push_back({SignalType::kPdq, h, -1});
    if (i % 3 != 2) {
      VIGIL_ASSERT_OK(
          Add("alpha", SignalType::kPdq, h, "a" + std::to_string(next_id++)));
    }
    if (i % 3 != 0) {
      VIGIL_ASSERT_OK(
          Add("beta", SignalType::kPdq, h, "b" + std::to_string(next_id++)));
    }
  }
  std::vector<SignalType> digest_types;
  for (const SignalKind& kind : AllSignalKinds()) {
    if (kind.match_path != SignalMatchPath::kFileDigest) continue;
    digest_types.push_back(kind.type);
    for (int i = 0; i < 20; ++i) {
      std::vector<uint8_t> d = RandomBytes(kind.byte_size, rng_);
      stored.push_back({kind.type, d, -1});
      VIGIL_ASSERT_OK(Add(i % 2 ? "alpha" : "beta", kind.type, d,
                          "d" + std::to_string(next_id++)));
      if (i % 5 == 0) {
        VIGIL_ASSERT_OK(
            Add("alpha", kind.type, d, "both" + std::to_string(next_id++)));
      }
    }
  }
  ASSERT_GE(digest_types.size(), 3u);
  VIGIL_ASSERT_OK(engine_->Refresh());

  // Queries: stored hashes, near and far PDQ, misses of every kind, wrong
  // sizes, and qualities around the sets' minimum.
  auto query = [&]() -> Signal {
    const Signal& base = stored[rng_() % stored.size()];
    switch (rng_() % 6) {
      case 0:
        return base;  // exactly stored
      case 1: {       // a miss of a random kind
        SignalType t = rng_() % 2 ? SignalType::kPdq
                                  : digest_types[rng_() % digest_types.size()];
        return {
            t,
            RandomBytes(t == SignalType::kPdq ? 32 : KindOf(t).byte_size, rng_),
            -1};
      }
      case 2:  // a digest of the wrong size
        return {digest_types[rng_() % digest_types.size()],
                RandomBytes(5, rng_), -1};
      default: {  // near a stored PDQ hash, at some quality
        const Signal& p = stored[rng_() % 120];
        static const int kBits[] = {0, 5, 11, 12, 13, 25, 31, 32, 40};
        static const int kQualities[] = {-1, 10, 49, 50, 100};
        return {SignalType::kPdq, Flip(p.bytes, kBits[rng_() % 9], rng_),
                kQualities[rng_() % 5]};
      }
    }
  };
  for (size_t size : {1, 7, 31, 64, 100, 257, 1000}) {
    std::vector<Signal> batch;
    for (size_t i = 0; i < size; ++i) {
      // Duplicates: every fourth query repeats an earlier one.
      batch.push_back(i % 4 == 3 ? batch[rng_() % i] : query());
    }
    VIGIL_ASSERT_OK_AND_ASSIGN(auto all, engine_->Lookup(batch));
    ASSERT_EQ(all.size(), batch.size());
    size_t matched = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
      VIGIL_ASSERT_OK_AND_ASSIGN(auto one, engine_->Lookup({&batch[i], 1}));
      ASSERT_EQ(one.size(), 1u);
      ASSERT_EQ(Describe(all[i]), Describe(one[0]))
          << "batch of " << size << ", query " << i << ": "
          << SignalTypeName(batch[i].type) << " " << HexEncode(batch[i].bytes);
      matched += all[i].empty() ? 0 : 1;
    }
    // Concurrent callers (who match on their own threads once they keep
    // the workers busy) get the same answers.
    std::vector<std::string> expected;
    for (const auto& m : all) expected.push_back(Describe(m));
    std::vector<std::vector<std::string>> seen(4);
    std::vector<std::thread> callers;
    for (size_t t = 0; t < seen.size(); ++t) {
      callers.emplace_back([&, t] {
        for (int round = 0; round < 3; ++round) {
          auto r = engine_->Lookup(batch);
          if (!r.ok()) return;
          seen[t].clear();
          for (const auto& m : *r) seen[t].push_back(Describe(m));
        }
      });
    }
    for (std::thread& c : callers) c.join();
    for (const auto& s : seen) EXPECT_EQ(s, expected) << "batch of " << size;
    if (size >= 100) {
      EXPECT_GT(matched, size / 4);
      EXPECT_LT(matched, size);
    }
  }
}

TEST_F(MatcherTest, BatchLookupFailsOnTheFirstInvalidSignal) {
  VIGIL_ASSERT_OK(Create("alpha", 31, 50, HashsetAction::kBlock));
  VIGIL_ASSERT_OK(engine_->Refresh());
  std::vector<Signal> batch;
  for (int i = 0; i < 300; ++i) {
    batch.push_back({SignalType::kPdq, RandomBytes(32, rng_), -1});
  }
  batch[250] = {SignalType::kVpdq, {1, 2, 3}, -1};
  EXPECT_THAT(engine_->Lookup(batch).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("scan")));
  batch[40] = {SignalType::kPdq, RandomBytes(31, rng_), -1};
  EXPECT_THAT(engine_->Lookup(batch).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("32 bytes")));
}

// Descriptions are cached; a removed and re-added entry must never be
// described as it was, neither before the indexes catch up (the store is
// read then) nor after (the cache was cleared when they did).
TEST_F(MatcherTest, LookupsDescribeEntriesAsTheStoreHasThem) {
  VIGIL_ASSERT_OK(Create("s", 31, 0, HashsetAction::kBlock));
  const std::vector<uint8_t> md5 = RandomBytes(16, rng_);
  const std::vector<uint8_t> pdq = RandomBytes(32, rng_);
  const Signal md5_q{SignalType::kMd5, md5, -1};
  const Signal pdq_q{SignalType::kPdq, Flip(pdq, 3, rng_), -1};
  VIGIL_ASSERT_OK(Add("s", SignalType::kMd5, md5, "first"));
  VIGIL_ASSERT_OK(Add("s", SignalType::kPdq, pdq, "first-pdq"));
  VIGIL_ASSERT_OK(engine_->Refresh());
  for (int i = 0; i < 2; ++i) {  // the second time from the cache
    EXPECT_EQ(LookupId(md5_q, "s"), "first");
    EXPECT_EQ(LookupId(pdq_q, "s"), "first-pdq");
  }

  // Replaced in the store, not yet in the indexes: the index still has
  // both hashes, described as the store has them now.
  VIGIL_ASSERT_OK(Remove("s", SignalType::kMd5, md5));
  VIGIL_ASSERT_OK(Add("s", SignalType::kMd5, md5, "second"));
  VIGIL_ASSERT_OK(Remove("s", SignalType::kPdq, pdq));
  EXPECT_EQ(LookupId(md5_q, "s"), "second");
  EXPECT_EQ(LookupId(pdq_q, "s"), "");  // removed: no metadata
  VIGIL_ASSERT_OK(Add("s", SignalType::kPdq, pdq, "second-pdq"));
  EXPECT_EQ(LookupId(pdq_q, "s"), "second-pdq");

  // Caught up (both changes applied at once): the new descriptions.
  VIGIL_ASSERT_OK(engine_->Refresh());
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(LookupId(md5_q, "s"), "second");
    EXPECT_EQ(LookupId(pdq_q, "s"), "second-pdq");
  }

  // Removed and caught up: no match at all; added again: the new one.
  VIGIL_ASSERT_OK(Remove("s", SignalType::kMd5, md5));
  VIGIL_ASSERT_OK(engine_->Refresh());
  EXPECT_EQ(LookupId(md5_q, "s"), "-");
  VIGIL_ASSERT_OK(Add("s", SignalType::kMd5, md5, "third"));
  VIGIL_ASSERT_OK(engine_->Refresh());
  EXPECT_EQ(LookupId(md5_q, "s"), "third");

  // A change to another entry also clears the cache; a later replacement
  // of this one, applied together with it, is still seen.
  VIGIL_ASSERT_OK(Remove("s", SignalType::kMd5, md5));
  VIGIL_ASSERT_OK(Add("s", SignalType::kMd5, md5, "fourth"));
  VIGIL_ASSERT_OK(engine_->Refresh());
  EXPECT_EQ(LookupId(md5_q, "s"), "fourth");
}

}  // namespace
}  // namespace vigil
