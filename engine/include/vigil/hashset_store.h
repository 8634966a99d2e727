// Copyright 2026 The Vigil Authors.
//
// File: vigil/hashset_store.h
// -----------------------------------------------------------------------------
// The hash-set store: one database directory holding the known-content hash
// sets, their entries and a change log. It is durable, versioned and built
// to load 10M PDQ hashes into an index in well under a second.
//
//   VIGIL_ASSIGN_OR_RETURN(auto store, HashsetStore::Open(dir, {}));
//   HashsetConfig config;
//   config.name = "own-cases";
//   config.signal_types = {SignalType::kPdq, SignalType::kMd5};
//   VIGIL_RETURN_IF_ERROR(store->CreateHashset(config, {"ops", ""}).status());
//   VIGIL_ASSIGN_OR_RETURN(ImportResult r,
//                          store->ImportFile("own-cases", "list.csv", {}));
//   // Hash and block: all signals of one confirmed file as one entry.
//   EntryInfo info;
//   info.external_id = "case-17";
//   VIGIL_ASSIGN_OR_RETURN(AddResult a,
//                          store->AddEntry("own-cases", signals, info));
//
// Writers and readers: one process at a time may open a store for writing;
// a second writer gets kUnavailable "store is locked by pid N". Any number
// of read-only handles may be open at the same time, in any process; a
// read-only handle sees the store as it was when it was opened.
//
// Durability: every change is written synchronously; imports are ingested
// atomically (a crash leaves all of an import or none of it).
//
// Thread-safety: a HashsetStore is safe for concurrent use by several
// threads; writes are serialised internally.

#ifndef VIGIL_HASHSET_STORE_H_
#define VIGIL_HASHSET_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/hashset.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"
#include "vigil/status.h"

namespace vigil {

struct StoreOptions {
  // Open read-only (no lock taken; many readers may coexist with a writer).
  // Default false.
  bool read_only = false;
  // Create the directory (mode 0700) and database when missing. Ignored
  // when read_only. Default true.
  bool create_if_missing = true;
  // Extra column families a later module needs (e.g. the event outbox adds
  // its own). Created when missing. The store always has "hashsets",
  // "entries", "packed", "changelog" and "events".
  std::vector<std::string> extra_column_families;
};

struct ImportOptions {
  HashsetFormat format = HashsetFormat::kAuto;
  // The type of every line of a plain list, or of CSV/TSV rows without a
  // signal_type column. Needed when hash lengths are ambiguous (64 hex:
  // sha256 or pdq).
  std::optional<SignalType> type;
  std::string actor;        // recorded in the change log
  std::string source_name;  // e.g. the file name, recorded in the change log
  // When set, a list holding another number of records (data lines) fails
  // with kInvalidArgument and changes nothing (signed bundles state their
  // count). Default: unset, any count.
  std::optional<uint64_t> expected_records;
};

struct ImportResult {
  HashsetFormat format = HashsetFormat::kAuto;  // the format used
  uint64_t lines = 0;       // lines read, including blanks and comments
  uint64_t records = 0;     // data lines (hashes) read
  uint64_t added = 0;       // new entries
  uint64_t duplicates = 0;  // records repeated in the input or present already
  uint64_t version = 0;     // the hash set's version after the import
  uint64_t change_seq = 0;  // its change-log record; 0 when nothing changed
};

struct ExportOptions {
  HashsetFormat format = HashsetFormat::kCsv;  // kAuto is not allowed
  // Only entries of this type. A plain export needs a single type: either
  // this, or a set whose entries are all of one type.
  std::optional<SignalType> type;
};

struct AddResult {
  uint64_t added = 0;     // signals that were new
  uint64_t existing = 0;  // signals already in the set (left unchanged)
  uint64_t version = 0;
  uint64_t change_seq = 0;  // 0 when nothing was added
};

// Which entries a removal targets: exactly one of the two.
struct RemoveSelector {
  std::optional<Signal> signal;
  std::optional<std::string> external_id;
};

struct RemoveResult {
  uint64_t removed = 0;
  uint64_t version = 0;
  uint64_t change_seq = 0;
};

// One change-log record as ForEachChange passes it, before its signals.
struct ChangeDelta {
  uint64_t seq = 0;
  std::string op;  // as ChangeRecord::op
  uint32_t hashset_id = 0;
  std::string hashset;
  // False when the record does not name all of its data: an import logged
  // before import records named their packed segments. A reader that
  // follows the log then reloads the whole set from the store.
  bool complete = true;
};

class VIGIL_EXPORT HashsetStore {
 public:
  // Opens (or creates) the store in directory `dir`.
  // Errors: kUnavailable "store is locked by pid N" when another writer
  // holds it; kFailedPrecondition "store schema S is newer than this vigil
  // (V)"; kNotFound when missing and not creating; kIOError.
  static Result<std::unique_ptr<HashsetStore>> Open(
      const std::string& dir, const StoreOptions& options);

