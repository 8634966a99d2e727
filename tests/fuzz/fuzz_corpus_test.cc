// Copyright 2026 The Vigil Authors.
//
// Runs every stored corpus input (fuzz/corpus/<target>/) through its
// libFuzzer entry point (fuzz/*_targets.cc), which aborts on a contract
// violation: the campaign's findings and coverage stay regression tests of
// the normal (gcc) build.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "fuzz_targets.h"
#include "vigil/media_type.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using Entry = int (*)(const uint8_t*, size_t);

int Jpeg(const uint8_t* d, size_t n) {
  return fuzz::FuzzDecodeAs(MediaType::kJpeg, d, n);
}
int Png(const uint8_t* d, size_t n) {
  return fuzz::FuzzDecodeAs(MediaType::kPng, d, n);
}
int Webp(const uint8_t* d, size_t n) {
  return fuzz::FuzzDecodeAs(MediaType::kWebp, d, n);
}
int Gif(const uint8_t* d, size_t n) {
  return fuzz::FuzzDecodeAs(MediaType::kGif, d, n);
}
int Bmp(const uint8_t* d, size_t n) {
  return fuzz::FuzzDecodeAs(MediaType::kBmp, d, n);
}
int Tiff(const uint8_t* d, size_t n) {
  return fuzz::FuzzDecodeAs(MediaType::kTiff, d, n);
}
int Heif(const uint8_t* d, size_t n) {
  return fuzz::FuzzDecodeAs(MediaType::kHeif, d, n);
}

// Every libFuzzer target (fuzz/CMakeLists.txt) and its entry point.
const std::map<std::string, Entry>& Targets() {
  static const auto* targets = new std::map<std::string, Entry>{
      {"sniff", fuzz::FuzzSniff},
      {"image", fuzz::FuzzDecodeImage},
      {"exif", fuzz::FuzzExif},
      {"jpeg", Jpeg},
      {"png", Png},
      {"webp", Webp},
      {"webp_anim", fuzz::FuzzWebpAnimation},
      {"gif", Gif},
      {"bmp", Bmp},
      {"tiff", Tiff},
      {"heif", Heif},
      {"animation", fuzz::FuzzAnimation},
      {"video", fuzz::FuzzVideo},
      {"hashlist", fuzz::FuzzHashList},
      {"vpdq", fuzz::FuzzVpdqText},
      {"json", fuzz::FuzzJson},
      {"bundle", fuzz::FuzzBundle},
  };
  return *targets;
}

std::vector<uint8_t> ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

TEST(FuzzCorpusTest, EveryStoredCorpusHasATarget) {
  for (const auto& dir : fs::directory_iterator(VIGIL_FUZZ_CORPUS_DIR)) {
    if (!dir.is_directory()) continue;
    EXPECT_EQ(Targets().count(dir.path().filename().string()), 1u)
        << dir.path();
  }
}

class FuzzCorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzCorpusTest, EveryInputKeepsTheContract) {
  const fs::path dir = fs::path(VIGIL_FUZZ_CORPUS_DIR) / GetParam();
  if (!fs::exists(dir)) GTEST_SKIP() << "no stored corpus for " << GetParam();
  const Entry entry = Targets().at(GetParam());
  int inputs = 0;
  for (const auto& file : fs::directory_iterator(dir)) {
    if (!file.is_regular_file()) continue;
    SCOPED_TRACE(file.path().string());
    const std::vector<uint8_t> bytes = ReadAll(file.path());
    EXPECT_EQ(entry(bytes.data(), bytes.size()), 0);
    ++inputs;
  }
  EXPECT_GT(inputs, 0) << dir;
}

INSTANTIATE_TEST_SUITE_P(
    Targets, FuzzCorpusTest,
    ::testing::Values("sniff", "image", "exif", "jpeg", "png", "webp",
                      "webp_anim", "gif", "bmp", "tiff", "heif", "animation",
                      "video", "hashlist", "vpdq", "json", "bundle"),
    [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace vigil
