// Copyright 2026 The Vigil Authors.
//
// `vigil events resolve`: record what was done with takedown events
// (vigil/event_state.h).
//
//   vigil events resolve ID... --outcome
//   removed|blocked|reported|false_positive
//       [--reference R] [--reason TEXT] [--actor A] [--amend]
//       [--disable-entry [--until UNIX_SECONDS]]
//
// Prints each resolved event (TakedownEventJson, with its new "state") as a
// JSON line. Exit 3 when the ids were rejected as a whole (an unknown id,
// an event resolved already without --amend): nothing is changed then.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "vigil/engine.h"
#include "vigil/json.h"

namespace vigil::cli {
namespace {

struct ResolveFlags {
  std::vector<std::string> ids;
  std::string outcome;
  std::string reference;
  std::string reason;
  std::string actor;
  bool amend = false;
  bool disable_entry = false;
  int64_t until = 0;  // Unix seconds
};

int RunResolve(const CliContext& ctx, const ResolveFlags& f) {
  EventResolution r;
  Result<EventOutcome> outcome = ParseEventOutcome(f.outcome);
  if (!outcome.ok()) return ReportFatal(outcome.status());
  r.outcome = *outcome;
  r.reference = f.reference;
  r.reason = f.reason;
  r.actor = f.actor;
  if (r.actor.empty()) {
    const char* user = std::getenv("USER");
    r.actor = user != nullptr ? user : "unknown";
  }
  r.amend = f.amend;
  r.disable_entry = f.disable_entry;
  r.disable_until_ms = f.until * 1000;
  if (Status s = ValidateEventResolution(r); !s.ok()) return ReportFatal(s);
  EngineOptions options;
  options.db_dir = ctx.db_dir;
  options.load_indexes = false;
  auto engine = Engine::Open(options);
  if (!engine.ok()) {
    PrintError("cannot open store " + ctx.db_dir + ": " +
               engine.status().ToString());
    return kExitFailure;
  }
  auto events = (*engine)->ResolveEvents(f.ids, r);
  if (!events.ok()) {
    PrintError("cannot resolve events: " + events.status().ToString());
    switch (events.status().code()) {
      case StatusCode::kInvalidArgument:
        return kExitUsage;
      case StatusCode::kNotFound:
      case StatusCode::kFailedPrecondition:
        return kExitInputErrors;  // rejected as a whole: nothing changed
      default:
        return kExitFailure;
    }
  }
  for (const TakedownEvent& e : *events) {
    std::cout << TakedownEventJson(e) << '\n';
  }
  PrintError("resolved " + std::to_string(events->size()) + " events as " +
             EventStateName(StateAfter(r.outcome)) +
             (r.disable_entry ? "; matched entries disabled" : ""));
  return kExitOk;
}

}  // namespace

void AddEventsResolveCommand(CLI::App* events, CliContext* ctx) {
  auto f = std::make_shared<ResolveFlags>();
  CLI::App* cmd = events->add_subcommand(
      "resolve", "Record what was done with events (actioned / dismissed)");
  cmd->add_option("ids", f->ids, "Event ids")->required();
  cmd->add_option("--outcome", f->outcome,
                  "removed, blocked, reported (-> actioned) or "
                  "false_positive (-> dismissed)")
      ->required();
  cmd->add_option("--reference", f->reference,
                  "External reference, e.g. a hotline report id");
  cmd->add_option("--reason", f->reason, "Why (required for false_positive)");
  cmd->add_option("--actor", f->actor, "Who resolves (default: $USER)");
  cmd->add_flag("--amend", f->amend,
                "Change the state of events resolved already");
  CLI::Option* disable = cmd->add_flag(
      "--disable-entry", f->disable_entry,
      "false_positive: disable the matched entries so they stop matching");
  cmd->add_option("--until", f->until,
                  "With --disable-entry: until this Unix time in seconds "
                  "(default: until enabled again)")
      ->needs(disable)
      ->check(CLI::NonNegativeNumber);
  cmd->callback(
      [ctx, f] { ctx->run = [ctx, f] { return RunResolve(*ctx, *f); }; });
}

}  // namespace vigil::cli
