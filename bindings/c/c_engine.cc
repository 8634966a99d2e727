// Copyright 2026 The Vigil Authors.
//
// The C API (vigil.h): the engine (scanning, matches, takedown events).

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "c_api_internal.h"
#include "vigil.h"
#include "vigil/engine.h"
#include "vigil/event_sink.h"
#include "vigil/json.h"

struct vigil_engine_t {
  std::unique_ptr<vigil::Engine> engine;
  vigil_store_t store;  // borrowed view of engine->store()
};

struct vigil_scan_t {
  // Read through the getters; checked (debug) builds abort on statuses
  // destroyed unread.
  ~vigil_scan_t() {
    result.error.PermitUncheckedError();
    result.hashes.image_status.PermitUncheckedError();
  }

  vigil::ScanResult result;
  std::unique_ptr<vigil_hashes_t> hashes;  // null when the input was unread
  std::string status_name;
  std::string error_message;
  std::vector<std::string> signal_type_names;  // per match
  std::vector<std::string> action_names;       // per match
};

struct vigil_event_list_t {
  std::vector<vigil::OutboxEvent> events;
  std::vector<std::string> json;  // per event
  std::vector<std::string> action_names;
};

namespace {

using vigil::StatusCode;
using vigil::capi::Fail;
using vigil::capi::OrEmpty;
using vigil::capi::SetError;

vigil_code_t CheckEngine(const vigil_engine_t* engine, char** errptr) {
  if (engine == nullptr || engine->engine == nullptr) {
    return Fail(errptr, StatusCode::kInvalidArgument, "engine is null");
  }
  return VIGIL_OK;
}

vigil_code_t DeliverScan(vigil::Result<vigil::ScanResult> r, vigil_scan_t** out,
                         char** errptr) {
  if (!r.ok()) return SetError(errptr, r.status());
  auto scan = std::make_unique<vigil_scan_t>();
  scan->result = std::move(r).value();
  const vigil::ScanResult& s = scan->result;
  scan->status_name = vigil::ScanStatusName(s.status);
  if (!s.error.ok()) scan->error_message = std::string(s.error.message());
  // An input that could not be read has no hashes (bytes 0 and no digests
  // computed); everything else, even a corrupt image, has its digests.
  bool unread = s.status == vigil::ScanStatus::kError && s.hashes.bytes == 0 &&
                s.hashes.digests == vigil::Digests{};
  if (!unread) scan->hashes = vigil::capi::MakeHashes(s.hashes);
  for (const vigil::ScanMatch& m : s.matches) {
    scan->signal_type_names.push_back(
        vigil::SignalTypeName(m.match.signal_type));
    scan->action_names.push_back(vigil::HashsetActionName(m.action));
  }
  *out = scan.release();
  return VIGIL_OK;
}

vigil_code_t CheckMatch(const vigil_scan_t* scan, size_t index, char** errptr) {
  if (scan == nullptr) {
    return Fail(errptr, StatusCode::kInvalidArgument, "scan is null");
  }
  if (index >= scan->result.matches.size()) {
    return Fail(errptr, StatusCode::kInvalidArgument,
                "match index " + std::to_string(index) + " is out of range (" +
                    std::to_string(scan->result.matches.size()) + " matches)");
  }
  return VIGIL_OK;
}

vigil_code_t CheckEvent(const vigil_event_list_t* list, size_t index,
                        char** errptr) {
  if (list == nullptr) {
    return Fail(errptr, StatusCode::kInvalidArgument, "list is null");
  }
  if (index >= list->events.size()) {
    return Fail(errptr, StatusCode::kInvalidArgument,
                "event index " + std::to_string(index) + " is out of range (" +
                    std::to_string(list->events.size()) + " events)");
  }
  return VIGIL_OK;
}

}  // namespace

