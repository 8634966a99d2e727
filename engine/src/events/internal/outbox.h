// Copyright 2026 The Vigil Authors.
//
// The event outbox: takedown events kept durably in the store's "events"
// column family until every sink has them.
//
// Layout of the "events" column family (all keys ASCII):
//   "e" <event id, 32 hex digits>   -> the event's record: a header with the
//                                      fields sinks address it by, then
//                                      its JSON (TakedownEvent; format 1,
//                                      events/internal/event_document.h),
//                                      or, as written before format 1,
//                                      the JSON alone (still read)
//   "k" <idempotency key>           -> event id (32 hex digits)
//   "c" <sink name>                 -> id of the last event the sink accepted
//   "a" <event id, 32 hex digits>   -> ack record JSON {"at_ms", "actor"}
//   "d" <event id, 32 hex digits> <sink name>
//                                   -> dead letter JSON {"at_ms", "error"}
//   "s" <event id, 32 hex digits>   -> workflow state JSON (the "state"
//                                      object of docs/events.md); absent
//                                      while the event is open
// A state change also records a vigil.takedown.update/1 document as an
// event ("e" and "k" keys) in the same write, so the sinks receive it
// through their cursors like any event.
// Event ids are UUIDv7, so key order is creation order.
//
// Thread-safety: all methods may be called concurrently; Append and Ack
// are serialised internally. Deliver/DeliverBatch for one sink must not run
// on two threads at once (the engine has one deliverer per sink).

#ifndef VIGIL_ENGINE_SRC_EVENTS_INTERNAL_OUTBOX_H_
#define VIGIL_ENGINE_SRC_EVENTS_INTERNAL_OUTBOX_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/event.h"
#include "vigil/event_sink.h"
#include "vigil/hashset_store.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace vigil::internal {

struct StoredEvent {
  TakedownEvent event;
  bool acked = false;
  int64_t acked_at_ms = 0;
  std::string acked_by;
  std::vector<DeadLetter> dead_letters;
};

class Outbox {
 public:
  // `store` is borrowed and must outlive the outbox.
  // Error: kFailedPrecondition when the store has no events column family.
  static Result<std::unique_ptr<Outbox>> Open(const HashsetStore& store);

  // Records `events` in one synced write, assigning each new event its id
  // (UUIDv7, strictly greater than every id recorded before, even if the
  // clock went back). An event whose idempotency key is recorded already is
  // not stored again: it gets the recorded event's id. Ids are assigned and
  // written under one lock, so record order is id order and delivery by
  // cursor never skips an event. `*added` (nullable) is set to how many
  // were stored now (the others were recorded before).
  // Error: kFailedPrecondition on a read-only store.
  Status Append(std::vector<TakedownEvent>* events, size_t* added = nullptr);

  // Offers `sink` (EventSink::OfferDocuments) every event after its cursor, in
  // batches of at most `batch` events, advancing the cursor after each
  // accepted batch. Returns the number delivered in *delivered (nullable). A
  // sink error stops delivery and is returned; those events stay pending.
  Status Deliver(EventSink* sink, size_t batch, size_t* delivered);

  // One step of Deliver: offers `sink` at most `batch` events after its
  // cursor (EventSink::OfferDocuments) and advances the cursor past those it
  // accepted and, when it dead-letters the next one, past that one too,
  // in the same synced write as the dead letter. (A cursor write without a
  // dead letter is not synced: losing it to a power failure only delivers
  // its events again.) *delivered (not null) is
  // the number accepted, 0 when nothing was pending; `outcome` (nullable)
  // gets the sink's report.
  // `buffer` (nullable): where the batch's documents are read, reused
  // across calls (Outbox::ReadDocuments with a count) so a deliverer's
  // batches cost no allocation once its strings are large enough.
  Status DeliverBatch(EventSink* sink, size_t batch, size_t* delivered,
                      SinkOutcome* outcome = nullptr,
                      std::vector<EventDocument>* buffer = nullptr);

