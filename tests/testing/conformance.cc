// Copyright 2026 The Vigil Authors.

#include "testing/conformance.h"

#include <cstdlib>
#include <fstream>

namespace vigil::testing {

std::string ConformanceDir() {
  const char* dir = std::getenv("VIGIL_CONFORMANCE_DIR");
  return dir != nullptr ? dir : "";
}

bool RequireConformance() {
  const char* req = std::getenv("VIGIL_REQUIRE_CONFORMANCE");
  return req != nullptr && std::string(req) == "1";
}

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<CsvRow> ReadCsvFile(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::vector<CsvRow> rows;
  std::string line;
  if (!std::getline(in, line)) return rows;
  const std::vector<std::string> header = SplitCsvLine(line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> fields = SplitCsvLine(line);
    EXPECT_EQ(fields.size(), header.size()) << path << ": " << line;
    CsvRow row;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i) {
      row[header[i]] = fields[i];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace vigil::testing
