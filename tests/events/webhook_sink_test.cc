// Copyright 2026 The Vigil Authors.
//
// The webhook sink against a real HTTP receiver on loopback
// (webhook_receiver.py, which checks every signature): 2xx, 500 then 2xx,
// 429 with Retry-After, 410, a hanging receiver, a receiver down then up,
// dead letters, key rotation, tampered bodies. Waits are bounded (seconds)
// only to turn a hang into a failure.

#include "vigil/webhook_sink.h"
#include "events/event_testing.h"

#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <openssl/sha.h>
#include <rocksdb/db.h>

#include <nlohmann/json.hpp>

#include "events/internal/delivery.h"
#include "events/internal/event_document.h"
#include "events/internal/outbox.h"
#include "store/internal/db_access.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "testing/webhook_receiver.h"
#include "vigil/hex.h"

namespace vigil::internal {
namespace {

using std::chrono::milliseconds;
using ::testing::_;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::vigil::testing::ReceivedRequest;
using ::vigil::testing::RunProcess;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;
using ::vigil::testing::WebhookReceiver;
using ::vigil::testing::WebhookReceiverScript;

constexpr milliseconds kBounded{20000};  // only reached when broken
// Keys of 24 and 32 bytes, base64.
const std::string kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const std::string kOldSecret =
    "whsec_c2VjcmV0LWtleS1vbmUtZm9yLXRoZS10ZXN0cy0wMQ==";

TakedownEvent Event(const std::string& content) {
  return testing::TestEvent(content, HashsetAction::kRemove);
}

class WebhookSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = HashsetStore::Open(dir_.path() + "/db", {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    auto outbox = Outbox::Open(*store_);
    ASSERT_TRUE(outbox.ok()) << outbox.status();
    outbox_ = std::move(*outbox);
    options_.secrets = {kSecret};
    options_.connect_timeout = milliseconds(1000);
    options_.timeout = milliseconds(1000);
    delivery_options_.backoff_min = milliseconds(1);
    delivery_options_.backoff_max = milliseconds(50);
  }

  std::vector<std::string> Append(const std::string& prefix, int n) {
    std::vector<TakedownEvent> events;
    for (int i = 0; i < n; ++i)
      events.push_back(Event(prefix + std::to_string(i)));
    EXPECT_TRUE(outbox_->Append(&events).ok());
    std::vector<std::string> ids;
    for (auto& e : events) ids.push_back(e.event_id);
    return ids;
  }

  std::unique_ptr<Delivery> StartDelivery(const std::string& url) {
    auto sink = OpenWebhookSink(url, options_);
    EXPECT_TRUE(sink.ok()) << sink.status();
    if (!sink.ok()) return nullptr;
    auto d =
        Delivery::Start(outbox_.get(), {std::move(*sink)}, delivery_options_);
    EXPECT_TRUE(d.ok()) << d.status();
    return d.ok() ? std::move(*d) : nullptr;
  }

  // Every request verified, and the ids of the 2xx ones (in order).
  static std::vector<std::string> Delivered(
      const std::vector<ReceivedRequest>& requests) {
    std::vector<std::string> ids;
    for (const auto& r : requests) {
      EXPECT_TRUE(r.verified) << r.id << " " << r.signature;
      // webhook-id is the event id of the body.
      EXPECT_THAT(r.body, HasSubstr("\"event_id\":\"" + r.id + "\""));
      if (r.status.starts_with("2")) ids.push_back(r.id);
    }
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<HashsetStore> store_;
  std::unique_ptr<Outbox> outbox_;
  WebhookOptions options_;
  DeliveryOptions delivery_options_;
};

TEST_F(WebhookSinkTest, TwoHundredDeliversEverySignedEventOnce) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200"));
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  auto ids = Append("e-", 5);
  delivery->Notify();
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  auto requests = receiver.Requests();
  EXPECT_EQ(Delivered(requests), ids);
  for (const auto& r : requests) {
    // One v1 signature per secret; a timestamp of now.
    EXPECT_TRUE(r.signature.starts_with("v1,")) << r.signature;
    EXPECT_EQ(r.signature.find(' '), std::string::npos);
    EXPECT_NEAR(std::stoll(r.timestamp), UnixMillisNow() / 1000, 60);
    // The signature is the one WebhookSignature computes.
    VIGIL_ASSERT_OK_AND_ASSIGN(
        std::string expected,
        WebhookSignature({kSecret}, r.id, std::stoll(r.timestamp), r.body));
    EXPECT_EQ(r.signature, expected);
  }
  SinkStats s = delivery->Stats()[0];
  EXPECT_EQ(s.name, receiver.url());
  EXPECT_EQ(s.delivered, 5u);
  EXPECT_EQ(s.failures, 0u);
}

// Issue 16: a state change reaches the receiver as a signed
// vigil.takedown.update/1 document, through the outbox like an event.
TEST_F(WebhookSinkTest, StateUpdatesAreDeliveredSigned) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200"));
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  auto ids = Append("e-", 2);
  EventResolution r;
  r.outcome = EventOutcome::kRemoved;
  r.reference = "T-1";
  r.actor = "alice";
  VIGIL_ASSERT_OK(outbox_->Resolve({ids.begin(), 1}, r, false, nullptr));
  delivery->Notify();
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  auto requests = receiver.Requests();
  std::vector<std::string> delivered = Delivered(requests);  // all verified
  ASSERT_EQ(delivered.size(), 3u);
  EXPECT_EQ(delivered[0], ids[0]);
  const std::string& body = requests.back().body;
  EXPECT_THAT(body, HasSubstr("\"schema\":\"vigil.takedown.update/1\""));
  EXPECT_THAT(body, HasSubstr("\"takedown_event_id\":\"" + ids[0] + "\""));
  EXPECT_THAT(body, HasSubstr("\"outcome\":\"removed\""));
}

TEST_F(WebhookSinkTest, FiveHundredIsRetriedAndDeliveredOnce) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("500,200"));
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  auto ids = Append("e-", 3);
  delivery->Notify();
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].status, "500");
  EXPECT_EQ(requests[0].id, ids[0]);
  EXPECT_EQ(Delivered(requests), ids);  // each 2xx once, in order
  SinkStats s = delivery->Stats()[0];
  EXPECT_EQ(s.delivered, 3u);
  EXPECT_EQ(s.failures, 1u);
  EXPECT_THAT(s.last_error,
              StatusIs(StatusCode::kUnavailable, HasSubstr("HTTP 500")));
}

