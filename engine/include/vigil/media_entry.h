// Copyright 2026 The Vigil Authors.
//
// File: vigil/media_entry.h
// -----------------------------------------------------------------------------
// Hash and block: hashes a confirmed piece of media (a file or bytes) the
// way the hash lists' reference tools do, keeps the signals a hash set can
// match, and adds them as one confirmed entry (HashsetStore::AddEntry).
//
//   vigil::AddMediaOptions options;
//   VIGIL_ASSIGN_OR_RETURN(
//       vigil::AddMediaResult r,
//       vigil::AddMediaEntry(*store, "own-cases",
//                            vigil::MediaSource::File("report-123.mp4"),
//                            options, {.external_id = "case-123"}));
//   for (const std::string& w : r.warnings) Log(w);  // left out, and why
//
// What is stored, per media (ContentHasher, vigil/content_hasher.h, with the
// reference's settings: images decoded at full resolution, videos decoded
// exactly, one frame per second):
//   every digest the set allows (md5, sha1, sha256, xxh128);
//   an image's PDQ (an animated GIF / WebP: its first frame's), when the set
//     allows pdq and its quality reaches the set's minimum;
//   a video's vPDQ (an animated GIF / WebP: its frames'), when the set
//     allows vpdq and some frame reaches the set's minimum quality; with
//     half_frames also one vPDQ signal per half of the frames (vigil/vpdq.h).
// A hash left out (quality too low, type not allowed, nothing decodable) is
// reported in `warnings`, not an error: the digests still block exact
// copies.
//
// Thread-safety: as the store's AddEntry (any thread).

#ifndef VIGIL_MEDIA_ENTRY_H_
#define VIGIL_MEDIA_ENTRY_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/hashset.h"
#include "vigil/hashset_store.h"
#include "vigil/image.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"
#include "vigil/video.h"

namespace vigil {

// One piece of media: a file path, or bytes held by the caller (borrowed
// for the duration of the call).
struct MediaSource {
  std::string path;                // read when non-empty
  std::span<const uint8_t> bytes;  // used when path is empty
  // Names the media in errors and warnings; defaults to the path, or
  // "<bytes>".
  std::string name;

  static MediaSource File(std::string path) {
    MediaSource m;
    m.path = std::move(path);
    return m;
  }
  static MediaSource Bytes(std::span<const uint8_t> bytes,
                           std::string name = "") {
    MediaSource m;
    m.bytes = bytes;
    m.name = std::move(name);
    return m;
  }
};

struct AddMediaOptions {
  // Videos (and animations): also store the vPDQ hash of each half of the
  // frames (top, bottom, left, right), which still match when an overlay
  // covers part of the picture. Default false.
  bool half_frames = false;
  // Videos: crop letterbox / pillarbox bars before hashing (scans must then
  // remove bars too to match). Default false: the reference's hashes.
  bool remove_bars = false;
  // Limits on reading and decoding (defaults: vigil/image.h, vigil/video.h).
  // Videos larger than image_limits.max_file_bytes are streamed from their
  // path.
  ImageLimits image_limits;
  VideoLimits video_limits;
  // Signals added to the entry as they are (e.g. a vPDQ hash from another
  // platform's list); they must be of types the set allows.
  std::vector<Signal> extra_signals;
};

// The signals hash and block would store for some media.
struct MediaSignals {
  std::vector<Signal> signals;
  // What was left out and why, one line each, naming the media.
  std::vector<std::string> warnings;
};

struct AddMediaResult {
  AddResult result;  // of HashsetStore::AddEntry
  std::vector<Signal> signals;
  std::vector<std::string> warnings;
};

// The signals of `media` that a set with `config` stores (see the file
// comment), then options.extra_signals. Reads and decodes; writes nothing.
// Errors: those of ContentHasher::ReadFile/ReadBytes, and a video that
// cannot be decoded, prefixed with the media's name.
VIGIL_EXPORT Result<MediaSignals> HashMediaSignals(
    const HashsetConfig& config, std::span<const MediaSource> media,
    const AddMediaOptions& options);

// HashMediaSignals for the set named `hashset`, then AddEntry of the
// signals as one entry with `info`.
// Errors: kNotFound (set), those of HashMediaSignals, kInvalidArgument when
// no signal is left to add, and those of AddEntry.
VIGIL_EXPORT Result<AddMediaResult> AddMediaEntry(
    HashsetStore& store, std::string_view hashset,
    std::span<const MediaSource> media, const AddMediaOptions& options,
    const EntryInfo& info);
// One media.
VIGIL_EXPORT Result<AddMediaResult> AddMediaEntry(
    HashsetStore& store, std::string_view hashset, const MediaSource& media,
    const AddMediaOptions& options, const EntryInfo& info);

}  // namespace vigil

#endif  // VIGIL_MEDIA_ENTRY_H_
