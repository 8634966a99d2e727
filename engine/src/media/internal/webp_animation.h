// Copyright 2026 The Vigil Authors.
//
// Animated WebP read as a video (webp_animation.cc).

#ifndef VIGIL_MEDIA_INTERNAL_WEBP_ANIMATION_H_
#define VIGIL_MEDIA_INTERNAL_WEBP_ANIMATION_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "vigil/result.h"
#include "vigil/video.h"

namespace vigil::internal {

// A reader over the frames of an animated WebP held in `owned` (when not
// empty) or else in `bytes` (borrowed: must outlive the reader). Errors:
// kUnsupportedFormat (a still WebP), kCorruptInput, kLimitExceeded (canvas,
// frame count, duration; decode time from Next()).
Result<std::unique_ptr<VideoReader>> OpenWebpAnimation(
    std::vector<uint8_t> owned, std::span<const uint8_t> bytes,
    const VideoDecodeOptions& options);

}  // namespace vigil::internal

#endif  // VIGIL_MEDIA_INTERNAL_WEBP_ANIMATION_H_