  virtual ~HashsetStore();
  HashsetStore(const HashsetStore&) = delete;
  HashsetStore& operator=(const HashsetStore&) = delete;

  // The schema version this build writes.
  static uint32_t SchemaVersion();

  // --- hash sets ----------------------------------------------------------
  // Creates a set. Errors: kInvalidArgument (see ValidateHashsetConfig),
  // kAlreadyExists, kFailedPrecondition on a read-only handle.
  virtual Result<Hashset> CreateHashset(const HashsetConfig& config,
                                        const ChangeInfo& info) = 0;
  // Deletes a set and all its entries; logs who and why (reason required).
  virtual Status DeleteHashset(std::string_view name,
                               const ChangeInfo& info) = 0;
  // Error: kNotFound.
  virtual Result<Hashset> GetHashset(std::string_view name) const = 0;
  virtual Result<Hashset> GetHashsetById(uint32_t id) const = 0;
  // All sets, ordered by name.
  virtual std::vector<Hashset> ListHashsets() const = 0;
  // Enables or disables a set (Hashset::enabled) and logs an "enable" or
  // "disable" record with info.actor and info.reason. A disabled set keeps
  // its entries but matches nothing. Setting the current state again is a
  // no-op (no record, same version). Errors: kNotFound,
  // kFailedPrecondition on a read-only handle.
  virtual Result<Hashset> SetHashsetEnabled(std::string_view name, bool enabled,
                                            const ChangeInfo& info) = 0;
  // Changes how a set matches: the thresholds, min_quality, video match
  // percents, action, source and description of `config` replace the
  // set's, and an "update" record with info.actor and info.reason is
  // logged (engines apply it at their next refresh, without reloading the
  // set). Its name and signal types cannot change, nor the vPDQ minimum
  // quality (its frames were filtered by it when they were stored). The
  // same configuration again is a no-op (no record, same version).
  // Errors: kNotFound; kInvalidArgument (ValidateHashsetConfig, another
  // name or other types, a changed vPDQ minimum quality);
  // kFailedPrecondition on a read-only handle.
  virtual Result<Hashset> UpdateHashsetConfig(std::string_view name,
                                              const HashsetConfig& config,
                                              const ChangeInfo& info) = 0;

  // --- entries ------------------------------------------------------------
  // Adds the signals of one piece of media as one confirmed entry (all
  // share `info`), in one synchronous transaction ("hash and block").
  // Signals already in the set are left as they are (idempotent); when no
  // signal is new nothing is written and the version stays.
  // A vPDQ signal (EncodeVpdqSignal) is one whole video, or one half of its
  // frames (a FrameRegion signal: a video added with its halves is five
  // signals); it is keyed by VpdqSignalId of its bytes.
  // Errors: kNotFound (set), kInvalidArgument (type not allowed by the set,
  // wrong size, a vPDQ value that does not decode or has no frame, no
  // signals).
  virtual Result<AddResult> AddEntry(std::string_view hashset,
                                     std::span<const Signal> signals,
                                     const EntryInfo& info) = 0;
  // Removes the selected entries (a false positive) and logs actor and
  // reason (required). Error: kNotFound when nothing matches.
  virtual Result<RemoveResult> RemoveEntries(std::string_view hashset,
                                             const RemoveSelector& selector,
                                             const ChangeInfo& info) = 0;
  // The entry of `signal` in `hashset`. Error: kNotFound.
  virtual Result<Entry> GetEntry(uint32_t hashset_id,
                                 const Signal& signal) const = 0;

  // Disables one entry (a confirmed false positive): it matches nothing
  // until `until_ms` (Unix ms; 0: until EnableEntry), in engines built
  // afterwards and, through the "disable_entry" change record, in engines
  // following the log. Disabling again replaces the time and reason. The
  // record names actor, reason, the entry and the time. A time in the past
  // is kept but has no effect. Errors: kNotFound (set or entry),
  // kInvalidArgument (negative time, malformed hash), kFailedPrecondition on
  // a read-only handle.
  virtual Result<DisabledEntry> DisableEntry(const EntryRef& entry,
                                             int64_t until_ms,
                                             const ChangeInfo& info) = 0;
  // Clears a disable (an "enable_entry" record). Returns whether one was
  // cleared; an entry that is not disabled is a no-op (no record).
  // Errors: kNotFound (set or entry), kFailedPrecondition (read-only).
  virtual Result<bool> EnableEntry(const EntryRef& entry,
                                   const ChangeInfo& info) = 0;
  // The disable of one entry, whether or not its time has passed; nullopt
  // when it has none. `hash` as EntryRef::hash.
  virtual Result<std::optional<DisabledEntry>> GetDisabledEntry(
      uint32_t hashset_id, SignalType type,
      std::span<const uint8_t> hash) const = 0;
  // Every recorded disable (including expired ones), ordered by (type,
  // hash, set id).
  virtual Status ForEachDisabledEntry(
      const std::function<Status(const DisabledEntry&)>& fn) const = 0;

