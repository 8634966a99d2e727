// Copyright 2026 The Vigil Authors.
//
// File: vigil/bars.h
// -----------------------------------------------------------------------------
// Detection of letterbox (top/bottom) and pillarbox (left/right) bars: the
// uniform bands an encoder or a re-upload adds around content. PDQ hashes
// the whole frame, so a copy with bars misses its original entirely (the
// vPDQ sample "pattern-sd-grey-bar" matches "pattern-hd-no-bar" at 0%);
// hashing the content inside the bars wins the match back.
//
//   vigil::BarDetection d = vigil::DetectBars(rgb, w, h, w * 3, {});
//   if (d.has_content && !d.crop.empty()) {
//     const uint8_t* inner = rgb.data() + d.crop.top * stride + 3 *
//     d.crop.left;
//     // hash d.crop.Width(w) x d.crop.Height(h) pixels at `inner`, `stride`
//   }
//
// A band counts as a bar when, from the edge inwards, every row (column) is
// uniform: nearly all its pixels lie within `max_deviation` luma levels of
// the colour of the outermost row (column), and that colour is dark (luma
// <= max_bar_luma: encoders pad with black). Bars are found only up to
// `max_side_share` of the side, and a frame that is uniform throughout (a
// fade to black) reports has_content = false rather than a crop. A light
// uniform border (a white wall at the frame's edge) is content, not a bar.
//
// With an alpha plane (a transparent PNG), a pixel that is not fully opaque
// is never part of a bar: a border added around clip art is opaque, while
// the art's transparent margin keeps whatever colour it was stored with
// (often black, the colour of the border) and belongs to the picture.
//
// A picture whose own edge is uniform in the bar's colour makes that bar
// look thicker than the border that was added (a dark sky above a black
// border). A border is usually as thick on opposite sides, so
// SymmetricCrop() gives the second guess a caller may hash as well.
//
// Thread-safety: pure functions.

#ifndef VIGIL_BARS_H_
#define VIGIL_BARS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "vigil/export.h"

namespace vigil {

// Pixels removed from each side. Value type; all zero means "no crop".
struct CropRect {
  int left = 0;
  int top = 0;
  int right = 0;
  int bottom = 0;

  bool empty() const {
    return left == 0 && top == 0 && right == 0 && bottom == 0;
  }
  // Size of the content of a width x height frame after this crop.
  int Width(int width) const { return width - left - right; }
  int Height(int height) const { return height - top - bottom; }
  // "left,top,right,bottom", as recorded in outputs.
  std::string ToString() const;

  friend bool operator==(const CropRect& a, const CropRect& b) = default;
};

struct BarOptions {
  // Luma levels a bar pixel may differ from the bar colour (compression
  // noise, the ringing of the edge). Default 24.
  int max_deviation = 24;
  // Share of a row (column) that must be within max_deviation for it to be
  // a bar row. Default 0.98: a few noisy pixels are tolerated.
  double min_uniform_share = 0.98;
  // Thickest bar per side, as a share of the frame's side. Default 0.40:
  // above the 34% pillars of a 9:16 video in a 16:9 frame.
  double max_side_share = 0.40;
  // Brightest bar colour (median luma of the outermost line). Default 40:
  // black padding (video black is luma 16, RGB 0) with compression noise.
  // 255 accepts bars of any colour.
  int max_bar_luma = 40;
  // Thinnest bar reported, in pixels; thinner bands are left (PDQ barely
  // notices them and they may be content). Default 4.
  int min_bar_pixels = 4;
};

struct BarDetection {
  // Bars found; empty when none.
  CropRect crop;
  // False when the frame is uniform (or nearly) everywhere: no content to
  // measure bars against. Such frames must not vote on a video's crop.
  bool has_content = true;
};

// Detects bars in 8-bit interleaved RGB (`height` rows of `width` pixels,
// row r at byte r * stride). Frames smaller than 16 pixels on a side are
// never cropped. REQUIRES: rgb holds (height - 1) * stride + 3 * width
// bytes (otherwise nothing is detected). `alpha` is empty (opaque) or
// holds width * height opacities, row r at byte r * width (255 = opaque;
// any other size is ignored).
VIGIL_EXPORT BarDetection DetectBars(std::span<const uint8_t> rgb, int width,
                                     int height, size_t stride,
                                     const BarOptions& options = {},
                                     std::span<const uint8_t> alpha = {});

// As DetectBars, for 8-bit luma (1 byte per pixel, e.g. a JPEG's Y plane).
VIGIL_EXPORT BarDetection DetectBarsInLuma(std::span<const uint8_t> luma,
                                           int width, int height, size_t stride,
                                           const BarOptions& options = {});

// `crop` with the bars of each axis evened out to the thinner of the two
// opposite ones (left = right = min(left, right), the same for top and
// bottom): the border that was added all round when the picture's own
// uniform edge made one side look thicker. Empty when that is empty or
// equal to `crop` (nothing else to try).
VIGIL_EXPORT CropRect SymmetricCrop(const CropRect& crop);

// A band added on one side of a picture whose own opposite edge is
// uniform (a white band above a screenshot with a white margin at its
// foot) makes bars on both sides of that axis. When `crop` has bars on one
// axis only and they differ: the two crops that remove one of them each
// (top only, bottom only; or left only, right only), the thicker side's
// first. Otherwise none.
VIGIL_EXPORT std::vector<CropRect> OneSidedCrops(const CropRect& crop);

// The crop that is safe for all of `detections` (frames of one video): per
// side the thinnest bar among the detections with content. Empty when none
// has content.
VIGIL_EXPORT CropRect CombineBars(std::span<const BarDetection> detections);

}  // namespace vigil

#endif  // VIGIL_BARS_H_
