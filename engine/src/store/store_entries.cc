// Copyright 2026 The Vigil Authors.
//
// Entry operations of the store: hash and block (AddEntry), removal of
// false positives, lookups. Each change is one synchronous WriteBatch that
// updates entries, packed segments, the hash-set record and the change log
// together.

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "store/internal/keys.h"
#include "store/internal/store_impl.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"
#include "vigil/vpdq.h"

namespace vigil::internal {

using json = nlohmann::json;

namespace {

// How the change log names one signal: by its hex, or a vPDQ signal (a
// whole video) by its id.
json SignalLogJson(SignalType type, const std::vector<uint8_t>& bytes) {
  if (StoredWhole(type)) {
    return {{"type", SignalTypeName(type)},
            {"id", HexEncode(VpdqSignalId(bytes))}};
  }
  return {{"type", SignalTypeName(type)}, {"hash", HexEncode(bytes)}};
}

}  // namespace

Result<Entry> StoreImpl::GetEntry(uint32_t hashset_id,
                                  const Signal& signal) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), entries_cf_,
                               SignalEntryKey(signal, hashset_id), &value);
  if (s.IsNotFound()) {
    return NotFoundError(
        "no entry " + std::string(SignalTypeName(signal.type)) + ":" +
        signal.ToHex() + " in hashset " + std::to_string(hashset_id));
  }
  VIGIL_RETURN_IF_ERROR(FromRocks(s, "read entry"));
  VIGIL_ASSIGN_OR_RETURN(EntryValue v, DecodeEntryValue(value));
  Entry e;
  e.hashset_id = hashset_id;
  e.signal.type = signal.type;
  e.signal.bytes = signal.bytes;
  e.external_id = std::string(v.external_id);
  e.category = std::string(v.category);
  e.note = std::string(v.note);
  e.added_at_ms = v.added_at_ms;
  e.change_seq = v.change_seq;
  return e;
}

Result<AddResult> StoreImpl::AddEntry(std::string_view hashset,
                                      std::span<const Signal> signals,
                                      const EntryInfo& info) {
  VIGIL_RETURN_IF_ERROR(CheckWritable());
  if (signals.empty()) return InvalidArgumentError("no signals to add");
  for (const std::string* f : {&info.external_id, &info.category, &info.note}) {
    if (f->size() > 4096) {
      return InvalidArgumentError("entry metadata longer than 4096 bytes");
    }
  }
  std::lock_guard write_lock(write_mu_);
  VIGIL_ASSIGN_OR_RETURN(SetState state, FindSet(hashset));
  Hashset& h = state.hashset;
  // Group the new signals by type (sorted, unique) after checking them.
  std::map<SignalType, std::set<std::vector<uint8_t>>> fresh;
  AddResult result;
  for (const Signal& signal : signals) {
    if (!h.config.Allows(signal.type)) {
      return InvalidArgumentError(
          std::string("signal type ") + SignalTypeName(signal.type) +
          " is not allowed in hashset '" + h.config.name + "'");
    }
    VIGIL_RETURN_IF_ERROR(CheckSignalValue(signal));
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), entries_cf_,
                                 SignalEntryKey(signal, h.id), &value);
    if (s.ok() || fresh[signal.type].count(signal.bytes) != 0) {
      ++result.existing;
      continue;
    }
    if (!s.IsNotFound()) return FromRocks(s, "read entry");
    fresh[signal.type].insert(signal.bytes);
  }
  if (result.existing == signals.size()) {
    result.version = h.version;
    return result;
  }
  uint64_t seq = LastChangeSeq() + 1;
  int64_t now = NowMs();
  rocksdb::WriteBatch batch;
  json added = json::array();
  for (const auto& [type, hashes] : fresh) {
    if (hashes.empty()) continue;
    // Fixed-size hashes share one new segment; each vPDQ signal (a whole
    // video) gets a segment of its own.
    const bool own_segment = StoredWhole(type);
    uint32_t segment = state.next_segment++;
    std::string packed;
    for (const std::vector<uint8_t>& bytes : hashes) {
      if (own_segment && !packed.empty()) {
        batch.Put(packed_cf_, PackedKey(type, h.id, segment), packed);
        packed.clear();
        segment = state.next_segment++;
      }
      packed.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      EntryValue v{segment,          now,           seq,
                   info.external_id, info.category, info.note};
      std::string value;
      EncodeEntryValue(v, &value);
      batch.Put(entries_cf_, SignalEntryKey(Signal{type, bytes, -1}, h.id),
                value);
      json logged = SignalLogJson(type, bytes);
      if (own_segment) logged["bytes"] = bytes.size();
      added.push_back(std::move(logged));
      h.entry_counts[type] += 1;
      ++result.added;
    }
    batch.Put(packed_cf_, PackedKey(type, h.id, segment), packed);
  }
  json extra = {{"actor", info.actor},
                {"signals", added},
                {"external_id", info.external_id},
                {"category", info.category},
                {"note", info.note}};
  VIGIL_RETURN_IF_ERROR(
      CommitChange("add", &state, seq, now, extra.dump(), &batch));
  result.version = h.version;
  result.change_seq = seq;
  return result;
}

