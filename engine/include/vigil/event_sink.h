// Copyright 2026 The Vigil Authors.
//
// File: vigil/event_sink.h
// -----------------------------------------------------------------------------
// Where takedown events go after the outbox has recorded them. Delivery is
// at least once: the outbox remembers, per sink name, the last event the
// sink accepted, and after a failure, crash or restart re-delivers whatever
// came later. Consumers drop duplicates by `idempotency_key`.
//
// Sinks are opened from spec strings by one factory, OpenEventSink():
//
//   jsonl:PATH       append JSON lines to PATH (created 0600, fsynced)
//   stdout           JSON lines on standard output
//   PATH, -          the same, as `--events` took them before specs existed
//
//   webhook+https://HOST/PATH, webhook+http://HOST/PATH
//                    a signed POST per event (vigil/webhook_sink.h)
//   nats://HOST:PORT[,HOST:PORT...]/SUBJECT[?OPTIONS], nats+tls://...
//                    NATS JetStream, a message per event on SUBJECT.<action>
//                    with Nats-Msg-Id = idempotency key (docs/nats.md)
//
// Other schemes plug in with RegisterEventSinkScheme(); the front-ends take
// any registered spec.
//
// The engine delivers to each sink from a background deliverer of its own
// (EngineOptions::sinks / sink_specs, DeliveryOptions): scans record events
// in the outbox and return without waiting for any sink.
//
// Contract for implementations (after rocksdb's EventListener): Deliver()
// runs on the sink's deliverer thread with no engine lock held; it must not
// throw; it returns OK only once the events are durable at the destination
// (a file sink flushes and fsyncs). An error leaves the events pending; they
// are offered again after a backoff. Deliver() should bound its own time (a
// network sink sets timeouts): closing the engine waits for a call in
// progress to return.
//
// Thread-safety: the engine calls one sink from one thread at a time. The
// factory functions below may be called from any thread.

#ifndef VIGIL_EVENT_SINK_H_
#define VIGIL_EVENT_SINK_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/event.h"
#include "vigil/export.h"
#include "vigil/result.h"

namespace vigil {

struct SinkOutcome;

// One event as sinks send it: its JSON document (docs/events.md: one line,
// no newline) and the fields a sink addresses it by. The engine's
// deliverers hand sinks the documents as the outbox recorded them, byte for
// byte, without parsing and serialising them again for every sink; only an
// event whose state changed since it was recorded is rendered anew, with
// that state (as Engine::ListEvents shows it).
struct EventDocument {
  std::string event_id;
  std::string idempotency_key;
  HashsetAction action = HashsetAction::kReview;
  bool update = false;  // a vigil.takedown.update/1 document (a state change)
  std::string json;     // the document

  // The document of `event` (json = event.ToJson()).
  VIGIL_EXPORT static EventDocument Of(const TakedownEvent& event);
};

class VIGIL_EXPORT EventSink {
 public:
  virtual ~EventSink();
  // Stable name; the outbox keys its delivery cursor by it, so a renamed
  // sink starts over from the first undelivered event.
  virtual std::string name() const = 0;
  // Delivers `events` (in event-id order).
  virtual Status Deliver(std::span<const TakedownEvent> events) = 0;

  // What the deliverer calls: Deliver() with a finer report for sinks that
  // deliver event by event (webhook). On return, outcome->accepted events
  // of the batch's prefix are durable at the destination (the cursor moves
  // past them even when the status is an error), and the other fields ask
  // the deliverer to dead-letter the next event, wait, or stop (see
  // SinkOutcome). The default calls Deliver(): all or nothing.
  virtual Status Offer(std::span<const TakedownEvent> events,
                       SinkOutcome* outcome);

