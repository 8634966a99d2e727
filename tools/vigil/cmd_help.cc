// Copyright 2026 The Vigil Authors.
//
// `vigil help [COMMAND]`: the help of the tool or of one command.

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "tools/vigil/cli_context.h"

namespace vigil::cli {

void AddHelpCommand(CLI::App* app, CliContext* ctx) {
  CLI::App* cmd =
      app->add_subcommand("help", "Show help for vigil or a command");
  auto topic = std::make_shared<std::string>();
  cmd->add_option("command", *topic, "The command to explain");
  cmd->callback([ctx, topic] {
    ctx->run = [ctx, topic] {
      if (topic->empty()) {
        std::cout << ctx->root->get_formatter()->make_help(
            ctx->root, ctx->root->get_name(), CLI::AppFormatMode::Normal);
        return kExitOk;
      }
      CLI::App* sub = nullptr;
      try {
        sub = ctx->root->get_subcommand(*topic);
      } catch (const CLI::OptionNotFound&) {
        sub = nullptr;
      }
      if (sub == nullptr) {
        PrintError("unknown command '" + *topic + "' (see 'vigil help')");
        return kExitUsage;
      }
      std::cout << sub->get_formatter()->make_help(sub, sub->get_name(),
                                                   CLI::AppFormatMode::Normal);
      return kExitOk;
    };
  });
}

}  // namespace vigil::cli
