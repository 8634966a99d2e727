// Copyright 2026 The Vigil Authors.

#include "events/internal/delivery.h"

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "vigil/status_macros.h"

namespace vigil::internal {

using Clock = std::chrono::steady_clock;

// One sink's deliverer: a thread that moves the sink's cursor through the
// outbox. What is pending is counted, not queued: pending = the count taken
// at start (or at a resync) + events appended since - events delivered.
class SinkDeliverer {
 public:
  SinkDeliverer(Outbox* outbox, std::shared_ptr<EventSink> sink,
                std::string name, const DeliveryOptions& options,
                uint64_t pending, uint64_t appended)
      : outbox_(outbox),
        sink_(std::move(sink)),
        name_(std::move(name)),
        options_(options),
        base_pending_(static_cast<int64_t>(pending)),
        base_appended_(appended),
        rng_(std::random_device{}()) {
    thread_ = std::thread([this] { Run(); });
  }

  ~SinkDeliverer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    wake_cv_.notify_all();
    thread_.join();
  }

  const std::string& name() const { return name_; }

  void Notify() {
    // Under mu_ so that a deliverer between its check and its wait cannot
    // miss the wake-up (outbox_->appended() already counts the events).
    // A lingering deliverer is woken only by a full batch: a busy scan does
    // not wake it at every file.
    std::lock_guard<std::mutex> lock(mu_);
    if (lingering_ && PendingLocked() < options_.batch) return;
    wake_cv_.notify_one();
  }

  // Ends a backoff now. Returns the failure count at this moment.
  uint64_t Kick() {
    std::lock_guard<std::mutex> lock(mu_);
    kick_ = true;
    wake_cv_.notify_one();
    return failures_;
  }

  // Waits until nothing is pending (OK), or, with `failures_before`, until
  // a failure after that count (the sink's error), or until `deadline`
  // (kUnavailable).
  Status Wait(std::optional<Clock::time_point> deadline,
              std::optional<uint64_t> failures_before) {
    std::unique_lock<std::mutex> lock(mu_);
    // Someone waits for the backlog: no lingering until they return.
    ++waiters_;
    wake_cv_.notify_one();
    struct Leave {
      int* waiters;
      ~Leave() { --*waiters; }
    } leave{&waiters_};
    auto done = [&] {
      return stop_ || disabled_ || PendingLocked() == 0 ||
             (failures_before && failures_ > *failures_before);
    };
    if (deadline) {
      done_cv_.wait_until(lock, *deadline, done);
    } else {
      done_cv_.wait(lock, done);
    }
    if (PendingLocked() == 0) return Status::OK();
    if (failures_before && failures_ > *failures_before) return last_error_;
    return UnavailableError(std::to_string(PendingLocked()) +
                            " events pending for " + name_);
  }

  // Offers the sink its dead letters again, between two deliveries.
  Result<size_t> RetryDeadLetters() {
    std::lock_guard<std::mutex> call(call_mu_);
    return outbox_->RetryDeadLetters(sink_.get());
  }

  SinkStats Stats() const {
    std::lock_guard<std::mutex> lock(mu_);
    SinkStats s;
    s.name = name_;
    s.delivered = delivered_;
    s.pending = PendingLocked();
    s.failures = failures_;
    s.consecutive_failures = consecutive_;
    s.last_error = last_error_;
    s.next_retry_unix_ms = next_retry_unix_ms_;
    s.dead_lettered = dead_lettered_;
    s.disabled = disabled_;
    return s;
  }

 private:
  uint64_t PendingLocked() const {
    int64_t p = base_pending_ +
                static_cast<int64_t>(outbox_->appended() - base_appended_);
    return p > 0 ? static_cast<uint64_t>(p) : 0;
  }

  // The wait after the k-th failure in a row: uniform in [d/2, d],
  // d = min(max, min * 2^(k-1)).
  std::chrono::milliseconds Backoff(uint64_t k) {
    const int64_t lo = std::max<int64_t>(1, options_.backoff_min.count());
    const int64_t hi = std::max(lo, int64_t{options_.backoff_max.count()});
    int64_t d = lo;
    for (uint64_t i = 1; i < k && d < hi; ++i) d *= 2;
    d = std::min(d, hi);
    std::uniform_int_distribution<int64_t> jitter(d / 2, d);
    return std::chrono::milliseconds(jitter(rng_));
  }

