// Copyright 2026 The Vigil Authors.
//
// `vigil token create|list|revoke`: API tokens of `vigil serve`
// (vigil/api_token.h). The store keeps only the SHA-256 of a token's
// secret; `create` prints the secret once.
//
//   vigil token create NAME --scopes match,events [--actor A]
//   vigil token list
//   vigil token revoke NAME

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "vigil/api_token.h"
#include "vigil/hashset_store.h"

namespace vigil::cli {
namespace {

struct TokenFlags {
  std::string name;
  std::vector<std::string> scopes;
  std::string actor;
};

int Fail(const Status& s) {
  PrintError(s.ToString());
  return s.code() == StatusCode::kInvalidArgument ||
                 s.code() == StatusCode::kNotFound ||
                 s.code() == StatusCode::kAlreadyExists
             ? kExitUsage
             : kExitFailure;
}

int RunCreate(const CliContext& ctx, const TokenFlags& f) {
  auto store = HashsetStore::Open(ctx.db_dir, {});
  if (!store.ok()) return Fail(store.status());
  auto secret = CreateApiToken(**store, f.name, f.scopes,
                               f.actor.empty() ? "vigil-cli" : f.actor);
  if (!secret.ok()) return Fail(secret.status());
  std::cout << *secret << '\n';
  PrintError("token '" + f.name +
             "' created; the secret above is not stored and is shown only "
             "now");
  return kExitOk;
}

int RunList(const CliContext& ctx) {
  StoreOptions options;
  options.read_only = true;
  auto store = HashsetStore::Open(ctx.db_dir, options);
  if (!store.ok()) return Fail(store.status());
  auto tokens = ListApiTokens(**store);
  if (!tokens.ok()) return Fail(tokens.status());
  for (const ApiToken& t : *tokens) {
    std::cout << nlohmann::json{{"name", t.name},
                                {"scopes", t.scopes},
                                {"created_at_ms", t.created_at_ms},
                                {"created_by", t.created_by}}
                     .dump(-1, ' ', false,
                           nlohmann::json::error_handler_t::replace)
              << '\n';
  }
  return kExitOk;
}

int RunRevoke(const CliContext& ctx, const TokenFlags& f) {
  auto store = HashsetStore::Open(ctx.db_dir, {});
  if (!store.ok()) return Fail(store.status());
  Status s = RevokeApiToken(**store, f.name);
  if (!s.ok()) return Fail(s);
  PrintError("token '" + f.name + "' revoked");
  return kExitOk;
}

}  // namespace

void AddTokenCommand(CLI::App* app, CliContext* ctx) {
  auto flags = std::make_shared<TokenFlags>();
  CLI::App* cmd = app->add_subcommand(
      "token", "API tokens of `vigil serve`: create, list, revoke.");
  cmd->require_subcommand(1);

  CLI::App* create =
      cmd->add_subcommand("create", "Create a token; prints its secret once.");
  create->add_option("NAME", flags->name, "Token name")->required();
  create
      ->add_option("--scopes", flags->scopes,
                   "Comma-separated: hash, match, curate, events, admin")
      ->delimiter(',')
      ->required();
  create->add_option("--actor", flags->actor, "Who creates it (logged)");
  create->callback([ctx, flags] {
    ctx->run = [ctx, flags] { return RunCreate(*ctx, *flags); };
  });

  CLI::App* list = cmd->add_subcommand("list", "List tokens (no secrets).");
  list->callback([ctx] { ctx->run = [ctx] { return RunList(*ctx); }; });

  CLI::App* revoke = cmd->add_subcommand("revoke",
                                         "Revoke a token (restart a running "
                                         "service is not needed).");
  revoke->add_option("NAME", flags->name, "Token name")->required();
  revoke->callback([ctx, flags] {
    ctx->run = [ctx, flags] { return RunRevoke(*ctx, *flags); };
  });
}

}  // namespace vigil::cli
