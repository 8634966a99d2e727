// Copyright 2026 The Vigil Authors.

#include "events/internal/outbox.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/internal/json_record.h"
#include "events/internal/event_document.h"
#include "events/internal/event_json.h"
#include "store/internal/db_access.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

Status FromRocksStatus(const rocksdb::Status& s, const std::string& context) {
  if (s.ok()) return Status::OK();
  if (s.IsNotFound()) return NotFoundError(context + ": " + s.ToString());
  if (s.IsCorruption()) return CorruptInputError(context + ": " + s.ToString());
  return IOError(context + ": " + s.ToString());
}

rocksdb::WriteOptions Synced() {
  rocksdb::WriteOptions w;
  w.sync = true;
  return w;
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// The UUID text form of a 32-hex-digit key.
std::string EventIdFromKey(const std::string& key) {
  std::string id;
  AssignEventIdOfKey(key, &id);
  return id;
}

// The event recorded as `record` (an outbox record of either format).
Result<TakedownEvent> ParseEventRecord(std::string_view record) {
  VIGIL_ASSIGN_OR_RETURN(std::string_view document,
                         EventRecordDocument(record));
  return TakedownEvent::FromJson(document);
}

}  // namespace

Result<std::string> EventIdKey(const std::string& id) {
  std::string key;
  for (char c : id) {
    if (c == '-') continue;
    char l = (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
    if (!IsHex(l)) break;
    key += l;
  }
  if (key.size() != 32 || id.size() != 36) {
    return InvalidArgumentError("not an event id: '" + id + "'");
  }
  return key;
}

Result<AckRecord> DecodeAckRecord(std::string_view value) {
  constexpr std::string_view kWhat = "event ack record";
  VIGIL_ASSIGN_OR_RETURN(nlohmann::json j, ParseRecord(value, kWhat));
  AckRecord a;
  VIGIL_RETURN_IF_ERROR(ReadField(j, "at_ms", &a.at_ms, kWhat));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "actor", &a.actor, kWhat));
  return a;
}

Result<DeadLetter> DecodeDeadLetterRecord(std::string_view value) {
  constexpr std::string_view kWhat = "dead letter record";
  VIGIL_ASSIGN_OR_RETURN(nlohmann::json j, ParseRecord(value, kWhat));
  DeadLetter d;
  VIGIL_RETURN_IF_ERROR(ReadField(j, "at_ms", &d.at_ms, kWhat));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "error", &d.error, kWhat));
  return d;
}

Result<std::unique_ptr<Outbox>> Outbox::Open(const HashsetStore& store) {
  rocksdb::ColumnFamilyHandle* cf = StoreColumnFamily(store, "events");
  if (cf == nullptr) {
    return FailedPreconditionError("store has no events column family");
  }
  std::unique_ptr<Outbox> outbox(
      new Outbox(StoreDb(store), cf, store.read_only()));
  // The newest event: the last key before "f" (keys "e..." hold events).
  std::unique_ptr<rocksdb::Iterator> it(
      outbox->db_->NewIterator(rocksdb::ReadOptions(), cf));
  it->SeekForPrev("f");
  if (it->Valid() && it->key().size() == 33 && it->key()[0] == 'e') {
    outbox->last_key_ = it->key().ToString().substr(1);
    // NextEventId reads its first 12 digits as the time of the newest event.
    if (!std::all_of(outbox->last_key_.begin(), outbox->last_key_.end(),
                     IsHex)) {
      return CorruptInputError("outbox: the newest event key is not hex");
    }
  }
  if (!it->status().ok()) return FromRocksStatus(it->status(), "open outbox");
  return outbox;
}

std::string Outbox::NextEventId() {
  int64_t now = UnixMillisNow();
  for (;;) {
    std::string id = NewEventId(now);
    std::string key = *EventIdKey(id);
    if (key > last_key_) {
      last_key_ = key;
      return id;
    }
    // The clock is behind the newest recorded event (another process, or
    // the clock went back): continue from that event's millisecond.
    int64_t last_ms =
        static_cast<int64_t>(std::stoull(last_key_.substr(0, 12), nullptr, 16));
    now = std::max(now, last_ms) + 1;
  }
}