  // One batch. A sink must not throw; if one does, it is a failed attempt.
  Status Attempt(size_t* n, SinkOutcome* outcome) {
    std::lock_guard<std::mutex> call(call_mu_);
    try {
      return outbox_->DeliverBatch(sink_.get(), options_.batch, n, outcome,
                                   &buffer_);
    } catch (const std::exception& e) {
      return InternalError("event sink " + name_ + " threw: " + e.what());
    } catch (...) {
      return InternalError("event sink " + name_ + " threw");
    }
  }

  // After a successful delivery, less than a batch pending and nobody
  // waiting: wait (under mu_) until a batch is full or options_.linger has
  // passed since that delivery began. True when it waited (the caller looks
  // at the state again).
  bool Linger(std::unique_lock<std::mutex>& lock) {
    if (!linger_from_ || kick_ || waiters_ > 0 ||
        PendingLocked() >= options_.batch) {
      return false;
    }
    const Clock::time_point until = *linger_from_ + options_.linger;
    if (Clock::now() >= until) return false;
    lingering_ = true;
    wake_cv_.wait_until(lock, until, [&] {
      return stop_ || kick_ || waiters_ > 0 ||
             PendingLocked() >= options_.batch;
    });
    lingering_ = false;
    return true;
  }

  void Run() {
    pthread_setname_np(pthread_self(), "vigil-sink");
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      if (PendingLocked() == 0 || disabled_) {
        kick_ = false;
        wake_cv_.wait(
            lock, [&] { return stop_ || (!disabled_ && PendingLocked() > 0); });
        continue;
      }
      if (Linger(lock)) continue;
      kick_ = false;
      const Clock::time_point began = Clock::now();
      lock.unlock();
      size_t n = 0;
      SinkOutcome outcome;
      Status s = Attempt(&n, &outcome);
      lock.lock();
      // Accepted or dead-lettered events left the backlog, whatever s says.
      const size_t dead = outcome.dead_letter ? 1 : 0;
      delivered_ += n;
      dead_lettered_ += dead;
      base_pending_ -= static_cast<int64_t>(n + dead);
      if (s.ok()) {
        consecutive_ = 0;
        if (n == 0 && PendingLocked() > 0) s = Resync();
      }
      if (s.ok()) {
        if (options_.linger.count() > 0) linger_from_ = began;
        done_cv_.notify_all();
        continue;
      }
      linger_from_.reset();  // a retry waits for its backoff only
      ++failures_;
      last_error_ = s;
      if (outcome.disabled) {
        disabled_ = true;
        done_cv_.notify_all();
        continue;
      }
      // Progress (events accepted or given up on) starts a fresh backoff.
      consecutive_ = n + dead > 0 ? 1 : consecutive_ + 1;
      std::chrono::milliseconds delay =
          std::max(Backoff(consecutive_), outcome.retry_after);
      next_retry_unix_ms_ = UnixMillisNow() + delay.count();
      done_cv_.notify_all();
      wake_cv_.wait_for(lock, delay, [&] { return stop_ || kick_; });
      next_retry_unix_ms_ = 0;
    }
    done_cv_.notify_all();
  }

  // The count said events were pending but the outbox had none after the
  // cursor: count again. Under mu_ (lock order: mu_, then the outbox's).
  Status Resync() {
    uint64_t appended = 0;
    VIGIL_ASSIGN_OR_RETURN(uint64_t pending,
                           outbox_->CountPending(name_, &appended));
    base_pending_ = static_cast<int64_t>(pending);
    base_appended_ = appended;
    return Status::OK();
  }

  Outbox* const outbox_;
  const std::shared_ptr<EventSink> sink_;
  const std::string name_;
  const DeliveryOptions options_;

  mutable std::mutex mu_;
  std::mutex call_mu_;  // held while the sink is called (one at a time)
  // The batch's documents, reused from batch to batch; under call_mu_.
  std::vector<EventDocument> buffer_;
  std::condition_variable wake_cv_;  // the deliverer waits on it
  std::condition_variable done_cv_;  // Wait() waits on it
  bool stop_ = false;                // under mu_
  bool kick_ = false;                // under mu_: end the backoff now
  int64_t base_pending_;             // under mu_
  uint64_t base_appended_;           // under mu_
  uint64_t delivered_ = 0;           // under mu_
  uint64_t failures_ = 0;            // under mu_
  uint64_t consecutive_ = 0;         // under mu_
  Status last_error_;                // under mu_
  int64_t next_retry_unix_ms_ = 0;   // under mu_
  uint64_t dead_lettered_ = 0;       // under mu_
  bool disabled_ = false;            // under mu_: the sink refuses all
  int waiters_ = 0;                  // under mu_: threads in Wait()
  bool lingering_ = false;           // under mu_: in Linger()'s wait
  // When the last successful delivery began (none after a failure).
  std::optional<Clock::time_point> linger_from_;  // the deliverer thread
  std::minstd_rand rng_;                          // the deliverer thread only
  std::thread thread_;  // last: starts after the rest is set
};

