// Copyright 2026 The Vigil Authors.
//
// File: vigil/digest_index.h
// -----------------------------------------------------------------------------
// DigestIndex: exact lookup of fixed-size keys (MD5, SHA-1, SHA-256, XXH3-128
// or any other fixed-size signal) to the 64-bit ids of the entries that hold
// them. One key may map to several ids (several hash sets list the same
// digest); each (key, id) pair is stored once per Add.
//
//   VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<DigestIndex> index,
//                          DigestIndex::Create(/*key_size=*/32));
//   VIGIL_RETURN_IF_ERROR(index->Add(sha256_bytes, /*id=*/7));
//   std::vector<uint64_t> ids;
//   index->Lookup(sha256_bytes, &ids);   // ids == {7}
//
// Layout: open addressing with linear probing; every slot holds the whole key
// and its id inline, so a lookup costs one cache miss. The home slot comes
// from the first 8 key bytes (mixed, so non-random keys still spread).
// Removal shifts later slots back: there are no tombstones.
//
// Thread-safety: const methods may run concurrently with each other; Add,
// Remove and Reserve need exclusive access (the caller synchronises).

#ifndef VIGIL_DIGEST_INDEX_H_
#define VIGIL_DIGEST_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "vigil/export.h"
#include "vigil/result.h"
#include "vigil/status.h"

namespace vigil {

class VIGIL_EXPORT DigestIndex {
 public:
  // An id value the index reserves for empty slots; Add rejects it.
  static constexpr uint64_t kReservedId = ~uint64_t{0};

  // Creates an empty index for keys of exactly `key_size` bytes, with room
  // for `expected_entries` pairs before the first growth.
  // Errors: kInvalidArgument if key_size is not in [8, 64].
  static Result<std::unique_ptr<DigestIndex>> Create(
      size_t key_size, size_t expected_entries = 0);

  DigestIndex(const DigestIndex&) = delete;
  DigestIndex& operator=(const DigestIndex&) = delete;
  ~DigestIndex();

  size_t key_size() const { return key_size_; }
  // Number of stored (key, id) pairs.
  size_t size() const { return size_; }
  // Bytes held by the table.
  size_t MemoryBytes() const { return slot_bytes_; }

  // Stores the pair. Adding a pair that is present already is a no-op.
  // Errors: kInvalidArgument on a key of the wrong size or id==kReservedId.
  Status Add(std::span<const uint8_t> key, uint64_t id);

  // Removes the pair. Errors: kInvalidArgument on a key of the wrong size;
  // kNotFound if the pair is not stored.
  Status Remove(std::span<const uint8_t> key, uint64_t id);

  // Appends the ids stored under `key` to *ids (in no defined order) and
  // returns how many were appended; 0 also for a key of the wrong size.
  size_t Lookup(std::span<const uint8_t> key, std::vector<uint64_t>* ids) const;

  // True if some id is stored under `key`.
  bool Contains(std::span<const uint8_t> key) const;

  // Batched lookup with software prefetching, several times faster than
  // single lookups on tables larger than the cache. `keys` holds
  // keys.size() / key_size() keys back to back. On return, the ids of key i
  // are ids[offsets[i] .. offsets[i+1]) (offsets has one element per key
  // plus one). Both outputs are overwritten.
  // REQUIRES: keys.size() is a multiple of key_size().
  void LookupBatch(std::span<const uint8_t> keys, std::vector<size_t>* offsets,
                   std::vector<uint64_t>* ids) const;

  // Grows the table so that `entries` pairs fit without another growth.
  void Reserve(size_t entries);

 private:
  DigestIndex(size_t key_size, size_t expected_entries);

  size_t HomeSlot(const uint8_t* key) const;
  uint8_t* SlotAt(size_t i) { return slots_ + i * stride_; }
  const uint8_t* SlotAt(size_t i) const { return slots_ + i * stride_; }
  uint64_t IdAt(size_t i) const;
  void Rehash(size_t slot_count);
  void Insert(const uint8_t* key, uint64_t id);

  const size_t key_size_;
  const size_t stride_;  // key_size_ + 8, rounded up to 8
  size_t mask_ = 0;      // slot count - 1 (a power of two)
  size_t size_ = 0;
  // Owned; allocated on huge pages when large (see digest_index.cc).
  uint8_t* slots_ = nullptr;
  size_t slot_bytes_ = 0;
};

}  // namespace vigil

#endif  // VIGIL_DIGEST_INDEX_H_
