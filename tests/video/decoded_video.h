// Copyright 2026 The Vigil Authors.
//
// Test helper: every frame a VideoReader returns, copied out.

#ifndef VIGIL_TESTS_VIDEO_DECODED_VIDEO_H_
#define VIGIL_TESTS_VIDEO_DECODED_VIDEO_H_

#include <cstdint>
#include <span>
#include <vector>

#include "vigil/status.h"
#include "vigil/video.h"

namespace vigil::testing {

struct DecodedVideo {
  VideoInfo info;  // after the last frame (bars found, ...)
  std::vector<int64_t> numbers;
  std::vector<double> timestamps;
  std::vector<std::vector<uint8_t>> pixels;  // tightly packed RGB
  int width = 0;                             // of the last frame
  int height = 0;
  int64_t decoded = 0;
  Status status;  // the first error of OpenVideo() or Next()
};

// Opens `bytes` with OpenVideo() and reads every frame it returns.
DecodedVideo DecodeAll(std::span<const uint8_t> bytes,
                       const VideoDecodeOptions& options);

// Options that return every frame.
VideoDecodeOptions EveryFrame();

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_VIDEO_DECODED_VIDEO_H_
