// Copyright 2026 The Vigil Authors.
//
// `vigil hashset create|list|show|stats|log|delete|enable|disable`:
// hash-set administration.
//
//   vigil hashset create NAME --types pdq,md5 [--threshold pdq=31]
//       [--min-quality pdq=50] [--action review] [--source S]
//       [--description D] [--actor A]
//   vigil hashset list                 one JSON object per set
//   vigil hashset show NAME            the set as JSON
//   vigil hashset stats [NAME] [--verify]   counts per type, version, last
//                                      change; --verify recounts them
//   vigil hashset log [--since SEQ] [--limit N]   change log as JSONL
//   vigil hashset delete NAME --reason R --yes
//   vigil hashset enable|disable NAME [--reason R] [--actor A]
//   vigil hashset update NAME [--threshold pdq=20] [--min-quality pdq=60]
//       [--action A] [--source S] [--description D]
//       [--video-query-percent P] [--video-target-percent P] [--reason R]
//
// Import/export are in cmd_hashset_io.cc, add/remove in cmd_hashset_add.cc.
// Every command but `log` also runs through a service (global --server,
// hashset_backend.h).

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "tools/vigil/hashset_backend.h"
#include "tools/vigil/hashset_cli.h"
#include "tools/vigil/hashset_json.h"
#include "vigil/hex.h"

namespace vigil::cli {

Result<std::unique_ptr<HashsetStore>> OpenHashsetStore(const CliContext& ctx,
                                                       bool read_only) {
  StoreOptions options;
  options.read_only = read_only;
  if (!read_only) ::umask(077);
  return HashsetStore::Open(ctx.db_dir, options);
}

Result<Signal> ParseSignalArg(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return InvalidArgumentError("--signal '" + std::string(text) +
                                "' is not TYPE:HEX");
  }
  Result<SignalType> type = ParseSignalType(text.substr(0, colon));
  if (!type.ok()) return type.status();
  std::string hex(text.substr(colon + 1));
  for (char& c : hex) c = static_cast<char>(std::tolower(c));
  Result<Signal> signal = ParseSignal(*type, hex);
  if (!signal.ok()) {
    return signal.status().WithPrefix("--signal '" + std::string(text) + "'");
  }
  return signal;
}

std::string ActorOrDefault(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* user = std::getenv("USER");
  return user != nullptr && *user ? user : "unknown";
}

namespace {

// Parses "type=value" pairs into `out`.
Status ParseTypeValues(const std::vector<std::string>& pairs, const char* flag,
                       std::map<SignalType, int>* out) {
  for (const std::string& pair : pairs) {
    size_t eq = pair.find('=');
    if (eq == std::string::npos) {
      return InvalidArgumentError(std::string(flag) + " '" + pair +
                                  "' is not TYPE=VALUE");
    }
    Result<SignalType> type = ParseSignalType(pair.substr(0, eq));
    if (!type.ok()) return type.status();
    char* end = nullptr;
    std::string value = pair.substr(eq + 1);
    long v = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0') {
      return InvalidArgumentError(std::string(flag) + " '" + pair +
                                  "': value is not a number");
    }
    (*out)[*type] = static_cast<int>(v);
  }
  return Status::OK();
}

struct CreateFlags {
  std::string name;
  std::vector<std::string> types, thresholds, min_quality;
  std::string action = "review", source, description, actor;
  double video_query_percent = kVpdqDefaultQueryPercent;
  double video_target_percent = kVpdqDefaultTargetPercent;
};

int RunCreate(const CliContext& ctx, const CreateFlags& f) {
  HashsetConfig config;
  config.name = f.name;
  for (const std::string& t : f.types) {
    Result<SignalType> type = ParseSignalType(t);
    if (!type.ok()) return ReportFatal(type.status());
    config.signal_types.push_back(*type);
  }
  Status s = ParseTypeValues(f.thresholds, "--threshold", &config.thresholds);
  if (s.ok()) {
    s = ParseTypeValues(f.min_quality, "--min-quality", &config.min_quality);
  }
  if (!s.ok()) return ReportFatal(s);
  Result<HashsetAction> action = ParseHashsetAction(f.action);
  if (!action.ok()) return ReportFatal(action.status());
  config.action = *action;
  config.source = f.source;
  config.description = f.description;
  config.video_query_percent = f.video_query_percent;
  config.video_target_percent = f.video_target_percent;
  s = ValidateHashsetConfig(config);
  if (!s.ok()) return ReportFatal(s);
  auto backend = OpenHashsetBackend(ctx, false);
  if (!backend.ok()) return ReportFatal(backend.status());
  auto created = (*backend)->Create(config, {ActorOrDefault(f.actor), ""});
  if (!created.ok()) return ReportFatal(created.status());
  std::cout << created->dump() << std::endl;
  return kExitOk;
}

