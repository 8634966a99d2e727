// Copyright 2026 The Vigil Authors.
//
// File: vigil/hashset.h
// -----------------------------------------------------------------------------
// Value types of the hash-set store (see vigil/hashset_store.h): a hash set's
// configuration and state, its entries, the change log, and the text formats
// that hash lists are imported from and exported to (hashsets/README.md).
//
//   HashsetConfig config;
//   config.name = "ncmec-2026";
//   config.signal_types = {SignalType::kPdq, SignalType::kMd5};
//   config.action = HashsetAction::kReport;
//   VIGIL_RETURN_IF_ERROR(ValidateHashsetConfig(config));
//
// Thread-safety: plain values and pure functions.

#ifndef VIGIL_HASHSET_H_
#define VIGIL_HASHSET_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"
#include "vigil/status.h"

namespace vigil {

// What a match against a hash set recommends. Persisted as these numbers:
// NEVER renumber, never reuse a retired value.
enum class HashsetAction : uint8_t {
  kReport = 1,  // report to the hotline / authority
  kRemove = 2,  // take the content down
  kBlock = 3,   // refuse the upload
  kReview = 4,  // queue for human review
};

// "report", "remove", "block", "review"; "unknown" outside the enum.
VIGIL_EXPORT const char* HashsetActionName(HashsetAction action);
// Parses a name as printed by HashsetActionName. Error: kInvalidArgument.
VIGIL_EXPORT Result<HashsetAction> ParseHashsetAction(std::string_view name);

// Default per-type match threshold, from the table of kinds
// (vigil/signal_type.h): kPdqDefaultThreshold (31 bits, Meta's
// recommendation) for PDQ and for vPDQ frames, 0 (exact) for every other type.
VIGIL_EXPORT int DefaultThreshold(SignalType type);
// Default minimum quality of a query hash (and of vPDQ frames on both
// sides): kPdqDefaultMinQuality (50) for PDQ and vPDQ, 0 otherwise.
VIGIL_EXPORT int DefaultMinQuality(SignalType type);

// Longest hash-set name accepted.
inline constexpr size_t kMaxHashsetNameLength = 64;

// OK when `name` matches [a-z0-9][a-z0-9_-]* or, as an HMA 2.x bank name,
// [A-Z_][A-Z0-9_]* (UPPER_WITH_UNDERSCORE), and has at most
// kMaxHashsetNameLength characters; otherwise kInvalidArgument saying why.
VIGIL_EXPORT Status ValidateHashsetName(std::string_view name);

// What the caller chooses when creating a hash set.
struct HashsetConfig {
  std::string name;
  // Signal types entries may have. Not empty: md5, sha1, sha256, pdq,
  // xxh128, and vpdq (whole video hashes, see vigil/vpdq.h). Kept sorted
  // and unique by the store.
  std::vector<SignalType> signal_types;
  // Per-type match threshold (Hamming distance for PDQ; per-frame distance
  // for vPDQ). A type missing here uses DefaultThreshold(). Exact types
  // must be 0; PDQ and vPDQ 0..256.
  std::map<SignalType, int> thresholds;
  // Per-type minimum query quality (0..100). Missing: DefaultMinQuality().
  std::map<SignalType, int> min_quality;
  // vPDQ (video) entries match a scanned video when at least these shares
  // of the scanned video's frames and of the entry's frames have a partner
  // frame within the vPDQ threshold (the reference's rule; frames below the
  // vPDQ minimum quality and repeated hashes are left out first). Percent,
  // in (0, 100]. Defaults 80 / 80, as the reference (vigil/signal_type.h).
  double video_query_percent = kVpdqDefaultQueryPercent;
  double video_target_percent = kVpdqDefaultTargetPercent;
  HashsetAction action = HashsetAction::kReview;
  std::string source;       // where the list comes from, e.g. "NCMEC"
  std::string description;  // free text

