// Copyright 2026 The Vigil Authors.
//
// How the decode and sampling settings change vPDQ hashes, on the sample
// videos of $VIGIL_CONFORMANCE_DIR/vpdq (the companion of
// video_benchmark.cc, which measures their speed). Not a timing tool.
//
// For each setting and video, against the exact 1-frame-per-second hash
// (ExactVideoDecodeOptions(), the reference's frames bit for bit):
//   - frames hashed and decoded;
//   - drift: for each exact grid frame, the Hamming distance to the
//     setting's frame nearest in time (and how many frames away that is);
//   - the match of the setting's hash with the shipped reference hashes
//     (expected_sample): against the reference's own 1/s grid at the
//     default 80/80 rule, and the query share against every frame;
//   - the 11 x 11 video-pair outcomes (80/80, and query-only 80/0 as
//     python-threatexchange) compared with the exact setting's.
// Run:
//   VIGIL_CONFORMANCE_DIR=... build/release/bench/video/video_drift
// or, for other videos (drift against the exact hash only):
//   build/release/bench/video/video_drift FILE...

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "vigil/pdq.h"
#include "vigil/video.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

const char* const kVideos[] = {
    "chair-19-sd-bar",
    "chair-20-sd-bar",
    "chair-22-sd-grey-bar",
    "chair-22-with-large-logo-bar",
    "chair-22-with-small-logo-bar",
    "chair-orig-22-sd-bar",
    "pattern-sd-grey-bar",
    "pattern-sd-with-large-logo-bar",
    "doorknob-hd-no-bar",
    "pattern-hd-no-bar",
    "pattern-longer-no-bar",
};

struct Setting {
  std::string name;
  VideoDecodeOptions options;
};

std::vector<Setting> Settings() {
  std::vector<Setting> s;
  s.push_back({"exact (ExactVideoDecodeOptions)", ExactVideoDecodeOptions()});
  s.push_back({"default (grid + fast_reference_decode)", VideoDecodeOptions()});
  VideoDecodeOptions keyframe;
  keyframe.sampling = VideoSampling::kNearestKeyframe;
  s.push_back({"nearest_keyframe, offset 1 s", keyframe});
  VideoDecodeOptions half = keyframe;
  half.max_keyframe_offset_seconds = 0.5;
  s.push_back({"nearest_keyframe, offset 0.5 s", half});
  VideoDecodeOptions exact_keyframe = keyframe;
  exact_keyframe.fast_reference_decode = false;
  s.push_back({"nearest_keyframe, offset 1 s, exact decoding", exact_keyframe});
  return s;
}

// Index of the frame of `frames` nearest in number to `n` (ties: earlier).
size_t Nearest(const std::vector<VpdqFrame>& frames, int64_t n) {
  size_t best = 0;
  for (size_t i = 1; i < frames.size(); ++i) {
    if (std::llabs(frames[i].frame_number - n) <
        std::llabs(frames[best].frame_number - n)) {
      best = i;
    }
  }
  return best;
}

int Bucket(int d) {
  if (d == 0) return 0;
  if (d <= 4) return 1;
  if (d <= 10) return 2;
  if (d <= 20) return 3;
  if (d <= 31) return 4;
  return 5;
}
const char* const kBuckets[] = {"0", "1-4", "5-10", "11-20", "21-31", ">31"};

struct Outcomes {
  std::map<std::pair<int, int>, bool> both;   // 80/80
  std::map<std::pair<int, int>, bool> query;  // 80/0
};

Outcomes Matrix(const std::vector<VideoHash>& hashes) {
  Outcomes o;
  VpdqMatchOptions query_only;
  query_only.target_match_percent = 0;
  for (size_t q = 0; q < hashes.size(); ++q) {
    for (size_t t = 0; t < hashes.size(); ++t) {
      const std::pair<int, int> key(static_cast<int>(q), static_cast<int>(t));
      o.both[key] = MatchVideos(hashes[q].frames, hashes[t].frames).matched;
      o.query[key] =
          MatchVideos(hashes[q].frames, hashes[t].frames, query_only).matched;
    }
  }
  return o;
}

