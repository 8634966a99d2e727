// Copyright 2026 The Vigil Authors.
//
// EntryCache: a bounded map from a stored (hash set, signal type, hash) to
// the external id and category of its entry, so that describing a match
// does not read the store each time (a RocksDB point read per match was
// half the time of a batch of digest lookups, bench/serve/README.md).
//
// Correctness is the matcher's business (matcher.cc, Matcher::Describe):
// it uses the cache only while its indexes are as current as the store,
// and clears it under its writer lock before its change sequence moves
// past any change record, so a value cached before a change that removes
// or replaces the entry is never served after it. When full, the cache is
// cleared (cheap, and a batch refills what it needs).
//
// Thread-safety: all methods may be called concurrently.

#ifndef VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_ENTRY_CACHE_H_
#define VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_ENTRY_CACHE_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "vigil/signal_type.h"

namespace vigil::internal {

class EntryCache {
 public:
  struct Value {
    std::string external_id;
    std::string category;
    friend bool operator==(const Value&, const Value&) = default;
  };

  // REQUIRES: capacity > 0.
  explicit EntryCache(size_t capacity) : capacity_(capacity) {}

  std::optional<Value> Get(uint32_t set_id, SignalType type,
                           std::span<const uint8_t> hash) const {
    if (hash.size() > kMaxHash) return std::nullopt;
    const Key key = KeyOf(set_id, type, hash);
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }

  // A hash longer than kMaxHash bytes is not kept (Get reads nothing).
  void Put(uint32_t set_id, SignalType type, std::span<const uint8_t> hash,
           Value value) {
    if (hash.size() > kMaxHash) return;
    const Key key = KeyOf(set_id, type, hash);
    std::lock_guard<std::mutex> lock(mu_);
    if (map_.size() >= capacity_) map_.clear();
    map_.insert_or_assign(key, std::move(value));
  }

  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    map_.clear();
  }

  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return map_.size();
  }

  // The longest hash kept: every fixed-size kind (digests, PDQ).
  static constexpr size_t kMaxHash = 32;

 private:
  // Held in the map's node (no allocation per lookup, as a string key had).
  struct Key {
    uint32_t set_id = 0;
    uint8_t type = 0;
    uint8_t size = 0;
    uint16_t zero = 0;  // no padding: KeyHash reads every byte
    std::array<uint8_t, kMaxHash> hash{};
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<std::string_view>()(
          std::string_view(reinterpret_cast<const char*>(&k), sizeof(Key)));
    }
  };
  static_assert(sizeof(Key) == 8 + kMaxHash, "Key has no padding");

  static Key KeyOf(uint32_t set_id, SignalType type,
                   std::span<const uint8_t> hash) {
    Key key;
    key.set_id = set_id;
    key.type = static_cast<uint8_t>(type);
    key.size = static_cast<uint8_t>(hash.size());
    std::copy(hash.begin(), hash.end(), key.hash.begin());
    return key;
  }

  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<Key, Value, KeyHash> map_;  // GUARDED_BY(mu_)
};

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_ENTRY_CACHE_H_
