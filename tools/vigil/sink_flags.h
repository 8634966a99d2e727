// Copyright 2026 The Vigil Authors.
//
// The sink options shared by `vigil scan` and `vigil events deliver`:
//
//   --events SPEC             a sink (repeatable): jsonl:PATH, stdout,
//                             webhook+https://HOST/PATH, ... (docs/sinks.md)
//   --webhook-secret-file F   the webhook signing secret(s); else the
//                             environment's VIGIL_WEBHOOK_SECRET (never a
//                             command-line value)
//   --webhook-batch N         events per webhook POST, a JSON array (default
//                             1: one POST per event; docs/webhooks.md)
//   --drain-timeout S         how long to wait for the sinks (default 60)

#ifndef VIGIL_TOOLS_VIGIL_SINK_FLAGS_H_
#define VIGIL_TOOLS_VIGIL_SINK_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "vigil/engine.h"

namespace CLI {
class App;
}  // namespace CLI

namespace vigil::cli {

struct SinkFlags {
  std::vector<std::string> events;  // sink specs
  std::string webhook_secret_file;
  int webhook_batch = 0;  // 0: not given (VIGIL_WEBHOOK_BATCH or 1)
  double drain_timeout_s = 60;
};

// Adds --events, --webhook-secret-file, --webhook-batch and
// --drain-timeout to `cmd`.
void AddSinkFlags(CLI::App* cmd, SinkFlags* flags);

// Before sinks are opened: hands --webhook-secret-file and --webhook-batch
// to the webhook factory (as VIGIL_WEBHOOK_SECRET_FILE, which then wins
// over VIGIL_WEBHOOK_SECRET, and VIGIL_WEBHOOK_BATCH). Opening the file is
// the factory's job.
void ApplySinkFlags(const SinkFlags& flags);

// Waits up to --drain-timeout for the sinks and says on stderr how many
// events remain pending (they stay in the outbox). Returns that number.
uint64_t DrainSinks(Engine& engine, const SinkFlags& flags);

}  // namespace vigil::cli

#endif  // VIGIL_TOOLS_VIGIL_SINK_FLAGS_H_
