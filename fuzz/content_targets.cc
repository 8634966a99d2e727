// Copyright 2026 The Vigil Authors.
//
// Fuzz entry points over the content path (vigil/content_hasher.h) and the
// video open path (vigil/video.h): animations and video containers.

#include <span>

#include "contract.h"
#include "fuzz_targets.h"
#include "vigil/content_hasher.h"
#include "vigil/video.h"

namespace vigil::fuzz {
namespace {

// Small limits: libFuzzer's memory and time per input stay low, and the
// limit paths are exercised too.
VideoLimits FuzzVideoLimits() {
  VideoLimits limits;
  limits.max_pixels = 4'000'000;
  limits.max_dimension = 4096;
  limits.max_frames = 600;
  limits.max_duration_seconds = 3600;
  limits.max_decode_seconds = 10;
  return limits;
}

}  // namespace

int FuzzAnimation(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  const MediaType type = SniffMediaType(bytes);
  if (type != MediaType::kGif && type != MediaType::kWebp) return 0;
  ContentHashOptions options;
  options.image.limits.max_pixels = 4'000'000;
  options.image.limits.max_dimension = 4096;
  options.video.limits = FuzzVideoLimits();
  // Every frame (the size picks the sampling so both paths run).
  options.video.frames_per_second = size % 2 == 0 ? 0 : 1;
  ContentHasher hasher(options);
  Result<ContentHashes> r = hasher.HashBytes(bytes);
  if (!r.ok()) Violation("HashBytes failed", r.status());
  const ContentHashes& h = *r;
  if (h.hashes.bytes != size) Violation("wrong size", {});
  if (h.hashes.media_type != type) Violation("wrong media type", {});
  if (h.hashes.image_status.ok() != h.hashes.pdq.has_value()) {
    Violation("pdq and image status disagree", h.hashes.image_status);
  }
  if (!h.hashes.image_status.ok()) {
    CheckDecodeError(h.hashes.image_status);
    if (h.video) Violation("frames without a first frame", {});
    if (h.PerceptualStatus().ok()) Violation("undecoded but checked", {});
  }
  if (h.video) {
    if (h.video->frames.size() < 2) Violation("animation of one frame", {});
    int64_t last = -1;
    for (const VpdqFrame& f : h.video->frames) {
      if (f.frame_number <= last) Violation("frame numbers not rising", {});
      if (f.quality < 0 || f.quality > 100) Violation("bad quality", {});
      last = f.frame_number;
    }
  }
  return 0;
}

int FuzzVideo(const uint8_t* data, size_t size) {
  VideoDecodeOptions options;
  options.limits = FuzzVideoLimits();
  options.frames_per_second = (size % 3 == 0) ? 0 : 1;
  options.skip_unsampled_frames = size % 2 == 0;
  options.sampling =
      size % 5 == 0 ? VideoSampling::kNearestKeyframe : VideoSampling::kGrid;
  options.remove_bars = size % 7 == 0;
  Result<std::unique_ptr<VideoReader>> reader =
      OpenVideo(std::span<const uint8_t>(data, size), options);
  if (!reader.ok()) {
    CheckDecodeError(reader.status());
    return 0;
  }
  const VideoInfo& info = (*reader)->info();
  if (info.width < 1 || info.height < 1 ||
      info.width > options.limits.max_dimension ||
      info.height > options.limits.max_dimension) {
    Violation("bad video size", {});
  }
  if (info.frame_interval < 1) Violation("bad frame interval", {});
  VideoFrame frame;
  int64_t last = -1;
  for (int n = 0;; ++n) {
    Result<bool> got = (*reader)->Next(&frame);
    if (!got.ok()) {
      CheckDecodeError(got.status());
      // After an error the reader returns the same error.
      Result<bool> again = (*reader)->Next(&frame);
      if (again.ok() || again.status().code() != got.status().code()) {
        Violation("error not sticky", again.status());
      }
      return 0;
    }
    if (!*got) break;
    if (n > options.limits.max_frames) Violation("more frames than limit", {});
    if (frame.frame_number <= last) Violation("frame numbers not rising", {});
    last = frame.frame_number;
    // A stream may change size mid-stream (and a frame's coded size may
    // differ from the container's): every frame is held to the limits, not
    // to VideoInfo's size.
    CheckVideoFrame(frame, options.limits.max_dimension,
                    options.limits.max_dimension);
    if (uint64_t(frame.width) * uint64_t(frame.height) >
        options.limits.max_pixels) {
      Violation("frame over the pixel limit", {});
    }
  }
  return 0;
}

}  // namespace vigil::fuzz
