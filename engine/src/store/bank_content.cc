// Copyright 2026 The Vigil Authors.
//
// Bank content ids in the store's "content" column family:
//   "next"                          -> decimal: the next content id
//   "c" [id BE u64]                 -> {"set", "signals": [{"type","hex"}],
//                                       "added_at_ms", "actor",
//                                       "disable_until_ts"}
//   "r" [entry key] [id BE u64]     -> "" (entry key: keys.h SignalEntryKey,
//                                       [type][hash or vPDQ id][set id])
// The entry goes in first (AddEntry, synced), then the content record and
// its reverse keys in one synced batch: a crash in between leaves an entry
// without a content id (it still matches), never a content id without its
// entry.

#include "vigil/bank_content.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/internal/json_record.h"
#include "store/internal/db_access.h"
#include "store/internal/keys.h"
#include "store/internal/store_impl.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

using json = nlohmann::json;

constexpr char kNextKey[] = "next";

// Serialises the content writes of this process (id allocation, and the
// check "does another content name this signal" before a removal).
std::mutex& ContentMutex() {
  static std::mutex mu;
  return mu;
}

Result<rocksdb::ColumnFamilyHandle*> ContentCf(const HashsetStore& store,
                                               bool write) {
  if (write && store.read_only()) {
    return FailedPreconditionError("the store is open read-only");
  }
  rocksdb::ColumnFamilyHandle* cf =
      internal::StoreColumnFamily(store, internal::kContentCf);
  if (cf == nullptr) return NotFoundError("the store has no bank content");
  return cf;
}

std::string ContentKey(uint64_t id) {
  std::string key = "c";
  internal::PutBigEndian64(&key, id);
  return key;
}

std::string ReversePrefix(uint32_t hashset_id, const Signal& signal) {
  return "r" + internal::SignalEntryKey(signal, hashset_id);
}

std::string ReverseKey(uint32_t hashset_id, const Signal& signal, uint64_t id) {
  std::string key = ReversePrefix(hashset_id, signal);
  internal::PutBigEndian64(&key, id);
  return key;
}

Result<BankContent> DecodeContent(uint64_t id, const std::string& value) {
  json j = json::parse(value, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("signals") ||
      !j["signals"].is_array()) {
    return CorruptInputError("content record " + std::to_string(id) +
                             " is not valid");
  }
  const std::string what = "content record " + std::to_string(id);
  BankContent c;
  c.id = id;
  c.disable_until_ts = kBankContentEnabled;
  VIGIL_RETURN_IF_ERROR(internal::ReadField(j, "set", &c.hashset_id, what));
  VIGIL_RETURN_IF_ERROR(
      internal::ReadField(j, "added_at_ms", &c.added_at_ms, what));
  VIGIL_RETURN_IF_ERROR(internal::ReadField(j, "actor", &c.actor, what));
  VIGIL_RETURN_IF_ERROR(
      internal::ReadField(j, "disable_until_ts", &c.disable_until_ts, what));
  for (const json& s : j["signals"]) {
    if (!s.is_object()) return CorruptInputError("content signal not valid");
    std::string name, hex;
    VIGIL_RETURN_IF_ERROR(internal::ReadField(s, "type", &name, what));
    VIGIL_RETURN_IF_ERROR(internal::ReadField(s, "hex", &hex, what));
    Result<SignalType> type = ParseSignalType(name);
    Result<std::vector<uint8_t>> bytes = HexDecode(hex);
    if (!type.ok() || !bytes.ok()) {
      return CorruptInputError(what + " has a malformed signal");
    }
    c.signals.push_back(Signal{*type, std::move(*bytes), -1});
  }
  return c;
}

std::string EncodeContent(const BankContent& c) {
  json signals = json::array();
  for (const Signal& s : c.signals) {
    signals.push_back({{"type", SignalTypeName(s.type)}, {"hex", s.ToHex()}});
  }
  return json{{"set", c.hashset_id},
              {"signals", signals},
              {"added_at_ms", c.added_at_ms},
              {"actor", c.actor},
              {"disable_until_ts", c.disable_until_ts}}
      .dump();
}

