// Copyright 2026 The Vigil Authors.
//
// libFuzzer target "animation" (see fuzz/README.md): an animated GIF or WebP
// through the content path.

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return vigil::fuzz::FuzzAnimation(data, size);
}
