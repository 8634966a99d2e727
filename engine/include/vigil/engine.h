// Copyright 2026 The Vigil Authors.
//
// File: vigil/engine.h
// -----------------------------------------------------------------------------
// The Engine is what a platform embeds: it opens the hash-set store, builds
// the in-memory match indexes, and scans content — digests and PDQ, matches
// against every hash set, one takedown event per matched set, recorded in
// the durable outbox before the scan reports the match, then delivered to
// the configured sinks by a background deliverer per sink (a scan never
// waits on a sink; call Drain() before exiting to let them catch up).
//
//   vigil::EngineOptions options;
//   options.db_dir = "/var/lib/vigil";
//   VIGIL_ASSIGN_OR_RETURN(auto engine, vigil::Engine::Open(options));
//   VIGIL_ASSIGN_OR_RETURN(vigil::ScanResult r,
//       engine->ScanBytes(upload_bytes, {.id = "upload-123", .source =
//       "web"}));
//   if (r.status == vigil::ScanStatus::kMatch) {
//     Block(r.matches[0].action);   // events r.event_ids are already durable
//   }
//
// Matching rules: digests (MD5, SHA-1, SHA-256, XXH3-128) match exactly;
// PDQ matches when the Hamming distance is <= the set's threshold (default
// 31) and the content's PDQ quality is >= the set's minimum (default 50);
// with `dihedral`, the 8 rotations/mirrors of the content are searched too.
// Videos: every sampled frame is matched as an image against PDQ entries
// (the event then says which share of frames matched and when), and the
// video against vPDQ entries: it matches an entry when the shares of its
// frames and of the entry's frames that have a partner within the set's
// vPDQ threshold reach the set's video_query_percent / video_target_percent
// (frames under the vPDQ minimum quality and repeated hashes left out), the
// rule of Meta's vPDQ reference. When a loaded set holds half-frame vPDQ
// entries (vigil/vpdq.h), videos are also hashed by halves, and each half
// matches the entries of that half by the same rule (the event names the
// region; a whole-frame match wins a tie).
// Per hash set, the best (smallest distance) match of the content drives one
// event; at equal distance an exact digest wins, then a whole-video (vPDQ)
// match, then a single image or frame (PDQ).
//
// Live updates: the indexes follow the store's change log incrementally
// (added, imported and removed entries, sets created, deleted, enabled or
// disabled) without a rebuild, and scans are answered throughout: a hash
// indexed before an update matches during it. "Current" means: every change
// committed through this engine's store handle (store(), i.e. this
// process) up to the latest change-log sequence. A background follower
// (EngineOptions::follow_interval_ms) keeps the indexes current within
// about that interval of a commit; Refresh() makes them current now. A
// read-only engine sees the store as it was when opened. Disabled sets
// match nothing.
//
// Thread-safety: all methods may be called concurrently from any threads.

#ifndef VIGIL_ENGINE_H_
#define VIGIL_ENGINE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vigil/event.h"
#include "vigil/event_sink.h"
#include "vigil/export.h"
#include "vigil/hashset_store.h"
#include "vigil/media_hasher.h"
#include "vigil/result.h"
#include "vigil/video.h"
#include "vigil/vpdq.h"

