// Copyright 2026 The Vigil Authors.

#include "tools/vigil/serve/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace vigil::serve {
namespace {

using Clock = std::chrono::steady_clock;

// The request being served on this thread (the pre-routing handler runs on
// the connection's thread, inside process_request).
struct Current {
  void* stream = nullptr;  // GuardedServer::SocketStream
  bool admitted = false;
  bool refused = false;
};
thread_local Current current;
// Set while the accept thread runs a connection the pool had no room for.
thread_local bool reject_inline = false;

// Waits for `events` on `fd` up to `ms`; true when ready.
bool Poll(int fd, short events, int64_t ms) {
  if (ms <= 0) return false;
  pollfd p{fd, events, 0};
  while (true) {
    int r = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(ms, 1 << 30)));
    if (r < 0 && errno == EINTR) continue;
    return r > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  ERR_clear_error();
  return buf;
}

void Address(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  int r = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
               : getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (r != 0) return;
  char buf[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof(buf));
    port = ntohs(a->sin6_port);
  }
  ip = buf;
}

// The reply to a connection beyond max_connections and its queue, written
// without waiting (on the accept thread): HMA's error shape.
const std::string& BusyReply() {
  static const std::string reply = [] {
    const std::string body = R"({"message":"too many connections"})";
    return "HTTP/1.1 503 Service Unavailable\r\n"
           "Content-Type: application/json\r\n"
           "Retry-After: 1\r\n"
           "Connection: close\r\n"
           "Content-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }();
  return reply;
}

}  // namespace

// A connection's bytes, plain or TLS, on a non-blocking socket: every wait
// is a poll bounded by the per-operation timeout and, for reads, by the
// request's deadline.
class GuardedServer::SocketStream : public httplib::Stream {
 public:
  SocketStream(int fd, SSL* ssl, int64_t read_ms, int64_t write_ms)
      : fd_(fd), ssl_(ssl), read_ms_(read_ms), write_ms_(write_ms) {}

  void SetReadDeadline(Clock::time_point deadline) {
    read_deadline_ = deadline;
  }

  // The TLS handshake, by `deadline`.
  bool Handshake(Clock::time_point deadline) {
    read_deadline_ = deadline;
    while (true) {
      int r = SSL_accept(ssl_);
      if (r == 1) return true;
      if (!WaitFor(SSL_get_error(ssl_, r), true)) return false;
    }
  }

  // Whether bytes are buffered or arrive within `ms` (the gathered
  // output is sent first: the peer may wait for it).
  bool HasInput(int64_t ms) const {
    if (buffered_ < filled_) return true;
    if (!out_.empty() && !Flush()) return false;
    if (ssl_ != nullptr && SSL_has_pending(ssl_)) return true;
    return Poll(fd_, POLLIN, ms);
  }

  bool is_readable() const override { return HasInput(ReadWaitMs()); }
  bool is_writable() const override { return Poll(fd_, POLLOUT, write_ms_); }

  // cpp-httplib reads the request line and headers one byte at a time:
  // they are served from a buffer filled by one receive each, not one
  // system call per byte. Bytes of a request pipelined behind this one
  // stay buffered for the next (HasInput sees them).
  ssize_t read(char* ptr, size_t size) override {
    if (size == 0) return 0;
    if (buffered_ == filled_) {
      if (size >= buffer_.size()) return Receive(ptr, size);
      const ssize_t r = Receive(buffer_.data(), buffer_.size());
      if (r <= 0) return r;
      buffered_ = 0;
      filled_ = static_cast<size_t>(r);
    }
    const size_t n = std::min(size, filled_ - buffered_);
    std::memcpy(ptr, buffer_.data() + buffered_, n);
    buffered_ += n;
    return static_cast<ssize_t>(n);
  }