TEST_F(WebhookSinkTest, TooManyRequestsWaitsForRetryAfter) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("429,200", 0, /*retry_after=*/1));
  auto delivery = StartDelivery(receiver.url());  // backoff alone: <= 50 ms
  ASSERT_NE(delivery, nullptr);
  auto ids = Append("e-", 1);
  delivery->Notify();
  // Wait for the failure, then look at when the retry is planned.
  SinkStats s;
  const auto give_up = std::chrono::steady_clock::now() + kBounded;
  do {
    s = delivery->Stats()[0];
  } while (s.failures == 0 && std::chrono::steady_clock::now() < give_up);
  ASSERT_EQ(s.failures, 1u);
  EXPECT_THAT(s.last_error,
              StatusIs(StatusCode::kUnavailable, HasSubstr("HTTP 429")));
  // Deliver by the deliverer's own schedule, not Drain (which retries now).
  while (delivery->Stats()[0].delivered == 0 &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(Delivered(requests), ids);
  // The retry came no sooner than Retry-After said (1 s).
  EXPECT_GE(requests[1].at - requests[0].at, 0.95);
}

TEST_F(WebhookSinkTest, GoneDisablesTheEndpoint) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("410"));
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  Append("e-", 3);
  delivery->Notify();
  EXPECT_THAT(delivery->Drain(kBounded),
              StatusIs(StatusCode::kUnavailable,
                       AllOf(HasSubstr("3 events not yet delivered"),
                             HasSubstr("disabled"), HasSubstr("HTTP 410"))));
  SinkStats s = delivery->Stats()[0];
  EXPECT_TRUE(s.disabled);
  EXPECT_EQ(s.pending, 3u);
  EXPECT_EQ(s.delivered, 0u);
  // A drain asks for a retry now; a disabled sink does not send again.
  EXPECT_FALSE(delivery->Drain(milliseconds(200)).ok());
  EXPECT_EQ(receiver.Requests().size(), 1u);
  // The events stay pending in the outbox (the cursor did not move).
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string cursor,
                             outbox_->Cursor(receiver.url()));
  EXPECT_EQ(cursor, "");
}

