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

#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
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
    const std::string key = Key(set_id, type, hash);
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }

  void Put(uint32_t set_id, SignalType type, std::span<const uint8_t> hash,
           Value value) {
    std::string key = Key(set_id, type, hash);
    std::lock_guard<std::mutex> lock(mu_);
    if (map_.size() >= capacity_) map_.clear();
    map_.insert_or_assign(std::move(key), std::move(value));
  }

  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    map_.clear();
  }

  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return map_.size();
  }

 private:
  static std::string Key(uint32_t set_id, SignalType type,
                         std::span<const uint8_t> hash) {
    std::string key(5 + hash.size(), '\0');
    for (int i = 0; i < 4; ++i) key[i] = static_cast<char>(set_id >> (8 * i));
    key[4] = static_cast<char>(static_cast<uint8_t>(type));
    for (size_t i = 0; i < hash.size(); ++i) {
      key[5 + i] = static_cast<char>(hash[i]);
    }
    return key;
  }

  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Value> map_;  // GUARDED_BY(mu_)
};

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_ENTRY_CACHE_H_
