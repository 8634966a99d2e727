// Copyright 2026 The Vigil Authors.
//
// `vigil events list|tail|ack|replay|export`: the takedown events in the
// store's outbox.
//
//   vigil events list [--after ID] [--limit N] [--unacked] [--state S]
//   vigil events resolve ID... --outcome O ... (cmd_events_resolve.cc)
//   vigil events tail [-n N] [--follow]
//   vigil events ack ID... [--actor A]
//   vigil events replay --to FILE|- [--after ID]
//   vigil events export [--output FILE] [--after ID]
//   vigil events deliver --events SPEC... [--follow] [--retry-dead]
//                        [--drain-timeout S] [--webhook-secret-file F]
//                        [--webhook-batch N]

#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <deque>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "tools/vigil/sink_flags.h"
#include "vigil/engine.h"
#include "vigil/json.h"

namespace vigil::cli {
namespace {

struct EventsFlags {
  std::string after;
  size_t limit = 0;
  bool unacked = false;
  std::string state;  // list --state
  size_t tail = 10;
  bool follow = false;
  std::vector<std::string> ids;
  std::string actor;
  std::string to;
  std::string output;
  SinkFlags sinks;
  bool retry_dead = false;
};

Result<std::unique_ptr<Engine>> OpenForEvents(const CliContext& ctx,
                                              bool write) {
  EngineOptions options;
  options.db_dir = ctx.db_dir;
  options.read_only = !write;
  options.load_indexes = false;
  return Engine::Open(options);
}

// A malformed value given on the command line (kInvalidArgument: an event
// id that is not one) is a usage error; an event id the store does not hold
// is a rejected input (nothing was done); the rest could not run.
int Fail(const std::string& what, const Status& s) {
  PrintError(what + ": " + s.ToString());
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
      return kExitUsage;
    case StatusCode::kNotFound:
      return kExitInputErrors;
    default:
      return kExitFailure;
  }
}

// A count option: decimal digits only, fitting in 64 bits. CLI11 alone
// lets "-5" wrap around and saturates an overflowing value.
CLI::Validator CountValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        uint64_t value = 0;
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (text.empty() || ec != std::errc() || ptr != end) {
          return "not a count (a whole number from 0 to 2^64-1): '" + text +
                 "'";
        }
        return std::string();
      },
      "COUNT");
}

int RunList(const CliContext& ctx, const EventsFlags& f) {
  auto engine = OpenForEvents(ctx, false);
  if (!engine.ok())
    return Fail("cannot open store " + ctx.db_dir, engine.status());
  Result<std::vector<OutboxEvent>> events = std::vector<OutboxEvent>();
  if (f.state.empty()) {
    events = (*engine)->ListEvents(f.after, f.unacked ? 0 : f.limit);
  } else {
    Result<EventState> state = ParseEventState(f.state);
    if (!state.ok()) return Fail("events list --state", state.status());
    events =
        (*engine)->ListEventsInState(f.after, f.unacked ? 0 : f.limit, *state);
  }
  if (!events.ok()) return Fail("cannot list events", events.status());
  size_t n = 0;
  for (const OutboxEvent& e : *events) {
    if (f.unacked && e.acked) continue;
    if (f.limit != 0 && n++ >= f.limit) break;
    std::cout << OutboxEventJson(e) << '\n';
  }
  return kExitOk;
}

int RunTail(const CliContext& ctx, const EventsFlags& f) {
  std::string after;
  {
    auto engine = OpenForEvents(ctx, false);
    if (!engine.ok())
      return Fail("cannot open store " + ctx.db_dir, engine.status());
    auto events = (*engine)->ListEvents("", 0);
    if (!events.ok()) return Fail("cannot list events", events.status());
    size_t start = events->size() > f.tail ? events->size() - f.tail : 0;
    for (size_t i = start; i < events->size(); ++i) {
      std::cout << OutboxEventJson((*events)[i]) << '\n';
    }
    if (!events->empty()) after = events->back().event.event_id;
  }
  std::cout.flush();
  while (f.follow) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    // A read-only handle sees the store as of its opening: reopen to see
    // what the writer added since.
    auto engine = OpenForEvents(ctx, false);
    if (!engine.ok())
      return Fail("cannot open store " + ctx.db_dir, engine.status());
    auto events = (*engine)->ListEvents(after, 0);
    if (!events.ok()) return Fail("cannot list events", events.status());
    for (const OutboxEvent& e : *events) {
      std::cout << OutboxEventJson(e) << '\n';
      after = e.event.event_id;
    }
    std::cout.flush();
    if (!std::cout) return kExitFailure;
  }
  return kExitOk;
}

