// Copyright 2026 The Vigil Authors.

#include "media/image_encoders.h"

// jpeglib.h needs size_t and FILE declared first.
#include <cstddef>
#include <cstdio>

#include <gif_lib.h>
#include <jpeglib.h>
#include <libheif/heif.h>
#include <png.h>
#include <tiffio.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstring>

namespace vigil::testing {
namespace {

std::vector<uint8_t> ExifBlob(int orientation, bool with_header) {
  std::vector<uint8_t> b;
  if (with_header) b = {'E', 'x', 'i', 'f', 0, 0};
  const uint8_t tiff[] = {'M',  'M',
                          0,    42,
                          0,    0,
                          0,    8,  // header, IFD at 8
                          0,    1,  // one entry
                          0x01, 0x12,
                          0,    3,
                          0,    0,
                          0,    1,  // Orientation SHORT 1
                          0,    static_cast<uint8_t>(orientation),
                          0,    0,
                          0,    0,
                          0,    0};  // no next IFD
  b.insert(b.end(), std::begin(tiff), std::end(tiff));
  return b;
}

struct JpegError {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
};

void JpegErrorExit(j_common_ptr cinfo) {
  std::longjmp(reinterpret_cast<JpegError*>(cinfo->err)->jump, 1);
}

void PngWrite(png_structp png, png_bytep data, size_t length) {
  auto* out = static_cast<std::vector<uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}
void PngFlush(png_structp) {}

}  // namespace

std::vector<uint8_t> MakePattern(int width, int height, int channels,
                                 uint32_t seed) {
  std::vector<uint8_t> out(size_t(width) * height * channels);
  const double s = 0.5 + (seed % 7) * 0.25;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      double u = double(x) / width, v = double(y) / height;
      double dx = u - 0.35, dy = v - 0.55;
      double disc = (dx * dx + dy * dy) < 0.04 ? 60 : 0;
      double r = 40 + 150 * u + disc;
      double g = 30 + 120 * v + 40 * std::sin(6.28 * s * u);
      double b = 60 + 80 * (1 - u) * v + ((int(x / 16 + y / 16) % 2) ? 25 : 0);
      uint8_t* p = &out[(size_t(y) * width + x) * channels];
      auto clamp = [](double c) {
        return static_cast<uint8_t>(std::clamp(c, 0.0, 255.0));
      };
      if (channels == 1) {
        p[0] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
        continue;
      }
      p[0] = clamp(r);
      p[1] = clamp(g);
      p[2] = clamp(b);
      if (channels == 4) p[3] = clamp(255 * (1 - u * v));
    }
  }
  return out;
}

std::vector<uint8_t> EncodeJpeg(std::span<const uint8_t> pixels, int width,
                                int height, int channels,
                                const JpegOptions& options) {
  jpeg_compress_struct cinfo;
  JpegError err;
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = JpegErrorExit;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  if (setjmp(err.jump)) {
    jpeg_destroy_compress(&cinfo);
    std::free(buffer);
    return {};
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = static_cast<JDIMENSION>(width);
  cinfo.image_height = static_cast<JDIMENSION>(height);
  cinfo.input_components = channels;
  cinfo.in_color_space = channels == 1   ? JCS_GRAYSCALE
                         : channels == 4 ? JCS_CMYK
                                         : JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, options.quality, TRUE);
  if (options.progressive) jpeg_simple_progression(&cinfo);
  if (options.arithmetic) cinfo.arith_code = TRUE;
  if (options.restart_rows > 0) cinfo.restart_in_rows = options.restart_rows;
  if (channels == 3 && !options.subsample) {
    cinfo.comp_info[0].h_samp_factor = 1;
    cinfo.comp_info[0].v_samp_factor = 1;
  }
  jpeg_start_compress(&cinfo, TRUE);
  if (options.exif_orientation > 0) {
    std::vector<uint8_t> exif = ExifBlob(options.exif_orientation, true);
    jpeg_write_marker(&cinfo, JPEG_APP0 + 1, exif.data(),
                      static_cast<unsigned int>(exif.size()));
  }
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<uint8_t*>(
        pixels.data() + size_t(cinfo.next_scanline) * width * channels);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::vector<uint8_t> out(buffer, buffer + size);
  jpeg_destroy_compress(&cinfo);
  std::free(buffer);
  return out;
}

