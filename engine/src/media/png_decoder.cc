// Copyright 2026 The Vigil Authors.
//
// PNG through libpng 1.6. Errors longjmp back through png_jmpbuf (our
// error function records the message first; nothing is printed), warnings
// are dropped. Ancillary chunks we do not use (text, ICC profiles, sPLT)
// are skipped unread so their zlib streams cannot be used as decompression
// bombs; the rest are bounded by png_set_chunk_malloc_max. The image is read
// up to IEND, so a truncated file is kCorruptInput. An animated PNG (APNG)
// decodes as its default image, marked incomplete (Image::completeness).

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "media/internal/decoders.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

// Largest ancillary chunk (after decompression) libpng may allocate.
constexpr png_alloc_size_t kMaxChunkBytes = 8u << 20;

struct Reader {
  const uint8_t* data;
  size_t size;
  size_t pos;
  char message[256];
};

void ReadData(png_structp png, png_bytep out, size_t length) {
  auto* r = static_cast<Reader*>(png_get_io_ptr(png));
  if (length > r->size - r->pos) png_error(png, "premature end of data");
  if (length == 0) return;
  std::memcpy(out, r->data + r->pos, length);
  r->pos += length;
}

void ErrorFn(png_structp png, png_const_charp message) {
  auto* r = static_cast<Reader*>(png_get_error_ptr(png));
  std::snprintf(r->message, sizeof(r->message), "%s",
                message != nullptr ? message : "error");
  png_longjmp(png, 1);
}

void WarningFn(png_structp, png_const_charp) {}

struct PngHandle {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~PngHandle() {
    if (png != nullptr) png_destroy_read_struct(&png, &info, nullptr);
  }
};

// Phase 1: signature, chunks up to the first IDAT.
bool ReadInfo(PngHandle* h) {
  if (setjmp(png_jmpbuf(h->png))) return false;
  png_set_user_limits(h->png, 0x7fffffff, 0x7fffffff);  // we check ourselves
  png_set_chunk_malloc_max(h->png, kMaxChunkBytes);
  png_set_chunk_cache_max(h->png, 1000);
  static const png_byte kSkipped[] = {
      'i', 'C', 'C', 'P', 0,   'i', 'T', 'X', 't', 0,   's', 'P', 'L',
      'T', 0,   't', 'E', 'X', 't', 0,   'z', 'T', 'X', 't', 0};
  png_set_keep_unknown_chunks(h->png, PNG_HANDLE_CHUNK_NEVER, kSkipped, 5);
  png_set_keep_unknown_chunks(h->png, PNG_HANDLE_CHUNK_NEVER, nullptr, 0);
  png_read_info(h->png, h->info);
  return true;
}

// Phase 1b: transformations to 8-bit RGB or grey, alpha stripped unless
// `keep_alpha` (then a last channel of alpha, tRNS made into one).
bool SetTransforms(PngHandle* h, bool want_grey, bool keep_alpha, int* channels,
                   int* passes) {
  if (setjmp(png_jmpbuf(h->png))) return false;
  png_structp png = h->png;
  int color_type = png_get_color_type(png, h->info);
  int bit_depth = png_get_bit_depth(png, h->info);
  if (bit_depth == 16) png_set_scale_16(png);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) {
    png_set_expand_gray_1_2_4_to_8(png);
  }
  if (keep_alpha) {
    if (png_get_valid(png, h->info, PNG_INFO_tRNS) != 0) {
      png_set_tRNS_to_alpha(png);
    }
  } else {
    // Also drops the alpha that palette expansion makes from a tRNS chunk.
    png_set_strip_alpha(png);
  }
  bool grey = (color_type & PNG_COLOR_MASK_COLOR) == 0;
  if (grey && !want_grey) png_set_gray_to_rgb(png);
  *passes = png_set_interlace_handling(png);
  png_read_update_info(png, h->info);
  *channels = png_get_channels(png, h->info);
  return true;
}

// Phase 2: all rows, then the chunks up to IEND.
bool ReadRows(PngHandle* h, png_bytepp rows) {
  if (setjmp(png_jmpbuf(h->png))) return false;
  png_read_image(h->png, rows);
  png_read_end(h->png, h->info);
  return true;
}

// Whether an acTL chunk comes before the first IDAT: an animated PNG
// (APNG), whose later frames (fcTL/fdAT chunks) libpng skips as unknown
// chunks. Walks the chunk headers only; a malformed chain stops the walk
// (libpng then reports the damage).
bool IsAnimatedPng(Bytes bytes) {
  size_t pos = 8;
  while (bytes.size() - pos >= 12) {
    const uint8_t* c = bytes.data() + pos;
    const uint64_t length = (uint64_t{c[0]} << 24) | (uint64_t{c[1]} << 16) |
                            (uint64_t{c[2]} << 8) | uint64_t{c[3]};
    if (std::memcmp(c + 4, "acTL", 4) == 0) return true;
    if (std::memcmp(c + 4, "IDAT", 4) == 0) return false;
    if (length > bytes.size() - pos - 12) return false;
    pos += 12 + static_cast<size_t>(length);
  }
  return false;
}

}  // namespace

