// Copyright 2026 The Vigil Authors.

#include "vigil/image.h"

#include <exception>
#include <string>

#include "media/internal/decoders.h"

namespace vigil {

int PixelFormatChannels(PixelFormat format) {
  return format == PixelFormat::kLuma8 ? 1 : 3;
}

ImageDecoder::~ImageDecoder() = default;

namespace internal {

Result<Image> DecodeAs(MediaType type, Bytes bytes,
                       const DecodeOptions& options) {
  if (bytes.size() > options.limits.max_file_bytes) {
    return LimitExceededError(std::string(MediaTypeName(type)) + ": input of " +
                              std::to_string(bytes.size()) +
                              " bytes exceeds max_file_bytes " +
                              std::to_string(options.limits.max_file_bytes));
  }
  if (options.format != PixelFormat::kRgb8 &&
      options.format != PixelFormat::kLuma8) {
    return InvalidArgumentError("unknown pixel format");
  }
  // Decoders do not throw, but the standard library may (bad_alloc in a
  // small allocation); nothing may escape the library boundary.
  try {
    switch (type) {
      case MediaType::kJpeg:
        return DecodeJpeg(bytes, options);
      case MediaType::kPng:
        return DecodePng(bytes, options);
      case MediaType::kWebp:
        return DecodeWebp(bytes, options);
      case MediaType::kGif:
        return DecodeGif(bytes, options);
      case MediaType::kBmp:
        return DecodeBmp(bytes, options);
      case MediaType::kTiff:
        return DecodeTiff(bytes, options);
      case MediaType::kHeic:
      case MediaType::kHeif:
      case MediaType::kAvif:
        return DecodeHeif(bytes, options);
      default:
        break;
    }
  } catch (const std::bad_alloc&) {
    return LimitExceededError(std::string(MediaTypeName(type)) +
                              ": out of memory");
  } catch (const std::exception& e) {
    return InternalError(std::string(MediaTypeName(type)) + ": " + e.what());
  }
  if (MediaTypeIsVideo(type)) {
    return UnsupportedFormatError(std::string(MediaTypeName(type)) +
                                  ": a video container, not an image");
  }
  return UnsupportedFormatError("unknown image format");
}

}  // namespace internal

Result<Image> DecodeImage(std::span<const uint8_t> bytes,
                          const DecodeOptions& options) {
  MediaType type = SniffMediaType(bytes);
  if (type == MediaType::kUnknown) {
    return UnsupportedFormatError(
        bytes.empty() ? "empty input"
                      : "unknown format (no known magic bytes)");
  }
  return internal::DecodeAs(type, bytes, options);
}

bool CanDecodeImage(MediaType type) {
  switch (type) {
    case MediaType::kJpeg:
    case MediaType::kPng:
    case MediaType::kWebp:
    case MediaType::kGif:
    case MediaType::kBmp:
    case MediaType::kTiff:
      return true;
    case MediaType::kHeic:
    case MediaType::kHeif:
    case MediaType::kAvif:
      return internal::HeifCanDecode(type);
    default:
      return false;
  }
}

namespace {

class LibraryImageDecoder final : public ImageDecoder {
 public:
  Result<Image> Decode(std::span<const uint8_t> bytes,
                       const DecodeOptions& options) const override {
    return DecodeImage(bytes, options);
  }
};

}  // namespace

const ImageDecoder& DefaultImageDecoder() {
  // Never destroyed, so it outlives every static user.
  static const LibraryImageDecoder* const decoder = new LibraryImageDecoder();
  return *decoder;
}

}  // namespace vigil
