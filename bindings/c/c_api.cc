// Copyright 2026 The Vigil Authors.
//
// The C API (vigil.h): codes, memory, version and hashing. Store calls are
// in c_store.cc.

#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "c_api_internal.h"
#include "common/pixels.h"
#include "vigil.h"
#include "vigil/json.h"
#include "vigil/media_type.h"
#include "vigil/version.h"

namespace vigil::capi {
namespace {

char* CopyMessage(const char* text) {
  size_t n = std::strlen(text);
  char* copy = static_cast<char*>(std::malloc(n + 1));
  if (copy != nullptr) std::memcpy(copy, text, n + 1);
  return copy;
}

void StoreMessage(char** errptr, const char* text) {
  if (errptr == nullptr) return;
  std::free(*errptr);
  *errptr = CopyMessage(text);
}

}  // namespace

vigil_code_t SetError(char** errptr, const Status& status) {
  if (errptr != nullptr) StoreMessage(errptr, status.ToString().c_str());
  return static_cast<vigil_code_t>(status.code());
}

vigil_code_t Fail(char** errptr, StatusCode code, std::string_view message) {
  return SetError(errptr, Status(code, message));
}

vigil_code_t FailOutOfMemory(char** errptr) {
  StoreMessage(errptr, "limit_exceeded: out of memory");
  return VIGIL_LIMIT_EXCEEDED;
}

vigil_code_t FailException(char** errptr, const char* what) {
  // Built by hand so that a failing allocation still yields the code.
  const char* prefix = "internal: unexpected exception: ";
  size_t a = std::strlen(prefix), b = std::strlen(what);
  char* text = static_cast<char*>(std::malloc(a + b + 1));
  if (text != nullptr) {
    std::memcpy(text, prefix, a);
    std::memcpy(text + a, what, b + 1);
  }
  if (errptr != nullptr) {
    std::free(*errptr);
    *errptr = text;
  } else {
    std::free(text);
  }
  return VIGIL_INTERNAL;
}

vigil_code_t ReturnString(std::string_view text, char** out, char** errptr) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) return FailOutOfMemory(errptr);
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  *out = copy;
  return VIGIL_OK;
}

ContentHashOptions DefaultContentOptions() {
  ContentHashOptions options;
  options.video = ExactVideoDecodeOptions();
  return options;
}

std::unique_ptr<vigil_hashes_t> MakeHashes(MediaHashes hashes) {
  auto out = std::make_unique<vigil_hashes_t>();
  out->hashes = std::move(hashes);
  const MediaHashes& h = out->hashes;
  out->mime = MediaTypeMime(h.media_type);
  out->md5 = h.digests.Hex(SignalType::kMd5);
  out->sha1 = h.digests.Hex(SignalType::kSha1);
  out->sha256 = h.digests.Hex(SignalType::kSha256);
  out->xxh128 = h.digests.Hex(SignalType::kXxh128);
  if (h.pdq.has_value()) out->pdq = h.pdq->hash.ToHex();
  if (!h.image_status.ok()) {
    out->image_error = std::string(h.image_status.message());
  }
  if (h.pdq_dihedral.has_value()) {
    for (size_t i = 0; i < 8; ++i) {
      out->dihedral[i] = (*h.pdq_dihedral)[i].hash.ToHex();
    }
  }
  out->check = h.image_status;
  out->check_error = out->image_error;
  return out;
}

std::unique_ptr<vigil_hashes_t> MakeHashes(ContentHashes hashes) {
  Status check = hashes.PerceptualStatus();
  std::unique_ptr<vigil_hashes_t> out = MakeHashes(std::move(hashes.hashes));
  out->check = check;
  out->check_error = check.ok() ? "" : std::string(check.message());
  if (hashes.video.has_value()) {
    for (const VpdqFrame& f : hashes.video->frames) {
      out->frame_pdq.push_back(f.hash.ToHex());
    }
    out->video = std::move(hashes.video);
  }
  return out;
}

}  // namespace vigil::capi

