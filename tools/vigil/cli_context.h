// Copyright 2026 The Vigil Authors.
//
// Shared state and conventions of the `vigil` command-line tool.
//
// Output contract: machine-readable results go to stdout (JSON lines unless a
// command says otherwise); diagnostics, progress and errors go to stderr,
// one line each, prefixed "vigil: ".

#ifndef VIGIL_TOOLS_VIGIL_CLI_CONTEXT_H_
#define VIGIL_TOOLS_VIGIL_CLI_CONTEXT_H_

#include <functional>
#include <string>
#include <string_view>

#include "vigil/status.h"

namespace CLI {
class App;
}  // namespace CLI

namespace vigil::cli {

// Process exit codes. Documented in README.md ("Exit codes"); scripts depend
// on them, so never renumber.
enum ExitCode : int {
  kExitOk = 0,           // success; for scans: no input matched
  kExitMatch = 1,        // success, and at least one input matched a hash set
  kExitUsage = 2,        // bad command line: unknown command, flag or value
  kExitInputErrors = 3,  // ran to the end, but some inputs failed (see output)
  kExitFailure = 4,      // could not run: store unavailable, I/O error, ...
  kExitDamaged = 5,      // `store verify` found damage in the store
};

// State shared by all subcommands, filled in by the global options.
struct CliContext {
  // The store directory (--db). Defaults to DefaultDbDir().
  std::string db_dir;
  // A running `vigil serve` to run hashset commands through instead of the
  // store (--server URL, or $VIGIL_SERVER), its API token (--token, or
  // $VIGIL_TOKEN) or a file holding it (--token-file, $VIGIL_TOKEN_FILE).
  // See hashset_backend.h.
  std::string server;
  std::string token;
  std::string token_file;
  // Set by the chosen subcommand's parse callback; returns the exit code.
  std::function<int()> run;
  // The root application, for `vigil help`.
  CLI::App* root = nullptr;
};

// The default store directory: $VIGIL_DB, else $XDG_DATA_HOME/vigil, else
// $HOME/.local/share/vigil, else ./vigil-db (no HOME at all).
std::string DefaultDbDir();

// Prints "vigil: <message>" to stderr.
void PrintError(std::string_view message);

// Prints the status as one line to stderr and returns the exit code that
// fits it (kExitUsage for kInvalidArgument, else kExitFailure).
int ReportFatal(const Status& status);

// Each subcommand lives in its own cmd_<name>.cc and registers itself here.
void AddBenchCommand(CLI::App* app, CliContext* ctx);
void AddEventsCommand(CLI::App* app, CliContext* ctx);
// `events resolve`, a subcommand of `events` (cmd_events_resolve.cc).
void AddEventsResolveCommand(CLI::App* events, CliContext* ctx);
void AddHashCommand(CLI::App* app, CliContext* ctx);
void AddHashsetCommand(CLI::App* app, CliContext* ctx);
void AddHelpCommand(CLI::App* app, CliContext* ctx);
void AddKeysCommand(CLI::App* app, CliContext* ctx);
void AddScanCommand(CLI::App* app, CliContext* ctx);
void AddServeCommand(CLI::App* app, CliContext* ctx);
void AddStoreCommand(CLI::App* app, CliContext* ctx);
void AddTokenCommand(CLI::App* app, CliContext* ctx);
void AddVersionCommand(CLI::App* app, CliContext* ctx);

}  // namespace vigil::cli

#endif  // VIGIL_TOOLS_VIGIL_CLI_CONTEXT_H_
