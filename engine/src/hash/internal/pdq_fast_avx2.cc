// Copyright 2026 The Vigil Authors.
//
// AVX2 kernel of the fast PDQ float stage. Vocabulary (see pdq_fast.h):
//   strip  - kPdqStripRows consecutive image rows stored transposed, column
//            by column (strip[x * kPdqStripRows + r] is row r, column x),
//            so that a horizontal box filter runs all rows in SIMD lanes;
//   R1, C1 - first horizontal and vertical box passes (every pixel);
//   R2, C2 - second passes, divided and kept only at decimation samples.
// Each lane performs the reference's scalar operations in the reference's
// order (add the entering value, then subtract the leaving one, then divide
// by the window count), so results are bit-identical. This file is compiled
// for AVX2 only (no FMA), and the module with -ffp-contract=off.

#include "hash/internal/pdq_fast_avx2.h"

#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace vigil::internal {

bool CpuHasAvx2() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

#if defined(__x86_64__)
#pragma GCC push_options
#pragma GCC target("avx2,fma")

namespace {

#define VIGIL_PDQ_INLINE inline __attribute__((always_inline))

constexpr int kVecs = kPdqStripRows / kPdqLanes;  // vectors per strip column

// Transposes the 8x8 block r[0..7] (r[i] lane j becomes r[j] lane i).
VIGIL_PDQ_INLINE void Transpose8x8(__m256 r[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]);
  const __m256 t1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]);
  const __m256 t3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]);
  const __m256 t5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]);
  const __m256 t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
  const __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
  const __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
  r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
  r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
  r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
  r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
  r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
  r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
  r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
  r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

// Luma of 8 RGB pixels (24 bytes at p, read exactly): (cR*R + cG*G) + cB*B
// with separate roundings, as the reference. The low 128-bit lane holds
// bytes 0..15 (pixels 0..3), the high lane bytes 8..23 (pixels 4..7 at
// offsets 4..15), so one in-lane byte shuffle per channel zero-extends the
// channel into 32-bit integers.
VIGIL_PDQ_INLINE __m256 Luma8Rgb(const uint8_t* p) {
  const __m256i bytes = _mm256_inserti128_si256(
      _mm256_castsi128_si256(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(p))),
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8)), 1);
  constexpr char z = -1;
  const __m256i r_idx =
      _mm256_setr_epi8(0, z, z, z, 3, z, z, z, 6, z, z, z, 9, z, z, z,  //
                       4, z, z, z, 7, z, z, z, 10, z, z, z, 13, z, z, z);
  const __m256i g_idx =
      _mm256_setr_epi8(1, z, z, z, 4, z, z, z, 7, z, z, z, 10, z, z, z,  //
                       5, z, z, z, 8, z, z, z, 11, z, z, z, 14, z, z, z);
  const __m256i b_idx =
      _mm256_setr_epi8(2, z, z, z, 5, z, z, z, 8, z, z, z, 11, z, z, z,  //
                       6, z, z, z, 9, z, z, z, 12, z, z, z, 15, z, z, z);
  const __m256 rf = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(bytes, r_idx));
  const __m256 gf = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(bytes, g_idx));
  const __m256 bf = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(bytes, b_idx));
  __m256 y = _mm256_mul_ps(_mm256_set1_ps(kLumaR), rf);
  y = _mm256_add_ps(y, _mm256_mul_ps(_mm256_set1_ps(kLumaG), gf));
  return _mm256_add_ps(y, _mm256_mul_ps(_mm256_set1_ps(kLumaB), bf));
}

// Luma of 8 grey pixels (8 bytes at p): the byte values as floats.
VIGIL_PDQ_INLINE __m256 Luma8Grey(const uint8_t* p) {
  const __m128i g = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(g));
}

inline float LumaAt(const PdqImage& image, const uint8_t* row, int x) {
  if (image.pixels == PdqPixels::kRgb) {
    const uint8_t* p = row + 3 * static_cast<size_t>(x);
    return LumaFromRgb(p[0], p[1], p[2]);
  }
  return static_cast<float>(row[x]);
}

