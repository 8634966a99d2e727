// Copyright 2026 The Vigil Authors.

#include "vigil/pdq.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "hash/internal/pdq_core.h"
#include "hash/internal/pdq_fast.h"
#include "hash/internal/pdq_reference.h"
#include "hash/internal/pdq_scratch.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"

namespace vigil {
namespace {

using internal::PdqImage;
using internal::PdqPixels;
using internal::PdqScratch;

Status ValidateImage(std::span<const uint8_t> pixels, int width, int height,
                     size_t stride_bytes, size_t bytes_per_pixel) {
  if (width < 1 || height < 1) {
    return InvalidArgumentError("PDQ: image size must be at least 1x1, got " +
                                std::to_string(width) + "x" +
                                std::to_string(height));
  }
  const size_t row_bytes = static_cast<size_t>(width) * bytes_per_pixel;
  if (stride_bytes < row_bytes) {
    return InvalidArgumentError("PDQ: stride of " +
                                std::to_string(stride_bytes) +
                                " bytes is smaller than a row of " +
                                std::to_string(row_bytes) + " bytes");
  }
  // Needed bytes: (height - 1) * stride + row_bytes, checked for overflow.
  const size_t rows_before_last = static_cast<size_t>(height) - 1;
  if (rows_before_last != 0 &&
      stride_bytes > (SIZE_MAX - row_bytes) / rows_before_last) {
    return InvalidArgumentError("PDQ: image size overflows size_t");
  }
  const size_t needed = rows_before_last * stride_bytes + row_bytes;
  if (pixels.size() < needed) {
    return InvalidArgumentError(
        "PDQ: pixel buffer holds " + std::to_string(pixels.size()) +
        " bytes, the image needs " + std::to_string(needed));
  }
  return Status::OK();
}

// The blurred, decimated 64x64 image of `image` (at least 5x5).
// `always_filter` selects the reference's dihedral routine (always blurs).
void Downsample(const PdqImage& image, bool always_filter, PdqScratch* scratch,
                float (&downsampled)[64][64]) {
  if (!internal::FastPdqDownsample(image, always_filter, &scratch->fast,
                                   downsampled)) {
    internal::ReferencePdqDownsample(image, always_filter, &scratch->full1,
                                     &scratch->full2, downsampled);
  }
}

// The float stage: DCT block and quality of `image` (at least 5x5).
// `dihedral` selects the reference's dihedral routine (always blurs).
void ComputeDct(const PdqImage& image, bool dihedral, PdqScratch* scratch,
                float (&dct)[16][16], int* quality) {
  float downsampled[64][64];
  Downsample(image, dihedral, scratch, downsampled);
  *quality = internal::FastPdqQuality(downsampled);
  internal::FastDct64To16(downsampled, dct);
}

// Writes the `n` bytes of `src` to `dst` in reverse order, 8 at a time.
void ReverseBytes(const uint8_t* src, size_t n, uint8_t* dst) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    std::memcpy(&v, src + n - i - 8, 8);
    v = __builtin_bswap64(v);
    std::memcpy(dst + i, &v, 8);
  }
  for (; i < n; ++i) dst[i] = src[n - 1 - i];
}

// A tightly packed copy of `image` (read top to bottom) in `buffer` with
// each row's pixels in reverse order: the image mirrored left to right.
PdqImage ColumnsReversed(const PdqImage& image, std::vector<uint8_t>* buffer) {
  const size_t bpp = image.pixels == PdqPixels::kRgb ? 3 : 1;
  const size_t row_bytes = static_cast<size_t>(image.width) * bpp;
  buffer->resize(row_bytes * static_cast<size_t>(image.height));
  for (int r = 0; r < image.height; ++r) {
    const uint8_t* src = image.data + static_cast<size_t>(r) * image.stride;
    uint8_t* dst = buffer->data() + static_cast<size_t>(r) * row_bytes;
    if (bpp == 1) {
      ReverseBytes(src, row_bytes, dst);
    } else {
      for (int c = 0; c < image.width; ++c) {
        std::memcpy(dst + static_cast<size_t>(image.width - 1 - c) * 3,
                    src + static_cast<size_t>(c) * 3, 3);
      }
    }
  }
  return PdqImage{buffer->data(), image.width, image.height, row_bytes,
                  image.pixels};
}

