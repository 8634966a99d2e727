// Copyright 2026 The Vigil Authors.
//
// libFuzzer target "video" (see fuzz/README.md): video container probing and
// decoding.

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return vigil::fuzz::FuzzVideo(data, size);
}
