// Copyright 2026 The Vigil Authors.
//
// HMA 2.x's core routes (its app.py): /status, /status/live, /site-map,
// and the read-only configuration of /c: /c/signal_type, /c/content_type.
// The /h, /m and /c routes are in hma_hash.cc, hma_match.cc and
// hma_curation.cc.

#include "tools/vigil/serve/hma_routes.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>

namespace vigil::serve {
namespace hma {

bool IsBankName(std::string_view name) {
  if (name.empty() || name.size() > kMaxHashsetNameLength) return false;
  if (!(std::isupper(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<SignalType> ParseSignalTypeName(std::string_view name) {
  for (const SignalKind& kind : AllSignalKinds()) {
    if (kind.list_alias != nullptr && name == kind.list_alias) return kind.type;
  }
  return ParseSignalType(name);
}

}  // namespace hma

void RegisterHmaRoutes(Service* service, httplib::Server* server) {
  // HMA's /status: 200 "I-AM-ALIVE" once the indexes are built, 503
  // "INDEX-STALE" before (HMA answers so while its index cache has never
  // loaded). /status/live is liveness alone (HMA issue #1905).
  server->Get("/status",
              service->PlainRoute("/status", [service](const httplib::Request&,
                                                       httplib::Response& res) {
                if (service->engine() == nullptr) {
                  res.status = 503;
                  res.set_header("Retry-After", "1");
                  res.set_content("INDEX-STALE", "text/html; charset=utf-8");
                } else {
                  res.set_content("I-AM-ALIVE", "text/html; charset=utf-8");
                }
              }));
  server->Get("/status/live",
              service->PlainRoute("/status/live", [](const httplib::Request&,
                                                     httplib::Response& res) {
                res.set_content("I-AM-ALIVE", "text/html; charset=utf-8");
              }));
  server->Get(
      "/site-map", service->PlainRoute("/site-map", [](const httplib::Request&,
                                                       httplib::Response& res) {
        // HMA lists its Flask rules, sorted; these are the HMA
        // routes this service has, in Flask's notation.
        nlohmann::json routes = {"/c/bank/<bank_name>",
                                 "/c/bank/<bank_name>/content",
                                 "/c/bank/<bank_name>/content/<int:content_id>",
                                 "/c/bank/<bank_name>/signal",
                                 "/c/banks",
                                 "/c/content_type",
                                 "/c/signal_type",
                                 "/h/hash",
                                 "/m/compare",
                                 "/m/index/status",
                                 "/m/lookup",
                                 "/m/raw_lookup",
                                 "/site-map",
                                 "/status",
                                 "/status/live"};
        Json(res, hma::Dump(routes));
      }));

  server->Get(
      "/c/signal_type",
      service->Route(
          "/c/signal_type", "match",
          [](Engine&, const httplib::Request&, httplib::Response& res,
             const std::string&) {
            nlohmann::json out = nlohmann::json::array();
            for (const SignalKind& kind : AllSignalKinds()) {
              out.push_back({{"name", kind.name}, {"enabled_ratio", 1.0}});
            }
            Json(res, hma::Dump(out));
          }));
  server->Get(
      "/c/content_type",
      service->Route("/c/content_type", "match",
                     [](Engine&, const httplib::Request&,
                        httplib::Response& res, const std::string&) {
                       nlohmann::json out = nlohmann::json::array();
                       for (const char* name : {"photo", "video"}) {
                         out.push_back({{"name", name}, {"enabled", true}});
                       }
                       Json(res, hma::Dump(out));
                     }));

  hma::RegisterHashRoutes(service, server);
  hma::RegisterMatchRoutes(service, server);
  hma::RegisterCurationRoutes(service, server);
}

}  // namespace vigil::serve
