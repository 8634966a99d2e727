// Copyright 2026 The Vigil Authors.
//
// The FFmpeg video reader behind OpenVideo(). It mirrors the decode path of
// Meta's vPDQ reference (vpdq/cpp/vpdq/cpp/hashing/filehasher.cpp,
// ffmpegwrapper.cpp): first video stream, avcodec send/receive, frames
// numbered by output order, RGB24 at native size through sws_scale with
// SWS_AREA into a buffer allocated with av_frame_get_buffer(align 1). The
// destination layout matters: libswscale picks SIMD or C output paths by
// the alignment of the destination, and only the same path rounds alike.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "core/internal/file_io.h"
#include "media/internal/ffmpeg_session.h"
#include "media/internal/ffmpeg_util.h"
#include "media/internal/webp_animation.h"
#include "vigil/bars.h"
#include "vigil/media_type.h"
#include "vigil/status_macros.h"
#include "vigil/video.h"

namespace vigil {

VideoReader::~VideoReader() = default;
VideoDecoder::~VideoDecoder() = default;

namespace {

using internal::AvFramePtr;
using internal::Deadline;
using internal::FfmpegError;
using internal::PacketPolicy;
using internal::RgbConverter;
using internal::VideoSession;
using internal::VideoSource;

// Most keyframes decoded to detect bars, and the least spacing between two
// of them as a share of the duration, so that they spread over the video.
constexpr int kMaxBarProbeFrames = 16;

Status CheckOptions(const VideoDecodeOptions& options) {
  if (!(options.frames_per_second >= 0) ||
      !std::isfinite(options.frames_per_second)) {
    return InvalidArgumentError(
        "video: frames_per_second must be a finite number >= 0");
  }
  if (options.sampling != VideoSampling::kGrid &&
      options.sampling != VideoSampling::kNearestKeyframe) {
    return InvalidArgumentError("video: unknown sampling");
  }
  if (!(options.max_keyframe_offset_seconds >= 0 &&
        options.max_keyframe_offset_seconds <= 3600)) {
    return InvalidArgumentError(
        "video: max_keyframe_offset_seconds must be in [0, 3600]");
  }
  if (options.threads < 1 || options.threads > 64) {
    return InvalidArgumentError("video: threads must be in 1..64");
  }
  return Status::OK();
}

class FfmpegVideoReader final : public VideoReader {
 public:
  FfmpegVideoReader(VideoSource source, const VideoDecodeOptions& options)
      : source_(std::move(source)),
        options_(options),
        deadline_(options.limits.max_decode_seconds) {}

  Status Init() {
    VIGIL_ASSIGN_OR_RETURN(session_,
                           VideoSession::Open(source_, options_, &deadline_));
    info_ = session_->info();
    const double fr = info_.frame_rate;
    int64_t interval = 1;
    if (options_.frames_per_second > 0) {
      // The reference: frameMod = int(secondsPerHash * frameRate), at least 1.
      const double seconds_per_hash = 1.0 / options_.frames_per_second;
      const double mod = seconds_per_hash * fr;
      interval = mod >= 1 && mod < 9.0e15 ? static_cast<int64_t>(mod) : 1;
    }
    info_.frame_interval = interval;
    skip_mode_ = interval > 1 && options_.skip_unsampled_frames;
    keyframe_mode_ =
        interval > 1 && options_.sampling == VideoSampling::kNearestKeyframe;
    if (options_.remove_bars) {
      VIGIL_RETURN_IF_ERROR(ProbeBars());
    }
    session_->SetPolicy(
        skip_mode_ ? PacketPolicy::kSkipUnsampled : PacketPolicy::kAll,
        interval, options_.fast_reference_decode);
    if (keyframe_mode_) {
      session_->SetNearestKeyframe(
          std::llround(options_.max_keyframe_offset_seconds * fr));
    }
    frame_.reset(av_frame_alloc());
    if (frame_ == nullptr) return LimitExceededError("video: out of memory");
    return Status::OK();
  }

  const VideoInfo& info() const override { return info_; }
  int64_t decoded_frames() const override { return output_count_; }