Status Outbox::Append(std::vector<TakedownEvent>* events, size_t* added) {
  if (added != nullptr) *added = 0;
  if (read_only_) {
    return FailedPreconditionError(
        "cannot record events: store opened read-only");
  }
  std::lock_guard<std::mutex> lock(write_mu_);
  rocksdb::WriteBatch batch;
  std::map<std::string, std::string> seen;  // idempotency key -> id, this batch
  size_t stored = 0;
  for (TakedownEvent& e : *events) {
    if (auto it = seen.find(e.idempotency_key); it != seen.end()) {
      e.event_id = it->second;
      continue;
    }
    std::string existing;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_,
                                 "k" + e.idempotency_key, &existing);
    if (s.ok()) {
      // Recorded before (a rescan, or a retry after a crash): keep one event.
      e.event_id = EventIdFromKey(existing);
      seen[e.idempotency_key] = e.event_id;
      continue;
    }
    if (!s.IsNotFound()) return FromRocksStatus(s, "read outbox");
    e.event_id = NextEventId();
    std::string key = last_key_;
    batch.Put(cf_, "e" + key, EncodeEventRecord(e, key));
    batch.Put(cf_, "k" + e.idempotency_key, key);
    seen[e.idempotency_key] = e.event_id;
    ++stored;
  }
  if (stored == 0) return Status::OK();
  VIGIL_RETURN_IF_ERROR(
      FromRocksStatus(db_->Write(Synced(), &batch), "write outbox"));
  appended_.fetch_add(stored, std::memory_order_release);
  if (added != nullptr) *added = stored;
  return Status::OK();
}

Status Outbox::Scan(const std::string& after_id, size_t limit,
                    const std::function<Status(const StoredEvent&)>& fn) const {
  std::string start = "e";
  if (!after_id.empty()) {
    VIGIL_ASSIGN_OR_RETURN(std::string key, EventIdKey(after_id));
    start += key;
  }
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_));
  size_t n = 0;
  for (it->Seek(start); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    if (k.size() == 0 || k[0] != 'e') break;
    if (!after_id.empty() && k.ToString() == start) continue;
    VIGIL_ASSIGN_OR_RETURN(TakedownEvent event,
                           ParseEventRecord(std::string_view(
                               it->value().data(), it->value().size())));
    StoredEvent stored;
    stored.event = std::move(event);
    std::string ack;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_,
                                 "a" + k.ToString().substr(1), &ack);
    if (s.ok()) {
      Result<AckRecord> a = DecodeAckRecord(ack);
      if (!a.ok()) {
        return CorruptInputError("event " +
                                 EventIdFromKey(k.ToString().substr(1)) + ": " +
                                 std::string(a.status().message()));
      }
      stored.acked = true;
      stored.acked_at_ms = a->at_ms;
      stored.acked_by = std::move(a->actor);
    } else if (!s.IsNotFound()) {
      return FromRocksStatus(s, "read outbox");
    }
    VIGIL_RETURN_IF_ERROR(
        ReadDeadLetters(k.ToString().substr(1), &stored.dead_letters));
    VIGIL_RETURN_IF_ERROR(
        ReadState(k.ToString().substr(1), &stored.event.state));
    VIGIL_RETURN_IF_ERROR(fn(stored));
    if (limit != 0 && ++n >= limit) return Status::OK();
  }
  return FromRocksStatus(it->status(), "scan outbox");
}

Result<std::string> Outbox::Cursor(const std::string& sink_name) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf_, "c" + sink_name, &value);
  if (s.IsNotFound()) return std::string();
  if (!s.ok()) return FromRocksStatus(s, "read outbox cursor");
  return value;
}

Status Outbox::Deliver(EventSink* sink, size_t batch, size_t* delivered) {
  if (delivered != nullptr) *delivered = 0;
  if (batch == 0) batch = 1;
  for (;;) {
    size_t n = 0;
    VIGIL_RETURN_IF_ERROR(DeliverBatch(sink, batch, &n));
    if (delivered != nullptr) *delivered += n;
    if (n < batch) return Status::OK();
  }
}

Status Outbox::Document(const std::string& key, std::string_view record,
                        bool has_state, EventDocument* d) const {
  if (!has_state) return ReadEventRecord(key, record, d);
  // Its state changed since it was recorded: render it with that state,
  // as it was delivered before documents were handed on as recorded.
  VIGIL_ASSIGN_OR_RETURN(TakedownEvent event, ParseEventRecord(record));
  VIGIL_RETURN_IF_ERROR(ReadState(key, &event.state));
  if (event.event_id != EventIdFromKey(key)) {
    return CorruptInputError("outbox: event " + EventIdFromKey(key) +
                             " holds a document of event " + event.event_id);
  }
  *d = EventDocument::Of(event);
  return Status::OK();
}

