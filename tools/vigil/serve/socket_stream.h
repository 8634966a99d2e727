// Copyright 2026 The Vigil Authors.
//
// A connection's bytes for cpp-httplib, plain or TLS, on a non-blocking
// socket: every wait is a poll bounded by the per-operation timeout and,
// for reads, by the request's deadline (set per request by the transport,
// http_server.h). Reads are buffered (cpp-httplib reads headers a byte at a
// time) and a reply's pieces are gathered into one send.
//
// Thread-safety: one thread at a time.

#ifndef VIGIL_TOOLS_VIGIL_SERVE_SOCKET_STREAM_H_
#define VIGIL_TOOLS_VIGIL_SERVE_SOCKET_STREAM_H_

#include <httplib.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

struct ssl_st;

namespace vigil::serve {

class SocketStream : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  // `ssl`: the connection's TLS state, or null for plain HTTP (not owned).
  SocketStream(int fd, ssl_st* ssl, int64_t read_ms, int64_t write_ms)
      : fd_(fd), ssl_(ssl), read_ms_(read_ms), write_ms_(write_ms) {}

  void SetReadDeadline(Clock::time_point deadline) {
    read_deadline_ = deadline;
  }

  // The TLS handshake, by `deadline`.
  bool Handshake(Clock::time_point deadline);

  // Whether bytes are buffered (here or in TLS) or arrive within `ms`; 0:
  // only what is buffered. The gathered output is sent first: the peer
  // may wait for it.
  bool HasInput(int64_t ms) const;

  bool is_readable() const override { return HasInput(ReadWaitMs()); }
  bool is_writable() const override;

  // Served from a buffer filled by one receive each, not one system call
  // per byte. Bytes of a request pipelined behind this one stay buffered
  // for the next (HasInput sees them).
  ssize_t read(char* ptr, size_t size) override;

  // A reply's pieces (cpp-httplib writes the status line and headers,
  // then the body) are gathered and sent together by Flush: one send and
  // one segment per small reply instead of two. Output is flushed before
  // any wait for input, so an interim reply (100 Continue) is never held.
  ssize_t write(const char* ptr, size_t size) override;

  // Sends what write() gathered; false when the connection failed.
  bool Flush() const;

  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  // Bytes gathered before a send; larger writes go out directly.
  static constexpr size_t kOutBuffer = 16 * 1024;

  // Writes some of `ptr`, waiting as write() may; -1 on an error or a
  // timeout.
  ssize_t Send(const char* ptr, size_t size) const;
  // Up to `size` bytes, waiting as read() may; 0 at the connection's end,
  // -1 on an error or a timeout.
  ssize_t Receive(char* ptr, size_t size);
  // How long a read may wait now: the read timeout, cut at the deadline.
  int64_t ReadWaitMs() const;
  // After an OpenSSL call failed with `error`: waits for the socket state
  // it wants; false on a real error or a timeout.
  bool WaitFor(int error, bool reading) const;

  const int fd_;
  ssl_st* const ssl_;
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

}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_SOCKET_STREAM_H_
