// Copyright 2026 The Vigil Authors.
//
// The synthetic data behind `vigil bench match` and bench/index: the
// figures they report are only meaningful if the data are what they claim.

#include "vigil/pdq_synthetic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace vigil {
namespace {

TEST(PdqSyntheticTest, FlipRandomBitsFlipsExactlyThatMany) {
  std::mt19937_64 rng(3);
  const Hash256 h = RandomHash256(&rng);
  for (int bits : {0, 1, 7, 24, 128, 256}) {
    EXPECT_EQ(HammingDistance(h, FlipRandomBits(h, bits, &rng)), bits);
  }
}

TEST(PdqSyntheticTest, DeterministicForASeed) {
  EXPECT_EQ(SyntheticHashes(PdqSyntheticKind::kUniform, 100, 5),
            SyntheticHashes(PdqSyntheticKind::kUniform, 100, 5));
  EXPECT_NE(SyntheticHashes(PdqSyntheticKind::kUniform, 100, 5),
            SyntheticHashes(PdqSyntheticKind::kUniform, 100, 6));
  const auto stored = SyntheticHashes(PdqSyntheticKind::kClustered, 300, 1);
  EXPECT_EQ(SyntheticQueries(stored, 50, kSyntheticMaxFlip, 2),
            SyntheticQueries(stored, 50, kSyntheticMaxFlip, 2));
}

TEST(PdqSyntheticTest, ClusteredFamiliesStayWithinTwiceTheSpread) {
  const auto hashes = SyntheticHashes(PdqSyntheticKind::kClustered, 250, 9);
  ASSERT_EQ(hashes.size(), 250u);
  // Families of 100: members of one family are within 10 + 10 bits.
  for (size_t i = 0; i < hashes.size(); ++i) {
    const size_t family_start = i / 100 * 100;
    EXPECT_LE(HammingDistance(hashes[i], hashes[family_start]), 20) << i;
  }
  // Centres of different families are far apart (random 256-bit hashes).
  EXPECT_GT(HammingDistance(hashes[0], hashes[100]), 64);
}

TEST(PdqSyntheticTest, HalfTheQueriesArePlantedWithinMaxFlip) {
  const auto stored = SyntheticHashes(PdqSyntheticKind::kUniform, 500, 4);
  const auto queries = SyntheticQueries(stored, 40, kSyntheticMaxFlip, 8);
  ASSERT_EQ(queries.size(), 40u);
  for (size_t q = 0; q < queries.size(); ++q) {
    int best = 256;
    for (const Hash256& h : stored) {
      best = std::min(best, HammingDistance(queries[q], h));
    }
    if (q % 2 == 0) {
      EXPECT_LE(best, kSyntheticMaxFlip) << q;
    } else {
      EXPECT_GT(best, 64) << q;  // random: ~128 bits from everything
    }
  }
  // Without stored hashes every query is random.
  EXPECT_EQ(SyntheticQueries({}, 7, kSyntheticMaxFlip, 1).size(), 7u);
}

}  // namespace
}  // namespace vigil
