// Copyright 2026 The Vigil Authors.

#include "events/internal/outbox.h"
#include "events/event_testing.h"
#include "events/internal/event_document.h"

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "store/internal/db_access.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"

namespace vigil::internal {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

// A sink that records what it gets and can be told to fail.
class RecordingSink : public EventSink {
 public:
  explicit RecordingSink(std::string name) : name_(std::move(name)) {}
  std::string name() const override { return name_; }
  Status Deliver(std::span<const TakedownEvent> events) override {
    if (fail) return IOError("sink down");
    for (const auto& e : events) got.push_back(e.event_id);
    ++batches;
    return Status::OK();
  }
  bool fail = false;
  int batches = 0;
  std::vector<std::string> got;

 private:
  std::string name_;
};

std::vector<std::string> One(const std::string& id) { return {id}; }

TakedownEvent Event(const std::string& content) {
  return testing::TestEvent(content, HashsetAction::kReport);
}

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = HashsetStore::Open(dir_.path() + "/db", {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    auto outbox = Outbox::Open(*store_);
    ASSERT_TRUE(outbox.ok()) << outbox.status();
    outbox_ = std::move(*outbox);
  }
  std::vector<std::string> Append(std::vector<std::string> contents) {
    std::vector<TakedownEvent> events;
    for (auto& c : contents) events.push_back(Event(c));
    EXPECT_TRUE(outbox_->Append(&events).ok());
    std::vector<std::string> ids;
    for (auto& e : events) ids.push_back(e.event_id);
    return ids;
  }
  TempDir dir_;
  std::unique_ptr<HashsetStore> store_;
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(OutboxTest, AppendAssignsIncreasingIdsAndDedupesByKey) {
  auto first = Append({"a", "b", "a"});
  ASSERT_EQ(first.size(), 3u);
  EXPECT_LT(first[0], first[1]);
  EXPECT_EQ(first[2], first[0]) << "same key within a batch";
  auto again = Append({"b", "c"});
  EXPECT_EQ(again[0], first[1]) << "same key as recorded before";
  EXPECT_GT(again[1], first[1]);
  EXPECT_EQ(*outbox_->Count(), 3u);
}

TEST_F(OutboxTest, DeliverMovesCursorAndRetriesAfterFailure) {
  auto ids = Append({"a", "b", "c"});
  RecordingSink sink("s1");
  sink.fail = true;
  size_t n = 0;
  EXPECT_THAT(outbox_->Deliver(&sink, 2, &n),
              StatusIs(StatusCode::kIOError, "sink down"));
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(*outbox_->Cursor("s1"), "");
  sink.fail = false;
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 2, &n));
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(sink.got, ids);
  EXPECT_EQ(sink.batches, 2);
  // Nothing new: nothing delivered. New events: only those.
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 2, &n));
  EXPECT_EQ(n, 0u);
  auto more = Append({"d"});
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 2, &n));
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(sink.got.back(), more[0]);
  // Another sink starts from the beginning.
  RecordingSink other("s2");
  VIGIL_ASSERT_OK(outbox_->Deliver(&other, 100, &n));
  EXPECT_EQ(n, 4u);
}

TEST_F(OutboxTest, CursorSurvivesReopen) {
  Append({"a", "b"});
  RecordingSink sink("s");
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 10, nullptr));
  outbox_.reset();
  store_.reset();
  SetUp();
  auto later = Append({"c"});
  RecordingSink again("s");
  size_t n = 0;
  VIGIL_ASSERT_OK(outbox_->Deliver(&again, 10, &n));
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(again.got, later);
  // Ids keep increasing across a reopen.
  EXPECT_GT(later[0], sink.got.back());
}

