// Copyright 2026 The Vigil Authors.
//
// File: vigil/image.h
// -----------------------------------------------------------------------------
// Decoding of still images from untrusted bytes into 8-bit pixel buffers,
// under limits that are checked before any pixel memory is allocated.
//
// The pixels follow Meta's PDQ reference pipeline (ImageMagick / CImg
// decoding), so that PDQ hashes computed from them match the hash lists:
//   - 8-bit RGB, interleaved, rows tightly packed, top row first;
//   - grey images are replicated to R=G=B;
//   - alpha is ignored: the colour channels are returned as stored, never
//     composited over a background (a fully transparent pixel keeps its
//     stored colour);
//   - palette images are expanded through their palette;
//   - 16-bit samples are reduced to 8 bits with rounding, v8 = round(v16 /
//     257), as ImageMagick does;
//   - CMYK / YCCK JPEGs are converted to RGB assuming Adobe's inverted CMYK
//     (what Photoshop writes and ImageMagick assumes): R = C*K/255 on the
//     stored values, likewise G from M and B from Y;
//   - the EXIF orientation is reported (Image::exif_orientation) but NOT
//     applied: the reference hashes the stored pixels;
//   - JPEGs decode with libjpeg-turbo's defaults (islow IDCT, fancy
//     upsampling), which is what ImageMagick uses.
// Per-format details:
//   JPEG  baseline, progressive, arithmetic; grey, YCbCr, RGB, CMYK, YCCK.
//   PNG   every colour type and depth, interlaced; tRNS and alpha ignored.
//   GIF   the first frame only, on a canvas of the logical screen size
//         (grown to contain the frame if the frame overhangs the screen);
//         pixels outside the frame take the background colour index; the
//         transparent index yields its palette colour as stored.
//   WebP  lossy, lossless, with alpha (ignored); animated WebP: the first
//         frame placed on the canvas, the rest of the canvas black.
//   BMP   1/4/8-bit palette, 16/24/32-bit, BI_RGB / BI_BITFIELDS, RLE4/RLE8,
//         bottom-up and top-down; the alpha of 32-bit BMPs is ignored.
//   TIFF  the first page through libtiff's RGBA interface (any photometric
//         libtiff supports); unassociated alpha is dropped without being
//         premultiplied, associated (premultiplied) alpha gives the stored,
//         premultiplied colour.
//   HEIC/HEIF/AVIF  the primary image through libheif, with its irot/imir
//         transformations applied (they are part of the HEIF image, unlike
//         EXIF orientation); alpha ignored.
//
// Example:
//
//   vigil::DecodeOptions options;
//   options.format = vigil::PixelFormat::kLuma8;
//   options.jpeg_min_side = 512;
//   vigil::Result<vigil::Image> image = vigil::DecodeImage(bytes, options);
//   if (!image.ok()) return image.status();  // e.g. "corrupt_input: jpeg: ..."
//
// Thread-safety: DecodeImage(), DecodeImageInto() (each thread with its own
// Image) and DefaultImageDecoder() may be called concurrently from any
// number of threads; no decoder keeps state between calls or changes
// process-wide library settings, and none writes to stdout/stderr or exits.

#ifndef VIGIL_IMAGE_H_
#define VIGIL_IMAGE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "vigil/export.h"
#include "vigil/media_type.h"
#include "vigil/result.h"

