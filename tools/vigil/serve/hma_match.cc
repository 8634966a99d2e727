// Copyright 2026 The Vigil Authors.
//
// HMA's matching blueprint (/m): raw_lookup, lookup (GET and POST),
// compare, index/status. Lookups go through Engine::Lookup (the live
// indexes: every set's threshold and minimum quality apply); a match is
// reported with the bank content ids naming the matched entry
// (vigil/bank_content.h), 0 for an entry that has none (added by an import,
// the CLI or /v1).

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <sstream>

#include "tools/vigil/serve/hma_routes.h"
#include "vigil/status_macros.h"

namespace vigil::serve::hma {
namespace {

// One matched entry: its bank, distance and the contents naming it.
struct Found {
  std::string bank;
  int distance = 0;
  std::vector<uint64_t> ids;  // {0} when no content names it
};

// HMA's str_to_bool; false (and a 400) when malformed.
bool BoolParam(const httplib::Request& req, httplib::Response& res,
               const char* name, bool* value) {
  if (!req.has_param(name)) return true;
  const std::string v = req.get_param_value(name);
  if (v == "true" || v == "True" || v == "1") {
    *value = true;
  } else if (v == "false" || v == "False" || v == "0") {
    *value = false;
  } else {
    Error(res, 400, "invalid boolean parameter - prefer true/false");
    return false;
  }
  return true;
}

// ?banks=A,B as a set; nullopt when absent.
std::optional<std::set<std::string>> BanksParam(const httplib::Request& req) {
  if (!req.has_param("banks") || req.get_param_value("banks").empty()) {
    return std::nullopt;
  }
  std::set<std::string> banks;
  std::stringstream list(req.get_param_value("banks"));
  std::string name;
  while (std::getline(list, name, ',')) banks.insert(name);
  return banks;
}

// ?signal_type= and ?signal= as a Signal (quality unknown); false (and a
// 400 in HMA's words) when missing or malformed.
bool SignalParams(const httplib::Request& req, httplib::Response& res,
                  Signal* signal) {
  for (const char* name : {"signal", "signal_type"}) {
    if (!req.has_param(name)) {
      Error(res, 400, std::string(name) + " is required");
      return false;
    }
  }
  const std::string type_name = req.get_param_value("signal_type");
  auto type = ParseSignalTypeName(type_name);
  if (!type.ok()) {
    Error(res, 400, "No such SignalType '" + type_name + "'");
    return false;
  }
  auto parsed = ParseSignal(*type, req.get_param_value("signal"));
  if (!parsed.ok()) {
    Error(res, 400,
          "invalid signal: " + std::string(parsed.status().message()));
    return false;
  }
  *signal = std::move(*parsed);
  return true;
}

// The matches of `signals`, per signal; with `enabled_only` (HMA's
// /m/lookup) the contents disabled by disable_until_ts are left out, and
// an entry named only by disabled contents with them.
Result<std::vector<std::vector<Found>>> Find(
    Engine& engine, std::span<const Signal> signals,
    const std::optional<std::set<std::string>>& banks, bool enabled_only) {
  VIGIL_ASSIGN_OR_RETURN(auto matches, engine.Lookup(signals));
  const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  std::vector<std::vector<Found>> out(signals.size());
  for (size_t i = 0; i < signals.size(); ++i) {
    for (const ScanMatch& m : matches[i]) {
      if (banks && banks->count(m.match.hashset) == 0) continue;
      Found f{m.match.hashset, m.match.distance, {}};
      auto stored = ParseSignal(m.match.signal_type, m.match.hash);
      if (!stored.ok()) return stored.status();
      VIGIL_ASSIGN_OR_RETURN(
          std::vector<uint64_t> ids,
          BankContentIds(engine.store(), m.match.hashset_id, *stored));
      for (uint64_t id : ids) {
        if (enabled_only) {
          auto content = GetBankContent(engine.store(), id);
          if (!content.ok() || !content->EnabledAt(now_s)) continue;
        }
        f.ids.push_back(id);
      }
      if (ids.empty()) f.ids.push_back(0);
      if (f.ids.empty()) continue;  // only disabled contents name it
      out[i].push_back(std::move(f));
    }
  }
  return out;
}

// HMA's TMatchByBank: {"BANK": [{"bank_content_id", "distance"}...]}.
nlohmann::json ByBank(const std::vector<Found>& found) {
  nlohmann::json out = nlohmann::json::object();
  for (const Found& f : found) {
    for (uint64_t id : f.ids) out[f.bank].push_back(MatchJson(id, f.distance));
  }
  return out;
}

// {"pdq": {by bank}, "md5": {...}} for the hashes of uploaded media.
void LookupMedia(Engine& engine, const httplib::Request& req,
                 httplib::Response& res, const Media& media) {
  std::vector<Signal> signals;
  if (!HashForLookup(req, res, media, &signals)) return;
  auto found = Find(engine, signals, BanksParam(req), true);
  if (!found.ok()) return StatusError(res, found.status());
  nlohmann::json out = nlohmann::json::object();
  for (size_t i = 0; i < signals.size(); ++i) {
    out[SignalTypeName(signals[i].type)] = ByBank((*found)[i]);
  }
  // With ?signal_type= only that type's matches, unwrapped (HMA).
  if (req.has_param("signal_type")) {
    auto type = ParseSignalTypeName(req.get_param_value("signal_type"));
    const char* name = type.ok() ? SignalTypeName(*type) : "";
    out = out.contains(name) ? out[name] : nlohmann::json::object();
  }
  Json(res, Dump(out));
}

}  // namespace

void RegisterMatchRoutes(Service* service, httplib::Server* server) {
  server->Get(
      "/m/raw_lookup",
      service->Route(
          "/m/raw_lookup", "match",
          [](Engine& engine, const httplib::Request& req,
             httplib::Response& res, const std::string&) {
            Signal signal;
            bool include_distance = false;
            if (!SignalParams(req, res, &signal) ||
                !BoolParam(req, res, "include_distance", &include_distance)) {
              return;
            }
            // HMA's raw_lookup does not check disable_until_ts.
            auto found =
                Find(engine, std::span(&signal, 1), BanksParam(req), false);
            if (!found.ok()) return StatusError(res, found.status());
            nlohmann::json matches = nlohmann::json::array();
            for (const Found& f : (*found)[0]) {
              for (uint64_t id : f.ids) {
                matches.push_back(include_distance ? MatchJson(id, f.distance)
                                                   : nlohmann::json(id));
              }
            }
            Json(res, Dump({{"matches", matches}}));
          }));

  server->Get(
      "/m/lookup",
      service->Route(
          "/m/lookup", "match",
          [service](Engine& engine, const httplib::Request& req,
                    httplib::Response& res, const std::string&) {
            if (req.has_param("url")) {
              Media media;
              if (!ReadMedia(service->options(), req, res, &media)) return;
              return LookupMedia(engine, req, res, media);
            }
            if (!req.has_param("signal") || !req.has_param("signal_type")) {
              return Error(res, 400,
                           "Either url or both signal and signal_type "
                           "are required");
            }
            Signal signal;
            if (!SignalParams(req, res, &signal)) return;
            auto found =
                Find(engine, std::span(&signal, 1), BanksParam(req), true);
            if (!found.ok()) return StatusError(res, found.status());
            Json(res, Dump(ByBank((*found)[0])));
          }));
  server->Post(
      "/m/lookup",
      service->Route("/m/lookup", "match",
                     [service](Engine& engine, const httplib::Request& req,
                               httplib::Response& res, const std::string&) {
                       Media media;
                       if (!ReadMedia(service->options(), req, res, &media))
                         return;
                       LookupMedia(engine, req, res, media);
                     }));

  server->Post(
      "/m/compare",
      service->Route(
          "/m/compare", "match",
          [](Engine&, const httplib::Request& req, httplib::Response& res,
             const std::string&) {
            nlohmann::json in = nlohmann::json::parse(req.body, nullptr, false);
            if (in.is_discarded() || !in.is_object()) {
              return Error(res, 400, "Request input was not a dict");
            }
            nlohmann::json out = nlohmann::json::object();
            for (const auto& [name, pair] : in.items()) {
              if (!pair.is_array()) {
                return Error(
                    res, 400,
                    "Comparison hashes for " + name + " was not a list");
              }
              if (pair.size() != 2) {
                return Error(res, 400,
                             "Comparison hash list length must be exactly 2");
              }
              auto type = ParseSignalTypeName(name);
              if (!type.ok()) {
                return Error(res, 400, "No such SignalType '" + name + "'");
              }
              const SignalKind& kind = KindOf(*type);
              if (!kind.fixed_size()) {
                return Error(res, 400,
                             name + " does not support hash comparison");
              }
              std::vector<Signal> sides;
              for (const auto& h : pair) {
                auto s =
                    h.is_string()
                        ? ParseSignal(*type, h.get<std::string>())
                        : Result<Signal>(InvalidArgumentError("not a string"));
                if (!s.ok()) {
                  return Error(res, 400,
                               "Invalid " + name + " hash: " +
                                   std::string(s.status().message()));
                }
                sides.push_back(std::move(*s));
              }
              const int d = kind.distance(sides[0].bytes, sides[1].bytes);
              // python-threatexchange's compare_hash: the kind's default
              // threshold (PDQ 31), exact kinds without a distance.
              nlohmann::json info = nlohmann::json::object();
              if (kind.perceptual()) info["distance"] = d;
              out[name] = nlohmann::json::array(
                  {kind.perceptual() ? d <= kind.default_threshold : d == 0,
                   info});
            }
            Json(res, Dump(out));
          }));

  server->Get(
      "/m/index/status",
      service->Route(
          "/m/index/status", "match",
          [](Engine& engine, const httplib::Request& req,
             httplib::Response& res, const std::string&) {
            std::vector<SignalType> types;
            if (req.has_param("signal_type")) {
              const std::string name = req.get_param_value("signal_type");
              auto type = ParseSignalTypeName(name);
              if (!type.ok()) {
                return Error(res, 400, "No such signal type '" + name + "'");
              }
              types.push_back(*type);
            } else {
              for (const SignalKind& kind : AllSignalKinds()) {
                types.push_back(kind.type);
              }
            }
            // Sizes: the entries of the loaded (enabled) sets; built_to:
            // the time (Unix seconds) of the change the indexes reflect.
            std::map<SignalType, uint64_t> sizes;
            for (const Hashset& set : engine.store().ListHashsets()) {
              if (!set.enabled) continue;
              for (const auto& [t, n] : set.entry_counts) sizes[t] += n;
            }
            const uint64_t seq = engine.Stats().change_seq;
            int64_t built_to = -1;
            if (seq > 0) {
              auto log = engine.store().ReadLog(seq - 1, 1);
              if (log.ok() && !log->empty()) {
                built_to = log->front().time_ms / 1000;
              }
            }
            nlohmann::json out = nlohmann::json::object();
            for (SignalType t : types) {
              const uint64_t size = sizes.count(t) ? sizes[t] : 0;
              out[SignalTypeName(t)] = {{"present", size > 0},
                                        {"built_to", size > 0 ? built_to : -1},
                                        {"size", size}};
            }
            Json(res, Dump(out));
          }));
}

}  // namespace vigil::serve::hma
