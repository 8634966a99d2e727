// Copyright 2026 The Vigil Authors.
//
// JPEG through libjpeg-turbo's jpeglib API.
//
// Errors: libjpeg reports fatal errors through error_exit, which must not
// return; ours longjmps back to the decoder (never exit(), never prints).
// Warnings come through emit_message(-1): the ones that mean lost data
// (premature end of file or of a data segment, bad Huffman/arithmetic code,
// lost restart sync) also longjmp and become kCorruptInput, so a truncated
// JPEG is an error instead of an image with a grey bottom; cosmetic ones
// (extraneous bytes before a marker, unknown JFIF revision, odd Adobe
// transform code, bad ICC marker, progression quirks) are tolerated, as
// every viewer does.
//
// longjmp and C++: the functions that call setjmp hold no objects with
// destructors, and the jump only skips libjpeg's C frames. Buffers are
// allocated by the caller between the two setjmp phases (header, then
// pixels), so nothing leaks on a jump.

// jpeglib.h uses size_t and FILE without including their headers.
#include <cstddef>
#include <cstdio>

#include <jerror.h>
#include <jpeglib.h>

#include <algorithm>
#include <csetjmp>
#include <cstring>
#include <string>
#include <vector>

#include "media/internal/decoders.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

// A progressive JPEG can hold thousands of tiny scans, each rescanning the
// whole coefficient buffer: a cheap CPU bomb. libjpeg-turbo 3's TurboJPEG
// API refuses more than 500 scans; we use the same limit.
constexpr int kMaxScans = 500;

struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  StatusCode code;  // what the last error means
};

struct Decompressor {
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  jpeg_progress_mgr progress;
  bool created = false;

  ~Decompressor() {
    if (created) jpeg_destroy_decompress(&cinfo);
  }
};

void FormatMessage(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  char buffer[JMSG_LENGTH_MAX];
  cinfo->err->format_message(cinfo, buffer);
  const char* text = buffer;
  constexpr char kPrefix[] = "Corrupt JPEG data: ";
  if (std::strncmp(text, kPrefix, sizeof(kPrefix) - 1) == 0) {
    text += sizeof(kPrefix) - 1;
  }
  std::snprintf(err->message, sizeof(err->message), "%s", text);
  if (err->message[0] >= 'A' && err->message[0] <= 'Z') {
    err->message[0] = static_cast<char>(err->message[0] - 'A' + 'a');
  }
  switch (cinfo->err->msg_code) {
    case JERR_BAD_PRECISION:  // 12-bit JPEG, not in this build
    case JERR_NOT_COMPILED:
      err->code = StatusCode::kUnsupportedFormat;
      break;
    case JERR_IMAGE_TOO_BIG:  // libjpeg's own 65500-pixel side limit
      err->code = StatusCode::kLimitExceeded;
      break;
    default:
      err->code = StatusCode::kCorruptInput;
  }
}

[[noreturn]] void ErrorExit(j_common_ptr cinfo) {
  FormatMessage(cinfo);
  std::longjmp(reinterpret_cast<ErrorManager*>(cinfo->err)->jump, 1);
}

void EmitMessage(j_common_ptr cinfo, int msg_level) {
  if (msg_level >= 0) return;  // trace messages
  switch (cinfo->err->msg_code) {
    case JWRN_EXTRANEOUS_DATA:
    case JWRN_JFIF_MAJOR:
    case JWRN_ADOBE_XFORM:
    case JWRN_BOGUS_ICC:
    case JWRN_BOGUS_PROGRESSION:
    case JWRN_NOT_SEQUENTIAL:
      ++cinfo->err->num_warnings;
      return;
    default:
      ErrorExit(cinfo);
  }
}

void OutputMessage(j_common_ptr) {}

void ProgressMonitor(j_common_ptr cinfo) {
  auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
  if (d->input_scan_number > kMaxScans) {
    auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
    std::snprintf(err->message, sizeof(err->message),
                  "more than %d scans in a progressive JPEG", kMaxScans);
    err->code = StatusCode::kCorruptInput;
    std::longjmp(err->jump, 2);
  }
}

Status JumpStatus(const Decompressor& d) {
  std::string message = std::string("jpeg: ") + d.err.message;
  return Status(d.err.code, message);
}

