// Copyright 2026 The Vigil Authors.
//
// EventDocument: the recorded form of an event that sinks send. The
// deliverers read the fields sinks address an event by from the header of
// its outbox record and hand the document's bytes on, instead of parsing
// the whole event and serialising it again for every sink. Records of the
// previous format (the document alone) are read with a SAX pass over the
// document's top-level members.

#include "events/internal/event_document.h"

#include <xxhash.h>

#include <nlohmann/json.hpp>

#include "core/internal/json_text.h"
#include "vigil/status_macros.h"

namespace vigil {
namespace internal {
namespace {

using Json = nlohmann::json;

// Keeps the string values of a few top-level members; ignores the rest.
class HeaderReader final : public nlohmann::json_sax<Json> {
 public:
  std::string schema, event_id, idempotency_key, action;
  bool seen_schema = false, seen_id = false, seen_key = false,
       seen_action = false;
  bool top_is_object = false;

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override {
    return Value();
  }
  bool binary(binary_t&) override { return Value(); }
  bool string(string_t& s) override {
    if (depth_ == 1 && target_ != nullptr) {
      *target_ = std::move(s);
      *seen_ = true;
    }
    return Value();
  }
  bool start_object(std::size_t) override {
    if (depth_ == 0) top_is_object = true;
    target_ = nullptr;
    ++depth_;
    return true;
  }
  bool key(string_t& k) override {
    target_ = nullptr;
    if (depth_ != 1) return true;
    // A repeated member would make the reading ambiguous: refuse it.
    if (k == "schema") {
      Aim(&schema, &seen_schema);
    } else if (k == "event_id") {
      Aim(&event_id, &seen_id);
    } else if (k == "idempotency_key") {
      Aim(&idempotency_key, &seen_key);
    } else if (k == "action") {
      Aim(&action, &seen_action);
    }
    return !duplicate_;
  }
  bool end_object() override {
    --depth_;
    target_ = nullptr;
    return true;
  }
  bool start_array(std::size_t) override {
    target_ = nullptr;
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  void Aim(std::string* target, bool* seen) {
    if (*seen) duplicate_ = true;
    target_ = target;
    seen_ = seen;
  }
  bool Value() {
    target_ = nullptr;  // a member that is not a string stays unseen
    return true;
  }

  int depth_ = 0;
  std::string* target_ = nullptr;  // where the next string value goes
  bool* seen_ = nullptr;
  bool duplicate_ = false;
};

}  // namespace

Result<EventDocument> ReadEventDocument(std::string json) {
  HeaderReader r;
  bool ok = Json::sax_parse(json, &r, Json::input_format_t::json,
                            /*strict=*/true);
  if (!ok || !r.top_is_object) {
    return CorruptInputError("event is not a JSON object");
  }
  EventDocument d;
  if (r.schema == kTakedownUpdateSchema) {
    d.update = true;
  } else if (r.schema != kTakedownEventSchema) {
    return CorruptInputError("event schema is not " +
                             std::string(kTakedownEventSchema) + " or " +
                             std::string(kTakedownUpdateSchema));
  }
  if (!r.seen_id || !r.seen_key || !r.seen_action) {
    return CorruptInputError(
        "event: event_id, idempotency_key or action is missing or not a "
        "string");
  }
  Result<HashsetAction> action = ParseHashsetAction(r.action);
  if (!action.ok()) return CorruptInputError(action.status().message());
  d.event_id = std::move(r.event_id);
  d.idempotency_key = std::move(r.idempotency_key);
  d.action = *action;
  d.json = std::move(json);
  return d;
}

namespace {

constexpr size_t kEventKeySize = 32;
constexpr size_t kChecksumAt = 1, kChecksumSize = 8;
constexpr size_t kFlagsAt = kChecksumAt + kChecksumSize;

// XXH3-64 of what follows the checksum.
uint64_t Checksum(std::string_view record) {
  const std::string_view covered = record.substr(kFlagsAt);
  return XXH3_64bits(covered.data(), covered.size());
}

// The parts of a format-1 record (views into it).
struct RecordHeader {
  bool update = false;
  std::string_view action, key, idempotency_key, document;
};

// Splits a format-1 record. Error: kCorruptInput saying what is wrong.
Status SplitRecord(std::string_view r, RecordHeader* h) {
  auto cut = [](std::string_view what) {
    return CorruptInputError("outbox record: " + std::string(what));
  };
  if (r.size() < kFlagsAt + 2 || r[0] != kEventRecordV1) {
    return cut("not format 1");
  }
  uint64_t stored = 0;
  for (size_t i = 0; i < kChecksumSize; ++i) {
    stored |= uint64_t{static_cast<unsigned char>(r[kChecksumAt + i])}
              << (8 * i);
  }
  if (stored != Checksum(r)) return cut("checksum mismatch");
  const auto flags = static_cast<unsigned char>(r[kFlagsAt]);
  if ((flags & ~1u) != 0) return cut("unknown flags");
  h->update = (flags & 1u) != 0;
  size_t at = kFlagsAt + 1;
  const size_t action_size = static_cast<unsigned char>(r[at++]);
  if (r.size() - at < action_size + 1) return cut("header cut short");
  h->action = r.substr(at, action_size);
  at += action_size;
  if (static_cast<unsigned char>(r[at++]) != kEventKeySize ||
      r.size() - at < kEventKeySize + 2) {
    return cut("header cut short or bad event key length");
  }
  h->key = r.substr(at, kEventKeySize);
  at += kEventKeySize;
  const size_t key_size =
      static_cast<unsigned char>(r[at]) |
      (static_cast<size_t>(static_cast<unsigned char>(r[at + 1])) << 8);
  at += 2;
  if (r.size() - at < key_size) return cut("header cut short");
  h->idempotency_key = r.substr(at, key_size);
  h->document = r.substr(at + key_size);
  return Status::OK();
}

}  // namespace

std::string EncodeEventRecord(const TakedownEvent& event,
                              std::string_view key) {
  std::string json = event.ToJson();
  const std::string_view action = HashsetActionName(event.action);
  // The key as the document has it (text that is not UTF-8 is escaped).
  const std::string idempotency_key = EscapeText(event.idempotency_key);
  const size_t m = idempotency_key.size();
  if (key.size() != kEventKeySize || m > 0xffff || action.size() > 0xff) {
    return json;
  }
  std::string r;
  r.reserve(kFlagsAt + 3 + action.size() + kEventKeySize + 2 + m + json.size());
  r += kEventRecordV1;
  r.append(kChecksumSize, '\0');  // below
  r += static_cast<char>(event.update.has_value() ? 1 : 0);
  r += static_cast<char>(action.size());
  r += action;
  r += static_cast<char>(kEventKeySize);
  r += key;
  r += static_cast<char>(m & 0xff);
  r += static_cast<char>(m >> 8);
  r += idempotency_key;
  r += json;
  const uint64_t checksum = Checksum(r);
  for (size_t i = 0; i < kChecksumSize; ++i) {
    r[kChecksumAt + i] = static_cast<char>((checksum >> (8 * i)) & 0xff);
  }
  return r;
}

Result<std::string_view> EventRecordDocument(std::string_view record) {
  if (record.empty() || record[0] != kEventRecordV1) return record;
  RecordHeader h;
  VIGIL_RETURN_IF_ERROR(SplitRecord(record, &h));
  return h.document;
}

void AssignEventIdOfKey(std::string_view key, std::string* id) {
  id->assign(key.substr(0, 8));
  *id += '-';
  id->append(key.substr(8, 4));
  *id += '-';
  id->append(key.substr(12, 4));
  *id += '-';
  id->append(key.substr(16, 4));
  *id += '-';
  id->append(key.substr(20));
}

Status ReadEventRecord(std::string_view key, std::string_view record,
                       EventDocument* d) {
  if (!record.empty() && record[0] == kEventRecordV1) {
    RecordHeader h;
    VIGIL_RETURN_IF_ERROR(SplitRecord(record, &h));
    Result<HashsetAction> action = ParseHashsetAction(h.action);
    if (!action.ok()) {
      return CorruptInputError("outbox record: " +
                               std::string(action.status().message()));
    }
    if (h.idempotency_key.empty()) {
      return CorruptInputError("outbox record: empty idempotency key");
    }
    if (h.document.size() < 2 || h.document.front() != '{' ||
        h.document.back() != '}') {
      return CorruptInputError(
          "outbox record: the document is not a JSON "
          "object");
    }
    if (h.key != key) {
      std::string other;
      AssignEventIdOfKey(h.key, &other);
      AssignEventIdOfKey(key, &d->event_id);
      return CorruptInputError("outbox: event " + d->event_id +
                               " holds a document of event " + other);
    }
    AssignEventIdOfKey(key, &d->event_id);
    d->idempotency_key.assign(h.idempotency_key);
    d->action = *action;
    d->update = h.update;
    d->json.assign(h.document);
    return Status::OK();
  }
  // The previous format: the document alone.
  VIGIL_ASSIGN_OR_RETURN(EventDocument read,
                         ReadEventDocument(std::string(record)));
  std::string id;
  AssignEventIdOfKey(key, &id);
  if (read.event_id != id) {
    return CorruptInputError("outbox: event " + id +
                             " holds a document of event " + read.event_id);
  }
  *d = std::move(read);
  return Status::OK();
}

std::vector<EventDocument> DocumentsOf(std::span<const TakedownEvent> events) {
  std::vector<EventDocument> documents;
  documents.reserve(events.size());
  for (const TakedownEvent& e : events) {
    documents.push_back(EventDocument::Of(e));
  }
  return documents;
}

}  // namespace internal

EventDocument EventDocument::Of(const TakedownEvent& event) {
  EventDocument d;
  d.event_id = event.event_id;
  d.idempotency_key = event.idempotency_key;
  d.action = event.action;
  d.update = event.update.has_value();
  d.json = event.ToJson();
  return d;
}

Status EventSink::OfferDocuments(std::span<const EventDocument> events,
                                 SinkOutcome* outcome) {
  std::vector<TakedownEvent> parsed;
  parsed.reserve(events.size());
  for (const EventDocument& d : events) {
    Result<TakedownEvent> e = TakedownEvent::FromJson(d.json);
    if (!e.ok()) {
      return CorruptInputError("event " + d.event_id + ": " +
                               std::string(e.status().message()));
    }
    parsed.push_back(std::move(*e));
  }
  return Offer(parsed, outcome);
}

}  // namespace vigil