Status Outbox::ReadDocuments(const std::string& after_key, size_t limit,
                             std::vector<EventDocument>* out) const {
  size_t n = 0;
  Status s = ReadDocuments(after_key, limit, out, &n);
  out->resize(n);
  return s;
}

Status Outbox::ReadDocuments(const std::string& after_key, size_t limit,
                             std::vector<EventDocument>* buffer,
                             size_t* count) const {
  // The documents go into the buffer's first elements, assigned, not
  // rebuilt: a deliverer's buffer keeps its strings' capacity from batch
  // to batch, so a batch costs no allocation once they are large enough.
  *count = 0;
  if (limit == 0) return Status::OK();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_));
  const std::string start = "e" + after_key;
  size_t n = 0;
  std::string first, last;
  for (it->Seek(start); it->Valid() && n < limit; it->Next()) {
    rocksdb::Slice k = it->key();
    if (k.size() == 0 || k[0] != 'e') break;
    if (!after_key.empty() && k == rocksdb::Slice(start)) continue;
    const std::string_view key(k.data() + 1, k.size() - 1);
    if (n == buffer->size()) buffer->emplace_back();
    VIGIL_RETURN_IF_ERROR(ReadEventRecord(
        key, std::string_view(it->value().data(), it->value().size()),
        &(*buffer)[n]));
    if (n == 0) first.assign(key);
    last.assign(key);
    ++n;
  }
  VIGIL_RETURN_IF_ERROR(FromRocksStatus(it->status(), "read outbox"));
  if (n == 0) return Status::OK();
  // Which of them have a state record: one seek over "s" <first>..<last>.
  std::set<std::string> with_state;
  for (it->Seek("s" + first); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    if (k.size() == 0 || k[0] != 's') break;
    std::string key(k.data() + 1, k.size() - 1);
    if (key > last) break;
    with_state.insert(std::move(key));
  }
  VIGIL_RETURN_IF_ERROR(FromRocksStatus(it->status(), "read event states"));
  if (!with_state.empty()) {
    for (size_t i = 0; i < n; ++i) {
      EventDocument& d = (*buffer)[i];
      VIGIL_ASSIGN_OR_RETURN(std::string key, EventIdKey(d.event_id));
      if (with_state.count(key) == 0) continue;
      std::string record;
      VIGIL_RETURN_IF_ERROR(FromRocksStatus(
          db_->Get(rocksdb::ReadOptions(), cf_, "e" + key, &record),
          "read outbox"));
      VIGIL_RETURN_IF_ERROR(Document(key, record, true, &d));
    }
  }
  *count = n;
  return Status::OK();
}

Status Outbox::DeliverBatch(EventSink* sink, size_t batch, size_t* delivered,
                            SinkOutcome* outcome,
                            std::vector<EventDocument>* buffer) {
  *delivered = 0;
  if (read_only_) {
    return FailedPreconditionError(
        "cannot deliver events: store opened read-only");
  }
  if (batch == 0) batch = 1;
  const std::string name = sink->name();
  VIGIL_ASSIGN_OR_RETURN(std::string cursor, Cursor(name));
  std::vector<EventDocument> local_buffer;
  if (buffer == nullptr) buffer = &local_buffer;
  size_t count = 0;
  VIGIL_RETURN_IF_ERROR(ReadDocuments(cursor, batch, buffer, &count));
  if (count == 0) return Status::OK();
  const std::span<const EventDocument> pending(buffer->data(), count);
  SinkOutcome local;
  if (outcome == nullptr) outcome = &local;
  *outcome = SinkOutcome{};
  Status s = sink->OfferDocuments(pending, outcome);
  size_t accepted = std::min(outcome->accepted, pending.size());
  if (s.ok()) accepted = pending.size();
  outcome->accepted = accepted;
  // The cursor moves past the accepted prefix and, when the sink gave up on
  // the next event, past that one once its dead letter is written.
  const bool dead =
      !s.ok() && outcome->dead_letter && accepted < pending.size();
  outcome->dead_letter = dead;
  size_t past = accepted + (dead ? 1 : 0);
  if (past == 0) return s;
  rocksdb::WriteBatch write;
  VIGIL_ASSIGN_OR_RETURN(std::string key,
                         EventIdKey(pending[past - 1].event_id));
  if (dead) {
    write.Put(
        cf_, "d" + key + name,
        nlohmann::json{{"at_ms", UnixMillisNow()}, {"error", s.ToString()}}
            .dump());
  }
  write.Put(cf_, "c" + name, key);
  // The cursor alone is written to the WAL without an fsync of its own: a
  // cursor lost to a power failure (a process crash keeps it) only sends
  // its events again, which at-least-once delivery allows, and the scan's
  // synced writes, which come after it in the WAL, sync it as well. A dead
  // letter is synced: it must not be lost once the cursor moved past it.
  VIGIL_RETURN_IF_ERROR(FromRocksStatus(
      db_->Write(dead ? Synced() : rocksdb::WriteOptions(), &write),
      "write outbox cursor"));
  *delivered = accepted;
  return s;
}

