// Copyright 2026 The Vigil Authors.
//
// One FFmpeg demux + decode session over a video (memory or file), and the
// RGB24 converter, used by the video reader (video_decoder.cc). A session
// decodes the first video stream and hands out its frames in output order;
// a PacketPolicy decides per packet what the decoder may skip.
//
// Thread-safety: none; a session belongs to one reader.

#ifndef VIGIL_MEDIA_INTERNAL_FFMPEG_SESSION_H_
#define VIGIL_MEDIA_INTERNAL_FFMPEG_SESSION_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <span>
#include <string>

#include "media/internal/ffmpeg_util.h"
#include "vigil/media_type.h"
#include "vigil/result.h"
#include "vigil/status.h"
#include "vigil/video.h"

namespace vigil::internal {

// Where a video comes from: borrowed bytes, or a file path.
struct VideoSource {
  std::span<const uint8_t> bytes;
  std::string path;
  bool is_file = false;
  MediaType type = MediaType::kUnknown;  // sniffed from the first bytes
  // Size of the input, and the size its container header declares (0:
  // unknown). A declared size above the input's means the input was cut:
  // its end is reported as truncated, not as a shorter video.
  uint64_t size = 0;
  uint64_t declared_size = 0;
};

// The size a Matroska / WebM file declares in its header: the end of its
// Segment element (EBML header, then Segment with a known size). 0 when
// unknown (another format, a live stream's unknown Segment size, or a
// header that does not fit in `head`).
uint64_t MatroskaDeclaredSize(std::span<const uint8_t> head);

// The FFmpeg demuxer for a sniffed type, or nullptr when none: probing is
// never used, so a crafted input cannot pull in a demuxer that opens other
// files or URLs (HLS playlists, concat lists).
const AVInputFormat* DemuxerFor(MediaType type);

enum class PacketPolicy {
  kAll,  // decode every packet
  // Packets whose frame is unsampled are decoded with AVDISCARD_NONREF, and
  // dropped outright when no sampled frame follows them before the next
  // keyframe (nothing sampled can depend on them: frames depend only on
  // frames earlier in decode order, and a keyframe starts afresh); an
  // unsampled keyframe goes too when nothing in its GOP is sampled. A GOP
  // followed by leading pictures (open GOP: frames after the next keyframe
  // that display before it) is decoded without dropping, unless those are
  // MPEG-1/2/4 part 2 B-frames none of which is sampled. "Sampled" is the
  // grid, or the frames SetNearestKeyframe() picks.
  kSkipUnsampled,
  kKeyframesOnly,  // send only keyframe packets
};

class VideoSession {
 public:
  // Opens the container and the decoder of its first video stream and
  // checks the header against options.limits. `deadline` is borrowed and
  // must outlive the session.
  static Result<std::unique_ptr<VideoSession>> Open(
      const VideoSource& source, const VideoDecodeOptions& options,
      const Deadline* deadline);

  ~VideoSession();
  VideoSession(const VideoSession&) = delete;
  VideoSession& operator=(const VideoSession&) = delete;

  // Header facts (crop and frame_interval are left for the reader).
  const VideoInfo& info() const { return info_; }

  // `interval` is the sampling interval in frames, for kSkipUnsampled.
  // `skip_loop_filter`: for kSkipUnsampled, also skip deblocking of the
  // unsampled frames that are decoded (VideoDecodeOptions::
  // fast_reference_decode).
  void SetPolicy(PacketPolicy policy, int64_t interval,
                 bool skip_loop_filter = false);

  // Switches kAll / kSkipUnsampled from the grid (frame n wanted when
  // n % interval == 0) to VideoSampling::kNearestKeyframe: each grid point
  // is represented by the nearest keyframe within `max_offset_frames`
  // (ties: the earlier), else by itself. Call after SetPolicy().
  void SetNearestKeyframe(int64_t max_offset_frames);

  // Whether the frame of index `index` (FrameIndexOf) is one to return.
  // Each wanted index answers true once; indices below `index` are
  // forgotten, so call it in ascending index order.
  bool TakeWanted(int64_t index);

  // Next decoded frame into `frame` (true), or false at the end of stream.
  // Errors: kCorruptInput (demux or decode error), kLimitExceeded (deadline,
  // memory).
  Result<bool> Receive(AVFrame* frame);

