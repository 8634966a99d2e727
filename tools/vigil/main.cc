// Copyright 2026 The Vigil Authors.
//
// The `vigil` command-line tool. Each subcommand is in cmd_<name>.cc; this
// file wires the global options, parses, and maps failures to exit codes.

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>

#include "tools/vigil/cli_context.h"
#include "vigil/version.h"

namespace vigil::cli {
namespace {

bool IsSubcommand(CLI::App& app, const std::string& name) {
  for (const CLI::App* sub :
       app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->check_name(name)) return true;
  }
  return false;
}

int Main(int argc, char** argv) {
  CLI::App app(
      "Vigil: hash media and match it against known-content hash "
      "sets, emitting takedown events.",
      "vigil");
  app.set_version_flag("--version", std::string("vigil ") + Version());
  app.require_subcommand(0, 1);
  app.fallthrough();
  app.footer(
      "Exit codes: 0 ok/no match, 1 match found, 2 usage error, 3 some inputs "
      "failed, 4 could not run, 5 store damaged.\nRun 'vigil help COMMAND' "
      "for a command's options.");

  CliContext ctx;
  ctx.root = &app;
  ctx.db_dir = DefaultDbDir();
  app.add_option("--db", ctx.db_dir,
                 "Store directory (default: $VIGIL_DB, else "
                 "$XDG_DATA_HOME/vigil, else ~/.local/share/vigil)")
      ->capture_default_str();

  app.add_option("--server", ctx.server,
                 "Run hashset commands through a running 'vigil serve' at "
                 "this URL (http://HOST:PORT) instead of the store")
      ->envname("VIGIL_SERVER");
  app.add_option("--token", ctx.token,
                 "API token for --server (prefer $VIGIL_TOKEN or "
                 "--token-file: a flag shows in the process list)")
      ->envname("VIGIL_TOKEN");
  app.add_option("--token-file", ctx.token_file,
                 "File whose first line is the API token for --server")
      ->envname("VIGIL_TOKEN_FILE");

  app.set_config("--config", "",
                 "TOML/INI file of options: db = \"DIR\" at the top, a "
                 "command's options in its section, e.g. [serve] "
                 "max-body = 1000000 (flags given win)");

  AddScanCommand(&app, &ctx);
  AddServeCommand(&app, &ctx);
  AddTokenCommand(&app, &ctx);
  AddEventsCommand(&app, &ctx);
  AddHashCommand(&app, &ctx);
  AddBenchCommand(&app, &ctx);
  AddHashsetCommand(&app, &ctx);
  AddStoreCommand(&app, &ctx);
  AddKeysCommand(&app, &ctx);
  AddHelpCommand(&app, &ctx);
  AddVersionCommand(&app, &ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr && argc > 1 &&
        argv[1][0] != '-' && !IsSubcommand(app, argv[1])) {
      message = std::string("unknown command '") + argv[1] + "'";
    } else if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
      // "hashset create -dash": the argument was taken for an unknown
      // option, so the positional looks missing. Say what is wrong.
      for (const std::string& arg : app.remaining(true)) {
        if (arg.size() > 1 && arg[0] == '-' && arg != "--") {
          message = "unknown option '" + arg + "' (so " + message + ")";
          break;
        }
      }
    }
    PrintError(message + " (see 'vigil help')");
    return kExitUsage;
  }
  if (!ctx.run) {
    std::cerr << app.help();
    return kExitUsage;
  }
  if (!ctx.server.empty()) {
    // Only hashset commands run through a service (hashset_backend.h);
    // the others would silently use the local store instead.
    for (const CLI::App* sub : app.get_subcommands()) {
      const std::string& name = sub->get_name();
      if (name != "hashset" && name != "hash" && name != "help" &&
          name != "version") {
        PrintError("'vigil " + name +
                   "' does not run through --server (VIGIL_SERVER); only "
                   "hashset commands do");
        return kExitUsage;
      }
    }
  }
  return ctx.run();
}

}  // namespace
}  // namespace vigil::cli

int main(int argc, char** argv) {
  try {
    return vigil::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    vigil::cli::PrintError(std::string("internal error: ") + e.what());
  } catch (...) {
    vigil::cli::PrintError("internal error: unknown exception");
  }
  return vigil::cli::kExitFailure;
}
