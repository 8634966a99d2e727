// Copyright 2026 The Vigil Authors.

#include "tools/vigil/serve/events_resolve.h"

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tools/vigil/serve/reply.h"
#include "vigil/json.h"

namespace vigil::serve {
namespace {

using JsonValue = nlohmann::json;

}  // namespace

bool ReadEventIds(const nlohmann::json& in, httplib::Response& res,
                  std::vector<std::string>* ids) {
  for (const JsonValue& id : in["ids"]) {
    if (!id.is_string()) {
      Error(res, 400, "event ids must be strings");
      return false;
    }
    ids->push_back(id.get<std::string>());
  }
  return true;
}

void HandleResolveEvents(Engine& engine, const httplib::Request& req,
                         httplib::Response& res, const std::string& actor) {
  if (!JsonContentType(req, res)) return;
  JsonValue in = JsonValue::parse(req.body, nullptr, false);
  if (in.is_discarded() || !in.is_object() || !in.contains("ids") ||
      !in["ids"].is_array() || !in.contains("outcome") ||
      !in["outcome"].is_string()) {
    return Error(res, 400,
                 "body must be {\"ids\": [event ids], \"outcome\": ...}");
  }
  std::vector<std::string> ids;
  if (!ReadEventIds(in, res, &ids)) return;
  EventResolution r;
  Result<EventOutcome> outcome =
      ParseEventOutcome(in["outcome"].get<std::string>());
  if (!outcome.ok())
    return Error(res, 400, std::string(outcome.status().message()));
  r.outcome = *outcome;
  for (auto [key, field] :
       {std::pair{"reference", &r.reference}, std::pair{"reason", &r.reason}}) {
    if (!in.contains(key)) continue;
    if (!in[key].is_string()) {
      return Error(res, 400, std::string(key) + " must be a string");
    }
    *field = in[key].get<std::string>();
  }
  for (auto [key, field] : {std::pair{"amend", &r.amend},
                            std::pair{"disable_entry", &r.disable_entry}}) {
    if (!in.contains(key)) continue;
    if (!in[key].is_boolean()) {
      return Error(res, 400, std::string(key) + " must be true or false");
    }
    *field = in[key].get<bool>();
  }
  if (in.contains("disable_until")) {
    const JsonValue& until = in["disable_until"];
    if (!until.is_number_unsigned() || until.get<uint64_t>() > uint64_t{1}
                                                                   << 40) {
      return Error(res, 400, "disable_until must be Unix seconds");
    }
    r.disable_until_ms = static_cast<int64_t>(until.get<uint64_t>()) * 1000;
  }
  r.actor = actor;
  Result<std::vector<TakedownEvent>> events = engine.ResolveEvents(ids, r);
  if (!events.ok()) {
    // Resolved already: a conflict with the stored state (409), not 500.
    if (events.status().code() == StatusCode::kFailedPrecondition) {
      return Error(res, 409, std::string(events.status().message()));
    }
    return StatusError(res, events.status());
  }
  std::string body = "{\"events\":[";
  for (size_t i = 0; i < events->size(); ++i) {
    if (i > 0) body += ',';
    body += TakedownEventJson((*events)[i]);
  }
  body += "]}";
  Json(res, std::move(body));
}

}  // namespace vigil::serve
