// Copyright 2026 The Vigil Authors.
//
// Runs the libFuzzer entry points (fuzz/fuzz_targets.cc) in the normal
// build over the generated seed corpus (fuzz/seed_corpus.cc) and cheap
// mutations of it: truncations, bit flips, byte-run overwrites and spliced
// headers. Each entry point aborts on a contract violation, so these tests
// give the release suite a fraction of the fuzzers' coverage in seconds.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "fuzz_targets.h"
#include "seed_corpus.h"
#include "vigil/media_type.h"

namespace vigil {
namespace {

using fuzz::Seed;

MediaType TargetType(const std::string& target) {
  static const std::map<std::string, MediaType> kTypes = {
      {"jpeg", MediaType::kJpeg}, {"png", MediaType::kPng},
      {"webp", MediaType::kWebp}, {"webp_anim", MediaType::kWebp},
      {"gif", MediaType::kGif},   {"bmp", MediaType::kBmp},
      {"tiff", MediaType::kTiff}, {"heif", MediaType::kHeif}};
  auto it = kTypes.find(target);
  return it == kTypes.end() ? MediaType::kUnknown : it->second;
}

void RunAll(const Seed& seed, const std::vector<uint8_t>& bytes) {
  fuzz::FuzzSniff(bytes.data(), bytes.size());
  if (seed.target == "exif") {
    fuzz::FuzzExif(bytes.data(), bytes.size());
    return;
  }
  if (seed.target == "webp" || seed.target == "webp_anim") {
    fuzz::FuzzWebpAnimation(bytes.data(), bytes.size());
  }
  fuzz::FuzzDecodeImage(bytes.data(), bytes.size());
  fuzz::FuzzDecodeAs(TargetType(seed.target), bytes.data(), bytes.size());
}

const std::vector<Seed>& Seeds() {
  static const std::vector<Seed>* seeds =
      new std::vector<Seed>(fuzz::MakeSeeds());
  return *seeds;
}

TEST(FuzzRegressionTest, SeedsCoverEveryTarget) {
  std::map<std::string, int> per_target;
  for (const Seed& seed : Seeds()) ++per_target[seed.target];
  for (const char* t :
       {"jpeg", "png", "webp", "webp_anim", "gif", "bmp", "tiff", "exif"}) {
    EXPECT_GE(per_target[t], 1) << t;
  }
}

TEST(FuzzRegressionTest, SeedsAsIs) {
  for (const Seed& seed : Seeds()) RunAll(seed, seed.bytes);
}

TEST(FuzzRegressionTest, Truncations) {
  for (const Seed& seed : Seeds()) {
    size_t step = std::max<size_t>(1, seed.bytes.size() / 64);
    for (size_t n = 0; n < seed.bytes.size(); n += step) {
      std::vector<uint8_t> cut(seed.bytes.begin(), seed.bytes.begin() + n);
      RunAll(seed, cut);
    }
  }
}

TEST(FuzzRegressionTest, BitFlipsAndOverwrites) {
  uint32_t state = 0x9E3779B9u;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  };
  const uint8_t kInteresting[] = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE};
  // The decoding libraries must stay silent whatever they are fed.
  ::testing::internal::CaptureStderr();
  for (const Seed& seed : Seeds()) {
    if (seed.bytes.empty()) continue;
    for (int trial = 0; trial < 150; ++trial) {
      std::vector<uint8_t> m = seed.bytes;
      int edits = 1 + int(next() % 4);
      for (int e = 0; e < edits; ++e) {
        size_t at = next() % m.size();
        switch (next() % 3) {
          case 0:
            m[at] ^= uint8_t(1u << (next() % 8));
            break;
          case 1:
            m[at] = kInteresting[next() % sizeof(kInteresting)];
            break;
          default: {  // a run of 0xFF or 0x00 (sizes, markers)
            uint8_t v = (next() & 1) ? 0xFF : 0x00;
            for (size_t i = at; i < std::min(m.size(), at + 4); ++i) m[i] = v;
            break;
          }
        }
      }
      RunAll(seed, m);
    }
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(FuzzRegressionTest, HeaderOfOneFormatWithTheBodyOfAnother) {
  const std::vector<Seed>& seeds = Seeds();
  for (const Seed& a : seeds) {
    for (const Seed& b : seeds) {
      if (a.target == b.target || a.target == "exif" || b.target == "exif") {
        continue;
      }
      size_t head = std::min<size_t>(a.bytes.size(), 32);
      std::vector<uint8_t> spliced(a.bytes.begin(), a.bytes.begin() + head);
      if (b.bytes.size() > head) {
        spliced.insert(spliced.end(), b.bytes.begin() + head, b.bytes.end());
      }
      RunAll(a, spliced);
    }
  }
}

}  // namespace
}  // namespace vigil