Result<std::unique_ptr<Delivery>> Delivery::Start(
    Outbox* outbox, std::vector<std::shared_ptr<EventSink>> sinks,
    const DeliveryOptions& options) {
  std::unique_ptr<Delivery> delivery(new Delivery());
  std::set<std::string> names;
  for (std::shared_ptr<EventSink>& sink : sinks) {
    if (sink == nullptr) return InvalidArgumentError("null event sink");
    std::string name = sink->name();
    if (!names.insert(name).second) {
      return InvalidArgumentError("two event sinks named '" + name +
                                  "' (they would share a delivery cursor)");
    }
    uint64_t appended = 0;
    VIGIL_ASSIGN_OR_RETURN(uint64_t pending,
                           outbox->CountPending(name, &appended));
    delivery->deliverers_.push_back(std::make_unique<SinkDeliverer>(
        outbox, std::move(sink), std::move(name), options, pending, appended));
  }
  return delivery;
}

Delivery::~Delivery() = default;

void Delivery::Notify() {
  for (auto& d : deliverers_) d->Notify();
}

Status Delivery::DeliverPending() {
  std::vector<uint64_t> failures;
  for (auto& d : deliverers_) failures.push_back(d->Kick());
  Status first;
  for (size_t i = 0; i < deliverers_.size(); ++i) {
    Status s = deliverers_[i]->Wait(std::nullopt, failures[i]);
    if (first.ok() && !s.ok()) first = s;
  }
  return first;
}

Status Delivery::Drain(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  for (auto& d : deliverers_) d->Kick();
  bool drained = true;
  for (auto& d : deliverers_) {
    Status s = d->Wait(deadline, std::nullopt);
    if (!s.ok()) drained = false;
  }
  if (drained) return Status::OK();
  uint64_t total = 0;
  std::string detail;
  for (const SinkStats& s : Stats()) {
    if (s.pending == 0) continue;
    total += s.pending;
    if (!detail.empty()) detail += ", ";
    detail += s.name + ": " + std::to_string(s.pending);
    if (s.disabled) detail += ", disabled";
    if (!s.last_error.ok())
      detail += ", last error: " + s.last_error.ToString();
  }
  if (total == 0) return Status::OK();  // drained just at the deadline
  return UnavailableError(std::to_string(total) +
                          " events not yet delivered (" + detail +
                          "); they stay in the outbox");
}

Result<size_t> Delivery::RetryDeadLetters() {
  size_t n = 0;
  for (auto& d : deliverers_) {
    VIGIL_ASSIGN_OR_RETURN(size_t one, d->RetryDeadLetters());
    n += one;
  }
  return n;
}

std::vector<SinkStats> Delivery::Stats() const {
  std::vector<SinkStats> out;
  for (const auto& d : deliverers_) out.push_back(d->Stats());
  return out;
}

}  // namespace vigil::internal
