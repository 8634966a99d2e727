// Copyright 2026 The Vigil Authors.
//
// Where a `vigil hashset ...` command runs: on the store itself, or through
// a running `vigil serve` (global --server URL, or $VIGIL_SERVER), which
// owns the store and holds its lock. The commands take their results from a
// backend and print them with the same code (hashset_json.h) either way, so
// `vigil --server URL hashset stats` prints what `vigil hashset stats`
// prints on an equal store, and fails with the same message and exit code.
//
//   VIGIL_ASSIGN_OR_RETURN(auto backend, OpenHashsetBackend(ctx, false));
//   VIGIL_ASSIGN_OR_RETURN(nlohmann::json set, backend->Show("own-cases"));
//
// Through the service, what a command changes is recorded with the API
// token's name as its actor (ChangeInfo::actor and EntryInfo::actor are not
// sent).
//
// Thread-safety: one backend per thread.

#ifndef VIGIL_TOOLS_VIGIL_HASHSET_BACKEND_H_
#define VIGIL_TOOLS_VIGIL_HASHSET_BACKEND_H_

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tools/vigil/cli_context.h"
#include "vigil/hashset.h"
#include "vigil/hashset_store.h"
#include "vigil/result.h"

namespace vigil::cli {

class HashsetBackend {
 public:
  virtual ~HashsetBackend() = default;

  // HashsetToJson objects (hashset_json.h).
  virtual Result<nlohmann::json> Create(const HashsetConfig& config,
                                        const ChangeInfo& info) = 0;
  virtual Result<std::vector<nlohmann::json>> List() = 0;
  virtual Result<nlohmann::json> Show(const std::string& name) = 0;
  virtual Result<nlohmann::json> SetEnabled(const std::string& name,
                                            bool enabled,
                                            const ChangeInfo& info) = 0;
  // HashsetStore::UpdateHashsetConfig.
  virtual Result<nlohmann::json> Update(const std::string& name,
                                        const HashsetConfig& config,
                                        const ChangeInfo& info) = 0;
  virtual Status Delete(const std::string& name, const ChangeInfo& info) = 0;
  // StatsJson objects of set `name`, or of every set when it is empty.
  virtual Result<std::vector<nlohmann::json>> Stats(
      const std::string& name) = 0;
  // The configuration of set `name` (hash and block hashes media for it).
  virtual Result<HashsetConfig> Config(const std::string& name) = 0;

  virtual Result<AddResult> Add(const std::string& name,
                                std::span<const Signal> signals,
                                const EntryInfo& info) = 0;
  virtual Result<RemoveResult> Remove(const std::string& name,
                                      const RemoveSelector& selector,
                                      const ChangeInfo& info) = 0;
  // Imports the list at `path` ("-": stdin), all or nothing, as
  // HashsetStore::ImportFile (a bad line: kInvalidArgument "line N, ...").
  virtual Result<ImportResult> Import(const std::string& name,
                                      const std::string& path,
                                      const ImportOptions& options) = 0;
  // Streams the export to `write`, as HashsetStore::Export.
  virtual Status Export(
      const std::string& name, const ExportOptions& options,
      const std::function<Status(std::string_view chunk)>& write) = 0;
};

// The local store (OpenHashsetStore) or, when ctx.server is set, the
// service at that URL with ctx's token. Errors as HashsetStore::Open, or
// kInvalidArgument for a bad URL or an unreadable token file.
Result<std::unique_ptr<HashsetBackend>> OpenHashsetBackend(
    const CliContext& ctx, bool read_only);

// The service client behind OpenHashsetBackend (remote_backend.cc).
Result<std::unique_ptr<HashsetBackend>> OpenRemoteHashsetBackend(
    const CliContext& ctx);

}  // namespace vigil::cli

#endif  // VIGIL_TOOLS_VIGIL_HASHSET_BACKEND_H_
