// Copyright 2026 The Vigil Authors.
//
// libFuzzer target "hashlist" (see fuzz/README.md): the hash-list import
// parser.

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return vigil::fuzz::FuzzHashList(data, size);
}