  // Up to `limit` events after the one with key `after_key` (32 hex
  // digits; "" from the first), in id order, as sinks send them: each
  // recorded document byte for byte (an event with a state record rendered
  // with that state). Errors: kCorruptInput for a document that is not an
  // event (ReadEventDocument) or is filed under another event's id.
  Status ReadDocuments(const std::string& after_key, size_t limit,
                       std::vector<EventDocument>* out) const;
  // The same into the first *count elements of *buffer, which grows as
  // needed and never shrinks: its elements are assigned, so their strings
  // keep their capacity from call to call. Records of format 1
  // (events/internal/event_document.h) are not lexed: the fields come from
  // their header.
  Status ReadDocuments(const std::string& after_key, size_t limit,
                       std::vector<EventDocument>* buffer, size_t* count) const;

  // Offers `sink` again each event dead-lettered for it (oldest first, one
  // at a time, through Deliver) and removes the dead letter of each it
  // accepts. Returns how many it accepted; stops at the first error.
  Result<size_t> RetryDeadLetters(EventSink* sink);

  // Number of events after `sink_name`'s cursor, and (in *appended, not
  // null) appended() at that same moment: Append cannot interleave, so
  // pending later = result + appended() - *appended - delivered since.
  Result<uint64_t> CountPending(const std::string& sink_name,
                                uint64_t* appended);

  // New events recorded by this outbox since it was opened.
  uint64_t appended() const {
    return appended_.load(std::memory_order_acquire);
  }

  // Calls fn for events with id > after_id (all when empty), in id order,
  // at most `limit` (0: no limit). An error from fn stops the scan.
  Status Scan(const std::string& after_id, size_t limit,
              const std::function<Status(const StoredEvent&)>& fn) const;

  // Resolves the takedown events `event_ids` (EventResolution; validated
  // by the caller) in one synced write: each gets its new state (the
  // previous one goes to its history) and a vigil.takedown.update/1
  // document is recorded for the sinks. All or nothing: an unknown id
  // (kNotFound "no event ID"), an update document's id (kInvalidArgument),
  // or an event resolved already without r.amend (kFailedPrecondition
  // saying its state) fails the whole batch. Repeated ids count once.
  // `check_only`: only the checks, nothing written. `*resolved` (nullable)
  // gets the events with their new state, in the order given (also when
  // check_only).
  Status Resolve(std::span<const std::string> event_ids,
                 const EventResolution& r, bool check_only,
                 std::vector<TakedownEvent>* resolved);

  // Marks the events acknowledged by `actor`. Unknown ids: kNotFound (none
  // of the batch is acknowledged then). Already acked: left as they are.
  Status Ack(std::span<const std::string> event_ids, const std::string& actor,
             size_t* newly_acked);

  // The delivery cursor of a sink ("" when it has received nothing).
  Result<std::string> Cursor(const std::string& sink_name) const;

  // Number of stored events.
  Result<uint64_t> Count() const;

 private:
  Outbox(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, bool read_only)
      : db_(db), cf_(cf), read_only_(read_only) {}
  // The state of the event with key `key` into *state (left as it is when
  // the event has no state record).
  Status ReadState(const std::string& key, EventLifecycle* state) const;
  // The EventDocument of the event with key `key` recorded as `record`
  // into *d (ReadEventRecord; rendered with its state when `has_state`).
  Status Document(const std::string& key, std::string_view record,
                  bool has_state, EventDocument* d) const;
  // Appends the dead letters of the event with key `key` (32 hex) to *out.
  Status ReadDeadLetters(const std::string& key,
                         std::vector<DeadLetter>* out) const;
  // A new event id whose key is greater than last_key_. Under write_mu_.
  std::string NextEventId();

  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const cf_;
  const bool read_only_;
  std::mutex write_mu_;
  std::string last_key_;  // key of the newest recorded event; under write_mu_
  std::atomic<uint64_t> appended_{0};  // written under write_mu_
};

// The key form of an event id: the UUID without dashes. Error:
// kInvalidArgument when `id` is not a UUID.
Result<std::string> EventIdKey(const std::string& id);

// The record of an acknowledged event ("a" key).
struct AckRecord {
  int64_t at_ms = 0;  // when it was acknowledged (Unix ms); 0 if unrecorded
  std::string actor;  // who acknowledged it
};

// The stored records, read as hostile bytes (a damaged store): an ack
// record, and a dead letter's record (its `sink` is left empty: it is in
// the key). Errors: kCorruptInput saying what is wrong.
Result<AckRecord> DecodeAckRecord(std::string_view value);
Result<DeadLetter> DecodeDeadLetterRecord(std::string_view value);

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_EVENTS_INTERNAL_OUTBOX_H_
