// Copyright 2026 The Vigil Authors.
//
// `vigil serve`: the HTTP service. One process owns the store (the Engine);
// any number of clients scan, look up and read events over HTTP.
//
//   vigil serve [--db DIR] [--listen 127.0.0.1:8080] [--threads N]
//               [--config FILE] [--events SPEC]... [--max-body BYTES]
//               [--tls-cert F --tls-key F] [--max-inflight N] ...
//
// It listens at once (/livez answers), then opens the store and builds the
// indexes in the background (/readyz answers 200 when done). Store changes
// reach the indexes within --refresh-ms (the engine's follower). SIGINT or
// SIGTERM stop it: the requests in flight finish, then the engine closes. The
// routes are in serve/service.h, the transport and its limits in
// serve/http_server.h; docs/service.md documents them.

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "tools/vigil/serve/http_server.h"
#include "tools/vigil/serve/service.h"
#include "tools/vigil/sink_flags.h"
#include "vigil/engine.h"

namespace vigil::cli {
namespace {

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  SinkFlags sinks;
  uint64_t max_body = 64ull << 20;
  uint64_t max_import = 4ull << 30;
  int refresh_ms = 250;
  size_t dedup_cache = EngineOptions().dedup_cache_entries;
  int timeout_seconds = 5;
  bool open_health = false;
  bool no_auth = false;
  serve::TransportOptions transport;
  std::vector<std::string> allow_url_hosts;
};

// "HOST:PORT" -> host, port. False when malformed.
bool ParseListen(const std::string& text, std::string* host, int* port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  *host = text.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  const std::string p = text.substr(colon + 1);
  if (p.empty() || p.size() > 5 ||
      p.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  *port = std::stoi(p);
  return *port <= 65535;
}

int RunServe(const CliContext& ctx, const ServeFlags& f) {
  std::string host;
  int port = 0;
  if (!ParseListen(f.listen, &host, &port)) {
    PrintError("--listen needs HOST:PORT, got '" + f.listen + "'");
    return kExitUsage;
  }
  const int threads =
      f.threads > 0
          ? f.threads
          : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));

  // SIGINT and SIGTERM are taken by a waiting thread, not by a handler:
  // block them before any thread starts so every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  serve::ServiceOptions service_options;
  service_options.max_body_bytes = f.max_body;
  service_options.max_import_bytes = f.max_import;
  service_options.open_health = f.open_health;
  service_options.auth = !f.no_auth;
  service_options.allowed_url_hosts = f.allow_url_hosts;
  serve::Service service(service_options);
  serve::TransportOptions transport = f.transport;
  // One worker more than the engine's threads: a worker waiting on a
  // store read leaves no core idle (bench/serve/README.md).
  transport.workers = static_cast<size_t>(threads) + 1;
  auto created = serve::GuardedServer::Create(
      transport,
      [&service](const httplib::Request& req, httplib::Response& res) {
        service.Overloaded(req, res);
      });
  if (!created.ok()) {
    PrintError(std::string(created.status().message()));
    return kExitUsage;
  }
  serve::GuardedServer& server = **created;
  service.metrics().SetLoadSource([&server] { return server.InFlight(); },
                                  [&server] { return server.Refused(); });
  server.set_read_timeout(f.timeout_seconds, 0);
  server.set_write_timeout(f.timeout_seconds, 0);
  server.set_keep_alive_timeout(f.timeout_seconds);
  service.Register(&server);

  port = server.Bind(host, port);
  if (port <= 0) {
    PrintError("cannot listen on " + f.listen);
    return kExitFailure;
  }
  std::cerr << "vigil: listening on " << (server.tls() ? "https" : "http")
            << "://" << host << ':' << port << std::endl;

  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::atomic<bool> failed{false};
  std::unique_ptr<Engine> engine;

  std::thread signals([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    {
      std::lock_guard<std::mutex> lock(mu);
      stopping = true;
    }
    cv.notify_all();
    service.Stop();
    server.stop();
  });

