// Copyright 2026 The Vigil Authors.
//
// Benign synthetic test videos, encoded on the fly with FFmpeg's native
// encoders (mpeg4, gif), so that video tests need no stored media: a smooth
// moving pattern, optionally framed by black bars.

#ifndef VIGIL_TESTS_VIDEO_SYNTHETIC_VIDEO_H_
#define VIGIL_TESTS_VIDEO_SYNTHETIC_VIDEO_H_

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::testing {

struct SyntheticVideoSpec {
  // Size of the content (without bars). Even numbers.
  int width = 160;
  int height = 120;
  int frames = 60;
  int fps = 30;
  // Keyframe interval and B-frames between references (mpeg4 only).
  int gop = 12;
  int b_frames = 2;
  // Muxer name: "mp4", "mov", "avi", "matroska", "webm" (VP8), "gif".
  std::string container = "mp4";
  // Black bars added around the content (even numbers).
  int bar_left = 0;
  int bar_top = 0;
  int bar_right = 0;
  int bar_bottom = 0;
  // Selects a different pattern (different content).
  int seed = 0;
  // Draws a "logo" over the content: a black ring with a white centre over
  // the middle of the top half (x 20-80%, y 5-45% of the content), as the
  // large-logo conformance samples do.
  bool logo = false;
};

// Draws content frame `n` of `spec` (width x height RGB, no bars).
std::vector<uint8_t> DrawSyntheticFrame(const SyntheticVideoSpec& spec, int n);

// Encodes the video and returns the file's bytes; empty on failure (the
// reason is added as a test failure).
std::vector<uint8_t> EncodeSyntheticVideo(const SyntheticVideoSpec& spec);

// The frames of `spec` (size, bars, logo, seed; 1000 / fps ms each) as an
// animated WebP made with libwebp's WebPAnimEncoder, lossless so that the
// decoded frames equal the drawn ones. Empty on failure.
std::vector<uint8_t> EncodeSyntheticWebpAnimation(
    const SyntheticVideoSpec& spec);

// The frame numbers (presentation order, from 0) of the keyframes of an
// encoded video, as its container marks them; empty on failure.
std::vector<int64_t> KeyframeNumbers(const std::vector<uint8_t>& bytes,
                                     const std::string& container);

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_VIDEO_SYNTHETIC_VIDEO_H_
