// Copyright 2026 The Vigil Authors.
//
// EntryCache: keyed by (set, type, hash), bounded, cleared on demand.

#include "pipeline/internal/entry_cache.h"

#include <gtest/gtest.h>

#include <vector>

namespace vigil::internal {
namespace {

TEST(EntryCacheTest, KeysBySetTypeAndHash) {
  EntryCache cache(16);
  const std::vector<uint8_t> h(16, 7), other(16, 8);
  EXPECT_FALSE(cache.Get(1, SignalType::kMd5, h).has_value());
  cache.Put(1, SignalType::kMd5, h, {"x", "c"});
  ASSERT_TRUE(cache.Get(1, SignalType::kMd5, h).has_value());
  EXPECT_EQ(*cache.Get(1, SignalType::kMd5, h), (EntryCache::Value{"x", "c"}));
  EXPECT_FALSE(cache.Get(2, SignalType::kMd5, h).has_value());
  EXPECT_FALSE(cache.Get(1, SignalType::kSha1, h).has_value());
  EXPECT_FALSE(cache.Get(1, SignalType::kMd5, other).has_value());
  cache.Put(1, SignalType::kMd5, h, {"y", ""});
  EXPECT_EQ(cache.Get(1, SignalType::kMd5, h)->external_id, "y");
  cache.Clear();
  EXPECT_FALSE(cache.Get(1, SignalType::kMd5, h).has_value());
  EXPECT_EQ(cache.size(), 0u);
}

// The key holds the hash's length: a hash and a longer one with the same
// bytes then zeros are different entries. Hashes longer than kMaxHash are
// not kept (the matcher reads the store for them).
TEST(EntryCacheTest, KeysByLengthAndKeepsNoOverlongHash) {
  EntryCache cache(16);
  const std::vector<uint8_t> md5(16, 0), sha1(20, 0), pdq(32, 0);
  cache.Put(1, SignalType::kMd5, md5, {"md5", ""});
  EXPECT_FALSE(cache.Get(1, SignalType::kMd5, sha1).has_value());
  EXPECT_FALSE(cache.Get(1, SignalType::kMd5, pdq).has_value());
  cache.Put(1, SignalType::kMd5, pdq, {"long", ""});
  EXPECT_EQ(cache.Get(1, SignalType::kMd5, md5)->external_id, "md5");
  EXPECT_EQ(cache.Get(1, SignalType::kMd5, pdq)->external_id, "long");
  const std::vector<uint8_t> overlong(EntryCache::kMaxHash + 1, 0);
  cache.Put(1, SignalType::kMd5, overlong, {"x", ""});
  EXPECT_FALSE(cache.Get(1, SignalType::kMd5, overlong).has_value());
  EXPECT_EQ(cache.size(), 2u);
}

TEST(EntryCacheTest, NeverHoldsMoreThanItsCapacity) {
  EntryCache cache(4);
  for (uint32_t i = 0; i < 10; ++i) {
    const std::vector<uint8_t> h(16, static_cast<uint8_t>(i));
    cache.Put(i, SignalType::kMd5, h, {std::to_string(i), ""});
    EXPECT_LE(cache.size(), 4u);
    EXPECT_EQ(cache.Get(i, SignalType::kMd5, h)->external_id,
              std::to_string(i));
  }
}

}  // namespace
}  // namespace vigil::internal
