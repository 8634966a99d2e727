// Copyright 2026 The Vigil Authors.
//
// libFuzzer target "jpeg" (see fuzz/README.md).

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return vigil::fuzz::FuzzDecodeAs(vigil::MediaType::kJpeg, data, size);
}