using vigil::StatusCode;
using vigil::capi::Fail;
using vigil::capi::SetError;

extern "C" {

void vigil_free(void* ptr) { std::free(ptr); }

const char* vigil_version(void) { return vigil::Version(); }

const char* vigil_code_name(vigil_code_t code) {
  if (code < VIGIL_OK || code > VIGIL_PERMISSION_DENIED) return "unknown";
  return vigil::StatusCodeName(static_cast<StatusCode>(code));
}

vigil_code_t vigil_hasher_create(uint32_t flags, const vigil_limits_t* limits,
                                 vigil_hasher_t** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    constexpr uint32_t kKnown = VIGIL_HASH_DIHEDRAL | VIGIL_HASH_PDQ_FULL |
                                VIGIL_HASH_NO_PDQ | VIGIL_HASH_NO_VIDEO;
    if ((flags & ~kKnown) != 0) {
      return Fail(
          errptr, StatusCode::kInvalidArgument,
          "unknown hasher flag bits " + std::to_string(flags & ~kKnown));
    }
    vigil::ContentHashOptions options = vigil::capi::DefaultContentOptions();
    options.image.dihedral = (flags & VIGIL_HASH_DIHEDRAL) != 0;
    options.image.pdq = (flags & VIGIL_HASH_NO_PDQ) == 0;
    options.image.pdq_mode = (flags & VIGIL_HASH_PDQ_FULL) != 0
                                 ? vigil::PdqMode::kFullResolution
                                 : vigil::PdqMode::kFast;
    options.videos = (flags & VIGIL_HASH_NO_VIDEO) == 0;
    options.animation_frames = options.videos;
    if (limits != nullptr) {
      if (limits->max_file_bytes != 0) {
        options.image.limits.max_file_bytes = limits->max_file_bytes;
      }
      if (limits->max_pixels != 0) {
        options.image.limits.max_pixels = limits->max_pixels;
      }
      if (limits->max_dimension != 0) {
        options.image.limits.max_dimension = limits->max_dimension;
      }
    }
    *out = new vigil_hasher_t(options);
    return VIGIL_OK;
  });
}

void vigil_hasher_destroy(vigil_hasher_t* hasher) { delete hasher; }

}  // extern "C"

namespace {

// The hasher to use: the caller's, or one with default options.
const vigil_hasher_t& HasherOf(const vigil_hasher_t* hasher) {
  static const vigil_hasher_t* const kDefault =
      new vigil_hasher_t(vigil::capi::DefaultContentOptions());
  return hasher != nullptr ? *hasher : *kDefault;
}

// `path` and `media_type` (raw pixels) are what vigil_hashes_get_json adds.
template <typename Hashes>
vigil_code_t Deliver(vigil::Result<Hashes> result, vigil_hashes_t** out,
                     char** errptr, const char* path = nullptr,
                     const char* media_type = nullptr) {
  if (!result.ok()) return SetError(errptr, result.status());
  auto hashes = vigil::capi::MakeHashes(std::move(result).value());
  if (path != nullptr) hashes->path = path;
  if (media_type != nullptr) hashes->json_media_type = media_type;
  *out = hashes.release();
  return VIGIL_OK;
}

}  // namespace

extern "C" {

vigil_code_t vigil_hash_file(const vigil_hasher_t* hasher, const char* path,
                             vigil_hashes_t** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    VIGIL_C_REQUIRE_NONNULL(path, errptr);
    return Deliver(HasherOf(hasher).content.HashFile(path), out, errptr, path);
  });
}

vigil_code_t vigil_hash_bytes(const vigil_hasher_t* hasher, const void* data,
                              size_t size, vigil_hashes_t** out,
                              char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    if (data == nullptr && size != 0) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "data is null but size is " + std::to_string(size));
    }
    std::span<const uint8_t> bytes;
    if (size != 0) bytes = {static_cast<const uint8_t*>(data), size};
    return Deliver(HasherOf(hasher).content.HashBytes(bytes), out, errptr);
  });
}

