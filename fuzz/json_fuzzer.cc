// Copyright 2026 The Vigil Authors.
//
// libFuzzer target "json" (see fuzz/README.md): the JSON readers.

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return vigil::fuzz::FuzzJson(data, size);
}
