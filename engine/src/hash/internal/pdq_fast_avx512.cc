// Copyright 2026 The Vigil Authors.
//
// The AVX-512 instantiation of the fast PDQ kernel (pdq_fast_kernel.h):
// 16 floats per vector. Needs AVX-512 F, BW and VBMI (byte permutes for
// the RGB deinterleave) and FMA.

#include <cstddef>
#include <cstdint>

#include "hash/internal/pdq_fast_plan.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma GCC push_options
#pragma GCC target("avx2,fma,avx512f,avx512bw,avx512vbmi")
// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), which it
// then reports as "(may be) used uninitialized" (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include "hash/internal/pdq_fast_kernel.h"

namespace vigil::internal {
namespace {

struct Avx512 {
  using V = __m512;
  static constexpr int kLanes = 16;

  static V Load(const float* p) { return _mm512_load_ps(p); }
  static void Store(float* p, V v) { _mm512_store_ps(p, v); }
  static V LoadU(const float* p) { return _mm512_loadu_ps(p); }
  static void StoreU(float* p, V v) { _mm512_storeu_ps(p, v); }
  static V Add(V a, V b) { return _mm512_add_ps(a, b); }
  static V Sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V Mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V Div(V a, V b) { return _mm512_div_ps(a, b); }
  static V FMAdd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V FNMAdd(V a, V b, V c) { return _mm512_fnmadd_ps(a, b, c); }
  static V Set1(float f) { return _mm512_set1_ps(f); }
  static V Zero() { return _mm512_setzero_ps(); }
  static void Prefetch(const uint8_t* p) {
    _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0);
  }

  // 16x16 transpose: two in-lane stages (as the 8x8 AVX transpose), then
  // two stages that move 128-bit lanes.
  static void Transpose(V (&r)[16]) {
    V t[16];
    for (int i = 0; i < 16; i += 2) {
      t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
      t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    // u[4g + m]: rows 4g..4g+3 of column 4l + m in 128-bit lane l.
    V u[16];
    for (int g = 0; g < 4; ++g) {
      const V* tg = t + 4 * g;
      u[4 * g + 0] = _mm512_shuffle_ps(tg[0], tg[2], _MM_SHUFFLE(1, 0, 1, 0));
      u[4 * g + 1] = _mm512_shuffle_ps(tg[0], tg[2], _MM_SHUFFLE(3, 2, 3, 2));
      u[4 * g + 2] = _mm512_shuffle_ps(tg[1], tg[3], _MM_SHUFFLE(1, 0, 1, 0));
      u[4 * g + 3] = _mm512_shuffle_ps(tg[1], tg[3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int m = 0; m < 4; ++m) {
      // x0 = [a.l0 a.l2 b.l0 b.l2], x1 = [a.l1 a.l3 b.l1 b.l3] for row
      // groups a = 0, b = 1; y0, y1 likewise for groups 2 and 3.
      const V x0 = _mm512_shuffle_f32x4(u[m], u[4 + m], 0x88);
      const V x1 = _mm512_shuffle_f32x4(u[m], u[4 + m], 0xDD);
      const V y0 = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], 0x88);
      const V y1 = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], 0xDD);
      r[m] = _mm512_shuffle_f32x4(x0, y0, 0x88);
      r[8 + m] = _mm512_shuffle_f32x4(x0, y0, 0xDD);
      r[4 + m] = _mm512_shuffle_f32x4(x1, y1, 0x88);
      r[12 + m] = _mm512_shuffle_f32x4(x1, y1, 0xDD);
    }
  }

  // Byte indices that put byte 3j + channel of the 48 loaded bytes into the
  // low byte of 32-bit lane j (the other bytes are zeroed by the mask).
  static __m512i ChannelIndex(int channel) {
    alignas(64) uint8_t idx[64] = {};
    for (int j = 0; j < 16; ++j)
      idx[4 * j] = static_cast<uint8_t>(3 * j + channel);
    return _mm512_load_si512(idx);
  }

  // Luma of 16 RGB pixels (48 bytes at p; the masked load reads nothing
  // past them): (cR*R + cG*G) + cB*B with separate roundings.
  static V LumaRgb(const uint8_t* p) {
    static const __m512i kR = ChannelIndex(0);
    static const __m512i kG = ChannelIndex(1);
    static const __m512i kB = ChannelIndex(2);
    constexpr __mmask64 kLoad = (__mmask64{1} << 48) - 1;
    constexpr __mmask64 kLowBytes = 0x1111111111111111ull;
    const __m512i bytes = _mm512_maskz_loadu_epi8(kLoad, p);
    const V rf =
        _mm512_cvtepi32_ps(_mm512_maskz_permutexvar_epi8(kLowBytes, kR, bytes));
    const V gf =
        _mm512_cvtepi32_ps(_mm512_maskz_permutexvar_epi8(kLowBytes, kG, bytes));
    const V bf =
        _mm512_cvtepi32_ps(_mm512_maskz_permutexvar_epi8(kLowBytes, kB, bytes));
    V y = _mm512_mul_ps(_mm512_set1_ps(kLumaR), rf);
    y = _mm512_add_ps(y, _mm512_mul_ps(_mm512_set1_ps(kLumaG), gf));
    return _mm512_add_ps(y, _mm512_mul_ps(_mm512_set1_ps(kLumaB), bf));
  }

  // Luma of 16 grey pixels (16 bytes at p): the byte values as floats.
  static V LumaGrey(const uint8_t* p) {
    const __m128i g = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(g));
  }
};

}  // namespace

void PdqDownsampleAvx512(const PdqImage& image, const PdqFastPlan& plan,
                         float (&out)[64][64], float (*mirrored)[64][64]) {
  PdqKernelImpl<Avx512>::Downsample(image, plan, out, mirrored);
}

void PdqReciprocalDivideAvx512(const float* a, size_t count, int n,
                               float* out) {
  PdqKernelImpl<Avx512>::Divide(a, count, n, out);
}

}  // namespace vigil::internal

#pragma GCC diagnostic pop
#pragma GCC pop_options

#else  // !__x86_64__

namespace vigil::internal {
void PdqDownsampleAvx512(const PdqImage&, const PdqFastPlan&, float (&)[64][64],
                         float (*)[64][64]) {}
void PdqReciprocalDivideAvx512(const float*, size_t, int, float*) {}
}  // namespace vigil::internal

#endif  // __x86_64__
