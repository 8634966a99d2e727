// Copyright 2026 The Vigil Authors.
//
// Video matching (rules in vigil/engine.h): the sampled frames of a video
// against the image PDQ index, and the video against vPDQ entries through a
// PDQ index over the entries' frames. The vPDQ counting equals
// MatchVideos() (vigil/vpdq.h), which compares two videos by brute force;
// here one search per distinct query frame finds its partners in every
// entry at once.

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include "pipeline/internal/matcher.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

// Runs of consecutive matched frames, as [first, last] timestamps.
std::vector<std::pair<double, double>> TimeRanges(
    const std::vector<VpdqFrame>& frames, const std::vector<char>& matched) {
  std::vector<std::pair<double, double>> ranges;
  bool open = false;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (!matched[i]) {
      open = false;
      continue;
    }
    if (open) {
      ranges.back().second = frames[i].timestamp;
    } else {
      ranges.emplace_back(frames[i].timestamp, frames[i].timestamp);
      open = true;
    }
  }
  return ranges;
}

double Percent(int part, int whole) {
  return whole == 0 ? 0.0 : 100.0 * part / whole;
}

}  // namespace

Status Matcher::AddFrameMatches(const VideoHash& video,
                                std::map<uint32_t, ScanMatch>* best) const {
  const std::vector<VpdqFrame>& frames = video.frames;
  if (frames.empty() || pdq_.empty()) return Status::OK();
  std::vector<Hash256> queries;
  queries.reserve(frames.size());
  for (const VpdqFrame& f : frames) queries.push_back(f.hash);
  PdqSearchResults results;
  PdqMatchOptions options;
  options.radius = pdq_radius_;
  struct PerSet {
    std::vector<char> matched;
    int best_distance = INT_MAX;
    size_t best_frame = 0;
    Hash256 best_hash;
  };
  std::map<uint32_t, PerSet> per_set;
  for (const auto& segment : pdq_) {
    VIGIL_RETURN_IF_ERROR(segment->index->Search(queries, options, &results));
    for (size_t q = 0; q < frames.size(); ++q) {
      for (const PdqMatch& hit : results.For(q)) {
        uint32_t set_id = segment->sets[hit.id];
        const Hashset* set = ActiveSet(set_id);
        if (set == nullptr ||
            !HitCounts(*set, SignalType::kPdq, hit.distance,
                       frames[q].quality) ||
            EntryDisabled(set_id, SignalType::kPdq,
                          segment->hashes[hit.id].bytes)) {
          continue;
        }
        PerSet& p = per_set[set_id];
        if (p.matched.empty()) p.matched.assign(frames.size(), 0);
        p.matched[q] = 1;
        // The closest frame; on a tie the earliest, then the smaller
        // stored hash (whatever the segment layout).
        const Hash256& stored = segment->hashes[hit.id];
        const int d = static_cast<int>(hit.distance);
        if (d < p.best_distance ||
            (d == p.best_distance &&
             (q < p.best_frame ||
              (q == p.best_frame && stored.bytes < p.best_hash.bytes)))) {
          p.best_distance = d;
          p.best_frame = q;
          p.best_hash = stored;
        }
      }
    }
  }
  for (const auto& [set_id, p] : per_set) {
    const Hashset& set = sets_.at(set_id);
    const int min_quality = set.config.MinQualityFor(SignalType::kPdq);
    EventVideoMatch v;
    for (size_t q = 0; q < frames.size(); ++q) {
      if (frames[q].quality >= min_quality) ++v.query_frames;
      if (p.matched[q]) ++v.query_matched;
    }
    v.query_percent = Percent(v.query_matched, v.query_frames);
    v.best_timestamp = frames[p.best_frame].timestamp;
    v.time_ranges = TimeRanges(frames, p.matched);
    ScanMatch m;
    VIGIL_RETURN_IF_ERROR(
        Describe(set, SignalType::kPdq, p.best_hash.bytes, &m));
    m.match.distance = p.best_distance;
    m.match.query_hash = frames[p.best_frame].hash.ToHex();
    m.match.quality = frames[p.best_frame].quality;
    m.match.variant = "original";
    m.match.video = std::move(v);
    OfferMatch(best, set_id, std::move(m));
  }
  return Status::OK();
}

Status Matcher::AddVideoMatches(const VideoHash& video,
                                std::map<uint32_t, ScanMatch>* best) const {
  if (video_pdq_ == nullptr || video_pdq_->size() == 0) return Status::OK();
  std::map<uint32_t, ScanMatch> per_set;
  VIGIL_RETURN_IF_ERROR(
      AddRegionMatches(video.frames, FrameRegion::kWhole, &per_set));
  if (half_frames_) {
    for (FrameRegion half : kFrameHalves) {
      VIGIL_RETURN_IF_ERROR(
          AddRegionMatches(video.FramesOf(half), half, &per_set));
    }
  }
  for (auto& [set_id, m] : per_set) OfferMatch(best, set_id, std::move(m));
  return Status::OK();
}

