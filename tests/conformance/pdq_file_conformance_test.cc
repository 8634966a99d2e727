// Copyright 2026 The Vigil Authors.
//
// Rule 2 of Meta's PDQ conformance: hashing image FILES (our decoders + our
// PDQ), every image of reference quality >= 80 is within Hamming distance 10
// of the reference's full-resolution hash
// ($VIGIL_CONFORMANCE_DIR/pdq/expected_fullres.csv). Checked for both PDQ
// modes; the distance distribution of each is printed.

#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "testing/conformance.h"
#include "testing/status_matchers.h"
#include "vigil/media_hasher.h"

namespace vigil {
namespace {

using ::vigil::testing::CsvRow;
using ::vigil::testing::ReadCsvFile;

constexpr int kMaxDistance = 10;
constexpr int kMinReferenceQuality = 80;

struct ModeSummary {
  int checked = 0;  // reference quality >= 80
  int identical = 0;
  int max_distance = 0;
  std::map<int, int> histogram;  // distance -> count
};

ModeSummary CheckMode(const std::string& dir, PdqMode mode) {
  HashOptions options;
  options.pdq_mode = mode;
  MediaHasher hasher(options);
  ModeSummary summary;
  for (const CsvRow& row : ReadCsvFile(dir + "/pdq/expected_fullres.csv")) {
    const std::string& rel = row.at("relative_path");
    const int ref_quality = std::stoi(row.at("quality"));
    Result<PdqHash> expected = PdqHash::FromHex(row.at("pdq_hash_hex"));
    EXPECT_TRUE(expected.ok()) << rel;
    if (!expected.ok()) continue;
    Result<MediaHashes> h = hasher.HashFile(dir + "/pdq/images/" + rel);
    EXPECT_TRUE(h.ok()) << rel << ": " << h.status();
    if (!h.ok()) continue;
    EXPECT_TRUE(h->image_status.ok()) << rel << ": " << h->image_status;
    if (!h->pdq.has_value()) continue;
    int d = HammingDistance(h->pdq->hash, *expected);
    std::printf("  %-5s d=%3d q=%3d (ref q=%3d) %s\n", PdqModeName(mode), d,
                h->pdq->quality, ref_quality, rel.c_str());
    if (ref_quality < kMinReferenceQuality) continue;
    ++summary.checked;
    summary.identical += d == 0;
    summary.max_distance = std::max(summary.max_distance, d);
    ++summary.histogram[d];
    EXPECT_LE(d, kMaxDistance) << PdqModeName(mode) << " mode: " << rel;
  }
  std::printf(
      "PDQ rule 2, %s mode: %d images with reference quality >= %d, "
      "%d identical, max distance %d; histogram:",
      PdqModeName(mode), summary.checked, kMinReferenceQuality,
      summary.identical, summary.max_distance);
  for (auto [d, n] : summary.histogram) std::printf(" d%d:%d", d, n);
  std::printf("\n");
  return summary;
}

TEST(PdqFileConformanceTest, FullResolutionModeWithinTenBits) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(dir);
  ModeSummary s = CheckMode(dir, PdqMode::kFullResolution);
  EXPECT_GE(s.checked, 35);
  // Our decoders give the reference's pixels: JPEGs via libjpeg-turbo's
  // defaults come out identical.
  EXPECT_GE(s.identical, 35);
}

TEST(PdqFileConformanceTest, FastModeWithinTenBits) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(dir);
  ModeSummary s = CheckMode(dir, PdqMode::kFast);
  EXPECT_GE(s.checked, 35);
  // The fast path must keep rule 2 with a margin, not just scrape under it.
  EXPECT_LE(s.max_distance, kMaxDistance - 2);
}

TEST(PdqFileConformanceTest, ExifOrientationIsReportedNotApplied) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(dir);
  MediaHasher hasher;
  for (int orientation : {1, 3, 6, 8}) {
    std::string path = dir + "/pdq/images/reg-test-input/exif-rotn/exif-rotn-" +
                       std::to_string(orientation) + ".jpg";
    VIGIL_ASSERT_OK_AND_ASSIGN(MediaHashes h, hasher.HashFile(path));
    EXPECT_EQ(h.exif_orientation, orientation) << path;
  }
}

}  // namespace
}  // namespace vigil
