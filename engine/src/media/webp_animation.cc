// Copyright 2026 The Vigil Authors.
//
// Animated WebP as a video (FFmpeg 5.1 cannot decode WebP animations; its
// decoder skips the ANIM/ANMF chunks). libwebp's WebPAnimDecoder composes
// each frame onto the canvas (disposal and blending as the format says) in
// non-premultiplied RGBA; the colour channels are kept and alpha dropped,
// as the still-image decoder does. Frames are sampled like video frames
// (every frame_interval-th, the interval from the average frame rate), and
// each frame's timestamp is when it is shown (the sum of the earlier
// frames' durations). Bars are detected on the first frame and cropped from
// all (remove_bars). Limits: canvas size, frame count, total duration and
// decode time, all checked before the frames are decoded except the time.

#include <webp/demux.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "media/internal/ffmpeg_util.h"
#include "media/internal/webp_animation.h"
#include "vigil/bars.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

struct AnimDecoderDeleter {
  void operator()(WebPAnimDecoder* d) const { WebPAnimDecoderDelete(d); }
};
struct DemuxDeleter {
  void operator()(WebPDemuxer* d) const { WebPDemuxDelete(d); }
};

class WebpAnimationReader final : public VideoReader {
 public:
  WebpAnimationReader(std::vector<uint8_t> owned,
                      std::span<const uint8_t> bytes,
                      const VideoDecodeOptions& options)
      : owned_(std::move(owned)),
        bytes_(owned_.empty() ? bytes : std::span<const uint8_t>(owned_)),
        options_(options),
        deadline_(options.limits.max_decode_seconds) {}

  Status Init() {
    const VideoLimits& limits = options_.limits;
    WebPData data{bytes_.data(), bytes_.size()};
    std::unique_ptr<WebPDemuxer, DemuxDeleter> demux(WebPDemux(&data));
    if (demux == nullptr) {
      return CorruptInputError("webp: not a complete WebP file");
    }
    const uint32_t flags = WebPDemuxGetI(demux.get(), WEBP_FF_FORMAT_FLAGS);
    if ((flags & ANIMATION_FLAG) == 0) {
      return UnsupportedFormatError("webp: not an animation");
    }
    const int64_t width = WebPDemuxGetI(demux.get(), WEBP_FF_CANVAS_WIDTH);
    const int64_t height = WebPDemuxGetI(demux.get(), WEBP_FF_CANVAS_HEIGHT);
    if (width <= 0 || height <= 0) {
      return CorruptInputError("webp: canvas size");
    }
    if (width > limits.max_dimension || height > limits.max_dimension ||
        static_cast<uint64_t>(width) * static_cast<uint64_t>(height) >
            limits.max_pixels) {
      return LimitExceededError("webp: canvas " + std::to_string(width) + "x" +
                                std::to_string(height) + " exceeds the limits");
    }
    const int64_t frames = WebPDemuxGetI(demux.get(), WEBP_FF_FRAME_COUNT);
    if (frames < 1) return CorruptInputError("webp: animation has no frame");
    if (frames > limits.max_frames) {
      return LimitExceededError("webp: more than " +
                                std::to_string(limits.max_frames) + " frames");
    }
    // Total duration from the frame headers, before decoding anything.
    int64_t total_ms = 0;
    WebPIterator it;
    if (WebPDemuxGetFrame(demux.get(), 1, &it)) {
      do {
        total_ms += std::max(it.duration, 0);
      } while (WebPDemuxNextFrame(&it));
      WebPDemuxReleaseIterator(&it);
    }
    const double duration = static_cast<double>(total_ms) / 1000.0;
    if (duration > limits.max_duration_seconds) {
      return LimitExceededError("webp: longer than the duration limit");
    }
    info_.media_type = MediaType::kWebp;
    info_.container = "webp";
    info_.codec = "webp";
    info_.width = static_cast<int>(width);
    info_.height = static_cast<int>(height);
    info_.duration_seconds = duration;
    info_.frame_count_hint = frames;
    // Frames without a duration are shown for 100 ms by browsers.
    info_.frame_rate =
        total_ms > 0 ? static_cast<double>(frames) / duration : 10.0;
    int64_t interval = 1;
    if (options_.frames_per_second > 0) {
      const double mod = info_.frame_rate / options_.frames_per_second;
      interval = mod >= 1 && mod < 9.0e15 ? static_cast<int64_t>(mod) : 1;
    }
    info_.frame_interval = interval;

    WebPAnimDecoderOptions dec_options;
    if (!WebPAnimDecoderOptionsInit(&dec_options)) {
      return InternalError("webp: libwebp version mismatch");
    }
    dec_options.color_mode = MODE_RGBA;
    dec_options.use_threads = 0;
    decoder_.reset(WebPAnimDecoderNew(&data, &dec_options));
    if (decoder_ == nullptr) {
      return CorruptInputError("webp: cannot decode the animation");
    }
    rgb_.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
    return Status::OK();
  }