Result<BankContent> ReadContent(const HashsetStore& store,
                                rocksdb::ColumnFamilyHandle* cf, uint64_t id) {
  std::string value;
  rocksdb::Status s = internal::StoreDb(store)->Get(rocksdb::ReadOptions(), cf,
                                                    ContentKey(id), &value);
  if (s.IsNotFound()) {
    return NotFoundError("content '" + std::to_string(id) + "' not found");
  }
  VIGIL_RETURN_IF_ERROR(internal::FromRocks(s, "cannot read content"));
  return DecodeContent(id, value);
}

Status WriteSynced(const HashsetStore& store, rocksdb::WriteBatch* batch,
                   std::string_view what) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return internal::FromRocks(internal::StoreDb(store)->Write(wo, batch), what);
}

}  // namespace

Result<BankContentAdd> AddBankContent(HashsetStore& store,
                                      std::string_view hashset,
                                      std::span<const Signal> signals,
                                      const EntryInfo& info) {
  VIGIL_ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * cf,
                         ContentCf(store, true));
  std::lock_guard<std::mutex> lock(ContentMutex());
  VIGIL_ASSIGN_OR_RETURN(AddResult added,
                         store.AddEntry(hashset, signals, info));
  VIGIL_ASSIGN_OR_RETURN(Hashset set, store.GetHashset(hashset));
  rocksdb::DB* db = internal::StoreDb(store);
  std::string next;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf, kNextKey, &next);
  if (!s.ok() && !s.IsNotFound()) {
    return internal::FromRocks(s, "cannot read the next content id");
  }
  BankContent c;
  c.id = s.ok() ? std::strtoull(next.c_str(), nullptr, 10) : 1;
  if (c.id == 0) c.id = 1;
  c.hashset_id = set.id;
  c.added_at_ms = internal::NowMs();
  c.actor = info.actor;
  rocksdb::WriteBatch batch;
  for (const Signal& signal : signals) {
    // Repeats in the input are named once.
    if (std::find_if(c.signals.begin(), c.signals.end(), [&](const Signal& o) {
          return o.type == signal.type && o.bytes == signal.bytes;
        }) != c.signals.end()) {
      continue;
    }
    c.signals.push_back(Signal{signal.type, signal.bytes, -1});
    batch.Put(cf, ReverseKey(set.id, signal, c.id), "");
  }
  batch.Put(cf, ContentKey(c.id), EncodeContent(c));
  batch.Put(cf, kNextKey, std::to_string(c.id + 1));
  VIGIL_RETURN_IF_ERROR(WriteSynced(store, &batch, "cannot store content"));
  return BankContentAdd{c.id, added};
}

Result<BankContent> GetBankContent(const HashsetStore& store, uint64_t id) {
  VIGIL_ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * cf,
                         ContentCf(store, false));
  VIGIL_ASSIGN_OR_RETURN(BankContent c, ReadContent(store, cf, id));
  // Sets are never renumbered: a deleted set's content is gone with it.
  if (!store.GetHashsetById(c.hashset_id).ok()) {
    return NotFoundError("content '" + std::to_string(id) + "' not found");
  }
  std::vector<Signal> present;
  for (Signal& signal : c.signals) {
    auto entry = store.GetEntry(c.hashset_id, signal);
    if (entry.ok()) {
      present.push_back(std::move(signal));
    } else if (entry.status().code() != StatusCode::kNotFound) {
      return entry.status();
    }
  }
  if (present.empty()) {
    return NotFoundError("content '" + std::to_string(id) + "' not found");
  }
  c.signals = std::move(present);
  return c;
}