vigil_code_t vigil_hash_pixels(const vigil_hasher_t* hasher,
                               const uint8_t* pixels, int32_t width,
                               int32_t height, int32_t channels,
                               size_t stride_bytes, vigil_hashes_t** out,
                               char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    return Deliver(
        vigil::bindings::HashPixels(HasherOf(hasher).hasher, pixels, width,
                                    height, channels, stride_bytes),
        out, errptr, nullptr, vigil::bindings::RawPixelsMediaType(channels));
  });
}

void vigil_hashes_destroy(vigil_hashes_t* hashes) { delete hashes; }

vigil_code_t vigil_hashes_get_int(const vigil_hashes_t* hashes,
                                  vigil_hashes_field_t field, int64_t* out,
                                  char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(hashes, errptr);
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    const vigil::MediaHashes& h = hashes->hashes;
    switch (field) {
      case VIGIL_HASHES_BYTES:
        *out = static_cast<int64_t>(h.bytes);
        return VIGIL_OK;
      case VIGIL_HASHES_MEDIA_TYPE:
        *out = static_cast<int64_t>(h.media_type);
        return VIGIL_OK;
      case VIGIL_HASHES_WIDTH:
        *out = h.width;
        return VIGIL_OK;
      case VIGIL_HASHES_HEIGHT:
        *out = h.height;
        return VIGIL_OK;
      case VIGIL_HASHES_EXIF_ORIENTATION:
        *out = h.exif_orientation;
        return VIGIL_OK;
      case VIGIL_HASHES_PDQ_QUALITY:
        if (!h.pdq.has_value()) {
          return Fail(errptr, StatusCode::kNotFound, "no PDQ hash");
        }
        *out = h.pdq->quality;
        return VIGIL_OK;
      case VIGIL_HASHES_IMAGE_CODE:
        *out = static_cast<int64_t>(h.image_status.code());
        return VIGIL_OK;
      case VIGIL_HASHES_FRAMES:
        *out = static_cast<int64_t>(hashes->frame_pdq.size());
        return VIGIL_OK;
      case VIGIL_HASHES_CHECK_CODE:
        *out = static_cast<int64_t>(hashes->check.code());
        return VIGIL_OK;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "field " + std::to_string(field) +
                        " is not an integer field of hashes");
    }
  });
}

vigil_code_t vigil_hashes_get_string(const vigil_hashes_t* hashes,
                                     vigil_hashes_field_t field,
                                     const char** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(hashes, errptr);
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    switch (field) {
      case VIGIL_HASHES_MEDIA_TYPE:
        *out = hashes->mime.c_str();
        return VIGIL_OK;
      case VIGIL_HASHES_MD5:
        *out = hashes->md5.c_str();
        return VIGIL_OK;
      case VIGIL_HASHES_SHA1:
        *out = hashes->sha1.c_str();
        return VIGIL_OK;
      case VIGIL_HASHES_SHA256:
        *out = hashes->sha256.c_str();
        return VIGIL_OK;
      case VIGIL_HASHES_XXH128:
        *out = hashes->xxh128.c_str();
        return VIGIL_OK;
      case VIGIL_HASHES_PDQ:
        if (!hashes->hashes.pdq.has_value()) {
          return Fail(errptr, StatusCode::kNotFound, "no PDQ hash");
        }
        *out = hashes->pdq.c_str();
        return VIGIL_OK;
      case VIGIL_HASHES_IMAGE_ERROR:
        *out = hashes->image_error.c_str();
        return VIGIL_OK;
      case VIGIL_HASHES_CHECK_ERROR:
        *out = hashes->check_error.c_str();
        return VIGIL_OK;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "field " + std::to_string(field) +
                        " is not a string field of hashes");
    }
  });
}