extern "C" {

vigil_code_t vigil_engine_open(const char* db_dir, uint32_t flags,
                               const vigil_limits_t* limits,
                               const char* events_jsonl, vigil_engine_t** out,
                               char** errptr) {
  const char* const specs[1] = {events_jsonl};
  return vigil_engine_open_sinks(db_dir, flags, limits, specs,
                                 events_jsonl != nullptr ? 1 : 0, out, errptr);
}

vigil_code_t vigil_engine_open_sinks(const char* db_dir, uint32_t flags,
                                     const vigil_limits_t* limits,
                                     const char* const* sink_specs,
                                     size_t sink_count, vigil_engine_t** out,
                                     char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    VIGIL_C_REQUIRE_NONNULL(db_dir, errptr);
    if (sink_count > 0) VIGIL_C_REQUIRE_NONNULL(sink_specs, errptr);
    constexpr uint32_t kKnown = VIGIL_ENGINE_READ_ONLY | VIGIL_ENGINE_DIHEDRAL |
                                VIGIL_ENGINE_PDQ_FULL |
                                VIGIL_ENGINE_EVENTS_ONLY;
    if ((flags & ~kKnown) != 0) {
      return Fail(
          errptr, StatusCode::kInvalidArgument,
          "unknown engine flag bits " + std::to_string(flags & ~kKnown));
    }
    vigil::EngineOptions options;
    options.db_dir = db_dir;
    options.read_only = (flags & VIGIL_ENGINE_READ_ONLY) != 0;
    options.dihedral = (flags & VIGIL_ENGINE_DIHEDRAL) != 0;
    options.load_indexes = (flags & VIGIL_ENGINE_EVENTS_ONLY) == 0;
    if ((flags & VIGIL_ENGINE_PDQ_FULL) != 0) {
      options.hash.pdq_mode = vigil::PdqMode::kFullResolution;
    }
    if (limits != nullptr) {
      if (limits->max_file_bytes != 0) {
        options.hash.limits.max_file_bytes = limits->max_file_bytes;
      }
      if (limits->max_pixels != 0) {
        options.hash.limits.max_pixels = limits->max_pixels;
      }
      if (limits->max_dimension != 0) {
        options.hash.limits.max_dimension = limits->max_dimension;
      }
    }
    for (size_t i = 0; i < sink_count; ++i) {
      VIGIL_C_REQUIRE_NONNULL(sink_specs[i], errptr);
      options.sink_specs.emplace_back(sink_specs[i]);
    }
    auto engine = vigil::Engine::Open(options);
    if (!engine.ok()) return SetError(errptr, engine.status());
    auto handle = std::make_unique<vigil_engine_t>();
    handle->engine = std::move(engine).value();
    handle->store.store = &handle->engine->store();
    handle->store.borrowed = true;
    *out = handle.release();
    return VIGIL_OK;
  });
}

vigil_code_t vigil_engine_delivery_stats_json(const vigil_engine_t* engine,
                                              char** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    if (vigil_code_t c = CheckEngine(engine, errptr)) return c;
    return vigil::capi::ReturnString(
        vigil::SinkStatsListJson(engine->engine->DeliveryStats()), out, errptr);
  });
}

vigil_code_t vigil_engine_drain(vigil_engine_t* engine, uint32_t timeout_ms,
                                uint64_t* pending, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (pending != nullptr) *pending = 0;
    if (vigil_code_t c = CheckEngine(engine, errptr)) return c;
    vigil::Status s =
        engine->engine->Drain(std::chrono::milliseconds(timeout_ms));
    if (pending != nullptr) {
      for (const vigil::SinkStats& sink : engine->engine->DeliveryStats()) {
        *pending += sink.pending;
      }
    }
    if (!s.ok()) return SetError(errptr, s);
    return VIGIL_OK;
  });
}

void vigil_engine_close(vigil_engine_t* engine) { delete engine; }

vigil_code_t vigil_engine_store(vigil_engine_t* engine, vigil_store_t** store,
                                char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(store, errptr);
    *store = nullptr;
    if (vigil_code_t c = CheckEngine(engine, errptr)) return c;
    *store = &engine->store;
    return VIGIL_OK;
  });
}

vigil_code_t vigil_engine_refresh(vigil_engine_t* engine, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckEngine(engine, errptr)) return c;
    vigil::Status s = engine->engine->Refresh();
    if (!s.ok()) return SetError(errptr, s);
    return VIGIL_OK;
  });
}

vigil_code_t vigil_engine_scan_file(vigil_engine_t* engine, const char* path,
                                    const char* content_id, const char* source,
                                    vigil_scan_t** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    if (vigil_code_t c = CheckEngine(engine, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(path, errptr);
    vigil::ContentRef content{.id = content_id != nullptr ? content_id : path,
                              .source = OrEmpty(source)};
    return DeliverScan(engine->engine->ScanFile(path, content), out, errptr);
  });
}

