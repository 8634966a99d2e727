// Copyright 2026 The Vigil Authors.

#include "pipeline/internal/matcher.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <optional>

#include "vigil/hex.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

const char* VariantName(int variant) {
  static const char* const kNames[] = {"original",  "rot90",     "rot180",
                                       "rot270",    "flipx",     "flipy",
                                       "flipplus1", "flipminus1"};
  return variant >= 0 && variant < 8 ? kNames[variant] : "unknown";
}

// True when `candidate` should replace `current` as a set's best match:
// smaller distance first; on a tie, the stronger evidence (the kind's
// tie_rank: exact digests, then a whole video, then one image or frame),
// then the smaller stored hash (so that the choice does not depend on how
// the index is laid out).
bool Better(const ScanMatch& candidate, const ScanMatch& current) {
  if (candidate.match.distance != current.match.distance) {
    return candidate.match.distance < current.match.distance;
  }
  int a = KindOf(candidate.match.signal_type).tie_rank;
  int b = KindOf(current.match.signal_type).tie_rank;
  if (a != b) return a < b;
  return candidate.match.signal_type == current.match.signal_type &&
         candidate.match.hash < current.match.hash;
}

}  // namespace

void OfferMatch(std::map<uint32_t, ScanMatch>* best, uint32_t set_id,
                ScanMatch m) {
  auto it = best->find(set_id);
  if (it == best->end()) {
    best->emplace(set_id, std::move(m));
  } else if (Better(m, it->second)) {
    it->second = std::move(m);
  }
}

bool HitCounts(const Hashset& set, SignalType type, uint32_t distance,
               int quality) {
  return set.config.Allows(type) &&
         static_cast<int>(distance) <= set.config.ThresholdFor(type) &&
         quality >= set.config.MinQualityFor(type);
}

std::vector<ScanMatch> SortedMatches(std::map<uint32_t, ScanMatch>* best) {
  std::vector<ScanMatch> out;
  out.reserve(best->size());
  for (auto& [id, m] : *best) out.push_back(std::move(m));
  std::sort(out.begin(), out.end(), [](const ScanMatch& a, const ScanMatch& b) {
    return a.match.hashset < b.match.hashset;
  });
  return out;
}

Result<std::unique_ptr<Matcher>> Matcher::Build(
    const HashsetStore& store, const std::vector<std::string>& only) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Matcher> m(new Matcher(store, only));
  m->change_seq_ = store.LastChangeSeq();
  std::vector<Hashset> chosen;
  if (only.empty()) {
    chosen = store.ListHashsets();
  } else {
    for (const std::string& name : only) {
      VIGIL_ASSIGN_OR_RETURN(Hashset set, store.GetHashset(name));
      chosen.push_back(std::move(set));
    }
  }
  // Disabled sets match nothing: they are not loaded.
  for (Hashset& set : chosen) {
    if (set.enabled) m->sets_[set.id] = std::move(set);
  }
  auto selected = [&](uint32_t id) { return m->sets_.count(id) > 0; };

  // Every file-digest kind of the table gets an exact index.
  for (const SignalKind& kind : AllSignalKinds()) {
    if (kind.match_path != SignalMatchPath::kFileDigest) continue;
    const SignalType type = kind.type;
    const size_t size = kind.byte_size;
    uint64_t expected = 0;
    for (const auto& [id, set] : m->sets_) {
      auto it = set.entry_counts.find(type);
      if (it != set.entry_counts.end()) expected += it->second;
    }
    if (expected == 0) continue;
    VIGIL_ASSIGN_OR_RETURN(auto index, DigestIndex::Create(size, expected));
    VIGIL_RETURN_IF_ERROR(store.ForEachPackedHashes(
        type, [&](uint32_t set_id, std::span<const uint8_t> hashes) {
          if (!selected(set_id)) return Status::OK();
          const size_t before = index->size();
          for (size_t off = 0; off + size <= hashes.size(); off += size) {
            VIGIL_RETURN_IF_ERROR(
                index->Add(hashes.subspan(off, size), set_id));
          }
          m->digest_pairs_by_set_[set_id] += index->size() - before;
          return Status::OK();
        }));
    m->digests_[type] = std::move(index);
  }

  std::vector<Hash256> pdq_hashes;
  std::vector<uint32_t> pdq_sets;
  VIGIL_RETURN_IF_ERROR(store.ForEachPackedHashes(
      SignalType::kPdq, [&](uint32_t set_id, std::span<const uint8_t> hashes) {
        if (!selected(set_id)) return Status::OK();
        for (size_t off = 0; off + 32 <= hashes.size(); off += 32) {
          Hash256 h;
          std::memcpy(h.bytes.data(), hashes.data() + off, 32);
          pdq_hashes.push_back(h);
          pdq_sets.push_back(set_id);
        }
        return Status::OK();
      }));
  VIGIL_RETURN_IF_ERROR(m->FlushPdq(&pdq_hashes, &pdq_sets));

  bool videos = false;
  for (const auto& [id, set] : m->sets_) {
    videos |= set.config.Allows(SignalType::kVpdq);
  }
  if (videos) {
    VIGIL_RETURN_IF_ERROR(
        store.ForEachEntry(SignalType::kVpdq, [&](const Entry& e) -> Status {
          if (!selected(e.hashset_id)) return Status::OK();
          return m->AddVideo(m->sets_.at(e.hashset_id), e.signal.bytes,
                             e.external_id, e.category);
        }));
  }
  VIGIL_RETURN_IF_ERROR(store.ForEachDisabledEntry([&](const DisabledEntry& d) {
    m->disabled_[{d.hashset_id, DisabledKeyOf(d.type, d.hash)}] = d.until_ms;
    return Status::OK();
  }));
  m->UpdateRadii();
  // Changes committed while the data was read may be in it already.
  m->dedup_through_ = store.LastChangeSeq() + 1;
  m->build_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return m;
}

