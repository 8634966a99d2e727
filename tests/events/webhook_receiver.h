// Copyright 2026 The Vigil Authors.
//
// A real webhook receiver on loopback for tests: tests/events/
// webhook_receiver.py run with /usr/bin/python3, started on a free port (or
// a given one), stopped by its pid. It verifies every request's signature
// and logs what it got.

#ifndef VIGIL_TESTS_EVENTS_WEBHOOK_RECEIVER_H_
#define VIGIL_TESTS_EVENTS_WEBHOOK_RECEIVER_H_

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "testing/subprocess.h"

namespace vigil::testing {

inline std::string WebhookReceiverScript() {
  return std::string(VIGIL_SOURCE_DIR) + "/tests/events/webhook_receiver.py";
}

// One request as the receiver saw it.
struct ReceivedRequest {
  std::string id, timestamp, signature, body, status;
  bool verified = false;
  double at = 0;  // receive time, Unix seconds
};

class WebhookReceiver {
 public:
  // `dir` holds the log and port files. Secrets: what the receiver checks.
  WebhookReceiver(std::string dir, std::vector<std::string> secrets)
      : dir_(std::move(dir)), secrets_(std::move(secrets)) {}
  ~WebhookReceiver() { Stop(); }

  // Starts it answering with `responses` ("500,200": the last repeats;
  // "hang" never answers). port 0: a free one. False when it did not come
  // up within 10 s.
  bool Start(const std::string& responses, int port = 0, int retry_after = -1,
             const std::string& tls_cert = "",
             const std::string& tls_key = "") {
    Stop();
    const std::string port_file = dir_ + "/port." + std::to_string(++starts_);
    std::vector<std::string> argv = {"/usr/bin/python3",
                                     WebhookReceiverScript(),
                                     "serve",
                                     "--log",
                                     log(),
                                     "--port",
                                     std::to_string(port),
                                     "--port-file",
                                     port_file,
                                     "--responses",
                                     responses};
    for (const auto& s : secrets_) {
      argv.push_back("--secret");
      argv.push_back(s);
    }
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

  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    WaitProcess(pid_);
    pid_ = -1;
  }

  int port() const { return port_; }
  std::string log() const { return dir_ + "/requests.jsonl"; }
  std::string url(const std::string& path = "/hook") const {
    return "webhook+http://127.0.0.1:" + std::to_string(port_) + path;
  }

  std::vector<ReceivedRequest> Requests() const {
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
      out.push_back(std::move(r));
    }
    return out;
  }

 private:
  const std::string dir_;
  const std::vector<std::string> secrets_;
  pid_t pid_ = -1;
  int port_ = 0;
  int starts_ = 0;
};

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_EVENTS_WEBHOOK_RECEIVER_H_
