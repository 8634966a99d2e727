// Copyright 2026 The Vigil Authors.
//
// The AVX2 kernel of the fast PDQ float stage (see pdq_fast.h for the
// design). pdq_fast.cc plans the work and owns the memory; this kernel only
// computes. Compiled for AVX2 without FMA, so every lane rounds exactly as
// the scalar reference does.
//
// Thread-safety: reentrant; the plan's buffers belong to one caller.

#ifndef VIGIL_HASH_INTERNAL_PDQ_FAST_AVX2_H_
#define VIGIL_HASH_INTERNAL_PDQ_FAST_AVX2_H_

#include <cstddef>

#include "hash/internal/pdq_core.h"

namespace vigil::internal {

// SIMD width of the kernel (floats per vector, columns per block).
inline constexpr int kPdqLanes = 8;
// Rows per strip: 4 vectors per column, so that the horizontal running sums
// (a chain of dependent adds per vector) run as 4 overlapping chains.
inline constexpr int kPdqStripRows = 32;

// Everything the kernel needs, precomputed. Buffers are 32-byte aligned and
// sized as documented; their initial contents are irrelevant as long as
// they are finite (padding columns are summed and then ignored).
struct PdqFastPlan {
  int width = 0;
  int height = 0;
  int padded_width = 0;  // width rounded up to kPdqLanes
  BoxPhases horizontal;  // box filter along a row (length width)
  BoxPhases vertical;    // box filter along a column (length height)
  int ring_rows = 0;     // rows held by `ring`
  // Divide by multiplying with a corrected reciprocal (exact; see the
  // kernel). REQUIRES when set: both windows <= kPdqMaxReciprocalCount.
  bool reciprocal_divide = false;
  int sample_cols[64] = {};      // decimation columns, nondecreasing
  int sample_rows[64] = {};      // decimation rows, nondecreasing
  float* strip = nullptr;        // padded_width * kPdqStripRows
  float* r1_block = nullptr;     // 8 * kPdqStripRows
  float* ring = nullptr;         // ring_rows * padded_width
  float* column_sums = nullptr;  // padded_width
  float* c1_rows = nullptr;      // kPdqStripRows * padded_width
  float* r2_samples = nullptr;   // height * 64
  float* spare_row = nullptr;    // padded_width, written and never read
};

// Largest window count for which the kernel's reciprocal division was
// verified to equal true division (exhaustively over all floats in
// [1e-30, 300 n], for every n = 1..kPdqMaxReciprocalCount; rerun with
// vigil_hash_test --gtest_also_run_disabled_tests
// --gtest_filter='*ReciprocalDivisionExhaustive*').
inline constexpr int kPdqMaxReciprocalCount = 520;

// out[i] = a[i] / n computed as the kernel's reciprocal division does
// (exposed for tests). REQUIRES: CpuHasAvx2(); 1 <= n; count % 8 == 0.
void PdqReciprocalDivideAvx2(const float* a, size_t count, int n, float* out);

// True when the CPU supports AVX2 and FMA.
bool CpuHasAvx2();

// Computes the blurred, decimated 64x64 image of `image` with `plan`.
// REQUIRES: CpuHasAvx2(); plan made for this image's size.
void PdqDownsampleAvx2(const PdqImage& image, const PdqFastPlan& plan,
                       float (&out)[64][64]);

}  // namespace vigil::internal

#endif  // VIGIL_HASH_INTERNAL_PDQ_FAST_AVX2_H_
