// Copyright 2026 The Vigil Authors.
//
// A `vigil serve` subprocess for the end-to-end service tests: started on a
// free loopback port (`--listen 127.0.0.1:0`), its port read from the
// "listening on" line of its log, waited for until the test's readiness
// probe succeeds, and stopped by PID with SIGTERM.

#ifndef VIGIL_TESTS_TESTING_SERVE_PROCESS_H_
#define VIGIL_TESTS_TESTING_SERVE_PROCESS_H_

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace vigil::testing {

class ServeProcess {
 public:
  ServeProcess() = default;
  // Kills a process still running (SIGKILL) and reaps it.
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // Starts `argv` (a whole `vigil ... serve --listen 127.0.0.1:0 ...`
  // command line) with stdout and stderr appended to the given files, reads
  // the port from the log and waits until `ready(port)` is true, all within
  // `timeout`. On failure the result carries the log.
  ::testing::AssertionResult Start(
      const std::vector<std::string>& argv, const std::string& out_path,
      const std::string& err_path, const std::function<bool(int port)>& ready,
      std::chrono::seconds timeout = std::chrono::seconds(20));

  // Sends SIGTERM and waits: the exit code (0 for a clean shutdown), or -1
  // when nothing runs.
  int Stop();

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  const std::string& err_path() const { return err_path_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string err_path_;
};

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_TESTING_SERVE_PROCESS_H_