  Result<bool> Next(VideoFrame* out) override {
    if (!status_.ok()) return status_;
    if (done_) return false;
    Status s = NextImpl(out);
    if (s.ok()) return !done_;
    status_ = s;
    return s;
  }

 private:
  Status NextImpl(VideoFrame* out) {
    const VideoLimits& limits = options_.limits;
    while (true) {
      av_frame_unref(frame_.get());
      VIGIL_ASSIGN_OR_RETURN(bool got, session_->Receive(frame_.get()));
      if (!got) {
        done_ = true;
        if (output_count_ == 0) {
          return CorruptInputError("video: no frame could be decoded");
        }
        return Status::OK();
      }
      int64_t n = output_count_;
      if (skip_mode_ || keyframe_mode_) {
        n = session_->FrameIndexOf(*frame_);
        if (n <= last_number_) continue;  // duplicate or reordered timestamp
      }
      ++output_count_;
      if (output_count_ > limits.max_frames ||
          session_->packets_read() > limits.max_frames) {
        return LimitExceededError("video: more than " +
                                  std::to_string(limits.max_frames) +
                                  " frames");
      }
      const double timestamp = Timestamp(n);
      if (timestamp > limits.max_duration_seconds) {
        return LimitExceededError("video: longer than the duration limit");
      }
      const bool wanted = keyframe_mode_ ? session_->TakeWanted(n)
                                         : n % info_.frame_interval == 0;
      if (!wanted) continue;
      last_number_ = n;
      VIGIL_RETURN_IF_ERROR(converter_.Convert(*frame_, limits));
      const int w = converter_.width();
      const int h = converter_.height();
      CropRect crop = info_.crop;
      if (!crop.empty()) {
        // Never crop into content this frame shows where the probed frames
        // had bars: per side, the thinner of the two.
        const BarDetection own =
            DetectBars(converter_.pixels(), w, h, converter_.stride(),
                       options_.bar_options);
        if (own.has_content) {
          crop.left = std::min(crop.left, own.crop.left);
          crop.top = std::min(crop.top, own.crop.top);
          crop.right = std::min(crop.right, own.crop.right);
          crop.bottom = std::min(crop.bottom, own.crop.bottom);
        }
      }
      if (crop.Width(w) < 1 || crop.Height(h) < 1) {
        // The size changed mid-stream below the crop; hash it uncropped.
        crop = CropRect{};
        out->width = w;
        out->height = h;
        out->rgb = converter_.pixels();
      } else {
        out->width = crop.Width(w);
        out->height = crop.Height(h);
        const size_t offset =
            static_cast<size_t>(crop.top) * converter_.stride() +
            static_cast<size_t>(crop.left) * 3;
        out->rgb = converter_.pixels().subspan(offset);
      }
      out->crop = crop;
      out->stride = converter_.stride();
      out->frame_number = n;
      out->timestamp = timestamp;
      return Status::OK();
    }
  }

  // The reference's timestamp: frame number over the frame rate, both in
  // single precision (hasher.h hashFrame), so that "%.3f" texts agree.
  double Timestamp(int64_t n) const {
    return static_cast<double>(static_cast<float>(n) /
                               static_cast<float>(info_.frame_rate));
  }

  // Decodes keyframes spread over the video (no inter frames: cheap) and
  // keeps, per side, the thinnest bar any of them shows.
  Status ProbeBars() {
    VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<VideoSession> probe,
                           VideoSession::Open(source_, options_, &deadline_));
    probe->SetPolicy(PacketPolicy::kKeyframesOnly, 1);
    const double spacing = info_.duration_seconds > 0
                               ? info_.duration_seconds / kMaxBarProbeFrames
                               : 0;
    AvFramePtr frame(av_frame_alloc());
    if (frame == nullptr) return LimitExceededError("video: out of memory");
    RgbConverter converter;
    std::vector<BarDetection> detections;
    double next_time = -1;
    while (detections.size() < kMaxBarProbeFrames * 2) {
      av_frame_unref(frame.get());
      VIGIL_ASSIGN_OR_RETURN(bool got, probe->Receive(frame.get()));
      if (!got) break;
      const double t = probe->SecondsOf(*frame);
      if (t < next_time) continue;
      next_time = t + spacing;
      VIGIL_RETURN_IF_ERROR(converter.Convert(*frame, options_.limits));
      detections.push_back(DetectBars(converter.pixels(), converter.width(),
                                      converter.height(), converter.stride(),
                                      options_.bar_options));
    }
    info_.crop = CombineBars(detections);
    return Status::OK();
  }

