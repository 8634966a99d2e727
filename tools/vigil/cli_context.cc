// Copyright 2026 The Vigil Authors.

#include "tools/vigil/cli_context.h"

#include <cstdlib>
#include <iostream>

namespace vigil::cli {

std::string DefaultDbDir() {
  if (const char* db = std::getenv("VIGIL_DB"); db != nullptr && *db) {
    return db;
  }
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg) {
    return std::string(xdg) + "/vigil";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home) {
    return std::string(home) + "/.local/share/vigil";
  }
  return "vigil-db";
}

void PrintError(std::string_view message) {
  std::cerr << "vigil: " << message << std::endl;
}

int ReportFatal(const Status& status) {
  PrintError(status.ToString());
  return status.code() == StatusCode::kInvalidArgument ? kExitUsage
                                                       : kExitFailure;
}

}  // namespace vigil::cli
