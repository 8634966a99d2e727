// Copyright 2026 The Vigil Authors.
//
// The scalar copy of the Hamming kernels (see internal/simd.h).

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "index/internal/simd.h"

#define VIGIL_KERNEL_NS scalar
#define VIGIL_KERNEL_NAME "scalar"

#include "index/internal/kernels.inc"
