// Copyright 2026 The Vigil Authors.
//
// HEIC / HEIF / AVIF through libheif (Debian 12: libheif 1.15 with the
// libde265 HEVC and dav1d/aom AV1 decoders built in). The primary image's
// size (after its irot/imir/clap transformations, which libheif applies
// and which are part of the HEIF image) is checked against the limits before
// decoding, and libheif's own size limit is set to max_dimension so that it
// refuses oversized ispe boxes while parsing. Decoding is strict (broken
// data is an error, not a partial image) and single-threaded (tiles of grid
// images are decoded on the calling thread). libheif prints nothing.

#include <libheif/heif.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "media/internal/decoders.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

struct ContextDeleter {
  void operator()(heif_context* c) const { heif_context_free(c); }
};
struct HandleDeleter {
  void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
};
struct ImageDeleter {
  void operator()(heif_image* i) const { heif_image_release(i); }
};
struct OptionsDeleter {
  void operator()(heif_decoding_options* o) const {
    heif_decoding_options_free(o);
  }
};

Status HeifStatus(const heif_error& error) {
  std::string message = std::string("heif: ") +
                        (error.message != nullptr ? error.message : "error");
  if (error.subcode == heif_suberror_Security_limit_exceeded) {
    return LimitExceededError(message);
  }
  switch (error.code) {
    case heif_error_Unsupported_filetype:
    case heif_error_Unsupported_feature:
      return UnsupportedFormatError(message);
    case heif_error_Memory_allocation_error:
      return LimitExceededError(message);
    default:
      return CorruptInputError(message);
  }
}

// dav1d (libheif's first choice for AV1) writes "Input validation check
// ... failed" to stderr when handed an empty item, which hostile files can
// arrange; libaom reports the same condition as an error, silently. So AV1
// goes to libaom when it is present. Thread-safe (static init).
const char* Av1DecoderId() {
  static const char* const id = []() -> const char* {
    const heif_decoder_descriptor* descriptors[16];
    int n = heif_get_decoder_descriptors(heif_compression_AV1, descriptors, 16);
    for (int i = 0; i < n; ++i) {
      const char* name = heif_decoder_descriptor_get_id_name(descriptors[i]);
      if (name != nullptr && std::string_view(name) == "aom") return "aom";
    }
    return nullptr;
  }();
  return id;
}

// True when the first MiB holds an 'av1C' box type (the AV1 codec
// configuration property of an AV1 image item).
bool HasAv1Config(Bytes bytes) {
  std::string_view head(reinterpret_cast<const char*>(bytes.data()),
                        std::min<size_t>(bytes.size(), size_t{1} << 20));
  return head.find("av1C") != std::string_view::npos;
}

}  // namespace

bool HeifCanDecode(MediaType type) {
  switch (type) {
    case MediaType::kHeic:
    case MediaType::kHeif:
      return heif_have_decoder_for_format(heif_compression_HEVC) != 0;
    case MediaType::kAvif:
      return heif_have_decoder_for_format(heif_compression_AV1) != 0;
    default:
      return false;
  }
}

