// Copyright 2026 The Vigil Authors.
//
// Events per second that the event sinks deliver (issue #16: "events/s
// delivered to a local webhook receiver and to a single-node JetStream"),
// with the JSONL file sink (write + fsync per batch) as the baseline of the
// same run. Each iteration delivers one batch of new events (fresh ids and
// idempotency keys) as the engine's deliverers do: their recorded documents
// (EventDocument, rendered outside the timing, as the outbox holds them)
// through EventSink::OfferDocuments, which returns only when the whole
// batch is at the destination:
//
//   BM_JsonlFile      appended to a file and fsynced
//   BM_NatsJetStream  acked by a single local nats-server -js (file
//                     storage, started by the benchmark on a free loopback
//                     port)
//   BM_Webhook        signed POSTs, each answered 200 by the test suite's
//                     receiver (tests/testing/webhook_receiver.py, Python,
//                     on a free loopback port); `verify` 1: the receiver
//                     checks every signature, 0: it does not (the timing
//                     of the sink rather than of the receiver's HMAC);
//                     `post` 1: one POST per event (the default), N: up to
//                     N events per POST (WebhookOptions::batch);
//                     `cxx` 1: the receiver is webhook_bench_receiver
//                     (C++, verifying), 0: webhook_receiver.py
//
// The first argument is the batch: 1, and 256 (DeliveryOptions::batch, the
// deliverer's default). Servers are stopped by pid when a case ends.
//
//   build/release/bench/events/event_sink_benchmark --benchmark_repetitions=3
//
// Read items_per_second; the ratio sink / JSONL at the same batch size is
// the figure to compare across machines. The counters of the webhook:
// `received`, events the receiver logged per delivered event (1), and
// `requests`, requests per delivered event.

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "testing/nats_server.h"
#include "testing/subprocess.h"
#include "testing/webhook_receiver.h"
#include "vigil/event_sink.h"
#include "vigil/webhook_sink.h"

namespace vigil {
namespace {

std::vector<EventDocument> Batch(int n, uint64_t* counter) {
  std::vector<TakedownEvent> events(n);
  for (TakedownEvent& e : events) {
    std::string content = "bench-" + std::to_string((*counter)++);
    e.event_id = content;
    e.created_at_ms = 1767225600000;
    e.content.id = content;
    e.content.media_type = "image/jpeg";
    e.content.bytes = 123456;
    e.content.sha256 = std::string(64, 'a');
    e.match.hashset = "demo";
    e.match.hash = std::string(64, 'b');
    e.action = HashsetAction::kRemove;
    e.engine_version = "bench";
    e.idempotency_key =
        IdempotencyKey(content, "", "demo", SignalType::kSha256, "bb");
  }
  std::vector<EventDocument> documents;
  for (const TakedownEvent& e : events) {
    documents.push_back(EventDocument::Of(e));
  }
  return documents;
}

void Deliver(benchmark::State& state, EventSink* sink) {
  uint64_t counter = 0;
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<EventDocument> events = Batch(n, &counter);
    SinkOutcome outcome;
    state.ResumeTiming();
    Status s = sink->OfferDocuments(events, &outcome);
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void BM_JsonlFile(benchmark::State& state) {
  testing::TempDir dir;
  auto sink = OpenEventSink("jsonl:" + dir.path() + "/events.jsonl");
  if (!sink.ok()) return state.SkipWithError(sink.status().ToString().c_str());
  Deliver(state, sink->get());
}

void BM_NatsJetStream(benchmark::State& state) {
  testing::TempDir dir;
  testing::NatsCluster server(dir.path(), 1);
  if (!server.Start()) {
    return state.SkipWithError("cannot start nats-server (install-deps.sh)");
  }
  auto sink = OpenEventSink("nats://" + server.HostPorts() + "/vigil.bench");
  if (!sink.ok()) return state.SkipWithError(sink.status().ToString().c_str());
  Deliver(state, sink->get());
}

void BM_Webhook(benchmark::State& state) {
  // A fixed benchmark key ("whsec_" + base64 of 24 bytes); not a secret.
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  testing::TempDir dir;
  testing::WebhookReceiver receiver(dir.path(), {secret});
  receiver.set_verify(state.range(1) != 0);
  receiver.set_bench_program(state.range(3) != 0);
  if (!receiver.Start("200")) {
    return state.SkipWithError(
        "cannot start the webhook receiver (python3, webhook_bench_receiver)");
  }
  WebhookOptions options;
  options.secrets = {secret};
  options.batch = static_cast<size_t>(state.range(2));
  auto sink = OpenWebhookSink(receiver.url(), options);
  if (!sink.ok()) return state.SkipWithError(sink.status().ToString().c_str());
  Deliver(state, sink->get());
  const size_t delivered = state.iterations() * state.range(0);
  if (delivered > 0) {
    std::vector<testing::ReceivedRequest> requests = receiver.Requests();
    double events = 0;
    for (const testing::ReceivedRequest& r : requests) events += r.events;
    state.counters["received"] = events / delivered;
    state.counters["requests"] =
        static_cast<double>(requests.size()) / delivered;
  }
}

BENCHMARK(BM_JsonlFile)->Arg(1)->Arg(256)->UseRealTime();
BENCHMARK(BM_NatsJetStream)->Arg(1)->Arg(256)->UseRealTime();
BENCHMARK(BM_Webhook)
    ->Args({1, 1, 1, 0})
    ->Args({1, 0, 1, 0})
    ->Args({256, 1, 1, 0})
    ->Args({256, 0, 1, 0})
    ->Args({256, 1, 256, 0})
    ->Args({256, 0, 256, 0})
    ->Args({1, 1, 1, 1})
    ->Args({256, 1, 1, 1})
    ->Args({256, 1, 256, 1})
    ->ArgNames({"batch", "verify", "post", "cxx"})
    ->UseRealTime();

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