std::vector<uint8_t> EncodePng(std::span<const uint8_t> samples, int width,
                               int height, const PngOptions& options) {
  std::vector<uint8_t> out;
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return {};
  }
  png_set_write_fn(png, &out, PngWrite, PngFlush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width),
               static_cast<png_uint_32>(height), options.bit_depth,
               options.color_type,
               options.interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  std::vector<png_color> palette;
  if (options.color_type == PNG_COLOR_TYPE_PALETTE) {
    for (size_t i = 0; i + 2 < options.palette.size(); i += 3) {
      palette.push_back(
          {options.palette[i], options.palette[i + 1], options.palette[i + 2]});
    }
    png_set_PLTE(png, info, palette.data(), static_cast<int>(palette.size()));
    if (!options.trns.empty()) {
      png_set_tRNS(png, info, options.trns.data(),
                   static_cast<int>(options.trns.size()), nullptr);
    }
  }
  std::vector<uint8_t> exif;
  if (options.exif_orientation > 0) {
    exif = ExifBlob(options.exif_orientation, false);
    png_set_eXIf_1(png, info, static_cast<png_uint_32>(exif.size()),
                   exif.data());
  }
  png_write_info(png, info);
  int channels = (options.color_type == 2)   ? 3
                 : (options.color_type == 4) ? 2
                 : (options.color_type == 6) ? 4
                                             : 1;
  size_t stride = (size_t(width) * channels * options.bit_depth + 7) / 8;
  std::vector<png_bytep> rows(height);
  for (int y = 0; y < height; ++y) {
    rows[y] = const_cast<uint8_t*>(samples.data() + stride * y);
  }
  png_write_image(png, rows.data());
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return out;
}

std::vector<uint8_t> EncodeWebp(std::span<const uint8_t> pixels, int width,
                                int height, int channels, bool lossless,
                                float quality) {
  uint8_t* output = nullptr;
  size_t size = 0;
  const int stride = width * channels;
  if (channels == 4) {
    size = lossless ? WebPEncodeLosslessRGBA(pixels.data(), width, height,
                                             stride, &output)
                    : WebPEncodeRGBA(pixels.data(), width, height, stride,
                                     quality, &output);
  } else {
    size = lossless ? WebPEncodeLosslessRGB(pixels.data(), width, height,
                                            stride, &output)
                    : WebPEncodeRGB(pixels.data(), width, height, stride,
                                    quality, &output);
  }
  std::vector<uint8_t> out(output, output + size);
  WebPFree(output);
  return out;
}

std::vector<uint8_t> EncodeWebpAnimation(
    const std::vector<std::vector<uint8_t>>& frames, int width, int height,
    int frame_ms, bool lossless) {
  WebPAnimEncoderOptions options;
  WebPConfig config;
  WebPPicture picture;
  if (!WebPAnimEncoderOptionsInit(&options) || !WebPConfigInit(&config) ||
      !WebPPictureInit(&picture)) {
    return {};
  }
  config.lossless = lossless ? 1 : 0;
  config.quality = lossless ? 10 : 75;
  WebPAnimEncoder* encoder = WebPAnimEncoderNew(width, height, &options);
  if (encoder == nullptr) return {};
  picture.width = width;
  picture.height = height;
  picture.use_argb = 1;
  bool ok = true;
  int timestamp = 0;
  for (const std::vector<uint8_t>& rgb : frames) {
    ok = ok && WebPPictureImportRGB(&picture, rgb.data(), width * 3) &&
         WebPAnimEncoderAdd(encoder, &picture, timestamp, &config);
    WebPPictureFree(&picture);
    timestamp += frame_ms;
  }
  ok = ok && WebPAnimEncoderAdd(encoder, nullptr, timestamp, nullptr);
  WebPData data;
  WebPDataInit(&data);
  ok = ok && WebPAnimEncoderAssemble(encoder, &data);
  std::vector<uint8_t> out;
  if (ok) out.assign(data.bytes, data.bytes + data.size);
  WebPDataClear(&data);
  WebPAnimEncoderDelete(encoder);
  return out;
}

