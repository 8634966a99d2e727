// Copyright 2026 The Vigil Authors.
//
// Parses hash lists (plain, typed, CSV, TSV; hashsets/README.md) into
// per-type record arrays, and sorts and de-duplicates them for a bulk
// import. Built for speed: the caller hands the whole text in one block
// (mmap of the file), lines are split with memchr and hex is decoded by
// table, with no allocation per line for plain and typed lists.
//
// Thread-safety: pure functions over caller-owned data.

#ifndef VIGIL_STORE_INTERNAL_IMPORT_PARSER_H_
#define VIGIL_STORE_INTERNAL_IMPORT_PARSER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/hashset.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"

namespace vigil::internal {

// Longest accepted external_id / category / note, in bytes.
inline constexpr size_t kMaxFieldBytes = 4096;

struct EntryMeta {
  std::string external_id;
  std::string category;
  std::string note;
};

// The records of one signal type, in input order: record i is the hash at
// hashes[i * size .. (i + 1) * size) and its ordinal (its position among all
// data records of the input, which indexes ParsedList::metas).
struct TypeRecords {
  SignalType type{};
  size_t size = 0;
  std::vector<uint8_t> hashes;
  std::vector<uint32_t> ordinals;
  size_t count() const { return ordinals.size(); }
};

struct ParsedList {
  HashsetFormat format = HashsetFormat::kAuto;
  uint64_t lines = 0;
  uint64_t records = 0;
  std::vector<TypeRecords> types;  // one per type seen, by type number
  // Metadata per ordinal; empty when the format carries none (plain, typed)
  // or no record has any.
  std::vector<EntryMeta> metas;
};

struct ParseOptions {
  HashsetFormat format = HashsetFormat::kAuto;
  std::optional<SignalType> type;
  // Types the target set allows; records of other types are errors.
  std::vector<SignalType> allowed;
};

// Parses `text`. Errors (kInvalidArgument): "line N, column C: reason" for
// the first bad line, or a message about the options.
Result<ParsedList> ParseHashList(std::string_view text,
                                 const ParseOptions& options);

// Sorts `records` by hash and drops repeated hashes, keeping the first one
// seen (lowest ordinal). Returns how many were dropped.
uint64_t SortAndDedupe(TypeRecords* records);

// Removes from sorted `records` every hash present in `existing` (sorted,
// n * records->size bytes). Returns how many were removed.
uint64_t RemoveExisting(TypeRecords* records,
                        const std::vector<uint8_t>& existing);

}  // namespace vigil::internal

#endif  // VIGIL_STORE_INTERNAL_IMPORT_PARSER_H_
