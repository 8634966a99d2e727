// Copyright 2026 The Vigil Authors.

#include "tools/vigil/serve/http_server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "tools/vigil/serve/socket_stream.h"

namespace vigil::serve {
namespace {

using Clock = std::chrono::steady_clock;

// The request being served on this thread (the pre-routing handler runs on
// the worker's thread, inside process_request).
struct Current {
  SocketStream* stream = nullptr;
  bool admitted = false;
  bool refused = false;
};
thread_local Current current;

std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  ERR_clear_error();
  return buf;
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

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             Clock::now().time_since_epoch())
      .count();
}

}  // namespace

// An open connection: its socket, TLS state and byte stream, and the
// requests it may still make.
struct GuardedServer::Connection {
  Connection(int fd_in, SSL* ssl_in, int64_t read_ms, int64_t write_ms,
             size_t max_requests)
      : fd(fd_in),
        ssl(ssl_in),
        stream(fd_in, ssl_in, read_ms, write_ms),
        left(max_requests) {}
  ~Connection() {
    if (ssl != nullptr) {
      if (ok) SSL_shutdown(ssl);  // best effort, non-blocking
      SSL_free(ssl);
    }
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }

  const int fd;
  SSL* const ssl;
  SocketStream stream;
  size_t left;
  bool handshaken = false;
  bool ok = true;  // false once a request failed: no TLS close_notify
  // Guarded by Connections::mu_.
  bool armed = false;  // in the epoll set, waiting for input
  Clock::time_point idle_since;
};

