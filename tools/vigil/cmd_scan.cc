// Copyright 2026 The Vigil Authors.
//
// `vigil scan`: the main job. Files in, one JSON line per file out, a
// takedown event per (file, matched hash set) recorded in the store's
// outbox before the file is reported, and delivered to the --events sinks
// in the background; before exiting, scan waits (bounded) for them.
//
//   vigil scan [--hashsets a,b] [--threads N] [--events SPEC]... [--dihedral]
//              [--dihedral-mode exact|dct] [--no-unletterbox]
//              [--pdq-mode fast|full] [--progress auto|always|never] PATH...

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "tools/vigil/input_paths.h"
#include "tools/vigil/sink_flags.h"
#include "vigil/engine.h"
#include "vigil/json.h"

namespace vigil::cli {
namespace {

struct ScanFlags {
  std::string hashsets;
  int threads = 0;
  SinkFlags sinks;  // --events, --webhook-secret-file, --drain-timeout
  bool dihedral = false;
  std::string dihedral_mode = "exact";
  bool no_unletterbox = false;
  std::string pdq_mode = "fast";
  std::string progress = "auto";
  bool no_video = false;
  double video_fps = 1.0;
  bool remove_bars = false;
  bool video_exact = false;
  std::vector<std::string> paths;
};

struct Totals {
  uint64_t files = 0, bytes = 0, matched = 0, clean = 0, errors = 0;
  uint64_t new_events = 0, old_events = 0;  // recorded now / before
};

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, ',')) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

// One-line progress on stderr, redrawn at most every 200 ms.
class Progress {
 public:
  // `total` is the number of inputs when known (0: unknown, no ETA).
  Progress(bool enabled, uint64_t total) : enabled_(enabled), total_(total) {}
  void Update(const Totals& t, bool final) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (!final && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double s = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr,
                 "\r\033[Kvigil: %llu files, %.1f files/s, %.1f MB/s, "
                 "%llu matched, %llu errors",
                 static_cast<unsigned long long>(t.files),
                 s > 0 ? t.files / s : 0.0, s > 0 ? t.bytes / s / 1e6 : 0.0,
                 static_cast<unsigned long long>(t.matched),
                 static_cast<unsigned long long>(t.errors));
    if (total_ > 0 && t.files > 0 && !final) {
      double eta = s / t.files * (total_ > t.files ? total_ - t.files : 0);
      std::fprintf(stderr, ", %llu/%llu, ETA %.0f s",
                   static_cast<unsigned long long>(t.files),
                   static_cast<unsigned long long>(total_), eta);
    }
    if (final) std::fprintf(stderr, "\n");
  }

 private:
  const bool enabled_;
  const uint64_t total_;
  std::chrono::steady_clock::time_point start_ =
      std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

