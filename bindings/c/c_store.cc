// Copyright 2026 The Vigil Authors.
//
// The C API (vigil.h): the hash-set store.

#include <cstdlib>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "c_api_internal.h"
#include "vigil.h"
#include "vigil/media_entry.h"
#include "vigil/signal_type.h"

namespace vigil::capi {

vigil_hashset_info_t MakeInfo(Hashset set) {
  vigil_hashset_info_t info;
  info.set = std::move(set);
  info.action_name = HashsetActionName(info.set.config.action);
  for (SignalType t : info.set.config.signal_types) {
    if (!info.signal_types.empty()) info.signal_types += ',';
    info.signal_types += SignalTypeName(t);
  }
  return info;
}

}  // namespace vigil::capi

namespace {

using vigil::StatusCode;
using vigil::capi::Fail;
using vigil::capi::OrEmpty;
using vigil::capi::SetError;

// Checks the store handle, and for writes that it is writable.
vigil_code_t CheckStore(const vigil_store_t* store, char** errptr) {
  if (store == nullptr || store->store == nullptr) {
    return Fail(errptr, StatusCode::kInvalidArgument, "store is null");
  }
  return VIGIL_OK;
}

// Hash and block from one media source (vigil/media_entry.h); the
// warnings, when any, go to *warnings as lines (malloc'd, vigil_free).
vigil_code_t AddMedia(vigil_store_t* store, const char* name,
                      const vigil::MediaSource& media, uint32_t flags,
                      const vigil::EntryInfo& info, uint64_t* added,
                      char** warnings, char** errptr) {
  if (warnings != nullptr) *warnings = nullptr;
  constexpr uint32_t kKnown = VIGIL_ADD_HALF_FRAMES | VIGIL_ADD_REMOVE_BARS;
  if ((flags & ~kKnown) != 0) {
    return Fail(errptr, StatusCode::kInvalidArgument,
                "unknown add flag bits " + std::to_string(flags & ~kKnown));
  }
  vigil::AddMediaOptions options;
  options.half_frames = (flags & VIGIL_ADD_HALF_FRAMES) != 0;
  options.remove_bars = (flags & VIGIL_ADD_REMOVE_BARS) != 0;
  auto r = vigil::AddMediaEntry(*store->store, name, media, options, info);
  if (!r.ok()) return SetError(errptr, r.status());
  if (added != nullptr) *added = r->result.added;
  if (warnings != nullptr && !r->warnings.empty()) {
    std::string text;
    for (const std::string& w : r->warnings) text += w + "\n";
    *warnings = static_cast<char*>(std::malloc(text.size() + 1));
    if (*warnings == nullptr) return vigil::capi::FailOutOfMemory(errptr);
    std::memcpy(*warnings, text.c_str(), text.size() + 1);
  }
  return VIGIL_OK;
}

vigil_code_t ToFormat(vigil_format_t format, vigil::HashsetFormat* out,
                      char** errptr) {
  if (format < VIGIL_FORMAT_AUTO || format > VIGIL_FORMAT_TSV) {
    return Fail(errptr, StatusCode::kInvalidArgument,
                "unknown list format " + std::to_string(format));
  }
  *out = static_cast<vigil::HashsetFormat>(format);
  return VIGIL_OK;
}

vigil_code_t ToSignalType(vigil_signal_type_t type, vigil::SignalType* out,
                          char** errptr) {
  vigil::Result<vigil::SignalType> t =
      (type < 1 || type > 255)
          ? vigil::Result<vigil::SignalType>(
                vigil::InvalidArgumentError("bad type"))
          : vigil::SignalTypeFromByte(static_cast<uint8_t>(type));
  if (!t.ok()) {
    return Fail(errptr, StatusCode::kInvalidArgument,
                "unknown signal type " + std::to_string(type));
  }
  *out = *t;
  return VIGIL_OK;
}

vigil_code_t Import(vigil_format_t format, vigil_signal_type_t type,
                    const char* actor, const char* source_name,
                    const std::function<vigil::Result<vigil::ImportResult>(
                        const vigil::ImportOptions&)>& run,
                    vigil_import_stats_t* stats, char** errptr) {
  vigil::ImportOptions options;
  if (vigil_code_t c = ToFormat(format, &options.format, errptr)) return c;
  if (type != 0) {
    vigil::SignalType t;
    if (vigil_code_t c = ToSignalType(type, &t, errptr)) return c;
    options.type = t;
  }
  options.actor = OrEmpty(actor);
  options.source_name = OrEmpty(source_name);
  vigil::Result<vigil::ImportResult> r = run(options);
  if (!r.ok()) return SetError(errptr, r.status());
  if (stats != nullptr) {
    stats->lines = r->lines;
    stats->records = r->records;
    stats->added = r->added;
    stats->duplicates = r->duplicates;
    stats->version = r->version;
    stats->format = static_cast<vigil_format_t>(r->format);
  }
  return VIGIL_OK;
}

}  // namespace

