// Copyright 2026 The Vigil Authors.

#include "video/synthetic_video.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include <webp/encode.h>
#include <webp/mux.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include "testing/subprocess.h"

namespace vigil::testing {
namespace {

struct Encoder {
  AVFormatContext* format = nullptr;
  AVCodecContext* codec = nullptr;
  AVStream* stream = nullptr;
  SwsContext* sws = nullptr;
  AVFrame* frame = nullptr;
  AVPacket* packet = nullptr;
  ~Encoder() {
    if (format != nullptr && format->pb != nullptr) avio_closep(&format->pb);
    avformat_free_context(format);
    avcodec_free_context(&codec);
    sws_freeContext(sws);
    av_frame_free(&frame);
    av_packet_free(&packet);
  }
};

bool Drain(Encoder& e, bool flush) {
  if (avcodec_send_frame(e.codec, flush ? nullptr : e.frame) < 0) return false;
  while (true) {
    int err = avcodec_receive_packet(e.codec, e.packet);
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return true;
    if (err < 0) return false;
    av_packet_rescale_ts(e.packet, e.codec->time_base, e.stream->time_base);
    e.packet->stream_index = e.stream->index;
    if (av_interleaved_write_frame(e.format, e.packet) < 0) return false;
  }
}

// MP4/MOV with the index first ("faststart"), so that a truncated copy
// still opens and fails in the frame data.
int WriteHeader(AVFormatContext* format, const std::string& container) {
  AVDictionary* options = nullptr;
  if (container == "mp4" || container == "mov") {
    av_dict_set(&options, "movflags", "faststart", 0);
  }
  const int err = avformat_write_header(format, &options);
  av_dict_free(&options);
  return err;
}

}  // namespace

std::vector<uint8_t> DrawSyntheticFrame(const SyntheticVideoSpec& spec, int n) {
  // A grid of pseudo-random cells, bilinearly interpolated and panning
  // slowly: a broad low-frequency spectrum, which gives stable PDQ hashes
  // (pure sinusoids leave most DCT coefficients near the median).
  auto cell = [&](int i, int j, int channel) {
    // Unsigned arithmetic: the products wrap instead of overflowing.
    uint32_t h = static_cast<uint32_t>(i) * 73856093u ^
                 static_cast<uint32_t>(j) * 19349663u ^
                 static_cast<uint32_t>(spec.seed * 3 + channel) * 83492791u;
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    return 30.0 + (h % 196);
  };
  std::vector<uint8_t> rgb(static_cast<size_t>(spec.width) * spec.height * 3);
  const double pan = n * 0.05;
  for (int y = 0; y < spec.height; ++y) {
    const double v = y * 9.0 / spec.height;
    const int j = static_cast<int>(std::floor(v));
    const double fv = v - j;
    for (int x = 0; x < spec.width; ++x) {
      const double u = x * 12.0 / spec.width + pan;
      const int i = static_cast<int>(std::floor(u));
      const double fu = u - i;
      uint8_t* p = &rgb[(static_cast<size_t>(y) * spec.width + x) * 3];
      for (int c = 0; c < 3; ++c) {
        const double top = cell(i, j, c) * (1 - fu) + cell(i + 1, j, c) * fu;
        const double bottom =
            cell(i, j + 1, c) * (1 - fu) + cell(i + 1, j + 1, c) * fu;
        p[c] = static_cast<uint8_t>(top * (1 - fv) + bottom * fv);
      }
    }
  }
  if (spec.logo) {
    const int x0 = spec.width / 5, x1 = spec.width * 4 / 5;
    const int y0 = spec.height / 20, y1 = spec.height * 9 / 20;
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) {
        // Distance from the centre, 1 at the rectangle's edge.
        const double dx = (2.0 * (x - x0) / (x1 - x0)) - 1;
        const double dy = (2.0 * (y - y0) / (y1 - y0)) - 1;
        const double r = std::max(std::abs(dx), std::abs(dy));
        const uint8_t value = r > 0.6 ? 0 : 255;
        std::fill_n(&rgb[(static_cast<size_t>(y) * spec.width + x) * 3], 3,
                    value);
      }
    }
  }
  return rgb;
}

