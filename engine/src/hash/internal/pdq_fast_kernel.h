// Copyright 2026 The Vigil Authors.
//
// The fast PDQ kernel, generic over a SIMD policy S. Include this file only
// from a kernel's .cc, after its `#pragma GCC target`, so that the whole
// template compiles for that instruction set; everything here has internal
// linkage, so each kernel file gets its own copy.
//
// S provides: V (vector of kLanes floats), kLanes (8 or 16), Load/Store
// (aligned), LoadU/StoreU, Add, Sub, Mul, FMAdd(a, b, c) = a*b+c and
// FNMAdd(a, b, c) = c-a*b (fused, used only for the exact division), Div,
// Set1, Zero, Transpose(V (&)[kLanes]) (square transpose, r[i] lane j to
// r[j] lane i), LumaRgb(p) / LumaGrey(p) (luma of kLanes pixels at p,
// reading exactly 3 * kLanes or kLanes bytes), Prefetch(p).
//
// Vocabulary:
//   strip  - kPdqStripRows consecutive image rows stored transposed,
//            column by column (strip[x * kPdqStripRows + r] is row r of
//            column x), so that a horizontal box filter runs all those rows
//            in SIMD lanes;
//   R1, C1 - first horizontal and vertical box passes (every pixel);
//   R2, C2 - second passes, divided and kept only at decimation samples.
// Every lane performs the reference's scalar operations in the reference's
// order (add the entering value, subtract the leaving one, divide by the
// window count), so results are bit-identical to it.

#ifndef VIGIL_HASH_INTERNAL_PDQ_FAST_KERNEL_H_
#define VIGIL_HASH_INTERNAL_PDQ_FAST_KERNEL_H_

#include <cstddef>
#include <cstdint>

#include "hash/internal/pdq_core.h"
#include "hash/internal/pdq_fast_plan.h"

#define VIGIL_PDQ_INLINE inline __attribute__((always_inline))

namespace vigil::internal {
namespace {

template <class S>
struct PdqKernelImpl {
  using V = typename S::V;
  static constexpr int L = S::kLanes;
  static constexpr int kVecs = kPdqStripRows / L;  // vectors per column
  // Optional policy member: luma of L rows x L RGB pixels computed
  // straight into transposed order (cheaper than LumaRgb + Transpose).
  static constexpr bool kHasLumaRgbTransposed =
      requires(const uint8_t* const* rows, V (&v)[L]) {
    S::LumaRgbTransposed(rows, 0, v);
  };
  // Column vectors C1 runs side by side.
  static constexpr int kColumnGroupVecs = 2;
  static_assert(kPdqStripRows % L == 0 && L <= kPdqMaxLanes);

  // Division by a window count n. With kRecip, a / n is computed as
  // q = a * y with y = RN(1/n), then corrected once: r = a - q * n (exact
  // by FMA) and RN(q + r * y). For 1 <= n <= kPdqMaxReciprocalCount this
  // equals the correctly rounded a / n for every float a with
  // 1e-30 <= |a| <= 300 n (checked exhaustively, see pdq_fast_plan.h) and
  // for a = +0: box sums of 8-bit luma stay inside that range (their terms
  // are at most 255 and never tiny). Otherwise a true division is used.
  struct Divisor {
    V n;
    V y;
  };

  static VIGIL_PDQ_INLINE Divisor MakeDivisor(int count) {
    const float n = static_cast<float>(count);
    return Divisor{S::Set1(n), S::Set1(1.0f / n)};
  }

  template <bool kRecip>
  static VIGIL_PDQ_INLINE V Quotient(V a, const Divisor& d) {
    if constexpr (kRecip) {
      const V q = S::Mul(a, d.y);
      const V r = S::FNMAdd(q, d.n, a);
      return S::FMAdd(r, d.y, q);
    } else {
      return S::Div(a, d.n);
    }
  }

