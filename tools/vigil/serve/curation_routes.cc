// Copyright 2026 The Vigil Authors.

#include "tools/vigil/serve/curation_routes.h"

#include <httplib.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "tools/vigil/hashset_cli.h"
#include "tools/vigil/hashset_json.h"
#include "tools/vigil/serve/reply.h"
#include "tools/vigil/serve/service.h"

namespace vigil::serve {
namespace {

using json = nlohmann::json;
using cli::HashsetConfigFromJson;
using cli::HashsetConfigJson;
using cli::HashsetToJson;

// A set name in a path: what the routes of service.cc accept (the store
// checks the name itself; anything else is no route, 404).
#define VIGIL_SET R"(/v1/hashsets/([A-Za-z0-9_.-]{1,128}))"

constexpr int kJsonDump = -1;

std::string Dump(const json& j) {
  return j.dump(kJsonDump, ' ', false, json::error_handler_t::replace);
}

// The format and type query parameters of import and export.
Status FormatParams(const httplib::Request& req, HashsetFormat* format,
                    std::optional<SignalType>* type) {
  if (req.has_param("format")) {
    Result<HashsetFormat> f = ParseHashsetFormat(req.get_param_value("format"));
    if (!f.ok()) return f.status();
    *format = *f;
  }
  if (req.has_param("type")) {
    Result<SignalType> t = ParseSignalType(req.get_param_value("type"));
    if (!t.ok()) return t.status();
    *type = *t;
  }
  return Status::OK();
}

// Closes a file descriptor on scope exit.
struct FdGuard {
  int fd = -1;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
};

// Streams the request body of an import into an unlinked spool file in
// the store directory (owner-only, like the lists; on the store's disk,
// not in memory; gone when closed, even after a crash), then imports it as
// `vigil hashset import` does: HashsetStore::ImportFile, all or nothing,
// "line N, column C: ..." on a bad line.
void Import(const ServiceOptions& limits, Engine& engine,
            const httplib::Request& req, httplib::Response& res,
            const httplib::ContentReader& reader, const std::string& actor) {
  const std::string name = req.matches[1].str();
  ImportOptions options;
  Status s = FormatParams(req, &options.format, &options.type);
  if (!s.ok()) return StatusError(res, s);
  options.actor = actor;
  options.source_name =
      req.has_param("source") ? req.get_param_value("source") : "http";

  std::string spool = engine.store().dir() + "/import-upload-XXXXXX";
  FdGuard fd{::mkostemp(spool.data(), O_CLOEXEC)};
  if (fd.fd < 0) {
    return StatusError(res, ErrnoToStatus(errno, "cannot create a spool file"));
  }
  ::unlink(spool.c_str());
  uint64_t total = 0;
  Status write_error;
  bool too_large = false;
  const bool read = reader([&](const char* data, size_t n) {
    total += n;
    if (too_large || total > limits.max_import_bytes) {
      // Read and drop the rest (the body deadline bounds it) so that the
      // client, still sending, gets the 413 rather than a broken pipe.
      too_large = true;
      return true;
    }
    while (n > 0) {
      ssize_t w = ::write(fd.fd, data, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        write_error = ErrnoToStatus(errno, "cannot write the spool file");
        return false;
      }
      data += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  });
  if (too_large) {
    return Error(res, 413,
                 "hash list larger than the import limit (--max-import " +
                     std::to_string(limits.max_import_bytes) + " bytes)");
  }
  if (!write_error.ok()) return StatusError(res, write_error);
  if (!read) {
    return Error(res, res.status == 413 ? 413 : 400,
                 res.status == 413 ? "request body too large"
                                   : "could not read the request body");
  }
  const auto start = std::chrono::steady_clock::now();
  auto r = engine.store().ImportFile(
      name, "/proc/self/fd/" + std::to_string(fd.fd), options);
  if (!r.ok()) return StatusError(res, r.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  Json(res, Dump(cli::ImportResultJson(name, *r, seconds)));
}

// Changes a set: its matching configuration (the keys of
// HashsetConfigJson but name and signal_types, merged onto the set's:
// HashsetStore::UpdateHashsetConfig) and "enabled" (SetHashsetEnabled),
// with "reason" for the log.
void Patch(Engine& engine, const httplib::Request& req, httplib::Response& res,
           const std::string& actor) {
  json in = json::parse(req.body, nullptr, false);
  if (in.is_discarded() || !in.is_object()) {
    return Error(res, 400,
                 "body must be a JSON object: {\"enabled\", \"thresholds\", "
                 "\"min_quality\", \"action\", \"source\", "
                 "\"description\", \"video_match_percent\", \"reason\"}");
  }
  json config_keys = json::object();
  for (const auto& [key, value] : in.items()) {
    if (key == "enabled" || key == "reason") continue;
    if (key == "name" || key == "signal_types" ||
        !HashsetConfigJson(HashsetConfig()).contains(key)) {
      return Error(res, 400, "cannot change \"" + key + "\" of a hash set");
    }
    config_keys[key] = value;
  }
  if (in.contains("enabled") && !in["enabled"].is_boolean()) {
    return Error(res, 400, "\"enabled\" must be true or false");
  }
  if (in.contains("reason") && !in["reason"].is_string()) {
    return Error(res, 400, "\"reason\" must be a string");
  }
  const std::string name = req.matches[1].str();
  const ChangeInfo info{actor, in.value("reason", "")};
  HashsetStore& store = engine.store();
  Result<Hashset> h = store.GetHashset(name);
  if (h.ok() && !config_keys.empty()) {
    json merged = HashsetConfigJson(h->config);
    merged.merge_patch(config_keys);
    Result<HashsetConfig> config = HashsetConfigFromJson(merged);
    if (!config.ok()) return StatusError(res, config.status());
    h = store.UpdateHashsetConfig(name, *config, info);
  }
  if (h.ok() && in.contains("enabled")) {
    h = store.SetHashsetEnabled(name, in["enabled"].get<bool>(), info);
  }
  if (!h.ok()) return StatusError(res, h.status());
  Json(res, Dump(HashsetToJson(*h)));
}

// Streams an export as a chunked reply in the format of `vigil hashset
// export`.
void Export(Engine& engine, const httplib::Request& req,
            httplib::Response& res) {
  const std::string name = req.matches[1].str();
  ExportOptions options;
  Status s = FormatParams(req, &options.format, &options.type);
  if (!s.ok()) return StatusError(res, s);
  HashsetStore* store = &engine.store();
  // The store checks the set, format and type before it writes anything:
  // run it up to its first chunk, so that those errors get their own
  // status, then stream from the start. Once the reply has begun, an error
  // cuts the connection (no final chunk), which the client reports.
  Status probe = store->Export(
      name, options, [](std::string_view) { return CancelledError("probe"); });
  if (!probe.ok() && probe.code() != StatusCode::kCancelled) {
    return StatusError(res, probe);
  }
  const char* type = options.format == HashsetFormat::kCsv ? "text/csv"
                     : options.format == HashsetFormat::kTsv
                         ? "text/tab-separated-values"
                         : "text/plain";
  auto provide = [store, name, options](size_t, httplib::DataSink& sink) {
    // Runs after the route's handler returned: nothing may escape.
    try {
      Status done = store->Export(name, options, [&](std::string_view chunk) {
        return sink.write(chunk.data(), chunk.size())
                   ? Status::OK()
                   : CancelledError("the client went away");
      });
      if (!done.ok()) return false;
      sink.done();
      return true;
    } catch (const std::exception&) {
      return false;
    }
  };
  res.set_chunked_content_provider(type, std::move(provide));
}

}  // namespace

void RegisterCurationRoutes(Service* service, httplib::Server* server) {
  constexpr char kRead[] = "match|curate";
  constexpr char kWrite[] = "curate";

  server->Get("/v1/hashsets",
              service->Route("/v1/hashsets", kRead,
                             [](Engine& engine, const httplib::Request& req,
                                httplib::Response& res, const std::string&) {
                               const bool stats =
                                   req.get_param_value("stats") == "true";
                               const HashsetStore& store = engine.store();
                               json list = json::array();
                               for (const Hashset& h : store.ListHashsets()) {
                                 list.push_back(stats ? cli::StatsJson(store, h)
                                                      : HashsetToJson(h));
                               }
                               Json(res, Dump({{"hashsets", list}}));
                             }));

  server->Post(
      "/v1/hashsets",
      service->Route(
          "/v1/hashsets", kWrite,
          [](Engine& engine, const httplib::Request& req,
             httplib::Response& res, const std::string& actor) {
            json in = json::parse(req.body, nullptr, false);
            if (in.is_discarded()) {
              return Error(res, 400, "body must be a JSON object");
            }
            Result<HashsetConfig> config = cli::HashsetConfigFromJson(in);
            if (!config.ok()) return StatusError(res, config.status());
            Status valid = ValidateHashsetConfig(*config);
            if (!valid.ok()) return StatusError(res, valid);
            auto created = engine.store().CreateHashset(*config, {actor, ""});
            if (!created.ok()) return StatusError(res, created.status());
            Json(res, Dump(HashsetToJson(*created)));
            res.status = 201;
          }));

  server->Get(
      VIGIL_SET,
      service->Route("/v1/hashsets/<name>", kRead,
                     [](Engine& engine, const httplib::Request& req,
                        httplib::Response& res, const std::string&) {
                       auto h = engine.store().GetHashset(req.matches[1].str());
                       if (!h.ok()) return StatusError(res, h.status());
                       Json(res, Dump(HashsetToJson(*h)));
                     }));

  server->Patch(
      VIGIL_SET,
      service->Route("/v1/hashsets/<name>", kWrite,
                     [](Engine& engine, const httplib::Request& req,
                        httplib::Response& res, const std::string& actor) {
                       Patch(engine, req, res, actor);
                     }));

  server->Delete(
      VIGIL_SET,
      service->Route("/v1/hashsets/<name>", kWrite,
                     [](Engine& engine, const httplib::Request& req,
                        httplib::Response& res, const std::string& actor) {
                       const std::string name = req.matches[1].str();
                       Status s = engine.store().DeleteHashset(
                           name, {actor, req.get_param_value("reason")});
                       if (!s.ok()) return StatusError(res, s);
                       Json(res, Dump({{"deleted", name}}));
                     }));

  server->Get(VIGIL_SET "/stats",
              service->Route("/v1/hashsets/<name>/stats", kRead,
                             [](Engine& engine, const httplib::Request& req,
                                httplib::Response& res, const std::string&) {
                               const HashsetStore& store = engine.store();
                               auto h = store.GetHashset(req.matches[1].str());
                               if (!h.ok()) return StatusError(res, h.status());
                               Json(res, Dump(cli::StatsJson(store, *h)));
                             }));

  server->Delete(
      VIGIL_SET "/entries",
      service->Route(
          "/v1/hashsets/<name>/entries", kWrite,
          [](Engine& engine, const httplib::Request& req,
             httplib::Response& res, const std::string& actor) {
            const std::string name = req.matches[1].str();
            RemoveSelector selector;
            if (req.has_param("signal") == req.has_param("external_id")) {
              return Error(res, 400,
                           "name exactly one of the query parameters signal "
                           "(TYPE:HEX) and external_id");
            }
            if (req.has_param("signal")) {
              Result<Signal> s =
                  cli::ParseSignalArg(req.get_param_value("signal"));
              if (!s.ok()) return StatusError(res, s.status());
              selector.signal = std::move(*s);
            } else {
              selector.external_id = req.get_param_value("external_id");
            }
            auto r = engine.store().RemoveEntries(
                name, selector, {actor, req.get_param_value("reason")});
            if (!r.ok()) return StatusError(res, r.status());
            Json(res, Dump(cli::RemoveResultJson(name, *r)));
          }));

  const ServiceOptions& limits = service->options();
  server->Post(VIGIL_SET "/import",
               service->ReaderRoute(
                   "/v1/hashsets/<name>/import", kWrite,
                   [&limits](Engine& engine, const httplib::Request& req,
                             httplib::Response& res,
                             const httplib::ContentReader& reader,
                             const std::string& actor) {
                     Import(limits, engine, req, res, reader, actor);
                   }));

  server->Get(VIGIL_SET "/export",
              service->Route("/v1/hashsets/<name>/export", kRead,
                             [](Engine& engine, const httplib::Request& req,
                                httplib::Response& res, const std::string&) {
                               Export(engine, req, res);
                             }));
}

#undef VIGIL_SET

}  // namespace vigil::serve
