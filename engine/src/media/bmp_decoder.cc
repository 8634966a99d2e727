// Copyright 2026 The Vigil Authors.
//
// BMP, decoded by hand (no library does it safely and small enough):
// Windows BITMAPINFOHEADER and its V2-V5 extensions, OS/2 1.x and 2.x
// headers; 1/4/8-bit palette, 16/24/32-bit direct colour with default or
// BI_BITFIELDS masks, RLE8 and RLE4. Every read is bounds-checked against
// the input; the pixel array must be complete (a truncated BMP is
// kCorruptInput). Alpha is ignored. Pixels an RLE stream skips take
// palette index 0.

#include <algorithm>
#include <bit>
#include <string>
#include <vector>

#include "media/internal/decoders.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

constexpr uint32_t kBiRgb = 0, kBiRle8 = 1, kBiRle4 = 2, kBiBitfields = 3,
                   kBiAlphaBitfields = 6;

uint32_t Le16(Bytes b, size_t at) {
  return uint32_t{b[at]} | (uint32_t{b[at + 1]} << 8);
}
uint32_t Le32(Bytes b, size_t at) {
  return Le16(b, at) | (Le16(b, at + 2) << 16);
}

struct Channel {
  uint32_t mask = 0;
  int shift = 0;
  uint32_t max = 0;
  void Set(uint32_t m) {
    mask = m;
    shift = m == 0 ? 0 : std::countr_zero(m);
    max = m == 0 ? 0 : (m >> shift);
  }
  uint8_t Get(uint32_t v) const {
    if (max == 0) return 0;
    uint64_t x = (v & mask) >> shift;
    return static_cast<uint8_t>((x * 255 + max / 2) / max);
  }
};

Status Corrupt(const std::string& what) {
  return CorruptInputError("bmp: " + what);
}

// Expands an RLE8/RLE4 stream into one palette index per pixel, rows in
// file order (bottom-up).
Status DecodeRle(Bytes data, bool rle4, uint32_t width, uint32_t height,
                 std::vector<uint8_t>* indices) {
  size_t pos = 0;
  uint32_t x = 0, y = 0;
  auto put = [&](uint8_t v) {
    if (x < width && y < height) (*indices)[size_t(y) * width + x] = v;
    ++x;
  };
  while (y < height) {
    if (pos + 2 > data.size()) return Corrupt("premature end of RLE data");
    uint8_t count = data[pos], value = data[pos + 1];
    pos += 2;
    if (count > 0) {
      // Pixels past the row end are dropped without a per-pixel loop, so a
      // long stream of runs cannot cost more than the image size.
      int visible = x < width
                        ? static_cast<int>(std::min<uint32_t>(count, width - x))
                        : 0;
      for (int i = 0; i < visible; ++i) {
        put(rle4 ? ((i & 1) ? (value & 0x0F) : (value >> 4)) : value);
      }
      x += count - visible;
      continue;
    }
    if (value == 0) {  // end of line
      x = 0;
      ++y;
    } else if (value == 1) {  // end of bitmap
      return Status::OK();
    } else if (value == 2) {  // delta
      if (pos + 2 > data.size()) return Corrupt("premature end of RLE data");
      x += data[pos];
      y += data[pos + 1];
      pos += 2;
    } else {  // absolute run of `value` pixels, padded to 16 bits
      size_t n = rle4 ? (value + 1u) / 2 : value;
      if (pos + n > data.size()) return Corrupt("premature end of RLE data");
      for (int i = 0; i < value; ++i) {
        uint8_t b = data[pos + (rle4 ? size_t(i) / 2 : size_t(i))];
        put(rle4 ? ((i & 1) ? (b & 0x0F) : (b >> 4)) : b);
      }
      pos += n + (n & 1);
    }
  }
  return Status::OK();
}

}  // namespace

