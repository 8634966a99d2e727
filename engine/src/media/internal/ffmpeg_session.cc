// Copyright 2026 The Vigil Authors.

#include "media/internal/ffmpeg_session.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/mem.h>
#include <libavutil/pixdesc.h>
}

#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

// FfmpegError, except that for bytes held in memory (`memory`) no error
// can come from storage: FFmpeg's EIO, ENOENT or EACCES then mean that the
// demuxer gave up on the bytes (corrupt input, not an I/O error).
Status InputError(bool memory, int err, std::string_view context) {
  Status s = FfmpegError(err, context);
  if (memory &&
      (s.code() == StatusCode::kIOError || s.code() == StatusCode::kNotFound ||
       s.code() == StatusCode::kPermissionDenied)) {
    return CorruptInputError(s.message());
  }
  return s;
}

Status CheckSize(int64_t width, int64_t height, const VideoLimits& limits) {
  if (width <= 0 || height <= 0) {
    return CorruptInputError("video: frame size " + std::to_string(width) +
                             "x" + std::to_string(height));
  }
  if (width > limits.max_dimension || height > limits.max_dimension ||
      static_cast<uint64_t>(width) * static_cast<uint64_t>(height) >
          limits.max_pixels) {
    return LimitExceededError("video: frame size " + std::to_string(width) +
                              "x" + std::to_string(height) +
                              " exceeds the limits");
  }
  return Status::OK();
}

// Whether the container header alone tells what the session needs: the
// MP4/MOV index gives the codec, its extradata, the size, the average frame
// rate and the start time. Then avformat_find_stream_info(), which decodes
// the first frames of an H.264 stream to guess its delay (4-5 ms for an SD
// video, a fifth of the cost of a 1-frame-per-second hash), is not needed:
// the decoder finds the pixel format and delay itself, and decodes the same
// frames. Other containers (Matroska without DefaultDuration, AVI, GIF)
// keep the probe.
bool HeaderSuffices(const AVFormatContext& ctx) {
  if (std::string_view(ctx.iformat->name).substr(0, 4) != "mov,") return false;
  for (unsigned i = 0; i < ctx.nb_streams; ++i) {
    const AVStream* s = ctx.streams[i];
    const AVCodecParameters* par = s->codecpar;
    if (par->codec_type != AVMEDIA_TYPE_VIDEO ||
        (s->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
      continue;
    }
    return par->codec_id != AV_CODEC_ID_NONE && par->width > 0 &&
           par->height > 0 && par->extradata_size > 0 &&
           s->avg_frame_rate.num > 0 && s->avg_frame_rate.den > 0 &&
           s->start_time != AV_NOPTS_VALUE && s->time_base.num > 0 &&
           s->time_base.den > 0;
  }
  return false;
}

// Whether an H.264 access unit in avcC framing (NAL units behind
// `length_size`-byte big-endian lengths) holds only non-reference slices
// (NAL type 1 with nal_ref_idc 0) and access unit delimiters. No other
// picture reads such a picture, and under AVDISCARD_NONREF the decoder
// skips it after splitting the packet and parsing the slice header, with
// no change to its state: dropping the packet saves that work. Any other
// NAL unit (SEI, parameter sets, IDR, data partitions) or a malformed
// length keeps the packet.
bool IsNonReferenceH264(const AVPacket& packet, int length_size) {
  const uint8_t* p = packet.data;
  size_t left = packet.size > 0 ? static_cast<size_t>(packet.size) : 0;
  const size_t prefix = static_cast<size_t>(length_size);
  bool any_slice = false;
  while (left > 0) {
    if (left < prefix) return false;
    size_t length = 0;
    for (size_t i = 0; i < prefix; ++i) length = (length << 8) | p[i];
    p += prefix;
    left -= prefix;
    if (length == 0 || length > left) return false;
    const uint8_t header = p[0];
    const int type = header & 0x1f;
    if ((header & 0x80) != 0) return false;  // forbidden_zero_bit
    if (type == 1) {
      if ((header & 0x60) != 0) return false;  // a reference picture
      any_slice = true;
    } else if (type != 9) {
      return false;
    }
    p += length;
    left -= length;
  }
  return any_slice;
}

// An EBML variable-length integer at head[*pos]: an element id (marker
// kept) or a size (marker removed; all value bits set means unknown, given
// as UINT64_MAX). False when it does not fit or is malformed.
bool ReadVint(std::span<const uint8_t> head, size_t* pos, bool is_id,
              uint64_t* out) {
  if (*pos >= head.size() || head[*pos] == 0) return false;
  const uint8_t first = head[*pos];
  size_t length = 1;
  while ((first & (0x80 >> (length - 1))) == 0) ++length;
  if (head.size() - *pos < length) return false;
  uint64_t value = is_id ? first : (first & ((0x80 >> (length - 1)) - 1));
  bool all_ones = value == ((0x80u >> (length - 1)) - 1);
  for (size_t i = 1; i < length; ++i) {
    value = (value << 8) | head[*pos + i];
    all_ones = all_ones && head[*pos + i] == 0xff;
  }
  *pos += length;
  *out = !is_id && all_ones ? UINT64_MAX : value;
  return true;
}

}  // namespace

