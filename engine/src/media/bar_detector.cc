// Copyright 2026 The Vigil Authors.
//
// Letterbox / pillarbox detection. Works on luma (the same weights as PDQ)
// since bars are told from content by brightness, and a bar colour with
// equal luma but different hue is not something encoders produce.

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "vigil/bars.h"

namespace vigil {
namespace {

constexpr int kMinSide = 16;

// Luma of an RGB pixel, round(0.299 R + 0.587 G + 0.114 B), fixed point.
inline int Luma(const uint8_t* p) {
  return static_cast<int>(
      (19595u * p[0] + 38470u * p[1] + 7471u * p[2] + 32768u) >> 16);
}

// Luma read for a pixel that is not fully opaque: never a bar colour.
constexpr int kTransparent = -1;

// Reads one line of pixels (a row or a column) as luma, from RGB or from
// 8-bit luma (`bpp` 3 or 1); pixels that `alpha` (empty, or one opacity
// per pixel, `width` per row) says are not opaque read as kTransparent.
class LineReader {
 public:
  LineReader(std::span<const uint8_t> rgb, int width, int height, size_t stride,
             size_t bpp, std::span<const uint8_t> alpha)
      : rgb_(rgb),
        alpha_(alpha),
        width_(width),
        height_(height),
        stride_(stride),
        bpp_(bpp) {}

  // Luma of row `r` (horizontal = true) or column `c` into `out`.
  void Read(bool horizontal, int index, std::vector<int>* out) const {
    const int n = horizontal ? width_ : height_;
    out->resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      const size_t row =
          horizontal ? static_cast<size_t>(index) : static_cast<size_t>(i);
      const size_t col =
          horizontal ? static_cast<size_t>(i) : static_cast<size_t>(index);
      const uint8_t* p = rgb_.data() + row * stride_ + bpp_ * col;
      int v = bpp_ == 3 ? Luma(p) : *p;
      if (!alpha_.empty() &&
          alpha_[row * static_cast<size_t>(width_) + col] != 255) {
        v = kTransparent;
      }
      (*out)[static_cast<size_t>(i)] = v;
    }
  }

 private:
  std::span<const uint8_t> rgb_;
  std::span<const uint8_t> alpha_;
  int width_;
  int height_;
  size_t stride_;
  size_t bpp_;
};

// Median luma of the opaque values; kTransparent when there are none.
int Median(const std::vector<int>& values) {
  std::array<int, 256> histogram{};
  size_t opaque = 0;
  for (int v : values) {
    if (v == kTransparent) continue;
    ++histogram[static_cast<size_t>(v)];
    ++opaque;
  }
  if (opaque == 0) return kTransparent;
  const size_t half = opaque / 2;
  size_t seen = 0;
  for (int v = 0; v < 256; ++v) {
    seen += static_cast<size_t>(histogram[static_cast<size_t>(v)]);
    if (seen > half) return v;
  }
  return 255;
}

// Number of lines from one edge inwards that are uniform in the colour of
// the outermost line. `lines` is the count of lines on that axis; `first`
// and `step` walk from the edge (0, +1) or (lines - 1, -1).
struct Band {
  int thickness = 0;
  int luma = 0;  // median luma of the outermost line
};

Band BandThickness(const LineReader& reader, bool horizontal, int lines,
                   int first, int step, const BarOptions& options) {
  std::vector<int> luma;
  reader.Read(horizontal, first, &luma);
  const int bar = Median(luma);
  if (bar == kTransparent) return Band{0, 0};
  const size_t allowed_outliers = static_cast<size_t>(
      (1.0 - options.min_uniform_share) * static_cast<double>(luma.size()));
  int thickness = 0;
  for (int i = 0; i < lines; ++i) {
    reader.Read(horizontal, first + step * i, &luma);
    size_t outliers = 0;
    for (int v : luma) {
      if (v == kTransparent || v > bar + options.max_deviation ||
          v < bar - options.max_deviation) {
        if (++outliers > allowed_outliers) break;
      }
    }
    if (outliers > allowed_outliers) break;
    ++thickness;
  }
  return Band{thickness, bar};
}

}  // namespace

