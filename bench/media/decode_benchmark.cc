// Copyright 2026 The Vigil Authors.
//
// Image decoding throughput, as ratios within one run. The main subject is
// a 1600x1000 baseline 4:2:0 JPEG at quality 90 (a generated, benign
// picture with photo-like noise), decoded:
//   - by TurboJPEG with default flags (the baseline: what djpeg and
//     ImageMagick get from libjpeg-turbo),
//   - by DecodeImage to RGB8 (full size),
//   - to luma only (JCS_GRAYSCALE: no chroma IDCT/upsampling/conversion),
//   - to luma with DCT scaling 1/2 and 1/4 (jpeg_min_side),
//   - to RGB with DCT scaling 1/2.
// items/s = images/s; the "MP/s" counter is source megapixels per second.
// With VIGIL_CONFORMANCE_DIR set, the same runs use the real 1600x1004
// photo pdq/images/bridge-mods/aaa-orig.jpg. PNG and WebP decodes of the
// same picture are included for comparison.

#include <benchmark/benchmark.h>
#include <turbojpeg.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "vigil/image.h"

namespace vigil {
namespace {

constexpr int kWidth = 1600;
constexpr int kHeight = 1000;

std::vector<uint8_t> NoisyPicture() {
  std::vector<uint8_t> rgb = testing::MakePattern(kWidth, kHeight, 3, 5);
  uint32_t state = 1;
  for (uint8_t& v : rgb) {
    state = state * 1664525u + 1013904223u;
    int noise = int((state >> 24) % 25) - 12;
    v = uint8_t(std::clamp(int(v) + noise, 0, 255));
  }
  return rgb;
}

const std::vector<uint8_t>& Picture() {
  static const auto* rgb = new std::vector<uint8_t>(NoisyPicture());
  return *rgb;
}

const std::vector<uint8_t>& SyntheticJpeg() {
  static const auto* jpeg = new std::vector<uint8_t>(
      testing::EncodeJpeg(Picture(), kWidth, kHeight, 3, {}));
  return *jpeg;
}

const std::vector<uint8_t>& PhotoJpeg() {
  static const auto* jpeg = [] {
    auto* bytes = new std::vector<uint8_t>();
    const char* dir = std::getenv("VIGIL_CONFORMANCE_DIR");
    if (dir != nullptr) {
      std::ifstream in(
          std::string(dir) + "/pdq/images/bridge-mods/aaa-orig.jpg",
          std::ios::binary);
      bytes->assign(std::istreambuf_iterator<char>(in),
                    std::istreambuf_iterator<char>());
    }
    return bytes;
  }();
  return *jpeg;
}

const std::vector<uint8_t>& Input(int which) {
  return which == 0 ? SyntheticJpeg() : PhotoJpeg();
}

void SetCounters(benchmark::State& state, int width, int height) {
  state.SetItemsProcessed(state.iterations());
  state.counters["MP/s"] =
      benchmark::Counter(double(width) * height / 1e6,
                         benchmark::Counter::kIsIterationInvariantRate);
}

void BM_TurboJpegRgb(benchmark::State& state) {
  const std::vector<uint8_t>& jpeg = Input(int(state.range(0)));
  if (jpeg.empty()) {
    state.SkipWithError("VIGIL_CONFORMANCE_DIR unset");
    return;
  }
  tjhandle h = tjInitDecompress();
  int w = 0, hgt = 0, sub = 0, cs = 0;
  tjDecompressHeader3(h, jpeg.data(), static_cast<unsigned long>(jpeg.size()),
                      &w, &hgt, &sub, &cs);
  std::vector<uint8_t> out(size_t(w) * hgt * 3);
  for (auto _ : state) {
    tjDecompress2(h, jpeg.data(), static_cast<unsigned long>(jpeg.size()),
                  out.data(), w, 0, hgt, TJPF_RGB, 0);
    benchmark::DoNotOptimize(out.data());
  }
  tjDestroy(h);
  SetCounters(state, w, hgt);
}

// range(0): 0 synthetic, 1 photo; range(1): format (1 RGB, 2 luma);
// range(2): jpeg_min_side.
void BM_DecodeJpeg(benchmark::State& state) {
  const std::vector<uint8_t>& jpeg = Input(int(state.range(0)));
  if (jpeg.empty()) {
    state.SkipWithError("VIGIL_CONFORMANCE_DIR unset");
    return;
  }
  DecodeOptions options;
  options.format = static_cast<PixelFormat>(state.range(1));
  options.jpeg_min_side = int(state.range(2));
  int sw = 0, sh = 0, ow = 0, oh = 0;
  for (auto _ : state) {
    Result<Image> image = DecodeImage(jpeg, options);
    if (!image.ok()) {
      state.SkipWithError(image.status().ToString().c_str());
      return;
    }
    sw = image->source_width;
    sh = image->source_height;
    ow = image->width;
    oh = image->height;
    benchmark::DoNotOptimize(image->pixels.data());
  }
  state.SetLabel(std::to_string(ow) + "x" + std::to_string(oh));
  SetCounters(state, sw, sh);
}

// As BM_DecodeJpeg, through DecodeImageInto with one reused Image (what a
// pipeline worker does): no allocation or page faults per picture.
void BM_DecodeJpegInto(benchmark::State& state) {
  const std::vector<uint8_t>& jpeg = Input(int(state.range(0)));
  if (jpeg.empty()) {
    state.SkipWithError("VIGIL_CONFORMANCE_DIR unset");
    return;
  }
  DecodeOptions options;
  options.format = static_cast<PixelFormat>(state.range(1));
  options.jpeg_min_side = int(state.range(2));
  Image image;
  for (auto _ : state) {
    Status status = DecodeImageInto(jpeg, options, &image);
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(image.pixels.data());
  }
  state.SetLabel(std::to_string(image.width) + "x" +
                 std::to_string(image.height));
  SetCounters(state, image.source_width, image.source_height);
}

void Args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"photo", "format", "min_side"});
  for (int photo : {0, 1}) {
    b->Args({photo, 1, 0});    // RGB full
    b->Args({photo, 2, 0});    // luma full
    b->Args({photo, 1, 500});  // RGB 1/2
    b->Args({photo, 2, 500});  // luma 1/2
    b->Args({photo, 2, 250});  // luma 1/4
    b->Args({photo, 2, 125});  // luma 1/8
  }
}

BENCHMARK(BM_TurboJpegRgb)
    ->ArgName("photo")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeJpeg)->Apply(Args)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeJpegInto)->Apply(Args)->Unit(benchmark::kMillisecond);

void BM_DecodeOther(benchmark::State& state) {
  static const auto* png = new std::vector<uint8_t>(
      testing::EncodePng(Picture(), kWidth, kHeight, {}));
  static const auto* webp = new std::vector<uint8_t>(
      testing::EncodeWebp(Picture(), kWidth, kHeight, 3, false, 90));
  const std::vector<uint8_t>& bytes = state.range(0) == 0 ? *png : *webp;
  for (auto _ : state) {
    Result<Image> image = DecodeImage(bytes);
    benchmark::DoNotOptimize(image.ok());
  }
  state.SetLabel(state.range(0) == 0 ? "png" : "webp lossy q90");
  SetCounters(state, kWidth, kHeight);
}
BENCHMARK(BM_DecodeOther)
    ->ArgName("webp")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
