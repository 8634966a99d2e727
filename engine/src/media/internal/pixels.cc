// Copyright 2026 The Vigil Authors.

#include <new>
#include <string>

#include "media/internal/decoders.h"

namespace vigil::internal {

Status CheckDimensions(std::string_view format, uint64_t width, uint64_t height,
                       const ImageLimits& limits) {
  std::string size = std::to_string(width) + "x" + std::to_string(height);
  if (width == 0 || height == 0) {
    return CorruptInputError(std::string(format) + ": image size " + size +
                             " is empty");
  }
  if (width > limits.max_dimension || height > limits.max_dimension) {
    return LimitExceededError(std::string(format) + ": image " + size +
                              " exceeds max_dimension " +
                              std::to_string(limits.max_dimension));
  }
  if (width * height > limits.max_pixels) {
    return LimitExceededError(std::string(format) + ": image " + size +
                              " exceeds max_pixels " +
                              std::to_string(limits.max_pixels));
  }
  return Status::OK();
}

Status AllocateImage(std::string_view format, int width, int height,
                     PixelFormat pixel_format, Image* image) {
  image->width = width;
  image->height = height;
  image->format = pixel_format;
  image->alpha.clear();  // a decoder that keeps alpha sets it afterwards
  if (image->source_width == 0) {
    image->source_width = width;
    image->source_height = height;
  }
  size_t bytes = static_cast<size_t>(width) * static_cast<size_t>(height) *
                 static_cast<size_t>(PixelFormatChannels(pixel_format));
  try {
    image->pixels.resize(bytes);
  } catch (const std::bad_alloc&) {
    return LimitExceededError(std::string(format) + ": cannot allocate " +
                              std::to_string(bytes) + " bytes of pixels");
  }
  return Status::OK();
}

void RgbToLuma(const uint8_t* rgb, size_t pixel_count, uint8_t* out) {
  for (size_t i = 0; i < pixel_count; ++i) {
    out[i] = Luma(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
  }
}

}  // namespace vigil::internal
