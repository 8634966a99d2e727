// Copyright 2026 The Vigil Authors.

#include "vigil/digest_index.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

namespace vigil {
namespace {

// Growth happens beyond this load factor (in 1/16ths): linear probing stays
// short up to ~0.75 and the whole key is inline, so probes are sequential.
constexpr size_t kMaxLoadSixteenths = 12;
constexpr size_t kMinSlots = 16;
// How many keys ahead LookupBatch prefetches.
constexpr size_t kPrefetchDistance = 32;

uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

size_t SlotsFor(size_t entries) {
  size_t want = std::max(kMinSlots, entries * 16 / kMaxLoadSixteenths + 1);
  size_t slots = kMinSlots;
  while (slots < want) slots <<= 1;
  return slots;
}

// Slot memory: 2 MiB-aligned and advised as transparent huge pages when
// large, since every lookup is a random access (a TLB miss per lookup with
// 4 KiB pages on a large table).
uint8_t* AllocateSlots(size_t bytes) {
  constexpr size_t kHuge = size_t{2} << 20;
  size_t align = bytes >= kHuge ? kHuge : 64;
  size_t alloc = (bytes + align - 1) / align * align;
  auto* p = static_cast<uint8_t*>(std::aligned_alloc(align, alloc));
  if (p == nullptr) std::abort();  // no exceptions across the engine
  if (align == kHuge) madvise(p, alloc, MADV_HUGEPAGE);
  return p;
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
  Rehash(SlotsFor(expected_entries));
}

DigestIndex::~DigestIndex() { std::free(slots_); }

size_t DigestIndex::HomeSlot(const uint8_t* key) const {
  // Cryptographic digests are uniform already; the multiply spreads keys
  // that are not (counters, zero-padded values) at the cost of one cycle.
  uint64_t h = Load64(key);
  h ^= h >> 29;
  h *= 0x9E3779B97F4A7C15ull;
  return static_cast<size_t>(h >> 20) & mask_;
}

uint64_t DigestIndex::IdAt(size_t i) const {
  return Load64(SlotAt(i) + key_size_);
}

void DigestIndex::Rehash(size_t slot_count) {
  uint8_t* old = slots_;
  size_t old_count = slot_bytes_ / stride_;
  slot_bytes_ = slot_count * stride_;
  slots_ = AllocateSlots(slot_bytes_);
  std::memset(slots_, 0, slot_bytes_);
  mask_ = slot_count - 1;
  for (size_t i = 0; i < slot_count; ++i) {
    std::memcpy(SlotAt(i) + key_size_, &kReservedId, 8);
  }
  for (size_t i = 0; i < old_count; ++i) {
    const uint8_t* slot = old + i * stride_;
    uint64_t id = Load64(slot + key_size_);
    if (id != kReservedId) Insert(slot, id);
  }
  std::free(old);
}

void DigestIndex::Insert(const uint8_t* key, uint64_t id) {
  size_t i = HomeSlot(key);
  while (IdAt(i) != kReservedId) i = (i + 1) & mask_;
  std::memcpy(SlotAt(i), key, key_size_);
  std::memcpy(SlotAt(i) + key_size_, &id, 8);
}

void DigestIndex::Reserve(size_t entries) {
  size_t slots = SlotsFor(entries);
  if (slots > mask_ + 1) Rehash(slots);
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
  for (size_t i = HomeSlot(key.data()); IdAt(i) != kReservedId;
       i = (i + 1) & mask_) {
    if (IdAt(i) == id && std::memcmp(SlotAt(i), key.data(), key_size_) == 0) {
      return Status::OK();
    }
  }
  if ((size_ + 1) * 16 > (mask_ + 1) * kMaxLoadSixteenths) {
    Rehash((mask_ + 1) * 2);
  }
  Insert(key.data(), id);
  ++size_;
  return Status::OK();
}

Status DigestIndex::Remove(std::span<const uint8_t> key, uint64_t id) {
  if (key.size() != key_size_) {
    return Status(StatusCode::kInvalidArgument,
                  "digest index expects " + std::to_string(key_size_) +
                      "-byte keys, got " + std::to_string(key.size()));
  }
  size_t i = HomeSlot(key.data());
  for (;; i = (i + 1) & mask_) {
    uint64_t slot_id = IdAt(i);
    if (slot_id == kReservedId) {
      return Status(StatusCode::kNotFound, "digest index: pair not stored");
    }
    if (slot_id == id && std::memcmp(SlotAt(i), key.data(), key_size_) == 0) {
      break;
    }
  }
  // Backward-shift deletion: move each later slot of the probe run into the
  // hole when its home slot allows it, so no tombstones are needed.
  size_t hole = i;
  for (size_t j = (i + 1) & mask_; IdAt(j) != kReservedId;
       j = (j + 1) & mask_) {
    size_t home = HomeSlot(SlotAt(j));
    // j may move to the hole iff its home is not in the cyclic range
    // (hole, j].
    bool home_in_range =
        hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
    if (!home_in_range) {
      std::memcpy(SlotAt(hole), SlotAt(j), stride_);
      hole = j;
    }
  }
  std::memcpy(SlotAt(hole) + key_size_, &kReservedId, 8);
  --size_;
  return Status::OK();
}

size_t DigestIndex::Lookup(std::span<const uint8_t> key,
                           std::vector<uint64_t>* ids) const {
  if (key.size() != key_size_) return 0;
  size_t found = 0;
  const uint64_t tag = Load64(key.data());
  for (size_t i = HomeSlot(key.data());; i = (i + 1) & mask_) {
    uint64_t id = IdAt(i);
    if (id == kReservedId) break;
    if (Load64(SlotAt(i)) == tag &&
        std::memcmp(SlotAt(i) + 8, key.data() + 8, key_size_ - 8) == 0) {
      ids->push_back(id);
      ++found;
    }
  }
  return found;
}

bool DigestIndex::Contains(std::span<const uint8_t> key) const {
  if (key.size() != key_size_) return false;
  // The first 8 bytes are compared inline: a memcmp call per probed slot
  // cost more than the cache miss on large tables.
  const uint64_t tag = Load64(key.data());
  for (size_t i = HomeSlot(key.data());; i = (i + 1) & mask_) {
    if (IdAt(i) == kReservedId) return false;
    if (Load64(SlotAt(i)) == tag &&
        std::memcmp(SlotAt(i) + 8, key.data() + 8, key_size_ - 8) == 0) {
      return true;
    }
  }
}

void DigestIndex::LookupBatch(std::span<const uint8_t> keys,
                              std::vector<size_t>* offsets,
                              std::vector<uint64_t>* ids) const {
  size_t n = keys.size() / key_size_;
  offsets->assign(1, 0);
  offsets->reserve(n + 1);
  ids->clear();
  const uint8_t* base = keys.data();
  for (size_t k = 0; k < n && k < kPrefetchDistance; ++k) {
    __builtin_prefetch(SlotAt(HomeSlot(base + k * key_size_)));
  }
  for (size_t k = 0; k < n; ++k) {
    if (k + kPrefetchDistance < n) {
      // Two lines: a probe run often crosses into the next one.
      const uint8_t* slot =
          SlotAt(HomeSlot(base + (k + kPrefetchDistance) * key_size_));
      __builtin_prefetch(slot);
      __builtin_prefetch(slot + 64);
    }
    const uint8_t* key = base + k * key_size_;
    const uint64_t tag = Load64(key);
    for (size_t i = HomeSlot(key);; i = (i + 1) & mask_) {
      uint64_t id = IdAt(i);
      if (id == kReservedId) break;
      if (Load64(SlotAt(i)) == tag &&
          std::memcmp(SlotAt(i) + 8, key + 8, key_size_ - 8) == 0) {
        ids->push_back(id);
      }
    }
    offsets->push_back(ids->size());
  }
}

}  // namespace vigil
