// Copyright 2026 The Vigil Authors.
//
// File: vigil/content_hasher.h
// -----------------------------------------------------------------------------
// ContentHasher is the one place that turns a file or a byte string into
// every signal Vigil matches on: it sniffs the format from the bytes, reads
// the input under the limits (or streams a video too large to hold in memory
// from its path, digesting it in chunks), computes the digests, the PDQ hash
// of an image (and its dihedral variants), the frames of an animated GIF or
// WebP, and the vPDQ frames of a video. The engine, `vigil hash`, hash and
// block (vigil/media_entry.h), the C API and Python all call it and keep only
// their own policy and printing.
//
//   vigil::ContentHashOptions options;         // the scan's defaults
//   vigil::ContentHasher hasher(options);
//   VIGIL_ASSIGN_OR_RETURN(vigil::ContentHashes h, hasher.HashFile(path));
//   if (!h.PerceptualStatus().ok()) ...;  // digests only: never "clean"
//   if (h.video) ...;                     // a video, or an animation's frames
//
// Two steps, for callers with a cache keyed by digests (the engine's dedup
// cache): Read*() reads the input and computes its digests and media type
// (cheap), Hash() decodes and hashes it (expensive):
//
//   VIGIL_ASSIGN_OR_RETURN(vigil::ContentInput in, hasher.ReadFile(path));
//   if (cache.Lookup(in.digests(), &h)) return h;
//   VIGIL_ASSIGN_OR_RETURN(h, hasher.Hash(in));
//
// What each kind of input yields (ContentHashes):
//   image: hashes.pdq (and pdq_dihedral); hashes.image_status OK.
//   animated GIF / WebP (animation_frames): as an image (its first frame,
//     as the PDQ reference hashes it) plus `video` with its frames when it
//     has more than one.
//   video (videos): `video` with the sampled frames' vPDQ, and
//     hashes.width/height the stream's coded size; hashes.image_status
//     says it is not an image. A video with no
//     decodable frame, or that fails to decode, has no `video` and its
//     image_status says why.
//   anything else: digests only; image_status says why.
// Content not fully checked (an animation cut or broken after its first
// frame or whose frames fail to decode, a multi-page TIFF, an APNG, a HEIF
// with several images) keeps the hashes that were made, and
// hashes.completeness says what was missed (PerceptualStatus() not OK).
// Decoding failures are data (ContentHashes), not a failed call: the
// digests of every readable input are valid and matchable.
//
// Thread-safety: all methods are const and safe to call concurrently.

#ifndef VIGIL_CONTENT_HASHER_H_
#define VIGIL_CONTENT_HASHER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vigil/digest.h"
#include "vigil/export.h"
#include "vigil/image.h"
#include "vigil/media_hasher.h"
#include "vigil/media_type.h"
#include "vigil/result.h"
#include "vigil/status.h"
#include "vigil/video.h"
#include "vigil/vpdq.h"

namespace vigil {

struct ContentHashOptions {
  // Images: limits, PDQ on/off, PDQ mode, dihedral variants (see
  // vigil/media_hasher.h). image.limits.max_file_bytes (default 256 MiB) is
  // also the most any input is read into memory: a larger video is
  // streamed from its path (video.limits.max_file_bytes applies), any other
  // larger input fails with kLimitExceeded.
  HashOptions image;
  // Videos and animations: sampling, exactness, bars, half frames, limits.
  // Default: VideoDecodeOptions{} (a scan's fast decoding); use
  // ExactVideoDecodeOptions() for hashes meant to be printed, stored or
  // exchanged.
  VideoDecodeOptions video;
  // Decode videos (MP4, MOV, WebM, MKV, AVI, ...) into vPDQ frames. false
  // treats them as opaque files: digests only, image_status says why (and
  // videos over the image byte limit then fail). Default true.
  bool videos = true;
  // Also hash the frames of animated GIFs and WebPs (ContentHashes::video).
  // Default true.
  bool animation_frames = true;
};

// The hashes of one input.
struct ContentHashes {
  // Size, media type, digests, and for images the PDQ hash.
  MediaHashes hashes;
  // A video's sampled frames, or an animated GIF / WebP's frames (more than
  // one); nullopt otherwise.
  std::optional<VideoHash> video;

  // OK when the input was fully checked perceptually (an image PDQ or a
  // video's frames, covering the whole content); otherwise why not: no
  // perceptual hash, or hashes.completeness (a truncated animation, frames
  // that failed to decode, pages or images left undecoded). An input whose
  // status is not OK must never be reported clean; its hashes are still
  // matched.
  VIGIL_EXPORT Status PerceptualStatus() const;
};

// An input read by ContentHasher::ReadFile/ReadBytes, not yet decoded: its
// digests, size and media type, and its bytes (or, for a streamed video,
// its path). Move-only. From ReadBytes it borrows the caller's bytes, which
// must outlive it.
class VIGIL_EXPORT ContentInput {
 public:
  ContentInput(ContentInput&&) = default;
  ContentInput& operator=(ContentInput&&) = default;
  ContentInput(const ContentInput&) = delete;
  ContentInput& operator=(const ContentInput&) = delete;

  const Digests& digests() const { return digests_; }
  uint64_t size() const { return size_; }
  MediaType media_type() const { return media_type_; }
  // True for a video too large to hold in memory, read from its path.
  bool streamed() const { return streamed_; }

 private:
  friend class ContentHasher;
  ContentInput() = default;

  std::vector<uint8_t> owned_;
  std::span<const uint8_t> bytes_;
  std::string path_;  // streamed videos only
  bool streamed_ = false;
  uint64_t size_ = 0;
  MediaType media_type_ = MediaType::kUnknown;
  Digests digests_;
};

class VIGIL_EXPORT ContentHasher {
 public:
  // `decoder` is borrowed and must outlive the hasher; nullptr means
  // DefaultImageDecoder().
  explicit ContentHasher(const ContentHashOptions& options = {},
                         const ImageDecoder* decoder = nullptr);

  // Reads a file: whole when it fits options.image.limits.max_file_bytes;
  // a larger video (options.videos) is digested in a stream instead.
  // Errors: kNotFound, kPermissionDenied, kInvalidArgument (not a regular
  // file), kIOError, kLimitExceeded (over the image byte limit and not a
  // video, or over the video byte limit).
  Result<ContentInput> ReadFile(const std::string& path) const;
  // Takes bytes held in memory (borrowed: they must outlive the result).
  // Error: kLimitExceeded above options.image.limits.max_file_bytes.
  Result<ContentInput> ReadBytes(std::span<const uint8_t> bytes) const;

  // Decodes and hashes a read input with the hasher's options, or with
  // `video` in place of options.video. Decode failures are recorded in the
  // result (see the file comment); the call itself fails only on internal
  // errors.
  Result<ContentHashes> Hash(const ContentInput& input) const;
  Result<ContentHashes> Hash(const ContentInput& input,
                             const VideoDecodeOptions& video) const;

  // ReadFile / ReadBytes, then Hash.
  Result<ContentHashes> HashFile(const std::string& path) const;
  Result<ContentHashes> HashBytes(std::span<const uint8_t> bytes) const;

  const ContentHashOptions& options() const { return options_; }

 private:
  const ContentHashOptions options_;
  const MediaHasher image_hasher_;
};

}  // namespace vigil

#endif  // VIGIL_CONTENT_HASHER_H_
