// Copyright 2026 The Vigil Authors.

#include "vigil/event.h"

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Not;
using ::vigil::testing::StatusIs;
using Json = nlohmann::json;

TakedownEvent Sample() {
  TakedownEvent e;
  e.event_id = NewEventId(UnixMillisNow());
  e.idempotency_key =
      IdempotencyKey("upload-1", "ab", "ncmec", SignalType::kPdq, "cd");
  e.created_at_ms = 1795922390542;
  e.content = {"upload-1", "web", "image/jpeg", 1234, "m", "s1", "s256"};
  e.match.hashset = "ncmec";
  e.match.hashset_id = 3;
  e.match.signal_type = SignalType::kPdq;
  e.match.distance = 7;
  e.match.threshold = 31;
  e.match.hash = "aa";
  e.match.query_hash = "bb";
  e.match.quality = 90;
  e.match.variant = "rot90";
  e.match.external_id = "case-1";
  e.match.category = "A1";
  e.action = HashsetAction::kRemove;
  e.engine_version = "0.1.0";
  return e;
}

TEST(EventTest, JsonRoundTrip) {
  TakedownEvent e = Sample();
  VIGIL_ASSERT_OK_AND_ASSIGN(TakedownEvent back,
                             TakedownEvent::FromJson(e.ToJson()));
  EXPECT_EQ(back.ToJson(), e.ToJson());
  EXPECT_EQ(back.match.variant, "rot90");
  EXPECT_EQ(back.match.quality, 90);
  EXPECT_EQ(back.action, HashsetAction::kRemove);
  EXPECT_THAT(e.ToJson(),
              HasSubstr("\"created_at\":\"2026-11-29T03:19:50.542Z\""));
  EXPECT_THAT(e.ToJson(), HasSubstr("\"schema\":\"vigil.takedown/1\""));
}

TEST(EventTest, VideoMatchRoundTripsWithItsRegion) {
  TakedownEvent e = Sample();
  e.match.signal_type = SignalType::kVpdq;
  e.match.variant.clear();
  EventVideoMatch v;
  v.query_frames = 20;
  v.query_matched = 19;
  v.query_percent = 95;
  v.target_frames = 21;
  v.target_matched = 21;
  v.target_percent = 100;
  v.best_timestamp = 3.5;
  v.time_ranges = {{0, 4}, {6, 19}};
  v.region = "bottom";
  e.match.video = v;
  VIGIL_ASSERT_OK_AND_ASSIGN(TakedownEvent back,
                             TakedownEvent::FromJson(e.ToJson()));
  ASSERT_TRUE(back.match.video.has_value());
  EXPECT_EQ(*back.match.video, v);
  EXPECT_THAT(e.ToJson(), HasSubstr("\"region\":\"bottom\""));
  // Frames matched against image sets carry no region.
  e.match.video->region.clear();
  EXPECT_THAT(e.ToJson(), Not(HasSubstr("\"region\"")));
  VIGIL_ASSERT_OK_AND_ASSIGN(back, TakedownEvent::FromJson(e.ToJson()));
  EXPECT_EQ(back.match.video->region, "");
}

TEST(EventTest, StateAndUpdateRoundTrip) {
  TakedownEvent e = Sample();
  e.state.history.push_back(
      {EventState::kOpen, EventOutcome::kNone, "", "", "", 1764386390542});
  e.state.current = {EventState::kDismissed,
                     EventOutcome::kFalsePositive,
                     "T-9",
                     "a cat",
                     "bob",
                     1764386400000};
  e.update =
      EventUpdate{"0193c5e1-0000-7000-8000-000000000001",
                  "91befc648acb6a213b1e7fadbd28761a", EventState::kActioned};
  const std::string json = e.ToJson();
  EXPECT_THAT(json, HasSubstr("\"schema\":\"vigil.takedown.update/1\""));
  EXPECT_THAT(json, HasSubstr("\"outcome\":\"false_positive\""));
  VIGIL_ASSERT_OK_AND_ASSIGN(TakedownEvent back, TakedownEvent::FromJson(json));
  EXPECT_EQ(back.ToJson(), json);
  ASSERT_TRUE(back.update.has_value());
  EXPECT_EQ(back.update->previous, EventState::kActioned);
  EXPECT_EQ(back.state.current.reason, "a cat");
  EXPECT_EQ(back.state.history.size(), 1u);
  // An event recorded before states existed reads as open.
  Json old = Json::parse(Sample().ToJson());
  old.erase("state");
  VIGIL_ASSERT_OK_AND_ASSIGN(back, TakedownEvent::FromJson(old.dump()));
  EXPECT_EQ(back.state.current.state, EventState::kOpen);
  EXPECT_FALSE(back.update.has_value());
}

