// Copyright 2026 The Vigil Authors.
//
// File: vigil/json.h
// -----------------------------------------------------------------------------
// The one JSON rendering of Vigil's results, for every front-end: the CLI
// (`vigil hash`, `vigil scan`, `vigil events`), the C API's JSON getters,
// the Python module's to_dict(), and services. Each shape has exactly one
// function here; no front-end builds these objects itself.
//
//   std::cout << vigil::ScanResultJson(result) << '\n';   // a `vigil scan`
//                                                          // line
//
// Every function returns one line of compact JSON text (no trailing
// newline). Keys are emitted in sorted order. Strings that are not valid
// UTF-8 (file names, caller ids) are written in a reversible form, so the
// output is always valid JSON and different byte strings stay different:
// each invalid byte becomes U+FFFD and its value as two uppercase hex
// digits, and a U+FFFD of the input is doubled (docs/events.md, "Text that
// is not UTF-8"). TakedownEvent::FromJson restores the original bytes.
//
// The shapes:
//   HashesJson         one `vigil hash` line (README "The vigil tool")
//   HashErrorJson      a `vigil hash` line for an input that could not be
//                      hashed at all: {"path", "error": {"code","message"}}
//   EventMatchJson     the "match" object of a takedown event
//                      (docs/events.md)
//   TakedownEventJson  a takedown event (docs/events.md, schema
//                      vigil.takedown/1); TakedownEvent::ToJson() is this
//   OutboxEventJson    an event as `vigil events list` prints it: the event
//                      plus "acked" (and "acked_at", "acked_by")
//   OutboxEventsJson   a JSON array of OutboxEventJson objects
//   ScanMatchJson      one element of a scan line's "matches"
//   ScanResultJson     one `vigil scan` line (README "The vigil tool")
//   SinkStatsJson      one sink's delivery stats, as `vigil events
//                      deliver` prints them
//   SinkStatsListJson  a JSON array of SinkStatsJson objects
//
// Thread-safety: the functions are reentrant.

#ifndef VIGIL_JSON_H_
#define VIGIL_JSON_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "vigil/bars.h"
#include "vigil/export.h"
#include "vigil/status.h"

namespace vigil {

struct ContentHashes;
struct EventMatch;
struct MediaHashes;
struct OutboxEvent;
struct ScanMatch;
struct ScanResult;
struct SinkStats;
struct TakedownEvent;
struct VideoHash;

// What a hashing call adds to MediaHashes in `vigil hash` output.
struct HashJsonOptions {
  // Printed as "path" when set (`vigil hash`, Python hash_file). Default
  // unset: no "path" key (hashes of bytes or pixels).
  std::optional<std::string> path;
  // Replaces the sniffed MIME type in "media_type" when non-empty: raw pixel
  // input is "image/x-raw-rgb24" (or "image/x-raw-gray8"). Default empty.
  std::string media_type;
  // The input is a video: "width"/"height" come from the video and
  // `video_status` (not the image status) gives "error". Default false.
  bool is_video = false;
  // The frames of a video or of an animated GIF / WebP (borrowed; must
  // outlive the call), printed as "video" and "vpdq". Default null.
  const VideoHash* video = nullptr;
  // Why the video (or the animation's frames) could not be hashed or
  // written, when that failed, or why the content was not fully checked
  // (ContentHashes::PerceptualStatus()): printed as "error".
  Status video_status;
  // With --remove-bars: the crop applied before hashing, printed as
  // "bars_removed" ("left,top,right,bottom", CropRect::ToString). Default
  // unset.
  std::optional<CropRect> bars_removed;
};

// One `vigil hash` JSON line: path (if set), media_type, width, height,
// bytes, md5, sha1, sha256, xxh128, pdq and pdq_quality (when computed),
// exif_orientation, pdq_dihedral (8 hex hashes, when computed),
// unletterboxed, unletterboxed_quality and unletterboxed_crop (the PDQ of
// the picture inside bars, when bars were found), bars_removed,
// video and vpdq (videos), and error {code, message} when the image (or
// video) could not be hashed.
VIGIL_EXPORT std::string HashesJson(const MediaHashes& hashes,
                                    const HashJsonOptions& options = {});

// The same line for what ContentHasher computed: is_video, video and
// video_status of `options` are taken from `content` (a video's or an
// animation's frames; PerceptualStatus() as the status, so content not
// fully checked prints its hashes and an "error").
VIGIL_EXPORT std::string ContentHashesJson(const ContentHashes& content,
                                           HashJsonOptions options = {});

// A `vigil hash` line for an input that could not be read or hashed at all:
// {"path": path, "error": {"code": ..., "message": ...}}.
VIGIL_EXPORT std::string HashErrorJson(std::string_view path,
                                       const Status& error);

// The "match" object of a takedown event (docs/events.md "match.*").
VIGIL_EXPORT std::string EventMatchJson(const EventMatch& match);

// A takedown event, schema vigil.takedown/1 (docs/events.md).
VIGIL_EXPORT std::string TakedownEventJson(const TakedownEvent& event);

// A stored event as `vigil events list` prints it: TakedownEventJson's
// object plus "acked" (bool) and, when acknowledged, "acked_at" (RFC 3339)
// and "acked_by".
VIGIL_EXPORT std::string OutboxEventJson(const OutboxEvent& event);
// A JSON array of OutboxEventJson objects, in the given order.
VIGIL_EXPORT std::string OutboxEventsJson(std::span<const OutboxEvent> events);

// One element of a scan line's "matches": hashset, signal_type, distance,
// threshold, hash, action, external_id, category, variant and quality (PDQ),
// video (video content: query shares and times; for vpdq also the target
// shares and the region).
VIGIL_EXPORT std::string ScanMatchJson(const ScanMatch& match);

// One `vigil scan` line: path (the content id), status, matches,
// event_ids, then either error {code, message} (status "error") or
// media_type, bytes, sha256, pdq and pdq_quality (when computed), and video
// (container facts) or image_error (why there is no image PDQ).
VIGIL_EXPORT std::string ScanResultJson(const ScanResult& result);

// One sink's delivery stats (Engine::DeliveryStats), as `vigil events
// deliver` prints them: sink (its name), delivered, pending,
// dead_lettered, failures, consecutive_failures, next_retry_unix_ms,
// disabled, and last_error (text) once a delivery failed.
VIGIL_EXPORT std::string SinkStatsJson(const SinkStats& stats);
// A JSON array of SinkStatsJson objects, in the given order.
VIGIL_EXPORT std::string SinkStatsListJson(std::span<const SinkStats> stats);

}  // namespace vigil

#endif  // VIGIL_JSON_H_
