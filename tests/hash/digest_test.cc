// Copyright 2026 The Vigil Authors.

#include "vigil/digest.h"

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/hex.h"

namespace vigil {
namespace {

using ::vigil::testing::ReadFileOrEmpty;
using ::vigil::testing::RunProcess;
using ::vigil::testing::TempDir;

std::span<const uint8_t> AsBytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// First field of a `*sum` tool's output for `path`.
std::string ToolDigest(const std::string& tool, const std::string& path) {
  auto r = RunProcess({"/usr/bin/" + tool, "-b", path});
  EXPECT_EQ(r.exit_code, 0) << tool << ": " << r.err;
  return r.out.substr(0, r.out.find(' '));
}

TEST(DigestTest, KnownVectors) {
  Digests empty = ComputeDigests({});
  EXPECT_EQ(empty.Hex(SignalType::kMd5), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(empty.Hex(SignalType::kSha1),
            "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(empty.Hex(SignalType::kSha256),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // XXH3-128 of "" from the xxHash test suite (canonical form).
  EXPECT_EQ(empty.Hex(SignalType::kXxh128), "99aa06d3014798d86001c324468d497f");

  Digests abc = ComputeDigests(AsBytes("abc"));
  EXPECT_EQ(abc.Hex(SignalType::kMd5), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(abc.Hex(SignalType::kSha1),
            "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(abc.Hex(SignalType::kXxh128), "06b05ab6733a618578af5f94892f3950");
  EXPECT_EQ(abc.Hex(SignalType::kSha256),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestTest, IncrementalEqualsOneShotAtEverySplit) {
  std::mt19937 rng(7);
  std::vector<uint8_t> data(200 * 1024 + 13);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  Digests whole = ComputeDigests(data);
  DigestHasher hasher;
  for (size_t split : {size_t{0}, size_t{1}, size_t{63}, size_t{64},
                       size_t{32768}, size_t{100000}, data.size()}) {
    hasher.Update(std::span(data).first(split));
    hasher.Update(std::span(data).subspan(split));
    EXPECT_EQ(hasher.Finish(), whole) << "split at " << split;
  }
  // Finish() resets: the next input starts fresh.
  hasher.Update(AsBytes("abc"));
  EXPECT_EQ(hasher.Finish(), ComputeDigests(AsBytes("abc")));
}

TEST(DigestTest, SignalsAndBytes) {
  Digests d = ComputeDigests(AsBytes("vigil"));
  std::vector<Signal> signals = d.ToSignals();
  ASSERT_EQ(signals.size(), 3u);
  EXPECT_EQ(signals[0].type, SignalType::kMd5);
  EXPECT_EQ(signals[1].type, SignalType::kSha1);
  EXPECT_EQ(signals[2].type, SignalType::kSha256);
  EXPECT_EQ(signals[2].ToHex(), d.Hex(SignalType::kSha256));
  EXPECT_TRUE(d.Bytes(SignalType::kPdq).empty());
  EXPECT_EQ(d.Hex(SignalType::kVpdq), "");
}

TEST(DigestTest, EqualsCoreutilsOnGeneratedFiles) {
  TempDir dir;
  std::mt19937 rng(1);
  for (size_t size : {size_t{0}, size_t{1}, size_t{55}, size_t{56}, size_t{64},
                      size_t{4095}, size_t{1 << 20}}) {
    std::string contents(size, '\0');
    for (auto& c : contents) c = static_cast<char>(rng());
    std::string path = dir.WriteFile("f" + std::to_string(size), contents);
    Digests d = ComputeDigests(AsBytes(contents));
    EXPECT_EQ(d.Hex(SignalType::kMd5), ToolDigest("md5sum", path));
    EXPECT_EQ(d.Hex(SignalType::kSha1), ToolDigest("sha1sum", path));
    EXPECT_EQ(d.Hex(SignalType::kSha256), ToolDigest("sha256sum", path));
  }
}

TEST(DigestTest, EqualsCoreutilsOnConformanceImages) {
  const char* dir = std::getenv("VIGIL_CONFORMANCE_DIR");
  if (dir == nullptr || *dir == '\0') {
    if (std::getenv("VIGIL_REQUIRE_CONFORMANCE") != nullptr) {
      FAIL() << "VIGIL_CONFORMANCE_DIR is unset but required";
    }
    GTEST_SKIP() << "VIGIL_CONFORMANCE_DIR is unset";
  }
  int checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(dir) / "pdq" / "images")) {
    if (!entry.is_regular_file()) continue;
    std::string path = entry.path().string();
    std::string contents = ReadFileOrEmpty(path);
    Digests d = ComputeDigests(AsBytes(contents));
    EXPECT_EQ(d.Hex(SignalType::kMd5), ToolDigest("md5sum", path)) << path;
    EXPECT_EQ(d.Hex(SignalType::kSha1), ToolDigest("sha1sum", path)) << path;
    EXPECT_EQ(d.Hex(SignalType::kSha256), ToolDigest("sha256sum", path))
        << path;
    ++checked;
  }
  EXPECT_GE(checked, 40);
}

}  // namespace
}  // namespace vigil
