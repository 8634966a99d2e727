// Copyright 2026 The Vigil Authors.
//
// PdqIndex against brute force: exactness over seeds, radii, sizes, data
// shapes and SIMD levels; incremental updates; dihedral merging; the
// reference MIH regression data.

#include "vigil/pdq_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "index/internal/simd.h"
#include "index/test_data.h"
#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::vigil::testing::AllDistances;
using ::vigil::testing::BruteForce;
using ::vigil::testing::ClusteredHashes;
using ::vigil::testing::FlipBits;
using ::vigil::testing::FlipSpread;
using ::vigil::testing::PlantedQueries;
using ::vigil::testing::RandomHash;
using ::vigil::testing::StatusIs;
using ::vigil::testing::WithinRadius;

constexpr int kRadii[] = {0, 1, 15, 16, 31, 32, 47, 48, 63, 64};

std::vector<uint32_t> Iota(size_t n, uint32_t start = 0) {
  std::vector<uint32_t> ids(n);
  for (size_t i = 0; i < n; ++i) ids[i] = start + static_cast<uint32_t>(i);
  return ids;
}

// Checks every query at every radius against brute force.
void ExpectExact(const PdqIndex& index, const std::vector<Hash256>& stored,
                 const std::vector<uint32_t>& ids,
                 const std::vector<Hash256>& queries,
                 std::span<const int> radii) {
  std::vector<std::vector<uint16_t>> dist;
  for (const Hash256& q : queries) dist.push_back(AllDistances(stored, q));
  for (int radius : radii) {
    PdqSearchResults results;
    VIGIL_ASSERT_OK(index.Search(queries, {.radius = radius}, &results));
    ASSERT_EQ(results.offsets.size(), queries.size() + 1);
    for (size_t q = 0; q < queries.size(); ++q) {
      std::vector<PdqMatch> want = WithinRadius(dist[q], ids, radius);
      auto got = results.For(q);
      ASSERT_EQ(std::vector<PdqMatch>(got.begin(), got.end()), want)
          << "query " << q << " radius " << radius << " size " << stored.size()
          << " simd " << PdqIndex::SimdLevel();
    }
  }
}

class PdqIndexRandomTest
    : public ::testing::TestWithParam<std::tuple<size_t, uint64_t>> {};

TEST_P(PdqIndexRandomTest, MatchesBruteForceAtEveryRadius) {
  auto [size, seed] = GetParam();
  std::mt19937_64 rng(seed);
  std::vector<Hash256> stored;
  for (size_t i = 0; i < size; ++i) stored.push_back(RandomHash(rng));
  std::vector<uint32_t> ids = Iota(size, 1000);
  std::vector<Hash256> queries = PlantedQueries(stored, 24, 40, rng);
  // Queries exactly at the radius edge: stored hashes with r and r+1 flips.
  for (int r : kRadii) {
    if (stored.empty()) break;
    queries.push_back(FlipBits(stored[rng() % size], r, rng));
    queries.push_back(
        FlipBits(stored[rng() % size], std::min(r + 1, 256), rng));
    queries.push_back(FlipSpread(stored[rng() % size], r, r % 16, rng));
    queries.push_back(FlipSpread(stored[rng() % size], r + 1, 3, rng));
  }
  // Small flat_max so that even the small sizes use multi-index tables.
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index,
                             PdqIndex::Build(stored, ids, {.flat_max = 16}));
  EXPECT_EQ(index->size(), size);
  ExpectExact(*index, stored, ids, queries, kRadii);
}

INSTANTIATE_TEST_SUITE_P(SizesAndSeeds, PdqIndexRandomTest,
                         ::testing::Combine(::testing::Values(0, 1, 2, 17, 1000,
                                                              30000),
                                            ::testing::Values(1, 2, 3)));

TEST(PdqIndexTest, LargeSetMatchesBruteForce) {
  std::mt19937_64 rng(77);
  const size_t size = 200000;
  std::vector<Hash256> stored;
  for (size_t i = 0; i < size; ++i) stored.push_back(RandomHash(rng));
  std::vector<uint32_t> ids = Iota(size);
  std::vector<Hash256> queries = PlantedQueries(stored, 40, 24, rng);
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, PdqIndex::Build(stored, ids));
  const int radii[] = {0, 16, 31, 32, 63};
  ExpectExact(*index, stored, ids, queries, radii);
  // 116 B/hash of tables + hashes + ids, and 4 MiB of bucket bounds.
  EXPECT_LE(index->MemoryBytes(), size * 116 + (size_t{17} << 20));
}

