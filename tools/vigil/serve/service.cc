// Copyright 2026 The Vigil Authors.

#include "tools/vigil/serve/service.h"

#include <httplib.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tools/vigil/hashset_json.h"
#include "tools/vigil/serve/curation_routes.h"
#include "tools/vigil/serve/events_resolve.h"
#include "tools/vigil/serve/hma_routes.h"
#include "tools/vigil/serve/lookup_route.h"
#include "tools/vigil/serve/reply.h"
#include "vigil/api_token.h"
#include "vigil/json.h"
#include "vigil/signal_type.h"

namespace vigil::serve {
namespace {

using Clock = std::chrono::steady_clock;

// The route pattern of the request being handled, for the request counter
// (the logger runs after the handler, on the same thread).
thread_local std::string current_route;

// A non-negative integer query parameter; false (and a 400) when malformed.
bool UintParam(const httplib::Request& req, httplib::Response& res,
               const char* name, uint64_t* value) {
  if (!req.has_param(name)) return true;
  const std::string text = req.get_param_value(name);
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || *end != '\0' || errno != 0) {
    Error(res, 400,
          std::string("query parameter '") + name +
              "' must be a non-negative integer");
    return false;
  }
  *value = v;
  return true;
}

// True when `token` has one of the scopes in `scopes` ("a|b").
bool HasAnyScope(const ApiToken& token, std::string_view scopes) {
  while (!scopes.empty()) {
    const size_t bar = scopes.find('|');
    if (token.HasScope(std::string(scopes.substr(0, bar)))) return true;
    if (bar == std::string_view::npos) break;
    scopes.remove_prefix(bar + 1);
  }
  return false;
}

// Checks the bearer token of `req` for `scope` (empty: any valid token;
// "a|b": any of them);
// answers 401/403 and returns false when it does not pass.
bool Authorize(Engine& engine, const httplib::Request& req,
               httplib::Response& res, const std::string& scope,
               std::string* actor) {
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() ||
      std::string_view(header).substr(0, kBearer.size()) != kBearer) {
    res.set_header("WWW-Authenticate", "Bearer");
    Error(res, 401, "missing bearer token (Authorization: Bearer TOKEN)");
    return false;
  }
  auto who = VerifyApiToken(engine.store(), header.substr(kBearer.size()));
  if (!who.ok()) {
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    Error(res, who.status().code() == StatusCode::kPermissionDenied ? 401 : 500,
          std::string(who.status().message()));
    return false;
  }
  if (!scope.empty() && !HasAnyScope(*who, scope)) {
    Error(res, 403, "token '" + who->name + "' lacks scope '" + scope + "'");
    return false;
  }
  *actor = who->name;
  return true;
}

}  // namespace

Service::Service(const ServiceOptions& options) : options_(options) {}
Service::~Service() = default;

void Service::Overloaded(const httplib::Request&, httplib::Response& res) {
  current_route = "overloaded";
  res.set_header("Retry-After", "1");
  Error(res, 429, "too many requests in flight; retry after 1 s");
  metrics_.Request("overloaded", 429);
}

void Service::Handle(
    const std::string& name, const std::string& scope, bool needs_engine,
    const httplib::Request& req, httplib::Response& res,
    const std::function<void(Engine*, const std::string&)>& body) {
  current_route = name;
  const auto start = Clock::now();
  Engine* engine = engine_.load();
  std::string actor = "vigil-serve";
  const bool open = !options_.auth || (scope.empty() && options_.open_health);
  try {
    if ((needs_engine || !open) && engine == nullptr) {
      res.set_header("Retry-After", "1");
      Error(res, 503, "the indexes are still loading");
    } else if (open || Authorize(*engine, req, res, scope, &actor)) {
      body(engine, actor);
    }
  } catch (const std::exception& e) {
    Error(res, 500, std::string("internal error: ") + e.what());
  }
  // Counted here, before the reply is sent, so a client sees its own
  // request in the next scrape (the logger runs after the reply).
  const int code = res.status == -1 ? 200 : res.status;
  metrics_.Request(name, code);
  metrics_.Latency(name, code,
                   std::chrono::duration<double>(Clock::now() - start).count());
}

Service::Handler Service::Route(std::string name, std::string scope,
                                RouteFn fn) {
  return [this, name = std::move(name), scope = std::move(scope),
          fn = std::move(fn)](const httplib::Request& req,
                              httplib::Response& res) {
    Handle(name, scope, true, req, res,
           [&](Engine* engine, const std::string& actor) {
             fn(*engine, req, res, actor);
           });
  };
}

Service::ReaderHandler Service::ReaderRoute(std::string name, std::string scope,
                                            ReaderRouteFn fn) {
  return
      [this, name = std::move(name), scope = std::move(scope),
       fn = std::move(fn)](const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& reader) {
        Handle(name, scope, true, req, res,
               [&](Engine* engine, const std::string& actor) {
                 fn(*engine, req, res, reader, actor);
               });
      };
}

