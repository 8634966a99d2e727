// Copyright 2026 The Vigil Authors.

#include "contract.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace vigil::fuzz {

void Violation(const char* what, const Status& status) {
  std::fprintf(stderr, "contract violation: %s (%s)\n", what,
               status.ToString().c_str());
  std::abort();
}

void CheckError(const Status& s, StatusCode expected) {
  if (s.code() != expected) Violation("unexpected error code", s);
  if (s.message().empty()) Violation("empty message", s);
}

void CheckDecodeError(const Status& s) {
  const StatusCode code = s.code();
  if (code != StatusCode::kUnsupportedFormat &&
      code != StatusCode::kCorruptInput && code != StatusCode::kLimitExceeded) {
    Violation("unexpected error code", s);
  }
  if (s.message().empty()) Violation("empty message", s);
}

void CheckVideoFrame(const VideoFrame& frame, int max_width, int max_height) {
  if (frame.width < 1 || frame.height < 1 || frame.width > max_width ||
      frame.height > max_height || frame.stride < size_t(frame.width) * 3 ||
      frame.rgb.size() <
          (size_t(frame.height) - 1) * frame.stride + size_t(frame.width) * 3) {
    Violation("inconsistent frame", {});
  }
  volatile uint8_t sink = 0;
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width * 3; ++x) {
      sink = sink ^ frame.rgb[size_t(y) * frame.stride + size_t(x)];
    }
  }
  (void)sink;
}

}  // namespace vigil::fuzz
