// Copyright 2026 The Vigil Authors.
//
// On-disk layout of the hash-set store (schema 1). Byte order is defined
// here, independently of the in-memory types; see hashsets/README.md
// ("Store layout") for the same description in prose.
//
// Column families:
//   default    "schema_version" -> decimal schema number
//              "next_hashset_id" -> decimal (ids are never reused)
//              "entry_disabled/" + entry key -> disable record (JSON)
//   hashsets   [id BE u32] -> hash-set record (JSON, enums as numbers)
//   entries    [type u8][hash bytes][hashset id BE u32] -> EntryValue
//   packed     [type u8][hashset id BE u32][segment BE u32] -> n sorted hashes
//   changelog  [seq BE u64] -> change record (JSON)
//   events     reserved for the event outbox
//
// Thread-safety: pure functions.

#ifndef VIGIL_STORE_INTERNAL_KEYS_H_
#define VIGIL_STORE_INTERNAL_KEYS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "vigil/result.h"
#include "vigil/signal_type.h"

namespace vigil::internal {

inline constexpr uint32_t kStoreSchemaVersion = 1;
inline constexpr char kSchemaVersionKey[] = "schema_version";
inline constexpr char kNextHashsetIdKey[] = "next_hashset_id";

inline constexpr char kHashsetsCf[] = "hashsets";
inline constexpr char kEntriesCf[] = "entries";
inline constexpr char kPackedCf[] = "packed";
inline constexpr char kChangelogCf[] = "changelog";
inline constexpr char kEventsCf[] = "events";
// API tokens (vigil/api_token.h); optional in a read-only handle of a store
// written before tokens existed.
inline constexpr char kTokensCf[] = "tokens";
// Bank content ids (vigil/bank_content.h); optional in a read-only handle of
// a store written before them.
inline constexpr char kContentCf[] = "content";

// Prefix (default column family) of the per-entry disable records; the
// rest of the key is the entry's key in "entries".
inline constexpr char kEntryDisabledPrefix[] = "entry_disabled/";

// Hashes per packed segment written by an import.
inline constexpr size_t kSegmentHashes = 65536;

void PutBigEndian32(std::string* out, uint32_t v);
void PutBigEndian64(std::string* out, uint64_t v);
uint32_t GetBigEndian32(const char* p);
uint64_t GetBigEndian64(const char* p);

std::string HashsetKey(uint32_t id);
std::string ChangelogKey(uint64_t seq);

// [type][hash][id]; `hash` has the type's size.
std::string EntryKey(SignalType type, std::span<const uint8_t> hash,
                     uint32_t hashset_id);
// True for the variable-size kinds (vPDQ, SignalValueForm::kVpdqSignal):
// each value is stored whole in a packed segment of its own, and its entry
// key holds its id (SHA-256 of its bytes) instead of the value.
bool StoredWhole(SignalType type);
// OK when `signal.bytes` is a well-formed value of its kind: the kind's size
// for fixed-size kinds, a decodable vPDQ signal with at least one frame for
// vPDQ. Error: kInvalidArgument saying why.
Status CheckSignalValue(const Signal& signal);
// The entry key of `signal` in set `hashset_id`: [type][bytes][id] for the
// fixed-size types, [type][VpdqSignalId(bytes)][id] for those stored whole
// (vPDQ, one video per segment).
std::string SignalEntryKey(const Signal& signal, uint32_t hashset_id);
// The size of the hash part of `type`'s entry keys (32 for vPDQ).
size_t EntryKeyHashSize(SignalType type);
// Writes the same key into `out` (resized), avoiding an allocation per call.
void EntryKeyInto(uint8_t type, const uint8_t* hash, size_t size,
                  uint32_t hashset_id, std::string* out);
std::string PackedKey(SignalType type, uint32_t hashset_id, uint32_t segment);
// Prefix of all packed segments of `type` in one set: [type][id].
std::string PackedSetPrefix(SignalType type, uint32_t hashset_id);

// The value stored for an entry.
struct EntryValue {
  uint32_t segment = 0;  // the packed segment holding the hash
  int64_t added_at_ms = 0;
  uint64_t change_seq = 0;
  std::string_view external_id;
  std::string_view category;
  std::string_view note;
};

// Appends the encoding: [u8 version=1][varint segment][varint added_ms]
// [varint change_seq][varint len][external_id][varint len][category]
// [varint len][note].
void EncodeEntryValue(const EntryValue& value, std::string* out);
// The views in the result point into `data`. Error: kCorruptInput.
Result<EntryValue> DecodeEntryValue(std::string_view data);

}  // namespace vigil::internal

#endif  // VIGIL_STORE_INTERNAL_KEYS_H_
