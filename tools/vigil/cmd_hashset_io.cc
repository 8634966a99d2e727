// Copyright 2026 The Vigil Authors.
//
// `vigil hashset import|export`: bulk lists in and out (formats in
// hashsets/README.md).
//
//   vigil hashset import NAME FILE|- [--format auto|plain|typed|csv|tsv]
//       [--type T] [--actor A]
//   vigil hashset import [NAME] --bundle F --trust PUBKEY... [--actor A]
//   vigil hashset export NAME [--format csv|tsv|typed|plain] [--type T]
//       [--output FILE]
//   vigil hashset export NAME --bundle F --sign KEY
//
// Bundles (signed lists) are vigil/bundle.h; docs/bundles.md.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "tools/vigil/cli_context.h"
#include "tools/vigil/hashset_backend.h"
#include "tools/vigil/hashset_cli.h"
#include "tools/vigil/hashset_json.h"
#include "vigil/bundle.h"

namespace vigil::cli {
namespace {

struct ImportFlags {
  std::string name, path, format = "auto", type, actor, bundle;
  std::vector<std::string> trust;
};

constexpr uint64_t kMaxBundleBytes = uint64_t{4} << 30;

// The whole of a regular file of at most `max` bytes.
Result<std::string> ReadSmallFile(const std::string& path, uint64_t max) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return ErrnoToStatus(errno, "cannot read " + path);
  }
  if (!S_ISREG(st.st_mode)) {
    return InvalidArgumentError(path + " is not a regular file");
  }
  if (static_cast<uint64_t>(st.st_size) > max) {
    return LimitExceededError(path + " is larger than " + std::to_string(max) +
                              " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  std::string data(static_cast<size_t>(st.st_size), '\0');
  if (!in || !in.read(data.data(), static_cast<std::streamsize>(data.size()))) {
    return IOError("cannot read " + path);
  }
  return data;
}

// Writes `data` to `path` through a temporary file renamed into place
// (owner-only), so a failure leaves no partial file.
Status WriteFileAtomically(const std::string& path, std::string_view data);

int Usage(const std::string& message) {
  PrintError(message + " (see 'vigil help hashset')");
  return kExitUsage;
}

int RunImportBundle(const CliContext& ctx, const ImportFlags& f) {
  if (!f.path.empty() || !f.type.empty() || f.format != "auto") {
    return Usage("import --bundle takes no FILE, --format or --type");
  }
  if (f.trust.empty()) {
    return Usage("import --bundle needs --trust PUBKEY_FILE (one or more)");
  }
  std::vector<std::string> trusted;
  for (const std::string& path : f.trust) {
    Result<std::string> pem = ReadSmallFile(path, 64 * 1024);
    if (!pem.ok()) return ReportFatal(pem.status());
    trusted.push_back(std::move(*pem));
  }
  Result<std::string> bytes = ReadSmallFile(f.bundle, kMaxBundleBytes);
  if (!bytes.ok()) return ReportFatal(bytes.status());
  ImportOptions options;
  options.actor = ActorOrDefault(f.actor);
  if (!ctx.server.empty()) {
    return Usage("signed bundles do not go through --server yet");
  }
  auto store = OpenHashsetStore(ctx, false);
  if (!store.ok()) return ReportFatal(store.status());
  Result<ParsedBundle> bundle = OpenBundle(*bytes, trusted);
  if (!bundle.ok()) {
    // Refused as a whole, nothing imported: a failed input (exit 3), as a
    // list with a bad line; a trusted key that is no key is a usage error.
    if (bundle.status().code() == StatusCode::kInvalidArgument) {
      return ReportFatal(bundle.status());
    }
    PrintError(bundle.status().WithPrefix("bundle " + f.bundle).ToString());
    return kExitInputErrors;
  }
  options.source_name =
      f.bundle + " (signed by " + bundle->signature_key_id + ")";
  const std::string& name = f.name.empty() ? bundle->manifest.hashset : f.name;
  auto r = ImportBundle(**store, *bytes, trusted, name, options);
  if (!r.ok()) {
    PrintError(r.status().WithPrefix("import bundle " + f.bundle).ToString());
    return r.status().code() == StatusCode::kInvalidArgument ? kExitInputErrors
                                                             : kExitFailure;
  }
  nlohmann::json out = {{"hashset", name},
                        {"bundle", f.bundle},
                        {"signer", bundle->signature_key_id},
                        {"created", bundle->manifest.created},
                        {"records", r->records},
                        {"added", r->added},
                        {"duplicates", r->duplicates},
                        {"version", r->version},
                        {"change_seq", r->change_seq}};
  std::cout << out.dump() << std::endl;
  return kExitOk;
}

int RunImport(const CliContext& ctx, const ImportFlags& f) {
  if (!f.bundle.empty()) return RunImportBundle(ctx, f);
  if (!f.trust.empty()) return Usage("--trust goes with --bundle");
  if (f.name.empty() || f.path.empty()) {
    return Usage("import needs NAME and FILE (or --bundle F)");
  }
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
  auto backend = OpenHashsetBackend(ctx, false);
  if (!backend.ok()) return ReportFatal(backend.status());
  auto start = std::chrono::steady_clock::now();
  auto r = (*backend)->Import(f.name, f.path, options);
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
  nlohmann::json out = ImportResultJson(f.name, *r, seconds);
  std::cout << out.dump() << std::endl;
  return kExitOk;
}

struct ExportFlags {
  std::string name, format = "csv", type, output, bundle, sign;
};

int RunExportBundle(const CliContext& ctx, const ExportFlags& f) {
  if (f.sign.empty()) return Usage("export --bundle needs --sign KEY");
  if (!f.output.empty() || !f.type.empty() || f.format != "csv") {
    return Usage("export --bundle takes no --output, --format or --type");
  }
  Result<std::string> key = ReadSmallFile(f.sign, 64 * 1024);
  if (!key.ok()) return ReportFatal(key.status());
  if (!ctx.server.empty()) {
    return Usage("signed bundles do not go through --server yet");
  }
  auto store = OpenHashsetStore(ctx, true);
  if (!store.ok()) return ReportFatal(store.status());
  Result<std::string> bundle = MakeBundle(**store, f.name, *key);
  if (!bundle.ok()) return ReportFatal(bundle.status());
  Status s = WriteFileAtomically(f.bundle, *bundle);
  if (!s.ok()) return ReportFatal(s);
  Result<ParsedBundle> parsed = ParseBundle(*bundle);
  if (!parsed.ok()) return ReportFatal(parsed.status());
  const BundleManifest& m = parsed->manifest;
  std::cout << nlohmann::json{{"bundle", f.bundle},
                              {"hashset", m.hashset},
                              {"count", m.count},
                              {"body_sha256", m.body_sha256},
                              {"created", m.created},
                              {"signer", m.signer}}
                   .dump()
            << std::endl;
  return kExitOk;
}

int RunExport(const CliContext& ctx, const ExportFlags& f) {
  if (!f.bundle.empty()) return RunExportBundle(ctx, f);
  if (!f.sign.empty()) return Usage("--sign goes with --bundle");
  ExportOptions options;
  Result<HashsetFormat> format = ParseHashsetFormat(f.format);
  if (!format.ok()) return ReportFatal(format.status());
  options.format = *format;
  if (!f.type.empty()) {
    Result<SignalType> type = ParseSignalType(f.type);
    if (!type.ok()) return ReportFatal(type.status());
    options.type = *type;
  }
  auto backend = OpenHashsetBackend(ctx, true);
  if (!backend.ok()) return ReportFatal(backend.status());
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
  Status s = (*backend)->Export(f.name, options, [fd](std::string_view chunk) {
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

Status WriteFileAtomically(const std::string& path, std::string_view data) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoToStatus(errno, "cannot create " + tmp);
  Status s;
  while (s.ok() && !data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) s = ErrnoToStatus(errno, "write failed");
    if (n > 0) data.remove_prefix(static_cast<size_t>(n));
  }
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoToStatus(errno, "fsync " + tmp);
  ::close(fd);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    s = ErrnoToStatus(errno, "cannot rename to " + path);
  }
  if (!s.ok()) ::unlink(tmp.c_str());
  return s;
}

}  // namespace

void AddHashsetIoCommands(CLI::App* hashset, CliContext* ctx) {
  {
    auto f = std::make_shared<ImportFlags>();
    CLI::App* cmd = hashset->add_subcommand(
        "import", "Import a hash list into a set (all or nothing)");
    cmd->add_option("name", f->name,
                    "Hash set (with --bundle: default the manifest's)");
    cmd->add_option("file", f->path, "List file, or - for stdin");
    cmd->add_option("--bundle", f->bundle, "A signed bundle (docs/bundles.md)");
    cmd->add_option("--trust", f->trust,
                    "Public key file(s) whose bundles are accepted")
        ->expected(1, -1);
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
    cmd->add_option("--bundle", f->bundle,
                    "Write a signed bundle to this file (needs --sign)");
    cmd->add_option("--sign", f->sign,
                    "Private key file (vigil keys generate)");
    cmd->callback(
        [ctx, f] { ctx->run = [ctx, f] { return RunExport(*ctx, *f); }; });
  }
}

}  // namespace vigil::cli
