// Copyright 2026 The Vigil Authors.
//
// The AVX2 (+FMA) instantiation of the fast PDQ kernel (pdq_fast_kernel.h):
// 8 floats per vector.

#include <array>
#include <cstddef>
#include <cstdint>

#include "hash/internal/pdq_fast_plan.h"

#if defined(__x86_64__)
#include <immintrin.h>

#pragma GCC push_options
#pragma GCC target("avx2,fma")
#include "hash/internal/pdq_fast_kernel.h"

namespace vigil::internal {
namespace {

struct Avx2 {
  using V = __m256;
  static constexpr int kLanes = 8;

  static V Load(const float* p) { return _mm256_load_ps(p); }
  static void Store(float* p, V v) { _mm256_store_ps(p, v); }
  static V LoadU(const float* p) { return _mm256_loadu_ps(p); }
  static void StoreU(float* p, V v) { _mm256_storeu_ps(p, v); }
  static V Add(V a, V b) { return _mm256_add_ps(a, b); }
  static V Sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static V Mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V Div(V a, V b) { return _mm256_div_ps(a, b); }
  static V FMAdd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V FNMAdd(V a, V b, V c) { return _mm256_fnmadd_ps(a, b, c); }
  static V Set1(float f) { return _mm256_set1_ps(f); }
  static V Zero() { return _mm256_setzero_ps(); }
  static void Prefetch(const uint8_t* p) {
    _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0);
  }

  static void Transpose(V (&r)[8]) {
    const V t0 = _mm256_unpacklo_ps(r[0], r[1]);
    const V t1 = _mm256_unpackhi_ps(r[0], r[1]);
    const V t2 = _mm256_unpacklo_ps(r[2], r[3]);
    const V t3 = _mm256_unpackhi_ps(r[2], r[3]);
    const V t4 = _mm256_unpacklo_ps(r[4], r[5]);
    const V t5 = _mm256_unpackhi_ps(r[4], r[5]);
    const V t6 = _mm256_unpacklo_ps(r[6], r[7]);
    const V t7 = _mm256_unpackhi_ps(r[6], r[7]);
    const V s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
    const V s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    const V s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
    const V s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    const V s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
    const V s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    const V s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
    const V s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
    r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
    r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
  }