TEST_F(WebhookSinkTest, HangingReceiverTimesOutAndIsRetried) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("hang,200"));
  options_.timeout = milliseconds(500);
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  auto ids = Append("e-", 2);
  delivery->Notify();
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].status, "hang");
  EXPECT_EQ(Delivered(requests), ids);
  SinkStats s = delivery->Stats()[0];
  EXPECT_EQ(s.failures, 1u);
  EXPECT_THAT(s.last_error,
              StatusIs(StatusCode::kUnavailable, HasSubstr("imeout")));
}

TEST_F(WebhookSinkTest, ReceiverDownDuringTheScanGetsEverythingWhenUp) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200"));  // only to find a free port
  const int port = receiver.port();
  const std::string url = receiver.url();
  receiver.Stop();
  options_.max_attempts = 2;  // not reached: nothing reaches the endpoint
  std::vector<std::string> ids;
  {
    auto delivery = StartDelivery(url);
    ASSERT_NE(delivery, nullptr);
    for (int batch = 0; batch < 3; ++batch) {  // "the scan": while down
      auto more = Append("b" + std::to_string(batch) + "-", 4);
      ids.insert(ids.end(), more.begin(), more.end());
      delivery->Notify();
    }
    EXPECT_THAT(delivery->Drain(milliseconds(300)),
                StatusIs(StatusCode::kUnavailable,
                         HasSubstr("12 events not yet delivered")));
    // Many attempts, but an unreachable endpoint gives up on no event.
    EXPECT_GE(delivery->Stats()[0].failures, 1u);
    EXPECT_EQ(delivery->Stats()[0].dead_lettered, 0u);
  }  // the process ends with the receiver still down
  ASSERT_TRUE(receiver.Start("200", port));
  auto delivery = StartDelivery(url);  // the deliverer restarts
  ASSERT_NE(delivery, nullptr);
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  EXPECT_EQ(Delivered(receiver.Requests()), ids);
}

TEST_F(WebhookSinkTest, AttemptLimitDeadLettersAndRetryDeadRequeues) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  // 2 events x 3 attempts fail, then all succeed.
  ASSERT_TRUE(receiver.Start("500,500,500,500,500,500,200"));
  options_.max_attempts = 3;
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  auto ids = Append("e-", 2);
  delivery->Notify();
  // Dead-lettered events are no longer pending: the drain succeeds.
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  SinkStats s = delivery->Stats()[0];
  EXPECT_EQ(s.dead_lettered, 2u);
  EXPECT_EQ(s.delivered, 0u);
  EXPECT_EQ(s.pending, 0u);
  EXPECT_EQ(receiver.Requests().size(), 6u);
  // Recorded, with the sink and its error, and the cursor is at the end.
  std::vector<StoredEvent> stored;
  VIGIL_ASSERT_OK(outbox_->Scan("", 0, [&](const StoredEvent& e) {
    stored.push_back(e);
    return Status::OK();
  }));
  ASSERT_EQ(stored.size(), 2u);
  for (const auto& e : stored) {
    ASSERT_EQ(e.dead_letters.size(), 1u);
    EXPECT_EQ(e.dead_letters[0].sink, receiver.url());
    EXPECT_THAT(e.dead_letters[0].error,
                AllOf(HasSubstr("HTTP 500"), HasSubstr("3 attempts")));
    EXPECT_GT(e.dead_letters[0].at_ms, 0);
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string cursor,
                             outbox_->Cursor(receiver.url()));
  EXPECT_EQ(cursor, *EventIdKey(ids.back()));
  // Requeue: both go out now and lose their dead letters.
  VIGIL_ASSERT_OK_AND_ASSIGN(size_t retried, delivery->RetryDeadLetters());
  EXPECT_EQ(retried, 2u);
  EXPECT_EQ(Delivered(receiver.Requests()), ids);
  VIGIL_ASSERT_OK(outbox_->Scan("", 0, [&](const StoredEvent& e) {
    EXPECT_TRUE(e.dead_letters.empty());
    return Status::OK();
  }));
}

