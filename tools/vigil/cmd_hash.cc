// Copyright 2026 The Vigil Authors.
//
// `vigil hash`: digests and PDQ of files, one JSON object per input.
//
//   vigil hash [--format jsonl|text] [--dihedral] [--dihedral-mode exact|dct]
//              [--no-unletterbox] [--threads N]
//              [--pdq-mode fast|full] [--pixels rgb24:WxH]
//              [--video-fps F] [--remove-bars] [--vpdq-out DIR]
//              [--max-image-bytes N] PATH...
//
// Inputs are hashed in parallel by the engine's ContentHasher (the same
// routing as `vigil scan`); output order equals input order. Videos
// (sniffed MP4/MOV/MKV/WebM/AVI; streamed from their path when larger than
// the image byte limit) get their vPDQ hash: one PDQ per sampled frame,
// with frame number, timestamp and quality; animated GIFs and WebPs get
// their first frame's PDQ and their frames' vPDQ. --vpdq-out writes each
// vPDQ hash in the reference's text format to DIR/<name>.txt.

#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <CLI/CLI.hpp>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "tools/vigil/input_paths.h"
#include "vigil/bars.h"
#include "vigil/content_hasher.h"
#include "vigil/engine.h"
#include "vigil/image.h"
#include "vigil/json.h"
#include "vigil/media_hasher.h"
#include "vigil/video.h"
#include "vigil/vpdq.h"