const Hashset* Matcher::ActiveSet(uint32_t id) const {
  auto it = sets_.find(id);
  return it == sets_.end() ? nullptr : &it->second;
}

std::string DisabledKeyOf(SignalType type, std::span<const uint8_t> hash) {
  std::string key(1, static_cast<char>(static_cast<uint8_t>(type)));
  key.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  return key;
}

bool Matcher::EntryDisabled(uint32_t set_id, SignalType type,
                            std::span<const uint8_t> hash) const {
  if (disabled_.empty()) return false;
  auto it = disabled_.find({set_id, DisabledKeyOf(type, hash)});
  if (it == disabled_.end()) return false;
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  return it->second == 0 || now_ms < it->second;
}

std::unique_lock<std::shared_mutex> Matcher::WriterLock() const {
  // Holding the gate while waiting keeps new readers out, so a stream of
  // overlapping readers cannot starve the updater.
  std::lock_guard<std::mutex> gate(gate_);
  return std::unique_lock<std::shared_mutex>(mu_);
}

std::shared_lock<std::shared_mutex> Matcher::ReaderLock() const {
  { std::lock_guard<std::mutex> gate(gate_); }
  return std::shared_lock<std::shared_mutex>(mu_);
}

Status Matcher::Describe(const Hashset& set, SignalType type,
                         std::span<const uint8_t> stored, ScanMatch* m) const {
  m->action = set.config.action;
  m->match.hashset = set.config.name;
  m->match.hashset_id = set.id;
  m->match.signal_type = type;
  m->match.threshold = set.config.ThresholdFor(type);
  m->match.hash = HexEncode(stored);
  // The cache holds the store as of change_seq() (ApplyChanges clears it
  // before moving past a change): while the store has nothing newer it
  // answers as the store would. Otherwise the store is read and the value
  // not kept (it may be newer than the indexes). A value read here while
  // the store is current stays valid until the next change, whose
  // ApplyChanges clears it under the writer lock, which waits for this
  // reader.
  const bool current = store_.LastChangeSeq() == change_seq_.load();
  if (current) {
    if (std::optional<EntryCache::Value> v =
            entry_cache_.Get(set.id, type, stored)) {
      m->match.external_id = std::move(v->external_id);
      m->match.category = std::move(v->category);
      return Status::OK();
    }
  }
  Signal signal{type, std::vector<uint8_t>(stored.begin(), stored.end()), -1};
  Result<Entry> entry = store_.GetEntry(set.id, signal);
  if (entry.ok()) {
    m->match.external_id = entry->external_id;
    m->match.category = entry->category;
    if (current) {
      entry_cache_.Put(set.id, type, stored,
                       {entry->external_id, entry->category});
    }
  } else if (entry.status().code() != StatusCode::kNotFound) {
    // Removed since the index was built: still a match of the index's
    // snapshot, reported without metadata. Other errors are real.
    return entry.status();
  }
  return Status::OK();
}

Status Matcher::AddDigestMatches(const MediaHashes& hashes,
                                 std::map<uint32_t, ScanMatch>* best) const {
  for (const auto& [type, index] : digests_) {
    VIGIL_RETURN_IF_ERROR(
        AddDigestMatch(type, hashes.digests.Bytes(type), best));
  }
  return Status::OK();
}

Status Matcher::AddDigestMatch(SignalType type, std::span<const uint8_t> digest,
                               std::map<uint32_t, ScanMatch>* best) const {
  auto index = digests_.find(type);
  if (index == digests_.end()) return Status::OK();
  std::vector<uint64_t> ids;
  index->second->Lookup(digest, &ids);
  for (uint64_t id : ids) {
    VIGIL_RETURN_IF_ERROR(OfferDigestHit(type, digest, id, best));
  }
  return Status::OK();
}

