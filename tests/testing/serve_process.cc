// Copyright 2026 The Vigil Authors.

#include "testing/serve_process.h"

#include <signal.h>
#include <sys/wait.h>

#include <regex>
#include <thread>

#include "testing/subprocess.h"

namespace vigil::testing {

ServeProcess::~ServeProcess() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  WaitProcess(pid_);
}

::testing::AssertionResult ServeProcess::Start(
    const std::vector<std::string>& argv, const std::string& out_path,
    const std::string& err_path, const std::function<bool(int port)>& ready,
    std::chrono::seconds timeout) {
  using Clock = std::chrono::steady_clock;
  if (pid_ > 0) return ::testing::AssertionFailure() << "already running";
  err_path_ = err_path;
  port_ = 0;
  pid_ = StartProcess(argv, out_path, err_path);
  if (pid_ <= 0) return ::testing::AssertionFailure() << "cannot start";
  const auto deadline = Clock::now() + timeout;
  const std::regex listening("listening on https?://127.0.0.1:([0-9]+)");
  std::smatch m;
  while (Clock::now() < deadline && port_ == 0) {
    const std::string log = ReadFileOrEmpty(err_path);
    if (std::regex_search(log, m, listening)) {
      port_ = std::stoi(m[1]);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (port_ == 0) {
    return ::testing::AssertionFailure()
           << "no \"listening on\" line: " << ReadFileOrEmpty(err_path);
  }
  while (Clock::now() < deadline) {
    if (ready(port_)) return ::testing::AssertionSuccess();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return ::testing::AssertionFailure()
         << "not ready: " << ReadFileOrEmpty(err_path);
}

int ServeProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const int code = WaitProcess(pid_);
  pid_ = -1;
  return code;
}

}  // namespace vigil::testing
