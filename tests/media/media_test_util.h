// Copyright 2026 The Vigil Authors.
//
// Helpers shared by the media tests: conformance data lookup, file
// reading, truncation sweeps and crafted headers.

#ifndef VIGIL_TESTS_MEDIA_MEDIA_TEST_UTIL_H_
#define VIGIL_TESTS_MEDIA_MEDIA_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "vigil/image.h"

namespace vigil::testing {

// $VIGIL_CONFORMANCE_DIR, or nullopt when unset.
inline std::optional<std::string> ConformanceDir() {
  const char* dir = std::getenv("VIGIL_CONFORMANCE_DIR");
  if (dir == nullptr || *dir == '\0') return std::nullopt;
  return std::string(dir);
}

// Skips the test when the conformance data is missing, or fails it when
// VIGIL_REQUIRE_CONFORMANCE=1.
#define VIGIL_REQUIRE_CONFORMANCE_DIR(var)                              \
  std::string var;                                                      \
  if (auto vigil_dir_ = ::vigil::testing::ConformanceDir()) {           \
    var = *vigil_dir_;                                                  \
  } else {                                                              \
    const char* vigil_req_ = std::getenv("VIGIL_REQUIRE_CONFORMANCE");  \
    if (vigil_req_ != nullptr && std::string(vigil_req_) == "1") {      \
      FAIL() << "VIGIL_CONFORMANCE_DIR is unset but "                   \
                "VIGIL_REQUIRE_CONFORMANCE=1";                          \
    }                                                                   \
    GTEST_SKIP() << "VIGIL_CONFORMANCE_DIR is unset: conformance data " \
                    "(../shared/conformance) not available";            \
  }

inline std::vector<uint8_t> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in),
                              std::istreambuf_iterator<char>());
}

// Offsets at which to truncate a file of `size` bytes: every offset for
// small files, otherwise ~`count` spread evenly plus the last 16.
inline std::vector<size_t> TruncationOffsets(size_t size, size_t count = 200) {
  std::vector<size_t> offsets;
  if (size <= count) {
    for (size_t i = 0; i < size; ++i) offsets.push_back(i);
    return offsets;
  }
  for (size_t i = 0; i < count; ++i) offsets.push_back(i * size / count);
  for (size_t i = size - 16; i < size; ++i) offsets.push_back(i);
  return offsets;
}

// Decodes every truncation of `file` shorter than `size - slack` and
// expects an error that is corrupt_input (or unsupported_format when too
// few bytes remain to recognise the format).
inline void ExpectTruncationsFail(const std::vector<uint8_t>& file,
                                  size_t slack = 0,
                                  const DecodeOptions& options = {}) {
  for (size_t n : TruncationOffsets(file.size())) {
    if (n + slack >= file.size()) continue;
    std::vector<uint8_t> cut(file.begin(), file.begin() + n);
    Result<Image> r = DecodeImage(cut, options);
    ASSERT_FALSE(r.ok()) << "truncated at " << n << " of " << file.size();
    StatusCode code = r.status().code();
    EXPECT_TRUE(code == StatusCode::kCorruptInput ||
                code == StatusCode::kUnsupportedFormat)
        << "truncated at " << n << ": " << r.status();
  }
}

// Luma of an RGB buffer with the PDQ weights, rounded.
inline std::vector<uint8_t> LumaOf(const std::vector<uint8_t>& rgb) {
  std::vector<uint8_t> out(rgb.size() / 3);
  for (size_t i = 0; i < out.size(); ++i) {
    double y =
        0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2];
    out[i] = static_cast<uint8_t>(y + 0.5);
  }
  return out;
}

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_MEDIA_MEDIA_TEST_UTIL_H_