  // A reply's pieces (cpp-httplib writes the status line and headers,
  // then the body) are gathered and sent together by Flush: one send and
  // one segment per small reply instead of two. Output is flushed before
  // any wait for input, so an interim reply (100 Continue) is never held.
  ssize_t write(const char* ptr, size_t size) override {
    if (size == 0) return 0;
    if (out_.size() + size <= kOutBuffer) {
      out_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    if (!Flush()) return -1;
    if (size < kOutBuffer) {
      out_.assign(ptr, size);
      return static_cast<ssize_t>(size);
    }
    return Send(ptr, size);
  }

  // Sends what write() gathered; false when the connection failed.
  bool Flush() const {
    size_t sent = 0;
    while (sent < out_.size()) {
      const ssize_t r = Send(out_.data() + sent, out_.size() - sent);
      if (r <= 0) {
        out_.clear();
        return false;
      }
      sent += static_cast<size_t>(r);
    }
    out_.clear();
    return true;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    Address(fd_, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    Address(fd_, false, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  // Bytes gathered before a send; larger writes go out directly.
  static constexpr size_t kOutBuffer = 16 * 1024;

  // Writes some of `ptr` to the connection, waiting as write() may; -1 on
  // an error or a timeout.
  ssize_t Send(const char* ptr, size_t size) const {
    while (true) {
      if (ssl_ != nullptr) {
        int r = SSL_write(ssl_, ptr,
                          static_cast<int>(std::min<size_t>(size, 1 << 30)));
        if (r > 0) return r;
        if (!WaitFor(SSL_get_error(ssl_, r), false)) return -1;
      } else {
        ssize_t r = ::send(fd_, ptr, size, MSG_NOSIGNAL);
        if (r >= 0) return r;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
        if (!Poll(fd_, POLLOUT, write_ms_)) return -1;
      }
    }
  }

  // Up to `size` bytes from the connection (TLS or plain), waiting as
  // read() may; 0 at its end, -1 on an error or a timeout.
  ssize_t Receive(char* ptr, size_t size) {
    if (!out_.empty() && !Flush()) return -1;
    while (true) {
      if (ssl_ != nullptr) {
        int r = SSL_read(ssl_, ptr,
                         static_cast<int>(std::min<size_t>(size, 1 << 30)));
        if (r > 0) return r;
        int e = SSL_get_error(ssl_, r);
        if (e == SSL_ERROR_ZERO_RETURN) return 0;
        if (!WaitFor(e, true)) return -1;
      } else {
        ssize_t r = ::recv(fd_, ptr, size, 0);
        if (r >= 0) return r;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
        if (!Poll(fd_, POLLIN, ReadWaitMs())) return -1;
      }
    }
  }

  // How long a read may wait now: the read timeout, cut at the deadline.
  int64_t ReadWaitMs() const {
    const int64_t left = std::chrono::duration_cast<std::chrono::milliseconds>(
                             read_deadline_ - Clock::now())
                             .count();
    return std::min(read_ms_, left);
  }

  // After an OpenSSL call failed with `error`: waits for the socket state
  // it wants; false on a real error or a timeout.
  bool WaitFor(int error, bool reading) const {
    if (error == SSL_ERROR_WANT_READ) {
      return Poll(fd_, POLLIN, reading ? ReadWaitMs() : write_ms_);
    }
    if (error == SSL_ERROR_WANT_WRITE) {
      return Poll(fd_, POLLOUT, reading ? ReadWaitMs() : write_ms_);
    }
    ERR_clear_error();
    return false;
  }

  const int fd_;
  SSL* const ssl_;
  const int64_t read_ms_;
  const int64_t write_ms_;
  Clock::time_point read_deadline_ = Clock::time_point::max();
  std::array<char, 4096> buffer_;
  size_t buffered_ = 0;  // buffer_[buffered_, filled_) not yet read
  size_t filled_ = 0;
  // Written but not yet sent (Flush); mutable: a wait for input, which is
  // const, sends it first.
  mutable std::string out_;
};

// A fixed pool of connection threads with a bounded wait queue; a
// connection beyond both runs at once on the accept thread in reject mode.
class GuardedServer::Pool : public httplib::TaskQueue {
 public:
  Pool(size_t threads, size_t max_queued) : max_queued_(max_queued) {
    for (size_t i = 0; i < threads; ++i) {
      threads_.emplace_back([this] { Work(); });
    }
  }

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (jobs_.size() < max_queued_) {
        jobs_.push_back(std::move(fn));
        cv_.notify_one();
        return;
      }
    }
    reject_inline = true;
    fn();
    reject_inline = false;
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

 private:
  void Work() {
    while (true) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

Result<std::unique_ptr<GuardedServer>> GuardedServer::Create(
    const TransportOptions& options, OverloadHandler on_overload) {
  std::unique_ptr<GuardedServer> server(
      new GuardedServer(options, std::move(on_overload)));
  if (options.tls_cert_path.empty() != options.tls_key_path.empty()) {
    return InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  if (options.tls_cert_path.empty()) return server;
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return InternalError("TLS: " + OpenSslError());
  server->ssl_ctx_ = ctx;
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (SSL_CTX_use_certificate_chain_file(ctx, options.tls_cert_path.c_str()) !=
      1) {
    return InvalidArgumentError("cannot load TLS certificate " +
                                options.tls_cert_path + ": " + OpenSslError());
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, options.tls_key_path.c_str(),
                                  SSL_FILETYPE_PEM) != 1) {
    return InvalidArgumentError("cannot load TLS key " + options.tls_key_path +
                                ": " + OpenSslError());
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return InvalidArgumentError("TLS key " + options.tls_key_path +
                                " does not match certificate " +
                                options.tls_cert_path);
  }
  return server;
}

GuardedServer::GuardedServer(const TransportOptions& options,
                             OverloadHandler on_overload)
    : options_(options), on_overload_(std::move(on_overload)) {
  const size_t connections = std::max<size_t>(1, options_.max_connections);
  new_task_queue = [connections] { return new Pool(connections, connections); };
  // The Keep-Alive header cpp-httplib writes announces this count.
  set_keep_alive_max_count(
      std::max<size_t>(1, options_.keep_alive_max_requests));
  set_pre_routing_handler([this](const httplib::Request& req,
                                 httplib::Response& res) {
    // The headers are in: from now on the body's deadline applies.
    if (current.stream != nullptr) {
      static_cast<SocketStream*>(current.stream)
          ->SetReadDeadline(Clock::now() + std::chrono::seconds(
                                               options_.body_timeout_seconds));
    }
    if (Admit()) {
      current.admitted = true;
      return HandlerResponse::Unhandled;
    }
    refused_.fetch_add(1);
    current.refused = true;
    on_overload_(req, res);
    res.set_header("Connection", "close");
    return HandlerResponse::Handled;
  });
}

GuardedServer::~GuardedServer() {
  if (ssl_ctx_ != nullptr) SSL_CTX_free(ssl_ctx_);
}

int GuardedServer::Bind(const std::string& host, int port) {
  if (port == 0) {
    port = bind_to_any_port(host);
  } else if (!bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) return -1;
  // Listening again on a listening socket sets its backlog (listen(2)).
  if (::listen(svr_sock_, std::max(1, options_.listen_backlog)) != 0) return -1;
  return port;
}

bool GuardedServer::Admit() {
  uint64_t n = inflight_.load();
  while (n < options_.max_inflight) {
    if (inflight_.compare_exchange_weak(n, n + 1)) return true;
  }
  return false;
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  if (reject_inline) {
    if (ssl_ctx_ == nullptr) {
      (void)::send(sock, BusyReply().data(), BusyReply().size(),
                   MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return false;
  }
  // Non-blocking: every wait is our poll with its deadline. No Nagle: a
  // large reply goes out as several sends (and a streamed one as chunks),
  // which Nagle would hold back until the client's delayed ACK.
  fcntl(sock, F_SETFL, fcntl(sock, F_GETFL) | O_NONBLOCK);
  int one = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));

  const int64_t read_ms = read_timeout_sec_ * 1000 + read_timeout_usec_ / 1000;
  const int64_t write_ms =
      write_timeout_sec_ * 1000 + write_timeout_usec_ / 1000;
  SSL* ssl = nullptr;
  if (ssl_ctx_ != nullptr) {
    ssl = SSL_new(ssl_ctx_);
    if (ssl != nullptr) SSL_set_fd(ssl, sock);
  }
  SocketStream stream(sock, ssl, read_ms, write_ms);
  const auto header_time =
      std::chrono::seconds(options_.header_timeout_seconds);

  bool ok = ssl_ctx_ == nullptr ||
            (ssl != nullptr && stream.Handshake(Clock::now() + header_time));
  // Waits for a request's first byte up to the keep-alive timeout, in
  // slices, so that a stop is seen.
  auto next_request = [&] {
    const auto until =
        Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
    while (svr_sock_ != INVALID_SOCKET && Clock::now() < until) {
      if (stream.HasInput(100)) return true;
    }
    return false;
  };
  size_t left = keep_alive_max_count_;
  while (ok && left > 0 && next_request()) {
    stream.SetReadDeadline(Clock::now() + header_time);
    current = Current{&stream, false, false};
    bool closed = false;
    ok = process_request(stream, left == 1, closed,
                         [ssl](httplib::Request& req) { req.ssl = ssl; });
    ok = stream.Flush() && ok;  // the reply, gathered by write()
    if (current.admitted) inflight_.fetch_sub(1);
    const bool refused = current.refused;
    current = Current{};
    if (closed || refused) break;
    --left;
  }
  if (ssl != nullptr) {
    if (ok) SSL_shutdown(ssl);  // best effort, non-blocking
    SSL_free(ssl);
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace vigil::serve
