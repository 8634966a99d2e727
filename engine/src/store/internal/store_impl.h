// Copyright 2026 The Vigil Authors.
//
// The RocksDB implementation of HashsetStore. Split over
// hashset_store.cc (open, sets, log), store_entries.cc (add, remove, get),
// store_import.cc (bulk import through SstFileWriter + IngestExternalFiles),
// store_export.cc (export and bulk reads), store_changes.cc (enable /
// disable, change replay with data) and store_disable.cc (per-entry
// disable). Layout in
// store/internal/keys.h.
//
// Thread-safety: all public methods may be called concurrently. `mu_`
// guards the in-memory copy of the hash-set records; `write_mu_`
// serialises writers (a writer holds it for its whole read-modify-write,
// then takes `mu_` exclusively only to publish the new records).

#ifndef VIGIL_STORE_INTERNAL_STORE_IMPL_H_
#define VIGIL_STORE_INTERNAL_STORE_IMPL_H_

#include <rocksdb/db.h>

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/internal/store_lock.h"
#include "vigil/api_token.h"
#include "vigil/hashset_store.h"

namespace vigil::internal {

// Converts a RocksDB status; `context` prefixes the message.
Status FromRocks(const rocksdb::Status& s, std::string_view context);

int64_t NowMs();

// The options of column family `name` (also used to write SST files for it).
rocksdb::ColumnFamilyOptions OptionsFor(const std::string& name);

// Adds to `batch` the deletion of every entry-disable record of set
// `hashset_id` (store_disable.cc).
Status DeleteSetDisables(rocksdb::DB* db, uint32_t hashset_id,
                         rocksdb::WriteBatch* batch);

// A hash set as kept in memory and in the hashsets column family.
struct SetState {
  Hashset hashset;
  uint32_t next_segment = 0;  // next free packed segment number
};

std::string EncodeSetState(const SetState& state);

// Marks `state` as changed by change `seq` at `now_ms`: the next version,
// its time and sequence number. Every change of a set goes through it.
void StampChange(SetState* state, uint64_t seq, int64_t now_ms);
Result<SetState> DecodeSetState(std::string_view data);

// A change-log record as ReadLog returns it (`json` is the record itself).
// Safe on any bytes (a damaged store): kCorruptInput when the record is not
// a JSON object or a field has the wrong type.
Result<ChangeRecord> DecodeChangeRecord(std::string json);

// A token record ("n/" key of the tokens column family) of token `name`,
// and the SHA-256 hex of its secret into *sha256 when not null. Safe on
// any bytes: kCorruptInput saying what is wrong.
Result<ApiToken> DecodeApiTokenRecord(std::string_view name,
                                      std::string_view value,
                                      std::string* sha256);

class StoreImpl final : public HashsetStore {
 public:
  static Result<std::unique_ptr<HashsetStore>> OpenImpl(
      const std::string& dir, const StoreOptions& options);
  ~StoreImpl() override;

  Result<Hashset> CreateHashset(const HashsetConfig& config,
                                const ChangeInfo& info) override;
  Status DeleteHashset(std::string_view name, const ChangeInfo& info) override;
  Result<Hashset> GetHashset(std::string_view name) const override;
  Result<Hashset> GetHashsetById(uint32_t id) const override;
  std::vector<Hashset> ListHashsets() const override;
  Result<Hashset> SetHashsetEnabled(std::string_view name, bool enabled,
                                    const ChangeInfo& info) override;
  Result<Hashset> UpdateHashsetConfig(std::string_view name,
                                      const HashsetConfig& config,
                                      const ChangeInfo& info) override;

  Result<AddResult> AddEntry(std::string_view hashset,
                             std::span<const Signal> signals,
                             const EntryInfo& info) override;
  Result<RemoveResult> RemoveEntries(std::string_view hashset,
                                     const RemoveSelector& selector,
                                     const ChangeInfo& info) override;
  Result<Entry> GetEntry(uint32_t hashset_id,
                         const Signal& signal) const override;