extern "C" {

vigil_code_t vigil_store_open(const char* dir, uint32_t flags,
                              vigil_store_t** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    VIGIL_C_REQUIRE_NONNULL(dir, errptr);
    constexpr uint32_t kKnown = VIGIL_STORE_READ_ONLY | VIGIL_STORE_NO_CREATE;
    if ((flags & ~kKnown) != 0) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "unknown store flag bits " + std::to_string(flags & ~kKnown));
    }
    vigil::StoreOptions options;
    options.read_only = (flags & VIGIL_STORE_READ_ONLY) != 0;
    options.create_if_missing = (flags & VIGIL_STORE_NO_CREATE) == 0;
    auto store = vigil::HashsetStore::Open(dir, options);
    if (!store.ok()) return SetError(errptr, store.status());
    auto handle = std::make_unique<vigil_store_t>();
    handle->owned = std::move(store).value();
    handle->store = handle->owned.get();
    *out = handle.release();
    return VIGIL_OK;
  });
}

void vigil_store_close(vigil_store_t* store) {
  if (store != nullptr && !store->borrowed) delete store;
}

vigil_code_t vigil_hashset_create(vigil_store_t* store, const char* name,
                                  uint32_t signal_types, vigil_action_t action,
                                  int32_t pdq_threshold,
                                  int32_t pdq_min_quality, const char* source,
                                  const char* description, const char* actor,
                                  char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(name, errptr);
    vigil::HashsetConfig config;
    config.name = name;
    for (vigil::SignalType t : vigil::AllSignalTypes()) {
      uint32_t bit = VIGIL_SIGNAL_BIT(static_cast<int>(t));
      if ((signal_types & bit) != 0) {
        config.signal_types.push_back(t);
        signal_types &= ~bit;
      }
    }
    if (signal_types != 0) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "unknown signal type bits " + std::to_string(signal_types));
    }
    if (action == 0) action = VIGIL_ACTION_REVIEW;
    if (action < VIGIL_ACTION_REPORT || action > VIGIL_ACTION_REVIEW) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "unknown action " + std::to_string(action));
    }
    config.action = static_cast<vigil::HashsetAction>(action);
    if (pdq_threshold != -1) {
      config.thresholds[vigil::SignalType::kPdq] = pdq_threshold;
    }
    if (pdq_min_quality != -1) {
      config.min_quality[vigil::SignalType::kPdq] = pdq_min_quality;
    }
    config.source = OrEmpty(source);
    config.description = OrEmpty(description);
    auto r = store->store->CreateHashset(
        config, {.actor = OrEmpty(actor), .reason = ""});
    if (!r.ok()) return SetError(errptr, r.status());
    return VIGIL_OK;
  });
}

