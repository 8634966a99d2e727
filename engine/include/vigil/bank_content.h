// Copyright 2026 The Vigil Authors.
//
// File: vigil/bank_content.h
// -----------------------------------------------------------------------------
// Bank content, as HMA 2.x ("OpenMediaMatch") calls it: the signals of one
// piece of media added to a hash set (an HMA "bank") as one entry, named by
// a sequential integer content id (1, 2, 3, ... per store; an id is never
// reused). `vigil serve`'s HMA routes use it; the entries themselves are
// ordinary entries of the set (HashsetStore::AddEntry), matched like any
// other. The store keeps the mapping in its "content" column family:
// content id -> (set, signals, disable_until_ts) and (set, signal) -> the
// content ids naming it, so a match can be reported with its content ids.
//
//   VIGIL_ASSIGN_OR_RETURN(vigil::BankContentAdd a,
//       vigil::AddBankContent(*store, "MY_BANK", signals, info));
//   // a.id == 1 for the store's first content
//   VIGIL_ASSIGN_OR_RETURN(vigil::BankContent c,
//                          vigil::GetBankContent(*store, a.id));
//
// Entries added otherwise (imports, `vigil hashset add`, /v1) have no
// content id. Two contents may name the same signal of a set (the set keeps
// one entry): removing one content removes only the signals no other
// content of the set names.
//
// Thread-safety: as the store (any thread). Writes need a writable store;
// they are serialised within the process.

#ifndef VIGIL_BANK_CONTENT_H_
#define VIGIL_BANK_CONTENT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/hashset.h"
#include "vigil/hashset_store.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"

namespace vigil {

// HMA's values of disable_until_ts: 0 disabled, 1 enabled (the default),
// any other value a Unix time in seconds until which the content is
// disabled.
inline constexpr int64_t kBankContentDisabled = 0;
inline constexpr int64_t kBankContentEnabled = 1;

struct BankContent {
  uint64_t id = 0;
  uint32_t hashset_id = 0;
  // The signals as added, in the order given (GetBankContent leaves out
  // those since removed from the set).
  std::vector<Signal> signals;
  int64_t added_at_ms = 0;  // Unix time, milliseconds
  std::string actor;        // who added it
  int64_t disable_until_ts = kBankContentEnabled;

  // HMA's rule: enabled unless disable_until_ts is 0 or a time after
  // `now_s` (Unix seconds).
  VIGIL_EXPORT bool EnabledAt(int64_t now_s) const;
};

struct BankContentAdd {
  uint64_t id = 0;
  AddResult result;  // of the AddEntry
};

// Adds `signals` to set `hashset` as one entry (HashsetStore::AddEntry with
// `info`; signals already in the set stay as they are) and names them with
// a new content id. Errors: those of AddEntry (kNotFound for the set,
// kInvalidArgument ...), kFailedPrecondition on a read-only store.
VIGIL_EXPORT Result<BankContentAdd> AddBankContent(
    HashsetStore& store, std::string_view hashset,
    std::span<const Signal> signals, const EntryInfo& info);

// Content `id` with those of its signals still in its set.
// Error: kNotFound (unknown id, removed, its set deleted, or none of its
// signals left in the set).
VIGIL_EXPORT Result<BankContent> GetBankContent(const HashsetStore& store,
                                                uint64_t id);

// Removes content `id` of set `hashset`: the signals no other content of
// the set names are removed from the set (HashsetStore::RemoveEntries,
// logged with `info`, whose reason is required), then the content record.
// Returns the number of contents deleted: 1, or 0 when `id` is not a
// content of that set. Error: kNotFound for an unknown set.
VIGIL_EXPORT Result<uint64_t> RemoveBankContent(HashsetStore& store,
                                                std::string_view hashset,
                                                uint64_t id,
                                                const ChangeInfo& info);

// Sets HMA's disable_until_ts of content `id` (see the constants above)
// and disables its entries accordingly (HashsetStore::DisableEntry: 0
// forever, a time until then; 1 EnableEntry), logged with `info`. An entry
// that another enabled content of the set names stays enabled (it still
// matches for that content). Errors: kNotFound, kInvalidArgument (negative
// time), those of DisableEntry / EnableEntry.
VIGIL_EXPORT Status SetBankContentDisableUntil(HashsetStore& store, uint64_t id,
                                               int64_t disable_until_ts,
                                               const ChangeInfo& info);

// The content ids naming `signal` in set `hashset_id`, ascending; empty
// when the entry was added otherwise.
VIGIL_EXPORT Result<std::vector<uint64_t>> BankContentIds(
    const HashsetStore& store, uint32_t hashset_id, const Signal& signal);

}  // namespace vigil

#endif  // VIGIL_BANK_CONTENT_H_