// The hash and quality of `down` and of its transposition into `results`
// at `plain` and `transposed`.
void HashDownsampleAndTransposed(const float (&down)[64][64], Dihedral plain,
                                 Dihedral transposed,
                                 std::span<PdqResult> results) {
  float dct[16][16];
  internal::FastDct64To16(down, dct);
  results[static_cast<int>(plain)] =
      PdqResult{internal::HashFromDct(dct), internal::FastPdqQuality(down)};
  float t[64][64];
  for (int i = 0; i < 64; ++i) {
    for (int j = 0; j < 64; ++j) t[j][i] = down[i][j];
  }
  internal::FastDct64To16(t, dct);
  results[static_cast<int>(transposed)] =
      PdqResult{internal::HashFromDct(dct), internal::FastPdqQuality(t)};
}

// The exact dihedral variants of `image` (at least 5x5): each is the plain
// PDQ hash of the rotated or mirrored pixels. Every variant is a mirror
// (none, rows, columns or both) followed or not by a transposition; the
// four mirrors are hashed from the mirrored pixels, and the
// transposed variants transpose the mirror's 64x64 downsample: the Jarosz
// filter and the decimation treat the two axes alike, so the downsample of
// the transposed pixels is the transposed downsample up to the float
// rounding of running the row and column passes in the other order. Rows
// are mirrored by reading them bottom up (PdqImage::reverse_rows, no
// copy). Columns: where the fast stage can (a grey plane with an odd
// horizontal window, internal::FastPdqMirrorSharesFirstPasses), one run
// per row order gives both column orders from the same first box-filter
// passes, bit-identical to hashing the mirrored pixels; otherwise one copy
// with every row reversed, shared by the two mirrors that need it.
void ComputeExactDihedral(const PdqImage& image, PdqScratch* scratch,
                          std::span<PdqResult> results) {
  struct Mirror {
    bool rows;
    bool columns;
    Dihedral plain;
    Dihedral transposed;
  };
  static constexpr Mirror kMirrors[4] = {
      {false, false, Dihedral::kOriginal, Dihedral::kFlipPlus1},
      {true, false, Dihedral::kFlipX, Dihedral::kRot270},
      {false, true, Dihedral::kFlipY, Dihedral::kRot90},
      {true, true, Dihedral::kRot180, Dihedral::kFlipMinus1},
  };
  if (internal::FastPdqMirrorSharesFirstPasses(image)) {
    bool done = true;
    for (int rows = 0; rows < 2 && done; ++rows) {
      const Mirror& plain = kMirrors[rows];         // columns as stored
      const Mirror& mirrored = kMirrors[2 + rows];  // columns reversed
      PdqImage source = image;
      source.reverse_rows = rows == 1;
      float down[64][64];
      float down_mirrored[64][64];
      done = internal::FastPdqDownsamplePair(source, &scratch->fast, down,
                                             down_mirrored);
      if (!done) break;
      HashDownsampleAndTransposed(down, plain.plain, plain.transposed, results);
      HashDownsampleAndTransposed(down_mirrored, mirrored.plain,
                                  mirrored.transposed, results);
    }
    if (done) return;
  }
  PdqImage columns_reversed{};
  for (const Mirror& m : kMirrors) {
    PdqImage source = image;
    if (m.columns) {
      if (columns_reversed.data == nullptr) {
        columns_reversed = ColumnsReversed(image, &scratch->mirrored);
      }
      source = columns_reversed;
    }
    source.reverse_rows = m.rows;
    float down[64][64];
    Downsample(source, /*always_filter=*/false, scratch, down);
    HashDownsampleAndTransposed(down, m.plain, m.transposed, results);
  }
}

enum class Variants { kPlain, kDihedralDct, kDihedralExact };