  // For a window count n that is a power of two, a / n is a * (1 / n)
  // exactly (1 / n is exact, and the product of a box sum by it is never
  // subnormal), and the corrected reciprocal above returns that same
  // product (its remainder is exactly 0): one multiply does.
  static bool IsPowerOfTwo(int n) { return n > 0 && (n & (n - 1)) == 0; }

  template <bool kRecip, bool kPow2>
  static VIGIL_PDQ_INLINE V QuotientBy(V a, const Divisor& d) {
    if constexpr (kPow2) {
      return S::Mul(a, d.y);
    } else {
      return Quotient<kRecip>(a, d);
    }
  }

  static VIGIL_PDQ_INLINE const float* Col(const float* strip, int x) {
    return strip + static_cast<size_t>(x) * kPdqStripRows;
  }

  static VIGIL_PDQ_INLINE float* RingRow(const PdqFastPlan& plan, int row) {
    return plan.ring +
           static_cast<size_t>(row % plan.ring_rows) * plan.padded_width;
  }

  // Running sums of one strip column position: kVecs independent vectors,
  // so that kVecs dependency chains overlap.
  struct StripSum {
    V v[kVecs];

    VIGIL_PDQ_INLINE void Zero() {
#pragma GCC unroll 4
      for (int k = 0; k < kVecs; ++k) v[k] = S::Zero();
    }
    VIGIL_PDQ_INLINE void Add(const float* p) {
#pragma GCC unroll 4
      for (int k = 0; k < kVecs; ++k) v[k] = S::Add(v[k], S::Load(p + k * L));
    }
    VIGIL_PDQ_INLINE void Sub(const float* p) {
#pragma GCC unroll 4
      for (int k = 0; k < kVecs; ++k) v[k] = S::Sub(v[k], S::Load(p + k * L));
    }
    template <bool kRecip, bool kPow2 = false>
    VIGIL_PDQ_INLINE void StoreDiv(float* p, const Divisor& d) const {
#pragma GCC unroll 4
      for (int k = 0; k < kVecs; ++k) {
        S::Store(p + k * L, QuotientBy<kRecip, kPow2>(v[k], d));
      }
    }
  };

  // Fills `strip` with the luma of rows row0..row0+kPdqStripRows-1 (rows
  // past the image repeat its last row; their results are never used).
  static void LumaStrip(const PdqImage& image, int row0, float* strip) {
    const uint8_t* rows[kPdqStripRows];
    for (int r = 0; r < kPdqStripRows; ++r) {
      int y = row0 + r;
      if (y >= image.height) y = image.height - 1;
      rows[r] = PdqRow(image, y);
    }
    const int full = image.width & ~(L - 1);
    const bool rgb = image.pixels == PdqPixels::kRgb;
    // L rows at a time across the whole width: few enough input streams
    // for the hardware prefetchers.
    for (int k = 0; k < kVecs; ++k) {
      const uint8_t* const* group = rows + k * L;
      for (int x = 0; x < full; x += L) {
        V v[L];
        if constexpr (kHasLumaRgbTransposed) {
          if (rgb) {
            S::LumaRgbTransposed(group, static_cast<size_t>(x), v);
#pragma GCC unroll 16
            for (int c = 0; c < L; ++c) {
              S::Store(strip + (x + c) * kPdqStripRows + k * L, v[c]);
            }
            continue;
          }
        }
        if (rgb) {
#pragma GCC unroll 16
          for (int r = 0; r < L; ++r) {
            v[r] = S::LumaRgb(group[r] + 3 * static_cast<size_t>(x));
          }
        } else {
#pragma GCC unroll 16
          for (int r = 0; r < L; ++r) v[r] = S::LumaGrey(group[r] + x);
        }
        S::Transpose(v);
#pragma GCC unroll 16
        for (int c = 0; c < L; ++c) {
          S::Store(strip + (x + c) * kPdqStripRows + k * L, v[c]);
        }
      }
    }
    for (int x = full; x < image.width; ++x) {
      for (int r = 0; r < kPdqStripRows; ++r) {
        const uint8_t* row = rows[r];
        strip[x * kPdqStripRows + r] =
            rgb ? LumaFromRgb(row[3 * x], row[3 * x + 1], row[3 * x + 2])
                : static_cast<float>(row[x]);
      }
    }
  }

