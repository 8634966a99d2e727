// Copyright 2026 The Vigil Authors.
//
// File: vigil/vpdq.h
// -----------------------------------------------------------------------------
// vPDQ, Meta's video hash: the PDQ hash (vigil/pdq.h) of sampled frames,
// each with its frame number, timestamp and quality; and the vPDQ matching
// rule, which compares two videos by the share of frames that match.
//
//   vigil::VideoDecodeOptions options;          // 1 frame per second
//   VIGIL_ASSIGN_OR_RETURN(vigil::VideoHash h,
//                          vigil::HashVideo(bytes, options));
//   std::string text = vigil::FormatVpdq(h.frames);  // reference text form
//   vigil::VpdqMatch m = vigil::MatchVideos(h.frames, known.frames);
//   if (m.matched) ...;                 // both shares >= 80%
//
// Exactness: hashed from the frames of vigil/video.h (the reference's pixel
// path), every frame at native size, the frame numbers, timestamps and
// hashes equal those of the reference tool vpdq-hash-video built against
// the same FFmpeg (see tests/conformance/vpdq_conformance_test.cc).
//
// Matching (VpdqMatchOptions): frames of quality below min_quality are
// dropped, repeated identical hashes are dropped (dedupe), then the query
// share is the percentage of query frames within max_distance of some
// target frame, and the target share the percentage of target frames
// within max_distance of some query frame. The defaults are those of
// python-threatexchange / HMA (distance <= 31, quality >= 50, dedupe,
// 80% / 80%). The C++ tool match-hashes-brute differs in two details: it
// counts a pair when distance < 31 and it does not dedupe; set
// max_distance = 30 and dedupe = false to reproduce it.
//
// Sampling: compare hashes sampled alike. A 1-frame-per-second query
// against an every-frame target keeps its query share (each sampled frame
// has a twin) but its target share falls to about 1/frame_rate of it; and
// two cuts of one clip sampled at 1/s each can miss each other when their
// sampled frames fall at different moments (chair-19 vs chair-20 in the
// samples: 92-100% every frame, 10-16% at 1/s). python-threatexchange
// therefore matches queries at 80% with no requirement on the target share
// (target_match_percent = 0).
//
// Half-frame hashes (opt-in, VideoDecodeOptions::half_frame_hashes): the PDQ
// hash of each half of every sampled frame (top, bottom, left, right; after
// any bar crop). An overlay that covers part of the picture (a large logo, a
// caption, a watermark) changes the whole-frame hash but often leaves one
// half untouched: on the samples a large logo drawn over the upper middle
// leaves the whole-frame share against the original at 9% and the bottom
// half at 100%. A hash set stores each half as its own vPDQ signal
// (EncodeVpdqSignal with a FrameRegion), and halves match only halves of the
// same region, under the same rule.
//
// Video frames against image PDQ hash sets: every VpdqFrame carries a plain
// PDQ hash and its timestamp, so the pipeline searches them in the PDQ
// index like image hashes and reports the timestamps of frames that match.
//
// Thread-safety: the functions are reentrant; values are plain data.

#ifndef VIGIL_VPDQ_H_
#define VIGIL_VPDQ_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/pdq.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"
#include "vigil/status.h"
#include "vigil/video.h"

namespace vigil {

// One hashed frame: a line of the reference's text format.
struct VpdqFrame {
  int64_t frame_number = 0;  // 0-based, in output order
  int quality = 0;           // PDQ quality, 0..100
  PdqHash hash;
  double timestamp = 0;  // seconds; frame_number / frame_rate

  friend bool operator==(const VpdqFrame& a, const VpdqFrame& b) = default;
};

// The part of a frame a vPDQ hash covers.
enum class FrameRegion : uint8_t {
  kWhole = 0,
  kTop = 1,     // rows [0, height / 2)
  kBottom = 2,  // rows [height / 2, height)
  kLeft = 3,    // columns [0, width / 2)
  kRight = 4,   // columns [width / 2, width)
};

inline constexpr std::array<FrameRegion, 4> kFrameHalves = {
    FrameRegion::kTop, FrameRegion::kBottom, FrameRegion::kLeft,
    FrameRegion::kRight};

// "whole", "top", "bottom", "left", "right".
VIGIL_EXPORT std::string_view FrameRegionName(FrameRegion region);

// The rectangle `region` covers in a width x height frame. Empty (width or
// height 0) when the frame is too small to halve.
struct RegionRect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};
VIGIL_EXPORT RegionRect FrameRegionRect(FrameRegion region, int width,
                                        int height);

// The vPDQ hash of a video and how it was made.
struct VideoHash {
  std::vector<VpdqFrame> frames;  // ascending frame_number
  // With half_frame_hashes: the hashes of each half of every frame in
  // `frames` (same frame numbers and timestamps), in kFrameHalves order.
  // Empty otherwise.
  std::array<std::vector<VpdqFrame>, 4> halves;
  VideoInfo info;              // container facts, interval, crop applied
  int64_t decoded_frames = 0;  // frames the decoder produced

  // `frames` for kWhole, else the half's frames (empty unless hashed).
  const std::vector<VpdqFrame>& FramesOf(FrameRegion region) const {
    return region == FrameRegion::kWhole
               ? frames
               : halves[static_cast<size_t>(region) - 1];
  }
};