TEST_F(OutboxTest, AckAndScan) {
  auto ids = Append({"a", "b"});
  size_t n = 0;
  VIGIL_ASSERT_OK(outbox_->Ack(One(ids[0]), "mod", &n));
  EXPECT_EQ(n, 1u);
  VIGIL_ASSERT_OK(outbox_->Ack(One(ids[0]), "mod", &n));
  EXPECT_EQ(n, 0u) << "already acked";
  EXPECT_THAT(
      outbox_->Ack(One("nonsense"), "mod", &n),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("not an event id")));
  EXPECT_THAT(
      outbox_->Ack(One("00000000-0000-7000-8000-000000000000"), "m", &n),
      StatusIs(StatusCode::kNotFound, _));
  std::vector<StoredEvent> seen;
  VIGIL_ASSERT_OK(outbox_->Scan("", 0, [&](const StoredEvent& e) {
    seen.push_back(e);
    return Status::OK();
  }));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_TRUE(seen[0].acked);
  EXPECT_EQ(seen[0].acked_by, "mod");
  EXPECT_FALSE(seen[1].acked);
  seen.clear();
  VIGIL_ASSERT_OK(outbox_->Scan(ids[0], 0, [&](const StoredEvent& e) {
    seen.push_back(e);
    return Status::OK();
  }));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].event.event_id, ids[1]);
}

TEST_F(OutboxTest, ReadOnlyStoreRefusesWrites) {
  Append({"a"});
  StoreOptions read_only;
  read_only.read_only = true;
  auto ro = HashsetStore::Open(dir_.path() + "/db", read_only);
  ASSERT_TRUE(ro.ok()) << ro.status();
  VIGIL_ASSERT_OK_AND_ASSIGN(auto outbox, Outbox::Open(**ro));
  std::vector<TakedownEvent> events = {Event("z")};
  EXPECT_THAT(outbox->Append(&events),
              StatusIs(StatusCode::kFailedPrecondition, _));
  EXPECT_EQ(*outbox->Count(), 1u);
}

// Keeps whole documents.
class DocumentSink : public EventSink {
 public:
  std::string name() const override { return "docs"; }
  Status Deliver(std::span<const TakedownEvent> events) override {
    got.insert(got.end(), events.begin(), events.end());
    return Status::OK();
  }
  std::vector<TakedownEvent> got;
};

EventResolution Removed(const std::string& reference = "") {
  EventResolution r;
  r.outcome = EventOutcome::kRemoved;
  r.reference = reference;
  r.actor = "alice";
  return r;
}

TEST_F(OutboxTest, ResolveRecordsStateAndAnUpdateForTheSinks) {
  auto ids = Append({"a", "b"});
  DocumentSink sink;
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 10, nullptr));
  ASSERT_EQ(sink.got.size(), 2u);
  EXPECT_EQ(sink.got[0].state.current.state, EventState::kOpen);

  std::vector<TakedownEvent> resolved;
  VIGIL_ASSERT_OK(
      outbox_->Resolve(One(ids[0]), Removed("CT-1"), false, &resolved));
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].state.current.state, EventState::kActioned);
  EXPECT_EQ(resolved[0].state.current.outcome, EventOutcome::kRemoved);
  EXPECT_EQ(resolved[0].state.current.reference, "CT-1");
  EXPECT_EQ(resolved[0].state.current.actor, "alice");
  ASSERT_EQ(resolved[0].state.history.size(), 1u);
  EXPECT_EQ(resolved[0].state.history[0].state, EventState::kOpen);

  // The scan shows the state; the other event stays open.
  std::vector<StoredEvent> all;
  VIGIL_ASSERT_OK(outbox_->Scan("", 0, [&](const StoredEvent& e) {
    all.push_back(e);
    return Status::OK();
  }));
  ASSERT_EQ(all.size(), 3u);  // two events and one update
  EXPECT_EQ(all[0].event.state.current.state, EventState::kActioned);
  EXPECT_EQ(all[1].event.state.current.state, EventState::kOpen);

  // The sink gets the update document through its cursor.
  size_t n = 0;
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 10, &n));
  ASSERT_EQ(n, 1u);
  const TakedownEvent& u = sink.got.back();
  ASSERT_TRUE(u.update.has_value());
  EXPECT_EQ(u.update->takedown_event_id, ids[0]);
  EXPECT_EQ(u.update->takedown_idempotency_key, all[0].event.idempotency_key);
  EXPECT_EQ(u.update->previous, EventState::kOpen);
  EXPECT_EQ(u.state.current.outcome, EventOutcome::kRemoved);
  EXPECT_EQ(u.content.id, "a");
  EXPECT_GT(u.event_id, ids[1]);
  EXPECT_EQ(u.idempotency_key, UpdateIdempotencyKey(ids[0], 1));
  EXPECT_NE(u.ToJson().find("\"schema\":\"vigil.takedown.update/1\""),
            std::string::npos);
}

