// Copyright 2026 The Vigil Authors.
//
// FFmpeg plumbing shared by the video reader: owning pointers for FFmpeg
// objects, an I/O context that reads from memory, a deadline-based
// interrupt callback, error translation, and process-wide log silencing.
// Only the video code of engine/src/media includes this (webp_animation.cc
// for Deadline); no FFmpeg type leaves the media module.

#ifndef VIGIL_MEDIA_INTERNAL_FFMPEG_UTIL_H_
#define VIGIL_MEDIA_INTERNAL_FFMPEG_UTIL_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include "vigil/status.h"

namespace vigil::internal {

struct AvFormatCloser {
  void operator()(AVFormatContext* p) const { avformat_close_input(&p); }
};
struct AvCodecContextFreer {
  void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
};
struct AvFrameFreer {
  void operator()(AVFrame* p) const { av_frame_free(&p); }
};
struct AvPacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsFreer {
  void operator()(SwsContext* p) const { sws_freeContext(p); }
};
// Frees an AVIOContext made by MakeMemoryIo() together with its buffer.
struct AvIoFreer {
  void operator()(AVIOContext* p) const;
};

using AvFormatPtr = std::unique_ptr<AVFormatContext, AvFormatCloser>;
using AvCodecContextPtr = std::unique_ptr<AVCodecContext, AvCodecContextFreer>;
using AvFramePtr = std::unique_ptr<AVFrame, AvFrameFreer>;
using AvPacketPtr = std::unique_ptr<AVPacket, AvPacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;
using AvIoPtr = std::unique_ptr<AVIOContext, AvIoFreer>;

// Read position over borrowed bytes; the opaque of a memory AVIOContext.
// Must outlive the AVIOContext.
struct MemoryInput {
  std::span<const uint8_t> bytes;
  int64_t position = 0;
};

// A read-only, seekable AVIOContext over `input->bytes`. nullptr on
// allocation failure.
AvIoPtr MakeMemoryIo(MemoryInput* input);

// Wall-clock deadline polled by FFmpeg's interrupt callback (and by our
// loops). A zero budget never expires.
class Deadline {
 public:
  explicit Deadline(double seconds);
  bool Expired() const;
  // For AVFormatContext::interrupt_callback: {&Deadline::Callback, this}.
  static int Callback(void* opaque);

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point end_;
};

// "<context>: <av_strerror text>" with a code chosen from the FFmpeg error:
// ENOMEM -> kLimitExceeded, AVERROR_EXIT -> kLimitExceeded (deadline),
// ENOENT -> kNotFound, EACCES/EPERM -> kPermissionDenied, EIO -> kIOError,
// AVERROR_DECODER_NOT_FOUND / DEMUXER_NOT_FOUND / PATCHWELCOME ->
// kUnsupportedFormat, anything else -> kCorruptInput.
Status FfmpegError(int err, std::string_view context);

// Installs a log callback that drops every FFmpeg message. Idempotent and
// thread-safe. FFmpeg's logger is process-global, so this affects every
// FFmpeg user in the process; the engine decodes untrusted input and must
// not let a crafted file spray stderr.
void SilenceFfmpegLog();

}  // namespace vigil::internal

#endif  // VIGIL_MEDIA_INTERNAL_FFMPEG_UTIL_H_
