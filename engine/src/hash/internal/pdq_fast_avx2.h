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
  int padded_width = 0;          // width rounded up to kPdqLanes
  BoxPhases horizontal;          // box filter along a row (length width)
  BoxPhases vertical;            // box filter along a column (length height)
  int ring_rows = 0;             // rows held by `ring`
  int sample_cols[64] = {};      // decimation columns, nondecreasing
  int sample_rows[64] = {};      // decimation rows, nondecreasing
  float* strip = nullptr;        // padded_width * kPdqStripRows
  float* strip_out = nullptr;    // padded_width * kPdqStripRows
  float* ring = nullptr;         // ring_rows * padded_width
  float* column_sums = nullptr;  // padded_width
  float* c1_rows = nullptr;      // kPdqStripRows * padded_width
  float* r2_samples = nullptr;   // height * 64
  float* spare_row = nullptr;    // padded_width, written and never read
};

// True when the CPU supports AVX2.
bool CpuHasAvx2();

// Computes the blurred, decimated 64x64 image of `image` with `plan`.
// REQUIRES: CpuHasAvx2(); plan made for this image's size.
void PdqDownsampleAvx2(const PdqImage& image, const PdqFastPlan& plan,
                       float (&out)[64][64]);

}  // namespace vigil::internal

#endif  // VIGIL_HASH_INTERNAL_PDQ_FAST_AVX2_H_