namespace vigil {

struct EngineOptions {
  // The store directory. Required.
  std::string db_dir;
  // Open the store read-only: scans report matches but record no events
  // (event_ids stay empty). Default false.
  bool read_only = false;
  // Worker threads for ScanStream and for the chunks of a batch Lookup (0:
  // every CPU this process may run on).
  // Capped by WorkerThreads(). Default 0.
  int threads = 0;
  // Hashing: limits, PDQ mode. See vigil/media_hasher.h.
  HashOptions hash;
  // Also match the 8 rotations/mirrors of each image. Default false.
  bool dihedral = false;
  // Decode videos (MP4, MOV, WebM, MKV, AVI, ...; see vigil/video.h) and
  // hash their sampled frames with PDQ: the frames are matched against the
  // PDQ entries of image sets (a known image inside a video), and the whole
  // video against vPDQ entries by the reference's frame-share rule. false
  // treats videos as opaque files (digests only, reported as errors).
  // Default true.
  bool scan_videos = true;
  // Sampling, limits and bar removal for videos. Videos are read from their
  // path in a stream, so video.limits.max_file_bytes (not hash.limits)
  // bounds their size when scanned with ScanFile/ScanStream paths.
  VideoDecodeOptions video;
  // Match only these hash sets (by name); empty: all. Unknown names fail
  // Open with kNotFound.
  std::vector<std::string> hashsets;
  // Identical bytes (same XXH3-128 and SHA-256) seen recently are not
  // decoded and hashed again. Entries kept; 0 disables. Default 4096.
  size_t dedup_cache_entries = 4096;
  // Build the match indexes. false opens the engine for event access only
  // (ListEvents, AckEvents, DeliverPending): scans then fail with
  // kFailedPrecondition rather than report content as clean. Default true.
  bool load_indexes = true;
  // How often the background follower checks the store's change log (an
  // in-memory counter) and applies new changes to the indexes, in
  // milliseconds. 0: no follower; the indexes then change only on
  // Refresh(). Ignored when read_only or !load_indexes. Default 100.
  int follow_interval_ms = 100;
  // Sinks events are delivered to after the outbox records them. Borrowed
  // by the engine for its lifetime (shared with the caller).
  std::vector<std::shared_ptr<EventSink>> sinks;
  // More sinks, opened by OpenEventSink (vigil/event_sink.h) at Open:
  // "jsonl:PATH", "stdout", a bare path or "-". An error fails Open.
  std::vector<std::string> sink_specs;
  // Batch size and retry backoff of the background deliverers.
  DeliveryOptions delivery;
};

// The caller's reference for scanned content, copied into events.
struct ContentRef {
  std::string id;      // e.g. an upload id; the CLI uses the path
  std::string source;  // e.g. "web-upload"; the CLI uses "vigil-scan"
};

enum class ScanStatus : uint8_t {
  kClean = 0,  // hashed, nothing matched
  kMatch = 1,  // at least one hash set matched
  kError = 2,  // could not be read or hashed at all (see ScanResult::error)
};

// "clean", "match", "error".
VIGIL_EXPORT const char* ScanStatusName(ScanStatus status);

// The threads a parallel scan or hash run uses when `requested` are asked
// for (0 or less: all): at least 1 and at most the CPUs this process may
// run on (its affinity mask, e.g. under `taskset -c 0`, or a limit the
// embedder set on TBB). Asking TBB for more than that only makes it print a
// warning on stderr and ignore the request. Thread-safe.
VIGIL_EXPORT int WorkerThreads(int requested);

struct ScanMatch {
  EventMatch match;
  HashsetAction action = HashsetAction::kReview;
};

struct ScanResult {
  ContentRef content;
  ScanStatus status = ScanStatus::kClean;
  // Why status is kError: the input could not be read, or it was read but
  // yields no perceptual hash (corrupt or unsupported format, limits) and
  // none of its digests matched. Digests of every readable input are
  // matched, so such a file can still be kMatch.
  Status error;
  MediaHashes hashes;
  // For video content (EngineOptions::scan_videos): the sampled frames'
  // hashes and the container facts. hashes.image_status then says the input
  // is not an image, and a video that cannot be decoded gives kError with
  // the decoder's error. An animated GIF has both: the first frame as the
  // image (hashes.pdq) and its sampled frames here.
  std::optional<VideoHash> video;
  // The best match per hash set, ordered by hash-set name.
  std::vector<ScanMatch> matches;
  // The recorded events, one per match (same order). Empty when read-only.
  std::vector<std::string> event_ids;
  // How many of event_ids this scan recorded; the others were recorded
  // before (a rescan of the same content: events are not duplicated).
  size_t new_events = 0;
  // True when the hashes came from the dedup cache.
  bool cached = false;
};

struct EngineStats {
  uint64_t hashsets = 0;
  uint64_t pdq_hashes = 0;         // indexed (hash, set) pairs
  uint64_t video_entries = 0;      // indexed vPDQ entries (videos or halves)
  uint64_t video_frames = 0;       // their distinct frames kept for matching
  uint64_t digest_hashes = 0;      // indexed (digest, set) pairs, all types
  double index_build_seconds = 0;  // of the last full build
  uint64_t index_memory_bytes = 0;
  uint64_t change_seq = 0;  // the change-log sequence the indexes reflect
  // Full rebuilds since Open (a change that could not be applied
  // incrementally falls back to one).
  uint64_t index_rebuilds = 0;
};

// One input of ScanStream: a path, or bytes with a content reference.
struct ScanInput {
  std::string path;            // read when non-empty
  std::vector<uint8_t> bytes;  // used when path is empty
  ContentRef content;          // id defaults to the path
  // When set, the input is reported as an error without being read (e.g. a
  // directory that could not be listed).
  Status error;
};

// A stored event and its acknowledgement.
struct OutboxEvent {
  TakedownEvent event;
  bool acked = false;
  int64_t acked_at_ms = 0;
  std::string acked_by;
  std::vector<DeadLetter> dead_letters;  // empty: no sink gave up on it
};

class VIGIL_EXPORT Engine {
 public:
  // Opens the store at options.db_dir (creating it when missing unless
  // read_only), builds the indexes, opens options.sink_specs and starts one
  // deliverer thread per sink (none when read_only), which first delivers
  // the events an earlier run left pending, in the background.
  // Errors: those of HashsetStore::Open (kUnavailable "store is locked by
  // pid N", ...), kNotFound for an unknown name in options.hashsets, those
  // of OpenEventSink ("event sink 'SPEC': ..."), kInvalidArgument for two
  // sinks of one name.
  // Closing (destroying) the engine stops the deliverers: a batch being
  // delivered finishes (its cursor is saved), the rest stays in the outbox
  // for the next Open. It does not wait for the backlog: call Drain first.
  static Result<std::unique_ptr<Engine>> Open(const EngineOptions& options);

