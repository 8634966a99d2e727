// Copyright 2026 The Vigil Authors.
//
// `vigil hashset add|remove`: one confirmed entry in ("hash and block"),
// false positives out.
//
//   vigil hashset add NAME [MEDIA...] [--signal TYPE:HEX ...]
//       [--vpdq-file FILE ...] [--half-frames] [--remove-bars]
//       [--external-id ID] [--category C] [--note N] [--actor A]
//   vigil hashset remove NAME (--signal TYPE:HEX | --external-id ID)
//       --reason R [--actor A]
//
// `add` hashes the MEDIA files (images, videos, and animated GIF / WebP as
// both: first frame PDQ and frames vPDQ) with the library's hash and block
// (HashMediaSignals, vigil/media_entry.h), prints its warnings, and adds
// every signal the set allows, plus any --signal and --vpdq-file given, as
// one entry (RunHashsetAddSignals). With --half-frames a video also gets the
// vPDQ hashes of each half of its frames (vigil/vpdq.h), which still match when
// an overlay covers part of the picture; with --remove-bars a video's
// letterbox / pillarbox bars are cropped before hashing (vigil/bars.h), as
// `vigil scan --remove-bars` does, so that copies with and without bars
// match.

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "tools/vigil/hashset_backend.h"
#include "tools/vigil/hashset_cli.h"
#include "tools/vigil/hashset_json.h"
#include "vigil/hex.h"
#include "vigil/media_entry.h"
#include "vigil/vpdq.h"

namespace vigil::cli {

int RunHashsetAddSignals(const CliContext& ctx, const std::string& name,
                         const std::vector<Signal>& signals,
                         const EntryInfo& info) {
  auto backend = OpenHashsetBackend(ctx, false);
  if (!backend.ok()) return ReportFatal(backend.status());
  auto r = (*backend)->Add(name, signals, info);
  if (!r.ok()) return ReportFatal(r.status());
  nlohmann::json out = AddedEntryJson(name, signals, *r);
  std::cout << out.dump() << std::endl;
  return kExitOk;
}

namespace {

struct AddFlags {
  std::string name;
  std::vector<std::string> media;
  std::vector<std::string> signals;
  std::vector<std::string> vpdq_files;
  std::string external_id, category, note, actor;
  bool half_frames = false;
  bool remove_bars = false;
};

int RunAdd(const CliContext& ctx, const AddFlags& f) {
  std::vector<Signal> signals;
  for (const std::string& text : f.signals) {
    Result<Signal> s = ParseSignalArg(text);
    if (!s.ok()) return ReportFatal(s.status());
    signals.push_back(std::move(*s));
  }
  for (const std::string& path : f.vpdq_files) {
    // A vPDQ hash in the reference's text format (e.g. from another
    // platform's list).
    Result<std::vector<VpdqFrame>> frames = ReadVpdqFile(path);
    if (!frames.ok()) return ReportFatal(frames.status().WithPrefix(path));
    Result<Signal> s = EncodeVpdqSignal(*frames);
    if (!s.ok()) return ReportFatal(s.status().WithPrefix(path));
    signals.push_back(std::move(*s));
  }
  if (!f.media.empty()) {
    auto backend = OpenHashsetBackend(ctx, /*read_only=*/true);
    if (!backend.ok()) return ReportFatal(backend.status());
    Result<HashsetConfig> config = (*backend)->Config(f.name);
    if (!config.ok()) return ReportFatal(config.status());
    backend->reset();  // the writer below needs the lock
    // Hash and block: the library hashes the media as the reference does
    // and keeps what the set can match (vigil/media_entry.h).
    std::vector<MediaSource> media;
    for (const std::string& path : f.media) {
      media.push_back(MediaSource::File(path));
    }
    AddMediaOptions options;
    options.half_frames = f.half_frames;
    options.remove_bars = f.remove_bars;
    Result<MediaSignals> hashed = HashMediaSignals(*config, media, options);
    if (!hashed.ok()) {
      PrintError(hashed.status().ToString());
      return kExitInputErrors;
    }
    for (const std::string& warning : hashed->warnings) {
      PrintError("warning: " + warning);
    }
    signals.insert(signals.end(), hashed->signals.begin(),
                   hashed->signals.end());
  }
  if (signals.empty()) {
    PrintError(
        "hashset add needs MEDIA files, --signal TYPE:HEX or --vpdq-file");
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
  auto backend = OpenHashsetBackend(ctx, false);
  if (!backend.ok()) return ReportFatal(backend.status());
  auto r =
      (*backend)->Remove(f.name, selector, {ActorOrDefault(f.actor), f.reason});
  if (!r.ok()) return ReportFatal(r.status());
  nlohmann::json out = RemoveResultJson(f.name, *r);
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
    cmd->add_option("--vpdq-file", f->vpdq_files,
                    "A vPDQ hash in the reference's text format "
                    "(frame,quality,pdq,timestamp per line)");
    cmd->add_flag("--half-frames", f->half_frames,
                  "For videos, also store the vPDQ hash of each half of the "
                  "frames (matches despite a logo or caption over part of "
                  "the picture)");
    cmd->add_flag("--remove-bars", f->remove_bars,
                  "For videos, crop letterbox / pillarbox bars before "
                  "hashing (scan with --remove-bars to match)");
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
