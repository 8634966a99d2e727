// Copyright 2026 The Vigil Authors.
//
// Helpers shared by the `vigil hashset ...` subcommands (cmd_hashset*.cc).

#ifndef VIGIL_TOOLS_VIGIL_HASHSET_CLI_H_
#define VIGIL_TOOLS_VIGIL_HASHSET_CLI_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "vigil/hashset.h"
#include "vigil/hashset_store.h"

namespace CLI {
class App;
}  // namespace CLI

namespace vigil::cli {

// Opens the store at ctx.db_dir. Writers run with umask 077 so every file
// they create is owner-only (the directory itself is 0700).
Result<std::unique_ptr<HashsetStore>> OpenHashsetStore(const CliContext& ctx,
                                                       bool read_only);

// Parses "TYPE:HEX", e.g. "pdq:f8f8..." or "md5:d41d8...".
Result<Signal> ParseSignalArg(std::string_view text);

// Who is acting: `flag` when set, else $USER, else "unknown".
std::string ActorOrDefault(const std::string& flag);

// Adds `signals` (all of one piece of media) to set `name` as one entry and
// prints the result as JSON. This is where `vigil hashset add` ends up
// whether the signals were given with --signal or computed from media.
int RunHashsetAddSignals(const CliContext& ctx, const std::string& name,
                         const std::vector<Signal>& signals,
                         const EntryInfo& info);

// Registration of the subcommand groups (one file each).
void AddHashsetAdminCommands(CLI::App* hashset, CliContext* ctx);
void AddHashsetIoCommands(CLI::App* hashset, CliContext* ctx);
void AddHashsetEntryCommands(CLI::App* hashset, CliContext* ctx);

}  // namespace vigil::cli

#endif  // VIGIL_TOOLS_VIGIL_HASHSET_CLI_H_
