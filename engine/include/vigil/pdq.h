// Copyright 2026 The Vigil Authors.
//
// File: vigil/pdq.h
// -----------------------------------------------------------------------------
// PDQ, Meta's 256-bit perceptual image hash, computed bit for bit as Meta's
// reference implementation (facebook/ThreatExchange pdq/cpp) computes it
// from the same decoded pixels: luma in float, a Jarosz tent filter (two
// box-filter passes per axis), decimation to 64x64, the 16x16 low-frequency
// block of the DCT, and one bit per coefficient above the median. The
// quality (0..100) counts significant gradients of the 64x64 image; hashes
// of quality below ~50 are unreliable and matchers should skip them.
//
// Example:
//
//   vigil::PdqWorkspace ws;                       // one per thread, reused
//   VIGIL_ASSIGN_OR_RETURN(vigil::PdqResult r,
//       vigil::ComputePdqFromRgb(pixels, width, height, width * 3, &ws));
//   std::string hex = r.hash.ToHex();             // 64 lowercase hex chars
//   int d = vigil::HammingDistance(r.hash, known);  // match if d <= 31
//
// Exactness: for every pixel buffer the result equals the reference's
// pdqHash256FromFloatLuma (or pdqDihedralHash256esFromFloatLuma) fed the
// luma that the reference computes for that buffer. Images smaller than
// 5 pixels on a side hash to all zeros with quality 0, as in the reference.
//
// Thread-safety: the functions are reentrant. A PdqWorkspace is scratch
// memory and must be used by one thread at a time; distinct workspaces may
// be used concurrently.

#ifndef VIGIL_PDQ_H_
#define VIGIL_PDQ_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "vigil/export.h"
#include "vigil/pdq_hash.h"
#include "vigil/result.h"
#include "vigil/status.h"

namespace vigil {
namespace internal {
struct PdqScratch;
struct PdqWorkspaceAccess;
}  // namespace internal

struct PdqResult {
  PdqHash hash;
  int quality = 0;  // 0..100
};

// The eight dihedral transforms, in the reference's order (and index into
// the array returned by the ComputePdqDihedral* functions). The hash of
// variant v equals the PDQ hash of the image transformed by v.
enum class Dihedral : int {
  kOriginal = 0,
  kRot90 = 1,  // rotated 90 degrees counter-clockwise
  kRot180 = 2,
  kRot270 = 3,      // rotated 90 degrees clockwise
  kFlipX = 4,       // mirrored top to bottom (rows reversed)
  kFlipY = 5,       // mirrored left to right (columns reversed)
  kFlipPlus1 = 6,   // transposed (main diagonal)
  kFlipMinus1 = 7,  // anti-transposed (anti-diagonal)
};

// Reusable scratch memory for hashing (float buffers sized for the largest
// image seen so far). Reusing one avoids an allocation per image.
//
// Thread-safety: not safe for concurrent use; keep one per thread.
class VIGIL_EXPORT PdqWorkspace {
 public:
  PdqWorkspace();
  ~PdqWorkspace();
  PdqWorkspace(PdqWorkspace&&) noexcept;
  PdqWorkspace& operator=(PdqWorkspace&&) noexcept;
  PdqWorkspace(const PdqWorkspace&) = delete;
  PdqWorkspace& operator=(const PdqWorkspace&) = delete;

  // Bytes of scratch memory currently held.
  size_t allocated_bytes() const;

 private:
  friend struct internal::PdqWorkspaceAccess;
  std::unique_ptr<internal::PdqScratch> scratch_;
};

// Hashes 8-bit interleaved RGB (3 bytes per pixel, R first), `height` rows
// of `width` pixels, row r starting at byte r * stride_bytes of `rgb`.
// Luma is 0.299R + 0.587G + 0.114B in float, as in the reference.
// `ws` is optional scratch (nullptr: a temporary one is used).
// Errors (kInvalidArgument): width or height < 1, stride_bytes < 3 * width,
// rgb shorter than (height - 1) * stride_bytes + 3 * width.
// Allocation failure is reported as kLimitExceeded.
VIGIL_EXPORT Result<PdqResult> ComputePdqFromRgb(std::span<const uint8_t> rgb,
                                                 int width, int height,
                                                 size_t stride_bytes,
                                                 PdqWorkspace* ws);

// Hashes 8-bit grey (1 byte per pixel, e.g. a JPEG's Y plane) with luma =
// the byte value, as the reference's fillFloatLumaFromGrey. Arguments and
// errors as ComputePdqFromRgb with 1 byte per pixel.
//
// Note: this is NOT always bit-identical to ComputePdqFromRgb with R=G=B=v:
// in float, 0.299f*v + 0.587f*v + 0.114f*v differs from v for 35 of the 256
// byte values (e.g. v=15 gives 15.000001f), so the two paths can differ in
// a few bits on some images. Both are what the reference computes for its
// own grey and RGB inputs respectively.
VIGIL_EXPORT Result<PdqResult> ComputePdqFromLuma(std::span<const uint8_t> luma,
                                                  int width, int height,
                                                  size_t stride_bytes,
                                                  PdqWorkspace* ws);

// The eight dihedral hashes, indexed by Dihedral, each the PDQ hash of the
// image rotated or mirrored by its pixels ("exact" variants): element v is
// what ComputePdqFrom* returns for the image transformed by v, so a rotated
// or mirrored copy matches as well as the original does. Element kOriginal
// is the plain hash. The four mirrors (none, rows, columns, both) are
// hashed from mirrored copies of the pixels, bit for bit; the four
// transposed variants transpose a mirror's 64x64 downsample, which equals
// the downsample of the transposed pixels up to float rounding (they may
// differ from hashing the transposed pixels in a bit or two, rarely).
// Cost: about four plain hashes (the decode, when hashing a file, is shared).
// Arguments and errors as ComputePdqFromRgb / ComputePdqFromLuma.
VIGIL_EXPORT Result<std::array<PdqResult, 8>> ComputePdqDihedralExactFromRgb(
    std::span<const uint8_t> rgb, int width, int height, size_t stride_bytes,
    PdqWorkspace* ws);
VIGIL_EXPORT Result<std::array<PdqResult, 8>> ComputePdqDihedralExactFromLuma(
    std::span<const uint8_t> luma, int width, int height, size_t stride_bytes,
    PdqWorkspace* ws);

// The cheaper DCT-domain variants, as the reference's
// pdqDihedralHash256esFromFloatLuma: one downsample, and the other seven
// variants derived from its DCT block by sign flips and transposition. All
// share one quality. Cheaper (one downsample instead of four) but less
// exact: the 64x64 downsample of a mirrored image is not the mirrored
// downsample (the Jarosz box filter is asymmetric for even windows), so a
// rotated or mirrored copy lands a few bits further from its original than
// with the exact variants, and some near-threshold copies are missed.
//
// Note: for a 64x64 image the reference's plain hash skips the blur while
// its dihedral routine always blurs (with a window of 1 pixel, which is
// not an exact identity in float). Both are mirrored here, so for 64x64
// inputs element kOriginal may differ slightly from ComputePdqFromRgb.
VIGIL_EXPORT Result<std::array<PdqResult, 8>> ComputePdqDihedralFromRgb(
    std::span<const uint8_t> rgb, int width, int height, size_t stride_bytes,
    PdqWorkspace* ws);
VIGIL_EXPORT Result<std::array<PdqResult, 8>> ComputePdqDihedralFromLuma(
    std::span<const uint8_t> luma, int width, int height, size_t stride_bytes,
    PdqWorkspace* ws);

}  // namespace vigil

#endif  // VIGIL_PDQ_H_