// Hashes the sampled frames of a video held in memory.
// Errors: those of OpenVideo() and VideoReader::Next().
VIGIL_EXPORT Result<VideoHash> HashVideo(
    std::span<const uint8_t> bytes, const VideoDecodeOptions& options = {});

// Hashes a video file. Errors: those of OpenVideoFile() and Next().
VIGIL_EXPORT Result<VideoHash> HashVideoFile(
    const std::string& path, const VideoDecodeOptions& options = {});

// Hashes every frame `reader` returns (for injected decoders). `ws` is
// optional scratch (nullptr: a temporary one). With `half_frames`, also
// fills VideoHash::halves.
VIGIL_EXPORT Result<VideoHash> HashVideoFrames(VideoReader& reader,
                                               PdqWorkspace* ws = nullptr,
                                               bool half_frames = false);

struct VpdqMatchOptions {
  // A frame pair matches when its Hamming distance is <= max_distance.
  // Default 31 (kPdqDefaultThreshold).
  int max_distance = kPdqDefaultThreshold;
  // Frames below this quality are ignored on both sides. Default 50
  // (kPdqDefaultMinQuality).
  int min_quality = kPdqDefaultMinQuality;
  // Drop frames whose hash equals an earlier frame's (python-threatexchange
  // dedupe). Default true.
  bool dedupe = true;
  // Thresholds of `VpdqMatch::matched`, in percent. Defaults 80 / 80
  // (kVpdqDefaultQueryPercent, kVpdqDefaultTargetPercent).
  double query_match_percent = kVpdqDefaultQueryPercent;
  double target_match_percent = kVpdqDefaultTargetPercent;
};

struct VpdqMatch {
  double query_percent = 0;   // 0..100, share of query frames matched
  double target_percent = 0;  // 0..100, share of target frames matched
  int query_frames = 0;       // after the quality filter and dedupe
  int target_frames = 0;
  int query_matched = 0;
  int target_matched = 0;
  // Both shares reach their thresholds (false when either side has no
  // frame left after filtering).
  bool matched = false;
};

// Compares two vPDQ hashes by the rule in the file comment (brute force,
// O(query x target) distance computations).
VIGIL_EXPORT VpdqMatch MatchVideos(std::span<const VpdqFrame> query,
                                   std::span<const VpdqFrame> target,
                                   const VpdqMatchOptions& options = {});

// The reference's text format, one line per frame:
// "frame_number,quality,pdq_hex,timestamp" with the timestamp in seconds to
// 3 decimals ("%.3f"), each line ending in "\n".
VIGIL_EXPORT std::string FormatVpdq(std::span<const VpdqFrame> frames);

// Parses the text format (also accepts "\r\n" and a last line without an
// end; empty lines are skipped). Extra fields after the fourth are ignored,
// as the reference does. Error: kCorruptInput naming the line.
VIGIL_EXPORT Result<std::vector<VpdqFrame>> ParseVpdq(std::string_view text);

// Writes FormatVpdq(frames) to `path` (replacing it). Errors: kIOError,
// kNotFound (no such directory), kPermissionDenied.
VIGIL_EXPORT Status WriteVpdqFile(const std::string& path,
                                  std::span<const VpdqFrame> frames);

// Reads and parses a file written by WriteVpdqFile or the reference tool.
// Errors: those of reading the file, and of ParseVpdq.
VIGIL_EXPORT Result<std::vector<VpdqFrame>> ReadVpdqFile(
    const std::string& path);

// The vPDQ signal: a whole video hash as the bytes of one Signal of type
// SignalType::kVpdq, the form hash sets store and the C API passes. Binary,
// versioned and canonical (equal frames give equal bytes):
//   [u8 version = 1][varint frame count]
//   per frame: [varint frame_number][u8 quality][32 bytes PDQ]
//              [varint timestamp in microseconds, rounded]
// Varints are unsigned LEB128. At most kMaxVpdqSignalFrames frames.
// A half-frame signal (region other than kWhole) starts [u8 version = 2]
// [u8 region 1..4] and continues as above, so its id differs from the
// whole-frame signal of the same video.
inline constexpr size_t kMaxVpdqSignalFrames = 1'000'000;

// Encodes `frames`, the hashes of `region` of each frame. REQUIRES: frame
// numbers and timestamps >= 0, quality in 0..100, at most
// kMaxVpdqSignalFrames frames, a valid region (checked: kInvalidArgument).
VIGIL_EXPORT Result<Signal> EncodeVpdqSignal(
    std::span<const VpdqFrame> frames,
    FrameRegion region = FrameRegion::kWhole);

// Decodes bytes made by EncodeVpdqSignal (either version). Error:
// kCorruptInput (unknown version or region, truncated, trailing bytes,
// quality over 100, too many frames).
VIGIL_EXPORT Result<std::vector<VpdqFrame>> DecodeVpdqSignal(
    std::span<const uint8_t> bytes);

// The region a vPDQ signal covers, from its header alone. Error:
// kCorruptInput (empty, unknown version or region).
VIGIL_EXPORT Result<FrameRegion> VpdqSignalRegion(
    std::span<const uint8_t> bytes);

// The 32-byte identity of a vPDQ signal: SHA-256 of its bytes. Stores key
// video entries by it, and events name the matched entry by its hex.
VIGIL_EXPORT std::array<uint8_t, 32> VpdqSignalId(
    std::span<const uint8_t> bytes);

}  // namespace vigil

#endif  // VIGIL_VPDQ_H_