int Run(const std::string& dir) {
  const std::vector<Setting> settings = Settings();
  std::map<std::string, std::vector<VpdqFrame>> sample;
  for (const char* v : kVideos) {
    Result<std::vector<VpdqFrame>> s =
        ReadVpdqFile(dir + "/vpdq/expected_sample/" + v + ".txt");
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.status().ToString().c_str());
      return 1;
    }
    sample[v] = std::move(*s);
  }
  std::vector<std::vector<VideoHash>> all(settings.size());
  for (size_t si = 0; si < settings.size(); ++si) {
    for (const char* v : kVideos) {
      Result<VideoHash> h = HashVideoFile(dir + "/vpdq/videos/" + v + ".mp4",
                                          settings[si].options);
      if (!h.ok()) {
        std::fprintf(stderr, "%s\n", h.status().ToString().c_str());
        return 1;
      }
      all[si].push_back(std::move(*h));
    }
  }
  const Outcomes exact_matrix = Matrix(all[0]);
  for (size_t si = 0; si < settings.size(); ++si) {
    std::printf("\n## %s\n\n", settings[si].name.c_str());
    std::printf(
        "| video | hashed | decoded | drift d=0/1-4/5-10/11-20/21-31/>31 | "
        "mean d | max d | max offset (frames) | vs sample 1/s q%%/t%% "
        "80/80 | vs sample every frame q%% |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    std::vector<int> total(6, 0);
    for (size_t vi = 0; vi < std::size(kVideos); ++vi) {
      const VideoHash& exact = all[0][vi];
      const VideoHash& h = all[si][vi];
      std::vector<int> buckets(6, 0);
      int max_d = 0;
      double sum_d = 0;
      int64_t max_offset = 0;
      for (const VpdqFrame& e : exact.frames) {
        const VpdqFrame& f = h.frames[Nearest(h.frames, e.frame_number)];
        const int d = HammingDistance(e.hash, f.hash);
        ++buckets[Bucket(d)];
        ++total[Bucket(d)];
        max_d = std::max(max_d, d);
        sum_d += d;
        max_offset = std::max<int64_t>(
            max_offset, std::llabs(f.frame_number - e.frame_number));
      }
      // The reference's own 1/s hash: its every-frame lines on our grid.
      const std::vector<VpdqFrame>& every = sample[kVideos[vi]];
      std::vector<VpdqFrame> grid;
      for (const VpdqFrame& f : every) {
        if (f.frame_number % h.info.frame_interval == 0) grid.push_back(f);
      }
      const VpdqMatch m1 = MatchVideos(h.frames, grid);
      const VpdqMatch m2 = MatchVideos(h.frames, every);
      std::printf(
          "| %s | %zu | %lld | %d/%d/%d/%d/%d/%d | %.2f | %d | %lld | "
          "%.0f/%.0f %s | %.0f |\n",
          kVideos[vi], h.frames.size(),
          static_cast<long long>(h.decoded_frames), buckets[0], buckets[1],
          buckets[2], buckets[3], buckets[4], buckets[5],
          sum_d / std::max<size_t>(1, exact.frames.size()), max_d,
          static_cast<long long>(max_offset), m1.query_percent,
          m1.target_percent, m1.matched ? "match" : "NO MATCH",
          m2.query_percent);
    }
    std::printf("\nAll grid frames: d=");
    for (int b = 0; b < 6; ++b) {
      std::printf("%s%s:%d", b ? " " : "", kBuckets[b], total[b]);
    }
    const Outcomes m = Matrix(all[si]);
    int both_flips = 0;
    int query_flips = 0;
    int both_matched = 0;
    for (const auto& [key, matched] : m.both) {
      both_flips += matched != exact_matrix.both.at(key);
      query_flips += m.query.at(key) != exact_matrix.query.at(key);
      both_matched += matched;
    }
    std::printf(
        "\nVideo pairs (121): %d matched at 80/80; outcomes differing from "
        "exact: %d at 80/80, %d at 80/0\n",
        both_matched, both_flips, query_flips);
    for (const auto& [key, matched] : m.both) {
      if (matched != exact_matrix.both.at(key) ||
          m.query.at(key) != exact_matrix.query.at(key)) {
        const VpdqMatch x =
            MatchVideos(all[si][key.first].frames, all[si][key.second].frames);
        const VpdqMatch e =
            MatchVideos(all[0][key.first].frames, all[0][key.second].frames);
        std::printf("  %s vs %s: %.0f/%.0f (exact %.0f/%.0f)\n",
                    kVideos[key.first], kVideos[key.second], x.query_percent,
                    x.target_percent, e.query_percent, e.target_percent);
      }
    }
  }
  return 0;
}

// Drift of each setting against the exact hash, for any video files.
int RunFiles(const std::vector<std::string>& paths) {
  const std::vector<Setting> settings = Settings();
  std::printf(
      "| video | setting | hashed | decoded | drift d=0/1-4/5-10/"
      "11-20/21-31/>31 | max d | vs exact q%%/t%% 80/80 |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const std::string& path : paths) {
    std::vector<VideoHash> hashes;
    for (const Setting& setting : settings) {
      Result<VideoHash> h = HashVideoFile(path, setting.options);
      if (!h.ok()) {
        std::fprintf(stderr, "%s\n", h.status().ToString().c_str());
        return 1;
      }
      hashes.push_back(std::move(*h));
    }
    for (size_t si = 0; si < settings.size(); ++si) {
      std::vector<int> buckets(6, 0);
      int max_d = 0;
      for (const VpdqFrame& e : hashes[0].frames) {
        const VpdqFrame& f =
            hashes[si].frames[Nearest(hashes[si].frames, e.frame_number)];
        const int d = HammingDistance(e.hash, f.hash);
        ++buckets[Bucket(d)];
        max_d = std::max(max_d, d);
      }
      const VpdqMatch m = MatchVideos(hashes[si].frames, hashes[0].frames);
      std::printf(
          "| %s | %s | %zu | %lld | %d/%d/%d/%d/%d/%d | %d | %.0f/%.0f |\n",
          path.substr(path.find_last_of('/') + 1).c_str(),
          settings[si].name.c_str(), hashes[si].frames.size(),
          static_cast<long long>(hashes[si].decoded_frames), buckets[0],
          buckets[1], buckets[2], buckets[3], buckets[4], buckets[5], max_d,
          m.query_percent, m.target_percent);
    }
  }
  return 0;
}

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) {
  if (argc > 1) return vigil::RunFiles({argv + 1, argv + argc});
  const char* dir = std::getenv("VIGIL_CONFORMANCE_DIR");
  if (dir == nullptr || *dir == '\0') {
    std::fprintf(stderr, "set VIGIL_CONFORMANCE_DIR\n");
    return 2;
  }
  return vigil::Run(dir);
}