struct UpdateFlags {
  std::string name;
  std::vector<std::string> thresholds, min_quality;
  std::optional<std::string> action, source, description;
  std::optional<double> video_query_percent, video_target_percent;
  std::string reason, actor;
};

// Changes how a set matches (HashsetStore::UpdateHashsetConfig): the
// options given replace the set's.
int RunUpdate(const CliContext& ctx, const UpdateFlags& f) {
  auto backend = OpenHashsetBackend(ctx, false);
  if (!backend.ok()) return ReportFatal(backend.status());
  Result<HashsetConfig> config = (*backend)->Config(f.name);
  if (!config.ok()) return ReportFatal(config.status());
  Status s = ParseTypeValues(f.thresholds, "--threshold", &config->thresholds);
  if (s.ok()) {
    s = ParseTypeValues(f.min_quality, "--min-quality", &config->min_quality);
  }
  if (!s.ok()) return ReportFatal(s);
  if (f.action.has_value()) {
    Result<HashsetAction> action = ParseHashsetAction(*f.action);
    if (!action.ok()) return ReportFatal(action.status());
    config->action = *action;
  }
  if (f.source.has_value()) config->source = *f.source;
  if (f.description.has_value()) config->description = *f.description;
  if (f.video_query_percent.has_value()) {
    config->video_query_percent = *f.video_query_percent;
  }
  if (f.video_target_percent.has_value()) {
    config->video_target_percent = *f.video_target_percent;
  }
  auto h =
      (*backend)->Update(f.name, *config, {ActorOrDefault(f.actor), f.reason});
  if (!h.ok()) return ReportFatal(h.status());
  std::cout << h->dump() << std::endl;
  return kExitOk;
}

int RunVerifiedStats(const CliContext& ctx, const std::string& name,
                     bool verify);

int RunStats(const CliContext& ctx, const std::string& name, bool verify) {
  if (verify) {
    if (!ctx.server.empty()) {
      PrintError("'hashset stats --verify' does not run through --server");
      return kExitUsage;
    }
    return RunVerifiedStats(ctx, name, verify);
  }
  auto backend = OpenHashsetBackend(ctx, true);
  if (!backend.ok()) return ReportFatal(backend.status());
  auto stats = (*backend)->Stats(name);
  if (!stats.ok()) return ReportFatal(stats.status());
  for (const nlohmann::json& j : *stats) std::cout << j.dump() << "\n";
  std::cout.flush();
  return kExitOk;
}

// Per set and type: entries counted in the entries column family and in
// the packed hashes.
using Recount =
    std::map<uint32_t, std::map<SignalType, std::pair<uint64_t, uint64_t>>>;

// Recounts the entries of `sets` by reading every block that holds them
// (`stats --verify`): a damaged block fails the count ("store is damaged").
Status RecountEntries(const HashsetStore& store,
                      const std::vector<Hashset>& sets, Recount* out) {
  std::set<SignalType> types;
  for (const Hashset& h : sets) {
    for (const auto& [type, n] : h.entry_counts) {
      if (n > 0) types.insert(type);
    }
  }
  for (SignalType type : types) {
    Status s = store.ForEachEntry(type, [&](const Entry& e) {
      ++(*out)[e.hashset_id][type].first;
      return Status::OK();
    });
    if (!s.ok()) return s;
    const size_t size = SignalTypeByteSize(type);
    s = store.ForEachPackedHashes(
        type, [&](uint32_t id, std::span<const uint8_t> hashes) {
          (*out)[id][type].second += size == 0 ? 1 : hashes.size() / size;
          return Status::OK();
        });
    if (!s.ok()) return s;
  }
  return Status::OK();
}

// `stats --verify`: on the store only (it reads every block).
int RunVerifiedStats(const CliContext& ctx, const std::string& name,
                     bool verify) {
  auto store = OpenHashsetStore(ctx, true);
  if (!store.ok()) return ReportFatal(store.status());
  std::vector<Hashset> sets;
  if (!name.empty()) {
    auto h = (*store)->GetHashset(name);
    if (!h.ok()) return ReportFatal(h.status());
    sets.push_back(*h);
  } else {
    sets = (*store)->ListHashsets();
  }
  Recount counted;
  if (verify) {
    Status s = RecountEntries(**store, sets, &counted);
    if (!s.ok()) return ReportFatal(s);
  }
  bool differs = false;
  for (const Hashset& h : sets) {
    nlohmann::json j = StatsJson(**store, h);
    if (verify) {
      // Every type the set records or the store holds for it.
      std::map<SignalType, uint64_t> recorded(h.entry_counts.begin(),
                                              h.entry_counts.end());
      for (const auto& [type, pair] : counted[h.id]) recorded.emplace(type, 0);
      bool ok = true;
      for (const auto& [type, n] : recorded) {
        const auto [entries, packed] = counted[h.id][type];
        if (entries != n || packed != n) {
          ok = false;
          PrintError("hashset '" + h.config.name + "' " + SignalTypeName(type) +
                     ": recorded " + std::to_string(n) + ", entries " +
                     std::to_string(entries) + ", packed " +
                     std::to_string(packed));
        }
      }
      j["verified"] = ok;
      differs = differs || !ok;
    }
    std::cout << j.dump() << "\n";
  }
  std::cout.flush();
  return differs ? kExitDamaged : kExitOk;
}

}  // namespace

