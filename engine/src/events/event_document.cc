// Copyright 2026 The Vigil Authors.
//
// EventDocument: the recorded form of an event that sinks send. The
// deliverers read only the top-level fields of a recorded document (a SAX
// pass, no DOM) and hand its bytes on, instead of parsing the whole event
// and serialising it again for every sink.

#include "events/internal/event_document.h"

#include <nlohmann/json.hpp>

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