uint64_t MatroskaDeclaredSize(std::span<const uint8_t> head) {
  constexpr uint64_t kEbmlId = 0x1A45DFA3, kSegmentId = 0x18538067;
  size_t pos = 0;
  uint64_t id = 0, size = 0;
  if (!ReadVint(head, &pos, true, &id) || id != kEbmlId ||
      !ReadVint(head, &pos, false, &size) || size > head.size() - pos) {
    return 0;
  }
  pos += static_cast<size_t>(size);
  if (!ReadVint(head, &pos, true, &id) || id != kSegmentId ||
      !ReadVint(head, &pos, false, &size) || size == UINT64_MAX ||
      size > UINT64_MAX - pos) {
    return 0;
  }
  return pos + size;
}

const AVInputFormat* DemuxerFor(MediaType type) {
  const char* name = nullptr;
  switch (type) {
    case MediaType::kMp4:
    case MediaType::kQuickTime:
      name = "mov";
      break;
    case MediaType::kMatroska:
    case MediaType::kWebm:
      name = "matroska";
      break;
    case MediaType::kAvi:
      name = "avi";
      break;
    case MediaType::kGif:
      name = "gif";
      break;
    default:
      // Animated WebP needs FFmpeg >= 7.1: libwebp reads it instead
      // (webp_animation.cc); stills go to the image decoders.
      return nullptr;
  }
  return av_find_input_format(name);
}

VideoSession::~VideoSession() {
  // The decoder and demuxer go before the I/O context they read from.
  codec_.reset();
  format_.reset();
  io_.reset();
}

Result<std::unique_ptr<VideoSession>> VideoSession::Open(
    const VideoSource& source, const VideoDecodeOptions& options,
    const Deadline* deadline) {
  SilenceFfmpegLog();
  std::unique_ptr<VideoSession> session(new VideoSession());
  session->deadline_ = deadline;
  VIGIL_RETURN_IF_ERROR(session->OpenImpl(source, options));
  return session;
}

