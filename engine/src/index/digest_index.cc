// Copyright 2026 The Vigil Authors.

#include "vigil/digest_index.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace vigil {

// One cache line: kSlots (tag, entry index) pairs. Tag 0 marks an empty
// slot. `passed` is set when an entry whose home is this bucket or an
// earlier one was placed beyond it (the bucket was full); it stays set until
// the next rehash, so lookups never stop too early after removals.
struct alignas(64) DigestIndex::Bucket {
  static constexpr int kSlots = 10;
  uint16_t tags[kSlots];
  uint8_t passed;
  uint8_t unused[3];
  uint32_t entries[kSlots];
};
static_assert(sizeof(DigestIndex::Bucket) == 64);

namespace {

using Bucket = DigestIndex::Bucket;

// Growth doubles the buckets beyond this many entries per bucket (of 10
// slots): bucket-wise linear probing stays short up to ~0.8.
constexpr size_t kMaxPerBucket = 8;
// Buckets are sized for this many entries each (load 0.6) when the final
// size is known (Create, Reserve): ~11 bytes of buckets per key; about 4% of
// the buckets spill into the next.
constexpr size_t kSizedPerBucket = 6;
// Entry indexes are 32-bit.
constexpr size_t kMaxEntries = (size_t{1} << 32) - 1;
// Pipeline distances of LookupBatch (keys): buckets are prefetched 2 x
// kStage keys ahead, entries kStage keys ahead. A stage spans roughly one
// memory latency of work. kRing > 2 x kStage.
constexpr size_t kStage = 16;
constexpr size_t kRing = 64;
static_assert(kRing > 2 * kStage && (kRing & (kRing - 1)) == 0);

__extension__ typedef unsigned __int128 Uint128;

uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// 2 MiB-aligned and advised as transparent huge pages when large, since
// every lookup is a random access (a TLB miss per lookup with 4 KiB pages
// on a large table). Aborts when memory is exhausted: no exceptions cross
// the engine.
void* AllocateTable(size_t bytes) {
  constexpr size_t kHuge = size_t{2} << 20;
  size_t align = bytes >= kHuge ? kHuge : 64;
  size_t alloc = std::max<size_t>(align, (bytes + align - 1) / align * align);
  void* p = std::aligned_alloc(align, alloc);
  if (p == nullptr) std::abort();
  if (align == kHuge) madvise(p, alloc, MADV_HUGEPAGE);
  return p;
}

uint16_t TagOf(uint64_t hash) {
  uint16_t tag = static_cast<uint16_t>(hash);
  return tag == 0 ? 1 : tag;
}

// Bit s set iff slot s holds `tag`.
inline uint32_t MatchTags(const Bucket& b, uint16_t tag) {
#if defined(__SSE2__)
  const __m128i want = _mm_set1_epi16(static_cast<int16_t>(tag));
  __m128i lo = _mm_load_si128(reinterpret_cast<const __m128i*>(b.tags));
  __m128i hi = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(b.tags + 8));
  __m128i eq =
      _mm_packs_epi16(_mm_cmpeq_epi16(lo, want), _mm_cmpeq_epi16(hi, want));
  return static_cast<uint32_t>(_mm_movemask_epi8(eq)) &
         ((1u << Bucket::kSlots) - 1);
#else
  uint32_t mask = 0;
  for (int s = 0; s < Bucket::kSlots; ++s) {
    mask |= static_cast<uint32_t>(b.tags[s] == tag) << s;
  }
  return mask;
#endif
}

// The key hash: every byte counts (8-byte words; the last word overlaps
// when the size is not a multiple of 8), so keys that share a prefix still
// spread. K is the key size when known at compile time (unrolled), else 0
// and `size` is used.
template <size_t K>
[[gnu::always_inline]] inline uint64_t HashKey(const uint8_t* key,
                                               size_t size) {
  const size_t n = K != 0 ? K : size;
  const size_t words = (n + 7) / 8;
  uint64_t h = n;
#pragma GCC unroll 8
  for (size_t w = 0; w < words; ++w) {
    h = (h ^ Load64(key + std::min(8 * w, n - 8))) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 32;
  }
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 29);
}

// Whole-key equality, without a branch per word.
template <size_t K>
[[gnu::always_inline]] inline bool SameKey(const uint8_t* a, const uint8_t* b,
                                           size_t size) {
  const size_t n = K != 0 ? K : size;
  const size_t words = (n + 7) / 8;
  uint64_t diff = 0;
#pragma GCC unroll 8
  for (size_t w = 0; w < words; ++w) {
    const size_t at = std::min(8 * w, n - 8);
    diff |= Load64(a + at) ^ Load64(b + at);
  }
  return diff == 0;
}

