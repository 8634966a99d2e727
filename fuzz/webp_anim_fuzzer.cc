// Copyright 2026 The Vigil Authors.
//
// libFuzzer target "webp_anim" (see fuzz/README.md): animated WebP read as
// a video.

#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return vigil::fuzz::FuzzWebpAnimation(data, size);
}
