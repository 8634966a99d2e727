// Copyright 2026 The Vigil Authors.
//
// vigil.Engine: scanning against the hash sets, takedown events.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.h"
#include "errors.h"
#include "vigil/engine.h"
#include "vigil/event_sink.h"
#include "vigil/hashset.h"
#include "vigil/json.h"

namespace py = pybind11;

namespace vigil::python {
namespace {

// vigil.Match: the best match of the content against one hash set.
struct PyMatch {
  ScanMatch m;
  std::optional<std::string> event_id;  // none on a read-only engine
};

// vigil.ScanResult.
struct PyScanResult {
  std::string content_id;
  std::string source;
  std::string status;  // "clean", "match", "error"
  std::optional<std::string> error_code, error_message;
  std::optional<PyHashes> hashes;  // none when the input could not be read
  std::vector<PyMatch> matches;
  std::vector<std::string> event_ids;
  bool cached = false;
  std::string json;  // the `vigil scan` line (ScanResultJson)
};

// vigil.Event: a stored takedown event and its acknowledgement.
struct PyEvent {
  OutboxEvent e;
  std::string json;
};

py::dict ErrorDict(const std::string& code, const std::string& message) {
  py::dict d;
  d["code"] = code;
  d["message"] = message;
  return d;
}

PyScanResult MakeResult(ScanResult r) {
  r.hashes.image_status.PermitUncheckedError();  // read below, or dropped
  PyScanResult out;
  out.json = ScanResultJson(r);
  out.content_id = r.content.id;
  out.source = r.content.source;
  out.status = ScanStatusName(r.status);
  out.cached = r.cached;
  if (!r.error.ok()) {
    out.error_code = StatusCodeName(r.error.code());
    out.error_message = std::string(r.error.message());
  }
  bool unread = r.status == ScanStatus::kError && r.hashes.bytes == 0 &&
                r.hashes.digests == Digests{};
  for (size_t i = 0; i < r.matches.size(); ++i) {
    PyMatch m{r.matches[i], std::nullopt};
    if (i < r.event_ids.size()) m.event_id = r.event_ids[i];
    out.matches.push_back(std::move(m));
  }
  out.event_ids = std::move(r.event_ids);
  if (!unread)
    out.hashes = MakePyHashes(std::move(r.hashes), std::nullopt, nullptr);
  return out;
}

py::object MatchDict(const PyMatch& pm) {
  return JsonToPython(ScanMatchJson(pm.m));
}

py::object ScanDict(const PyScanResult& r) { return JsonToPython(r.json); }

py::object EventDict(const PyEvent& e) {
  // As `vigil events list` prints it: the event plus its ack state.
  return JsonToPython(OutboxEventJson(e.e));
}

class PyEngine {
 public:
  PyEngine(const std::string& db, bool read_only, bool dihedral,
           const std::string& pdq_mode,
           const std::vector<std::string>& hashsets,
           const std::optional<std::string>& events_jsonl, bool load_indexes,
           int threads, const std::vector<std::string>& events) {
    EngineOptions options;
    options.db_dir = db;
    options.read_only = read_only;
    options.dihedral = dihedral;
    options.hash.pdq_mode = ValueOrThrow(ParsePdqMode(pdq_mode));
    options.hashsets = hashsets;
    options.load_indexes = load_indexes;
    options.threads = threads;
    options.sink_specs = events;
    if (events_jsonl.has_value()) options.sink_specs.push_back(*events_jsonl);
    auto engine = WithoutGil([&] { return Engine::Open(options); });
    engine_ = std::shared_ptr<Engine>(ValueOrThrow(std::move(engine)));
  }

  std::shared_ptr<Engine> Get() const {
    if (engine_ == nullptr) {
      throw StatusError(FailedPreconditionError("the engine is closed"));
    }
    return engine_;
  }
  void Close() { engine_.reset(); }
  bool closed() const { return engine_ == nullptr; }

