// Copyright 2026 The Vigil Authors.

#include "hash/internal/stitched_digest.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace vigil::internal {
namespace {

constexpr uint32_t kMd5Init[4] = {0x67452301, 0xefcdab89, 0x98badcfe,
                                  0x10325476};
constexpr uint32_t kSha1Init[5] = {0x67452301, 0xefcdab89, 0x98badcfe,
                                   0x10325476, 0xc3d2e1f0};
constexpr uint32_t kSha256Init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                     0xa54ff53a, 0x510e527f, 0x9b05688c,
                                     0x1f83d9ab, 0x5be0cd19};

__extension__ typedef unsigned __int128 Uint128;

// Round constants, derived as their standards define them rather than
// typed in: MD5 K[i] = floor(2^32 |sin(i + 1)|) (RFC 1321 3.4); SHA-256
// K[i] = the first 32 fractional bits of the cube root of the i-th prime
// (FIPS 180-4 4.2.2), computed exactly with integer cube roots.
struct Constants {
  alignas(16) uint32_t md5[64];
  alignas(16) uint32_t sha256[64];

  Constants() {
    for (int i = 0; i < 64; ++i) {
      md5[i] = static_cast<uint32_t>(std::floor(
          std::fabs(std::sin(static_cast<double>(i + 1))) * 4294967296.0));
    }
    int found = 0;
    for (uint32_t p = 2; found < 64; ++p) {
      bool prime = true;
      for (uint32_t d = 2; d * d <= p; ++d) prime = prime && p % d != 0;
      if (!prime) continue;
      // floor(cbrt(p * 2^96)) = floor(cbrt(p) * 2^32); keep its low 32 bits.
      const Uint128 target = static_cast<Uint128>(p) << 96;
      uint64_t lo = 0, hi = uint64_t{1} << 36;  // cbrt(312 * 2^96) < 2^36
      while (hi - lo > 1) {
        const uint64_t mid = lo + (hi - lo) / 2;
        const Uint128 m = mid;
        if (m * m * m <= target) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      sha256[found++] = static_cast<uint32_t>(lo);
    }
  }
};

const Constants& GetConstants() {
  static const Constants constants;
  return constants;
}

}  // namespace

#if defined(__x86_64__)

#pragma GCC push_options
#pragma GCC target("sha,ssse3,sse4.1")

namespace {

#define VIGIL_DIGEST_INLINE inline __attribute__((always_inline))

template <class F, int... I>
VIGIL_DIGEST_INLINE void Unroll(F&& f, std::integer_sequence<int, I...>) {
  (f(std::integral_constant<int, I>{}), ...);
}

VIGIL_DIGEST_INLINE uint32_t Rotl(uint32_t x, int s) {
  return (x << s) | (x >> (32 - s));
}

// MD5 step I (0..63) on (a, b, c, d): a = b + rotl(a + f + K + M[g], s).
// The boolean functions are written so that b, the value just computed by
// the previous step, enters as late as possible.
template <int I>
VIGIL_DIGEST_INLINE void Md5Step(uint32_t& a, uint32_t b, uint32_t c,
                                 uint32_t d, const uint32_t* m,
                                 const uint32_t* k) {
  constexpr int kRound = I / 16;
  constexpr int kShifts[4][4] = {
      {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};
  constexpr int kS = kShifts[kRound][I % 4];
  constexpr int kG = kRound == 0   ? I
                     : kRound == 1 ? (5 * I + 1) % 16
                     : kRound == 2 ? (3 * I + 5) % 16
                                   : (7 * I) % 16;
  uint32_t x = a + k[I] + m[kG];
  if constexpr (kRound == 0) {
    x += d ^ (b & (c ^ d));  // (b & c) | (~b & d)
  } else if constexpr (kRound == 1) {
    // (b & d) | (c & ~d): the two terms share no bits, so OR = ADD, and
    // the term without b is added first, off the critical path.
    x += c & ~d;
    x += b & d;
  } else if constexpr (kRound == 2) {
    x += b ^ (c ^ d);
  } else {
    x += c ^ (b | ~d);
  }
  a = b + Rotl(x, kS);
}

// Steps 4Q..4Q+3.
template <int Q>
VIGIL_DIGEST_INLINE void Md5Group(uint32_t (&s)[4], const uint32_t* m,
                                  const uint32_t* k) {
  Md5Step<4 * Q + 0>(s[0], s[1], s[2], s[3], m, k);
  Md5Step<4 * Q + 1>(s[3], s[0], s[1], s[2], m, k);
  Md5Step<4 * Q + 2>(s[2], s[3], s[0], s[1], m, k);
  Md5Step<4 * Q + 3>(s[1], s[2], s[3], s[0], m, k);
}

// SHA-256 rounds 4Q..4Q+3 with SHA-NI. w[j % 4] holds message words
// 4j..4j+3; the schedule for later quads is built two and three quads
// ahead (sha256msg1 then sha256msg2).
template <int Q>
VIGIL_DIGEST_INLINE void Sha256Quad(__m128i& abef, __m128i& cdgh,
                                    __m128i (&w)[4], const uint8_t* block,
                                    const uint32_t* k) {
  if constexpr (Q < 4) {
    const __m128i swap =
        _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    w[Q] = _mm_shuffle_epi8(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * Q)),
        swap);
  }
  const __m128i msg = _mm_add_epi32(
      w[Q % 4], _mm_load_si128(reinterpret_cast<const __m128i*>(k + 4 * Q)));
  cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
  if constexpr (Q >= 3 && Q <= 14) {
    constexpr int kNext = (Q + 1) % 4;
    const __m128i t = _mm_alignr_epi8(w[Q % 4], w[(Q + 3) % 4], 4);
    w[kNext] = _mm_sha256msg2_epu32(_mm_add_epi32(w[kNext], t), w[Q % 4]);
  }
  abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(msg, 0x0E));
  if constexpr (Q >= 1 && Q <= 12) {
    w[(Q + 3) % 4] = _mm_sha256msg1_epu32(w[(Q + 3) % 4], w[Q % 4]);
  }
}