TEST_F(WebhookSinkTest, RotationSignsWithEverySecret) {
  // The receiver knows only the old secret; the sink signs with both.
  WebhookReceiver receiver(dir_.path(), {kOldSecret});
  ASSERT_TRUE(receiver.Start("200"));
  options_.secrets = {kSecret, kOldSecret};
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  auto ids = Append("e-", 2);
  delivery->Notify();
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  auto requests = receiver.Requests();
  EXPECT_EQ(Delivered(requests), ids);
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(std::count(requests[0].signature.begin(),
                       requests[0].signature.end(), ' '),
            1);
}

TEST_F(WebhookSinkTest, TamperedBodiesAndWrongSecretsFailVerification) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200"));
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  Append("e-", 1);
  delivery->Notify();
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 1u);
  const ReceivedRequest& r = requests[0];
  auto verify = [&](const std::string& secret, const std::string& body,
                    const std::string& ts) {
    return RunProcess({"/usr/bin/python3", WebhookReceiverScript(), "verify",
                       "--secret", secret, "--id", r.id, "--timestamp", ts,
                       "--signature", r.signature},
                      body)
        .exit_code;
  };
  EXPECT_EQ(verify(kSecret, r.body, r.timestamp), 0);
  std::string tampered = r.body;
  tampered.replace(tampered.find("\"remove\""), 8, "\"review\"");
  EXPECT_EQ(verify(kSecret, tampered, r.timestamp), 1);
  EXPECT_EQ(verify(kSecret, r.body + " ", r.timestamp), 1);
  EXPECT_EQ(verify(kOldSecret, r.body, r.timestamp), 1);
  // A replayed timestamp is part of the signed content.
  EXPECT_EQ(
      verify(kSecret, r.body, std::to_string(std::stoll(r.timestamp) - 1)), 1);
}

TEST_F(WebhookSinkTest, HttpsVerifiesTheCertificate) {
  // A self-signed certificate for 127.0.0.1: not trusted, so refused; and
  // an endpoint that fails its handshake is an outage, not a dead letter.
  // Trusted through ca_file, it is accepted.
  const std::string cert = dir_.path() + "/cert.pem";
  const std::string key = dir_.path() + "/key.pem";
  auto made =
      RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048",
                  "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
                  "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200", 0, -1, cert, key));
  options_.max_attempts = 1;
  const std::string url =
      "webhook+https://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  auto delivery = StartDelivery(url);
  ASSERT_NE(delivery, nullptr);
  Append("e-", 1);
  delivery->Notify();
  EXPECT_THAT(delivery->Drain(milliseconds(500)),
              StatusIs(StatusCode::kUnavailable, HasSubstr("1 events")));
  SinkStats s = delivery->Stats()[0];
  EXPECT_GE(s.failures, 1u);
  EXPECT_EQ(s.delivered, 0u);
  EXPECT_EQ(s.dead_lettered, 0u);
  EXPECT_THAT(s.last_error,
              StatusIs(StatusCode::kUnavailable, HasSubstr("certificate")));
  EXPECT_TRUE(receiver.Requests().empty());
  // Trusted (as an internal CA would be): delivered, still verified.
  options_.ca_file = cert;
  delivery.reset();
  delivery = StartDelivery(url);
  ASSERT_NE(delivery, nullptr);
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  EXPECT_EQ(receiver.Requests().size(), 1u);
  EXPECT_TRUE(receiver.Requests()[0].verified);
}

