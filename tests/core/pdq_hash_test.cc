// Copyright 2026 The Vigil Authors.

#include "vigil/pdq_hash.h"

#include <type_traits>
#include <vector>

#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;

// The index and the hasher share one 32-byte type.
static_assert(std::is_same_v<Hash256, PdqHash>);

TEST(PdqHashTest, HexRoundTripAndErrors) {
  const std::string hex(64, 'a');
  VIGIL_ASSERT_OK_AND_ASSIGN(PdqHash h, PdqHash::FromHex(hex));
  EXPECT_EQ(h.bytes[0], 0xaa);
  EXPECT_EQ(h.ToHex(), hex);
  VIGIL_ASSERT_OK_AND_ASSIGN(Hash256 same,
                             Hash256::FromHex("AA" + hex.substr(2)));
  EXPECT_EQ(same, h);
  EXPECT_THAT(PdqHash::FromHex(hex.substr(2)),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("PDQ hash")));
}

TEST(PdqHashTest, HammingDistanceOfHashesAndBytes) {
  PdqHash a, b;
  b.SetBit(0);
  b.SetBit(255);
  EXPECT_EQ(HammingDistance(a, b), 2);
  EXPECT_EQ(HammingDistanceBytes(a.bytes, b.bytes), 2);
  const std::vector<uint8_t> x = {0xff, 0x00}, y = {0x0f};
  // Extra bytes of the longer value count as differing from zero.
  EXPECT_EQ(HammingDistanceBytes(x, y), 4);
  EXPECT_EQ(HammingDistanceBytes(y, x), 4);
  EXPECT_EQ(HammingDistanceBytes({}, {}), 0);
}

}  // namespace
}  // namespace vigil
