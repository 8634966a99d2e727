// Copyright 2026 The Vigil Authors.

#include "testing/tcp_stats.h"

#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>

namespace vigil::testing {

std::optional<uint32_t> DataSegmentsIn(int fd) {
  tcp_info info{};
  socklen_t len = sizeof(info);
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0 ||
      len < offsetof(tcp_info, tcpi_data_segs_in) +
                sizeof(info.tcpi_data_segs_in)) {
    return std::nullopt;
  }
  return info.tcpi_data_segs_in;
}

}  // namespace vigil::testing