// Validates, then fills `results` (1 or 8 entries) for `format`.
Status Compute(std::span<const uint8_t> pixels, int width, int height,
               size_t stride_bytes, PdqPixels format, Variants variants,
               PdqWorkspace* ws, std::span<PdqResult> results) {
  const size_t bytes_per_pixel = format == PdqPixels::kRgb ? 3 : 1;
  VIGIL_RETURN_IF_ERROR(
      ValidateImage(pixels, width, height, stride_bytes, bytes_per_pixel));
  for (PdqResult& r : results) r = PdqResult{};
  if (width < internal::kPdqMinHashableDim ||
      height < internal::kPdqMinHashableDim) {
    return Status::OK();  // all-zero hashes, quality 0, as the reference
  }
  const PdqImage image{pixels.data(), width, height, stride_bytes, format};
  const bool dihedral = variants == Variants::kDihedralDct;
  try {
    std::unique_ptr<PdqWorkspace> local;
    if (ws == nullptr) {
      local = std::make_unique<PdqWorkspace>();
      ws = local.get();
    }
    PdqScratch* scratch = internal::PdqWorkspaceAccess::Get(ws);
    if (variants == Variants::kDihedralExact) {
      ComputeExactDihedral(image, scratch, results);
      return Status::OK();
    }
    float dct[16][16];
    int quality = 0;
    ComputeDct(image, dihedral, scratch, dct, &quality);
    if (!dihedral) {
      results[0] = PdqResult{internal::HashFromDct(dct), quality};
      return Status::OK();
    }
    for (int v = 0; v < 8; ++v) {
      float variant[16][16];
      internal::DihedralDct(static_cast<Dihedral>(v), dct, variant);
      results[v] = PdqResult{internal::HashFromDct(variant), quality};
    }
  } catch (const std::bad_alloc&) {
    return LimitExceededError("PDQ: out of memory for a " +
                              std::to_string(width) + "x" +
                              std::to_string(height) + " image");
  }
  return Status::OK();
}

}  // namespace

PdqWorkspace::PdqWorkspace()
    : scratch_(std::make_unique<internal::PdqScratch>()) {}
PdqWorkspace::~PdqWorkspace() = default;
PdqWorkspace::PdqWorkspace(PdqWorkspace&&) noexcept = default;
PdqWorkspace& PdqWorkspace::operator=(PdqWorkspace&&) noexcept = default;

size_t PdqWorkspace::allocated_bytes() const {
  return scratch_ == nullptr ? 0 : scratch_->bytes();
}

Result<PdqResult> ComputePdqFromRgb(std::span<const uint8_t> rgb, int width,
                                    int height, size_t stride_bytes,
                                    PdqWorkspace* ws) {
  PdqResult result;
  VIGIL_RETURN_IF_ERROR(Compute(rgb, width, height, stride_bytes,
                                PdqPixels::kRgb, Variants::kPlain, ws,
                                {&result, 1}));
  return result;
}

Result<PdqResult> ComputePdqFromLuma(std::span<const uint8_t> luma, int width,
                                     int height, size_t stride_bytes,
                                     PdqWorkspace* ws) {
  PdqResult result;
  VIGIL_RETURN_IF_ERROR(Compute(luma, width, height, stride_bytes,
                                PdqPixels::kGrey, Variants::kPlain, ws,
                                {&result, 1}));
  return result;
}

Result<std::array<PdqResult, 8>> ComputePdqDihedralFromRgb(
    std::span<const uint8_t> rgb, int width, int height, size_t stride_bytes,
    PdqWorkspace* ws) {
  std::array<PdqResult, 8> results;
  VIGIL_RETURN_IF_ERROR(Compute(rgb, width, height, stride_bytes,
                                PdqPixels::kRgb, Variants::kDihedralDct, ws,
                                results));
  return results;
}

Result<std::array<PdqResult, 8>> ComputePdqDihedralFromLuma(
    std::span<const uint8_t> luma, int width, int height, size_t stride_bytes,
    PdqWorkspace* ws) {
  std::array<PdqResult, 8> results;
  VIGIL_RETURN_IF_ERROR(Compute(luma, width, height, stride_bytes,
                                PdqPixels::kGrey, Variants::kDihedralDct, ws,
                                results));
  return results;
}

Result<std::array<PdqResult, 8>> ComputePdqDihedralExactFromRgb(
    std::span<const uint8_t> rgb, int width, int height, size_t stride_bytes,
    PdqWorkspace* ws) {
  std::array<PdqResult, 8> results;
  VIGIL_RETURN_IF_ERROR(Compute(rgb, width, height, stride_bytes,
                                PdqPixels::kRgb, Variants::kDihedralExact, ws,
                                results));
  return results;
}

Result<std::array<PdqResult, 8>> ComputePdqDihedralExactFromLuma(
    std::span<const uint8_t> luma, int width, int height, size_t stride_bytes,
    PdqWorkspace* ws) {
  std::array<PdqResult, 8> results;
  VIGIL_RETURN_IF_ERROR(Compute(luma, width, height, stride_bytes,
                                PdqPixels::kGrey, Variants::kDihedralExact, ws,
                                results));
  return results;
}

}  // namespace vigil