namespace {

// Frame n of `spec` inside its black bars (RGB, packed rows).
std::vector<uint8_t> DrawWithBars(const SyntheticVideoSpec& spec, int n) {
  const int width = spec.width + spec.bar_left + spec.bar_right;
  const int height = spec.height + spec.bar_top + spec.bar_bottom;
  std::vector<uint8_t> canvas(static_cast<size_t>(width) * height * 3, 0);
  const std::vector<uint8_t> content = DrawSyntheticFrame(spec, n);
  for (int y = 0; y < spec.height; ++y) {
    std::copy_n(&content[static_cast<size_t>(y) * spec.width * 3],
                spec.width * 3,
                &canvas[(static_cast<size_t>(y + spec.bar_top) * width +
                         spec.bar_left) *
                        3]);
  }
  return canvas;
}

}  // namespace

std::vector<uint8_t> EncodeSyntheticWebpAnimation(
    const SyntheticVideoSpec& spec) {
  const int width = spec.width + spec.bar_left + spec.bar_right;
  const int height = spec.height + spec.bar_top + spec.bar_bottom;
  WebPAnimEncoderOptions options;
  WebPConfig config;
  WebPPicture picture;
  if (!WebPAnimEncoderOptionsInit(&options) || !WebPConfigInit(&config) ||
      !WebPPictureInit(&picture)) {
    ADD_FAILURE() << "libwebp version mismatch";
    return {};
  }
  config.lossless = 1;
  config.quality = 10;  // effort: fast
  options.allow_mixed = 0;
  std::unique_ptr<WebPAnimEncoder, void (*)(WebPAnimEncoder*)> encoder(
      WebPAnimEncoderNew(width, height, &options), WebPAnimEncoderDelete);
  picture.width = width;
  picture.height = height;
  picture.use_argb = 1;
  const int frame_ms = 1000 / spec.fps;
  bool ok = encoder != nullptr;
  for (int n = 0; ok && n < spec.frames; ++n) {
    const std::vector<uint8_t> canvas = DrawWithBars(spec, n);
    ok = WebPPictureImportRGB(&picture, canvas.data(), width * 3) &&
         WebPAnimEncoderAdd(encoder.get(), &picture, n * frame_ms, &config);
    WebPPictureFree(&picture);
  }
  ok = ok && WebPAnimEncoderAdd(encoder.get(), nullptr, spec.frames * frame_ms,
                                nullptr);
  WebPData data;
  WebPDataInit(&data);
  ok = ok && WebPAnimEncoderAssemble(encoder.get(), &data);
  std::vector<uint8_t> out;
  if (ok) out.assign(data.bytes, data.bytes + data.size);
  WebPDataClear(&data);
  if (!ok) ADD_FAILURE() << "WebP animation encoding failed";
  return out;
}

