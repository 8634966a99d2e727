// Copyright 2026 The Vigil Authors.
//
// A raw loopback TCP connection for tests of the service's transport: for
// clients no HTTP library would be (pipelined, split or stalled requests)
// and for what arrived on the wire.

#ifndef VIGIL_TESTS_TESTING_RAW_CONNECTION_H_
#define VIGIL_TESTS_TESTING_RAW_CONNECTION_H_

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::testing {

class RawConnection {
 public:
  // Connects to 127.0.0.1:`port`; see connected().
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  // Whether all of `bytes` was sent.
  bool Send(const std::string& bytes);
  // Whether the peer sent something or closed within `ms`.
  bool Answered(int ms);
  // What the peer sent until it closed or `ms` passed.
  std::string ReadAll(int ms);
  // What the peer sent until it contains `until`, closed or `ms` passed.
  std::string ReadUntil(const std::string& until, int ms);
  // The data segments received so far (DataSegmentsIn of tcp_stats.h).
  std::optional<uint32_t> DataSegmentsIn() const;

 private:
  std::string Read(const std::string* until, int ms);

  int fd_ = -1;
  bool connected_ = false;
};

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_TESTING_RAW_CONNECTION_H_
