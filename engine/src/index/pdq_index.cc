// Copyright 2026 The Vigil Authors.

#include "vigil/pdq_index.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_set>

#include "index/internal/mih_shard.h"
#include "index/internal/simd.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"

namespace vigil {

using internal::kMaxShardHashes;
using internal::Shard;
using internal::ShardHit;
using internal::ShardScratch;
using internal::Words;

namespace {

constexpr int kMaxRadius = 64;
constexpr size_t kFlatBlock = 4096;
// A shard is rebuilt when this share (in 1/8ths) of its pairs is removed.
constexpr size_t kTombstoneRebuildEighths = 2;

static_assert(sizeof(Hash256) == 32 && sizeof(Words) == 32);

Words ToWords(const Hash256& h) {
  Words w;
  std::memcpy(w.w, h.bytes.data(), 32);
  return w;
}

uint64_t TombKey(uint32_t pos, uint32_t id) {
  return (static_cast<uint64_t>(pos) << 32) | id;
}

Status CheckSizes(size_t hashes, size_t ids) {
  if (hashes == ids) return Status::OK();
  return Status(StatusCode::kInvalidArgument,
                "pdq index: " + std::to_string(hashes) + " hashes but " +
                    std::to_string(ids) + " ids");
}

Status CheckRadius(int radius) {
  if (radius >= 0 && radius <= kMaxRadius) return Status::OK();
  return Status(
      StatusCode::kInvalidArgument,
      "pdq index: radius must be 0..64, got " + std::to_string(radius));
}

bool ByDistanceThenId(const PdqMatch& a, const PdqMatch& b) {
  if (a.distance != b.distance) return a.distance < b.distance;
  return a.id < b.id;
}

}  // namespace

const char* PdqIndex::SimdLevel() { return internal::Kernels().name; }

struct PdqIndex::Impl {
  PdqIndexOptions options;
  // Oldest (largest) first; tombstones[k] holds TombKey(pos, id) of the
  // pairs removed from shards[k].
  std::vector<std::unique_ptr<Shard>> shards;
  std::vector<std::unordered_set<uint64_t>> tombstones;
  std::vector<Words> delta_hashes;
  std::vector<uint32_t> delta_ids;
  size_t live = 0;

  // Builds shards of at most kMaxShardHashes - 1 pairs each.
  void AppendShards(internal::HashView hashes, std::span<const uint32_t> ids) {
    const size_t chunk = kMaxShardHashes - 1;
    for (size_t begin = 0; begin < hashes.size; begin += chunk) {
      size_t len = std::min(chunk, hashes.size - begin);
      shards.push_back(Shard::Build(
          hashes.subspan(begin, len), ids.subspan(begin, len), options.flat_max,
          options.parallel_build, options.huge_pages));
      tombstones.emplace_back();
    }
  }

  size_t LivePairs(size_t k) const {
    return shards[k]->pairs() - tombstones[k].size();
  }

  // Appends the live pairs of shard k.
  void CollectLive(size_t k, std::vector<Words>* hashes,
                   std::vector<uint32_t>* ids) const {
    const Shard& s = *shards[k];
    for (uint32_t pos = 0; pos < s.unique(); ++pos) {
      for (uint32_t id : s.IdsAt(pos)) {
        if (!tombstones[k].empty() && tombstones[k].count(TombKey(pos, id))) {
          continue;
        }
        hashes->push_back(s.HashAt(pos));
        ids->push_back(id);
      }
    }
  }

  // Replaces shards [first, end) by shards holding their live pairs.
  void Rebuild(size_t first) {
    std::vector<Words> hashes;
    std::vector<uint32_t> ids;
    for (size_t k = first; k < shards.size(); ++k)
      CollectLive(k, &hashes, &ids);
    shards.resize(first);
    tombstones.resize(first);
    AppendShards(hashes, ids);
  }

  // LSM-style tiering: merge the newest shard into the one before while it
  // is at least half its size, so there are O(log n) shards and each pair
  // is rewritten O(log n) times.
  void MaybeMerge() {
    while (shards.size() >= 2) {
      size_t last = shards.size() - 1;
      size_t a = LivePairs(last - 1), b = LivePairs(last);
      if (b * 2 < a || a + b >= kMaxShardHashes) break;
      Rebuild(last - 1);
    }
  }

  void FlushDelta() {
    if (delta_hashes.empty()) return;
    AppendShards(delta_hashes, delta_ids);
    delta_hashes.clear();
    delta_ids.clear();
    MaybeMerge();
  }

