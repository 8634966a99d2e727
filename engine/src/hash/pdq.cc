// Copyright 2026 The Vigil Authors.

#include "vigil/pdq.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>

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

// The float stage: DCT block and quality of `image` (at least 5x5).
// `dihedral` selects the reference's dihedral routine (always blurs).
void ComputeDct(const PdqImage& image, bool dihedral, PdqScratch* scratch,
                float (&dct)[16][16], int* quality) {
  float downsampled[64][64];
  if (!internal::FastPdqDownsample(image, dihedral, &scratch->fast,
                                   downsampled)) {
    internal::ReferencePdqDownsample(image, dihedral, &scratch->full1,
                                     &scratch->full2, downsampled);
  }
  *quality = internal::FastPdqQuality(downsampled);
  internal::FastDct64To16(downsampled, dct);
}

// Validates, then fills `results` (1 or 8 entries) for `format`.
Status Compute(std::span<const uint8_t> pixels, int width, int height,
               size_t stride_bytes, PdqPixels format, PdqWorkspace* ws,
               std::span<PdqResult> results) {
  const size_t bytes_per_pixel = format == PdqPixels::kRgb ? 3 : 1;
  VIGIL_RETURN_IF_ERROR(
      ValidateImage(pixels, width, height, stride_bytes, bytes_per_pixel));
  for (PdqResult& r : results) r = PdqResult{};
  if (width < internal::kPdqMinHashableDim ||
      height < internal::kPdqMinHashableDim) {
    return Status::OK();  // all-zero hashes, quality 0, as the reference
  }
  const PdqImage image{pixels.data(), width, height, stride_bytes, format};
  const bool dihedral = results.size() == 8;
  try {
    std::unique_ptr<PdqWorkspace> local;
    if (ws == nullptr) {
      local = std::make_unique<PdqWorkspace>();
      ws = local.get();
    }
    PdqScratch* scratch = internal::PdqWorkspaceAccess::Get(ws);
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
                                PdqPixels::kRgb, ws, {&result, 1}));
  return result;
}

Result<PdqResult> ComputePdqFromLuma(std::span<const uint8_t> luma, int width,
                                     int height, size_t stride_bytes,
                                     PdqWorkspace* ws) {
  PdqResult result;
  VIGIL_RETURN_IF_ERROR(Compute(luma, width, height, stride_bytes,
                                PdqPixels::kGrey, ws, {&result, 1}));
  return result;
}

Result<std::array<PdqResult, 8>> ComputePdqDihedralFromRgb(
    std::span<const uint8_t> rgb, int width, int height, size_t stride_bytes,
    PdqWorkspace* ws) {
  std::array<PdqResult, 8> results;
  VIGIL_RETURN_IF_ERROR(
      Compute(rgb, width, height, stride_bytes, PdqPixels::kRgb, ws, results));
  return results;
}

Result<std::array<PdqResult, 8>> ComputePdqDihedralFromLuma(
    std::span<const uint8_t> luma, int width, int height, size_t stride_bytes,
    PdqWorkspace* ws) {
  std::array<PdqResult, 8> results;
  VIGIL_RETURN_IF_ERROR(Compute(luma, width, height, stride_bytes,
                                PdqPixels::kGrey, ws, results));
  return results;
}

}  // namespace vigil
