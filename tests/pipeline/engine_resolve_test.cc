// Copyright 2026 The Vigil Authors.
//
// Engine::ResolveEvents (issue #16 point 3): the state is recorded and
// listed, an update document reaches the sinks through the outbox, and a
// false positive with disable_entry stops matching (the follower applies
// it; a fresh engine builds without it) with a change-log record.

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/scan_testing.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/digest.h"
#include "vigil/engine.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::OpenEngine;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;
using Json = nlohmann::json;

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

class EngineResolveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.follow_interval_ms = 10;
    options.sink_specs = {"jsonl:" + jsonl_};
    engine_ = OpenEngine(db_, options);
    ASSERT_NE(engine_, nullptr);
    HashsetConfig config;
    config.name = "known";
    config.signal_types = {SignalType::kSha256};
    config.action = HashsetAction::kRemove;
    VIGIL_ASSERT_OK(engine_->store().CreateHashset(config, {"t", ""}).status());
    for (const std::string* text : {&listed_, &other_}) {
      Digests d = ComputeDigests(Bytes(*text));
      Signal s{SignalType::kSha256, {d.sha256.begin(), d.sha256.end()}, -1};
      VIGIL_ASSERT_OK(engine_->store().AddEntry("known", {&s, 1}, {}).status());
    }
    VIGIL_ASSERT_OK(engine_->Refresh());
  }

  std::string Scan(const std::string& text, const std::string& id) {
    Result<ScanResult> r = engine_->ScanBytes(Bytes(text), {id, "test"});
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || r->event_ids.empty()) return "";
    return r->event_ids[0];
  }

  std::vector<Json> SinkLines() {
    std::ifstream in(jsonl_);
    std::vector<Json> out;
    for (std::string line; std::getline(in, line);) {
      out.push_back(Json::parse(line));
    }
    return out;
  }

  TempDir dir_;
  const std::string db_ = dir_.path() + "/db";
  const std::string jsonl_ = dir_.path() + "/events.jsonl";
  const std::string listed_ = "listed bytes, matched by digest";
  const std::string other_ = "other listed bytes";
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineResolveTest, ResolveRecordsListsAndDeliversTheUpdate) {
  const std::string a = Scan(listed_, "upload/1");
  const std::string b = Scan(other_, "upload/2");
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  EventResolution r;
  r.outcome = EventOutcome::kReported;
  r.reference = "CT-2026-77";
  r.actor = "alice";
  const std::vector<std::string> ids = {a};
  VIGIL_ASSERT_OK_AND_ASSIGN(auto resolved, engine_->ResolveEvents(ids, r));
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].state.current.state, EventState::kActioned);

  VIGIL_ASSERT_OK_AND_ASSIGN(
      auto actioned, engine_->ListEventsInState("", 0, EventState::kActioned));
  ASSERT_EQ(actioned.size(), 1u);
  EXPECT_EQ(actioned[0].event.event_id, a);
  EXPECT_EQ(actioned[0].event.state.current.reference, "CT-2026-77");
  VIGIL_ASSERT_OK_AND_ASSIGN(
      auto open, engine_->ListEventsInState("", 0, EventState::kOpen));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].event.event_id, b);
  VIGIL_ASSERT_OK_AND_ASSIGN(
      auto limited, engine_->ListEventsInState("", 1, EventState::kOpen));
  EXPECT_EQ(limited.size(), 1u);

  // Twice: refused, saying what it was.
  EXPECT_THAT(engine_->ResolveEvents(ids, r),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("already actioned (reported by alice")));

  VIGIL_ASSERT_OK(engine_->Drain(std::chrono::seconds(10)));
  std::vector<Json> lines = SinkLines();
  ASSERT_EQ(lines.size(), 3u);  // two events, one update
  EXPECT_EQ(lines[2]["schema"], "vigil.takedown.update/1");
  EXPECT_EQ(lines[2]["update"]["takedown_event_id"], a);
  EXPECT_EQ(lines[2]["update"]["previous_status"], "open");
  EXPECT_EQ(lines[2]["state"]["status"], "actioned");
  EXPECT_EQ(lines[2]["state"]["outcome"], "reported");
  EXPECT_EQ(lines[2]["state"]["reference"], "CT-2026-77");
  EXPECT_EQ(lines[2]["content"]["id"], "upload/1");
}

TEST_F(EngineResolveTest, FalsePositiveDisablesTheMatchedEntry) {
  const std::string a = Scan(listed_, "upload/1");
  ASSERT_FALSE(a.empty());
  EventResolution r;
  r.outcome = EventOutcome::kFalsePositive;
  r.reason = "a holiday photo";
  r.actor = "bob";
  r.disable_entry = true;
  const std::vector<std::string> ids = {a};
  VIGIL_ASSERT_OK_AND_ASSIGN(auto resolved, engine_->ResolveEvents(ids, r));
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].state.current.state, EventState::kDismissed);

  // The change log has the record, with actor and the event in the reason.
  VIGIL_ASSERT_OK_AND_ASSIGN(
      auto log,
      engine_->store().ReadLog(engine_->store().LastChangeSeq() - 1, 0));
  ASSERT_EQ(log.size(), 1u);
  Json record = Json::parse(log[0].json);
  EXPECT_EQ(record["op"], "disable_entry");
  EXPECT_EQ(record["actor"], "bob");
  EXPECT_EQ(record["reason"], "event " + a + ": a holiday photo");

  // A rescan no longer matches (the follower applied it); not an image and
  // no match: an error, never clean. The other entry still matches.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  ScanStatus status = ScanStatus::kMatch;
  while (status == ScanStatus::kMatch &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    status = engine_->ScanBytes(Bytes(listed_), {"upload/3", "t"})->status;
  }
  EXPECT_EQ(status, ScanStatus::kError);
  EXPECT_EQ(engine_->ScanBytes(Bytes(other_), {"upload/4", "t"})->status,
            ScanStatus::kMatch);
  // And so does a fresh engine.
  engine_.reset();
  engine_ = OpenEngine(db_);
  EXPECT_EQ(engine_->ScanBytes(Bytes(listed_), {"upload/5", "t"})->status,
            ScanStatus::kError);
  VIGIL_ASSERT_OK_AND_ASSIGN(
      auto dismissed,
      engine_->ListEventsInState("", 0, EventState::kDismissed));
  ASSERT_EQ(dismissed.size(), 1u);
  EXPECT_EQ(dismissed[0].event.state.current.reason, "a holiday photo");
}

TEST_F(EngineResolveTest, BadRequestsChangeNothing) {
  const std::string a = Scan(listed_, "upload/1");
  EventResolution r;
  r.outcome = EventOutcome::kRemoved;
  r.disable_entry = true;  // only for false positives
  const std::vector<std::string> ids = {a};
  EXPECT_THAT(engine_->ResolveEvents(ids, r),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("false")));
  r.disable_entry = false;
  const std::vector<std::string> unknown = {
      a, "01890000-0000-7000-8000-000000000000"};
  EXPECT_THAT(engine_->ResolveEvents(unknown, r),
              StatusIs(StatusCode::kNotFound, HasSubstr("no event")));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      auto open, engine_->ListEventsInState("", 0, EventState::kOpen));
  EXPECT_EQ(open.size(), 1u);
}

}  // namespace
}  // namespace vigil
