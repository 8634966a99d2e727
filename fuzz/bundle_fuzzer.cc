// Copyright 2026 The Vigil Authors.
//
// libFuzzer target "bundle" (see fuzz/README.md): the signed-bundle reader.

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return vigil::fuzz::FuzzBundle(data, size);
}
