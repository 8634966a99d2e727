// Copyright 2026 The Vigil Authors.
//
// The HTTP service behind `vigil serve`: Vigil's /v1 API and the health
// and metrics routes over one Engine that owns the store. Routing stays
// thin: parse, call the engine, render with vigil/json.h. docs/service.md
// documents every route.
//
//   /livez                 200 as soon as the process listens
//   /readyz                200 once the indexes are built, else 503
//   /metrics               Prometheus text exposition (serve/metrics.h)
//   POST /v1/scan          raw body or multipart field "file"; query
//                          content_id, source: a `vigil scan` line
//   POST /v1/lookup        [{"type","hash"}...] -> per hash the matches
//   GET  /v1/events        ?after=ID&limit=N&wait=S (long-poll)
//   POST /v1/events/ack    {"ids": [...]}
//   /status, /h, /m, /c    HMA 2.x's routes (serve/hma_routes.h)
//   /v1/hashsets/...       curation (serve/curation_routes.h)
//
// Thread-safety: the handlers run on the HTTP library's thread pool.

#ifndef VIGIL_TOOLS_VIGIL_SERVE_SERVICE_H_
#define VIGIL_TOOLS_VIGIL_SERVE_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tools/vigil/serve/metrics.h"
#include "vigil/engine.h"

namespace httplib {
class ContentReader;
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace vigil::serve {

struct ServiceOptions {
  // Require a bearer token (vigil/api_token.h) on every route. Default true.
  bool auth = true;
  // Leave /livez, /readyz and /metrics open (no token). Default false.
  bool open_health = false;
  // Largest request body accepted (413 beyond). Default 64 MiB.
  uint64_t max_body_bytes = 64ull << 20;
  // Most hashes in one POST /v1/lookup (400 beyond). Default 10,000.
  size_t max_lookup_hashes = 10000;
  // Longest long-poll of GET /v1/events, seconds. Default 30.
  int max_wait_seconds = 30;
  // Most events one GET /v1/events returns. Default 1,000.
  size_t max_events = 1000;
  // Hosts the HMA routes may fetch content from (?url=, --allow-url-host);
  // their subdomains too. Default none: ?url= is refused.
  std::vector<std::string> allowed_url_hosts;
  // Largest content fetched from a URL (413 beyond). Default 100 MiB, HMA's
  // MAX_REMOTE_FILE_SIZE.
  uint64_t max_url_bytes = 100ull << 20;
  // Largest hash list POST /v1/hashsets/NAME/import accepts (413 beyond).
  // It is streamed to a spool file in the store directory, not memory.
  // Default 4 GiB.
  uint64_t max_import_bytes = 4ull << 30;
};

class Service {
 public:
  explicit Service(const ServiceOptions& options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Registers the routes on `server` (borrowed; must outlive the service's
  // use).
  void Register(httplib::Server* server);

  // A route's body: the ready engine, the request, the reply and the
  // token's name (the actor recorded for what the request changes).
  using RouteFn =
      std::function<void(Engine&, const httplib::Request&, httplib::Response&,
                         const std::string& actor)>;
  // Same, for a route that streams its request body in with `reader`.
  using ReaderRouteFn = std::function<void(
      Engine&, const httplib::Request&, httplib::Response&,
      const httplib::ContentReader& reader, const std::string& actor)>;
  using Handler =
      std::function<void(const httplib::Request&, httplib::Response&)>;
  using ReaderHandler =
      std::function<void(const httplib::Request&, httplib::Response&,
                         const httplib::ContentReader&)>;

  // Wraps `fn` as the handler of the route `name` (its metrics label): it
  // checks the bearer token for `scope` ("a|b": any of them), answers 503
  // until the engine is ready, turns what the libraries throw into a 500,
  // and counts the request and its latency. For the route files
  // (curation_routes.cc, hma_*.cc), which get the service from Register.
  Handler Route(std::string name, std::string scope, RouteFn fn);
  ReaderHandler ReaderRoute(std::string name, std::string scope,
                            ReaderRouteFn fn);
  // A health-like route (health, metrics, HMA's /status): counted like the
  // others, but any token will do (none with --open-health) and it runs
  // before the engine is open.
  Handler PlainRoute(std::string name, Handler fn);

  // The engine, nullptr while it is opening.
  Engine* engine() const { return engine_.load(); }

  const ServiceOptions& options() const { return options_; }

  // Makes the service ready: `engine` is borrowed and must outlive the
  // server. Until then /readyz and the /v1 routes answer 503.
  void SetEngine(Engine* engine) { engine_.store(engine); }
  // Lets long-polls return at once (shutdown).
  void Stop() { stopping_.store(true); }

  // Fills the reply to a request refused by the transport's concurrency
  // cap: 429, Retry-After: 1, HMA's error shape; counted as route
  // "overloaded".
  void Overloaded(const httplib::Request& req, httplib::Response& res);

  Metrics& metrics() { return metrics_; }

 private:
  void Handle(const std::string& name, const std::string& scope,
              bool needs_engine, const httplib::Request& req,
              httplib::Response& res,
              const std::function<void(Engine*, const std::string&)>& body);

  const ServiceOptions options_;
  std::atomic<Engine*> engine_{nullptr};
  std::atomic<bool> stopping_{false};
  Metrics metrics_;
};

}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_SERVICE_H_
