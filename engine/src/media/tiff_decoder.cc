// Copyright 2026 The Vigil Authors.
//
// TIFF through libtiff 4.5, read from memory with TIFFClientOpenExt. Errors
// and warnings go to per-handle handlers (TIFFOpenOptions), which record the
// first error and stop libtiff from calling its global, stderr-printing
// handlers; nothing process-wide is changed, so concurrent decodes (and a
// host application's own libtiff handlers) are unaffected.
//
// Pixels come from libtiff's RGBA interface, which handles every
// photometric interpretation and compression libtiff knows. Two adjustments
// keep the stored pixels: the orientation tag is not applied (both the
// file's and the requested orientation are set to top-left), and for
// unassociated alpha our own put routine copies R, G, B unchanged where
// libtiff would premultiply them by alpha.

#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "media/internal/decoders.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

struct MemFile {
  const uint8_t* data;
  uint64_t size;
  uint64_t pos;
  char error[256];
  bool has_error;
};

tmsize_t ReadProc(thandle_t h, void* buffer, tmsize_t n) {
  auto* f = static_cast<MemFile*>(h);
  if (n <= 0 || f->pos >= f->size) return 0;
  uint64_t count =
      std::min<uint64_t>(static_cast<uint64_t>(n), f->size - f->pos);
  std::memcpy(buffer, f->data + f->pos, count);
  f->pos += count;
  return static_cast<tmsize_t>(count);
}

tmsize_t WriteProc(thandle_t, void*, tmsize_t) { return 0; }

toff_t SeekProc(thandle_t h, toff_t offset, int whence) {
  auto* f = static_cast<MemFile*>(h);
  uint64_t base = whence == SEEK_CUR   ? f->pos
                  : whence == SEEK_END ? f->size
                                       : 0;
  if (offset > UINT64_MAX - base) return static_cast<toff_t>(-1);
  f->pos = base + offset;
  return f->pos;
}

int CloseProc(thandle_t) { return 0; }
toff_t SizeProc(thandle_t h) { return static_cast<MemFile*>(h)->size; }
// libtiff maps files read-only (PROT_READ) itself and never writes through
// the mapping, so the caller's const buffer can serve as the mapping. (It
// also avoids libtiff 4.5's non-mapped path, which rejects uncompressed
// tiles whose rounded-up read buffer differs from the tile size.)
int MapProc(thandle_t h, void** base, toff_t* size) {
  auto* f = static_cast<MemFile*>(h);
  *base = const_cast<uint8_t*>(f->data);
  *size = f->size;
  return 1;
}
void UnmapProc(thandle_t, void*, toff_t) {}

int ErrorHandler(TIFF*, void* user, const char*, const char* fmt,
                 va_list args) {
  auto* f = static_cast<MemFile*>(user);
  if (!f->has_error) {
    std::vsnprintf(f->error, sizeof(f->error), fmt, args);
    f->has_error = true;
  }
  return 1;  // handled: libtiff must not call its global handler
}

int WarningHandler(TIFF*, void*, const char*, const char*, va_list) {
  return 1;
}

struct TiffCloser {
  void operator()(TIFF* t) const { TIFFClose(t); }
};
struct OptionsDeleter {
  void operator()(TIFFOpenOptions* o) const { TIFFOpenOptionsFree(o); }
};

// R, G, B as stored, alpha dropped (libtiff would premultiply unassociated
// alpha). The layout of the arguments is that of libtiff's own put routines:
// `w` x `h` pixels, skews in pixels between rows.
void PutContig8(TIFFRGBAImage* img, uint32_t* cp, uint32_t, uint32_t,
                uint32_t w, uint32_t h, int32_t fromskew, int32_t toskew,
                unsigned char* pp) {
  const int samples = img->samplesperpixel;
  for (; h > 0; --h) {
    for (uint32_t x = 0; x < w; ++x, pp += samples) {
      *cp++ = uint32_t{pp[0]} | (uint32_t{pp[1]} << 8) |
              (uint32_t{pp[2]} << 16) | 0xFF000000u;
    }
    cp += toskew;
    pp += fromskew * samples;
  }
}

void PutContig16(TIFFRGBAImage* img, uint32_t* cp, uint32_t, uint32_t,
                 uint32_t w, uint32_t h, int32_t fromskew, int32_t toskew,
                 unsigned char* pp) {
  const int samples = img->samplesperpixel;
  const uint16_t* wp = reinterpret_cast<const uint16_t*>(pp);
  for (; h > 0; --h) {
    for (uint32_t x = 0; x < w; ++x, wp += samples) {
      *cp++ = uint32_t{Scale16To8(wp[0])} | (uint32_t{Scale16To8(wp[1])} << 8) |
              (uint32_t{Scale16To8(wp[2])} << 16) | 0xFF000000u;
    }
    cp += toskew;
    wp += fromskew * samples;
  }
}

void PutSeparate8(TIFFRGBAImage*, uint32_t* cp, uint32_t, uint32_t, uint32_t w,
                  uint32_t h, int32_t fromskew, int32_t toskew,
                  unsigned char* r, unsigned char* g, unsigned char* b,
                  unsigned char*) {
  for (; h > 0; --h) {
    for (uint32_t x = 0; x < w; ++x) {
      *cp++ = uint32_t{*r++} | (uint32_t{*g++} << 8) | (uint32_t{*b++} << 16) |
              0xFF000000u;
    }
    cp += toskew;
    r += fromskew;
    g += fromskew;
    b += fromskew;
  }
}

}  // namespace

