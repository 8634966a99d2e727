// Copyright 2026 The Vigil Authors.
//
// File: core/internal/json_record.h
// Reading the JSON records the engine keeps in its store (outbox acks and
// dead letters, change-log records, token records, ...). The engine wrote
// them itself, but a damaged or tampered store can hold anything there: a
// record that is not an object, or a field of the wrong type or out of
// range, is corrupt_input with a message saying which record and field,
// never an exception (nlohmann's value()/get() throw type_error on a
// field of the wrong type, and cast floats and wide integers unchecked).
// Header-only; modules that include it list nlohmann_json among their
// private dependencies. Never included by a public header.
//
//   VIGIL_ASSIGN_OR_RETURN(Json j, ParseRecord(value, "ack record"));
//   VIGIL_RETURN_IF_ERROR(ReadField(j, "at_ms", &ack.at_ms, "ack record"));

#ifndef VIGIL_CORE_INTERNAL_JSON_RECORD_H_
#define VIGIL_CORE_INTERNAL_JSON_RECORD_H_

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "vigil/result.h"
#include "vigil/status.h"

namespace vigil::internal {

// Whether `j` is an integer (not a float) that fits T; if so, writes it to
// *out.
template <typename T>
bool JsonInteger(const nlohmann::json& j, T* out) {
  if (j.is_number_unsigned()) {
    const uint64_t v = j.get<uint64_t>();
    if (v > uint64_t(std::numeric_limits<T>::max())) return false;
    *out = static_cast<T>(v);
    return true;
  }
  if (j.is_number_integer()) {
    const int64_t v = j.get<int64_t>();
    if (v < 0 && !std::numeric_limits<T>::is_signed) return false;
    if (v < int64_t(std::numeric_limits<T>::min()) ||
        (v > 0 && uint64_t(v) > uint64_t(std::numeric_limits<T>::max()))) {
      return false;
    }
    *out = static_cast<T>(v);
    return true;
  }
  return false;
}

// `text` as a JSON object. Error: kCorruptInput "`what` is not a JSON
// object".
inline Result<nlohmann::json> ParseRecord(std::string_view text,
                                          std::string_view what) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return CorruptInputError(std::string(what) + " is not a JSON object");
  }
  return j;
}

namespace json_record_detail {

inline Status BadField(std::string_view what, const char* key,
                       const char* kind) {
  return CorruptInputError(std::string(what) + ": field '" + key + "' is not " +
                           kind);
}

inline bool Read(const nlohmann::json& j, std::string* out) {
  if (!j.is_string()) return false;
  *out = j.get<std::string>();
  return true;
}

inline bool Read(const nlohmann::json& j, std::vector<std::string>* out) {
  if (!j.is_array()) return false;
  std::vector<std::string> v;
  for (const nlohmann::json& s : j) {
    if (!s.is_string()) return false;
    v.push_back(s.get<std::string>());
  }
  *out = std::move(v);
  return true;
}

template <typename T>
bool Read(const nlohmann::json& j, T* out) {
  return JsonInteger(j, out);
}

template <typename T>
constexpr const char* Kind() {
  if constexpr (std::is_same_v<T, std::string>) {
    return "a string";
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    return "a list of strings";
  } else {
    return std::is_signed_v<T> ? "an integer in range"
                               : "a non-negative integer in range";
  }
}

}  // namespace json_record_detail

// The optional field `key` of the object `j` (REQUIRES: j.is_object()):
// absent, *out is left as it is; present, it must be of T's kind (a string,
// a list of strings, or an integer that fits T). Error: kCorruptInput
// "`what`: field 'KEY' is not ...".
template <typename T>
Status ReadField(const nlohmann::json& j, const char* key, T* out,
                 std::string_view what) {
  auto it = j.find(key);
  if (it == j.end()) return Status::OK();
  if (!json_record_detail::Read(*it, out)) {
    return json_record_detail::BadField(what, key,
                                        json_record_detail::Kind<T>());
  }
  return Status::OK();
}

}  // namespace vigil::internal

#endif  // VIGIL_CORE_INTERNAL_JSON_RECORD_H_