Result<RemoveResult> StoreImpl::RemoveEntries(std::string_view hashset,
                                              const RemoveSelector& selector,
                                              const ChangeInfo& info) {
  VIGIL_RETURN_IF_ERROR(CheckWritable());
  if (selector.signal.has_value() == selector.external_id.has_value()) {
    return InvalidArgumentError(
        "select entries to remove by signal or by external id (one of them)");
  }
  if (info.reason.empty()) {
    return InvalidArgumentError("removing entries needs a reason");
  }
  std::lock_guard write_lock(write_mu_);
  VIGIL_ASSIGN_OR_RETURN(SetState state, FindSet(hashset));
  Hashset& h = state.hashset;
  // (type, segment) -> hashes to drop from it.
  std::map<std::pair<SignalType, uint32_t>, std::vector<std::vector<uint8_t>>>
      victims;
  if (selector.signal.has_value()) {
    const Signal& sig = *selector.signal;
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), entries_cf_,
                                 SignalEntryKey(sig, h.id), &value);
    if (s.IsNotFound()) {
      return NotFoundError("hashset '" + h.config.name + "' has no entry " +
                           SignalTypeName(sig.type) + ":" + sig.ToHex());
    }
    VIGIL_RETURN_IF_ERROR(FromRocks(s, "read entry"));
    VIGIL_ASSIGN_OR_RETURN(EntryValue v, DecodeEntryValue(value));
    victims[{sig.type, v.segment}].push_back(sig.bytes);
  } else {
    // No index by external id: scan the set's types (a rare manual action).
    for (SignalType type : h.config.signal_types) {
      Status scanned = ForEachEntry(type, [&](const Entry& e) -> Status {
        if (e.hashset_id != h.id || e.external_id != *selector.external_id) {
          return Status::OK();
        }
        std::string value;
        rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), entries_cf_,
                                     SignalEntryKey(e.signal, h.id), &value);
        VIGIL_RETURN_IF_ERROR(FromRocks(s, "read entry"));
        VIGIL_ASSIGN_OR_RETURN(EntryValue v, DecodeEntryValue(value));
        victims[{type, v.segment}].push_back(e.signal.bytes);
        return Status::OK();
      });
      if (!scanned.ok()) return scanned;
    }
    if (victims.empty()) {
      return NotFoundError("hashset '" + h.config.name +
                           "' has no entry with external id '" +
                           *selector.external_id + "'");
    }
  }
  uint64_t seq = LastChangeSeq() + 1;
  int64_t now = NowMs();
  rocksdb::WriteBatch batch;
  json removed = json::array();
  RemoveResult result;
  for (auto& [where, hashes] : victims) {
    auto [type, segment] = where;
    std::string key = PackedKey(type, h.id, segment);
    if (StoredWhole(type)) {
      // One video per segment: the segment goes with its entry.
      batch.Delete(packed_cf_, key);
    } else {
      size_t size = SignalTypeByteSize(type);
      std::string packed;
      VIGIL_RETURN_IF_ERROR(
          FromRocks(db_->Get(rocksdb::ReadOptions(), packed_cf_, key, &packed),
                    "read packed segment"));
      std::sort(hashes.begin(), hashes.end());
      std::string kept;
      kept.reserve(packed.size());
      for (size_t i = 0; i + size <= packed.size(); i += size) {
        std::vector<uint8_t> hash(packed.begin() + static_cast<long>(i),
                                  packed.begin() + static_cast<long>(i + size));
        if (!std::binary_search(hashes.begin(), hashes.end(), hash)) {
          kept.append(packed, i, size);
        }
      }
      if (kept.empty()) {
        batch.Delete(packed_cf_, key);
      } else {
        batch.Put(packed_cf_, key, kept);
      }
    }
    for (const auto& hash : hashes) {
      const std::string entry_key =
          SignalEntryKey(Signal{type, hash, -1}, h.id);
      batch.Delete(entries_cf_, entry_key);
      // A disable goes with its entry: one added again matches.
      batch.Delete(kEntryDisabledPrefix + entry_key);
      removed.push_back(SignalLogJson(type, hash));
      h.entry_counts[type] -= 1;
      if (h.entry_counts[type] == 0) h.entry_counts.erase(type);
      ++result.removed;
    }
  }
  json extra = {
      {"actor", info.actor}, {"reason", info.reason}, {"signals", removed}};
  if (selector.external_id.has_value()) {
    extra["external_id"] = *selector.external_id;
  }
  VIGIL_RETURN_IF_ERROR(
      CommitChange("remove", &state, seq, now, extra.dump(), &batch));
  result.version = h.version;
  result.change_seq = seq;
  return result;
}

}  // namespace vigil::internal
