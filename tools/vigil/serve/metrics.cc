// Copyright 2026 The Vigil Authors.

#include "tools/vigil/serve/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <mutex>
#include <utility>

#include "vigil/engine.h"
#include "vigil/version.h"

namespace vigil::serve {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry =
      std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Gauge>& build_info =
      BuildGauge()
          .Name("vigil_build_info")
          .Help("Always 1; the version is a label.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& requests =
      BuildCounter()
          .Name("vigil_http_requests_total")
          .Help("HTTP requests answered, by route pattern and status code.")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& latency =
      BuildHistogram()
          .Name("vigil_http_request_duration_seconds")
          .Help(
              "Time spent in the handler, by route pattern and status "
              "code.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& scans =
      BuildCounter()
          .Name("vigil_scans_total")
          .Help("Content scanned through /v1/scan, by result status.")
          .Register(*registry);
  prometheus::Counter& scan_bytes = BuildCounter()
                                        .Name("vigil_scan_bytes_total")
                                        .Help("Bytes scanned.")
                                        .Register(*registry)
                                        .Add({});
  prometheus::Counter& lookups = BuildCounter()
                                     .Name("vigil_lookup_hashes_total")
                                     .Help("Hashes looked up.")
                                     .Register(*registry)
                                     .Add({});
  prometheus::Counter& lookup_matches =
      BuildCounter()
          .Name("vigil_lookup_matches_total")
          .Help("Matches returned by lookups (one per hash and set).")
          .Register(*registry)
          .Add({});
  prometheus::Family<prometheus::Counter>& set_matches =
      BuildCounter()
          .Name("vigil_matches_total")
          .Help("Matches reported, by hash set and how (scan, lookup).")
          .Register(*registry);
  prometheus::Gauge& in_flight =
      BuildGauge()
          .Name("vigil_http_requests_in_flight")
          .Help("Requests between their headers and their reply.")
          .Register(*registry)
          .Add({});
  prometheus::Gauge& refused =
      BuildGauge()
          .Name("vigil_http_requests_refused")
          .Help(
              "Requests refused by the concurrency cap (429) since the "
              "start.")
          .Register(*registry)
          .Add({});
  std::function<uint64_t()> in_flight_source;
  std::function<uint64_t()> refused_source;
  prometheus::Family<prometheus::Gauge>& index =
      BuildGauge()
          .Name("vigil_index_entries")
          .Help("Indexed (hash, set) pairs by kind; vPDQ frames kept.")
          .Register(*registry);
  prometheus::Gauge& index_memory =
      BuildGauge()
          .Name("vigil_index_memory_bytes")
          .Help("Memory held by the match indexes.")
          .Register(*registry)
          .Add({});
  prometheus::Gauge& hashsets = BuildGauge()
                                    .Name("vigil_hashsets")
                                    .Help("Hash sets loaded.")
                                    .Register(*registry)
                                    .Add({});
  prometheus::Family<prometheus::Gauge>& sink_delivered =
      BuildGauge()
          .Name("vigil_sink_delivered_events")
          .Help("Events a sink accepted since the service started.")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& sink_pending =
      BuildGauge()
          .Name("vigil_sink_pending_events")
          .Help("Events recorded and not yet accepted by a sink (its lag).")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& sink_failures =
      BuildGauge()
          .Name("vigil_sink_failures")
          .Help("Failed delivery attempts of a sink since the start.")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& sink_dead_lettered =
      BuildGauge()
          .Name("vigil_sink_dead_lettered_events")
          .Help(
              "Events a sink gave up on since the start (dead letters, "
              "kept in the store: vigil events deliver --retry-dead).")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& sink_disabled =
      BuildGauge()
          .Name("vigil_sink_disabled")
          .Help(
              "1 when the sink's endpoint disabled itself (HTTP 410): "
              "nothing is offered to it until the service restarts.")
          .Register(*registry);
  std::mutex render_mu;  // gauges refreshed and serialised together
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {
  impl_->build_info.Add({{"version", Version()}}).Set(1);
}

Metrics::~Metrics() = default;

void Metrics::Request(const std::string& route, int code) {
  impl_->requests.Add({{"route", route}, {"code", std::to_string(code)}})
      .Increment();
}

void Metrics::Latency(const std::string& route, int code, double seconds) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  impl_->latency
      .Add({{"route", route}, {"code", std::to_string(code)}}, kBuckets)
      .Observe(seconds);
}

void Metrics::Scan(const char* status, uint64_t bytes) {
  impl_->scans.Add({{"status", status}}).Increment();
  impl_->scan_bytes.Increment(static_cast<double>(bytes));
}

void Metrics::LookedUp(uint64_t hashes, uint64_t matches) {
  impl_->lookups.Increment(static_cast<double>(hashes));
  impl_->lookup_matches.Increment(static_cast<double>(matches));
}

void Metrics::Matched(const std::vector<ScanMatch>& matches, const char* via) {
  Matched(std::span<const std::vector<ScanMatch>>(&matches, 1), via);
}

void Metrics::Matched(std::span<const std::vector<ScanMatch>> batch,
                      const char* via) {
  // One counter update per set (a batch's matches are mostly of a few):
  // finding the counter by its labels costs more than the increment.
  std::vector<std::pair<const std::string*, double>> per_set;
  for (const std::vector<ScanMatch>& matches : batch) {
    for (const ScanMatch& m : matches) {
      auto it = std::find_if(
          per_set.begin(), per_set.end(),
          [&](const auto& p) { return *p.first == m.match.hashset; });
      if (it == per_set.end()) {
        per_set.emplace_back(&m.match.hashset, 1.0);
      } else {
        it->second += 1;
      }
    }
  }
  for (const auto& [set, n] : per_set) {
    impl_->set_matches.Add({{"hashset", *set}, {"via", via}}).Increment(n);
  }
}

void Metrics::SetLoadSource(std::function<uint64_t()> in_flight,
                            std::function<uint64_t()> refused) {
  std::lock_guard<std::mutex> lock(impl_->render_mu);
  impl_->in_flight_source = std::move(in_flight);
  impl_->refused_source = std::move(refused);
}

std::string Metrics::Render(Engine* engine) {
  std::lock_guard<std::mutex> lock(impl_->render_mu);
  if (impl_->in_flight_source) {
    impl_->in_flight.Set(static_cast<double>(impl_->in_flight_source()));
  }
  if (impl_->refused_source) {
    impl_->refused.Set(static_cast<double>(impl_->refused_source()));
  }
  if (engine != nullptr) {
    EngineStats s = engine->Stats();
    impl_->hashsets.Set(static_cast<double>(s.hashsets));
    impl_->index.Add({{"kind", "pdq"}}).Set(static_cast<double>(s.pdq_hashes));
    impl_->index.Add({{"kind", "digest"}})
        .Set(static_cast<double>(s.digest_hashes));
    impl_->index.Add({{"kind", "vpdq_entry"}})
        .Set(static_cast<double>(s.video_entries));
    impl_->index.Add({{"kind", "vpdq_frame"}})
        .Set(static_cast<double>(s.video_frames));
    impl_->index_memory.Set(static_cast<double>(s.index_memory_bytes));
    for (const SinkStats& sink : engine->DeliveryStats()) {
      impl_->sink_delivered.Add({{"sink", sink.name}})
          .Set(static_cast<double>(sink.delivered));
      impl_->sink_pending.Add({{"sink", sink.name}})
          .Set(static_cast<double>(sink.pending));
      impl_->sink_failures.Add({{"sink", sink.name}})
          .Set(static_cast<double>(sink.failures));
      impl_->sink_dead_lettered.Add({{"sink", sink.name}})
          .Set(static_cast<double>(sink.dead_lettered));
      impl_->sink_disabled.Add({{"sink", sink.name}})
          .Set(sink.disabled ? 1.0 : 0.0);
    }
  }
  return prometheus::TextSerializer().Serialize(impl_->registry->Collect());
}

}  // namespace vigil::serve
