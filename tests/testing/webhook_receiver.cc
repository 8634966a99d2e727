// Copyright 2026 The Vigil Authors.

#include "testing/webhook_receiver.h"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "testing/raw_connection.h"
#include "testing/subprocess.h"

namespace vigil::testing {

std::string WebhookReceiverScript() {
  return std::string(VIGIL_SOURCE_DIR) + "/tests/testing/webhook_receiver.py";
}

WebhookReceiver::WebhookReceiver(std::string dir,
                                 std::vector<std::string> secrets)
    : dir_(std::move(dir)), secrets_(std::move(secrets)) {}

WebhookReceiver::~WebhookReceiver() { Stop(); }

bool WebhookReceiver::Start(const std::string& responses, int port,
                            int retry_after, const std::string& tls_cert,
                            const std::string& tls_key) {
  Stop();
  const std::string port_file = dir_ + "/port." + std::to_string(++starts_);
  std::vector<std::string> argv = {
      "--log", log(), "--port", std::to_string(port), "--port-file", port_file};
  if (bench_) {
    if (responses != "200" || retry_after >= 0 || !tls_cert.empty()) {
      return false;  // webhook_bench_receiver answers 200, plain HTTP only
    }
    argv.insert(argv.begin(), std::string(VIGIL_BUILD_DIR) +
                                  "/bench/events/webhook_bench_receiver");
  } else {
    argv.insert(argv.begin(),
                {"/usr/bin/python3", WebhookReceiverScript(), "serve"});
    argv.insert(argv.end(), {"--responses", responses});
  }
  for (const auto& s : secrets_) {
    argv.push_back("--secret");
    argv.push_back(s);
  }
  if (!verify_) argv.push_back("--no-verify");
  if (!tls_cert.empty()) {
    argv.insert(argv.end(), {"--tls-cert", tls_cert, "--tls-key", tls_key});
  }
  if (retry_after >= 0) {
    argv.push_back("--retry-after");
    argv.push_back(std::to_string(retry_after));
  }
  pid_ = StartProcess(argv, dir_ + "/receiver.out", dir_ + "/receiver.err");
  if (pid_ <= 0) return false;
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < give_up) {
    std::string text = ReadFileOrEmpty(port_file);
    if (!text.empty()) {
      port_ = std::stoi(text);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void WebhookReceiver::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  WaitProcess(pid_);
  pid_ = -1;
}

std::vector<ReceivedRequest> WebhookReceiver::Requests() const {
  if (bench_ && pid_ > 0) {
    // webhook_bench_receiver buffers its log; GET /count flushes it.
    RawConnection c(port_);
    if (c.Send("GET /count HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               "Connection: close\r\n\r\n")) {
      c.ReadAll(5000);
    }
  }
  std::vector<ReceivedRequest> out;
  std::ifstream in(log());
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;  // a line being written
    ReceivedRequest r;
    r.id = j.value("id", "");
    r.timestamp = j.value("timestamp", "");
    r.signature = j.value("signature", "");
    r.body = j.value("body", "");
    r.status = j.value("status", "");
    r.verified = j.value("verified", false);
    r.at = j.value("at", 0.0);
    r.events = j.value("events", 0);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace vigil::testing
