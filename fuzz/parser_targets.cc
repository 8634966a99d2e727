// Copyright 2026 The Vigil Authors.
//
// Fuzz entry points over the text parsers: hash lists (import), vPDQ text,
// and the JSON readers (events as the outbox stores them, the store's
// records: hash sets, change log, tokens, acks and dead letters; and the
// signals of the service's request bodies).

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "contract.h"
#include "events/internal/outbox.h"
#include "fuzz_targets.h"
#include "store/internal/import_parser.h"
#include "store/internal/store_impl.h"
#include "vigil/event.h"
#include "vigil/signal_type.h"
#include "vigil/vpdq.h"

namespace vigil::fuzz {
namespace {

std::string_view Text(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace

int FuzzHashList(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // Two option bytes, then the text.
  internal::ParseOptions options;
  options.format = static_cast<HashsetFormat>(data[0] % 5);
  const auto types = AllSignalTypes();
  const size_t pick = (data[0] / 5) % (types.size() + 1);
  if (pick > 0) options.type = types[pick - 1];
  for (size_t i = 0; i < types.size(); ++i) {
    if (data[1] & (1u << i)) options.allowed.push_back(types[i]);
  }
  Result<internal::ParsedList> r =
      internal::ParseHashList(Text(data + 2, size - 2), options);
  if (!r.ok()) {
    CheckError(r.status(), StatusCode::kInvalidArgument);
    return 0;
  }
  internal::ParsedList& list = *r;
  if (list.format == HashsetFormat::kAuto && list.records > 0) {
    Violation("format not detected", {});
  }
  uint64_t total = 0;
  for (internal::TypeRecords& t : list.types) {
    // No allowed types given: every importable (fixed-size) type.
    if (!options.allowed.empty() &&
        std::find(options.allowed.begin(), options.allowed.end(), t.type) ==
            options.allowed.end()) {
      Violation("type not allowed", {});
    }
    if (t.size == 0 || t.size != SignalTypeByteSize(t.type)) {
      Violation("wrong record size", {});
    }
    if (t.hashes.size() != t.count() * t.size) Violation("wrong bytes", {});
    for (uint32_t o : t.ordinals) {
      if (o >= list.records) Violation("ordinal out of range", {});
    }
    total += t.count();
    const size_t before = t.count();
    const uint64_t dropped = internal::SortAndDedupe(&t);
    if (t.count() + dropped != before) Violation("dedupe lost records", {});
    for (size_t i = 1; i < t.count(); ++i) {
      if (std::memcmp(&t.hashes[(i - 1) * t.size], &t.hashes[i * t.size],
                      t.size) >= 0) {
        Violation("not sorted and unique", {});
      }
    }
  }
  if (total != list.records) Violation("records do not add up", {});
  if (!list.metas.empty() && list.metas.size() != list.records) {
    Violation("metas do not match records", {});
  }
  for (const internal::EntryMeta& m : list.metas) {
    if (m.external_id.size() > internal::kMaxFieldBytes ||
        m.category.size() > internal::kMaxFieldBytes ||
        m.note.size() > internal::kMaxFieldBytes) {
      Violation("field over the limit", {});
    }
  }
  return 0;
}

int FuzzVpdqText(const uint8_t* data, size_t size) {
  Result<std::vector<VpdqFrame>> r = ParseVpdq(Text(data, size));
  if (!r.ok()) {
    CheckError(r.status(), StatusCode::kCorruptInput);
    return 0;
  }
  for (const VpdqFrame& f : *r) {
    if (f.quality < 0 || f.quality > 100) Violation("bad quality", {});
  }
  // What was parsed prints and parses back to the same frames.
  const std::string text = FormatVpdq(*r);
  Result<std::vector<VpdqFrame>> again = ParseVpdq(text);
  if (!again.ok()) Violation("formatted text does not parse", again.status());
  if (again->size() != r->size()) Violation("round trip lost frames", {});
  for (size_t i = 0; i < r->size(); ++i) {
    const VpdqFrame& a = (*r)[i];
    const VpdqFrame& b = (*again)[i];
    if (a.frame_number != b.frame_number || a.quality != b.quality ||
        !(a.hash == b.hash)) {
      Violation("round trip changed a frame", {});
    }
  }
  if (FormatVpdq(*again) != text) Violation("format not stable", {});
  return 0;
}

int FuzzJson(const uint8_t* data, size_t size) {
  const std::string_view text = Text(data, size);
  // An event as the outbox stores it.
  Result<TakedownEvent> event = TakedownEvent::FromJson(text);
  if (event.ok()) {
    const std::string json = event->ToJson();
    Result<TakedownEvent> again = TakedownEvent::FromJson(json);
    if (!again.ok()) Violation("event does not read back", again.status());
    if (again->ToJson() != json) Violation("event JSON not stable", {});
  } else {
    CheckError(event.status(), StatusCode::kCorruptInput);
  }
  // A hash-set record of the store.
  Result<internal::SetState> set = internal::DecodeSetState(text);
  if (set.ok()) {
    const std::string json = internal::EncodeSetState(*set);
    Result<internal::SetState> again = internal::DecodeSetState(json);
    if (!again.ok()) Violation("hash set does not read back", again.status());
    if (internal::EncodeSetState(*again) != json) {
      Violation("hash set JSON not stable", {});
    }
  } else {
    CheckError(set.status(), StatusCode::kCorruptInput);
  }
  // The store's other records (change log, API tokens, event acks and dead
  // letters) as a damaged store may hold them: read, or corrupt_input.
  std::string sha256;
  Status statuses[] = {
      internal::DecodeChangeRecord(std::string(text)).status(),
      internal::DecodeApiTokenRecord("fuzz", text, &sha256).status(),
      internal::DecodeAckRecord(text).status(),
      internal::DecodeDeadLetterRecord(text).status()};
  for (const Status& s : statuses) {
    if (!s.ok()) CheckError(s, StatusCode::kCorruptInput);
  }
  // The signals of a request body ([{"type", "hash"}...] or
  // {"signals": [...]}), read as vigil serve reads them.
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_object() && j.contains("signals")) j = j["signals"];
  if (!j.is_array()) return 0;
  for (const nlohmann::json& q : j) {
    if (!q.is_object() || !q.contains("type") || !q.contains("hash") ||
        !q["type"].is_string() || !q["hash"].is_string()) {
      continue;
    }
    Result<SignalType> type = ParseSignalType(q["type"].get<std::string>());
    if (!type.ok()) {
      CheckError(type.status(), StatusCode::kInvalidArgument);
      continue;
    }
    const std::string hex = q["hash"].get<std::string>();
    Result<Signal> signal = ParseSignal(*type, hex);
    if (!signal.ok()) {
      CheckError(signal.status(), StatusCode::kInvalidArgument);
      continue;
    }
    if (signal->bytes.size() != SignalTypeByteSize(*type)) {
      Violation("signal of the wrong size", {});
    }
    Result<Signal> again = ParseSignal(*type, signal->ToHex());
    if (!again.ok() || again->bytes != signal->bytes) {
      Violation("signal hex does not read back", again.status());
    }
  }
  return 0;
}

}  // namespace vigil::fuzz
