// Copyright 2026 The Vigil Authors.
//
// Reading the CLI's machine output in tests: one JSON object per line.

#ifndef VIGIL_TESTS_CLI_JSON_LINES_H_
#define VIGIL_TESTS_CLI_JSON_LINES_H_

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace vigil::testing {

// The JSON objects of `out`, one per line. A line that is not JSON, an
// empty one included, throws and so fails the test.
inline std::vector<nlohmann::json> JsonLines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

// The result lines of `vigil scan`/`vigil hash`, keyed by the file name of
// their "path".
inline std::map<std::string, nlohmann::json> ByFileName(
    const std::string& out) {
  std::map<std::string, nlohmann::json> m;
  for (nlohmann::json& j : JsonLines(out)) {
    m[std::filesystem::path(j["path"].get<std::string>()).filename().string()] =
        j;
  }
  return m;
}

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_CLI_JSON_LINES_H_