Status DecodePng(Bytes bytes, const DecodeOptions& options, Image* image_out) {
  if (bytes.size() < 8 || png_sig_cmp(bytes.data(), 0, 8) != 0) {
    return CorruptInputError("png: bad signature");
  }
  Reader reader{bytes.data(), bytes.size(), 0, {0}};
  PngHandle h;
  h.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader, ErrorFn,
                                 WarningFn);
  if (h.png == nullptr) return InternalError("png: cannot create reader");
  h.info = png_create_info_struct(h.png);
  if (h.info == nullptr) return InternalError("png: cannot create info");
  png_set_read_fn(h.png, &reader, ReadData);
  auto fail = [&reader]() {
    return CorruptInputError(std::string("png: ") + reader.message);
  };
  if (!ReadInfo(&h)) return fail();

  png_uint_32 width = png_get_image_width(h.png, h.info);
  png_uint_32 height = png_get_image_height(h.png, h.info);
  VIGIL_RETURN_IF_ERROR(CheckDimensions("png", width, height, options.limits));
  const bool want_grey = options.format == PixelFormat::kLuma8;
  const bool keep_alpha =
      options.keep_alpha &&
      ((png_get_color_type(h.png, h.info) & PNG_COLOR_MASK_ALPHA) != 0 ||
       png_get_valid(h.png, h.info, PNG_INFO_tRNS) != 0);
  int channels = 0;
  int passes = 0;
  if (!SetTransforms(&h, want_grey, keep_alpha, &channels, &passes)) {
    return fail();
  }
  if (channels != (keep_alpha ? 2 : 1) && channels != (keep_alpha ? 4 : 3)) {
    return InternalError("png: unexpected channel count " +
                         std::to_string(channels));
  }
  const int colour_channels = keep_alpha ? channels - 1 : channels;
  Image& image = *image_out;
  image.media_type = MediaType::kPng;
  image.frame_count_hint = 1;
  if (IsAnimatedPng(bytes)) {
    // Only the default image is decoded: the frames are not checked.
    image.completeness = UnsupportedFormatError(
        "png: an animated PNG (APNG); only its default image is decoded, so "
        "not every frame was checked");
  }
  // Colour decoded for a luma output goes through an RGB scratch buffer,
  // and pixels with alpha through one that holds the alpha too.
  const bool convert = want_grey && colour_channels == 3;
  const size_t count = size_t{width} * height;
  std::vector<uint8_t> rgb;
  std::vector<uint8_t> with_alpha;
  VIGIL_RETURN_IF_ERROR(AllocateImage("png", static_cast<int>(width),
                                      static_cast<int>(height), options.format,
                                      &image));
  uint8_t* target = image.pixels.data();
  try {
    if (convert) {
      rgb.resize(count * 3);
      target = rgb.data();
    }
    if (keep_alpha) {
      with_alpha.resize(count * static_cast<size_t>(channels));
      image.alpha.resize(count);
    }
  } catch (const std::bad_alloc&) {
    return LimitExceededError("png: cannot allocate the scratch buffers");
  }
  uint8_t* rows_target = keep_alpha ? with_alpha.data() : target;
  std::vector<png_bytep> rows(height);
  for (png_uint_32 y = 0; y < height; ++y) {
    rows[y] = rows_target + size_t{y} * width * static_cast<size_t>(channels);
  }
  if (!ReadRows(&h, rows.data())) return fail();
  if (keep_alpha) {
    // Splits colour and alpha; an image opaque throughout keeps no alpha.
    bool opaque = true;
    const size_t cc = static_cast<size_t>(colour_channels);
    for (size_t i = 0; i < count; ++i) {
      const uint8_t* p = with_alpha.data() + i * (cc + 1);
      std::memcpy(target + i * cc, p, cc);
      image.alpha[i] = p[cc];
      opaque = opaque && p[cc] == 255;
    }
    if (opaque) std::vector<uint8_t>().swap(image.alpha);
  }
  if (convert) RgbToLuma(rgb.data(), count, image.pixels.data());

  png_uint_32 exif_length = 0;
  png_bytep exif = nullptr;
  if (png_get_eXIf_1(h.png, h.info, &exif_length, &exif) != 0 &&
      exif != nullptr) {
    image.exif_orientation = ParseExifOrientation(Bytes(exif, exif_length));
  }
  return Status::OK();
}

}  // namespace vigil::internal
