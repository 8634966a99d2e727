// Copyright 2026 The Vigil Authors.
//
// The memory-cap test (issue 17): a hostile corpus generated here
// (decompression bombs and huge declared sizes of each image format, an
// animated GIF of many frames, truncated and bit-flipped copies of known
// content of every format, video included) scanned by `vigil scan
// --threads 2` under `ulimit -v` 1.5 GB. Every file gets exactly one
// result line; no copy of known content that could not be fully checked is
// reported clean (each is a match or an error); every bomb that cannot be
// decoded is an error.

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/json_lines.h"
#include "media/image_encoders.h"
#include "testing/subprocess.h"
#include "video/synthetic_video.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::JsonLines;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::RunProcess;
using ::vigil::testing::TempDir;
using Bytes = std::vector<uint8_t>;

constexpr int kW = 256, kH = 192;

void PutBe32(Bytes& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = uint8_t(v >> (24 - 8 * i));
}

void AppendBe32(Bytes& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (24 - 8 * i)));
}

// One PNG chunk, with its CRC.
void AppendChunk(Bytes& png, const char* type, const Bytes& data) {
  AppendBe32(png, uint32_t(data.size()));
  const size_t start = png.size();
  png.insert(png.end(), type, type + 4);
  png.insert(png.end(), data.begin(), data.end());
  AppendBe32(png,
             uint32_t(crc32(0, png.data() + start, uInt(png.size() - start))));
}

// A valid grey PNG of width x height zero pixels: a few hundred kB that
// decode to width*height bytes (the decompression bomb). Deflated row by
// row, so the test never holds the image.
Bytes PngBomb(uint32_t width, uint32_t height) {
  Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  Bytes ihdr(13, 0);
  PutBe32(ihdr, 0, width);
  PutBe32(ihdr, 4, height);
  ihdr[8] = 8;  // depth; colour type 0 (grey)
  AppendChunk(png, "IHDR", ihdr);
  z_stream z{};
  EXPECT_EQ(deflateInit(&z, 9), Z_OK);
  const Bytes row(width + 1, 0);  // filter byte 0, then zeros
  Bytes idat;
  Bytes out(1 << 16);
  for (uint32_t y = 0; y <= height; ++y) {
    const bool last = y == height;
    z.next_in = const_cast<Bytef*>(row.data());
    z.avail_in = last ? 0 : uInt(row.size());
    do {
      z.next_out = out.data();
      z.avail_out = uInt(out.size());
      deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
      idat.insert(idat.end(), out.data(),
                  out.data() + (out.size() - z.avail_out));
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  AppendChunk(png, "IDAT", idat);
  AppendChunk(png, "IEND", {});
  return png;
}

// Overwrites `n` bytes at `at` with a big-endian (or little-endian) value.
void Patch(Bytes& b, size_t at, uint32_t v, int n, bool big_endian) {
  for (int i = 0; i < n; ++i) {
    b[at + i] = uint8_t(big_endian ? v >> (8 * (n - 1 - i)) : v >> (8 * i));
  }
}

size_t Find(const Bytes& b, std::initializer_list<uint8_t> needle,
            size_t from = 0) {
  auto it =
      std::search(b.begin() + from, b.end(), needle.begin(), needle.end());
  return it == b.end() ? std::string::npos : size_t(it - b.begin());
}

class MemoryCapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/db";
    known_ = dir_.path() + "/known";
    uploads_ = dir_.path() + "/uploads";
    fs::create_directories(known_);
    fs::create_directories(uploads_);
  }

  void Write(const std::string& dir, const std::string& name,
             const Bytes& bytes) {
    ASSERT_FALSE(bytes.empty()) << name;
    std::ofstream(dir + "/" + name, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               std::streamsize(bytes.size()));
  }

  ProcessResult Vigil(std::vector<std::string> args) {
    args.insert(args.begin(), {BinaryPath("vigil"), "--db", db_});
    return RunProcess(args);
  }

  TempDir dir_;
  std::string db_, known_, uploads_;
};