Status Outbox::ReadDeadLetters(const std::string& key,
                               std::vector<DeadLetter>* out) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_));
  const std::string prefix = "d" + key;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    Result<DeadLetter> d = DecodeDeadLetterRecord(it->value().ToString());
    if (!d.ok()) {
      return CorruptInputError("event " + EventIdFromKey(key) + ": " +
                               std::string(d.status().message()));
    }
    d->sink = it->key().ToString().substr(prefix.size());
    out->push_back(std::move(*d));
  }
  return FromRocksStatus(it->status(), "read dead letters");
}

Result<size_t> Outbox::RetryDeadLetters(EventSink* sink) {
  if (read_only_) {
    return FailedPreconditionError(
        "cannot deliver events: store opened read-only");
  }
  const std::string name = sink->name();
  // Dead letters of this sink: "d" <32 hex> <name>.
  std::vector<std::string> keys;
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf_));
    for (it->Seek("d"); it->Valid() && it->key().starts_with("d"); it->Next()) {
      std::string k = it->key().ToString();
      if (k.size() == 33 + name.size() && k.substr(33) == name) {
        keys.push_back(k.substr(1, 32));
      }
    }
    VIGIL_RETURN_IF_ERROR(FromRocksStatus(it->status(), "read dead letters"));
  }
  size_t n = 0;
  for (const std::string& key : keys) {
    std::string value;
    VIGIL_RETURN_IF_ERROR(FromRocksStatus(
        db_->Get(rocksdb::ReadOptions(), cf_, "e" + key, &value),
        "read outbox"));
    std::string state;
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), cf_, "s" + key, &state);
    if (!s.ok() && !s.IsNotFound()) {
      return FromRocksStatus(s, "read event state");
    }
    EventDocument d;
    VIGIL_RETURN_IF_ERROR(Document(key, value, s.ok(), &d));
    SinkOutcome outcome;
    VIGIL_RETURN_IF_ERROR(sink->OfferDocuments(std::span(&d, 1), &outcome));
    VIGIL_RETURN_IF_ERROR(FromRocksStatus(
        db_->Delete(Synced(), cf_, "d" + key + name), "remove dead letter"));
    ++n;
  }
  return n;
}

Result<uint64_t> Outbox::CountPending(const std::string& sink_name,
                                      uint64_t* appended) {
  std::lock_guard<std::mutex> lock(write_mu_);
  *appended = appended_.load(std::memory_order_acquire);
  VIGIL_ASSIGN_OR_RETURN(std::string cursor, Cursor(sink_name));
  // Keys only: no event is parsed.
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf_));
  uint64_t n = 0;
  std::string start = "e" + cursor;
  for (it->Seek(start); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    if (k.size() == 0 || k[0] != 'e') break;
    if (!cursor.empty() && k == rocksdb::Slice(start)) continue;
    ++n;
  }
  VIGIL_RETURN_IF_ERROR(FromRocksStatus(it->status(), "count pending events"));
  return n;
}

Status Outbox::Ack(std::span<const std::string> event_ids,
                   const std::string& actor, size_t* newly_acked) {
  if (newly_acked != nullptr) *newly_acked = 0;
  if (read_only_) {
    return FailedPreconditionError("cannot ack events: store opened read-only");
  }
  std::lock_guard<std::mutex> lock(write_mu_);
  rocksdb::WriteBatch batch;
  size_t n = 0;
  std::string record =
      nlohmann::json{{"at_ms", UnixMillisNow()}, {"actor", actor}}.dump();
  for (const std::string& id : event_ids) {
    VIGIL_ASSIGN_OR_RETURN(std::string key, EventIdKey(id));
    std::string value;
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), cf_, "e" + key, &value);
    if (s.IsNotFound()) return NotFoundError("no event " + id);
    if (!s.ok()) return FromRocksStatus(s, "read outbox");
    s = db_->Get(rocksdb::ReadOptions(), cf_, "a" + key, &value);
    if (s.ok()) continue;
    if (!s.IsNotFound()) return FromRocksStatus(s, "read outbox");
    batch.Put(cf_, "a" + key, record);
    ++n;
  }
  if (n > 0) {
    VIGIL_RETURN_IF_ERROR(
        FromRocksStatus(db_->Write(Synced(), &batch), "write acks"));
  }
  if (newly_acked != nullptr) *newly_acked = n;
  return Status::OK();
}