Status Matcher::OfferDigestHit(SignalType type, std::span<const uint8_t> digest,
                               uint64_t id,
                               std::map<uint32_t, ScanMatch>* best) const {
  const Hashset* set = ActiveSet(static_cast<uint32_t>(id));
  if (set == nullptr || !set->config.Allows(type)) return Status::OK();
  if (EntryDisabled(set->id, type, digest)) return Status::OK();
  ScanMatch m;
  VIGIL_RETURN_IF_ERROR(Describe(*set, type, digest, &m));
  m.match.distance = 0;
  m.match.query_hash = m.match.hash;
  OfferMatch(best, set->id, std::move(m));
  return Status::OK();
}

Status Matcher::AddPdqMatches(const MediaHashes& hashes, bool dihedral,
                              std::map<uint32_t, ScanMatch>* best) const {
  if (!hashes.pdq.has_value() || pdq_.empty()) return Status::OK();
  // The query variants: the plain hash (or the 8 dihedral ones), and the
  // picture inside bars when some were found; each with its name and
  // quality.
  std::vector<Hash256> queries;
  std::vector<const char*> variants;
  std::vector<int> qualities;
  auto add_query = [&](const PdqResult& r, const char* variant) {
    queries.push_back(r.hash);
    variants.push_back(variant);
    qualities.push_back(r.quality);
  };
  if (dihedral && hashes.pdq_dihedral.has_value()) {
    for (int v = 0; v < 8; ++v) {
      add_query((*hashes.pdq_dihedral)[v], VariantName(v));
    }
  } else {
    add_query(*hashes.pdq, VariantName(0));
  }
  if (hashes.pdq_unletterboxed.has_value()) {
    add_query(*hashes.pdq_unletterboxed, "unletterboxed");
  }
  if (hashes.pdq_unletterboxed_strict.has_value()) {
    add_query(*hashes.pdq_unletterboxed_strict, "unletterboxed");
  }
  for (const MediaHashes::OneSided& o : hashes.pdq_unletterboxed_one_side) {
    add_query(o.pdq, "unletterboxed");
  }
  PdqSearchResults results;
  PdqMatchOptions options;
  options.radius = pdq_radius_;
  for (const auto& segment : pdq_) {
    VIGIL_RETURN_IF_ERROR(segment->index->Search(queries, options, &results));
    VIGIL_RETURN_IF_ERROR(
        OfferPdqHits(*segment, queries, variants, qualities, results, best));
  }
  return Status::OK();
}

Status Matcher::OfferPdqHits(const PdqSegment& segment,
                             std::span<const Hash256> queries,
                             std::span<const char* const> variants,
                             std::span<const int> qualities,
                             const PdqSearchResults& results,
                             std::map<uint32_t, ScanMatch>* best) const {
  for (size_t q = 0; q < queries.size(); ++q) {
    VIGIL_RETURN_IF_ERROR(OfferPdqQueryHits(
        segment, queries[q], variants[q], qualities[q], results.For(q), best));
  }
  return Status::OK();
}

Status Matcher::OfferPdqQueryHits(const PdqSegment& segment,
                                  const Hash256& query, const char* variant,
                                  int quality, std::span<const PdqMatch> hits,
                                  std::map<uint32_t, ScanMatch>* best) const {
  for (const PdqMatch& hit : hits) {
    uint32_t set_id = segment.sets[hit.id];
    const Hashset* found = ActiveSet(set_id);
    if (found == nullptr) continue;  // removed, or its set dropped
    const Hashset& set = *found;
    if (!HitCounts(set, SignalType::kPdq, hit.distance, quality)) continue;
    if (EntryDisabled(set_id, SignalType::kPdq, segment.hashes[hit.id].bytes)) {
      continue;
    }
    auto current = best->find(set_id);
    if (current != best->end() &&
        current->second.match.distance < static_cast<int>(hit.distance)) {
      continue;  // cheap pre-check before the entry lookup
    }
    ScanMatch m;
    VIGIL_RETURN_IF_ERROR(
        Describe(set, SignalType::kPdq, segment.hashes[hit.id].bytes, &m));
    m.match.distance = static_cast<int>(hit.distance);
    m.match.query_hash = query.ToHex();
    m.match.quality = quality;
    m.match.variant = variant;
    OfferMatch(best, set_id, std::move(m));
  }
  return Status::OK();
}

Result<std::vector<ScanMatch>> Matcher::MatchSignal(
    const Signal& signal) const {
  VIGIL_ASSIGN_OR_RETURN(auto out, MatchSignals({&signal, 1}));
  return std::move(out[0]);
}

