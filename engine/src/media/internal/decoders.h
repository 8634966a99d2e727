// Copyright 2026 The Vigil Authors.
//
// The per-format decoders behind DecodeImage(), and helpers they share.
// Each decoder checks its own magic, reads the header, applies the limits
// and only then allocates the pixel buffer. Decoders write into `out`,
// whose metadata DecodeInto() has reset and whose pixel vector may hold a
// previous image (its capacity is reused; every output byte is written). Each
// is thread-safe and stateless. The fuzz targets call them directly (DecodeAs)
// so that every decoder is exercised whatever the sniffer says.

#ifndef VIGIL_MEDIA_INTERNAL_DECODERS_H_
#define VIGIL_MEDIA_INTERNAL_DECODERS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "vigil/image.h"
#include "vigil/media_type.h"
#include "vigil/result.h"
#include "vigil/status.h"

namespace vigil::internal {

using Bytes = std::span<const uint8_t>;

Status DecodeJpeg(Bytes bytes, const DecodeOptions& options, Image* out);
Status DecodePng(Bytes bytes, const DecodeOptions& options, Image* out);
Status DecodeWebp(Bytes bytes, const DecodeOptions& options, Image* out);
Status DecodeGif(Bytes bytes, const DecodeOptions& options, Image* out);
Status DecodeBmp(Bytes bytes, const DecodeOptions& options, Image* out);
Status DecodeTiff(Bytes bytes, const DecodeOptions& options, Image* out);
// HEIC, HEIF and AVIF (libheif).
Status DecodeHeif(Bytes bytes, const DecodeOptions& options, Image* out);
// True when libheif has a decoder for the codec of `type` (HEVC or AV1).
bool HeifCanDecode(MediaType type);

// Decodes `bytes` with the decoder of `type`, without sniffing (but with
// the file-size limit). kUnsupportedFormat for non-image types.
Status DecodeInto(MediaType type, Bytes bytes, const DecodeOptions& options,
                  Image* image);
Result<Image> DecodeAs(MediaType type, Bytes bytes,
                       const DecodeOptions& options);

// kLimitExceeded ("<format>: image 100000x100000 exceeds ...") when a side
// is 0-free but above limits.max_dimension or width*height is above
// limits.max_pixels; kCorruptInput for a zero side.
Status CheckDimensions(std::string_view format, uint64_t width, uint64_t height,
                       const ImageLimits& limits);

// Sets image->width/height/format/source size and sizes the pixels,
// reusing their capacity; the bytes are NOT cleared (decoders write every
// one). REQUIRES: CheckDimensions() passed. kLimitExceeded if allocation
// fails.
Status AllocateImage(std::string_view format, int width, int height,
                     PixelFormat pixel_format, Image* image);

// Luma of one RGB pixel: round(0.299 R + 0.587 G + 0.114 B), fixed point.
inline uint8_t Luma(uint32_t r, uint32_t g, uint32_t b) {
  return static_cast<uint8_t>((19595 * r + 38470 * g + 7471 * b + 32768) >> 16);
}

// Converts `pixel_count` RGB pixels to luma, `rgb` and `out` may not alias.
void RgbToLuma(const uint8_t* rgb, size_t pixel_count, uint8_t* out);

// Writes one output pixel from RGB into `out` (3 or 1 bytes) and returns
// the pointer past it.
inline uint8_t* PutPixel(uint8_t* out, PixelFormat format, uint8_t r, uint8_t g,
                         uint8_t b) {
  if (format == PixelFormat::kRgb8) {
    out[0] = r;
    out[1] = g;
    out[2] = b;
    return out + 3;
  }
  *out = Luma(r, g, b);
  return out + 1;
}

// 16-bit to 8-bit as ImageMagick: round(v / 257).
inline uint8_t Scale16To8(uint32_t v) {
  return static_cast<uint8_t>((v + 128) / 257);
}

// Orientation (1..8) from an EXIF payload: a TIFF structure ("II*\0" or
// "MM\0*" ...), optionally preceded by "Exif\0\0". 0 when absent/invalid.
int ParseExifOrientation(Bytes exif);

}  // namespace vigil::internal

#endif  // VIGIL_MEDIA_INTERNAL_DECODERS_H_
