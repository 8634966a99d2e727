// Copyright 2026 The Vigil Authors.
//
// Replies of the HTTP service, shared by its route files (service.cc,
// curation_routes.cc, ...): the error shape, the status-to-HTTP mapping and
// JSON bodies. One place, so every route answers errors alike.

#ifndef VIGIL_TOOLS_VIGIL_SERVE_REPLY_H_
#define VIGIL_TOOLS_VIGIL_SERVE_REPLY_H_

#include <string>

#include "vigil/status.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace vigil::serve {

// The response header naming the vigil::StatusCode of an error reply
// (StatusCodeName, e.g. "not_found"), so that `vigil --server` reports the
// same error as the local command. The body keeps HMA's shape.
inline constexpr char kStatusCodeHeader[] = "Vigil-Status";

// The HMA error shape: `code` and {"message": "..."}.
void Error(httplib::Response& res, int code, const std::string& message);

// The HTTP status of an engine error: 400 malformed input, 404, 409, 413,
// 403, 503, else 500.
int HttpCode(const Status& s);

// Error() with HttpCode(s) and s's message; sets kStatusCodeHeader.
void StatusError(httplib::Response& res, const Status& s);

// The JSON routes take application/json (or +json), no type, or what
// `curl -d` sends (application/x-www-form-urlencoded; the body is still
// parsed as JSON). False, with a 415 reply, for any other type.
bool JsonContentType(const httplib::Request& req, httplib::Response& res);

// 200 with a JSON body.
void Json(httplib::Response& res, std::string body);

}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_REPLY_H_