namespace {
int GifWrite(GifFileType* gif, const GifByteType* data, int length) {
  auto* out = static_cast<std::vector<uint8_t>*>(gif->UserData);
  out->insert(out->end(), data, data + length);
  return length;
}
}  // namespace

std::vector<uint8_t> EncodeGif(std::span<const uint8_t> indices, int width,
                               int height, std::span<const uint8_t> palette,
                               const GifOptions& options) {
  std::vector<uint8_t> out;
  int error = 0;
  GifFileType* gif = EGifOpen(&out, GifWrite, &error);
  if (gif == nullptr) return {};
  EGifSetGifVersion(gif, true);
  int colors = static_cast<int>(palette.size() / 3);
  ColorMapObject* map = GifMakeMapObject(colors, nullptr);
  for (int i = 0; i < colors; ++i) {
    map->Colors[i] = {palette[3 * i], palette[3 * i + 1], palette[3 * i + 2]};
  }
  int sw = options.screen_width > 0 ? options.screen_width : width;
  int sh = options.screen_height > 0 ? options.screen_height : height;
  bool ok =
      EGifPutScreenDesc(gif, sw, sh, 8, options.background, map) != GIF_ERROR;
  for (int frame = 0; ok && frame <= options.extra_frames; ++frame) {
    if (options.transparent_index >= 0 || options.delay_cs > 0) {
      const bool transparent = options.transparent_index >= 0;
      GifByteType gce[4] = {
          static_cast<GifByteType>(transparent ? 1 : 0),
          static_cast<GifByteType>(options.delay_cs & 0xff),
          static_cast<GifByteType>((options.delay_cs >> 8) & 0xff),
          static_cast<GifByteType>(transparent ? options.transparent_index
                                               : 0)};
      ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, gce) != GIF_ERROR;
    }
    const uint8_t* pixels =
        frame > 0 && options.later_frames.size() == indices.size()
            ? options.later_frames.data()
            : indices.data();
    ok = ok && EGifPutImageDesc(gif, options.left, options.top, width, height,
                                options.interlaced, nullptr) != GIF_ERROR;
    std::vector<int> order;
    if (options.interlaced) {
      const int start[] = {0, 4, 2, 1}, step[] = {8, 8, 4, 2};
      for (int p = 0; p < 4; ++p) {
        for (int y = start[p]; y < height; y += step[p]) order.push_back(y);
      }
    } else {
      for (int y = 0; y < height; ++y) order.push_back(y);
    }
    for (int y : order) {
      if (!ok) break;
      ok = EGifPutLine(gif,
                       const_cast<GifPixelType*>(pixels + size_t(y) * width),
                       width) != GIF_ERROR;
    }
  }
  GifFreeMapObject(map);
  EGifCloseFile(gif, &error);
  return ok ? out : std::vector<uint8_t>{};
}

