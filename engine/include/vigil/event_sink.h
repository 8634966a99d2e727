// Copyright 2026 The Vigil Authors.
//
// File: vigil/event_sink.h
// -----------------------------------------------------------------------------
// Where takedown events go after the outbox has recorded them. Delivery is
// at least once: the outbox remembers, per sink name, the last event the
// sink accepted, and after a crash or restart re-delivers whatever came
// later. Consumers drop duplicates by `idempotency_key`.
//
// Contract for implementations (after rocksdb's EventListener): Deliver()
// runs on an engine worker thread with no engine lock held; it must not
// throw; it returns OK only once the events are durable at the destination
// (a file sink flushes and fsyncs). An error leaves the events pending; they
// are offered again later.
//
// Thread-safety: the engine calls one sink from one thread at a time.

#ifndef VIGIL_EVENT_SINK_H_
#define VIGIL_EVENT_SINK_H_

#include <memory>
#include <span>
#include <string>

#include "vigil/event.h"
#include "vigil/export.h"
#include "vigil/result.h"

namespace vigil {

class VIGIL_EXPORT EventSink {
 public:
  virtual ~EventSink();
  // Stable name; the outbox keys its delivery cursor by it, so a renamed
  // sink starts over from the first undelivered event.
  virtual std::string name() const = 0;
  // Delivers `events` (in event-id order).
  virtual Status Deliver(std::span<const TakedownEvent> events) = 0;
};

// Appends one JSON line per event to `path` ("-" for stdout), flushing and
// (for files) fsyncing after every batch. The file is created 0600.
// Named "jsonl:<absolute path>" or "stdout".
// Errors: kIOError / kPermissionDenied / kNotFound when it cannot be opened.
VIGIL_EXPORT Result<std::unique_ptr<EventSink>> OpenJsonlSink(
    const std::string& path);

}  // namespace vigil

#endif  // VIGIL_EVENT_SINK_H_
