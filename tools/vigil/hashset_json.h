// Copyright 2026 The Vigil Authors.
//
// The JSON forms of hash-set administration, in one place for the
// `vigil hashset ...` commands and the service's /v1/hashsets routes
// (serve/curation_routes.cc): what the service replies is what the local
// command prints, and `vigil --server` prints it again through these same
// functions (docs/service.md "Curating while serving").

#ifndef VIGIL_TOOLS_VIGIL_HASHSET_JSON_H_
#define VIGIL_TOOLS_VIGIL_HASHSET_JSON_H_

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "vigil/hashset.h"
#include "vigil/hashset_store.h"

namespace vigil::cli {

// A hash set as create, list, show, enable and disable print it.
nlohmann::json HashsetToJson(const Hashset& h);

// The configuration part of HashsetToJson's object (name, signal_types,
// thresholds and min_quality as given, action, source, description,
// video_match_percent): the body of POST /v1/hashsets.
nlohmann::json HashsetConfigJson(const HashsetConfig& config);
// Parses HashsetConfigJson's object (or a whole HashsetToJson object; the
// state keys are ignored). Missing keys keep HashsetConfig's defaults; the
// result is not validated (ValidateHashsetConfig). Error: kInvalidArgument
// naming the key.
Result<HashsetConfig> HashsetConfigFromJson(const nlohmann::json& j);

// One `vigil hashset stats` line: name, id, version, entries,
// total_entries, updated_at, last_change {seq, op, time}.
nlohmann::json StatsJson(const HashsetStore& store, const Hashset& h);

// One `vigil hashset import` line; `seconds` is how long it took.
nlohmann::json ImportResultJson(const std::string& hashset,
                                const ImportResult& r, double seconds);
Result<ImportResult> ImportResultFromJson(const nlohmann::json& j);

// The counts of an added entry, as POST /v1/hashsets/NAME/entries replies:
// added, existing, version, change_seq.
nlohmann::json AddResultJson(const AddResult& r);
Result<AddResult> AddResultFromJson(const nlohmann::json& j);
// One `vigil hashset add` line: the signals added (a video by its id,
// region and frame count) and AddResultJson's counts.
nlohmann::json AddedEntryJson(const std::string& hashset,
                              std::span<const Signal> signals,
                              const AddResult& r);

// One `vigil hashset remove` line.
nlohmann::json RemoveResultJson(const std::string& hashset,
                                const RemoveResult& r);
Result<RemoveResult> RemoveResultFromJson(const nlohmann::json& j);

// A signal as {"type", "hash"}: the hex of its value (of the whole binary
// signal for vpdq, vigil/vpdq.h).
nlohmann::json SignalJson(const Signal& s);
// Parses SignalJson's object. Error: kInvalidArgument.
Result<Signal> SignalFromJson(const nlohmann::json& j);

}  // namespace vigil::cli

#endif  // VIGIL_TOOLS_VIGIL_HASHSET_JSON_H_
