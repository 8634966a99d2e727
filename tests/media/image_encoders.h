// Copyright 2026 The Vigil Authors.
//
// Encoders for benign synthetic test images, built on the same libraries
// the decoders use (libjpeg-turbo, libpng, libwebp, giflib, libtiff,
// libheif) plus a hand-written BMP writer. Shared by the media tests, the
// fuzz seed generator and the decode benchmark. Every function returns the
// encoded file bytes, or an empty vector if the library failed.

#ifndef VIGIL_TESTS_MEDIA_IMAGE_ENCODERS_H_
#define VIGIL_TESTS_MEDIA_IMAGE_ENCODERS_H_

#include <cstdint>
#include <span>
#include <vector>

namespace vigil::testing {

// A smooth, benign synthetic picture (gradients, discs, stripes) with
// `channels` interleaved 8-bit channels (1 grey, 3 RGB, 4 RGBA with a
// varying alpha). Deterministic for a given `seed`.
std::vector<uint8_t> MakePattern(int width, int height, int channels,
                                 uint32_t seed = 1);

struct JpegOptions {
  int quality = 90;
  bool progressive = false;
  bool arithmetic = false;
  // Chroma subsampling 4:2:0 (true) or 4:4:4 (false).
  bool subsample = true;
  // 0: none; 1..8: write an EXIF APP1 segment with this orientation.
  int exif_orientation = 0;
  // Restart interval in MCU rows (0: none).
  int restart_rows = 0;
};

// `channels`: 1 grey, 3 RGB (stored YCbCr), 4 CMYK (stored as Adobe
// inverted CMYK, as Photoshop writes it: the bytes given are written as
// is, so pass 255 - ink).
std::vector<uint8_t> EncodeJpeg(std::span<const uint8_t> pixels, int width,
                                int height, int channels,
                                const JpegOptions& options = {});

struct PngOptions {
  // PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA.
  int color_type = 2;
  int bit_depth = 8;
  bool interlaced = false;
  // For colour type 3: RGB triples; `trns` optional alpha per entry.
  std::vector<uint8_t> palette;
  std::vector<uint8_t> trns;
  int exif_orientation = 0;  // 0: no eXIf chunk
};

// `samples`: rows of the PNG's own sample layout (16-bit samples big
// endian, sub-byte depths packed), stride = ceil(width*bits/8).
std::vector<uint8_t> EncodePng(std::span<const uint8_t> samples, int width,
                               int height, const PngOptions& options);

// `channels` 3 or 4. lossless or lossy at `quality`.
std::vector<uint8_t> EncodeWebp(std::span<const uint8_t> pixels, int width,
                                int height, int channels, bool lossless,
                                float quality = 90);

// An animated WebP of `frames` (each width x height RGB, packed), shown
// `frame_ms` each, made with libwebp's WebPAnimEncoder. Empty on failure.
std::vector<uint8_t> EncodeWebpAnimation(
    const std::vector<std::vector<uint8_t>>& frames, int width, int height,
    int frame_ms, bool lossless);

struct GifOptions {
  int screen_width = 0;  // 0: the frame width
  int screen_height = 0;
  int left = 0;
  int top = 0;
  bool interlaced = false;
  int background = 0;
  int transparent_index = -1;  // writes a graphics control extension
  int extra_frames = 0;        // copies of the frame appended
  // When not empty (width*height indices): the appended frames show these
  // pixels instead of copies of the first.
  std::vector<uint8_t> later_frames;
  // When > 0: each frame is shown this many 1/100 s (a graphics control
  // extension).
  int delay_cs = 0;
};

// `indices`: width*height palette indices; `palette`: RGB triples (count a
// power of two, 2..256).
std::vector<uint8_t> EncodeGif(std::span<const uint8_t> indices, int width,
                               int height, std::span<const uint8_t> palette,
                               const GifOptions& options = {});

struct TiffOptions {
  int samples_per_pixel = 3;
  int bits_per_sample = 8;
  int photometric = 2;  // PHOTOMETRIC_RGB
  // For 4 or 2 samples: EXTRASAMPLE_ASSOCALPHA (1) or UNASSALPHA (2).
  int extra_sample = 2;
  int compression = 1;  // COMPRESSION_NONE; 5 LZW, 8 deflate
  int orientation = 0;  // 0: tag absent
  int rows_per_strip = 16;
  bool tiled = false;
  int pages = 1;  // identical pages
};

// `samples`: interleaved, native-endian for 16 bits.
std::vector<uint8_t> EncodeTiff(std::span<const uint8_t> samples, int width,
                                int height, const TiffOptions& options);

// `bpp` 24 or 32 (from RGB `pixels`) or 8 (from `pixels` as indices with a
// grey ramp palette). Bottom-up unless `top_down`.
std::vector<uint8_t> EncodeBmp(std::span<const uint8_t> pixels, int width,
                               int height, int bpp, bool top_down = false);

// HEIC (av1 = false) or AVIF (av1 = true) from RGB; empty if libheif has no
// encoder for it.
std::vector<uint8_t> EncodeHeif(std::span<const uint8_t> rgb, int width,
                                int height, bool av1, int quality = 90);

// Mean and max absolute difference of two equally sized buffers.
struct Diff {
  double mean = 0;
  int max = 0;
};
Diff CompareBytes(std::span<const uint8_t> a, std::span<const uint8_t> b);

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_MEDIA_IMAGE_ENCODERS_H_
