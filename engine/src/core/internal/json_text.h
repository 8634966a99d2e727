// Copyright 2026 The Vigil Authors.
//
// File: core/internal/json_text.h
// The two pieces every part of the JSON renderer (vigil/json.h) shares:
// serialising an object to one line, with bytes that are not UTF-8 escaped
// reversibly (EscapeText), and the
// {"code", "message"} object of a Status. Header-only; modules that include
// it list nlohmann_json among their private dependencies. Never included by
// a public header.

#ifndef VIGIL_CORE_INTERNAL_JSON_TEXT_H_
#define VIGIL_CORE_INTERNAL_JSON_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "vigil/status.h"

namespace vigil::internal {

using Json = nlohmann::json;

// Reversible text of a byte string that may not be valid UTF-8 (a path
// from a Linux file system is any bytes but '/' and NUL), documented in
// docs/events.md ("Text that is not UTF-8"): each byte that is not part of
// a valid UTF-8 sequence becomes U+FFFD followed by its value as two
// uppercase hex digits ("\xff" -> "\uFFFDFF"), and a U+FFFD of the input is
// doubled. Valid UTF-8 without U+FFFD is unchanged. Two different byte
// strings never give the same text, and UnescapeText() restores the bytes.
namespace json_text_detail {

inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i] (i < s.size()), or 0.
inline size_t ValidSequence(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
  const uint8_t c = byte(0);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint8_t lo = 0x80, hi = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c == 0xE0) {
    n = 3, lo = 0xA0;  // no overlong forms
  } else if (c == 0xED) {
    n = 3, hi = 0x9F;  // no surrogates
  } else if (c >= 0xE1 && c <= 0xEF) {
    n = 3;
  } else if (c == 0xF0) {
    n = 4, lo = 0x90;
  } else if (c >= 0xF1 && c <= 0xF3) {
    n = 4;
  } else if (c == 0xF4) {
    n = 4, hi = 0x8F;  // at most U+10FFFF
  } else {
    return 0;
  }
  if (s.size() - i < n || byte(1) < lo || byte(1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
  }
  return n;
}

// Whether EscapeText() would change `s`.
inline bool TextNeedsEscape(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = ValidSequence(s, i);
    if (n == 0 || s.substr(i, n) == kReplacement) return true;
    i += n;
  }
  return false;
}

inline bool NeedsEscape(const nlohmann::json& j) {
  if (j.is_string()) return TextNeedsEscape(j.get_ref<const std::string&>());
  if (j.is_array()) {
    for (const auto& v : j) {
      if (NeedsEscape(v)) return true;
    }
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (TextNeedsEscape(it.key()) || NeedsEscape(it.value())) return true;
    }
  }
  return false;
}

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace json_text_detail

inline std::string EscapeText(std::string_view s) {
  using json_text_detail::kReplacement;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = json_text_detail::ValidSequence(s, i);
    if (n == 0) {
      const auto b = static_cast<uint8_t>(s[i]);
      out += kReplacement;
      out += kHex[b >> 4];
      out += kHex[b & 15];
      ++i;
      continue;
    }
    if (s.substr(i, n) == kReplacement) out += kReplacement;
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

// The inverse of EscapeText(). A U+FFFD followed by neither U+FFFD nor two
// uppercase hex digits (text not made by EscapeText) is kept as it is.
inline std::string UnescapeText(std::string_view s) {
  using json_text_detail::HexValue;
  using json_text_detail::kReplacement;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s.substr(i, 3) != kReplacement) {
      out += s[i++];
      continue;
    }
    i += 3;
    if (s.substr(i, 3) == kReplacement) {
      out += kReplacement;
      i += 3;
    } else if (s.size() - i >= 2 && HexValue(s[i]) >= 0 &&
               HexValue(s[i + 1]) >= 0) {
      out += static_cast<char>(HexValue(s[i]) * 16 + HexValue(s[i + 1]));
      i += 2;
    } else {
      out += kReplacement;
    }
  }
  return out;
}

// Applies EscapeText() to every string (and object key) of `j`.
inline Json EscapeStrings(const Json& j) {
  if (j.is_string()) return EscapeText(j.get_ref<const std::string&>());
  if (j.is_array()) {
    Json out = Json::array();
    for (const auto& v : j) out.push_back(EscapeStrings(v));
    return out;
  }
  if (j.is_object()) {
    Json out = Json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
      out[EscapeText(it.key())] = EscapeStrings(it.value());
    }
    return out;
  }
  return j;
}

// Applies UnescapeText() to every string (and object key) of `j`, for JSON
// written by DumpJson(). Strings without U+FFFD are left as they are.
inline void UnescapeStrings(Json* j) {
  using json_text_detail::kReplacement;
  if (j->is_string()) {
    std::string& s = j->get_ref<std::string&>();
    if (s.find(kReplacement) != std::string::npos) s = UnescapeText(s);
  } else if (j->is_array()) {
    for (auto& v : *j) UnescapeStrings(&v);
  } else if (j->is_object()) {
    bool keys = false;
    for (auto it = j->begin(); it != j->end(); ++it) {
      keys |= it.key().find(kReplacement) != std::string::npos;
      UnescapeStrings(&it.value());
    }
    if (keys) {
      Json out = Json::object();
      for (auto it = j->begin(); it != j->end(); ++it) {
        out[UnescapeText(it.key())] = std::move(it.value());
      }
      *j = std::move(out);
    }
  }
}

// One line of compact JSON. Strings that are not valid UTF-8 (or hold
// U+FFFD) are written in EscapeText()'s reversible form.
inline std::string DumpJson(const Json& j) {
  if (json_text_detail::NeedsEscape(j)) {
    return EscapeStrings(j).dump(-1, ' ', false,
                                 Json::error_handler_t::replace);
  }
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// {"code": "not_found", "message": "..."}.
inline Json StatusJson(const Status& s) {
  return {{"code", StatusCodeName(s.code())}, {"message", s.message()}};
}

}  // namespace vigil::internal

#endif  // VIGIL_CORE_INTERNAL_JSON_TEXT_H_
