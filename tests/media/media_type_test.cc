// Copyright 2026 The Vigil Authors.

#include "vigil/media_type.h"

#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::vigil::testing::StatusIs;

std::vector<uint8_t> Bytes(const std::string& s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

// An ISO BMFF 'ftyp' box with `major` and `compatible` brands.
std::vector<uint8_t> Ftyp(const std::string& major,
                          const std::vector<std::string>& compatible) {
  std::string box = major + std::string("\0\0\0\0", 4);
  for (const std::string& c : compatible) box += c;
  uint32_t size = uint32_t(box.size() + 8);
  std::string head = {char(size >> 24), char(size >> 16), char(size >> 8),
                      char(size)};
  return Bytes(head + "ftyp" + box +
               std::string("\0\0\0\x08"
                           "mdat",
                           8));
}

TEST(MediaTypeTest, SniffsImageMagic) {
  EXPECT_EQ(SniffMediaType(Bytes("\xFF\xD8\xFF\xE0")), MediaType::kJpeg);
  EXPECT_EQ(SniffMediaType(Bytes("\x89PNG\r\n\x1a\n....")), MediaType::kPng);
  EXPECT_EQ(SniffMediaType(Bytes("GIF87a....")), MediaType::kGif);
  EXPECT_EQ(SniffMediaType(Bytes("GIF89a....")), MediaType::kGif);
  EXPECT_EQ(SniffMediaType(Bytes(std::string("RIFF\0\0\0\0WEBPVP8 ", 16))),
            MediaType::kWebp);
  EXPECT_EQ(SniffMediaType(Bytes(std::string("II*\0\x08\0\0\0", 8))),
            MediaType::kTiff);
  EXPECT_EQ(SniffMediaType(Bytes(std::string("MM\0*\0\0\0\x08", 8))),
            MediaType::kTiff);
  EXPECT_EQ(SniffMediaType(Bytes(std::string("II+\0\x08\0\0\0", 8))),
            MediaType::kTiff);
  std::vector<uint8_t> bmp =
      testing::EncodeBmp(std::vector<uint8_t>(12), 2, 2, 24);
  EXPECT_EQ(SniffMediaType(bmp), MediaType::kBmp);
  EXPECT_EQ(SniffMediaType(Ftyp("heic", {"mif1", "heic"})), MediaType::kHeic);
  EXPECT_EQ(SniffMediaType(Ftyp("mif1", {"mif1", "heic"})), MediaType::kHeic);
  EXPECT_EQ(SniffMediaType(Ftyp("avif", {"mif1", "miaf"})), MediaType::kAvif);
  EXPECT_EQ(SniffMediaType(Ftyp("mif1", {"avif", "miaf"})), MediaType::kAvif);
  EXPECT_EQ(SniffMediaType(Ftyp("mif1", {"mif1", "miaf"})), MediaType::kHeif);
}

TEST(MediaTypeTest, SniffsVideoContainers) {
  EXPECT_EQ(SniffMediaType(Ftyp("isom", {"isom", "iso2", "avc1", "mp41"})),
            MediaType::kMp4);
  EXPECT_EQ(SniffMediaType(Ftyp("mp42", {"mp42", "isom"})), MediaType::kMp4);
  EXPECT_EQ(SniffMediaType(Ftyp("qt  ", {"qt  "})), MediaType::kQuickTime);
  EXPECT_EQ(SniffMediaType(Bytes(std::string("\0\0\0\x10moov....", 12))),
            MediaType::kQuickTime);
  EXPECT_EQ(SniffMediaType(Bytes("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82"
                                 "\x88matroska")),
            MediaType::kMatroska);
  EXPECT_EQ(SniffMediaType(Bytes("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82"
                                 "\x84webm")),
            MediaType::kWebm);
  EXPECT_EQ(SniffMediaType(Bytes(std::string("RIFF\0\0\0\0AVI LIST", 16))),
            MediaType::kAvi);
  for (MediaType t :
       {MediaType::kMp4, MediaType::kQuickTime, MediaType::kMatroska,
        MediaType::kWebm, MediaType::kAvi}) {
    EXPECT_TRUE(MediaTypeIsVideo(t));
    EXPECT_FALSE(MediaTypeIsImage(t));
  }
}

TEST(MediaTypeTest, UnknownAndShortInputs) {
  EXPECT_EQ(SniffMediaType({}), MediaType::kUnknown);
  EXPECT_EQ(SniffMediaType(Bytes("\xFF\xD8")), MediaType::kUnknown);
  EXPECT_EQ(SniffMediaType(Bytes("hello world")), MediaType::kUnknown);
  EXPECT_EQ(SniffMediaType(Bytes("BMW is a car make, not a bitmap")),
            MediaType::kUnknown);
  EXPECT_EQ(SniffMediaType(Bytes(std::string("RIFF\0\0\0\0WAVEfmt ", 16))),
            MediaType::kUnknown);
  EXPECT_EQ(SniffMediaType(Bytes(std::string("\0\0\0\x04"
                                             "ftypisom",
                                             12))),
            MediaType::kUnknown);  // ftyp box too small to hold brands
}

TEST(MediaTypeTest, NamesMimesAndNumbers) {
  EXPECT_STREQ(MediaTypeMime(MediaType::kJpeg), "image/jpeg");
  EXPECT_STREQ(MediaTypeMime(MediaType::kWebm), "video/webm");
  EXPECT_STREQ(MediaTypeMime(MediaType::kUnknown), "application/octet-stream");
  EXPECT_STREQ(MediaTypeMime(static_cast<MediaType>(200)),
               "application/octet-stream");
  EXPECT_STREQ(MediaTypeName(MediaType::kAvif), "avif");
  // Persisted numbers: never renumber.
  EXPECT_EQ(static_cast<int>(MediaType::kJpeg), 1);
  EXPECT_EQ(static_cast<int>(MediaType::kHeif), 9);
  EXPECT_EQ(static_cast<int>(MediaType::kMp4), 32);
  EXPECT_EQ(static_cast<int>(MediaType::kAvi), 36);
  for (int v = 0; v < 256; ++v) {
    Result<MediaType> t = MediaTypeFromByte(uint8_t(v));
    if (t.ok()) {
      EXPECT_EQ(static_cast<int>(*t), v);
      EXPECT_TRUE(v == 0 || MediaTypeIsImage(*t) || MediaTypeIsVideo(*t));
      EXPECT_STRNE(MediaTypeName(*t), v == 0 ? "x" : "unknown");
    } else {
      EXPECT_THAT(t, StatusIs(StatusCode::kCorruptInput, ::testing::_));
    }
  }
}

}  // namespace
}  // namespace vigil
