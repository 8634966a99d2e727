// Copyright 2026 The Vigil Authors.
//
// What the route files of `vigil serve` share with service.cc (the reply
// helpers are in reply.h): the wrappers that give every route its metrics,
// authorization (a bearer token with the route's scope), readiness (503 until
// the engine is open) and exception handling. Service::Register builds a
// RouteKit and hands it to each route file's Register function (e.g.
// RegisterHmaRoutes).
//
// Thread-safety: the helpers are reentrant; the handlers run on the HTTP
// library's thread pool.

#ifndef VIGIL_TOOLS_VIGIL_SERVE_ROUTES_H_
#define VIGIL_TOOLS_VIGIL_SERVE_ROUTES_H_

#include <functional>
#include <string>

#include "tools/vigil/serve/metrics.h"
#include "tools/vigil/serve/reply.h"
#include "tools/vigil/serve/service.h"
#include "vigil/engine.h"
#include "vigil/status.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace vigil::serve {

using Handler =
    std::function<void(const httplib::Request&, httplib::Response&)>;
// A route body: the (ready) engine, the request, the reply, and the name
// of the request's token (the actor recorded for writes).
using RouteFn =
    std::function<void(Engine&, const httplib::Request&, httplib::Response&,
                       const std::string& actor)>;

// `route` and `plain` may be called only while Service::Register runs
// (they refer to its locals); `engine` and `options` at any time.
struct RouteKit {
  // A route that needs the engine and a token with `scope` (503 with
  // Retry-After until the engine is open). `name` labels its metrics.
  std::function<Handler(std::string name, std::string scope, RouteFn fn)> route;
  // A health-like route: any token (none with --open-health); it runs
  // before the engine is open.
  std::function<Handler(std::string name, Handler fn)> plain;
  // The engine, nullptr while it is opening.
  std::function<Engine*()> engine;
  const ServiceOptions* options = nullptr;
};

}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_ROUTES_H_
