// Copyright 2026 The Vigil Authors.

#include "events/internal/event_document.h"
#include "events/event_testing.h"

#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace vigil::internal {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;

TakedownEvent Recorded(const std::string& content) {
  TakedownEvent e = testing::TestEvent(content, HashsetAction::kRemove);
  e.event_id = NewEventId(e.created_at_ms);
  return e;
}

TEST(EventDocumentTest, ReadsTheAddressFieldsAndKeepsTheBytes) {
  TakedownEvent e = Recorded("a\xff\xfe");  // not UTF-8: escaped text
  e.match.variant = "rot90";
  const std::string json = e.ToJson();
  VIGIL_ASSERT_OK_AND_ASSIGN(EventDocument d, ReadEventDocument(json));
  EXPECT_EQ(d.json, json);
  EXPECT_EQ(d.event_id, e.event_id);
  EXPECT_EQ(d.idempotency_key, e.idempotency_key);
  EXPECT_EQ(d.action, HashsetAction::kRemove);
  EXPECT_FALSE(d.update);
  // The same as rendering the event.
  EventDocument of = EventDocument::Of(e);
  EXPECT_EQ(of.json, d.json);
  EXPECT_EQ(of.event_id, d.event_id);
  EXPECT_EQ(of.idempotency_key, d.idempotency_key);
  EXPECT_EQ(of.action, d.action);
  EXPECT_EQ(of.update, d.update);
}

TEST(EventDocumentTest, AStateUpdateIsMarked) {
  TakedownEvent e = Recorded("u");
  e.update = EventUpdate{"0193c5e1-0000-7000-8000-000000000000", "k",
                         EventState::kOpen};
  VIGIL_ASSERT_OK_AND_ASSIGN(EventDocument d, ReadEventDocument(e.ToJson()));
  EXPECT_TRUE(d.update);
  EXPECT_TRUE(EventDocument::Of(e).update);
}

TEST(EventDocumentTest, WhatIsNotARecordedEventIsCorruptInput) {
  const std::string good = Recorded("x").ToJson();
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) s.replace(at, from.size(), to);
    return s;
  };
  const std::vector<std::string> bad = {
      "",
      "not json",
      "[]",
      "\"event\"",
      good + "x",                       // trailing bytes
      good.substr(0, good.size() - 1),  // cut short
      replace("\"schema\":\"vigil.takedown/1\"", "\"schema\":\"other/1\""),
      replace("\"schema\":\"vigil.takedown/1\"", "\"schema\":1"),
      replace("\"action\":\"remove\"", "\"action\":\"explode\""),
      replace("\"action\":\"remove\"", "\"action\":null"),
      replace("\"event_id\":", "\"event_idx\":"),
      replace("\"idempotency_key\":", "\"idempotency\":"),
      // A repeated member would be read two ways.
      replace("\"action\":\"remove\"",
              "\"action\":\"remove\",\"action\":\"report\""),
  };
  for (const std::string& text : bad) {
    EXPECT_THAT(ReadEventDocument(text).status(),
                StatusIs(StatusCode::kCorruptInput, ::testing::_))
        << text;
  }
  // Nested members of those names do not count.
  std::string nested = replace("\"engine\":{", "\"engine\":{\"action\":1,");
  VIGIL_ASSERT_OK_AND_ASSIGN(EventDocument d, ReadEventDocument(nested));
  EXPECT_EQ(d.action, HashsetAction::kRemove);
}

// A sink that only implements Offer(events).
class EventSinkOnly : public EventSink {
 public:
  std::string name() const override { return "events-only"; }
  Status Deliver(std::span<const TakedownEvent> events) override {
    for (const TakedownEvent& e : events) got.push_back(e);
    return Status::OK();
  }
  std::vector<TakedownEvent> got;
};

TEST(EventDocumentTest, TheDefaultOfferDocumentsParsesForOffer) {
  EventSinkOnly sink;
  TakedownEvent e = Recorded("p");
  std::vector<EventDocument> docs = {EventDocument::Of(e)};
  SinkOutcome outcome;
  VIGIL_ASSERT_OK(sink.OfferDocuments(docs, &outcome));
  EXPECT_EQ(outcome.accepted, 1u);
  ASSERT_EQ(sink.got.size(), 1u);
  EXPECT_EQ(sink.got[0].ToJson(), e.ToJson());
  // A document that does not parse: nothing is offered.
  docs.push_back(docs[0]);
  docs[1].json = "{";
  sink.got.clear();
  outcome = SinkOutcome{};
  EXPECT_THAT(sink.OfferDocuments(docs, &outcome),
              StatusIs(StatusCode::kCorruptInput, HasSubstr(e.event_id)));
  EXPECT_EQ(outcome.accepted, 0u);
  EXPECT_TRUE(sink.got.empty());
}

}  // namespace
}  // namespace vigil::internal
