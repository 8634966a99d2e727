// Copyright 2026 The Vigil Authors.

#include "vigil/event.h"

#include <sys/random.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/internal/json_text.h"
#include "core/internal/sha256.h"
#include "events/internal/event_json.h"
#include "vigil/hex.h"
#include "vigil/json.h"
#include "vigil/status_macros.h"

namespace vigil {
namespace {

struct NotAnInteger {};

// An integer field, checked: nlohmann's get<T>() casts a float (undefined
// behaviour out of range) or a wider integer (wraps). Throws NotAnInteger.
template <typename T>
T Integer(const nlohmann::json& j) {
  if (j.is_number_unsigned()) {
    const uint64_t v = j.get<uint64_t>();
    if (v > uint64_t(std::numeric_limits<T>::max())) throw NotAnInteger{};
    return static_cast<T>(v);
  }
  if (j.is_number_integer()) {
    const int64_t v = j.get<int64_t>();
    if (v < 0 && !std::numeric_limits<T>::is_signed) throw NotAnInteger{};
    if (v < int64_t(std::numeric_limits<T>::min()) ||
        (v > 0 && uint64_t(v) > uint64_t(std::numeric_limits<T>::max()))) {
      throw NotAnInteger{};
    }
    return static_cast<T>(v);
  }
  throw NotAnInteger{};
}

using Json = nlohmann::json;

std::string VariantOrEmpty(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

Result<EventStateChange> ParseStateChange(const Json& j) {
  try {
    EventStateChange c;
    Result<EventState> state =
        ParseEventState(j.at("status").get<std::string>());
    if (!state.ok()) return CorruptInputError(state.status().message());
    c.state = *state;
    const std::string outcome = j.at("outcome").get<std::string>();
    if (!outcome.empty()) {
      Result<EventOutcome> o = ParseEventOutcome(outcome);
      if (!o.ok()) return CorruptInputError(o.status().message());
      c.outcome = *o;
    }
    c.reference = j.value("reference", "");
    c.reason = j.value("reason", "");
    c.actor = j.value("actor", "");
    if (j.contains("at_ms")) c.at_ms = Integer<int64_t>(j.at("at_ms"));
    return c;
  } catch (const Json::exception& ex) {
    return CorruptInputError(std::string("event state: ") + ex.what());
  } catch (const NotAnInteger&) {
    return CorruptInputError("event state: at_ms is not an integer");
  }
}

}  // namespace

namespace internal {

Result<EventLifecycle> ParseEventStateObject(const Json& j) {
  if (!j.is_object()) return CorruptInputError("event state is no object");
  EventLifecycle state;
  VIGIL_ASSIGN_OR_RETURN(state.current, ParseStateChange(j));
  auto history = j.find("history");
  if (history != j.end() && history->is_array()) {
    for (const Json& h : *history) {
      VIGIL_ASSIGN_OR_RETURN(EventStateChange c, ParseStateChange(h));
      state.history.push_back(std::move(c));
    }
  }
  return state;
}

}  // namespace internal

int64_t UnixMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string TakedownEvent::ToJson() const { return TakedownEventJson(*this); }

Result<TakedownEvent> TakedownEvent::FromJson(std::string_view text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return CorruptInputError("event is not a JSON object");
  }
  // Text that is not UTF-8 (a path) was escaped reversibly: restore it.
  internal::UnescapeStrings(&j);
  // (A schema that is not a string is a wrong schema, not an exception.)
  const auto schema_it = j.find("schema");
  const std::string schema = schema_it != j.end() && schema_it->is_string()
                                 ? schema_it->get<std::string>()
                                 : std::string();
  if (schema != kTakedownEventSchema && schema != kTakedownUpdateSchema) {
    return CorruptInputError("event schema is not " +
                             std::string(kTakedownEventSchema) + " or " +
                             std::string(kTakedownUpdateSchema));
  }
  try {
    TakedownEvent e;
    e.event_id = j.at("event_id").get<std::string>();
    e.idempotency_key = j.at("idempotency_key").get<std::string>();
    e.created_at_ms = Integer<int64_t>(j.at("created_at_ms"));
    const Json& c = j.at("content");
    e.content.id = c.at("id").get<std::string>();
    e.content.source = c.at("source").get<std::string>();
    e.content.media_type = c.at("media_type").get<std::string>();
    e.content.bytes = Integer<uint64_t>(c.at("bytes"));
    e.content.md5 = c.at("md5").get<std::string>();
    e.content.sha1 = c.at("sha1").get<std::string>();
    e.content.sha256 = c.at("sha256").get<std::string>();
    const Json& m = j.at("match");
    e.match.hashset = m.at("hashset").get<std::string>();
    e.match.hashset_id = Integer<uint32_t>(m.at("hashset_id"));
    Result<SignalType> type =
        ParseSignalType(m.at("signal_type").get<std::string>());
    if (!type.ok()) return CorruptInputError(type.status().message());
    e.match.signal_type = *type;
    e.match.distance = Integer<int>(m.at("distance"));
    e.match.threshold = Integer<int>(m.at("threshold"));
    e.match.hash = m.at("hash").get<std::string>();
    e.match.query_hash = m.at("query_hash").get<std::string>();
    e.match.quality =
        m.contains("quality") ? Integer<int>(m.at("quality")) : -1;
    e.match.variant = VariantOrEmpty(m, "variant");
    e.match.external_id = m.at("external_id").get<std::string>();
    e.match.category = m.at("category").get<std::string>();
    if (m.contains("video")) {
      const Json& v = m.at("video");
      EventVideoMatch video;
      video.query_frames = Integer<int>(v.at("query_frames"));
      video.query_matched = Integer<int>(v.at("query_matched"));
      video.query_percent = v.at("query_percent").get<double>();
      video.target_frames = Integer<int>(v.at("target_frames"));
      video.target_matched = Integer<int>(v.at("target_matched"));
      video.target_percent = v.at("target_percent").get<double>();
      video.best_timestamp = v.at("best_timestamp").get<double>();
      for (const Json& r : v.at("time_ranges")) {
        video.time_ranges.emplace_back(r.at(0).get<double>(),
                                       r.at(1).get<double>());
      }
      if (v.contains("region")) {
        video.region = v.at("region").get<std::string>();
      }
      e.match.video = std::move(video);
    }
    Result<HashsetAction> action =
        ParseHashsetAction(j.at("action").get<std::string>());
    if (!action.ok()) return CorruptInputError(action.status().message());
    e.action = *action;
    e.engine_version = j.at("engine").at("version").get<std::string>();
    if (j.contains("state")) {
      VIGIL_ASSIGN_OR_RETURN(e.state,
                             internal::ParseEventStateObject(j.at("state")));
    }
    if (schema == kTakedownUpdateSchema) {
      const Json& u = j.at("update");
      EventUpdate update;
      update.takedown_event_id = u.at("takedown_event_id").get<std::string>();
      update.takedown_idempotency_key =
          u.at("takedown_idempotency_key").get<std::string>();
      Result<EventState> previous =
          ParseEventState(u.at("previous_status").get<std::string>());
      if (!previous.ok()) return CorruptInputError(previous.status().message());
      update.previous = *previous;
      e.update = std::move(update);
    }
    return e;
  } catch (const Json::exception& ex) {
    return CorruptInputError(std::string("event: ") + ex.what());
  } catch (const NotAnInteger&) {
    return CorruptInputError("event: a count or id is not an integer in range");
  }
}

std::string IdempotencyKey(std::string_view content_id,
                           std::string_view content_sha256,
                           std::string_view hashset, SignalType entry_type,
                           std::string_view entry_hash_hex) {
  // Fields are length-prefixed so that no two field lists hash alike.
  std::string material = "vigil-takedown-v1";
  for (std::string_view field :
       {content_id, content_sha256, hashset,
        std::string_view(SignalTypeName(entry_type)), entry_hash_hex}) {
    material += std::to_string(field.size());
    material += ':';
    material.append(field);
  }
  const internal::Sha256Digest digest = internal::Sha256(material);
  return HexEncode(std::span<const uint8_t>(digest.data(), 16));
}

std::string UpdateIdempotencyKey(std::string_view takedown_event_id, size_t n) {
  return IdempotencyKey(takedown_event_id, "update", std::to_string(n),
                        SignalType::kMd5, "");
}

std::string NewEventId(int64_t unix_ms) {
  // 48-bit time, version 7, 12-bit sequence (rand_a), variant, 62 random
  // bits (rand_b). The sequence makes ids of one process monotonic within a
  // millisecond (RFC 9562 section 6.2, method 1).
  static std::mutex mu;
  static int64_t last_ms = -1;
  static uint32_t seq = 0;
  uint64_t ms = static_cast<uint64_t>(unix_ms);
  uint32_t s;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (unix_ms <= last_ms) {
      ms = static_cast<uint64_t>(last_ms);
      if (++seq > 0xfff) {  // counter overflow: borrow the next millisecond
        ms = static_cast<uint64_t>(++last_ms);
        seq = 0;
      }
    } else {
      last_ms = unix_ms;
      seq = 0;
    }
    s = seq;
  }
  uint8_t b[16];
  uint64_t random[1] = {0};
  if (getrandom(random, sizeof(random), 0) != sizeof(random)) {
    random[0] = static_cast<uint64_t>(
        std::chrono::steady_clock::now().time_since_epoch().count());
  }
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<uint8_t>(0x70 | ((s >> 8) & 0x0f));
  b[7] = static_cast<uint8_t>(s & 0xff);
  for (int i = 0; i < 8; ++i)
    b[8 + i] = static_cast<uint8_t>(random[0] >> (8 * i));
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3f));
  std::string hex = HexEncode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) +
         "-" + hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace vigil
