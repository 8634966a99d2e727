// Copyright 2026 The Vigil Authors.
//
// Decodes Meta's PDQ conformance images ($VIGIL_CONFORMANCE_DIR/pdq) and
// compares the pixels with the reference decodes stored next to them
// (pdq/rgb/index.csv): `full` rows are full-size ImageMagick/libjpeg
// decodes, `hashin` rows are the reference tool's 512x512 nearest-neighbour
// resample (CImg) of its decode.

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "media/media_test_util.h"
#include "testing/status_matchers.h"
#include "vigil/image.h"

namespace vigil {
namespace {

using ::vigil::testing::CompareBytes;
using ::vigil::testing::Diff;
using ::vigil::testing::ReadFileBytes;

struct Row {
  std::string path, kind, rgb_file;
  int width = 0, height = 0;
};

std::vector<Row> ReadIndex(const std::string& dir) {
  std::vector<Row> rows;
  std::ifstream in(dir + "/pdq/rgb/index.csv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    for (int i = 0; i < 5 && std::getline(ss, cell, ','); ++i)
      f.push_back(cell);
    if (f.size() < 5) continue;
    rows.push_back({f[0], f[1], f[2], std::stoi(f[3]), std::stoi(f[4])});
  }
  return rows;
}

// CImg's nearest-neighbour resize: source index floor(i * src / dst).
std::vector<uint8_t> ResizeNearest(const Image& image, int w, int h) {
  std::vector<uint8_t> out(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y) {
    int sy = int(int64_t(y) * image.height / h);
    for (int x = 0; x < w; ++x) {
      int sx = int(int64_t(x) * image.width / w);
      const uint8_t* p = &image.pixels[(size_t(sy) * image.width + sx) * 3];
      std::copy(p, p + 3, &out[(size_t(y) * w + x) * 3]);
    }
  }
  return out;
}

TEST(ImageConformanceTest, EveryImageDecodesWithTheReferenceSize) {
  VIGIL_REQUIRE_CONFORMANCE_DIR(dir);
  std::map<std::string, std::pair<int, int>> sizes;
  for (const Row& row : ReadIndex(dir)) {
    if (row.kind != "hashin") sizes[row.path] = {row.width, row.height};
  }
  const std::string root = dir + "/pdq/images";
  int decoded = 0, checked = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string rel = std::filesystem::relative(entry.path(), root).string();
    VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                               DecodeImage(ReadFileBytes(entry.path())));
    ++decoded;
    EXPECT_EQ(image.pixels.size(), size_t(image.width) * image.height * 3);
    auto it = sizes.find(rel);
    if (it != sizes.end()) {
      ++checked;
      EXPECT_EQ(image.width, it->second.first) << rel;
      EXPECT_EQ(image.height, it->second.second) << rel;
    }
  }
  std::cout << "decoded " << decoded << " images, " << checked
            << " sizes checked against index.csv\n";
  EXPECT_GE(decoded, 30);
  EXPECT_GE(checked, 20);
}

TEST(ImageConformanceTest, FullSizeDecodesMatchTheReferenceBuffers) {
  VIGIL_REQUIRE_CONFORMANCE_DIR(dir);
  int compared = 0;
  for (const Row& row : ReadIndex(dir)) {
    if (row.kind != "full") continue;
    VIGIL_ASSERT_OK_AND_ASSIGN(
        Image image,
        DecodeImage(ReadFileBytes(dir + "/pdq/images/" + row.path)));
    std::vector<uint8_t> ref = ReadFileBytes(dir + "/pdq/rgb/" + row.rgb_file);
    ASSERT_EQ(image.width, row.width) << row.path;
    ASSERT_EQ(image.height, row.height) << row.path;
    Diff d = CompareBytes(image.pixels, ref);
    std::cout << "full  " << row.path << " max " << d.max << " mean " << d.mean
              << "\n";
    // JPEG through libjpeg-turbo with default settings is what ImageMagick
    // used: the pixels are identical.
    EXPECT_EQ(d.max, 0) << row.path;
    ++compared;
  }
  EXPECT_GE(compared, 7);
}

TEST(ImageConformanceTest, ResampledDecodesMatchTheReferenceToolBuffers) {
  VIGIL_REQUIRE_CONFORMANCE_DIR(dir);
  int compared = 0;
  for (const Row& row : ReadIndex(dir)) {
    if (row.kind != "hashin") continue;
    VIGIL_ASSERT_OK_AND_ASSIGN(
        Image image,
        DecodeImage(ReadFileBytes(dir + "/pdq/images/" + row.path)));
    std::vector<uint8_t> ref = ReadFileBytes(dir + "/pdq/rgb/" + row.rgb_file);
    std::vector<uint8_t> ours =
        (image.width > 512 || image.height > 512)
            ? ResizeNearest(image, row.width, row.height)
            : image.pixels;
    Diff d = CompareBytes(ours, ref);
    std::cout << "hashin " << row.path << " max " << d.max << " mean " << d.mean
              << "\n";
    EXPECT_EQ(d.max, 0) << row.path;
    ++compared;
  }
  EXPECT_GE(compared, 20);
}

TEST(ImageConformanceTest, CmykJpegDecodesCloseToTheRgbOriginal) {
  VIGIL_REQUIRE_CONFORMANCE_DIR(dir);
  const std::string modes = dir + "/pdq/images/misc-images/modes/";
  VIGIL_ASSERT_OK_AND_ASSIGN(Image cmyk,
                             DecodeImage(ReadFileBytes(modes + "CMYK.jpg")));
  VIGIL_ASSERT_OK_AND_ASSIGN(Image rgb,
                             DecodeImage(ReadFileBytes(modes + "RGB.jpg")));
  ASSERT_EQ(cmyk.width, rgb.width);
  ASSERT_EQ(cmyk.height, rgb.height);
  Diff d = CompareBytes(cmyk.pixels, rgb.pixels);
  std::cout << "CMYK.jpg vs RGB.jpg max " << d.max << " mean " << d.mean
            << "\n";
  EXPECT_LT(d.mean, 3.0);
}

TEST(ImageConformanceTest, ExifOrientationIsReported) {
  VIGIL_REQUIRE_CONFORMANCE_DIR(dir);
  for (int orientation : {1, 3, 6, 8}) {
    std::string path = dir + "/pdq/images/reg-test-input/exif-rotn/exif-rotn-" +
                       std::to_string(orientation) + ".jpg";
    DecodeOptions options;
    options.jpeg_min_side = 64;  // the pixels do not matter here
    VIGIL_ASSERT_OK_AND_ASSIGN(Image image,
                               DecodeImage(ReadFileBytes(path), options));
    EXPECT_EQ(image.exif_orientation, orientation) << path;
    EXPECT_EQ(image.source_width, 4032);
    EXPECT_EQ(image.source_height, 3024);
  }
}

}  // namespace
}  // namespace vigil