vigil_code_t vigil_hashset_delete(vigil_store_t* store, const char* name,
                                  const char* actor, const char* reason,
                                  char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(name, errptr);
    vigil::Status s = store->store->DeleteHashset(
        name, {.actor = OrEmpty(actor), .reason = OrEmpty(reason)});
    if (!s.ok()) return SetError(errptr, s);
    return VIGIL_OK;
  });
}

vigil_code_t vigil_hashset_import_file(vigil_store_t* store, const char* name,
                                       const char* path, vigil_format_t format,
                                       vigil_signal_type_t type,
                                       const char* actor,
                                       vigil_import_stats_t* stats,
                                       char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(name, errptr);
    VIGIL_C_REQUIRE_NONNULL(path, errptr);
    return Import(
        format, type, actor, path,
        [&](const vigil::ImportOptions& options) {
          return store->store->ImportFile(name, path, options);
        },
        stats, errptr);
  });
}

vigil_code_t vigil_hashset_import_text(
    vigil_store_t* store, const char* name, const char* text, size_t size,
    vigil_format_t format, vigil_signal_type_t type, const char* actor,
    vigil_import_stats_t* stats, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(name, errptr);
    if (text == nullptr && size != 0) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "text is null but size is " + std::to_string(size));
    }
    std::string_view view =
        size == 0 ? std::string_view() : std::string_view(text, size);
    return Import(
        format, type, actor, "",
        [&](const vigil::ImportOptions& options) {
          return store->store->ImportText(name, view, options);
        },
        stats, errptr);
  });
}

vigil_code_t vigil_hashset_add_signal(vigil_store_t* store, const char* name,
                                      vigil_signal_type_t type, const char* hex,
                                      const char* external_id,
                                      const char* category, const char* note,
                                      const char* actor, uint64_t* added,
                                      char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(name, errptr);
    VIGIL_C_REQUIRE_NONNULL(hex, errptr);
    vigil::SignalType t;
    if (vigil_code_t c = ToSignalType(type, &t, errptr)) return c;
    auto signal = vigil::ParseSignal(t, hex);
    if (!signal.ok()) return SetError(errptr, signal.status());
    vigil::EntryInfo info{.external_id = OrEmpty(external_id),
                          .category = OrEmpty(category),
                          .note = OrEmpty(note),
                          .actor = OrEmpty(actor)};
    auto r = store->store->AddEntry(name, std::span(&*signal, 1), info);
    if (!r.ok()) return SetError(errptr, r.status());
    if (added != nullptr) *added = r->added;
    return VIGIL_OK;
  });
}

vigil_code_t vigil_hashset_add_hashes(vigil_store_t* store, const char* name,
                                      const vigil_hashes_t* hashes,
                                      const char* external_id,
                                      const char* category, const char* note,
                                      const char* actor, uint64_t* added,
                                      char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(name, errptr);
    VIGIL_C_REQUIRE_NONNULL(hashes, errptr);
    auto set = store->store->GetHashset(name);
    if (!set.ok()) return SetError(errptr, set.status());
    std::vector<vigil::Signal> signals;
    for (vigil::Signal& s : hashes->hashes.Signals()) {
      if (set->config.Allows(s.type)) signals.push_back(std::move(s));
    }
    if (signals.empty()) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  std::string("the hashes have no signal of the types of "
                              "hash set '") +
                      name + "'");
    }
    vigil::EntryInfo info{.external_id = OrEmpty(external_id),
                          .category = OrEmpty(category),
                          .note = OrEmpty(note),
                          .actor = OrEmpty(actor)};
    auto r = store->store->AddEntry(name, signals, info);
    if (!r.ok()) return SetError(errptr, r.status());
    if (added != nullptr) *added = r->added;
    return VIGIL_OK;
  });
}

