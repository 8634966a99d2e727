// Copyright 2026 The Vigil Authors.
//
// vPDQ hashing: PDQ of every frame the video reader samples, as the
// reference's VpdqHasher (vpdq/cpp/vpdq/cpp/hashing/hasher.h) does, on one
// thread and in frame order (no re-sorting needed).

#include <memory>
#include <string>
#include <utility>

#include "vigil/pdq.h"
#include "vigil/status_macros.h"
#include "vigil/video.h"
#include "vigil/vpdq.h"

namespace vigil {

Result<VideoHash> HashVideoFrames(VideoReader& reader, PdqWorkspace* ws) {
  PdqWorkspace local;
  if (ws == nullptr) ws = &local;
  VideoHash out;
  out.info = reader.info();
  VideoFrame frame;
  while (true) {
    VIGIL_ASSIGN_OR_RETURN(bool got, reader.Next(&frame));
    if (!got) break;
    VpdqFrame f;
    f.frame_number = frame.frame_number;
    f.timestamp = frame.timestamp;
    if (frame.width >= 1 && frame.height >= 1) {
      VIGIL_ASSIGN_OR_RETURN(
          PdqResult pdq, ComputePdqFromRgb(frame.rgb, frame.width, frame.height,
                                           frame.stride, ws));
      f.hash = pdq.hash;
      f.quality = pdq.quality;
    }
    out.frames.push_back(f);
  }
  out.decoded_frames = reader.decoded_frames();
  return out;
}

Result<VideoHash> HashVideo(std::span<const uint8_t> bytes,
                            const VideoDecodeOptions& options) {
  VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<VideoReader> reader,
                         OpenVideo(bytes, options));
  return HashVideoFrames(*reader);
}

Result<VideoHash> HashVideoFile(const std::string& path,
                                const VideoDecodeOptions& options) {
  VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<VideoReader> reader,
                         OpenVideoFile(path, options));
  Result<VideoHash> hash = HashVideoFrames(*reader);
  if (!hash.ok()) return hash.status().WithPrefix(path);
  return hash;
}

}  // namespace vigil
