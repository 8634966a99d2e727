// Copyright 2026 The Vigil Authors.
//
// Events per second that the NATS JetStream sink delivers to a single local
// nats-server (issue #16: "events/s delivered to a single-node JetStream"),
// next to the JSONL file sink (write + fsync per batch) as the baseline of
// the same run. Each iteration delivers one batch of new events (fresh
// idempotency keys, so JetStream stores every one) through
// EventSink::Deliver, which returns only when the whole batch is acked by
// the stream (NATS) or fsynced (JSONL). The server is started by the
// benchmark (nats-server -js, file storage, on a free loopback port).
//
//   build/release/bench/events/nats_sink_benchmark --benchmark_repetitions=3
//
// Read items_per_second; the ratio NATS / JSONL at the same batch size is
// the figure to compare across machines.

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "testing/nats_server.h"
#include "testing/subprocess.h"
#include "vigil/event_sink.h"

namespace vigil {
namespace {

std::vector<TakedownEvent> Batch(int n, uint64_t* counter) {
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
  return events;
}

void Deliver(benchmark::State& state, EventSink* sink) {
  uint64_t counter = 0;
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<TakedownEvent> events = Batch(n, &counter);
    state.ResumeTiming();
    Status s = sink->Deliver(events);
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

BENCHMARK(BM_JsonlFile)->Arg(1)->Arg(256)->UseRealTime();
BENCHMARK(BM_NatsJetStream)->Arg(1)->Arg(256)->UseRealTime();

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