Service::Handler Service::PlainRoute(std::string name, Handler fn) {
  return [this, name = std::move(name), fn = std::move(fn)](
             const httplib::Request& req, httplib::Response& res) {
    Handle(name, "", false, req, res,
           [&](Engine*, const std::string&) { fn(req, res); });
  };
}

void Service::Register(httplib::Server* server) {
  server->set_payload_max_length(options_.max_body_bytes);
  // Requests no route took (404, 413 before routing, ...); routed ones are
  // counted by their handler.
  server->set_logger(
      [this](const httplib::Request&, const httplib::Response& res) {
        if (current_route.empty()) metrics_.Request("unmatched", res.status);
        current_route.clear();
      });
  server->set_error_handler(
      [](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        std::string message = "HTTP " + std::to_string(res.status);
        if (res.status == 404) message = "no such route";
        if (res.status == 413) {
          // cpp-httplib caps form-urlencoded bodies (what curl -d and
          // --data-binary send untyped) at 8 KiB.
          message = req.get_header_value("Content-Type") ==
                            "application/x-www-form-urlencoded"
                        ? "form-urlencoded bodies are limited to 8 KiB: send "
                          "Content-Type: application/json, or the media's type"
                        : "request body too large";
        }
        Error(res, res.status, message);
      });

  server->Get("/livez", PlainRoute("/livez", [](const httplib::Request&,
                                                httplib::Response& res) {
                res.set_content("ok\n", "text/plain");
              }));
  server->Get("/readyz", PlainRoute("/readyz", [this](const httplib::Request&,
                                                      httplib::Response& res) {
                if (engine_.load() == nullptr) {
                  res.status = 503;
                  res.set_header("Retry-After", "1");
                  res.set_content("loading\n", "text/plain");
                } else {
                  res.set_content("ok\n", "text/plain");
                }
              }));
  server->Get("/metrics",
              PlainRoute("/metrics", [this](const httplib::Request&,
                                            httplib::Response& res) {
                res.set_content(metrics_.Render(engine_.load()),
                                "text/plain; version=0.0.4");
              }));

  server->Post("/v1/scan",
               Route("/v1/scan", "match",
                     [this](Engine& engine, const httplib::Request& req,
                            httplib::Response& res, const std::string&) {
                       const std::string* body = &req.body;
                       httplib::MultipartFormData part;
                       if (req.is_multipart_form_data()) {
                         if (!req.has_file("file")) {
                           Error(
                               res, 400,
                               "multipart upload needs a part named \"file\"");
                           return;
                         }
                         part = req.get_file_value("file");
                         body = &part.content;
                       }
                       ContentRef content;
                       content.id = req.get_param_value("content_id");
                       content.source = req.has_param("source")
                                            ? req.get_param_value("source")
                                            : "vigil-serve";
                       auto r = engine.ScanBytes(
                           std::span<const uint8_t>(
                               reinterpret_cast<const uint8_t*>(body->data()),
                               body->size()),
                           content);
                       if (!r.ok()) return StatusError(res, r.status());
                       metrics_.Scan(ScanStatusName(r->status), body->size());
                       metrics_.Matched(r->matches, "scan");
                       Json(res, ScanResultJson(*r));
                     }));

  server->Post("/v1/lookup",
               Route("/v1/lookup", "match",
                     [this](Engine& engine, const httplib::Request& req,
                            httplib::Response& res, const std::string&) {
                       HandleLookup(engine, req, res, metrics_,
                                    options_.max_lookup_hashes);
                     }));

  server->Get(
      "/v1/events",
      Route("/v1/events", "events",
            [this](Engine& engine, const httplib::Request& req,
                   httplib::Response& res, const std::string&) {
              uint64_t limit = 100, wait = 0;
              if (!UintParam(req, res, "limit", &limit) ||
                  !UintParam(req, res, "wait", &wait)) {
                return;
              }
              if (limit == 0 || limit > options_.max_events) {
                limit = options_.max_events;
              }
              wait = std::min<uint64_t>(wait, options_.max_wait_seconds);
              const std::string after = req.get_param_value("after");
              const auto deadline = Clock::now() + std::chrono::seconds(wait);
              while (true) {
                auto events = engine.ListEvents(after, limit);
                if (!events.ok()) return StatusError(res, events.status());
                if (!events->empty() || Clock::now() >= deadline ||
                    stopping_.load()) {
                  std::string last =
                      events->empty() ? after : events->back().event.event_id;
                  Json(res, "{\"events\":" + OutboxEventsJson(*events) +
                                ",\"last_id\":" +
                                nlohmann::json(last).dump(
                                    -1, ' ', false,
                                    nlohmann::json::error_handler_t::replace) +
                                "}");
                  return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
              }
            }));

  server->Post("/v1/events/resolve",
               Route("/v1/events/resolve", "events", HandleResolveEvents));
  server->Post("/v1/events/ack",
               Route("/v1/events/ack", "events",
                     [](Engine& engine, const httplib::Request& req,
                        httplib::Response& res, const std::string& actor) {
                       if (!JsonContentType(req, res)) return;
                       nlohmann::json in =
                           nlohmann::json::parse(req.body, nullptr, false);
                       if (in.is_discarded() || !in.is_object() ||
                           !in.contains("ids") || !in["ids"].is_array()) {
                         return Error(res, 400,
                                      "body must be {\"ids\": [event ids]}");
                       }
                       std::vector<std::string> ids;
                       if (!ReadEventIds(in, res, &ids)) return;
                       auto n = engine.AckEvents(ids, actor);
                       if (!n.ok()) return StatusError(res, n.status());
                       Json(res, "{\"acked\":" + std::to_string(*n) + "}");
                     }));

  // Adds signals to a hash set as one confirmed entry (hash and block by
  // hash); the token's name is the change log's actor. Live for lookups
  // after the next index refresh (--refresh-ms).
  server->Post(
      R"(/v1/hashsets/([A-Za-z0-9_.-]{1,128})/entries)",
      Route("/v1/hashsets/<name>/entries", "curate",
            [](Engine& engine, const httplib::Request& req,
               httplib::Response& res, const std::string& actor) {
              if (!JsonContentType(req, res)) return;
              nlohmann::json in =
                  nlohmann::json::parse(req.body, nullptr, false);
              if (in.is_discarded() || !in.is_object() ||
                  !in.contains("signals") || !in["signals"].is_array()) {
                return Error(res, 400,
                             "body must be {\"signals\": [{\"type\", "
                             "\"hash\"}...], \"external_id\", "
                             "\"category\", \"note\"}");
              }
              std::vector<Signal> signals;
              for (const auto& q : in["signals"]) {
                // vpdq: the hex of a whole binary signal (vigil/vpdq.h).
                auto signal = cli::SignalFromJson(q);
                if (!signal.ok()) return StatusError(res, signal.status());
                signals.push_back(std::move(*signal));
              }
              EntryInfo info;
              auto text = [&in](const char* key) {
                return in.contains(key) && in[key].is_string()
                           ? in[key].get<std::string>()
                           : std::string();
              };
              info.external_id = text("external_id");
              info.category = text("category");
              info.note = text("note");
              info.actor = actor;
              auto added =
                  engine.store().AddEntry(req.matches[1].str(), signals, info);
              if (!added.ok()) return StatusError(res, added.status());
              Json(res, cli::AddResultJson(*added).dump());
            }));

  RegisterHmaRoutes(this, server);

  // Token administration while serving (the CLI cannot: the service holds
  // the store).
  server->Post(
      "/v1/tokens",
      Route("/v1/tokens", "admin",
            [](Engine& engine, const httplib::Request& req,
               httplib::Response& res, const std::string& actor) {
              if (!JsonContentType(req, res)) return;
              nlohmann::json in =
                  nlohmann::json::parse(req.body, nullptr, false);
              if (in.is_discarded() || !in.is_object() ||
                  !in.contains("name") || !in["name"].is_string() ||
                  !in.contains("scopes") || !in["scopes"].is_array()) {
                return Error(res, 400,
                             "body must be {\"name\": ..., \"scopes\": "
                             "[...]}");
              }
              std::vector<std::string> scopes;
              for (const auto& scope : in["scopes"]) {
                if (!scope.is_string()) {
                  return Error(res, 400, "scopes must be strings");
                }
                scopes.push_back(scope.get<std::string>());
              }
              const std::string name = in["name"].get<std::string>();
              auto secret = CreateApiToken(engine.store(), name, scopes, actor);
              if (!secret.ok()) return StatusError(res, secret.status());
              res.status = 201;
              res.set_content(
                  nlohmann::json{{"name", name}, {"token", *secret}}.dump(),
                  "application/json");
            }));
  server->Get("/v1/tokens",
              Route("/v1/tokens", "admin",
                    [](Engine& engine, const httplib::Request&,
                       httplib::Response& res, const std::string&) {
                      auto tokens = ListApiTokens(engine.store());
                      if (!tokens.ok()) {
                        return StatusError(res, tokens.status());
                      }
                      nlohmann::json out = nlohmann::json::array();
                      for (const ApiToken& t : *tokens) {
                        out.push_back({{"name", t.name},
                                       {"scopes", t.scopes},
                                       {"created_at_ms", t.created_at_ms},
                                       {"created_by", t.created_by}});
                      }
                      Json(res, nlohmann::json{{"tokens", out}}.dump(
                                    -1, ' ', false,
                                    nlohmann::json::error_handler_t::replace));
                    }));
  server->Delete(
      R"(/v1/tokens/([A-Za-z0-9_.-]{1,64}))",
      Route(
          "/v1/tokens/<name>", "admin",
          [](Engine& engine, const httplib::Request& req,
             httplib::Response& res, const std::string&) {
            Status s = RevokeApiToken(engine.store(), req.matches[1].str());
            if (!s.ok()) return StatusError(res, s);
            Json(res, nlohmann::json{{"revoked", req.matches[1].str()}}.dump());
          }));

  RegisterCurationRoutes(this, server);
}

}  // namespace vigil::serve
