// Copyright 2026 The Vigil Authors.
//
// vPDQ hashing: PDQ of every frame the video reader samples, as the
// reference's VpdqHasher (vpdq/cpp/vpdq/cpp/hashing/hasher.h) does, on one
// thread and in frame order (no re-sorting needed).

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "vigil/pdq.h"
#include "vigil/status_macros.h"
#include "vigil/video.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

// The PDQ hash of `rect` of `frame` (quality 0, zero hash when empty).
Result<VpdqFrame> HashRegion(const VideoFrame& frame, const RegionRect& rect,
                             PdqWorkspace* ws) {
  VpdqFrame f;
  f.frame_number = frame.frame_number;
  f.timestamp = frame.timestamp;
  if (rect.width < 1 || rect.height < 1) return f;
  const size_t offset = static_cast<size_t>(rect.y) * frame.stride +
                        static_cast<size_t>(rect.x) * 3;
  VIGIL_ASSIGN_OR_RETURN(
      PdqResult pdq, ComputePdqFromRgb(frame.rgb.subspan(offset), rect.width,
                                       rect.height, frame.stride, ws));
  f.hash = pdq.hash;
  f.quality = pdq.quality;
  return f;
}

}  // namespace

std::string_view FrameRegionName(FrameRegion region) {
  switch (region) {
    case FrameRegion::kWhole:
      return "whole";
    case FrameRegion::kTop:
      return "top";
    case FrameRegion::kBottom:
      return "bottom";
    case FrameRegion::kLeft:
      return "left";
    case FrameRegion::kRight:
      return "right";
  }
  return "unknown";
}

RegionRect FrameRegionRect(FrameRegion region, int width, int height) {
  RegionRect r{0, 0, std::max(width, 0), std::max(height, 0)};
  switch (region) {
    case FrameRegion::kWhole:
      break;
    case FrameRegion::kTop:
      r.height /= 2;
      break;
    case FrameRegion::kBottom:
      r.y = r.height / 2;
      r.height -= r.y;
      break;
    case FrameRegion::kLeft:
      r.width /= 2;
      break;
    case FrameRegion::kRight:
      r.x = r.width / 2;
      r.width -= r.x;
      break;
  }
  // A 1-pixel frame has no halves.
  if (region != FrameRegion::kWhole && (width < 2 || height < 2)) {
    r.width = r.height = 0;
  }
  return r;
}

Result<VideoHash> HashVideoFrames(VideoReader& reader, PdqWorkspace* ws,
                                  bool half_frames) {
  PdqWorkspace local;
  if (ws == nullptr) ws = &local;
  VideoHash out;
  out.info = reader.info();
  VideoFrame frame;
  while (true) {
    VIGIL_ASSIGN_OR_RETURN(bool got, reader.Next(&frame));
    if (!got) break;
    VIGIL_ASSIGN_OR_RETURN(
        VpdqFrame f, HashRegion(frame,
                                FrameRegionRect(FrameRegion::kWhole,
                                                frame.width, frame.height),
                                ws));
    out.frames.push_back(f);
    if (!half_frames) continue;
    for (size_t i = 0; i < kFrameHalves.size(); ++i) {
      VIGIL_ASSIGN_OR_RETURN(
          VpdqFrame half,
          HashRegion(
              frame,
              FrameRegionRect(kFrameHalves[i], frame.width, frame.height), ws));
      out.halves[i].push_back(half);
    }
  }
  out.decoded_frames = reader.decoded_frames();
  return out;
}

Result<VideoHash> HashVideo(std::span<const uint8_t> bytes,
                            const VideoDecodeOptions& options) {
  VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<VideoReader> reader,
                         OpenVideo(bytes, options));
  return HashVideoFrames(*reader, nullptr, options.half_frame_hashes);
}

Result<VideoHash> HashVideoFile(const std::string& path,
                                const VideoDecodeOptions& options) {
  VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<VideoReader> reader,
                         OpenVideoFile(path, options));
  Result<VideoHash> hash =
      HashVideoFrames(*reader, nullptr, options.half_frame_hashes);
  if (!hash.ok()) return hash.status().WithPrefix(path);
  return hash;
}

}  // namespace vigil
