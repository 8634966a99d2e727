// Copyright 2026 The Vigil Authors.

#include "events/internal/event_document.h"
#include "events/event_testing.h"

#include <string>
#include <vector>

#include <xxhash.h>

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

// The five fields of two documents are equal.
void ExpectSameFields(const EventDocument& a, const EventDocument& b) {
  EXPECT_EQ(a.event_id, b.event_id);
  EXPECT_EQ(a.idempotency_key, b.idempotency_key);
  EXPECT_EQ(a.action, b.action);
  EXPECT_EQ(a.update, b.update);
  EXPECT_EQ(a.json, b.json);
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
  ExpectSameFields(EventDocument::Of(e), d);
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

// The key an outbox files `e` under: its id without dashes.
std::string KeyOf(const TakedownEvent& e) {
  std::string key;
  for (char c : e.event_id) {
    if (c != '-') key += c;
  }
  return key;
}

// Issue 16: an outbox record carries the fields sinks address an event by
// in a header, so the deliverers never lex the document; they equal what
// the document says, for every action, update documents and keys that
// need escaping in JSON.
TEST(EventDocumentTest, RecordHeaderHoldsTheFieldsTheDocumentHas) {
  std::vector<TakedownEvent> events;
  for (HashsetAction a : {HashsetAction::kReport, HashsetAction::kRemove,
                          HashsetAction::kBlock, HashsetAction::kReview}) {
    events.push_back(Recorded(std::string("c-") + HashsetActionName(a)));
    events.back().action = a;
  }
  events.push_back(Recorded("update"));
  events.back().update = EventUpdate{
      events[0].event_id, events[0].idempotency_key, EventState::kOpen};
  events.push_back(Recorded("odd key"));
  events.back().idempotency_key = "k\"\\\n\xff\x01 end";
  for (const TakedownEvent& e : events) {
    const std::string record = EncodeEventRecord(e, KeyOf(e));
    ASSERT_EQ(record[0], kEventRecordV1) << e.idempotency_key;
    VIGIL_ASSERT_OK_AND_ASSIGN(std::string_view document,
                               EventRecordDocument(record));
    EXPECT_EQ(document, e.ToJson());
    EventDocument from_header;
    VIGIL_ASSERT_OK(ReadEventRecord(KeyOf(e), record, &from_header));
    VIGIL_ASSERT_OK_AND_ASSIGN(EventDocument lexed,
                               ReadEventDocument(std::string(document)));
    ExpectSameFields(from_header, lexed);
    // Of() keeps the key's bytes; the document (and so the header and the
    // lexer) has them as EscapeText writes them.
    if (e.idempotency_key.find('\xff') == std::string::npos) {
      ExpectSameFields(from_header, EventDocument::Of(e));
    }
  }
}

// Stores written before the header (the document alone) still read, with
// the same fields; so does a record whose idempotency key is too long for
// a header (recorded as the document alone).
TEST(EventDocumentTest, RecordsOfThePreviousFormatStillRead) {
  TakedownEvent e = Recorded("old");
  EventDocument old_format, v1;
  VIGIL_ASSERT_OK(ReadEventRecord(KeyOf(e), e.ToJson(), &old_format));
  VIGIL_ASSERT_OK(
      ReadEventRecord(KeyOf(e), EncodeEventRecord(e, KeyOf(e)), &v1));
  ExpectSameFields(old_format, v1);
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string_view document,
                             EventRecordDocument(e.ToJson()));
  EXPECT_EQ(document, e.ToJson());

  e.idempotency_key = std::string(70000, 'k');
  const std::string record = EncodeEventRecord(e, KeyOf(e));
  EXPECT_EQ(record, e.ToJson());
  EventDocument d;
  VIGIL_ASSERT_OK(ReadEventRecord(KeyOf(e), record, &d));
  ExpectSameFields(d, EventDocument::Of(e));
}

// The header is read as hostile bytes: anything cut short, unknown or
// inconsistent with the record's key is kCorruptInput, never a document
// handed on with wrong fields.
TEST(EventDocumentTest, DamagedRecordHeadersAreCorruptInput) {
  TakedownEvent e = Recorded("h");
  const std::string key = KeyOf(e);
  const std::string good = EncodeEventRecord(e, key);
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string_view document,
                             EventRecordDocument(good));
  const size_t header = good.size() - document.size();
  std::vector<std::string> bad;
  for (size_t n = 1; n < header; ++n) bad.push_back(good.substr(0, n));
  auto with = [&](size_t at, char c) {
    std::string s = good;
    s[at] = c;
    return s;
  };
  // Every byte changed, in the header or the document: the checksum.
  for (size_t at = 0; at < good.size(); ++at) {
    bad.push_back(with(at, static_cast<char>(good[at] ^ 0x20)));
  }
  bad.push_back(good.substr(0, good.size() - 1));  // document cut short
  bad.push_back(good + " ");
  // With a checksum that matches, what the header says is still checked.
  auto sealed = [&](std::string r) {
    const uint64_t sum = XXH3_64bits(r.data() + 9, r.size() - 9);
    for (int i = 0; i < 8; ++i) r[1 + i] = static_cast<char>(sum >> (8 * i));
    return r;
  };
  const size_t action_at = 11, key_at = action_at + 6 + 1;
  bad.push_back(sealed(with(9, '\x02')));              // unknown flag
  bad.push_back(sealed(with(action_at, 'x')));         // action "xemove"
  bad.push_back(sealed(with(action_at - 1, '\x07')));  // action length
  bad.push_back(sealed(with(key_at - 1, '\x1f')));     // event key length
  std::string no_key = good;
  no_key.replace(key_at + 32, 2 + e.idempotency_key.size(),
                 std::string(2, '\0'));
  bad.push_back(sealed(no_key));  // empty idempotency key
  bad.push_back(sealed(good.substr(0, header) + "[]"));
  // The unchanged record reads (what `sealed` does is the format).
  EventDocument ok;
  VIGIL_EXPECT_OK(ReadEventRecord(key, sealed(good), &ok));
  for (const std::string& record : bad) {
    EventDocument d;
    EXPECT_THAT(ReadEventRecord(key, record, &d),
                StatusIs(StatusCode::kCorruptInput, ::testing::_))
        << ::testing::PrintToString(record);
  }
  // Filed under another event's key.
  TakedownEvent other = Recorded("other");
  EventDocument d;
  EXPECT_THAT(ReadEventRecord(KeyOf(other), good, &d),
              StatusIs(StatusCode::kCorruptInput,
                       HasSubstr("holds a document of event " + e.event_id)));
  EXPECT_THAT(ReadEventRecord(KeyOf(other), e.ToJson(), &d),
              StatusIs(StatusCode::kCorruptInput,
                       HasSubstr("holds a document of event " + e.event_id)));
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
