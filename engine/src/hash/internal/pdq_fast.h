// Copyright 2026 The Vigil Authors.
//
// The fast PDQ float stage. It computes exactly the values of the
// reference-style stage (pdq_reference.h) while doing much less work:
//  - luma is computed strip by strip (8 rows) and never stored as a whole
//    image; the strips are transposed in registers so that the horizontal
//    box filters run 8 rows at a time in SIMD lanes, with each lane doing
//    the reference's operations in the reference's order;
//  - the vertical box filters run across columns in SIMD lanes over a ring
//    of recent rows;
//  - the second round divides only where the decimation samples: the
//    second horizontal pass keeps its running sums over every column but
//    divides and keeps only the 64 sampled columns, and the second vertical
//    pass runs over those 64 columns only.
// Exactness rests on IEEE single precision with no fused multiply-add
// (hash/CMakeLists.txt compiles the module with -ffp-contract=off and no
// FMA target), so a SIMD lane rounds exactly as the scalar reference.
//
// Thread-safety: reentrant; the buffer passed in belongs to one caller.

#ifndef VIGIL_HASH_INTERNAL_PDQ_FAST_H_
#define VIGIL_HASH_INTERNAL_PDQ_FAST_H_

#include <vector>

#include "hash/internal/pdq_core.h"

namespace vigil::internal {

// True when this CPU runs the SIMD fast path (x86-64 with AVX2 and FMA).
bool FastPdqAvailable();

// As ReferencePdqDownsample, with `buffer` as scratch. Returns false, and
// does nothing, when FastPdqAvailable() is false.
// REQUIRES: image.width, image.height >= kPdqMinHashableDim, valid pixels.
bool FastPdqDownsample(const PdqImage& image, bool always_filter,
                       std::vector<float>* buffer, float (&out)[64][64]);

// As ReferenceDct64To16 (same per-coefficient summation order), arranged so
// that the compiler vectorises across independent coefficients.
void FastDct64To16(const float (&in)[64][64], float (&out)[16][16]);

}  // namespace vigil::internal

#endif  // VIGIL_HASH_INTERNAL_PDQ_FAST_H_