TEST(EventTest, DigestMatchOmitsPdqFields) {
  TakedownEvent e = Sample();
  e.match.signal_type = SignalType::kMd5;
  e.match.quality = -1;
  e.match.variant.clear();
  std::string json = e.ToJson();
  EXPECT_EQ(json.find("\"variant\""), std::string::npos);
  EXPECT_EQ(json.find("\"quality\""), std::string::npos);
  VIGIL_ASSERT_OK_AND_ASSIGN(TakedownEvent back, TakedownEvent::FromJson(json));
  EXPECT_EQ(back.match.quality, -1);
}

TEST(EventTest, FromJsonRejectsBadInput) {
  EXPECT_THAT(
      TakedownEvent::FromJson("not json"),
      StatusIs(StatusCode::kCorruptInput, HasSubstr("not a JSON object")));
  EXPECT_THAT(TakedownEvent::FromJson("{\"schema\":\"other/1\"}"),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("schema")));
  EXPECT_THAT(TakedownEvent::FromJson("{\"schema\":\"vigil.takedown/1\"}"),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("event")));
  std::string json = Sample().ToJson();
  json.replace(json.find("\"remove\""), 8, "\"nuke\"");
  EXPECT_THAT(TakedownEvent::FromJson(json),
              StatusIs(StatusCode::kCorruptInput, _));
}

// Found by the `json` fuzz target: a count or time that is a float out of
// range was cast to an integer (undefined behaviour, UBSan), and one of the
// wrong sign or size wrapped around.
TEST(EventTest, FromJsonRejectsIntegersOutOfRange) {
  const std::string good = Sample().ToJson();
  ASSERT_TRUE(TakedownEvent::FromJson(good).ok());
  auto with = [&](const std::string& field, const std::string& value) {
    std::string json = good;
    const size_t at = json.find("\"" + field + "\":");
    EXPECT_NE(at, std::string::npos) << field;
    const size_t start = at + field.size() + 3;
    const size_t end = json.find_first_of(",}", start);
    return json.replace(start, end - start, value);
  };
  for (const auto& [field, value] :
       std::vector<std::pair<std::string, std::string>>{
           {"created_at_ms", "1.7e52"},
           {"created_at_ms", "12.5"},
           {"bytes", "-1"},
           {"hashset_id", "4294967296"},
           {"distance", "2147483648"},
           {"threshold", "1e300"}}) {
    EXPECT_THAT(TakedownEvent::FromJson(with(field, value)),
                StatusIs(StatusCode::kCorruptInput, HasSubstr("integer")))
        << field << " " << value;
  }
}

// Found by the `json` fuzz target: a schema that is not a string threw
// nlohmann's type_error out of FromJson (std::terminate in the outbox
// reader) instead of returning an error.
TEST(EventTest, FromJsonRejectsASchemaThatIsNotAString) {
  for (const char* json :
       {"{\"schema\":5}", "{\"schema\":null}",
        "{\"schema\":[\"vigil.takedown/1\"]}", "{\"schema\":{}}"}) {
    EXPECT_THAT(TakedownEvent::FromJson(json),
                StatusIs(StatusCode::kCorruptInput, HasSubstr("schema")))
        << json;
  }
}

TEST(EventTest, IdempotencyKeyIsStableAndSpecific) {
  std::string k = IdempotencyKey("a", "sha", "set", SignalType::kPdq, "h");
  EXPECT_EQ(k.size(), 32u);
  EXPECT_EQ(k, IdempotencyKey("a", "sha", "set", SignalType::kPdq, "h"));
  std::set<std::string> keys = {
      k,
      IdempotencyKey("b", "sha", "set", SignalType::kPdq, "h"),
      IdempotencyKey("a", "shb", "set", SignalType::kPdq, "h"),
      IdempotencyKey("a", "sha", "sex", SignalType::kPdq, "h"),
      IdempotencyKey("a", "sha", "set", SignalType::kMd5, "h"),
      IdempotencyKey("a", "sha", "set", SignalType::kPdq, "i"),
      // Length prefixes: moving a character between fields changes the key.
      IdempotencyKey("ab", "c", "set", SignalType::kPdq, "h"),
      IdempotencyKey("a", "bc", "set", SignalType::kPdq, "h"),
  };
  EXPECT_EQ(keys.size(), 8u);
}

TEST(EventTest, EventIdsAreUuidV7AndIncrease) {
  static const std::regex kUuid7(
      "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  int64_t now = UnixMillisNow();
  std::string prev;
  for (int i = 0; i < 5000; ++i) {  // many within one millisecond
    std::string id = NewEventId(now);
    ASSERT_TRUE(std::regex_match(id, kUuid7)) << id;
    ASSERT_GT(id, prev);
    prev = id;
  }
  // The time prefix is the millisecond given.
  std::string id = NewEventId(now + 10000);
  int64_t ms = std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
  EXPECT_EQ(ms, now + 10000);
}

}  // namespace
}  // namespace vigil