// SHA-1 rounds 4J..4J+3 with SHA-NI. `e` carries the E input of this quad
// (the previous quad's saved ABCD, or the initial E for J = 0) and is
// replaced by this quad's saved ABCD.
template <int J>
VIGIL_DIGEST_INLINE void Sha1Quad(__m128i& abcd, __m128i& e, __m128i (&w)[4],
                                  const uint8_t* block) {
  if constexpr (J < 4) {
    const __m128i reverse =
        _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
    w[J] = _mm_shuffle_epi8(
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * J)),
        reverse);
  }
  __m128i e_in;
  if constexpr (J == 0) {
    e_in = _mm_add_epi32(e, w[0]);
  } else {
    e_in = _mm_sha1nexte_epu32(e, w[J % 4]);
  }
  e = abcd;
  if constexpr (J >= 3 && J <= 18) {
    w[(J + 1) % 4] = _mm_sha1msg2_epu32(w[(J + 1) % 4], w[J % 4]);
  }
  abcd = _mm_sha1rnds4_epu32(abcd, e_in, J / 5);
  if constexpr (J >= 1 && J <= 16) {
    w[(J + 3) % 4] = _mm_sha1msg1_epu32(w[(J + 3) % 4], w[J % 4]);
  }
  if constexpr (J >= 2 && J <= 17) {
    w[(J + 2) % 4] = _mm_xor_si128(w[(J + 2) % 4], w[J % 4]);
  }
}

// Compresses `blocks` 64-byte blocks: MD5 reads md5_data, SHA-1 and
// SHA-256 read sha_data (the same bytes except in the final, differently
// padded blocks). Each MD5 group of four steps is followed by one SHA-256
// quad and one or two SHA-1 quads, so that all three are in flight.
void CompressStitched(uint32_t (&md5)[4], uint32_t (&sha1)[5],
                      uint32_t (&sha256)[8], const uint8_t* md5_data,
                      const uint8_t* sha_data, size_t blocks) {
  const Constants& c = GetConstants();
  uint32_t a[4] = {md5[0], md5[1], md5[2], md5[3]};

  __m128i abcd = _mm_shuffle_epi32(
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(sha1)), 0x1B);
  __m128i e0 = _mm_set_epi32(static_cast<int>(sha1[4]), 0, 0, 0);

  // (A, B, C, D), (E, F, G, H) to the instructions' (A, B, E, F) and
  // (C, D, G, H) lane order.
  __m128i t = _mm_shuffle_epi32(
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(sha256)), 0xB1);
  __m128i cdgh = _mm_shuffle_epi32(
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(sha256 + 4)), 0x1B);
  __m128i abef = _mm_alignr_epi8(t, cdgh, 8);
  cdgh = _mm_blend_epi16(cdgh, t, 0xF0);

  for (size_t n = 0; n < blocks; ++n) {
    const uint8_t* mb = md5_data + 64 * n;
    const uint8_t* sb = sha_data + 64 * n;
    uint32_t m[16];
    std::memcpy(m, mb, 64);  // little-endian words
    const uint32_t a_save[4] = {a[0], a[1], a[2], a[3]};
    const __m128i abcd_save = abcd;
    const __m128i e_save = e0;
    const __m128i abef_save = abef;
    const __m128i cdgh_save = cdgh;
    __m128i w1[4];
    __m128i w256[4];
    __m128i e = e0;
    Unroll(
        [&](auto q) __attribute__((always_inline)) {
          constexpr int kQ = decltype(q)::value;
          Md5Group<kQ>(a, m, c.md5);
          Sha256Quad<kQ>(abef, cdgh, w256, sb, c.sha256);
          // 20 SHA-1 quads over 16 slots: slots 3, 7, 11, 15 take two.
          constexpr int kFirst = kQ * 20 / 16;
          constexpr int kEnd = (kQ + 1) * 20 / 16;
          Sha1Quad<kFirst>(abcd, e, w1, sb);
          if constexpr (kEnd - kFirst == 2) {
            Sha1Quad<kFirst + 1>(abcd, e, w1, sb);
          }
        },
        std::make_integer_sequence<int, 16>{});
    for (int i = 0; i < 4; ++i) a[i] += a_save[i];
    e0 = _mm_sha1nexte_epu32(e, e_save);
    abcd = _mm_add_epi32(abcd, abcd_save);
    abef = _mm_add_epi32(abef, abef_save);
    cdgh = _mm_add_epi32(cdgh, cdgh_save);
  }

  for (int i = 0; i < 4; ++i) md5[i] = a[i];
  _mm_storeu_si128(reinterpret_cast<__m128i*>(sha1),
                   _mm_shuffle_epi32(abcd, 0x1B));
  sha1[4] = static_cast<uint32_t>(_mm_extract_epi32(e0, 3));
  t = _mm_shuffle_epi32(abef, 0x1B);     // F E B A
  cdgh = _mm_shuffle_epi32(cdgh, 0xB1);  // D C H G
  _mm_storeu_si128(reinterpret_cast<__m128i*>(sha256),
                   _mm_blend_epi16(t, cdgh, 0xF0));  // D C B A
  _mm_storeu_si128(reinterpret_cast<__m128i*>(sha256 + 4),
                   _mm_alignr_epi8(cdgh, t, 8));  // H G F E
}