  virtual ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Scans one file. content.id defaults to `path`.
  // Per-input problems (unreadable, too large) give status kError, not a
  // failed Result; the Result fails only when events cannot be recorded.
  virtual Result<ScanResult> ScanFile(const std::string& path,
                                      const ContentRef& content = {}) = 0;
  // Scans bytes held by the caller.
  virtual Result<ScanResult> ScanBytes(std::span<const uint8_t> bytes,
                                       const ContentRef& content) = 0;

  // Scans a stream of inputs with a TBB pipeline: `next` (called serially)
  // fills the next input and returns false at the end; inputs are hashed and
  // matched in parallel, with at most 4 x threads in flight so memory stays
  // bounded; `emit` is called serially in input order, after the events of
  // that input are recorded. Stops at the first failure to record events
  // and returns it.
  virtual Status ScanStream(const std::function<bool(ScanInput*)>& next,
                            const std::function<void(ScanResult&&)>& emit) = 0;

  // Scans record events and wake the deliverers; they do not deliver.
  // DeliverPending asks every deliverer to retry now (ending a backoff) and
  // waits until each sink has every event recorded so far, or fails: it
  // returns the first sink error then (the events stay pending and are
  // retried after the backoff). No timeout; see Drain. OK without sinks.
  virtual Status DeliverPending() = 0;

  // Asks every deliverer to retry now and waits up to `timeout` for the
  // sinks to have every event recorded so far. OK when they do (and
  // without sinks). Error: kUnavailable "N events not yet delivered (sink:
  // n, last error: ...); they stay in the outbox" at the deadline.
  virtual Status Drain(std::chrono::milliseconds timeout) = 0;

  // Delivery state per sink (options.sinks, then options.sink_specs), for
  // metrics. Empty when read-only or without sinks.
  virtual std::vector<SinkStats> DeliveryStats() const = 0;

  // Offers every sink again the events it dead-lettered (OutboxEvent::
  // dead_letters), one at a time; each one it accepts loses its dead
  // letter. Returns how many were accepted; the first sink error stops it
  // (the rest stay dead-lettered). 0 without sinks.
  virtual Result<size_t> RetryDeadLetters() = 0;

  // Events in the outbox with id > after_id (all when empty), in id order,
  // at most `limit` (0: all): takedown events with their current state, and
  // the state-update documents (TakedownEvent::update) recorded for sinks.
  virtual Result<std::vector<OutboxEvent>> ListEvents(
      const std::string& after_id, size_t limit) const = 0;
  // The same restricted to takedown events in `state` (no updates).
  virtual Result<std::vector<OutboxEvent>> ListEventsInState(
      const std::string& after_id, size_t limit, EventState state) const = 0;
  // Resolves takedown events (vigil/event_state.h): records the new state
  // (actor, time, outcome, reference, reason; the earlier state kept in the
  // history) and a vigil.takedown.update/1 document for every sink, in one
  // synced write, then wakes the deliverers. With r.disable_entry (false
  // positives) the matched entry of each event is disabled first
  // (HashsetStore::DisableEntry), with the other entries of its set that
  // share its non-empty external id (the other signals of the same content,
  // as hash and block adds them); entries removed since are skipped. The
  // indexes stop matching them within the follower interval. Returns the
  // events with their new state, in the order given.
  // Errors, none of the batch applied: kInvalidArgument
  // (ValidateEventResolution, an id that is not an event id or names a
  // state update), kNotFound "no event ID", kFailedPrecondition "event ID
  // is already actioned (removed by A at T); amend to change it" (when not
  // r.amend), or on a read-only engine.
  virtual Result<std::vector<TakedownEvent>> ResolveEvents(
      std::span<const std::string> event_ids, const EventResolution& r) = 0;
  // Marks events acknowledged. Error: kNotFound for an unknown id.
  virtual Result<size_t> AckEvents(std::span<const std::string> event_ids,
                                   const std::string& actor) = 0;

  // Looks up hashes given as signals (a service's lookup, no content): for
  // each signal, the best match per hash set, ordered by set name, by the
  // rules above (digests exactly; PDQ within the set's threshold, with the
  // signal's quality checked against the set's minimum, a quality < 0
  // meaning unknown and taken as 100). Records no event. A batch is
  // searched as batches (the PDQ index's batch search, batched digest
  // lookups) in chunks on the worker threads, with the same results as one
  // call per signal.
  // Errors: kFailedPrecondition without indexes; kInvalidArgument for a
  // vPDQ signal (match videos with ScanFile/ScanBytes).
  virtual Result<std::vector<std::vector<ScanMatch>>> Lookup(
      std::span<const Signal> signals) const = 0;

  // Applies every change committed to the store since the indexes last
  // caught up, incrementally (a full rebuild only for a change that cannot
  // be applied so). Scans go on meanwhile. Error: kFailedPrecondition
  // without indexes; on a failure the indexes stay as they were.
  virtual Status Refresh() = 0;

  virtual EngineStats Stats() const = 0;
  virtual HashsetStore& store() = 0;

 protected:
  Engine() = default;
};

}  // namespace vigil

#endif  // VIGIL_ENGINE_H_