Status VideoSession::OpenImpl(const VideoSource& source,
                              const VideoDecodeOptions& options) {
  const VideoLimits& limits = options.limits;
  size_ = source.size;
  declared_size_ = source.declared_size;
  const AVInputFormat* demuxer = DemuxerFor(source.type);
  if (demuxer == nullptr) {
    return UnsupportedFormatError(
        std::string("video: not a video container (") +
        MediaTypeName(source.type) + ")");
  }
  AVFormatContext* ctx = avformat_alloc_context();
  if (ctx == nullptr) return LimitExceededError("video: out of memory");
  ctx->interrupt_callback.callback = &Deadline::Callback;
  ctx->interrupt_callback.opaque = const_cast<Deadline*>(deadline_);
  // No nested opens: no protocol for memory input, only "file" for files.
  ctx->protocol_whitelist = av_strdup(source.is_file ? "file" : "none");
  ctx->format_whitelist = av_strdup("mov,matroska,avi,gif");
  std::string url;
  if (source.is_file) {
    url = "file:" + source.path;
  } else {
    memory_.bytes = source.bytes;
    memory_.position = 0;
    io_ = MakeMemoryIo(&memory_);
    if (io_ == nullptr) {
      avformat_free_context(ctx);
      return LimitExceededError("video: out of memory");
    }
    ctx->pb = io_.get();
    ctx->flags |= AVFMT_FLAG_CUSTOM_IO;
  }
  int err = avformat_open_input(&ctx, url.c_str(), demuxer, nullptr);
  // An interrupted open or probe can look like a broken file; report the
  // deadline instead.
  if (deadline_->Expired()) {
    if (err >= 0) format_.reset(ctx);
    return LimitExceededError("video: decode time limit reached");
  }
  if (err < 0)
    return InputError(io_ != nullptr, err, "video: cannot open container");
  format_.reset(ctx);
  if (!HeaderSuffices(*ctx)) {
    err = avformat_find_stream_info(ctx, nullptr);
    if (deadline_->Expired()) {
      return LimitExceededError("video: decode time limit reached");
    }
    if (err < 0)
      return InputError(io_ != nullptr, err, "video: cannot read stream info");
  }

  // The first video stream, as the reference (cover art excepted).
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream* s = ctx->streams[i];
    if (s->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
        !(s->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
      stream_index_ = static_cast<int>(i);
      break;
    }
  }
  if (stream_index_ < 0) {
    return UnsupportedFormatError("video: no video stream");
  }
  stream_ = ctx->streams[stream_index_];
  const AVCodecParameters* par = stream_->codecpar;
  VIGIL_RETURN_IF_ERROR(CheckSize(par->width, par->height, limits));

  frame_rate_ = stream_->avg_frame_rate;
  if (frame_rate_.num <= 0 || frame_rate_.den <= 0) {
    frame_rate_ = stream_->r_frame_rate;
  }
  if (frame_rate_.num <= 0 || frame_rate_.den <= 0) {
    return CorruptInputError("video: no frame rate");
  }
  info_.media_type = source.type;
  info_.container = ctx->iformat->name;
  info_.width = par->width;
  info_.height = par->height;
  info_.frame_rate = av_q2d(frame_rate_);
  if (ctx->duration > 0) {
    info_.duration_seconds = static_cast<double>(ctx->duration) / AV_TIME_BASE;
  } else if (stream_->duration > 0) {
    info_.duration_seconds =
        static_cast<double>(stream_->duration) * av_q2d(stream_->time_base);
  }
  info_.frame_count_hint = stream_->nb_frames > 0 ? stream_->nb_frames : 0;
  if (info_.duration_seconds > limits.max_duration_seconds) {
    return LimitExceededError("video: duration " +
                              std::to_string(info_.duration_seconds) +
                              " s exceeds the limit");
  }
  if (info_.frame_count_hint > limits.max_frames) {
    return LimitExceededError(
        "video: " + std::to_string(info_.frame_count_hint) +
        " frames exceed the limit");
  }
  origin_pts_ = stream_->start_time != AV_NOPTS_VALUE ? stream_->start_time : 0;

  const AVCodec* codec = avcodec_find_decoder(par->codec_id);
  if (codec == nullptr) {
    return UnsupportedFormatError(std::string("video: no decoder for ") +
                                  avcodec_get_name(par->codec_id));
  }
  info_.codec = codec->name;
  codec_.reset(avcodec_alloc_context3(codec));
  if (codec_ == nullptr) return LimitExceededError("video: out of memory");
  err = avcodec_parameters_to_context(codec_.get(), par);
  if (err < 0)
    return InputError(io_ != nullptr, err, "video: bad codec parameters");
  // Slice threads only: frame threading would delay the per-packet skip
  // decisions and reorder work; the engine parallelises across files.
  codec_->thread_count = 1;
  if (options.threads > 1 &&
      (codec->capabilities & AV_CODEC_CAP_SLICE_THREADS)) {
    codec_->thread_count = options.threads;
    codec_->thread_type = FF_THREAD_SLICE;
  }
  err = avcodec_open2(codec_.get(), codec, nullptr);
  if (err < 0)
    return InputError(io_ != nullptr, err, "video: cannot open decoder");
  packet_.reset(av_packet_alloc());
  if (packet_ == nullptr) return LimitExceededError("video: out of memory");
  if (par->codec_id == AV_CODEC_ID_H264 && par->extradata_size >= 7 &&
      par->extradata[0] == 1) {
    nal_length_size_ = (par->extradata[4] & 3) + 1;
  }
  disposable_leading_pictures_ = par->codec_id == AV_CODEC_ID_MPEG4 ||
                                 par->codec_id == AV_CODEC_ID_MPEG2VIDEO ||
                                 par->codec_id == AV_CODEC_ID_MPEG1VIDEO;
  return Status::OK();
}

