// Copyright 2026 The Vigil Authors.
//
// EngineImpl: store + matcher + outbox + dedup cache, and the TBB scanning
// pipeline (read in order -> hash and match in parallel -> record and emit
// in order).

#include "vigil/engine.h"

#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "events/internal/delivery.h"
#include "events/internal/outbox.h"
#include "pipeline/internal/matcher.h"
#include "vigil/content_hasher.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"
#include "vigil/version.h"
#include "vigil/vpdq.h"

namespace vigil {

const char* ScanStatusName(ScanStatus status) {
  switch (status) {
    case ScanStatus::kClean:
      return "clean";
    case ScanStatus::kMatch:
      return "match";
    case ScanStatus::kError:
      return "error";
  }
  return "unknown";
}

Engine::~Engine() = default;

namespace {

// Hashes of recently seen bytes, keyed by XXH3-128. A hit is only used when
// the SHA-256 agrees too: XXH3 is not collision resistant, and a crafted
// collision must not let content borrow another file's clean hashes.
class DedupCache {
 public:
  explicit DedupCache(size_t capacity) : capacity_(capacity) {}

  bool Lookup(const Digests& digests, ContentHashes* out) {
    if (capacity_ == 0) return false;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(Key(digests));
    if (it == map_.end() ||
        it->second->hashes.digests.sha256 != digests.sha256) {
      return false;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    *out = *it->second;
    return true;
  }

  void Insert(const ContentHashes& hashes) {
    if (capacity_ == 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    std::string key = Key(hashes.hashes.digests);
    if (auto it = map_.find(key); it != map_.end()) {
      // A newer hash of the same bytes (e.g. with half-frame hashes)
      // replaces the older one.
      *it->second = hashes;
      lru_.splice(lru_.begin(), lru_, it->second);
      return;
    }
    lru_.push_front(hashes);
    map_[key] = lru_.begin();
    if (lru_.size() > capacity_) {
      map_.erase(Key(lru_.back().hashes.digests));
      lru_.pop_back();
    }
  }

 private:
  static std::string Key(const Digests& d) {
    return std::string(d.xxh128.begin(), d.xxh128.end());
  }
  const size_t capacity_;
  std::mutex mu_;
  std::list<ContentHashes> lru_;
  std::unordered_map<std::string, std::list<ContentHashes>::iterator> map_;
};

// One input moving through the pipeline.
struct WorkItem {
  ScanInput input;
  ScanResult result;
  std::vector<TakedownEvent> events;  // built in parallel, recorded in order
};

// The smallest chunk of a batch Lookup matched on one thread, in PDQ
// queries (an index search each); a digest (a hash probe) weighs
// 1/kDigestsPerQuery of one. Below two chunks' worth a batch is matched on
// the calling thread: handing it to the workers costs more than it saves,
// and a service's many callers are already parallel.
constexpr size_t kLookupChunkMin = 32;
constexpr size_t kDigestsPerQuery = 64;

class EngineImpl final : public Engine {
 public:
  EngineImpl(const EngineOptions& options, std::unique_ptr<HashsetStore> store)
      : options_(options),
        store_(std::move(store)),
        hasher_(ContentOptionsFor(options)),
        cache_(options.dedup_cache_entries),
        arena_(WorkerThreads(options.threads)) {}

  Status Init() {
    VIGIL_ASSIGN_OR_RETURN(outbox_, internal::Outbox::Open(*store_));
    if (options_.load_indexes) {
      VIGIL_ASSIGN_OR_RETURN(
          matcher_, internal::Matcher::Build(*store_, options_.hashsets));
    }
    if (!options_.read_only) VIGIL_RETURN_IF_ERROR(StartDelivery());
    return Status::OK();
  }

  ~EngineImpl() override {
    StopFollower();     // no index update runs while members go
    delivery_.reset();  // stops the deliverers before the outbox goes
  }

  Result<ScanResult> ScanFile(const std::string& path,
                              const ContentRef& content) override {
    VIGIL_RETURN_IF_ERROR(CheckCanScan());
    WorkItem item;
    item.input.path = path;
    item.input.content = content;
    Process(&item);
    VIGIL_RETURN_IF_ERROR(Record(&item));
    return std::move(item.result);
  }

  Result<ScanResult> ScanBytes(std::span<const uint8_t> bytes,
                               const ContentRef& content) override {
    VIGIL_RETURN_IF_ERROR(CheckCanScan());
    WorkItem item;
    item.input.content = content;
    item.result.content = content;
    ProcessInput(hasher_.ReadBytes(bytes), &item);
    VIGIL_RETURN_IF_ERROR(Record(&item));
    return std::move(item.result);
  }

  Status ScanStream(const std::function<bool(ScanInput*)>& next,
                    const std::function<void(ScanResult&&)>& emit) override {
    VIGIL_RETURN_IF_ERROR(CheckCanScan());
    Status failure;
    std::mutex failure_mu;
    arena_.execute([&] {
      const size_t tokens = static_cast<size_t>(4 * arena_.max_concurrency());
      tbb::parallel_pipeline(
          tokens, tbb::make_filter<void, std::unique_ptr<WorkItem>>(
                      tbb::filter_mode::serial_in_order,
                      [&](tbb::flow_control& fc) -> std::unique_ptr<WorkItem> {
                        auto item = std::make_unique<WorkItem>();
                        bool stop;
                        {
                          std::lock_guard<std::mutex> lock(failure_mu);
                          stop = !failure.ok();
                        }
                        if (stop || !next(&item->input)) {
                          fc.stop();
                          return nullptr;
                        }
                        return item;
                      }) &
                      tbb::make_filter<std::unique_ptr<WorkItem>,
                                       std::unique_ptr<WorkItem>>(
                          tbb::filter_mode::parallel,
                          [&](std::unique_ptr<WorkItem> item) {
                            Process(item.get());
                            return item;
                          }) &
                      tbb::make_filter<std::unique_ptr<WorkItem>, void>(
                          tbb::filter_mode::serial_in_order,
                          [&](std::unique_ptr<WorkItem> item) {
                            {
                              std::lock_guard<std::mutex> lock(failure_mu);
                              if (!failure.ok()) return;
                            }
                            Status s = Record(item.get());
                            if (!s.ok()) {
                              std::lock_guard<std::mutex> lock(failure_mu);
                              failure = s;
                              return;
                            }
                            emit(std::move(item->result));
                          }));
    });
    return failure;
  }

  Status DeliverPending() override {
    return delivery_ ? delivery_->DeliverPending() : Status::OK();
  }

  Status Drain(std::chrono::milliseconds timeout) override {
    return delivery_ ? delivery_->Drain(timeout) : Status::OK();
  }

  std::vector<SinkStats> DeliveryStats() const override {
    return delivery_ ? delivery_->Stats() : std::vector<SinkStats>{};
  }

  Result<size_t> RetryDeadLetters() override {
    return delivery_ ? delivery_->RetryDeadLetters() : size_t{0};
  }

  Result<std::vector<OutboxEvent>> ListEvents(const std::string& after_id,
                                              size_t limit) const override {
    std::vector<OutboxEvent> out;
    VIGIL_RETURN_IF_ERROR(
        outbox_->Scan(after_id, limit, [&](const internal::StoredEvent& e) {
          out.push_back(OutboxEvent{e.event, e.acked, e.acked_at_ms, e.acked_by,
                                    e.dead_letters});
          return Status::OK();
        }));
    return out;
  }

  Result<std::vector<OutboxEvent>> ListEventsInState(
      const std::string& after_id, size_t limit,
      EventState state) const override {
    std::vector<OutboxEvent> out;
    Status s = outbox_->Scan(after_id, 0, [&](const internal::StoredEvent& e) {
      if (e.event.update.has_value() || e.event.state.current.state != state) {
        return Status::OK();
      }
      out.push_back(OutboxEvent{e.event, e.acked, e.acked_at_ms, e.acked_by,
                                e.dead_letters});
      // Enough: stop the scan (this status never leaves).
      if (limit != 0 && out.size() >= limit) return CancelledError("");
      return Status::OK();
    });
    if (!s.ok() && s.code() != StatusCode::kCancelled) return s;
    return out;
  }

  Result<std::vector<TakedownEvent>> ResolveEvents(
      std::span<const std::string> ids, const EventResolution& r) override {
    VIGIL_RETURN_IF_ERROR(ValidateEventResolution(r));
    std::vector<TakedownEvent> events;
    if (r.disable_entry) {
      // Check the batch first, so that nothing is disabled for one that
      // fails; then disable, then record the states.
      VIGIL_RETURN_IF_ERROR(outbox_->Resolve(ids, r, true, &events));
      VIGIL_RETURN_IF_ERROR(DisableMatchedEntries(events, r));
    }
    VIGIL_RETURN_IF_ERROR(outbox_->Resolve(ids, r, false, &events));
    if (delivery_) delivery_->Notify();
    return events;
  }

  // Disables, for each event (a false positive), the entry it matched and
  // the other entries of that set with the same non-empty external id: the
  // other signals of the same content, as hash and block adds them, which
  // would otherwise match the same content again. An entry or set gone
  // since is skipped (it matches nothing any more).
  Status DisableMatchedEntries(const std::vector<TakedownEvent>& events,
                               const EventResolution& r) {
    struct Target {
      EntryRef ref;
      std::string event_id;
    };
    std::vector<Target> targets;
    // set -> external id -> event id, for the siblings.
    std::map<std::string, std::map<std::string, std::string>> by_external;
    for (const TakedownEvent& e : events) {
      Target t;
      t.ref.hashset = e.match.hashset;
      t.ref.type = e.match.signal_type;
      VIGIL_ASSIGN_OR_RETURN(t.ref.hash, HexDecode(e.match.hash));
      t.event_id = e.event_id;
      targets.push_back(std::move(t));
      if (!e.match.external_id.empty()) {
        by_external[e.match.hashset].emplace(e.match.external_id, e.event_id);
      }
    }
    for (const auto& [name, externals] : by_external) {
      Result<Hashset> set = store_->GetHashset(name);
      if (!set.ok()) continue;  // deleted since
      for (SignalType type : set->config.signal_types) {
        VIGIL_RETURN_IF_ERROR(
            store_->ForEachEntry(type, [&](const Entry& entry) -> Status {
              if (entry.hashset_id != set->id) return Status::OK();
              auto it = externals.find(entry.external_id);
              if (it == externals.end()) return Status::OK();
              Target t;
              t.ref.hashset = name;
              t.ref.type = type;
              if (type == SignalType::kVpdq) {
                const auto id = VpdqSignalId(entry.signal.bytes);
                t.ref.hash.assign(id.begin(), id.end());
              } else {
                t.ref.hash = entry.signal.bytes;
              }
              t.event_id = it->second;
              targets.push_back(std::move(t));
              return Status::OK();
            }));
      }
    }
    std::set<std::tuple<std::string, SignalType, std::vector<uint8_t>>> done;
    for (const Target& t : targets) {
      if (!done.insert({t.ref.hashset, t.ref.type, t.ref.hash}).second) {
        continue;
      }
      Result<DisabledEntry> d = store_->DisableEntry(
          t.ref, r.disable_until_ms,
          {r.actor, "event " + t.event_id + ": " + r.reason});
      if (!d.ok() && d.status().code() != StatusCode::kNotFound) {
        return d.status();
      }
    }
    return Status::OK();
  }

  Result<size_t> AckEvents(std::span<const std::string> ids,
                           const std::string& actor) override {
    size_t n = 0;
    VIGIL_RETURN_IF_ERROR(outbox_->Ack(ids, actor, &n));
    return n;
  }

  Result<std::vector<std::vector<ScanMatch>>> Lookup(
      std::span<const Signal> signals) const override {
    VIGIL_RETURN_IF_ERROR(CheckCanScan());
    auto matcher = CurrentMatcher();
    // Batches are matched in chunks in parallel on the worker threads;
    // each chunk is one batched search (Matcher::MatchSignals).
    const size_t n = signals.size();
    size_t queries = 0;
    for (const Signal& s : signals) queries += s.type == SignalType::kPdq;
    const size_t work = queries + (n - queries) / kDigestsPerQuery;
    const size_t threads = static_cast<size_t>(arena_.max_concurrency());
    // Callers that already keep the workers' count of threads busy (a
    // service's workers) match on their own threads: handing a chunk over
    // would only add a wait (each caller holds an arena slot).
    lookups_running_.fetch_add(1);
    struct Leave {
      std::atomic<size_t>* running;
      ~Leave() { running->fetch_sub(1); }
    } leave{&lookups_running_};
    if (work < 2 * kLookupChunkMin || lookups_running_.load() >= threads) {
      return matcher->MatchSignals(signals);
    }
    const size_t chunk = std::max(
        kLookupChunkMin, (n + threads - 1) / std::max<size_t>(1, threads));
    if (n <= chunk) return matcher->MatchSignals(signals);
    const size_t chunks = (n + chunk - 1) / chunk;
    std::vector<std::vector<std::vector<ScanMatch>>> parts(chunks);
    std::vector<Status> errors(chunks);
    arena_.execute([&] {
      tbb::parallel_for(size_t{0}, chunks, [&](size_t c) {
        const size_t first = c * chunk;
        auto r = matcher->MatchSignals(
            signals.subspan(first, std::min(chunk, n - first)));
        if (r.ok()) {
          parts[c] = std::move(*r);
        } else {
          errors[c] = r.status();
        }
      });
    });
    // The first failing chunk holds the first invalid signal: the error a
    // one-by-one lookup would give.
    Status failure;
    for (Status& e : errors) {
      if (!e.ok() && failure.ok()) failure = e;
    }
    VIGIL_RETURN_IF_ERROR(failure);
    std::vector<std::vector<ScanMatch>> out;
    out.reserve(n);
    for (auto& part : parts) {
      for (auto& m : part) out.push_back(std::move(m));
    }
    return out;
  }

  Status Refresh() override {
    VIGIL_RETURN_IF_ERROR(CheckCanScan());
    return CatchUp();
  }

  // Starts the background follower (EngineOptions::follow_interval_ms).
  void StartFollower() {
    if (options_.follow_interval_ms <= 0 || options_.read_only ||
        !options_.load_indexes) {
      return;
    }
    follower_ = std::thread([this] {
      const auto interval =
          std::chrono::milliseconds(options_.follow_interval_ms);
      std::unique_lock<std::mutex> lock(follow_mu_);
      while (!stop_following_) {
        follow_cv_.wait_for(lock, interval);
        if (stop_following_) break;
        lock.unlock();
        // A failure leaves the indexes as they were; the next poll retries.
        CatchUp().PermitUncheckedError();
        lock.lock();
      }
    });
  }

  EngineStats Stats() const override {
    auto matcher = CurrentMatcher();
    EngineStats s = matcher ? matcher->Stats() : EngineStats{};
    if (matcher) s.change_seq = matcher->change_seq();
    s.index_rebuilds = rebuilds_.load();
    return s;
  }
  HashsetStore& store() override { return *store_; }

 private:
  static ContentHashOptions ContentOptionsFor(const EngineOptions& options) {
    ContentHashOptions c;
    c.image = options.hash;
    c.image.dihedral = c.image.dihedral || options.dihedral;
    c.video = options.video;
    c.videos = options.scan_videos;
    c.animation_frames = options.scan_videos;
    return c;
  }

  Status CheckCanScan() const {
    if (!options_.load_indexes) {
      return FailedPreconditionError(
          "engine opened without indexes (load_indexes=false) cannot scan");
    }
    return Status::OK();
  }

  std::shared_ptr<internal::Matcher> CurrentMatcher() const {
    std::shared_lock<std::shared_mutex> lock(matcher_mu_);
    return matcher_;
  }

  // Brings the indexes up to the store's latest change: incrementally, or
  // by a full rebuild (swapped in when ready) if that fails.
  Status CatchUp() {
    std::lock_guard<std::mutex> lock(catch_up_mu_);
    std::shared_ptr<internal::Matcher> matcher = CurrentMatcher();
    if (store_->LastChangeSeq() == matcher->change_seq()) return Status::OK();
    if (matcher->ApplyChanges().ok()) return Status::OK();
    VIGIL_ASSIGN_OR_RETURN(
        std::shared_ptr<internal::Matcher> fresh,
        internal::Matcher::Build(*store_, options_.hashsets));
    ++rebuilds_;
    std::unique_lock<std::shared_mutex> swap(matcher_mu_);
    matcher_ = std::move(fresh);
    return Status::OK();
  }

  void StopFollower() {
    {
      std::lock_guard<std::mutex> lock(follow_mu_);
      stop_following_ = true;
    }
    follow_cv_.notify_all();
    if (follower_.joinable()) follower_.join();
  }

  // A dedup-cache hit, unless the cached video was hashed without the
  // half-frame hashes the current indexes want (entries added since).
  bool CacheHit(const Digests& digests, ContentHashes* h) {
    if (!cache_.Lookup(digests, h)) return false;
    if (h->video.has_value() && !h->video->frames.empty() &&
        h->video->halves[0].empty() && CurrentMatcher()->wants_half_frames()) {
      *h = ContentHashes{};
      return false;
    }
    return true;
  }

  // The video options, with half-frame hashes when a loaded vPDQ entry has
  // halves (they cost four more PDQ hashes of half a frame each).
  VideoDecodeOptions VideoOptions() const {
    VideoDecodeOptions options = options_.video;
    options.half_frame_hashes |= CurrentMatcher()->wants_half_frames();
    return options;
  }

  // Reads, hashes and matches one input; never fails (errors are data).
  void Process(WorkItem* item) {
    ScanResult& r = item->result;
    r.content = item->input.content;
    if (r.content.id.empty()) r.content.id = item->input.path;
    if (!item->input.error.ok()) {
      r.status = ScanStatus::kError;
      r.error = item->input.error;
      return;
    }
    ProcessInput(item->input.path.empty() ? hasher_.ReadBytes(item->input.bytes)
                                          : hasher_.ReadFile(item->input.path),
                 item);
  }

  // Hashes a read input (unless the dedup cache knows its bytes) and
  // matches it.
  void ProcessInput(Result<ContentInput> input, WorkItem* item) {
    ScanResult& r = item->result;
    if (!input.ok()) {
      r.status = ScanStatus::kError;
      r.error = input.status();
      return;
    }
    ContentHashes h;
    if (CacheHit(input->digests(), &h)) {
      r.cached = true;
    } else {
      Result<ContentHashes> hashed = hasher_.Hash(*input, VideoOptions());
      if (!hashed.ok()) {
        r.status = ScanStatus::kError;
        r.error = hashed.status();
        return;
      }
      h = std::move(hashed).value();
      cache_.Insert(h);
    }
    MatchAndClassify(std::move(h), item);
  }

  // Matches the hashes and sets the item's status and events.
  void MatchAndClassify(ContentHashes h, WorkItem* item) {
    ScanResult& r = item->result;
    const Status checked = h.PerceptualStatus();
    r.hashes = std::move(h.hashes);
    r.video = std::move(h.video);
    Result<std::vector<ScanMatch>> matches =
        r.video.has_value()
            ? CurrentMatcher()->MatchVideo(r.hashes, *r.video,
                                           options_.dihedral)
            : CurrentMatcher()->Match(r.hashes, options_.dihedral);
    if (!matches.ok()) {
      r.status = ScanStatus::kError;
      r.error = matches.status();
      return;
    }
    r.matches = std::move(matches).value();
    if (!r.matches.empty()) {
      r.status = ScanStatus::kMatch;
    } else if (!checked.ok()) {
      // Not fully checked (no perceptual hash, or one that does not cover
      // the whole content): an error, not "clean". What was hashed was
      // still matched above.
      r.status = ScanStatus::kError;
      r.error = checked;
    } else {
      r.status = ScanStatus::kClean;
    }
    for (const ScanMatch& m : r.matches)
      item->events.push_back(MakeEvent(r, m));
  }

  TakedownEvent MakeEvent(const ScanResult& r, const ScanMatch& m) const {
    TakedownEvent e;
    e.created_at_ms = UnixMillisNow();
    e.content.id = r.content.id;
    e.content.source = r.content.source;
    e.content.media_type = MediaTypeMime(r.hashes.media_type);
    e.content.bytes = r.hashes.bytes;
    e.content.md5 = r.hashes.digests.Hex(SignalType::kMd5);
    e.content.sha1 = r.hashes.digests.Hex(SignalType::kSha1);
    e.content.sha256 = r.hashes.digests.Hex(SignalType::kSha256);
    e.match = m.match;
    e.action = m.action;
    e.engine_version = Version();
    e.idempotency_key =
        IdempotencyKey(e.content.id, e.content.sha256, m.match.hashset,
                       m.match.signal_type, m.match.hash);
    return e;
  }

  // Records the item's events in the outbox (durably); only then may the
  // caller report the match. The sinks get them from their deliverers:
  // a slow or failing sink never holds the scan.
  Status Record(WorkItem* item) {
    if (item->events.empty() || options_.read_only) return Status::OK();
    VIGIL_RETURN_IF_ERROR(
        outbox_->Append(&item->events, &item->result.new_events));
    for (const TakedownEvent& e : item->events) {
      item->result.event_ids.push_back(e.event_id);
    }
    if (delivery_) delivery_->Notify();
    return Status::OK();
  }

  // Opens options_.sink_specs and starts a deliverer per sink.
  Status StartDelivery() {
    std::vector<std::shared_ptr<EventSink>> sinks = options_.sinks;
    for (const std::string& spec : options_.sink_specs) {
      Result<std::unique_ptr<EventSink>> sink = OpenEventSink(spec);
      if (!sink.ok()) {
        return Status(sink.status().code(),
                      "event sink '" + spec +
                          "': " + std::string(sink.status().message()));
      }
      sinks.push_back(std::move(sink).value());
    }
    if (sinks.empty()) return Status::OK();
    VIGIL_ASSIGN_OR_RETURN(
        delivery_, internal::Delivery::Start(outbox_.get(), std::move(sinks),
                                             options_.delivery));
    return Status::OK();
  }

  const EngineOptions options_;
  std::unique_ptr<HashsetStore> store_;
  const ContentHasher hasher_;
  DedupCache cache_;
  // Lookup() runs its chunks here too (execute is not const).
  mutable tbb::task_arena arena_;
  mutable std::atomic<size_t> lookups_running_{0};  // calls in Lookup()
  std::unique_ptr<internal::Outbox> outbox_;
  mutable std::shared_mutex matcher_mu_;
  std::shared_ptr<internal::Matcher> matcher_;
  std::unique_ptr<internal::Delivery> delivery_;  // null without sinks
  // Live updates: one catch-up at a time; the follower thread polls.
  std::mutex catch_up_mu_;
  std::atomic<uint64_t> rebuilds_{0};
  std::mutex follow_mu_;
  std::condition_variable follow_cv_;
  bool stop_following_ = false;  // GUARDED_BY(follow_mu_)
  std::thread follower_;         // joined by ~EngineImpl before members go
};

}  // namespace

int WorkerThreads(int requested) {
  // TBB's own limit: the affinity mask, or a global_control the embedder
  // set. std::thread::hardware_concurrency() ignores both.
  const int limit = std::max(1, tbb::this_task_arena::max_concurrency());
  return requested > 0 ? std::min(requested, limit) : limit;
}

Result<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options) {
  if (options.db_dir.empty()) {
    return InvalidArgumentError("EngineOptions::db_dir is required");
  }
  StoreOptions store_options;
  store_options.read_only = options.read_only;
  store_options.create_if_missing = !options.read_only;
  VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<HashsetStore> store,
                         HashsetStore::Open(options.db_dir, store_options));
  auto engine = std::make_unique<EngineImpl>(options, std::move(store));
  VIGIL_RETURN_IF_ERROR(engine->Init());
  engine->StartFollower();
  return std::unique_ptr<Engine>(std::move(engine));
}

}  // namespace vigil