// Build reads the caller's hashes in place (no aligned copy): input at an
// odd address must give the same exact results.
TEST(PdqIndexTest, BuildFromUnalignedInput) {
  std::mt19937_64 rng(78);
  const size_t size = 30000;
  std::vector<Hash256> stored;
  for (size_t i = 0; i < size; ++i) stored.push_back(RandomHash(rng));
  std::vector<uint8_t> bytes(size * sizeof(Hash256) + 1);
  std::memcpy(bytes.data() + 1, stored.data(), size * sizeof(Hash256));
  std::span<const Hash256> unaligned(
      reinterpret_cast<const Hash256*>(bytes.data() + 1), size);
  std::vector<uint32_t> ids = Iota(size);
  std::vector<Hash256> queries = PlantedQueries(stored, 40, 24, rng);
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, PdqIndex::Build(unaligned, ids));
  const int radii[] = {0, 31, 63};
  ExpectExact(*index, stored, ids, queries, radii);
}

TEST(PdqIndexTest, EverySimdLevelGivesTheSameResults) {
  std::mt19937_64 rng(5);
  std::vector<Hash256> stored = ClusteredHashes(200, 20, 12, rng);
  for (int i = 0; i < 3000; ++i) stored.push_back(RandomHash(rng));
  std::vector<uint32_t> ids = Iota(stored.size());
  std::vector<Hash256> queries = PlantedQueries(stored, 30, 30, rng);
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index,
                             PdqIndex::Build(stored, ids, {.flat_max = 100}));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto flat, PdqIndex::Build(stored, ids));
  const internal::HammingKernels& original = internal::Kernels();
  int levels = 0;
  for (auto level : {internal::SimdLevel::kScalar, internal::SimdLevel::kAvx2,
                     internal::SimdLevel::kAvx512}) {
    if (!internal::SetSimdLevelForTesting(level)) continue;
    ++levels;
    ExpectExact(*index, stored, ids, queries, kRadii);
    ExpectExact(*flat, stored, ids, queries, kRadii);
  }
  // Restore the default.
  for (auto level : {internal::SimdLevel::kAvx512, internal::SimdLevel::kAvx2,
                     internal::SimdLevel::kScalar}) {
    if (internal::KernelsFor(level) == &original) {
      internal::SetSimdLevelForTesting(level);
    }
  }
  EXPECT_GE(levels, 1);
}

TEST(PdqIndexTest, ClusteredDataAndHeavyBuckets) {
  std::mt19937_64 rng(11);
  // Near-duplicate families, plus one hash repeated 3000 times under
  // different ids and 2000 hashes that share segments 0-7.
  std::vector<Hash256> stored = ClusteredHashes(300, 50, 10, rng);
  Hash256 popular = RandomHash(rng);
  for (int i = 0; i < 3000; ++i) stored.push_back(popular);
  for (int i = 0; i < 2000; ++i) {
    Hash256 h = RandomHash(rng);
    std::copy(popular.bytes.begin(), popular.bytes.begin() + 16,
              h.bytes.begin());
    stored.push_back(h);
  }
  std::vector<uint32_t> ids = Iota(stored.size());
  std::vector<Hash256> queries = PlantedQueries(stored, 30, 24, rng);
  queries.push_back(popular);
  queries.push_back(FlipBits(popular, 20, rng));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, PdqIndex::Build(stored, ids));
  const int radii[] = {0, 10, 31, 32, 48};
  ExpectExact(*index, stored, ids, queries, radii);
}

TEST(PdqIndexTest, DuplicateHashesReturnEveryId) {
  std::mt19937_64 rng(3);
  Hash256 a = RandomHash(rng), b = RandomHash(rng);
  std::vector<Hash256> stored = {a, b, a, a};
  std::vector<uint32_t> ids = {7, 8, 9, 7};
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, PdqIndex::Build(stored, ids));
  PdqSearchResults r;
  VIGIL_ASSERT_OK(index->Search(std::vector<Hash256>{a}, {.radius = 0}, &r));
  EXPECT_THAT(r.For(0),
              ElementsAre(PdqMatch{7, 0}, PdqMatch{7, 0}, PdqMatch{9, 0}));
}