  // --- import / export ----------------------------------------------------
  // Imports a list into a set, all or nothing: the first invalid line fails
  // the import with kInvalidArgument "line N, column C: reason" and leaves
  // the store exactly as it was. Entries already in the set, and repeats in
  // the input, are kept as first seen. `path` "-" reads stdin.
  virtual Result<ImportResult> ImportFile(std::string_view hashset,
                                          const std::string& path,
                                          const ImportOptions& options) = 0;
  // Same, from bytes in memory.
  virtual Result<ImportResult> ImportText(std::string_view hashset,
                                          std::string_view text,
                                          const ImportOptions& options) = 0;
  // Writes the set's entries ordered by (signal type, hash) in `options`
  // format, in chunks passed to `write` (an error from it stops the export).
  // vPDQ entries are written as the hex of their binary signal, ordered by
  // id; they cannot be imported back from a list (add them with AddEntry).
  virtual Status Export(
      std::string_view hashset, const ExportOptions& options,
      const std::function<Status(std::string_view chunk)>& write) const = 0;

  // --- bulk reads for index building ------------------------------------
  // Calls `fn(hashset_id, hashes)` for packed runs of all stored hashes of
  // `type` (fixed-size types): `hashes` holds n * SignalTypeByteSize(type)
  // bytes, n hashes sorted within the run, unique per set. The span is valid
  // only during the call. Runs of one set come in no particular order.
  // For kVpdq each call passes the bytes of ONE vPDQ signal (one video).
  // An error returned by `fn` stops the scan and is returned.
  virtual Status ForEachPackedHashes(
      SignalType type,
      const std::function<Status(
          uint32_t hashset_id, std::span<const uint8_t> hashes)>& fn) const = 0;
  // Calls `fn` for every entry of `type`, ordered by (hash, hashset id)
  // (vPDQ: by (signal id, hashset id); Entry::signal holds the whole signal).
  // Slower than ForEachPackedHashes (a full scan of the entries).
  virtual Status ForEachEntry(
      SignalType type, const std::function<Status(const Entry&)>& fn) const = 0;

  // --- change log ---------------------------------------------------------
  // Records with seq > `since`, in order, at most `limit` (0: all).
  virtual Result<std::vector<ChangeRecord>> ReadLog(uint64_t since,
                                                    size_t limit) const = 0;
  // The highest sequence number in the log (0 when empty). Kept in memory:
  // cheap enough to poll.
  virtual uint64_t LastChangeSeq() const = 0;
  // Replays the records with seq > `since`, in order, at most `limit` (0:
  // all), with their data, so that an index can follow the store without
  // rebuilding. For each record `change` is called once, then `signals`
  // with the record's signals in chunks:
  //   "add", "import": the added signals; fixed-size types as n packed
  //     hashes (an import streams its packed segments, up to 65536 hashes a
  //     call), vPDQ one whole signal (EncodeVpdqSignal) per call;
  //   "remove": the removed signals; fixed-size types as packed hashes,
  //     vPDQ as n packed 32-byte VpdqSignalIds;
  //   "disable_entry", "enable_entry": the entry as packed hashes (vPDQ:
  //     its 32-byte VpdqSignalId); its state now is GetDisabledEntry;
  //   "create", "delete", "enable", "disable": none.
  // Imported and added videos are read from the store as it is now: those
  // removed since are left out (their "remove" record follows in the log,
  // so a reader that applies every record in order ends up in the store's
  // state). Removed signals are passed even if added again since. A record
  // with ChangeDelta::complete false has no signals: reload its set.
  // An error returned by a callback stops the replay and is returned.
  virtual Status ForEachChange(
      uint64_t since, size_t limit,
      const std::function<Status(const ChangeDelta&)>& change,
      const std::function<Status(const ChangeDelta&, SignalType type,
                                 std::span<const uint8_t> values)>& signals)
      const = 0;

  virtual bool read_only() const = 0;
  virtual const std::string& dir() const = 0;

 protected:
  HashsetStore() = default;
};

}  // namespace vigil

#endif  // VIGIL_HASHSET_STORE_H_