Result<std::vector<std::vector<ScanMatch>>> Matcher::MatchSignals(
    std::span<const Signal> signals) const {
  // Checked first, so that a bad signal fails the batch before any work.
  for (const Signal& signal : signals) {
    if (signal.type == SignalType::kPdq &&
        signal.bytes.size() != sizeof(Hash256::bytes)) {
      return InvalidArgumentError("pdq needs 32 bytes");
    }
    if (signal.type == SignalType::kVpdq) {
      return InvalidArgumentError(
          "vpdq hashes cannot be looked up; scan the video");
    }
  }
  std::vector<std::map<uint32_t, ScanMatch>> best(signals.size());
  // The PDQ queries (slot[k]: their signal) and the digests by type.
  std::vector<Hash256> queries;
  std::vector<int> qualities;
  std::vector<size_t> slot;
  std::map<SignalType, std::vector<size_t>> digests;
  for (size_t i = 0; i < signals.size(); ++i) {
    const Signal& signal = signals[i];
    if (signal.type == SignalType::kPdq) {
      Hash256 h;
      std::copy(signal.bytes.begin(), signal.bytes.end(), h.bytes.begin());
      queries.push_back(h);
      qualities.push_back(signal.quality < 0 ? 100 : signal.quality);
      slot.push_back(i);
    } else {
      digests[signal.type].push_back(i);
    }
  }
  auto lock = ReaderLock();
  if (!queries.empty()) {
    PdqSearchResults results;
    PdqMatchOptions options;
    options.radius = pdq_radius_;
    for (const auto& segment : pdq_) {
      VIGIL_RETURN_IF_ERROR(segment->index->Search(queries, options, &results));
      for (size_t k = 0; k < queries.size(); ++k) {
        VIGIL_RETURN_IF_ERROR(
            OfferPdqQueryHits(*segment, queries[k], VariantName(0),
                              qualities[k], results.For(k), &best[slot[k]]));
      }
    }
  }
  for (const auto& [type, members] : digests) {
    auto index = digests_.find(type);
    if (index == digests_.end()) continue;  // nothing of that type
    const size_t size = index->second->key_size();
    // Keys of another size match nothing (DigestIndex::Lookup).
    std::vector<size_t> keyed;
    std::vector<uint8_t> keys;
    for (size_t i : members) {
      if (signals[i].bytes.size() != size) continue;
      keyed.push_back(i);
      keys.insert(keys.end(), signals[i].bytes.begin(), signals[i].bytes.end());
    }
    std::vector<size_t> offsets;
    std::vector<uint64_t> ids;
    index->second->LookupBatch(keys, &offsets, &ids);
    for (size_t k = 0; k < keyed.size(); ++k) {
      const std::span<const uint8_t> digest(keys.data() + k * size, size);
      for (size_t j = offsets[k]; j < offsets[k + 1]; ++j) {
        VIGIL_RETURN_IF_ERROR(
            OfferDigestHit(type, digest, ids[j], &best[keyed[k]]));
      }
    }
  }
  std::vector<std::vector<ScanMatch>> out;
  out.reserve(signals.size());
  for (auto& b : best) out.push_back(SortedMatches(&b));
  return out;
}

Result<std::vector<ScanMatch>> Matcher::Match(const MediaHashes& hashes,
                                              bool dihedral) const {
  std::map<uint32_t, ScanMatch> best;
  auto lock = ReaderLock();
  VIGIL_RETURN_IF_ERROR(AddDigestMatches(hashes, &best));
  VIGIL_RETURN_IF_ERROR(AddPdqMatches(hashes, dihedral, &best));
  return SortedMatches(&best);
}

EngineStats Matcher::Stats() const {
  auto lock = ReaderLock();
  EngineStats s;
  s.hashsets = sets_.size();
  for (const auto& segment : pdq_) {
    s.pdq_hashes += segment->live();
    s.index_memory_bytes +=
        segment->index->MemoryBytes() +
        segment->hashes.capacity() * (sizeof(Hash256) + sizeof(uint32_t));
  }
  s.video_entries = live_videos_;
  s.video_frames = live_video_frames_;
  for (const auto& [id, set] : sets_) {
    auto it = digest_pairs_by_set_.find(id);
    if (it != digest_pairs_by_set_.end()) s.digest_hashes += it->second;
  }
  s.index_build_seconds = build_seconds_;
  for (const auto& [type, index] : digests_) {
    s.index_memory_bytes += index->MemoryBytes();
  }
  if (video_pdq_ != nullptr) {
    s.index_memory_bytes += video_pdq_->MemoryBytes() +
                            video_frame_entry_.size() * sizeof(uint32_t);
  }
  return s;
}

}  // namespace vigil::internal
