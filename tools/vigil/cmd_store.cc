// Copyright 2026 The Vigil Authors.
//
// `vigil store verify|backup|restore`: store integrity and backups
// (vigil/store_admin.h, docs/store.md).
//
//   vigil store verify            full checksum scan; exit 5 on damage
//   vigil store backup DIR        add a backup of the store to DIR
//   vigil store restore DIR [--force] [--backup-id N]

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tools/vigil/cli_context.h"
#include "vigil/store_admin.h"

namespace vigil::cli {
namespace {

nlohmann::json InfoJson(const BackupInfo& info, const std::string& dir) {
  return {{"backup_dir", dir},
          {"backup_id", info.backup_id},
          {"timestamp", info.timestamp},
          {"files", info.files},
          {"bytes", info.bytes}};
}

int RunVerify(const CliContext& ctx) {
  Result<StoreVerifyReport> r = VerifyStore(ctx.db_dir);
  if (!r.ok()) return ReportFatal(r.status());
  nlohmann::json cfs = nlohmann::json::object();
  for (const auto& [name, cf] : r->column_families) {
    cfs[name] = {{"files", cf.files}, {"bytes", cf.bytes}};
  }
  nlohmann::json damaged = nlohmann::json::array();
  for (const DamagedFile& d : r->damaged) {
    damaged.push_back({{"column_family", d.column_family},
                       {"file", d.file},
                       {"smallest_key", d.smallest_key},
                       {"largest_key", d.largest_key},
                       {"error", d.error}});
    PrintError("damaged: column family '" +
               (d.column_family.empty() ? "?" : d.column_family) + "', file " +
               (d.file.empty() ? "?" : d.file) + ", keys " +
               (d.smallest_key.empty() ? "?" : d.smallest_key) + ".." +
               (d.largest_key.empty() ? "?" : d.largest_key) + ": " + d.error);
  }
  nlohmann::json out = {{"store", ctx.db_dir},     {"ok", r->ok()},
                        {"files", r->files},       {"bytes", r->bytes},
                        {"vanished", r->vanished}, {"column_families", cfs},
                        {"damaged", damaged}};
  std::cout << out.dump() << std::endl;
  return r->ok() ? kExitOk : kExitDamaged;
}

}  // namespace

void AddStoreCommand(CLI::App* app, CliContext* ctx) {
  CLI::App* store = app->add_subcommand(
      "store", "Store integrity and backups: verify, backup, restore");
  store->require_subcommand(1);
  {
    CLI::App* cmd = store->add_subcommand(
        "verify",
        "Check the checksum of every block of the store (exit 5 on damage)");
    cmd->callback([ctx] { ctx->run = [ctx] { return RunVerify(*ctx); }; });
  }
  {
    auto dir = std::make_shared<std::string>();
    CLI::App* cmd = store->add_subcommand(
        "backup", "Add a backup of the store to DIR (works beside a writer)");
    cmd->add_option("dir", *dir, "Backup directory")->required();
    cmd->callback([ctx, dir] {
      ctx->run = [ctx, dir] {
        Result<BackupInfo> info = BackupStore(ctx->db_dir, *dir);
        if (!info.ok()) return ReportFatal(info.status());
        std::cout << InfoJson(*info, *dir).dump() << std::endl;
        return static_cast<int>(kExitOk);
      };
    });
  }
  {
    struct RestoreFlags {
      std::string dir;
      bool force = false;
      uint32_t backup_id = 0;
    };
    auto f = std::make_shared<RestoreFlags>();
    CLI::App* cmd = store->add_subcommand(
        "restore", "Restore a backup from DIR as the store (--db)");
    cmd->add_option("dir", f->dir, "Backup directory")->required();
    cmd->add_flag("--force", f->force,
                  "Replace an existing store (never one a writer holds)");
    cmd->add_option("--backup-id", f->backup_id,
                    "Backup to restore (0: latest)")
        ->capture_default_str();
    cmd->callback([ctx, f] {
      ctx->run = [ctx, f] {
        RestoreOptions options;
        options.force = f->force;
        options.backup_id = f->backup_id;
        Result<BackupInfo> info = RestoreStore(f->dir, ctx->db_dir, options);
        if (!info.ok()) return ReportFatal(info.status());
        nlohmann::json out = InfoJson(*info, f->dir);
        out["store"] = ctx->db_dir;
        std::cout << out.dump() << std::endl;
        return static_cast<int>(kExitOk);
      };
    });
  }
}

}  // namespace vigil::cli
