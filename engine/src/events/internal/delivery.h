// Copyright 2026 The Vigil Authors.
//
// Background delivery of the outbox to sinks: one deliverer thread per sink
// reads the outbox from the sink's cursor and offers events in batches. It
// sleeps until Notify() says events were appended; after a sink error it
// backs off exponentially with jitter (DeliveryOptions) and retries. The
// backlog is the outbox itself (RocksDB), never an in-memory queue, so a
// sink that is down for hours costs no memory, and a crash loses nothing:
// the next Delivery resumes from the cursor.
//
//   auto delivery = Delivery::Start(outbox, sinks, options);
//   outbox->Append(&events);   // a scan records ...
//   delivery->Notify();        // ... and returns; the deliverers wake
//   delivery->Drain(10s);      // before exit: wait for the sinks
//
// Threads are plain std::threads, not the engine's TBB arena: a sink that
// blocks must not hold a scanning worker.
//
// Thread-safety: all methods may be called concurrently. The destructor
// stops the deliverers, waiting for a Deliver() call in progress to return
// (its batch's cursor is saved when it succeeded).

#ifndef VIGIL_ENGINE_SRC_EVENTS_INTERNAL_DELIVERY_H_
#define VIGIL_ENGINE_SRC_EVENTS_INTERNAL_DELIVERY_H_

#include <chrono>
#include <memory>
#include <vector>

#include "events/internal/outbox.h"
#include "vigil/event_sink.h"

namespace vigil::internal {

class SinkDeliverer;

class Delivery {
 public:
  // Starts one deliverer per sink; each delivers its backlog at once.
  // `outbox` is borrowed and must outlive the Delivery.
  // Errors: kInvalidArgument for a null sink or two sinks with one name
  // (they would share a cursor); outbox read errors.
  static Result<std::unique_ptr<Delivery>> Start(
      Outbox* outbox, std::vector<std::shared_ptr<EventSink>> sinks,
      const DeliveryOptions& options);

  ~Delivery();
  Delivery(const Delivery&) = delete;
  Delivery& operator=(const Delivery&) = delete;

  // Events were appended to the outbox: wake the idle deliverers. Cheap;
  // never waits on a sink.
  void Notify();

  // Retries now (ending any backoff) and waits until every sink has every
  // event recorded so far, or a sink fails: returns its error then. No
  // timeout: use Drain for a bounded wait.
  Status DeliverPending();

  // Retries now and waits up to `timeout` for every sink to have every
  // event. Error: kUnavailable "N events pending (sink: n, ...)" when some
  // remain at the deadline (they stay in the outbox).
  Status Drain(std::chrono::milliseconds timeout);

  // Offers each sink its dead-lettered events again (Outbox::
  // RetryDeadLetters), never while its deliverer is in a call. Returns how
  // many were accepted; stops at the first sink error.
  Result<size_t> RetryDeadLetters();

  // Per sink, in the order of the sinks given to Start.
  std::vector<SinkStats> Stats() const;

 private:
  Delivery() = default;
  std::vector<std::unique_ptr<SinkDeliverer>> deliverers_;
};

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_EVENTS_INTERNAL_DELIVERY_H_