// Fills `strip` with the luma of rows row0..row0+kPdqStripRows-1 (rows past
// the image repeat its last row; their results are never used).
void LumaStrip(const PdqImage& image, int row0, float* strip) {
  const uint8_t* rows[kPdqStripRows];
  for (int r = 0; r < kPdqStripRows; ++r) {
    int y = row0 + r;
    if (y >= image.height) y = image.height - 1;
    rows[r] = image.data + static_cast<size_t>(y) * image.stride;
  }
  const int full = image.width & ~(kPdqLanes - 1);
  const bool rgb = image.pixels == PdqPixels::kRgb;
  // Eight rows at a time across the whole width: eight input streams are
  // few enough for the hardware prefetchers.
  for (int k = 0; k < kVecs; ++k) {
    const uint8_t* const* group = rows + k * 8;
    if (rgb) {
      for (int x = 0; x < full; x += kPdqLanes) {
        __m256 v[8];
#pragma GCC unroll 8
        for (int r = 0; r < 8; ++r) {
          const uint8_t* px = group[r] + 3 * static_cast<size_t>(x);
          // Prefetching never faults, even past the end of the buffer.
          _mm_prefetch(reinterpret_cast<const char*>(px) + 512, _MM_HINT_T0);
          v[r] = Luma8Rgb(px);
        }
        Transpose8x8(v);
#pragma GCC unroll 8
        for (int c = 0; c < 8; ++c) {
          _mm256_store_ps(strip + (x + c) * kPdqStripRows + k * 8, v[c]);
        }
      }
    } else {
      for (int x = 0; x < full; x += kPdqLanes) {
        __m256 v[8];
#pragma GCC unroll 8
        for (int r = 0; r < 8; ++r) v[r] = Luma8Grey(group[r] + x);
        Transpose8x8(v);
#pragma GCC unroll 8
        for (int c = 0; c < 8; ++c) {
          _mm256_store_ps(strip + (x + c) * kPdqStripRows + k * 8, v[c]);
        }
      }
    }
  }
  for (int x = full; x < image.width; ++x) {
    for (int r = 0; r < kPdqStripRows; ++r) {
      strip[x * kPdqStripRows + r] = LumaAt(image, rows[r], x);
    }
  }
}

// Division by a window count n. With kRecip, a / n is computed as
// q = a * y with y = RN(1/n), then corrected once: r = a - q * n (exact by
// FMA) and RN(q + r * y). For 1 <= n <= kPdqMaxReciprocalCount this equals
// the correctly rounded a / n for every float a with 1e-30 <= |a| <= 300 n
// (checked exhaustively, see pdq_fast_avx2.h) and for a = +0: box sums of
// 8-bit luma stay inside that range (their terms are at most 255 and
// never tiny). Otherwise a true division is used.
struct Divisor {
  __m256 n;
  __m256 y;
};

VIGIL_PDQ_INLINE Divisor MakeDivisor(int count) {
  const float n = static_cast<float>(count);
  return Divisor{_mm256_set1_ps(n), _mm256_set1_ps(1.0f / n)};
}

template <bool kRecip>
VIGIL_PDQ_INLINE __m256 Quotient(__m256 a, const Divisor& d) {
  if constexpr (kRecip) {
    const __m256 q = _mm256_mul_ps(a, d.y);
    const __m256 r = _mm256_fnmadd_ps(q, d.n, a);
    return _mm256_fmadd_ps(r, d.y, q);
  } else {
    return _mm256_div_ps(a, d.n);
  }
}

// Running sums of one strip column position: kVecs independent vectors, so
// that kVecs dependency chains overlap.
struct StripSum {
  __m256 v[kVecs];

