// Copyright 2026 The Vigil Authors.
//
// Real nats-server processes (Debian nats-server) with JetStream, for the
// NATS sink's tests and benchmark: started on free loopback ports, stopped
// by pid. Nothing here talks the NATS protocol; the tests use nats.c.
//
//   NatsCluster cluster(dir, 3);        // or 1 for a single server
//   ASSERT_TRUE(cluster.Start());
//   std::string spec = "nats://" + cluster.HostPorts() + "/vigil.events";
//   cluster.Kill(0);                    // SIGKILL
//   cluster.Restart(0);                 // same ports and store directory

#ifndef VIGIL_TESTS_TESTING_NATS_SERVER_H_
#define VIGIL_TESTS_TESTING_NATS_SERVER_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace vigil::testing {

// Path of nats-server ($VIGIL_NATS_SERVER, else the PATH), "" if none.
std::string NatsServerPath();

// A free TCP port on 127.0.0.1 (bound and released: good enough for tests).
int FreeLoopbackPort();

class NatsCluster {
 public:
  // `dir` holds each server's store and log; n = 1 is a single server,
  // n > 1 a cluster (routes between all of them).
  NatsCluster(std::string dir, int n);
  ~NatsCluster();  // SIGKILLs whatever still runs
  NatsCluster(const NatsCluster&) = delete;
  NatsCluster& operator=(const NatsCluster&) = delete;

  // Starts every server and waits (up to 20 s) until each accepts TCP
  // connections. False on failure (see Log()).
  bool Start();
  // SIGKILLs server i and reaps it.
  void Kill(int i);
  // Starts server i again with the same ports and store; waits as Start.
  bool Restart(int i);

  int size() const { return static_cast<int>(servers_.size()); }
  // "n0", "n1", ...: the server names JetStream reports (e.g. as leader).
  std::string Name(int i) const { return "n" + std::to_string(i); }
  int ClientPort(int i) const { return servers_[i].port; }
  // "127.0.0.1:P0,127.0.0.1:P1,...".
  std::string HostPorts() const;
  // The last lines of server i's log, for failure messages.
  std::string Log(int i) const;

 private:
  struct Server {
    int port = 0;
    int cluster_port = 0;
    pid_t pid = -1;
  };
  bool StartOne(int i);

  std::string dir_;
  std::vector<Server> servers_;
};

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_TESTING_NATS_SERVER_H_
