// Copyright 2026 The Vigil Authors.
//
// `vigil scan`: the main job. Files in, one JSON line per file out, a
// takedown event per (file, matched hash set) recorded in the store's
// outbox before the file is reported, and delivered to --events.
//
//   vigil scan [--hashsets a,b] [--threads N] [--events FILE|-] [--dihedral]
//              [--pdq-mode fast|full] [--progress auto|always|never] PATH...

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "vigil/cli_context.h"
#include "vigil/engine.h"
#include "vigil/input_paths.h"

namespace vigil::cli {
namespace {

struct ScanFlags {
  std::string hashsets;
  int threads = 0;
  std::string events;
  bool dihedral = false;
  std::string pdq_mode = "fast";
  std::string progress = "auto";
  bool no_video = false;
  double video_fps = 1.0;
  bool remove_bars = false;
  bool video_exact = false;
  std::vector<std::string> paths;
};

struct Totals {
  uint64_t files = 0, bytes = 0, matched = 0, clean = 0, errors = 0, events = 0;
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

nlohmann::json MatchJson(const ScanMatch& m) {
  nlohmann::json j = {{"hashset", m.match.hashset},
                      {"signal_type", SignalTypeName(m.match.signal_type)},
                      {"distance", m.match.distance},
                      {"threshold", m.match.threshold},
                      {"hash", m.match.hash},
                      {"action", HashsetActionName(m.action)},
                      {"external_id", m.match.external_id},
                      {"category", m.match.category}};
  if (!m.match.variant.empty()) j["variant"] = m.match.variant;
  if (m.match.quality >= 0) j["quality"] = m.match.quality;
  if (m.match.video.has_value()) {
    const EventVideoMatch& v = *m.match.video;
    nlohmann::json ranges = nlohmann::json::array();
    for (const auto& [first, last] : v.time_ranges) {
      ranges.push_back({first, last});
    }
    j["video"] = {{"query_percent", v.query_percent},
                  {"query_matched", v.query_matched},
                  {"query_frames", v.query_frames},
                  {"best_timestamp", v.best_timestamp},
                  {"time_ranges", ranges}};
    if (m.match.signal_type == SignalType::kVpdq) {
      j["video"]["target_percent"] = v.target_percent;
      j["video"]["target_matched"] = v.target_matched;
      j["video"]["target_frames"] = v.target_frames;
      j["video"]["region"] = v.region;
    }
  }
  return j;
}

std::string ResultJson(const ScanResult& r) {
  nlohmann::json j;
  j["path"] = r.content.id;
  j["status"] = ScanStatusName(r.status);
  nlohmann::json matches = nlohmann::json::array();
  for (const ScanMatch& m : r.matches) matches.push_back(MatchJson(m));
  j["matches"] = matches;
  j["event_ids"] = r.event_ids;
  if (r.status == ScanStatus::kError) {
    j["error"] = {{"code", StatusCodeName(r.error.code())},
                  {"message", r.error.message()}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  j["media_type"] = MediaTypeMime(r.hashes.media_type);
  j["bytes"] = r.hashes.bytes;
  j["sha256"] = r.hashes.digests.Hex(SignalType::kSha256);
  if (r.hashes.pdq.has_value()) {
    j["pdq"] = r.hashes.pdq->hash.ToHex();
    j["pdq_quality"] = r.hashes.pdq->quality;
  }
  if (r.video.has_value()) {
    const VideoHash& v = *r.video;
    j["video"] = {{"codec", v.info.codec},
                  {"width", v.info.width},
                  {"height", v.info.height},
                  {"duration_seconds", v.info.duration_seconds},
                  {"frame_rate", v.info.frame_rate},
                  {"frames_hashed", v.frames.size()},
                  {"frame_interval", v.info.frame_interval}};
  } else if (!r.hashes.image_status.ok()) {
    // Not an image (or a broken one): digests were still matched.
    j["image_error"] = {{"code", StatusCodeName(r.hashes.image_status.code())},
                        {"message", r.hashes.image_status.message()}};
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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
  options.hashsets = SplitCommas(flags.hashsets);
  Result<PdqMode> mode = ParsePdqMode(flags.pdq_mode);
  if (!mode.ok()) return ReportFatal(mode.status());
  options.hash.pdq_mode = *mode;
  options.scan_videos = !flags.no_video;
  if (flags.video_exact) options.video = ExactVideoDecodeOptions();
  options.video.frames_per_second = flags.video_fps;
  options.video.remove_bars = flags.remove_bars;
  if (!flags.events.empty()) {
    Result<std::unique_ptr<EventSink>> sink = OpenJsonlSink(flags.events);
    if (!sink.ok()) return ReportFatal(sink.status());
    options.sinks.push_back(std::shared_ptr<EventSink>(std::move(*sink)));
  }
  auto start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<Engine>> engine = Engine::Open(options);
  if (!engine.ok()) {
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
        totals.events += r.event_ids.size();
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
        std::cout << ResultJson(r) << '\n';
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
               "hash sets: %llu matched, %llu clean, %llu errors; %llu events "
               "recorded\n",
               static_cast<unsigned long long>(totals.files),
               totals.bytes / 1e6, seconds,
               static_cast<unsigned long long>(stats.hashsets),
               static_cast<unsigned long long>(totals.matched),
               static_cast<unsigned long long>(totals.clean),
               static_cast<unsigned long long>(totals.errors),
               static_cast<unsigned long long>(totals.events));
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
  cmd->add_option("--events", flags->events,
                  "Also append events as JSON lines to FILE (- for stdout)");
  cmd->add_flag("--dihedral", flags->dihedral,
                "Also match rotated and mirrored copies");
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