  VIGIL_PDQ_INLINE void Zero() {
#pragma GCC unroll 4
    for (int k = 0; k < kVecs; ++k) v[k] = _mm256_setzero_ps();
  }
  VIGIL_PDQ_INLINE void Add(const float* p) {
#pragma GCC unroll 4
    for (int k = 0; k < kVecs; ++k) {
      v[k] = _mm256_add_ps(v[k], _mm256_load_ps(p + k * 8));
    }
  }
  VIGIL_PDQ_INLINE void Sub(const float* p) {
#pragma GCC unroll 4
    for (int k = 0; k < kVecs; ++k) {
      v[k] = _mm256_sub_ps(v[k], _mm256_load_ps(p + k * 8));
    }
  }
  template <bool kRecip>
  VIGIL_PDQ_INLINE void StoreDiv(float* p, const Divisor& d) const {
#pragma GCC unroll 4
    for (int k = 0; k < kVecs; ++k) {
      _mm256_store_ps(p + k * 8, Quotient<kRecip>(v[k], d));
    }
  }
};

VIGIL_PDQ_INLINE const float* Col(const float* strip, int x) {
  return strip + static_cast<size_t>(x) * kPdqStripRows;
}

// Advances the box filter `p` over strip columns: performs the updates of
// outputs from..to-1 (add entering, then subtract leaving) on `sum`.
VIGIL_PDQ_INLINE void Advance(const float* in, const BoxPhases& p, int from,
                              int to, StripSum* sum) {
  int o = from;
  const int end_grow = to < p.grow ? to : p.grow;
  for (; o < end_grow; ++o) sum->Add(Col(in, p.lead + o));
  const int end_full = to < p.grow + p.full ? to : p.grow + p.full;
  for (; o < end_full; ++o) {
    sum->Add(Col(in, p.lead + o));
    sum->Sub(Col(in, o - p.grow));
  }
  for (; o < to; ++o) sum->Sub(Col(in, o - p.grow));
}

VIGIL_PDQ_INLINE float* RingRow(const PdqFastPlan& plan, int row) {
  return plan.ring +
         static_cast<size_t>(row % plan.ring_rows) * plan.padded_width;
}

// Destination rows in the ring of strip rows row0.. (rows past the image go
// to a spare row).
struct RingTargets {
  float* row[kPdqStripRows];
  int valid = 0;

  RingTargets(const PdqFastPlan& plan, int row0) {
    valid = plan.height - row0;
    if (valid > kPdqStripRows) valid = kPdqStripRows;
    for (int r = 0; r < kPdqStripRows; ++r) {
      row[r] = r < valid ? RingRow(plan, row0 + r) : plan.spare_row;
    }
  }
};

// Transposes 8 finished R1 columns (block[c * kPdqStripRows + r]) into the
// ring rows at column x.
VIGIL_PDQ_INLINE void FlushBlock(const float* block, const RingTargets& dst,
                                 int x) {
  const int vecs = (dst.valid + 7) / 8;
  for (int k = 0; k < vecs; ++k) {
    __m256 v[8];
#pragma GCC unroll 8
    for (int c = 0; c < 8; ++c) {
      v[c] = _mm256_load_ps(block + c * kPdqStripRows + k * 8);
    }
    Transpose8x8(v);
#pragma GCC unroll 8
    for (int r = 0; r < 8; ++r) _mm256_store_ps(dst.row[k * 8 + r] + x, v[r]);
  }
}

// R1: the full horizontal box filter of the strip, every output divided,
// written row-major into the ring 8 columns at a time through `block`
// (8 strip columns).
template <bool kRecip>
void BoxStripToRing(const float* in, const BoxPhases& p, const RingTargets& dst,
                    float* block) {
  StripSum sum;
  sum.Zero();
  for (int k = 0; k < p.lead; ++k) sum.Add(Col(in, k));
  const auto emit = [&](int o, const Divisor& d) {
    sum.StoreDiv<kRecip>(block + (o & 7) * kPdqStripRows, d);
    if ((o & 7) == 7) FlushBlock(block, dst, o - 7);
  };
  int o = 0;
  for (; o < p.grow; ++o) {
    sum.Add(Col(in, p.lead + o));
    emit(o, MakeDivisor(p.lead + o + 1));
  }
  const Divisor window = MakeDivisor(p.window);
  const int end_full = p.grow + p.full;
  for (; o < end_full; ++o) {
    sum.Add(Col(in, p.lead + o));
    sum.Sub(Col(in, o - p.grow));
    emit(o, window);
  }
  for (; o < p.length; ++o) {
    sum.Sub(Col(in, o - p.grow));
    emit(o, MakeDivisor(p.Count(o)));
  }
  // Columns past the last full block of 8.
  for (int x = p.length & ~7; x < p.length; ++x) {
    for (int r = 0; r < dst.valid; ++r) {
      dst.row[r][x] = block[(x & 7) * kPdqStripRows + r];
    }
  }
}

