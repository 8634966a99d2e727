// Copyright 2026 The Vigil Authors.
//
// The takedown event shapes of vigil/json.h; docs/events.md is their
// contract.

#include "events/internal/event_json.h"
#include "vigil/json.h"

namespace vigil {
namespace internal {
namespace {

Json EventMatchObject(const EventMatch& match) {
  Json m = {{"hashset", match.hashset},
            {"hashset_id", match.hashset_id},
            {"signal_type", SignalTypeName(match.signal_type)},
            {"distance", match.distance},
            {"threshold", match.threshold},
            {"hash", match.hash},
            {"query_hash", match.query_hash},
            {"external_id", match.external_id},
            {"category", match.category}};
  if (match.quality >= 0) m["quality"] = match.quality;
  if (!match.variant.empty()) m["variant"] = match.variant;
  if (match.video.has_value()) {
    const EventVideoMatch& v = *match.video;
    Json ranges = Json::array();
    for (const auto& [first, last] : v.time_ranges) {
      ranges.push_back({first, last});
    }
    m["video"] = {{"query_frames", v.query_frames},
                  {"query_matched", v.query_matched},
                  {"query_percent", v.query_percent},
                  {"target_frames", v.target_frames},
                  {"target_matched", v.target_matched},
                  {"target_percent", v.target_percent},
                  {"best_timestamp", v.best_timestamp},
                  {"time_ranges", std::move(ranges)}};
    if (!v.region.empty()) m["video"]["region"] = v.region;
  }
  return m;
}

Json StateChangeObject(const EventStateChange& c) {
  return {{"status", EventStateName(c.state)},
          {"outcome", EventOutcomeName(c.outcome)},
          {"reference", c.reference},
          {"reason", c.reason},
          {"actor", c.actor},
          {"at", c.at_ms == 0 ? std::string() : FormatRfc3339(c.at_ms)},
          {"at_ms", c.at_ms}};
}

}  // namespace

Json EventStateObject(const EventLifecycle& state) {
  Json j = StateChangeObject(state.current);
  Json history = Json::array();
  for (const EventStateChange& c : state.history) {
    history.push_back(StateChangeObject(c));
  }
  j["history"] = std::move(history);
  return j;
}

Json TakedownEventObject(const TakedownEvent& event) {
  Json j;
  j["schema"] =
      event.update.has_value() ? kTakedownUpdateSchema : kTakedownEventSchema;
  j["event_id"] = event.event_id;
  j["idempotency_key"] = event.idempotency_key;
  j["created_at"] = FormatRfc3339(event.created_at_ms);
  j["created_at_ms"] = event.created_at_ms;
  const EventContent& c = event.content;
  j["content"] = {
      {"id", c.id},        {"source", c.source}, {"media_type", c.media_type},
      {"bytes", c.bytes},  {"md5", c.md5},       {"sha1", c.sha1},
      {"sha256", c.sha256}};
  j["match"] = EventMatchObject(event.match);
  j["action"] = HashsetActionName(event.action);
  j["state"] = EventStateObject(event.state);
  if (event.update.has_value()) {
    j["update"] = {
        {"takedown_event_id", event.update->takedown_event_id},
        {"takedown_idempotency_key", event.update->takedown_idempotency_key},
        {"previous_status", EventStateName(event.update->previous)}};
  }
  j["engine"] = {{"version", event.engine_version}};
  return j;
}

}  // namespace internal

std::string EventMatchJson(const EventMatch& match) {
  return internal::DumpJson(internal::EventMatchObject(match));
}

std::string TakedownEventJson(const TakedownEvent& event) {
  return internal::DumpJson(internal::TakedownEventObject(event));
}

}  // namespace vigil
