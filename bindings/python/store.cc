// Copyright 2026 The Vigil Authors.
//
// vigil.HashsetStore: hash-set management over a store directory.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "bindings.h"
#include "errors.h"
#include "vigil/hashset.h"
#include "vigil/hashset_store.h"
#include "vigil/hex.h"
#include "vigil/media_entry.h"
#include "vigil/signal_type.h"
#include "vigil/vpdq.h"

namespace py = pybind11;

namespace vigil::python {
namespace {

SignalType TypeFromName(const std::string& name) {
  return ValueOrThrow(ParseSignalType(name));
}

std::optional<SignalType> OptionalType(const std::optional<std::string>& name) {
  if (!name.has_value()) return std::nullopt;
  return TypeFromName(*name);
}

// Effective per-type thresholds (or minimum qualities) of a set.
py::dict PerTypeDict(const Hashset& s, bool thresholds) {
  py::dict d;
  for (SignalType t : s.config.signal_types) {
    d[SignalTypeName(t)] =
        thresholds ? s.config.ThresholdFor(t) : s.config.MinQualityFor(t);
  }
  return d;
}

py::dict CountsDict(const Hashset& s) {
  py::dict d;
  for (const auto& [type, n] : s.entry_counts) d[SignalTypeName(type)] = n;
  return d;
}

std::vector<std::string> TypeNames(const Hashset& s) {
  std::vector<std::string> out;
  for (SignalType t : s.config.signal_types) out.push_back(SignalTypeName(t));
  return out;
}

// Keys as `vigil hashset show` prints them.
py::dict HashsetDict(const Hashset& s) {
  py::dict d;
  d["id"] = s.id;
  d["name"] = s.config.name;
  d["signal_types"] = TypeNames(s);
  d["thresholds"] = PerTypeDict(s, true);
  d["min_quality"] = PerTypeDict(s, false);
  d["action"] = HashsetActionName(s.config.action);
  d["source"] = s.config.source;
  d["description"] = s.config.description;
  d["created_at"] = FormatRfc3339(s.created_at_ms);
  d["updated_at"] = FormatRfc3339(s.updated_at_ms);
  d["version"] = s.version;
  d["last_change_seq"] = s.last_change_seq;
  d["entries"] = CountsDict(s);
  d["total_entries"] = s.TotalEntries();
  return d;
}

Hashset CreateHashset(const PyStore& self, const std::string& name,
                      const std::vector<std::string>& signal_types,
                      const std::string& action,
                      const std::map<std::string, int>& thresholds,
                      const std::map<std::string, int>& min_quality,
                      const std::string& source, const std::string& description,
                      const std::string& actor) {
  HashsetConfig config;
  config.name = name;
  for (const std::string& t : signal_types) {
    config.signal_types.push_back(TypeFromName(t));
  }
  config.action = ValueOrThrow(ParseHashsetAction(action));
  for (const auto& [t, v] : thresholds) config.thresholds[TypeFromName(t)] = v;
  for (const auto& [t, v] : min_quality) {
    config.min_quality[TypeFromName(t)] = v;
  }
  config.source = source;
  config.description = description;
  auto store = self.Get();
  return ValueOrThrow(WithoutGil([&] {
    return store->CreateHashset(config, {.actor = actor, .reason = ""});
  }));
}

ImportOptions MakeImportOptions(const std::string& format,
                                const std::optional<std::string>& type,
                                const std::string& actor,
                                const std::string& source_name) {
  ImportOptions options;
  options.format = ValueOrThrow(ParseHashsetFormat(format));
  options.type = OptionalType(type);
  options.actor = actor;
  options.source_name = source_name;
  return options;
}

AddResult AddSignal(const PyStore& self, const std::string& name,
                    const std::string& type, const std::string& hex,
                    const EntryInfo& info) {
  Signal signal = ValueOrThrow(ParseSignal(TypeFromName(type), hex));
  auto store = self.Get();
  return ValueOrThrow(WithoutGil(
      [&] { return store->AddEntry(name, std::span(&signal, 1), info); }));
}

AddResult AddHashes(const PyStore& self, const std::string& name,
                    const PyHashes& hashes, const EntryInfo& info) {
  auto store = self.Get();
  return ValueOrThrow(WithoutGil([&]() -> Result<AddResult> {
    Result<Hashset> set = store->GetHashset(name);
    if (!set.ok()) return set.status();
    std::vector<Signal> signals;
    for (Signal& s : hashes.hashes.Signals()) {
      if (set->config.Allows(s.type)) signals.push_back(std::move(s));
    }
    if (signals.empty()) {
      return InvalidArgumentError(
          "the hashes have no signal of the types of hash set '" + name + "'");
    }
    return store->AddEntry(name, signals, info);
  }));
}

// Store.add_media: `media` is a path (str or os.PathLike) or bytes-like.
AddMediaResult AddMedia(const PyStore& self, const std::string& name,
                        const py::object& media, bool half_frames,
                        bool remove_bars, const EntryInfo& info) {
  AddMediaOptions options;
  options.half_frames = half_frames;
  options.remove_bars = remove_bars;
  auto store = self.Get();
  if (py::isinstance<py::str>(media) || py::hasattr(media, "__fspath__")) {
    const std::string path =
        py::str(py::module_::import("os").attr("fspath")(media));
    return ValueOrThrow(WithoutGil([&] {
      return AddMediaEntry(*store, name, MediaSource::File(path), options,
                           info);
    }));
  }
  // Holding the buffer keeps the exporter alive during the call.
  py::buffer_info buffer = py::buffer(media).request();
  std::span<const uint8_t> bytes(
      static_cast<const uint8_t*>(buffer.ptr),
      static_cast<size_t>(buffer.size) * static_cast<size_t>(buffer.itemsize));
  return ValueOrThrow(WithoutGil([&] {
    return AddMediaEntry(*store, name, MediaSource::Bytes(bytes), options,
                         info);
  }));
}

RemoveResult Remove(
    const PyStore& self, const std::string& name,
    const std::optional<std::pair<std::string, std::string>>& signal,
    const std::optional<std::string>& external_id, const std::string& reason,
    const std::string& actor) {
  if (signal.has_value() == external_id.has_value()) {
    throw StatusError(
        InvalidArgumentError("give either signal=(type, hex) or external_id="));
  }
  RemoveSelector selector;
  if (signal.has_value()) {
    selector.signal =
        ValueOrThrow(ParseSignal(TypeFromName(signal->first), signal->second));
  } else {
    selector.external_id = *external_id;
  }
  auto store = self.Get();
  return ValueOrThrow(WithoutGil([&] {
    return store->RemoveEntries(name, selector,
                                {.actor = actor, .reason = reason});
  }));
}

std::string Export(const PyStore& self, const std::string& name,
                   const std::string& format,
                   const std::optional<std::string>& type) {
  ExportOptions options;
  options.format = ValueOrThrow(ParseHashsetFormat(format));
  options.type = OptionalType(type);
  auto store = self.Get();
  std::string out;
  ThrowIfError(WithoutGil([&] {
    return store->Export(name, options, [&](std::string_view chunk) {
      out.append(chunk);
      return Status::OK();
    });
  }));
  return out;
}

}  // namespace

PyStore::PyStore(const std::string& path, bool read_only, bool create) {
  StoreOptions options;
  options.read_only = read_only;
  options.create_if_missing = create;
  auto store = WithoutGil([&] { return HashsetStore::Open(path, options); });
  store_ = std::shared_ptr<HashsetStore>(ValueOrThrow(std::move(store)));
}

std::shared_ptr<HashsetStore> PyStore::Get() const {
  if (store_ == nullptr) {
    throw StatusError(FailedPreconditionError("the store is closed"));
  }
  return store_;
}

void RegisterStore(py::module_& m) {
  py::class_<Hashset>(m, "Hashset",
                      "A hash set's configuration and counts (a snapshot).")
      .def_readonly("id", &Hashset::id)
      .def_property_readonly("name",
                             [](const Hashset& s) { return s.config.name; })
      .def_property_readonly("signal_types", &TypeNames)
      .def_property_readonly(
          "action",
          [](const Hashset& s) { return HashsetActionName(s.config.action); })
      .def_property_readonly(
          "thresholds", [](const Hashset& s) { return PerTypeDict(s, true); },
          "Effective match threshold per signal type.")
      .def_property_readonly(
          "min_quality", [](const Hashset& s) { return PerTypeDict(s, false); },
          "Effective minimum query quality per signal type.")
      .def_property_readonly("source",
                             [](const Hashset& s) { return s.config.source; })
      .def_property_readonly(
          "description", [](const Hashset& s) { return s.config.description; })
      .def_readonly("version", &Hashset::version)
      .def_property_readonly(
          "entries", &CountsDict,
          "Entries per signal type (types without entries absent).")
      .def_property_readonly("total_entries", &Hashset::TotalEntries,
                             "Total number of entries.")
      .def_readonly("created_at_ms", &Hashset::created_at_ms)
      .def_readonly("updated_at_ms", &Hashset::updated_at_ms)
      .def_readonly("last_change_seq", &Hashset::last_change_seq)
      .def("to_dict", &HashsetDict,
           "The fields as a dict, named as `vigil hashset show` prints "
           "them (times as RFC 3339).")
      .def("__repr__", [](const Hashset& s) {
        return "Hashset(name='" + s.config.name +
               "', total_entries=" + std::to_string(s.TotalEntries()) +
               ", version=" + std::to_string(s.version) + ")";
      });

  py::class_<ImportResult>(m, "ImportResult", "What an import did.")
      .def_property_readonly(
          "format",
          [](const ImportResult& r) { return HashsetFormatName(r.format); })
      .def_readonly("lines", &ImportResult::lines)
      .def_readonly("records", &ImportResult::records)
      .def_readonly("added", &ImportResult::added)
      .def_readonly("duplicates", &ImportResult::duplicates)
      .def_readonly("version", &ImportResult::version)
      .def_readonly("change_seq", &ImportResult::change_seq)
      .def("__repr__", [](const ImportResult& r) {
        return "ImportResult(records=" + std::to_string(r.records) +
               ", added=" + std::to_string(r.added) +
               ", duplicates=" + std::to_string(r.duplicates) + ")";
      });

  py::class_<AddResult>(m, "AddResult", "What an add did.")
      .def_readonly("added", &AddResult::added)
      .def_readonly("existing", &AddResult::existing)
      .def_readonly("version", &AddResult::version)
      .def_readonly("change_seq", &AddResult::change_seq)
      .def("__repr__", [](const AddResult& r) {
        return "AddResult(added=" + std::to_string(r.added) +
               ", existing=" + std::to_string(r.existing) + ")";
      });

  py::class_<AddMediaResult>(
      m, "AddMediaResult",
      "What Store.add_media did: as AddResult, plus the warnings (hashes "
      "left out, and why).")
      .def_property_readonly(
          "added", [](const AddMediaResult& r) { return r.result.added; })
      .def_property_readonly(
          "existing", [](const AddMediaResult& r) { return r.result.existing; })
      .def_property_readonly(
          "version", [](const AddMediaResult& r) { return r.result.version; })
      .def_property_readonly(
          "change_seq",
          [](const AddMediaResult& r) { return r.result.change_seq; })
      .def_property_readonly(
          "signals",
          [](const AddMediaResult& r) {
            std::vector<std::pair<std::string, std::string>> out;
            for (const Signal& s : r.signals) {
              out.emplace_back(std::string(SignalTypeName(s.type)),
                               s.type == SignalType::kVpdq
                                   ? HexEncode(VpdqSignalId(s.bytes))
                                   : s.ToHex());
            }
            return out;
          },
          "The signals stored, as (type, hex) pairs (a vpdq signal by its "
          "id).")
      .def_readonly("warnings", &AddMediaResult::warnings)
      .def("__repr__", [](const AddMediaResult& r) {
        return "AddMediaResult(added=" + std::to_string(r.result.added) +
               ", existing=" + std::to_string(r.result.existing) +
               ", warnings=" + std::to_string(r.warnings.size()) + ")";
      });

  py::class_<RemoveResult>(m, "RemoveResult", "What a removal did.")
      .def_readonly("removed", &RemoveResult::removed)
      .def_readonly("version", &RemoveResult::version)
      .def_readonly("change_seq", &RemoveResult::change_seq)
      .def("__repr__", [](const RemoveResult& r) {
        return "RemoveResult(removed=" + std::to_string(r.removed) + ")";
      });

  py::class_<ChangeRecord>(m, "ChangeRecord", "One record of the change log.")
      .def_readonly("seq", &ChangeRecord::seq)
      .def_readonly("op", &ChangeRecord::op)
      .def_readonly("hashset", &ChangeRecord::hashset)
      .def_readonly("time_ms", &ChangeRecord::time_ms)
      .def_readonly("json", &ChangeRecord::json,
                    "The whole record as a JSON object (text).")
      .def("__repr__", [](const ChangeRecord& r) {
        return "ChangeRecord(seq=" + std::to_string(r.seq) + ", op='" + r.op +
               "', hashset='" + r.hashset + "')";
      });

  py::class_<PyStore>(m, "HashsetStore", R"(The hash-set store in a directory.

One process at a time may open a store for writing (another gets
UnavailableError); read-only handles may coexist with it. Safe to use from
several threads; every call releases the GIL while the store works.
Usable as a context manager (closes on exit).)")
      .def(py::init<const std::string&, bool, bool>(), py::arg("path"),
           py::kw_only(), py::arg("read_only") = false,
           py::arg("create") = true,
           "Opens (by default creating) the store in `path`.")
      .def("close", &PyStore::Close,
           "Closes the store (idempotent); later calls raise "
           "FailedPreconditionError.")
      .def_property_readonly("closed", &PyStore::closed)
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](PyStore& self, py::object, py::object,
                          py::object) { self.Close(); })
      .def("create_hashset", &CreateHashset, py::arg("name"),
           py::arg("signal_types"), py::kw_only(), py::arg("action") = "review",
           py::arg("thresholds") = std::map<std::string, int>{},
           py::arg("min_quality") = std::map<std::string, int>{},
           py::arg("source") = "", py::arg("description") = "",
           py::arg("actor") = "",
           R"(Creates a hash set and returns it.

Args:
    name: [a-z0-9][a-z0-9_-]* or an HMA bank name [A-Z_][A-Z0-9_]*,
        at most 64 characters.
    signal_types: e.g. ["pdq", "md5"].
    action: "report", "remove", "block" or "review".
    thresholds: per type, e.g. {"pdq": 31} (exact types must be 0).
    min_quality: per type, e.g. {"pdq": 50}.
Raises:
    InvalidArgumentError, AlreadyExistsError, FailedPreconditionError.)")
      .def(
          "delete_hashset",
          [](const PyStore& self, const std::string& name,
             const std::string& reason, const std::string& actor) {
            auto store = self.Get();
            ThrowIfError(WithoutGil([&] {
              return store->DeleteHashset(name,
                                          {.actor = actor, .reason = reason});
            }));
          },
          py::arg("name"), py::kw_only(), py::arg("reason"),
          py::arg("actor") = "",
          "Deletes a hash set and its entries; the reason is logged.")
      .def(
          "get_hashset",
          [](const PyStore& self, const std::string& name) {
            auto store = self.Get();
            return ValueOrThrow(
                WithoutGil([&] { return store->GetHashset(name); }));
          },
          py::arg("name"),
          "The set's configuration and counts (its stats). Raises "
          "NotFoundError.")
      .def(
          "list_hashsets",
          [](const PyStore& self) {
            auto store = self.Get();
            return WithoutGil([&] { return store->ListHashsets(); });
          },
          "All hash sets, ordered by name.")
      .def(
          "import_file",
          [](const PyStore& self, const std::string& name,
             const std::string& path, const std::string& format,
             const std::optional<std::string>& type, const std::string& actor) {
            ImportOptions options =
                MakeImportOptions(format, type, actor, path);
            auto store = self.Get();
            return ValueOrThrow(WithoutGil(
                [&] { return store->ImportFile(name, path, options); }));
          },
          py::arg("name"), py::arg("path"), py::kw_only(),
          py::arg("format") = "auto", py::arg("type") = py::none(),
          py::arg("actor") = "",
          R"(Imports a hash list file, all or nothing.

Args:
    format: "auto", "plain", "typed", "csv" or "tsv".
    type: the signal type of untyped lines (e.g. "pdq" for a plain list of
        64-hex hashes, which could also be sha256).
Raises:
    InvalidArgumentError "line N, column C: ..." (nothing imported),
    NotFoundError.)")
      .def(
          "import_text",
          [](const PyStore& self, const std::string& name,
             const std::string& text, const std::string& format,
             const std::optional<std::string>& type, const std::string& actor,
             const std::string& source_name) {
            ImportOptions options =
                MakeImportOptions(format, type, actor, source_name);
            auto store = self.Get();
            return ValueOrThrow(WithoutGil(
                [&] { return store->ImportText(name, text, options); }));
          },
          py::arg("name"), py::arg("text"), py::kw_only(),
          py::arg("format") = "auto", py::arg("type") = py::none(),
          py::arg("actor") = "", py::arg("source_name") = "",
          "As import_file, from a str or bytes in memory.")
      .def(
          "add_signal",
          [](const PyStore& self, const std::string& name,
             const std::string& type, const std::string& hex,
             const std::string& external_id, const std::string& category,
             const std::string& note, const std::string& actor) {
            return AddSignal(self, name, type, hex,
                             {.external_id = external_id,
                              .category = category,
                              .note = note,
                              .actor = actor});
          },
          py::arg("name"), py::arg("type"), py::arg("hex"), py::kw_only(),
          py::arg("external_id") = "", py::arg("category") = "",
          py::arg("note") = "", py::arg("actor") = "",
          "Adds one signal (idempotent: present signals are left as they "
          "are).")
      .def(
          "add_hashes",
          [](const PyStore& self, const std::string& name,
             const PyHashes& hashes, const std::string& external_id,
             const std::string& category, const std::string& note,
             const std::string& actor) {
            return AddHashes(self, name, hashes,
                             {.external_id = external_id,
                              .category = category,
                              .note = note,
                              .actor = actor});
          },
          py::arg("name"), py::arg("hashes"), py::kw_only(),
          py::arg("external_id") = "", py::arg("category") = "",
          py::arg("note") = "", py::arg("actor") = "",
          "Hash and block: adds the signals of `hashes` (a Hashes) that the "
          "set accepts, as one entry.")
      .def(
          "add_media",
          [](const PyStore& self, const std::string& name,
             const py::object& media, bool half_frames, bool remove_bars,
             const std::string& external_id, const std::string& category,
             const std::string& note, const std::string& actor) {
            return AddMedia(self, name, media, half_frames, remove_bars,
                            {.external_id = external_id,
                             .category = category,
                             .note = note,
                             .actor = actor});
          },
          py::arg("name"), py::arg("media"), py::kw_only(),
          py::arg("half_frames") = false, py::arg("remove_bars") = false,
          py::arg("external_id") = "", py::arg("category") = "",
          py::arg("note") = "", py::arg("actor") = "",
          "Hash and block from media (a path, or bytes-like): hashes it as "
          "the reference tools do (full-resolution PDQ, exact video "
          "decoding), keeps the signals the set allows (PDQ / vPDQ only "
          "at the set's minimum quality; warnings say what was left out) "
          "and adds them as one entry. half_frames / remove_bars: as "
          "`vigil hashset add --half-frames / --remove-bars`.")
      .def("remove", &Remove, py::arg("name"), py::kw_only(),
           py::arg("signal") = py::none(), py::arg("external_id") = py::none(),
           py::arg("reason"), py::arg("actor") = "",
           "Removes entries: signal=(type, hex) or external_id=...; the "
           "reason is logged. Raises NotFoundError when nothing matches.")
      .def("export", &Export, py::arg("name"), py::kw_only(),
           py::arg("format") = "csv", py::arg("type") = py::none(),
           "The set's entries as text in `format` (csv, tsv, plain, typed).")
      .def(
          "read_log",
          [](const PyStore& self, uint64_t since, size_t limit) {
            auto store = self.Get();
            return ValueOrThrow(
                WithoutGil([&] { return store->ReadLog(since, limit); }));
          },
          py::arg("since") = 0, py::arg("limit") = 0,
          "Change-log records with seq > since, at most limit (0: all).");
}

}  // namespace vigil::python
