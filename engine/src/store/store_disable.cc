// Copyright 2026 The Vigil Authors.
//
// Per-entry disable (HMA's `disable_until_ts`): a record in the default
// column family under kEntryDisabledPrefix + the entry's key, written in the
// same batch as its "disable_entry" change record. The entry itself is not
// touched, so export, counts and packed runs stay as they are; matchers
// skip a disabled entry while DisabledEntry::ActiveAt(now).

#include <rocksdb/write_batch.h>

#include <nlohmann/json.hpp>

#include "core/internal/json_record.h"
#include "store/internal/keys.h"
#include "store/internal/store_impl.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"

namespace vigil::internal {

using json = nlohmann::json;

namespace {

std::string DisabledKey(SignalType type, std::span<const uint8_t> hash,
                        uint32_t hashset_id) {
  std::string key = kEntryDisabledPrefix;
  std::string entry;
  EntryKeyInto(static_cast<uint8_t>(type), hash.data(), hash.size(), hashset_id,
               &entry);
  return key + entry;
}

Status CheckRefHash(SignalType type, std::span<const uint8_t> hash) {
  const size_t size = EntryKeyHashSize(type);
  if (size == 0 || hash.size() != size) {
    return InvalidArgumentError(std::string("an entry of ") +
                                SignalTypeName(type) + " is named by " +
                                std::to_string(size * 2) + " hex digits");
  }
  return Status::OK();
}

// How change records name the entry (as add / remove records do).
json EntryLogJson(SignalType type, std::span<const uint8_t> hash) {
  return {{"type", SignalTypeName(type)},
          {StoredWhole(type) ? "id" : "hash", HexEncode(hash)}};
}

Result<DisabledEntry> DecodeDisabled(std::string_view key,
                                     std::string_view value) {
  const size_t prefix = sizeof(kEntryDisabledPrefix) - 1;
  if (key.size() < prefix + 1 + 4) {
    return CorruptInputError("malformed entry-disable key");
  }
  key.remove_prefix(prefix);
  DisabledEntry d;
  VIGIL_ASSIGN_OR_RETURN(d.type,
                         SignalTypeFromByte(static_cast<uint8_t>(key[0])));
  if (key.size() != 1 + EntryKeyHashSize(d.type) + 4) {
    return CorruptInputError("malformed entry-disable key");
  }
  d.hash.assign(key.begin() + 1, key.end() - 4);
  d.hashset_id = GetBigEndian32(key.data() + key.size() - 4);
  json j = json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return CorruptInputError("entry-disable record is not JSON");
  }
  constexpr std::string_view kWhat = "entry-disable record";
  VIGIL_RETURN_IF_ERROR(ReadField(j, "until_ms", &d.until_ms, kWhat));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "actor", &d.actor, kWhat));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "reason", &d.reason, kWhat));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "time_ms", &d.disabled_at_ms, kWhat));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "seq", &d.change_seq, kWhat));
  return d;
}

}  // namespace

Result<DisabledEntry> StoreImpl::DisableEntry(const EntryRef& ref,
                                              int64_t until_ms,
                                              const ChangeInfo& info) {
  VIGIL_RETURN_IF_ERROR(CheckWritable());
  VIGIL_RETURN_IF_ERROR(CheckRefHash(ref.type, ref.hash));
  if (until_ms < 0) {
    return InvalidArgumentError("a disable time must not be negative");
  }
  if (info.reason.size() > 4096 || info.actor.size() > 4096) {
    return InvalidArgumentError("actor or reason longer than 4096 bytes");
  }
  std::lock_guard write_lock(write_mu_);
  VIGIL_ASSIGN_OR_RETURN(SetState state, FindSet(ref.hashset));
  const uint32_t id = state.hashset.id;
  std::string entry_key;
  EntryKeyInto(static_cast<uint8_t>(ref.type), ref.hash.data(), ref.hash.size(),
               id, &entry_key);
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), entries_cf_, entry_key, &value);
  if (s.IsNotFound()) {
    return NotFoundError("hashset '" + state.hashset.config.name +
                         "' has no entry " + SignalTypeName(ref.type) + ":" +
                         HexEncode(ref.hash));
  }
  VIGIL_RETURN_IF_ERROR(FromRocks(s, "read entry"));
  const uint64_t seq = LastChangeSeq() + 1;
  const int64_t now = NowMs();
  DisabledEntry d;
  d.hashset_id = id;
  d.hashset = state.hashset.config.name;
  d.type = ref.type;
  d.hash = ref.hash;
  d.until_ms = until_ms;
  d.actor = info.actor;
  d.reason = info.reason;
  d.disabled_at_ms = now;
  d.change_seq = seq;
  json record = {{"until_ms", until_ms},
                 {"actor", info.actor},
                 {"reason", info.reason},
                 {"time_ms", now},
                 {"seq", seq}};
  rocksdb::WriteBatch batch;
  batch.Put(DisabledKey(ref.type, ref.hash, id), record.dump());
  json extra = {{"actor", info.actor},
                {"reason", info.reason},
                {"signals", json::array({EntryLogJson(ref.type, ref.hash)})},
                {"until_ms", until_ms}};
  if (until_ms != 0) extra["until"] = FormatRfc3339(until_ms);
  VIGIL_RETURN_IF_ERROR(
      CommitChange("disable_entry", &state, seq, now, extra.dump(), &batch));
  return d;
}

