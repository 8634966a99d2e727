// Copyright 2026 The Vigil Authors.
//
// RunGate: at most `slots` holders at a time, the others admitted in the
// order they arrived (a FIFO hand-over, not an unfair semaphore: a leaving
// holder hands its slot to the longest waiter, so nobody is overtaken).
//
// `vigil serve` runs one thread per connection; with 64 connections on 2
// cores the scheduler time-slices 64 request handlers mid-request, and a
// request's latency becomes the sum of everyone's slices. The transport
// (serve/http_server.h) lets a handler run only while it holds one of
// --threads slots, so the handlers become a queue of short jobs.
//
//   RunGate gate(2);
//   gate.Enter();   // blocks until this caller's turn
//   ...             // CPU work, no waits for other requests
//   gate.Leave();
//
// Thread-safety: every method may be called from any thread. A holder must
// not wait for another holder (deadlock): give the slot up around waits.

#ifndef VIGIL_TOOLS_VIGIL_SERVE_RUN_GATE_H_
#define VIGIL_TOOLS_VIGIL_SERVE_RUN_GATE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace vigil::serve {

class RunGate {
 public:
  // REQUIRES: slots >= 1.
  explicit RunGate(size_t slots) : free_(slots) {}
  RunGate(const RunGate&) = delete;
  RunGate& operator=(const RunGate&) = delete;

  // Takes a slot: at once when one is free and nobody waits, else after
  // every earlier caller has been admitted.
  void Enter() {
    std::unique_lock<std::mutex> lock(mu_);
    if (free_ > 0 && waiters_.empty()) {
      --free_;
      return;
    }
    Waiter self;
    waiters_.push_back(&self);
    self.cv.wait(lock, [&self] { return self.admitted; });
  }

  // Gives a slot back: to the longest waiter if there is one.
  // REQUIRES: the caller entered and has not left since.
  void Leave() {
    std::lock_guard<std::mutex> lock(mu_);
    if (waiters_.empty()) {
      ++free_;
      return;
    }
    Waiter* next = waiters_.front();
    waiters_.pop_front();
    next->admitted = true;
    // Under the lock: once it sees `admitted`, the waiter returns and its
    // Waiter (on its stack) is gone.
    next->cv.notify_one();
  }

  // Callers blocked in Enter() now.
  size_t Waiting() const {
    std::lock_guard<std::mutex> lock(mu_);
    return waiters_.size();
  }

 private:
  struct Waiter {
    std::condition_variable cv;
    bool admitted = false;
  };

  mutable std::mutex mu_;
  size_t free_;
  std::deque<Waiter*> waiters_;
};

}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_RUN_GATE_H_