  // Luma of 8 RGB pixels (24 bytes at p, read exactly): (cR*R + cG*G) +
  // cB*B with separate roundings, as the reference. The low 128-bit lane
  // holds bytes 0..15 (pixels 0..3), the high lane bytes 8..23 (pixels
  // 4..7 at offsets 4..15), so one in-lane byte shuffle per channel
  // zero-extends the channel into 32-bit integers.
  static V LumaRgb(const uint8_t* p) {
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
    const V rf = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(bytes, r_idx));
    const V gf = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(bytes, g_idx));
    const V bf = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(bytes, b_idx));
    V y = _mm256_mul_ps(_mm256_set1_ps(kLumaR), rf);
    y = _mm256_add_ps(y, _mm256_mul_ps(_mm256_set1_ps(kLumaG), gf));
    return _mm256_add_ps(y, _mm256_mul_ps(_mm256_set1_ps(kLumaB), bf));
  }

  // 4x4 transposes inside each 128-bit lane: lane half h of output j holds
  // element j of that half of a, b, c, d.
  __attribute__((always_inline)) static void Transpose4InLanes(V& a, V& b, V& c,
                                                               V& d) {
    const V t0 = _mm256_unpacklo_ps(a, b);
    const V t1 = _mm256_unpackhi_ps(a, b);
    const V t2 = _mm256_unpacklo_ps(c, d);
    const V t3 = _mm256_unpackhi_ps(c, d);
    a = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
    b = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    c = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
    d = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
  }

  // Luma of pixels `first`..`first`+3 of two rows: the low 128-bit lane
  // from the 16 bytes at lo, the high one from the 16 bytes at hi (first is
  // 0 or 4: the byte offset of the first of them inside those bytes).
  template <int kFirst>
  __attribute__((always_inline)) static V LumaRgbPair(const uint8_t* lo,
                                                      const uint8_t* hi) {
    const __m256i bytes = _mm256_inserti128_si256(
        _mm256_castsi128_si256(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(lo))),
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(hi)), 1);
    constexpr char z = -1;
    constexpr char f = static_cast<char>(kFirst);  // byte of the first pixel
    const __m256i r_idx = _mm256_setr_epi8(
        f + 0, z, z, z, f + 3, z, z, z, f + 6, z, z, z, f + 9, z, z, z,  //
        f + 0, z, z, z, f + 3, z, z, z, f + 6, z, z, z, f + 9, z, z, z);
    const __m256i g_idx = _mm256_setr_epi8(
        f + 1, z, z, z, f + 4, z, z, z, f + 7, z, z, z, f + 10, z, z, z,  //
        f + 1, z, z, z, f + 4, z, z, z, f + 7, z, z, z, f + 10, z, z, z);
    const __m256i b_idx = _mm256_setr_epi8(
        f + 2, z, z, z, f + 5, z, z, z, f + 8, z, z, z, f + 11, z, z, z,  //
        f + 2, z, z, z, f + 5, z, z, z, f + 8, z, z, z, f + 11, z, z, z);
    const V rf = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(bytes, r_idx));
    const V gf = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(bytes, g_idx));
    const V bf = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(bytes, b_idx));
    V y = _mm256_mul_ps(_mm256_set1_ps(kLumaR), rf);
    y = _mm256_add_ps(y, _mm256_mul_ps(_mm256_set1_ps(kLumaG), gf));
    return _mm256_add_ps(y, _mm256_mul_ps(_mm256_set1_ps(kLumaB), bf));
  }

  // out[c] lane r = luma of pixel x + c of rows[r] (r, c < 8), reading
  // exactly the 24 bytes from 3 x of each row. Rows r and r + 4 share a
  // vector (low and high lane), so the transpose needs no lane crossing.
  __attribute__((always_inline)) static void LumaRgbTransposed(
      const uint8_t* const* rows, size_t x, V (&out)[8]) {
    const size_t at = 3 * x;
    V a[4];
    V b[4];
#pragma GCC unroll 4
    for (int r = 0; r < 4; ++r) {
      // Pixels 0..3 are bytes 0..11 of the first 16 bytes; pixels 4..7
      // bytes 4..15 of the 16 bytes from byte 8.
      a[r] = LumaRgbPair<0>(rows[r] + at, rows[r + 4] + at);
      b[r] = LumaRgbPair<4>(rows[r] + at + 8, rows[r + 4] + at + 8);
    }
    Transpose4InLanes(a[0], a[1], a[2], a[3]);
    Transpose4InLanes(b[0], b[1], b[2], b[3]);
#pragma GCC unroll 4
    for (int j = 0; j < 4; ++j) {
      out[j] = a[j];
      out[j + 4] = b[j];
    }
  }

  // Luma of 8 grey pixels (8 bytes at p): the byte values as floats.
  static V LumaGrey(const uint8_t* p) {
    const __m128i g = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
    return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(g));
  }
};

}  // namespace

void PdqDownsampleAvx2(const PdqImage& image, const PdqFastPlan& plan,
                       float (&out)[64][64], float (*mirrored)[64][64]) {
  PdqKernelImpl<Avx2>::Downsample(image, plan, out, mirrored);
}

void PdqReciprocalDivideAvx2(const float* a, size_t count, int n, float* out) {
  PdqKernelImpl<Avx2>::Divide(a, count, n, out);
}

