// Copyright 2026 The Vigil Authors.
//
// POST /v1/events/resolve (scope events): Engine::ResolveEvents over HTTP
// (docs/service.md, docs/events.md "Event lifecycle").
//
// Thread-safety: reentrant; runs on the HTTP library's thread pool.

#ifndef VIGIL_TOOLS_VIGIL_SERVE_EVENTS_RESOLVE_H_
#define VIGIL_TOOLS_VIGIL_SERVE_EVENTS_RESOLVE_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "vigil/engine.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace vigil::serve {

// The "ids" array of a request body (POST /v1/events/ack and
// /v1/events/resolve) into `ids`; false (and a 400) when one is not a
// string. The caller has checked that in["ids"] is an array.
bool ReadEventIds(const nlohmann::json& in, httplib::Response& res,
                  std::vector<std::string>* ids);

// Body {"ids": [...], "outcome": "removed|blocked|reported|false_positive",
// "reference", "reason", "amend": bool, "disable_entry": bool,
// "disable_until": Unix seconds}; the actor is the token's name. Reply
// {"events": [each event with its new state]}; 400 malformed body or
// request (ValidateEventResolution), 404 unknown id, 409 an event resolved
// already without "amend" (nothing is resolved then).
void HandleResolveEvents(Engine& engine, const httplib::Request& req,
                         httplib::Response& res, const std::string& actor);

}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_EVENTS_RESOLVE_H_