Status Outbox::ReadState(const std::string& key, EventLifecycle* state) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_, "s" + key, &value);
  if (s.IsNotFound()) return Status::OK();
  VIGIL_RETURN_IF_ERROR(FromRocksStatus(s, "read event state"));
  auto j = nlohmann::json::parse(value, nullptr, false);
  if (j.is_discarded()) return CorruptInputError("event state is not JSON");
  UnescapeStrings(&j);  // written by DumpJson
  VIGIL_ASSIGN_OR_RETURN(*state, ParseEventStateObject(j));
  return Status::OK();
}

Status Outbox::Resolve(std::span<const std::string> event_ids,
                       const EventResolution& r, bool check_only,
                       std::vector<TakedownEvent>* resolved) {
  if (resolved != nullptr) resolved->clear();
  if (read_only_) {
    return FailedPreconditionError(
        "cannot resolve events: store opened read-only");
  }
  std::lock_guard<std::mutex> lock(write_mu_);
  const int64_t now = UnixMillisNow();
  std::map<std::string, TakedownEvent> changed;  // key -> event, new state
  std::vector<std::string> order;
  for (const std::string& id : event_ids) {
    VIGIL_ASSIGN_OR_RETURN(std::string key, EventIdKey(id));
    if (changed.count(key) != 0) continue;
    std::string value;
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), cf_, "e" + key, &value);
    if (s.IsNotFound()) return NotFoundError("no event " + id);
    VIGIL_RETURN_IF_ERROR(FromRocksStatus(s, "read outbox"));
    VIGIL_ASSIGN_OR_RETURN(TakedownEvent event, ParseEventRecord(value));
    if (event.update.has_value()) {
      return InvalidArgumentError(
          "event " + id + " is a state update of event " +
          event.update->takedown_event_id + ", not a takedown event");
    }
    VIGIL_RETURN_IF_ERROR(ReadState(key, &event.state));
    EventStateChange& current = event.state.current;
    if (current.state != EventState::kOpen && !r.amend) {
      std::string was = std::string(EventStateName(current.state)) + " (" +
                        EventOutcomeName(current.outcome);
      if (!current.actor.empty()) was += " by " + current.actor;
      was += " at " + FormatRfc3339(current.at_ms) + ")";
      return FailedPreconditionError("event " + id + " is already " + was +
                                     "; amend to change it");
    }
    if (current.at_ms == 0) current.at_ms = event.created_at_ms;
    event.state.history.push_back(current);
    current = EventStateChange{
        StateAfter(r.outcome), r.outcome, r.reference, r.reason, r.actor, now};
    order.push_back(key);
    changed.emplace(key, std::move(event));
  }
  if (resolved != nullptr) {
    for (const std::string& key : order) resolved->push_back(changed.at(key));
  }
  if (check_only) return Status::OK();
  rocksdb::WriteBatch batch;
  for (const std::string& key : order) {
    const TakedownEvent& event = changed.at(key);
    batch.Put(cf_, "s" + key, DumpJson(EventStateObject(event.state)));
    TakedownEvent update = event;
    update.update = EventUpdate{event.event_id, event.idempotency_key,
                                event.state.history.back().state};
    update.created_at_ms = now;
    update.event_id = NextEventId();
    update.idempotency_key =
        UpdateIdempotencyKey(event.event_id, event.state.history.size());
    batch.Put(cf_, "e" + last_key_, EncodeEventRecord(update, last_key_));
    batch.Put(cf_, "k" + update.idempotency_key, last_key_);
  }
  if (order.empty()) return Status::OK();
  VIGIL_RETURN_IF_ERROR(
      FromRocksStatus(db_->Write(Synced(), &batch), "write event states"));
  appended_.fetch_add(order.size(), std::memory_order_release);
  return Status::OK();
}

Result<uint64_t> Outbox::Count() const {
  uint64_t n = 0;
  VIGIL_RETURN_IF_ERROR(Scan("", 0, [&](const StoredEvent&) {
    ++n;
    return Status::OK();
  }));
  return n;
}

}  // namespace vigil::internal