TEST_F(OutboxTest, ResolvingTwiceNeedsAmendAndKeepsTheHistory) {
  auto ids = Append({"a"});
  VIGIL_ASSERT_OK(outbox_->Resolve(One(ids[0]), Removed(), false, nullptr));
  const uint64_t count = *outbox_->Count();
  EventResolution fp;
  fp.outcome = EventOutcome::kFalsePositive;
  fp.reason = "appeal upheld";
  fp.actor = "bob";
  EXPECT_THAT(outbox_->Resolve(One(ids[0]), fp, false, nullptr),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("is already actioned (removed by alice at")));
  EXPECT_EQ(*outbox_->Count(), count) << "nothing recorded";
  fp.amend = true;
  std::vector<TakedownEvent> resolved;
  VIGIL_ASSERT_OK(outbox_->Resolve(One(ids[0]), fp, false, &resolved));
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].state.current.state, EventState::kDismissed);
  EXPECT_EQ(resolved[0].state.current.reason, "appeal upheld");
  ASSERT_EQ(resolved[0].state.history.size(), 2u);
  EXPECT_EQ(resolved[0].state.history[1].outcome, EventOutcome::kRemoved);
  EXPECT_EQ(*outbox_->Count(), count + 1);
  // The state survives a reopen.
  outbox_.reset();
  store_.reset();
  SetUp();
  std::vector<StoredEvent> all;
  VIGIL_ASSERT_OK(outbox_->Scan("", 1, [&](const StoredEvent& e) {
    all.push_back(e);
    return Status::OK();
  }));
  EXPECT_EQ(all[0].event.state.current.state, EventState::kDismissed);
  EXPECT_EQ(all[0].event.state.history.size(), 2u);
}

TEST_F(OutboxTest, ResolveIsAllOrNothing) {
  auto ids = Append({"a", "b"});
  const std::vector<std::string> batch = {
      ids[0], "01890000-0000-7000-8000-000000000000", ids[1]};
  EXPECT_THAT(outbox_->Resolve(batch, Removed(), false, nullptr),
              StatusIs(StatusCode::kNotFound, HasSubstr("no event 0189")));
  EXPECT_THAT(outbox_->Resolve(One("nope"), Removed(), false, nullptr),
              StatusIs(StatusCode::kInvalidArgument, _));
  // Nothing of the failed batch was resolved; check_only writes nothing.
  std::vector<TakedownEvent> would;
  VIGIL_ASSERT_OK(outbox_->Resolve(ids, Removed(), true, &would));
  EXPECT_EQ(would.size(), 2u);
  EXPECT_EQ(*outbox_->Count(), 2u);
  // An update document is not a takedown event.
  VIGIL_ASSERT_OK(outbox_->Resolve(One(ids[0]), Removed(), false, nullptr));
  std::string update_id;
  VIGIL_ASSERT_OK(outbox_->Scan(ids[1], 0, [&](const StoredEvent& e) {
    update_id = e.event.event_id;
    return Status::OK();
  }));
  EXPECT_THAT(outbox_->Resolve(One(update_id), Removed(), false, nullptr),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("is a state update of event")));
}

