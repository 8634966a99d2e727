// Copyright 2026 The Vigil Authors.
//
// Access to the reference data in $VIGIL_CONFORMANCE_DIR for conformance
// tests. A test calls VIGIL_CONFORMANCE_DIR_OR_SKIP(dir) first: without the
// variable it skips with a message, or fails when VIGIL_REQUIRE_CONFORMANCE=1
// (as CI sets it), so conformance never silently skips in CI.

#ifndef VIGIL_TESTS_TESTING_CONFORMANCE_H_
#define VIGIL_TESTS_TESTING_CONFORMANCE_H_

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace vigil::testing {

// $VIGIL_CONFORMANCE_DIR, or "" when unset.
std::string ConformanceDir();
// True when VIGIL_REQUIRE_CONFORMANCE=1.
bool RequireConformance();

// One CSV row, by column name.
using CsvRow = std::map<std::string, std::string>;

// Splits one CSV line (RFC 4180 quoting: "a,b" and "" inside quotes).
std::vector<std::string> SplitCsvLine(const std::string& line);
// Reads a CSV file with a header line. Adds a test failure when the file
// cannot be read or a row has the wrong number of fields.
std::vector<CsvRow> ReadCsvFile(const std::string& path);

}  // namespace vigil::testing

#define VIGIL_CONFORMANCE_DIR_OR_SKIP(var)                                  \
  const std::string var = ::vigil::testing::ConformanceDir();               \
  if (var.empty()) {                                                        \
    if (::vigil::testing::RequireConformance()) {                           \
      FAIL() << "VIGIL_REQUIRE_CONFORMANCE=1 but VIGIL_CONFORMANCE_DIR is " \
                "unset";                                                    \
    }                                                                       \
    GTEST_SKIP() << "VIGIL_CONFORMANCE_DIR is unset: no reference data";    \
  }

#endif  // VIGIL_TESTS_TESTING_CONFORMANCE_H_
