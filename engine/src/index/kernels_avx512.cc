// Copyright 2026 The Vigil Authors.
//
// The avx512 copy of the Hamming kernels (see internal/simd.h).

// GCC 12's AVX-512 intrinsics start several results from
// _mm512_undefined_*(), which trips -Wmaybe-uninitialized inside the
// compiler's own headers (GCC bug 105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "index/internal/simd.h"

#pragma GCC target( \
    "avx512f,avx512bw,avx512vl,avx512vpopcntdq,avx512bitalg,avx2,popcnt,bmi,bmi2")
#define VIGIL_KERNEL_NS avx512
#define VIGIL_KERNEL_NAME "avx512"
#define VIGIL_KERNEL_AVX512 1
#include "index/internal/kernels.inc"
