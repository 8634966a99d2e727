// Copyright 2026 The Vigil Authors.

#include "vigil/hashset_store.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "core/internal/json_record.h"
#include "store/internal/db_access.h"
#include "store/internal/keys.h"
#include "store/internal/store_impl.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"

namespace vigil {

HashsetStore::~HashsetStore() = default;

uint32_t HashsetStore::SchemaVersion() { return internal::kStoreSchemaVersion; }

Result<std::unique_ptr<HashsetStore>> HashsetStore::Open(
    const std::string& dir, const StoreOptions& options) {
  return internal::StoreImpl::OpenImpl(dir, options);
}

namespace internal {

using json = nlohmann::json;

Status FromRocks(const rocksdb::Status& s, std::string_view context) {
  if (s.ok()) return Status::OK();
  std::string message = std::string(context) + ": " + s.ToString();
  if (s.IsNotFound()) return NotFoundError(message);
  if (s.IsCorruption()) {
    // A damaged store (a block whose checksum fails, a broken file): never
    // answered around, always refused with where it is.
    return CorruptInputError("store is damaged: " + message +
                             " (run 'vigil store verify')");
  }
  if (s.IsBusy() || s.IsTryAgain() || s.IsTimedOut()) {
    return UnavailableError(message);
  }
  if (s.IsInvalidArgument()) return InvalidArgumentError(message);
  return IOError(message);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

rocksdb::DB* StoreDb(const HashsetStore& store) {
  return static_cast<const StoreImpl&>(store).db();
}

rocksdb::ColumnFamilyHandle* StoreColumnFamily(const HashsetStore& store,
                                               std::string_view name) {
  return static_cast<const StoreImpl&>(store).cf(name);
}

namespace {

json TypeMap(const std::map<SignalType, int>& m) {
  json out = json::array();
  for (const auto& [t, v] : m) out.push_back({static_cast<int>(t), v});
  return out;
}

Status ParseTypeNumber(const json& j, SignalType* out) {
  if (!j.is_number_unsigned() || j.get<uint64_t>() > 255) {
    return CorruptInputError("bad signal type in hashset record");
  }
  Result<SignalType> t = SignalTypeFromByte(j.get<uint8_t>());
  if (!t.ok()) return t.status();
  *out = *t;
  return Status::OK();
}

rocksdb::ColumnFamilyOptions EntriesOptions() {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  t.block_size = 16 * 1024;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  // Keys are random hashes; compression gains nothing and costs time.
  o.compression = rocksdb::kNoCompression;
  return o;
}

rocksdb::ColumnFamilyOptions PackedOptions() {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_size = 256 * 1024;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  o.compression = rocksdb::kNoCompression;
  return o;
}

Status PrepareDirectory(const std::string& dir, const StoreOptions& options,
                        bool* exists) {
  std::error_code ec;
  *exists = std::filesystem::exists(dir + "/CURRENT", ec);
  if (options.read_only) {
    if (!*exists) return NotFoundError("no store at " + dir);
    return Status::OK();
  }
  if (!*exists && !options.create_if_missing) {
    return NotFoundError("no store at " + dir);
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) return IOError("cannot create " + dir + ": " + ec.message());
  // Hash lists are sensitive: the directory is owner-only, which also
  // guards every file inside whatever the process umask.
  if (::chmod(dir.c_str(), 0700) != 0) {
    return ErrnoToStatus(errno, "cannot restrict permissions of " + dir);
  }
  return Status::OK();
}

void RemoveImportLeftovers(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().filename().string().rfind("import-tmp-", 0) == 0) {
      std::filesystem::remove_all(e.path(), ec);
    }
  }
}

}  // namespace

rocksdb::ColumnFamilyOptions OptionsFor(const std::string& name) {
  if (name == kEntriesCf) return EntriesOptions();
  if (name == kPackedCf) return PackedOptions();
  return rocksdb::ColumnFamilyOptions();
}

std::string EncodeSetState(const SetState& state) {
  const Hashset& h = state.hashset;
  json types = json::array();
  for (SignalType t : h.config.signal_types)
    types.push_back(static_cast<int>(t));
  json counts = json::array();
  for (const auto& [t, n] : h.entry_counts) {
    counts.push_back({static_cast<int>(t), n});
  }
  json j = {{"id", h.id},
            {"name", h.config.name},
            {"types", types},
            {"thresholds", TypeMap(h.config.thresholds)},
            {"min_quality", TypeMap(h.config.min_quality)},
            {"action", static_cast<int>(h.config.action)},
            {"source", h.config.source},
            {"description", h.config.description},
            {"created_ms", h.created_at_ms},
            {"updated_ms", h.updated_at_ms},
            {"version", h.version},
            {"last_change_seq", h.last_change_seq},
            {"counts", counts},
            {"next_segment", state.next_segment}};
  // Written only when they differ from the defaults, so records of sets
  // without video entries keep their earlier form.
  if (!h.enabled) j["disabled"] = true;
  if (h.config.video_query_percent != kVpdqDefaultQueryPercent ||
      h.config.video_target_percent != kVpdqDefaultTargetPercent) {
    j["video_percent"] = {h.config.video_query_percent,
                          h.config.video_target_percent};
  }
  return j.dump();
}

namespace {

// Thrown by RecordInteger inside DecodeSetState (and caught there).
struct BadRecordInteger {};

// A hashset record's integer field: nlohmann's get<T>() would cast a float
// or a wider integer to T unchecked (undefined behaviour for a tampered
// record, found by the json fuzz target).
template <typename T>
T RecordInteger(const json& j) {
  T value;
  if (!JsonInteger(j, &value)) throw BadRecordInteger{};
  return value;
}

}  // namespace

Result<SetState> DecodeSetState(std::string_view data) {
  json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return CorruptInputError("hashset record is not JSON");
  }
  SetState state;
  Hashset& h = state.hashset;
  try {
    h.id = RecordInteger<uint32_t>(j.at("id"));
    h.config.name = j.at("name").get<std::string>();
    for (const json& t : j.at("types")) {
      SignalType type;
      VIGIL_RETURN_IF_ERROR(ParseTypeNumber(t, &type));
      h.config.signal_types.push_back(type);
    }
    for (const char* field : {"thresholds", "min_quality"}) {
      auto& target = std::strcmp(field, "thresholds") == 0
                         ? h.config.thresholds
                         : h.config.min_quality;
      for (const json& pair : j.at(field)) {
        SignalType type;
        VIGIL_RETURN_IF_ERROR(ParseTypeNumber(pair.at(0), &type));
        target[type] = RecordInteger<int>(pair.at(1));
      }
    }
    int action = RecordInteger<int>(j.at("action"));
    if (action < 1 || action > 4) {
      return CorruptInputError("unknown action number " +
                               std::to_string(action));
    }
    h.config.action = static_cast<HashsetAction>(action);
    h.config.source = j.at("source").get<std::string>();
    h.config.description = j.at("description").get<std::string>();
    h.created_at_ms = RecordInteger<int64_t>(j.at("created_ms"));
    h.updated_at_ms = RecordInteger<int64_t>(j.at("updated_ms"));
    h.version = RecordInteger<uint64_t>(j.at("version"));
    h.last_change_seq = RecordInteger<uint64_t>(j.at("last_change_seq"));
    for (const json& pair : j.at("counts")) {
      SignalType type;
      VIGIL_RETURN_IF_ERROR(ParseTypeNumber(pair.at(0), &type));
      h.entry_counts[type] = RecordInteger<uint64_t>(pair.at(1));
    }
    state.next_segment = RecordInteger<uint32_t>(j.at("next_segment"));
    h.enabled = !j.value("disabled", false);
    if (j.contains("video_percent")) {
      h.config.video_query_percent = j.at("video_percent").at(0).get<double>();
      h.config.video_target_percent = j.at("video_percent").at(1).get<double>();
    }
  } catch (const json::exception& e) {
    return CorruptInputError(std::string("bad hashset record: ") + e.what());
  } catch (const BadRecordInteger&) {
    return CorruptInputError(
        "bad hashset record: a number that is not an integer in range");
  }
  return state;
}