void AddHashsetAdminCommands(CLI::App* hashset, CliContext* ctx) {
  {
    auto f = std::make_shared<CreateFlags>();
    CLI::App* cmd = hashset->add_subcommand("create", "Create a hash set");
    cmd->add_option("name", f->name,
                    "Name: [a-z0-9][a-z0-9_-]* (or an HMA bank name, "
                    "[A-Z_][A-Z0-9_]*)")
        ->required();
    cmd->add_option("--types", f->types,
                    "Signal types allowed, e.g. pdq,md5,sha1,sha256 (vpdq "
                    "for whole videos)")
        ->delimiter(',')
        ->required();
    cmd->add_option("--threshold", f->thresholds,
                    "Match threshold per type, e.g. pdq=31 (default: pdq " +
                        std::to_string(kPdqDefaultThreshold) + ", others 0)")
        ->delimiter(',');
    cmd->add_option("--min-quality", f->min_quality,
                    "Minimum query quality per type, e.g. pdq=50 (default: "
                    "pdq " +
                        std::to_string(kPdqDefaultMinQuality) + ")")
        ->delimiter(',');
    cmd->add_option("--video-query-percent", f->video_query_percent,
                    "vpdq: share of a scanned video's frames that must match")
        ->capture_default_str();
    cmd->add_option("--video-target-percent", f->video_target_percent,
                    "vpdq: share of the entry's frames that must match")
        ->capture_default_str();
    cmd->add_option("--action", f->action,
                    "Action on match: report, remove, block, review")
        ->capture_default_str();
    cmd->add_option("--source", f->source, "Where the list comes from");
    cmd->add_option("--description", f->description, "Free text");
    cmd->add_option("--actor", f->actor, "Who creates it (default: $USER)");
    cmd->callback(
        [ctx, f] { ctx->run = [ctx, f] { return RunCreate(*ctx, *f); }; });
  }
  {
    auto f = std::make_shared<UpdateFlags>();
    CLI::App* cmd = hashset->add_subcommand(
        "update",
        "Change how a set matches: thresholds, qualities, action, ...");
    cmd->add_option("name", f->name, "Hash set")->required();
    cmd->add_option("--threshold", f->thresholds,
                    "Match threshold per type, e.g. pdq=20")
        ->delimiter(',');
    cmd->add_option("--min-quality", f->min_quality,
                    "Minimum query quality per type, e.g. pdq=60 (not vpdq)")
        ->delimiter(',');
    cmd->add_option("--video-query-percent", f->video_query_percent,
                    "vpdq: share of a scanned video's frames that must match");
    cmd->add_option("--video-target-percent", f->video_target_percent,
                    "vpdq: share of the entry's frames that must match");
    cmd->add_option("--action", f->action,
                    "Action on match: report, remove, block, review");
    cmd->add_option("--source", f->source, "Where the list comes from");
    cmd->add_option("--description", f->description, "Free text");
    cmd->add_option("--reason", f->reason, "Why (recorded in the log)");
    cmd->add_option("--actor", f->actor, "Who (default: $USER)");
    cmd->callback(
        [ctx, f] { ctx->run = [ctx, f] { return RunUpdate(*ctx, *f); }; });
  }
  {
    CLI::App* cmd =
        hashset->add_subcommand("list", "List hash sets as JSON lines");
    cmd->callback([ctx] {
      ctx->run = [ctx] {
        auto backend = OpenHashsetBackend(*ctx, true);
        if (!backend.ok()) return ReportFatal(backend.status());
        auto sets = (*backend)->List();
        if (!sets.ok()) return ReportFatal(sets.status());
        for (const nlohmann::json& h : *sets) std::cout << h.dump() << "\n";
        std::cout.flush();
        return static_cast<int>(kExitOk);
      };
    });
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd =
        hashset->add_subcommand("show", "Show one hash set as JSON");
    cmd->add_option("name", *name, "Hash set")->required();
    cmd->callback([ctx, name] {
      ctx->run = [ctx, name] {
        auto backend = OpenHashsetBackend(*ctx, true);
        if (!backend.ok()) return ReportFatal(backend.status());
        auto h = (*backend)->Show(*name);
        if (!h.ok()) return ReportFatal(h.status());
        std::cout << h->dump() << std::endl;
        return static_cast<int>(kExitOk);
      };
    });
  }
  {
    auto name = std::make_shared<std::string>();
    auto verify = std::make_shared<bool>(false);
    CLI::App* cmd = hashset->add_subcommand(
        "stats", "Entries per signal type, version and last change");
    cmd->add_option("name", *name, "Hash set (default: all)");
    cmd->add_flag("--verify", *verify,
                  "Recount the entries from the store (reads every block "
                  "holding them; exit 5 when counts differ)");
    cmd->callback([ctx, name, verify] {
      ctx->run = [ctx, name, verify] { return RunStats(*ctx, *name, *verify); };
    });
  }
  {
    auto since = std::make_shared<uint64_t>(0);
    auto limit = std::make_shared<size_t>(0);
    CLI::App* cmd =
        hashset->add_subcommand("log", "Print the change log as JSON lines");
    cmd->add_option("--since", *since, "Only records after this sequence");
    cmd->add_option("--limit", *limit, "At most this many records (0: all)");
    cmd->callback([ctx, since, limit] {
      ctx->run = [ctx, since, limit] {
        if (!ctx->server.empty()) {
          PrintError("'hashset log' does not run through --server yet");
          return static_cast<int>(kExitUsage);
        }
        auto store = OpenHashsetStore(*ctx, true);
        if (!store.ok()) return ReportFatal(store.status());
        auto records = (*store)->ReadLog(*since, *limit);
        if (!records.ok()) return ReportFatal(records.status());
        for (const ChangeRecord& r : *records) std::cout << r.json << "\n";
        std::cout.flush();
        return static_cast<int>(kExitOk);
      };
    });
  }
  {
    struct DeleteFlags {
      std::string name, reason, actor;
      bool yes = false;
    };
    auto f = std::make_shared<DeleteFlags>();
    CLI::App* cmd = hashset->add_subcommand(
        "delete", "Delete a hash set and all its entries");
    cmd->add_option("name", f->name, "Hash set")->required();
    cmd->add_option("--reason", f->reason, "Why (recorded in the log)")
        ->required();
    cmd->add_option("--actor", f->actor, "Who (default: $USER)");
    cmd->add_flag("--yes", f->yes, "Confirm the deletion");
    cmd->callback([ctx, f] {
      ctx->run = [ctx, f] {
        if (!f->yes) {
          PrintError("refusing to delete hashset '" + f->name +
                     "' without --yes");
          return static_cast<int>(kExitUsage);
        }
        auto backend = OpenHashsetBackend(*ctx, false);
        if (!backend.ok()) return ReportFatal(backend.status());
        Status s =
            (*backend)->Delete(f->name, {ActorOrDefault(f->actor), f->reason});
        if (!s.ok()) return ReportFatal(s);
        std::cout << nlohmann::json{{"deleted", f->name}}.dump() << std::endl;
        return static_cast<int>(kExitOk);
      };
    });
  }
  for (bool enable : {true, false}) {
    struct ToggleFlags {
      std::string name, reason, actor;
    };
    auto f = std::make_shared<ToggleFlags>();
    CLI::App* cmd = hashset->add_subcommand(
        enable ? "enable" : "disable",
        enable ? "Enable a hash set: it matches again"
               : "Disable a hash set: it keeps its entries, matches nothing");
    cmd->add_option("name", f->name, "Hash set")->required();
    cmd->add_option("--reason", f->reason, "Why (recorded in the log)");
    cmd->add_option("--actor", f->actor, "Who (default: $USER)");
    cmd->callback([ctx, f, enable] {
      ctx->run = [ctx, f, enable] {
        auto backend = OpenHashsetBackend(*ctx, false);
        if (!backend.ok()) return ReportFatal(backend.status());
        auto h = (*backend)->SetEnabled(f->name, enable,
                                        {ActorOrDefault(f->actor), f->reason});
        if (!h.ok()) return ReportFatal(h.status());
        std::cout << h->dump() << std::endl;
        return static_cast<int>(kExitOk);
      };
    });
  }
}

void AddHashsetCommand(CLI::App* app, CliContext* ctx) {
  CLI::App* hashset = app->add_subcommand(
      "hashset", "Manage hash sets: create, import, export, add, remove, ...");
  hashset->require_subcommand(1);
  AddHashsetAdminCommands(hashset, ctx);
  AddHashsetIoCommands(hashset, ctx);
  AddHashsetEntryCommands(hashset, ctx);
}

}  // namespace vigil::cli