int RunAck(const CliContext& ctx, const EventsFlags& f) {
  auto engine = OpenForEvents(ctx, true);
  if (!engine.ok())
    return Fail("cannot open store " + ctx.db_dir, engine.status());
  std::string actor = f.actor;
  if (actor.empty()) {
    const char* user = std::getenv("USER");
    actor = user != nullptr ? user : "unknown";
  }
  auto n = (*engine)->AckEvents(f.ids, actor);
  if (!n.ok()) return Fail("cannot ack events", n.status());
  std::cout << nlohmann::json{{"acked", *n},
                              {"already_acked", f.ids.size() - *n},
                              {"actor", actor}}
                   .dump()
            << '\n';
  return kExitOk;
}

// Writes events after f.after to `sink` without moving any delivery cursor.
int ReplayTo(const CliContext& ctx, const EventsFlags& f,
             Result<std::unique_ptr<EventSink>> sink) {
  if (!sink.ok()) return Fail("cannot open " + f.to, sink.status());
  auto engine = OpenForEvents(ctx, false);
  if (!engine.ok())
    return Fail("cannot open store " + ctx.db_dir, engine.status());
  auto events = (*engine)->ListEvents(f.after, 0);
  if (!events.ok()) return Fail("cannot list events", events.status());
  std::vector<TakedownEvent> batch;
  for (const OutboxEvent& e : *events) batch.push_back(e.event);
  Status s = (*sink)->Deliver(batch);
  if (!s.ok()) return Fail("cannot replay events", s);
  PrintError("replayed " + std::to_string(batch.size()) + " events to " +
             (*sink)->name());
  return kExitOk;
}

// --to is a sink spec (vigil/event_sink.h): jsonl:PATH, stdout, PATH, -.
int RunReplay(const CliContext& ctx, const EventsFlags& f) {
  return ReplayTo(ctx, f, OpenEventSink(f.to));
}

// --output is a file (or stdout), never a spec.
int RunExport(const CliContext& ctx, const EventsFlags& f) {
  EventsFlags replay = f;
  replay.to = f.output.empty() ? "-" : f.output;
  return ReplayTo(ctx, replay, OpenJsonlSink(replay.to));
}

// Prints one JSON line per sink with its delivery state.
void PrintSinkStats(const Engine& engine) {
  for (const SinkStats& s : engine.DeliveryStats()) {
    std::cout << SinkStatsJson(s) << '\n';
  }
  std::cout.flush();
}