  // Opens the engine (its follower keeps the indexes current), then waits
  // for the stop.
  std::thread loader([&] {
    EngineOptions options;
    options.db_dir = ctx.db_dir;
    options.threads = threads;
    options.sink_specs = f.sinks.events;
    // The engine's follower applies store changes to the indexes.
    options.follow_interval_ms = f.refresh_ms;
    options.dedup_cache_entries = f.dedup_cache;
    ApplySinkFlags(f.sinks);
    auto opened = Engine::Open(options);
    if (!opened.ok()) {
      PrintError("cannot open store " + ctx.db_dir + ": " +
                 opened.status().ToString());
      failed.store(true);
      kill(getpid(), SIGTERM);
      return;
    }
    engine = std::move(*opened);
    service.SetEngine(engine.get());
    std::cerr << "vigil: ready (" << engine->Stats().pdq_hashes << " pdq, "
              << engine->Stats().digest_hashes << " digests)" << std::endl;
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return stopping; });
  });

  const bool listened = server.listen_after_bind();
  kill(getpid(), SIGTERM);  // wakes the signal thread if listen failed
  signals.join();
  loader.join();
  if (engine) DrainSinks(*engine, f.sinks);
  if (failed.load()) return kExitFailure;
  if (!listened) {
    PrintError("the server stopped listening on " + f.listen);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App* app, CliContext* ctx) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app->add_subcommand(
      "serve",
      "Run the HTTP service: scans, lookups and events over HTTP "
      "(docs/service.md).");
  cmd->add_option("--listen", flags->listen, "HOST:PORT to listen on")
      ->capture_default_str();
  cmd->add_option("--threads", flags->threads,
                  "Engine (scan) threads (default: cores, at least 2); "
                  "the service serves requests on one thread more; "
                  "connections: --max-connections")
      ->check(CLI::NonNegativeNumber);
  AddSinkFlags(cmd, &flags->sinks);
  cmd->add_option("--max-body", flags->max_body,
                  "Largest request body in bytes (413 beyond)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-import", flags->max_import,
                  "Largest hash list one streamed import accepts, in bytes "
                  "(spooled to the store's disk, not memory; 413 beyond)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--dedup-cache", flags->dedup_cache,
                  "Scans of bytes seen recently reuse their hashes: entries "
                  "kept (0: every upload is decoded and hashed)")
      ->capture_default_str();
  cmd->add_option("--refresh-ms", flags->refresh_ms,
                  "How often the engine applies store changes to the "
                  "indexes (EngineOptions::follow_interval_ms)")
      ->capture_default_str()
      ->check(CLI::Range(10, 60000));
  cmd->add_option("--timeout", flags->timeout_seconds,
                  "Read and write timeout per request, seconds")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--tls-cert", flags->transport.tls_cert_path,
                  "PEM certificate (chain): serve HTTPS (with --tls-key)");
  cmd->add_option("--tls-key", flags->transport.tls_key_path,
                  "PEM private key of --tls-cert");
  cmd->add_option("--max-inflight", flags->transport.max_inflight,
                  "Requests read or handled at once; more get 429 with "
                  "Retry-After")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--max-connections", flags->transport.max_connections,
                  "Connections open at once (idle ones hold no thread); "
                  "as many more wait, beyond that 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--header-timeout", flags->transport.header_timeout_seconds,
                  "Seconds for a request line and headers (and the TLS "
                  "handshake) to arrive")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--body-timeout", flags->transport.body_timeout_seconds,
                  "Seconds for a request body to arrive after its headers")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_flag("--open-health", flags->open_health,
                "Serve /livez, /readyz and /metrics without a token");
  cmd->add_option("--allow-url-host", flags->allow_url_hosts,
                  "A host (and its subdomains) the HMA routes may fetch "
                  "?url= content from; repeatable; none by default")
      ->allow_extra_args(false);
  cmd->add_flag("--no-auth", flags->no_auth,
                "Serve every route without a token (development only; "
                "never on a shared network)");
  cmd->callback([ctx, flags] {
    ctx->run = [ctx, flags] { return RunServe(*ctx, *flags); };
  });
}

}  // namespace vigil::cli