  Result<DisabledEntry> DisableEntry(const EntryRef& entry, int64_t until_ms,
                                     const ChangeInfo& info) override;
  Result<bool> EnableEntry(const EntryRef& entry,
                           const ChangeInfo& info) override;
  Result<std::optional<DisabledEntry>> GetDisabledEntry(
      uint32_t hashset_id, SignalType type,
      std::span<const uint8_t> hash) const override;
  Status ForEachDisabledEntry(
      const std::function<Status(const DisabledEntry&)>& fn) const override;

  Result<ImportResult> ImportFile(std::string_view hashset,
                                  const std::string& path,
                                  const ImportOptions& options) override;
  Result<ImportResult> ImportText(std::string_view hashset,
                                  std::string_view text,
                                  const ImportOptions& options) override;
  Status Export(std::string_view hashset, const ExportOptions& options,
                const std::function<Status(std::string_view chunk)>& write)
      const override;

  Status ForEachPackedHashes(
      SignalType type,
      const std::function<Status(uint32_t hashset_id,
                                 std::span<const uint8_t> hashes)>& fn)
      const override;
  Status ForEachEntry(
      SignalType type,
      const std::function<Status(const Entry&)>& fn) const override;

  Result<std::vector<ChangeRecord>> ReadLog(uint64_t since,
                                            size_t limit) const override;
  uint64_t LastChangeSeq() const override;
  Status ForEachChange(
      uint64_t since, size_t limit,
      const std::function<Status(const ChangeDelta&)>& change,
      const std::function<Status(const ChangeDelta&, SignalType type,
                                 std::span<const uint8_t> values)>& signals)
      const override;

  bool read_only() const override { return read_only_; }
  const std::string& dir() const override { return dir_; }

  rocksdb::DB* db() const { return db_.get(); }
  // nullptr for an unknown name.
  rocksdb::ColumnFamilyHandle* cf(std::string_view name) const;

 private:
  StoreImpl() = default;

  Status CheckWritable() const;
  // Copy of the state of set `name`. Error: kNotFound.
  Result<SetState> FindSet(std::string_view name) const;
  // Publishes `state` (new or changed) and the next sequence number.
  void Publish(const SetState& state, uint64_t seq);
  // All hashes of `type` in set `id`, sorted.
  Status ReadSetHashes(SignalType type, uint32_t id,
                       std::vector<uint8_t>* out) const;
  // Commits one change of set `state`: bumps its version, stamps it with
  // `seq` and `now_ms`, adds the set's record (or, for op "delete", its
  // removal) and the change record `op` (+ `extra_json_fields`) to `batch`,
  // writes the batch synchronously and publishes the new state. The one
  // place where a change becomes durable and visible (imports, which ingest
  // SST files, build the same records with MakeChangeRecord).
  // REQUIRES: write_mu_ held; seq == LastChangeSeq() + 1.
  Status CommitChange(std::string_view op, SetState* state, uint64_t seq,
                      int64_t now_ms, const std::string& extra_json_fields,
                      rocksdb::WriteBatch* batch);
  // The change record `op` of `state` (JSON, with seq/time filled in).
  std::string MakeChangeRecord(uint64_t seq, int64_t now_ms,
                               std::string_view op, const SetState& state,
                               const std::string& extra_json_fields) const;
  Result<ImportResult> ImportParsed(std::string_view hashset,
                                    std::string_view text,
                                    const ImportOptions& options);

  std::string dir_;
  bool read_only_ = false;
  std::unique_ptr<StoreLock> lock_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> cf_by_name_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* hashsets_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* entries_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* packed_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* changelog_cf_ = nullptr;

  std::mutex write_mu_;  // held by writers for a whole change
  mutable std::shared_mutex mu_;
  std::map<uint32_t, SetState> sets_;                 // GUARDED_BY(mu_)
  std::map<std::string, uint32_t, std::less<>> ids_;  // GUARDED_BY(mu_)
  uint32_t next_id_ = 1;                              // GUARDED_BY(mu_)
  uint64_t next_seq_ = 1;                             // GUARDED_BY(mu_)
  uint64_t import_counter_ = 0;                       // under write_mu_
};

}  // namespace vigil::internal

#endif  // VIGIL_STORE_INTERNAL_STORE_IMPL_H_
