// Copyright 2026 The Vigil Authors.
//
// File: core/internal/json_text.h
// The two pieces every part of the JSON renderer (vigil/json.h) shares:
// serialising an object to one line, with invalid UTF-8 replaced, and the
// {"code", "message"} object of a Status. Header-only; modules that include
// it list nlohmann_json among their private dependencies. Never included by
// a public header.

#ifndef VIGIL_CORE_INTERNAL_JSON_TEXT_H_
#define VIGIL_CORE_INTERNAL_JSON_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "vigil/status.h"

namespace vigil::internal {

using Json = nlohmann::json;

// One line of compact JSON; bytes that are not valid UTF-8 become U+FFFD.
inline std::string DumpJson(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// {"code": "not_found", "message": "..."}.
inline Json StatusJson(const Status& s) {
  return {{"code", StatusCodeName(s.code())}, {"message", s.message()}};
}

}  // namespace vigil::internal

#endif  // VIGIL_CORE_INTERNAL_JSON_TEXT_H_