// Phase 1: header, EXIF, output parameters. No locals with destructors.
bool ReadHeader(Decompressor* d, Bytes bytes) {
  if (setjmp(d->err.jump)) return false;
  jpeg_create_decompress(&d->cinfo);
  d->created = true;
  d->cinfo.progress = &d->progress;
  jpeg_mem_src(&d->cinfo, bytes.data(),
               static_cast<unsigned long>(bytes.size()));
  jpeg_save_markers(&d->cinfo, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(&d->cinfo, TRUE);
  return true;
}

// Phase 1b, after the limits passed: output colour space and scale.
bool SetUpOutput(Decompressor* d, const DecodeOptions& options, int denom) {
  if (setjmp(d->err.jump)) return false;
  jpeg_decompress_struct& c = d->cinfo;
  bool cmyk = c.jpeg_color_space == JCS_CMYK || c.jpeg_color_space == JCS_YCCK;
  if (cmyk) {
    c.out_color_space = JCS_CMYK;
  } else if (options.format == PixelFormat::kLuma8) {
    c.out_color_space = JCS_GRAYSCALE;
  } else {
    c.out_color_space = JCS_RGB;
  }
  c.scale_num = 1;
  c.scale_denom = static_cast<unsigned int>(denom);
  jpeg_calc_output_dimensions(&c);
  return true;
}

// Phase 2: the pixels, into `image` (already sized) with `row` as scratch
// for CMYK rows.
bool ReadPixels(Decompressor* d, PixelFormat format, uint8_t* pixels,
                uint8_t* row) {
  if (setjmp(d->err.jump)) return false;
  jpeg_decompress_struct& c = d->cinfo;
  jpeg_start_decompress(&c);
  const size_t out_channels = format == PixelFormat::kRgb8 ? 3 : 1;
  const size_t stride = size_t{c.output_width} * out_channels;
  const bool cmyk = c.out_color_space == JCS_CMYK;
  while (c.output_scanline < c.output_height) {
    uint8_t* dst = pixels + stride * c.output_scanline;
    if (!cmyk) {
      // Several rows per call, straight into the output, as TurboJPEG does.
      JSAMPROW rows[16];
      JDIMENSION n =
          std::min<JDIMENSION>(16, c.output_height - c.output_scanline);
      for (JDIMENSION i = 0; i < n; ++i) rows[i] = dst + stride * i;
      jpeg_read_scanlines(&c, rows, n);
      continue;
    }
    JSAMPROW rows[1] = {row};
    jpeg_read_scanlines(&c, rows, 1);
    // Adobe CMYK is stored inverted (0 = full ink), so the stored values
    // are already 255 - C etc.: R = (255 - C)(255 - K) / 255 in ink terms.
    for (JDIMENSION x = 0; x < c.output_width; ++x) {
      const uint8_t* p = row + 4 * size_t{x};
      uint32_t k = p[3];
      dst = PutPixel(dst, format, static_cast<uint8_t>((p[0] * k + 127) / 255),
                     static_cast<uint8_t>((p[1] * k + 127) / 255),
                     static_cast<uint8_t>((p[2] * k + 127) / 255));
    }
  }
  jpeg_finish_decompress(&c);
  return true;
}

int ChooseDenominator(uint64_t width, uint64_t height, int min_side) {
  if (min_side <= 0) return 1;
  for (int denom : {8, 4, 2}) {
    uint64_t w = (width + denom - 1) / denom;
    uint64_t h = (height + denom - 1) / denom;
    if (w >= static_cast<uint64_t>(min_side) &&
        h >= static_cast<uint64_t>(min_side)) {
      return denom;
    }
  }
  return 1;
}

}  // namespace

Status DecodeJpeg(Bytes bytes, const DecodeOptions& options, Image* image_out) {
  if (bytes.size() < 3 || bytes[0] != 0xFF || bytes[1] != 0xD8) {
    return CorruptInputError("jpeg: missing SOI marker");
  }
  Decompressor d;
  d.cinfo.err = jpeg_std_error(&d.err.pub);
  d.err.pub.error_exit = ErrorExit;
  d.err.pub.emit_message = EmitMessage;
  d.err.pub.output_message = OutputMessage;
  d.err.message[0] = '\0';
  d.err.code = StatusCode::kCorruptInput;
  d.progress.progress_monitor = ProgressMonitor;
  if (!ReadHeader(&d, bytes)) return JumpStatus(d);

  jpeg_decompress_struct& c = d.cinfo;
  VIGIL_RETURN_IF_ERROR(
      CheckDimensions("jpeg", c.image_width, c.image_height, options.limits));
  Image& image = *image_out;
  image.media_type = MediaType::kJpeg;
  image.frame_count_hint = 1;
  image.source_width = static_cast<int>(c.image_width);
  image.source_height = static_cast<int>(c.image_height);
  for (jpeg_saved_marker_ptr m = c.marker_list; m != nullptr; m = m->next) {
    if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 &&
        std::memcmp(m->data, "Exif\0\0", 6) == 0) {
      image.exif_orientation =
          ParseExifOrientation(Bytes(m->data, m->data_length));
      break;
    }
  }

  DecodeOptions output = options;
  if (output.format == PixelFormat::kLuma8 &&
      uint64_t{c.image_width} * c.image_height < options.jpeg_luma_min_pixels) {
    output.format = PixelFormat::kRgb8;
    output.jpeg_min_side = 0;
  }
  int denom =
      ChooseDenominator(c.image_width, c.image_height, output.jpeg_min_side);
  if (!SetUpOutput(&d, output, denom)) return JumpStatus(d);
  VIGIL_RETURN_IF_ERROR(AllocateImage("jpeg", static_cast<int>(c.output_width),
                                      static_cast<int>(c.output_height),
                                      output.format, &image));
  std::vector<uint8_t> row;
  if (c.out_color_space == JCS_CMYK) row.resize(size_t{c.output_width} * 4);
  if (!ReadPixels(&d, output.format, image.pixels.data(), row.data())) {
    return JumpStatus(d);
  }
  return Status::OK();
}

}  // namespace vigil::internal
