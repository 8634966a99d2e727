// Copyright 2026 The Vigil Authors.

#include "tools/vigil/serve/lookup_route.h"

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "tools/vigil/serve/reply.h"
#include "vigil/json.h"
#include "vigil/status_macros.h"

namespace vigil::serve {
namespace {

constexpr char kNotAnArray[] =
    "body must be a JSON array of {\"type\", \"hash\"} objects";

// One element of a lookup body: its type and hash text.
struct Query {
  std::string_view type;
  std::string_view hash;
};

// Reads the common form of a lookup body without building a JSON document
// (the document's allocations were most of the route's parsing cost): an
// array of objects with exactly the members "type" and "hash", each a
// string of printable ASCII without escapes, with JSON whitespace anywhere
// between tokens. Such a body is valid JSON and these are its values, as
// nlohmann::json reads them. Anything else (escapes, other members or
// value types, non-ASCII bytes, any syntax error) gives nullopt, and the
// caller parses the body as a JSON document: every such body gets exactly
// the answer it got before.
class SimpleBody {
 public:
  explicit SimpleBody(std::string_view s) : s_(s) {}

  std::optional<std::vector<Query>> Read() {
    std::vector<Query> out;
    Space();
    if (!Take('[')) return std::nullopt;
    Space();
    if (Take(']')) return End() ? std::optional(std::move(out)) : std::nullopt;
    while (true) {
      Query q;
      if (!Take('{') || !Member(&q) || !Take(',') || !Member(&q) ||
          !Take('}') || q.type.data() == nullptr || q.hash.data() == nullptr) {
        return std::nullopt;
      }
      out.push_back(q);
      Space();
      if (Take(']')) break;
      if (!Take(',')) return std::nullopt;
      Space();
    }
    if (!End()) return std::nullopt;
    return out;
  }

 private:
  void Space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' ||
                              s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }
  bool Take(char c) {
    if (i_ >= s_.size() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  bool End() {
    Space();
    return i_ == s_.size();
  }
  // A string of printable ASCII other than '"' and '\\'.
  bool String(std::string_view* out) {
    if (!Take('"')) return false;
    const size_t start = i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c < 0x20 || c > 0x7e || c == '\\') return false;
      ++i_;
    }
    if (i_ >= s_.size()) return false;
    *out = s_.substr(start, i_ - start);
    ++i_;
    return true;
  }
  // `"type": "..."` or `"hash": "..."` (each once), with the space around.
  bool Member(Query* q) {
    std::string_view key, value;
    Space();
    if (!String(&key)) return false;
    Space();
    if (!Take(':')) return false;
    Space();
    if (!String(&value)) return false;
    Space();
    std::string_view* field = key == "type"   ? &q->type
                              : key == "hash" ? &q->hash
                                              : nullptr;
    if (field == nullptr || field->data() != nullptr) return false;
    *field = value;
    return true;
  }

  const std::string_view s_;
  size_t i_ = 0;
};

std::string Where(size_t i) { return "[" + std::to_string(i) + "]: "; }

Result<Signal> ParseQuery(size_t i, std::string_view type_name,
                          std::string_view hash) {
  auto type = ParseSignalType(type_name);
  if (!type.ok()) {
    return InvalidArgumentError(Where(i) +
                                std::string(type.status().message()));
  }
  auto signal = ParseSignal(*type, hash);
  if (!signal.ok()) {
    return InvalidArgumentError(Where(i) +
                                std::string(signal.status().message()));
  }
  return signal;
}

Status TooMany(size_t max_hashes) {
  return InvalidArgumentError("at most " + std::to_string(max_hashes) +
                              " hashes per lookup");
}

// Any other body, through a JSON document.
Result<std::vector<Signal>> ParseDocument(std::string_view body,
                                          size_t max_hashes) {
  nlohmann::json in = nlohmann::json::parse(body, nullptr, false);
  if (in.is_discarded() || !in.is_array()) {
    return InvalidArgumentError(kNotAnArray);
  }
  if (in.size() > max_hashes) return TooMany(max_hashes);
  std::vector<Signal> signals;
  signals.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const nlohmann::json& q = in[i];
    if (!q.is_object() || !q.contains("type") || !q.contains("hash") ||
        !q["type"].is_string() || !q["hash"].is_string()) {
      return InvalidArgumentError(Where(i) +
                                  "needs string fields type and hash");
    }
    VIGIL_ASSIGN_OR_RETURN(
        Signal signal, ParseQuery(i, q["type"].get_ref<const std::string&>(),
                                  q["hash"].get_ref<const std::string&>()));
    signals.push_back(std::move(signal));
  }
  return signals;
}

}  // namespace

Result<std::vector<Signal>> ParseLookupBody(std::string_view body,
                                            size_t max_hashes) {
  std::optional<std::vector<Query>> simple = SimpleBody(body).Read();
  if (!simple.has_value()) return ParseDocument(body, max_hashes);
  if (simple->size() > max_hashes) return TooMany(max_hashes);
  std::vector<Signal> signals;
  signals.reserve(simple->size());
  for (size_t i = 0; i < simple->size(); ++i) {
    VIGIL_ASSIGN_OR_RETURN(Signal signal,
                           ParseQuery(i, (*simple)[i].type, (*simple)[i].hash));
    signals.push_back(std::move(signal));
  }
  return signals;
}

void HandleLookup(Engine& engine, const httplib::Request& req,
                  httplib::Response& res, Metrics& metrics, size_t max_hashes) {
  if (!JsonContentType(req, res)) return;
  Result<std::vector<Signal>> signals = ParseLookupBody(req.body, max_hashes);
  if (!signals.ok()) {
    return Error(res, 400, std::string(signals.status().message()));
  }
  auto results = engine.Lookup(*signals);
  if (!results.ok()) return StatusError(res, results.status());
  std::string out = "{\"results\":[";
  uint64_t matches = 0;
  for (size_t i = 0; i < signals->size(); ++i) {
    const Signal& signal = (*signals)[i];
    if (i > 0) out += ',';
    out += "{\"hash\":\"";
    out += signal.ToHex();
    out += "\",\"matches\":[";
    const std::vector<ScanMatch>& m = (*results)[i];
    for (size_t j = 0; j < m.size(); ++j) {
      if (j > 0) out += ',';
      out += ScanMatchJson(m[j]);
    }
    matches += m.size();
    out += "],\"type\":\"";
    out += SignalTypeName(signal.type);
    out += "\"}";
  }
  out += "]}";
  metrics.Matched(*results, "lookup");
  metrics.LookedUp(signals->size(), matches);
  Json(res, std::move(out));
}

}  // namespace vigil::serve
