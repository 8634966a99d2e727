// Copyright 2026 The Vigil Authors.

#include "tools/vigil/hashset_json.h"

#include "vigil/hex.h"
#include "vigil/vpdq.h"

namespace vigil::cli {
namespace {

using json = nlohmann::json;

// An unsigned counter `key` of `j` into `out`. Error: kInvalidArgument.
Status Counter(const json& j, const char* key, uint64_t* out) {
  if (!j.contains(key) || !j[key].is_number_unsigned()) {
    return InvalidArgumentError(std::string("reply lacks a count \"") + key +
                                "\"");
  }
  *out = j[key].get<uint64_t>();
  return Status::OK();
}

Status TypeValues(const json& j, const char* key,
                  std::map<SignalType, int>* out) {
  if (!j.contains(key)) return Status::OK();
  if (!j[key].is_object()) {
    return InvalidArgumentError(std::string("\"") + key +
                                "\" must be an object of type: number");
  }
  for (const auto& [name, value] : j[key].items()) {
    Result<SignalType> type = ParseSignalType(name);
    if (!type.ok()) return type.status().WithPrefix(key);
    if (!value.is_number_integer()) {
      return InvalidArgumentError(std::string("\"") + key + "\"." + name +
                                  " must be an integer");
    }
    (*out)[*type] = value.get<int>();
  }
  return Status::OK();
}

Status Text(const json& j, const char* key, std::string* out) {
  if (!j.contains(key)) return Status::OK();
  if (!j[key].is_string()) {
    return InvalidArgumentError(std::string("\"") + key +
                                "\" must be a string");
  }
  *out = j[key].get<std::string>();
  return Status::OK();
}

}  // namespace

json HashsetToJson(const Hashset& h) {
  json types = json::array();
  json thresholds = json::object();
  json quality = json::object();
  json counts = json::object();
  for (SignalType t : h.config.signal_types) {
    types.push_back(SignalTypeName(t));
    thresholds[SignalTypeName(t)] = h.config.ThresholdFor(t);
    quality[SignalTypeName(t)] = h.config.MinQualityFor(t);
    auto it = h.entry_counts.find(t);
    counts[SignalTypeName(t)] = it == h.entry_counts.end() ? 0 : it->second;
  }
  return {{"id", h.id},
          {"name", h.config.name},
          {"signal_types", types},
          {"thresholds", thresholds},
          {"min_quality", quality},
          {"action", HashsetActionName(h.config.action)},
          {"source", h.config.source},
          {"description", h.config.description},
          {"created_at", FormatRfc3339(h.created_at_ms)},
          {"updated_at", FormatRfc3339(h.updated_at_ms)},
          {"version", h.version},
          {"last_change_seq", h.last_change_seq},
          {"enabled", h.enabled},
          {"entries", counts},
          {"total_entries", h.TotalEntries()},
          {"video_match_percent",
           {{"query", h.config.video_query_percent},
            {"target", h.config.video_target_percent}}}};
}

json HashsetConfigJson(const HashsetConfig& config) {
  json types = json::array();
  for (SignalType t : config.signal_types) types.push_back(SignalTypeName(t));
  json thresholds = json::object(), quality = json::object();
  for (const auto& [t, v] : config.thresholds)
    thresholds[SignalTypeName(t)] = v;
  for (const auto& [t, v] : config.min_quality) quality[SignalTypeName(t)] = v;
  return {{"name", config.name},
          {"signal_types", types},
          {"thresholds", thresholds},
          {"min_quality", quality},
          {"action", HashsetActionName(config.action)},
          {"source", config.source},
          {"description", config.description},
          {"video_match_percent",
           {{"query", config.video_query_percent},
            {"target", config.video_target_percent}}}};
}

Result<HashsetConfig> HashsetConfigFromJson(const json& j) {
  if (!j.is_object()) {
    return InvalidArgumentError("a hash set configuration is a JSON object");
  }
  HashsetConfig config;
  Status s = Text(j, "name", &config.name);
  if (!s.ok()) return s;
  if (!j.contains("signal_types") || !j["signal_types"].is_array()) {
    return InvalidArgumentError(
        "\"signal_types\" must be an array of signal type names");
  }
  for (const json& t : j["signal_types"]) {
    if (!t.is_string()) {
      return InvalidArgumentError("\"signal_types\" must hold strings");
    }
    Result<SignalType> type = ParseSignalType(t.get<std::string>());
    if (!type.ok()) return type.status();
    config.signal_types.push_back(*type);
  }
  for (Status st : {TypeValues(j, "thresholds", &config.thresholds),
                    TypeValues(j, "min_quality", &config.min_quality),
                    Text(j, "source", &config.source),
                    Text(j, "description", &config.description)}) {
    if (!st.ok()) return st;
  }
  if (j.contains("action")) {
    std::string name;
    s = Text(j, "action", &name);
    if (!s.ok()) return s;
    Result<HashsetAction> action = ParseHashsetAction(name);
    if (!action.ok()) return action.status();
    config.action = *action;
  }
  if (j.contains("video_match_percent")) {
    const json& v = j["video_match_percent"];
    if (!v.is_object()) {
      return InvalidArgumentError(
          "\"video_match_percent\" must be {\"query\": N, \"target\": N}");
    }
    for (auto [key, out] :
         {std::pair{"query", &config.video_query_percent},
          std::pair{"target", &config.video_target_percent}}) {
      if (!v.contains(key)) continue;
      if (!v[key].is_number()) {
        return InvalidArgumentError(std::string("video_match_percent.") + key +
                                    " must be a number");
      }
      *out = v[key].get<double>();
    }
  }
  return config;
}

json StatsJson(const HashsetStore& store, const Hashset& h) {
  json j = {{"name", h.config.name},
            {"id", h.id},
            {"version", h.version},
            {"entries", HashsetToJson(h)["entries"]},
            {"total_entries", h.TotalEntries()},
            {"updated_at", FormatRfc3339(h.updated_at_ms)}};
  auto last = store.ReadLog(h.last_change_seq - 1, 1);
  if (last.ok() && !last->empty() && (*last)[0].seq == h.last_change_seq) {
    const ChangeRecord& r = (*last)[0];
    j["last_change"] = {
        {"seq", r.seq}, {"op", r.op}, {"time", FormatRfc3339(r.time_ms)}};
  }
  return j;
}

json ImportResultJson(const std::string& hashset, const ImportResult& r,
                      double seconds) {
  return {{"hashset", hashset},
          {"format", HashsetFormatName(r.format)},
          {"lines", r.lines},
          {"records", r.records},
          {"added", r.added},
          {"duplicates", r.duplicates},
          {"version", r.version},
          {"change_seq", r.change_seq},
          {"seconds", seconds},
          {"lines_per_second",
           seconds > 0 ? static_cast<double>(r.lines) / seconds : 0.0}};
}

Result<ImportResult> ImportResultFromJson(const json& j) {
  ImportResult r;
  std::string format;
  Status s = j.is_object() ? Text(j, "format", &format)
                           : InvalidArgumentError("reply is not an object");
  if (!s.ok()) return s;
  Result<HashsetFormat> parsed = ParseHashsetFormat(format);
  if (!parsed.ok()) return parsed.status();
  r.format = *parsed;
  for (auto [key, out] :
       {std::pair{"lines", &r.lines}, std::pair{"records", &r.records},
        std::pair{"added", &r.added}, std::pair{"duplicates", &r.duplicates},
        std::pair{"version", &r.version},
        std::pair{"change_seq", &r.change_seq}}) {
    s = Counter(j, key, out);
    if (!s.ok()) return s;
  }
  return r;
}

json AddResultJson(const AddResult& r) {
  return {{"added", r.added},
          {"existing", r.existing},
          {"version", r.version},
          {"change_seq", r.change_seq}};
}

Result<AddResult> AddResultFromJson(const json& j) {
  AddResult r;
  for (auto [key, out] :
       {std::pair{"added", &r.added}, std::pair{"existing", &r.existing},
        std::pair{"version", &r.version},
        std::pair{"change_seq", &r.change_seq}}) {
    Status s = Counter(j, key, out);
    if (!s.ok()) return s;
  }
  return r;
}

json AddedEntryJson(const std::string& hashset, std::span<const Signal> signals,
                    const AddResult& r) {
  json added = json::array();
  for (const Signal& s : signals) {
    if (s.type == SignalType::kVpdq) {
      // A whole video: named by its id, not its (long) bytes.
      Result<std::vector<VpdqFrame>> frames = DecodeVpdqSignal(s.bytes);
      Result<FrameRegion> region = VpdqSignalRegion(s.bytes);
      added.push_back(
          {{"type", SignalTypeName(s.type)},
           {"id", HexEncode(VpdqSignalId(s.bytes))},
           {"region",
            FrameRegionName(region.ok() ? *region : FrameRegion::kWhole)},
           {"frames", frames.ok() ? frames->size() : 0}});
      continue;
    }
    added.push_back({{"type", SignalTypeName(s.type)}, {"hash", s.ToHex()}});
  }
  json out = AddResultJson(r);
  out["hashset"] = hashset;
  out["signals"] = added;
  return out;
}

json RemoveResultJson(const std::string& hashset, const RemoveResult& r) {
  return {{"hashset", hashset},
          {"removed", r.removed},
          {"version", r.version},
          {"change_seq", r.change_seq}};
}

Result<RemoveResult> RemoveResultFromJson(const json& j) {
  RemoveResult r;
  for (auto [key, out] :
       {std::pair{"removed", &r.removed}, std::pair{"version", &r.version},
        std::pair{"change_seq", &r.change_seq}}) {
    Status s = Counter(j, key, out);
    if (!s.ok()) return s;
  }
  return r;
}

json SignalJson(const Signal& s) {
  return {{"type", SignalTypeName(s.type)}, {"hash", HexEncode(s.bytes)}};
}

Result<Signal> SignalFromJson(const json& j) {
  if (!j.is_object() || !j.contains("type") || !j.contains("hash") ||
      !j["type"].is_string() || !j["hash"].is_string()) {
    return InvalidArgumentError("a signal needs string fields type and hash");
  }
  Result<SignalType> type = ParseSignalType(j["type"].get<std::string>());
  if (!type.ok()) return type.status();
  const std::string hex = j["hash"].get<std::string>();
  if (*type != SignalType::kVpdq) return ParseSignal(*type, hex);
  // A whole video: the hex of its binary signal; the store checks that it
  // decodes (HashsetStore::AddEntry).
  Result<std::vector<uint8_t>> bytes = HexDecode(hex);
  if (!bytes.ok()) return bytes.status().WithPrefix("vpdq");
  Signal s;
  s.type = *type;
  s.bytes = std::move(*bytes);
  return s;
}

}  // namespace vigil::cli