vigil_code_t vigil_hashset_remove(vigil_store_t* store, const char* name,
                                  vigil_signal_type_t type, const char* hex,
                                  const char* external_id, const char* actor,
                                  const char* reason, uint64_t* removed,
                                  char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(name, errptr);
    vigil::RemoveSelector selector;
    if ((hex != nullptr) == (external_id != nullptr)) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "give either a signal (type and hex) or an external id");
    }
    if (hex != nullptr) {
      vigil::SignalType t;
      if (vigil_code_t c = ToSignalType(type, &t, errptr)) return c;
      auto signal = vigil::ParseSignal(t, hex);
      if (!signal.ok()) return SetError(errptr, signal.status());
      selector.signal = std::move(signal).value();
    } else {
      selector.external_id = external_id;
    }
    auto r = store->store->RemoveEntries(
        name, selector, {.actor = OrEmpty(actor), .reason = OrEmpty(reason)});
    if (!r.ok()) return SetError(errptr, r.status());
    if (removed != nullptr) *removed = r->removed;
    return VIGIL_OK;
  });
}

vigil_code_t vigil_hashset_get(const vigil_store_t* store, const char* name,
                               vigil_hashset_info_t** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(name, errptr);
    auto set = store->store->GetHashset(name);
    if (!set.ok()) return SetError(errptr, set.status());
    *out =
        new vigil_hashset_info_t(vigil::capi::MakeInfo(std::move(set).value()));
    return VIGIL_OK;
  });
}

void vigil_hashset_info_destroy(vigil_hashset_info_t* info) { delete info; }

vigil_code_t vigil_hashset_info_get_int(const vigil_hashset_info_t* info,
                                        vigil_hashset_field_t field,
                                        int64_t* out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(info, errptr);
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    const vigil::Hashset& s = info->set;
    switch (field) {
      case VIGIL_HASHSET_ID:
        *out = s.id;
        return VIGIL_OK;
      case VIGIL_HASHSET_ACTION:
        *out = static_cast<int64_t>(s.config.action);
        return VIGIL_OK;
      case VIGIL_HASHSET_SIGNAL_TYPES: {
        int64_t mask = 0;
        for (vigil::SignalType t : s.config.signal_types) {
          mask |= VIGIL_SIGNAL_BIT(static_cast<int>(t));
        }
        *out = mask;
        return VIGIL_OK;
      }
      case VIGIL_HASHSET_PDQ_THRESHOLD:
        *out = s.config.ThresholdFor(vigil::SignalType::kPdq);
        return VIGIL_OK;
      case VIGIL_HASHSET_PDQ_MIN_QUALITY:
        *out = s.config.MinQualityFor(vigil::SignalType::kPdq);
        return VIGIL_OK;
      case VIGIL_HASHSET_VERSION:
        *out = static_cast<int64_t>(s.version);
        return VIGIL_OK;
      case VIGIL_HASHSET_ENTRIES:
        *out = static_cast<int64_t>(s.TotalEntries());
        return VIGIL_OK;
      case VIGIL_HASHSET_CREATED_AT_MS:
        *out = s.created_at_ms;
        return VIGIL_OK;
      case VIGIL_HASHSET_UPDATED_AT_MS:
        *out = s.updated_at_ms;
        return VIGIL_OK;
      case VIGIL_HASHSET_LAST_CHANGE_SEQ:
        *out = static_cast<int64_t>(s.last_change_seq);
        return VIGIL_OK;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "field " + std::to_string(field) +
                        " is not an integer field of a hash set");
    }
  });
}

vigil_code_t vigil_hashset_info_get_string(const vigil_hashset_info_t* info,
                                           vigil_hashset_field_t field,
                                           const char** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(info, errptr);
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    switch (field) {
      case VIGIL_HASHSET_NAME:
        *out = info->set.config.name.c_str();
        return VIGIL_OK;
      case VIGIL_HASHSET_ACTION:
        *out = info->action_name.c_str();
        return VIGIL_OK;
      case VIGIL_HASHSET_SIGNAL_TYPES:
        *out = info->signal_types.c_str();
        return VIGIL_OK;
      case VIGIL_HASHSET_SOURCE:
        *out = info->set.config.source.c_str();
        return VIGIL_OK;
      case VIGIL_HASHSET_DESCRIPTION:
        *out = info->set.config.description.c_str();
        return VIGIL_OK;
      default:
        return Fail(errptr, StatusCode::kInvalidArgument,
                    "field " + std::to_string(field) +
                        " is not a string field of a hash set");
    }
  });
}