int PdqQualityAvx2(const float (&image)[64][64]) {
  // Per gradient, as PdqQuality: (diff * 100) / 255 in float, truncated
  // toward zero (cvttps), absolute value, summed as int (at most
  // 8064 * 100). Vertical pairs 8 columns at a time; horizontal pairs
  // j = 0..55 in vectors, j = 56..62 scalar (a vector there would read
  // past the row).
  const __m256 hundred = _mm256_set1_ps(100.0f);
  const __m256 max_value = _mm256_set1_ps(255.0f);
  const auto step = [&](__m256 diff) {
    const __m256 scaled =
        _mm256_div_ps(_mm256_mul_ps(diff, hundred), max_value);
    return _mm256_abs_epi32(_mm256_cvttps_epi32(scaled));
  };
  __m256i sum = _mm256_setzero_si256();
  for (int i = 0; i < 63; ++i) {
    for (int j = 0; j < 64; j += 8) {
      sum = _mm256_add_epi32(
          sum, step(_mm256_sub_ps(_mm256_loadu_ps(&image[i][j]),
                                  _mm256_loadu_ps(&image[i + 1][j]))));
    }
  }
  int tail = 0;
  for (int i = 0; i < 64; ++i) {
    for (int j = 0; j < 56; j += 8) {
      sum = _mm256_add_epi32(
          sum, step(_mm256_sub_ps(_mm256_loadu_ps(&image[i][j]),
                                  _mm256_loadu_ps(&image[i][j + 1]))));
    }
    for (int j = 56; j < 63; ++j) {
      const float diff = image[i][j] - image[i][j + 1];
      const int d = static_cast<int>((diff * 100.0f) / 255.0f);
      tail += d < 0 ? -d : d;
    }
  }
  alignas(32) int lanes[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), sum);
  int gradient_sum = tail;
  for (int lane : lanes) gradient_sum += lane;
  const int quality = gradient_sum / 90;
  return quality > 100 ? 100 : quality;
}

void PdqDct64To16Avx2(const float (&in)[64][64], float (&out)[16][16]) {
  // Each output element is summed over k = 0..63 in order from +0.0f,
  // product then sum each rounded (no FMA), as ReferenceDct64To16; the
  // vector lanes are independent elements.
  const float* d = DctMatrix16x64();
  static const std::array<float, 64 * 16> dt = [] {  // D transposed
    std::array<float, 64 * 16> m{};
    const float* dm = DctMatrix16x64();
    for (int j = 0; j < 16; ++j) {
      for (int k = 0; k < 64; ++k) m[k * 16 + j] = dm[j * 64 + k];
    }
    return m;
  }();
  alignas(32) float t[16][64];
  for (int i = 0; i < 16; ++i) {
    __m256 acc[8];
    for (__m256& a : acc) a = _mm256_setzero_ps();
    for (int k = 0; k < 64; ++k) {
      const __m256 dik = _mm256_set1_ps(d[i * 64 + k]);
#pragma GCC unroll 8
      for (int c = 0; c < 8; ++c) {
        acc[c] = _mm256_add_ps(
            acc[c], _mm256_mul_ps(dik, _mm256_loadu_ps(&in[k][8 * c])));
      }
    }
    for (int c = 0; c < 8; ++c) _mm256_store_ps(&t[i][8 * c], acc[c]);
  }
  for (int i = 0; i < 16; ++i) {
    __m256 lo = _mm256_setzero_ps();
    __m256 hi = _mm256_setzero_ps();
    for (int k = 0; k < 64; ++k) {
      const __m256 tik = _mm256_set1_ps(t[i][k]);
      lo = _mm256_add_ps(lo, _mm256_mul_ps(tik, _mm256_loadu_ps(&dt[k * 16])));
      hi = _mm256_add_ps(hi,
                         _mm256_mul_ps(tik, _mm256_loadu_ps(&dt[k * 16 + 8])));
    }
    _mm256_storeu_ps(&out[i][0], lo);
    _mm256_storeu_ps(&out[i][8], hi);
  }
}

}  // namespace vigil::internal

#pragma GCC pop_options

#else  // !__x86_64__

namespace vigil::internal {
void PdqDownsampleAvx2(const PdqImage&, const PdqFastPlan&, float (&)[64][64],
                       float (*)[64][64]) {}
void PdqReciprocalDivideAvx2(const float*, size_t, int, float*) {}
void PdqDct64To16Avx2(const float (&)[64][64], float (&)[16][16]) {}
int PdqQualityAvx2(const float (&)[64][64]) { return 0; }
}  // namespace vigil::internal

#endif  // __x86_64__
