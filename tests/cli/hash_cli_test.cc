// Copyright 2026 The Vigil Authors.
//
// End-to-end tests of `vigil hash` over the generated demo corpus.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/json_lines.h"
#include "testing/conformance.h"
#include "testing/subprocess.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::JsonLines;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::RunProcess;
using ::vigil::testing::TempDir;

std::string Sha256Sum(const std::string& path) {
  ProcessResult r = RunProcess({"/usr/bin/sha256sum", "-b", path});
  return r.out.substr(0, r.out.find(' '));
}

class HashCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProcessResult r =
        RunProcess({BinaryPath("make_demo_images"), dir_.path() + "/demo"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    uploads_ = dir_.path() + "/demo/uploads";
  }
  ProcessResult Hash(std::vector<std::string> args,
                     const std::string& in = "") {
    args.insert(args.begin(), {BinaryPath("vigil"), "hash"});
    return RunProcess(args, in);
  }
  TempDir dir_;
  std::string uploads_;
};

TEST_F(HashCliTest, DirectoryGivesOneSortedLinePerFile) {
  ProcessResult r = Hash({uploads_});
  EXPECT_EQ(r.exit_code, 3) << "truncated.jpg must fail: " << r.err;
  auto lines = JsonLines(r.out);
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(uploads_)) {
    files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(lines.size(), files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& j = lines[i];
    EXPECT_EQ(j["path"], files[i]);
    EXPECT_EQ(j["sha256"], Sha256Sum(files[i]));
    EXPECT_EQ(j["bytes"], std::filesystem::file_size(files[i]));
    if (files[i].ends_with("truncated.jpg")) {
      EXPECT_EQ(j["error"]["code"], "corrupt_input") << j.dump();
      EXPECT_FALSE(j.contains("pdq"));
      continue;
    }
    EXPECT_FALSE(j.contains("error")) << j.dump();
    EXPECT_EQ(j["pdq"].get<std::string>().size(), 64u);
    EXPECT_GE(j["pdq_quality"].get<int>(), 50) << j.dump();
    EXPECT_GT(j["width"].get<int>(), 0);
    EXPECT_EQ(j["md5"].get<std::string>().size(), 32u);
    EXPECT_EQ(j["sha1"].get<std::string>().size(), 40u);
    EXPECT_EQ(j["xxh128"].get<std::string>().size(), 32u);
    EXPECT_EQ(j["exif_orientation"], 0);
    std::string mime = files[i].ends_with(".png") ? "image/png" : "image/jpeg";
    EXPECT_EQ(j["media_type"], mime);
  }
}

TEST_F(HashCliTest, OutputOrderDoesNotDependOnThreads) {
  ProcessResult one = Hash({"--threads", "1", uploads_});
  ProcessResult two = Hash({"--threads", "2", uploads_});
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(one.exit_code, two.exit_code);
}

TEST_F(HashCliTest, StdinListAndMissingFile) {
  std::string a = uploads_ + "/unrelated-cells.jpg";
  std::string missing = uploads_ + "/no-such-file.jpg";
  ProcessResult r = Hash({"-"}, a + "\n\n" + missing + "\n" + a + "\n");
  EXPECT_EQ(r.exit_code, 3);
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["path"], a);
  EXPECT_EQ(lines[1]["path"], missing);
  EXPECT_EQ(lines[1]["error"]["code"], "not_found");
  EXPECT_EQ(lines[2]["pdq"], lines[0]["pdq"]);
}

TEST_F(HashCliTest, SniffsContentNotName) {
  std::string renamed = dir_.path() + "/really-a-jpeg.png";
  std::filesystem::copy_file(uploads_ + "/unrelated-cells.jpg", renamed);
  ProcessResult r = Hash({renamed, uploads_ + "/unrelated-cells.jpg"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["media_type"], "image/jpeg");
  EXPECT_EQ(lines[0]["pdq"], lines[1]["pdq"]);
}

TEST_F(HashCliTest, UnsupportedAndEmptyFilesAreErrorsWithDigests) {
  std::string text = dir_.WriteFile("notes.txt", "just some text\n");
  std::string empty = dir_.WriteFile("empty.jpg", "");
  ProcessResult r = Hash({text, empty});
  EXPECT_EQ(r.exit_code, 3);
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["error"]["code"], "unsupported_format");
  EXPECT_EQ(lines[0]["sha256"], Sha256Sum(text));
  EXPECT_EQ(lines[1]["error"]["code"], "unsupported_format");
  EXPECT_EQ(lines[1]["bytes"], 0);
}