  // Destination rows in the ring of strip rows row0.. (rows past the image
  // go to a spare row).
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

  // Transposes L finished R1 columns (block[c * kPdqStripRows + r]) into
  // the ring rows at column x.
  static VIGIL_PDQ_INLINE void FlushBlock(const float* block,
                                          const RingTargets& dst, int x) {
    const int vecs = (dst.valid + L - 1) / L;
    for (int k = 0; k < vecs; ++k) {
      V v[L];
#pragma GCC unroll 16
      for (int c = 0; c < L; ++c)
        v[c] = S::Load(block + c * kPdqStripRows + k * L);
      S::Transpose(v);
#pragma GCC unroll 16
      for (int r = 0; r < L; ++r) S::Store(dst.row[k * L + r] + x, v[r]);
    }
  }

  // L consecutive R1 outputs with the window full.
  template <bool kRecip, bool kPow2>
  static VIGIL_PDQ_INLINE void SteadyBlock(const float* add, const float* sub,
                                           const Divisor& window, float* block,
                                           StripSum* sum) {
#pragma GCC unroll 16
    for (int j = 0; j < L; ++j) {
      sum->Add(add + j * kPdqStripRows);
      sum->Sub(sub + j * kPdqStripRows);
      sum->template StoreDiv<kRecip, kPow2>(block + j * kPdqStripRows, window);
    }
  }

  // R1: the full horizontal box filter of the luma strip, every output
  // divided, written row-major into the ring L columns at a time through
  // `block`. Blocks of L outputs inside the steady phase (window full) take
  // an unrolled path with constant block offsets.
  template <bool kRecip>
  static void BoxStripToRing(const float* in, const BoxPhases& p,
                             const RingTargets& dst, float* block) {
    StripSum sum;
    sum.Zero();
    for (int k = 0; k < p.lead; ++k) sum.Add(Col(in, k));
    const Divisor window = MakeDivisor(p.window);
    const bool pow2 = IsPowerOfTwo(p.window);
    const int steady_begin = p.grow;
    const int steady_end = p.grow + p.full;
    for (int o0 = 0; o0 < p.length; o0 += L) {
      const int o1 = o0 + L < p.length ? o0 + L : p.length;
      if (o0 >= steady_begin && o1 <= steady_end && o1 - o0 == L) {
        const float* add = Col(in, p.lead + o0);
        const float* sub = Col(in, o0 - p.grow);
        if (pow2) {
          SteadyBlock<kRecip, true>(add, sub, window, block, &sum);
        } else {
          SteadyBlock<kRecip, false>(add, sub, window, block, &sum);
        }
      } else {
        for (int o = o0; o < o1; ++o) {
          if (p.Adds(o)) sum.Add(Col(in, p.lead + o));
          if (p.Subtracts(o)) sum.Sub(Col(in, o - p.grow));
          sum.template StoreDiv<kRecip>(block + (o - o0) * kPdqStripRows,
                                        MakeDivisor(p.Count(o)));
        }
      }
      if (o1 - o0 == L) {
        FlushBlock(block, dst, o0);
        continue;
      }
      // Columns past the last full block.
      for (int x = o0; x < o1; ++x) {
        for (int r = 0; r < dst.valid; ++r) {
          dst.row[r][x] = block[(x - o0) * kPdqStripRows + r];
        }
      }
    }
  }