std::string CropRect::ToString() const {
  return std::to_string(left) + "," + std::to_string(top) + "," +
         std::to_string(right) + "," + std::to_string(bottom);
}

namespace {

BarDetection Detect(std::span<const uint8_t> pixels, int width, int height,
                    size_t stride, size_t bpp, const BarOptions& options,
                    std::span<const uint8_t> alpha) {
  BarDetection result;
  if (width < kMinSide || height < kMinSide ||
      stride < static_cast<size_t>(width) * bpp ||
      pixels.size() < static_cast<size_t>(height - 1) * stride +
                          static_cast<size_t>(width) * bpp) {
    return result;
  }
  if (alpha.size() !=
      static_cast<size_t>(width) * static_cast<size_t>(height)) {
    alpha = {};
  }
  const LineReader reader(pixels, width, height, stride, bpp, alpha);
  const Band top = BandThickness(reader, true, height, 0, 1, options);
  if (top.thickness >= height) {
    result.has_content = false;  // uniform throughout
    return result;
  }
  const Band bottom =
      BandThickness(reader, true, height, height - 1, -1, options);
  const Band left = BandThickness(reader, false, width, 0, 1, options);
  const Band right =
      BandThickness(reader, false, width, width - 1, -1, options);
  auto keep = [&](const Band& band, int side) {
    if (band.luma > options.max_bar_luma) return 0;
    if (band.thickness < options.min_bar_pixels) return 0;
    if (band.thickness > options.max_side_share * side) return 0;
    return band.thickness;
  };
  result.crop.top = keep(top, height);
  result.crop.bottom = keep(bottom, height);
  result.crop.left = keep(left, width);
  result.crop.right = keep(right, width);
  return result;
}

}  // namespace

BarDetection DetectBars(std::span<const uint8_t> rgb, int width, int height,
                        size_t stride, const BarOptions& options,
                        std::span<const uint8_t> alpha) {
  return Detect(rgb, width, height, stride, 3, options, alpha);
}

BarDetection DetectBarsInLuma(std::span<const uint8_t> luma, int width,
                              int height, size_t stride,
                              const BarOptions& options) {
  return Detect(luma, width, height, stride, 1, options, {});
}

CropRect SymmetricCrop(const CropRect& crop) {
  const int x = std::min(crop.left, crop.right);
  const int y = std::min(crop.top, crop.bottom);
  const CropRect even{x, y, x, y};
  return even == crop ? CropRect{} : even;
}

std::vector<CropRect> OneSidedCrops(const CropRect& crop) {
  const bool rows = crop.top != 0 || crop.bottom != 0;
  const bool columns = crop.left != 0 || crop.right != 0;
  if (rows == columns) return {};  // no bars, or bars on both axes
  CropRect first, second;
  if (rows) {
    // One bar (already one-sided), or a border as thick on both sides.
    if (crop.top == 0 || crop.bottom == 0 || crop.top == crop.bottom) {
      return {};
    }
    first.top = second.top = crop.top;
    first.bottom = second.bottom = crop.bottom;
    (crop.top > crop.bottom ? first.bottom : first.top) = 0;
    (crop.top > crop.bottom ? second.top : second.bottom) = 0;
  } else {
    if (crop.left == 0 || crop.right == 0 || crop.left == crop.right) {
      return {};
    }
    first.left = second.left = crop.left;
    first.right = second.right = crop.right;
    (crop.left > crop.right ? first.right : first.left) = 0;
    (crop.left > crop.right ? second.left : second.right) = 0;
  }
  return {first, second};
}

CropRect CombineBars(std::span<const BarDetection> detections) {
  CropRect combined;
  bool any = false;
  for (const BarDetection& d : detections) {
    if (!d.has_content) continue;
    if (!any) {
      combined = d.crop;
      any = true;
      continue;
    }
    combined.left = std::min(combined.left, d.crop.left);
    combined.top = std::min(combined.top, d.crop.top);
    combined.right = std::min(combined.right, d.crop.right);
    combined.bottom = std::min(combined.bottom, d.crop.bottom);
  }
  return any ? combined : CropRect{};
}

}  // namespace vigil
