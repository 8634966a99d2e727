// Copyright 2026 The Vigil Authors.
//
// `vigil keys generate --out PREFIX`: an Ed25519 key pair for signed
// hash-list bundles (vigil/bundle.h, docs/bundles.md). PREFIX gets the
// private key (0600), PREFIX.pub the public key; neither is overwritten.

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tools/vigil/cli_context.h"
#include "vigil/bundle.h"

namespace vigil::cli {

void AddKeysCommand(CLI::App* app, CliContext* ctx) {
  CLI::App* keys =
      app->add_subcommand("keys", "Signing keys for hash-list bundles");
  keys->require_subcommand(1);
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = keys->add_subcommand(
      "generate", "Write an Ed25519 key pair: PREFIX (private), PREFIX.pub");
  cmd->add_option("--out", *out, "PREFIX of the two files")->required();
  cmd->callback([ctx, out] {
    ctx->run = [out] {
      Result<SigningKeyPair> key = GenerateSigningKey();
      if (!key.ok()) return ReportFatal(key.status());
      Status s = WriteSigningKey(*key, *out);
      if (!s.ok()) {
        PrintError(s.ToString());
        return static_cast<int>(kExitFailure);
      }
      std::cout << nlohmann::json{{"private_key", *out},
                                  {"public_key", *out + ".pub"},
                                  {"key_id", key->key_id}}
                       .dump()
                << std::endl;
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace vigil::cli