  // C1 for output rows o0..o0+L-1 (o0 % L == 0; rows at or past `height`
  // are computed from zero rows and never used), written transposed into
  // the R2 strip, lanes o0 % kPdqStripRows onwards. Absent terms (before
  // the window is full, after its end) add or subtract +0.0f, which leaves
  // a sum unchanged since sums are never -0.
  template <bool kRecip>
  static void ColumnGroup(const PdqFastPlan& plan, int o0) {
    const BoxPhases& p = plan.vertical;
    const float* add[L];
    const float* sub[L];
    Divisor div[L];
    for (int i = 0; i < L; ++i) {
      const int o = o0 + i;
      if (o >= plan.height) {
        add[i] = sub[i] = plan.zero_row;
        div[i] = MakeDivisor(1);
        continue;
      }
      add[i] = p.Adds(o) ? RingRow(plan, p.lead + o) : plan.zero_row;
      sub[i] = p.Subtracts(o) ? RingRow(plan, o - p.grow) : plan.zero_row;
      div[i] = MakeDivisor(p.Count(o));
    }
    bool steady_pow2 = IsPowerOfTwo(p.window);
    for (int i = 0; i < L; ++i) {
      const int o = o0 + i;
      steady_pow2 = steady_pow2 && o < plan.height && p.Count(o) == p.window;
    }
    if (steady_pow2) {
      ColumnSweep<kRecip, true>(plan, add, sub, div, o0);
    } else {
      ColumnSweep<kRecip, false>(plan, add, sub, div, o0);
    }
  }

  template <bool kRecip, bool kPow2>
  static VIGIL_PDQ_INLINE void ColumnSweep(const PdqFastPlan& plan,
                                           const float* const* add,
                                           const float* const* sub,
                                           const Divisor* div, int o0) {
    float* dst = plan.r2_strip + o0 % kPdqStripRows;
    // kColumnGroupVecs vectors of columns at a time: each column's running
    // sum is one chain of 2 L dependent additions, so several chains are
    // interleaved to keep the FP units busy.
    int x = 0;
    const int wide_end =
        plan.padded_width / (kColumnGroupVecs * L) * (kColumnGroupVecs * L);
    for (; x < wide_end; x += kColumnGroupVecs * L) {
      ColumnVectors<kRecip, kPow2, kColumnGroupVecs>(plan, add, sub, div, dst,
                                                     x);
    }
    for (; x < plan.padded_width; x += L) {
      ColumnVectors<kRecip, kPow2, 1>(plan, add, sub, div, dst, x);
    }
  }

  // C1 of output rows o0..o0+L-1 (the caller's add/sub/div) for columns
  // x..x+N*L-1.
  template <bool kRecip, bool kPow2, int N>
  static VIGIL_PDQ_INLINE void ColumnVectors(const PdqFastPlan& plan,
                                             const float* const* add,
                                             const float* const* sub,
                                             const Divisor* div, float* dst,
                                             int x) {
    V s[N];
    V v[N][L];
#pragma GCC unroll 4
    for (int n = 0; n < N; ++n) s[n] = S::Load(plan.column_sums + x + n * L);
#pragma GCC unroll 16
    for (int i = 0; i < L; ++i) {
#pragma GCC unroll 4
      for (int n = 0; n < N; ++n) {
        s[n] = S::Add(s[n], S::Load(add[i] + x + n * L));
      }
#pragma GCC unroll 4
      for (int n = 0; n < N; ++n) {
        s[n] = S::Sub(s[n], S::Load(sub[i] + x + n * L));
        v[n][i] = s[n];
      }
    }
#pragma GCC unroll 4
    for (int n = 0; n < N; ++n) {
      S::Store(plan.column_sums + x + n * L, s[n]);
#pragma GCC unroll 16
      for (int i = 0; i < L; ++i) {
        v[n][i] = QuotientBy<kRecip, kPow2>(v[n][i], div[i]);
      }
      S::Transpose(v[n]);
#pragma GCC unroll 16
      for (int c = 0; c < L; ++c) {
        S::Store(dst + (x + n * L + c) * kPdqStripRows, v[n][c]);
      }
    }
  }

