// Copyright 2026 The Vigil Authors.

#include "vigil/media_type.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>

#include "vigil/status.h"

namespace vigil {
namespace {

bool StartsWith(std::span<const uint8_t> b, std::string_view magic,
                size_t offset = 0) {
  if (b.size() < offset + magic.size()) return false;
  return std::memcmp(b.data() + offset, magic.data(), magic.size()) == 0;
}

uint32_t ReadBe32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
         (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

uint32_t ReadLe32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) |
         (uint32_t{p[3]} << 24);
}

// ISO BMFF (ISO/IEC 14496-12 4.3): the 'ftyp' box lists a major brand and
// compatible brands; HEIF (ISO/IEC 23008-12) and AVIF images are told from
// MP4/MOV video by those brands.
MediaType SniffFtyp(std::span<const uint8_t> b) {
  uint64_t box_size = ReadBe32(b.data());
  if (box_size < 16) return MediaType::kUnknown;
  box_size = std::min<uint64_t>(box_size, std::min<size_t>(b.size(), 4096));
  // Brands: major at 8, minor version at 12, compatible from 16.
  bool avif = false, heic = false, heif = false, qt = false;
  auto look = [&](const uint8_t* p) {
    std::string_view brand(reinterpret_cast<const char*>(p), 4);
    if (brand == "avif" || brand == "avis") avif = true;
    if (brand == "heic" || brand == "heix" || brand == "heim" ||
        brand == "heis" || brand == "hevc" || brand == "hevx") {
      heic = true;
    }
    if (brand == "mif1" || brand == "msf1") heif = true;
    if (brand == "qt  ") qt = true;
  };
  look(b.data() + 8);
  for (uint64_t off = 16; off + 4 <= box_size; off += 4) look(b.data() + off);
  // The major brand decides between image kinds when several are listed.
  std::string_view major(reinterpret_cast<const char*>(b.data() + 8), 4);
  if (major == "avif" || major == "avis") return MediaType::kAvif;
  if (heic && !avif) return MediaType::kHeic;
  if (avif && !heic) return MediaType::kAvif;
  if (heic) return MediaType::kHeic;
  if (heif) return MediaType::kHeif;
  if (qt) return MediaType::kQuickTime;
  return MediaType::kMp4;
}

// Matroska / WebM (RFC 9559): an EBML header element 1A 45 DF A3 whose
// DocType element (42 82) says "webm" or "matroska".
MediaType SniffEbml(std::span<const uint8_t> b) {
  size_t limit = std::min<size_t>(b.size(), 64);
  std::string_view head(reinterpret_cast<const char*>(b.data()), limit);
  size_t doc = head.find("\x42\x82");
  if (doc != std::string_view::npos) {
    std::string_view rest = head.substr(doc);
    if (rest.find("webm") != std::string_view::npos) return MediaType::kWebm;
  }
  return MediaType::kMatroska;
}

// BMP: 'BM', then the DIB header size at offset 14 must be one of the known
// header versions, which rejects random text starting with "BM".
bool LooksLikeBmp(std::span<const uint8_t> b) {
  if (!StartsWith(b, "BM") || b.size() < 18) return false;
  uint32_t dib = ReadLe32(b.data() + 14);
  return dib == 12 || dib == 16 || dib == 40 || dib == 52 || dib == 56 ||
         dib == 64 || dib == 108 || dib == 124;
}

}  // namespace

bool MediaTypeIsImage(MediaType type) {
  uint8_t v = static_cast<uint8_t>(type);
  return v >= 1 && v <= 9;
}

bool MediaTypeIsVideo(MediaType type) {
  uint8_t v = static_cast<uint8_t>(type);
  return v >= 32 && v <= 36;
}

const char* MediaTypeMime(MediaType type) {
  switch (type) {
    case MediaType::kJpeg:
      return "image/jpeg";
    case MediaType::kPng:
      return "image/png";
    case MediaType::kWebp:
      return "image/webp";
    case MediaType::kGif:
      return "image/gif";
    case MediaType::kBmp:
      return "image/bmp";
    case MediaType::kTiff:
      return "image/tiff";
    case MediaType::kHeic:
      return "image/heic";
    case MediaType::kAvif:
      return "image/avif";
    case MediaType::kHeif:
      return "image/heif";
    case MediaType::kMp4:
      return "video/mp4";
    case MediaType::kQuickTime:
      return "video/quicktime";
    case MediaType::kMatroska:
      return "video/x-matroska";
    case MediaType::kWebm:
      return "video/webm";
    case MediaType::kAvi:
      return "video/x-msvideo";
    case MediaType::kUnknown:
      break;
  }
  return "application/octet-stream";
}

const char* MediaTypeName(MediaType type) {
  switch (type) {
    case MediaType::kJpeg:
      return "jpeg";
    case MediaType::kPng:
      return "png";
    case MediaType::kWebp:
      return "webp";
    case MediaType::kGif:
      return "gif";
    case MediaType::kBmp:
      return "bmp";
    case MediaType::kTiff:
      return "tiff";
    case MediaType::kHeic:
      return "heic";
    case MediaType::kAvif:
      return "avif";
    case MediaType::kHeif:
      return "heif";
    case MediaType::kMp4:
      return "mp4";
    case MediaType::kQuickTime:
      return "quicktime";
    case MediaType::kMatroska:
      return "matroska";
    case MediaType::kWebm:
      return "webm";
    case MediaType::kAvi:
      return "avi";
    case MediaType::kUnknown:
      break;
  }
  return "unknown";
}

Result<MediaType> MediaTypeFromByte(uint8_t value) {
  MediaType type = static_cast<MediaType>(value);
  if (value == 0 || MediaTypeIsImage(type) || MediaTypeIsVideo(type)) {
    return type;
  }
  return CorruptInputError("unknown media type number " +
                           std::to_string(value));
}

MediaType SniffMediaType(std::span<const uint8_t> b) {
  if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
    return MediaType::kJpeg;
  }
  if (StartsWith(b, "\x89PNG\r\n\x1a\n")) return MediaType::kPng;
  if (StartsWith(b, "GIF87a") || StartsWith(b, "GIF89a")) {
    return MediaType::kGif;
  }
  if (StartsWith(b, "RIFF") && b.size() >= 12) {
    if (StartsWith(b, "WEBP", 8)) return MediaType::kWebp;
    if (StartsWith(b, "AVI ", 8)) return MediaType::kAvi;
    return MediaType::kUnknown;
  }
  if (StartsWith(b, std::string_view("II*\0", 4)) ||
      StartsWith(b, std::string_view("MM\0*", 4)) ||
      StartsWith(b, std::string_view("II+\0", 4)) ||
      StartsWith(b, std::string_view("MM\0+", 4))) {
    return MediaType::kTiff;
  }
  if (LooksLikeBmp(b)) return MediaType::kBmp;
  if (StartsWith(b, "ftyp", 4) && b.size() >= 12) return SniffFtyp(b);
  // QuickTime files from before 'ftyp' start straight with a top-level atom.
  if (b.size() >= 8 && (StartsWith(b, "moov", 4) || StartsWith(b, "mdat", 4) ||
                        StartsWith(b, "wide", 4))) {
    return MediaType::kQuickTime;
  }
  if (StartsWith(b, "\x1a\x45\xdf\xa3")) return SniffEbml(b);
  return MediaType::kUnknown;
}

}  // namespace vigil
