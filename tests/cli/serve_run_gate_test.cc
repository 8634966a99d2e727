// Copyright 2026 The Vigil Authors.
//
// serve/run_gate.h: the transport's run gate admits at most its slots at
// a time, and waiters in the order they arrived (issue #15: p99 at 64
// connections).

#include "tools/vigil/serve/run_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace vigil::serve {
namespace {

// Waits (bounded) until `gate` has `n` callers blocked in Enter().
bool WaitForWaiting(const RunGate& gate, size_t n) {
  const auto until =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (gate.Waiting() != n) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// Callers that find every slot taken are admitted in arrival order: each
// leaving holder hands its slot to the longest waiter.
TEST(RunGateTest, WaitersAreAdmittedInArrivalOrder) {
  RunGate gate(2);
  gate.Enter();
  gate.Enter();  // both slots held here
  constexpr int kWaiters = 6;
  std::mutex mu;
  std::vector<int> order;
  std::vector<std::thread> threads;
  for (int i = 0; i < kWaiters; ++i) {
    threads.emplace_back([&, i] {
      gate.Enter();
      {
        std::lock_guard<std::mutex> lock(mu);
        order.push_back(i);
      }
      gate.Leave();
    });
    // The next one arrives only once this one waits.
    ASSERT_TRUE(WaitForWaiting(gate, static_cast<size_t>(i + 1)));
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_TRUE(order.empty());  // nobody got past two held slots
  }
  // One slot goes round the waiters, one by one.
  gate.Leave();
  for (std::thread& t : threads) t.join();
  gate.Leave();
  std::vector<int> expected;
  for (int i = 0; i < kWaiters; ++i) expected.push_back(i);
  EXPECT_EQ(order, expected);
  EXPECT_EQ(gate.Waiting(), 0u);
}

// Under contention, never more holders than slots, and every caller gets
// through.
TEST(RunGateTest, AdmitsAtMostItsSlots) {
  constexpr size_t kSlots = 3;
  constexpr int kThreads = 12;
  constexpr int kRounds = 2000;
  RunGate gate(kSlots);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int r = 0; r < kRounds; ++r) {
        gate.Enter();
        const int now = inside.fetch_add(1) + 1;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        if (r % 64 == 0) std::this_thread::yield();
        inside.fetch_sub(1);
        gate.Leave();
        done.fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_LE(most.load(), static_cast<int>(kSlots));
  EXPECT_GE(most.load(), 1);
  EXPECT_EQ(done.load(), kThreads * kRounds);
  // All slots are free again: kSlots callers get in without waiting.
  for (size_t i = 0; i < kSlots; ++i) gate.Enter();
  EXPECT_EQ(gate.Waiting(), 0u);
  for (size_t i = 0; i < kSlots; ++i) gate.Leave();
}

}  // namespace
}  // namespace vigil::serve
