// Copyright 2026 The Vigil Authors.

#include "vigil/serve/service.h"

#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "vigil/json.h"
#include "vigil/signal_type.h"

namespace vigil::serve {
namespace {

using Clock = std::chrono::steady_clock;
using Handler =
    std::function<void(const httplib::Request&, httplib::Response&)>;

// The route pattern of the request being handled, for the request counter
// (the logger runs after the handler, on the same thread).
thread_local std::string current_route;

// The HMA error shape: {"message": "..."}.
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
  Error(res, HttpCode(s), std::string(s.message()));
}

void Json(httplib::Response& res, std::string body) {
  res.status = 200;
  res.set_content(std::move(body), "application/json");
}

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

}  // namespace

Service::Service(const ServiceOptions& options) : options_(options) {}
Service::~Service() = default;

void Service::Register(httplib::Server* server) {
  // Wraps a handler: records its route and latency, catches what the
  // libraries may throw, and answers 503 until the engine is ready.
  auto route = [this](std::string name, bool needs_engine,
                      std::function<void(Engine&, const httplib::Request&,
                                         httplib::Response&)>
                          fn) -> Handler {
    return [this, name = std::move(name), needs_engine, fn = std::move(fn)](
               const httplib::Request& req, httplib::Response& res) {
      current_route = name;
      const auto start = Clock::now();
      Engine* engine = engine_.load();
      if (needs_engine && engine == nullptr) {
        res.set_header("Retry-After", "1");
        Error(res, 503, "the indexes are still loading");
      } else {
        try {
          fn(*engine, req, res);
        } catch (const std::exception& e) {
          Error(res, 500, std::string("internal error: ") + e.what());
        }
      }
      metrics_.Latency(
          name, std::chrono::duration<double>(Clock::now() - start).count());
    };
  };
  // Health and metrics do not need the engine.
  auto plain = [&route](std::string name, Handler fn) {
    return route(
        std::move(name), false,
        [fn = std::move(fn)](Engine&, const httplib::Request& req,
                             httplib::Response& res) { fn(req, res); });
  };

  server->set_payload_max_length(options_.max_body_bytes);
  server->set_logger(
      [this](const httplib::Request&, const httplib::Response& res) {
        metrics_.Request(current_route.empty() ? "unmatched" : current_route,
                         res.status);
        current_route.clear();
      });
  server->set_error_handler(
      [](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
          Error(res, res.status,
                res.status == 404 ? "no such route"
                : res.status == 413
                    ? "request body too large"
                    : std::string("HTTP ") + std::to_string(res.status));
        }
      });

  server->Get("/livez", plain("/livez", [](const httplib::Request&,
                                           httplib::Response& res) {
                res.set_content("ok\n", "text/plain");
              }));
  server->Get("/readyz", plain("/readyz", [this](const httplib::Request&,
                                                 httplib::Response& res) {
                if (engine_.load() == nullptr) {
                  res.status = 503;
                  res.set_header("Retry-After", "1");
                  res.set_content("loading\n", "text/plain");
                } else {
                  res.set_content("ok\n", "text/plain");
                }
              }));
  server->Get("/metrics", plain("/metrics", [this](const httplib::Request&,
                                                   httplib::Response& res) {
                res.set_content(metrics_.Render(engine_.load()),
                                "text/plain; version=0.0.4");
              }));

  server->Post("/v1/scan",
               route("/v1/scan", true,
                     [this](Engine& engine, const httplib::Request& req,
                            httplib::Response& res) {
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
                       Json(res, ScanResultJson(*r));
                     }));

  server->Post(
      "/v1/lookup",
      route("/v1/lookup", true,
            [this](Engine& engine, const httplib::Request& req,
                   httplib::Response& res) {
              nlohmann::json in =
                  nlohmann::json::parse(req.body, nullptr, false);
              if (in.is_discarded() || !in.is_array()) {
                return Error(res, 400,
                             "body must be a JSON array of {\"type\", "
                             "\"hash\"} objects");
              }
              if (in.size() > options_.max_lookup_hashes) {
                return Error(res, 400,
                             "at most " +
                                 std::to_string(options_.max_lookup_hashes) +
                                 " hashes per lookup");
              }
              std::vector<Signal> signals;
              signals.reserve(in.size());
              for (size_t i = 0; i < in.size(); ++i) {
                const nlohmann::json& q = in[i];
                const std::string where = "[" + std::to_string(i) + "]: ";
                if (!q.is_object() || !q.contains("type") ||
                    !q.contains("hash") || !q["type"].is_string() ||
                    !q["hash"].is_string()) {
                  return Error(res, 400,
                               where + "needs string fields type and hash");
                }
                auto type = ParseSignalType(q["type"].get<std::string>());
                if (!type.ok()) {
                  return Error(res, 400,
                               where + std::string(type.status().message()));
                }
                auto signal = ParseSignal(*type, q["hash"].get<std::string>());
                if (!signal.ok()) {
                  return Error(res, 400,
                               where + std::string(signal.status().message()));
                }
                signals.push_back(std::move(*signal));
              }
              auto results = engine.Lookup(signals);
              if (!results.ok()) return StatusError(res, results.status());
              std::string out = "{\"results\":[";
              uint64_t matches = 0;
              for (size_t i = 0; i < signals.size(); ++i) {
                if (i > 0) out += ',';
                out += "{\"hash\":\"" + signals[i].ToHex() + "\",\"matches\":[";
                const auto& m = (*results)[i];
                for (size_t j = 0; j < m.size(); ++j) {
                  if (j > 0) out += ',';
                  out += ScanMatchJson(m[j]);
                }
                matches += m.size();
                out += "],\"type\":\"";
                out += SignalTypeName(signals[i].type);
                out += "\"}";
              }
              out += "]}";
              metrics_.LookedUp(signals.size(), matches);
              Json(res, std::move(out));
            }));

  server->Get(
      "/v1/events",
      route("/v1/events", true,
            [this](Engine& engine, const httplib::Request& req,
                   httplib::Response& res) {
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

  server->Post("/v1/events/ack",
               route("/v1/events/ack", true,
                     [](Engine& engine, const httplib::Request& req,
                        httplib::Response& res) {
                       nlohmann::json in =
                           nlohmann::json::parse(req.body, nullptr, false);
                       if (in.is_discarded() || !in.is_object() ||
                           !in.contains("ids") || !in["ids"].is_array()) {
                         return Error(res, 400,
                                      "body must be {\"ids\": [event ids]}");
                       }
                       std::vector<std::string> ids;
                       for (const auto& id : in["ids"]) {
                         if (!id.is_string()) {
                           return Error(res, 400, "event ids must be strings");
                         }
                         ids.push_back(id.get<std::string>());
                       }
                       // The token's name once auth exists; the service's name
                       // now.
                       auto n = engine.AckEvents(ids, "vigil-serve");
                       if (!n.ok()) return StatusError(res, n.status());
                       Json(res, "{\"acked\":" + std::to_string(*n) + "}");
                     }));
}

}  // namespace vigil::serve
