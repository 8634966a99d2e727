// Copyright 2026 The Vigil Authors.
//
// The local backend: the store opened in this process.

#include "tools/vigil/hashset_backend.h"

#include "tools/vigil/hashset_cli.h"
#include "tools/vigil/hashset_json.h"

namespace vigil::cli {
namespace {

class LocalBackend : public HashsetBackend {
 public:
  explicit LocalBackend(std::unique_ptr<HashsetStore> store)
      : store_(std::move(store)) {}

  Result<nlohmann::json> Create(const HashsetConfig& config,
                                const ChangeInfo& info) override {
    Result<Hashset> h = store_->CreateHashset(config, info);
    if (!h.ok()) return h.status();
    return HashsetToJson(*h);
  }
  Result<std::vector<nlohmann::json>> List() override {
    std::vector<nlohmann::json> out;
    for (const Hashset& h : store_->ListHashsets()) {
      out.push_back(HashsetToJson(h));
    }
    return out;
  }
  Result<nlohmann::json> Show(const std::string& name) override {
    Result<Hashset> h = store_->GetHashset(name);
    if (!h.ok()) return h.status();
    return HashsetToJson(*h);
  }
  Result<nlohmann::json> SetEnabled(const std::string& name, bool enabled,
                                    const ChangeInfo& info) override {
    Result<Hashset> h = store_->SetHashsetEnabled(name, enabled, info);
    if (!h.ok()) return h.status();
    return HashsetToJson(*h);
  }
  Result<nlohmann::json> Update(const std::string& name,
                                const HashsetConfig& config,
                                const ChangeInfo& info) override {
    Result<Hashset> h = store_->UpdateHashsetConfig(name, config, info);
    if (!h.ok()) return h.status();
    return HashsetToJson(*h);
  }
  Status Delete(const std::string& name, const ChangeInfo& info) override {
    return store_->DeleteHashset(name, info);
  }
  Result<std::vector<nlohmann::json>> Stats(const std::string& name) override {
    std::vector<nlohmann::json> out;
    if (!name.empty()) {
      Result<Hashset> h = store_->GetHashset(name);
      if (!h.ok()) return h.status();
      out.push_back(StatsJson(*store_, *h));
      return out;
    }
    for (const Hashset& h : store_->ListHashsets()) {
      out.push_back(StatsJson(*store_, h));
    }
    return out;
  }
  Result<HashsetConfig> Config(const std::string& name) override {
    Result<Hashset> h = store_->GetHashset(name);
    if (!h.ok()) return h.status();
    return h->config;
  }
  Result<AddResult> Add(const std::string& name,
                        std::span<const Signal> signals,
                        const EntryInfo& info) override {
    return store_->AddEntry(name, signals, info);
  }
  Result<RemoveResult> Remove(const std::string& name,
                              const RemoveSelector& selector,
                              const ChangeInfo& info) override {
    return store_->RemoveEntries(name, selector, info);
  }
  Result<ImportResult> Import(const std::string& name, const std::string& path,
                              const ImportOptions& options) override {
    return store_->ImportFile(name, path, options);
  }
  Status Export(
      const std::string& name, const ExportOptions& options,
      const std::function<Status(std::string_view chunk)>& write) override {
    return store_->Export(name, options, write);
  }

 private:
  std::unique_ptr<HashsetStore> store_;
};

}  // namespace

Result<std::unique_ptr<HashsetBackend>> OpenHashsetBackend(
    const CliContext& ctx, bool read_only) {
  if (!ctx.server.empty()) return OpenRemoteHashsetBackend(ctx);
  auto store = OpenHashsetStore(ctx, read_only);
  if (!store.ok()) return store.status();
  return std::unique_ptr<HashsetBackend>(
      std::make_unique<LocalBackend>(std::move(*store)));
}

}  // namespace vigil::cli
