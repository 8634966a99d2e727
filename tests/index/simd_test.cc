// Copyright 2026 The Vigil Authors.
//
// Every SIMD level of the Hamming kernels against a plain loop, including
// odd lengths that exercise the vector tails.

#include "index/internal/simd.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace vigil::internal {
namespace {

std::vector<const HammingKernels*> Levels() {
  std::vector<const HammingKernels*> out;
  for (auto l : {SimdLevel::kScalar, SimdLevel::kAvx2, SimdLevel::kAvx512}) {
    if (const HammingKernels* k = KernelsFor(l)) out.push_back(k);
  }
  return out;
}

TEST(SimdTest, ScalarAlwaysAvailableAndDefaultIsBest) {
  ASSERT_NE(KernelsFor(SimdLevel::kScalar), nullptr);
  EXPECT_EQ(&Kernels(), Levels().back());
}

TEST(SimdTest, Filter16MatchesPlainLoop) {
  std::mt19937_64 rng(2);
  for (size_t n : {0, 1, 15, 16, 17, 31, 32, 33, 100, 1000}) {
    std::vector<uint16_t> nexts(n);
    for (auto& x : nexts) x = static_cast<uint16_t>(rng());
    // Values near the query, so that each budget passes some entries.
    uint16_t q = static_cast<uint16_t>(rng());
    for (size_t i = 0; i < n; i += 3)
      nexts[i] = q ^ static_cast<uint16_t>(1u << (rng() % 16));
    for (int budget = 0; budget <= 16; ++budget) {
      std::vector<uint32_t> want;
      for (size_t i = 0; i < n; ++i) {
        if (__builtin_popcount(nexts[i] ^ q) <= budget)
          want.push_back(static_cast<uint32_t>(i));
      }
      for (const HammingKernels* k : Levels()) {
        std::vector<uint32_t> got(n + 1);
        got.resize(k->filter16(nexts.data(), n, q, budget, got.data()));
        EXPECT_EQ(got, want) << k->name << " n=" << n << " budget=" << budget;
      }
    }
  }
}

TEST(SimdTest, FilterRangesMatchesPlainLoop) {
  std::mt19937_64 rng(4);
  std::vector<std::vector<uint16_t>> tables(16);
  for (auto& t : tables) {
    t.resize(500);
    for (auto& x : t) x = static_cast<uint16_t>(rng() & rng());
  }
  std::vector<const uint16_t*> nexts;
  for (auto& t : tables) nexts.push_back(t.data());
  std::vector<uint16_t> q(16);
  for (auto& x : q) x = static_cast<uint16_t>(rng() & rng());
  std::vector<FilterRange> ranges;
  for (int r = 0; r < 60; ++r) {
    uint32_t begin = static_cast<uint32_t>(rng() % 450);
    ranges.push_back({static_cast<uint32_t>(rng() % 16), begin,
                      static_cast<uint32_t>(rng() % 50),
                      static_cast<int32_t>(rng() % 9)});
  }
  std::vector<uint64_t> want;
  size_t total = 0;
  for (const FilterRange& r : ranges) {
    total += r.size;
    for (uint32_t i = r.begin; i < r.begin + r.size; ++i) {
      if (__builtin_popcount(tables[r.table][i] ^ q[r.table]) <= r.budget) {
        want.push_back(static_cast<uint64_t>(r.table) << 32 | i);
      }
    }
  }
  ASSERT_FALSE(want.empty());
  for (const HammingKernels* k : Levels()) {
    std::vector<uint64_t> got(total + 1);
    got.resize(k->filter_ranges(ranges.data(), ranges.size(), nexts.data(),
                                q.data(), got.data()));
    EXPECT_EQ(got, want) << k->name;
  }
}

TEST(SimdTest, FlatScanAndVerifyMatchPlainLoop) {
  std::mt19937_64 rng(3);
  for (size_t n : {0, 1, 2, 3, 7, 64, 301}) {
    std::vector<uint64_t> words(4 * n + 4);
    for (auto& w : words) w = rng();
    uint64_t q[4] = {rng(), rng(), rng(), rng()};
    // Plant near copies of q.
    for (size_t i = 0; i < n; i += 2) {
      for (int j = 0; j < 4; ++j)
        words[4 * i + j] = q[j] ^ (rng() & rng() & rng());
    }
    std::vector<uint32_t> cand;
    for (size_t i = n; i-- > 0;) cand.push_back(static_cast<uint32_t>(i));
    for (int radius : {0, 20, 31, 64, 128, 256}) {
      std::vector<uint32_t> want_idx, want_dist;
      for (size_t i = 0; i < n; ++i) {
        int d = 0;
        for (int j = 0; j < 4; ++j)
          d += __builtin_popcountll(words[4 * i + j] ^ q[j]);
        if (d <= radius) {
          want_idx.push_back(static_cast<uint32_t>(i));
          want_dist.push_back(static_cast<uint32_t>(d));
        }
      }
      for (const HammingKernels* k : Levels()) {
        std::vector<uint32_t> idx(n + 1), dist(n + 1);
        size_t found =
            k->flat_scan(words.data(), n, q, radius, idx.data(), dist.data());
        idx.resize(found);
        dist.resize(found);
        EXPECT_EQ(idx, want_idx) << k->name << " n=" << n << " r=" << radius;
        EXPECT_EQ(dist, want_dist) << k->name;
        std::vector<uint32_t> pos(n + 1), vdist(n + 1);
        found = k->verify(words.data(), cand.data(), n, q, radius, pos.data(),
                          vdist.data());
        pos.resize(found);
        vdist.resize(found);
        std::vector<uint32_t> rev_idx(want_idx.rbegin(), want_idx.rend());
        std::vector<uint32_t> rev_dist(want_dist.rbegin(), want_dist.rend());
        EXPECT_EQ(pos, rev_idx) << k->name;
        EXPECT_EQ(vdist, rev_dist) << k->name;
      }
    }
  }
}

}  // namespace
}  // namespace vigil::internal