// Delivers the events pending for the --events sinks (from each sink's
// cursor, as a scan's deliverers do). Without --follow: until drained or
// --drain-timeout. With --follow: until SIGINT or SIGTERM, retrying sinks
// that are down. Exit 0 when nothing is left pending, else 4.
int RunDeliver(const CliContext& ctx, const EventsFlags& f) {
  if (f.sinks.events.empty()) {
    PrintError("events deliver: give at least one --events SPEC");
    return kExitUsage;
  }
  // Block the stop signals before any thread starts (the deliverers
  // inherit the mask), so that only sigtimedwait below sees them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  if (f.follow) pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  ApplySinkFlags(f.sinks);
  EngineOptions options;
  options.db_dir = ctx.db_dir;
  options.load_indexes = false;
  options.sink_specs = f.sinks.events;
  auto engine = Engine::Open(options);
  if (!engine.ok()) {
    if (engine.status().code() == StatusCode::kInvalidArgument ||
        engine.status().message().starts_with("event sink '")) {
      return ReportFatal(engine.status());
    }
    return Fail("cannot open store " + ctx.db_dir, engine.status());
  }
  if (f.retry_dead) {
    auto n = (*engine)->RetryDeadLetters();
    if (!n.ok()) return Fail("cannot retry dead letters", n.status());
    PrintError("retried " + std::to_string(*n) + " dead-lettered events");
  }
  if (!f.follow) {
    uint64_t pending = DrainSinks(**engine, f.sinks);
    PrintSinkStats(**engine);
    return pending == 0 ? kExitOk : kExitFailure;
  }
  PrintError("delivering until SIGINT or SIGTERM");
  uint64_t last_pending = UINT64_MAX;
  for (;;) {
    timespec tick{1, 0};
    int sig = sigtimedwait(&stop, nullptr, &tick);
    if (sig == SIGINT || sig == SIGTERM) break;
    uint64_t pending = 0;
    for (const SinkStats& s : (*engine)->DeliveryStats()) pending += s.pending;
    if (pending != last_pending) {
      PrintError(std::to_string(pending) + " events pending");
      last_pending = pending;
    }
  }
  PrintSinkStats(**engine);
  uint64_t pending = 0;
  for (const SinkStats& s : (*engine)->DeliveryStats()) pending += s.pending;
  PrintError("stopped; " + std::to_string(pending) + " events pending");
  return kExitOk;
}

}  // namespace

void AddEventsCommand(CLI::App* app, CliContext* ctx) {
  CLI::App* events =
      app->add_subcommand("events", "Takedown events in the store's outbox");
  events->require_subcommand(1);
  auto f = std::make_shared<EventsFlags>();
  auto set_run = [ctx, f](CLI::App* cmd,
                          int (*fn)(const CliContext&, const EventsFlags&)) {
    cmd->callback(
        [ctx, f, fn] { ctx->run = [ctx, f, fn] { return fn(*ctx, *f); }; });
  };

  CLI::App* list = events->add_subcommand("list", "List events as JSON lines");
  list->add_option("--after", f->after, "Only events after this event id");
  list->add_option("--limit", f->limit, "At most N events (default: all)")
      ->check(CountValidator());
  list->add_flag("--unacked", f->unacked, "Only events not acknowledged");
  list->add_option("--state", f->state,
                   "Only takedown events in this state: open, actioned, "
                   "dismissed (state updates are left out)");
  set_run(list, RunList);

  CLI::App* tail = events->add_subcommand("tail", "The newest events");
  tail->add_option("-n,--lines", f->tail, "How many (default 10)")
      ->check(CountValidator());
  tail->add_flag("-f,--follow", f->follow, "Keep printing new events");
  set_run(tail, RunTail);

  CLI::App* ack = events->add_subcommand(
      "ack", "Acknowledge events (the takedown was handled)");
  ack->add_option("ids", f->ids, "Event ids")->required();
  ack->add_option("--actor", f->actor, "Who acknowledges (default: $USER)");
  set_run(ack, RunAck);

  CLI::App* replay = events->add_subcommand(
      "replay", "Deliver events again to a sink (JSONL file, stdout, ...)");
  replay
      ->add_option("--to", f->to,
                   "Sink spec: jsonl:PATH, stdout, or a FILE (- for stdout)")
      ->required();
  replay->add_option("--after", f->after, "Only events after this event id");
  set_run(replay, RunReplay);

  CLI::App* exp = events->add_subcommand("export", "Export events as JSONL");
  exp->add_option("--output", f->output, "FILE (default: stdout)");
  exp->add_option("--after", f->after, "Only events after this event id");
  set_run(exp, RunExport);

  CLI::App* deliver = events->add_subcommand(
      "deliver",
      "Deliver pending events to sinks (e.g. after a sink was down)");
  AddSinkFlags(deliver, &f->sinks);
  deliver->add_flag("-f,--follow", f->follow,
                    "Keep delivering until SIGINT/SIGTERM");
  deliver->add_flag("--retry-dead", f->retry_dead,
                    "First offer the sinks their dead-lettered events again");
  set_run(deliver, RunDeliver);

  AddEventsResolveCommand(events, ctx);
}

}  // namespace vigil::cli