void VideoSession::SetPolicy(PacketPolicy policy, int64_t interval,
                             bool skip_loop_filter) {
  skip_loop_filter_ = skip_loop_filter;
  policy_ = policy;
  interval_ = interval < 1 ? 1 : interval;
  codec_->skip_frame = policy == PacketPolicy::kKeyframesOnly
                           ? AVDISCARD_NONKEY
                           : AVDISCARD_DEFAULT;
}

void VideoSession::SetNearestKeyframe(int64_t max_offset_frames) {
  nearest_keyframe_ = true;
  max_offset_ = max_offset_frames < 0 ? 0 : max_offset_frames;
}

bool VideoSession::TakeWanted(int64_t index) {
  wanted_.erase(wanted_.begin(), wanted_.lower_bound(index));
  if (wanted_.empty() || *wanted_.begin() != index) return false;
  wanted_.erase(wanted_.begin());
  return true;
}

bool VideoSession::Wanted(int64_t index, bool key) const {
  if (!nearest_keyframe_ || index < 0) return OnGrid(index);
  if (key && index == gop_.current) {
    // Only the grid point nearest to the keyframe on each side can pick it:
    // a farther point on that side is nearer to the other keyframe. Ties go
    // to the earlier keyframe (this one for the point after it).
    const int64_t after = (index + interval_ - 1) / interval_ * interval_;
    if (after - index <= max_offset_ &&
        (gop_.next == kNone || after - index <= gop_.next - after) &&
        (gop_.last == kNone || after <= gop_.last)) {
      return true;
    }
    const int64_t before = after - interval_;
    return before >= 0 && before < index && index - before <= max_offset_ &&
           (gop_.previous == kNone || index - before < before - gop_.previous);
  }
  if (!OnGrid(index)) return false;
  // A grid point with a keyframe within the offset is represented by it.
  for (const int64_t k : {gop_.previous, gop_.current, gop_.next}) {
    if (k != kNone && (index > k ? index - k : k - index) <= max_offset_) {
      return false;
    }
  }
  return true;
}

int64_t VideoSession::IndexOfPts(int64_t pts) const {
  if (pts == AV_NOPTS_VALUE) return -1;
  // (pts - origin) * time_base * frame_rate, rounded to nearest.
  const AVRational frame_duration = av_inv_q(frame_rate_);
  return av_rescale_q_rnd(
      pts - origin_pts_, stream_->time_base, frame_duration,
      static_cast<AVRounding>(AV_ROUND_NEAR_INF | AV_ROUND_PASS_MINMAX));
}

int64_t VideoSession::FrameIndexOf(const AVFrame& frame) const {
  const int64_t pts =
      frame.pts != AV_NOPTS_VALUE ? frame.pts : frame.best_effort_timestamp;
  return IndexOfPts(pts);
}

double VideoSession::SecondsOf(const AVFrame& frame) const {
  const int64_t pts =
      frame.pts != AV_NOPTS_VALUE ? frame.pts : frame.best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) return 0;
  return static_cast<double>(pts - origin_pts_) * av_q2d(stream_->time_base);
}

namespace {
// Lookahead bounds for kSkipUnsampled: packets buffered to find the next
// keyframe, and packets peeked after it to spot leading pictures.
constexpr size_t kMaxLookaheadPackets = 1024;
constexpr size_t kLeadingPeek = 4;
}  // namespace

