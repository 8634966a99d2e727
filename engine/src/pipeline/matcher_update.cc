// Copyright 2026 The Vigil Authors.
//
// Live updates of the matcher: the store's change log, replayed with its
// data (HashsetStore::ForEachChange), applied to the indexes while lookups
// go on. One updater at a time (apply_mu_); it alone mutates, always under
// the writer lock and one bounded step at a time:
//   - PDQ: added hashes are collected per record and built into a new
//     segment without any lock; publishing it is one push_back. Removed
//     pairs are found by an exact search and masked (sets[id] = kNoSet) and
//     tombstoned. MaintainSegments() merges small segments and rebuilds
//     half-dead ones, off the lock, then swaps them in.
//   - digests: DigestIndex::Add / Remove in chunks of kDigestChunk keys.
//   - vPDQ: one video (its frames) per step.
//   - a set is made active (sets_) only once all its data is in, and
//     dropped (delete, disable) by removing it from sets_ first and then
//     masking its pairs, so readers never see half a set switch.
// A hash present before an update stays in its index until a record
// removes it: there is no rebuild window.

#include <algorithm>
#include <cstring>
#include <set>

#include "pipeline/internal/matcher.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"
#include "vigil/vpdq.h"

namespace vigil::internal {
namespace {

// Keys added to a digest index per writer-lock hold.
constexpr size_t kDigestChunk = 16384;
// Pending PDQ hashes of one record are published as a segment at this size.
constexpr size_t kPdqSegmentMax = size_t{4} << 20;
// Mask steps: pairs scanned per writer-lock hold.
constexpr size_t kMaskChunk = size_t{1} << 20;

Hash256 ToHash256(const uint8_t* p) {
  Hash256 h;
  std::memcpy(h.bytes.data(), p, 32);
  return h;
}

}  // namespace

// The record being applied and the PDQ hashes it has added so far.
struct Matcher::Replay {
  ChangeDelta delta;
  bool active = false;  // its set is active (its additions apply)
  bool dedup = false;   // its additions may be in the indexes already
  // For an import in the dedup window: whether the indexes hold its PDQ
  // hashes already (-1: not known yet). A reader's iterator sees all of an
  // atomic import or none of it, and the import's segments now hold a
  // subset of what they held then, so one of its hashes decides.
  int pdq_included = -1;
  std::vector<Hash256> pdq_hashes;
  std::vector<uint32_t> pdq_sets;
};

bool Matcher::Selected(std::string_view name) const {
  return only_.empty() ||
         std::find(only_.begin(), only_.end(), name) != only_.end();
}

void Matcher::UpdateRadii() {
  int pdq = 0, video = 0;
  for (const auto& [id, set] : sets_) {
    if (set.config.Allows(SignalType::kPdq)) {
      pdq = std::max(pdq, set.config.ThresholdFor(SignalType::kPdq));
    }
    if (set.config.Allows(SignalType::kVpdq)) {
      video = std::max(video, set.config.ThresholdFor(SignalType::kVpdq));
    }
  }
  pdq_radius_ = std::min(pdq, 64);
  video_radius_ = std::min(video, 64);
}

Status Matcher::FlushPdq(std::vector<Hash256>* hashes,
                         std::vector<uint32_t>* sets) {
  if (hashes->empty()) return Status::OK();
  auto segment = std::make_unique<PdqSegment>();
  std::vector<uint32_t> ids(hashes->size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<uint32_t>(i);
  VIGIL_ASSIGN_OR_RETURN(segment->index, PdqIndex::Build(*hashes, ids));
  segment->hashes = std::move(*hashes);
  segment->sets = std::move(*sets);
  hashes->clear();
  sets->clear();
  auto lock = WriterLock();
  pdq_.push_back(std::move(segment));
  return Status::OK();
}

void Matcher::DropKnownPdq(uint32_t id, std::vector<Hash256>* hashes) const {
  if (hashes->empty() || pdq_.empty()) return;
  PdqSearchResults results;
  std::vector<char> known(hashes->size(), 0);
  for (const auto& segment : pdq_) {
    if (!segment->index->Search(*hashes, {.radius = 0}, &results).ok()) {
      continue;
    }
    for (size_t q = 0; q < hashes->size(); ++q) {
      for (const PdqMatch& hit : results.For(q)) {
        if (segment->sets[hit.id] == id) known[q] = 1;
      }
    }
  }
  size_t out = 0;
  for (size_t q = 0; q < hashes->size(); ++q) {
    if (!known[q]) (*hashes)[out++] = (*hashes)[q];
  }
  hashes->resize(out);
}

Status Matcher::RemovePdq(uint32_t id, std::span<const uint8_t> packed) {
  std::vector<Hash256> hashes;
  for (size_t off = 0; off + 32 <= packed.size(); off += 32) {
    hashes.push_back(ToHash256(&packed[off]));
  }
  PdqSearchResults results;
  for (const auto& segment : pdq_) {
    VIGIL_RETURN_IF_ERROR(
        segment->index->Search(hashes, {.radius = 0}, &results));
    std::vector<Hash256> victims;
    std::vector<uint32_t> victim_ids;
    for (size_t q = 0; q < hashes.size(); ++q) {
      for (const PdqMatch& hit : results.For(q)) {
        if (segment->sets[hit.id] != id) continue;
        victims.push_back(hashes[q]);
        victim_ids.push_back(hit.id);
      }
    }
    if (victims.empty()) continue;
    auto lock = WriterLock();
    for (uint32_t v : victim_ids) segment->sets[v] = kNoSet;
    segment->dead += victim_ids.size();
    VIGIL_RETURN_IF_ERROR(segment->index->Remove(victims, victim_ids));
  }
  return Status::OK();
}

Status Matcher::RefreshDisabled(uint32_t id, SignalType type,
                                std::span<const uint8_t> packed) {
  const size_t size = type == SignalType::kVpdq ? 32 : SignalTypeByteSize(type);
  if (size == 0 || packed.size() % size != 0) {
    return CorruptInputError("malformed entry in a disable record");
  }
  for (size_t off = 0; off < packed.size(); off += size) {
    const auto hash = packed.subspan(off, size);
    VIGIL_ASSIGN_OR_RETURN(std::optional<DisabledEntry> d,
                           store_.GetDisabledEntry(id, type, hash));
    auto key = std::make_pair(id, DisabledKeyOf(type, hash));
    auto lock = WriterLock();
    if (d.has_value()) {
      disabled_[key] = d->until_ms;
    } else {
      disabled_.erase(key);
    }
  }
  return Status::OK();
}

void Matcher::ForgetDisabled(uint32_t id, SignalType type,
                             std::span<const uint8_t> packed) {
  if (disabled_.empty()) return;
  const size_t size = type == SignalType::kVpdq ? 32 : SignalTypeByteSize(type);
  if (size == 0) return;
  auto lock = WriterLock();
  for (size_t off = 0; off + size <= packed.size(); off += size) {
    disabled_.erase({id, DisabledKeyOf(type, packed.subspan(off, size))});
  }
}

Status Matcher::AddDigests(SignalType type, uint32_t id,
                           std::span<const uint8_t> packed) {
  const size_t size = SignalTypeByteSize(type);
  if (size == 0 || packed.size() % size != 0) {
    return CorruptInputError("malformed digest run");
  }
  const size_t n = packed.size() / size;
  for (size_t begin = 0; begin < n; begin += kDigestChunk) {
    const size_t end = std::min(n, begin + kDigestChunk);
    auto lock = WriterLock();
    auto& index = digests_[type];
    if (index == nullptr) {
      VIGIL_ASSIGN_OR_RETURN(index, DigestIndex::Create(size, n));
    }
    const size_t before = index->size();
    for (size_t i = begin; i < end; ++i) {
      VIGIL_RETURN_IF_ERROR(index->Add(packed.subspan(i * size, size), id));
    }
    digest_pairs_by_set_[id] += index->size() - before;
  }
  return Status::OK();
}

Status Matcher::AddVideo(const Hashset& set, std::span<const uint8_t> signal,
                         const std::string& external_id,
                         const std::string& category) {
  const uint32_t id = set.id;
  auto key = std::make_pair(id, HexEncode(VpdqSignalId(signal)));
  if (auto it = video_by_key_.find(key);
      it != video_by_key_.end() && videos_[it->second].set_id != kNoSet) {
    return Status::OK();  // held already
  }
  Result<std::vector<VpdqFrame>> frames = DecodeVpdqSignal(signal);
  if (!frames.ok()) {
    return CorruptInputError(
        "stored vpdq entry of hashset '" + set.config.name +
        "' does not decode: " + std::string(frames.status().message()));
  }
  VIGIL_ASSIGN_OR_RETURN(FrameRegion region, VpdqSignalRegion(signal));
  const int min_quality = set.config.MinQualityFor(SignalType::kVpdq);
  VideoEntry entry;
  entry.region = region;
  entry.set_id = id;
  entry.id_hex = key.second;
  entry.external_id = external_id;
  entry.category = category;
  std::set<std::array<uint8_t, 32>> seen;
  for (const VpdqFrame& f : *frames) {
    if (f.quality < min_quality || !seen.insert(f.hash.bytes).second) {
      continue;
    }
    Hash256 h;
    h.bytes = f.hash.bytes;
    entry.frame_hashes.push_back(h);
    ++entry.frames;
  }
  auto lock = WriterLock();
  if (video_pdq_ == nullptr) {
    VIGIL_ASSIGN_OR_RETURN(video_pdq_, PdqIndex::Create());
  }
  const auto index = static_cast<uint32_t>(videos_.size());
  for (size_t i = 0; i < entry.frame_hashes.size(); ++i) {
    entry.frame_ids.push_back(static_cast<uint32_t>(video_frame_entry_.size()));
    video_frame_entry_.push_back(index);
  }
  VIGIL_RETURN_IF_ERROR(video_pdq_->Add(entry.frame_hashes, entry.frame_ids));
  if (region != FrameRegion::kWhole) half_frames_ = true;
  live_video_frames_ += entry.frame_hashes.size();
  ++live_videos_;
  video_by_key_[key] = index;
  videos_.push_back(std::move(entry));
  return Status::OK();
}

void Matcher::RemoveVideo(uint32_t id, const std::string& id_hex) {
  auto it = video_by_key_.find({id, id_hex});
  if (it == video_by_key_.end()) return;
  VideoEntry& entry = videos_[it->second];
  auto lock = WriterLock();
  if (entry.set_id != kNoSet) {
    video_pdq_->Remove(entry.frame_hashes, entry.frame_ids)
        .PermitUncheckedError();  // sizes match by construction
    live_video_frames_ -= entry.frame_hashes.size();
    --live_videos_;
    entry.set_id = kNoSet;
  }
  video_by_key_.erase(it);
}

void Matcher::DropSet(uint32_t id) {
  {
    auto lock = WriterLock();
    if (sets_.erase(id) == 0) return;
    UpdateRadii();
  }
  // Readers no longer see the set; now mask its pairs, a chunk at a time.
  for (const auto& segment : pdq_) {
    for (size_t begin = 0; begin < segment->sets.size(); begin += kMaskChunk) {
      const size_t end = std::min(segment->sets.size(), begin + kMaskChunk);
      auto lock = WriterLock();
      for (size_t i = begin; i < end; ++i) {
        if (segment->sets[i] == id) {
          segment->sets[i] = kNoSet;
          ++segment->dead;
        }
      }
    }
  }
  std::vector<std::string> ids;
  for (const auto& [key, index] : video_by_key_) {
    if (key.first == id) ids.push_back(key.second);
  }
  for (const std::string& hex : ids) RemoveVideo(id, hex);
}

Status Matcher::LoadSet(const Hashset& set) {
  const uint32_t id = set.id;
  for (SignalType type : set.config.signal_types) {
    if (KindOf(type).match_path != SignalMatchPath::kFileDigest) continue;
    VIGIL_RETURN_IF_ERROR(store_.ForEachPackedHashes(
        type, [&](uint32_t set_id, std::span<const uint8_t> hashes) {
          return set_id == id ? AddDigests(type, id, hashes) : Status::OK();
        }));
  }
  if (set.config.Allows(SignalType::kPdq)) {
    std::vector<Hash256> hashes;
    VIGIL_RETURN_IF_ERROR(store_.ForEachPackedHashes(
        SignalType::kPdq, [&](uint32_t set_id, std::span<const uint8_t> run) {
          if (set_id != id) return Status::OK();
          for (size_t off = 0; off + 32 <= run.size(); off += 32) {
            hashes.push_back(ToHash256(&run[off]));
          }
          return Status::OK();
        }));
    // Pairs of this set still indexed (masked ones are not) stay as they
    // are; only the others are added.
    DropKnownPdq(id, &hashes);
    std::vector<uint32_t> sets(hashes.size(), id);
    VIGIL_RETURN_IF_ERROR(FlushPdq(&hashes, &sets));
  }
  if (set.config.Allows(SignalType::kVpdq)) {
    VIGIL_RETURN_IF_ERROR(
        store_.ForEachEntry(SignalType::kVpdq, [&](const Entry& e) -> Status {
          if (e.hashset_id != id) return Status::OK();
          return AddVideo(set, e.signal.bytes, e.external_id, e.category);
        }));
  }
  // Whatever the store committed while this was read may be in it.
  dedup_through_ = std::max(dedup_through_, store_.LastChangeSeq() + 1);
  auto lock = WriterLock();
  Hashset active = set;
  active.enabled = true;
  sets_[id] = std::move(active);
  UpdateRadii();
  return Status::OK();
}

Status Matcher::MaintainSegments() {
  // Rebuild a segment when half its pairs are dead; merge the newest
  // segment into the one before while it is at least half its size (so
  // there are O(log n) segments). Both build without the lock.
  auto rebuild = [&](size_t first, size_t last) -> Status {
    std::vector<Hash256> hashes;
    std::vector<uint32_t> sets;
    for (size_t k = first; k <= last; ++k) {
      const PdqSegment& s = *pdq_[k];
      for (size_t i = 0; i < s.hashes.size(); ++i) {
        if (s.sets[i] == kNoSet) continue;
        hashes.push_back(s.hashes[i]);
        sets.push_back(s.sets[i]);
      }
    }
    auto merged = std::make_unique<PdqSegment>();
    std::vector<uint32_t> ids(hashes.size());
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<uint32_t>(i);
    VIGIL_ASSIGN_OR_RETURN(merged->index, PdqIndex::Build(hashes, ids));
    merged->hashes = std::move(hashes);
    merged->sets = std::move(sets);
    auto lock = WriterLock();
    pdq_.erase(pdq_.begin() + static_cast<long>(first),
               pdq_.begin() + static_cast<long>(last + 1));
    if (merged->hashes.empty()) return Status::OK();
    pdq_.insert(pdq_.begin() + static_cast<long>(first), std::move(merged));
    return Status::OK();
  };
  for (size_t k = pdq_.size(); k-- > 0;) {
    if (pdq_[k]->dead * 2 > pdq_[k]->hashes.size()) {
      VIGIL_RETURN_IF_ERROR(rebuild(k, k));
    }
  }
  while (pdq_.size() >= 2) {
    const size_t last = pdq_.size() - 1;
    if (pdq_[last]->live() * 2 < pdq_[last - 1]->live()) break;
    VIGIL_RETURN_IF_ERROR(rebuild(last - 1, last));
  }
  return Status::OK();
}

Status Matcher::ApplyChanges() {
  std::lock_guard<std::mutex> apply(apply_mu_);
  Replay r;
  bool open = false;
  // Ends the record being applied: its PDQ hashes are published, and only
  // then does change_seq() move past it.
  auto finish = [&]() -> Status {
    if (!open) return Status::OK();
    VIGIL_RETURN_IF_ERROR(FlushPdq(&r.pdq_hashes, &r.pdq_sets));
    VIGIL_RETURN_IF_ERROR(MaintainSegments());
    {
      // Any change may remove or replace entries: the cached descriptions
      // go before the sequence says the change is applied (Describe).
      auto lock = WriterLock();
      entry_cache_.Clear();
    }
    change_seq_ = r.delta.seq;
    open = false;
    return Status::OK();
  };
  auto on_change = [&](const ChangeDelta& d) -> Status {
    VIGIL_RETURN_IF_ERROR(finish());
    r = Replay{};
    r.delta = d;
    open = true;
    const uint32_t id = d.hashset_id;
    r.active = ActiveSet(id) != nullptr;
    r.dedup = d.seq <= dedup_through_ || d.op == "add";
    if (d.op == "create" || d.op == "enable") {
      if (r.active || !Selected(d.hashset)) return Status::OK();
      Result<Hashset> set = store_.GetHashsetById(id);
      if (!set.ok() && set.status().code() == StatusCode::kNotFound) {
        return Status::OK();  // deleted since: its record follows
      }
      VIGIL_RETURN_IF_ERROR(set.status());
      // A created set is empty at its record (what the store holds now is
      // added by the records that follow, checked against what LoadSet
      // read); an enabled one is loaded whole.
      if (d.op == "create") {
        dedup_through_ = std::max(dedup_through_, store_.LastChangeSeq() + 1);
      }
      return LoadSet(*set);
    }
    if (d.op == "delete" || d.op == "disable") {
      DropSet(id);
      if (d.op == "delete") {
        auto lock = WriterLock();
        std::erase_if(disabled_,
                      [&](const auto& kv) { return kv.first.first == id; });
      }
      return Status::OK();
    }
    if (d.op == "update") {
      // New thresholds, qualities, percents or action: read at match time
      // from sets_, so the set's data stays (the vPDQ minimum quality,
      // which filtered its frames, cannot change).
      if (!r.active) return Status::OK();
      Result<Hashset> set = store_.GetHashsetById(id);
      if (!set.ok() && set.status().code() == StatusCode::kNotFound) {
        return Status::OK();  // deleted since: its record follows
      }
      VIGIL_RETURN_IF_ERROR(set.status());
      auto lock = WriterLock();
      sets_[id].config = set->config;
      UpdateRadii();
      return Status::OK();
    }
    if ((d.op == "add" || d.op == "import") && !d.complete && r.active) {
      // An old record that does not name its data: reload the set.
      VIGIL_ASSIGN_OR_RETURN(Hashset set, store_.GetHashsetById(id));
      DropSet(id);
      return LoadSet(set);
    }
    if (d.op == "add" || d.op == "import" || d.op == "remove" ||
        d.op == "disable_entry" || d.op == "enable_entry") {
      return Status::OK();
    }
    return FailedPreconditionError("change record op '" + d.op +
                                   "' cannot be applied incrementally");
  };
  auto on_signals = [&](const ChangeDelta& d, SignalType type,
                        std::span<const uint8_t> values) -> Status {
    const uint32_t id = d.hashset_id;
    if (d.op == "disable_entry" || d.op == "enable_entry") {
      // The entry's state now (later records account for what follows).
      return RefreshDisabled(id, type, values);
    }
    if (d.op == "remove") {
      ForgetDisabled(id, type, values);
      // Removals apply even to inactive sets: masked digest pairs must not
      // come back when the set is enabled again.
      if (type == SignalType::kPdq) return RemovePdq(id, values);
      if (type == SignalType::kVpdq) {
        for (size_t off = 0; off + 32 <= values.size(); off += 32) {
          RemoveVideo(id, HexEncode(values.subspan(off, 32)));
        }
        return Status::OK();
      }
      const size_t size = SignalTypeByteSize(type);
      auto lock = WriterLock();
      auto index = digests_.find(type);
      if (index == digests_.end() || size == 0) return Status::OK();
      for (size_t off = 0; off + size <= values.size(); off += size) {
        if (index->second->Remove(values.subspan(off, size), id).ok()) {
          digest_pairs_by_set_[id] -= 1;
        }
      }
      return Status::OK();
    }
    if (!r.active || !r.delta.complete) return Status::OK();
    if (type == SignalType::kPdq) {
      std::vector<Hash256> hashes;
      for (size_t off = 0; off + 32 <= values.size(); off += 32) {
        hashes.push_back(ToHash256(&values[off]));
      }
      if (r.dedup && d.op == "import") {
        if (r.pdq_included < 0 && !hashes.empty()) {
          std::vector<Hash256> first = {hashes.front()};
          DropKnownPdq(id, &first);
          r.pdq_included = first.empty() ? 1 : 0;
        }
        if (r.pdq_included == 1) return Status::OK();
      } else if (r.dedup) {
        DropKnownPdq(id, &hashes);
      }
      r.pdq_hashes.insert(r.pdq_hashes.end(), hashes.begin(), hashes.end());
      r.pdq_sets.resize(r.pdq_hashes.size(), id);
      if (r.pdq_hashes.size() >= kPdqSegmentMax) {
        return FlushPdq(&r.pdq_hashes, &r.pdq_sets);
      }
      return Status::OK();
    }
    if (type == SignalType::kVpdq) {
      Signal signal{type, std::vector<uint8_t>(values.begin(), values.end()),
                    -1};
      Result<Entry> entry = store_.GetEntry(id, signal);
      if (!entry.ok() && entry.status().code() == StatusCode::kNotFound) {
        return Status::OK();  // removed since
      }
      VIGIL_RETURN_IF_ERROR(entry.status());
      return AddVideo(*ActiveSet(id), values, entry->external_id,
                      entry->category);
    }
    if (KindOf(type).match_path != SignalMatchPath::kFileDigest) {
      return FailedPreconditionError(std::string("no live update for ") +
                                     SignalTypeName(type));
    }
    return AddDigests(type, id, values);
  };
  while (store_.LastChangeSeq() > change_seq_.load()) {
    const uint64_t from = change_seq_.load();
    VIGIL_RETURN_IF_ERROR(
        store_.ForEachChange(from, 64, on_change, on_signals));
    VIGIL_RETURN_IF_ERROR(finish());
    if (change_seq_.load() == from) {
      return CorruptInputError("the change log has no record after " +
                               std::to_string(from));
    }
  }
  return Status::OK();
}

}  // namespace vigil::internal