// R2 over C1 output rows o0..o0+count-1 (held in c1_rows slots 0..): the
// running sums cover every column, divisions only the sampled ones.
template <bool kRecip>
void SampledRowPass(const PdqFastPlan& plan, int o0, int count) {
  const int full = plan.width & ~(kPdqLanes - 1);
  float* strip = plan.strip;
  const size_t pw = static_cast<size_t>(plan.padded_width);
  for (int x = 0; x < full; x += 8) {
    for (int k = 0; k < kVecs; ++k) {
      if (k * 8 >= count) break;
      __m256 v[8];
#pragma GCC unroll 8
      for (int r = 0; r < 8; ++r) {
        v[r] = _mm256_load_ps(plan.c1_rows + (k * 8 + r) * pw + x);
      }
      Transpose8x8(v);
#pragma GCC unroll 8
      for (int c = 0; c < 8; ++c) {
        _mm256_store_ps(strip + (x + c) * kPdqStripRows + k * 8, v[c]);
      }
    }
  }
  for (int x = full; x < plan.width; ++x) {
    for (int r = 0; r < kPdqStripRows; ++r) {
      strip[x * kPdqStripRows + r] = plan.c1_rows[r * pw + x];
    }
  }
  const BoxPhases& p = plan.horizontal;
  StripSum sum;
  sum.Zero();
  for (int k = 0; k < p.lead; ++k) sum.Add(Col(strip, k));
  int o = 0;
  alignas(32) float values[kPdqStripRows];
  for (int t = 0; t < 64; ++t) {
    const int target = plan.sample_cols[t];
    Advance(strip, p, o, target + 1, &sum);
    o = target + 1;
    sum.StoreDiv<kRecip>(values, MakeDivisor(p.Count(target)));
    for (int r = 0; r < count; ++r) {
      plan.r2_samples[static_cast<size_t>(o0 + r) * 64 + t] = values[r];
    }
  }
}

// C1 step: folds R1 row `row` into the column sums and, once past the lead,
// emits C1 output row `row - lead`.
template <bool kRecip>
void ColumnStep(const PdqFastPlan& plan, int out_row, const float* add_row,
                const float* sub_row) {
  const BoxPhases& p = plan.vertical;
  const Divisor d = MakeDivisor(p.Count(out_row));
  float* sums = plan.column_sums;
  float* dst = plan.c1_rows +
               static_cast<size_t>(out_row % kPdqStripRows) * plan.padded_width;
  for (int x = 0; x < plan.padded_width; x += 8) {
    __m256 s = _mm256_load_ps(sums + x);
    if (add_row != nullptr) s = _mm256_add_ps(s, _mm256_load_ps(add_row + x));
    if (sub_row != nullptr) s = _mm256_sub_ps(s, _mm256_load_ps(sub_row + x));
    _mm256_store_ps(sums + x, s);
    _mm256_store_ps(dst + x, Quotient<kRecip>(s, d));
  }
}

template <bool kRecip>
void EmitColumnOutput(const PdqFastPlan& plan, int o, const float* add_row) {
  const BoxPhases& p = plan.vertical;
  const float* sub_row = p.Subtracts(o) ? RingRow(plan, o - p.grow) : nullptr;
  ColumnStep<kRecip>(plan, o, add_row, sub_row);
  if (o % kPdqStripRows == kPdqStripRows - 1 || o == plan.height - 1) {
    const int o0 = o - o % kPdqStripRows;
    SampledRowPass<kRecip>(plan, o0, o - o0 + 1);
  }
}