vigil_code_t vigil_hashes_get_signal(const vigil_hashes_t* hashes,
                                     vigil_signal_type_t type,
                                     const uint8_t** data, size_t* size,
                                     char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(hashes, errptr);
    VIGIL_C_REQUIRE_NONNULL(data, errptr);
    VIGIL_C_REQUIRE_NONNULL(size, errptr);
    const vigil::MediaHashes& h = hashes->hashes;
    std::span<const uint8_t> bytes;
    switch (type) {
      case VIGIL_SIGNAL_MD5:
      case VIGIL_SIGNAL_SHA1:
      case VIGIL_SIGNAL_SHA256:
      case VIGIL_SIGNAL_XXH128:
        bytes = h.digests.Bytes(static_cast<vigil::SignalType>(type));
        break;
      case VIGIL_SIGNAL_PDQ:
        if (!h.pdq.has_value()) {
          return Fail(errptr, StatusCode::kNotFound, "no PDQ hash");
        }
        bytes = h.pdq->hash.bytes;
        break;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "signal type " + std::to_string(type) +
                        " is not a signal of hashes");
    }
    *data = bytes.data();
    *size = bytes.size();
    return VIGIL_OK;
  });
}

vigil_code_t vigil_hashes_get_dihedral(const vigil_hashes_t* hashes,
                                       int32_t index, const char** pdq_hex,
                                       int32_t* quality, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(hashes, errptr);
    VIGIL_C_REQUIRE_NONNULL(pdq_hex, errptr);
    if (index < 0 || index > 7) {
      return Fail(
          errptr, StatusCode::kInvalidArgument,
          "dihedral index " + std::to_string(index) + " is outside 0..7");
    }
    const vigil::MediaHashes& h = hashes->hashes;
    if (!h.pdq_dihedral.has_value()) {
      return Fail(errptr, StatusCode::kNotFound,
                  h.pdq.has_value() ? "no dihedral hashes (hasher without "
                                      "VIGIL_HASH_DIHEDRAL)"
                                    : "no PDQ hash");
    }
    *pdq_hex = hashes->dihedral[static_cast<size_t>(index)].c_str();
    if (quality != nullptr) {
      *quality = (*h.pdq_dihedral)[static_cast<size_t>(index)].quality;
    }
    return VIGIL_OK;
  });
}

vigil_code_t vigil_hashes_get_json(const vigil_hashes_t* hashes, char** out,
                                   char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    VIGIL_C_REQUIRE_NONNULL(hashes, errptr);
    vigil::HashJsonOptions options;
    options.path = hashes->path;
    options.media_type = hashes->json_media_type;
    vigil::ContentHashes content{hashes->hashes, hashes->video};
    content.hashes.image_status.PermitUncheckedError();
    return vigil::capi::ReturnString(vigil::ContentHashesJson(content, options),
                                     out, errptr);
  });
}

vigil_code_t vigil_hashes_get_frame(const vigil_hashes_t* hashes, size_t index,
                                    const char** pdq_hex, int32_t* quality,
                                    int64_t* frame_number, double* timestamp,
                                    char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(hashes, errptr);
    VIGIL_C_REQUIRE_NONNULL(pdq_hex, errptr);
    if (index >= hashes->frame_pdq.size()) {
      return Fail(errptr, StatusCode::kNotFound,
                  "frame index " + std::to_string(index) + " of " +
                      std::to_string(hashes->frame_pdq.size()) + " frames");
    }
    const vigil::VpdqFrame& f = hashes->video->frames[index];
    *pdq_hex = hashes->frame_pdq[index].c_str();
    if (quality != nullptr) *quality = f.quality;
    if (frame_number != nullptr) *frame_number = f.frame_number;
    if (timestamp != nullptr) *timestamp = f.timestamp;
    return VIGIL_OK;
  });
}

}  // extern "C"