  // The frame index of a decoded frame from its presentation timestamp
  // (start of stream = 0, rounded to the nearest frame); -1 when the frame
  // has no timestamp.
  int64_t FrameIndexOf(const AVFrame& frame) const;
  // The presentation time of a frame in seconds from the stream start; 0
  // when unknown.
  double SecondsOf(const AVFrame& frame) const;

  int64_t packets_read() const { return packets_read_; }
  // Packets not sent to the decoder (kSkipUnsampled, kKeyframesOnly).
  int64_t packets_dropped() const { return packets_dropped_; }

 private:
  VideoSession() = default;
  Status OpenImpl(const VideoSource& source, const VideoDecodeOptions& options);
  int64_t IndexOfPts(int64_t pts) const;
  // A demuxed packet of the video stream and its frame index.
  struct Pending {
    AvPacketPtr packet;
    int64_t index = -1;
    bool key = false;
  };
  // Next packet of the video stream into `out` (false at end of input).
  Result<bool> ReadVideoPacket(Pending* out);
  // Next packet to send to the decoder under the policy, with skip_frame
  // set for it; false at end of input.
  Result<bool> NextPacketToSend(AvPacketPtr* out);
  bool OnGrid(int64_t index) const {
    return index < 0 || index % interval_ == 0;
  }
  // Whether the frame of packet index `index` (key: a keyframe) is wanted
  // under the sampling in force, with the keyframes known in gop_.
  bool Wanted(int64_t index, bool key) const;
  // Reads ahead until the queue holds the keyframe after the front one and
  // kLeadingPeek packets past it (or the input ends, or the lookahead bound
  // is reached). Returns the position of that keyframe in queue_, or 0.
  Result<size_t> LookAhead();
  // For kNearestKeyframe: when the front packet is a new keyframe, moves
  // gop_ on to it (previous, current and next keyframe indices).
  Status UpdateGop();
  // For kSkipUnsampled: whether the front of queue_ may be dropped.
  Result<bool> FrontIsDroppable();

  // Keyframe indices around the front packet (kNearestKeyframe); kNone
  // when unknown (before the first keyframe, or beyond the lookahead).
  static constexpr int64_t kNone = -1;
  struct Gop {
    int64_t previous = kNone;
    int64_t current = kNone;
    int64_t next = kNone;
    int64_t last = kNone;  // last frame index, once the input has ended
  };

  const Deadline* deadline_ = nullptr;
  MemoryInput memory_;
  AvIoPtr io_;
  AvFormatPtr format_;
  AvCodecContextPtr codec_;
  AvPacketPtr packet_;
  AVStream* stream_ = nullptr;
  int stream_index_ = -1;
  int64_t origin_pts_ = 0;
  AVRational frame_rate_{0, 1};
  PacketPolicy policy_ = PacketPolicy::kAll;
  int64_t interval_ = 1;
  bool skip_loop_filter_ = false;
  // H.264 in MP4 (avcC): bytes of each NAL unit length prefix; 0 otherwise.
  int nal_length_size_ = 0;
  uint64_t size_ = 0;           // VideoSource::size
  uint64_t declared_size_ = 0;  // VideoSource::declared_size
  // B-frames (never references) are the only leading pictures.
  bool disposable_leading_pictures_ = false;
  bool nearest_keyframe_ = false;
  int64_t max_offset_ = 0;  // frames, for nearest_keyframe_
  Gop gop_;
  std::set<int64_t> wanted_;  // indices sent and wanted, not yet taken
  bool flushed_ = false;
  bool input_done_ = false;
  std::deque<Pending> queue_;
  int64_t packets_read_ = 0;
  int64_t packets_dropped_ = 0;
  VideoInfo info_;
};

// Converts decoded frames to RGB24 at their native size, as the reference
// does, reusing its scaler and buffer while size and format stay the same.
class RgbConverter {
 public:
  // Errors: kLimitExceeded (frame above the limits, memory), kCorruptInput
  // (a frame format libswscale cannot convert).
  Status Convert(const AVFrame& frame, const VideoLimits& limits);

  int width() const { return width_; }
  int height() const { return height_; }
  size_t stride() const { return stride_; }
  std::span<const uint8_t> pixels() const;

 private:
  SwsPtr sws_;
  AvFramePtr rgb_;
  int width_ = 0;
  int height_ = 0;
  int convert_width_ = 0;  // width_ rounded up (see Convert)
  int format_ = -1;
  size_t stride_ = 0;
};

}  // namespace vigil::internal

#endif  // VIGIL_MEDIA_INTERNAL_FFMPEG_SESSION_H_