namespace {
struct TiffSink {
  std::vector<uint8_t> data;
  uint64_t pos = 0;
};
tmsize_t TRead(thandle_t h, void* buf, tmsize_t n) {
  auto* s = static_cast<TiffSink*>(h);
  uint64_t count = std::min<uint64_t>(
      n, s->data.size() - std::min<uint64_t>(s->pos, s->data.size()));
  std::memcpy(buf, s->data.data() + s->pos, count);
  s->pos += count;
  return static_cast<tmsize_t>(count);
}
tmsize_t TWrite(thandle_t h, void* buf, tmsize_t n) {
  auto* s = static_cast<TiffSink*>(h);
  if (s->pos + n > s->data.size()) s->data.resize(s->pos + n);
  std::memcpy(s->data.data() + s->pos, buf, n);
  s->pos += n;
  return n;
}
toff_t TSeek(thandle_t h, toff_t off, int whence) {
  auto* s = static_cast<TiffSink*>(h);
  s->pos = (whence == SEEK_CUR   ? s->pos
            : whence == SEEK_END ? s->data.size()
                                 : 0) +
           off;
  return s->pos;
}
int TClose(thandle_t) { return 0; }
toff_t TSize(thandle_t h) { return static_cast<TiffSink*>(h)->data.size(); }
int TMap(thandle_t, void**, toff_t*) { return 0; }
void TUnmap(thandle_t, void*, toff_t) {}
}  // namespace

std::vector<uint8_t> EncodeTiff(std::span<const uint8_t> samples, int width,
                                int height, const TiffOptions& o) {
  TiffSink sink;
  TIFF* tif = TIFFClientOpen("mem", "wm", &sink, TRead, TWrite, TSeek, TClose,
                             TSize, TMap, TUnmap);
  if (tif == nullptr) return {};
  const size_t bytes_per_pixel =
      size_t(o.samples_per_pixel) * o.bits_per_sample / 8;
  bool ok = true;
  for (int page = 0; ok && page < o.pages; ++page) {
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, uint32_t(width));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, uint32_t(height));
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, uint16_t(o.samples_per_pixel));
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, uint16_t(o.bits_per_sample));
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, uint16_t(o.photometric));
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, uint16_t(o.compression));
    if (o.photometric == PHOTOMETRIC_SEPARATED) {
      TIFFSetField(tif, TIFFTAG_INKSET, INKSET_CMYK);
    }
    int base = o.photometric == PHOTOMETRIC_RGB         ? 3
               : o.photometric == PHOTOMETRIC_SEPARATED ? 4
                                                        : 1;
    if (o.samples_per_pixel > base) {
      uint16_t extra = uint16_t(o.extra_sample);
      TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, &extra);
    }
    if (o.orientation > 0) {
      TIFFSetField(tif, TIFFTAG_ORIENTATION, uint16_t(o.orientation));
    }
    if (o.tiled) {
      TIFFSetField(tif, TIFFTAG_TILEWIDTH, 16u);
      TIFFSetField(tif, TIFFTAG_TILELENGTH, 16u);
      std::vector<uint8_t> tile(16 * 16 * bytes_per_pixel);
      for (int ty = 0; ok && ty < height; ty += 16) {
        for (int tx = 0; ok && tx < width; tx += 16) {
          std::fill(tile.begin(), tile.end(), 0);
          for (int y = 0; y < 16 && ty + y < height; ++y) {
            for (int x = 0; x < 16 && tx + x < width; ++x) {
              std::memcpy(
                  &tile[(size_t(y) * 16 + x) * bytes_per_pixel],
                  &samples[(size_t(ty + y) * width + tx + x) * bytes_per_pixel],
                  bytes_per_pixel);
            }
          }
          ok = TIFFWriteTile(tif, tile.data(), uint32_t(tx), uint32_t(ty), 0,
                             0) >= 0;
        }
      }
    } else {
      TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, uint32_t(o.rows_per_strip));
      for (int y = 0; ok && y < height; ++y) {
        ok = TIFFWriteScanline(
                 tif,
                 const_cast<uint8_t*>(samples.data() +
                                      size_t(y) * width * bytes_per_pixel),
                 uint32_t(y), 0) >= 0;
      }
    }
    ok = ok && TIFFWriteDirectory(tif);
  }
  TIFFClose(tif);
  return ok ? sink.data : std::vector<uint8_t>{};
}

