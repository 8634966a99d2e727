// Copyright 2026 The Vigil Authors.
//
// HMA's curation blueprint (/c): banks and bank content. An HMA bank is the
// Vigil hash set of the same name (HMA's bank-name rule enforced here);
// bank content is vigil/bank_content.h. Writes need scope curate and record
// the token's name as the actor in the change log; reads need scope match.

#include <httplib.h>

#include <chrono>
#include <optional>

#include "tools/vigil/serve/hma_routes.h"

namespace vigil::serve::hma {
namespace {

constexpr char kBankNameRule[] = "Bank names must be UPPER_WITH_UNDERSCORE";

// The set named by the path (HMA bank rule checked); false (and a 404 in
// HMA's words) when there is none.
bool FindBank(Engine& engine, const httplib::Request& req,
              httplib::Response& res, Hashset* set) {
  const std::string name = req.matches[1].str();
  auto found = IsBankName(name)
                   ? engine.store().GetHashset(name)
                   : Result<Hashset>(NotFoundError("not a bank name"));
  if (!found.ok()) {
    if (found.status().code() != StatusCode::kNotFound) {
      StatusError(res, found.status());
    } else {
      Error(res, 404, "bank '" + name + "' not found");
    }
    return false;
  }
  *set = std::move(*found);
  return true;
}

// Content id from the path; false (and a 404) when not an integer.
bool ContentIdOf(const httplib::Request& req, httplib::Response& res,
                 uint64_t* id) {
  const std::string text = req.matches[2].str();
  if (text.empty() || text.size() > 19) {
    Error(res, 404, "content '" + text + "' not found");
    return false;
  }
  *id = std::stoull(text);
  return true;
}

// The bank and the content of the path (/c/bank/NAME/content/ID); false
// (and a 404 in HMA's words, or the store's error) when either is missing
// or the content belongs to another bank.
bool FindContent(Engine& engine, const httplib::Request& req,
                 httplib::Response& res, Hashset* set, BankContent* content) {
  uint64_t id = 0;
  if (!FindBank(engine, req, res, set) || !ContentIdOf(req, res, &id)) {
    return false;
  }
  auto found = GetBankContent(engine.store(), id);
  if (found.ok() && found->hashset_id == set->id) {
    *content = std::move(*found);
    return true;
  }
  if (!found.ok() && found.status().code() != StatusCode::kNotFound) {
    StatusError(res, found.status());
  } else {
    Error(res, 404, "content '" + std::to_string(id) + "' not found");
  }
  return false;
}

// ?include_signals=true (all) or ?signal_type=T (HMA 2.x, both forms):
// nullopt when not asked; false (and a 400) for an unknown type.
bool SignalsWanted(const httplib::Request& req, httplib::Response& res,
                   const BankContent& content,
                   std::optional<nlohmann::json>* out) {
  if (req.has_param("signal_type")) {
    const std::string name = req.get_param_value("signal_type");
    auto type = ParseSignalTypeName(name);
    if (!type.ok()) {
      Error(res, 400, "No such signal type '" + name + "'");
      return false;
    }
    std::vector<Signal> kept;
    for (const Signal& s : content.signals) {
      if (s.type == *type) kept.push_back(s);
    }
    *out = SignalsJson(kept);
  } else if (req.get_param_value("include_signals") == "true") {
    *out = SignalsJson(content.signals);
  }
  return true;
}

// Adds `signals` as one content of `set` and answers HMA's
// {"id", "signals"}.
void AddContent(Engine& engine, httplib::Response& res, const Hashset& set,
                const std::vector<Signal>& signals, const EntryInfo& info) {
  if (signals.empty()) return Error(res, 400, "No signals given");
  auto added = AddBankContent(engine.store(), set.config.name, signals, info);
  if (!added.ok()) return StatusError(res, added.status());
  Json(res, Dump({{"id", added->id}, {"signals", SignalsJson(signals)}}));
}

// HMA's optional JSON body {"metadata": {"content_id", "content_uri",
// "json", "collab"}}: content_id becomes the entry's external id,
// content_uri its note. False (and a 400) when malformed.
bool Metadata(const httplib::Request& req, httplib::Response& res,
              EntryInfo* info) {
  if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    return true;
  }
  nlohmann::json in = nlohmann::json::parse(req.body, nullptr, false);
  if (in.is_discarded() || !in.is_object() || !in.contains("metadata") ||
      in["metadata"].is_null()) {
    return true;
  }
  const nlohmann::json& m = in["metadata"];
  if (!m.is_object()) {
    Error(res, 400, "metadata should be a json object");
    return false;
  }
  for (const auto& [key, value] : m.items()) {
    if (key != "content_id" && key != "content_uri" && key != "json" &&
        key != "collab") {
      Error(res, 400, "Invalid metadata: unexpected key '" + key + "'");
      return false;
    }
  }
  if (m.contains("content_id") && m["content_id"].is_string()) {
    info->external_id = m["content_id"].get<std::string>();
  }
  if (m.contains("content_uri") && m["content_uri"].is_string()) {
    info->note = m["content_uri"].get<std::string>();
  }
  return true;
}

// A bank's state in a create or update body: HMA's "enabled_ratio" (only 0
// or 1: Vigil matches a bank fully or not at all), which wins, or
// "enabled"; unset when the body has neither. False, with a 400 reply, for
// another ratio.
bool ReadEnabled(const nlohmann::json& in, httplib::Response& res,
                 std::optional<bool>* enabled) {
  if (in.contains("enabled") && in["enabled"].is_boolean()) {
    *enabled = in["enabled"].get<bool>();
  }
  if (in.contains("enabled_ratio") && in["enabled_ratio"].is_number()) {
    const double r = in["enabled_ratio"].get<double>();
    if (r != 0.0 && r != 1.0) {
      Error(res, 400,
            "enabled_ratio must be 0 or 1 (Vigil matches a bank fully or not "
            "at all)");
      return false;
    }
    *enabled = r == 1.0;
  }
  return true;
}

}  // namespace