Status DecodeHeif(Bytes bytes, const DecodeOptions& options, Image* image_out) {
  const MediaType type = SniffMediaType(bytes);
  if (type == MediaType::kAvif && !HeifCanDecode(type)) {
    return UnsupportedFormatError(
        "avif: this build of libheif has no AV1 decoder");
  }
  if ((type == MediaType::kHeic) && !HeifCanDecode(type)) {
    return UnsupportedFormatError(
        "heic: this build of libheif has no HEVC decoder");
  }
  std::unique_ptr<heif_context, ContextDeleter> ctx(heif_context_alloc());
  if (ctx == nullptr) return InternalError("heif: cannot allocate a context");
  heif_context_set_maximum_image_size_limit(
      ctx.get(), static_cast<int>(std::min<uint32_t>(
                     options.limits.max_dimension, 0x7fffffff)));
  heif_context_set_max_decoding_threads(ctx.get(), 0);
  heif_error err = heif_context_read_from_memory_without_copy(
      ctx.get(), bytes.data(), bytes.size(), nullptr);
  if (err.code != heif_error_Ok) return HeifStatus(err);

  heif_image_handle* raw_handle = nullptr;
  err = heif_context_get_primary_image_handle(ctx.get(), &raw_handle);
  if (err.code != heif_error_Ok) return HeifStatus(err);
  std::unique_ptr<heif_image_handle, HandleDeleter> handle(raw_handle);
  const int w = heif_image_handle_get_width(handle.get());
  const int h = heif_image_handle_get_height(handle.get());
  if (w <= 0 || h <= 0) return CorruptInputError("heif: empty image");
  VIGIL_RETURN_IF_ERROR(
      CheckDimensions("heif", uint64_t(w), uint64_t(h), options.limits));
  // The stored (ispe) size bounds the decoder's buffers.
  const int iw = heif_image_handle_get_ispe_width(handle.get());
  const int ih = heif_image_handle_get_ispe_height(handle.get());
  if (iw > 0 && ih > 0) {
    VIGIL_RETURN_IF_ERROR(
        CheckDimensions("heif", uint64_t(iw), uint64_t(ih), options.limits));
  }

  std::unique_ptr<heif_decoding_options, OptionsDeleter> decode_options(
      heif_decoding_options_alloc());
  if (decode_options == nullptr) return InternalError("heif: out of memory");
  decode_options->convert_hdr_to_8bit = 1;
  decode_options->strict_decoding = 1;
  // libheif 1.15 cannot tell us the codec of a handle. The brand says AV1
  // for AVIF files; other brands may still carry AV1 items, whose mandatory
  // 'av1C' configuration box then shows in the metadata.
  if (type == MediaType::kAvif || HasAv1Config(bytes)) {
    decode_options->decoder_id = Av1DecoderId();
  }
  heif_image* raw_image = nullptr;
  err = heif_decode_image(handle.get(), &raw_image, heif_colorspace_RGB,
                          heif_chroma_interleaved_RGB, decode_options.get());
  if (err.code != heif_error_Ok) return HeifStatus(err);
  std::unique_ptr<heif_image, ImageDeleter> decoded(raw_image);
  const int dw = heif_image_get_width(decoded.get(), heif_channel_interleaved);
  const int dh = heif_image_get_height(decoded.get(), heif_channel_interleaved);
  int stride = 0;
  const uint8_t* plane = heif_image_get_plane_readonly(
      decoded.get(), heif_channel_interleaved, &stride);
  if (plane == nullptr || dw <= 0 || dh <= 0 || stride < dw * 3) {
    return CorruptInputError("heif: decoder returned no RGB plane");
  }
  VIGIL_RETURN_IF_ERROR(
      CheckDimensions("heif", uint64_t(dw), uint64_t(dh), options.limits));

  Image& image = *image_out;
  image.media_type = type;
  image.frame_count_hint =
      heif_context_get_number_of_top_level_images(ctx.get());
  if (image.frame_count_hint > 1) {
    // Only the primary image is decoded: the others are not checked.
    image.completeness = UnsupportedFormatError(
        "heif: " + std::to_string(image.frame_count_hint) +
        " top-level images; only the primary one is decoded, so not every "
        "image was checked");
  }
  VIGIL_RETURN_IF_ERROR(AllocateImage("heif", dw, dh, options.format, &image));
  const int channels = PixelFormatChannels(options.format);
  for (int y = 0; y < dh; ++y) {
    const uint8_t* src = plane + size_t(y) * size_t(stride);
    uint8_t* dst = image.pixels.data() + size_t(y) * size_t(dw) * channels;
    if (channels == 3) {
      std::copy(src, src + size_t(dw) * 3, dst);
    } else {
      RgbToLuma(src, size_t(dw), dst);
    }
  }
  return Status::OK();
}

}  // namespace vigil::internal