vigil_code_t vigil_engine_scan_bytes(vigil_engine_t* engine, const void* data,
                                     size_t size, const char* content_id,
                                     const char* source, vigil_scan_t** out,
                                     char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    if (vigil_code_t c = CheckEngine(engine, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(content_id, errptr);
    if (data == nullptr && size != 0) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "data is null but size is " + std::to_string(size));
    }
    std::span<const uint8_t> bytes;
    if (size != 0) bytes = {static_cast<const uint8_t*>(data), size};
    vigil::ContentRef content{.id = content_id, .source = OrEmpty(source)};
    return DeliverScan(engine->engine->ScanBytes(bytes, content), out, errptr);
  });
}

void vigil_scan_destroy(vigil_scan_t* scan) { delete scan; }

vigil_code_t vigil_scan_get_int(const vigil_scan_t* scan,
                                vigil_scan_field_t field, int64_t* out,
                                char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(scan, errptr);
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    const vigil::ScanResult& s = scan->result;
    switch (field) {
      case VIGIL_SCAN_STATUS:
        *out = static_cast<int64_t>(s.status);
        return VIGIL_OK;
      case VIGIL_SCAN_ERROR_CODE:
        *out = static_cast<int64_t>(s.error.code());
        return VIGIL_OK;
      case VIGIL_SCAN_MATCH_COUNT:
        *out = static_cast<int64_t>(s.matches.size());
        return VIGIL_OK;
      case VIGIL_SCAN_CACHED:
        *out = s.cached ? 1 : 0;
        return VIGIL_OK;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "field " + std::to_string(field) +
                        " is not an integer field of a scan");
    }
  });
}

vigil_code_t vigil_scan_get_string(const vigil_scan_t* scan,
                                   vigil_scan_field_t field, const char** out,
                                   char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(scan, errptr);
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    switch (field) {
      case VIGIL_SCAN_STATUS:
        *out = scan->status_name.c_str();
        return VIGIL_OK;
      case VIGIL_SCAN_ERROR_MESSAGE:
        *out = scan->error_message.c_str();
        return VIGIL_OK;
      case VIGIL_SCAN_CONTENT_ID:
        *out = scan->result.content.id.c_str();
        return VIGIL_OK;
      case VIGIL_SCAN_SOURCE:
        *out = scan->result.content.source.c_str();
        return VIGIL_OK;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "field " + std::to_string(field) +
                        " is not a string field of a scan");
    }
  });
}

vigil_code_t vigil_scan_hashes(const vigil_scan_t* scan,
                               const vigil_hashes_t** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(scan, errptr);
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    if (scan->hashes == nullptr) {
      return Fail(errptr, StatusCode::kNotFound,
                  "the input could not be read: no hashes");
    }
    *out = scan->hashes.get();
    return VIGIL_OK;
  });
}

vigil_code_t vigil_scan_match_get_int(const vigil_scan_t* scan, size_t index,
                                      vigil_match_field_t field, int64_t* out,
                                      char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckMatch(scan, index, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    const vigil::ScanMatch& m = scan->result.matches[index];
    switch (field) {
      case VIGIL_MATCH_HASHSET_ID:
        *out = m.match.hashset_id;
        return VIGIL_OK;
      case VIGIL_MATCH_SIGNAL_TYPE:
        *out = static_cast<int64_t>(m.match.signal_type);
        return VIGIL_OK;
      case VIGIL_MATCH_DISTANCE:
        *out = m.match.distance;
        return VIGIL_OK;
      case VIGIL_MATCH_THRESHOLD:
        *out = m.match.threshold;
        return VIGIL_OK;
      case VIGIL_MATCH_QUALITY:
        *out = m.match.quality;
        return VIGIL_OK;
      case VIGIL_MATCH_ACTION:
        *out = static_cast<int64_t>(m.action);
        return VIGIL_OK;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "field " + std::to_string(field) +
                        " is not an integer field of a match");
    }
  });
}

