// Copyright 2026 The Vigil Authors.
//
// libFuzzer target "vpdq" (see fuzz/README.md): vPDQ text.

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return vigil::fuzz::FuzzVpdqText(data, size);
}