Result<bool> StoreImpl::EnableEntry(const EntryRef& ref,
                                    const ChangeInfo& info) {
  VIGIL_RETURN_IF_ERROR(CheckWritable());
  VIGIL_RETURN_IF_ERROR(CheckRefHash(ref.type, ref.hash));
  std::lock_guard write_lock(write_mu_);
  VIGIL_ASSIGN_OR_RETURN(SetState state, FindSet(ref.hashset));
  const uint32_t id = state.hashset.id;
  VIGIL_ASSIGN_OR_RETURN(std::optional<DisabledEntry> current,
                         GetDisabledEntry(id, ref.type, ref.hash));
  if (!current.has_value()) {
    std::string entry_key, value;
    EntryKeyInto(static_cast<uint8_t>(ref.type), ref.hash.data(),
                 ref.hash.size(), id, &entry_key);
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), entries_cf_, entry_key, &value);
    if (s.IsNotFound()) {
      return NotFoundError("hashset '" + state.hashset.config.name +
                           "' has no entry " + SignalTypeName(ref.type) + ":" +
                           HexEncode(ref.hash));
    }
    VIGIL_RETURN_IF_ERROR(FromRocks(s, "read entry"));
    return false;
  }
  rocksdb::WriteBatch batch;
  batch.Delete(DisabledKey(ref.type, ref.hash, id));
  json extra = {{"actor", info.actor},
                {"reason", info.reason},
                {"signals", json::array({EntryLogJson(ref.type, ref.hash)})}};
  VIGIL_RETURN_IF_ERROR(CommitChange("enable_entry", &state,
                                     LastChangeSeq() + 1, NowMs(), extra.dump(),
                                     &batch));
  return true;
}

Result<std::optional<DisabledEntry>> StoreImpl::GetDisabledEntry(
    uint32_t hashset_id, SignalType type, std::span<const uint8_t> hash) const {
  VIGIL_RETURN_IF_ERROR(CheckRefHash(type, hash));
  const std::string key = DisabledKey(type, hash, hashset_id);
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &value);
  if (s.IsNotFound()) return std::optional<DisabledEntry>();
  VIGIL_RETURN_IF_ERROR(FromRocks(s, "read entry disable"));
  VIGIL_ASSIGN_OR_RETURN(DisabledEntry d, DecodeDisabled(key, value));
  if (Result<Hashset> set = GetHashsetById(hashset_id); set.ok()) {
    d.hashset = set->config.name;
  }
  return std::optional<DisabledEntry>(std::move(d));
}

Status StoreImpl::ForEachDisabledEntry(
    const std::function<Status(const DisabledEntry&)>& fn) const {
  const std::string prefix = kEntryDisabledPrefix;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix);
       it->Valid() && it->key().ToStringView().starts_with(prefix);
       it->Next()) {
    VIGIL_ASSIGN_OR_RETURN(
        DisabledEntry d,
        DecodeDisabled(it->key().ToStringView(), it->value().ToStringView()));
    if (Result<Hashset> set = GetHashsetById(d.hashset_id); set.ok()) {
      d.hashset = set->config.name;
    } else {
      continue;  // its set was deleted (records go with it)
    }
    VIGIL_RETURN_IF_ERROR(fn(d));
  }
  return FromRocks(it->status(), "read entry disables");
}

Status DeleteSetDisables(rocksdb::DB* db, uint32_t hashset_id,
                         rocksdb::WriteBatch* batch) {
  const std::string prefix = kEntryDisabledPrefix;
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix);
       it->Valid() && it->key().ToStringView().starts_with(prefix);
       it->Next()) {
    std::string_view key = it->key().ToStringView();
    if (key.size() >= prefix.size() + 5 &&
        GetBigEndian32(key.data() + key.size() - 4) == hashset_id) {
      batch->Delete(it->key());
    }
  }
  return FromRocks(it->status(), "read entry disables");
}

}  // namespace vigil::internal