  const VideoInfo& info() const override { return info_; }
  int64_t decoded_frames() const override { return decoded_; }

  Result<bool> Next(VideoFrame* out) override {
    if (!status_.ok()) return status_;
    Result<bool> r = NextImpl(out);
    if (!r.ok()) status_ = r.status();
    return r;
  }

 private:
  Result<bool> NextImpl(VideoFrame* out) {
    while (WebPAnimDecoderHasMoreFrames(decoder_.get())) {
      if (deadline_.Expired()) {
        return LimitExceededError("webp: decoding took longer than the limit");
      }
      uint8_t* rgba = nullptr;
      int end_ms = 0;
      if (!WebPAnimDecoderGetNext(decoder_.get(), &rgba, &end_ms)) {
        return CorruptInputError("webp: frame " + std::to_string(decoded_) +
                                 " does not decode");
      }
      const int64_t n = decoded_++;
      const double shown_at = static_cast<double>(shown_ms_) / 1000.0;
      shown_ms_ = end_ms;
      if (n % info_.frame_interval != 0) continue;
      const size_t pixels = static_cast<size_t>(info_.width) * info_.height;
      for (size_t i = 0; i < pixels; ++i) {
        rgb_[i * 3] = rgba[i * 4];
        rgb_[i * 3 + 1] = rgba[i * 4 + 1];
        rgb_[i * 3 + 2] = rgba[i * 4 + 2];
      }
      const size_t stride = static_cast<size_t>(info_.width) * 3;
      if (n == 0 && options_.remove_bars) {
        BarDetection bars = DetectBars(rgb_, info_.width, info_.height, stride,
                                       options_.bar_options);
        if (bars.has_content) info_.crop = bars.crop;
      }
      const CropRect& crop = info_.crop;
      out->frame_number = n;
      out->timestamp = shown_at;
      out->crop = crop;
      out->width = crop.Width(info_.width);
      out->height = crop.Height(info_.height);
      out->stride = stride;
      out->rgb = std::span<const uint8_t>(rgb_).subspan(
          static_cast<size_t>(crop.top) * stride +
          static_cast<size_t>(crop.left) * 3);
      return true;
    }
    return false;
  }

  std::vector<uint8_t> owned_;
  std::span<const uint8_t> bytes_;
  VideoDecodeOptions options_;
  Deadline deadline_;
  std::unique_ptr<WebPAnimDecoder, AnimDecoderDeleter> decoder_;
  VideoInfo info_;
  std::vector<uint8_t> rgb_;
  int64_t decoded_ = 0;
  int shown_ms_ = 0;
  Status status_;
};

}  // namespace

Result<std::unique_ptr<VideoReader>> OpenWebpAnimation(
    std::vector<uint8_t> owned, std::span<const uint8_t> bytes,
    const VideoDecodeOptions& options) {
  auto reader =
      std::make_unique<WebpAnimationReader>(std::move(owned), bytes, options);
  VIGIL_RETURN_IF_ERROR(reader->Init());
  return std::unique_ptr<VideoReader>(std::move(reader));
}

}  // namespace vigil::internal
