// Copyright 2026 The Vigil Authors.

#include "vigil/media_hasher.h"

#include <string>
#include <utility>

#include "core/internal/file_io.h"
#include "vigil/status_macros.h"

namespace vigil {
namespace {

// Scratch for PDQ, one per thread, reused across inputs.
PdqWorkspace* ThreadWorkspace() {
  thread_local PdqWorkspace workspace;
  return &workspace;
}

}  // namespace

Result<PdqMode> ParsePdqMode(std::string_view name) {
  if (name == "fast") return PdqMode::kFast;
  if (name == "full") return PdqMode::kFullResolution;
  return InvalidArgumentError("unknown PDQ mode '" + std::string(name) +
                              "' (known: fast, full)");
}

const char* PdqModeName(PdqMode mode) {
  return mode == PdqMode::kFast ? "fast" : "full";
}

BarOptions UnletterboxBarOptions() {
  BarOptions options;
  options.max_bar_luma = 255;
  options.max_side_share = 0.25;
  options.max_deviation = 8;
  return options;
}

BarOptions UnletterboxStrictBarOptions() {
  BarOptions options = UnletterboxBarOptions();
  options.max_deviation = 0;
  options.min_uniform_share = 1.0;
  return options;
}

CropRect UnletterboxStrictCrop(const BarDetection& strict) {
  if (!strict.has_content) return CropRect{};
  const CropRect even = SymmetricCrop(strict.crop);
  return even.empty() ? strict.crop : even;
}

Result<DihedralMode> ParseDihedralMode(std::string_view name) {
  if (name == "exact") return DihedralMode::kExact;
  if (name == "dct") return DihedralMode::kDct;
  return InvalidArgumentError("unknown dihedral mode '" + std::string(name) +
                              "' (known: exact, dct)");
}

const char* DihedralModeName(DihedralMode mode) {
  return mode == DihedralMode::kExact ? "exact" : "dct";
}

Result<std::array<PdqResult, 8>> ComputePdqDihedralVariants(
    DihedralMode mode, bool luma, std::span<const uint8_t> pixels, int width,
    int height, size_t stride_bytes, PdqWorkspace* ws) {
  if (mode == DihedralMode::kExact) {
    return luma ? ComputePdqDihedralExactFromLuma(pixels, width, height,
                                                  stride_bytes, ws)
                : ComputePdqDihedralExactFromRgb(pixels, width, height,
                                                 stride_bytes, ws);
  }
  return luma ? ComputePdqDihedralFromLuma(pixels, width, height, stride_bytes,
                                           ws)
              : ComputePdqDihedralFromRgb(pixels, width, height, stride_bytes,
                                          ws);
}

std::vector<Signal> MediaHashes::Signals() const {
  std::vector<Signal> out = digests.ToSignals();
  if (pdq.has_value()) {
    out.push_back(Signal{
        SignalType::kPdq,
        std::vector<uint8_t>(pdq->hash.bytes.begin(), pdq->hash.bytes.end()),
        pdq->quality});
  }
  return out;
}

MediaHasher::MediaHasher(const HashOptions& options,
                         const ImageDecoder* decoder)
    : options_(options),
      decoder_(decoder != nullptr ? decoder : &DefaultImageDecoder()) {}

Result<MediaHashes> MediaHasher::HashFile(const std::string& path) const {
  VIGIL_ASSIGN_OR_RETURN(
      std::vector<uint8_t> bytes,
      internal::ReadFileBounded(path, options_.limits.max_file_bytes));
  return HashBytes(bytes);
}

Result<MediaHashes> MediaHasher::HashBytes(
    std::span<const uint8_t> bytes) const {
  if (bytes.size() > options_.limits.max_file_bytes) {
    return HashBytes(bytes, Digests{});  // fails on the limit
  }
  return HashBytes(bytes, ComputeDigests(bytes));
}

Result<MediaHashes> MediaHasher::HashBytes(std::span<const uint8_t> bytes,
                                           const Digests& digests) const {
  if (bytes.size() > options_.limits.max_file_bytes) {
    return LimitExceededError("input is " + std::to_string(bytes.size()) +
                              " bytes, over the limit of " +
                              std::to_string(options_.limits.max_file_bytes) +
                              " bytes");
  }
  MediaHashes out;
  out.bytes = bytes.size();
  out.media_type = SniffMediaType(bytes);
  out.digests = digests;
  if (!MediaTypeIsImage(out.media_type)) {
    out.image_status =
        out.media_type == MediaType::kUnknown
            ? UnsupportedFormatError("not a recognised image format")
            : UnsupportedFormatError(
                  std::string(MediaTypeName(out.media_type)) +
                  " is not a still image");
    return out;
  }
  out.image_status = HashImage(bytes, &out);
  return out;
}

Status MediaHasher::HashImage(std::span<const uint8_t> bytes,
                              MediaHashes* out) const {
  DecodeOptions decode;
  decode.limits = options_.limits;
  bool fast = options_.pdq_mode == PdqMode::kFast;
  if (fast && out->media_type == MediaType::kJpeg) {
    decode.format = PixelFormat::kLuma8;
    decode.jpeg_min_side = options_.fast_min_side;
    decode.jpeg_luma_min_pixels = options_.fast_min_pixels;
  }
  // Only the bar detector reads alpha (transparent pixels are never bar).
  decode.keep_alpha = options_.pdq && options_.unletterbox;
  VIGIL_ASSIGN_OR_RETURN(Image image, decoder_->Decode(bytes, decode));
  out->width = image.source_width;
  out->height = image.source_height;
  out->exif_orientation = image.exif_orientation;
  out->completeness = image.completeness;
  if (!options_.pdq) return Status::OK();
  bool luma = image.format == PixelFormat::kLuma8;
  size_t stride = static_cast<size_t>(image.width) * (luma ? 1 : 3);
  VIGIL_RETURN_IF_ERROR(HashPixels(image.pixels, image.width, image.height,
                                   stride, luma, image.alpha, out));
  if (image.width != image.source_width) {
    // A DCT-scaled decode: report the bars in pixels of the stored image.
    const double sx = static_cast<double>(image.source_width) / image.width;
    const double sy = static_cast<double>(image.source_height) / image.height;
    std::vector<CropRect*> crops = {&out->unletterbox_crop,
                                    &out->unletterbox_crop_strict};
    for (MediaHashes::OneSided& o : out->pdq_unletterboxed_one_side) {
      crops.push_back(&o.crop);
    }
    for (CropRect* c : crops) {
      *c = CropRect{
          static_cast<int>(c->left * sx), static_cast<int>(c->top * sy),
          static_cast<int>(c->right * sx), static_cast<int>(c->bottom * sy)};
    }
  }
  return Status::OK();
}

Status MediaHasher::HashPixels(std::span<const uint8_t> pixels, int width,
                               int height, size_t stride, bool luma,
                               std::span<const uint8_t> alpha,
                               MediaHashes* out) const {
  PdqWorkspace* ws = ThreadWorkspace();
  // The plain PDQ hash of the picture inside `crop`.
  auto hash_inside = [&](const CropRect& crop) -> Result<PdqResult> {
    const size_t bpp = luma ? 1 : 3;
    const std::span<const uint8_t> inner =
        pixels.subspan(static_cast<size_t>(crop.top) * stride +
                       static_cast<size_t>(crop.left) * bpp);
    const int w = crop.Width(width);
    const int h = crop.Height(height);
    return luma ? ComputePdqFromLuma(inner, w, h, stride, ws)
                : ComputePdqFromRgb(inner, w, h, stride, ws);
  };
  auto detect = [&](const BarOptions& bar_options) {
    return luma ? DetectBarsInLuma(pixels, width, height, stride, bar_options)
                : DetectBars(pixels, width, height, stride, bar_options, alpha);
  };
  if (options_.unletterbox) {
    const BarDetection bars = detect(UnletterboxBarOptions());
    if (bars.has_content && !bars.crop.empty()) {
      VIGIL_ASSIGN_OR_RETURN(out->pdq_unletterboxed, hash_inside(bars.crop));
      out->unletterbox_crop = bars.crop;
      // Strict bars are never thicker, so they are looked for only here.
      const CropRect strict =
          UnletterboxStrictCrop(detect(UnletterboxStrictBarOptions()));
      if (!strict.empty() && strict != bars.crop) {
        VIGIL_ASSIGN_OR_RETURN(out->pdq_unletterboxed_strict,
                               hash_inside(strict));
        out->unletterbox_crop_strict = strict;
      }
      for (const CropRect& side : OneSidedCrops(bars.crop)) {
        if (side == strict) continue;
        VIGIL_ASSIGN_OR_RETURN(PdqResult r, hash_inside(side));
        out->pdq_unletterboxed_one_side.push_back({r, side});
      }
    }
  }
  if (options_.dihedral) {
    VIGIL_ASSIGN_OR_RETURN(auto all, ComputePdqDihedralVariants(
                                         options_.dihedral_mode, luma, pixels,
                                         width, height, stride, ws));
    out->pdq = all[static_cast<int>(Dihedral::kOriginal)];
    out->pdq_dihedral = all;
    return Status::OK();
  }
  VIGIL_ASSIGN_OR_RETURN(
      PdqResult r, luma ? ComputePdqFromLuma(pixels, width, height, stride, ws)
                        : ComputePdqFromRgb(pixels, width, height, stride, ws));
  out->pdq = r;
  return Status::OK();
}

Result<MediaHashes> MediaHasher::HashRgbFile(const std::string& path, int width,
                                             int height) const {
  if (width < 1 || height < 1) {
    return InvalidArgumentError("pixel buffer size must be at least 1x1");
  }
  VIGIL_ASSIGN_OR_RETURN(
      std::vector<uint8_t> bytes,
      internal::ReadFileBounded(path, options_.limits.max_file_bytes));
  uint64_t expected = static_cast<uint64_t>(width) * height * 3;
  if (bytes.size() != expected) {
    return InvalidArgumentError("raw rgb24 buffer of " + std::to_string(width) +
                                "x" + std::to_string(height) + " needs " +
                                std::to_string(expected) + " bytes, file has " +
                                std::to_string(bytes.size()));
  }
  return HashRgb(bytes, width, height, static_cast<size_t>(width) * 3);
}

Result<MediaHashes> MediaHasher::HashRgb(std::span<const uint8_t> rgb,
                                         int width, int height,
                                         size_t stride_bytes) const {
  if (width < 1 || height < 1) {
    return InvalidArgumentError("pixel buffer size must be at least 1x1");
  }
  uint64_t pixels =
      static_cast<uint64_t>(width) * static_cast<uint64_t>(height);
  if (pixels > options_.limits.max_pixels ||
      static_cast<uint64_t>(width) > options_.limits.max_dimension ||
      static_cast<uint64_t>(height) > options_.limits.max_dimension) {
    return LimitExceededError("pixel buffer " + std::to_string(width) + "x" +
                              std::to_string(height) + " is over the limits");
  }
  if (rgb.size() > options_.limits.max_file_bytes) {
    return LimitExceededError("pixel buffer is over the byte limit");
  }
  MediaHashes out;
  out.bytes = rgb.size();
  out.digests = ComputeDigests(rgb);
  out.width = width;
  out.height = height;
  if (options_.pdq) {
    VIGIL_RETURN_IF_ERROR(HashPixels(rgb, width, height, stride_bytes,
                                     /*luma=*/false, /*alpha=*/{}, &out));
  }
  return out;
}

}  // namespace vigil
