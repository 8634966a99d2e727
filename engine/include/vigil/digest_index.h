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
// Layout: a bucketised hash table. Each bucket is one 64-byte cache line
// with 10 slots of a 16-bit tag (from the key's hash) and a 32-bit index
// into a dense array of (key, id) entries. A lookup reads one bucket line,
// compares the tags with SIMD, and reads an entry only on a tag hit (a miss
// reads an entry with probability ~1.5e-4), so a miss costs one cache line
// and a hit two. A full bucket spills into the next one (linear probing by
// buckets); a per-bucket flag says whether to continue. The hash covers
// every key byte, so keys need not be uniform. About 51 bytes per 32-byte
// key when sized up front (Create, Reserve).
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
  // Bytes held by the table (buckets and entries).
  size_t MemoryBytes() const;

  // Stores the pair. Adding a pair that is present already is a no-op.
  // Errors: kInvalidArgument on a key of the wrong size or id==kReservedId;
  // kLimitExceeded beyond 2^32 - 2 pairs.
  Status Add(std::span<const uint8_t> key, uint64_t id);

  // Removes the pair. Errors: kInvalidArgument on a key of the wrong size;
  // kNotFound if the pair is not stored.
  Status Remove(std::span<const uint8_t> key, uint64_t id);

  // Appends the ids stored under `key` to *ids (in no defined order) and
  // returns how many were appended; 0 also for a key of the wrong size.
  size_t Lookup(std::span<const uint8_t> key, std::vector<uint64_t>* ids) const;

  // True if some id is stored under `key`.
  bool Contains(std::span<const uint8_t> key) const;

  // Batched lookup, software-pipelined: the buckets of keys i+2D are
  // prefetched and the entries of keys i+D while key i is resolved, so the
  // memory latency of one key overlaps the others'. Much faster than single
  // lookups on tables larger than the cache. `keys` holds
  // keys.size() / key_size() keys back to back. On return, the ids of key i
  // are ids[offsets[i] .. offsets[i+1]) (offsets has one element per key
  // plus one). Both outputs are overwritten.
  // REQUIRES: keys.size() is a multiple of key_size().
  void LookupBatch(std::span<const uint8_t> keys, std::vector<size_t>* offsets,
                   std::vector<uint64_t>* ids) const;

  // Grows the table so that `entries` pairs fit without another growth.
  void Reserve(size_t entries);

 public:
  struct Bucket;  // defined in digest_index.cc

 private:
  DigestIndex(size_t key_size, size_t expected_entries);

  uint64_t Hash(const uint8_t* key) const;
  size_t BucketOf(uint64_t hash) const;
  bool KeyEquals(uint32_t entry, const uint8_t* key) const;
  const uint8_t* EntryAt(uint32_t entry) const {
    return entries_ + size_t{entry} * stride_;
  }
  uint64_t IdOf(uint32_t entry) const;
  // Finds the slot holding `entry` (whose hash is `hash`). REQUIRES: stored.
  uint32_t* SlotOf(uint64_t hash, uint32_t entry);
  // Places entry `entry` (already in entries_) in the buckets.
  void Place(uint64_t hash, uint32_t entry);
  void Rehash(size_t bucket_count);
  void GrowEntries(size_t capacity);
  // K: the key size when the code is specialised for it, else 0.
  template <size_t K>
  size_t LookupImpl(const uint8_t* key, std::vector<uint64_t>* ids) const;
  template <size_t K>
  bool ContainsImpl(const uint8_t* key) const;
  template <size_t K>
  void LookupBatchImpl(std::span<const uint8_t> keys,
                       std::vector<size_t>* offsets,
                       std::vector<uint64_t>* ids) const;
  // Appends the ids of `key` (hash `hash`) to *ids, starting at bucket b,
  // `step` buckets past the key's home bucket.
  size_t Collect(const uint8_t* key, uint64_t hash, size_t b, size_t step,
                 std::vector<uint64_t>* ids) const;

  const size_t key_size_;
  const size_t stride_;  // key_size_ + 8, rounded up to 8
  size_t size_ = 0;
  // Owned (allocated 64-byte or 2 MiB aligned, huge-page advised; see
  // digest_index.cc). entries_ holds size_ entries of stride_ bytes.
  Bucket* buckets_ = nullptr;
  size_t bucket_count_ = 0;
  // The farthest any entry was placed from its home bucket since the last
  // rehash: bounds every probe.
  size_t max_probe_ = 0;
  uint8_t* entries_ = nullptr;
  size_t entry_capacity_ = 0;
};

}  // namespace vigil

#endif  // VIGIL_DIGEST_INDEX_H_