namespace vigil {

// Limits applied to every decode. A decode that would exceed one fails with
// kLimitExceeded before the pixel buffer (or any buffer of that size) is
// allocated: sizes are read from the format's header first.
struct ImageLimits {
  // Largest input accepted, in bytes. Default 256 MiB: far above any photo
  // (a 50 MP JPEG is ~30 MB) while bounding what one upload may cost.
  uint64_t max_file_bytes = uint64_t{256} << 20;
  // Largest width*height accepted. Default 200 million pixels (600 MB as
  // RGB8): above every camera sensor (a 200 MP phone sensor is
  // 16320x12240), below what would exhaust a worker's memory.
  uint64_t max_pixels = 200'000'000;
  // Largest width or height accepted. Default 65'500, libjpeg's
  // JPEG_MAX_DIMENSION: the largest side a JPEG may have, so no valid JPEG
  // is refused, and extreme aspect-ratio bombs of other formats are.
  uint32_t max_dimension = 65'500;
};

// Layout of the decoded pixels. Persisted in nothing, but kept stable.
enum class PixelFormat : uint8_t {
  // 3 bytes per pixel, R G B.
  kRgb8 = 1,
  // 1 byte per pixel, luma. What it holds depends on the source:
  //   - YCbCr and grey JPEGs: the Y channel exactly as libjpeg decodes it
  //     (JCS_GRAYSCALE output: no chroma upsampling nor colour conversion,
  //     much faster); RGB JPEGs: libjpeg's own RGB->grey conversion;
  //   - grey sources of the other formats: the grey value as stored
  //     (16-bit reduced as above; the formula below is exact for R=G=B);
  //   - everything else (CMYK JPEG, colour PNG/GIF/WebP/BMP/TIFF/HEIF):
  //     round(0.299 R + 0.587 G + 0.114 B) of the RGB8 decode above
  //     (fixed point, the same weights as PDQ and JPEG's Y).
  // Within 1-2 levels of the luma PDQ computes from the RGB decode.
  kLuma8 = 2,
};

// Bytes per pixel of `format` (3 or 1).
VIGIL_EXPORT int PixelFormatChannels(PixelFormat format);

struct DecodeOptions {
  // Limits checked before allocating. See ImageLimits.
  ImageLimits limits;
  // Output pixel layout. Default RGB8.
  PixelFormat format = PixelFormat::kRgb8;
  // 0 (default): decode JPEGs at full size. > 0: allow libjpeg to scale in
  // the DCT domain by 1/2, 1/4 or 1/8, choosing the strongest scale whose
  // output keeps both sides >= jpeg_min_side (full size when even 1/2 would
  // not). Other formats ignore it. Image::source_width/height report the
  // size before scaling.
  int jpeg_min_side = 0;
  // With format kLuma8: a JPEG with fewer pixels than this (as stored) is
  // decoded as with format kRgb8 and jpeg_min_side 0 (full-size RGB;
  // Image::format says which). 0 (default): every JPEG as asked. Other
  // formats ignore it.
  uint64_t jpeg_luma_min_pixels = 0;
  // Also return the opacity of each pixel (Image::alpha) when the file has
  // transparency. Default false. PNG only for now (alpha channel or tRNS);
  // the other formats leave Image::alpha empty.
  bool keep_alpha = false;
};

// A decoded image. Value type.
struct Image {
  int width = 0;   // of `pixels`
  int height = 0;  // of `pixels`
  PixelFormat format = PixelFormat::kRgb8;
  // width * height * PixelFormatChannels(format) bytes, interleaved, rows
  // tightly packed (stride = width * channels), top row first.
  std::vector<uint8_t> pixels;
  // With DecodeOptions::keep_alpha, for a file with transparency: the
  // opacity of each pixel, width * height bytes (255 = opaque), rows tightly
  // packed. Empty otherwise, and when every pixel is opaque. The colours in
  // `pixels` are as stored whatever the alpha (it is never applied).
  std::vector<uint8_t> alpha;
  // The sniffed format of the input.
  MediaType media_type = MediaType::kUnknown;
  // Size of the image as stored, before any DCT scaling. Equal to
  // width/height except for scaled JPEG decodes.
  int source_width = 0;
  int source_height = 0;
  // EXIF orientation tag, 1..8, from a JPEG APP1 Exif segment, a PNG eXIf
  // chunk, a WebP EXIF chunk or a TIFF Orientation tag; 0 when absent or
  // invalid. Reported only: the pixels are NOT rotated. 0 for HEIF (its
  // irot/imir boxes are applied instead) and for GIF and BMP.
  int exif_orientation = 0;
  // Number of frames when known cheaply: 1 for JPEG, PNG, BMP and still
  // WebP; the frame count of animated WebP and of GIF (counted by skipping
  // the compressed data, no decoding); the number of TIFF directories; the
  // number of top-level HEIF images. 0 when unknown.
  int frame_count_hint = 0;
  // OK when `pixels` show everything the file holds and the file is whole
  // up to its end; otherwise what they do not cover (the pixels are still
  // valid): a GIF cut or broken after its first frame, or without its
  // trailer (kCorruptInput); later pages of a multi-page TIFF, the frames of
  // an animated PNG, or more than one top-level HEIF image, which are not
  // decoded (kUnsupportedFormat). Content so described was not fully
  // checked and is never reported clean (see vigil/content_hasher.h).
  Status completeness;
};

// Decodes `bytes` (any supported image format, sniffed from its magic
// bytes) under `options`.
// Errors, each with a message prefixed by the format ("jpeg: ..."):
//   kUnsupportedFormat  unknown magic, a video container, or a recognised
//                       image kind this build cannot decode;
//   kCorruptInput       truncated or malformed data (libjpeg "premature end"
//                       warnings included: a truncated JPEG is an error, not
//                       a partly grey image);
//   kLimitExceeded      bytes, pixels or a side above options.limits.
VIGIL_EXPORT Result<Image> DecodeImage(std::span<const uint8_t> bytes,
                                       const DecodeOptions& options = {});

// Same as DecodeImage(), but decodes into `*image`, reusing the capacity of
// image->pixels: a worker that keeps one Image per thread avoids a fresh
// allocation (and its page faults) per picture. On error, *image has no
// pixels and width = height = 0. REQUIRES: image != nullptr.
VIGIL_EXPORT Status DecodeImageInto(std::span<const uint8_t> bytes,
                                    const DecodeOptions& options, Image* image);

// Injectable decoding, like leveldb's Env: the pipeline takes a
// `const ImageDecoder&` so tests can substitute a fake or an error injector.
// Implementations must be thread-safe: Decode() is called concurrently.
class VIGIL_EXPORT ImageDecoder {
 public:
  virtual ~ImageDecoder();
  // Same contract as DecodeImage().
  virtual Result<Image> Decode(std::span<const uint8_t> bytes,
                               const DecodeOptions& options) const = 0;
  // Same contract as DecodeImageInto(). The default calls Decode() and
  // moves the result; implementations may reuse image->pixels instead.
  virtual Status DecodeInto(std::span<const uint8_t> bytes,
                            const DecodeOptions& options, Image* image) const;
};

// The decoder backed by DecodeImage(). Stateless, never destroyed, safe to
// use from any thread.
VIGIL_EXPORT const ImageDecoder& DefaultImageDecoder();

// True when this build can decode `type` (for HEIC/AVIF this asks libheif
// whether an HEVC / AV1 decoder plugin is present).
VIGIL_EXPORT bool CanDecodeImage(MediaType type);

}  // namespace vigil

#endif  // VIGIL_IMAGE_H_
