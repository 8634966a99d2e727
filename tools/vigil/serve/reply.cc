// Copyright 2026 The Vigil Authors.

#include "tools/vigil/serve/reply.h"

#include <httplib.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

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

bool JsonContentType(const httplib::Request& req, httplib::Response& res) {
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(c));
  if (type.empty() || type == "application/json" ||
      type == "application/x-www-form-urlencoded" ||
      (type.size() > 5 && type.ends_with("+json"))) {
    return true;
  }
  Error(res, 415, "Content-Type must be application/json, got '" + type + "'");
  return false;
}

}  // namespace vigil::serve