Status Matcher::AddRegionMatches(const std::vector<VpdqFrame>& frames,
                                 FrameRegion region,
                                 std::map<uint32_t, ScanMatch>* per_set) const {
  if (frames.empty()) return Status::OK();
  // Distinct query hashes (identical hashes have identical quality), with
  // the frames that carry each.
  std::vector<PdqHash> distinct;
  std::vector<int> quality;
  std::vector<std::vector<size_t>> carriers;
  std::map<std::array<uint8_t, 32>, size_t> position;
  for (size_t i = 0; i < frames.size(); ++i) {
    auto [it, fresh] = position.emplace(frames[i].hash.bytes, distinct.size());
    if (fresh) {
      distinct.push_back(frames[i].hash);
      quality.push_back(frames[i].quality);
      carriers.emplace_back();
    }
    carriers[it->second].push_back(i);
  }
  PdqSearchResults results;
  PdqMatchOptions options;
  options.radius = video_radius_;
  VIGIL_RETURN_IF_ERROR(video_pdq_->Search(distinct, options, &results));
  struct EntryHits {
    std::vector<uint32_t> query;   // distinct query frames with a partner
    std::vector<uint32_t> target;  // entry frames (index ids) with a partner
    int best_distance = INT_MAX;
    size_t best_query = 0;
  };
  std::unordered_map<uint32_t, EntryHits> hits;
  for (size_t q = 0; q < distinct.size(); ++q) {
    for (const PdqMatch& hit : results.For(q)) {
      uint32_t entry = video_frame_entry_[hit.id];
      if (videos_[entry].region != region) continue;
      const Hashset* set = ActiveSet(videos_[entry].set_id);
      if (set == nullptr ||
          !HitCounts(*set, SignalType::kVpdq, hit.distance, quality[q]) ||
          (!disabled_.empty() &&
           EntryDisabled(set->id, SignalType::kVpdq,
                         HexDecode(videos_[entry].id_hex)
                             .value_or(std::vector<uint8_t>())))) {
        continue;
      }
      EntryHits& h = hits[entry];
      h.query.push_back(static_cast<uint32_t>(q));
      h.target.push_back(hit.id);
      if (static_cast<int>(hit.distance) < h.best_distance) {
        h.best_distance = static_cast<int>(hit.distance);
        h.best_query = q;
      }
    }
  }
  // Per set, the matching entry with the largest shares.
  for (auto& [entry_index, h] : hits) {
    const VideoEntry& entry = videos_[entry_index];
    const Hashset& set = sets_.at(entry.set_id);
    const int min_quality = set.config.MinQualityFor(SignalType::kVpdq);
    for (auto* v : {&h.query, &h.target}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    EventVideoMatch v;
    v.query_frames = static_cast<int>(
        std::count_if(quality.begin(), quality.end(),
                      [&](int value) { return value >= min_quality; }));
    v.query_matched = static_cast<int>(h.query.size());
    v.target_frames = entry.frames;
    v.target_matched = static_cast<int>(h.target.size());
    v.query_percent = Percent(v.query_matched, v.query_frames);
    v.target_percent = Percent(v.target_matched, v.target_frames);
    if (v.query_percent < set.config.video_query_percent ||
        v.target_percent < set.config.video_target_percent) {
      continue;
    }
    std::vector<char> matched(frames.size(), 0);
    for (uint32_t q : h.query) {
      for (size_t i : carriers[q]) matched[i] = 1;
    }
    v.best_timestamp = frames[carriers[h.best_query].front()].timestamp;
    v.time_ranges = TimeRanges(frames, matched);
    v.region = std::string(FrameRegionName(region));
    auto kept = per_set->find(entry.set_id);
    if (kept != per_set->end()) {
      // Larger shares win; on a tie the region matched first (the whole
      // frame), then the smaller entry id (whatever the order of the
      // entries in memory).
      const EventVideoMatch& k = *kept->second.match.video;
      const double kept_share = k.query_percent + k.target_percent;
      const double share = v.query_percent + v.target_percent;
      if (kept_share > share ||
          (kept_share == share &&
           (k.region != v.region || kept->second.match.hash <= entry.id_hex))) {
        continue;
      }
    }
    ScanMatch m;
    m.action = set.config.action;
    m.match.hashset = set.config.name;
    m.match.hashset_id = set.id;
    m.match.signal_type = SignalType::kVpdq;
    m.match.threshold = set.config.ThresholdFor(SignalType::kVpdq);
    m.match.distance = h.best_distance;
    m.match.hash = entry.id_hex;
    m.match.query_hash = distinct[h.best_query].ToHex();
    m.match.quality = quality[h.best_query];
    m.match.external_id = entry.external_id;
    m.match.category = entry.category;
    m.match.video = std::move(v);
    (*per_set)[entry.set_id] = std::move(m);
  }
  return Status::OK();
}

Result<std::vector<ScanMatch>> Matcher::MatchVideo(const MediaHashes& hashes,
                                                   const VideoHash& video,
                                                   bool dihedral) const {
  std::map<uint32_t, ScanMatch> best;
  auto lock = ReaderLock();
  VIGIL_RETURN_IF_ERROR(AddDigestMatches(hashes, &best));
  VIGIL_RETURN_IF_ERROR(AddPdqMatches(hashes, dihedral, &best));
  VIGIL_RETURN_IF_ERROR(AddFrameMatches(video, &best));
  VIGIL_RETURN_IF_ERROR(AddVideoMatches(video, &best));
  return SortedMatches(&best);
}

}  // namespace vigil::internal
