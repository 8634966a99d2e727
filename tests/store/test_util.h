// Copyright 2026 The Vigil Authors.
//
// Helpers shared by the store tests: deterministic benign test hashes
// (random bytes, not hashes of any media) and small list builders.

#ifndef VIGIL_TESTS_STORE_TEST_UTIL_H_
#define VIGIL_TESTS_STORE_TEST_UTIL_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "vigil/hex.h"
#include "vigil/signal_type.h"

namespace vigil::testing {

// A random value of `type` drawn from `rng`.
inline Signal RandomSignal(SignalType type, std::mt19937_64& rng) {
  Signal s;
  s.type = type;
  s.bytes.resize(SignalTypeByteSize(type));
  for (auto& b : s.bytes) b = static_cast<uint8_t>(rng());
  return s;
}

// `n` lines of random PDQ hex, one per line; line `bad_line` (1-based, 0 for
// none) gets a 'g' in column 10.
inline std::string PdqLines(size_t n, uint64_t seed, size_t bad_line = 0) {
  std::mt19937_64 rng(seed);
  std::string out;
  out.reserve(n * 65);
  for (size_t i = 1; i <= n; ++i) {
    std::string hex = RandomSignal(SignalType::kPdq, rng).ToHex();
    if (i == bad_line) hex[9] = 'g';
    out += hex;
    out += '\n';
  }
  return out;
}

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_STORE_TEST_UTIL_H_
