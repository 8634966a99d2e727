// Copyright 2026 The Vigil Authors.
//
// Curating while serving: the /v1/hashsets routes of `vigil serve`, which
// `vigil --server URL hashset ...` uses (tools/vigil/hashset_backend.h).
// Reads need scope match or curate, writes curate; every write records the
// token's name as the change log's actor. Replies are rendered by
// tools/vigil/hashset_json.h, as the local commands print them.
//
//   GET    /v1/hashsets[?stats=true]      {"hashsets": [set or stats...]}
//   POST   /v1/hashsets                   create (HashsetConfigJson body)
//   GET    /v1/hashsets/NAME              the set
//   PATCH  /v1/hashsets/NAME              {"enabled": bool, "thresholds":
//                                          {...}, ..., "reason": R}
//   DELETE /v1/hashsets/NAME?reason=R     {"deleted": NAME}
//   GET    /v1/hashsets/NAME/stats        one `vigil hashset stats` line
//   DELETE /v1/hashsets/NAME/entries?signal=TYPE:HEX|external_id=ID&reason=R
//   POST   /v1/hashsets/NAME/import?format=&type=&source=   streamed body
//   GET    /v1/hashsets/NAME/export?format=&type=           chunked reply
// (POST /v1/hashsets/NAME/entries, hash and block by hash, is in
// service.cc.)

#ifndef VIGIL_TOOLS_VIGIL_SERVE_CURATION_ROUTES_H_
#define VIGIL_TOOLS_VIGIL_SERVE_CURATION_ROUTES_H_

namespace httplib {
class Server;
}  // namespace httplib

namespace vigil::serve {

class Service;

// Registers the routes above on `server` through service->Route (both
// borrowed).
void RegisterCurationRoutes(Service* service, httplib::Server* server);

}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_CURATION_ROUTES_H_
