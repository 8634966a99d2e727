// Copyright 2026 The Vigil Authors.

#include "tools/vigil/serve/socket_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace vigil::serve {
namespace {

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

// Waits for `events` on `fd` up to `ms`; true when ready.
bool PollFd(int fd, short events, int64_t ms) {
  if (ms <= 0) return false;
  pollfd p{fd, events, 0};
  while (true) {
    int r = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(ms, 1 << 30)));
    if (r < 0 && errno == EINTR) continue;
    return r > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

}  // namespace

bool SocketStream::Handshake(Clock::time_point deadline) {
  read_deadline_ = deadline;
  while (true) {
    int r = SSL_accept(ssl_);
    if (r == 1) return true;
    if (!WaitFor(SSL_get_error(ssl_, r), true)) return false;
  }
}

bool SocketStream::HasInput(int64_t ms) const {
  if (buffered_ < filled_) return true;
  if (!out_.empty() && !Flush()) return false;
  if (ssl_ != nullptr && SSL_has_pending(ssl_)) return true;
  return PollFd(fd_, POLLIN, ms);
}

bool SocketStream::is_writable() const {
  return PollFd(fd_, POLLOUT, write_ms_);
}

ssize_t SocketStream::read(char* ptr, size_t size) {
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

ssize_t SocketStream::write(const char* ptr, size_t size) {
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

bool SocketStream::Flush() const {
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

void SocketStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  Address(fd_, true, ip, port);
}

void SocketStream::get_local_ip_and_port(std::string& ip, int& port) const {
  Address(fd_, false, ip, port);
}

ssize_t SocketStream::Send(const char* ptr, size_t size) const {
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
      if (!PollFd(fd_, POLLOUT, write_ms_)) return -1;
    }
  }
}

ssize_t SocketStream::Receive(char* ptr, size_t size) {
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
      if (!PollFd(fd_, POLLIN, ReadWaitMs())) return -1;
    }
  }
}

int64_t SocketStream::ReadWaitMs() const {
  const int64_t left = std::chrono::duration_cast<std::chrono::milliseconds>(
                           read_deadline_ - Clock::now())
                           .count();
  return std::min(read_ms_, left);
}

bool SocketStream::WaitFor(int error, bool reading) const {
  if (error == SSL_ERROR_WANT_READ) {
    return PollFd(fd_, POLLIN, reading ? ReadWaitMs() : write_ms_);
  }
  if (error == SSL_ERROR_WANT_WRITE) {
    return PollFd(fd_, POLLOUT, reading ? ReadWaitMs() : write_ms_);
  }
  ERR_clear_error();
  return false;
}

}  // namespace vigil::serve
