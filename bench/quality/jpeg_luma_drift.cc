// Copyright 2026 The Vigil Authors.
//
// Why the default mode's PDQ hash of a JPEG differs from full mode's
// (issue #14): reads JPEG paths from stdin, one per line, and for every
// YCbCr JPEG compares full mode's hash (RGB decode, float luma) with the
// hash of three 8-bit luma planes at the size the default mode decodes:
//   y      the decoder's Y plane: what the default mode hashes;
//   clip   the Y plane with every pixel whose RGB clips (R, G or B of
//          Y + chroma outside 0..255) replaced by the rounded luma of the
//          RGB decode: what correcting the clipping would give;
//   round  the rounded luma of the RGB decode at every pixel: the best any
//          8-bit luma plane can do.
// Prints the distance histograms by the PDQ quality of the full-mode hash
// and the share of JPEGs with clipped pixels; --per-file adds a line per
// file. The chroma of a clipped pixel comes from libjpeg's own YCbCr
// output and its RGB from libjpeg's fixed-point formula (jdcolor.c); the
// tool counts the pixels where that formula disagrees with the RGB decode
// (0 expected).
//
//   awk -F'\t' '$4=="JPEG"{print $3}' CORPUS/MANIFEST.tsv |
//     build/release/bench/quality/jpeg_luma_drift [--min-side 1024]

// jpeglib.h uses size_t and FILE without including their headers.
#include <cstddef>
#include <cstdio>

#include <jpeglib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <csetjmp>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "vigil/image.h"
#include "vigil/pdq.h"

namespace {

using Bytes = std::vector<uint8_t>;

struct JumpError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
};

// Decodes `bytes` (a 3-component YCbCr JPEG) to `space` (JCS_RGB or
// JCS_YCbCr, 3 bytes per pixel) at 1/denom. False on any error or another
// colour space.
bool DecodeAs(const Bytes& bytes, J_COLOR_SPACE space, int denom, Bytes* out,
              int* width, int* height) {
  jpeg_decompress_struct c;
  JumpError err;
  c.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = [](j_common_ptr p) {
    std::longjmp(reinterpret_cast<JumpError*>(p->err)->jump, 1);
  };
  err.mgr.output_message = [](j_common_ptr) {};
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&c);
    return false;
  }
  jpeg_create_decompress(&c);
  jpeg_mem_src(&c, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&c, TRUE);
  if (c.jpeg_color_space != JCS_YCbCr || c.num_components != 3) {
    jpeg_destroy_decompress(&c);
    return false;
  }
  c.out_color_space = space;
  c.scale_num = 1;
  c.scale_denom = static_cast<unsigned int>(denom);
  jpeg_start_decompress(&c);
  *width = static_cast<int>(c.output_width);
  *height = static_cast<int>(c.output_height);
  const size_t stride = size_t{c.output_width} * 3;
  out->resize(stride * c.output_height);
  while (c.output_scanline < c.output_height) {
    JSAMPROW row = out->data() + stride * c.output_scanline;
    jpeg_read_scanlines(&c, &row, 1);
  }
  jpeg_finish_decompress(&c);
  jpeg_destroy_decompress(&c);
  return true;
}

// libjpeg's YCbCr -> RGB (jdcolor.c build_ycc_rgb_table, ycc_rgb_convert)
// before the clamp to 0..255.
class YccToRgb {
 public:
  YccToRgb() {
    constexpr int64_t kHalf = int64_t{1} << 15;
    auto fix = [](double x) { return static_cast<int64_t>(x * 65536 + 0.5); };
    for (int i = 0; i < 256; ++i) {
      const int64_t x = i - 128;
      cr_r_[i] = static_cast<int>((fix(1.40200) * x + kHalf) >> 16);
      cb_b_[i] = static_cast<int>((fix(1.77200) * x + kHalf) >> 16);
      cr_g_[i] = -fix(0.71414) * x;
      cb_g_[i] = -fix(0.34414) * x + kHalf;
    }
  }
  std::array<int, 3> operator()(int y, int cb, int cr) const {
    return {y + cr_r_[cr], y + static_cast<int>((cb_g_[cb] + cr_g_[cr]) >> 16),
            y + cb_b_[cb]};
  }

 private:
  int cr_r_[256], cb_b_[256];
  int64_t cr_g_[256], cb_g_[256];
};

uint8_t RoundedLuma(const uint8_t* rgb) {
  float y = 0.299f * rgb[0];  // PDQ's luma, in its order of operations
  y = y + 0.587f * rgb[1];
  y = y + 0.114f * rgb[2];
  return static_cast<uint8_t>(std::lround(y));
}

std::string Band(int quality) {
  return quality >= 80 ? "q>=80" : quality >= 50 ? "q50-79" : "q<50";
}

}  // namespace

