// Copyright 2026 The Vigil Authors.

#include "vigil/media_entry.h"

#include <algorithm>
#include <string>
#include <utility>

#include "vigil/content_hasher.h"
#include "vigil/status_macros.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

// The hasher with the reference's settings: images at full resolution,
// videos decoded exactly, so that the stored hashes are those other
// platforms compute (unless bars are removed).
ContentHasher ReferenceHasher(const AddMediaOptions& options) {
  ContentHashOptions c;
  c.image.pdq_mode = PdqMode::kFullResolution;
  c.image.limits = options.image_limits;
  c.video = ExactVideoDecodeOptions();
  c.video.half_frame_hashes = options.half_frames;
  c.video.remove_bars = options.remove_bars;
  c.video.limits = options.video_limits;
  return ContentHasher(c);
}

std::string NameOf(const MediaSource& media) {
  if (!media.name.empty()) return media.name;
  return media.path.empty() ? "<bytes>" : media.path;
}

// Appends the vPDQ signal of `video` (and with half frames one per half of
// its frames) unless no frame reaches the set's minimum quality: such a
// hash could never match.
Status AppendVpdqSignals(const std::string& name, const VideoHash& video,
                         const HashsetConfig& config, bool half_frames,
                         MediaSignals* out) {
  const int min_quality = config.MinQualityFor(SignalType::kVpdq);
  auto usable = [&](const std::vector<VpdqFrame>& frames) {
    return std::any_of(frames.begin(), frames.end(), [&](const VpdqFrame& f) {
      return f.quality >= min_quality;
    });
  };
  if (!usable(video.frames)) {
    out->warnings.push_back(name +
                            ": no frame reaches the set's minimum quality " +
                            std::to_string(min_quality) +
                            "; vpdq not added (it could never match)");
    return Status::OK();
  }
  std::vector<FrameRegion> regions = {FrameRegion::kWhole};
  if (half_frames) {
    regions.insert(regions.end(), kFrameHalves.begin(), kFrameHalves.end());
  }
  for (FrameRegion region : regions) {
    const std::vector<VpdqFrame>& frames = video.FramesOf(region);
    if (!usable(frames)) {
      out->warnings.push_back(
          name + ": no " + std::string(FrameRegionName(region)) +
          " half-frame reaches the set's minimum quality; that half not added");
      continue;
    }
    Result<Signal> s = EncodeVpdqSignal(frames, region);
    if (!s.ok()) return std::move(s).status().WithPrefix(name);
    out->signals.push_back(std::move(s).value());
  }
  return Status::OK();
}

// The signals of one media the set stores (see vigil/media_entry.h).
Status AppendMediaSignals(const ContentHasher& hasher, const MediaSource& media,
                          const HashsetConfig& config,
                          const AddMediaOptions& options, MediaSignals* out) {
  const std::string name = NameOf(media);
  Result<ContentInput> input = media.path.empty()
                                   ? hasher.ReadBytes(media.bytes)
                                   : hasher.ReadFile(media.path);
  if (!input.ok()) return std::move(input).status().WithPrefix(name);
  for (Signal& signal : input->digests().ToSignals()) {
    if (config.Allows(signal.type)) out->signals.push_back(std::move(signal));
  }
  const bool is_video = MediaTypeIsVideo(input->media_type());
  if (is_video && !config.Allows(SignalType::kVpdq)) {
    // Not decoded at all: nothing of it could be stored.
    out->warnings.push_back(name + ": hashset '" + config.name +
                            "' has no vpdq type; adding the video's digests "
                            "only");
    return Status::OK();
  }
  VIGIL_ASSIGN_OR_RETURN(ContentHashes h, hasher.Hash(*input));
  if (is_video) {
    if (!h.video.has_value()) return h.hashes.image_status.WithPrefix(name);
    return AppendVpdqSignals(name, *h.video, config, options.half_frames, out);
  }
  if (!h.hashes.image_status.ok()) {
    out->warnings.push_back(name + ": no PDQ hash (" +
                            h.hashes.image_status.ToString() +
                            "); adding its digests only");
  } else if (h.hashes.pdq.has_value() && config.Allows(SignalType::kPdq)) {
    const int min_quality = config.MinQualityFor(SignalType::kPdq);
    if (h.hashes.pdq->quality < min_quality) {
      out->warnings.push_back(name + ": PDQ quality " +
                              std::to_string(h.hashes.pdq->quality) +
                              " is below the set's minimum " +
                              std::to_string(min_quality) + "; PDQ not added");
    } else {
      const auto& b = h.hashes.pdq->hash.bytes;
      out->signals.push_back(Signal{SignalType::kPdq,
                                    std::vector<uint8_t>(b.begin(), b.end()),
                                    h.hashes.pdq->quality});
    }
  }
  // An animated GIF or WebP: its frames too, so that copies are matched
  // frame by frame (a still has no frames here).
  if (h.video.has_value() && config.Allows(SignalType::kVpdq)) {
    return AppendVpdqSignals(name, *h.video, config, options.half_frames, out);
  }
  return Status::OK();
}

}  // namespace

Result<MediaSignals> HashMediaSignals(const HashsetConfig& config,
                                      std::span<const MediaSource> media,
                                      const AddMediaOptions& options) {
  const ContentHasher hasher = ReferenceHasher(options);
  MediaSignals out;
  for (const MediaSource& m : media) {
    VIGIL_RETURN_IF_ERROR(AppendMediaSignals(hasher, m, config, options, &out));
  }
  out.signals.insert(out.signals.end(), options.extra_signals.begin(),
                     options.extra_signals.end());
  return out;
}

Result<AddMediaResult> AddMediaEntry(HashsetStore& store,
                                     std::string_view hashset,
                                     std::span<const MediaSource> media,
                                     const AddMediaOptions& options,
                                     const EntryInfo& info) {
  VIGIL_ASSIGN_OR_RETURN(Hashset set, store.GetHashset(hashset));
  VIGIL_ASSIGN_OR_RETURN(MediaSignals hashed,
                         HashMediaSignals(set.config, media, options));
  if (hashed.signals.empty()) {
    return InvalidArgumentError(
        "the media yield no signal of the types of "
        "hash set '" +
        std::string(hashset) + "'");
  }
  AddMediaResult out;
  VIGIL_ASSIGN_OR_RETURN(out.result,
                         store.AddEntry(hashset, hashed.signals, info));
  out.signals = std::move(hashed.signals);
  out.warnings = std::move(hashed.warnings);
  return out;
}

Result<AddMediaResult> AddMediaEntry(HashsetStore& store,
                                     std::string_view hashset,
                                     const MediaSource& media,
                                     const AddMediaOptions& options,
                                     const EntryInfo& info) {
  return AddMediaEntry(store, hashset, std::span(&media, 1), options, info);
}

}  // namespace vigil
