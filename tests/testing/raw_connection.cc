// Copyright 2026 The Vigil Authors.

#include "testing/raw_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "testing/tcp_stats.h"

namespace vigil::testing {

RawConnection::RawConnection(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  connected_ = fd_ >= 0 && connect(fd_, reinterpret_cast<sockaddr*>(&addr),
                                   sizeof(addr)) == 0;
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::Send(const std::string& bytes) {
  return send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
         static_cast<ssize_t>(bytes.size());
}

bool RawConnection::Answered(int ms) {
  pollfd p{fd_, POLLIN, 0};
  return poll(&p, 1, ms) > 0;
}

std::string RawConnection::ReadAll(int ms) { return Read(nullptr, ms); }

std::string RawConnection::ReadUntil(const std::string& until, int ms) {
  return Read(&until, ms);
}

std::string RawConnection::Read(const std::string* until, int ms) {
  using Clock = std::chrono::steady_clock;
  std::string out;
  const auto deadline = Clock::now() + std::chrono::milliseconds(ms);
  char buf[4096];
  while (until == nullptr || out.find(*until) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - Clock::now())
                          .count();
    if (left <= 0 || !Answered(static_cast<int>(left))) break;
    const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::optional<uint32_t> RawConnection::DataSegmentsIn() const {
  return testing::DataSegmentsIn(fd_);
}

}  // namespace vigil::testing
