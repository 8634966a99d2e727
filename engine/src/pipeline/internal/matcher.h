// Copyright 2026 The Vigil Authors.
//
// The in-memory matcher: an exact digest index per digest type, PDQ
// indexes (segments, see below) over every PDQ hash of the selected enabled
// hash sets, built from the store's packed hash runs, and one PDQ index
// over the frames of every vPDQ (video) entry. Given the hashes of one piece of
// content it returns the best match per hash set, applying each set's threshold
// and minimum quality (matcher.cc for images, matcher_video.cc for videos).
//
// Live updates (matcher_update.cc): ApplyChanges() replays the store's
// change log from change_seq() on (HashsetStore::ForEachChange) into the
// same indexes. PDQ pairs live in segments, each an immutable PdqIndex plus
// its hashes and set ids: an import's hashes are built into a new segment
// without any lock and published in O(1); removals tombstone pairs; a
// dropped set's pairs are masked in their segments; segments are merged
// LSM-style and rebuilt when half dead, also off the lock. Digests and
// video entries are updated in place in bounded chunks. Every mutation
// holds the writer lock for one bounded step only.
//
// Disabled entries (HashsetStore::DisableEntry) stay in the indexes and are
// skipped at match time while their disable lasts, so one matches again
// when its time passes without any change record.
//
// Thread-safety: Match(), MatchVideo() and Stats() may run concurrently
// with each other and with one ApplyChanges() at a time; they take a
// shared lock, the updater an exclusive one per step (a gate keeps a
// stream of readers from starving it). A hash present before an update
// stays visible throughout it.

#ifndef VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_MATCHER_H_
#define VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_MATCHER_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <vector>

#include "pipeline/internal/entry_cache.h"
#include "vigil/digest_index.h"
#include "vigil/engine.h"
#include "vigil/hashset_store.h"
#include "vigil/pdq_index.h"

namespace vigil::internal {

// Keeps `m` as set `set_id`'s best match if it is better than the one kept:
// smaller distance first; on a tie, exact digests before perceptual hashes,
// then the smaller stored hash.
void OfferMatch(std::map<uint32_t, ScanMatch>* best, uint32_t set_id,
                ScanMatch m);
// True when a perceptual hit of `type` at `distance`, for content of PDQ
// `quality`, counts for `set`: the set allows the type, the distance is
// within the set's threshold and the quality reaches its minimum.
bool HitCounts(const Hashset& set, SignalType type, uint32_t distance,
               int quality);
// The key of an entry in Matcher's disabled map: [type byte][hash].
std::string DisabledKeyOf(SignalType type, std::span<const uint8_t> hash);
// The kept matches ordered by set name (moved out of *best).
std::vector<ScanMatch> SortedMatches(std::map<uint32_t, ScanMatch>* best);

class Matcher {
 public:
  // Builds the indexes for the enabled sets named in `only` (all sets when
  // empty). `store` is borrowed and must outlive the matcher (entries are
  // looked up in it for their external id and category).
  // Error: kNotFound for an unknown name in `only`.
  static Result<std::unique_ptr<Matcher>> Build(
      const HashsetStore& store, const std::vector<std::string>& only);

  // The best match per hash set of one hash (Engine::Lookup): a digest
  // exactly, a PDQ hash within each set's threshold. Ordered by set name.
  Result<std::vector<ScanMatch>> MatchSignal(const Signal& signal) const;
  // The same for every signal of a batch (out[i] for signals[i]), with the
  // same results as one MatchSignal call each: the PDQ hashes are searched
  // in one batch search per segment, the digests in one batched lookup per
  // type, all under one reader lock. Errors: those of MatchSignal for the
  // first invalid signal (nothing is searched then).
  Result<std::vector<std::vector<ScanMatch>>> MatchSignals(
      std::span<const Signal> signals) const;

  // The best match per hash set of content, ordered by set name.
  Result<std::vector<ScanMatch>> Match(const MediaHashes& hashes,
                                       bool dihedral) const;