  // Strip column x of the image (kMirror false) or of the image mirrored
  // left to right (true: column width - 1 - x of the strip).
  template <bool kMirror>
  static VIGIL_PDQ_INLINE const float* ColOf(const float* strip, int width,
                                             int x) {
    return Col(strip, kMirror ? width - 1 - x : x);
  }

  // Advances the box filter `p` over strip columns: performs the updates
  // of outputs from..to-1 (add entering, then subtract leaving) on `sum`.
  template <bool kMirror>
  static VIGIL_PDQ_INLINE void Advance(const float* in, const BoxPhases& p,
                                       int from, int to, StripSum* sum) {
    const int w = p.length;
    int o = from;
    const int end_grow = to < p.grow ? to : p.grow;
    for (; o < end_grow; ++o) sum->Add(ColOf<kMirror>(in, w, p.lead + o));
    const int end_full = to < p.grow + p.full ? to : p.grow + p.full;
    for (; o < end_full; ++o) {
      sum->Add(ColOf<kMirror>(in, w, p.lead + o));
      sum->Sub(ColOf<kMirror>(in, w, o - p.grow));
    }
    for (; o < to; ++o) sum->Sub(ColOf<kMirror>(in, w, o - p.grow));
  }

  // R2 over the R2 strip (C1 output rows o0..o0+count-1): running sums over
  // every column, divisions only at the sampled ones, into `samples_out`
  // (plan.r2_samples or, with kMirror, plan.r2_samples_mirrored: R2 of the
  // rows read right to left, the reference's operations on the mirrored
  // rows).
  template <bool kRecip, bool kMirror>
  static void SampledRowPass(const PdqFastPlan& plan, int o0, int count,
                             float* samples_out) {
    const BoxPhases& p = plan.horizontal;
    const float* strip = plan.r2_strip;
    StripSum sum;
    sum.Zero();
    for (int k = 0; k < p.lead; ++k) {
      sum.Add(ColOf<kMirror>(strip, p.length, k));
    }
    int o = 0;
    // samples[t] holds the batch's rows at decimation column t; transposed
    // into r2_samples rows afterwards, L x L at a time.
    alignas(64) float samples[64][kPdqStripRows];
    for (int t = 0; t < 64; ++t) {
      const int target = plan.sample_cols[t];
      Advance<kMirror>(strip, p, o, target + 1, &sum);
      o = target + 1;
      sum.template StoreDiv<kRecip>(samples[t], MakeDivisor(p.Count(target)));
    }
    for (int r0 = 0; r0 < count; r0 += L) {
      const int rows = count - r0 < L ? count - r0 : L;
      for (int t0 = 0; t0 < 64; t0 += L) {
        V v[L];
#pragma GCC unroll 16
        for (int i = 0; i < L; ++i) v[i] = S::Load(&samples[t0 + i][r0]);
        S::Transpose(v);
        float* dst = samples_out + static_cast<size_t>(o0 + r0) * 64 + t0;
        for (int j = 0; j < rows; ++j) S::StoreU(dst + j * 64, v[j]);
      }
    }
  }

  // C2 over the sampled columns (`samples`: R2 output), divided only at
  // the sampled rows.
  template <bool kRecip>
  static void SampledColumnPass(const PdqFastPlan& plan, const float* samples,
                                float (&out)[64][64]) {
    constexpr int kN = 64 / L;
    const BoxPhases& p = plan.vertical;
    V sum[kN];
    for (V& s : sum) s = S::Zero();
    const auto row = [&](int r) {
      return samples + static_cast<size_t>(r) * 64;
    };
    for (int k = 0; k < p.lead; ++k) {
#pragma GCC unroll 8
      for (int c = 0; c < kN; ++c) {
        sum[c] = S::Add(sum[c], S::LoadU(row(k) + c * L));
      }
    }
    int o = 0;
    for (int t = 0; t < 64; ++t) {
      const int target = plan.sample_rows[t];
      for (; o <= target; ++o) {
        const bool adds = p.Adds(o);
        const bool subs = p.Subtracts(o);
#pragma GCC unroll 8
        for (int c = 0; c < kN; ++c) {
          if (adds) sum[c] = S::Add(sum[c], S::LoadU(row(p.lead + o) + c * L));
          if (subs) sum[c] = S::Sub(sum[c], S::LoadU(row(o - p.grow) + c * L));
        }
      }
      const Divisor d = MakeDivisor(p.Count(target));
#pragma GCC unroll 8
      for (int c = 0; c < kN; ++c) {
        S::StoreU(&out[t][c * L], Quotient<kRecip>(sum[c], d));
      }
    }
  }

