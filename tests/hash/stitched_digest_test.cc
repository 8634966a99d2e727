// Copyright 2026 The Vigil Authors.
//
// The stitched MD5/SHA-1/SHA-256 kernel against OpenSSL's separate
// implementations, over every length around the padding boundaries, random
// splits of a stream, and large inputs.

#include "hash/internal/stitched_digest.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace vigil::internal {
namespace {

template <size_t N>
std::array<uint8_t, N> OpenSslDigest(const char* name,
                                     std::span<const uint8_t> bytes) {
  std::array<uint8_t, N> out{};
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned int len = 0;
  EXPECT_EQ(EVP_DigestInit_ex(ctx, md, nullptr), 1);
  EXPECT_EQ(EVP_DigestUpdate(ctx, bytes.data(), bytes.size()), 1);
  EXPECT_EQ(EVP_DigestFinal_ex(ctx, out.data(), &len), 1);
  EXPECT_EQ(len, N);
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
  return out;
}

struct Triple {
  std::array<uint8_t, 16> md5{};
  std::array<uint8_t, 20> sha1{};
  std::array<uint8_t, 32> sha256{};
};

Triple Expected(std::span<const uint8_t> bytes) {
  return Triple{OpenSslDigest<16>("MD5", bytes),
                OpenSslDigest<20>("SHA1", bytes),
                OpenSslDigest<32>("SHA256", bytes)};
}

void ExpectSame(const Triple& got, const Triple& want, const char* what,
                size_t n) {
  EXPECT_EQ(got.md5, want.md5) << what << " MD5, " << n << " bytes";
  EXPECT_EQ(got.sha1, want.sha1) << what << " SHA-1, " << n << " bytes";
  EXPECT_EQ(got.sha256, want.sha256) << what << " SHA-256, " << n << " bytes";
}

std::vector<uint8_t> RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

class StitchedDigestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!StitchedDigest::Available()) {
      GTEST_SKIP() << "CPU lacks SHA-NI/SSE4.1; the OpenSSL path is used";
    }
  }
};

TEST_F(StitchedDigestTest, EveryLengthUpTo300) {
  const std::vector<uint8_t> data = RandomBytes(300, 1);
  StitchedDigest d;
  for (size_t n = 0; n <= data.size(); ++n) {
    const std::span<const uint8_t> bytes(data.data(), n);
    Triple got;
    d.Update(bytes);
    d.Finish(&got.md5, &got.sha1, &got.sha256);
    ExpectSame(got, Expected(bytes), "one call", n);
  }
}

TEST_F(StitchedDigestTest, RandomSplitsEqualOneShot) {
  const std::vector<uint8_t> data = RandomBytes(100000, 2);
  const Triple want = Expected(data);
  std::mt19937 rng(3);
  StitchedDigest d;
  for (int trial = 0; trial < 20; ++trial) {
    size_t at = 0;
    while (at < data.size()) {
      size_t n = rng() % (trial < 10 ? 100 : 5000);
      if (n > data.size() - at) n = data.size() - at;
      d.Update(std::span(data).subspan(at, n));
      at += n;
    }
    Triple got;
    d.Finish(&got.md5, &got.sha1, &got.sha256);
    ExpectSame(got, want, "split", data.size());
  }
}

TEST_F(StitchedDigestTest, LargeAndConstantInputs) {
  for (size_t n : {size_t{1} << 20, (size_t{3} << 20) + 17}) {
    for (uint8_t fill : {uint8_t{0x00}, uint8_t{0xFF}}) {
      const std::vector<uint8_t> data(n, fill);
      StitchedDigest d;
      Triple got;
      d.Update(data);
      d.Finish(&got.md5, &got.sha1, &got.sha256);
      ExpectSame(got, Expected(data), "constant", n);
    }
    const std::vector<uint8_t> data = RandomBytes(n, 4);
    StitchedDigest d;
    Triple got;
    d.Update(data);
    d.Finish(&got.md5, &got.sha1, &got.sha256);
    ExpectSame(got, Expected(data), "random", n);
  }
}

TEST_F(StitchedDigestTest, ResetDiscardsInput) {
  const std::vector<uint8_t> data = RandomBytes(1000, 5);
  StitchedDigest d;
  d.Update(RandomBytes(77, 6));
  d.Reset();
  d.Update(data);
  Triple got;
  d.Finish(&got.md5, &got.sha1, &got.sha256);
  ExpectSame(got, Expected(data), "after reset", data.size());
}

}  // namespace
}  // namespace vigil::internal
