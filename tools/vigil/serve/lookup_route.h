// Copyright 2026 The Vigil Authors.
//
// POST /v1/lookup (scope match): a batch of hashes of any signal type
// matched by Engine::Lookup (docs/service.md). The body is a JSON array of
// {"type": T, "hash": HEX} objects; the reply is
// {"results": [{"hash", "matches", "type"}, ...]} in the request's order,
// each match as ScanMatchJson renders it.
//
// Thread-safety: reentrant; runs on the HTTP library's thread pool.

#ifndef VIGIL_TOOLS_VIGIL_SERVE_LOOKUP_ROUTE_H_
#define VIGIL_TOOLS_VIGIL_SERVE_LOOKUP_ROUTE_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "tools/vigil/serve/metrics.h"
#include "vigil/engine.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace vigil::serve {

// The signals of a lookup body, in order. Errors (kInvalidArgument, answered
// 400 with the message): the body is not a JSON array ("body must be a JSON
// array of ..."), it has more than `max_hashes` elements ("at most N hashes
// per lookup"), or element i is not an object with string fields type and
// hash, names an unknown type or carries a malformed hash ("[i]: ...",
// the first such element). The checks come in that order.
Result<std::vector<Signal>> ParseLookupBody(std::string_view body,
                                            size_t max_hashes);

// The route's handler: parses, looks up, renders, counts in `metrics`.
void HandleLookup(Engine& engine, const httplib::Request& req,
                  httplib::Response& res, Metrics& metrics, size_t max_hashes);

}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_LOOKUP_ROUTE_H_
