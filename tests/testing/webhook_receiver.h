// Copyright 2026 The Vigil Authors.
//
// A real webhook receiver on loopback for tests and benchmarks:
// tests/testing/webhook_receiver.py run with /usr/bin/python3, started on a
// free port (or a given one), stopped by its pid. It verifies every
// request's signature (unless told not to) and logs what it got.
// Benchmarks can start bench/events/webhook_bench_receiver instead
// (set_bench_program): the same checks for far less CPU, answering 200
// only, and logging no body, timestamp or signature.

#ifndef VIGIL_TESTS_TESTING_WEBHOOK_RECEIVER_H_
#define VIGIL_TESTS_TESTING_WEBHOOK_RECEIVER_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace vigil::testing {

// The receiver script (webhook_receiver.py in the source tree).
std::string WebhookReceiverScript();

// One request as the receiver saw it.
struct ReceivedRequest {
  std::string id, timestamp, signature, body, status;
  bool verified = false;
  double at = 0;  // receive time, Unix seconds
  // Events in the body: 1 for an event, the length of a batch (a JSON
  // array), 0 when the body is not JSON.
  int events = 0;
};

class WebhookReceiver {
 public:
  // `dir` holds the log and port files. Secrets: what the receiver checks.
  WebhookReceiver(std::string dir, std::vector<std::string> secrets);
  ~WebhookReceiver();  // Stop()
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  // Starts it answering with `responses` ("500,200": the last repeats;
  // "hang" never answers). port 0: a free one. False when it did not come
  // up within 10 s.
  bool Start(const std::string& responses, int port = 0, int retry_after = -1,
             const std::string& tls_cert = "", const std::string& tls_key = "");
  // SIGKILLs the receiver and reaps it.
  void Stop();

  // For benchmarks: from the next Start(), signatures are not checked (every
  // request is logged with verified = false). Default: checked.
  void set_verify(bool verify) { verify_ = verify; }
  // For benchmarks: from the next Start(), the receiver is the C++
  // webhook_bench_receiver of the build tree (Start() then takes only
  // responses "200", no TLS and no Retry-After). Default: the Python one.
  void set_bench_program(bool bench) { bench_ = bench; }

  int port() const { return port_; }
  std::string log() const { return dir_ + "/requests.jsonl"; }
  std::string url(const std::string& path = "/hook") const {
    return "webhook+http://127.0.0.1:" + std::to_string(port_) + path;
  }

  // Every request logged so far, in arrival order.
  std::vector<ReceivedRequest> Requests() const;

 private:
  const std::string dir_;
  const std::vector<std::string> secrets_;
  bool verify_ = true;
  bool bench_ = false;
  pid_t pid_ = -1;
  int port_ = 0;
  int starts_ = 0;
};

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_TESTING_WEBHOOK_RECEIVER_H_
