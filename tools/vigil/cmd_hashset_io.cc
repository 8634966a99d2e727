// Copyright 2026 The Vigil Authors.
//
// `vigil hashset import|export`: bulk lists in and out (formats in
// hashsets/README.md).
//
//   vigil hashset import NAME FILE|- [--format auto|plain|typed|csv|tsv]
//       [--type T] [--actor A]
//   vigil hashset export NAME [--format csv|tsv|typed|plain] [--type T]
//       [--output FILE]

#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "tools/vigil/cli_context.h"
#include "tools/vigil/hashset_cli.h"

namespace vigil::cli {
namespace {

struct ImportFlags {
  std::string name, path, format = "auto", type, actor;
};

int RunImport(const CliContext& ctx, const ImportFlags& f) {
  ImportOptions options;
  Result<HashsetFormat> format = ParseHashsetFormat(f.format);
  if (!format.ok()) return ReportFatal(format.status());
  options.format = *format;
  if (!f.type.empty()) {
    Result<SignalType> type = ParseSignalType(f.type);
    if (!type.ok()) return ReportFatal(type.status());
    options.type = *type;
  }
  options.actor = ActorOrDefault(f.actor);
  options.source_name = f.path == "-" ? "stdin" : f.path;
  auto store = OpenHashsetStore(ctx, false);
  if (!store.ok()) return ReportFatal(store.status());
  auto start = std::chrono::steady_clock::now();
  auto r = (*store)->ImportFile(f.name, f.path, options);
  if (!r.ok() && r.status().code() == StatusCode::kInvalidArgument) {
    // A bad line rejects the whole file (nothing is imported): a failed
    // input, not a usage error.
    PrintError(r.status().WithPrefix("import " + f.path).ToString());
    return kExitInputErrors;
  }
  if (!r.ok()) return ReportFatal(r.status().WithPrefix("import " + f.path));
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  nlohmann::json out = {
      {"hashset", f.name},
      {"format", HashsetFormatName(r->format)},
      {"lines", r->lines},
      {"records", r->records},
      {"added", r->added},
      {"duplicates", r->duplicates},
      {"version", r->version},
      {"change_seq", r->change_seq},
      {"seconds", seconds},
      {"lines_per_second",
       seconds > 0 ? static_cast<double>(r->lines) / seconds : 0.0}};
  std::cout << out.dump() << std::endl;
  return kExitOk;
}

struct ExportFlags {
  std::string name, format = "csv", type, output;
};

int RunExport(const CliContext& ctx, const ExportFlags& f) {
  ExportOptions options;
  Result<HashsetFormat> format = ParseHashsetFormat(f.format);
  if (!format.ok()) return ReportFatal(format.status());
  options.format = *format;
  if (!f.type.empty()) {
    Result<SignalType> type = ParseSignalType(f.type);
    if (!type.ok()) return ReportFatal(type.status());
    options.type = *type;
  }
  auto store = OpenHashsetStore(ctx, true);
  if (!store.ok()) return ReportFatal(store.status());
  int fd = STDOUT_FILENO;
  std::string tmp;
  if (!f.output.empty()) {
    // Written beside the target and renamed, so a failed export leaves no
    // partial file; owner-only, as the lists are sensitive.
    tmp = f.output + ".tmp-" + std::to_string(::getpid());
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
      return ReportFatal(ErrnoToStatus(errno, "cannot create " + tmp));
  }
  Status s = (*store)->Export(f.name, options, [fd](std::string_view chunk) {
    while (!chunk.empty()) {
      ssize_t n = ::write(fd, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoToStatus(errno, "write failed");
      chunk.remove_prefix(static_cast<size_t>(n));
    }
    return Status::OK();
  });
  if (!f.output.empty()) {
    if (s.ok() && ::fsync(fd) != 0) s = ErrnoToStatus(errno, "fsync " + tmp);
    ::close(fd);
    if (s.ok() && ::rename(tmp.c_str(), f.output.c_str()) != 0) {
      s = ErrnoToStatus(errno, "cannot rename to " + f.output);
    }
    if (!s.ok()) ::unlink(tmp.c_str());
  }
  if (!s.ok()) return ReportFatal(s);
  return kExitOk;
}

}  // namespace

void AddHashsetIoCommands(CLI::App* hashset, CliContext* ctx) {
  {
    auto f = std::make_shared<ImportFlags>();
    CLI::App* cmd = hashset->add_subcommand(
        "import", "Import a hash list into a set (all or nothing)");
    cmd->add_option("name", f->name, "Hash set")->required();
    cmd->add_option("file", f->path, "List file, or - for stdin")->required();
    cmd->add_option("--format", f->format, "auto, plain, typed, csv, tsv")
        ->capture_default_str();
    cmd->add_option("--type", f->type,
                    "Signal type of lines without one (plain lists)");
    cmd->add_option("--actor", f->actor, "Who imports (default: $USER)");
    cmd->callback(
        [ctx, f] { ctx->run = [ctx, f] { return RunImport(*ctx, *f); }; });
  }
  {
    auto f = std::make_shared<ExportFlags>();
    CLI::App* cmd = hashset->add_subcommand("export", "Export a set's entries");
    cmd->add_option("name", f->name, "Hash set")->required();
    cmd->add_option("--format", f->format, "csv, tsv, typed, plain")
        ->capture_default_str();
    cmd->add_option("--type", f->type, "Only entries of this signal type");
    cmd->add_option("--output,-o", f->output, "File (default: stdout)");
    cmd->callback(
        [ctx, f] { ctx->run = [ctx, f] { return RunExport(*ctx, *f); }; });
  }
}

}  // namespace vigil::cli