  // The effective threshold / minimum quality of `type`.
  VIGIL_EXPORT int ThresholdFor(SignalType type) const;
  VIGIL_EXPORT int MinQualityFor(SignalType type) const;
  VIGIL_EXPORT bool Allows(SignalType type) const;
};

// Checks name, types, thresholds and qualities. Error: kInvalidArgument.
VIGIL_EXPORT Status ValidateHashsetConfig(const HashsetConfig& config);

// A stored hash set: its configuration and the state the store keeps.
struct Hashset {
  uint32_t id = 0;  // numeric id, unique in the store, never reused
  HashsetConfig config;
  int64_t created_at_ms = 0;  // Unix time in milliseconds
  int64_t updated_at_ms = 0;
  // Bumped by every change (create = 1, each effective add, import,
  // removal). A no-op (adding only signals already present) keeps it.
  uint64_t version = 0;
  uint64_t last_change_seq = 0;  // sequence of its latest change-log record
  // A disabled set keeps its entries (they can still be added, removed and
  // exported) but matches nothing: engines do not load it. Changed with
  // HashsetStore::SetHashsetEnabled. Default true.
  bool enabled = true;
  // Number of entries per signal type (types with none are absent).
  std::map<SignalType, uint64_t> entry_counts;

  VIGIL_EXPORT uint64_t TotalEntries() const;
};

// Metadata the caller gives with new entries.
struct EntryInfo {
  std::string external_id;  // the list's own reference
  std::string category;     // category or label
  std::string note;
  std::string actor;  // who adds them (recorded in the change log)
};

// One stored entry: one signal of one hash set.
struct Entry {
  uint32_t hashset_id = 0;
  Signal signal;
  std::string external_id;
  std::string category;
  std::string note;
  int64_t added_at_ms = 0;
  uint64_t change_seq = 0;  // the change-log record that added it
};

// One entry of a set as events name it (ScanMatch): its kind and stored
// hash; a vPDQ entry (a whole video) by its signal id (VpdqSignalId, 32
// bytes), the "hash" its matches report.
struct EntryRef {
  std::string hashset;
  SignalType type = SignalType::kMd5;
  std::vector<uint8_t> hash;
};

// An entry switched off (HMA's per-content `disable_until_ts`): it stays in
// its set (exported, counted) but matches nothing while disabled. Set with
// HashsetStore::DisableEntry, cleared with EnableEntry.
struct DisabledEntry {
  uint32_t hashset_id = 0;
  std::string hashset;
  SignalType type = SignalType::kMd5;
  std::vector<uint8_t> hash;  // as EntryRef::hash
  // Unix time in milliseconds from which the entry matches again; 0: until
  // it is enabled again (permanently).
  int64_t until_ms = 0;
  std::string actor;
  std::string reason;
  int64_t disabled_at_ms = 0;
  uint64_t change_seq = 0;  // the "disable_entry" record

  // True when the entry matches nothing at `now_ms`.
  bool ActiveAt(int64_t now_ms) const {
    return until_ms == 0 || now_ms < until_ms;
  }
};

// Who makes a change and why (removals require a reason).
struct ChangeInfo {
  std::string actor;
  std::string reason;
};

// One record of the change log. `json` is the whole record as one JSON
// object (the form `vigil hashset log` prints); the other fields repeat the
// parts every record has.
struct ChangeRecord {
  uint64_t seq = 0;
  // "create", "add", "import", "remove", "delete", "enable", "disable",
  // "disable_entry", "enable_entry", "update"
  std::string op;
  std::string hashset;
  int64_t time_ms = 0;
  std::string json;
};

// Formats hash lists are imported from and exported to. Persisted in the
// change log by name only. See hashsets/README.md.
enum class HashsetFormat : uint8_t {
  kAuto = 0,   // import only: detect from the first data line
  kPlain = 1,  // one hash per line
  kTyped = 2,  // "<signal_type> <hash>" per line (python-threatexchange)
  kCsv = 3,    // RFC 4180 CSV with a header row
  kTsv = 4,    // tab-separated with a header row
};

// "auto", "plain", "typed", "csv", "tsv".
VIGIL_EXPORT const char* HashsetFormatName(HashsetFormat format);
VIGIL_EXPORT Result<HashsetFormat> ParseHashsetFormat(std::string_view name);

// Formats a Unix time in milliseconds as RFC 3339 UTC,
// "2026-11-29T02:31:19.123Z".
VIGIL_EXPORT std::string FormatRfc3339(int64_t unix_ms);

}  // namespace vigil

#endif  // VIGIL_HASHSET_H_
