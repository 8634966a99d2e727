// Copyright 2026 The Vigil Authors.
//
// The `vigil hash` shape of vigil/json.h: MediaHashes (+ a video's vPDQ).

#include "core/internal/json_text.h"
#include "vigil/content_hasher.h"
#include "vigil/json.h"
#include "vigil/media_hasher.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using internal::Json;

Json VideoInfoJson(const VideoHash& v) {
  return {{"codec", v.info.codec},
          {"frame_rate", v.info.frame_rate},
          {"duration", v.info.duration_seconds},
          {"frame_interval", v.info.frame_interval},
          {"frames_decoded", v.decoded_frames},
          {"frames_hashed", v.frames.size()}};
}

Json VpdqFramesJson(const VideoHash& v) {
  Json frames = Json::array();
  for (const VpdqFrame& f : v.frames) {
    frames.push_back({{"frame", f.frame_number},
                      {"timestamp", f.timestamp},
                      {"pdq", f.hash.ToHex()},
                      {"quality", f.quality}});
  }
  return frames;
}

}  // namespace

std::string HashesJson(const MediaHashes& h, const HashJsonOptions& options) {
  Json j;
  if (options.path.has_value()) j["path"] = *options.path;
  j["media_type"] = options.media_type.empty() ? MediaTypeMime(h.media_type)
                                               : options.media_type;
  // A video's size is the stream's; an animation's is its first frame's.
  const VideoHash* video = options.video;
  const VideoHash* sized = options.is_video ? video : nullptr;
  j["width"] = sized != nullptr ? sized->info.width : h.width;
  j["height"] = sized != nullptr ? sized->info.height : h.height;
  j["bytes"] = h.bytes;
  // Every file digest of the table (md5, sha1, sha256, xxh128), by name.
  for (const SignalKind& kind : AllSignalKinds()) {
    if (kind.match_path == SignalMatchPath::kFileDigest) {
      j[kind.name] = h.digests.Hex(kind.type);
    }
  }
  if (h.pdq.has_value()) {
    j["pdq"] = h.pdq->hash.ToHex();
    j["pdq_quality"] = h.pdq->quality;
  }
  j["exif_orientation"] = h.exif_orientation;
  if (h.pdq_dihedral.has_value()) {
    Json all = Json::array();
    for (const PdqResult& r : *h.pdq_dihedral) all.push_back(r.hash.ToHex());
    j["pdq_dihedral"] = std::move(all);
  }
  if (h.pdq_unletterboxed.has_value()) {
    j["unletterboxed"] = h.pdq_unletterboxed->hash.ToHex();
    j["unletterboxed_quality"] = h.pdq_unletterboxed->quality;
    j["unletterboxed_crop"] = h.unletterbox_crop.ToString();
  }
  if (h.pdq_unletterboxed_strict.has_value()) {
    j["unletterboxed_strict"] = h.pdq_unletterboxed_strict->hash.ToHex();
    j["unletterboxed_strict_quality"] = h.pdq_unletterboxed_strict->quality;
    j["unletterboxed_strict_crop"] = h.unletterbox_crop_strict.ToString();
  }
  if (!h.pdq_unletterboxed_one_side.empty()) {
    Json all = Json::array();
    for (const MediaHashes::OneSided& o : h.pdq_unletterboxed_one_side) {
      Json one = Json::object();
      one["pdq"] = o.pdq.hash.ToHex();
      one["quality"] = o.pdq.quality;
      one["crop"] = o.crop.ToString();
      all.push_back(std::move(one));
    }
    j["unletterboxed_one_side"] = std::move(all);
  }
  if (options.bars_removed.has_value()) {
    j["bars_removed"] = options.bars_removed->ToString();
  }
  if (video != nullptr) {  // a video, or an animation's frames
    j["video"] = VideoInfoJson(*video);
    j["vpdq"] = VpdqFramesJson(*video);
  }
  if (options.is_video) {
    if (!options.video_status.ok()) {
      j["error"] = internal::StatusJson(options.video_status);
    }
  } else if (!h.image_status.ok()) {
    j["error"] = internal::StatusJson(h.image_status);
  } else if (!options.video_status.ok()) {
    // Content not fully checked (an animation whose frames could not be
    // read, a truncated GIF, a multi-page TIFF, ...).
    j["error"] = internal::StatusJson(options.video_status);
  }
  return internal::DumpJson(j);
}

std::string ContentHashesJson(const ContentHashes& content,
                              HashJsonOptions options) {
  options.is_video = MediaTypeIsVideo(content.hashes.media_type);
  options.video = content.video.has_value() ? &*content.video : nullptr;
  // A video's status, or an image's or animation's incompleteness (an
  // image that failed to decode reports its image_status first).
  options.video_status = content.PerceptualStatus();
  return HashesJson(content.hashes, options);
}

std::string HashErrorJson(std::string_view path, const Status& error) {
  Json j;
  j["path"] = path;
  j["error"] = internal::StatusJson(error);
  return internal::DumpJson(j);
}

}  // namespace vigil
