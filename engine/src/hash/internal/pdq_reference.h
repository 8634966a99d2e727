// Copyright 2026 The Vigil Authors.
//
// The reference-style PDQ float stage: a plain scalar re-implementation in
// the shape of Meta's reference (full-size float luma, four full box-filter
// passes over the whole image, decimation, a direct 16x64 * 64x64 * 64x16
// DCT). It is slow and simple on purpose: tests cross-check the fast path
// (pdq_fast.h) against it bit for bit, the benchmark uses it as the
// baseline, and the public functions fall back to it on CPUs without AVX2.
//
// Thread-safety: reentrant; the buffers passed in belong to one caller.

#ifndef VIGIL_HASH_INTERNAL_PDQ_REFERENCE_H_
#define VIGIL_HASH_INTERNAL_PDQ_REFERENCE_H_

#include <vector>

#include "hash/internal/pdq_core.h"

namespace vigil::internal {

// Fills `out` with the blurred and decimated 64x64 luma of `image`.
// always_filter=false mirrors pdqHash256FromFloatLuma, which copies a 64x64
// input without blurring it; always_filter=true mirrors the reference's
// dihedral routine, which always blurs. `buffer1` and `buffer2` are resized
// to width * height floats.
// REQUIRES: image.width, image.height >= kPdqMinHashableDim, valid pixels.
void ReferencePdqDownsample(const PdqImage& image, bool always_filter,
                            std::vector<float>* buffer1,
                            std::vector<float>* buffer2, float (&out)[64][64]);

// out = D * in * D^T with the 16x64 DCT matrix D, summing each dot product
// in index order from 0, as the reference's dct64To16.
void ReferenceDct64To16(const float (&in)[64][64], float (&out)[16][16]);

}  // namespace vigil::internal

#endif  // VIGIL_HASH_INTERNAL_PDQ_REFERENCE_H_