Result<bool> VideoSession::ReadVideoPacket(Pending* out) {
  while (true) {
    if (deadline_->Expired()) {
      return LimitExceededError("video: decode time limit reached");
    }
    int err = av_read_frame(format_.get(), packet_.get());
    if (err == AVERROR_EOF) {
      // A container that declares its frame count (MP4/MOV index) but ends
      // early was cut: an error, not a silently shorter video.
      if (stream_->nb_frames > 0 && packets_read_ < stream_->nb_frames) {
        return CorruptInputError(
            "video: truncated: " + std::to_string(packets_read_) + " of " +
            std::to_string(stream_->nb_frames) + " frames present");
      }
      // A container whose header declares more bytes than the input has
      // (Matroska / WebM Segment size) was cut: the frames after the cut
      // are missing, possibly the known ones.
      if (declared_size_ > size_) {
        return CorruptInputError(
            "video: truncated: the container declares " +
            std::to_string(declared_size_) + " bytes, the input has " +
            std::to_string(size_) + " (" + std::to_string(packets_read_) +
            " frames present)");
      }
      return false;
    }
    if (err < 0)
      return InputError(io_ != nullptr, err, "video: reading the container");
    if (packet_->stream_index != stream_index_) {
      av_packet_unref(packet_.get());
      continue;
    }
    if (packet_->flags & AV_PKT_FLAG_CORRUPT) {
      // Set by libavformat on a short read: the file ends inside a frame.
      av_packet_unref(packet_.get());
      return CorruptInputError(
          "video: truncated or corrupt frame data at packet " +
          std::to_string(packets_read_));
    }
    ++packets_read_;
    out->packet.reset(av_packet_alloc());
    if (out->packet == nullptr) {
      av_packet_unref(packet_.get());
      return LimitExceededError("video: out of memory");
    }
    av_packet_move_ref(out->packet.get(), packet_.get());
    out->index = IndexOfPts(out->packet->pts);
    out->key = (out->packet->flags & AV_PKT_FLAG_KEY) != 0;
    return true;
  }
}

Result<size_t> VideoSession::LookAhead() {
  size_t next_key = 0;
  size_t scanned = 1;
  while (true) {
    for (; scanned < queue_.size() && next_key == 0; ++scanned) {
      if (queue_[scanned].key) next_key = scanned;
    }
    if (next_key != 0 && queue_.size() > next_key + kLeadingPeek) break;
    if (input_done_ || queue_.size() >= kMaxLookaheadPackets) break;
    Pending p;
    VIGIL_ASSIGN_OR_RETURN(bool got, ReadVideoPacket(&p));
    if (!got) {
      input_done_ = true;
      continue;
    }
    queue_.push_back(std::move(p));
  }
  return next_key;
}

Status VideoSession::UpdateGop() {
  const Pending& front = queue_.front();
  if (!front.key || front.index < 0 || front.index == gop_.current) {
    return Status::OK();
  }
  const int64_t current = front.index;
  VIGIL_ASSIGN_OR_RETURN(size_t next_key, LookAhead());
  gop_.previous = gop_.current;
  gop_.current = current;
  gop_.next = kNone;
  gop_.last = kNone;
  if (next_key != 0 && queue_[next_key].index > current) {
    gop_.next = queue_[next_key].index;
  } else if (input_done_) {
    // The last group of pictures: no grid point after the last frame.
    for (const Pending& p : queue_) gop_.last = std::max(gop_.last, p.index);
  }
  return Status::OK();
}

Result<bool> VideoSession::FrontIsDroppable() {
  const Pending& front = queue_.front();
  if (Wanted(front.index, front.key)) return false;
  // Buffer up to the next keyframe and a few packets past it.
  VIGIL_ASSIGN_OR_RETURN(size_t next_key, LookAhead());
  if (next_key == 0 && (front.key || !input_done_)) {
    // The lookahead bound, or a last keyframe: keep it.
    return false;
  }
  // An unwanted keyframe goes too when nothing up to the next keyframe is
  // wanted: that keyframe starts afresh (leading pictures checked below).
  const size_t end = next_key != 0 ? next_key : queue_.size();
  for (size_t i = 1; i < end; ++i) {
    if (Wanted(queue_[i].index, queue_[i].key)) return false;
  }
  if (next_key != 0) {
    const int64_t key_pts = queue_[next_key].packet->pts;
    for (size_t i = next_key + 1; i < queue_.size(); ++i) {
      const int64_t pts = queue_[i].packet->pts;
      if (key_pts == AV_NOPTS_VALUE || pts == AV_NOPTS_VALUE) return false;
      // Leading pictures may reference this GOP. In MPEG-1/2/4 part 2 they
      // are B-frames, which nothing references: only a wanted one counts.
      if (pts < key_pts && (!disposable_leading_pictures_ ||
                            Wanted(queue_[i].index, queue_[i].key))) {
        return false;
      }
    }
  }
  return true;
}