size_t BucketsFor(size_t entries) {
  return std::max<size_t>(1, (entries + kSizedPerBucket - 1) / kSizedPerBucket);
}

}  // namespace

Result<std::unique_ptr<DigestIndex>> DigestIndex::Create(
    size_t key_size, size_t expected_entries) {
  if (key_size < 8 || key_size > 64) {
    return Status(StatusCode::kInvalidArgument,
                  "digest index key size must be 8..64 bytes, got " +
                      std::to_string(key_size));
  }
  return std::unique_ptr<DigestIndex>(
      new DigestIndex(key_size, expected_entries));
}

DigestIndex::DigestIndex(size_t key_size, size_t expected_entries)
    : key_size_(key_size), stride_((key_size + 8 + 7) / 8 * 8) {
  Rehash(BucketsFor(expected_entries));
  GrowEntries(std::max<size_t>(16, expected_entries));
}

DigestIndex::~DigestIndex() {
  std::free(buckets_);
  std::free(entries_);
}

size_t DigestIndex::MemoryBytes() const {
  return bucket_count_ * sizeof(Bucket) + entry_capacity_ * stride_;
}

inline uint64_t DigestIndex::Hash(const uint8_t* key) const {
  return HashKey<0>(key, key_size_);
}

inline size_t DigestIndex::BucketOf(uint64_t hash) const {
  // Lemire's multiply-shift range reduction: any bucket count, no division.
  return static_cast<size_t>((static_cast<Uint128>(hash) * bucket_count_) >>
                             64);
}

inline bool DigestIndex::KeyEquals(uint32_t entry, const uint8_t* key) const {
  return SameKey<0>(EntryAt(entry), key, key_size_);
}

inline uint64_t DigestIndex::IdOf(uint32_t entry) const {
  return Load64(EntryAt(entry) + key_size_);
}

void DigestIndex::GrowEntries(size_t capacity) {
  auto* grown = static_cast<uint8_t*>(AllocateTable(capacity * stride_));
  if (size_ > 0) std::memcpy(grown, entries_, size_ * stride_);
  std::free(entries_);
  entries_ = grown;
  entry_capacity_ = capacity;
}

void DigestIndex::Rehash(size_t bucket_count) {
  std::free(buckets_);
  buckets_ = static_cast<Bucket*>(AllocateTable(bucket_count * sizeof(Bucket)));
  std::memset(static_cast<void*>(buckets_), 0, bucket_count * sizeof(Bucket));
  bucket_count_ = bucket_count;
  max_probe_ = 0;
  for (size_t e = 0; e < size_; ++e) {
    Place(Hash(EntryAt(static_cast<uint32_t>(e))), static_cast<uint32_t>(e));
  }
}

void DigestIndex::Place(uint64_t hash, uint32_t entry) {
  size_t b = BucketOf(hash);
  for (size_t step = 0;; ++step) {
    Bucket& bucket = buckets_[b];
    uint32_t empty = MatchTags(bucket, 0);
    if (empty != 0) {
      int s = __builtin_ctz(empty);
      bucket.tags[s] = TagOf(hash);
      bucket.entries[s] = entry;
      max_probe_ = std::max(max_probe_, step);
      return;
    }
    bucket.passed = 1;
    b = b + 1 == bucket_count_ ? 0 : b + 1;
  }
}

uint32_t* DigestIndex::SlotOf(uint64_t hash, uint32_t entry) {
  const uint16_t tag = TagOf(hash);
  size_t b = BucketOf(hash);
  for (;;) {
    Bucket& bucket = buckets_[b];
    for (uint32_t m = MatchTags(bucket, tag); m != 0; m &= m - 1) {
      int s = __builtin_ctz(m);
      if (bucket.entries[s] == entry) return &bucket.entries[s];
    }
    b = b + 1 == bucket_count_ ? 0 : b + 1;
  }
}

size_t DigestIndex::Collect(const uint8_t* key, uint64_t hash, size_t b,
                            size_t step, std::vector<uint64_t>* ids) const {
  const uint16_t tag = TagOf(hash);
  size_t found = 0;
  for (;; ++step) {
    const Bucket& bucket = buckets_[b];
    for (uint32_t m = MatchTags(bucket, tag); m != 0; m &= m - 1) {
      uint32_t e = bucket.entries[__builtin_ctz(m)];
      if (KeyEquals(e, key)) {
        ids->push_back(IdOf(e));
        ++found;
      }
    }
    if (!bucket.passed || step >= max_probe_) return found;
    b = b + 1 == bucket_count_ ? 0 : b + 1;
  }
}

void DigestIndex::Reserve(size_t entries) {
  if (entries > bucket_count_ * kMaxPerBucket) Rehash(BucketsFor(entries));
  if (entries > entry_capacity_) GrowEntries(entries);
}

