// Copyright 2026 The Vigil Authors.

#include "tools/vigil/serve/reply.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace vigil::serve {

void Error(httplib::Response& res, int code, const std::string& message) {
  res.status = code;
  res.set_content(nlohmann::json{{"message", message}}.dump(
                      -1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

int HttpCode(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kUnsupportedFormat:
    case StatusCode::kCorruptInput:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kLimitExceeded:
      return 413;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

void StatusError(httplib::Response& res, const Status& s) {
  res.set_header(kStatusCodeHeader, StatusCodeName(s.code()));
  Error(res, HttpCode(s), std::string(s.message()));
}

void Json(httplib::Response& res, std::string body) {
  res.status = 200;
  res.set_content(std::move(body), "application/json");
}

}  // namespace vigil::serve