vigil_code_t vigil_hashset_info_count(const vigil_hashset_info_t* info,
                                      vigil_signal_type_t type, uint64_t* out,
                                      char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(info, errptr);
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    vigil::SignalType t;
    if (vigil_code_t c = ToSignalType(type, &t, errptr)) return c;
    auto it = info->set.entry_counts.find(t);
    *out = it == info->set.entry_counts.end() ? 0 : it->second;
    return VIGIL_OK;
  });
}

vigil_code_t vigil_hashset_list(const vigil_store_t* store,
                                vigil_hashset_list_t** out, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    *out = nullptr;
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    auto list = std::make_unique<vigil_hashset_list_t>();
    for (vigil::Hashset& s : store->store->ListHashsets()) {
      list->sets.push_back(vigil::capi::MakeInfo(std::move(s)));
    }
    *out = list.release();
    return VIGIL_OK;
  });
}

void vigil_hashset_list_destroy(vigil_hashset_list_t* list) { delete list; }

size_t vigil_hashset_list_size(const vigil_hashset_list_t* list) {
  return list == nullptr ? 0 : list->sets.size();
}

vigil_code_t vigil_hashset_list_get(const vigil_hashset_list_t* list,
                                    size_t index,
                                    const vigil_hashset_info_t** out,
                                    char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    VIGIL_C_REQUIRE_NONNULL(list, errptr);
    VIGIL_C_REQUIRE_NONNULL(out, errptr);
    if (index >= list->sets.size()) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "index " + std::to_string(index) + " is out of range (" +
                      std::to_string(list->sets.size()) + " hash sets)");
    }
    *out = &list->sets[index];
    return VIGIL_OK;
  });
}

vigil_code_t vigil_hashset_add_media_file(
    vigil_store_t* store, const char* name, const char* path, uint32_t flags,
    const char* external_id, const char* category, const char* note,
    const char* actor, uint64_t* added, char** warnings, char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(name, errptr);
    VIGIL_C_REQUIRE_NONNULL(path, errptr);
    vigil::EntryInfo info{.external_id = OrEmpty(external_id),
                          .category = OrEmpty(category),
                          .note = OrEmpty(note),
                          .actor = OrEmpty(actor)};
    return AddMedia(store, name, vigil::MediaSource::File(path), flags, info,
                    added, warnings, errptr);
  });
}

vigil_code_t vigil_hashset_add_media_bytes(
    vigil_store_t* store, const char* name, const void* data, size_t size,
    uint32_t flags, const char* external_id, const char* category,
    const char* note, const char* actor, uint64_t* added, char** warnings,
    char** errptr) {
  return ::vigil::capi::Guard(errptr, [&]() -> vigil_code_t {
    if (vigil_code_t c = CheckStore(store, errptr)) return c;
    VIGIL_C_REQUIRE_NONNULL(name, errptr);
    if (data == nullptr && size != 0) {
      return Fail(errptr, StatusCode::kInvalidArgument,
                  "data is null but size is " + std::to_string(size));
    }
    std::span<const uint8_t> bytes;
    if (size != 0) bytes = {static_cast<const uint8_t*>(data), size};
    vigil::EntryInfo info{.external_id = OrEmpty(external_id),
                          .category = OrEmpty(category),
                          .note = OrEmpty(note),
                          .actor = OrEmpty(actor)};
    return AddMedia(store, name, vigil::MediaSource::Bytes(bytes), flags, info,
                    added, warnings, errptr);
  });
}

}  // extern "C"
