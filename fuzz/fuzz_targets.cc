// Copyright 2026 The Vigil Authors.

#include "fuzz_targets.h"
#include "contract.h"

#include <span>

#include "media/internal/decoders.h"
#include "media/internal/webp_animation.h"
#include "vigil/image.h"
#include "vigil/video.h"

namespace vigil::fuzz {
namespace {

// Options vary with the input size so that one corpus exercises RGB, luma
// and DCT-scaled decodes. Limits are small enough to keep libFuzzer's
// memory and time per input low.
DecodeOptions OptionsFor(size_t size) {
  DecodeOptions options;
  options.limits.max_pixels = 4'000'000;
  options.limits.max_dimension = 16384;
  switch (size % 3) {
    case 1:
      options.format = PixelFormat::kLuma8;
      break;
    case 2:
      options.format = PixelFormat::kLuma8;
      options.jpeg_min_side = 8;
      break;
    default:
      break;
  }
  return options;
}

void Check(const Result<Image>& r, const DecodeOptions& options) {
  if (!r.ok()) {
    CheckDecodeError(r.status());
    return;
  }
  const Image& image = *r;
  if (image.width <= 0 || image.height <= 0) Violation("empty image", {});
  if (uint64_t(image.width) * uint64_t(image.height) >
      options.limits.max_pixels) {
    Violation("image above max_pixels", {});
  }
  if (image.format != options.format) Violation("wrong pixel format", {});
  size_t expected = size_t(image.width) * size_t(image.height) *
                    size_t(PixelFormatChannels(image.format));
  if (image.pixels.size() != expected) Violation("wrong pixel count", {});
  if (image.exif_orientation < 0 || image.exif_orientation > 8) {
    Violation("bad orientation", {});
  }
  if (image.source_width < image.width || image.source_height < image.height) {
    Violation("source smaller than output", {});
  }
  // Touch every byte so that ASan/MSan see uninitialised or freed memory.
  volatile uint8_t sink = 0;
  for (uint8_t v : image.pixels) sink = sink ^ v;
  (void)sink;
}

}  // namespace

int FuzzSniff(const uint8_t* data, size_t size) {
  MediaType type = SniffMediaType(std::span<const uint8_t>(data, size));
  if (MediaTypeIsImage(type) && MediaTypeIsVideo(type)) {
    Violation("image and video", {});
  }
  if (MediaTypeMime(type) == nullptr || MediaTypeName(type) == nullptr) {
    Violation("null name", {});
  }
  return 0;
}

int FuzzDecodeImage(const uint8_t* data, size_t size) {
  DecodeOptions options = OptionsFor(size);
  Check(DecodeImage(std::span<const uint8_t>(data, size), options), options);
  return 0;
}

int FuzzDecodeAs(MediaType type, const uint8_t* data, size_t size) {
  DecodeOptions options = OptionsFor(size);
  Check(internal::DecodeAs(type, std::span<const uint8_t>(data, size), options),
        options);
  return 0;
}

int FuzzWebpAnimation(const uint8_t* data, size_t size) {
  VideoDecodeOptions options;
  options.frames_per_second = 0;
  options.remove_bars = size % 2 == 1;
  options.limits.max_pixels = 4'000'000;
  options.limits.max_frames = 2000;
  options.limits.max_decode_seconds = 10;
  Result<std::unique_ptr<VideoReader>> reader = internal::OpenWebpAnimation(
      {}, std::span<const uint8_t>(data, size), options);
  if (!reader.ok()) {
    CheckDecodeError(reader.status());
    return 0;
  }
  const VideoInfo& info = (*reader)->info();
  VideoFrame frame;
  int64_t last = -1;
  while (true) {
    Result<bool> got = (*reader)->Next(&frame);
    if (!got.ok()) {
      CheckDecodeError(got.status());
      return 0;
    }
    if (!*got) break;
    if (frame.frame_number <= last) Violation("frame numbers not rising", {});
    last = frame.frame_number;
    CheckVideoFrame(frame, info.width, info.height);
  }
  return 0;
}

int FuzzExif(const uint8_t* data, size_t size) {
  int o = internal::ParseExifOrientation(std::span<const uint8_t>(data, size));
  if (o < 0 || o > 8) Violation("bad orientation", {});
  return 0;
}

}  // namespace vigil::fuzz