Result<std::unique_ptr<HashsetStore>> StoreImpl::OpenImpl(
    const std::string& dir, const StoreOptions& options) {
  bool exists = false;
  VIGIL_RETURN_IF_ERROR(PrepareDirectory(dir, options, &exists));
  std::unique_ptr<StoreImpl> store(new StoreImpl());
  store->dir_ = dir;
  store->read_only_ = options.read_only;
  if (!options.read_only) {
    VIGIL_ASSIGN_OR_RETURN(store->lock_, StoreLock::Acquire(dir));
    RemoveImportLeftovers(dir);
  }

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = !options.read_only;
  db_options.create_missing_column_families = false;
  db_options.max_open_files = -1;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db_options.keep_log_file_num = 2;
  // Paranoid checks at open (RocksDB's default, stated because we rely on
  // it): a damaged MANIFEST or log record fails the open, and with
  // max_open_files -1 every table file is opened, its footer, index and
  // properties blocks checksummed and its unique id checked against the
  // MANIFEST. Data blocks are checksummed on every read (ReadOptions
  // verify_checksums, default true); `vigil store verify` reads them all.
  db_options.paranoid_checks = true;
  db_options.verify_sst_unique_id_in_manifest = true;

  std::vector<std::string> existing = {rocksdb::kDefaultColumnFamilyName};
  if (exists) {
    rocksdb::Status s =
        rocksdb::DB::ListColumnFamilies(db_options, dir, &existing);
    if (!s.ok()) return FromRocks(s, "cannot list column families of " + dir);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : existing) {
    descriptors.emplace_back(name, OptionsFor(name));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, dir, descriptors, &handles,
                                         &raw)
          : rocksdb::DB::Open(db_options, dir, descriptors, &handles, &raw);
  if (!s.ok()) return FromRocks(s, "cannot open store " + dir);
  store->db_.reset(raw);
  store->handles_ = handles;
  for (size_t i = 0; i < handles.size(); ++i) {
    store->cf_by_name_[existing[i]] = handles[i];
  }

  // Schema check before anything is created or changed.
  std::string schema;
  s = raw->Get(rocksdb::ReadOptions(), kSchemaVersionKey, &schema);
  if (s.IsNotFound()) {
    if (exists && existing.size() > 1) {
      return CorruptInputError("store " + dir + " has no schema version");
    }
    if (options.read_only) {
      return NotFoundError("no store at " + dir);
    }
  } else if (!s.ok()) {
    return FromRocks(s, "cannot read schema version");
  } else {
    uint32_t version =
        static_cast<uint32_t>(std::strtoul(schema.c_str(), nullptr, 10));
    if (version > kStoreSchemaVersion) {
      return FailedPreconditionError("store schema " + std::to_string(version) +
                                     " is newer than this vigil (" +
                                     std::to_string(kStoreSchemaVersion) + ")");
    }
  }

  std::vector<std::string> wanted = {kHashsetsCf,  kEntriesCf, kPackedCf,
                                     kChangelogCf, kEventsCf,  kTokensCf,
                                     kContentCf};
  for (const std::string& extra : options.extra_column_families) {
    wanted.push_back(extra);
  }
  for (const std::string& name : wanted) {
    if (store->cf_by_name_.count(name) != 0) continue;
    // Optional in a store written before them.
    if (options.read_only && (name == kTokensCf || name == kContentCf)) {
      continue;
    }
    if (options.read_only) {
      return FailedPreconditionError("store " + dir +
                                     " has no column family '" + name + "'");
    }
    rocksdb::ColumnFamilyHandle* handle = nullptr;
    s = raw->CreateColumnFamily(OptionsFor(name), name, &handle);
    if (!s.ok()) return FromRocks(s, "cannot create column family " + name);
    store->handles_.push_back(handle);
    store->cf_by_name_[name] = handle;
  }
  if (schema.empty() && !options.read_only) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = raw->Put(wo, kSchemaVersionKey, std::to_string(kStoreSchemaVersion));
    if (!s.ok()) return FromRocks(s, "cannot write schema version");
  }
  store->hashsets_cf_ = store->cf(kHashsetsCf);
  store->entries_cf_ = store->cf(kEntriesCf);
  store->packed_cf_ = store->cf(kPackedCf);
  store->changelog_cf_ = store->cf(kChangelogCf);

  // Load the hash-set records and the log position.
  std::unique_ptr<rocksdb::Iterator> it(
      raw->NewIterator(rocksdb::ReadOptions(), store->hashsets_cf_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    VIGIL_ASSIGN_OR_RETURN(SetState state,
                           DecodeSetState(it->value().ToStringView()));
    store->next_id_ = std::max(store->next_id_, state.hashset.id + 1);
    store->ids_[state.hashset.config.name] = state.hashset.id;
    store->sets_[state.hashset.id] = std::move(state);
  }
  if (!it->status().ok())
    return FromRocks(it->status(), "cannot read hashsets");
  it.reset(raw->NewIterator(rocksdb::ReadOptions(), store->changelog_cf_));
  it->SeekToLast();
  if (it->Valid() && it->key().size() == 8) {
    store->next_seq_ = GetBigEndian64(it->key().data()) + 1;
  }
  if (!it->status().ok()) return FromRocks(it->status(), "cannot read log");
  // Ids are never reused, even after a set is deleted.
  std::string next_id;
  s = raw->Get(rocksdb::ReadOptions(), kNextHashsetIdKey, &next_id);
  if (s.ok()) {
    store->next_id_ = std::max(
        store->next_id_,
        static_cast<uint32_t>(std::strtoul(next_id.c_str(), nullptr, 10)));
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "cannot read the next hashset id");
  }
  return std::unique_ptr<HashsetStore>(std::move(store));
}