std::vector<uint8_t> EncodeSyntheticVideo(const SyntheticVideoSpec& spec) {
  TempDir dir;
  const bool gif = spec.container == "gif";
  const std::string path =
      dir.path() + "/video." +
      (spec.container == "matroska" ? "mkv" : spec.container);
  const int width = spec.width + spec.bar_left + spec.bar_right;
  const int height = spec.height + spec.bar_top + spec.bar_bottom;
  Encoder e;
  if (avformat_alloc_output_context2(&e.format, nullptr, spec.container.c_str(),
                                     path.c_str()) < 0) {
    ADD_FAILURE() << "no muxer " << spec.container;
    return {};
  }
  // WebM takes VP8 (libvpx); the others MPEG-4 part 2.
  const bool webm = spec.container == "webm";
  const AVCodec* codec = gif    ? avcodec_find_encoder(AV_CODEC_ID_GIF)
                         : webm ? avcodec_find_encoder_by_name("libvpx")
                                : avcodec_find_encoder(AV_CODEC_ID_MPEG4);
  if (codec == nullptr) {
    ADD_FAILURE() << "no encoder";
    return {};
  }
  e.stream = avformat_new_stream(e.format, nullptr);
  e.codec = avcodec_alloc_context3(codec);
  e.codec->width = width;
  e.codec->height = height;
  e.codec->time_base = AVRational{1, spec.fps};
  e.stream->time_base = e.codec->time_base;
  e.stream->avg_frame_rate = AVRational{spec.fps, 1};
  e.codec->framerate = AVRational{spec.fps, 1};
  e.codec->pix_fmt = gif ? AV_PIX_FMT_RGB8 : AV_PIX_FMT_YUV420P;
  if (!gif) {
    e.codec->gop_size = spec.gop;
    e.codec->max_b_frames = webm ? 0 : spec.b_frames;
    e.codec->bit_rate = 4'000'000;
    e.codec->qmax = 4;
  }
  if (e.format->oformat->flags & AVFMT_GLOBALHEADER) {
    e.codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  }
  if (avcodec_open2(e.codec, codec, nullptr) < 0 ||
      avcodec_parameters_from_context(e.stream->codecpar, e.codec) < 0 ||
      avio_open(&e.format->pb, path.c_str(), AVIO_FLAG_WRITE) < 0 ||
      WriteHeader(e.format, spec.container) < 0) {
    ADD_FAILURE() << "cannot start encoding " << spec.container;
    return {};
  }
  e.sws =
      sws_getContext(width, height, AV_PIX_FMT_RGB24, width, height,
                     e.codec->pix_fmt, SWS_BICUBIC, nullptr, nullptr, nullptr);
  e.frame = av_frame_alloc();
  e.packet = av_packet_alloc();
  e.frame->format = e.codec->pix_fmt;
  e.frame->width = width;
  e.frame->height = height;
  if (e.sws == nullptr || av_frame_get_buffer(e.frame, 0) < 0) {
    ADD_FAILURE() << "cannot allocate frames";
    return {};
  }
  for (int n = 0; n < spec.frames; ++n) {
    const std::vector<uint8_t> canvas = DrawWithBars(spec, n);
    if (av_frame_make_writable(e.frame) < 0) return {};
    const uint8_t* src[1] = {canvas.data()};
    const int src_stride[1] = {width * 3};
    sws_scale(e.sws, src, src_stride, 0, height, e.frame->data,
              e.frame->linesize);
    e.frame->pts = n;
    if (!Drain(e, false)) {
      ADD_FAILURE() << "encoding failed at frame " << n;
      return {};
    }
  }
  if (!Drain(e, true) || av_write_trailer(e.format) < 0) {
    ADD_FAILURE() << "cannot finish encoding";
    return {};
  }
  avio_closep(&e.format->pb);
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::vector<int64_t> KeyframeNumbers(const std::vector<uint8_t>& bytes,
                                     const std::string& container) {
  TempDir dir;
  const std::string path = dir.path() + "/video." + container;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  AVFormatContext* format = nullptr;
  if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) {
    ADD_FAILURE() << "cannot open " << path;
    return {};
  }
  std::vector<int64_t> keys;
  AVPacket* packet = av_packet_alloc();
  const AVStream* stream = format->streams[0];
  const int64_t start =
      stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;
  while (packet != nullptr && av_read_frame(format, packet) >= 0) {
    if (packet->stream_index == 0 && (packet->flags & AV_PKT_FLAG_KEY)) {
      keys.push_back(av_rescale_q(packet->pts - start, stream->time_base,
                                  av_inv_q(stream->avg_frame_rate)));
    }
    av_packet_unref(packet);
  }
  av_packet_free(&packet);
  avformat_close_input(&format);
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace vigil::testing