void RegisterCurationRoutes(Service* service, httplib::Server* server) {
  const std::string bank = std::string("/c/bank/") + kBankPattern;
  const std::string content = bank + "/content/([0-9]+)";

  server->Get("/c/banks",
              service->Route("/c/banks", "match",
                             [](Engine& engine, const httplib::Request&,
                                httplib::Response& res, const std::string&) {
                               nlohmann::json out = nlohmann::json::array();
                               for (const Hashset& set :
                                    engine.store().ListHashsets()) {
                                 if (IsBankName(set.config.name)) {
                                   out.push_back(BankJson(set));
                                 }
                               }
                               Json(res, Dump(out));
                             }));

  server->Post(
      "/c/banks",
      service->Route(
          "/c/banks", "curate",
          [](Engine& engine, const httplib::Request& req,
             httplib::Response& res, const std::string& actor) {
            nlohmann::json in = nlohmann::json::parse(req.body, nullptr, false);
            if (in.is_discarded() || !in.is_object() || !in.contains("name") ||
                !in["name"].is_string()) {
              return Error(res, 400, "name is required");
            }
            const std::string name = in["name"].get<std::string>();
            if (!IsBankName(name)) return Error(res, 400, kBankNameRule);
            std::optional<bool> state;
            if (!ReadEnabled(in, res, &state)) return;
            const bool enabled = state.value_or(true);
            HashsetConfig config;
            config.name = name;
            config.signal_types = {SignalType::kMd5, SignalType::kSha1,
                                   SignalType::kSha256, SignalType::kPdq,
                                   SignalType::kVpdq};
            config.source = "hma";
            const ChangeInfo info{actor, "POST /c/banks"};
            auto created = engine.store().CreateHashset(config, info);
            if (!created.ok()) {
              if (created.status().code() == StatusCode::kAlreadyExists) {
                return Error(res, 403, "Bank already exists");
              }
              return StatusError(res, created.status());
            }
            if (!enabled) {
              created = engine.store().SetHashsetEnabled(name, false, info);
              if (!created.ok()) return StatusError(res, created.status());
            }
            res.status = 201;
            res.set_content(Dump(BankJson(*created)), "application/json");
          }));

  server->Get(bank,
              service->Route("/c/bank/<name>", "match",
                             [](Engine& engine, const httplib::Request& req,
                                httplib::Response& res, const std::string&) {
                               Hashset set;
                               if (!FindBank(engine, req, res, &set)) return;
                               Json(res, Dump(BankJson(set)));
                             }));

  server->Put(
      bank,
      service->Route(
          "/c/bank/<name>", "curate",
          [](Engine& engine, const httplib::Request& req,
             httplib::Response& res, const std::string& actor) {
            Hashset set;
            if (!FindBank(engine, req, res, &set)) return;
            nlohmann::json in = nlohmann::json::parse(req.body, nullptr, false);
            if (in.is_discarded() || !in.is_object()) {
              return Error(res, 400, "body must be a JSON object");
            }
            if (in.contains("name") && !in["name"].is_null() &&
                in["name"] != set.config.name) {
              if (!in["name"].is_string() ||
                  !IsBankName(in["name"].get<std::string>())) {
                return Error(res, 400, kBankNameRule);
              }
              return Error(res, 400,
                           "renaming a bank is not supported (create a new "
                           "bank and add its content)");
            }
            std::optional<bool> enabled;
            if (!ReadEnabled(in, res, &enabled)) return;
            if (enabled.has_value()) {
              auto changed = engine.store().SetHashsetEnabled(
                  set.config.name, *enabled,
                  ChangeInfo{actor, "PUT /c/bank/" + set.config.name});
              if (!changed.ok()) return StatusError(res, changed.status());
              set = std::move(*changed);
            }
            Json(res, Dump(BankJson(set)));
          }));

  server->Delete(
      bank,
      service->Route("/c/bank/<name>", "curate",
                     [](Engine& engine, const httplib::Request& req,
                        httplib::Response& res, const std::string& actor) {
                       // HMA deletes idempotently: no such bank is a success.
                       const std::string name = req.matches[1].str();
                       if (IsBankName(name)) {
                         Status s = engine.store().DeleteHashset(
                             name, ChangeInfo{actor, "DELETE /c/bank/" + name});
                         if (!s.ok() && s.code() != StatusCode::kNotFound) {
                           return StatusError(res, s);
                         }
                       }
                       Json(res, Dump({{"message", "Done"}}));
                     }));

  server->Post(bank + "/content",
               service->Route(
                   "/c/bank/<name>/content", "curate",
                   [service](Engine& engine, const httplib::Request& req,
                             httplib::Response& res, const std::string& actor) {
                     Hashset set;
                     if (!FindBank(engine, req, res, &set)) return;
                     EntryInfo info;
                     info.actor = actor;
                     if (!Metadata(req, res, &info)) return;
                     if (!req.has_param("url") && req.files.empty()) {
                       return Error(
                           res, 400,
                           "Neither `url` nor multipart file upload was "
                           "received");
                     }
                     Media media;
                     if (!ReadMedia(service->options(), req, res, &media))
                       return;
                     // Hash and block: the signals the set keeps.
                     auto hashed = HashMedia(media, set.config);
                     if (!hashed.ok()) return StatusError(res, hashed.status());
                     if (hashed->signals.empty()) {
                       return Error(res, 400,
                                    hashed->warnings.empty()
                                        ? std::string("No signals given")
                                        : hashed->warnings.front());
                     }
                     AddContent(engine, res, set, hashed->signals, info);
                   }));

  server->Post(
      bank + "/signal",
      service->Route(
          "/c/bank/<name>/signal", "curate",
          [](Engine& engine, const httplib::Request& req,
             httplib::Response& res, const std::string& actor) {
            Hashset set;
            if (!FindBank(engine, req, res, &set)) return;
            nlohmann::json in = nlohmann::json::parse(req.body, nullptr, false);
            if (in.is_discarded() || !in.is_object()) {
              return Error(res, 400,
                           "body must be a JSON object {\"pdq\": \"hex\"...}");
            }
            std::vector<Signal> signals;
            for (const auto& [name, value] : in.items()) {
              auto type = ParseSignalTypeName(name);
              if (!type.ok()) {
                return Error(res, 400, "No such signal type " + name);
              }
              auto signal =
                  value.is_string()
                      ? ParseSignal(*type, value.get<std::string>())
                      : Result<Signal>(InvalidArgumentError("not a string"));
              if (!signal.ok()) {
                return Error(res, 400,
                             "Invalid " + name + " signal: " +
                                 std::string(signal.status().message()));
              }
              signals.push_back(std::move(*signal));
            }
            EntryInfo info;
            info.actor = actor;
            AddContent(engine, res, set, signals, info);
          }));

  server->Get(
      content,
      service->Route(
          "/c/bank/<name>/content/<id>", "match",
          [](Engine& engine, const httplib::Request& req,
             httplib::Response& res, const std::string&) {
            Hashset set;
            BankContent c;
            if (!FindContent(engine, req, res, &set, &c)) return;
            std::optional<nlohmann::json> signals;
            if (!SignalsWanted(req, res, c, &signals)) return;
            Json(res, Dump(ContentJson(c, set, signals ? &*signals : nullptr)));
          }));

  server->Put(
      content,
      service->Route(
          "/c/bank/<name>/content/<id>", "curate",
          [](Engine& engine, const httplib::Request& req,
             httplib::Response& res, const std::string& actor) {
            Hashset set;
            BankContent c;
            if (!FindContent(engine, req, res, &set, &c)) return;
            nlohmann::json in = nlohmann::json::parse(req.body, nullptr, false);
            if (in.is_discarded() || !in.is_object()) {
              return Error(res, 400, "body must be a JSON object");
            }
            if (in.contains("disable_until_ts")) {
              const nlohmann::json& v = in["disable_until_ts"];
              int64_t ts = 0;
              if (v.is_number_integer()) {
                ts = v.get<int64_t>();
              } else if (v.is_string()) {
                const std::string text = v.get<std::string>();
                if (text.empty() || text.size() > 18 ||
                    text.find_first_not_of("-0123456789") !=
                        std::string::npos) {
                  return Error(res, 400, "Invalid int: '" + text + "'");
                }
                ts = std::stoll(text);
              } else {
                return Error(res, 400, "Invalid int: disable_until_ts");
              }
              const int64_t now =
                  std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
              if (ts < 0) {
                return Error(res, 400,
                             "disable_until_ts must be a non-negative integer");
              }
              if (ts > now + 5LL * 365 * 24 * 3600) {
                return Error(
                    res, 400,
                    "disable_until_ts must be less than 5 years in the future");
              }
              Status s = SetBankContentDisableUntil(
                  engine.store(), c.id, ts,
                  ChangeInfo{actor,
                             "PUT /c/bank/" + set.config.name + "/content/" +
                                 std::to_string(c.id) +
                                 " disable_until_ts=" + std::to_string(ts)});
              if (!s.ok()) return StatusError(res, s);
              c.disable_until_ts = ts;
            }
            Json(res, Dump(ContentJson(c, set, nullptr)));
          }));

  server->Delete(
      content,
      service->Route("/c/bank/<name>/content/<id>", "curate",
                     [](Engine& engine, const httplib::Request& req,
                        httplib::Response& res, const std::string& actor) {
                       Hashset set;
                       uint64_t id = 0;
                       if (!FindBank(engine, req, res, &set) ||
                           !ContentIdOf(req, res, &id)) {
                         return;
                       }
                       auto n = RemoveBankContent(
                           engine.store(), set.config.name, id,
                           ChangeInfo{actor, "DELETE /c/bank/" +
                                                 set.config.name + "/content/" +
                                                 std::to_string(id)});
                       if (!n.ok()) return StatusError(res, n.status());
                       Json(res, Dump({{"deleted", *n}}));
                     }));
}

}  // namespace vigil::serve::hma