// Ack and dead-letter records of a damaged or tampered store: corrupt_input
// with a message, never an exception.
TEST(OutboxRecordTest, MalformedAckAndDeadLetterRecordsAreCorruptInput) {
  for (const char* bad :
       {"", "not json", "[1,2]", "\"text\"", "{\"at_ms\":\"soon\"}",
        "{\"at_ms\":1.5}", "{\"at_ms\":1e300}",
        "{\"at_ms\":18446744073709551615}", "{\"actor\":7}",
        "{\"error\":[\"x\"]}"}) {
    SCOPED_TRACE(bad);
    const bool ack_field = std::string(bad).find("error") == std::string::npos;
    if (ack_field) {
      EXPECT_THAT(
          DecodeAckRecord(bad),
          StatusIs(StatusCode::kCorruptInput, HasSubstr("event ack record")));
    }
    if (std::string(bad).find("actor") == std::string::npos) {
      EXPECT_THAT(
          DecodeDeadLetterRecord(bad),
          StatusIs(StatusCode::kCorruptInput, HasSubstr("dead letter record")));
    }
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(AckRecord a,
                             DecodeAckRecord(R"({"at_ms":5,"actor":"ops"})"));
  EXPECT_EQ(a.at_ms, 5);
  EXPECT_EQ(a.actor, "ops");
  VIGIL_ASSERT_OK_AND_ASSIGN(DeadLetter d,
                             DecodeDeadLetterRecord(R"({"error":"down"})"));
  EXPECT_EQ(d.at_ms, 0);
  EXPECT_EQ(d.error, "down");
}

TEST_F(OutboxTest, TamperedAckOrDeadLetterFailsTheScanLoudly) {
  auto ids = Append({"a"});
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string key, EventIdKey(ids[0]));
  rocksdb::DB* db = StoreDb(*store_);
  rocksdb::ColumnFamilyHandle* cf = StoreColumnFamily(*store_, "events");
  auto scan = [&] {
    return outbox_->Scan("", 0,
                         [](const StoredEvent&) { return Status::OK(); });
  };
  VIGIL_ASSERT_OK(scan());
  ASSERT_TRUE(
      db->Put(rocksdb::WriteOptions(), cf, "a" + key, R"({"at_ms":"x"})").ok());
  EXPECT_THAT(scan(), StatusIs(StatusCode::kCorruptInput,
                               HasSubstr("event " + ids[0] +
                                         ": event ack record: field 'at_ms'")));
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf, "a" + key, "{}").ok());
  ASSERT_TRUE(
      db->Put(rocksdb::WriteOptions(), cf, "d" + key + "sink", "[]").ok());
  EXPECT_THAT(scan(), StatusIs(StatusCode::kCorruptInput,
                               HasSubstr("dead letter record is not a JSON "
                                         "object")));
}

