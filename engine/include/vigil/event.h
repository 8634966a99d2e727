// Copyright 2026 The Vigil Authors.
//
// File: vigil/event.h
// -----------------------------------------------------------------------------
// The takedown event: what Vigil emits for every (content, hash set) match,
// for the platform's notice-and-takedown workflow (remove, preserve
// evidence, report). Events are JSON documents with a versioned schema,
// documented in docs/events.md. They never carry the media bytes.
//
//   {"schema": "vigil.takedown/1",
//    "event_id": "0193c5e1-...-7...",          // UUIDv7: time-ordered, unique
//    "idempotency_key": "4b1f...",             // same content+set+entry =>
//                                              // same key
//    "created_at": "2026-11-29T02:31:19.123Z",
//    "content": {"id": ..., "source": ..., "media_type": "image/jpeg",
//                "bytes": 1234, "md5": ..., "sha1": ..., "sha256": ...},
//    "match": {"hashset": "ncmec", "signal_type": "pdq", "distance": 4,
//              "threshold": 31, "hash": <stored hex>, "query_hash": <hex>,
//              "quality": 92, "variant": "rot90",
//              "external_id": ..., "category": ...,
//              "video": {...}},                // video content only
//    "action": "remove",
//    "state": {"status": "open", ...},       // vigil/event_state.h
//    "engine": {"version": "0.1.0"}}
//
// A change of an event's state is delivered as a document of its own,
// schema "vigil.takedown.update/1": the event's fields with the new
// "state", its own event_id and idempotency_key, and an "update" object
// naming the takedown event (docs/events.md "State updates").
//
// Thread-safety: value types; the functions are reentrant.

#ifndef VIGIL_EVENT_H_
#define VIGIL_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vigil/event_state.h"
#include "vigil/export.h"
#include "vigil/hashset.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"

namespace vigil {

// The schema identifier written in every event. Bumped (…/2) only for
// incompatible changes; new optional fields keep it.
inline constexpr std::string_view kTakedownEventSchema = "vigil.takedown/1";

// The schema of a state-change document (TakedownEvent::update set).
inline constexpr std::string_view kTakedownUpdateSchema =
    "vigil.takedown.update/1";

// What was scanned. `id` and `source` are the caller's (for the CLI: the
// path and "vigil-scan").
struct EventContent {
  std::string id;
  std::string source;
  std::string media_type;  // MIME type
  uint64_t bytes = 0;
  std::string md5;     // lowercase hex
  std::string sha1;    // lowercase hex
  std::string sha256;  // lowercase hex
};

// How a video matched one hash set: present in events about video content.
// For frames matched against image PDQ entries (signal_type "pdq") the
// target fields are 0; for video entries (signal_type "vpdq") they count the
// entry's frames, as the reference's matching rule does.
struct EventVideoMatch {
  int query_frames = 0;       // sampled frames of the scanned video considered
  int query_matched = 0;      // of those, frames with a partner within range
  double query_percent = 0;   // 100 * query_matched / query_frames
  int target_frames = 0;      // vPDQ: the entry's frames considered
  int target_matched = 0;     // vPDQ: of those, frames with a partner
  double target_percent = 0;  // vPDQ: 100 * target_matched / target_frames
  // Timestamp (seconds) of the scanned video's best-matching frame.
  double best_timestamp = 0;
  // Where the matched frames lie in the scanned video, in seconds: runs of
  // consecutive matched sampled frames, each [first, last] frame timestamp.
  std::vector<std::pair<double, double>> time_ranges;
  // vPDQ matches: the part of the frames that matched, "whole" or a half
  // ("top", "bottom", "left", "right": an entry's half-frame signal, see
  // vigil/vpdq.h). Empty for frames matched against image PDQ sets.
  std::string region;
  friend bool operator==(const EventVideoMatch&,
                         const EventVideoMatch&) = default;
};

// The best match of the content against one hash set.
struct EventMatch {
  std::string hashset;
  uint32_t hashset_id = 0;
  SignalType signal_type = SignalType::kMd5;
  int distance = 0;        // 0 for exact (digest) matches
  int threshold = 0;       // the set's threshold for this signal type
  std::string hash;        // the stored hash that matched (hex)
  std::string query_hash;  // the content's hash (hex), for PDQ the variant's
  int quality = -1;        // PDQ quality of the content; -1 for digests
  // "original" or the dihedral variant that matched ("rot90", "flipx", ...);
  // empty for digests.
  std::string variant;
  std::string external_id;  // the entry's reference in its list
  std::string category;
  // Set when the content is a video (see EventVideoMatch).
  std::optional<EventVideoMatch> video;
};

// Set in a state-change document: which takedown event changed.
struct EventUpdate {
  std::string takedown_event_id;
  std::string takedown_idempotency_key;
  EventState previous = EventState::kOpen;  // the state it left
};

struct TakedownEvent {
  std::string event_id;         // UUIDv7 text form
  std::string idempotency_key;  // 32 lowercase hex characters
  int64_t created_at_ms = 0;    // Unix time, milliseconds
  EventContent content;
  EventMatch match;
  HashsetAction action = HashsetAction::kReview;
  std::string engine_version;
  // Its workflow state: open when recorded; the outbox keeps the current
  // one (Engine::ListEvents, ResolveEvents).
  EventLifecycle state;
  // Set only in a vigil.takedown.update/1 document (a state change of the
  // event it names; the fields above then repeat that event's content,
  // match and action, with the new state).
  std::optional<EventUpdate> update;

  // The event as one line of JSON (no trailing newline): TakedownEventJson
  // of vigil/json.h.
  VIGIL_EXPORT std::string ToJson() const;
  // Parses ToJson()'s output (either schema; "state" optional, as events
  // recorded before it existed lack it). Errors: kCorruptInput (not JSON,
  // wrong schema, missing fields).
  VIGIL_EXPORT static Result<TakedownEvent> FromJson(std::string_view json);
};

// The idempotency key of (content id, content sha256, hash set, matched
// entry): 128 bits of SHA-256 over those fields, as 32 hex characters.
// Stable across runs and restarts, so consumers can drop duplicates that
// at-least-once delivery produces.
VIGIL_EXPORT std::string IdempotencyKey(std::string_view content_id,
                                        std::string_view content_sha256,
                                        std::string_view hashset,
                                        SignalType entry_type,
                                        std::string_view entry_hash_hex);

// A new time-ordered event id (UUID version 7, RFC 9562): 48 bits of Unix
// milliseconds, then a per-process monotonic counter and random bits, so ids
// made by one process sort in creation order. Thread-safe.
VIGIL_EXPORT std::string NewEventId(int64_t unix_ms);

// The idempotency key of the `n`-th state change (1-based) of the takedown
// event `takedown_event_id`: stable, so redelivered update documents are
// dropped as duplicates too.
VIGIL_EXPORT std::string UpdateIdempotencyKey(
    std::string_view takedown_event_id, size_t n);

// Milliseconds since the Unix epoch, now.
VIGIL_EXPORT int64_t UnixMillisNow();

}  // namespace vigil

#endif  // VIGIL_EVENT_H_