Status DecodeBmp(Bytes b, const DecodeOptions& options, Image* image_out) {
  if (b.size() < 18 || b[0] != 'B' || b[1] != 'M') {
    return Corrupt("bad signature");
  }
  const uint32_t pixel_offset = Le32(b, 10);
  const uint32_t dib = Le32(b, 14);
  if (dib != 12 && dib != 16 && dib < 40) {
    return Corrupt("unknown header size " + std::to_string(dib));
  }
  if (dib > 1024 || 14 + size_t{dib} > b.size()) {
    return Corrupt("premature end of header");
  }
  int64_t width, height;
  uint32_t bpp, compression = kBiRgb, colors_used = 0;
  size_t palette_entry = 4;
  if (dib == 12) {
    width = Le16(b, 18);
    height = Le16(b, 20);
    bpp = Le16(b, 24);
    palette_entry = 3;
  } else {
    width = static_cast<int32_t>(Le32(b, 18));
    height = static_cast<int32_t>(Le32(b, 22));
    bpp = Le16(b, 28);
    if (dib >= 40) {
      compression = Le32(b, 30);
      colors_used = Le32(b, 46);
    }
  }
  const bool top_down = height < 0;
  if (top_down) height = -height;
  if (width <= 0 || height <= 0) return Corrupt("empty image");
  VIGIL_RETURN_IF_ERROR(CheckDimensions("bmp", uint64_t(width),
                                        uint64_t(height), options.limits));
  const uint32_t w = static_cast<uint32_t>(width);
  const uint32_t h = static_cast<uint32_t>(height);

  size_t palette_at = 14 + size_t{dib};
  Channel red, green, blue;
  if (compression == kBiBitfields || compression == kBiAlphaBitfields) {
    if (bpp != 16 && bpp != 32) return Corrupt("bit fields need 16 or 32 bpp");
    size_t masks_at = 54;
    if (dib == 40) palette_at += compression == kBiBitfields ? 12 : 16;
    if (masks_at + 12 > b.size()) return Corrupt("premature end of masks");
    red.Set(Le32(b, masks_at));
    green.Set(Le32(b, masks_at + 4));
    blue.Set(Le32(b, masks_at + 8));
  } else if (compression == kBiRgb) {
    if (bpp == 16) {
      red.Set(0x7C00);
      green.Set(0x03E0);
      blue.Set(0x001F);
    } else if (bpp == 32) {
      red.Set(0xFF0000);
      green.Set(0xFF00);
      blue.Set(0xFF);
    }
  } else if (compression == kBiRle8) {
    if (bpp != 8) return Corrupt("RLE8 needs 8 bpp");
  } else if (compression == kBiRle4) {
    if (bpp != 4) return Corrupt("RLE4 needs 4 bpp");
  } else {
    return UnsupportedFormatError(
        "bmp: compression " + std::to_string(compression) +
        " (embedded JPEG/PNG, Huffman) not supported");
  }
  if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32) {
    return Corrupt("unsupported bit depth " + std::to_string(bpp));
  }
  if ((compression == kBiRle4 || compression == kBiRle8) && top_down) {
    return Corrupt("RLE bitmaps cannot be top-down");
  }

  // Palette, BGR(A) entries.
  std::vector<uint8_t> palette;  // RGB triples
  if (bpp <= 8) {
    size_t count = colors_used != 0 ? colors_used : (size_t{1} << bpp);
    count = std::min<size_t>(count, 256);
    if (palette_at > b.size()) return Corrupt("premature end of palette");
    count = std::min(count, (b.size() - palette_at) / palette_entry);
    if (count == 0) return Corrupt("missing palette");
    palette.resize(256 * 3, 0);
    for (size_t i = 0; i < count; ++i) {
      size_t at = palette_at + i * palette_entry;
      palette[3 * i] = b[at + 2];
      palette[3 * i + 1] = b[at + 1];
      palette[3 * i + 2] = b[at];
    }
  }
  if (pixel_offset >= b.size()) return Corrupt("premature end of data");
  Bytes data = b.subspan(pixel_offset);

  Image& image = *image_out;
  image.media_type = MediaType::kBmp;
  image.frame_count_hint = 1;
  std::vector<uint8_t> rle_indices;
  const uint64_t stride = ((uint64_t{w} * bpp + 31) / 32) * 4;
  if (compression == kBiRle4 || compression == kBiRle8) {
    try {
      rle_indices.assign(size_t{w} * h, 0);
    } catch (const std::bad_alloc&) {
      return LimitExceededError("bmp: cannot allocate the index buffer");
    }
    VIGIL_RETURN_IF_ERROR(
        DecodeRle(data, compression == kBiRle4, w, h, &rle_indices));
  } else if (stride * h > data.size()) {
    return Corrupt("premature end of pixel data");
  }
  VIGIL_RETURN_IF_ERROR(AllocateImage(
      "bmp", static_cast<int>(w), static_cast<int>(h), options.format, &image));
  const PixelFormat format = options.format;
  uint8_t* out = image.pixels.data();
  for (uint32_t row = 0; row < h; ++row) {
    // Output row `row` comes from file row `src_row`.
    const uint32_t src_row = top_down ? row : h - 1 - row;
    if (!rle_indices.empty()) {
      const uint8_t* idx = rle_indices.data() + size_t{src_row} * w;
      for (uint32_t x = 0; x < w; ++x) {
        const uint8_t* c = &palette[3 * size_t{idx[x]}];
        out = PutPixel(out, format, c[0], c[1], c[2]);
      }
      continue;
    }
    const uint8_t* p = data.data() + stride * src_row;
    for (uint32_t x = 0; x < w; ++x) {
      switch (bpp) {
        case 1:
        case 4:
        case 8: {
          uint32_t bit = x * bpp;
          uint32_t v = (p[bit / 8] >> (8 - bpp - bit % 8)) & ((1u << bpp) - 1);
          const uint8_t* c = &palette[3 * size_t{v}];
          out = PutPixel(out, format, c[0], c[1], c[2]);
          break;
        }
        case 16: {
          uint32_t v = uint32_t{p[2 * x]} | (uint32_t{p[2 * x + 1]} << 8);
          out = PutPixel(out, format, red.Get(v), green.Get(v), blue.Get(v));
          break;
        }
        case 24: {
          const uint8_t* q = p + 3 * size_t{x};
          out = PutPixel(out, format, q[2], q[1], q[0]);
          break;
        }
        default: {  // 32
          const uint8_t* q = p + 4 * size_t{x};
          uint32_t v = uint32_t{q[0]} | (uint32_t{q[1]} << 8) |
                       (uint32_t{q[2]} << 16) | (uint32_t{q[3]} << 24);
          out = PutPixel(out, format, red.Get(v), green.Get(v), blue.Get(v));
          break;
        }
      }
    }
  }
  return Status::OK();
}

}  // namespace vigil::internal