StoreImpl::~StoreImpl() {
  if (db_) {
    for (rocksdb::ColumnFamilyHandle* h : handles_) {
      db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    }
    db_->Close().PermitUncheckedError();
    db_.reset();
  }
  lock_.reset();  // only after the database is closed
}

rocksdb::ColumnFamilyHandle* StoreImpl::cf(std::string_view name) const {
  auto it = cf_by_name_.find(name);
  return it == cf_by_name_.end() ? nullptr : it->second;
}

Status StoreImpl::CheckWritable() const {
  if (read_only_) {
    return FailedPreconditionError("store " + dir_ + " is open read-only");
  }
  return Status::OK();
}

Result<SetState> StoreImpl::FindSet(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = ids_.find(name);
  if (it == ids_.end()) {
    return NotFoundError("no hashset '" + std::string(name) + "'");
  }
  return sets_.at(it->second);
}

void StoreImpl::Publish(const SetState& state, uint64_t seq) {
  std::unique_lock lock(mu_);
  ids_[state.hashset.config.name] = state.hashset.id;
  sets_[state.hashset.id] = state;
  next_id_ = std::max(next_id_, state.hashset.id + 1);
  next_seq_ = std::max(next_seq_, seq + 1);
}

void StampChange(SetState* state, uint64_t seq, int64_t now_ms) {
  state->hashset.version += 1;
  state->hashset.updated_at_ms = now_ms;
  state->hashset.last_change_seq = seq;
}

