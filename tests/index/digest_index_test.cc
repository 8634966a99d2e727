// Copyright 2026 The Vigil Authors.

#include "vigil/digest_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::testing::UnorderedElementsAre;
using ::vigil::testing::StatusIs;
using Key = std::vector<uint8_t>;

Key RandomKey(size_t size, std::mt19937_64& rng) {
  Key k(size);
  for (auto& b : k) b = static_cast<uint8_t>(rng());
  return k;
}

TEST(DigestIndexTest, RejectsBadSizes) {
  EXPECT_THAT(DigestIndex::Create(4).status(),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, DigestIndex::Create(16));
  Key short_key(15);
  EXPECT_THAT(index->Add(short_key, 1),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(index->Remove(short_key, 1),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(index->Add(Key(16), DigestIndex::kReservedId),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  std::vector<uint64_t> ids;
  EXPECT_EQ(index->Lookup(short_key, &ids), 0u);
}

TEST(DigestIndexTest, SeveralIdsPerKey) {
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, DigestIndex::Create(20));
  std::mt19937_64 rng(1);
  Key a = RandomKey(20, rng), b = RandomKey(20, rng);
  VIGIL_ASSERT_OK(index->Add(a, 1));
  VIGIL_ASSERT_OK(index->Add(a, 2));
  VIGIL_ASSERT_OK(index->Add(a, 2));  // present: no-op
  VIGIL_ASSERT_OK(index->Add(b, 3));
  EXPECT_EQ(index->size(), 3u);
  std::vector<uint64_t> ids;
  EXPECT_EQ(index->Lookup(a, &ids), 2u);
  EXPECT_THAT(ids, UnorderedElementsAre(1, 2));
  VIGIL_ASSERT_OK(index->Remove(a, 1));
  EXPECT_THAT(index->Remove(a, 1),
              StatusIs(StatusCode::kNotFound, ::testing::_));
  ids.clear();
  index->Lookup(a, &ids);
  EXPECT_THAT(ids, UnorderedElementsAre(2));
  EXPECT_TRUE(index->Contains(b));
  EXPECT_FALSE(index->Contains(RandomKey(20, rng)));
}

// Keys that share all but their last byte: the hash must spread them, and
// lookups must compare whole keys.
TEST(DigestIndexTest, KeysSharingPrefixAreDistinguished) {
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, DigestIndex::Create(32));
  std::vector<Key> keys;
  for (int i = 0; i < 50; ++i) {
    Key k(32, 0xab);
    k[31] = static_cast<uint8_t>(i);
    keys.push_back(k);
    VIGIL_ASSERT_OK(index->Add(k, static_cast<uint64_t>(i)));
  }
  for (int i = 0; i < 50; i += 2) VIGIL_ASSERT_OK(index->Remove(keys[i], i));
  for (int i = 0; i < 50; ++i) {
    std::vector<uint64_t> ids;
    index->Lookup(keys[i], &ids);
    if (i % 2) {
      EXPECT_THAT(ids, UnorderedElementsAre(static_cast<uint64_t>(i)));
    } else {
      EXPECT_TRUE(ids.empty());
    }
  }
}

TEST(DigestIndexTest, RandomOperationsMatchReference) {
  for (size_t key_size : {8u, 13u, 16u, 20u, 32u, 64u}) {
    std::mt19937_64 rng(key_size);
    VIGIL_ASSERT_OK_AND_ASSIGN(auto index, DigestIndex::Create(key_size));
    std::map<Key, std::vector<uint64_t>> ref;
    std::vector<Key> keys;
    for (int i = 0; i < 3000; ++i) keys.push_back(RandomKey(key_size, rng));
    for (int op = 0; op < 40000; ++op) {
      const Key& k = keys[rng() % keys.size()];
      uint64_t id = rng() % 4;
      auto& ids = ref[k];
      bool present = std::find(ids.begin(), ids.end(), id) != ids.end();
      if (rng() % 3 != 0) {
        VIGIL_ASSERT_OK(index->Add(k, id));
        if (!present) ids.push_back(id);
      } else if (present) {
        VIGIL_ASSERT_OK(index->Remove(k, id));
        ids.erase(std::find(ids.begin(), ids.end(), id));
      } else {
        EXPECT_THAT(index->Remove(k, id),
                    StatusIs(StatusCode::kNotFound, ::testing::_));
      }
    }
    size_t total = 0;
    std::vector<uint8_t> batch;
    for (const Key& k : keys) batch.insert(batch.end(), k.begin(), k.end());
    std::vector<size_t> offsets;
    std::vector<uint64_t> batch_ids;
    index->LookupBatch(batch, &offsets, &batch_ids);
    ASSERT_EQ(offsets.size(), keys.size() + 1);
    for (size_t i = 0; i < keys.size(); ++i) {
      std::vector<uint64_t> want = ref[keys[i]];
      std::vector<uint64_t> got;
      index->Lookup(keys[i], &got);
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      EXPECT_EQ(got, want);
      std::vector<uint64_t> from_batch(batch_ids.begin() + offsets[i],
                                       batch_ids.begin() + offsets[i + 1]);
      std::sort(from_batch.begin(), from_batch.end());
      EXPECT_EQ(from_batch, want);
      EXPECT_EQ(index->Contains(keys[i]), !want.empty());
    }
    for (auto& [k, ids] : ref) total += ids.size();
    EXPECT_EQ(index->size(), total);
  }
}

// More ids under one key than a bucket has slots: the pairs spill into the
// following buckets, and every lookup path must follow them; removals move
// entries around (the entry array stays dense).
TEST(DigestIndexTest, ManyIdsUnderOneKeySpillAcrossBuckets) {
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, DigestIndex::Create(32, 16));
  std::mt19937_64 rng(7);
  Key hot = RandomKey(32, rng);
  std::vector<Key> others;
  for (int i = 0; i < 200; ++i) others.push_back(RandomKey(32, rng));
  for (uint64_t id = 0; id < 100; ++id) VIGIL_ASSERT_OK(index->Add(hot, id));
  for (size_t i = 0; i < others.size(); ++i) {
    VIGIL_ASSERT_OK(index->Add(others[i], 1000 + i));
  }
  for (uint64_t id = 0; id < 100; id += 3) {
    VIGIL_ASSERT_OK(index->Remove(hot, id));
  }
  std::vector<uint64_t> want;
  for (uint64_t id = 0; id < 100; ++id) {
    if (id % 3 != 0) want.push_back(id);
  }
  std::vector<uint64_t> got;
  EXPECT_EQ(index->Lookup(hot, &got), want.size());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want);
  EXPECT_TRUE(index->Contains(hot));

  std::vector<uint8_t> batch(hot.begin(), hot.end());
  for (const Key& k : others) batch.insert(batch.end(), k.begin(), k.end());
  std::vector<size_t> offsets;
  std::vector<uint64_t> ids;
  index->LookupBatch(batch, &offsets, &ids);
  ASSERT_EQ(offsets.size(), others.size() + 2);
  std::vector<uint64_t> first(ids.begin(), ids.begin() + offsets[1]);
  std::sort(first.begin(), first.end());
  EXPECT_EQ(first, want);
  for (size_t i = 0; i < others.size(); ++i) {
    ASSERT_EQ(offsets[i + 2] - offsets[i + 1], 1u);
    EXPECT_EQ(ids[offsets[i + 1]], 1000 + i);
  }
  EXPECT_EQ(index->size(), want.size() + others.size());
}

TEST(DigestIndexTest, ReserveKeepsContentsAndMemoryIsCompact) {
  VIGIL_ASSERT_OK_AND_ASSIGN(auto index, DigestIndex::Create(32));
  std::mt19937_64 rng(9);
  std::vector<Key> keys;
  for (int i = 0; i < 1000; ++i) {
    keys.push_back(RandomKey(32, rng));
    VIGIL_ASSERT_OK(index->Add(keys.back(), i));
  }
  index->Reserve(100000);
  for (int i = 0; i < 1000; ++i) {
    std::vector<uint64_t> ids;
    index->Lookup(keys[i], &ids);
    EXPECT_THAT(ids, UnorderedElementsAre(static_cast<uint64_t>(i)));
  }
  // Sized up front: 40 bytes per entry plus the buckets at load 0.6.
  VIGIL_ASSERT_OK_AND_ASSIGN(auto sized, DigestIndex::Create(32, 100000));
  EXPECT_LT(sized->MemoryBytes(), 100000u * 56);
  EXPECT_GE(sized->MemoryBytes(), 100000u * 40);
}

}  // namespace
}  // namespace vigil