vigil_code_t vigil_scan_match_get_string(const vigil_scan_t* scan, size_t index,
                                         vigil_match_field_t field,
                                         const char** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckMatch(scan, index, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    const vigil::ScanMatch& m = scan->result.matches[index];
    switch (field) {
      case VIGIL_MATCH_HASHSET:
        *out = m.match.hashset.c_str();
        return VIGIL_OK;
      case VIGIL_MATCH_SIGNAL_TYPE:
        *out = scan->signal_type_names[index].c_str();
        return VIGIL_OK;
      case VIGIL_MATCH_HASH:
        *out = m.match.hash.c_str();
        return VIGIL_OK;
      case VIGIL_MATCH_QUERY_HASH:
        *out = m.match.query_hash.c_str();
        return VIGIL_OK;
      case VIGIL_MATCH_VARIANT:
        *out = m.match.variant.c_str();
        return VIGIL_OK;
      case VIGIL_MATCH_EXTERNAL_ID:
        *out = m.match.external_id.c_str();
        return VIGIL_OK;
      case VIGIL_MATCH_CATEGORY:
        *out = m.match.category.c_str();
        return VIGIL_OK;
      case VIGIL_MATCH_ACTION:
        *out = scan->action_names[index].c_str();
        return VIGIL_OK;
      case VIGIL_MATCH_EVENT_ID:
        if (index >= scan->result.event_ids.size()) {
          return Fail(errptr, StatusCode::kNotFound,
                      "no event recorded (read-only engine)");
        }
        *out = scan->result.event_ids[index].c_str();
        return VIGIL_OK;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "field " + std::to_string(field) +
                        " is not a string field of a match");
    }
  });
}

namespace {

vigil_code_t ListEventsInto(const vigil_engine_t* engine, const char* after_id,
                            size_t limit, const char* state,
                            vigil_event_list_t** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    if (vigil_code_t c = CheckEngine(engine, errptr)) return c;
    vigil::Result<std::vector<vigil::OutboxEvent>> events =
        std::vector<vigil::OutboxEvent>();
    if (state == nullptr) {
      events = engine->engine->ListEvents(OrEmpty(after_id), limit);
    } else {
      auto parsed = vigil::ParseEventState(state);
      if (!parsed.ok()) return SetError(errptr, parsed.status());
      events =
          engine->engine->ListEventsInState(OrEmpty(after_id), limit, *parsed);
    }
    if (!events.ok()) return SetError(errptr, events.status());
    auto list = std::make_unique<vigil_event_list_t>();
    list->events = std::move(events).value();
    for (const vigil::OutboxEvent& e : list->events) {
      list->json.push_back(e.event.ToJson());
      list->action_names.push_back(vigil::HashsetActionName(e.event.action));
    }
    *out = list.release();
    return VIGIL_OK;
  });
}

}  // namespace

vigil_code_t vigil_engine_list_events(const vigil_engine_t* engine,
                                      const char* after_id, size_t limit,
                                      vigil_event_list_t** out, char** errptr) {
  return ListEventsInto(engine, after_id, limit, nullptr, out, errptr);
}

vigil_code_t vigil_engine_list_events_in_state(const vigil_engine_t* engine,
                                               const char* after_id,
                                               size_t limit, const char* state,
                                               vigil_event_list_t** out,
                                               char** errptr) {
  if (state == nullptr) {
    return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
      return Fail(errptr, StatusCode::kInvalidArgument, "state is null");
    });
  }
  return ListEventsInto(engine, after_id, limit, state, out, errptr);
}

vigil_code_t vigil_engine_resolve_events(
    vigil_engine_t* engine, const char* const* event_ids, size_t count,
    const char* outcome, const char* reference, const char* reason,
    const char* actor, uint32_t flags, int64_t disable_until_ms,
    size_t* resolved, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckEngine(engine, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(outcome, errptr);
    if (event_ids == nullptr && count != 0) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "event_ids is null but count is " + std::to_string(count));
    }
    std::vector<std::string> ids;
    for (size_t i = 0; i < count; ++i) {
      if (event_ids[i] == nullptr) {
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "event id " + std::to_string(i) + " is null");
      }
      ids.emplace_back(event_ids[i]);
    }
    vigil::EventResolution r;
    auto parsed = vigil::ParseEventOutcome(outcome);
    if (!parsed.ok()) return SetError(errptr, parsed.status());
    r.outcome = *parsed;
    r.reference = OrEmpty(reference);
    r.reason = OrEmpty(reason);
    r.actor = OrEmpty(actor);
    r.amend = (flags & VIGIL_RESOLVE_AMEND) != 0;
    r.disable_entry = (flags & VIGIL_RESOLVE_DISABLE_ENTRY) != 0;
    r.disable_until_ms = disable_until_ms;
    auto events = engine->engine->ResolveEvents(ids, r);
    if (!events.ok()) return SetError(errptr, events.status());
    if (resolved != nullptr) *resolved = events->size();
    return VIGIL_OK;
  });
}