// Issue 16: the sinks get the recorded documents byte for byte; an event
// resolved since it was recorded is rendered with its state, as before.
TEST_F(OutboxTest, ReadDocumentsHandsOnTheRecordedBytes) {
  auto ids = Append({"a", "b", "c"});
  rocksdb::DB* db = StoreDb(*store_);
  rocksdb::ColumnFamilyHandle* cf = StoreColumnFamily(*store_, "events");
  // The document of an event's record (what follows its header).
  auto recorded = [&](const std::string& id) {
    std::string value;
    EXPECT_TRUE(
        db->Get(rocksdb::ReadOptions(), cf, "e" + *EventIdKey(id), &value)
            .ok());
    return std::string(EventRecordDocument(value).value());
  };
  std::vector<EventDocument> docs;
  VIGIL_ASSERT_OK(outbox_->ReadDocuments("", 2, &docs));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].event_id, ids[0]);
  EXPECT_EQ(docs[0].json, recorded(ids[0]));
  EXPECT_EQ(docs[1].json, recorded(ids[1]));
  EXPECT_EQ(docs[1].action, HashsetAction::kReport);
  VIGIL_ASSERT_OK(outbox_->ReadDocuments(*EventIdKey(ids[1]), 10, &docs));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].event_id, ids[2]);

  EventResolution r;
  r.outcome = EventOutcome::kRemoved;
  r.actor = "alice";
  VIGIL_ASSERT_OK(outbox_->Resolve(One(ids[1]), r, false, nullptr));
  VIGIL_ASSERT_OK(outbox_->ReadDocuments("", 10, &docs));
  ASSERT_EQ(docs.size(), 4u);  // + the update document
  EXPECT_EQ(docs[0].json, recorded(ids[0]));
  EXPECT_NE(docs[1].json, recorded(ids[1]));
  EXPECT_THAT(docs[1].json, HasSubstr("\"outcome\":\"removed\""));
  std::vector<StoredEvent> listed;
  VIGIL_ASSERT_OK(outbox_->Scan("", 0, [&](const StoredEvent& e) {
    listed.push_back(e);
    return Status::OK();
  }));
  ASSERT_EQ(listed.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(docs[i].json, listed[i].event.ToJson()) << i;
  }
  EXPECT_EQ(docs[2].json, recorded(ids[2]));
  EXPECT_TRUE(docs[3].update);
  EXPECT_EQ(docs[3].json, recorded(docs[3].event_id));

  // Handed on as recorded, not parsed and rendered again: a document
  // recorded with other spacing (here a record of the previous format,
  // the document alone) arrives with that spacing.
  std::string spaced = recorded(ids[2]);
  for (size_t at = 0; (at = spaced.find("\":", at)) != std::string::npos;
       at += 3) {
    spaced.replace(at, 2, "\": ");
  }
  ASSERT_TRUE(
      db->Put(rocksdb::WriteOptions(), cf, "e" + *EventIdKey(ids[2]), spaced)
          .ok());
  VIGIL_ASSERT_OK(outbox_->ReadDocuments(*EventIdKey(ids[1]), 1, &docs));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].json, spaced);
  EXPECT_NE(docs[0].json, listed[2].event.ToJson());

  // A document filed under another event's id fails loudly.
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf, "e" + *EventIdKey(ids[0]),
                      recorded(docs[0].event_id))
                  .ok());
  EXPECT_THAT(outbox_->ReadDocuments("", 1, &docs),
              StatusIs(StatusCode::kCorruptInput,
                       HasSubstr("holds a document of event " + ids[2])));
  ASSERT_TRUE(
      db->Put(rocksdb::WriteOptions(), cf, "e" + *EventIdKey(ids[0]), "{}")
          .ok());
  EXPECT_THAT(outbox_->ReadDocuments("", 1, &docs),
              StatusIs(StatusCode::kCorruptInput, _));
}

// A sink that keeps the recorded documents it is offered, as they are.
class RecordedDocumentSink : public EventSink {
 public:
  std::string name() const override { return "documents"; }
  Status Deliver(std::span<const TakedownEvent>) override {
    return InternalError("not called");
  }
  Status OfferDocuments(std::span<const EventDocument> events,
                        SinkOutcome* outcome) override {
    got.insert(got.end(), events.begin(), events.end());
    outcome->accepted = events.size();
    return Status::OK();
  }
  std::vector<EventDocument> got;
};

void ExpectSameDocuments(const std::vector<EventDocument>& a,
                         const std::vector<EventDocument>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].event_id, b[i].event_id) << i;
    EXPECT_EQ(a[i].idempotency_key, b[i].idempotency_key) << i;
    EXPECT_EQ(a[i].action, b[i].action) << i;
    EXPECT_EQ(a[i].update, b[i].update) << i;
    EXPECT_EQ(a[i].json, b[i].json) << i;
  }
}

