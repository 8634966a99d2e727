// Copyright 2026 The Vigil Authors.
//
// File: vigil/video.h
// -----------------------------------------------------------------------------
// Decoding of video from untrusted bytes (or a file) into sampled 8-bit RGB
// frames, under limits, for vPDQ hashing (see vigil/vpdq.h).
//
// Containers and codecs are whatever this build's FFmpeg (Debian 12:
// libavformat 59 / libavcodec 59) reads: MP4, MOV, WebM, MKV, AVI and
// animated GIF; animated WebP is read with libwebp (WebPAnimDecoder: each
// frame composed on the canvas, alpha dropped, timestamps from the frame
// durations, bars detected on the first frame). Pixels follow Meta's vPDQ
// reference (facebook/ThreatExchange vpdq/cpp): the first video stream is
// decoded and every output frame is converted to RGB24 at its native size
// with libswscale (SWS_AREA, the reference's flags), so that per-frame PDQ
// hashes equal the reference's when the same FFmpeg is used and the
// decoding is exact (ExactVideoDecodeOptions(); the default options trade a
// few hash bits for speed: see fast_reference_decode and VideoSampling).
//
// Frame numbering and timestamps follow the reference too: frame n is the
// n-th frame the decoder outputs (0-based), and its timestamp is
// n / frame_rate, where frame_rate is the stream's average frame rate (or
// its r_frame_rate when the average is unknown). Sampling at F frames per
// second keeps the frames whose number is a multiple of
// max(1, int(frame_rate / F)), as the reference's --seconds-per-hash does.
//
// Example:
//
//   vigil::VideoDecodeOptions options;         // 1 frame per second
//   VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<vigil::VideoReader> reader,
//                          vigil::OpenVideo(bytes, options));
//   vigil::VideoFrame frame;
//   while (true) {
//     VIGIL_ASSIGN_OR_RETURN(bool got, reader->Next(&frame));
//     if (!got) break;
//     Use(frame.frame_number, frame.timestamp, frame.rgb, frame.stride);
//   }
//
// Errors are per input, never a crash: kUnsupportedFormat (no video stream,
// no decoder), kCorruptInput (unreadable container, a decoding error, a
// truncated stream that yields no frame), kLimitExceeded (VideoLimits).
//
// Thread-safety: OpenVideo(), OpenVideoFile() and DefaultVideoDecoder() may
// be called concurrently. A VideoReader must be used by one thread at a
// time. FFmpeg's own log output is silenced process-wide on first use
// (av_log_set_callback), so that decoding never writes to stderr.

#ifndef VIGIL_VIDEO_H_
#define VIGIL_VIDEO_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "vigil/bars.h"
#include "vigil/export.h"
#include "vigil/media_type.h"
#include "vigil/result.h"
#include "vigil/status.h"

