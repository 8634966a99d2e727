// Copyright 2026 The Vigil Authors.

#include "seed_corpus.h"

#include <tiffio.h>

#include "media/image_encoders.h"

namespace vigil::fuzz {

using namespace ::vigil::testing;  // NOLINT: the encoders

std::vector<Seed> MakeSeeds() {
  std::vector<Seed> seeds;
  const std::vector<uint8_t> rgb = MakePattern(24, 16, 3);
  const std::vector<uint8_t> rgba = MakePattern(24, 16, 4);
  const std::vector<uint8_t> grey = MakePattern(24, 16, 1);
  auto add = [&](const char* target, const char* name,
                 std::vector<uint8_t> bytes) {
    if (!bytes.empty()) seeds.push_back({target, name, std::move(bytes)});
  };

  JpegOptions jo;
  add("jpeg", "baseline.jpg", EncodeJpeg(rgb, 24, 16, 3, jo));
  jo.progressive = true;
  add("jpeg", "progressive.jpg", EncodeJpeg(rgb, 24, 16, 3, jo));
  jo = {};
  jo.arithmetic = true;
  add("jpeg", "arithmetic.jpg", EncodeJpeg(rgb, 24, 16, 3, jo));
  jo = {};
  jo.restart_rows = 1;
  jo.exif_orientation = 6;
  jo.subsample = false;
  add("jpeg", "restart-exif-444.jpg", EncodeJpeg(rgb, 24, 16, 3, jo));
  add("jpeg", "grey.jpg", EncodeJpeg(grey, 24, 16, 1));
  std::vector<uint8_t> cmyk;
  for (size_t i = 0; i < rgba.size(); i += 4) {
    cmyk.insert(cmyk.end(), {rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]});
  }
  add("jpeg", "cmyk.jpg", EncodeJpeg(cmyk, 24, 16, 4));

  add("png", "rgb.png", EncodePng(rgb, 24, 16, {}));
  PngOptions po;
  po.interlaced = true;
  po.exif_orientation = 3;
  add("png", "interlaced-exif.png", EncodePng(rgb, 24, 16, po));
  po = {};
  po.color_type = 6;
  add("png", "rgba.png", EncodePng(rgba, 24, 16, po));
  po = {};
  po.color_type = 0;
  add("png", "grey.png", EncodePng(grey, 24, 16, po));
  po = {};
  po.color_type = 3;
  po.palette = {0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255};
  po.trns = {0};
  std::vector<uint8_t> idx(24 * 16);
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = uint8_t(i % 4);
  add("png", "palette.png", EncodePng(idx, 24, 16, po));
  po = {};
  po.bit_depth = 16;
  std::vector<uint8_t> rgb16;
  for (uint8_t v : rgb) rgb16.insert(rgb16.end(), {v, uint8_t(v ^ 0x5A)});
  add("png", "rgb16.png", EncodePng(rgb16, 24, 16, po));

  add("webp", "lossy.webp", EncodeWebp(rgb, 24, 16, 3, false));
  add("webp", "lossless.webp", EncodeWebp(rgb, 24, 16, 3, true));
  add("webp", "lossy-alpha.webp", EncodeWebp(rgba, 24, 16, 4, false));
  add("webp", "lossless-alpha.webp", EncodeWebp(rgba, 24, 16, 4, true));
  {
    std::vector<std::vector<uint8_t>> frames;
    for (uint8_t shift : {0, 40, 80}) {
      std::vector<uint8_t> f = rgb;
      for (uint8_t& v : f) v = static_cast<uint8_t>(v + shift);
      frames.push_back(std::move(f));
    }
    add("webp_anim", "lossy.webp",
        EncodeWebpAnimation(frames, 24, 16, 100, false));
    add("webp_anim", "lossless.webp",
        EncodeWebpAnimation(frames, 24, 16, 50, true));
  }

  const std::vector<uint8_t> palette = {0, 0,   0, 255, 0, 0,
                                        0, 255, 0, 0,   0, 255};
  add("gif", "plain.gif", EncodeGif(idx, 24, 16, palette));
  GifOptions go;
  go.interlaced = true;
  go.transparent_index = 2;
  go.extra_frames = 2;
  add("gif", "interlaced-animated.gif", EncodeGif(idx, 24, 16, palette, go));
  go = {};
  go.screen_width = 30;
  go.screen_height = 20;
  go.left = 3;
  go.top = 2;
  add("gif", "offset.gif", EncodeGif(idx, 24, 16, palette, go));

  add("bmp", "rgb24.bmp", EncodeBmp(rgb, 24, 16, 24));
  add("bmp", "rgb32-topdown.bmp", EncodeBmp(rgb, 24, 16, 32, true));
  add("bmp", "grey8.bmp", EncodeBmp(grey, 24, 16, 8));

  add("tiff", "rgb.tif", EncodeTiff(rgb, 24, 16, {}));
  TiffOptions to;
  to.compression = COMPRESSION_LZW;
  to.tiled = true;
  to.orientation = 6;
  add("tiff", "lzw-tiled.tif", EncodeTiff(rgb, 24, 16, to));
  to = {};
  to.samples_per_pixel = 4;
  to.compression = COMPRESSION_ADOBE_DEFLATE;
  add("tiff", "rgba-deflate.tif", EncodeTiff(rgba, 24, 16, to));
  to = {};
  to.samples_per_pixel = 1;
  to.photometric = PHOTOMETRIC_MINISBLACK;
  to.pages = 2;
  add("tiff", "grey-2pages.tif", EncodeTiff(grey, 24, 16, to));
  to = {};
  to.samples_per_pixel = 4;
  to.photometric = PHOTOMETRIC_SEPARATED;
  add("tiff", "cmyk.tif", EncodeTiff(cmyk, 24, 16, to));

  add("heif", "image.heic", EncodeHeif(rgb, 24, 16, false, 50));
  add("heif", "image.avif", EncodeHeif(rgb, 24, 16, true, 50));

  const uint8_t exif[] = {'E', 'x', 'i', 'f', 0, 0,    'M',  'M', 0, 42, 0,
                          0,   0,   8,   0,   1, 0x01, 0x12, 0,   3, 0,  0,
                          0,   1,   0,   6,   0, 0,    0,    0,   0, 0};
  add("exif", "orientation6.exif",
      std::vector<uint8_t>(std::begin(exif), std::end(exif)));
  return seeds;
}

}  // namespace vigil::fuzz
