// Copyright 2026 The Vigil Authors.
//
// WebP through libwebp: the container is parsed by WebPDemux (which checks
// chunk sizes against the data and refuses truncated files), the canvas size
// is checked against the limits, then the first frame's bitstream is decoded
// with WebPDecode in MODE_RGB, which returns the colour channels as stored
// (alpha is neither applied nor premultiplied). libwebp prints nothing.

#include <webp/decode.h>
#include <webp/demux.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "media/internal/decoders.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

struct DemuxDeleter {
  void operator()(WebPDemuxer* d) const { WebPDemuxDelete(d); }
};

const char* Vp8StatusText(VP8StatusCode code) {
  switch (code) {
    case VP8_STATUS_OUT_OF_MEMORY:
      return "out of memory";
    case VP8_STATUS_INVALID_PARAM:
      return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR:
      return "bitstream error";
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      return "unsupported feature";
    case VP8_STATUS_NOT_ENOUGH_DATA:
      return "premature end of data";
    default:
      return "decoding failed";
  }
}

}  // namespace

Status DecodeWebp(Bytes bytes, const DecodeOptions& options, Image* image_out) {
  // The extended format's canvas size is checked first: libwebp's demuxer
  // refuses canvases above 2^32 pixels as invalid, which would report a
  // limit problem as corruption.
  if (bytes.size() >= 30 && std::memcmp(bytes.data() + 12, "VP8X", 4) == 0) {
    auto le24 = [&](size_t at) {
      return uint64_t{bytes[at]} | (uint64_t{bytes[at + 1]} << 8) |
             (uint64_t{bytes[at + 2]} << 16);
    };
    VIGIL_RETURN_IF_ERROR(
        CheckDimensions("webp", 1 + le24(24), 1 + le24(27), options.limits));
  }
  WebPData data{bytes.data(), bytes.size()};
  std::unique_ptr<WebPDemuxer, DemuxDeleter> demux(WebPDemux(&data));
  if (demux == nullptr) {
    return CorruptInputError("webp: invalid or truncated container");
  }
  const uint32_t canvas_w = WebPDemuxGetI(demux.get(), WEBP_FF_CANVAS_WIDTH);
  const uint32_t canvas_h = WebPDemuxGetI(demux.get(), WEBP_FF_CANVAS_HEIGHT);
  VIGIL_RETURN_IF_ERROR(
      CheckDimensions("webp", canvas_w, canvas_h, options.limits));
  Image& image = *image_out;
  image.media_type = MediaType::kWebp;
  image.frame_count_hint =
      static_cast<int>(WebPDemuxGetI(demux.get(), WEBP_FF_FRAME_COUNT));

  WebPChunkIterator chunk;
  if (WebPDemuxGetChunk(demux.get(), "EXIF", 1, &chunk)) {
    image.exif_orientation =
        ParseExifOrientation(Bytes(chunk.chunk.bytes, chunk.chunk.size));
    WebPDemuxReleaseChunkIterator(&chunk);
  }

  WebPIterator frame;
  if (!WebPDemuxGetFrame(demux.get(), 1, &frame)) {
    return CorruptInputError("webp: no frame");
  }
  const uint8_t* fragment = frame.fragment.bytes;
  const size_t fragment_size = frame.fragment.size;
  const int fx = frame.x_offset, fy = frame.y_offset;
  const int fw = frame.width, fh = frame.height;
  WebPDemuxReleaseIterator(&frame);
  if (fx < 0 || fy < 0 || fw <= 0 || fh <= 0 ||
      static_cast<uint64_t>(fx) + fw > canvas_w ||
      static_cast<uint64_t>(fy) + fh > canvas_h) {
    return CorruptInputError("webp: frame outside the canvas");
  }

  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) {
    return InternalError("webp: decoder version mismatch");
  }
  VP8StatusCode status =
      WebPGetFeatures(fragment, fragment_size, &config.input);
  if (status != VP8_STATUS_OK) {
    return CorruptInputError(std::string("webp: ") + Vp8StatusText(status));
  }
  if (config.input.width != fw || config.input.height != fh) {
    return CorruptInputError("webp: frame size does not match its bitstream");
  }

  VIGIL_RETURN_IF_ERROR(AllocateImage("webp", static_cast<int>(canvas_w),
                                      static_cast<int>(canvas_h),
                                      options.format, &image));
  // Decode straight into the output when the frame is the whole canvas and
  // RGB is wanted; otherwise into a frame-sized RGB buffer.
  const bool direct = options.format == PixelFormat::kRgb8 &&
                      static_cast<uint32_t>(fw) == canvas_w &&
                      static_cast<uint32_t>(fh) == canvas_h;
  std::vector<uint8_t> rgb;
  if (!direct) {
    try {
      rgb.resize(size_t(fw) * size_t(fh) * 3);
    } catch (const std::bad_alloc&) {
      return LimitExceededError("webp: cannot allocate the frame buffer");
    }
  }
  config.output.colorspace = MODE_RGB;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = direct ? image.pixels.data() : rgb.data();
  config.output.u.RGBA.stride = fw * 3;
  config.output.u.RGBA.size = size_t(fw) * size_t(fh) * 3;
  status = WebPDecode(fragment, fragment_size, &config);
  WebPFreeDecBuffer(&config.output);
  if (status != VP8_STATUS_OK) {
    if (status == VP8_STATUS_UNSUPPORTED_FEATURE) {
      return UnsupportedFormatError("webp: unsupported feature");
    }
    return CorruptInputError(std::string("webp: ") + Vp8StatusText(status));
  }
  if (direct) return Status::OK();
  // Place the frame on the black canvas (the buffer may hold old pixels).
  std::fill(image.pixels.begin(), image.pixels.end(), uint8_t{0});
  const int channels = PixelFormatChannels(options.format);
  for (int y = 0; y < fh; ++y) {
    const uint8_t* src = rgb.data() + size_t(y) * fw * 3;
    uint8_t* dst = image.pixels.data() +
                   (size_t(fy + y) * canvas_w + size_t(fx)) * channels;
    if (channels == 3) {
      std::copy(src, src + size_t(fw) * 3, dst);
    } else {
      RgbToLuma(src, size_t(fw), dst);
    }
  }
  return Status::OK();
}

}  // namespace vigil::internal