Result<bool> VideoSession::NextPacketToSend(AvPacketPtr* out) {
  while (true) {
    if (queue_.empty()) {
      if (input_done_) return false;
      Pending p;
      VIGIL_ASSIGN_OR_RETURN(bool got, ReadVideoPacket(&p));
      if (!got) {
        input_done_ = true;
        return false;
      }
      queue_.push_back(std::move(p));
    }
    switch (policy_) {
      case PacketPolicy::kAll:
        if (nearest_keyframe_) {
          VIGIL_RETURN_IF_ERROR(UpdateGop());
          const Pending& front = queue_.front();
          if (Wanted(front.index, front.key)) wanted_.insert(front.index);
        }
        break;
      case PacketPolicy::kKeyframesOnly:
        if (!queue_.front().key) {
          queue_.pop_front();
          ++packets_dropped_;
          continue;
        }
        break;
      case PacketPolicy::kSkipUnsampled: {
        if (nearest_keyframe_) VIGIL_RETURN_IF_ERROR(UpdateGop());
        VIGIL_ASSIGN_OR_RETURN(bool droppable, FrontIsDroppable());
        // An unsampled non-reference H.264 picture: the decoder would skip
        // it under AVDISCARD_NONREF anyway.
        if (!droppable && nal_length_size_ > 0 &&
            !Wanted(queue_.front().index, queue_.front().key) &&
            IsNonReferenceH264(*queue_.front().packet, nal_length_size_)) {
          droppable = true;
        }
        if (droppable) {
          queue_.pop_front();
          ++packets_dropped_;
          continue;
        }
        // The decoder reads skip_frame when it decodes this packet (no
        // frame threads), so the choice applies to this packet alone.
        const Pending& front = queue_.front();
        const bool sampled = Wanted(front.index, front.key);
        if (sampled && nearest_keyframe_) wanted_.insert(front.index);
        codec_->skip_frame = sampled ? AVDISCARD_DEFAULT : AVDISCARD_NONREF;
        codec_->skip_loop_filter =
            sampled || !skip_loop_filter_ ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
        break;
      }
    }
    *out = std::move(queue_.front().packet);
    queue_.pop_front();
    return true;
  }
}

Result<bool> VideoSession::Receive(AVFrame* frame) {
  while (true) {
    if (deadline_->Expired()) {
      return LimitExceededError("video: decode time limit reached");
    }
    int err = avcodec_receive_frame(codec_.get(), frame);
    if (err == 0) {
      // A frame the decoder had to conceal errors in (bit errors in its
      // data) shows other pixels than the content: never hash it as if it
      // were whole (it could hide a known frame).
      if (frame->decode_error_flags != 0 ||
          (frame->flags & AV_FRAME_FLAG_CORRUPT) != 0) {
        av_frame_unref(frame);
        return CorruptInputError("video: corrupt frame data (the decoder " +
                                 std::string("concealed errors)"));
      }
      return true;
    }
    if (err == AVERROR_EOF) return false;
    if (err != AVERROR(EAGAIN))
      return InputError(io_ != nullptr, err, "video: decoding");
    if (flushed_) return false;
    AvPacketPtr packet;
    VIGIL_ASSIGN_OR_RETURN(bool got, NextPacketToSend(&packet));
    if (!got) {
      // Drain the frames the decoder still holds (B-frame reordering).
      flushed_ = true;
      err = avcodec_send_packet(codec_.get(), nullptr);
      if (err < 0 && err != AVERROR_EOF) {
        return InputError(io_ != nullptr, err, "video: flushing the decoder");
      }
      continue;
    }
    err = avcodec_send_packet(codec_.get(), packet.get());
    if (err < 0 && err != AVERROR(EAGAIN)) {
      return InputError(io_ != nullptr, err, "video: decoding a packet");
    }
  }
}

