// Copyright 2026 The Vigil Authors.
//
// Rule 1 of Meta's PDQ conformance: fed the same decoded pixel buffer, an
// implementation produces exactly the reference hash. Reads
// $VIGIL_CONFORMANCE_DIR/pdq/rgb/index.csv (reference hash and quality of
// each raw RGB buffer, and of the grey plane for grey images) and
// pdq/expected_cpp_tool_dihedral.csv (the reference tool's 8 dihedral hashes
// of the 512x512 buffers it hashes).

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hash/internal/pdq_core.h"
#include "hash/internal/pdq_reference.h"
#include "testing/conformance.h"
#include "testing/status_matchers.h"
#include "vigil/pdq.h"

namespace vigil {
namespace {

using Row = ::vigil::testing::CsvRow;
using ::vigil::testing::ReadCsvFile;

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string s = ss.str();
  return std::vector<uint8_t>(s.begin(), s.end());
}

struct Buffer {
  std::string relative_path;
  std::string kind;
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;
  Row row;
};

std::vector<Buffer> LoadBuffers(const std::string& dir) {
  std::vector<Buffer> buffers;
  for (Row& row : ReadCsvFile(dir + "/pdq/rgb/index.csv")) {
    if (row["rgb_file"].empty()) continue;
    Buffer b;
    b.relative_path = row["relative_path"];
    b.kind = row["kind"];
    b.width = std::stoi(row["width"]);
    b.height = std::stoi(row["height"]);
    b.rgb = ReadFile(dir + "/pdq/rgb/" + row["rgb_file"]);
    EXPECT_EQ(b.rgb.size(), static_cast<size_t>(b.width) * b.height * 3)
        << row["rgb_file"];
    b.row = std::move(row);
    buffers.push_back(std::move(b));
  }
  return buffers;
}

TEST(PdqBufferConformanceTest, RgbBuffersHashExactlyAsReference) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(dir);
  std::vector<Buffer> buffers = LoadBuffers(dir);
  ASSERT_GE(buffers.size(), 30u) << "fewer buffers than expected";
  PdqWorkspace ws;
  int checked = 0;
  for (const Buffer& b : buffers) {
    ASSERT_TRUE(b.kind == "hashin" || b.kind == "full") << b.kind;
    VIGIL_ASSERT_OK_AND_ASSIGN(
        PdqResult r,
        ComputePdqFromRgb(b.rgb, b.width, b.height, b.width * 3u, &ws));
    EXPECT_EQ(r.hash.ToHex(), b.row.at("pdq_hash_hex"))
        << b.relative_path << " (" << b.kind << ")";
    EXPECT_EQ(r.quality, std::stoi(b.row.at("quality"))) << b.relative_path;
    ++checked;
  }
  RecordProperty("buffers_checked", checked);
  std::cout << "checked " << checked << " RGB buffers\n";
}

// The scalar reference-style stage, which the public API uses on CPUs
// without AVX2 (this one has it, so the test above runs the fast path).
TEST(PdqBufferConformanceTest, ReferenceStylePathMatchesToo) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(dir);
  std::vector<float> b1, b2;
  int checked = 0;
  for (const Buffer& b : LoadBuffers(dir)) {
    const internal::PdqImage image{b.rgb.data(), b.width, b.height,
                                   b.width * 3u, internal::PdqPixels::kRgb};
    float down[64][64];
    float dct[16][16];
    internal::ReferencePdqDownsample(image, false, &b1, &b2, down);
    internal::ReferenceDct64To16(down, dct);
    EXPECT_EQ(internal::HashFromDct(dct).ToHex(), b.row.at("pdq_hash_hex"))
        << b.relative_path << " (" << b.kind << ")";
    EXPECT_EQ(internal::PdqQuality(down), std::stoi(b.row.at("quality")))
        << b.relative_path;
    ++checked;
  }
  EXPECT_GE(checked, 30);
}