TEST_F(HashCliTest, DihedralListsEightVariantsOriginalFirst) {
  ProcessResult r = Hash({"--dihedral", uploads_ + "/unrelated-cells.jpg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0]["pdq_dihedral"].size(), 8u);
  EXPECT_EQ(lines[0]["pdq_dihedral"][0], lines[0]["pdq"]);
}

TEST_F(HashCliTest, TextFormat) {
  std::string a = uploads_ + "/unrelated-cells.jpg";
  ProcessResult json = Hash({a});
  ProcessResult text =
      Hash({"--format", "text", a, uploads_ + "/truncated.jpg"});
  EXPECT_EQ(text.exit_code, 3);
  auto j = JsonLines(json.out)[0];
  EXPECT_EQ(text.out, j["pdq"].get<std::string>() + "," +
                          std::to_string(j["pdq_quality"].get<int>()) + "," +
                          a + "\n");
  EXPECT_THAT(text.err, HasSubstr("truncated.jpg: corrupt_input"));
}

TEST_F(HashCliTest, BadFlagsAreUsageErrors) {
  EXPECT_EQ(Hash({"--pixels", "rgb24:0x5", uploads_}).exit_code, 2);
  EXPECT_EQ(Hash({"--pixels", "bgr:5x5", uploads_}).exit_code, 2);
  EXPECT_EQ(Hash({"--format", "xml", uploads_}).exit_code, 2);
  EXPECT_EQ(Hash({"--threads", "0", uploads_}).exit_code, 2);
  EXPECT_EQ(Hash({}).exit_code, 2);
}

TEST_F(HashCliTest, PixelsModeChecksSize) {
  std::string buf = dir_.WriteFile("px.rgb", std::string(4 * 3 * 3, '\x7f'));
  ProcessResult ok = Hash({"--pixels", "rgb24:4x3", buf});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(JsonLines(ok.out)[0]["media_type"], "image/x-raw-rgb24");
  ProcessResult bad = Hash({"--pixels", "rgb24:5x3", buf});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(JsonLines(bad.out)[0]["error"]["message"].get<std::string>(),
              HasSubstr("needs 45 bytes, file has 36"));
}

// Issue #14: `vigil hash` prints the PDQ of the picture inside uniform
// borders ("unletterboxed") next to the plain one, unless --no-unletterbox.
TEST_F(HashCliTest, BorderedImagePrintsUnletterboxedHash) {
  const int w = 240, h = 160, b = 16;  // a 16 px white border
  std::string inner(size_t(w) * h * 3, '\0');
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      char* p = &inner[(size_t(y) * w + x) * 3];
      p[0] = char((x * 7 + y * 3) & 0xff);
      p[1] = char((x * y / 5) & 0xff);
      p[2] = char(((x - 120) * (x - 120) + (y - 60) * (y - 60)) / 40 & 0xff);
    }
  }
  const int ow = w + 2 * b, oh = h + 2 * b;
  std::string framed(size_t(ow) * oh * 3, '\xff');
  for (int y = 0; y < h; ++y) {
    framed.replace((size_t(y + b) * ow + b) * 3, size_t(w) * 3, inner,
                   size_t(y) * w * 3, size_t(w) * 3);
  }
  const std::string inner_file = dir_.WriteFile("inner.rgb", inner);
  const std::string framed_file = dir_.WriteFile("framed.rgb", framed);
  const std::string size =
      "rgb24:" + std::to_string(ow) + "x" + std::to_string(oh);
  ProcessResult plain =
      Hash({"--pixels", "rgb24:" + std::to_string(w) + "x" + std::to_string(h),
            inner_file});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_FALSE(JsonLines(plain.out)[0].contains("unletterboxed"));
  ProcessResult r = Hash({"--pixels", size, framed_file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json line = JsonLines(r.out)[0];
  ASSERT_TRUE(line.contains("unletterboxed")) << r.out;
  EXPECT_EQ(line["unletterboxed"], JsonLines(plain.out)[0]["pdq"]);
  EXPECT_EQ(line["unletterboxed_crop"], "16,16,16,16");
  EXPECT_NE(line["pdq"], line["unletterboxed"]);
  ProcessResult off = Hash({"--no-unletterbox", "--pixels", size, framed_file});
  ASSERT_EQ(off.exit_code, 0) << off.err;
  EXPECT_FALSE(JsonLines(off.out)[0].contains("unletterboxed"));
  EXPECT_EQ(JsonLines(off.out)[0]["pdq"], line["pdq"]);
}

TEST_F(HashCliTest, PixelsModeMatchesReferenceBuffers) {
  VIGIL_CONFORMANCE_DIR_OR_SKIP(dir);
  int checked = 0;
  for (const auto& row : testing::ReadCsvFile(dir + "/pdq/rgb/index.csv")) {
    if (row.at("rgb_file").empty() || row.at("pdq_hash_hex").empty()) continue;
    std::string spec = "rgb24:" + row.at("width") + "x" + row.at("height");
    ProcessResult r =
        Hash({"--pixels", spec, dir + "/pdq/rgb/" + row.at("rgb_file")});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    auto j = JsonLines(r.out)[0];
    EXPECT_EQ(j["pdq"], row.at("pdq_hash_hex")) << row.at("rgb_file");
    EXPECT_EQ(j["pdq_quality"], std::stoi(row.at("quality")));
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

}  // namespace
}  // namespace vigil