Status DigestIndex::Add(std::span<const uint8_t> key, uint64_t id) {
  if (key.size() != key_size_) {
    return Status(StatusCode::kInvalidArgument,
                  "digest index expects " + std::to_string(key_size_) +
                      "-byte keys, got " + std::to_string(key.size()));
  }
  if (id == kReservedId) {
    return Status(StatusCode::kInvalidArgument,
                  "digest index id 2^64-1 is reserved");
  }
  const uint64_t hash = Hash(key.data());
  const uint16_t tag = TagOf(hash);
  size_t b = BucketOf(hash);
  for (size_t step = 0;; ++step) {
    const Bucket& bucket = buckets_[b];
    for (uint32_t m = MatchTags(bucket, tag); m != 0; m &= m - 1) {
      uint32_t e = bucket.entries[__builtin_ctz(m)];
      if (IdOf(e) == id && KeyEquals(e, key.data())) return Status::OK();
    }
    if (!bucket.passed || step >= max_probe_) break;
    b = b + 1 == bucket_count_ ? 0 : b + 1;
  }
  if (size_ >= kMaxEntries) {
    return Status(StatusCode::kLimitExceeded,
                  "digest index holds at most 2^32 - 1 pairs");
  }
  if (size_ + 1 > bucket_count_ * kMaxPerBucket) Rehash(bucket_count_ * 2);
  if (size_ == entry_capacity_) GrowEntries(entry_capacity_ * 2);
  uint8_t* entry = entries_ + size_ * stride_;
  std::memcpy(entry, key.data(), key_size_);
  std::memcpy(entry + key_size_, &id, 8);
  Place(hash, static_cast<uint32_t>(size_));
  ++size_;
  return Status::OK();
}

Status DigestIndex::Remove(std::span<const uint8_t> key, uint64_t id) {
  if (key.size() != key_size_) {
    return Status(StatusCode::kInvalidArgument,
                  "digest index expects " + std::to_string(key_size_) +
                      "-byte keys, got " + std::to_string(key.size()));
  }
  const uint64_t hash = Hash(key.data());
  const uint16_t tag = TagOf(hash);
  size_t b = BucketOf(hash);
  for (size_t step = 0;; ++step) {
    Bucket& bucket = buckets_[b];
    for (uint32_t m = MatchTags(bucket, tag); m != 0; m &= m - 1) {
      int s = __builtin_ctz(m);
      uint32_t e = bucket.entries[s];
      if (IdOf(e) != id || !KeyEquals(e, key.data())) continue;
      bucket.tags[s] = 0;
      // Keep the entries dense: the last one moves into the hole.
      const uint32_t last = static_cast<uint32_t>(size_ - 1);
      if (e != last) {
        *SlotOf(Hash(EntryAt(last)), last) = e;
        std::memcpy(entries_ + size_t{e} * stride_, EntryAt(last), stride_);
      }
      --size_;
      return Status::OK();
    }
    if (!bucket.passed || step >= max_probe_) break;
    b = b + 1 == bucket_count_ ? 0 : b + 1;
  }
  return Status(StatusCode::kNotFound, "digest index: pair not stored");
}

// Single lookups are plain loops with a branch on the tag match. A
// branch-free variant (select the candidate entry or the key itself, compare
// unconditionally) measured 1.3-2.4x slower at 10M keys: every lookup then
// waits on its entry's address before its loads can leave the queue.
template <size_t K>
size_t DigestIndex::LookupImpl(const uint8_t* key,
                               std::vector<uint64_t>* ids) const {
  const uint64_t hash = HashKey<K>(key, key_size_);
  const uint16_t tag = TagOf(hash);
  size_t b = BucketOf(hash);
  size_t found = 0;
  for (size_t step = 0;; ++step) {
    const Bucket& bucket = buckets_[b];
    for (uint32_t m = MatchTags(bucket, tag); m != 0; m &= m - 1) {
      const uint32_t e = bucket.entries[__builtin_ctz(m)];
      if (SameKey<K>(EntryAt(e), key, key_size_)) {
        ids->push_back(IdOf(e));
        ++found;
      }
    }
    if (!bucket.passed || step >= max_probe_) return found;
    b = b + 1 == bucket_count_ ? 0 : b + 1;
  }
}

