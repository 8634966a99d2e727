// Copyright 2026 The Vigil Authors.
//
// The transport of `vigil serve`: a cpp-httplib Server whose connections we
// run ourselves, so that the limits hold against hostile clients and a
// few threads serve many connections:
//
// - TLS (OpenSSL) when a certificate and key are given, else plain HTTP.
// - Deadlines: the request line and headers (and the TLS handshake) must
//   arrive within `header_timeout_seconds` of the first byte, the body
//   within `body_timeout_seconds` after the headers; each read or write may
//   wait at most the server's read/write timeout. A client that trickles a
//   header (slowloris) or a body is cut off, whatever its pace.
// - Workers: connections waiting for their next request sit in one epoll
//   set and cost no thread; `workers` threads take the connections whose
//   request has begun to arrive, in the order they became ready, and serve
//   one request (or the requests already buffered) each. A worker held
//   longer than `stall_ms` by one request (a long-poll, a slow upload, a
//   large scan) is made up for by another thread, so that `workers` are
//   always free for short requests; the extra threads end when no longer
//   needed. On 2 cores, 64 busy connections are thus a queue of short jobs
//   for a few threads, not 64 threads time-sliced mid-request.
// - A concurrency cap: at most `max_inflight` requests between their
//   headers and their reply; one more gets the overload handler's reply
//   (429 with Retry-After) before its body is read, and the connection is
//   closed. Request bodies in memory are thus bounded by max_inflight x
//   the payload limit.
// - At most `max_connections` connections are open at once (idle
//   keep-alive ones included, closed after the keep-alive timeout); as
//   many more wait, accepted, until one closes; beyond that a new
//   connection gets 503 (plain HTTP) or is closed (TLS) at once.
// - A listen backlog of `listen_backlog` (cpp-httplib listens with 5):
//   a burst of connections is queued by the kernel, not dropped; dropped
//   handshakes cost a client a retransmission (1 s and more) per try.
//
// cpp-httplib parses and routes (Server::process_request); only the socket
// loop, the byte stream and the threads are ours. The pre-routing handler
// is taken by the cap: do not set another.
//
// Thread-safety: as httplib::Server; InFlight() from any thread.

#ifndef VIGIL_TOOLS_VIGIL_SERVE_HTTP_SERVER_H_
#define VIGIL_TOOLS_VIGIL_SERVE_HTTP_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "vigil/result.h"

namespace vigil::serve {

struct TransportOptions {
  // PEM files; both empty: plain HTTP.
  std::string tls_cert_path;
  std::string tls_key_path;
  int header_timeout_seconds = 10;
  int body_timeout_seconds = 60;
  size_t max_inflight = 64;
  size_t max_connections = 256;
  // Threads serving requests (0: cores, at least 2), and how long one
  // request may hold one before another thread is started beside it.
  size_t workers = 0;
  int stall_ms = 20;
  // Requests served on one connection before it is closed.
  size_t keep_alive_max_requests = 1000;
  // Connections the kernel queues before they are accepted (capped by
  // net.core.somaxconn). Default 4096.
  int listen_backlog = 4096;
};

class GuardedServer : public httplib::Server {
 public:
  // Fills the reply to a request refused by the concurrency cap (status,
  // Retry-After and body are the handler's; "Connection: close" is added).
  using OverloadHandler =
      std::function<void(const httplib::Request&, httplib::Response&)>;

  // Loads the TLS certificate and key when given (an error names the file).
  static Result<std::unique_ptr<GuardedServer>> Create(
      const TransportOptions& options, OverloadHandler on_overload);
  ~GuardedServer() override;

  // Binds `host`:`port` (0: any free port) with the listen backlog; the
  // port bound, or -1 on failure. Then listen_after_bind().
  int Bind(const std::string& host, int port);

  bool tls() const { return ssl_ctx_ != nullptr; }
  // Requests being read or handled now.
  uint64_t InFlight() const { return inflight_.load(); }
  // Requests refused by the cap since the start.
  uint64_t Refused() const { return refused_.load(); }

 private:
  class Connections;
  class InlineQueue;
  struct Connection;

  GuardedServer(const TransportOptions& options, OverloadHandler on_overload);
  // Called on the accept thread: hands the socket to connections_.
  bool process_and_close_socket(socket_t sock) override;
  // Serves the request that has begun to arrive on `c` and any requests
  // buffered behind it; false when the connection is to be closed.
  bool ServeReady(Connection& c);
  // Counts a request in; false (and nothing counted) when at the cap.
  bool Admit();

  const TransportOptions options_;
  const OverloadHandler on_overload_;
  struct ssl_ctx_st* ssl_ctx_ = nullptr;
  std::atomic<uint64_t> inflight_{0};
  std::atomic<uint64_t> refused_{0};
  std::unique_ptr<Connections> connections_;
};

}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_HTTP_SERVER_H_
