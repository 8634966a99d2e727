// Copyright 2026 The Vigil Authors.
//
// End-to-end tests of the HMA 2.x compatible routes of `vigil serve`
// (tools/vigil/serve/hma_*.cc) over real HTTP on loopback: the service runs
// as a subprocess, the test talks to it with cpp-httplib's client and, for
// ?url= content, serves images from its own loopback server. Every route,
// HMA's JSON shapes and error bodies, unknown banks, bad hex, path tricks,
// auth (no token, wrong scope).

#include <httplib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "testing/serve_process.h"
#include "testing/subprocess.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::ReadFileOrEmpty;
using ::vigil::testing::RunProcess;
using ::vigil::testing::ServeProcess;
using ::vigil::testing::TempDir;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

const std::string kPdqA = std::string(32, 'a') + std::string(32, '5');

class HmaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/db";
    ProcessResult r =
        RunProcess({BinaryPath("make_demo_images"), dir_.path() + "/demo"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // A Vigil set with a Vigil name: not an HMA bank.
    r = Vigil({"hashset", "create", "demo", "--types", "pdq,md5"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    token_ = CreateToken("ops", "hash,match,curate,events,admin");
    matcher_ = CreateToken("matcher", "match");
  }

  void TearDown() override { Stop(); }

  std::string CreateToken(const std::string& name, const std::string& scopes) {
    ProcessResult r = Vigil({"token", "create", name, "--scopes", scopes});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }

  ProcessResult Vigil(std::vector<std::string> args) {
    args.insert(args.begin(), {BinaryPath("vigil"), "--db", db_});
    return RunProcess(args);
  }

  void Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {
        BinaryPath("vigil"), "--db",      db_, "serve",        "--listen",
        "127.0.0.1:0",       "--threads", "4", "--refresh-ms", "50"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    ASSERT_TRUE(serve_.Start(argv, dir_.path() + "/serve.out",
                             dir_.path() + "/serve.err", [this](int port) {
                               port_ = port;
                               auto r = Client().Get("/status");
                               return r && r->status == 200;
                             }));
  }

  void Stop() {
    if (!serve_.running()) return;
    EXPECT_EQ(serve_.Stop(), 0) << ReadFileOrEmpty(serve_.err_path());
  }

  httplib::Client Client(std::optional<std::string> token = std::nullopt) {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    const std::string t = token.value_or(token_);
    if (!t.empty()) c.set_bearer_token_auth(t.c_str());
    return c;
  }

  std::string File(const std::string& rel) {
    return ReadFileOrEmpty(dir_.path() + "/demo/" + rel);
  }

  // The reply's JSON, after checking its status.
  static json Expect(const httplib::Result& r, int status) {
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, status) << r->body;
    json j = json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r->body;
    return j;
  }
  // An HMA error: the status and {"message": ...} containing `text`.
  static void ExpectError(const httplib::Result& r, int status,
                          const std::string& text) {
    json j = Expect(r, status);
    ASSERT_TRUE(j.is_object() && j.contains("message")) << j.dump();
    EXPECT_THAT(j["message"].get<std::string>(), HasSubstr(text));
  }

  void CreateBank(const std::string& name) {
    Expect(Client().Post("/c/banks", json{{"name", name}}.dump(),
                         "application/json"),
           201);
  }

  // raw_lookup of `pdq` until it has `want` matches (the indexes follow
  // the store within --refresh-ms); the last reply.
  json RawLookupUntil(const std::string& query, size_t want) {
    json j;
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    do {
      j = Expect(Client().Get("/m/raw_lookup?" + query), 200);
      if (j["matches"].size() == want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (Clock::now() < deadline);
    return j;
  }

  TempDir dir_;
  std::string db_;
  ServeProcess serve_;
  int port_ = 0;
  std::string token_;    // every scope
  std::string matcher_;  // match only
};

TEST_F(HmaTest, StatusSiteMapAndConfiguration) {
  Start();
  auto c = Client();
  auto status = c.Get("/status");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200);
  EXPECT_EQ(status->body, "I-AM-ALIVE");
  auto live = c.Get("/status/live");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->body, "I-AM-ALIVE");
  json routes = Expect(c.Get("/site-map"), 200);
  ASSERT_TRUE(routes.is_array());
  EXPECT_TRUE(std::is_sorted(routes.begin(), routes.end()));
  EXPECT_NE(std::find(routes.begin(), routes.end(), "/m/raw_lookup"),
            routes.end());
  json types = Expect(c.Get("/c/signal_type"), 200);
  EXPECT_THAT(types.dump(),
              HasSubstr("{\"enabled_ratio\":1.0,\"name\":\"pdq\"}"));
  json content_types = Expect(c.Get("/c/content_type"), 200);
  EXPECT_EQ(content_types,
            json::parse("[{\"enabled\":true,\"name\":\"photo\"},"
                        "{\"enabled\":true,\"name\":\"video\"}]"));
}

TEST_F(HmaTest, AuthNoTokenAndWrongScope) {
  Start();
  // No token: 401 in HMA's error shape, on every kind of route.
  for (const char* path : {"/status", "/c/banks", "/m/index/status"}) {
    ExpectError(Client("").Get(path), 401, "bearer token");
  }
  ExpectError(Client("vgl_" + std::string(64, '0')).Get("/c/banks"), 401,
              "unknown or revoked");
  // A match token reads but does not curate or hash.
  Expect(Client(matcher_).Get("/c/banks"), 200);
  ExpectError(
      Client(matcher_).Post("/c/banks", "{\"name\":\"X\"}", "application/json"),
      403, "lacks scope 'curate'");
  httplib::MultipartFormDataItems items = {
      {"photo", File("known/fractal.jpg"), "f.jpg", "image/jpeg"}};
  ExpectError(Client(matcher_).Post("/h/hash", items), 403,
              "lacks scope 'hash'");
}

TEST_F(HmaTest, BanksFollowTheBankNameRule) {
  Start();
  auto c = Client();
  // The Vigil set "demo" is not an HMA bank.
  EXPECT_EQ(Expect(c.Get("/c/banks"), 200), json::array());
  for (const char* bad : {"01_TEST_BANK", "my_test_bank", "MY-BANK", ""}) {
    ExpectError(
        c.Post("/c/banks", json{{"name", bad}}.dump(), "application/json"), 400,
        "");
  }
  ExpectError(c.Post("/c/banks", "not json", "application/json"), 400,
              "name is required");
  json made = Expect(
      c.Post("/c/banks", "{\"name\":\"MY_TEST_BANK_01\"}", "application/json"),
      201);
  EXPECT_EQ(made, json::parse("{\"matching_enabled_ratio\":1.0,"
                              "\"name\":\"MY_TEST_BANK_01\"}"));
  ExpectError(
      c.Post("/c/banks", "{\"name\":\"MY_TEST_BANK_01\"}", "application/json"),
      403, "Bank already exists");
  EXPECT_EQ(Expect(c.Get("/c/banks"), 200), json::array({made}));
  EXPECT_EQ(Expect(c.Get("/c/bank/MY_TEST_BANK_01"), 200), made);

  // Unknown banks, names the rule refuses and path tricks.
  ExpectError(c.Get("/c/bank/NO_SUCH_BANK"), 404,
              "bank 'NO_SUCH_BANK' not found");
  ExpectError(c.Get("/c/bank/demo"), 404, "bank 'demo' not found");
  for (const char* path :
       {"/c/bank/..%2Fdemo", "/c/bank/MY_TEST_BANK_01/..", "/c/bank/A%2FB",
        "/c/bank/MY_TEST_BANK_01/content/abc", "/c/bank/../c/banks"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path << " " << r->body;
  }

  // Enable / disable (ratio 0 or 1 only); no rename.
  json off = Expect(c.Put("/c/bank/MY_TEST_BANK_01", "{\"enabled\":false}",
                          "application/json"),
                    200);
  EXPECT_EQ(off["matching_enabled_ratio"], 0.0);
  json on = Expect(c.Put("/c/bank/MY_TEST_BANK_01", "{\"enabled_ratio\":1}",
                         "application/json"),
                   200);
  EXPECT_EQ(on["matching_enabled_ratio"], 1.0);
  ExpectError(c.Put("/c/bank/MY_TEST_BANK_01", "{\"enabled_ratio\":0.5}",
                    "application/json"),
              400, "0 or 1");
  ExpectError(c.Put("/c/bank/MY_TEST_BANK_01", "{\"name\":\"1_invalid\"}",
                    "application/json"),
              400, "UPPER_WITH_UNDERSCORE");
  ExpectError(c.Put("/c/bank/MY_TEST_BANK_01", "{\"name\":\"OTHER\"}",
                    "application/json"),
              400, "renaming");

  // Delete is idempotent, as HMA's.
  EXPECT_EQ(Expect(c.Delete("/c/bank/MY_TEST_BANK_01"), 200),
            json::parse("{\"message\":\"Done\"}"));
  EXPECT_EQ(Expect(c.Delete("/c/bank/MY_TEST_BANK_01"), 200)["message"],
            "Done");
  ExpectError(c.Get("/c/bank/MY_TEST_BANK_01"), 404, "not found");
  Stop();

  // Every write is in the change log with the token's name as actor.
  ProcessResult log = Vigil({"hashset", "log"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_THAT(log.out, HasSubstr("\"op\":\"create\""));
  EXPECT_THAT(log.out, HasSubstr("\"op\":\"disable\""));
  EXPECT_THAT(log.out, HasSubstr("\"op\":\"delete\""));
  EXPECT_THAT(log.out, HasSubstr("\"actor\":\"ops\""));
}

TEST_F(HmaTest, SignalsContentIdsAndLookups) {
  Start();
  auto c = Client();
  CreateBank("BANK_A");
  CreateBank("BANK_B");
  ExpectError(c.Post("/c/bank/NOPE/signal", json{{"pdq", kPdqA}}.dump(),
                     "application/json"),
              404, "bank 'NOPE' not found");
  ExpectError(
      c.Post("/c/bank/BANK_A/signal", "{\"pdq\":\"xyz\"}", "application/json"),
      400, "Invalid pdq signal");
  ExpectError(
      c.Post("/c/bank/BANK_A/signal", "{\"md7\":\"00\"}", "application/json"),
      400, "No such signal type md7");
  ExpectError(c.Post("/c/bank/BANK_A/signal", "{}", "application/json"), 400,
              "No signals given");

  // Sequential content ids, HMA's {"id", "signals"}.
  json one = Expect(c.Post("/c/bank/BANK_A/signal", json{{"pdq", kPdqA}}.dump(),
                           "application/json"),
                    200);
  EXPECT_EQ(one, json({{"id", 1}, {"signals", {{"pdq", kPdqA}}}}));
  const std::string md5 = "d41d8cd98f00b204e9800998ecf8427e";
  json two = Expect(c.Post("/c/bank/BANK_B/signal",
                           json{{"video_md5", md5}}.dump(), "application/json"),
                    200);
  EXPECT_EQ(two["id"], 2);
  EXPECT_EQ(two["signals"], json({{"md5", md5}}));

  // raw_lookup: content ids, with distance as a string.
  const std::string q = "signal_type=pdq&signal=" + kPdqA;
  EXPECT_EQ(RawLookupUntil(q, 1), json::parse("{\"matches\":[1]}"));
  std::string near = kPdqA;
  near[0] = '5';  // a -> 5: 4 bits
  EXPECT_EQ(Expect(c.Get("/m/raw_lookup?include_distance=true&signal_type=pdq"
                         "&signal=" +
                         near),
                   200),
            json::parse("{\"matches\":[{\"bank_content_id\":1,"
                        "\"distance\":\"4\"}]}"));
  EXPECT_EQ(Expect(c.Get("/m/raw_lookup?banks=BANK_B&" + q), 200)["matches"],
            json::array());
  ExpectError(c.Get("/m/raw_lookup?signal_type=pdq"), 400,
              "signal is required");
  ExpectError(c.Get("/m/raw_lookup?signal_type=pdq&signal=abc"), 400,
              "invalid signal");
  ExpectError(c.Get("/m/raw_lookup?signal_type=md7&signal=00"), 400,
              "No such SignalType 'md7'");
  ExpectError(c.Get("/m/raw_lookup?include_distance=maybe&" + q), 400,
              "invalid boolean");

  // lookup: by bank; the alias video_md5 names md5.
  EXPECT_EQ(Expect(c.Get("/m/lookup?" + q), 200),
            json::parse("{\"BANK_A\":[{\"bank_content_id\":1,"
                        "\"distance\":\"0\"}]}"));
  json b = Expect(c.Get("/m/lookup?signal_type=video_md5&signal=" + md5), 200);
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (b.empty() && Clock::now() < deadline) {
    b = Expect(c.Get("/m/lookup?signal_type=video_md5&signal=" + md5), 200);
  }
  EXPECT_EQ(b, json::parse("{\"BANK_B\":[{\"bank_content_id\":2,"
                           "\"distance\":\"0\"}]}"));
  EXPECT_EQ(Expect(c.Get("/m/lookup?banks=BANK_B&" + q), 200), json::object());
  ExpectError(c.Get("/m/lookup?signal=" + kPdqA), 400,
              "Either url or both signal and signal_type are required");

  // A second content naming the same hash: both ids are reported; removing
  // one keeps the entry.
  Expect(c.Post("/c/bank/BANK_A/signal", json{{"pdq", kPdqA}}.dump(),
                "application/json"),
         200);
  EXPECT_EQ(RawLookupUntil(q, 2), json::parse("{\"matches\":[1,3]}"));
  EXPECT_EQ(Expect(c.Delete("/c/bank/BANK_A/content/1"), 200),
            json::parse("{\"deleted\":1}"));
  EXPECT_EQ(Expect(c.Delete("/c/bank/BANK_A/content/1"), 200)["deleted"], 0);
  EXPECT_EQ(RawLookupUntil(q, 1), json::parse("{\"matches\":[3]}"));
  EXPECT_EQ(Expect(c.Delete("/c/bank/BANK_A/content/3"), 200)["deleted"], 1);
  EXPECT_EQ(RawLookupUntil(q, 0), json::parse("{\"matches\":[]}"));
  // Content 2 is in BANK_B, not BANK_A.
  EXPECT_EQ(Expect(c.Delete("/c/bank/BANK_A/content/2"), 200)["deleted"], 0);
}

TEST_F(HmaTest, ContentRecordAndDisableUntil) {
  Start();
  auto c = Client();
  CreateBank("BANK_A");
  Expect(c.Post("/c/bank/BANK_A/signal", json{{"pdq", kPdqA}}.dump(),
                "application/json"),
         200);
  json got = Expect(c.Get("/c/bank/BANK_A/content/1"), 200);
  EXPECT_EQ(got, json::parse("{\"bank\":{\"matching_enabled_ratio\":1.0,"
                             "\"name\":\"BANK_A\"},\"collab_metadata\":{},"
                             "\"disable_until_ts\":1,\"id\":1,"
                             "\"original_media_uri\":null}"));
  EXPECT_EQ(Expect(c.Get("/c/bank/BANK_A/content/1?include_signals=true"),
                   200)["signals"],
            json({{"pdq", kPdqA}}));
  EXPECT_EQ(
      Expect(c.Get("/c/bank/BANK_A/content/1?signal_type=md5"), 200)["signals"],
      json::object());
  ExpectError(c.Get("/c/bank/BANK_A/content/1?signal_type=invalid"), 400,
              "No such signal type");
  ExpectError(c.Get("/c/bank/BANK_A/content/99"), 404, "content '99'");
  ExpectError(c.Get("/c/bank/NOPE/content/1"), 404, "bank 'NOPE'");

  // disable_until_ts: at most 5 years ahead; a future time disables the
  // content's entries (HashsetStore::DisableEntry): /m/lookup, raw_lookup
  // and scans stop matching them.
  const std::string q = "signal_type=pdq&signal=" + kPdqA;
  RawLookupUntil(q, 1);
  ExpectError(c.Put("/c/bank/BANK_A/content/1", "{\"disable_until_ts\":-1}",
                    "application/json"),
              400, "non-negative");
  ExpectError(c.Put("/c/bank/BANK_A/content/1",
                    "{\"disable_until_ts\":9999999999}", "application/json"),
              400, "5 years");
  const int64_t later = std::time(nullptr) + 365 * 24 * 3600;
  json put = Expect(
      c.Put("/c/bank/BANK_A/content/1",
            json{{"disable_until_ts", later}}.dump(), "application/json"),
      200);
  EXPECT_EQ(put["disable_until_ts"], later);
  EXPECT_EQ(Expect(c.Get("/c/bank/BANK_A/content/1"), 200)["disable_until_ts"],
            later);
  EXPECT_EQ(RawLookupUntil(q, 0)["matches"], json::array());
  EXPECT_EQ(Expect(c.Get("/m/lookup?" + q), 200), json::object());
  auto v1 = c.Post("/v1/lookup",
                   json::array({{{"type", "pdq"}, {"hash", kPdqA}}}).dump(),
                   "application/json");
  EXPECT_EQ(Expect(v1, 200)["results"][0]["matches"], json::array());
  // 1: enabled again.
  Expect(c.Put("/c/bank/BANK_A/content/1", "{\"disable_until_ts\":1}",
               "application/json"),
         200);
  EXPECT_EQ(RawLookupUntil(q, 1)["matches"], json::array({1}));
  EXPECT_EQ(Expect(c.Get("/m/lookup?" + q), 200).size(), 1u);

  // Content 2 names the same hash: disabling content 1 leaves the entry
  // matching for content 2, and /m/lookup leaves content 1 out.
  Expect(c.Post("/c/bank/BANK_A/signal", json{{"pdq", kPdqA}}.dump(),
                "application/json"),
         200);
  RawLookupUntil(q, 2);
  Expect(c.Put("/c/bank/BANK_A/content/1", "{\"disable_until_ts\":0}",
               "application/json"),
         200);
  EXPECT_EQ(Expect(c.Get("/m/lookup?" + q), 200),
            json::parse("{\"BANK_A\":[{\"bank_content_id\":2,"
                        "\"distance\":\"0\"}]}"));
  Stop();
  ProcessResult log = Vigil({"hashset", "log"});
  EXPECT_THAT(log.out, HasSubstr("\"op\":\"disable_entry\""));
  EXPECT_THAT(log.out, HasSubstr("\"op\":\"enable_entry\""));
}

TEST_F(HmaTest, HashUploadsAndBankContentFromMedia) {
  Start();
  auto c = Client();
  CreateBank("BANK_A");
  // POST /h/hash: the field name is HMA's content type.
  httplib::MultipartFormDataItems photo = {
      {"photo", File("known/fractal.jpg"), "fractal.jpg", "image/jpeg"}};
  json h = Expect(c.Post("/h/hash", photo), 200);
  ASSERT_TRUE(h.contains("pdq")) << h.dump();
  EXPECT_EQ(h["pdq"].get<std::string>().size(), 64u);
  EXPECT_EQ(h["md5"].get<std::string>().size(), 32u);
  json only = Expect(c.Post("/h/hash?types=pdq", photo), 200);
  EXPECT_EQ(only, json({{"pdq", h["pdq"]}}));
  ExpectError(c.Post("/h/hash?types=tmk", photo), 400,
              "signal type 'tmk' doesn't exist or is disabled");
  ExpectError(c.Post("/h/hash",
                     httplib::MultipartFormDataItems{
                         {"document", "x", "x.txt", "text/plain"}}),
              400, "no such content_type: 'document'");
  ExpectError(c.Post("/h/hash",
                     httplib::MultipartFormDataItems{
                         {"photo", "x", "a.jpg", "image/jpeg"},
                         {"video", "y", "b.mp4", "video/mp4"}}),
              400, "Only one file allowed per request");
  ExpectError(c.Post("/h/hash", "raw", "application/octet-stream"), 400,
              "Missing multipart/form-data file upload");
  // A photo that is not one: no PDQ, so no answer that reads as hashed.
  ExpectError(c.Post("/h/hash",
                     httplib::MultipartFormDataItems{
                         {"photo", File("uploads/truncated.jpg"), "t.jpg",
                          "image/jpeg"}}),
              400, "PDQ");
  ExpectError(c.Get("/h/hash"), 400, "url is required");
  // No --allow-url-host: ?url= is refused.
  ExpectError(c.Get("/h/hash?url=http://127.0.0.1:1/x.jpg"), 400,
              "not allowed");

  // Hash and block: the upload becomes content 1 of the bank.
  httplib::MultipartFormDataItems waves = {
      {"photo", File("known/waves.png"), "waves.png", "image/png"}};
  json added = Expect(c.Post("/c/bank/BANK_A/content", waves), 200);
  EXPECT_EQ(added["id"], 1);
  EXPECT_TRUE(added["signals"].contains("pdq")) << added.dump();
  EXPECT_TRUE(added["signals"].contains("sha256")) << added.dump();
  ExpectError(c.Post("/c/bank/BANK_A/content", "", "application/json"), 400,
              "Neither `url` nor multipart file upload was received");
  ExpectError(c.Post("/c/bank/NOPE/content", waves), 404, "bank 'NOPE'");

  // POST /m/lookup with the same upload: per signal type, per bank.
  json found;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  do {
    found = Expect(c.Post("/m/lookup", waves), 200);
  } while ((!found.contains("pdq") || found["pdq"].empty()) &&
           Clock::now() < deadline);
  ASSERT_TRUE(found["pdq"].contains("BANK_A")) << found.dump();
  EXPECT_EQ(found["pdq"]["BANK_A"][0]["bank_content_id"], 1);
  EXPECT_EQ(found["md5"]["BANK_A"][0]["distance"], "0");
  // An unrelated photo matches nothing.
  json none = Expect(c.Post("/m/lookup",
                            httplib::MultipartFormDataItems{
                                {"photo", File("uploads/unrelated-cells.jpg"),
                                 "u.jpg", "image/jpeg"}}),
                     200);
  EXPECT_EQ(none["pdq"], json::object()) << none.dump();
}

TEST_F(HmaTest, CompareAndIndexStatus) {
  Start();
  auto c = Client();
  std::string near = kPdqA;
  near[0] = '5';
  json out =
      Expect(c.Post("/m/compare",
                    json{{"pdq", {kPdqA, near}},
                         {"md5", {std::string(32, '0'), std::string(32, '0')}}}
                        .dump(),
                    "application/json"),
             200);
  EXPECT_EQ(out, json::parse("{\"md5\":[true,{}],"
                             "\"pdq\":[true,{\"distance\":4}]}"));
  std::string far = std::string(64, '0');
  out = Expect(
      c.Post("/m/compare", json{{"pdq", {far, std::string(64, 'f')}}}.dump(),
             "application/json"),
      200);
  EXPECT_EQ(out, json::parse("{\"pdq\":[false,{\"distance\":256}]}"));
  ExpectError(c.Post("/m/compare", "[1]", "application/json"), 400,
              "not a dict");
  ExpectError(c.Post("/m/compare", "{\"pdq\":\"x\"}", "application/json"), 400,
              "was not a list");
  ExpectError(c.Post("/m/compare", "{\"pdq\":[\"x\"]}", "application/json"),
              400, "exactly 2");
  ExpectError(
      c.Post("/m/compare", "{\"pdq\":[\"x\",\"y\"]}", "application/json"), 400,
      "Invalid pdq hash");

  CreateBank("BANK_A");
  Expect(c.Post("/c/bank/BANK_A/signal", json{{"pdq", kPdqA}}.dump(),
                "application/json"),
         200);
  RawLookupUntil("signal_type=pdq&signal=" + kPdqA, 1);
  json status = Expect(c.Get("/m/index/status"), 200);
  EXPECT_EQ(status["pdq"]["present"], true) << status.dump();
  EXPECT_EQ(status["pdq"]["size"], 1);
  EXPECT_GT(status["pdq"]["built_to"].get<int64_t>(), 1700000000);
  EXPECT_EQ(status["sha1"], json::parse("{\"built_to\":-1,\"present\":false,"
                                        "\"size\":0}"));
  EXPECT_EQ(Expect(c.Get("/m/index/status?signal_type=pdq"), 200).size(), 1u);
  ExpectError(c.Get("/m/index/status?signal_type=tmk"), 400,
              "No such signal type 'tmk'");
}

// ?url= content from the test's own loopback server: only from allowed
// hosts, redirects only to the same host, HMA's 100 MiB limit.
TEST_F(HmaTest, UrlContentFromAllowedHostsOnly) {
  httplib::Server origin;
  const std::string png = File("known/waves.png");
  origin.Get("/waves.png", [&](const httplib::Request&, httplib::Response& r) {
    r.set_content(png, "image/png");
  });
  origin.Get("/waves.bin", [&](const httplib::Request&, httplib::Response& r) {
    r.set_content(png, "application/octet-stream");
  });
  origin.Get("/same", [](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("/waves.png");
  });
  int origin_port = 0;
  origin.Get("/other", [&](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("http://localhost:" + std::to_string(origin_port) +
                   "/waves.png");
  });
  origin.Get("/big", [](const httplib::Request&, httplib::Response& r) {
    const size_t size = (100u << 20) + 1;
    r.set_content_provider(
        size, "image/png",
        [](size_t offset, size_t length, httplib::DataSink& sink) {
          static const std::string zeros(1 << 16, '\0');
          sink.write(zeros.data(), std::min(length, zeros.size()));
          (void)offset;
          return true;
        });
  });
  origin_port = origin.bind_to_any_port("127.0.0.1");
  ASSERT_GT(origin_port, 0);
  std::thread serving([&] { origin.listen_after_bind(); });
  const std::string base = "http://127.0.0.1:" + std::to_string(origin_port);

  Start({"--allow-url-host", "127.0.0.1"});
  auto c = Client();
  json direct = Expect(c.Get("/h/hash?url=" + base + "/waves.png"), 200);
  ASSERT_TRUE(direct.contains("pdq")) << direct.dump();
  json uploaded = Expect(c.Post("/h/hash",
                                httplib::MultipartFormDataItems{
                                    {"photo", png, "waves.png", "image/png"}}),
                         200);
  EXPECT_EQ(direct, uploaded);
  EXPECT_EQ(Expect(c.Get("/h/hash?url=" + base + "/same"), 200), direct);
  ExpectError(c.Get("/h/hash?url=" + base + "/other"), 400, "another host");
  ExpectError(c.Get("/h/hash?url=http://localhost:" +
                    std::to_string(origin_port) + "/waves.png"),
              400, "not allowed");
  ExpectError(c.Get("/h/hash?url=file:///etc/passwd"), 400, "http");
  ExpectError(c.Get("/h/hash?url=" + base + "/waves.bin"), 400,
              "unsupported url ContentType");
  EXPECT_EQ(
      Expect(c.Get("/h/hash?content_type=photo&url=" + base + "/waves.bin"),
             200),
      direct);
  ExpectError(c.Get("/h/hash?url=" + base + "/missing"), 400, "404");
  ExpectError(c.Get("/h/hash?url=" + base + "/big"), 413, "Content too large");

  // Bank content and lookups by URL too.
  CreateBank("BANK_A");
  EXPECT_EQ(Expect(c.Post("/c/bank/BANK_A/content?url=" + base + "/waves.png",
                          "", "application/json"),
                   200)["id"],
            1);
  json found;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  do {
    found = Expect(c.Get("/m/lookup?url=" + base + "/waves.png"), 200);
  } while (found["pdq"].empty() && Clock::now() < deadline);
  EXPECT_EQ(found["pdq"]["BANK_A"][0]["bank_content_id"], 1) << found.dump();
  EXPECT_EQ(
      Expect(c.Get("/m/lookup?signal_type=pdq&url=" + base + "/waves.png"),
             200),
      found["pdq"]);
  origin.stop();
  serving.join();
}

}  // namespace
}  // namespace vigil