int main(int argc, char** argv) {
  int min_side = 1024;  // HashOptions::fast_min_side
  bool per_file = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--min-side") == 0 && i + 1 < argc) {
      min_side = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--per-file") == 0) {
      per_file = true;
    } else {
      std::fprintf(stderr, "usage: %s [--min-side N] [--per-file] < paths\n",
                   argv[0]);
      return 2;
    }
  }
  const YccToRgb ycc_to_rgb;
  vigil::PdqWorkspace ws;
  // band -> plane -> distance -> count
  std::map<std::string, std::map<std::string, std::map<int, int>>> hist;
  int files = 0, skipped = 0, with_clipping = 0;
  uint64_t formula_mismatches = 0, y_mismatches = 0;
  std::string path;
  while (std::getline(std::cin, path)) {
    std::ifstream in(path, std::ios::binary);
    const Bytes bytes((std::istreambuf_iterator<char>(in)), {});
    vigil::DecodeOptions luma_options;
    luma_options.format = vigil::PixelFormat::kLuma8;
    luma_options.jpeg_min_side = min_side;
    vigil::Result<vigil::Image> luma = vigil::DecodeImage(bytes, luma_options);
    vigil::Result<vigil::Image> full = vigil::DecodeImage(bytes);
    if (!luma.ok() || !full.ok()) {
      ++skipped;
      continue;
    }
    const int w = luma->width, h = luma->height;
    int denom = 1;
    while (denom < 8 && (full->width + denom - 1) / denom != w) denom *= 2;
    Bytes ycc, rgb;
    int w2 = 0, h2 = 0;
    if (!DecodeAs(bytes, JCS_YCbCr, denom, &ycc, &w2, &h2) ||
        !DecodeAs(bytes, JCS_RGB, denom, &rgb, &w2, &h2) || w2 != w ||
        h2 != h) {
      ++skipped;  // grey, CMYK or RGB-coded JPEG, or not a JPEG
      continue;
    }
    ++files;
    Bytes clip = luma->pixels, rounded(luma->pixels.size());
    size_t clipped = 0;
    for (size_t i = 0; i < clip.size(); ++i) {
      const uint8_t* p = &ycc[3 * i];
      const uint8_t* q = &rgb[3 * i];
      if (p[0] != luma->pixels[i]) ++y_mismatches;
      const std::array<int, 3> c = ycc_to_rgb(p[0], p[1], p[2]);
      bool clips = false;
      for (int k = 0; k < 3; ++k) {
        clips |= c[k] < 0 || c[k] > 255;
        if (std::clamp(c[k], 0, 255) != q[k]) ++formula_mismatches;
      }
      rounded[i] = RoundedLuma(q);
      if (clips) {
        ++clipped;
        clip[i] = rounded[i];
      }
    }
    with_clipping += clipped > 0;
    const vigil::PdqResult reference = *vigil::ComputePdqFromRgb(
        full->pixels, full->width, full->height, size_t(full->width) * 3, &ws);
    const std::string band = Band(reference.quality);
    std::string line = path + "\t" + std::to_string(full->width) + "x" +
                       std::to_string(full->height) + "\t1/" +
                       std::to_string(denom) + "\tclipped " +
                       std::to_string(clipped) + "\tquality " +
                       std::to_string(reference.quality);
    for (const auto& [name, plane] :
         {std::pair<const char*, const Bytes*>{"y", &luma->pixels},
          {"clip", &clip},
          {"round", &rounded}}) {
      const vigil::PdqResult r =
          *vigil::ComputePdqFromLuma(*plane, w, h, size_t(w), &ws);
      const int d = vigil::HammingDistance(r.hash, reference.hash);
      ++hist[band][name][d];
      line += std::string("\t") + name + " " + std::to_string(d);
    }
    if (per_file) std::printf("%s\n", line.c_str());
  }
  std::printf(
      "%d YCbCr JPEGs (%d other inputs skipped); %d with clipped pixels; "
      "Y plane vs libjpeg's Y: %llu pixels differ; clipped RGB formula vs "
      "the RGB decode: %llu values differ\n",
      files, skipped, with_clipping,
      static_cast<unsigned long long>(y_mismatches),
      static_cast<unsigned long long>(formula_mismatches));
  for (const char* band : {"q>=80", "q50-79", "q<50"}) {
    for (const char* name : {"y", "clip", "round"}) {
      std::string cells;
      int total = 0;
      for (const auto& [d, n] : hist[band][name]) {
        cells += " d" + std::to_string(d) + ":" + std::to_string(n);
        total += n;
      }
      std::printf("%-7s %-6s (%d):%s\n", band, name, total, cells.c_str());
    }
  }
  return 0;
}