int RunScan(const CliContext& ctx, const ScanFlags& flags) {
  EngineOptions options;
  options.db_dir = ctx.db_dir;
  options.threads = flags.threads;
  options.dihedral = flags.dihedral;
  Result<DihedralMode> dihedral_mode = ParseDihedralMode(flags.dihedral_mode);
  if (!dihedral_mode.ok()) return ReportFatal(dihedral_mode.status());
  options.hash.dihedral_mode = *dihedral_mode;
  options.hash.unletterbox = !flags.no_unletterbox;
  options.hashsets = SplitCommas(flags.hashsets);
  Result<PdqMode> mode = ParsePdqMode(flags.pdq_mode);
  if (!mode.ok()) return ReportFatal(mode.status());
  options.hash.pdq_mode = *mode;
  options.scan_videos = !flags.no_video;
  if (flags.video_exact) options.video = ExactVideoDecodeOptions();
  options.video.frames_per_second = flags.video_fps;
  options.video.remove_bars = flags.remove_bars;
  options.sink_specs = flags.sinks.events;
  ApplySinkFlags(flags.sinks);
  auto start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<Engine>> engine = Engine::Open(options);
  if (!engine.ok()) {
    // An --events sink that cannot be opened is reported as such (a
    // malformed spec is a usage error).
    if (engine.status().code() == StatusCode::kInvalidArgument ||
        engine.status().message().starts_with("event sink '")) {
      return ReportFatal(engine.status());
    }
    PrintError("cannot open store " + ctx.db_dir + ": " +
               engine.status().ToString());
    return kExitFailure;
  }
  EngineStats stats = (*engine)->Stats();
  if (stats.hashsets == 0) {
    PrintError("warning: the store " + ctx.db_dir +
               " has no hash sets; nothing can match (see 'vigil hashset "
               "create')");
  }

  bool show_progress = flags.progress == "always" ||
                       (flags.progress == "auto" && isatty(STDERR_FILENO));
  // For an ETA, count the inputs first (a walk of names only, no reads)
  // unless they come from stdin, which can be read only once.
  uint64_t total = 0;
  bool from_stdin = std::find(flags.paths.begin(), flags.paths.end(), "-") !=
                    flags.paths.end();
  if (show_progress && !from_stdin) {
    InputPaths counter(flags.paths, nullptr);
    std::string path;
    Status ignored;
    while (counter.Next(&path, &ignored)) {
      ignored.PermitUncheckedError();  // the scan itself reports them
      ++total;
    }
  }
  Progress progress(show_progress, total);
  Totals totals;
  InputPaths inputs(flags.paths, &std::cin);
  Status s = (*engine)->ScanStream(
      [&](ScanInput* input) {
        input->content.source = "vigil-scan";
        return inputs.Next(&input->path, &input->error);
      },
      [&](ScanResult&& r) {
        ++totals.files;
        totals.bytes += r.hashes.bytes;
        totals.new_events += r.new_events;
        totals.old_events += r.event_ids.size() - r.new_events;
        switch (r.status) {
          case ScanStatus::kMatch:
            ++totals.matched;
            break;
          case ScanStatus::kClean:
            ++totals.clean;
            break;
          case ScanStatus::kError:
            ++totals.errors;
            break;
        }
        std::cout << ScanResultJson(r) << '\n';
        // Flushed per file: a line on stdout is a promise that its events
        // are already in the outbox.
        std::cout.flush();
        progress.Update(totals, false);
      });
  progress.Update(totals, true);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::fprintf(stderr,
               "vigil: scanned %llu files (%.1f MB) in %.2f s against %llu "
               "hash sets: %llu matched, %llu clean, %llu errors; %llu new "
               "events recorded, %llu recorded before\n",
               static_cast<unsigned long long>(totals.files),
               totals.bytes / 1e6, seconds,
               static_cast<unsigned long long>(stats.hashsets),
               static_cast<unsigned long long>(totals.matched),
               static_cast<unsigned long long>(totals.clean),
               static_cast<unsigned long long>(totals.errors),
               static_cast<unsigned long long>(totals.new_events),
               static_cast<unsigned long long>(totals.old_events));
  // The sinks get the events in the background; give them time to catch
  // up (--drain-timeout). What is left stays in the outbox for the next
  // run or `vigil events deliver`.
  DrainSinks(**engine, flags.sinks);
  if (!s.ok()) {
    PrintError("scan stopped: " + s.ToString());
    return kExitFailure;
  }
  if (totals.matched > 0) return kExitMatch;
  return totals.errors > 0 ? kExitInputErrors : kExitOk;
}

}  // namespace

void AddScanCommand(CLI::App* app, CliContext* ctx) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* cmd = app->add_subcommand(
      "scan",
      "Scan files against the hash sets; record and print takedown events");
  cmd->add_option("--hashsets", flags->hashsets,
                  "Comma-separated hash sets to match (default: all)");
  cmd->add_option("--threads", flags->threads,
                  "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  AddSinkFlags(cmd, &flags->sinks);
  cmd->add_flag("--dihedral", flags->dihedral,
                "Also match rotated and mirrored copies");
  cmd->add_option("--dihedral-mode", flags->dihedral_mode,
                  "exact (default: each variant hashed from the rotated / "
                  "mirrored pixels) or dct (cheaper, a few bits less exact)")
      ->check(CLI::IsMember({"exact", "dct"}));
  cmd->add_flag("--no-unletterbox", flags->no_unletterbox,
                "Do not also match the picture inside uniform borders of "
                "images (variant 'unletterboxed', on by default)");
  cmd->add_option("--pdq-mode", flags->pdq_mode,
                  "fast (default) or full; see 'vigil help hash'")
      ->check(CLI::IsMember({"fast", "full"}));
  cmd->add_flag("--no-video", flags->no_video,
                "Do not decode videos (their digests are still matched)");
  cmd->add_option("--video-fps", flags->video_fps,
                  "Video frames hashed per second (default 1; 0: every "
                  "frame)")
      ->check(CLI::Range(0.0, 1000.0));
  cmd->add_flag("--video-exact", flags->video_exact,
                "Decode videos exactly as the reference (slower; the default "
                "skips loop filtering of frames that are not hashed)");
  cmd->add_flag("--remove-bars", flags->remove_bars,
                "Crop letterbox/pillarbox bars from video frames first");
  cmd->add_option("--progress", flags->progress,
                  "Progress on stderr: auto (if a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("paths", flags->paths,
                  "Files or directories (walked recursively); - reads paths "
                  "from stdin")
      ->required();
  cmd->callback([ctx, flags] {
    ctx->run = [ctx, flags] { return RunScan(*ctx, *flags); };
  });
}

}  // namespace vigil::cli