// The open connections, the epoll set of the idle ones, the waiting
// queue, and the worker threads.
class GuardedServer::Connections {
 public:
  Connections(GuardedServer* server, size_t workers, size_t max_open,
              int stall_ms)
      : server_(server),
        base_(std::max<size_t>(1, workers)),
        max_open_(std::max<size_t>(1, max_open)),
        stall_ns_(int64_t{std::max(1, stall_ms)} * 1000000) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) error_ = errno;
    wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_ < 0 && error_ == 0) error_ = errno;
    if (!ok()) return;  // no threads: Create() fails
    epoll_event ev{};
    ev.events = EPOLLIN;  // level-triggered: wakes every worker at a stop
    ev.data.u64 = 0;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
    std::lock_guard<std::mutex> lock(workers_mu_);
    for (size_t i = 0; i < base_; ++i) StartWorkerLocked();
    monitor_ = std::thread([this] { Monitor(); });
  }

  // False when the epoll set or its wake-up could not be made (out of
  // file descriptors): nothing would be served.
  bool ok() const { return epoll_ >= 0 && wake_ >= 0; }
  // Why not ok() (an errno).
  int error() const { return error_; }

  ~Connections() {
    Stop();
    if (wake_ >= 0) ::close(wake_);
    if (epoll_ >= 0) ::close(epoll_);
  }

  // On the accept thread: a new connection is opened, queued or refused.
  void Add(int fd) {
    // Non-blocking: every wait is a poll with its deadline. No Nagle: a
    // large reply goes out as several sends (and a streamed one as
    // chunks), which Nagle would hold back until the client's delayed ACK.
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    std::unique_lock<std::mutex> lock(mu_);
    if (!stopping_ && open_.size() < max_open_) {
      OpenLocked(fd);
      return;
    }
    if (!stopping_ && waiting_.size() < max_open_) {
      waiting_.push_back(fd);
      return;
    }
    lock.unlock();
    if (server_->ssl_ctx_ == nullptr) {
      (void)::send(fd, BusyReply().data(), BusyReply().size(),
                   MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }

  // Ends the workers (a request being served is finished first) and
  // closes every connection.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof(one));
    monitor_cv_.notify_all();
    if (monitor_.joinable()) monitor_.join();
    std::list<Worker> workers;
    {
      std::lock_guard<std::mutex> lock(workers_mu_);
      workers.swap(workers_);
    }
    for (Worker& w : workers) w.thread.join();
    std::unordered_map<uint64_t, std::unique_ptr<Connection>> open;
    std::deque<int> waiting;
    {
      std::lock_guard<std::mutex> lock(mu_);
      open.swap(open_);
      waiting.swap(waiting_);
    }
    for (int fd : waiting) ::close(fd);
  }

 private:
  struct Worker {
    std::thread thread;
    std::atomic<int64_t> busy_since{0};  // ns; 0: waiting for work
    std::atomic<bool> done{false};
  };

  void OpenLocked(int fd) {
    SSL* ssl = nullptr;
    if (server_->ssl_ctx_ != nullptr) {
      ssl = SSL_new(server_->ssl_ctx_);
      if (ssl == nullptr) {
        ::close(fd);
        return;
      }
      SSL_set_fd(ssl, fd);
    }
    const int64_t read_ms =
        server_->read_timeout_sec_ * 1000 + server_->read_timeout_usec_ / 1000;
    const int64_t write_ms = server_->write_timeout_sec_ * 1000 +
                             server_->write_timeout_usec_ / 1000;
    auto c = std::make_unique<Connection>(fd, ssl, read_ms, write_ms,
                                          server_->keep_alive_max_count_);
    const uint64_t id = next_id_++;
    ArmLocked(id, *c);
    open_.emplace(id, std::move(c));
  }

  void ArmLocked(uint64_t id, Connection& c) {
    c.armed = true;
    c.idle_since = Clock::now();
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    ev.data.u64 = id;
    if (epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev) != 0) {
      epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
    }
  }

  // Removes connection `id` and opens a waiting one in its place; the
  // removed connection, to be destroyed outside the lock.
  std::unique_ptr<Connection> CloseLocked(uint64_t id) {
    auto it = open_.find(id);
    if (it == open_.end()) return nullptr;
    std::unique_ptr<Connection> c = std::move(it->second);
    open_.erase(it);
    epoll_ctl(epoll_, EPOLL_CTL_DEL, c->fd, nullptr);
    while (!stopping_ && !waiting_.empty() && open_.size() < max_open_) {
      const int fd = waiting_.front();
      waiting_.pop_front();
      OpenLocked(fd);
    }
    return c;
  }

  void StartWorkerLocked() {
    Worker& w = workers_.emplace_back();
    running_.fetch_add(1);
    w.thread = std::thread([this, &w] { Work(w); });
  }

  // Marks `self` ended (the monitor joins it).
  void End(Worker& self) {
    running_.fetch_sub(1);
    self.done.store(true);
  }

  // Workers not ended that wait for work or have been busy less than the
  // stall time.
  size_t FreeLocked() const {
    const int64_t now = NowNs();
    size_t free = 0;
    for (const Worker& w : workers_) {
      if (w.done.load()) continue;
      const int64_t since = w.busy_since.load();
      if (since == 0 || now - since < stall_ns_) ++free;
    }
    return free;
  }

  void Work(Worker& self) {
    while (true) {
      epoll_event ev{};
      const int n = epoll_wait(epoll_, &ev, 1, -1);
      if (n < 0 && errno != EINTR) break;
      if (n <= 0) continue;
      const uint64_t id = ev.data.u64;
      if (id == 0) break;  // stopping
      Connection* c = nullptr;
      {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = open_.find(id);
        // Gone (closed idle) or taken: nothing to do.
        if (it == open_.end() || !it->second->armed) continue;
        c = it->second.get();
        c->armed = false;
      }
      self.busy_since.store(NowNs());
      const bool keep = server_->ServeReady(*c);
      self.busy_since.store(0);
      std::unique_ptr<Connection> closed;
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (keep && !stopping_) {
          ArmLocked(id, *c);
        } else {
          closed = CloseLocked(id);
        }
      }
      closed.reset();
      if (Retire(self)) return;
    }
    End(self);
  }

  // After a request: a thread started beside a stalled one ends when
  // enough others are free.
  // With no thread beyond the base running (the common case), nothing
  // to count.
  bool Retire(Worker& self) {
    if (running_.load() <= base_) return false;
    std::lock_guard<std::mutex> lock(workers_mu_);
    if (FreeLocked() <= base_) return false;
    End(self);
    return true;
  }

  // Every few milliseconds: starts a thread when fewer than `base_` are
  // free (the others held by long requests), joins the ended ones, and
  // closes connections idle beyond the keep-alive timeout.
  void Monitor() {
    const auto tick = std::chrono::milliseconds(
        std::clamp<int64_t>(stall_ns_ / 2000000, 1, 10));
    auto next_sweep = Clock::now();
    std::unique_lock<std::mutex> wait_lock(monitor_mu_);
    while (!monitor_cv_.wait_for(wait_lock, tick, [this] {
      std::lock_guard<std::mutex> lock(mu_);
      return stopping_;
    })) {
      std::list<Worker> ended;
      {
        std::lock_guard<std::mutex> lock(workers_mu_);
        for (auto it = workers_.begin(); it != workers_.end();) {
          auto next = std::next(it);
          if (it->done.load()) ended.splice(ended.end(), workers_, it);
          it = next;
        }
        if (FreeLocked() < base_ && workers_.size() < max_open_ + base_) {
          StartWorkerLocked();
        }
      }
      for (Worker& w : ended) w.thread.join();
      if (Clock::now() >= next_sweep) {
        next_sweep = Clock::now() + std::chrono::milliseconds(100);
        CloseIdle();
      }
    }
  }

  void CloseIdle() {
    const auto limit = std::chrono::seconds(
        std::max<time_t>(1, server_->keep_alive_timeout_sec_));
    const auto now = Clock::now();
    std::vector<std::unique_ptr<Connection>> closed;
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<uint64_t> idle;
    for (const auto& [id, c] : open_) {
      if (c->armed && now - c->idle_since >= limit) idle.push_back(id);
    }
    for (uint64_t id : idle) closed.push_back(CloseLocked(id));
  }  // the lock is released before `closed` is destroyed

  GuardedServer* const server_;
  const size_t base_;
  const size_t max_open_;
  const int64_t stall_ns_;
  int epoll_ = -1;
  int wake_ = -1;
  int error_ = 0;

  std::mutex mu_;
  bool stopping_ = false;
  uint64_t next_id_ = 1;  // 0 is the wake-up
  std::unordered_map<uint64_t, std::unique_ptr<Connection>> open_;
  std::deque<int> waiting_;  // accepted, not yet open

  std::mutex workers_mu_;
  std::list<Worker> workers_;       // std::list: a Worker's address is stable
  std::atomic<size_t> running_{0};  // workers started and not ended

  std::mutex monitor_mu_;
  std::condition_variable monitor_cv_;
  std::thread monitor_;
};

