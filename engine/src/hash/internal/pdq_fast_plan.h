// Copyright 2026 The Vigil Authors.
//
// The SIMD kernels of the fast PDQ float stage (design in pdq_fast.h) and
// the plan they execute. pdq_fast.cc plans the work and owns the memory;
// a kernel only computes. Each kernel lives in its own file compiled for
// its instruction set (pdq_fast_avx2.cc, pdq_fast_avx512.cc) from the one
// template in pdq_fast_kernel.h; every lane rounds exactly as the scalar
// reference does (no contraction: the module builds with -ffp-contract=off,
// and the only fused operations are the explicit ones of the exact
// reciprocal division).
//
// Thread-safety: reentrant; the plan's buffers belong to one caller.

#ifndef VIGIL_HASH_INTERNAL_PDQ_FAST_PLAN_H_
#define VIGIL_HASH_INTERNAL_PDQ_FAST_PLAN_H_

#include <cstddef>

#include "hash/internal/pdq_core.h"

namespace vigil::internal {

// Rows per strip (for either vector width), and the widest vector in
// floats: widths are padded to a multiple of it.
inline constexpr int kPdqStripRows = 32;
inline constexpr int kPdqMaxLanes = 16;

// Widest image the kernels take (their strip offsets are int); wider
// images use the reference-style stage.
inline constexpr int kPdqMaxFastWidth = 1 << 24;

// Largest window count for which the kernels' reciprocal division was
// verified to equal true division (exhaustively over all floats in
// [1e-30, 300 n], for every n = 1..kPdqMaxReciprocalCount; rerun with
// vigil_hash_test --gtest_also_run_disabled_tests
// --gtest_filter='*ReciprocalDivisionExhaustive*').
inline constexpr int kPdqMaxReciprocalCount = 520;

// Everything a kernel needs, precomputed. Buffers are 64-byte aligned and
// sized as documented; their contents on entry are irrelevant except for
// zero_row, as long as they are finite.
struct PdqFastPlan {
  int width = 0;
  int height = 0;
  int padded_width = 0;  // width rounded up to kPdqMaxLanes
  BoxPhases horizontal;  // box filter along a row (length width)
  BoxPhases vertical;    // box filter along a column (length height)
  int ring_rows = 0;     // rows held by `ring`
  // Divide by multiplying with a corrected reciprocal (exact; see the
  // kernel). REQUIRES when set: both windows <= kPdqMaxReciprocalCount.
  bool reciprocal_divide = false;
  int sample_cols[64] = {};      // decimation columns, nondecreasing
  int sample_rows[64] = {};      // decimation rows, nondecreasing
  float* strip = nullptr;        // padded_width * kPdqStripRows (luma)
  float* r1_block = nullptr;     // kPdqMaxLanes * kPdqStripRows
  float* ring = nullptr;         // ring_rows * padded_width (R1 rows)
  float* column_sums = nullptr;  // padded_width
  float* r2_strip = nullptr;     // padded_width * kPdqStripRows (C1 out)
  float* r2_samples = nullptr;   // height * 64
  float* spare_row = nullptr;    // padded_width, written and never read
  float* zero_row = nullptr;     // padded_width, all +0.0f
  // height * 64, or null: R2 samples of the image mirrored left to right
  // (only for a kernel run with a `mirrored` output).
  float* r2_samples_mirrored = nullptr;
};

// The SIMD kernels.
enum class PdqKernel { kNone, kAvx2, kAvx512 };

// True when the CPU runs the kernel (AVX2+FMA; AVX-512 F/BW/VBMI + FMA).
bool CpuSupports(PdqKernel kernel);

// Computes the blurred, decimated 64x64 image of `image` with `plan`;
// with `mirrored` (not null), also that of the image mirrored left to right
// from the same first passes, which is exact only when the first
// horizontal pass commutes with the mirror (see FastPdqDownsamplePair).
// REQUIRES: CpuSupports(kernel's ISA); plan made for this image's size;
// plan.r2_samples_mirrored set when `mirrored` is.
void PdqDownsampleAvx2(const PdqImage& image, const PdqFastPlan& plan,
                       float (&out)[64][64], float (*mirrored)[64][64]);
void PdqDownsampleAvx512(const PdqImage& image, const PdqFastPlan& plan,
                         float (&out)[64][64], float (*mirrored)[64][64]);

// out[i] = a[i] / n computed as the kernels' reciprocal division does
// (exposed for tests). REQUIRES: CpuSupports; 1 <= n; count % 16 == 0.
void PdqReciprocalDivideAvx2(const float* a, size_t count, int n, float* out);
void PdqReciprocalDivideAvx512(const float* a, size_t count, int n, float* out);

// As ReferenceDct64To16 (same per-coefficient summation order), 8 output
// elements per AVX2 vector. REQUIRES: CpuSupports(PdqKernel::kAvx2).
void PdqDct64To16Avx2(const float (&in)[64][64], float (&out)[16][16]);

// As PdqQuality, 8 gradients per AVX2 vector. REQUIRES: as above.
int PdqQualityAvx2(const float (&image)[64][64]);

}  // namespace vigil::internal

#endif  // VIGIL_HASH_INTERNAL_PDQ_FAST_PLAN_H_