template <size_t K>
bool DigestIndex::ContainsImpl(const uint8_t* key) const {
  const uint64_t hash = HashKey<K>(key, key_size_);
  const uint16_t tag = TagOf(hash);
  size_t b = BucketOf(hash);
  for (size_t step = 0;; ++step) {
    const Bucket& bucket = buckets_[b];
    for (uint32_t m = MatchTags(bucket, tag); m != 0; m &= m - 1) {
      if (SameKey<K>(EntryAt(bucket.entries[__builtin_ctz(m)]), key,
                     key_size_)) {
        return true;
      }
    }
    if (!bucket.passed || step >= max_probe_) return false;
    b = b + 1 == bucket_count_ ? 0 : b + 1;
  }
}

template <size_t K>
void DigestIndex::LookupBatchImpl(std::span<const uint8_t> keys,
                                  std::vector<size_t>* offsets,
                                  std::vector<uint64_t>* ids) const {
  const size_t n = keys.size() / key_size_;
  offsets->resize(n + 1);
  size_t* off = offsets->data();
  off[0] = 0;
  ids->clear();
  const uint8_t* base = keys.data();
  // A three-stage software pipeline over a ring of keys: (1) hash, prefetch
  // the home bucket; (2) kStage keys later, match the tags and prefetch the
  // candidate entries (and the next bucket if the home one spilled); (3)
  // kStage keys later again, compare whole keys and emit ids.
  struct Pending {
    uint64_t hash;
    size_t bucket;
    uint32_t mask;
  };
  Pending ring[kRing];
  auto stage1 = [&](size_t i) {
    const uint64_t hash = HashKey<K>(base + i * key_size_, key_size_);
    const size_t b = BucketOf(hash);
    ring[i % kRing] = {hash, b, 0};
    __builtin_prefetch(&buckets_[b]);
  };
  auto stage2 = [&](size_t i) {
    Pending& p = ring[i % kRing];
    const Bucket& bucket = buckets_[p.bucket];
    p.mask = MatchTags(bucket, TagOf(p.hash));
    for (uint32_t m = p.mask; m != 0; m &= m - 1) {
      const uint8_t* e = EntryAt(bucket.entries[__builtin_ctz(m)]);
      __builtin_prefetch(e);
      __builtin_prefetch(e + stride_ - 1);
    }
    if (bucket.passed) {
      __builtin_prefetch(
          &buckets_[p.bucket + 1 == bucket_count_ ? 0 : p.bucket + 1]);
    }
  };
  auto stage3 = [&](size_t i) {
    const Pending& p = ring[i % kRing];
    const uint8_t* key = base + i * key_size_;
    const Bucket& bucket = buckets_[p.bucket];
    for (uint32_t m = p.mask; m != 0; m &= m - 1) {
      uint32_t e = bucket.entries[__builtin_ctz(m)];
      if (SameKey<K>(EntryAt(e), key, key_size_)) ids->push_back(IdOf(e));
    }
    if (bucket.passed && max_probe_ > 0) {
      size_t next = p.bucket + 1 == bucket_count_ ? 0 : p.bucket + 1;
      Collect(key, p.hash, next, 1, ids);
    }
    off[i + 1] = ids->size();
  };
  for (size_t i = 0; i < n + 2 * kStage; ++i) {
    if (i < n) stage1(i);
    if (i >= kStage && i - kStage < n) stage2(i - kStage);
    if (i >= 2 * kStage) stage3(i - 2 * kStage);
  }
}

// The common digest sizes get code specialised for their length (MD5 and
// XXH3-128: 16, SHA-1: 20, SHA-256: 32); other sizes take the generic path.
size_t DigestIndex::Lookup(std::span<const uint8_t> key,
                           std::vector<uint64_t>* ids) const {
  if (key.size() != key_size_) return 0;
  switch (key_size_) {
    case 16:
      return LookupImpl<16>(key.data(), ids);
    case 20:
      return LookupImpl<20>(key.data(), ids);
    case 32:
      return LookupImpl<32>(key.data(), ids);
    default:
      return LookupImpl<0>(key.data(), ids);
  }
}

bool DigestIndex::Contains(std::span<const uint8_t> key) const {
  if (key.size() != key_size_) return false;
  switch (key_size_) {
    case 16:
      return ContainsImpl<16>(key.data());
    case 20:
      return ContainsImpl<20>(key.data());
    case 32:
      return ContainsImpl<32>(key.data());
    default:
      return ContainsImpl<0>(key.data());
  }
}

void DigestIndex::LookupBatch(std::span<const uint8_t> keys,
                              std::vector<size_t>* offsets,
                              std::vector<uint64_t>* ids) const {
  switch (key_size_) {
    case 16:
      return LookupBatchImpl<16>(keys, offsets, ids);
    case 20:
      return LookupBatchImpl<20>(keys, offsets, ids);
    case 32:
      return LookupBatchImpl<32>(keys, offsets, ids);
    default:
      return LookupBatchImpl<0>(keys, offsets, ids);
  }
}

}  // namespace vigil
