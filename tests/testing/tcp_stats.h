// Copyright 2026 The Vigil Authors.
//
// Counters of a TCP socket for tests of the transport: how a peer's bytes
// arrived. Kept apart because <linux/tcp.h>, which has them, clashes with
// <netinet/tcp.h> (included by cpp-httplib).

#ifndef VIGIL_TESTS_TESTING_TCP_STATS_H_
#define VIGIL_TESTS_TESTING_TCP_STATS_H_

#include <cstdint>
#include <optional>

namespace vigil::testing {

// The segments carrying data that socket `fd` has received (RFC 4898
// tcpEStatsDataSegsIn; Linux 4.6+); nullopt when the kernel does not say.
std::optional<uint32_t> DataSegmentsIn(int fd);

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_TESTING_TCP_STATS_H_