// Issue 16: the body is the document the outbox recorded, byte for byte
// (no parse and re-serialisation on the way), text that is not UTF-8
// included; the signature covers exactly those bytes.
TEST_F(WebhookSinkTest, BodyIsTheRecordedDocumentByteForByte) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200"));
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  std::vector<TakedownEvent> events = {Event("plain"),
                                       Event("bytes-\xff\xfe-\xc3\xa9")};
  events[1].match.video =
      EventVideoMatch{10, 9, 90.0, 0, 0, 0, 1.25, {{0.5, 1.0 / 3}}, ""};
  VIGIL_ASSERT_OK(outbox_->Append(&events));
  delivery->Notify();
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  auto requests = receiver.Requests();
  ASSERT_EQ(Delivered(requests).size(), 2u);  // each verified
  rocksdb::DB* db = StoreDb(*store_);
  rocksdb::ColumnFamilyHandle* cf = StoreColumnFamily(*store_, "events");
  for (size_t i = 0; i < 2; ++i) {
    VIGIL_ASSERT_OK_AND_ASSIGN(std::string key, EventIdKey(events[i].event_id));
    std::string recorded;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), cf, "e" + key, &recorded).ok());
    EXPECT_EQ(requests[i].id, events[i].event_id);
    // The record's document: what follows its header (event_document.h).
    ASSERT_EQ(recorded[0], kEventRecordV1);
    EXPECT_EQ(requests[i].body, *EventRecordDocument(recorded));
    EXPECT_EQ(requests[i].body, events[i].ToJson());
    EXPECT_EQ(requests[i].events, 1);
  }
}

// Issue 16: with WebhookOptions::batch, one POST carries a JSON array of up
// to `batch` recorded documents, signed over the whole body, webhook-id
// "batch_" + SHA-256 of the ids; the receiver verifies it like an event.
TEST_F(WebhookSinkTest, BatchPostsAnArrayOfDocumentsSignedOverTheWholeBody) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200"));
  options_.batch = 3;
  auto ids = Append("e-", 7);
  auto delivery = StartDelivery(receiver.url());  // the backlog: 7 events
  ASSERT_NE(delivery, nullptr);
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 3u);  // 3 + 3 + 1
  std::vector<std::string> got;
  size_t next = 0;
  for (const auto& r : requests) {
    EXPECT_TRUE(r.verified) << r.id;
    EXPECT_EQ(r.status, "200");
    auto body = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_TRUE(body.is_array()) << r.body;
    EXPECT_EQ(r.events, static_cast<int>(body.size()));
    std::string material;
    for (const auto& e : body) {
      got.push_back(e.at("event_id").get<std::string>());
      material += got.back() + "\n";
    }
    // webhook-id: "batch_" + the first 16 bytes of SHA-256(id "\n" ...).
    unsigned char digest[32];
    SHA256(reinterpret_cast<const unsigned char*>(material.data()),
           material.size(), digest);
    EXPECT_EQ(r.id, "batch_" + HexEncode(std::span<const uint8_t>(digest, 16)));
    // The elements are the recorded documents, joined by ','.
    std::string joined = "[";
    for (; next < got.size(); ++next) {
      if (joined.size() > 1) joined += ',';
      std::string recorded;
      VIGIL_ASSERT_OK_AND_ASSIGN(std::string key, EventIdKey(got[next]));
      ASSERT_TRUE(StoreDb(*store_)
                      ->Get(rocksdb::ReadOptions(),
                            StoreColumnFamily(*store_, "events"), "e" + key,
                            &recorded)
                      .ok());
      joined += *EventRecordDocument(recorded);
    }
    EXPECT_EQ(r.body, joined + "]");
  }
  EXPECT_EQ(got, ids);
  EXPECT_EQ(requests[0].events, 3);
  EXPECT_EQ(requests[2].events, 1);
  EXPECT_EQ(delivery->Stats()[0].delivered, 7u);
}

// A failed batch delivers none of its events: it is retried whole (500,
// then 2xx: each event arrives in exactly one accepted request).
TEST_F(WebhookSinkTest, BatchFiveHundredIsRetriedWhole) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("500,200"));
  options_.batch = 10;
  auto ids = Append("e-", 4);
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].status, "500");
  EXPECT_EQ(requests[0].events, 4);
  EXPECT_EQ(requests[1].status, "200");
  EXPECT_EQ(requests[1].body, requests[0].body);
  EXPECT_EQ(requests[1].id, requests[0].id);  // same events, same id
  EXPECT_TRUE(requests[0].verified && requests[1].verified);
  SinkStats s = delivery->Stats()[0];
  EXPECT_EQ(s.delivered, 4u);
  EXPECT_EQ(s.failures, 1u);
}