// cpp-httplib's accept loop hands each connection to its task queue; ours
// passes it on at once (to process_and_close_socket, on the accept thread)
// and stops the connections when the loop ends.
class GuardedServer::InlineQueue : public httplib::TaskQueue {
 public:
  explicit InlineQueue(Connections* connections) : connections_(connections) {}
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override { connections_->Stop(); }

 private:
  Connections* const connections_;
};

Result<std::unique_ptr<GuardedServer>> GuardedServer::Create(
    const TransportOptions& options, OverloadHandler on_overload) {
  std::unique_ptr<GuardedServer> server(
      new GuardedServer(options, std::move(on_overload)));
  if (options.tls_cert_path.empty() != options.tls_key_path.empty()) {
    return InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  if (!server->connections_->ok()) {
    return InternalError(std::string("cannot create the epoll set: ") +
                         std::strerror(server->connections_->error()));
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
  const size_t workers =
      options_.workers > 0
          ? options_.workers
          : std::max<size_t>(2, std::thread::hardware_concurrency());
  connections_ = std::make_unique<Connections>(
      this, workers, options_.max_connections, options_.stall_ms);
  new_task_queue = [this] { return new InlineQueue(connections_.get()); };
  // The Keep-Alive header cpp-httplib writes announces this count.
  set_keep_alive_max_count(
      std::max<size_t>(1, options_.keep_alive_max_requests));
  set_pre_routing_handler([this](const httplib::Request& req,
                                 httplib::Response& res) {
    // The headers are in: from now on the body's deadline applies.
    if (current.stream != nullptr) {
      current.stream->SetReadDeadline(
          Clock::now() + std::chrono::seconds(options_.body_timeout_seconds));
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
  connections_.reset();  // before the TLS context its connections use
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
  connections_->Add(sock);
  return true;
}

bool GuardedServer::ServeReady(Connection& c) {
  SocketStream& stream = c.stream;
  const auto header_time =
      std::chrono::seconds(options_.header_timeout_seconds);
  if (!c.handshaken) {
    if (c.ssl != nullptr && !stream.Handshake(Clock::now() + header_time)) {
      c.ok = false;
      return false;
    }
    c.handshaken = true;
    // The handshake may have been all the client sent so far.
    if (c.ssl != nullptr && !stream.HasInput(0)) return true;
  }
  // The request that made the connection ready, then any buffered behind
  // it (pipelined: the epoll set does not see bytes we hold).
  do {
    if (svr_sock_ == INVALID_SOCKET || c.left == 0) return false;
    stream.SetReadDeadline(Clock::now() + header_time);
    current = Current{&stream, false, false};
    bool closed = false;
    SSL* ssl = c.ssl;
    c.ok = process_request(stream, c.left == 1, closed,
                           [ssl](httplib::Request& req) { req.ssl = ssl; });
    c.ok = stream.Flush() && c.ok;  // the reply, gathered by write()
    if (current.admitted) inflight_.fetch_sub(1);
    const bool refused = current.refused;
    current = Current{};
    if (!c.ok || closed || refused) return false;
    --c.left;
  } while (stream.HasInput(0));
  return c.left > 0;
}

}  // namespace vigil::serve
