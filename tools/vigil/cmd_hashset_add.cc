// Copyright 2026 The Vigil Authors.
//
// `vigil hashset add|remove`: one confirmed entry in ("hash and block"),
// false positives out.
//
//   vigil hashset add NAME [MEDIA...] [--signal TYPE:HEX ...]
//       [--external-id ID] [--category C] [--note N] [--actor A]
//   vigil hashset remove NAME (--signal TYPE:HEX | --external-id ID)
//       --reason R [--actor A]
//
// `add` hashes the MEDIA files and adds every signal the set allows, plus
// any --signal given, as one entry (RunHashsetAddSignals).

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "vigil/cli_context.h"
#include "vigil/hashset_cli.h"
#include "vigil/media_hasher.h"

namespace vigil::cli {

int RunHashsetAddSignals(const CliContext& ctx, const std::string& name,
                         const std::vector<Signal>& signals,
                         const EntryInfo& info) {
  auto store = OpenHashsetStore(ctx, false);
  if (!store.ok()) return ReportFatal(store.status());
  auto r = (*store)->AddEntry(name, signals, info);
  if (!r.ok()) return ReportFatal(r.status());
  nlohmann::json added = nlohmann::json::array();
  for (const Signal& s : signals) {
    added.push_back({{"type", SignalTypeName(s.type)}, {"hash", s.ToHex()}});
  }
  nlohmann::json out = {{"hashset", name},       {"signals", added},
                        {"added", r->added},     {"existing", r->existing},
                        {"version", r->version}, {"change_seq", r->change_seq}};
  std::cout << out.dump() << std::endl;
  return kExitOk;
}

namespace {

struct AddFlags {
  std::string name;
  std::vector<std::string> media;
  std::vector<std::string> signals;
  std::string external_id, category, note, actor;
};

// Hash and block: hashes each media file (full-resolution PDQ, the
// reference's pixels, so the stored hash is what other platforms compute)
// and appends the signals the set allows. A PDQ hash below the set's
// minimum quality is left out with a warning: it would match noise.
Status MediaSignals(const std::vector<std::string>& paths,
                    const HashsetConfig& config, std::vector<Signal>* out) {
  HashOptions options;
  options.pdq_mode = PdqMode::kFullResolution;
  MediaHasher hasher(options);
  for (const std::string& path : paths) {
    Result<MediaHashes> h = hasher.HashFile(path);
    if (!h.ok()) return h.status().WithPrefix(path);
    if (!h->image_status.ok()) {
      PrintError("warning: " + path + ": no PDQ hash (" +
                 h->image_status.ToString() + "); adding its digests only");
    }
    for (Signal& signal : h->Signals()) {
      if (!config.Allows(signal.type)) continue;
      if (signal.type == SignalType::kPdq &&
          signal.quality < config.MinQualityFor(SignalType::kPdq)) {
        PrintError("warning: " + path + ": PDQ quality " +
                   std::to_string(signal.quality) + " is below the set's " +
                   "minimum " +
                   std::to_string(config.MinQualityFor(SignalType::kPdq)) +
                   "; PDQ not added");
        continue;
      }
      out->push_back(std::move(signal));
    }
  }
  return Status::OK();
}

int RunAdd(const CliContext& ctx, const AddFlags& f) {
  std::vector<Signal> signals;
  for (const std::string& text : f.signals) {
    Result<Signal> s = ParseSignalArg(text);
    if (!s.ok()) return ReportFatal(s.status());
    signals.push_back(std::move(*s));
  }
  if (!f.media.empty()) {
    auto store = OpenHashsetStore(ctx, /*read_only=*/true);
    if (!store.ok()) return ReportFatal(store.status());
    Result<Hashset> set = (*store)->GetHashset(f.name);
    if (!set.ok()) return ReportFatal(set.status());
    store->reset();  // the writer below needs the lock
    Status s = MediaSignals(f.media, set->config, &signals);
    if (!s.ok()) {
      PrintError(s.ToString());
      return kExitInputErrors;
    }
  }
  if (signals.empty()) {
    PrintError(
        "hashset add needs MEDIA files or at least one --signal TYPE:HEX");
    return kExitUsage;
  }
  EntryInfo info{f.external_id, f.category, f.note, ActorOrDefault(f.actor)};
  return RunHashsetAddSignals(ctx, f.name, signals, info);
}

struct RemoveFlags {
  std::string name, signal, external_id, reason, actor;
};

int RunRemove(const CliContext& ctx, const RemoveFlags& f) {
  RemoveSelector selector;
  if (f.signal.empty() == f.external_id.empty()) {
    PrintError("hashset remove needs exactly one of --signal or --external-id");
    return kExitUsage;
  }
  if (!f.signal.empty()) {
    Result<Signal> s = ParseSignalArg(f.signal);
    if (!s.ok()) return ReportFatal(s.status());
    selector.signal = std::move(*s);
  } else {
    selector.external_id = f.external_id;
  }
  auto store = OpenHashsetStore(ctx, false);
  if (!store.ok()) return ReportFatal(store.status());
  auto r = (*store)->RemoveEntries(f.name, selector,
                                   {ActorOrDefault(f.actor), f.reason});
  if (!r.ok()) return ReportFatal(r.status());
  nlohmann::json out = {{"hashset", f.name},
                        {"removed", r->removed},
                        {"version", r->version},
                        {"change_seq", r->change_seq}};
  std::cout << out.dump() << std::endl;
  return kExitOk;
}

}  // namespace

void AddHashsetEntryCommands(CLI::App* hashset, CliContext* ctx) {
  {
    auto f = std::make_shared<AddFlags>();
    CLI::App* cmd = hashset->add_subcommand(
        "add", "Add the signals of one confirmed item as one entry");
    cmd->add_option("name", f->name, "Hash set")->required();
    cmd->add_option("media", f->media,
                    "Media files to hash and add (hash and block)");
    cmd->add_option("--signal", f->signals,
                    "A signal as TYPE:HEX (repeatable), e.g. pdq:f8f8...");
    cmd->add_option("--external-id", f->external_id, "Your case reference");
    cmd->add_option("--category", f->category, "Category or label");
    cmd->add_option("--note", f->note, "Free text");
    cmd->add_option("--actor", f->actor, "Who confirms (default: $USER)");
    cmd->callback(
        [ctx, f] { ctx->run = [ctx, f] { return RunAdd(*ctx, *f); }; });
  }
  {
    auto f = std::make_shared<RemoveFlags>();
    CLI::App* cmd = hashset->add_subcommand(
        "remove", "Remove entries (a false positive); logs who and why");
    cmd->add_option("name", f->name, "Hash set")->required();
    cmd->add_option("--signal", f->signal, "The entry's signal as TYPE:HEX");
    cmd->add_option("--external-id", f->external_id,
                    "Remove every entry with this external id");
    cmd->add_option("--reason", f->reason, "Why (recorded in the log)")
        ->required();
    cmd->add_option("--actor", f->actor, "Who (default: $USER)");
    cmd->callback(
        [ctx, f] { ctx->run = [ctx, f] { return RunRemove(*ctx, *f); }; });
  }
}

}  // namespace vigil::cli