TEST_F(WebhookSinkTest, BatchGoneDisablesTheEndpoint) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("410"));
  options_.batch = 10;
  Append("e-", 3);
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  EXPECT_THAT(delivery->Drain(kBounded),
              StatusIs(StatusCode::kUnavailable,
                       AllOf(HasSubstr("3 events not yet delivered"),
                             HasSubstr("disabled"))));
  EXPECT_TRUE(delivery->Stats()[0].disabled);
  ASSERT_EQ(receiver.Requests().size(), 1u);
  EXPECT_EQ(receiver.Requests()[0].events, 3);
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string cursor,
                             outbox_->Cursor(receiver.url()));
  EXPECT_EQ(cursor, "");
}

// After max_attempts failed tries of a batch its first event is
// dead-lettered and the others go out again in the next batch.
TEST_F(WebhookSinkTest, BatchAttemptLimitDeadLettersItsFirstEvent) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("500,500,200"));
  options_.batch = 10;
  options_.max_attempts = 2;
  auto ids = Append("e-", 3);
  auto delivery = StartDelivery(receiver.url());
  ASSERT_NE(delivery, nullptr);
  VIGIL_ASSERT_OK(delivery->Drain(kBounded));
  auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].events, 3);
  EXPECT_EQ(requests[1].events, 3);
  EXPECT_EQ(requests[2].events, 2);
  EXPECT_THAT(requests[2].body, Not(HasSubstr(ids[0])));
  EXPECT_THAT(requests[2].body, HasSubstr(ids[1]));
  SinkStats s = delivery->Stats()[0];
  EXPECT_EQ(s.dead_lettered, 1u);
  EXPECT_EQ(s.delivered, 2u);
  std::vector<StoredEvent> stored;
  VIGIL_ASSERT_OK(outbox_->Scan("", 0, [&](const StoredEvent& e) {
    stored.push_back(e);
    return Status::OK();
  }));
  ASSERT_EQ(stored.size(), 3u);
  ASSERT_EQ(stored[0].dead_letters.size(), 1u);
  EXPECT_THAT(stored[0].dead_letters[0].error, HasSubstr("2 attempts"));
  EXPECT_TRUE(stored[1].dead_letters.empty());
}

TEST(WebhookSpecTest, SpecsSecretsAndTheEnvironment) {
  WebhookOptions o;
  EXPECT_THAT(OpenWebhookSink("webhook+http://127.0.0.1:9/x", o).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("secret")));
  o.secrets = {kSecret};
  for (const char* bad :
       {"webhook+ftp://h/x", "webhook+https://", "webhook+https://u:p@h/x",
        "webhook+https://h/a b", "jsonl:x"}) {
    EXPECT_THAT(OpenWebhookSink(bad, o).status(),
                StatusIs(StatusCode::kInvalidArgument, _))
        << bad;
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(auto sink,
                             OpenWebhookSink("webhook+https://h.example/x", o));
  EXPECT_EQ(sink->name(), "webhook+https://h.example/x");
  // A malformed secret is refused without being echoed.
  auto parsed = ParseWebhookSecrets("whsec_c2VjcmV0 whsec_not*base64");
  EXPECT_THAT(parsed.status(),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("secret 2"), Not(HasSubstr("not*")))));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      auto two, ParseWebhookSecrets(kSecret + "\n" + kOldSecret + "\n"));
  EXPECT_EQ(two.size(), 2u);
  // Through the factory: secrets from the environment only.
  unsetenv("VIGIL_WEBHOOK_SECRET");
  unsetenv("VIGIL_WEBHOOK_SECRET_FILE");
  EXPECT_THAT(
      OpenEventSink("webhook+https://h.example/x").status(),
      StatusIs(StatusCode::kInvalidArgument,
               AllOf(HasSubstr("event sink 'webhook+https://h.example/x'"),
                     HasSubstr("VIGIL_WEBHOOK_SECRET"))));
  TempDir dir;
  setenv("VIGIL_WEBHOOK_SECRET_FILE",
         dir.WriteFile("secret", kSecret + "\n").c_str(), 1);
  setenv("VIGIL_WEBHOOK_TIMEOUT_MS", "2500", 1);
  VIGIL_ASSERT_OK_AND_ASSIGN(WebhookOptions env,
                             WebhookOptionsFromEnvironment());
  EXPECT_EQ(env.secrets, std::vector<std::string>{kSecret});
  EXPECT_EQ(env.timeout, milliseconds(2500));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto opened,
                             OpenEventSink("webhook+https://h.example/x"));
  EXPECT_EQ(opened->name(), "webhook+https://h.example/x");
  EXPECT_EQ(env.batch, 1u);  // one POST per event unless asked
  setenv("VIGIL_WEBHOOK_BATCH", "50", 1);
  VIGIL_ASSERT_OK_AND_ASSIGN(env, WebhookOptionsFromEnvironment());
  EXPECT_EQ(env.batch, 50u);
  for (const char* bad : {"0", "-1", "many", "10001"}) {
    setenv("VIGIL_WEBHOOK_BATCH", bad, 1);
    EXPECT_THAT(WebhookOptionsFromEnvironment().status(),
                StatusIs(StatusCode::kInvalidArgument,
                         HasSubstr("VIGIL_WEBHOOK_BATCH")))
        << bad;
  }
  unsetenv("VIGIL_WEBHOOK_BATCH");
  WebhookOptions zero = env;
  zero.batch = 0;
  EXPECT_THAT(OpenWebhookSink("webhook+https://h.example/x", zero).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("batch")));
  setenv("VIGIL_WEBHOOK_TIMEOUT_MS", "soon", 1);
  EXPECT_THAT(WebhookOptionsFromEnvironment().status(),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("VIGIL_WEBHOOK_TIMEOUT_MS")));
  unsetenv("VIGIL_WEBHOOK_TIMEOUT_MS");
  unsetenv("VIGIL_WEBHOOK_SECRET_FILE");
}