  // What the engine's deliverers call: Offer() for the batch's recorded
  // documents (EventDocument), with the same contract. The default parses
  // each document (TakedownEvent::FromJson; one that does not parse fails
  // the batch with kCorruptInput, nothing accepted) and calls Offer(). The
  // built-in sinks override it and send the bytes as they are.
  virtual Status OfferDocuments(std::span<const EventDocument> events,
                                SinkOutcome* outcome);
};

// A sink's report on one Offer() (outcome starts zeroed).
struct SinkOutcome {
  // Events of the batch's prefix the destination has.
  size_t accepted = 0;
  // The event after that prefix failed for good (the sink's attempt limit,
  // or a permanent refusal): the outbox records it as dead-lettered for
  // this sink (OutboxEvent::dead_letters, with the returned error) and only
  // then moves the cursor past it. Requires a non-OK status.
  bool dead_letter = false;
  // Wait at least this long before the next attempt (HTTP Retry-After).
  std::chrono::milliseconds retry_after{0};
  // The destination refuses all deliveries (HTTP 410 Gone): the deliverer
  // stops offering events; they stay pending (SinkStats::disabled).
  bool disabled = false;
};

// Opens the sink a spec names (see the file comment). The scheme is the
// text before the first ':' when it is a scheme name (a letter, then
// letters, digits, '+', '-', '.'); for "name+transport:..." the registered
// scheme is "name". A spec without a scheme is a registered scheme that
// takes no argument ("stdout"), "-" (stdout) or a JSONL file path (write
// "./a:b" or "jsonl:a:b" for a file whose name looks like a scheme).
// Errors: kInvalidArgument for an empty spec or an unknown scheme (the
// message lists the known ones); the sink's own errors (kIOError,
// kPermissionDenied, kNotFound, ...) when it cannot be opened.
VIGIL_EXPORT Result<std::unique_ptr<EventSink>> OpenEventSink(
    std::string_view spec);

// Makes a sink from the whole spec string (scheme included).
using EventSinkFactory =
    std::function<Result<std::unique_ptr<EventSink>>(std::string_view spec)>;

// Registers a scheme for OpenEventSink. `usage` is shown in the unknown-
// scheme error (e.g. "webhook+https://HOST/PATH"). Built-in schemes are
// registered in engine/src/events/sink_registry.cc; an embedder may add its
// own at run time.
// Errors: kInvalidArgument for a malformed scheme name or a null factory;
// kAlreadyExists when the scheme is registered.
VIGIL_EXPORT Status RegisterEventSinkScheme(std::string_view scheme,
                                            std::string_view usage,
                                            EventSinkFactory factory);

// The usage strings of the registered schemes, sorted by scheme.
VIGIL_EXPORT std::vector<std::string> EventSinkSchemes();

// Appends one JSON line per event to `path` ("-" for stdout), flushing and
// (for files) fsyncing after every batch. The file is created 0600.
// Named "jsonl:<absolute path>" or "stdout". OpenEventSink("jsonl:PATH")
// calls this.
// Errors: kIOError / kPermissionDenied / kNotFound when it cannot be opened.
VIGIL_EXPORT Result<std::unique_ptr<EventSink>> OpenJsonlSink(
    const std::string& path);

// How the engine's background deliverers work (EngineOptions::delivery).
struct DeliveryOptions {
  // Events offered to a sink per Deliver() call (at most). Default 256.
  size_t batch = 256;
  // Backoff after a failed Deliver(): the k-th failure in a row waits a
  // random time in [d/2, d], d = min(backoff_max, backoff_min * 2^(k-1))
  // ("equal jitter"), unless Drain() or DeliverPending() asks for a retry
  // now. A success resets k. Defaults 100 ms and 30 s.
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{30000};
  // Batching under load: after a successful Deliver(), the next one waits
  // until `batch` events are pending or `linger` has passed since the last
  // one began, so a busy scan delivers in batches (fewer round trips and
  // cursor writes) instead of an event at a time. The first event
  // after a quiet spell goes at once; Drain() and DeliverPending() never
  // wait for it; a retry waits for its backoff only. 0: deliver whatever is
  // pending at once. Default 100 ms.
  std::chrono::milliseconds linger{100};
};

// A sink gave up on an event (SinkOutcome::dead_letter): recorded before
// the sink's cursor moved past it. `vigil events deliver --retry-dead`
// offers it again.
struct DeadLetter {
  std::string sink;   // EventSink::name()
  int64_t at_ms = 0;  // when it was given up (Unix ms)
  std::string error;  // the sink's last error
};

// Delivery state of one sink, for metrics (Engine::DeliveryStats).
struct SinkStats {
  std::string name;                   // EventSink::name()
  uint64_t delivered = 0;             // events accepted since the engine opened
  uint64_t pending = 0;               // recorded, not yet accepted
  uint64_t failures = 0;              // failed Deliver() calls since open
  uint64_t consecutive_failures = 0;  // since the last success
  Status last_error;                  // of the last failure (OK: none yet)
  // When backing off: the wall-clock time of the next attempt (Unix ms);
  // 0 otherwise.
  int64_t next_retry_unix_ms = 0;
  // Events this sink gave up on since open (SinkOutcome::dead_letter); they
  // are recorded in the outbox, not pending.
  uint64_t dead_lettered = 0;
  // The destination disabled itself (SinkOutcome::disabled, HTTP 410):
  // nothing more is offered until the engine is opened again.
  bool disabled = false;
};

}  // namespace vigil

#endif  // VIGIL_EVENT_SINK_H_