TEST(PdqIndexTest, RejectsBadArguments) {
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, PdqIndex::Create());
  std::vector<Hash256> h(2);
  std::vector<uint32_t> ids(1);
  EXPECT_THAT(index->Add(h, ids),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(PdqIndex::Build(h, ids).status(),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  PdqSearchResults r;
  EXPECT_THAT(index->Search(h, {.radius = 65}, &r),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(index->Search(h, {.radius = -1}, &r),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  std::vector<PdqMatch> m;
  EXPECT_THAT(index->SearchDihedral(std::vector<Hash256>(9), {}, &m),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
}

TEST(PdqIndexTest, IncrementalAddRemoveMatchesReference) {
  std::mt19937_64 rng(21);
  // Small buffers so that shards are created, merged and rebuilt often.
  VIGIL_ASSERT_OK_AND_ASSIGN(
      auto index, PdqIndex::Create({.flat_max = 64, .delta_max = 100}));
  std::multimap<uint32_t, Hash256> reference;
  std::vector<std::pair<Hash256, uint32_t>> live;
  uint32_t next_id = 0;
  for (int round = 0; round < 40; ++round) {
    std::vector<Hash256> add;
    std::vector<uint32_t> add_ids;
    size_t n = rng() % 400;
    for (size_t i = 0; i < n; ++i) {
      // Some adds repeat a live hash under a new id.
      Hash256 h = (!live.empty() && rng() % 8 == 0)
                      ? live[rng() % live.size()].first
                      : RandomHash(rng);
      add.push_back(h);
      add_ids.push_back(next_id++);
      live.push_back({h, add_ids.back()});
    }
    VIGIL_ASSERT_OK(index->Add(add, add_ids));
    std::vector<Hash256> del;
    std::vector<uint32_t> del_ids;
    size_t m = live.empty() ? 0 : rng() % (live.size() / 3 + 1);
    for (size_t i = 0; i < m && !live.empty(); ++i) {
      size_t k = rng() % live.size();
      del.push_back(live[k].first);
      del_ids.push_back(live[k].second);
      live[k] = live.back();
      live.pop_back();
    }
    // A pair that was never stored is skipped.
    del.push_back(RandomHash(rng));
    del_ids.push_back(123456789);
    size_t removed = 0;
    VIGIL_ASSERT_OK(index->Remove(del, del_ids, &removed));
    EXPECT_EQ(removed, del.size() - 1);
    ASSERT_EQ(index->size(), live.size());
    if (round % 5 == 4) {
      std::vector<Hash256> stored;
      std::vector<uint32_t> ids;
      for (auto& [h, id] : live) {
        stored.push_back(h);
        ids.push_back(id);
      }
      std::vector<Hash256> queries = PlantedQueries(stored, 20, 30, rng);
      const int radii[] = {0, 31, 63};
      ExpectExact(*index, stored, ids, queries, radii);
    }
  }
  EXPECT_GT(index->Stats().shards, 0u);
  // Compact keeps the same content in fewer shards.
  index->Compact();
  EXPECT_LE(index->Stats().shards, 1u);
  EXPECT_EQ(index->Stats().tombstones, 0u);
  std::vector<Hash256> stored;
  std::vector<uint32_t> ids;
  for (auto& [h, id] : live) {
    stored.push_back(h);
    ids.push_back(id);
  }
  std::vector<Hash256> queries = PlantedQueries(stored, 20, 30, rng);
  const int radii[] = {0, 31};
  ExpectExact(*index, stored, ids, queries, radii);
}

TEST(PdqIndexTest, RemoveFromBulkShardUsesTombstones) {
  std::mt19937_64 rng(8);
  std::vector<Hash256> stored;
  for (int i = 0; i < 20000; ++i) stored.push_back(RandomHash(rng));
  std::vector<uint32_t> ids = Iota(stored.size());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, PdqIndex::Build(stored, ids));
  size_t removed = 0;
  VIGIL_ASSERT_OK(index->Remove(std::span(stored).subspan(0, 10),
                                std::span(ids).subspan(0, 10), &removed));
  EXPECT_EQ(removed, 10u);
  EXPECT_EQ(index->Stats().tombstones, 10u);
  PdqSearchResults r;
  VIGIL_ASSERT_OK(
      index->Search(std::span(stored).subspan(0, 11), {.radius = 0}, &r));
  for (int q = 0; q < 10; ++q) EXPECT_TRUE(r.For(q).empty());
  EXPECT_THAT(r.For(10), ElementsAre(PdqMatch{10, 0}));
}

TEST(PdqIndexTest, DihedralKeepsBestDistancePerId) {
  std::mt19937_64 rng(4);
  std::vector<Hash256> stored;
  for (int i = 0; i < 5000; ++i) stored.push_back(RandomHash(rng));
  std::vector<uint32_t> ids = Iota(stored.size());
  // Id 5000 is stored twice, under two different hashes.
  stored.push_back(FlipBits(stored[3], 40, rng));
  ids.push_back(5000);
  stored.push_back(FlipBits(stored[7], 40, rng));
  ids.push_back(5000);
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, PdqIndex::Build(stored, ids));
  std::vector<Hash256> variants;
  for (int v = 0; v < 8; ++v) {
    variants.push_back(FlipBits(stored[v % 2 == 0 ? 3 : 7], v * 3, rng));
  }
  for (int radius : {10, 31, 64}) {
    std::map<uint32_t, uint32_t> best;
    for (const Hash256& v : variants) {
      for (const PdqMatch& m : BruteForce(stored, ids, v, radius)) {
        auto [it, inserted] = best.emplace(m.id, m.distance);
        if (!inserted) it->second = std::min(it->second, m.distance);
      }
    }
    std::vector<PdqMatch> want;
    for (auto [id, d] : best) want.push_back({id, d});
    std::sort(want.begin(), want.end(),
              [](const PdqMatch& a, const PdqMatch& b) {
                return a.distance != b.distance ? a.distance < b.distance
                                                : a.id < b.id;
              });
    std::vector<PdqMatch> got;
    VIGIL_ASSERT_OK(index->SearchDihedral(variants, {.radius = radius}, &got));
    EXPECT_EQ(got, want) << "radius " << radius;
    EXPECT_FALSE(got.empty());
  }
}

TEST(PdqIndexTest, HexRoundTrip) {
  const std::string hex =
      "f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95";
  VIGIL_ASSERT_OK_AND_ASSIGN(Hash256 h, Hash256::FromHex(hex));
  EXPECT_EQ(h.bytes[0], 0xf1);
  EXPECT_EQ(h.ToHex(), hex);
  EXPECT_FALSE(Hash256::FromHex("f1").ok());
}

// The haystack/needles of the PDQ reference's MIH regression test.
std::vector<Hash256> ReadHashes(const std::string& path) {
  std::vector<Hash256> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto h = Hash256::FromHex(line.substr(0, 64));
    EXPECT_TRUE(h.ok()) << path << ": " << line;
    if (h.ok()) out.push_back(*h);
  }
  return out;
}

TEST(PdqIndexConformanceTest, ReferenceHaystackAndNeedles) {
  const char* dir = std::getenv("VIGIL_CONFORMANCE_DIR");
  if (dir == nullptr || *dir == '\0') {
    const char* require = std::getenv("VIGIL_REQUIRE_CONFORMANCE");
    if (require != nullptr && std::string(require) == "1") {
      FAIL() << "VIGIL_CONFORMANCE_DIR is unset";
    }
    GTEST_SKIP() << "VIGIL_CONFORMANCE_DIR is unset";
  }
  std::vector<Hash256> haystack =
      ReadHashes(std::string(dir) + "/pdq/haystack.txt");
  std::vector<Hash256> needles =
      ReadHashes(std::string(dir) + "/pdq/needles.txt");
  ASSERT_EQ(haystack.size(), 1350u);
  ASSERT_EQ(needles.size(), 100u);
  std::vector<uint32_t> ids = Iota(haystack.size());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index,
                             PdqIndex::Build(haystack, ids, {.flat_max = 0}));
  ExpectExact(*index, haystack, ids, needles, kRadii);
  // Most needles are near-duplicates of haystack entries at PDQ's usual
  // threshold; a broken index would find none.
  PdqSearchResults r;
  VIGIL_ASSERT_OK(index->Search(needles, {.radius = 31}, &r));
  EXPECT_GT(r.matches.size(), 0u);
}

}  // namespace
}  // namespace vigil
