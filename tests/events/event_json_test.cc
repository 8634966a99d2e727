// Copyright 2026 The Vigil Authors.
//
// The takedown event shapes of vigil/json.h, checked field by field against
// docs/events.md after parsing the rendered text.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "vigil/event.h"
#include "vigil/json.h"

namespace vigil {
namespace {

using Json = nlohmann::json;

std::set<std::string> Keys(const Json& j) {
  std::set<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.insert(key);
  return keys;
}

TakedownEvent ImageEvent() {
  TakedownEvent e;
  e.event_id = "0193c5e1-0000-7000-8000-000000000001";
  e.idempotency_key = "91befc648acb6a213b1e7fadbd28761a";
  e.created_at_ms = 1795922390542;
  e.content = {"uploads/a.jpg", "web",  "image/jpeg", 12204,
               "a915",          "cf4f", "5e95"};
  e.match.hashset = "demo-known";
  e.match.hashset_id = 1;
  e.match.signal_type = SignalType::kPdq;
  e.match.distance = 4;
  e.match.threshold = 31;
  e.match.hash = "1836";
  e.match.query_hash = "0832";
  e.match.quality = 59;
  e.match.variant = "rot90";  // a dihedral variant matched
  e.match.external_id = "fractal.jpg";
  e.match.category = "demo";
  e.action = HashsetAction::kRemove;
  e.engine_version = "0.1.0";
  return e;
}

TakedownEvent VideoEvent() {
  TakedownEvent e = ImageEvent();
  e.content.media_type = "video/mp4";
  e.match.signal_type = SignalType::kVpdq;
  e.match.variant.clear();
  e.match.quality = 100;
  EventVideoMatch v;
  v.query_frames = 12;
  v.query_matched = 11;
  v.query_percent = 91.67;
  v.target_frames = 11;
  v.target_matched = 11;
  v.target_percent = 100.0;
  v.best_timestamp = 4.0;
  v.time_ranges = {{2.0, 9.0}, {12.5, 22.0}};
  v.region = "bottom";
  e.match.video = v;
  return e;
}

TEST(EventJsonTest, ImageEventHasEveryDocumentedField) {
  const TakedownEvent e = ImageEvent();
  const Json j = Json::parse(TakedownEventJson(e));
  EXPECT_EQ(Keys(j),
            (std::set<std::string>{"schema", "event_id", "idempotency_key",
                                   "created_at", "created_at_ms", "content",
                                   "match", "action", "state", "engine"}));
  EXPECT_EQ(j["schema"], "vigil.takedown/1");
  EXPECT_EQ(j["state"], (Json{{"status", "open"},
                              {"outcome", ""},
                              {"reference", ""},
                              {"reason", ""},
                              {"actor", ""},
                              {"at", ""},
                              {"at_ms", 0},
                              {"history", Json::array()}}));
  EXPECT_EQ(j["event_id"], e.event_id);
  EXPECT_EQ(j["idempotency_key"], e.idempotency_key);
  EXPECT_EQ(j["created_at"], "2026-11-29T03:19:50.542Z");
  EXPECT_EQ(j["created_at_ms"], 1795922390542);
  EXPECT_EQ(j["content"], (Json{{"id", "uploads/a.jpg"},
                                {"source", "web"},
                                {"media_type", "image/jpeg"},
                                {"bytes", 12204},
                                {"md5", "a915"},
                                {"sha1", "cf4f"},
                                {"sha256", "5e95"}}));
  EXPECT_EQ(j["match"], (Json{{"hashset", "demo-known"},
                              {"hashset_id", 1},
                              {"signal_type", "pdq"},
                              {"distance", 4},
                              {"threshold", 31},
                              {"hash", "1836"},
                              {"query_hash", "0832"},
                              {"quality", 59},
                              {"variant", "rot90"},
                              {"external_id", "fractal.jpg"},
                              {"category", "demo"}}));
  EXPECT_EQ(j["action"], "remove");
  EXPECT_EQ(j["engine"], (Json{{"version", "0.1.0"}}));
}

TEST(EventJsonTest, ToJsonIsTheRenderer) {
  for (const TakedownEvent& e : {ImageEvent(), VideoEvent()}) {
    EXPECT_EQ(e.ToJson(), TakedownEventJson(e));
    // EventMatchJson is exactly the event's "match" object.
    EXPECT_EQ(Json::parse(EventMatchJson(e.match)),
              Json::parse(e.ToJson())["match"]);
  }
}

TEST(EventJsonTest, DigestMatchHasNoQualityVariantOrVideo) {
  TakedownEvent e = ImageEvent();
  e.match.signal_type = SignalType::kSha256;
  e.match.distance = 0;
  e.match.quality = -1;
  e.match.variant.clear();
  const Json m = Json::parse(EventMatchJson(e.match));
  EXPECT_EQ(m["signal_type"], "sha256");
  EXPECT_FALSE(m.contains("quality"));
  EXPECT_FALSE(m.contains("variant"));
  EXPECT_FALSE(m.contains("video"));
}

TEST(EventJsonTest, VpdqMatchHasSharesTimeRangesAndRegion) {
  const Json m = Json::parse(EventMatchJson(VideoEvent().match));
  EXPECT_EQ(m["signal_type"], "vpdq");
  EXPECT_FALSE(m.contains("variant"));
  EXPECT_EQ(m["quality"], 100);
  const Json& v = m["video"];
  EXPECT_EQ(Keys(v), (std::set<std::string>{
                         "query_frames", "query_matched", "query_percent",
                         "target_frames", "target_matched", "target_percent",
                         "best_timestamp", "time_ranges", "region"}));
  EXPECT_EQ(v["query_frames"], 12);
  EXPECT_EQ(v["query_matched"], 11);
  EXPECT_DOUBLE_EQ(v["query_percent"].get<double>(), 91.67);
  EXPECT_EQ(v["target_frames"], 11);
  EXPECT_EQ(v["target_matched"], 11);
  EXPECT_DOUBLE_EQ(v["target_percent"].get<double>(), 100.0);
  EXPECT_DOUBLE_EQ(v["best_timestamp"].get<double>(), 4.0);
  EXPECT_EQ(v["time_ranges"], Json::parse("[[2.0,9.0],[12.5,22.0]]"));
  EXPECT_EQ(v["region"], "bottom");
}

TEST(EventJsonTest, FramesMatchedAgainstImagesHaveNoRegion) {
  TakedownEvent e = VideoEvent();
  e.match.signal_type = SignalType::kPdq;
  e.match.variant = "original";
  e.match.video->target_frames = 0;
  e.match.video->target_matched = 0;
  e.match.video->target_percent = 0;
  e.match.video->region.clear();
  const Json v = Json::parse(EventMatchJson(e.match))["video"];
  EXPECT_FALSE(v.contains("region"));
  EXPECT_EQ(v["target_frames"], 0);
  EXPECT_EQ(v["time_ranges"].size(), 2u);
}

// The field names of docs/events.md's table: "`content.md5`, `.sha1`" gives
// content.md5 and content.sha1.
std::vector<std::string> DocumentedFields() {
  std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/docs/events.md");
  std::vector<std::string> fields;
  std::string line;
  const std::regex name("`(\\.?[a-z_0-9.]+)`");
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    const std::string cell = line.substr(2, line.find(" |", 2) - 2);
    std::string parent;
    for (std::sregex_iterator it(cell.begin(), cell.end(), name), end;
         it != end; ++it) {
      std::string field = (*it)[1];
      if (field[0] == '.') {
        field = parent + field;
      } else {
        parent = field.substr(0, field.rfind('.') == std::string::npos
                                     ? field.size()
                                     : field.rfind('.'));
      }
      fields.push_back(field);
    }
  }
  return fields;
}

bool Has(const Json& j, const std::string& dotted) {
  const Json* at = &j;
  std::stringstream parts(dotted);
  std::string part;
  while (std::getline(parts, part, '.')) {
    if (!at->is_object() || !at->contains(part)) return false;
    at = &(*at)[part];
  }
  return true;
}

TEST(EventJsonTest, EveryFieldOfTheDocsIsRendered) {
  const std::vector<std::string> fields = DocumentedFields();
  ASSERT_GE(fields.size(), 30u) << "docs/events.md table not found";
  const Json image = Json::parse(TakedownEventJson(ImageEvent()));
  const Json video = Json::parse(TakedownEventJson(VideoEvent()));
  TakedownEvent resolved = ImageEvent();
  resolved.state.history.push_back(resolved.state.current);
  resolved.state.current = {
      EventState::kActioned, EventOutcome::kReported, "CT-1", "", "alice",
      1764386400000};
  resolved.update = EventUpdate{resolved.event_id, resolved.idempotency_key,
                                EventState::kOpen};
  const Json update = Json::parse(TakedownEventJson(resolved));
  EXPECT_EQ(update["schema"], "vigil.takedown.update/1");
  for (const std::string& field : fields) {
    EXPECT_TRUE(Has(image, field) || Has(video, field) || Has(update, field))
        << field;
  }
  // And nothing undocumented.
  std::set<std::string> documented(fields.begin(), fields.end());
  for (const Json* j : {&image, &video, &update}) {
    for (const auto& [key, value] : j->items()) {
      if (value.is_object()) {
        for (const auto& [sub, v] : value.items()) {
          if (v.is_object()) {
            for (const auto& [leaf, w] : v.items()) {
              EXPECT_TRUE(documented.count(key + "." + sub + "." + leaf))
                  << key << "." << sub << "." << leaf;
            }
          }
          EXPECT_TRUE(documented.count(key + "." + sub)) << key << "." << sub;
        }
      } else {
        EXPECT_TRUE(documented.count(key)) << key;
      }
    }
  }
}

TEST(EventJsonTest, InvalidUtf8IsEscaped) {
  TakedownEvent e = ImageEvent();
  e.content.id = "bad\xff\xfe-name.jpg";
  const std::string text = TakedownEventJson(e);
  const Json j = Json::parse(text);  // throws if the text is not valid JSON
  // Each invalid byte as U+FFFD and its hex value (issue 17).
  EXPECT_EQ(j["content"]["id"],
            "bad\xEF\xBF\xBD"
            "FF\xEF\xBF\xBD"
            "FE-name.jpg");
  EXPECT_EQ(text.find('\n'), std::string::npos);
}

// Issue 17 item 3: content ids (paths) that are not UTF-8 were replaced by
// U+FFFD, so two files differing in one invalid byte got the same id.
TEST(EventJsonTest, Issue17InvalidUtf8IdsStayDistinctAndRecoverable) {
  TakedownEvent a = ImageEvent();
  TakedownEvent b = ImageEvent();
  a.content.id = std::string("uploads/cat\xff.jpg");
  b.content.id = std::string("uploads/cat\xfe.jpg");
  const Json ja = Json::parse(TakedownEventJson(a));
  const Json jb = Json::parse(TakedownEventJson(b));
  EXPECT_EQ(ja["content"]["id"],
            "uploads/cat\xEF\xBF\xBD"
            "FF.jpg");
  EXPECT_EQ(jb["content"]["id"],
            "uploads/cat\xEF\xBF\xBD"
            "FE.jpg");
  // Back to the original bytes.
  VIGIL_ASSERT_OK_AND_ASSIGN(TakedownEvent back,
                             TakedownEvent::FromJson(TakedownEventJson(a)));
  EXPECT_EQ(back.content.id, a.content.id);

  // U+FFFD in the original is doubled, so it cannot pass for an escape;
  // valid UTF-8 (and the escape of a truncated sequence) round-trips.
  for (const std::string& id :
       {std::string("r\xEF\xBF\xBD"
                    "FF"),
        std::string("caf\xC3\xA9"), std::string("x\xE2\x82"),
        std::string("\xED\xA0\x80"), std::string("\xC0\xAF"),
        std::string("\xF4\x90\x80\x80")}) {
    TakedownEvent e = ImageEvent();
    e.content.id = id;
    const std::string text = TakedownEventJson(e);
    VIGIL_ASSERT_OK_AND_ASSIGN(TakedownEvent round,
                               TakedownEvent::FromJson(text));
    EXPECT_EQ(round.content.id, id) << text;
    EXPECT_NE(Json::parse(text)["content"]["id"], a.content.id);
  }
  TakedownEvent plain = ImageEvent();
  plain.content.id = "caf\xC3\xA9.jpg";
  EXPECT_EQ(Json::parse(TakedownEventJson(plain))["content"]["id"],
            "caf\xC3\xA9.jpg");
}

}  // namespace
}  // namespace vigil
