// Copyright 2026 The Vigil Authors.
//
// The avx2 copy of the Hamming kernels (see internal/simd.h).

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "index/internal/simd.h"

#pragma GCC target("avx2,popcnt,bmi,bmi2")
#define VIGIL_KERNEL_NS avx2
#define VIGIL_KERNEL_NAME "avx2"
#define VIGIL_KERNEL_AVX2 1
#include "index/internal/kernels.inc"