TEST_F(MemoryCapTest, HostileCorpusUnderOnePointFiveGigabytes) {
  using namespace ::vigil::testing;  // NOLINT: the encoders
  // Known content of every format: blocks of pseudo-random colours (sharp
  // edges, so that its PDQ quality is high and near copies match by PDQ).
  Bytes rgb(size_t(kW) * kH * 3);
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      uint32_t v = uint32_t((y / 16) * 97 + (x / 16) * 31) * 2654435761u;
      for (int c = 0; c < 3; ++c) {
        rgb[(size_t(y) * kW + x) * 3 + c] = uint8_t(v >> (8 * c + 5));
      }
    }
  }
  Bytes grey(size_t(kW) * kH);
  for (size_t i = 0; i < grey.size(); ++i) {
    grey[i] = uint8_t((rgb[3 * i] + rgb[3 * i + 1] + rgb[3 * i + 2]) / 3);
  }
  Bytes grey_palette;
  for (int v = 0; v < 256; ++v)
    grey_palette.insert(grey_palette.end(), 3, uint8_t(v));
  GifOptions anim;
  anim.extra_frames = 2;
  anim.later_frames = Bytes(grey.rbegin(), grey.rend());
  anim.delay_cs = 50;
  std::vector<Bytes> webp_frames = {rgb, Bytes(rgb.rbegin(), rgb.rend()), rgb};
  SyntheticVideoSpec clip;
  clip.width = 96;
  clip.height = 64;
  clip.frames = 36;
  clip.fps = 12;
  SyntheticVideoSpec mkv = clip;
  mkv.container = "matroska";
  mkv.seed = 3;
  std::map<std::string, Bytes> known = {
      {"k.jpg", EncodeJpeg(rgb, kW, kH, 3)},
      {"k-progressive.jpg", EncodeJpeg(rgb, kW, kH, 3, {.progressive = true})},
      {"k.png", EncodePng(rgb, kW, kH, {})},
      {"k.webp", EncodeWebp(rgb, kW, kH, 3, false)},
      {"k-lossless.webp", EncodeWebp(rgb, kW, kH, 3, true)},
      {"k.gif", EncodeGif(grey, kW, kH, grey_palette)},
      {"k-anim.gif", EncodeGif(grey, kW, kH, grey_palette, anim)},
      {"k-anim.webp", EncodeWebpAnimation(webp_frames, kW, kH, 500, false)},
      {"k.bmp", EncodeBmp(rgb, kW, kH, 24)},
      {"k.tif", EncodeTiff(rgb, kW, kH, {.compression = 5})},
      {"k.mp4", EncodeSyntheticVideo(clip)},
      {"k.mkv", EncodeSyntheticVideo(mkv)},
  };
  if (Bytes heic = EncodeHeif(rgb, kW, kH, false); !heic.empty()) {
    known["k.heic"] = heic;
  }
  ProcessResult r = Vigil({"hashset", "create", "known", "--types",
                           "md5,sha256,pdq,vpdq", "--action", "remove"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& [name, bytes] : known) {
    Write(known_, name, bytes);
    r = Vigil({"hashset", "add", "known", known_ + "/" + name});
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
  }

  // Truncated and mutated copies: each must be a match or an error.
  std::set<std::string> copies;
  for (const auto& [name, bytes] : known) {
    for (int percent : {20, 50, 80, 90, 97}) {
      Bytes cut(bytes.begin(), bytes.begin() + bytes.size() * percent / 100);
      const std::string n = "cut" + std::to_string(percent) + "-" + name;
      Write(uploads_, n, cut);
      copies.insert(n);
    }
    // Bit flips. GIF's LZW and HEVC (HEIF) data carry no check a decoder
    // could fail on: a flip there decodes, without error, to another
    // picture, which is then fully checked (clean is right); those flips
    // only need their one line. Every other format detects the damage
    // (checksums, markers, FFmpeg's concealment flags) or keeps the
    // picture close enough to match.
    const bool unchecked =
        name == "k.gif" || name == "k-anim.gif" || name == "k.heic";
    uint32_t state = 0x9E3779B9u ^ uint32_t(bytes.size());
    for (int trial = 0; trial < 6; ++trial) {
      Bytes m = bytes;
      for (int e = 0; e < 1 + trial % 3; ++e) {
        state ^= state << 13, state ^= state >> 17, state ^= state << 5;
        // Past the first 16 bytes: the magic stays (a file whose type
        // changes is another file).
        m[16 + state % (m.size() - 16)] ^= uint8_t(1u << (state >> 29));
      }
      const std::string n = "flip" + std::to_string(trial) + "-" + name;
      Write(uploads_, n, m);
      if (!unchecked) copies.insert(n);
    }
  }

  // Bombs: a valid 196-megapixel PNG (zeros), and huge declared sizes with
  // little data behind them in every image format; each undecodable one
  // must be an error.
  Write(uploads_, "bomb-196mp.png", PngBomb(14000, 14000));
  std::set<std::string> must_fail;
  auto bomb = [&](const std::string& name, Bytes b) {
    Write(uploads_, name, b);
    must_fail.insert(name);
  };
  {
    Bytes png = known["k.png"];
    Patch(png, 16, 65000, 4, true);
    Patch(png, 20, 65000, 4, true);
    bomb("bomb-dims.png", png);  // (its IHDR CRC no longer matches)
    Bytes png_ok = PngBomb(14000, 14000);
    png_ok.resize(png_ok.size() / 2);
    bomb("bomb-196mp-cut.png", png_ok);
  }
  {
    Bytes jpg = known["k.jpg"];
    const size_t sof = Find(jpg, {0xFF, 0xC0});
    ASSERT_NE(sof, std::string::npos);
    Patch(jpg, sof + 5, 14000, 2, true);  // height
    Patch(jpg, sof + 7, 14000, 2, true);  // width
    bomb("bomb-dims.jpg", jpg);
  }
  {
    Bytes gif = known["k-anim.gif"];
    Patch(gif, 6, 65535, 2, false);  // logical screen
    Patch(gif, 8, 65535, 2, false);
    bomb("bomb-screen.gif", Bytes(gif.begin(), gif.begin() + gif.size() / 2));
  }
  {
    Bytes webp = known["k-lossless.webp"];
    const size_t vp8l = Find(webp, {'V', 'P', '8', 'L'});
    ASSERT_NE(vp8l, std::string::npos);
    // 14-bit width-1 and height-1 after the 0x2F signature.
    const uint32_t bits = (16383u) | (16383u << 14) | (1u << 28);
    Patch(webp, vp8l + 9, bits, 4, false);
    bomb("bomb-dims.webp", Bytes(webp.begin(), webp.begin() + webp.size() / 2));
  }
  {
    Bytes bmp = known["k.bmp"];
    Patch(bmp, 18, 14000, 4, false);
    Patch(bmp, 22, 14000, 4, false);
    bomb("bomb-dims.bmp", bmp);
  }
  {
    Bytes tif = EncodeTiff(rgb, kW, kH, {.rows_per_strip = kH});
    // ImageWidth (256) and ImageLength (257) entries: SHORT or LONG values.
    for (uint8_t tag : {0, 1}) {
      size_t at = Find(tif, {tag, 0x01, 0x03, 0x00});
      if (at == std::string::npos) at = Find(tif, {tag, 0x01, 0x04, 0x00});
      ASSERT_NE(at, std::string::npos);
      Patch(tif, at + 8, 14000, 2, false);
    }
    bomb("bomb-dims.tif", tif);
  }
  {
    // An animated GIF of 400 frames of 1000x1000 (a frame bomb).
    GifOptions many;
    many.extra_frames = 399;
    Bytes frame(1000 * 1000, 1);
    Write(uploads_, "many-frames.gif",
          EncodeGif(frame, 1000, 1000, grey_palette, many));
  }
  if (known.count("k.heic")) {
    bomb("bomb-cut.heic",
         Bytes(known["k.heic"].begin(),
               known["k.heic"].begin() + known["k.heic"].size() / 3));
  }
  for (const auto& [name, bytes] : known) Write(uploads_, name, bytes);

  const size_t files = size_t(std::distance(fs::directory_iterator(uploads_),
                                            fs::directory_iterator()));
  // 1.5 GB of address space for the whole process (and a CPU bound).
  const std::string script =
      "ulimit -v 1572864 && ulimit -t 300 && exec \"$@\"";
  r = RunProcess({"/bin/sh", "-c", script, "sh", BinaryPath("vigil"), "--db",
                  db_, "scan", "--threads", "2", "--progress", "never",
                  uploads_});
  EXPECT_TRUE(r.exit_code == 1 || r.exit_code == 3)
      << "exit " << r.exit_code << ": " << r.err;
  std::map<std::string, int> lines;
  std::map<std::string, nlohmann::json> by_name;
  for (const nlohmann::json& j : JsonLines(r.out)) {
    const std::string name =
        fs::path(j["path"].get<std::string>()).filename().string();
    ++lines[name];
    by_name[name] = j;
  }
  EXPECT_EQ(lines.size(), files);
  for (const auto& entry : fs::directory_iterator(uploads_)) {
    const std::string name = entry.path().filename().string();
    EXPECT_EQ(lines[name], 1) << name;
  }
  for (const auto& [name, bytes] : known) {
    EXPECT_EQ(by_name[name]["status"], "match") << by_name[name].dump();
  }
  for (const std::string& name : copies) {
    const nlohmann::json& j = by_name[name];
    EXPECT_TRUE(j["status"] == "match" || j["status"] == "error")
        << name << ": " << j.dump();
  }
  for (const std::string& name : must_fail) {
    EXPECT_EQ(by_name[name]["status"], "error")
        << name << ": " << by_name[name].dump();
  }
  EXPECT_NE(by_name["bomb-196mp.png"]["status"], nullptr);
  EXPECT_NE(by_name["many-frames.gif"]["status"], nullptr);
}

}  // namespace
}  // namespace vigil
