// Copyright 2026 The Vigil Authors.

#include "vigil/image.h"

#include <exception>
#include <new>
#include <string>
#include <utility>

#include "media/internal/decoders.h"

namespace vigil {

int PixelFormatChannels(PixelFormat format) {
  return format == PixelFormat::kLuma8 ? 1 : 3;
}

ImageDecoder::~ImageDecoder() = default;

namespace internal {

Status DecodeInto(MediaType type, Bytes bytes, const DecodeOptions& options,
                  Image* image) {
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
  // Everything but the pixel vector's capacity starts afresh.
  image->width = image->height = 0;
  image->format = options.format;
  image->media_type = type;
  image->source_width = image->source_height = 0;
  image->exif_orientation = 0;
  image->frame_count_hint = 0;
  image->completeness = Status::OK();
  // Decoders do not throw, but the standard library may (bad_alloc in a
  // small allocation); nothing may escape the library boundary.
  Status status;
  try {
    switch (type) {
      case MediaType::kJpeg:
        status = DecodeJpeg(bytes, options, image);
        break;
      case MediaType::kPng:
        status = DecodePng(bytes, options, image);
        break;
      case MediaType::kWebp:
        status = DecodeWebp(bytes, options, image);
        break;
      case MediaType::kGif:
        status = DecodeGif(bytes, options, image);
        break;
      case MediaType::kBmp:
        status = DecodeBmp(bytes, options, image);
        break;
      case MediaType::kTiff:
        status = DecodeTiff(bytes, options, image);
        break;
      case MediaType::kHeic:
      case MediaType::kHeif:
      case MediaType::kAvif:
        status = DecodeHeif(bytes, options, image);
        break;
      default:
        if (MediaTypeIsVideo(type)) {
          return UnsupportedFormatError(std::string(MediaTypeName(type)) +
                                        ": a video container, not an image");
        }
        return UnsupportedFormatError("unknown image format");
    }
  } catch (const std::bad_alloc&) {
    status = LimitExceededError(std::string(MediaTypeName(type)) +
                                ": out of memory");
  } catch (const std::exception& e) {
    status = InternalError(std::string(MediaTypeName(type)) + ": " + e.what());
  }
  if (!status.ok()) {
    image->width = image->height = 0;
    image->pixels.clear();
    image->alpha.clear();
  }
  return status;
}

Result<Image> DecodeAs(MediaType type, Bytes bytes,
                       const DecodeOptions& options) {
  Image image;
  Status status = DecodeInto(type, bytes, options, &image);
  if (!status.ok()) return status;
  return image;
}

}  // namespace internal

Status DecodeImageInto(std::span<const uint8_t> bytes,
                       const DecodeOptions& options, Image* image) {
  MediaType type = SniffMediaType(bytes);
  if (type == MediaType::kUnknown) {
    image->width = image->height = 0;
    image->pixels.clear();
    image->alpha.clear();
    return UnsupportedFormatError(
        bytes.empty() ? "empty input"
                      : "unknown format (no known magic bytes)");
  }
  return internal::DecodeInto(type, bytes, options, image);
}

Result<Image> DecodeImage(std::span<const uint8_t> bytes,
                          const DecodeOptions& options) {
  Image image;
  Status status = DecodeImageInto(bytes, options, &image);
  if (!status.ok()) return status;
  return image;
}

Status ImageDecoder::DecodeInto(std::span<const uint8_t> bytes,
                                const DecodeOptions& options,
                                Image* image) const {
  Result<Image> decoded = Decode(bytes, options);
  if (!decoded.ok()) return decoded.status();
  *image = std::move(decoded).value();
  return Status::OK();
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
  Status DecodeInto(std::span<const uint8_t> bytes,
                    const DecodeOptions& options, Image* image) const override {
    return DecodeImageInto(bytes, options, image);
  }
};

}  // namespace

const ImageDecoder& DefaultImageDecoder() {
  // Never destroyed, so it outlives every static user.
  static const LibraryImageDecoder* const decoder = new LibraryImageDecoder();
  return *decoder;
}

}  // namespace vigil