 private:
  std::shared_ptr<Engine> engine_;
};

PyScanResult ScanFile(const PyEngine& self, const std::string& path,
                      const std::optional<std::string>& content_id,
                      const std::string& source) {
  auto engine = self.Get();
  ContentRef content{.id = content_id.value_or(path), .source = source};
  return MakeResult(ValueOrThrow(
      WithoutGil([&] { return engine->ScanFile(path, content); })));
}

PyScanResult ScanBytes(const PyEngine& self, const py::object& data,
                       const std::string& content_id,
                       const std::string& source) {
  if (PyUnicode_Check(data.ptr())) {
    throw py::type_error("scan_bytes() takes bytes-like data, not str");
  }
  Py_buffer view;
  if (PyObject_GetBuffer(data.ptr(), &view, PyBUF_SIMPLE) != 0) {
    throw py::error_already_set();
  }
  std::unique_ptr<Py_buffer, void (*)(Py_buffer*)> release(&view,
                                                           PyBuffer_Release);
  std::span<const uint8_t> bytes;
  if (view.len > 0) {
    bytes = {static_cast<const uint8_t*>(view.buf),
             static_cast<size_t>(view.len)};
  }
  auto engine = self.Get();
  ContentRef content{.id = content_id, .source = source};
  return MakeResult(ValueOrThrow(
      WithoutGil([&] { return engine->ScanBytes(bytes, content); })));
}

}  // namespace

void RegisterEngine(py::module_& m) {
  py::class_<PyMatch>(m, "Match",
                      "The best match of scanned content against one hash "
                      "set.")
      .def_property_readonly("hashset",
                             [](const PyMatch& p) { return p.m.match.hashset; })
      .def_property_readonly(
          "hashset_id", [](const PyMatch& p) { return p.m.match.hashset_id; })
      .def_property_readonly("signal_type",
                             [](const PyMatch& p) {
                               return SignalTypeName(p.m.match.signal_type);
                             })
      .def_property_readonly(
          "distance", [](const PyMatch& p) { return p.m.match.distance; },
          "Hamming distance for PDQ; 0 for digests.")
      .def_property_readonly(
          "threshold", [](const PyMatch& p) { return p.m.match.threshold; })
      .def_property_readonly(
          "hash", [](const PyMatch& p) { return p.m.match.hash; },
          "The stored hash that matched (hex).")
      .def_property_readonly(
          "query_hash", [](const PyMatch& p) { return p.m.match.query_hash; },
          "The content's hash (hex; for PDQ, of the matching variant).")
      .def_property_readonly(
          "quality",
          [](const PyMatch& p) -> std::optional<int> {
            if (p.m.match.quality < 0) return std::nullopt;
            return p.m.match.quality;
          },
          "PDQ quality of the content; None for digests.")
      .def_property_readonly(
          "variant",
          [](const PyMatch& p) -> std::optional<std::string> {
            if (p.m.match.variant.empty()) return std::nullopt;
            return p.m.match.variant;
          },
          "'original' or the dihedral variant ('rot90', ...); None for "
          "digests.")
      .def_property_readonly(
          "external_id", [](const PyMatch& p) { return p.m.match.external_id; })
      .def_property_readonly(
          "category", [](const PyMatch& p) { return p.m.match.category; })
      .def_property_readonly(
          "action",
          [](const PyMatch& p) { return HashsetActionName(p.m.action); },
          "What the set recommends: report, remove, block, review.")
      .def_readonly("event_id", &PyMatch::event_id,
                    "The takedown event recorded for this match (None on a "
                    "read-only engine).")
      .def("to_dict", &MatchDict, "Keys as in `vigil scan` output.")
      .def("__repr__", [](const PyMatch& p) {
        return "Match(hashset='" + p.m.match.hashset + "', signal_type='" +
               SignalTypeName(p.m.match.signal_type) +
               "', distance=" + std::to_string(p.m.match.distance) +
               ", action='" + HashsetActionName(p.m.action) + "')";
      });

  py::class_<PyScanResult>(m, "ScanResult", "The result of one scan.")
      .def_readonly("content_id", &PyScanResult::content_id)
      .def_readonly("source", &PyScanResult::source)
      .def_readonly("status", &PyScanResult::status,
                    "'clean', 'match' or 'error'.")
      .def_property_readonly(
          "error",
          [](const PyScanResult& r) -> py::object {
            if (!r.error_code.has_value()) return py::none();
            return ErrorDict(*r.error_code, *r.error_message);
          },
          "Why status is 'error' ({'code', 'message'}), else None.")
      .def_readonly("hashes", &PyScanResult::hashes,
                    "The content's Hashes; None when it could not be read.")
      .def_readonly("matches", &PyScanResult::matches,
                    "The best match per hash set, ordered by set name.")
      .def_readonly("event_ids", &PyScanResult::event_ids,
                    "The recorded (durable) takedown events, one per match.")
      .def_readonly("cached", &PyScanResult::cached,
                    "True when identical bytes were hashed recently.")
      .def_property_readonly(
          "matched", [](const PyScanResult& r) { return r.status == "match"; })
      .def("to_dict", &ScanDict,
           "Keys as one `vigil scan` JSON line ('path' is the content id).")
      .def("__repr__", [](const PyScanResult& r) {
        return "ScanResult(content_id='" + r.content_id + "', status='" +
               r.status + "', matches=" + std::to_string(r.matches.size()) +
               ")";
      });

  py::class_<PyEvent>(m, "Event", "A stored takedown event.")
      .def_property_readonly(
          "event_id", [](const PyEvent& e) { return e.e.event.event_id; })
      .def_property_readonly(
          "idempotency_key",
          [](const PyEvent& e) { return e.e.event.idempotency_key; })
      .def_property_readonly(
          "created_at_ms",
          [](const PyEvent& e) { return e.e.event.created_at_ms; })
      .def_property_readonly(
          "content_id", [](const PyEvent& e) { return e.e.event.content.id; })
      .def_property_readonly(
          "hashset", [](const PyEvent& e) { return e.e.event.match.hashset; })
      .def_property_readonly(
          "action",
          [](const PyEvent& e) { return HashsetActionName(e.e.event.action); })
      .def_property_readonly("acked",
                             [](const PyEvent& e) { return e.e.acked; })
      .def_property_readonly("acked_at_ms",
                             [](const PyEvent& e) -> std::optional<int64_t> {
                               if (!e.e.acked) return std::nullopt;
                               return e.e.acked_at_ms;
                             })
      .def_property_readonly(
          "acked_by",
          [](const PyEvent& e) -> std::optional<std::string> {
            if (!e.e.acked) return std::nullopt;
            return e.e.acked_by;
          })
      .def_property_readonly(
          "state",
          [](const PyEvent& e) {
            return EventStateName(e.e.event.state.current.state);
          })
      .def_readonly("json", &PyEvent::json,
                    "The event as JSON text (schema vigil.takedown/1).")
      .def("to_dict", &EventDict,
           "The event's JSON as a dict plus 'acked' (and 'acked_at', "
           "'acked_by'), as `vigil events list` prints it.")
      .def("__repr__", [](const PyEvent& e) {
        return "Event(event_id='" + e.e.event.event_id + "', hashset='" +
               e.e.event.match.hashset +
               "', acked=" + (e.e.acked ? "True" : "False") + ")";
      });

  py::class_<PyEngine>(m, "Engine", R"(The scanning engine over a store.

Opens (creating when missing) the store in `db`, builds the match indexes,
and records one takedown event per matched hash set in the durable outbox
before a scan returns. Safe to use from many threads; every call releases
the GIL, so threads scale. Usable as a context manager.

Args:
    db: the store directory.
    read_only: report matches but record no events (coexists with a
        writer).
    dihedral: also match the 8 rotations/mirrors of images.
    pdq_mode: "fast" (default) or "full".
    hashsets: match only these sets (by name); default all.
    events: sinks every event is delivered to, as spec strings:
        "jsonl:PATH", "stdout", a file path, "-" (stdout). Each has a
        background deliverer: scans do not wait for sinks; call drain()
        before exiting to let them catch up.
    events_jsonl: one more sink spec (the older name; a file path).
    load_indexes: False opens for event access only (scans then raise
        FailedPreconditionError).
    threads: worker threads for batch scans (0: all cores).
Raises:
    UnavailableError (another writer holds the store), NotFoundError.)")
      .def(py::init<const std::string&, bool, bool, const std::string&,
                    const std::vector<std::string>&,
                    const std::optional<std::string>&, bool, int,
                    const std::vector<std::string>&>(),
           py::arg("db"), py::kw_only(), py::arg("read_only") = false,
           py::arg("dihedral") = false, py::arg("pdq_mode") = "fast",
           py::arg("hashsets") = std::vector<std::string>{},
           py::arg("events_jsonl") = py::none(), py::arg("load_indexes") = true,
           py::arg("threads") = 0,
           py::arg("events") = std::vector<std::string>{})
      .def("close", &PyEngine::Close,
           "Closes the engine (idempotent). Its `store` object, if kept, "
           "keeps the store open until it is closed too.")
      .def_property_readonly("closed", &PyEngine::closed)
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](PyEngine& self, py::object, py::object,
                          py::object) { self.Close(); })
      .def_property_readonly(
          "store",
          [](const PyEngine& self) {
            std::shared_ptr<Engine> engine = self.Get();
            return PyStore(
                std::shared_ptr<HashsetStore>(engine, &engine->store()));
          },
          "The engine's HashsetStore, for hash-set management (call "
          "refresh() after changing sets).")
      .def("scan_file", &ScanFile, py::arg("path"), py::kw_only(),
           py::arg("content_id") = py::none(), py::arg("source") = "",
           R"(Scans one file: hash, match, record events.

An unreadable or undecodable file is not an exception: the result's status
is 'error' (or 'match' when a digest matched). Raises only when events
cannot be recorded (IoError) or on a closed / events-only engine.

Args:
    content_id: your reference, copied into events (default: the path).
    source: e.g. "web-upload".)")
      .def("scan_bytes", &ScanBytes, py::arg("data"), py::kw_only(),
           py::arg("content_id"), py::arg("source") = "",
           "Scans bytes held in memory (an upload); as scan_file. "
           "content_id is required.")
      .def(
          "refresh",
          [](const PyEngine& self) {
            auto engine = self.Get();
            ThrowIfError(WithoutGil([&] { return engine->Refresh(); }));
          },
          "Rebuilds the indexes if the store changed since they were built.")
      .def(
          "stats",
          [](const PyEngine& self) {
            auto engine = self.Get();
            EngineStats s = WithoutGil([&] { return engine->Stats(); });
            py::dict d;
            d["hashsets"] = s.hashsets;
            d["pdq_hashes"] = s.pdq_hashes;
            d["digest_hashes"] = s.digest_hashes;
            d["index_build_seconds"] = s.index_build_seconds;
            d["index_memory_bytes"] = s.index_memory_bytes;
            return d;
          },
          "Index sizes and build time.")
      .def(
          "list_events",
          [](const PyEngine& self, const std::string& after_id, size_t limit) {
            auto engine = self.Get();
            auto events = ValueOrThrow(WithoutGil(
                [&] { return engine->ListEvents(after_id, limit); }));
            std::vector<PyEvent> out;
            out.reserve(events.size());
            for (OutboxEvent& e : events) {
              std::string json = e.event.ToJson();
              out.push_back(PyEvent{std::move(e), std::move(json)});
            }
            return out;
          },
          py::arg("after_id") = "", py::arg("limit") = 0,
          "Events with id > after_id (all when empty), oldest first, at "
          "most limit (0: all). Page by passing the last id seen.")
      .def(
          "list_events_in_state",
          [](const PyEngine& self, const std::string& state,
             const std::string& after_id, size_t limit) {
            auto engine = self.Get();
            EventState parsed = ValueOrThrow(ParseEventState(state));
            auto events = ValueOrThrow(WithoutGil([&] {
              return engine->ListEventsInState(after_id, limit, parsed);
            }));
            std::vector<PyEvent> out;
            out.reserve(events.size());
            for (OutboxEvent& e : events) {
              std::string json = e.event.ToJson();
              out.push_back(PyEvent{std::move(e), std::move(json)});
            }
            return out;
          },
          py::arg("state"), py::arg("after_id") = "", py::arg("limit") = 0,
          "Takedown events in state 'open', 'actioned' or 'dismissed' "
          "(no state updates), as list_events.")
      .def(
          "resolve_events",
          [](const PyEngine& self, const std::vector<std::string>& ids,
             const std::string& outcome, const std::string& reference,
             const std::string& reason, const std::string& actor, bool amend,
             bool disable_entry, int64_t disable_until_ms) {
            auto engine = self.Get();
            EventResolution r;
            r.outcome = ValueOrThrow(ParseEventOutcome(outcome));
            r.reference = reference;
            r.reason = reason;
            r.actor = actor;
            r.amend = amend;
            r.disable_entry = disable_entry;
            r.disable_until_ms = disable_until_ms;
            auto events = ValueOrThrow(
                WithoutGil([&] { return engine->ResolveEvents(ids, r); }));
            std::vector<std::string> out;
            for (const TakedownEvent& e : events) out.push_back(e.ToJson());
            return out;
          },
          py::arg("event_ids"), py::kw_only(), py::arg("outcome"),
          py::arg("reference") = "", py::arg("reason") = "",
          py::arg("actor") = "", py::arg("amend") = false,
          py::arg("disable_entry") = false, py::arg("disable_until_ms") = 0,
          "Resolves takedown events (docs/events.md 'Event lifecycle'); "
          "returns each event's JSON with its new state. All or nothing: "
          "NotFoundError for an unknown id, FailedPreconditionError for one "
          "resolved already (unless amend), InvalidArgumentError for a bad "
          "outcome or a false positive without a reason.")
      .def(
          "ack_events",
          [](const PyEngine& self, const std::vector<std::string>& ids,
             const std::string& actor) {
            auto engine = self.Get();
            return ValueOrThrow(
                WithoutGil([&] { return engine->AckEvents(ids, actor); }));
          },
          py::arg("event_ids"), py::kw_only(), py::arg("actor") = "",
          "Acknowledges events; returns how many were newly acknowledged. "
          "Raises NotFoundError for an unknown id (nothing is acked).")
      .def(
          "deliver_pending",
          [](const PyEngine& self) {
            auto engine = self.Get();
            ThrowIfError(WithoutGil([&] { return engine->DeliverPending(); }));
          },
          "Retries delivering pending events to the sinks now and waits "
          "until they have them; raises the first sink error.")
      .def(
          "drain",
          [](const PyEngine& self, double timeout) {
            auto engine = self.Get();
            auto ms = std::chrono::milliseconds(
                static_cast<int64_t>(std::max(0.0, timeout) * 1000));
            return WithoutGil([&] {
              engine->Drain(ms).PermitUncheckedError();  // counted below
              uint64_t pending = 0;
              for (const SinkStats& s : engine->DeliveryStats()) {
                pending += s.pending;
              }
              return pending;
            });
          },
          py::arg("timeout") = 10.0,
          "Waits up to `timeout` seconds for the sinks to have every "
          "recorded event; returns how many are still pending (0: drained; "
          "the rest stays in the outbox).")
      .def(
          "delivery_stats",
          [](const PyEngine& self) {
            auto engine = self.Get();
            auto stats = WithoutGil([&] { return engine->DeliveryStats(); });
            py::list out;
            for (const SinkStats& s : stats) {
              py::dict d;
              d["name"] = s.name;
              d["delivered"] = s.delivered;
              d["pending"] = s.pending;
              d["failures"] = s.failures;
              d["consecutive_failures"] = s.consecutive_failures;
              d["last_error"] =
                  s.last_error.ok()
                      ? py::object(py::none())
                      : py::object(py::str(s.last_error.ToString()));
              d["next_retry_unix_ms"] = s.next_retry_unix_ms;
              d["dead_lettered"] = s.dead_lettered;
              d["disabled"] = s.disabled;
              out.append(d);
            }
            return out;
          },
          "Per sink: name, delivered, pending, failures, "
          "consecutive_failures, last_error (None or text), "
          "next_retry_unix_ms (0 unless backing off), dead_lettered, "
          "disabled (the endpoint refused all, e.g. HTTP 410).");
}

}  // namespace vigil::python
