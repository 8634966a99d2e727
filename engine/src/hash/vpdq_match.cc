// Copyright 2026 The Vigil Authors.
//
// The vPDQ matching rule (python-threatexchange
// threatexchange/extensions/vpdq/vpdq_brute_matcher.py; the C++ variant is
// vpdq/cpp/vpdq/cpp/hashing/matchTwoHash.cpp): filter by quality, drop
// repeated hashes, then count, on each side, the frames that have a partner
// within the distance on the other side.

#include <algorithm>
#include <set>
#include <span>
#include <vector>

#include "vigil/pdq.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

std::vector<PdqHash> Prepare(std::span<const VpdqFrame> frames,
                             const VpdqMatchOptions& options) {
  std::vector<PdqHash> out;
  out.reserve(frames.size());
  std::set<std::array<uint8_t, 32>> seen;
  for (const VpdqFrame& f : frames) {
    // python-threatexchange dedupes before the quality filter; since
    // identical hashes have identical quality the order does not matter.
    if (f.quality < options.min_quality) continue;
    if (options.dedupe && !seen.insert(f.hash.bytes).second) continue;
    out.push_back(f.hash);
  }
  return out;
}

int CountMatched(const std::vector<PdqHash>& from,
                 const std::vector<PdqHash>& to, int max_distance) {
  int matched = 0;
  for (const PdqHash& a : from) {
    for (const PdqHash& b : to) {
      if (HammingDistance(a, b) <= max_distance) {
        ++matched;
        break;
      }
    }
  }
  return matched;
}

}  // namespace

VpdqMatch MatchVideos(std::span<const VpdqFrame> query,
                      std::span<const VpdqFrame> target,
                      const VpdqMatchOptions& options) {
  VpdqMatch m;
  const std::vector<PdqHash> q = Prepare(query, options);
  const std::vector<PdqHash> t = Prepare(target, options);
  m.query_frames = static_cast<int>(q.size());
  m.target_frames = static_cast<int>(t.size());
  if (q.empty() || t.empty()) return m;
  m.query_matched = CountMatched(q, t, options.max_distance);
  m.target_matched = CountMatched(t, q, options.max_distance);
  m.query_percent = m.query_matched * 100.0 / m.query_frames;
  m.target_percent = m.target_matched * 100.0 / m.target_frames;
  m.matched = m.query_percent >= options.query_match_percent &&
              m.target_percent >= options.target_match_percent;
  return m;
}

}  // namespace vigil
