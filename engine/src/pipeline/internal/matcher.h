// Copyright 2026 The Vigil Authors.
//
// The in-memory matcher: an exact digest index per digest type and one PDQ
// index over every PDQ hash of the selected hash sets, built from the
// store's packed hash runs. Given the hashes of one piece of content it
// returns the best match per hash set, applying each set's threshold and
// minimum quality.
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

  // The store's change sequence the indexes reflect.
  uint64_t change_seq() const { return change_seq_; }
  EngineStats Stats() const;

 private:
  explicit Matcher(const HashsetStore& store) : store_(store) {}
  Status AddDigestMatches(const MediaHashes& hashes,
                          std::map<uint32_t, ScanMatch>* best) const;
  Status AddPdqMatches(const MediaHashes& hashes, bool dihedral,
                       std::map<uint32_t, ScanMatch>* best) const;
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
  uint64_t change_seq_ = 0;
  uint64_t digest_pairs_ = 0;
  double build_seconds_ = 0;
};

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_PIPELINE_INTERNAL_MATCHER_H_
