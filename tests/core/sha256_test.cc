// Copyright 2026 The Vigil Authors.

#include "core/internal/sha256.h"

#include <gtest/gtest.h>

#include <string>

#include "vigil/hex.h"

namespace vigil::internal {
namespace {

// FIPS 180-2 test vectors.
TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(HexEncode(Sha256(std::string_view("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha256(std::string_view(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, BuilderHashesTheConcatenation) {
  const std::string a = "abcdbcdecdefdefgefghfghighij";
  const std::string b = "hijkijkljklmklmnlmnomnopnopq";
  Sha256Builder builder;
  builder.Add(a).Add("").Add(b);
  EXPECT_EQ(HexEncode(builder.Finish()),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256(a + b), Sha256(std::string_view(
                               "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmn"
                               "omnopnopq")));
}

TEST(Sha256Test, SpanAndStringAgree) {
  const std::string text = "vigil";
  EXPECT_EQ(Sha256(text),
            Sha256(std::span<const uint8_t>(
                reinterpret_cast<const uint8_t*>(text.data()), text.size())));
}

}  // namespace
}  // namespace vigil::internal