// Issue 16: events are recorded with a header holding the fields sinks
// take (event_document.h, format 1), and a store written before it (each
// record the document alone) still delivers, lists and resolves, with the
// same documents and fields.
TEST_F(OutboxTest, RecordsOfThePreviousFormatStillDeliver) {
  auto ids = Append({"a", "b", "c"});
  rocksdb::DB* db = StoreDb(*store_);
  rocksdb::ColumnFamilyHandle* cf = StoreColumnFamily(*store_, "events");
  std::vector<EventDocument> v1;
  VIGIL_ASSERT_OK(outbox_->ReadDocuments("", 10, &v1));
  ASSERT_EQ(v1.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    std::string record;
    const std::string key = *EventIdKey(ids[i]);
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), cf, "e" + key, &record).ok());
    ASSERT_EQ(record[0], kEventRecordV1);
    EXPECT_EQ(*EventRecordDocument(record), v1[i].json);
    // Records 0 and 2 as the previous code wrote them.
    if (i != 1) {
      ASSERT_TRUE(
          db->Put(rocksdb::WriteOptions(), cf, "e" + key, v1[i].json).ok());
    }
  }
  std::vector<EventDocument> mixed;
  VIGIL_ASSERT_OK(outbox_->ReadDocuments("", 10, &mixed));
  ExpectSameDocuments(mixed, v1);

  RecordedDocumentSink sink;
  size_t delivered = 0;
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 2, &delivered));
  EXPECT_EQ(delivered, 3u);
  ExpectSameDocuments(sink.got, v1);
  EXPECT_EQ(*outbox_->Cursor("documents"), *EventIdKey(ids[2]));

  std::vector<std::string> listed;
  VIGIL_ASSERT_OK(outbox_->Scan("", 0, [&](const StoredEvent& e) {
    listed.push_back(e.event.ToJson());
    return Status::OK();
  }));
  ASSERT_EQ(listed.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(listed[i], v1[i].json);

  EventResolution r;
  r.outcome = EventOutcome::kRemoved;
  r.actor = "alice";
  VIGIL_ASSERT_OK(outbox_->Resolve(One(ids[0]), r, false, nullptr));
  VIGIL_ASSERT_OK(outbox_->Deliver(&sink, 2, &delivered));
  ASSERT_EQ(delivered, 1u);
  EXPECT_TRUE(sink.got.back().update);
  EXPECT_EQ(sink.got.back().action, HashsetAction::kReport);
  EXPECT_THAT(sink.got.back().json, HasSubstr(ids[0]));
}

// A deliverer's buffer is reused: documents are assigned into its first
// elements (strings keep their capacity) and the count says how many.
TEST_F(OutboxTest, ReadDocumentsIntoABufferReusesIt) {
  auto ids = Append({"a", "b", "c"});
  std::vector<EventDocument> buffer;
  size_t count = 0;
  VIGIL_ASSERT_OK(outbox_->ReadDocuments("", 3, &buffer, &count));
  ASSERT_EQ(count, 3u);
  ASSERT_EQ(buffer.size(), 3u);
  const char* first_json = buffer[0].json.data();
  const std::string third = buffer[2].json;
  VIGIL_ASSERT_OK(
      outbox_->ReadDocuments(*EventIdKey(ids[0]), 1, &buffer, &count));
  ASSERT_EQ(count, 1u);
  EXPECT_EQ(buffer.size(), 3u);
  EXPECT_EQ(buffer[0].event_id, ids[1]);
  // The same length as the first document: no new allocation.
  EXPECT_EQ(buffer[0].json.data(), first_json);
  std::vector<EventDocument> fresh;
  VIGIL_ASSERT_OK(outbox_->ReadDocuments(*EventIdKey(ids[0]), 1, &fresh));
  ExpectSameDocuments({buffer[0]}, fresh);
  VIGIL_ASSERT_OK(
      outbox_->ReadDocuments(*EventIdKey(ids[2]), 5, &buffer, &count));
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(buffer[2].json, third);  // left as it was
}

TEST_F(OutboxTest, NewestEventKeyThatIsNotHexIsRefusedAtOpen) {
  Append({"a"});
  rocksdb::ColumnFamilyHandle* cf = StoreColumnFamily(*store_, "events");
  ASSERT_TRUE(
      StoreDb(*store_)
          ->Put(rocksdb::WriteOptions(), cf, "e" + std::string(32, 'z'), "{}")
          .ok());
  EXPECT_THAT(Outbox::Open(*store_),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("not hex")));
}

}  // namespace
}  // namespace vigil::internal