// C2 over the sampled columns, divided only at the sampled rows.
template <bool kRecip>
void SampledColumnPass(const PdqFastPlan& plan, float (&out)[64][64]) {
  const BoxPhases& p = plan.vertical;
  __m256 sum[8];
  for (auto& s : sum) s = _mm256_setzero_ps();
  auto row = [&](int r) {
    return plan.r2_samples + static_cast<size_t>(r) * 64;
  };
  for (int k = 0; k < p.lead; ++k) {
#pragma GCC unroll 8
    for (int c = 0; c < 8; ++c) {
      sum[c] = _mm256_add_ps(sum[c], _mm256_loadu_ps(row(k) + c * 8));
    }
  }
  int o = 0;
  for (int t = 0; t < 64; ++t) {
    const int target = plan.sample_rows[t];
    for (; o <= target; ++o) {
      const bool adds = p.Adds(o);
      const bool subs = p.Subtracts(o);
#pragma GCC unroll 8
      for (int c = 0; c < 8; ++c) {
        if (adds) {
          sum[c] =
              _mm256_add_ps(sum[c], _mm256_loadu_ps(row(p.lead + o) + c * 8));
        }
        if (subs) {
          sum[c] =
              _mm256_sub_ps(sum[c], _mm256_loadu_ps(row(o - p.grow) + c * 8));
        }
      }
    }
    const Divisor d = MakeDivisor(p.Count(target));
#pragma GCC unroll 8
    for (int c = 0; c < 8; ++c) {
      _mm256_storeu_ps(&out[t][c * 8], Quotient<kRecip>(sum[c], d));
    }
  }
}

template <bool kRecip>
void Downsample(const PdqImage& image, const PdqFastPlan& plan,
                float (&out)[64][64]) {
  const BoxPhases& v = plan.vertical;
  for (int x = 0; x < plan.padded_width; ++x) plan.column_sums[x] = 0.0f;
  for (int row0 = 0; row0 < plan.height; row0 += kPdqStripRows) {
    LumaStrip(image, row0, plan.strip);
    BoxStripToRing<kRecip>(plan.strip, plan.horizontal, RingTargets(plan, row0),
                           plan.r1_block);
    int end = row0 + kPdqStripRows;
    if (end > plan.height) end = plan.height;
    for (int r = row0; r < end; ++r) {
      const float* in_row = RingRow(plan, r);
      if (r < v.lead) {
        // Before the first output: accumulate only.
        float* sums = plan.column_sums;
        for (int x = 0; x < plan.padded_width; x += 8) {
          _mm256_store_ps(sums + x, _mm256_add_ps(_mm256_load_ps(sums + x),
                                                  _mm256_load_ps(in_row + x)));
        }
        continue;
      }
      EmitColumnOutput<kRecip>(plan, r - v.lead, in_row);
    }
  }
  // Phase 4 of C1: the window's trailing edge leaves, nothing enters.
  for (int o = plan.height - v.lead; o < plan.height; ++o) {
    EmitColumnOutput<kRecip>(plan, o, nullptr);
  }
  SampledColumnPass<kRecip>(plan, out);
}

}  // namespace

void PdqReciprocalDivideAvx2(const float* a, size_t count, int n, float* out) {
  const Divisor d = MakeDivisor(n);
  for (size_t i = 0; i < count; i += 8) {
    _mm256_storeu_ps(out + i, Quotient<true>(_mm256_loadu_ps(a + i), d));
  }
}

void PdqDownsampleAvx2(const PdqImage& image, const PdqFastPlan& plan,
                       float (&out)[64][64]) {
  if (plan.reciprocal_divide) {
    Downsample<true>(image, plan, out);
  } else {
    Downsample<false>(image, plan, out);
  }
}

#undef VIGIL_PDQ_INLINE
#pragma GCC pop_options
#else  // !__x86_64__

void PdqDownsampleAvx2(const PdqImage&, const PdqFastPlan&, float (&)[64][64]) {
}
void PdqReciprocalDivideAvx2(const float*, size_t, int, float*) {}

#endif  // __x86_64__

}  // namespace vigil::internal