namespace {

// The width to convert at: frame.width rounded up to a multiple of 16 for
// the 8-bit planar YUV formats when every plane's line holds that many
// pixels (decoders pad their lines), else frame.width. libswscale's x86
// YUV-to-RGB converters for those formats work in blocks of 8 pixels and
// leave the last width % 8 pixels of each row unwritten (seen with FFmpeg
// 5.1: an 854-pixel-wide frame kept 6 columns of stale heap bytes, so its
// PDQ hash changed from run to run). Converting the padding too writes
// every pixel we use; those converters work per pixel at an unchanged size,
// so the columns kept are those of an exact-width conversion. Other formats
// go through the generic scaler, which writes every pixel, at their width.
int ConvertWidth(const AVFrame& frame) {
  switch (static_cast<AVPixelFormat>(frame.format)) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVA420P:
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
      break;
    default:
      return frame.width;
  }
  const int padded = (frame.width + 15) & ~15;
  if (padded == frame.width) return frame.width;
  int needed[4] = {0, 0, 0, 0};
  if (av_image_fill_linesizes(needed, static_cast<AVPixelFormat>(frame.format),
                              padded) < 0) {
    return frame.width;
  }
  for (int i = 0; i < 4; ++i) {
    if (needed[i] > 0 &&
        (frame.data[i] == nullptr || frame.linesize[i] < needed[i])) {
      return frame.width;
    }
  }
  return padded;
}

}  // namespace

Status RgbConverter::Convert(const AVFrame& frame, const VideoLimits& limits) {
  VIGIL_RETURN_IF_ERROR(CheckSize(frame.width, frame.height, limits));
  const int convert_width = ConvertWidth(frame);
  if (frame.width != width_ || frame.height != height_ ||
      convert_width != convert_width_ || frame.format != format_ ||
      sws_ == nullptr) {
    sws_.reset();
    rgb_.reset();
    if (frame.format < 0) return CorruptInputError("video: frame format");
    // The reference's scaler: same size, RGB24, SWS_AREA, default colour
    // details (ffmpegwrapper.cpp createSwsContext).
    sws_.reset(sws_getContext(convert_width, frame.height,
                              static_cast<AVPixelFormat>(frame.format),
                              convert_width, frame.height, AV_PIX_FMT_RGB24,
                              SWS_AREA, nullptr, nullptr, nullptr));
    if (sws_ == nullptr) {
      const char* name =
          av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame.format));
      return CorruptInputError(
          std::string("video: cannot convert pixel format ") +
          (name != nullptr ? name : "?"));
    }
    // The reference's buffer: av_frame_get_buffer with align 1.
    rgb_.reset(av_frame_alloc());
    if (rgb_ == nullptr) return LimitExceededError("video: out of memory");
    rgb_->format = AV_PIX_FMT_RGB24;
    rgb_->width = convert_width;
    rgb_->height = frame.height;
    if (av_frame_get_buffer(rgb_.get(), 1) < 0) {
      rgb_.reset();
      sws_.reset();
      return LimitExceededError("video: out of memory for a frame");
    }
    width_ = frame.width;
    height_ = frame.height;
    convert_width_ = convert_width;
    format_ = frame.format;
    stride_ = static_cast<size_t>(rgb_->linesize[0]);
  }
  const int rows = sws_scale(sws_.get(), frame.data, frame.linesize, 0,
                             frame.height, rgb_->data, rgb_->linesize);
  if (rows != frame.height) {
    return CorruptInputError("video: frame conversion failed");
  }
  return Status::OK();
}

std::span<const uint8_t> RgbConverter::pixels() const {
  if (rgb_ == nullptr) return {};
  return {rgb_->data[0], stride_ * static_cast<size_t>(height_)};
}

}  // namespace vigil::internal
