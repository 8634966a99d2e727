// Copyright 2026 The Vigil Authors.

#include "tools/vigil/sink_flags.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "tools/vigil/cli_context.h"
#include "vigil/webhook_sink.h"

namespace vigil::cli {

void AddSinkFlags(CLI::App* cmd, SinkFlags* flags) {
  // One spec per --events: without allow_extra_args(false) CLI11 lets a
  // vector option swallow the paths after it (`--events out.jsonl a.jpg`
  // would append events to a.jpg).
  cmd->add_option("--events", flags->events,
                  "Deliver events to a sink (repeatable, one spec each): "
                  "jsonl:PATH, stdout, webhook+https://HOST/PATH, "
                  "nats://HOST:PORT/SUBJECT, or a FILE (- for stdout)")
      ->allow_extra_args(false);
  cmd->add_option("--webhook-secret-file", flags->webhook_secret_file,
                  "File with the webhook signing secret(s), whsec_<base64> "
                  "(default: $VIGIL_WEBHOOK_SECRET)");
  cmd->add_option("--webhook-batch", flags->webhook_batch,
                  "Events per webhook POST, sent as a JSON array (default 1: "
                  "one POST per event, as Standard Webhooks receivers expect)")
      ->check(CLI::Range(1, static_cast<int>(kMaxWebhookBatch)));
  cmd->add_option("--drain-timeout", flags->drain_timeout_s,
                  "Seconds to wait for the sinks before exiting (default 60); "
                  "what is left stays pending in the store")
      ->check(CLI::Range(0.0, 1e6));
}

void ApplySinkFlags(const SinkFlags& flags) {
  if (flags.webhook_batch > 0) {
    setenv("VIGIL_WEBHOOK_BATCH", std::to_string(flags.webhook_batch).c_str(),
           1);
  }
  if (flags.webhook_secret_file.empty()) return;
  unsetenv("VIGIL_WEBHOOK_SECRET");
  setenv("VIGIL_WEBHOOK_SECRET_FILE", flags.webhook_secret_file.c_str(), 1);
}

uint64_t DrainSinks(Engine& engine, const SinkFlags& flags) {
  if (engine.DeliveryStats().empty()) return 0;
  auto timeout = std::chrono::milliseconds(
      static_cast<int64_t>(std::llround(flags.drain_timeout_s * 1000)));
  Status drained = engine.Drain(timeout);
  drained.PermitUncheckedError();  // the stats below say what is left
  uint64_t pending = 0;
  std::string detail;
  for (const SinkStats& s : engine.DeliveryStats()) {
    if (s.pending == 0) continue;
    pending += s.pending;
    if (!detail.empty()) detail += "; ";
    detail += s.name + ": " + std::to_string(s.pending);
    if (s.disabled) detail += ", disabled";
    if (!s.last_error.ok())
      detail += ", last error: " + s.last_error.ToString();
  }
  if (pending == 0) {
    PrintError("events delivered to every sink (0 pending)");
    return 0;
  }
  PrintError("warning: " + std::to_string(pending) +
             " events remain pending after the drain timeout (" + detail +
             "); they stay in the store for 'vigil events deliver'");
  return pending;
}

}  // namespace vigil::cli