Status StoreImpl::CommitChange(std::string_view op, SetState* state,
                               uint64_t seq, int64_t now_ms,
                               const std::string& extra_json_fields,
                               rocksdb::WriteBatch* batch) {
  Hashset& h = state->hashset;
  StampChange(state, seq, now_ms);
  const bool deleted = op == "delete";
  if (deleted) {
    batch->Delete(hashsets_cf_, HashsetKey(h.id));
  } else {
    batch->Put(hashsets_cf_, HashsetKey(h.id), EncodeSetState(*state));
  }
  batch->Put(changelog_cf_, ChangelogKey(seq),
             MakeChangeRecord(seq, now_ms, op, *state, extra_json_fields));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  VIGIL_RETURN_IF_ERROR(
      FromRocks(db_->Write(wo, batch), "commit " + std::string(op)));
  if (!deleted) {
    Publish(*state, seq);
    return Status::OK();
  }
  std::unique_lock lock(mu_);
  ids_.erase(h.config.name);
  sets_.erase(h.id);
  next_seq_ = std::max(next_seq_, seq + 1);
  return Status::OK();
}

std::string StoreImpl::MakeChangeRecord(
    uint64_t seq, int64_t now_ms, std::string_view op, const SetState& state,
    const std::string& extra_json_fields) const {
  json j = {{"seq", seq},
            {"time", FormatRfc3339(now_ms)},
            {"time_ms", now_ms},
            {"op", op},
            {"hashset", state.hashset.config.name},
            {"hashset_id", state.hashset.id},
            {"version", state.hashset.version}};
  if (!extra_json_fields.empty()) {
    json extra = json::parse(extra_json_fields);
    for (auto& [k, v] : extra.items()) j[k] = v;
  }
  return j.dump();
}

Result<Hashset> StoreImpl::GetHashset(std::string_view name) const {
  VIGIL_ASSIGN_OR_RETURN(SetState s, FindSet(name));
  return s.hashset;
}

Result<Hashset> StoreImpl::GetHashsetById(uint32_t id) const {
  std::shared_lock lock(mu_);
  auto it = sets_.find(id);
  if (it == sets_.end()) {
    return NotFoundError("no hashset with id " + std::to_string(id));
  }
  return it->second.hashset;
}

std::vector<Hashset> StoreImpl::ListHashsets() const {
  std::shared_lock lock(mu_);
  std::vector<Hashset> out;
  for (const auto& [name, id] : ids_) out.push_back(sets_.at(id).hashset);
  return out;
}

uint64_t StoreImpl::LastChangeSeq() const {
  std::shared_lock lock(mu_);
  return next_seq_ - 1;
}

