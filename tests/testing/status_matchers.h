// Copyright 2026 The Vigil Authors.
//
// GoogleTest matchers for vigil::Status and vigil::Result<T>, after
// absl/status/status_matchers.h.
//
//   VIGIL_EXPECT_OK(store->Put(...));
//   VIGIL_ASSERT_OK_AND_ASSIGN(auto image, DecodeImage(bytes));
//   EXPECT_THAT(HexDecode("zz"), StatusIs(StatusCode::kInvalidArgument,
//                                         HasSubstr("position 0")));

#ifndef VIGIL_TESTS_TESTING_STATUS_MATCHERS_H_
#define VIGIL_TESTS_TESTING_STATUS_MATCHERS_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <utility>

#include "vigil/result.h"
#include "vigil/status.h"

namespace vigil::testing {

inline const Status& GetStatus(const Status& s) { return s; }
template <typename T>
const Status& GetStatus(const Result<T>& r) {
  return r.status();
}

// Matches an OK Status or a Result holding a value.
MATCHER(IsOk, "is OK") {
  const Status& s = GetStatus(arg);
  if (s.ok()) return true;
  *result_listener << "status is " << s.ToString();
  return false;
}

// Matches a Status (or Result) with `code` and a message matching `m`.
MATCHER_P2(StatusIs, code, message_matcher,
           std::string("has code ") + StatusCodeName(code)) {
  const Status& s = GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  if (s.code() != code) return false;
  return ::testing::ExplainMatchResult(
      message_matcher, std::string(s.message()), result_listener);
}

}  // namespace vigil::testing

#define VIGIL_EXPECT_OK(expr) EXPECT_THAT((expr), ::vigil::testing::IsOk())
#define VIGIL_ASSERT_OK(expr) ASSERT_THAT((expr), ::vigil::testing::IsOk())

#define VIGIL_TESTING_CONCAT_INNER_(x, y) x##y
#define VIGIL_TESTING_CONCAT_(x, y) VIGIL_TESTING_CONCAT_INNER_(x, y)
// Asserts that `rexpr` (a Result) is OK and moves its value into `lhs`.
#define VIGIL_ASSERT_OK_AND_ASSIGN(lhs, rexpr)                          \
  auto VIGIL_TESTING_CONCAT_(vigil_test_result_, __LINE__) = (rexpr);   \
  ASSERT_TRUE(VIGIL_TESTING_CONCAT_(vigil_test_result_, __LINE__).ok()) \
      << VIGIL_TESTING_CONCAT_(vigil_test_result_, __LINE__).status();  \
  lhs = std::move(VIGIL_TESTING_CONCAT_(vigil_test_result_, __LINE__)).value()

#endif  // VIGIL_TESTS_TESTING_STATUS_MATCHERS_H_