std::vector<uint8_t> EncodeBmp(std::span<const uint8_t> pixels, int width,
                               int height, int bpp, bool top_down) {
  const size_t stride = ((size_t(width) * bpp + 31) / 32) * 4;
  const size_t palette_bytes = bpp == 8 ? 256 * 4 : 0;
  const size_t offset = 14 + 40 + palette_bytes;
  std::vector<uint8_t> out(offset + stride * height, 0);
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) out[at + i] = uint8_t(v >> (8 * i));
  };
  out[0] = 'B';
  out[1] = 'M';
  put32(2, uint32_t(out.size()));
  put32(10, uint32_t(offset));
  put32(14, 40);
  put32(18, uint32_t(width));
  put32(22, uint32_t(top_down ? -height : height));
  out[26] = 1;
  out[28] = uint8_t(bpp);
  if (bpp == 8) {
    for (int i = 0; i < 256; ++i) {
      out[54 + 4 * i] = out[55 + 4 * i] = out[56 + 4 * i] = uint8_t(i);
    }
  }
  for (int y = 0; y < height; ++y) {
    int file_row = top_down ? y : height - 1 - y;
    uint8_t* dst = &out[offset + stride * file_row];
    for (int x = 0; x < width; ++x) {
      if (bpp == 8) {
        dst[x] = pixels[size_t(y) * width + x];
        continue;
      }
      const uint8_t* p = &pixels[(size_t(y) * width + x) * 3];
      uint8_t* q = dst + x * (bpp / 8);
      q[0] = p[2];
      q[1] = p[1];
      q[2] = p[0];
      if (bpp == 32) q[3] = 0;  // alpha/unused, must be ignored
    }
  }
  return out;
}

namespace {
heif_error HeifWrite(heif_context*, const void* data, size_t size, void* user) {
  auto* out = static_cast<std::vector<uint8_t>*>(user);
  const auto* p = static_cast<const uint8_t*>(data);
  out->insert(out->end(), p, p + size);
  return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
}
}  // namespace

std::vector<uint8_t> EncodeHeif(std::span<const uint8_t> rgb, int width,
                                int height, bool av1, int quality) {
  std::vector<uint8_t> out;
  heif_context* ctx = heif_context_alloc();
  heif_encoder* encoder = nullptr;
  heif_image* image = nullptr;
  heif_error err = heif_context_get_encoder_for_format(
      ctx, av1 ? heif_compression_AV1 : heif_compression_HEVC, &encoder);
  bool ok = err.code == heif_error_Ok;
  if (ok) {
    heif_encoder_set_lossy_quality(encoder, quality);
    ok = heif_image_create(width, height, heif_colorspace_RGB,
                           heif_chroma_interleaved_RGB, &image)
             .code == heif_error_Ok;
  }
  if (ok) {
    ok = heif_image_add_plane(image, heif_channel_interleaved, width, height, 8)
             .code == heif_error_Ok;
  }
  if (ok) {
    int stride = 0;
    uint8_t* plane =
        heif_image_get_plane(image, heif_channel_interleaved, &stride);
    for (int y = 0; y < height; ++y) {
      std::memcpy(plane + size_t(y) * stride, &rgb[size_t(y) * width * 3],
                  size_t(width) * 3);
    }
    ok =
        heif_context_encode_image(ctx, image, encoder, nullptr, nullptr).code ==
        heif_error_Ok;
  }
  if (ok) {
    heif_writer writer{1, HeifWrite};
    ok = heif_context_write(ctx, &writer, &out).code == heif_error_Ok;
  }
  if (image != nullptr) heif_image_release(image);
  if (encoder != nullptr) heif_encoder_release(encoder);
  heif_context_free(ctx);
  return ok ? out : std::vector<uint8_t>{};
}

Diff CompareBytes(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  Diff d;
  if (a.size() != b.size() || a.empty()) {
    d.max = 256;
    return d;
  }
  uint64_t sum = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int diff = std::abs(int(a[i]) - int(b[i]));
    sum += diff;
    d.max = std::max(d.max, diff);
  }
  d.mean = double(sum) / a.size();
  return d;
}

}  // namespace vigil::testing
