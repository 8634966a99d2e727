// Copyright 2026 The Vigil Authors.
//
// End-to-end tests of `vigil serve` over real HTTP on loopback: the test
// starts the service as a subprocess on a free port and talks to it with
// cpp-httplib's client. Every route, malformed and hostile requests.

#include <httplib.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "testing/raw_connection.h"
#include "testing/serve_process.h"
#include "testing/subprocess.h"
#include "testing/webhook_receiver.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::RawConnection;
using ::vigil::testing::ReadFileOrEmpty;
using ::vigil::testing::RunProcess;
using ::vigil::testing::ServeProcess;
using ::vigil::testing::TempDir;
using ::vigil::testing::WebhookReceiver;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/db";
    ProcessResult r =
        RunProcess({BinaryPath("make_demo_images"), dir_.path() + "/demo"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Vigil({"hashset", "create", "demo", "--types", "pdq,md5,sha1,sha256",
               "--action", "remove"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* name : {"fractal.jpg", "waves.png"}) {
      r = Vigil({"hashset", "add", "demo", dir_.path() + "/demo/known/" + name,
                 "--external-id", std::string("known/") + name});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    token_ = CreateToken("ops", "hash,match,curate,events,admin");
    reader_ = CreateToken("reader", "events");
  }

  void TearDown() override { Stop(); }

  std::string CreateToken(const std::string& name, const std::string& scopes) {
    ProcessResult r = Vigil({"token", "create", name, "--scopes", scopes});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string secret = r.out.substr(0, r.out.find('\n'));
    EXPECT_EQ(secret.size(), 68u) << r.out;
    return secret;
  }

  ProcessResult Vigil(std::vector<std::string> args) {
    args.insert(args.begin(), {BinaryPath("vigil"), "--db", db_});
    return RunProcess(args);
  }

  // Starts `vigil serve` on a free port and waits until /readyz is 200.
  void Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {
        BinaryPath("vigil"), "--db",        db_,         "serve",
        "--listen",          "127.0.0.1:0", "--threads", "4"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    // A fresh log per start: the port is read from it.
    err_path_ = dir_.path() + "/serve" + std::to_string(starts_++) + ".err";
    ASSERT_TRUE(serve_.Start(argv, dir_.path() + "/serve.out", err_path_,
                             [this](int port) {
                               port_ = port;
                               auto r = Client().Get("/readyz");
                               return r && r->status == 200;
                             }));
  }

  // Stops the service (SIGTERM) and checks it exits cleanly.
  void Stop() {
    if (!serve_.running()) return;
    EXPECT_EQ(serve_.Stop(), 0) << ReadFileOrEmpty(err_path_);
  }

  // A client that sends `token` (the all-scopes token by default; "" for
  // none).
  // Over TLS (verifying the server against tls_ca_) when tls_ca_ is set.
  httplib::Client Client(std::optional<std::string> token = std::nullopt) {
    httplib::Client c(
        (tls_ca_.empty() ? "http://127.0.0.1:" : "https://127.0.0.1:") +
        std::to_string(port_));
    if (!tls_ca_.empty()) {
      c.set_ca_cert_path(tls_ca_.c_str());
      c.enable_server_certificate_verification(true);
    }
    c.set_read_timeout(30, 0);
    const std::string t = token.value_or(token_);
    if (!t.empty()) c.set_bearer_token_auth(t.c_str());
    return c;
  }

  // /metrics once `done` holds for it, or the last one after 10 s (the
  // deliverers update their figures in the background).
  static std::string MetricsOnce(
      httplib::Client& c, const std::function<bool(const std::string&)>& done) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    std::string m;
    while (Clock::now() < deadline) {
      auto r = c.Get("/metrics");
      m = r ? r->body : "";
      if (done(m)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return m;
  }

  std::string File(const std::string& rel) {
    return ReadFileOrEmpty(dir_.path() + "/demo/" + rel);
  }

  static json Body(const httplib::Result& r) {
    EXPECT_TRUE(r);
    if (!r) return json();
    json j = json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r->body;
    return j;
  }

  TempDir dir_;
  std::string db_;
  ServeProcess serve_;
  std::string err_path_;
  int port_ = 0;
  int starts_ = 0;
  std::string tls_ca_;  // the server's certificate when serving TLS
  std::string token_;   // every scope
  std::string reader_;  // events only
};

TEST_F(ServeTest, HealthRoutes) {
  Start();
  auto c = Client();
  auto live = c.Get("/livez");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->status, 200);
  auto ready = c.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  auto missing = c.Get("/no/such/route");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_TRUE(Body(missing).contains("message"));
}

TEST_F(ServeTest, ScanRawBodyMatchesAndRecordsTheEventBeforeTheReply) {
  Start();
  auto c = Client();
  auto r =
      c.Post("/v1/scan?content_id=upload-1&source=web",
             File("uploads/fractal-half-size.jpg"), "application/octet-stream");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Body(r);
  EXPECT_EQ(j["status"], "match") << j.dump();
  EXPECT_EQ(j["path"], "upload-1");
  ASSERT_EQ(j["matches"].size(), 1u);
  EXPECT_EQ(j["matches"][0]["hashset"], "demo");
  EXPECT_EQ(j["matches"][0]["external_id"], "known/fractal.jpg");
  ASSERT_EQ(j["event_ids"].size(), 1u);

  // The event is in the outbox by the time the reply arrived.
  auto events = c.Get("/v1/events");
  json e = Body(events);
  ASSERT_EQ(e["events"].size(), 1u) << e.dump();
  EXPECT_EQ(e["events"][0]["event_id"], j["event_ids"][0]);
  EXPECT_EQ(e["events"][0]["content"]["id"], "upload-1");
  EXPECT_EQ(e["events"][0]["content"]["source"], "web");
  EXPECT_EQ(e["events"][0]["acked"], false);
  EXPECT_EQ(e["last_id"], j["event_ids"][0]);

  // Clean content: no match, no event.
  r = c.Post("/v1/scan", File("uploads/unrelated-cells.jpg"), "image/jpeg");
  EXPECT_EQ(Body(r)["status"], "clean");
  // Corrupt content is an error result, never clean.
  r = c.Post("/v1/scan", File("uploads/truncated.jpg"), "image/jpeg");
  EXPECT_EQ(Body(r)["status"], "error");
}

TEST_F(ServeTest, ScanMultipartUpload) {
  Start();
  auto c = Client();
  httplib::MultipartFormDataItems items = {
      {"file", File("known/waves.png"), "waves.png", "image/png"}};
  auto r = c.Post("/v1/scan?content_id=mp-1", items);
  json j = Body(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(j["status"], "match") << j.dump();
  EXPECT_EQ(j["matches"][0]["distance"], 0);

  // Multipart without a "file" part.
  httplib::MultipartFormDataItems wrong = {{"other", "x", "", ""}};
  r = c.Post("/v1/scan", wrong);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(Body(r)["message"].get<std::string>(), HasSubstr("file"));
}

TEST_F(ServeTest, LookupPdqAndDigestsInOneBatch) {
  Start();
  auto c = Client();
  // The hashes of the known image, as `vigil hash` prints them (its PDQ
  // is computed by the scan settings, not the reference's full-resolution
  // settings hash and block stores: close, not always equal).
  ProcessResult h = RunProcess(
      {BinaryPath("vigil"), "hash", dir_.path() + "/demo/known/fractal.jpg"});
  ASSERT_EQ(h.exit_code, 0) << h.err;
  json hashes = json::parse(h.out);
  std::string pdq = hashes["pdq"];
  // Change the first hex digit (up to 4 bits): still a match.
  std::string near = pdq;
  near[0] = pdq[0] == '0' ? 'f' : '0';
  json query = json::array({
      {{"type", "md5"}, {"hash", hashes["md5"]}},
      {{"type", "pdq"}, {"hash", near}},
      {{"type", "sha256"}, {"hash", std::string(64, '0')}},
  });
  auto r = c.Post("/v1/lookup", query.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Body(r);
  ASSERT_EQ(j["results"].size(), 3u) << j.dump();
  EXPECT_EQ(j["results"][0]["type"], "md5");
  ASSERT_EQ(j["results"][0]["matches"].size(), 1u);
  EXPECT_EQ(j["results"][0]["matches"][0]["hashset"], "demo");
  EXPECT_EQ(j["results"][0]["matches"][0]["distance"], 0);
  EXPECT_EQ(j["results"][0]["matches"][0]["external_id"], "known/fractal.jpg");
  ASSERT_EQ(j["results"][1]["matches"].size(), 1u);
  const int d = j["results"][1]["matches"][0]["distance"];
  EXPECT_GT(d, 0);
  EXPECT_LE(d, 31);
  EXPECT_EQ(j["results"][1]["matches"][0]["threshold"], 31);
  EXPECT_EQ(j["results"][1]["matches"][0]["external_id"], "known/fractal.jpg");
  // A far hash (all bits of the query flipped) does not match.
  std::string far = pdq;
  for (char& ch : far)
    ch = "fedcba9876543210"[std::stoi(std::string(1, ch), nullptr, 16)];
  r = c.Post("/v1/lookup",
             json::array({{{"type", "pdq"}, {"hash", far}}}).dump(),
             "application/json");
  EXPECT_TRUE(Body(r)["results"][0]["matches"].empty()) << r->body;
  EXPECT_TRUE(j["results"][2]["matches"].empty());
  // A lookup records no event.
  EXPECT_TRUE(Body(c.Get("/v1/events"))["events"].empty());
}

TEST_F(ServeTest, LookupRejectsMalformedInput) {
  Start();
  auto c = Client();
  struct Case {
    std::string body;
    std::string message;
  } cases[] = {
      {"not json", "JSON array"},
      {"{\"type\":\"md5\"}", "JSON array"},
      {"[{\"type\":\"md5\"}]", "[0]: needs string fields"},
      {"[{\"type\":\"md7\",\"hash\":\"00\"}]", "[0]:"},
      {"[{\"type\":\"md5\",\"hash\":\"xyz\"}]", "[0]:"},
      {"[{\"type\":\"md5\",\"hash\":\"d41d8cd98f00b204e9800998ecf8427e\"},"
       "{\"type\":\"pdq\",\"hash\":\"00\"}]",
       "[1]:"},
  };
  for (const Case& k : cases) {
    auto r = c.Post("/v1/lookup", k.body, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << k.body;
    EXPECT_THAT(Body(r)["message"].get<std::string>(), HasSubstr(k.message))
        << k.body;
  }
  // Too many hashes in one call.
  json many = json::array();
  for (int i = 0; i < 10001; ++i) {
    many.push_back({{"type", "md5"}, {"hash", std::string(32, '0')}});
  }
  auto r = c.Post("/v1/lookup", many.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST_F(ServeTest, EventsLongPollReturnsWhenAnEventIsRecorded) {
  Start();
  auto c = Client();
  // Empty outbox, wait=1: answers empty after about a second.
  auto t0 = Clock::now();
  json empty = Body(c.Get("/v1/events?wait=1"));
  EXPECT_TRUE(empty["events"].empty());
  EXPECT_GE(Clock::now() - t0, std::chrono::milliseconds(900));

  // A long-poll with wait=20 returns the event a scan records meanwhile,
  // long before its deadline.
  std::thread scanner([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto other = Client();
    auto r = other.Post("/v1/scan?content_id=late", File("known/fractal.jpg"),
                        "image/jpeg");
    EXPECT_EQ(Body(r)["status"], "match");
  });
  t0 = Clock::now();
  json got = Body(c.Get("/v1/events?wait=20"));
  const auto waited = Clock::now() - t0;
  scanner.join();
  ASSERT_EQ(got["events"].size(), 1u) << got.dump();
  EXPECT_LT(waited, std::chrono::seconds(15));
  const std::string id = got["events"][0]["event_id"];

  // after= the last id: nothing newer.
  EXPECT_TRUE(Body(c.Get("/v1/events?after=" + id))["events"].empty());

  // Ack it; the list shows it acknowledged.
  auto ack =
      c.Post("/v1/events/ack", json{{"ids", {id}}}.dump(), "application/json");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->status, 200) << ack->body;
  EXPECT_EQ(Body(ack)["acked"], 1);
  json listed = Body(c.Get("/v1/events"));
  EXPECT_EQ(listed["events"][0]["acked"], true);
  EXPECT_EQ(listed["events"][0]["acked_by"], "ops");  // the token's name

  // Unknown ids, malformed bodies and parameters are 4xx.
  ack = c.Post("/v1/events/ack", R"({"ids":["nope"]})", "application/json");
  EXPECT_EQ(ack->status / 100, 4);
  EXPECT_TRUE(Body(ack).contains("message"));
  ack = c.Post("/v1/events/ack", R"({"ids":[1]})", "application/json");
  EXPECT_EQ(ack->status, 400);
  ack = c.Post("/v1/events/ack", "[", "application/json");
  EXPECT_EQ(ack->status, 400);
  // Resolve (issue 16): 200 with the new state, 409 twice, 404 unknown.
  auto resolve =
      c.Post("/v1/events/resolve",
             json{{"ids", {id}}, {"outcome", "reported"}, {"reference", "CT-5"}}
                 .dump(),
             "application/json");
  ASSERT_TRUE(resolve);
  EXPECT_EQ(resolve->status, 200) << resolve->body;
  json state = Body(resolve)["events"][0]["state"];
  EXPECT_EQ(state["status"], "actioned");
  EXPECT_EQ(state["reference"], "CT-5");
  EXPECT_EQ(state["actor"], "ops");
  resolve = c.Post("/v1/events/resolve",
                   json{{"ids", {id}}, {"outcome", "removed"}}.dump(),
                   "application/json");
  EXPECT_EQ(resolve->status, 409) << resolve->body;
  resolve = c.Post("/v1/events/resolve",
                   json{{"ids", {"00000000-0000-7000-8000-000000000000"}},
                        {"outcome", "removed"}}
                       .dump(),
                   "application/json");
  EXPECT_EQ(resolve->status, 404);
  resolve = c.Post("/v1/events/resolve",
                   json{{"ids", {id}}, {"outcome", "nuked"}}.dump(),
                   "application/json");
  EXPECT_EQ(resolve->status, 400);
  auto bad = c.Get("/v1/events?limit=-1");
  EXPECT_EQ(bad->status, 400);
  bad = c.Get("/v1/events?wait=1e9");
  EXPECT_EQ(bad->status, 400);
}

TEST_F(ServeTest, MetricsCountRequestsScansAndIndexSizes) {
  Start();
  auto c = Client();
  c.Post("/v1/scan", File("known/fractal.jpg"), "image/jpeg");
  c.Post("/v1/scan", File("uploads/unrelated-cells.jpg"), "image/jpeg");
  c.Post("/v1/lookup", "oops", "application/json");
  auto r = c.Get("/metrics");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const std::string& m = r->body;
  EXPECT_THAT(m, HasSubstr("vigil_build_info{version="));
  EXPECT_THAT(
      m,
      HasSubstr(R"(vigil_http_requests_total{code="200",route="/v1/scan"} 2)"));
  EXPECT_THAT(
      m, HasSubstr(
             R"(vigil_http_requests_total{code="400",route="/v1/lookup"} 1)"));
  EXPECT_THAT(m, HasSubstr(R"(vigil_scans_total{status="match"} 1)"));
  EXPECT_THAT(m, HasSubstr(R"(vigil_scans_total{status="clean"} 1)"));
  EXPECT_THAT(m, HasSubstr(R"(vigil_index_entries{kind="pdq"} 2)"));
  EXPECT_THAT(m, HasSubstr("vigil_http_request_duration_seconds_bucket"));
}

TEST_F(ServeTest, MetricsShowDeliveryStatsPerSink) {
  const std::string sink = dir_.path() + "/events.jsonl";
  Start({"--events", "jsonl:" + sink});
  auto c = Client();
  EXPECT_EQ(
      Body(c.Post("/v1/scan", File("known/waves.png"), "image/png"))["status"],
      "match");
  // The deliverer runs in the background: wait for it (bounded).
  const std::string m = MetricsOnce(c, [](const std::string& text) {
    const size_t at = text.find("vigil_sink_delivered_events{sink=");
    return at != std::string::npos &&
           text.find("} 1\n", at) != std::string::npos;
  });
  EXPECT_THAT(m, HasSubstr("vigil_sink_delivered_events{sink="));
  EXPECT_THAT(m, HasSubstr("vigil_sink_pending_events{sink="));
  Stop();
  EXPECT_THAT(ReadFileOrEmpty(sink), HasSubstr("vigil.takedown/1"));
}

// Issue #16: an event given up on (dead letter) and an endpoint that
// disabled itself (410) are visible in the metrics, per sink.
TEST_F(ServeTest, MetricsShowDeadLettersAndDisabledSinks) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  TempDir failing_dir, gone_dir;
  WebhookReceiver failing(failing_dir.path(), {secret});
  ASSERT_TRUE(failing.Start("500"));
  WebhookReceiver gone(gone_dir.path(), {secret});
  ASSERT_TRUE(gone.Start("410"));
  setenv("VIGIL_WEBHOOK_SECRET", secret.c_str(), 1);
  setenv("VIGIL_WEBHOOK_MAX_ATTEMPTS", "1", 1);  // the first 500 gives up
  Start({"--events", failing.url(), "--events", gone.url(), "--drain-timeout",
         "1"});
  unsetenv("VIGIL_WEBHOOK_SECRET");
  unsetenv("VIGIL_WEBHOOK_MAX_ATTEMPTS");
  auto c = Client();
  EXPECT_EQ(
      Body(c.Post("/v1/scan", File("known/waves.png"), "image/png"))["status"],
      "match");
  const std::string dead =
      "vigil_sink_dead_lettered_events{sink=\"" + failing.url() + "\"} 1\n";
  const std::string disabled =
      "vigil_sink_disabled{sink=\"" + gone.url() + "\"} 1\n";
  // The deliverers run in the background: wait for them (bounded).
  const std::string m = MetricsOnce(c, [&](const std::string& text) {
    return text.find(dead) != std::string::npos &&
           text.find(disabled) != std::string::npos;
  });
  EXPECT_THAT(m, HasSubstr(dead));
  EXPECT_THAT(m, HasSubstr(disabled));
  EXPECT_THAT(
      m, HasSubstr("vigil_sink_disabled{sink=\"" + failing.url() + "\"} 0\n"));
  EXPECT_THAT(m, HasSubstr("vigil_sink_dead_lettered_events{sink=\"" +
                           gone.url() + "\"} 0\n"));
  // Both endpoints were reached, with verified signatures.
  for (const WebhookReceiver* r : {&failing, &gone}) {
    const auto requests = r->Requests();
    ASSERT_FALSE(requests.empty()) << r->url();
    EXPECT_TRUE(requests[0].verified) << r->url();
  }
  Stop();
}

TEST_F(ServeTest, HostileRequestsGetClear4xxAndTheServiceStaysUp) {
  Start({"--max-body", "100000"});
  auto c = Client();
  // A body over --max-body: 413.
  auto r =
      c.Post("/v1/scan", std::string(200000, 'x'), "application/octet-stream");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  // Malformed multipart (boundary that never closes).
  r = c.Post("/v1/scan", "--b\r\nContent-Disposition: form-data\r\n",
             "multipart/form-data; boundary=b");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status / 100, 4);
  // Path tricks.
  r = c.Get("/v1/../../etc/passwd");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status / 100, 4);
  // A header over the library's limit (8 KiB).
  httplib::Headers huge = {{"X-Big", std::string(20000, 'a')}};
  r = c.Get("/livez", huge);
  EXPECT_TRUE(!r || r->status / 100 == 4);
  // A slow client that never finishes its request is dropped by the read
  // timeout; meanwhile other requests are answered.
  httplib::Client slow("127.0.0.1", port_);
  std::thread slowloris([&] {
    // Declares 1 MB and sends nothing: the server times out the read.
    httplib::Headers h = {{"Content-Length", "1000000"}};
    slow.set_read_timeout(15, 0);
    (void)slow.Post("/v1/scan", h, "", "application/octet-stream");
  });
  for (int i = 0; i < 5; ++i) {
    auto live = Client().Get("/livez");
    ASSERT_TRUE(live);
    EXPECT_EQ(live->status, 200);
  }
  slowloris.join();
  auto live = Client().Get("/readyz");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->status, 200);
}

// A hash added through the service matches within 1 s, while another
// thread keeps looking up: no lookup fails meanwhile.
TEST_F(ServeTest, AddedHashMatchesWithinOneSecondWhileLookupsRun) {
  Start({"--refresh-ms", "100"});
  const std::string fresh = "0123456789abcdef0123456789abcdef";
  const std::string query =
      json::array({{{"type", "md5"}, {"hash", fresh}}}).dump();
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, failed{0};
  std::thread looker([&] {
    auto c = Client();
    while (!stop.load()) {
      auto r = c.Post("/v1/lookup", query, "application/json");
      if (r && r->status == 200) {
        answered++;
      } else {
        failed++;
      }
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto c = Client();
  auto added = c.Post("/v1/hashsets/demo/entries",
                      json{{"signals", {{{"type", "md5"}, {"hash", fresh}}}},
                           {"external_id", "case-live"}}
                          .dump(),
                      "application/json");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 200) << added->body;
  EXPECT_EQ(Body(added)["added"], 1);
  const auto t0 = Clock::now();
  bool matched = false;
  while (Clock::now() - t0 < std::chrono::seconds(1)) {
    json j = Body(c.Post("/v1/lookup", query, "application/json"));
    if (!j["results"][0]["matches"].empty()) {
      EXPECT_EQ(j["results"][0]["matches"][0]["external_id"], "case-live");
      matched = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  looker.join();
  EXPECT_TRUE(matched) << "not live within 1 s";
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(answered.load(), 0);
  // The change log names the token as the actor.
  Stop();
  ProcessResult log = Vigil({"hashset", "log"});
  EXPECT_THAT(log.out, HasSubstr("\"ops\"")) << log.out;
  // Wrong scope, unknown set, bad hex, path tricks.
  Start();
  auto r = Client(reader_).Post("/v1/hashsets/demo/entries", "{}",
                                "application/json");
  EXPECT_EQ(r->status, 403);
  r = Client().Post(
      "/v1/hashsets/nope/entries",
      json{{"signals", {{{"type", "md5"}, {"hash", fresh}}}}}.dump(),
      "application/json");
  EXPECT_EQ(r->status, 404);
  r = Client().Post("/v1/hashsets/demo/entries",
                    R"({"signals":[{"type":"md5","hash":"xx"}]})",
                    "application/json");
  EXPECT_EQ(r->status, 400);
  r = Client().Post("/v1/hashsets/..%2F..%2Fdemo/entries", "{}",
                    "application/json");
  EXPECT_EQ(r->status / 100, 4);
}

TEST_F(ServeTest, TokensAreRequiredAndScoped) {
  Start();
  const std::string lookup =
      R"([{"type":"md5","hash":")" + std::string(32, '0') + R"("}])";
  // No token, a malformed one, an unknown one: 401 with HMA's error shape.
  for (const std::string& t : {std::string(), std::string("nonsense"),
                               "vgl_" + std::string(64, 'a')}) {
    auto r = Client(t).Post("/v1/lookup", lookup, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << t;
    EXPECT_TRUE(Body(r).contains("message"));
    EXPECT_THAT(r->get_header_value("WWW-Authenticate"), HasSubstr("Bearer"));
  }
  auto no_token = Client("").Get("/livez");
  EXPECT_EQ(no_token->status, 401);  // health needs a token without the flag
  // A token without the route's scope: 403.
  auto r = Client(reader_).Post("/v1/lookup", lookup, "application/json");
  EXPECT_EQ(r->status, 403);
  EXPECT_THAT(Body(r)["message"].get<std::string>(),
              HasSubstr("lacks scope 'match'"));
  EXPECT_EQ(Client(reader_).Get("/v1/events")->status, 200);
  EXPECT_EQ(Client(reader_).Get("/v1/tokens")->status, 403);

  // An admin creates a token while serving; it works at once.
  r = Client().Post("/v1/tokens", R"({"name":"uploader","scopes":["match"]})",
                    "application/json");
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string uploader = Body(r)["token"];
  EXPECT_EQ(
      Client(uploader).Post("/v1/lookup", lookup, "application/json")->status,
      200);
  r = Client().Post("/v1/tokens", R"({"name":"uploader","scopes":["match"]})",
                    "application/json");
  EXPECT_EQ(r->status, 409);
  r = Client().Post("/v1/tokens", R"({"name":"x","scopes":["root"]})",
                    "application/json");
  EXPECT_EQ(r->status, 400);
  json listed = Body(Client().Get("/v1/tokens"));
  ASSERT_EQ(listed["tokens"].size(), 3u) << listed.dump();
  EXPECT_EQ(listed["tokens"][2]["name"], "uploader");
  EXPECT_EQ(listed["tokens"][2]["created_by"], "ops");
  EXPECT_EQ(listed.dump().find(uploader), std::string::npos);  // no secrets

  // Revoked: 401 from the next request on.
  r = Client().Delete("/v1/tokens/uploader");
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(
      Client(uploader).Post("/v1/lookup", lookup, "application/json")->status,
      401);
  EXPECT_EQ(Client().Delete("/v1/tokens/uploader")->status, 404);
  EXPECT_EQ(Client().Delete("/v1/tokens/..%2Fetc")->status, 404);
}

TEST_F(ServeTest, OpenHealthLeavesOnlyHealthAndMetricsOpen) {
  Start({"--open-health"});
  EXPECT_EQ(Client("").Get("/livez")->status, 200);
  EXPECT_EQ(Client("").Get("/readyz")->status, 200);
  EXPECT_EQ(Client("").Get("/metrics")->status, 200);
  EXPECT_EQ(Client("").Get("/v1/events")->status, 401);
}

TEST_F(ServeTest, TokenCommandStoresNoSecret) {
  ProcessResult list = Vigil({"token", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr(R"("name":"ops")"));
  EXPECT_THAT(list.out, HasSubstr(R"("scopes":["events"])"));
  EXPECT_EQ(list.out.find(token_), std::string::npos);
  // The secret is in no file of the store.
  ProcessResult grep = RunProcess({"/bin/grep", "-r", "-l", token_, db_});
  EXPECT_EQ(grep.exit_code, 1) << grep.out;
  EXPECT_EQ(Vigil({"token", "create", "ops", "--scopes", "match"}).exit_code,
            2);
  EXPECT_EQ(Vigil({"token", "create", "x", "--scopes", "root"}).exit_code, 2);
  EXPECT_EQ(Vigil({"token", "create", "a/b", "--scopes", "match"}).exit_code,
            2);
  EXPECT_EQ(Vigil({"token", "revoke", "reader"}).exit_code, 0);
  EXPECT_EQ(Vigil({"token", "revoke", "reader"}).exit_code, 2);
  EXPECT_EQ(Vigil({"token", "list"}).out.find("reader"), std::string::npos);
}

TEST_F(ServeTest, BadListenAddressIsAUsageError) {
  ProcessResult r = Vigil({"serve", "--listen", "nonsense"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("HOST:PORT"));
}

TEST_F(ServeTest, ConfigFileSetsTheOptions) {
  TempDir conf;
  const std::string path =
      conf.WriteFile("serve.toml", "[serve]\nmax-body = 100\nthreads = 2\n");
  Start({"--config", path});
  auto r = Client().Post("/v1/scan", std::string(1000, 'x'),
                         "application/octet-stream");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

// Sends `first`, then `drip` every 200 ms until the server answers or
// closes; returns how long that took (capped at `cap`).
Clock::duration TrickleUntilCut(RawConnection& conn, const std::string& first,
                                const std::string& drip,
                                std::chrono::seconds cap) {
  const auto t0 = Clock::now();
  EXPECT_TRUE(conn.Send(first));
  while (Clock::now() - t0 < cap) {
    if (conn.Answered(200)) break;
    if (!conn.Send(drip)) break;
  }
  return Clock::now() - t0;
}

TEST_F(ServeTest, TlsServesHttpsWithTheGivenCertificate) {
  const std::string cert = dir_.path() + "/cert.pem";
  const std::string key = dir_.path() + "/key.pem";
  ProcessResult r =
      RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048",
                  "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj",
                  "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  tls_ca_ = cert;
  Start({"--tls-cert", cert, "--tls-key", key, "--header-timeout", "2"});
  EXPECT_THAT(ReadFileOrEmpty(err_path_), HasSubstr("listening on https://"));
  // The client verifies the server's certificate and name.
  auto c = Client();
  auto ready = c.Get("/readyz");
  ASSERT_TRUE(ready) << httplib::to_string(ready.error());
  EXPECT_EQ(ready->status, 200);
  auto scan = c.Post("/v1/scan?content_id=tls-1", File("known/fractal.jpg"),
                     "image/jpeg");
  EXPECT_EQ(Body(scan)["status"], "match");
  // Keep-alive over TLS: several requests on one connection.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.Get("/livez")->status, 200);
  // Plain HTTP to the TLS port gets no HTTP answer.
  httplib::Client plain("127.0.0.1", port_);
  plain.set_read_timeout(5, 0);
  auto p = plain.Get("/livez");
  EXPECT_TRUE(!p || p->status / 100 != 2);
  // A client that starts a handshake and stalls is cut off by the
  // header deadline (2 s).
  RawConnection stalled(port_);
  ASSERT_TRUE(stalled.connected());
  ASSERT_TRUE(stalled.Send(std::string("\x16\x03\x01", 3)));
  const auto t0 = Clock::now();
  EXPECT_TRUE(stalled.Answered(8000));
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(6));
  // A certificate without its key, or a missing file: usage error.
  Stop();
  tls_ca_.clear();
  r = Vigil({"serve", "--listen", "127.0.0.1:0", "--tls-cert", cert});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--tls-key"));
  r = Vigil({"serve", "--listen", "127.0.0.1:0", "--tls-cert", cert,
             "--tls-key", dir_.path() + "/missing.pem"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("missing.pem"));
}

// Slowloris: a client that trickles its headers (or its body) one line at
// a time, each within the read timeout, is cut off by the deadline; the
// service keeps answering others meanwhile.
TEST_F(ServeTest, TrickledHeadersAndBodiesAreCutOffByTheDeadlines) {
  Start({"--header-timeout", "1", "--body-timeout", "1", "--timeout", "5"});
  RawConnection headers(port_);
  ASSERT_TRUE(headers.connected());
  auto took = TrickleUntilCut(headers, "GET /livez HTTP/1.1\r\nHost: x\r\n",
                              "X-Slow: 1\r\n", std::chrono::seconds(10));
  EXPECT_LT(took, std::chrono::seconds(4));
  EXPECT_GE(took, std::chrono::milliseconds(900));
  EXPECT_EQ(Client().Get("/livez")->status, 200);

  RawConnection body(port_);
  ASSERT_TRUE(body.connected());
  took = TrickleUntilCut(body,
                         "POST /v1/scan HTTP/1.1\r\nHost: x\r\nAuthorization: "
                         "Bearer " +
                             token_ +
                             "\r\nContent-Length: 100000\r\n"
                             "Content-Type: application/octet-stream\r\n\r\n",
                         "0123456789", std::chrono::seconds(10));
  EXPECT_LT(took, std::chrono::seconds(4));
  EXPECT_EQ(Client().Get("/readyz")->status, 200);
  // A complete request sent slowly but within the deadline is answered.
  RawConnection ok(port_);
  ASSERT_TRUE(ok.connected());
  ASSERT_TRUE(ok.Send("GET /livez HTTP/1.1\r\nHost: x\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(ok.Send("Authorization: Bearer " + token_ +
                      "\r\nConnection: close\r\n\r\n"));
  EXPECT_THAT(ok.ReadAll(5000), HasSubstr("200 OK"));
}

// More requests in flight than --max-inflight: 429 with Retry-After before
// the body is read; the service answers again once the others finish.
TEST_F(ServeTest, ConcurrencyCapAnswers429WithRetryAfter) {
  Start({"--max-inflight", "2", "--open-health"});
  std::vector<std::thread> holders;
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back([this] {
      // Long-polls on an empty outbox hold their slot for ~3 s; one that
      // came while the other and the test's own request held the two
      // slots was refused and tries again.
      const auto deadline = Clock::now() + std::chrono::seconds(5);
      httplib::Result r = Client().Get("/v1/events?wait=3");
      while (r && r->status == 429 && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        r = Client().Get("/v1/events?wait=3");
      }
      EXPECT_TRUE(r && r->status == 200);
    });
  }
  // Once both hold their slot, a third request is refused before its body
  // is read (bounded wait for the holders to get there).
  const auto deadline = Clock::now() + std::chrono::seconds(2);
  auto scan = [this] {
    return Client().Post("/v1/scan", std::string(50000, 'x'),
                         "application/octet-stream");
  };
  httplib::Result r = scan();
  while (!(r && r->status == 429) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    r = scan();
  }
  EXPECT_TRUE(r && r->status == 429);
  if (r && r->status == 429) {
    EXPECT_EQ(r->get_header_value("Retry-After"), "1");
    EXPECT_THAT(Body(r)["message"].get<std::string>(), HasSubstr("retry"));
  }
  for (std::thread& t : holders) t.join();
  auto again = Client().Post("/v1/lookup", "[]", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  const std::string m = Client().Get("/metrics")->body;
  EXPECT_THAT(m, HasSubstr("vigil_http_requests_refused "));
  EXPECT_THAT(
      m,
      HasSubstr(R"(vigil_http_requests_total{code="429",route="overloaded"})"));
}

// Requests pipelined in one write on a keep-alive connection are each
// answered, in order: the bytes read ahead for one request (the transport
// buffers its reads) are kept for the next, including a body split across
// the two.
TEST_F(ServeTest, PipelinedRequestsOnOneConnectionAreEachAnswered) {
  Start();
  const std::string lookup_body =
      R"([{"type":"md5","hash":"00000000000000000000000000000000"}])";
  const std::string lookup =
      "POST /v1/lookup HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token_ +
      "\r\nContent-Type: application/json\r\nContent-Length: " +
      std::to_string(lookup_body.size()) + "\r\n\r\n" + lookup_body;
  const std::string livez =
      "GET /livez HTTP/1.1\r\nHost: x\r\n"
      "Authorization: Bearer " +
      token_ + "\r\n\r\n";
  const std::string last =
      "GET /readyz HTTP/1.1\r\nHost: x\r\n"
      "Authorization: Bearer " +
      token_ + "\r\nConnection: close\r\n\r\n";
  RawConnection conn(port_);
  ASSERT_TRUE(conn.connected());
  // The second lookup's body arrives after a pause, apart from its headers.
  const std::string all = livez + lookup + livez + lookup;
  const size_t split = all.size() - lookup_body.size() / 2;
  ASSERT_TRUE(conn.Send(all.substr(0, split)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE(conn.Send(all.substr(split) + last));
  const std::string replies = conn.ReadAll(5000);
  std::vector<std::string> bodies;
  for (size_t at = replies.find("HTTP/1.1 "); at != std::string::npos;
       at = replies.find("HTTP/1.1 ", at + 1)) {
    bodies.push_back(replies.substr(at, 12));
  }
  EXPECT_THAT(bodies, ::testing::ElementsAre("HTTP/1.1 200", "HTTP/1.1 200",
                                             "HTTP/1.1 200", "HTTP/1.1 200",
                                             "HTTP/1.1 200"))
      << replies;
  EXPECT_THAT(replies, HasSubstr("\"results\":[{\"hash\":"
                                 "\"00000000000000000000000000000000\","
                                 "\"matches\":[],\"type\":\"md5\"}]"));
  EXPECT_THAT(replies, HasSubstr("ok\n"));
}

// Beyond --max-connections served and as many waiting, a new connection
// gets 503 at once.
TEST_F(ServeTest, ConnectionsBeyondThePoolAndItsQueueGet503) {
  Start({"--max-connections", "1", "--open-health"});
  // One connection holds the only thread (a long-poll), one waits, the
  // third finds no room.
  RawConnection holder(port_);
  ASSERT_TRUE(holder.connected());
  ASSERT_TRUE(holder.Send(
      "GET /v1/events?wait=3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Authorization: Bearer " +
      token_ + "\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  RawConnection waiting(port_);
  ASSERT_TRUE(waiting.connected());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  RawConnection third(port_);
  ASSERT_TRUE(third.connected());
  const std::string third_reply = third.ReadAll(1500);
  waiting.Send("GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_THAT(holder.ReadAll(8000), HasSubstr("200 OK"));
  const std::string waiting_reply = waiting.ReadAll(8000);
  // Normally the third is refused and the waiting one served after the
  // holder; on a loaded machine the pool thread may still have been busy
  // with the readiness probe, and the waiting one found the queue full.
  const std::string& refused = third_reply.find("503") != std::string::npos
                                   ? third_reply
                                   : waiting_reply;
  EXPECT_THAT(refused, HasSubstr("503 Service Unavailable"));
  EXPECT_THAT(refused, HasSubstr("Retry-After: 1"));
  EXPECT_THAT(refused, HasSubstr("too many connections"));
  if (&refused == &third_reply) {
    EXPECT_THAT(waiting_reply, HasSubstr("200 OK"));
  }
}

// Threads in the service process (/proc/PID/status), 0 if unreadable.
int ThreadsOf(pid_t pid) {
  const std::string status =
      ReadFileOrEmpty("/proc/" + std::to_string(pid) + "/status");
  const size_t at = status.find("\nThreads:");
  return at == std::string::npos ? 0 : std::atoi(status.c_str() + at + 10);
}

// Keep-alive connections waiting for their next request cost no thread:
// 120 of them open and idle, the service has far fewer threads than that,
// and each is still served when it sends again.
TEST_F(ServeTest, IdleKeepAliveConnectionsHoldNoThread) {
  Start({"--open-health"});
  const int before = ThreadsOf(serve_.pid());
  ASSERT_GT(before, 0);
  std::vector<std::unique_ptr<RawConnection>> idle;
  const std::string livez = "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int i = 0; i < 120; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(idle.back()->connected());
    ASSERT_TRUE(idle.back()->Send(livez));
    ASSERT_THAT(idle.back()->ReadUntil("ok\n", 5000), HasSubstr("200 OK"));
  }
  const int during = ThreadsOf(serve_.pid());
  EXPECT_LT(during, 60) << "before: " << before;
  EXPECT_LE(during, before + 4);
  for (auto& c : idle) {
    ASSERT_TRUE(c->Send(livez));
    EXPECT_THAT(c->ReadUntil("ok\n", 5000), HasSubstr("200 OK"));
  }
}

// Requests that hold a thread for long (long-polls) do not hold up short
// ones: with --threads 4 (five workers), eight long-polls are waiting and
// lookups are still answered at once; the threads started beside the long-polls
// end after them.
TEST_F(ServeTest, LongPollsDoNotHoldUpShortRequests) {
  Start();  // --threads 4
  const int before = ThreadsOf(serve_.pid());
  std::vector<std::unique_ptr<RawConnection>> polls;
  for (int i = 0; i < 8; ++i) {
    polls.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(polls.back()->connected());
    ASSERT_TRUE(polls.back()->Send(
        "GET /v1/events?wait=4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        "Authorization: Bearer " +
        token_ + "\r\n\r\n"));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto t0 = Clock::now();
  auto c = Client();
  for (int i = 0; i < 20; ++i) {
    auto r =
        c.Post("/v1/lookup",
               R"([{"type":"md5","hash":"00000000000000000000000000000000"}])",
               "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
  }
  // Well before the long-polls' 4 s.
  EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(2500));
  for (auto& p : polls) {
    EXPECT_THAT(p->ReadAll(8000), HasSubstr("200 OK"));
  }
  // The threads started beside the long-polls end when they are not
  // needed any more.
  const auto until = Clock::now() + std::chrono::seconds(10);
  while (ThreadsOf(serve_.pid()) > before + 2 && Clock::now() < until) {
    c.Get("/livez");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_LE(ThreadsOf(serve_.pid()), before + 2);
}

TEST_F(ServeTest, WrongContentTypesAndMalformedBodiesGet4xx) {
  Start();
  auto c = Client();
  // JSON routes: another content type is 415.
  auto r = c.Post("/v1/lookup", "[]", "text/csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  EXPECT_THAT(Body(r)["message"].get<std::string>(),
              HasSubstr("application/json"));
  httplib::MultipartFormDataItems items = {{"file", "[]", "a.json", ""}};
  EXPECT_EQ(c.Post("/v1/lookup", items)->status, 415);
  EXPECT_EQ(c.Post("/v1/events/ack", "{}", "image/png")->status, 415);
  EXPECT_EQ(c.Post("/v1/events/resolve", "{}", "text/plain")->status, 415);
  // What curl -d sends is taken as JSON.
  EXPECT_EQ(
      c.Post("/v1/lookup", "[]", "application/x-www-form-urlencoded")->status,
      200);
  // ... up to cpp-httplib's 8 KiB for that type; the 413 says why.
  r = c.Post("/v1/scan", std::string(20000, 'x'),
             "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_THAT(Body(r)["message"].get<std::string>(), HasSubstr("8 KiB"));
  // Multipart without a boundary, or cut short.
  r = c.Post("/v1/scan", "garbage", "multipart/form-data");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status / 100, 4);
  r = c.Post("/v1/scan",
             "--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
             "abc",
             "multipart/form-data; boundary=xyz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status / 100, 4);
  // A request line over the limit.
  r = c.Get(("/livez?" + std::string(10000, 'a')).c_str());
  EXPECT_TRUE(!r || r->status / 100 == 4);
  // Many headers.
  RawConnection many(port_);
  ASSERT_TRUE(many.connected());
  std::string req = "GET /livez HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 2000; ++i) req += "X-" + std::to_string(i) + ": y\r\n";
  many.Send(req + "\r\n");
  const std::string reply = many.ReadAll(5000);
  EXPECT_TRUE(reply.empty() || reply.find(" 4") != std::string::npos);
  EXPECT_EQ(c.Get("/readyz")->status, 200);
}

// The acceptance test of live updates: one thread keeps looking up while
// another imports entries through the API; no lookup fails and every new
// hash matches within 1 s of its import returning.
TEST_F(ServeTest, ImportsThroughTheApiAreLiveWithinOneSecondWhileLookupsRun) {
  Start({"--refresh-ms", "100"});
  constexpr int kEntries = 20, kPerEntry = 5;
  std::vector<std::string> hashes;
  json query = json::array();
  for (int i = 0; i < kEntries * kPerEntry; ++i) {
    char hex[33];
    snprintf(hex, sizeof(hex), "%08x%08x%08x%08x", 0xabc00000u + i, i, i, i);
    hashes.push_back(hex);
    query.push_back({{"type", "md5"}, {"hash", hex}});
  }
  const std::string body = query.dump();
  std::vector<Clock::time_point> added(kEntries), seen(hashes.size());
  std::vector<bool> is_seen(hashes.size(), false);
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, failed{0};
  std::mutex mu;
  std::thread looker([&] {
    auto c = Client();
    while (!stop.load()) {
      auto r = c.Post("/v1/lookup", body, "application/json");
      if (!r || r->status != 200) {
        failed++;
        continue;
      }
      answered++;
      json j = json::parse(r->body);
      const auto now = Clock::now();
      std::lock_guard<std::mutex> lock(mu);
      for (size_t i = 0; i < hashes.size(); ++i) {
        if (!is_seen[i] && !j["results"][i]["matches"].empty()) {
          is_seen[i] = true;
          seen[i] = now;
        }
      }
    }
  });
  auto c = Client();
  for (int e = 0; e < kEntries; ++e) {
    json signals = json::array();
    for (int k = 0; k < kPerEntry; ++k) {
      signals.push_back({{"type", "md5"}, {"hash", hashes[e * kPerEntry + k]}});
    }
    auto r = c.Post(
        "/v1/hashsets/demo/entries",
        json{{"signals", signals}, {"external_id", "imp-" + std::to_string(e)}}
            .dump(),
        "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    added[e] = Clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  // Wait (bounded) for the last one, then stop.
  const auto deadline = Clock::now() + std::chrono::seconds(3);
  while (Clock::now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (std::all_of(is_seen.begin(), is_seen.end(),
                      [](bool b) { return b; })) {
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop = true;
  looker.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(answered.load(), kEntries);
  for (size_t i = 0; i < hashes.size(); ++i) {
    ASSERT_TRUE(is_seen[i]) << hashes[i] << " never matched";
    EXPECT_LE(seen[i] - added[i / kPerEntry], std::chrono::seconds(1))
        << hashes[i];
  }
}

TEST_F(ServeTest, MetricsCountMatchesPerSetLatencyByCodeAndLoad) {
  Start({"--open-health"});
  auto c = Client();
  EXPECT_EQ(Body(c.Post("/v1/scan", File("known/fractal.jpg"),
                        "image/jpeg"))["status"],
            "match");
  ProcessResult h = RunProcess(
      {BinaryPath("vigil"), "hash", dir_.path() + "/demo/known/waves.png"});
  ASSERT_EQ(h.exit_code, 0) << h.err;
  const std::string md5 = json::parse(h.out)["md5"];
  c.Post("/v1/lookup", json::array({{{"type", "md5"}, {"hash", md5}}}).dump(),
         "application/json");
  const std::vector<std::string> wanted = {
      R"(vigil_matches_total{hashset="demo",via="scan"} 1)",
      R"(vigil_matches_total{hashset="demo",via="lookup"} 1)",
      R"(vigil_http_request_duration_seconds_count{)"
      R"(code="200",route="/v1/scan"} 1)",
      "vigil_http_requests_in_flight 1",  // the scrape itself
      "vigil_http_requests_refused 0",
      "vigil_index_memory_bytes ",
      "vigil_scan_bytes_total ",
  };
  // A request is counted once its reply is written, which can be just after
  // the client has read it: scrape until every line is there (or 5 s).
  std::string m;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  do {
    m = Client("").Get("/metrics")->body;
    if (std::all_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
          return m.find(w) != std::string::npos;
        })) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (Clock::now() < deadline);
  for (const std::string& w : wanted) EXPECT_THAT(m, HasSubstr(w));
}

}  // namespace
}  // namespace vigil
