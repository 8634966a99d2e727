// Copyright 2026 The Vigil Authors.

#include "common/pixels.h"

#include <limits>
#include <span>
#include <string>

#include "vigil/digest.h"
#include "vigil/pdq.h"
#include "vigil/status_macros.h"

namespace vigil::bindings {

Result<MediaHashes> HashPixels(const MediaHasher& hasher, const uint8_t* pixels,
                               int width, int height, int channels,
                               size_t stride_bytes) {
  if (pixels == nullptr) return InvalidArgumentError("pixels is null");
  if (width < 1 || height < 1) {
    return InvalidArgumentError("pixel buffer size must be at least 1x1, got " +
                                std::to_string(width) + "x" +
                                std::to_string(height));
  }
  if (channels != 1 && channels != 3) {
    return InvalidArgumentError("channels must be 1 (grey) or 3 (RGB), got " +
                                std::to_string(channels));
  }
  size_t row = static_cast<size_t>(width) * static_cast<size_t>(channels);
  if (stride_bytes == 0) stride_bytes = row;
  if (stride_bytes < row) {
    return InvalidArgumentError("stride of " + std::to_string(stride_bytes) +
                                " bytes is less than a row of " +
                                std::to_string(row) + " bytes");
  }
  // (height - 1) * stride + row, without overflow.
  size_t rows_before_last = static_cast<size_t>(height) - 1;
  if (rows_before_last != 0 &&
      stride_bytes >
          (std::numeric_limits<size_t>::max() - row) / rows_before_last) {
    return InvalidArgumentError("pixel buffer size overflows");
  }
  size_t span_bytes = rows_before_last * stride_bytes + row;
  std::span<const uint8_t> buffer(pixels, span_bytes);
  if (channels == 3) {
    return hasher.HashRgb(buffer, width, height, stride_bytes);
  }

  const HashOptions& options = hasher.options();
  uint64_t count = static_cast<uint64_t>(width) * static_cast<uint64_t>(height);
  if (count > options.limits.max_pixels ||
      static_cast<uint64_t>(width) > options.limits.max_dimension ||
      static_cast<uint64_t>(height) > options.limits.max_dimension) {
    return LimitExceededError("pixel buffer " + std::to_string(width) + "x" +
                              std::to_string(height) + " is over the limits");
  }
  if (span_bytes > options.limits.max_file_bytes) {
    return LimitExceededError("pixel buffer is over the byte limit");
  }
  MediaHashes out;
  out.bytes = span_bytes;
  out.digests = ComputeDigests(buffer);
  out.width = width;
  out.height = height;
  if (!options.pdq) return out;
  // One workspace per thread, reused across calls.
  thread_local PdqWorkspace workspace;
  if (options.dihedral) {
    VIGIL_ASSIGN_OR_RETURN(
        auto all, ComputePdqDihedralVariants(options.dihedral_mode,
                                             /*luma=*/true, buffer, width,
                                             height, stride_bytes, &workspace));
    out.pdq = all[static_cast<int>(Dihedral::kOriginal)];
    out.pdq_dihedral = all;
  } else {
    VIGIL_ASSIGN_OR_RETURN(
        PdqResult r,
        ComputePdqFromLuma(buffer, width, height, stride_bytes, &workspace));
    out.pdq = r;
  }
  return out;
}

}  // namespace vigil::bindings