// grey_path_hash_hex is the reference's grey path (luma = byte value, its
// fillFloatLumaFromGrey) over the grey plane of 1-channel images; their RGB
// buffer repeats that plane in R, G and B.
TEST(PdqBufferConformanceTest, GreyPlanesHashExactlyAsReferenceGreyPath) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(dir);
  PdqWorkspace ws;
  int checked = 0;
  for (const Buffer& b : LoadBuffers(dir)) {
    const std::string& expected = b.row.at("grey_path_hash_hex");
    if (expected.empty()) continue;
    std::vector<uint8_t> grey(b.rgb.size() / 3);
    for (size_t i = 0; i < grey.size(); ++i) {
      ASSERT_EQ(b.rgb[3 * i], b.rgb[3 * i + 1]) << b.relative_path;
      ASSERT_EQ(b.rgb[3 * i], b.rgb[3 * i + 2]) << b.relative_path;
      grey[i] = b.rgb[3 * i];
    }
    VIGIL_ASSERT_OK_AND_ASSIGN(
        PdqResult r, ComputePdqFromLuma(grey, b.width, b.height, b.width, &ws));
    EXPECT_EQ(r.hash.ToHex(), expected) << b.relative_path;
    EXPECT_EQ(r.quality, std::stoi(b.row.at("grey_path_quality")))
        << b.relative_path;
    ++checked;
  }
  EXPECT_GE(checked, 2);
  std::cout << "checked " << checked << " grey planes\n";
}

TEST(PdqBufferConformanceTest, DihedralHashesOfToolBuffersMatchReference) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(dir);
  std::map<std::string, const Buffer*> hashin;
  std::map<std::string, const Buffer*> small_full;
  std::vector<Buffer> buffers = LoadBuffers(dir);
  for (const Buffer& b : buffers) {
    if (b.kind == "hashin") hashin[b.relative_path] = &b;
    // The tool hashes images of at most 512 px a side without resizing.
    if (b.kind == "full" && b.width <= 512 && b.height <= 512) {
      small_full[b.relative_path] = &b;
    }
  }
  const char* kColumns[8] = {"pdq_orig",      "pdq_rot90",     "pdq_rot180",
                             "pdq_rot270",    "pdq_flipx",     "pdq_flipy",
                             "pdq_flipplus1", "pdq_flipminus1"};
  PdqWorkspace ws;
  int checked = 0;
  int checked_full = 0;
  for (const Row& row :
       ReadCsvFile(dir + "/pdq/expected_cpp_tool_dihedral.csv")) {
    const std::string& path = row.at("relative_path");
    const Buffer* buffer = nullptr;
    auto it = hashin.find(path);
    if (it != hashin.end()) {
      std::string file_name = path;
      for (char& c : file_name) c = c == '/' ? '~' : c;
      ASSERT_EQ(it->second->row.at("rgb_file"),
                file_name + ".hashin.512x512.rgb");
      buffer = it->second;
    } else if (auto small = small_full.find(path); small != small_full.end()) {
      // Not resized by the tool: its input is the full decode, which the
      // matching original hash confirms.
      if (small->second->row.at("pdq_hash_hex") != row.at("pdq_orig")) {
        continue;
      }
      buffer = small->second;
      ++checked_full;
    } else {
      continue;  // 2- and 4-channel images: no RGB buffer
    }
    const Buffer& b = *buffer;
    VIGIL_ASSERT_OK_AND_ASSIGN(
        auto results,
        ComputePdqDihedralFromRgb(b.rgb, b.width, b.height, b.width * 3u, &ws));
    for (int v = 0; v < 8; ++v) {
      EXPECT_EQ(results[v].hash.ToHex(), row.at(kColumns[v]))
          << path << " " << kColumns[v];
      EXPECT_EQ(results[v].quality, std::stoi(row.at("quality"))) << path;
    }
    ++checked;
  }
  EXPECT_GE(checked - checked_full, 30);
  std::cout << "checked dihedral hashes of " << checked << " buffers ("
            << checked - checked_full << " hashin, " << checked_full
            << " full-size)\n";
}

}  // namespace
}  // namespace vigil
