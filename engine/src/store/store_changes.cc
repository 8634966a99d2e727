// Copyright 2026 The Vigil Authors.
//
// Enabling / disabling a set, and the replay of the change log with each
// record's data (ForEachChange), which lets an in-memory index follow the
// store without rebuilding: "add" and "remove" records name their signals,
// "import" records the packed segments they wrote (per type, [first, end)).

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/internal/json_record.h"
#include "store/internal/keys.h"
#include "store/internal/store_impl.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"
#include "vigil/vpdq.h"

namespace vigil::internal {

using json = nlohmann::json;

Result<Hashset> StoreImpl::SetHashsetEnabled(std::string_view name,
                                             bool enabled,
                                             const ChangeInfo& info) {
  VIGIL_RETURN_IF_ERROR(CheckWritable());
  std::lock_guard write_lock(write_mu_);
  VIGIL_ASSIGN_OR_RETURN(SetState state, FindSet(name));
  Hashset& h = state.hashset;
  if (h.enabled == enabled) return h;
  h.enabled = enabled;
  json extra = {{"actor", info.actor}, {"reason", info.reason}};
  rocksdb::WriteBatch batch;
  VIGIL_RETURN_IF_ERROR(CommitChange(enabled ? "enable" : "disable", &state,
                                     LastChangeSeq() + 1, NowMs(), extra.dump(),
                                     &batch));
  return h;
}

Result<Hashset> StoreImpl::UpdateHashsetConfig(std::string_view name,
                                               const HashsetConfig& config,
                                               const ChangeInfo& info) {
  VIGIL_RETURN_IF_ERROR(CheckWritable());
  VIGIL_RETURN_IF_ERROR(ValidateHashsetConfig(config));
  std::lock_guard write_lock(write_mu_);
  VIGIL_ASSIGN_OR_RETURN(SetState state, FindSet(name));
  Hashset& h = state.hashset;
  HashsetConfig next = config;
  std::sort(next.signal_types.begin(), next.signal_types.end());
  next.signal_types.erase(
      std::unique(next.signal_types.begin(), next.signal_types.end()),
      next.signal_types.end());
  if (next.name != h.config.name ||
      next.signal_types != h.config.signal_types) {
    return InvalidArgumentError("the name and signal types of hashset '" +
                                h.config.name + "' cannot change");
  }
  if (h.config.Allows(SignalType::kVpdq) &&
      next.MinQualityFor(SignalType::kVpdq) !=
          h.config.MinQualityFor(SignalType::kVpdq)) {
    return InvalidArgumentError(
        "the vpdq minimum quality of hashset '" + h.config.name +
        "' cannot change (its frames were filtered by it when stored)");
  }
  auto same = [](const HashsetConfig& a, const HashsetConfig& b) {
    for (SignalType t : a.signal_types) {
      if (a.ThresholdFor(t) != b.ThresholdFor(t) ||
          a.MinQualityFor(t) != b.MinQualityFor(t)) {
        return false;
      }
    }
    return a.video_query_percent == b.video_query_percent &&
           a.video_target_percent == b.video_target_percent &&
           a.action == b.action && a.source == b.source &&
           a.description == b.description;
  };
  if (same(next, h.config)) return h;
  h.config = std::move(next);
  json extra = {{"actor", info.actor}, {"reason", info.reason}};
  rocksdb::WriteBatch batch;
  VIGIL_RETURN_IF_ERROR(CommitChange("update", &state, LastChangeSeq() + 1,
                                     NowMs(), extra.dump(), &batch));
  return h;
}

namespace {

using SignalsFn = std::function<Status(const ChangeDelta&, SignalType,
                                       std::span<const uint8_t>)>;

std::span<const uint8_t> AsBytes(const rocksdb::Slice& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

constexpr std::string_view kChangeSignal = "a signal of a change record";

// The fixed-size hashes of `list` (objects with "type" and "hash") of
// `type`, packed; vPDQ ids ("id") when type is kVpdq.
Status PackLogged(const json& list, SignalType type,
                  std::vector<uint8_t>* out) {
  out->clear();
  const char* field = type == SignalType::kVpdq ? "id" : "hash";
  for (const json& s : list) {
    std::string name, hex;
    if (!s.is_object()) continue;
    VIGIL_RETURN_IF_ERROR(ReadField(s, "type", &name, kChangeSignal));
    if (name != SignalTypeName(type)) continue;
    VIGIL_RETURN_IF_ERROR(ReadField(s, field, &hex, kChangeSignal));
    Result<std::vector<uint8_t>> bytes = HexDecode(hex);
    if (!bytes.ok() || bytes->size() != EntryKeyHashSize(type)) {
      return CorruptInputError("change record has a malformed signal");
    }
    out->insert(out->end(), bytes->begin(), bytes->end());
  }
  return Status::OK();
}

}  // namespace

Status StoreImpl::ForEachChange(
    uint64_t since, size_t limit,
    const std::function<Status(const ChangeDelta&)>& change,
    const SignalsFn& signals) const {
  // The records first (a bounded batch), then their data: data is read as
  // it is now, which the later records of the log account for.
  VIGIL_ASSIGN_OR_RETURN(std::vector<ChangeRecord> records,
                         ReadLog(since, limit));
  std::vector<uint8_t> packed;
  for (const ChangeRecord& r : records) {
    VIGIL_ASSIGN_OR_RETURN(json j, ParseRecord(r.json, "change record"));
    ChangeDelta d;
    d.seq = r.seq;
    d.op = r.op;
    d.hashset = r.hashset;
    VIGIL_RETURN_IF_ERROR(
        ReadField(j, "hashset_id", &d.hashset_id, "change record"));
    const bool import = d.op == "import";
    if (import && !j.contains("segments")) d.complete = false;
    const auto signals_it = j.find("signals");
    if ((import && d.complete && !j.at("segments").is_object()) ||
        (signals_it != j.end() && !signals_it->is_array())) {
      return CorruptInputError(
          "change record has malformed segments or "
          "signals");
    }
    VIGIL_RETURN_IF_ERROR(change(d));
    if (!d.complete) continue;
    if (import) {
      const json& segments = j.at("segments");
      for (auto& [name, range] : segments.items()) {
        Result<SignalType> parsed = ParseSignalType(name);
        if (!parsed.ok()) {
          return CorruptInputError("change record: " +
                                   std::string(parsed.status().message()));
        }
        const SignalType type = *parsed;
        uint32_t first = 0, end = 0;
        if (!range.is_array() || range.size() != 2 ||
            !JsonInteger(range[0], &first) || !JsonInteger(range[1], &end)) {
          return CorruptInputError("change record has malformed segments");
        }
        std::string lower = PackedKey(type, d.hashset_id, first);
        std::string upper = PackedKey(type, d.hashset_id, end);
        rocksdb::Slice upper_slice(upper);
        rocksdb::ReadOptions ro;
        ro.iterate_upper_bound = &upper_slice;
        ro.fill_cache = false;
        std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, packed_cf_));
        for (it->Seek(lower); it->Valid(); it->Next()) {
          VIGIL_RETURN_IF_ERROR(signals(d, type, AsBytes(it->value())));
        }
        VIGIL_RETURN_IF_ERROR(FromRocks(it->status(), "read packed segment"));
      }
    } else if (d.op == "add" || d.op == "remove" || d.op == "disable_entry" ||
               d.op == "enable_entry") {
      const json list = signals_it != j.end() ? *signals_it : json::array();
      std::set<SignalType> types;
      for (const json& s : list) {
        if (!s.is_object()) continue;
        std::string name;
        VIGIL_RETURN_IF_ERROR(ReadField(s, "type", &name, kChangeSignal));
        Result<SignalType> t = ParseSignalType(name);
        if (!t.ok()) return CorruptInputError("change record: unknown type");
        types.insert(*t);
      }
      for (SignalType type : types) {
        VIGIL_RETURN_IF_ERROR(PackLogged(list, type, &packed));
        if (type != SignalType::kVpdq || d.op != "add") {
          VIGIL_RETURN_IF_ERROR(signals(d, type, packed));
          continue;
        }
        // An added video: its whole signal, from its own packed segment.
        for (size_t off = 0; off + 32 <= packed.size(); off += 32) {
          std::string key, value;
          EntryKeyInto(static_cast<uint8_t>(type), &packed[off], 32,
                       d.hashset_id, &key);
          rocksdb::Status s =
              db_->Get(rocksdb::ReadOptions(), entries_cf_, key, &value);
          if (s.IsNotFound()) continue;  // removed since
          VIGIL_RETURN_IF_ERROR(FromRocks(s, "read entry"));
          VIGIL_ASSIGN_OR_RETURN(EntryValue v, DecodeEntryValue(value));
          std::string blob;
          s = db_->Get(rocksdb::ReadOptions(), packed_cf_,
                       PackedKey(type, d.hashset_id, v.segment), &blob);
          if (s.IsNotFound()) continue;
          VIGIL_RETURN_IF_ERROR(FromRocks(s, "read packed segment"));
          VIGIL_RETURN_IF_ERROR(signals(d, type, AsBytes(blob)));
        }
      }
    }
  }
  return Status::OK();
}

}  // namespace vigil::internal