namespace vigil::cli {
namespace {

struct HashFlags {
  std::string format = "jsonl";
  bool dihedral = false;
  std::string dihedral_mode = "exact";
  bool no_unletterbox = false;
  int threads = 0;
  std::string pdq_mode = "fast";
  std::string pixels;
  double video_fps = 1.0;
  bool remove_bars = false;
  std::string vpdq_out;
  uint64_t max_image_bytes = 0;  // 0: the default image byte limit
  std::vector<std::string> paths;
};

struct Item {
  std::string path;
  Status error;  // set when the input could not be hashed at all
  MediaHashes hashes;
  // Videos: the vPDQ hash, or why it could not be made (video_status).
  // Animated GIFs / WebPs: their frames (is_video false).
  std::optional<VideoHash> video;
  Status video_status;
  bool is_video = false;
  // Images with --remove-bars: the crop applied before PDQ.
  std::optional<CropRect> image_crop;
};

// --remove-bars for an image: decodes it to full-size RGB, and when bars
// are found replaces the PDQ (and dihedral) hashes with those of the
// content inside them. Leaves `item` unchanged when the image has none.
Status RemoveImageBars(const HashOptions& options, Item* item) {
  std::ifstream in(item->path, std::ios::binary);
  std::vector<uint8_t> bytes(item->hashes.bytes);
  in.read(reinterpret_cast<char*>(bytes.data()),
          static_cast<std::streamsize>(bytes.size()));
  if (!in || static_cast<uint64_t>(in.gcount()) != item->hashes.bytes) {
    return IOError(item->path + ": cannot read again for --remove-bars");
  }
  DecodeOptions decode;
  decode.limits = options.limits;
  Result<Image> image = DecodeImage(bytes, decode);
  if (!image.ok()) return image.status();
  const size_t stride = static_cast<size_t>(image->width) * 3;
  const BarDetection bars =
      DetectBars(image->pixels, image->width, image->height, stride);
  item->image_crop = bars.crop;
  if (bars.crop.empty()) return Status::OK();
  const std::span<const uint8_t> inner =
      std::span<const uint8_t>(image->pixels)
          .subspan(static_cast<size_t>(bars.crop.top) * stride +
                   static_cast<size_t>(bars.crop.left) * 3);
  const int w = bars.crop.Width(image->width);
  const int h = bars.crop.Height(image->height);
  PdqWorkspace ws;
  if (item->hashes.pdq_dihedral.has_value()) {
    Result<std::array<PdqResult, 8>> all = ComputePdqDihedralVariants(
        options.dihedral_mode, /*luma=*/false, inner, w, h, stride, &ws);
    if (!all.ok()) return all.status();
    item->hashes.pdq_dihedral = *all;
  }
  Result<PdqResult> pdq = ComputePdqFromRgb(inner, w, h, stride, &ws);
  if (!pdq.ok()) return pdq.status();
  item->hashes.pdq = *pdq;
  return Status::OK();
}

// The item's `vigil hash` line, through the shared renderer.
std::string FormatJson(const Item& item, bool raw_pixels, bool remove_bars) {
  if (!item.error.ok()) return HashErrorJson(item.path, item.error);
  HashJsonOptions json;
  json.path = item.path;
  if (raw_pixels) json.media_type = "image/x-raw-rgb24";
  json.is_video = item.is_video;
  json.video = item.video ? &*item.video : nullptr;
  json.video_status = item.video_status;
  if (item.is_video && item.video && remove_bars) {
    json.bars_removed = item.video->info.crop;
  } else if (!item.is_video && item.hashes.image_status.ok() &&
             item.video_status.ok()) {
    json.bars_removed = item.image_crop;
  }
  return HashesJson(item.hashes, json);
}

// Parses "rgb24:WxH" (W and H of 1 to 6 digits, both > 0).
bool ParsePixels(const std::string& spec, int* width, int* height) {
  constexpr std::string_view kPrefix = "rgb24:";
  if (spec.compare(0, kPrefix.size(), kPrefix) != 0) return false;
  // Reads 1..6 digits at *pos into *value.
  auto number = [&spec](size_t* pos, int* value) {
    size_t start = *pos;
    *value = 0;
    while (*pos < spec.size() && *pos - start < 6 && spec[*pos] >= '0' &&
           spec[*pos] <= '9') {
      *value = *value * 10 + (spec[(*pos)++] - '0');
    }
    return *pos > start;
  };
  size_t pos = kPrefix.size();
  if (!number(&pos, width) || pos >= spec.size() || spec[pos++] != 'x' ||
      !number(&pos, height) || pos != spec.size()) {
    return false;
  }
  return *width > 0 && *height > 0;
}

int RunHash(const HashFlags& flags) {
  HashOptions options;
  options.dihedral = flags.dihedral;
  Result<DihedralMode> dihedral_mode = ParseDihedralMode(flags.dihedral_mode);
  if (!dihedral_mode.ok()) return ReportFatal(dihedral_mode.status());
  options.dihedral_mode = *dihedral_mode;
  options.unletterbox = !flags.no_unletterbox;
  Result<PdqMode> mode = ParsePdqMode(flags.pdq_mode);
  if (!mode.ok()) return ReportFatal(mode.status());
  options.pdq_mode = *mode;
  if (flags.max_image_bytes > 0) {
    options.limits.max_file_bytes = flags.max_image_bytes;
  }
  int width = 0, height = 0;
  bool raw = !flags.pixels.empty();
  if (raw && !ParsePixels(flags.pixels, &width, &height)) {
    PrintError(
        "--pixels must be rgb24:WxH, e.g. rgb24:512x512 (see 'vigil help "
        "hash')");
    return kExitUsage;
  }
  bool text = flags.format == "text";
  // Hashes printed or written for exchange are the reference's, bit for
  // bit: exact decoding (scans use the faster defaults, vigil/video.h).
  VideoDecodeOptions video_options = ExactVideoDecodeOptions();
  video_options.frames_per_second = flags.video_fps;
  video_options.remove_bars = flags.remove_bars;
  if (!flags.vpdq_out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(flags.vpdq_out, ec);
    if (ec) {
      return ReportFatal(
          IOError("--vpdq-out " + flags.vpdq_out + ": " + ec.message()));
    }
  }
  ContentHashOptions content_options;
  content_options.image = options;
  content_options.video = video_options;
  const ContentHasher hasher(content_options);
  const MediaHasher raw_hasher(options);
  InputPaths inputs(flags.paths, &std::cin);
  const int threads = WorkerThreads(flags.threads);
  size_t failed = 0;

  auto hash_one = [&](std::unique_ptr<Item> item) {
    if (!item->error.ok()) return item;
    if (raw) {
      Result<MediaHashes> h = raw_hasher.HashRgbFile(item->path, width, height);
      if (!h.ok()) {
        item->error = h.status();
        return item;
      }
      item->hashes = std::move(h).value();
      return item;
    }
    Result<ContentHashes> h = hasher.HashFile(item->path);
    if (!h.ok()) {
      item->error = h.status();
      return item;
    }
    item->is_video = MediaTypeIsVideo(h->hashes.media_type);
    // A video's status, or why an image or animation was not fully checked
    // (a truncated GIF, a multi-page TIFF, ...): an error, hashes printed.
    item->video_status =
        item->is_video ? h->PerceptualStatus() : h->hashes.completeness;
    item->hashes = std::move(h->hashes);
    item->video = std::move(h->video);
    if (flags.remove_bars && item->hashes.image_status.ok() &&
        item->hashes.pdq) {
      Status bars = RemoveImageBars(options, item.get());
      if (!bars.ok()) item->hashes.image_status = bars;
    }
    return item;
  };

  auto emit = [&](std::unique_ptr<Item> item) {
    if (item->video && !flags.vpdq_out.empty()) {
      // The reference tool's -d naming: DIR/<file name without extension>.txt
      const std::string out = (std::filesystem::path(flags.vpdq_out) /
                               std::filesystem::path(item->path).stem())
                                  .string() +
                              ".txt";
      Status written = WriteVpdqFile(out, item->video->frames);
      if (!written.ok()) item->video_status = written;
    }
    bool ok = item->error.ok() && item->video_status.ok() &&
              (item->is_video || item->hashes.image_status.ok());
    if (!ok) ++failed;
    if (text && ok) {
      // An image's PDQ line, then the frame lines of a video or animation.
      if (item->hashes.pdq.has_value()) {
        std::cout << item->hashes.pdq->hash.ToHex() << ','
                  << item->hashes.pdq->quality << ',' << item->path << '\n';
      }
      if (item->video) {
        for (const VpdqFrame& f : item->video->frames) {
          char time[32];
          std::snprintf(time, sizeof(time), "%.3f", f.timestamp);
          std::cout << f.hash.ToHex() << ',' << f.quality << ',' << item->path
                    << ',' << f.frame_number << ',' << time << '\n';
        }
      }
    } else if (text) {
      {
        const Status& s = !item->error.ok() ? item->error
                          : !item->video_status.ok()
                              ? item->video_status
                              : item->hashes.image_status;
        PrintError(item->path + ": " + s.ToString());
      }
    } else {
      std::cout << FormatJson(*item, raw, flags.remove_bars) << '\n';
    }
  };

  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<size_t>(4 * threads),
        tbb::make_filter<void, std::unique_ptr<Item>>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& fc) -> std::unique_ptr<Item> {
              auto item = std::make_unique<Item>();
              if (!inputs.Next(&item->path, &item->error)) {
                fc.stop();
                return nullptr;
              }
              return item;
            }) &
            tbb::make_filter<std::unique_ptr<Item>, std::unique_ptr<Item>>(
                tbb::filter_mode::parallel, hash_one) &
            tbb::make_filter<std::unique_ptr<Item>, void>(
                tbb::filter_mode::serial_in_order, emit));
  });
  std::cout.flush();
  if (!std::cout) {
    PrintError("error writing to stdout");
    return kExitFailure;
  }
  return failed > 0 ? kExitInputErrors : kExitOk;
}

}  // namespace

