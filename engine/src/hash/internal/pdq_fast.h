// Copyright 2026 The Vigil Authors.
//
// The fast PDQ float stage. It computes exactly the values of the
// reference-style stage (pdq_reference.h) while doing much less work:
//  - luma is computed strip by strip (32 rows) and never stored as a whole
//    image; blocks of it are transposed in registers so that the
//    horizontal box filters run 32 rows at a time in SIMD lanes, each lane
//    doing the reference's operations in the reference's order;
//  - the vertical box filters run across columns in SIMD lanes over a ring
//    of recent rows, 8 or 16 output rows per pass over the columns;
//  - the second round divides only where the decimation samples: the
//    second horizontal pass keeps its running sums over every column but
//    divides and keeps only the 64 sampled columns, and the second
//    vertical pass runs over those 64 columns only;
//  - divisions by a window count use an exactly rounded reciprocal
//    product (verified equal to true division, see pdq_fast_plan.h).
// Kernels: AVX2 and AVX-512 (F, BW, VBMI), both with FMA. The AVX2 one is
// chosen at run time when the CPU has it (see BestPdqKernel); other CPUs
// use the reference-style stage.
//
// Thread-safety: reentrant; the buffer passed in belongs to one caller.

#ifndef VIGIL_HASH_INTERNAL_PDQ_FAST_H_
#define VIGIL_HASH_INTERNAL_PDQ_FAST_H_

#include <vector>

#include "hash/internal/pdq_core.h"
#include "hash/internal/pdq_fast_plan.h"

namespace vigil::internal {

// The kernel the public API uses on this CPU (AVX2 when available), or
// kNone.
PdqKernel BestPdqKernel();

// True when BestPdqKernel() is not kNone.
bool FastPdqAvailable();

// As ReferencePdqDownsample, with `buffer` as scratch, using `kernel`.
// Returns false, and does nothing, when the CPU lacks the kernel's
// instruction set, kernel is kNone, or the image is wider than
// kPdqMaxFastWidth.
// REQUIRES: image.width, image.height >= kPdqMinHashableDim, valid pixels.
bool FastPdqDownsampleWith(PdqKernel kernel, const PdqImage& image,
                           bool always_filter, std::vector<float>* buffer,
                           float (&out)[64][64]);

// FastPdqDownsampleWith(BestPdqKernel(), ...).
bool FastPdqDownsample(const PdqImage& image, bool always_filter,
                       std::vector<float>* buffer, float (&out)[64][64]);

// True when the downsample of `image` mirrored left to right can share
// the first box-filter passes with that of `image` exactly: grey pixels
// (integer luma, so the first horizontal pass sums exactly, in whatever
// order) and an odd horizontal window (symmetric about its output, at the
// edges too), so that pass of the mirrored rows is the mirrored pass, and
// the first vertical pass works on each column alone. The second passes
// are then run a second time, on the rows read right to left.
bool FastPdqMirrorSharesFirstPasses(const PdqImage& image);

// FastPdqDownsample(image, false, ...) into `out` and, in the same run,
// the downsample of `image` mirrored left to right into `mirrored`,
// bit-identical to FastPdqDownsample of the mirrored pixels. Returns
// false, and does nothing, unless FastPdqMirrorSharesFirstPasses(image)
// and the fast kernel runs on this CPU.
bool FastPdqDownsamplePair(const PdqImage& image, std::vector<float>* buffer,
                           float (&out)[64][64], float (&mirrored)[64][64]);

// As ReferenceDct64To16 (same per-coefficient summation order): the AVX2
// version when the CPU has it, else a loop arranged so that the compiler
// vectorises across independent coefficients.
void FastDct64To16(const float (&in)[64][64], float (&out)[16][16]);

// PdqQuality(image), computed with AVX2 when the CPU has it (the same
// float operations per gradient, so the same result).
int FastPdqQuality(const float (&image)[64][64]);

}  // namespace vigil::internal

#endif  // VIGIL_HASH_INTERNAL_PDQ_FAST_H_