Result<uint64_t> RemoveBankContent(HashsetStore& store,
                                   std::string_view hashset, uint64_t id,
                                   const ChangeInfo& info) {
  VIGIL_ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * cf,
                         ContentCf(store, true));
  if (info.reason.empty()) {
    return InvalidArgumentError("removing content needs a reason");
  }
  std::lock_guard<std::mutex> lock(ContentMutex());
  VIGIL_ASSIGN_OR_RETURN(Hashset set, store.GetHashset(hashset));
  auto found = ReadContent(store, cf, id);
  if (!found.ok()) {
    if (found.status().code() == StatusCode::kNotFound) return uint64_t{0};
    return found.status();
  }
  const BankContent& c = *found;
  if (c.hashset_id != set.id) return uint64_t{0};
  rocksdb::DB* db = internal::StoreDb(store);
  rocksdb::WriteBatch batch;
  for (const Signal& signal : c.signals) {
    batch.Delete(cf, ReverseKey(set.id, signal, id));
    // Another content of the set naming the signal keeps the entry.
    const std::string prefix = ReversePrefix(set.id, signal);
    bool shared = false;
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), cf));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      if (it->key().size() == prefix.size() + 8 &&
          internal::GetBigEndian64(it->key().data() + prefix.size()) != id) {
        shared = true;
        break;
      }
    }
    VIGIL_RETURN_IF_ERROR(
        internal::FromRocks(it->status(), "cannot read content"));
    if (shared) continue;
    RemoveSelector selector;
    selector.signal = signal;
    auto removed = store.RemoveEntries(hashset, selector, info);
    // Already gone (removed by other means): nothing left to remove.
    if (!removed.ok() && removed.status().code() != StatusCode::kNotFound) {
      return removed.status();
    }
  }
  batch.Delete(cf, ContentKey(id));
  VIGIL_RETURN_IF_ERROR(WriteSynced(store, &batch, "cannot remove content"));
  return uint64_t{1};
}

bool BankContent::EnabledAt(int64_t now_s) const {
  if (disable_until_ts == kBankContentDisabled) return false;
  if (disable_until_ts == kBankContentEnabled) return true;
  return disable_until_ts <= now_s;
}

Status SetBankContentDisableUntil(HashsetStore& store, uint64_t id,
                                  int64_t disable_until_ts,
                                  const ChangeInfo& info) {
  VIGIL_ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * cf,
                         ContentCf(store, true));
  if (disable_until_ts < 0) {
    return InvalidArgumentError("disable_until_ts must not be negative");
  }
  std::lock_guard<std::mutex> lock(ContentMutex());
  VIGIL_ASSIGN_OR_RETURN(BankContent c, ReadContent(store, cf, id));
  VIGIL_ASSIGN_OR_RETURN(Hashset set, store.GetHashsetById(c.hashset_id));
  const int64_t now_s = internal::NowMs() / 1000;
  for (const Signal& signal : c.signals) {
    if (!store.GetEntry(set.id, signal).ok()) continue;  // removed since
    EntryRef ref;
    ref.hashset = set.config.name;
    ref.type = signal.type;
    if (internal::StoredWhole(signal.type)) {
      const auto vid = VpdqSignalId(signal.bytes);
      ref.hash.assign(vid.begin(), vid.end());
    } else {
      ref.hash = signal.bytes;
    }
    if (disable_until_ts == kBankContentEnabled) {
      VIGIL_RETURN_IF_ERROR(store.EnableEntry(ref, info).status());
      continue;
    }
    // Another enabled content naming the entry keeps it matching.
    VIGIL_ASSIGN_OR_RETURN(std::vector<uint64_t> ids,
                           BankContentIds(store, set.id, signal));
    bool kept = false;
    for (uint64_t other : ids) {
      if (other == id) continue;
      auto o = ReadContent(store, cf, other);
      if (o.ok() && o->EnabledAt(now_s)) kept = true;
    }
    if (kept) continue;
    const int64_t until_ms =
        disable_until_ts == kBankContentDisabled ? 0 : disable_until_ts * 1000;
    VIGIL_RETURN_IF_ERROR(store.DisableEntry(ref, until_ms, info).status());
  }
  c.disable_until_ts = disable_until_ts;
  rocksdb::WriteBatch batch;
  batch.Put(cf, ContentKey(id), EncodeContent(c));
  return WriteSynced(store, &batch, "cannot update content");
}

Result<std::vector<uint64_t>> BankContentIds(const HashsetStore& store,
                                             uint32_t hashset_id,
                                             const Signal& signal) {
  std::vector<uint64_t> ids;
  auto cf = ContentCf(store, false);
  if (!cf.ok()) return ids;  // a store from before bank content: none
  const std::string prefix = ReversePrefix(hashset_id, signal);
  std::unique_ptr<rocksdb::Iterator> it(
      internal::StoreDb(store)->NewIterator(rocksdb::ReadOptions(), *cf));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    if (it->key().size() == prefix.size() + 8) {
      ids.push_back(internal::GetBigEndian64(it->key().data() + prefix.size()));
    }
  }
  VIGIL_RETURN_IF_ERROR(
      internal::FromRocks(it->status(), "cannot read content"));
  return ids;
}

}  // namespace vigil