Result<Hashset> StoreImpl::CreateHashset(const HashsetConfig& config,
                                         const ChangeInfo& info) {
  VIGIL_RETURN_IF_ERROR(CheckWritable());
  VIGIL_RETURN_IF_ERROR(ValidateHashsetConfig(config));
  std::lock_guard write_lock(write_mu_);
  SetState state;
  uint64_t seq;
  {
    std::shared_lock lock(mu_);
    if (ids_.count(config.name) != 0) {
      return AlreadyExistsError("hashset '" + config.name + "' exists");
    }
    state.hashset.id = next_id_;
    seq = next_seq_;
  }
  int64_t now = NowMs();
  Hashset& h = state.hashset;
  h.config = config;
  std::sort(h.config.signal_types.begin(), h.config.signal_types.end());
  h.config.signal_types.erase(
      std::unique(h.config.signal_types.begin(), h.config.signal_types.end()),
      h.config.signal_types.end());
  h.created_at_ms = now;
  h.version = 0;  // CommitChange makes it 1
  json extra = {{"actor", info.actor}, {"reason", info.reason}};
  rocksdb::WriteBatch batch;
  batch.Put(kNextHashsetIdKey, std::to_string(h.id + 1));
  VIGIL_RETURN_IF_ERROR(
      CommitChange("create", &state, seq, now, extra.dump(), &batch));
  return h;
}

Status StoreImpl::DeleteHashset(std::string_view name, const ChangeInfo& info) {
  VIGIL_RETURN_IF_ERROR(CheckWritable());
  if (info.reason.empty()) {
    return InvalidArgumentError("deleting a hashset needs a reason");
  }
  std::lock_guard write_lock(write_mu_);
  VIGIL_ASSIGN_OR_RETURN(SetState state, FindSet(name));
  uint64_t seq = LastChangeSeq() + 1;
  rocksdb::WriteBatch batch;
  std::string key;
  uint64_t removed = 0;
  for (SignalType type : state.hashset.config.signal_types) {
    if (StoredWhole(type)) {
      // Entry keys hold the id of each video's signal: derive them.
      VIGIL_RETURN_IF_ERROR(ForEachPackedHashes(
          type, [&](uint32_t set_id, std::span<const uint8_t> blob) {
            if (set_id != state.hashset.id) return Status::OK();
            batch.Delete(
                entries_cf_,
                SignalEntryKey(Signal{type, {blob.begin(), blob.end()}, -1},
                               set_id));
            ++removed;
            return Status::OK();
          }));
    }
    std::vector<uint8_t> hashes;
    if (!StoredWhole(type)) {
      VIGIL_RETURN_IF_ERROR(ReadSetHashes(type, state.hashset.id, &hashes));
    }
    size_t size = SignalTypeByteSize(type);
    for (size_t i = 0; size > 0 && i + size <= hashes.size(); i += size) {
      EntryKeyInto(static_cast<uint8_t>(type), &hashes[i], size,
                   state.hashset.id, &key);
      batch.Delete(entries_cf_, key);
      ++removed;
    }
    std::string begin = PackedSetPrefix(type, state.hashset.id);
    std::string end = PackedSetPrefix(type, state.hashset.id + 1);
    if (state.hashset.id == UINT32_MAX) {
      end = std::string(1, static_cast<char>(static_cast<uint8_t>(type) + 1));
    }
    batch.DeleteRange(packed_cf_, begin, end);
  }
  VIGIL_RETURN_IF_ERROR(DeleteSetDisables(db_.get(), state.hashset.id, &batch));
  json extra = {
      {"actor", info.actor}, {"reason", info.reason}, {"removed", removed}};
  return CommitChange("delete", &state, seq, NowMs(), extra.dump(), &batch);
}

Result<ChangeRecord> DecodeChangeRecord(std::string json_text) {
  constexpr std::string_view kWhat = "change record";
  VIGIL_ASSIGN_OR_RETURN(json j, ParseRecord(json_text, kWhat));
  ChangeRecord r;
  VIGIL_RETURN_IF_ERROR(ReadField(j, "seq", &r.seq, kWhat));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "op", &r.op, kWhat));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "hashset", &r.hashset, kWhat));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "time_ms", &r.time_ms, kWhat));
  r.json = std::move(json_text);
  return r;
}

Result<std::vector<ChangeRecord>> StoreImpl::ReadLog(uint64_t since,
                                                     size_t limit) const {
  std::vector<ChangeRecord> out;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), changelog_cf_));
  for (it->Seek(ChangelogKey(since + 1)); it->Valid(); it->Next()) {
    if (limit != 0 && out.size() >= limit) break;
    VIGIL_ASSIGN_OR_RETURN(ChangeRecord r,
                           DecodeChangeRecord(it->value().ToString()));
    out.push_back(std::move(r));
  }
  VIGIL_RETURN_IF_ERROR(FromRocks(it->status(), "read change log"));
  return out;
}

}  // namespace internal
}  // namespace vigil
