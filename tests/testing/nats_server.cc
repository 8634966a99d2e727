// Copyright 2026 The Vigil Authors.

#include "testing/nats_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include "testing/subprocess.h"

namespace vigil::testing {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr = Loopback(port);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

}  // namespace

std::string NatsServerPath() {
  if (const char* env = std::getenv("VIGIL_NATS_SERVER"); env && *env) {
    return env;
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/usr/sbin");
  for (std::string d; std::getline(dirs, d, ':');) {
    std::string p = d + "/nats-server";
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

NatsCluster::NatsCluster(std::string dir, int n) : dir_(std::move(dir)) {
  servers_.resize(n);
  for (Server& s : servers_) {
    s.port = FreeLoopbackPort();
    s.cluster_port = n > 1 ? FreeLoopbackPort() : 0;
  }
}

NatsCluster::~NatsCluster() {
  for (int i = 0; i < size(); ++i) Kill(i);
}

std::string NatsCluster::HostPorts() const {
  std::string out;
  for (const Server& s : servers_) {
    if (!out.empty()) out += ",";
    out += "127.0.0.1:" + std::to_string(s.port);
  }
  return out;
}

std::string NatsCluster::Log(int i) const {
  std::string log = ReadFileOrEmpty(dir_ + "/" + Name(i) + ".log");
  return log.size() > 4000 ? log.substr(log.size() - 4000) : log;
}

bool NatsCluster::StartOne(int i) {
  Server& s = servers_[i];
  std::string store = dir_ + "/" + Name(i);
  std::filesystem::create_directories(store);
  std::vector<std::string> argv = {
      NatsServerPath(),       "-js", "-a",  "127.0.0.1", "-p",
      std::to_string(s.port), "-sd", store, "-n",        Name(i)};
  if (size() > 1) {
    std::string routes;
    for (const Server& o : servers_) {
      if (!routes.empty()) routes += ",";
      routes += "nats://127.0.0.1:" + std::to_string(o.cluster_port);
    }
    argv.insert(argv.end(),
                {"--cluster_name", "vigil-test", "--cluster",
                 "nats://127.0.0.1:" + std::to_string(s.cluster_port),
                 "--routes", routes});
  }
  std::string log = dir_ + "/" + Name(i) + ".log";
  s.pid = StartProcess(argv, log, log);
  if (s.pid <= 0) return false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Accepts(s.port)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

bool NatsCluster::Start() {
  if (NatsServerPath().empty()) return false;
  for (int i = 0; i < size(); ++i) {
    if (!StartOne(i)) return false;
  }
  return true;
}

void NatsCluster::Kill(int i) {
  Server& s = servers_[i];
  if (s.pid <= 0) return;
  kill(s.pid, SIGKILL);
  WaitProcess(s.pid);
  s.pid = -1;
}

bool NatsCluster::Restart(int i) {
  Kill(i);
  return StartOne(i);
}

}  // namespace vigil::testing
