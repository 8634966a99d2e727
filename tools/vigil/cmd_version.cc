// Copyright 2026 The Vigil Authors.
//
// `vigil version`: the version and build of the engine, as one JSON object.

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "tools/vigil/cli_context.h"
#include "vigil/version.h"

namespace vigil::cli {

void AddVersionCommand(CLI::App* app, CliContext* ctx) {
  CLI::App* cmd = app->add_subcommand(
      "version", "Print the engine version and build as JSON");
  cmd->callback([ctx] {
    ctx->run = [] {
      nlohmann::json out = {{"version", Version()}, {"build", BuildInfo()}};
      std::cout << out.dump() << std::endl;
      return kExitOk;
    };
  });
}

}  // namespace vigil::cli