// The example of the Standard Webhooks specification (its reference
// libraries' test vector).
TEST(WebhookSignerTest, SignsTheStandardWebhooksExample) {
  VIGIL_ASSERT_OK_AND_ASSIGN(
      WebhookSigner signer,
      WebhookSigner::Create({"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}));
  EXPECT_EQ(signer.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                        R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

// The keyed contexts start every message afresh: a signature depends on
// its own message only, never on what was signed before.
TEST(WebhookSignerTest, EachSignatureIsOfItsOwnMessageWithEverySecret) {
  VIGIL_ASSERT_OK_AND_ASSIGN(WebhookSigner two,
                             WebhookSigner::Create({kSecret, kOldSecret}));
  VIGIL_ASSERT_OK_AND_ASSIGN(WebhookSigner old,
                             WebhookSigner::Create({kOldSecret}));
  const std::string first = two.Sign("evt_1", 1700000000, R"({"a":1})");
  const std::string other = two.Sign("evt_2", 1700000000, R"({"a":1})");
  EXPECT_NE(first, other);
  EXPECT_EQ(two.Sign("evt_1", 1700000000, R"({"a":1})"), first);
  EXPECT_NE(two.Sign("evt_1", 1700000001, R"({"a":1})"), first);
  EXPECT_NE(two.Sign("evt_1", 1700000000, R"({"a":2})"), first);
  // One "v1,..." per secret, in order, each as that secret alone makes it.
  const std::string second = old.Sign("evt_1", 1700000000, R"({"a":1})");
  ASSERT_TRUE(second.starts_with("v1,"));
  EXPECT_TRUE(first.starts_with("v1,"));
  EXPECT_TRUE(first.ends_with(" " + second)) << first;
  EXPECT_EQ(
      WebhookSignature({kSecret, kOldSecret}, "evt_1", 1700000000, R"({"a":1})")
          .value(),
      first);
  // A moved-to signer signs as the one it came from.
  WebhookSigner moved = std::move(two);
  EXPECT_EQ(moved.Sign("evt_1", 1700000000, R"({"a":1})"), first);
}

TEST(WebhookSignerTest, NoSecretOrAMalformedOneIsInvalidArgument) {
  EXPECT_THAT(WebhookSigner::Create({}).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("secret")));
  EXPECT_THAT(WebhookSigner::Create({kSecret, "whsec_not*base64"}).status(),
              StatusIs(StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("secret 2"), Not(HasSubstr("not*")))));
}

}  // namespace
}  // namespace vigil::internal