  // Every live pair within radius of each query, appended to (*out)[i]
  // unsorted. Per shard, the queries run as a software pipeline: bucket
  // bounds of query i+2 are prefetched and the buckets of query i+1
  // planned (their entries prefetched) while query i is filtered.
  void SearchBatch(std::span<const Words> queries, int radius,
                   std::vector<std::vector<PdqMatch>>* out) const {
    const size_t n = queries.size();
    out->resize(n);
    for (auto& v : *out) v.clear();
    ShardScratch scratch;
    internal::ShardPlan plans[2];
    std::vector<ShardHit> hits;
    for (size_t k = 0; k < shards.size(); ++k) {
      const Shard& s = *shards[k];
      const auto& tomb = tombstones[k];
      if (n > 0) s.PrefetchProbes(queries[0], radius);
      if (n > 1) s.PrefetchProbes(queries[1], radius);
      if (n > 0) s.Plan(queries[0], radius, &plans[0]);
      for (size_t i = 0; i < n; ++i) {
        if (i + 2 < n) s.PrefetchProbes(queries[i + 2], radius);
        if (i + 1 < n) s.Plan(queries[i + 1], radius, &plans[(i + 1) & 1]);
        s.Execute(plans[i & 1], &scratch, &hits);
        for (const ShardHit& h : hits) {
          for (uint32_t id : s.IdsAt(h.pos)) {
            if (!tomb.empty() && tomb.count(TombKey(h.pos, id))) continue;
            (*out)[i].push_back({id, h.distance});
          }
        }
      }
    }
    const internal::HammingKernels& kern = internal::Kernels();
    scratch.out_pos.resize(kFlatBlock);
    scratch.out_dist.resize(kFlatBlock);
    for (size_t i = 0; i < n; ++i) {
      for (size_t base = 0; base < delta_hashes.size(); base += kFlatBlock) {
        size_t len = std::min(kFlatBlock, delta_hashes.size() - base);
        size_t found =
            kern.flat_scan(delta_hashes[base].w, len, queries[i].w, radius,
                           scratch.out_pos.data(), scratch.out_dist.data());
        for (size_t j = 0; j < found; ++j) {
          (*out)[i].push_back(
              {delta_ids[base + scratch.out_pos[j]], scratch.out_dist[j]});
        }
      }
    }
  }
};

PdqIndex::PdqIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdqIndex::~PdqIndex() = default;

Result<std::unique_ptr<PdqIndex>> PdqIndex::Create(
    const PdqIndexOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  return std::unique_ptr<PdqIndex>(new PdqIndex(std::move(impl)));
}

Result<std::unique_ptr<PdqIndex>> PdqIndex::Build(
    std::span<const Hash256> hashes, std::span<const uint32_t> ids,
    const PdqIndexOptions& options) {
  VIGIL_RETURN_IF_ERROR(CheckSizes(hashes.size(), ids.size()));
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  // Hash256 and Words have the same bytes: the build reads them in place.
  impl->AppendShards(internal::HashView(hashes.data(), hashes.size()), ids);
  impl->live = hashes.size();
  return std::unique_ptr<PdqIndex>(new PdqIndex(std::move(impl)));
}

size_t PdqIndex::size() const { return impl_->live; }

PdqIndexStats PdqIndex::Stats() const {
  PdqIndexStats s;
  s.pairs = impl_->live;
  s.shards = impl_->shards.size();
  s.delta = impl_->delta_hashes.size();
  s.memory_bytes = sizeof(Impl) + impl_->delta_hashes.capacity() * 32 +
                   impl_->delta_ids.capacity() * 4;
  for (size_t k = 0; k < impl_->shards.size(); ++k) {
    s.memory_bytes += impl_->shards[k]->MemoryBytes();
    s.tombstones += impl_->tombstones[k].size();
    // An unordered_set node: key, next pointer, cached hash; plus a bucket.
    s.memory_bytes += impl_->tombstones[k].size() * 32 +
                      impl_->tombstones[k].bucket_count() * 8;
  }
  return s;
}

Status PdqIndex::Add(std::span<const Hash256> hashes,
                     std::span<const uint32_t> ids) {
  VIGIL_RETURN_IF_ERROR(CheckSizes(hashes.size(), ids.size()));
  Impl& im = *impl_;
  for (size_t i = 0; i < hashes.size(); ++i) {
    im.delta_hashes.push_back(ToWords(hashes[i]));
    im.delta_ids.push_back(ids[i]);
    if (im.delta_hashes.size() >= std::max<size_t>(im.options.delta_max, 1)) {
      im.FlushDelta();
    }
  }
  im.live += hashes.size();
  return Status::OK();
}

Status PdqIndex::Remove(std::span<const Hash256> hashes,
                        std::span<const uint32_t> ids, size_t* removed) {
  VIGIL_RETURN_IF_ERROR(CheckSizes(hashes.size(), ids.size()));
  Impl& im = *impl_;
  size_t count = 0;
  for (size_t i = 0; i < hashes.size(); ++i) {
    const Words h = ToWords(hashes[i]);
    const uint32_t id = ids[i];
    for (size_t j = 0; j < im.delta_hashes.size();) {
      if (im.delta_ids[j] == id && im.delta_hashes[j] == h) {
        im.delta_hashes[j] = im.delta_hashes.back();
        im.delta_ids[j] = im.delta_ids.back();
        im.delta_hashes.pop_back();
        im.delta_ids.pop_back();
        ++count;
      } else {
        ++j;
      }
    }
    for (size_t k = 0; k < im.shards.size(); ++k) {
      int64_t pos = im.shards[k]->Find(h);
      if (pos < 0) continue;
      uint32_t p = static_cast<uint32_t>(pos);
      size_t copies = 0;
      for (uint32_t stored : im.shards[k]->IdsAt(p)) copies += stored == id;
      if (copies > 0 && im.tombstones[k].insert(TombKey(p, id)).second) {
        count += copies;
      }
    }
  }
  im.live -= count;
  // Rebuild shards that carry many tombstones (newest first, so indexes of
  // the shards still to check stay valid).
  for (size_t k = im.shards.size(); k-- > 0;) {
    if (im.tombstones[k].size() * 8 >
        im.shards[k]->pairs() * kTombstoneRebuildEighths) {
      std::vector<Words> hs;
      std::vector<uint32_t> is;
      im.CollectLive(k, &hs, &is);
      auto rebuilt =
          Shard::Build(hs, is, im.options.flat_max, im.options.parallel_build,
                       im.options.huge_pages);
      im.shards[k] = std::move(rebuilt);
      im.tombstones[k].clear();
    }
  }
  if (removed != nullptr) *removed = count;
  return Status::OK();
}

void PdqIndex::Compact() {
  Impl& im = *impl_;
  std::vector<Words> hashes = std::move(im.delta_hashes);
  std::vector<uint32_t> ids = std::move(im.delta_ids);
  im.delta_hashes.clear();
  im.delta_ids.clear();
  for (size_t k = 0; k < im.shards.size(); ++k)
    im.CollectLive(k, &hashes, &ids);
  im.shards.clear();
  im.tombstones.clear();
  im.AppendShards(hashes, ids);
}

Status PdqIndex::Search(std::span<const Hash256> queries,
                        const PdqMatchOptions& options,
                        PdqSearchResults* results) const {
  VIGIL_RETURN_IF_ERROR(CheckRadius(options.radius));
  results->offsets.assign(1, 0);
  results->offsets.reserve(queries.size() + 1);
  results->matches.clear();
  // Batches bound the per-query buffers; within one the pipeline runs.
  constexpr size_t kBatch = 256;
  std::vector<Words> words(std::min(kBatch, queries.size()));
  std::vector<std::vector<PdqMatch>> per_query;
  for (size_t first = 0; first < queries.size(); first += kBatch) {
    size_t n = std::min(kBatch, queries.size() - first);
    for (size_t i = 0; i < n; ++i) words[i] = ToWords(queries[first + i]);
    impl_->SearchBatch(std::span<const Words>(words.data(), n), options.radius,
                       &per_query);
    for (size_t i = 0; i < n; ++i) {
      std::sort(per_query[i].begin(), per_query[i].end(), ByDistanceThenId);
      results->matches.insert(results->matches.end(), per_query[i].begin(),
                              per_query[i].end());
      results->offsets.push_back(results->matches.size());
    }
  }
  return Status::OK();
}

Status PdqIndex::SearchDihedral(std::span<const Hash256> variants,
                                const PdqMatchOptions& options,
                                std::vector<PdqMatch>* matches) const {
  VIGIL_RETURN_IF_ERROR(CheckRadius(options.radius));
  if (variants.size() > 8) {
    return Status(StatusCode::kInvalidArgument,
                  "pdq index: at most 8 dihedral variants, got " +
                      std::to_string(variants.size()));
  }
  std::vector<Words> words;
  for (const Hash256& v : variants) words.push_back(ToWords(v));
  std::vector<std::vector<PdqMatch>> per_variant;
  impl_->SearchBatch(words, options.radius, &per_variant);
  matches->clear();
  for (const auto& v : per_variant) {
    matches->insert(matches->end(), v.begin(), v.end());
  }
  // One match per id, with its best distance over the variants.
  std::sort(matches->begin(), matches->end(),
            [](const PdqMatch& a, const PdqMatch& b) {
              if (a.id != b.id) return a.id < b.id;
              return a.distance < b.distance;
            });
  matches->erase(std::unique(matches->begin(), matches->end(),
                             [](const PdqMatch& a, const PdqMatch& b) {
                               return a.id == b.id;
                             }),
                 matches->end());
  std::sort(matches->begin(), matches->end(), ByDistanceThenId);
  return Status::OK();
}

}  // namespace vigil
