// Copyright 2026 The Vigil Authors.
//
// Helpers shared by the engine scan tests.

#ifndef VIGIL_TESTS_PIPELINE_SCAN_TESTING_H_
#define VIGIL_TESTS_PIPELINE_SCAN_TESTING_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "vigil/engine.h"

namespace vigil::testing {

// Engine::Open on `db` with `options` (db_dir set); nullptr and a test
// failure on error.
inline std::unique_ptr<Engine> OpenEngine(const std::string& db,
                                          EngineOptions options = {}) {
  options.db_dir = db;
  auto engine = Engine::Open(options);
  EXPECT_TRUE(engine.ok()) << engine.status();
  return engine.ok() ? std::move(*engine) : nullptr;
}

// The match of `r` against hash set `set`, or nullptr.
inline const ScanMatch* FindMatch(const ScanResult& r, const std::string& set) {
  for (const ScanMatch& m : r.matches) {
    if (m.match.hashset == set) return &m;
  }
  return nullptr;
}

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_PIPELINE_SCAN_TESTING_H_