#undef VIGIL_DIGEST_INLINE

}  // namespace

#pragma GCC pop_options

bool StitchedDigest::Available() {
  static const bool available = [] {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
    const bool ssse3 = (ecx & bit_SSSE3) != 0;
    const bool sse41 = (ecx & bit_SSE4_1) != 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    const bool sha = (ebx & bit_SHA) != 0;
    return ssse3 && sse41 && sha;
  }();
  return available;
}

#else  // !__x86_64__

namespace {
void CompressStitched(uint32_t (&)[4], uint32_t (&)[5], uint32_t (&)[8],
                      const uint8_t*, const uint8_t*, size_t) {}
}  // namespace

bool StitchedDigest::Available() { return false; }

#endif  // __x86_64__

void StitchedDigest::Reset() {
  std::memcpy(md5_, kMd5Init, sizeof(md5_));
  std::memcpy(sha1_, kSha1Init, sizeof(sha1_));
  std::memcpy(sha256_, kSha256Init, sizeof(sha256_));
  length_ = 0;
  pending_bytes_ = 0;
}

void StitchedDigest::Update(std::span<const uint8_t> bytes) {
  length_ += bytes.size();
  if (pending_bytes_ > 0) {
    const size_t take = std::min(bytes.size(), 64 - pending_bytes_);
    std::memcpy(pending_ + pending_bytes_, bytes.data(), take);
    pending_bytes_ += take;
    bytes = bytes.subspan(take);
    if (pending_bytes_ < 64) return;
    CompressStitched(md5_, sha1_, sha256_, pending_, pending_, 1);
    pending_bytes_ = 0;
  }
  const size_t blocks = bytes.size() / 64;
  if (blocks > 0) {
    CompressStitched(md5_, sha1_, sha256_, bytes.data(), bytes.data(), blocks);
  }
  const size_t rest = bytes.size() - blocks * 64;
  std::memcpy(pending_, bytes.data() + blocks * 64, rest);
  pending_bytes_ = rest;
}

void StitchedDigest::Finish(std::array<uint8_t, 16>* md5,
                            std::array<uint8_t, 20>* sha1,
                            std::array<uint8_t, 32>* sha256) {
  // Padding: 0x80, zeros, then the bit length in the last 8 bytes of the
  // last block, little-endian for MD5 and big-endian for SHA.
  uint8_t md5_tail[128] = {};
  uint8_t sha_tail[128] = {};
  std::memcpy(md5_tail, pending_, pending_bytes_);
  md5_tail[pending_bytes_] = 0x80;
  const size_t blocks = pending_bytes_ + 1 + 8 <= 64 ? 1 : 2;
  const uint64_t bits = length_ * 8;
  std::memcpy(sha_tail, md5_tail, sizeof(md5_tail));
  for (int i = 0; i < 8; ++i) {
    md5_tail[64 * blocks - 8 + i] = static_cast<uint8_t>(bits >> (8 * i));
    sha_tail[64 * blocks - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  }
  CompressStitched(md5_, sha1_, sha256_, md5_tail, sha_tail, blocks);
  for (int i = 0; i < 4; ++i) {
    for (int b = 0; b < 4; ++b) {
      (*md5)[4 * i + b] = static_cast<uint8_t>(md5_[i] >> (8 * b));
    }
  }
  for (int i = 0; i < 5; ++i) {
    for (int b = 0; b < 4; ++b) {
      (*sha1)[4 * i + b] = static_cast<uint8_t>(sha1_[i] >> (24 - 8 * b));
    }
  }
  for (int i = 0; i < 8; ++i) {
    for (int b = 0; b < 4; ++b) {
      (*sha256)[4 * i + b] = static_cast<uint8_t>(sha256_[i] >> (24 - 8 * b));
    }
  }
  Reset();
}

}  // namespace vigil::internal