  // The best match per hash set of a video: its digests, each sampled frame
  // against PDQ entries, and the video against vPDQ entries (vigil/engine.h
  // states the rules); also the still image's PDQ when `hashes` has one (an
  // animated GIF). Ordered by set name.
  Result<std::vector<ScanMatch>> MatchVideo(const MediaHashes& hashes,
                                            const VideoHash& video,
                                            bool dihedral) const;

  // Applies the change-log records after change_seq() (all of them, in
  // batches) to the indexes. One caller at a time (serialised inside).
  // An error leaves the indexes as of the last fully applied record; the
  // caller may then rebuild (Build) instead.
  Status ApplyChanges();

  // Some vPDQ entry is a half-frame signal: videos should be hashed with
  // VideoDecodeOptions::half_frame_hashes to be matched against it.
  bool wants_half_frames() const { return half_frames_.load(); }

  // The store's change sequence the indexes reflect.
  uint64_t change_seq() const { return change_seq_.load(); }
  EngineStats Stats() const;

 private:
  static constexpr uint32_t kNoSet = ~uint32_t{0};

  // Immutable PDQ index over some (hash, set) pairs; local ids index
  // `hashes` and `sets`. A removed or masked pair has sets[id] == kNoSet.
  struct PdqSegment {
    std::unique_ptr<PdqIndex> index;
    std::vector<Hash256> hashes;
    std::vector<uint32_t> sets;
    size_t dead = 0;
    size_t live() const { return hashes.size() - dead; }
  };
  // vPDQ entries: the frames kept for matching (quality >= the set's vPDQ
  // minimum, repeats dropped) are indexed; ids map to their entry.
  struct VideoEntry {
    uint32_t set_id = 0;  // kNoSet once removed
    std::string id_hex;   // VpdqSignalId, the entry's "hash" in events
    std::string external_id;
    std::string category;
    int frames = 0;  // frames kept
    FrameRegion region = FrameRegion::kWhole;
    std::vector<Hash256> frame_hashes;  // the kept frames
    std::vector<uint32_t> frame_ids;    // their ids in video_pdq_
  };
  // One change record being applied (matcher_update.cc).
  struct Replay;

  Matcher(const HashsetStore& store, std::vector<std::string> only)
      : store_(store), only_(std::move(only)) {}