void AddHashCommand(CLI::App* app, CliContext* ctx) {
  auto flags = std::make_shared<HashFlags>();
  CLI::App* cmd = app->add_subcommand(
      "hash",
      "Compute digests (MD5, SHA-1, SHA-256, XXH3-128), PDQ of images and "
      "vPDQ of videos");
  cmd->add_option("--format", flags->format, "Output: jsonl (default) or text")
      ->check(CLI::IsMember({"jsonl", "text"}));
  cmd->add_flag("--dihedral", flags->dihedral,
                "Also output the 8 rotated/mirrored PDQ variants");
  cmd->add_option("--dihedral-mode", flags->dihedral_mode,
                  "exact (default: each variant hashed from the rotated / "
                  "mirrored pixels) or dct (cheaper, derived from the "
                  "original's DCT, a few bits less exact)")
      ->check(CLI::IsMember({"exact", "dct"}));
  cmd->add_flag("--no-unletterbox", flags->no_unletterbox,
                "Do not look for uniform borders around images (by default "
                "the picture inside them is hashed too: 'unletterboxed')");
  cmd->add_option("--threads", flags->threads,
                  "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--pdq-mode", flags->pdq_mode,
                  "fast (default; JPEGs of 1024x1024 px or more: luma, "
                  "DCT-scaled only when the short side stays >= 1024 px; "
                  "smaller ones as full) or full "
                  "(full-resolution RGB decode, as the reference)")
      ->check(CLI::IsMember({"fast", "full"}));
  cmd->add_option("--pixels", flags->pixels,
                  "Treat each input as raw interleaved RGB of this size, "
                  "e.g. rgb24:512x512");
  cmd->add_option("--video-fps", flags->video_fps,
                  "Video frames hashed per second (default 1, as the vPDQ "
                  "reference; 0 = every frame)")
      ->check(CLI::Range(0.0, 1000.0));
  cmd->add_flag("--remove-bars", flags->remove_bars,
                "Detect letterbox/pillarbox bars and hash the content "
                "inside them (videos and images; recorded as bars_removed; "
                "images with bars are then hashed from their full-size RGB)");
  cmd->add_option("--max-image-bytes", flags->max_image_bytes,
                  "Largest input read into memory (default 256 MiB); larger "
                  "videos are streamed from their path, other larger inputs "
                  "fail with limit_exceeded")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  cmd->add_option("--vpdq-out", flags->vpdq_out,
                  "Write each video's vPDQ hash to DIR/<name>.txt in the "
                  "reference's text format");
  cmd->add_option("paths", flags->paths,
                  "Files or directories (walked recursively); - reads paths "
                  "from stdin")
      ->required();
  cmd->callback(
      [ctx, flags] { ctx->run = [flags] { return RunHash(*flags); }; });
}

}  // namespace vigil::cli
