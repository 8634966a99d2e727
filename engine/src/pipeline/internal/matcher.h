// Copyright 2026 The Vigil Authors.
//
// The in-memory matcher: an exact digest index per digest type, one PDQ
// index over every PDQ hash of the selected hash sets, built from the
// store's packed hash runs, and one PDQ index over the frames of every vPDQ
// (video) entry. Given the hashes of one piece of content it returns the
// best match per hash set, applying each set's threshold and minimum
// quality (matcher.cc for images, matcher_video.cc for videos).
//
// Thread-safety: immutable after Build(); Match() may run concurrently.

#ifndef VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_MATCHER_H_
#define VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_MATCHER_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "vigil/digest_index.h"
#include "vigil/engine.h"
#include "vigil/hashset_store.h"
#include "vigil/pdq_index.h"

namespace vigil::internal {

// Keeps `m` as set `set_id`'s best match if it is better than the one kept:
// smaller distance first; on a tie, exact digests before perceptual hashes.
void OfferMatch(std::map<uint32_t, ScanMatch>* best, uint32_t set_id,
                ScanMatch m);
// True when a perceptual hit of `type` at `distance`, for content of PDQ
// `quality`, counts for `set`: the set allows the type, the distance is
// within the set's threshold and the quality reaches its minimum.
bool HitCounts(const Hashset& set, SignalType type, uint32_t distance,
               int quality);
// The kept matches ordered by set name (moved out of *best).
std::vector<ScanMatch> SortedMatches(std::map<uint32_t, ScanMatch>* best);

class Matcher {
 public:
  // Builds the indexes for the sets named in `only` (all sets when empty).
  // `store` is borrowed and must outlive the matcher (entries are looked up
  // in it for their external id and category).
  // Error: kNotFound for an unknown name in `only`.
  static Result<std::unique_ptr<Matcher>> Build(
      const HashsetStore& store, const std::vector<std::string>& only);

  // The best match per hash set, ordered by set name.
  Result<std::vector<ScanMatch>> Match(const MediaHashes& hashes,
                                       bool dihedral) const;

  // The best match per hash set of a video: its digests, each sampled frame
  // against PDQ entries, and the video against vPDQ entries (vigil/engine.h
  // states the rules); also the still image's PDQ when `hashes` has one (an
  // animated GIF). Ordered by set name.
  Result<std::vector<ScanMatch>> MatchVideo(const MediaHashes& hashes,
                                            const VideoHash& video,
                                            bool dihedral) const;

  // Some vPDQ entry is a half-frame signal: videos should be hashed with
  // VideoDecodeOptions::half_frame_hashes to be matched against it.
  bool wants_half_frames() const { return half_frames_; }

  // The store's change sequence the indexes reflect.
  uint64_t change_seq() const { return change_seq_; }
  EngineStats Stats() const;

 private:
  explicit Matcher(const HashsetStore& store) : store_(store) {}
  Status AddDigestMatches(const MediaHashes& hashes,
                          std::map<uint32_t, ScanMatch>* best) const;
  Status AddPdqMatches(const MediaHashes& hashes, bool dihedral,
                       std::map<uint32_t, ScanMatch>* best) const;
  // Frames of a video against image PDQ entries.
  Status AddFrameMatches(const VideoHash& video,
                         std::map<uint32_t, ScanMatch>* best) const;
  // The whole video against vPDQ entries: whole frames against whole-frame
  // entries, and each half the video has against entries of that half.
  Status AddVideoMatches(const VideoHash& video,
                         std::map<uint32_t, ScanMatch>* best) const;
  // One region of the video against the entries of that region; keeps the
  // best match per set in *per_set (replaced only by larger shares).
  Status AddRegionMatches(const std::vector<VpdqFrame>& frames,
                          FrameRegion region,
                          std::map<uint32_t, ScanMatch>* per_set) const;
  // Loads the vPDQ entries of the selected sets and indexes their frames.
  Status LoadVideos(const HashsetStore& store);
  // Fills external id, category and action of a match from the store.
  Status Describe(const Hashset& set, SignalType type,
                  std::span<const uint8_t> stored, ScanMatch* m) const;

  const HashsetStore& store_;
  std::map<uint32_t, Hashset> sets_;  // the selected sets, by id
  // One index per digest type; the id stored is the hash-set id.
  std::map<SignalType, std::unique_ptr<DigestIndex>> digests_;
  std::unique_ptr<PdqIndex> pdq_;
  std::vector<Hash256> pdq_hashes_;  // by index id
  std::vector<uint32_t> pdq_sets_;   // by index id
  int pdq_radius_ = 0;               // the largest PDQ threshold of any set
  // vPDQ entries: the frames kept for matching (quality >= the set's vPDQ
  // minimum, repeats dropped) are indexed; ids map to their entry.
  struct VideoEntry {
    uint32_t set_id = 0;
    std::string id_hex;  // VpdqSignalId, the entry's "hash" in events
    std::string external_id;
    std::string category;
    int frames = 0;  // frames kept
    FrameRegion region = FrameRegion::kWhole;
  };
  std::vector<VideoEntry> videos_;
  std::unique_ptr<PdqIndex> video_pdq_;
  std::vector<uint32_t> video_frame_entry_;  // by video index id
  int video_radius_ = 0;      // the largest vPDQ threshold of any set
  bool half_frames_ = false;  // some vPDQ entry is a half-frame signal
  uint64_t change_seq_ = 0;
  uint64_t digest_pairs_ = 0;
  double build_seconds_ = 0;
};

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_MATCHER_H_
