// Copyright 2026 The Vigil Authors.
//
// The scan-result and stored-event shapes of vigil/json.h: `vigil scan`
// lines and `vigil events list` lines, parsed and checked field by field.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "vigil/engine.h"
#include "vigil/json.h"

namespace vigil {
namespace {

using Json = nlohmann::json;

std::set<std::string> Keys(const Json& j) {
  std::set<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.insert(key);
  return keys;
}

PdqHash Pdq(char fill) {
  return PdqHash::FromHex(std::string(64, fill)).value();
}

MediaHashes ImageHashes() {
  static const uint8_t kBytes[] = {1, 2, 3, 4};
  MediaHashes h;
  h.bytes = 12204;
  h.media_type = MediaType::kJpeg;
  h.digests = ComputeDigests(kBytes);
  h.width = 640;
  h.height = 480;
  h.pdq = PdqResult{Pdq('a'), 87};
  return h;
}

ScanMatch PdqMatch() {
  ScanMatch m;
  m.match.hashset = "demo-known";
  m.match.hashset_id = 2;
  m.match.signal_type = SignalType::kPdq;
  m.match.distance = 6;
  m.match.threshold = 31;
  m.match.hash = Pdq('b').ToHex();
  m.match.query_hash = Pdq('c').ToHex();
  m.match.quality = 87;
  m.match.variant = "flipx";  // matched through a dihedral variant
  m.match.external_id = "case-9";
  m.match.category = "demo";
  m.action = HashsetAction::kBlock;
  return m;
}

ScanResult ImageMatch() {
  ScanResult r;
  r.content = {"uploads/a.jpg", "vigil-scan"};
  r.status = ScanStatus::kMatch;
  r.hashes = ImageHashes();
  r.matches = {PdqMatch()};
  r.event_ids = {"0193c5e1-0000-7000-8000-000000000001"};
  return r;
}

ScanResult VideoMatch() {
  ScanResult r;
  r.content = {"clips/v.mp4", "vigil-scan"};
  r.status = ScanStatus::kMatch;
  r.hashes = ImageHashes();
  r.hashes.media_type = MediaType::kMp4;
  r.hashes.pdq.reset();
  r.hashes.width = r.hashes.height = 0;
  r.hashes.image_status = UnsupportedFormatError("not an image");
  VideoHash v;
  v.info.codec = "h264";
  v.info.width = 320;
  v.info.height = 240;
  v.info.duration_seconds = 22.5;
  v.info.frame_rate = 25;
  v.info.frame_interval = 25;
  for (int i = 0; i < 3; ++i) {
    v.frames.push_back(VpdqFrame{i * 25, 90, Pdq('d'), i * 1.0});
  }
  r.video = v;
  ScanMatch m = PdqMatch();
  m.match.signal_type = SignalType::kVpdq;
  m.match.variant.clear();
  m.match.quality = 100;
  EventVideoMatch vm;
  vm.query_frames = 3;
  vm.query_matched = 2;
  vm.query_percent = 66.67;
  vm.target_frames = 4;
  vm.target_matched = 4;
  vm.target_percent = 100;
  vm.best_timestamp = 1.0;
  vm.time_ranges = {{0.0, 1.0}};
  vm.region = "whole";
  m.match.video = vm;
  r.matches = {m};
  r.event_ids = {"0193c5e1-0000-7000-8000-000000000002"};
  return r;
}

TEST(ResultJsonTest, ImageMatchWithDihedralVariant) {
  const ScanResult r = ImageMatch();
  const Json j = Json::parse(ScanResultJson(r));
  EXPECT_EQ(Keys(j), (std::set<std::string>{"path", "status", "matches",
                                            "event_ids", "media_type", "bytes",
                                            "sha256", "pdq", "pdq_quality"}));
  EXPECT_EQ(j["path"], "uploads/a.jpg");
  EXPECT_EQ(j["status"], "match");
  EXPECT_EQ(j["event_ids"], Json::array({r.event_ids[0]}));
  EXPECT_EQ(j["media_type"], "image/jpeg");
  EXPECT_EQ(j["bytes"], 12204);
  EXPECT_EQ(j["sha256"], r.hashes.digests.Hex(SignalType::kSha256));
  EXPECT_EQ(j["pdq"], std::string(64, 'a'));
  EXPECT_EQ(j["pdq_quality"], 87);
  ASSERT_EQ(j["matches"].size(), 1u);
  EXPECT_EQ(j["matches"][0], (Json{{"hashset", "demo-known"},
                                   {"signal_type", "pdq"},
                                   {"distance", 6},
                                   {"threshold", 31},
                                   {"hash", std::string(64, 'b')},
                                   {"action", "block"},
                                   {"external_id", "case-9"},
                                   {"category", "demo"},
                                   {"variant", "flipx"},
                                   {"quality", 87}}));
  // ScanMatchJson is exactly an element of "matches".
  EXPECT_EQ(Json::parse(ScanMatchJson(r.matches[0])), j["matches"][0]);
}

// ScanMatchJson writes a match directly (not through a JSON object) and
// ScanResultJson puts it into its line: an element of "matches", in the
// bytes DumpJson gives (keys in order, nlohmann's escapes), for any text,
// including control characters, quotes, bytes that are not UTF-8 and
// U+FFFD, and with video details.
TEST(ResultJsonTest, DirectMatchRenderingIsCanonicalJson) {
  std::vector<std::string> texts = {"",
                                    "plain",
                                    "quote\" back\\slash /",
                                    "\b\f\n\r\t\x01\x1f\x7f",
                                    "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
                                    "bad \xff\xc3 \xed\xa0\x80 end",
                                    "\xEF\xBF\xBD already replacement",
                                    std::string("nul\0inside", 11)};
  for (int b = 0; b < 256; ++b) texts.push_back(std::string(1, char(b)));
  uint64_t seed = 12345;
  for (int i = 0; i < 300; ++i) {
    std::string t;
    for (int k = 0; k < 12; ++k) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      t.push_back(static_cast<char>(seed >> 56));
    }
    texts.push_back(t);
  }
  for (size_t i = 0; i < texts.size(); ++i) {
    ScanResult r = ImageMatch();
    ScanMatch& m = r.matches[0];
    m.match.hashset = texts[i];
    m.match.external_id = texts[(i + 1) % texts.size()];
    m.match.category = texts[(i + 2) % texts.size()];
    m.match.variant = texts[(i + 3) % texts.size()];
    m.match.hash = texts[(i + 4) % texts.size()];
    m.match.distance = static_cast<int>(i % 40) - 3;
    m.match.threshold = static_cast<int>(i % 7) * 100000;
    m.match.quality = i % 3 == 0 ? -1 : static_cast<int>(i % 101);
    m.match.signal_type = i % 2 == 0 ? SignalType::kPdq : SignalType::kMd5;
    m.action = i % 2 == 0 ? HashsetAction::kReport : HashsetAction::kReview;
    const std::string line = ScanResultJson(r);
    const std::string element = ScanMatchJson(m);
    EXPECT_NE(line.find("\"matches\":[" + element + "]"), std::string::npos)
        << "text " << i << ": " << element << "\n"
        << line;
  }
  const ScanResult video = VideoMatch();
  const std::string element = ScanMatchJson(video.matches[0]);
  EXPECT_THAT(element, ::testing::HasSubstr("\"video\":{"));
  EXPECT_NE(ScanResultJson(video).find("\"matches\":[" + element + "]"),
            std::string::npos)
      << element;
}

TEST(ResultJsonTest, VideoMatchWithTimeRanges) {
  const ScanResult r = VideoMatch();
  const Json j = Json::parse(ScanResultJson(r));
  EXPECT_EQ(Keys(j),
            (std::set<std::string>{"path", "status", "matches", "event_ids",
                                   "media_type", "bytes", "sha256", "video"}));
  EXPECT_EQ(j["media_type"], "video/mp4");
  EXPECT_EQ(j["video"], (Json{{"codec", "h264"},
                              {"width", 320},
                              {"height", 240},
                              {"duration_seconds", 22.5},
                              {"frame_rate", 25.0},
                              {"frames_hashed", 3},
                              {"frame_interval", 25}}));
  const Json& m = j["matches"][0];
  EXPECT_EQ(m["signal_type"], "vpdq");
  EXPECT_FALSE(m.contains("variant"));
  EXPECT_EQ(m["quality"], 100);
  EXPECT_EQ(m["video"], (Json{{"query_percent", 66.67},
                              {"query_matched", 2},
                              {"query_frames", 3},
                              {"best_timestamp", 1.0},
                              {"time_ranges", Json::parse("[[0.0,1.0]]")},
                              {"target_percent", 100.0},
                              {"target_matched", 4},
                              {"target_frames", 4},
                              {"region", "whole"}}));
}

TEST(ResultJsonTest, FramesMatchedAgainstImagesHaveNoTargetShares) {
  ScanResult r = VideoMatch();
  r.matches[0].match.signal_type = SignalType::kPdq;
  r.matches[0].match.variant = "original";
  const Json m = Json::parse(ScanResultJson(r))["matches"][0];
  EXPECT_EQ(
      Keys(m["video"]),
      (std::set<std::string>{"query_percent", "query_matched", "query_frames",
                             "best_timestamp", "time_ranges"}));
}

TEST(ResultJsonTest, ErrorResultHasOnlyTheError) {
  ScanResult r;
  r.content = {"missing.jpg", "vigil-scan"};
  r.status = ScanStatus::kError;
  r.error = NotFoundError("missing.jpg: no such file");
  const Json j = Json::parse(ScanResultJson(r));
  EXPECT_EQ(j, (Json{{"path", "missing.jpg"},
                     {"status", "error"},
                     {"matches", Json::array()},
                     {"event_ids", Json::array()},
                     {"error",
                      {{"code", "not_found"},
                       {"message", "missing.jpg: no such file"}}}}));
}

TEST(ResultJsonTest, UndecodableCleanFileCarriesImageError) {
  ScanResult r = ImageMatch();
  r.status = ScanStatus::kClean;
  r.matches.clear();
  r.event_ids.clear();
  r.hashes.pdq.reset();
  r.hashes.image_status = CorruptInputError("truncated JPEG");
  const Json j = Json::parse(ScanResultJson(r));
  EXPECT_EQ(j["status"], "clean");
  EXPECT_FALSE(j.contains("pdq"));
  EXPECT_FALSE(j.contains("error"));
  EXPECT_EQ(j["image_error"],
            (Json{{"code", "corrupt_input"}, {"message", "truncated JPEG"}}));
}

TEST(ResultJsonTest, InvalidUtf8PathIsEscapedReversibly) {
  ScanResult r = ImageMatch();
  r.content.id = "up\xc3(.jpg";
  const Json j = Json::parse(ScanResultJson(r));
  // The byte 0xC3 (a truncated sequence) as U+FFFD "C3" (issue 17).
  EXPECT_EQ(j["path"],
            "up\xEF\xBF\xBD"
            "C3(.jpg");
}

TEST(ResultJsonTest, OutboxEventsAddTheAckState) {
  OutboxEvent open;
  open.event.event_id = "0193c5e1-0000-7000-8000-000000000003";
  open.event.match.signal_type = SignalType::kMd5;
  open.event.action = HashsetAction::kReport;
  OutboxEvent done = open;
  done.acked = true;
  done.acked_at_ms = 1795922390542;
  done.acked_by = "mod-7";

  const Json a = Json::parse(OutboxEventJson(open));
  Json event = Json::parse(TakedownEventJson(open.event));
  EXPECT_EQ(a["acked"], false);
  EXPECT_FALSE(a.contains("acked_at"));
  EXPECT_FALSE(a.contains("acked_by"));
  Json without = a;
  without.erase("acked");
  EXPECT_EQ(without, event);

  const Json b = Json::parse(OutboxEventJson(done));
  EXPECT_EQ(b["acked"], true);
  EXPECT_EQ(b["acked_at"], "2026-11-29T03:19:50.542Z");
  EXPECT_EQ(b["acked_by"], "mod-7");

  const std::vector<OutboxEvent> both = {open, done};
  EXPECT_EQ(Json::parse(OutboxEventsJson(both)), Json::array({a, b}));
  EXPECT_EQ(OutboxEventsJson({}), "[]");
}

}  // namespace
}  // namespace vigil
