// Copyright 2026 The Vigil Authors.
//
// File: vigil/media_type.h
// -----------------------------------------------------------------------------
// What kind of media a byte string holds, decided from its magic bytes only
// (never from a file name or a caller's claim), so that a JPEG renamed
// "x.png" is still a JPEG and a video is routed to the video path.
//
//   MediaType t = SniffMediaType(bytes);   // MediaType::kJpeg
//   MediaTypeMime(t);                      // "image/jpeg"
//   MediaTypeIsImage(t);                   // true
//
// Thread-safety: pure functions.

#ifndef VIGIL_MEDIA_TYPE_H_
#define VIGIL_MEDIA_TYPE_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "vigil/export.h"
#include "vigil/result.h"

namespace vigil {

// Persisted in error records, takedown events and the C API: NEVER renumber
// an existing value, and never reuse a retired one. Images are 1..31,
// videos 32..63.
enum class MediaType : uint8_t {
  kUnknown = 0,  // no known magic
  kJpeg = 1,     // FF D8 FF
  kPng = 2,      // 89 'PNG' 0D 0A 1A 0A
  kWebp = 3,     // 'RIFF' <size> 'WEBP'
  kGif = 4,      // 'GIF87a' / 'GIF89a'
  kBmp = 5,      // 'BM' with a known DIB header size
  kTiff = 6,     // 'II*\0' / 'MM\0*' (and BigTIFF 'II+\0' / 'MM\0+')
  kHeic = 7,     // ISO BMFF 'ftyp' with an HEVC image brand (heic, heix, ...)
  kAvif = 8,     // ISO BMFF 'ftyp' with brand avif / avis
  kHeif = 9,     // ISO BMFF 'ftyp' with only the generic mif1 / msf1 brands
  kMp4 = 32,     // ISO BMFF 'ftyp' of any other brand (isom, mp42, 3gp, ...)
  kQuickTime = 33,  // 'ftyp' brand 'qt  ', or a bare moov/mdat/wide atom
  kMatroska = 34,   // EBML header, DocType "matroska"
  kWebm = 35,       // EBML header, DocType "webm"
  kAvi = 36,        // 'RIFF' <size> 'AVI '
};

// True for the still-image types (kJpeg .. kHeif).
VIGIL_EXPORT bool MediaTypeIsImage(MediaType type);
// True for the video container types (kMp4 .. kAvi).
VIGIL_EXPORT bool MediaTypeIsVideo(MediaType type);

// MIME type: "image/jpeg", "image/png", "image/webp", "image/gif",
// "image/bmp", "image/tiff", "image/heic", "image/avif", "image/heif",
// "video/mp4", "video/quicktime", "video/x-matroska", "video/webm",
// "video/x-msvideo"; "application/octet-stream" for kUnknown and for values
// outside the enum. Never null.
VIGIL_EXPORT const char* MediaTypeMime(MediaType type);

// Short lowercase name: "jpeg", "png", "webp", "gif", "bmp", "tiff", "heic",
// "avif", "heif", "mp4", "quicktime", "matroska", "webm", "avi", "unknown".
VIGIL_EXPORT const char* MediaTypeName(MediaType type);

// Parses the persisted number. Error: kCorruptInput for an unknown value.
VIGIL_EXPORT Result<MediaType> MediaTypeFromByte(uint8_t value);

// Decides the media type from the first bytes of `bytes` (at most the first
// 4 KiB are looked at). Returns kUnknown when no known signature matches,
// including for an empty span. Never fails.
VIGIL_EXPORT MediaType SniffMediaType(std::span<const uint8_t> bytes);

}  // namespace vigil

#endif  // VIGIL_MEDIA_TYPE_H_
