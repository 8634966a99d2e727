// Copyright 2026 The Vigil Authors.
//
// Shard internals: the multi-index search equals the flat scan, Find, and
// the id lists of duplicate hashes.

#include "index/internal/mih_shard.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "index/test_data.h"

namespace vigil::internal {
namespace {

std::vector<Words> RandomWords(size_t n, std::mt19937_64& rng) {
  std::vector<Words> out(n);
  for (Words& w : out) {
    for (uint64_t& x : w.w) x = rng();
  }
  return out;
}

Words Flip(Words w, int bits, std::mt19937_64& rng) {
  Hash256 h;
  std::memcpy(h.bytes.data(), w.w, 32);
  h = ::vigil::testing::FlipBits(h, bits, rng);
  std::memcpy(w.w, h.bytes.data(), 32);
  return w;
}

TEST(ShardTest, MultiIndexSearchEqualsFlatScanForEveryRadius) {
  std::mt19937_64 rng(99);
  std::vector<Words> hashes = RandomWords(50000, rng);
  std::vector<uint32_t> ids(hashes.size(), 0);
  auto shard = Shard::Build(hashes, ids, /*flat_max=*/0, /*parallel=*/true);
  ASSERT_TRUE(shard->is_multi_index());
  ShardScratch scratch;
  std::vector<ShardHit> mih, flat;
  for (int radius = 0; radius <= 64; ++radius) {
    for (int i = 0; i < 6; ++i) {
      Words q = i % 2 ? RandomWords(1, rng)[0]
                      : Flip(hashes[rng() % hashes.size()],
                             static_cast<int>(rng() % (radius + 2)), rng);
      shard->Search(q, radius, &scratch, &mih);
      shard->FlatSearch(q, radius, &scratch, &flat);
      ASSERT_EQ(mih.size(), flat.size()) << "radius " << radius;
      for (size_t k = 0; k < mih.size(); ++k) {
        EXPECT_EQ(mih[k].pos, flat[k].pos);
        EXPECT_EQ(mih[k].distance, flat[k].distance);
      }
    }
  }
}

TEST(ShardTest, FindAndDuplicateIds) {
  std::mt19937_64 rng(1);
  std::vector<Words> hashes = RandomWords(1000, rng);
  std::vector<uint32_t> ids(hashes.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<uint32_t>(i);
  hashes.push_back(hashes[5]);
  ids.push_back(77777);
  for (bool parallel : {false, true}) {
    auto shard = Shard::Build(hashes, ids, 0, parallel);
    EXPECT_EQ(shard->unique(), 1000u);
    EXPECT_EQ(shard->pairs(), 1001u);
    int64_t pos = shard->Find(hashes[5]);
    ASSERT_GE(pos, 0);
    EXPECT_EQ(shard->HashAt(static_cast<uint32_t>(pos)), hashes[5]);
    auto got = shard->IdsAt(static_cast<uint32_t>(pos));
    EXPECT_EQ(std::vector<uint32_t>(got.begin(), got.end()),
              (std::vector<uint32_t>{5, 77777}));
    for (size_t i = 0; i < 1000; ++i) {
      int64_t p = shard->Find(hashes[i]);
      ASSERT_GE(p, 0);
      EXPECT_EQ(shard->HashAt(static_cast<uint32_t>(p)), hashes[i]);
    }
    EXPECT_EQ(shard->Find(RandomWords(1, rng)[0]), -1);
  }
}

TEST(ShardTest, EmptyShard) {
  auto shard = Shard::Build({}, {}, 0, true);
  ShardScratch scratch;
  std::vector<ShardHit> hits;
  shard->Search(Words{}, 64, &scratch, &hits);
  EXPECT_TRUE(hits.empty());
  EXPECT_EQ(shard->Find(Words{}), -1);
}

}  // namespace
}  // namespace vigil::internal