Status DecodeTiff(Bytes bytes, const DecodeOptions& options, Image* image_out) {
  MemFile file{bytes.data(), bytes.size(), 0, {0}, false};
  std::unique_ptr<TIFFOpenOptions, OptionsDeleter> open_options(
      TIFFOpenOptionsAlloc());
  if (open_options == nullptr) return InternalError("tiff: out of memory");
  TIFFOpenOptionsSetErrorHandlerExtR(open_options.get(), ErrorHandler, &file);
  TIFFOpenOptionsSetWarningHandlerExtR(open_options.get(), WarningHandler,
                                       &file);
  // No single libtiff allocation (strip or tile buffer) above this.
  const uint64_t max_alloc = std::clamp<uint64_t>(
      options.limits.max_pixels * 8, uint64_t{64} << 20, uint64_t{2} << 30);
  TIFFOpenOptionsSetMaxSingleMemAlloc(open_options.get(),
                                      static_cast<tmsize_t>(max_alloc));
  auto fail = [&file](const char* what) {
    return CorruptInputError(std::string("tiff: ") +
                             (file.has_error ? file.error : what));
  };
  std::unique_ptr<TIFF, TiffCloser> tif(TIFFClientOpenExt(
      "tiff", "r", &file, ReadProc, WriteProc, SeekProc, CloseProc, SizeProc,
      MapProc, UnmapProc, open_options.get()));
  if (tif == nullptr) return fail("cannot open");

  uint32_t width = 0, height = 0;
  if (!TIFFGetField(tif.get(), TIFFTAG_IMAGEWIDTH, &width) ||
      !TIFFGetField(tif.get(), TIFFTAG_IMAGELENGTH, &height)) {
    return fail("missing image size");
  }
  VIGIL_RETURN_IF_ERROR(CheckDimensions("tiff", width, height, options.limits));
  Image& image = *image_out;
  image.media_type = MediaType::kTiff;
  uint16_t orientation = 0;
  if (TIFFGetField(tif.get(), TIFFTAG_ORIENTATION, &orientation) &&
      orientation >= 1 && orientation <= 8) {
    image.exif_orientation = orientation;
  }
  // Counting walks the IFD chain. A broken link after the first page means
  // pages may be missing: the first page does not stand for the file.
  const bool had_error = file.has_error;
  image.frame_count_hint = static_cast<int>(TIFFNumberOfDirectories(tif.get()));
  if (file.has_error && !had_error) {
    image.completeness = CorruptInputError(
        std::string("tiff: broken page chain after the first page (") +
        file.error + "): not every page could be checked");
  } else if (image.frame_count_hint > 1) {
    // Only the first page is decoded: the others are not checked.
    image.completeness = UnsupportedFormatError(
        "tiff: " + std::to_string(image.frame_count_hint) +
        " pages; only the first is decoded, so not every page was checked");
  }
  file.has_error = false;

  char message[1024] = {0};
  if (!TIFFRGBAImageOK(tif.get(), message)) {
    return UnsupportedFormatError(std::string("tiff: ") + message);
  }
  TIFFRGBAImage rgba;
  if (!TIFFRGBAImageBegin(&rgba, tif.get(), 1, message)) {
    return CorruptInputError(std::string("tiff: ") + message);
  }
  rgba.orientation = ORIENTATION_TOPLEFT;
  rgba.req_orientation = ORIENTATION_TOPLEFT;
  if (rgba.alpha == EXTRASAMPLE_UNASSALPHA &&
      rgba.photometric == PHOTOMETRIC_RGB && rgba.samplesperpixel >= 4) {
    if (rgba.isContig && rgba.bitspersample == 8) {
      rgba.put.contig = PutContig8;
    } else if (rgba.isContig && rgba.bitspersample == 16) {
      rgba.put.contig = PutContig16;
    } else if (!rgba.isContig && rgba.bitspersample == 8) {
      rgba.put.separate = PutSeparate8;
    }
  }
  std::vector<uint32_t> raster;
  Status allocated =
      AllocateImage("tiff", static_cast<int>(width), static_cast<int>(height),
                    options.format, &image);
  if (allocated.ok()) {
    try {
      raster.resize(size_t{width} * height);
    } catch (const std::bad_alloc&) {
      allocated = LimitExceededError("tiff: cannot allocate the raster");
    }
  }
  if (!allocated.ok()) {
    TIFFRGBAImageEnd(&rgba);
    return allocated;
  }
  int ok = TIFFRGBAImageGet(&rgba, raster.data(), width, height);
  TIFFRGBAImageEnd(&rgba);
  if (!ok || file.has_error) return fail("cannot read the image data");
  uint8_t* out = image.pixels.data();
  for (uint32_t v : raster) {
    out = PutPixel(out, options.format, static_cast<uint8_t>(v),
                   static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16));
  }
  return Status::OK();
}

}  // namespace vigil::internal