namespace vigil {

// Limits applied to every video. Exceeding one fails the input with
// kLimitExceeded; sizes and the declared duration are checked from the
// container headers before any frame is decoded.
struct VideoLimits {
  // Largest input accepted, in bytes. Default 4 GiB.
  uint64_t max_file_bytes = uint64_t{4} << 30;
  // Longest duration accepted, in seconds (declared by the container, and
  // the timestamp of every decoded frame). Default 4 hours.
  double max_duration_seconds = 4 * 3600.0;
  // Most frames decoded (sampled or not). Default 1'000'000 (9.2 hours at
  // 30 fps).
  int64_t max_frames = 1'000'000;
  // Largest width or height. Default 8192 (covers 8K UHD, 7680x4320).
  int max_dimension = 8192;
  // Largest width*height. Default 36 million (8K UHD is 33.2 million).
  uint64_t max_pixels = 36'000'000;
  // Longest wall-clock time one video may take, in seconds; checked between
  // packets and inside FFmpeg's I/O. 0 disables. Default 600.
  double max_decode_seconds = 600.0;
};

// Which frames are hashed when sampling (frames_per_second > 0 and a
// sampling interval above 1 frame). Values are stable; never renumber.
enum class VideoSampling : int {
  // The reference's grid: frame n when n % frame_interval == 0. With
  // skip_unsampled_frames, only the frames those depend on are decoded.
  // The hashed frames are bit for bit the reference's unless
  // fast_reference_decode is set (see ExactVideoDecodeOptions()).
  kGrid = 0,
  // Opt-in, much faster, NOT the reference's frames: each sampling point is
  // represented by the keyframe nearest to it (ties: the earlier) when one
  // lies within max_keyframe_offset_seconds, and by its grid frame
  // otherwise; a keyframe representing several points is hashed once. With
  // skip_unsampled_frames a keyframe is decoded alone (no other frame of its
  // group of pictures), so a video whose keyframes are at most
  // 2 * max_keyframe_offset_seconds apart decodes nothing but the keyframes
  // it hashes (4-7x faster than kGrid on the SD samples). Each hashed frame
  // is a real frame (pixels, number, timestamp), but up to
  // max_keyframe_offset_seconds off the grid, and fewer of them when
  // keyframes are sparser than sampling points. Frames a second apart can
  // be unrelated (the vPDQ samples: a median 88-126 bits apart), so such a
  // hash still finds its frames in the reference's hash (query share 100%
  // on the samples) but covers only part of the reference's 1/s frames
  // (target share 50-71% there: no match under an 80/80 rule). Measured
  // drift: bench/video/README.md.
  kNearestKeyframe = 1,
};

struct VideoDecodeOptions {
  // Frames hashed per second of video. 0 means every frame. Default 1, the
  // reference's default (python vpdq.computeHash seconds_per_hash=1).
  // Frame n is sampled when n % max(1, int((1 / F) * frame_rate)) == 0.
  double frames_per_second = 1.0;
  // When sampling (frames_per_second > 0), let the decoder skip the frames
  // that are neither sampled nor referenced by later frames
  // (AVDISCARD_NONREF per packet). The sampled frames decode bit for bit as
  // without skipping; frame numbers are then derived from presentation
  // timestamps, which equals the output count for constant-frame-rate
  // streams. Default true.
  bool skip_unsampled_frames = true;
  // With skip_unsampled_frames: also skip the in-loop deblocking filter
  // (AVDISCARD_ALL skip_loop_filter) of the unsampled frames the decoder
  // still needs as references. About 20% faster, but NOT exact: sampled
  // frames then predict from unfiltered references, so their pixels (and a
  // few hash bits) drift from the reference's: on the vPDQ samples 59% of
  // the frames keep their hash, the rest differ by 1-12 bits (of 256), and
  // every matching outcome is unchanged (bench/video/README.md). Default
  // true, the setting `vigil scan` uses; false for the reference's hashes
  // (ExactVideoDecodeOptions()).
  bool fast_reference_decode = true;
  // Which frames are hashed (see VideoSampling). Default kGrid, the
  // reference's frames.
  VideoSampling sampling = VideoSampling::kGrid;
  // For kNearestKeyframe: how far, in seconds, a keyframe may lie from the
  // sampling point it stands for. Must be in [0, 3600]. Default 1.0: at
  // 1 frame per second, keyframes up to 2 s apart cover every point.
  double max_keyframe_offset_seconds = 1.0;
  // Detect letterbox / pillarbox bars on a few frames spread over the video
  // and crop every returned frame to the content inside them (see
  // vigil/bars.h). VideoInfo::crop records what was removed. Default false:
  // hashes then equal the reference's.
  bool remove_bars = false;
  // Options of the bar detector (used when remove_bars).
  BarOptions bar_options;
  // HashVideo()/HashVideoFile() only (the reader ignores it): also hash each
  // half of every sampled frame (VideoHash::halves in vigil/vpdq.h), for
  // hash sets that hold half-frame signals. Four more PDQ hashes of half
  // the pixels per sampled frame. Default false.
  bool half_frame_hashes = false;
  // Decoder threads (FFmpeg slice threading). Default 1: the engine runs
  // many files in parallel instead.
  int threads = 1;
  VideoLimits limits;
};

// The settings under which hashes equal the reference's frame for frame
// (kGrid, every needed frame fully decoded): for conformance, and for
// hashes meant to be exchanged. Other fields keep their defaults.
inline VideoDecodeOptions ExactVideoDecodeOptions() {
  VideoDecodeOptions options;
  options.sampling = VideoSampling::kGrid;
  options.fast_reference_decode = false;
  return options;
}

// What the container says about the video stream.
struct VideoInfo {
  MediaType media_type = MediaType::kUnknown;  // sniffed container
  std::string container;                       // FFmpeg demuxer, "mov,mp4,..."
  std::string codec;                           // FFmpeg decoder, "h264"
  int width = 0;                               // coded size of the stream
  int height = 0;
  // Average frame rate (r_frame_rate if unknown), frames per second.
  double frame_rate = 0;
  // Declared duration in seconds; 0 when unknown.
  double duration_seconds = 0;
  // Declared number of frames; 0 when unknown.
  int64_t frame_count_hint = 0;
  // Sampling interval in frames (1 = every frame).
  int64_t frame_interval = 1;
  // The bars found on the probed keyframes (remove_bars); empty otherwise.
  // Each frame is cropped by at most this, per side (see VideoFrame::crop).
  CropRect crop;
};

// One returned frame. The pixels are owned by the reader and stay valid
// until the next call to Next() or the reader's destruction.
struct VideoFrame {
  int64_t frame_number = 0;  // 0-based output index (see file comment)
  double timestamp = 0;      // seconds, frame_number / frame_rate
  // After the crop. May differ from VideoInfo's coded size: a stream may
  // change size mid-stream; every frame is held to VideoLimits' dimension
  // and pixel limits.
  int width = 0;
  int height = 0;
  // What was cut from this frame: VideoInfo::crop, thinned on any side
  // where this frame shows content inside the probed bars.
  CropRect crop;
  // 8-bit RGB, interleaved; row r starts at rgb.data() + r * stride.
  std::span<const uint8_t> rgb;
  size_t stride = 0;
};

// A decoding session over one video. Not thread-safe: one thread at a time.
class VIGIL_EXPORT VideoReader {
 public:
  virtual ~VideoReader();
  virtual const VideoInfo& info() const = 0;
  // Decodes up to the next sampled frame. Returns true and fills `frame`, or
  // false at the end of the stream. Errors as in the file comment; after an
  // error the reader returns the same error again.
  virtual Result<bool> Next(VideoFrame* frame) = 0;
  // Frames decoded so far, sampled or not (skipped frames not counted).
  virtual int64_t decoded_frames() const = 0;
};

// Injectable video decoding, like ImageDecoder. Implementations must be
// thread-safe: Open() is called concurrently.
class VIGIL_EXPORT VideoDecoder {
 public:
  virtual ~VideoDecoder();
  // Same contract as OpenVideo().
  virtual Result<std::unique_ptr<VideoReader>> Open(
      std::span<const uint8_t> bytes,
      const VideoDecodeOptions& options) const = 0;
};

// Opens a video held in memory (FFmpeg reads it through a custom I/O
// context; nothing is written to disk). `bytes` is borrowed and must
// outlive the reader.
// Errors: kLimitExceeded (size, dimensions, declared duration),
// kUnsupportedFormat, kCorruptInput; kInvalidArgument for bad options.
VIGIL_EXPORT Result<std::unique_ptr<VideoReader>> OpenVideo(
    std::span<const uint8_t> bytes, const VideoDecodeOptions& options = {});

// Opens a video file (read by FFmpeg directly, without loading it whole).
// Errors: those of OpenVideo, plus kNotFound / kPermissionDenied / kIOError.
VIGIL_EXPORT Result<std::unique_ptr<VideoReader>> OpenVideoFile(
    const std::string& path, const VideoDecodeOptions& options = {});

// The decoder backed by OpenVideo(). Never destroyed; thread-safe.
VIGIL_EXPORT const VideoDecoder& DefaultVideoDecoder();

// True when this build was made with FFmpeg and can demux `type` (a video
// container, or kGif / kWebp for animations).
VIGIL_EXPORT bool CanDecodeVideo(MediaType type);

}  // namespace vigil

#endif  // VIGIL_VIDEO_H_
