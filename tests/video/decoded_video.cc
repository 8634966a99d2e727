// Copyright 2026 The Vigil Authors.

#include "video/decoded_video.h"

#include <memory>
#include <utility>

namespace vigil::testing {

DecodedVideo DecodeAll(std::span<const uint8_t> bytes,
                       const VideoDecodeOptions& options) {
  DecodedVideo out;
  Result<std::unique_ptr<VideoReader>> reader = OpenVideo(bytes, options);
  if (!reader.ok()) {
    out.status = reader.status();
    return out;
  }
  out.info = (*reader)->info();
  VideoFrame frame;
  while (true) {
    Result<bool> got = (*reader)->Next(&frame);
    if (!got.ok()) {
      out.status = got.status();
      return out;
    }
    if (!*got) break;
    out.numbers.push_back(frame.frame_number);
    out.timestamps.push_back(frame.timestamp);
    out.width = frame.width;
    out.height = frame.height;
    std::vector<uint8_t> packed;
    for (int y = 0; y < frame.height; ++y) {
      const uint8_t* row =
          frame.rgb.data() + static_cast<size_t>(y) * frame.stride;
      packed.insert(packed.end(), row,
                    row + static_cast<size_t>(frame.width) * 3);
    }
    out.pixels.push_back(std::move(packed));
  }
  out.info = (*reader)->info();
  out.decoded = (*reader)->decoded_frames();
  return out;
}

VideoDecodeOptions EveryFrame() {
  VideoDecodeOptions options;
  options.frames_per_second = 0;
  return options;
}

}  // namespace vigil::testing