void vigil_event_list_destroy(vigil_event_list_t* list) { delete list; }

size_t vigil_event_list_size(const vigil_event_list_t* list) {
  return list == nullptr ? 0 : list->events.size();
}

vigil_code_t vigil_event_list_get_int(const vigil_event_list_t* list,
                                      size_t index, vigil_event_field_t field,
                                      int64_t* out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckEvent(list, index, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    const vigil::OutboxEvent& e = list->events[index];
    switch (field) {
      case VIGIL_EVENT_ACTION:
        *out = static_cast<int64_t>(e.event.action);
        return VIGIL_OK;
      case VIGIL_EVENT_CREATED_AT_MS:
        *out = e.event.created_at_ms;
        return VIGIL_OK;
      case VIGIL_EVENT_ACKED:
        *out = e.acked ? 1 : 0;
        return VIGIL_OK;
      case VIGIL_EVENT_ACKED_AT_MS:
        *out = e.acked ? e.acked_at_ms : 0;
        return VIGIL_OK;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "field " + std::to_string(field) +
                        " is not an integer field of an event");
    }
  });
}

vigil_code_t vigil_event_list_get_string(const vigil_event_list_t* list,
                                         size_t index,
                                         vigil_event_field_t field,
                                         const char** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckEvent(list, index, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    const vigil::OutboxEvent& e = list->events[index];
    switch (field) {
      case VIGIL_EVENT_ID:
        *out = e.event.event_id.c_str();
        return VIGIL_OK;
      case VIGIL_EVENT_JSON:
        *out = list->json[index].c_str();
        return VIGIL_OK;
      case VIGIL_EVENT_IDEMPOTENCY_KEY:
        *out = e.event.idempotency_key.c_str();
        return VIGIL_OK;
      case VIGIL_EVENT_CONTENT_ID:
        *out = e.event.content.id.c_str();
        return VIGIL_OK;
      case VIGIL_EVENT_HASHSET:
        *out = e.event.match.hashset.c_str();
        return VIGIL_OK;
      case VIGIL_EVENT_ACTION:
        *out = list->action_names[index].c_str();
        return VIGIL_OK;
      case VIGIL_EVENT_ACKED_BY:
        *out = e.acked_by.c_str();
        return VIGIL_OK;
      case VIGIL_EVENT_STATE:
        *out = vigil::EventStateName(e.event.state.current.state);
        return VIGIL_OK;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "field " + std::to_string(field) +
                        " is not a string field of an event");
    }
  });
}

vigil_code_t vigil_engine_ack_events(vigil_engine_t* engine,
                                     const char* const* event_ids, size_t count,
                                     const char* actor, size_t* acked,
                                     char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckEngine(engine, errptr)) return c;
    if (event_ids == nullptr && count != 0) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "event_ids is null but count is " + std::to_string(count));
    }
    std::vector<std::string> ids;
    ids.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      if (event_ids[i] == nullptr) {
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "event id " + std::to_string(i) + " is null");
      }
      ids.emplace_back(event_ids[i]);
    }
    auto n = engine->engine->AckEvents(ids, OrEmpty(actor));
    if (!n.ok()) return SetError(errptr, n.status());
    if (acked != nullptr) *acked = *n;
    return VIGIL_OK;
  });
}

vigil_code_t vigil_scan_get_json(const vigil_scan_t* scan, char** out,
                                 char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    VIGIL_C_REQUIRE_NONNULL(scan, errptr);
    return vigil::capi::ReturnString(vigil::ScanResultJson(scan->result), out,
                                     errptr);
  });
}

vigil_code_t vigil_event_list_get_json(const vigil_event_list_t* list,
                                       char** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    VIGIL_C_REQUIRE_NONNULL(list, errptr);
    return vigil::capi::ReturnString(vigil::OutboxEventsJson(list->events), out,
                                     errptr);
  });
}

}  // extern "C"