  const VideoSource source_;
  const VideoDecodeOptions options_;
  Deadline deadline_;
  std::unique_ptr<VideoSession> session_;
  VideoInfo info_;
  RgbConverter converter_;
  AvFramePtr frame_;
  bool skip_mode_ = false;      // unsampled frames skipped; numbers from pts
  bool keyframe_mode_ = false;  // VideoSampling::kNearestKeyframe
  bool done_ = false;
  Status status_;
  int64_t output_count_ = 0;
  int64_t last_number_ = -1;
};

Result<std::unique_ptr<VideoReader>> OpenSource(
    VideoSource source, const VideoDecodeOptions& options) {
  VIGIL_RETURN_IF_ERROR(CheckOptions(options));
  if (source.type == MediaType::kWebp) {
    // FFmpeg 5.1 cannot decode WebP animations: libwebp does.
    std::vector<uint8_t> owned;
    if (source.is_file) {
      VIGIL_ASSIGN_OR_RETURN(
          owned, internal::ReadFileBounded(source.path,
                                           options.limits.max_file_bytes));
    }
    return internal::OpenWebpAnimation(std::move(owned), source.bytes, options);
  }
  auto reader = std::make_unique<FfmpegVideoReader>(std::move(source), options);
  VIGIL_RETURN_IF_ERROR(reader->Init());
  return std::unique_ptr<VideoReader>(std::move(reader));
}

class FfmpegVideoDecoder final : public VideoDecoder {
 public:
  Result<std::unique_ptr<VideoReader>> Open(
      std::span<const uint8_t> bytes,
      const VideoDecodeOptions& options) const override {
    return OpenVideo(bytes, options);
  }
};

}  // namespace

Result<std::unique_ptr<VideoReader>> OpenVideo(
    std::span<const uint8_t> bytes, const VideoDecodeOptions& options) {
  if (bytes.size() > options.limits.max_file_bytes) {
    return LimitExceededError("video: " + std::to_string(bytes.size()) +
                              " bytes exceed the file size limit");
  }
  VideoSource source;
  source.bytes = bytes;
  source.type = SniffMediaType(bytes);
  source.size = bytes.size();
  source.declared_size = internal::MatroskaDeclaredSize(bytes);
  return OpenSource(std::move(source), options);
}

Result<std::unique_ptr<VideoReader>> OpenVideoFile(
    const std::string& path, const VideoDecodeOptions& options) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec) return ErrnoToStatus(ec.value(), "video: " + path);
  if (!std::filesystem::is_regular_file(status)) {
    return InvalidArgumentError("video: not a regular file: " + path);
  }
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return ErrnoToStatus(ec.value(), "video: " + path);
  if (size > options.limits.max_file_bytes) {
    return LimitExceededError("video: " + path + ": " + std::to_string(size) +
                              " bytes exceed the file size limit");
  }
  std::vector<uint8_t> head(4096);
  std::ifstream in(path, std::ios::binary);
  if (!in) return IOError("video: cannot open " + path);
  in.read(reinterpret_cast<char*>(head.data()),
          static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  VideoSource source;
  source.path = path;
  source.is_file = true;
  source.type = SniffMediaType(head);
  source.size = size;
  source.declared_size = internal::MatroskaDeclaredSize(head);
  Result<std::unique_ptr<VideoReader>> reader =
      OpenSource(std::move(source), options);
  if (!reader.ok()) return reader.status().WithPrefix(path);
  return reader;
}

const VideoDecoder& DefaultVideoDecoder() {
  static const FfmpegVideoDecoder* const decoder = new FfmpegVideoDecoder();
  return *decoder;
}

bool CanDecodeVideo(MediaType type) {
  return type == MediaType::kWebp || internal::DemuxerFor(type) != nullptr;
}

}  // namespace vigil
