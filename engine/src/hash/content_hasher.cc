// Copyright 2026 The Vigil Authors.

#include "vigil/content_hasher.h"

#include <string>
#include <utility>

#include "core/internal/file_io.h"
#include "vigil/file_digest.h"
#include "vigil/status_macros.h"

namespace vigil {
namespace {

// Records a video's hashing outcome in `out`. A video yields no image PDQ,
// so it counts as checked only through its frames: with none (an empty or
// undecodable stream) image_status says why, and the input is never clean.
void FillVideo(Result<VideoHash> video, ContentHashes* out) {
  if (video.ok() && video->frames.empty()) {
    out->hashes.image_status =
        CorruptInputError("the video has no decodable frame");
  } else if (video.ok()) {
    out->hashes.image_status = UnsupportedFormatError(
        std::string(MediaTypeMime(out->hashes.media_type)) +
        " is a video; its frames are hashed as vPDQ");
    out->hashes.width = video->info.width;
    out->hashes.height = video->info.height;
    out->video = std::move(video).value();
  } else {
    out->hashes.image_status = video.status();
  }
}

}  // namespace

Status ContentHashes::PerceptualStatus() const {
  if (!hashes.completeness.ok()) return hashes.completeness;
  if (video.has_value()) return Status::OK();
  return hashes.image_status;
}

ContentHasher::ContentHasher(const ContentHashOptions& options,
                             const ImageDecoder* decoder)
    : options_(options), image_hasher_(options.image, decoder) {}

Result<ContentInput> ContentHasher::ReadFile(const std::string& path) const {
  Result<std::vector<uint8_t>> bytes =
      internal::ReadFileBounded(path, options_.image.limits.max_file_bytes);
  if (bytes.ok()) {
    ContentInput in;
    in.owned_ = std::move(bytes).value();
    in.bytes_ = in.owned_;
    in.size_ = in.owned_.size();
    in.media_type_ = SniffMediaType(in.bytes_);
    in.digests_ = ComputeDigests(in.bytes_);
    return in;
  }
  if (bytes.status().code() != StatusCode::kLimitExceeded || !options_.videos) {
    return bytes.status();
  }
  MediaType type = SniffMediaType(ReadFileHead(path));
  if (!MediaTypeIsVideo(type)) return bytes.status();
  // A video over the image limit: digested in chunks, decoded from its path.
  bytes.status().PermitUncheckedError();
  ContentInput in;
  in.path_ = path;
  in.streamed_ = true;
  in.media_type_ = type;
  VIGIL_ASSIGN_OR_RETURN(
      in.digests_,
      DigestFile(path, options_.video.limits.max_file_bytes, &in.size_));
  return in;
}

Result<ContentInput> ContentHasher::ReadBytes(
    std::span<const uint8_t> bytes) const {
  if (bytes.size() > options_.image.limits.max_file_bytes) {
    return LimitExceededError(
        "input is " + std::to_string(bytes.size()) +
        " bytes, over the limit of " +
        std::to_string(options_.image.limits.max_file_bytes) + " bytes");
  }
  ContentInput in;
  in.bytes_ = bytes;
  in.size_ = bytes.size();
  in.media_type_ = SniffMediaType(bytes);
  in.digests_ = ComputeDigests(bytes);
  return in;
}

Result<ContentHashes> ContentHasher::Hash(const ContentInput& input) const {
  return Hash(input, options_.video);
}

Result<ContentHashes> ContentHasher::Hash(
    const ContentInput& input, const VideoDecodeOptions& video) const {
  ContentHashes out;
  const bool is_video = MediaTypeIsVideo(input.media_type_);
  if (input.streamed_ || (options_.videos && is_video)) {
    out.hashes.bytes = input.size_;
    out.hashes.media_type = input.media_type_;
    out.hashes.digests = input.digests_;
    FillVideo(input.streamed_ ? HashVideoFile(input.path_, video)
                              : HashVideo(input.bytes_, video),
              &out);
    return out;
  }
  VIGIL_ASSIGN_OR_RETURN(out.hashes,
                         image_hasher_.HashBytes(input.bytes_, input.digests_));
  const bool animation = input.media_type_ == MediaType::kGif ||
                         input.media_type_ == MediaType::kWebp;
  if (animation && options_.animation_frames && out.hashes.image_status.ok()) {
    // An animated GIF or WebP: its frames too. A still (one frame) has
    // none. Frames that fail to decode leave the first frame's PDQ to be
    // matched, but the input was not fully checked (never clean); a still
    // WebP (kUnsupportedFormat: not an animation) has nothing more to read.
    Result<VideoHash> frames = HashVideo(input.bytes_, video);
    if (frames.ok() && frames->frames.size() > 1) {
      out.video = std::move(frames).value();
    } else if (!frames.ok() &&
               !(input.media_type_ == MediaType::kWebp &&
                 frames.status().code() == StatusCode::kUnsupportedFormat) &&
               out.hashes.completeness.ok()) {
      out.hashes.completeness =
          frames.status().WithPrefix("animation frames not checked");
    }
  }
  return out;
}

Result<ContentHashes> ContentHasher::HashFile(const std::string& path) const {
  VIGIL_ASSIGN_OR_RETURN(ContentInput in, ReadFile(path));
  return Hash(in);
}

Result<ContentHashes> ContentHasher::HashBytes(
    std::span<const uint8_t> bytes) const {
  VIGIL_ASSIGN_OR_RETURN(ContentInput in, ReadBytes(bytes));
  return Hash(in);
}

}  // namespace vigil