  Status AddDigestMatches(const MediaHashes& hashes,
                          std::map<uint32_t, ScanMatch>* best) const;
  Status AddPdqMatches(const MediaHashes& hashes, bool dihedral,
                       std::map<uint32_t, ScanMatch>* best) const;
  // One digest of `type` against its index.
  Status AddDigestMatch(SignalType type, std::span<const uint8_t> digest,
                        std::map<uint32_t, ScanMatch>* best) const;
  // One index hit (set `id`) of a digest, as a match of an active set.
  Status OfferDigestHit(SignalType type, std::span<const uint8_t> digest,
                        uint64_t id, std::map<uint32_t, ScanMatch>* best) const;
  // The hits of one segment's search as matches of active sets; query q
  // is named variants[q] and has quality qualities[q].
  Status OfferPdqHits(const PdqSegment& segment,
                      std::span<const Hash256> queries,
                      std::span<const char* const> variants,
                      std::span<const int> qualities,
                      const PdqSearchResults& results,
                      std::map<uint32_t, ScanMatch>* best) const;
  // The hits of one query (hash `query`, named `variant`, of `quality`).
  Status OfferPdqQueryHits(const PdqSegment& segment, const Hash256& query,
                           const char* variant, int quality,
                           std::span<const PdqMatch> hits,
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
  // Fills external id, category and action of a match: from entry_cache_
  // while the indexes are as current as the store (a store read fills
  // it), else from the store.
  Status Describe(const Hashset& set, SignalType type,
                  std::span<const uint8_t> stored, ScanMatch* m) const;
  // The active set `id`, or nullptr.
  const Hashset* ActiveSet(uint32_t id) const;
  // True when the entry of set `set_id` with stored `hash` (a vPDQ entry:
  // its signal id) is disabled now (HashsetStore::DisableEntry). Under the
  // reader lock.
  bool EntryDisabled(uint32_t set_id, SignalType type,
                     std::span<const uint8_t> hash) const;

  // --- updates (matcher_update.cc); called by the one updater only ------
  bool Selected(std::string_view name) const;
  // Loads every stored signal of `set` and then makes it active.
  Status LoadSet(const Hashset& set);
  // Makes set `id` inactive and masks its PDQ and video entries.
  void DropSet(uint32_t id);
  // Adds fixed-size digests of set `id` (n packed keys).
  Status AddDigests(SignalType type, uint32_t id,
                    std::span<const uint8_t> packed);
  // Publishes pending PDQ pairs as a new segment, built without the lock.
  Status FlushPdq(std::vector<Hash256>* hashes, std::vector<uint32_t>* sets);
  // Drops from `hashes` those set `id` holds already.
  void DropKnownPdq(uint32_t id, std::vector<Hash256>* hashes) const;
  Status RemovePdq(uint32_t id, std::span<const uint8_t> packed);
  // Reads the disable state of the entries named by `packed` (hashes of
  // `type`, vPDQ signal ids) of set `id` from the store into disabled_.
  Status RefreshDisabled(uint32_t id, SignalType type,
                         std::span<const uint8_t> packed);
  // Forgets the disables of the entries named by `packed` (removed ones).
  void ForgetDisabled(uint32_t id, SignalType type,
                      std::span<const uint8_t> packed);
  // Adds one vPDQ signal (a video or half) of `set`; a no-op when the set
  // holds it already.
  Status AddVideo(const Hashset& set, std::span<const uint8_t> signal,
                  const std::string& external_id, const std::string& category);
  void RemoveVideo(uint32_t id, const std::string& id_hex);
  // Merges small segments and rebuilds half-dead ones (off the lock).
  Status MaintainSegments();
  // The largest thresholds of the active sets. Under the writer lock.
  void UpdateRadii();
  std::unique_lock<std::shared_mutex> WriterLock() const;
  std::shared_lock<std::shared_mutex> ReaderLock() const;

  const HashsetStore& store_;
  const std::vector<std::string> only_;  // the selection; empty: all

  mutable std::mutex gate_;  // taken by the writer while it waits
  mutable std::shared_mutex mu_;
  // Everything below is GUARDED_BY(mu_) for writes; written only by the
  // updater thread (under apply_mu_), which may read it without mu_.
  std::map<uint32_t, Hashset> sets_;  // the active sets, by id
  // One index per digest type; the id stored is the hash-set id. Pairs of
  // dropped sets stay (masked by sets_) until removed or rebuilt.
  std::map<SignalType, std::unique_ptr<DigestIndex>> digests_;
  std::map<uint32_t, uint64_t> digest_pairs_by_set_;
  std::vector<std::unique_ptr<PdqSegment>> pdq_;  // oldest (largest) first
  int pdq_radius_ = 0;  // the largest PDQ threshold of any set
  std::vector<VideoEntry> videos_;
  std::map<std::pair<uint32_t, std::string>, uint32_t> video_by_key_;
  std::unique_ptr<PdqIndex> video_pdq_;
  std::vector<uint32_t> video_frame_entry_;  // by video index id
  size_t live_videos_ = 0;
  size_t live_video_frames_ = 0;
  int video_radius_ = 0;  // the largest vPDQ threshold of any set
  // Disabled entries: (set id, [type byte][hash]) -> until (Unix ms; 0:
  // until enabled). Expired ones stay until a record clears them.
  std::map<std::pair<uint32_t, std::string>, int64_t> disabled_;
  double build_seconds_ = 0;

  std::atomic<bool> half_frames_{false};  // some vPDQ entry is a half
  std::atomic<uint64_t> change_seq_{0};
  // Records up to this sequence may already be in the indexes (data read
  // while the store changed): their additions are checked first.
  uint64_t dedup_through_ = 0;
  std::mutex apply_mu_;  // one ApplyChanges at a time
  // Entry metadata of described matches. Valid for the store as of
  // change_seq(): cleared under the writer lock before change_seq_ moves.
  static constexpr size_t kEntryCacheCapacity = 1 << 16;
  mutable EntryCache entry_cache_{kEntryCacheCapacity};
};

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_MATCHER_H_