  // With `mirrored` (REQUIRES: plan.r2_samples_mirrored), also the
  // downsample of the image mirrored left to right, from the same R1 and
  // C1 (the caller checks that R1 commutes exactly with the mirror).
  template <bool kRecip>
  static void Run(const PdqImage& image, const PdqFastPlan& plan,
                  float (&out)[64][64], float (*mirrored)[64][64]) {
    const BoxPhases& v = plan.vertical;
    const int h = plan.height;
    for (int x = 0; x < plan.padded_width; ++x) plan.column_sums[x] = 0.0f;
    int next_out = 0;   // next C1 output row (a multiple of L until the end)
    int batch_out = 0;  // first C1 output row of the pending R2 batch
    for (int row0 = 0; row0 < h; row0 += kPdqStripRows) {
      LumaStrip(image, row0, plan.strip);
      BoxStripToRing<kRecip>(plan.strip, plan.horizontal,
                             RingTargets(plan, row0), plan.r1_block);
      const int avail = row0 + kPdqStripRows < h ? row0 + kPdqStripRows : h;
      // Before the first output the column sums only accumulate.
      for (int r = row0; r < avail && r < v.lead; ++r) {
        const float* in_row = RingRow(plan, r);
        for (int x = 0; x < plan.padded_width; x += L) {
          S::Store(plan.column_sums + x,
                   S::Add(S::Load(plan.column_sums + x), S::Load(in_row + x)));
        }
      }
      // C1 groups whose input rows are all in the ring.
      while (next_out < h) {
        int last = next_out + L - 1;
        if (last >= h) last = h - 1;
        const int needed = v.Adds(last) ? v.lead + last : h - 1;
        if (needed >= avail) break;
        ColumnGroup<kRecip>(plan, next_out);
        next_out = last + 1;
        if (next_out % kPdqStripRows == 0 || next_out == h) {
          SampledRowPass<kRecip, false>(plan, batch_out, next_out - batch_out,
                                        plan.r2_samples);
          if (mirrored != nullptr) {
            SampledRowPass<kRecip, true>(plan, batch_out, next_out - batch_out,
                                         plan.r2_samples_mirrored);
          }
          batch_out = next_out;
        }
      }
    }
    SampledColumnPass<kRecip>(plan, plan.r2_samples, out);
    if (mirrored != nullptr) {
      SampledColumnPass<kRecip>(plan, plan.r2_samples_mirrored, *mirrored);
    }
  }

  static void Downsample(const PdqImage& image, const PdqFastPlan& plan,
                         float (&out)[64][64], float (*mirrored)[64][64]) {
    if (plan.reciprocal_divide) {
      Run<true>(image, plan, out, mirrored);
    } else {
      Run<false>(image, plan, out, mirrored);
    }
  }

  static void Divide(const float* a, size_t count, int n, float* out) {
    const Divisor d = MakeDivisor(n);
    for (size_t i = 0; i < count; i += L) {
      S::StoreU(out + i, Quotient<true>(S::LoadU(a + i), d));
    }
  }
};

}  // namespace
}  // namespace vigil::internal

#undef VIGIL_PDQ_INLINE

#endif  // VIGIL_HASH_INTERNAL_PDQ_FAST_KERNEL_H_
