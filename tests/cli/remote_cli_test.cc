// Copyright 2026 The Vigil Authors.
//
// End-to-end tests of curating while serving: `vigil --server URL hashset
// ...` against a `vigil serve` subprocess over real loopback HTTP, compared
// with the local command on an equal store (same output, same errors, same
// exit codes); the /v1/hashsets routes it uses; streamed import and export.

#include <httplib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
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

// The JSON lines of `out` without what differs between two runs of the
// same commands (times and durations).
std::vector<json> Normalized(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      lines.push_back(line);  // not JSON (an export): compared as text
      continue;
    }
    for (const char* key :
         {"created_at", "updated_at", "seconds", "lines_per_second"}) {
      j.erase(key);
    }
    if (j.contains("last_change")) j["last_change"].erase("time");
    lines.push_back(j);
  }
  return lines;
}

class RemoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    local_db_ = dir_.path() + "/local";
    served_db_ = dir_.path() + "/served";
    ProcessResult r =
        RunProcess({BinaryPath("make_demo_images"), dir_.path() + "/demo"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    token_ = CreateToken("curator", "curate");
    reader_ = CreateToken("matcher", "match");
    events_ = CreateToken("events-only", "events");
    admin_ = CreateToken("admin", "admin");
  }

  void TearDown() override { Stop(); }

  std::string CreateToken(const std::string& name, const std::string& scopes) {
    ProcessResult r = RunProcess({BinaryPath("vigil"), "--db", served_db_,
                                  "token", "create", name, "--scopes", scopes});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }

  // Starts `vigil serve` on the served store and waits until it is ready.
  void Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {
        BinaryPath("vigil"), "--db",        served_db_,  "serve",
        "--listen",          "127.0.0.1:0", "--threads", "3",
        "--refresh-ms",      "50"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    ASSERT_TRUE(serve_.Start(argv, dir_.path() + "/serve.out",
                             dir_.path() + "/serve.err", [this](int port) {
                               httplib::Client c("127.0.0.1", port);
                               c.set_bearer_token_auth(token_.c_str());
                               auto r = c.Get("/readyz");
                               return r && r->status == 200;
                             }));
    url_ = "http://127.0.0.1:" + std::to_string(serve_.port());
  }

  void Stop() {
    if (!serve_.running()) return;
    EXPECT_EQ(serve_.Stop(), 0) << ReadFileOrEmpty(serve_.err_path());
  }

  ProcessResult Local(std::vector<std::string> args) {
    args.insert(args.begin(), {BinaryPath("vigil"), "--db", local_db_});
    return RunProcess(args);
  }
  // The same command through the service; the token from the environment
  // (a flag would show in the process list).
  ProcessResult Remote(std::vector<std::string> args,
                       const std::string& token = "") {
    args.insert(args.begin(), {BinaryPath("vigil"), "--server", url_});
    return RunProcess(args, "",
                      {"VIGIL_TOKEN=" + (token.empty() ? token_ : token)});
  }

  // Runs `args` locally and remotely and expects the same exit code,
  // stdout (up to times) and stderr.
  void ExpectSame(const std::vector<std::string>& args) {
    SCOPED_TRACE(::testing::PrintToString(args));
    ProcessResult local = Local(args);
    ProcessResult remote = Remote(args);
    EXPECT_FALSE(local.out.empty() && local.err.empty());
    EXPECT_EQ(remote.exit_code, local.exit_code) << remote.err;
    EXPECT_EQ(Normalized(remote.out), Normalized(local.out)) << remote.out;
    EXPECT_EQ(remote.err, local.err);
  }

  std::string Demo(const std::string& rel) {
    return dir_.path() + "/demo/" + rel;
  }

  TempDir dir_;
  std::string local_db_, served_db_, url_;
  ServeProcess serve_;
  std::string token_;   // curate
  std::string reader_;  // match
  std::string events_;  // events
  std::string admin_;   // admin
};

TEST_F(RemoteTest, EveryCommandPrintsWhatTheLocalCommandPrints) {
  Start();
  const std::string list = dir_.WriteFile(
      "list.csv",
      "signal_type,hash,external_id,category,note\n"
      "md5,0123456789abcdef0123456789abcdef,case-1,c1,\"a, note\"\n"
      "pdq," +
          std::string(64, 'f') +
          ",case-2,,\n"
          "md5,0123456789abcdef0123456789abcdef,case-1,c1,repeat\n");
  const std::string md5 = "md5:d41d8cd98f00b204e9800998ecf8427e";
  ExpectSame({"hashset", "create", "own", "--types", "pdq,md5,sha256",
              "--threshold", "pdq=20", "--action", "remove", "--source", "ops",
              "--description", "own cases"});
  ExpectSame({"hashset", "create", "other", "--types", "md5"});
  ExpectSame({"hashset", "list"});
  ExpectSame({"hashset", "show", "own"});
  ExpectSame({"hashset", "add", "own", "--signal", md5, "--external-id", "e-1",
              "--category", "cat", "--note", "n"});
  ExpectSame({"hashset", "add", "own", "--signal", md5});  // existing
  // Hash and block of a file: hashed by the client for the set's config.
  ExpectSame({"hashset", "add", "own", Demo("known/fractal.jpg"),
              "--external-id", "known/fractal.jpg"});
  ExpectSame({"hashset", "import", "own", list});
  ExpectSame({"hashset", "import", "other", list, "--format", "csv"});
  ExpectSame({"hashset", "stats"});
  ExpectSame({"hashset", "stats", "own"});
  ExpectSame({"hashset", "export", "own"});
  ExpectSame({"hashset", "export", "own", "--format", "typed"});
  ExpectSame({"hashset", "export", "own", "--format", "tsv", "--type", "md5"});
  ExpectSame({"hashset", "remove", "own", "--signal", md5, "--reason", "fp"});
  ExpectSame({"hashset", "remove", "own", "--external-id", "case-2", "--reason",
              "fp"});
  ExpectSame({"hashset", "update", "own", "--threshold", "pdq=12", "--action",
              "review", "--description", "tighter", "--reason", "fp rate"});
  ExpectSame({"hashset", "update", "own", "--threshold", "md5=3"});  // 2
  ExpectSame({"hashset", "disable", "own", "--reason", "audit"});
  ExpectSame({"hashset", "enable", "own"});
  ExpectSame({"hashset", "delete", "other", "--reason", "gone", "--yes"});
  ExpectSame({"hashset", "list"});

  // Export to a file: written whole, then renamed.
  const std::string a = dir_.path() + "/local.txt";
  const std::string b = dir_.path() + "/remote.txt";
  ASSERT_EQ(Local({"hashset", "export", "own", "--format", "plain", "--type",
                   "md5", "-o", a})
                .exit_code,
            0);
  ProcessResult r = Remote({"hashset", "export", "own", "--format", "plain",
                            "--type", "md5", "-o", b});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFileOrEmpty(b), ReadFileOrEmpty(a));
  EXPECT_FALSE(ReadFileOrEmpty(b).empty());
}

TEST_F(RemoteTest, ErrorsAreTheLocalErrors) {
  Start();
  ExpectSame({"hashset", "create", "own", "--types", "md5"});
  ExpectSame({"hashset", "create", "own", "--types", "md5"});  // exists: 4
  ExpectSame({"hashset", "create", "Bad", "--types", "md5"});  // usage: 2
  ExpectSame({"hashset", "create", "x", "--types", "md7"});
  ExpectSame({"hashset", "show", "nosuch"});
  ExpectSame({"hashset", "stats", "nosuch"});
  ExpectSame({"hashset", "export", "nosuch"});
  ExpectSame({"hashset", "export", "own", "--type", "pdq"});
  ExpectSame(
      {"hashset", "add", "own", "--signal", "pdq:" + std::string(64, '0')});
  ExpectSame(
      {"hashset", "remove", "own", "--external-id", "none", "--reason", "r"});
  ExpectSame({"hashset", "import", "own", dir_.path() + "/missing.txt"});
  ExpectSame({"hashset", "import", "nosuch",
              dir_.WriteFile("one.txt", "md5 " + std::string(32, 'a') + "\n")});
  ExpectSame({"hashset", "delete", "own", "--reason", "r"});  // no --yes

  // Commands that would use the local store refuse --server.
  ProcessResult r = Remote({"scan", Demo("known/fractal.jpg")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("does not run through --server"));
  r = Remote({"hashset", "log"});
  EXPECT_EQ(r.exit_code, 2);
  // A service that is not there.
  r = RunProcess({BinaryPath("vigil"), "--server", "http://127.0.0.1:1",
                  "hashset", "list"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("vigil: unavailable: cannot talk to the "
                               "service at http://127.0.0.1:1"));
  r = RunProcess(
      {BinaryPath("vigil"), "--server", "ftp://x", "hashset", "list"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(RemoteTest, ImportIsAllOrNothingWithTheLineNumber) {
  Start();
  ExpectSame({"hashset", "create", "own", "--types", "md5,sha1"});
  std::string text = "# a comment\n";
  for (int i = 0; i < 1000; ++i) {
    char line[64];
    std::snprintf(line, sizeof(line), "md5 %032x\n", i);
    text += line;
  }
  text += "md5 0123\n";  // line 1002
  text += "sha1 " + std::string(40, 'a') + "\n";
  const std::string bad = dir_.WriteFile("bad.txt", text);
  ProcessResult local = Local({"hashset", "import", "own", bad});
  ProcessResult remote = Remote({"hashset", "import", "own", bad});
  EXPECT_EQ(local.exit_code, 3);
  EXPECT_EQ(remote.exit_code, 3);
  EXPECT_THAT(remote.err, HasSubstr("import " + bad + ": line 1002, column"));
  EXPECT_EQ(remote.err, local.err);
  // Nothing of it is there.
  ProcessResult stats = Remote({"hashset", "stats", "own"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_EQ(json::parse(stats.out)["total_entries"], 0) << stats.out;
  EXPECT_EQ(json::parse(stats.out)["version"], 1);

  // From stdin, streamed: the same result as the local import.
  const std::string good = text.substr(0, text.find("md5 0123\n"));
  local = RunProcess({BinaryPath("vigil"), "--db", local_db_, "hashset",
                      "import", "own", "-", "--format", "typed"},
                     good);
  remote = RunProcess({BinaryPath("vigil"), "--server", url_, "hashset",
                       "import", "own", "-", "--format", "typed"},
                      good, {"VIGIL_TOKEN=" + token_});
  ASSERT_EQ(remote.exit_code, 0) << remote.err;
  EXPECT_EQ(Normalized(remote.out), Normalized(local.out));
  EXPECT_EQ(json::parse(remote.out)["added"], 1000);
  // The change log names the token as the actor, and the source.
  Stop();
  ProcessResult log =
      RunProcess({BinaryPath("vigil"), "--db", served_db_, "hashset", "log"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_THAT(log.out, HasSubstr("\"actor\":\"curator\""));
  EXPECT_THAT(log.out, HasSubstr("\"source\":\"stdin\""));
}

TEST_F(RemoteTest, TokensScopesAndTokenFiles) {
  Start();
  ASSERT_EQ(Remote({"hashset", "create", "own", "--types", "md5"}).exit_code,
            0);
  // No token.
  ProcessResult r =
      RunProcess({BinaryPath("vigil"), "--server", url_, "hashset", "list"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(r.err,
            "vigil: permission_denied: missing bearer token "
            "(Authorization: Bearer TOKEN)\n");
  // A wrong token.
  r = Remote({"hashset", "list"}, "vgl_" + std::string(64, '0'));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("vigil: permission_denied: "));
  // match may read, not write.
  r = Remote({"hashset", "list"}, reader_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = Remote({"hashset", "export", "own"}, reader_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = Remote(
      {"hashset", "add", "own", "--signal", "md5:" + std::string(32, '1')},
      reader_);
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(r.err,
            "vigil: permission_denied: token 'matcher' lacks scope "
            "'curate'\n");
  // events may do neither.
  r = Remote({"hashset", "stats"}, events_);
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("lacks scope 'match|curate'"));
  // The token from a file, or from --token.
  const std::string file = dir_.WriteFile("token", token_ + "\n");
  r = RunProcess({BinaryPath("vigil"), "--server", url_, "--token-file", file,
                  "hashset", "create", "two", "--types", "md5"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = RunProcess({BinaryPath("vigil"), "--server", url_, "--token", reader_,
                  "hashset", "show", "two"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = RunProcess({BinaryPath("vigil"), "--server", url_, "--token-file",
                  dir_.path() + "/none", "hashset", "list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("cannot read token file"));
  // Revoked: refused at the next request.
  httplib::Client admin(url_);
  admin.set_bearer_token_auth(admin_.c_str());
  auto revoked = admin.Delete("/v1/tokens/matcher");
  ASSERT_TRUE(revoked);
  ASSERT_EQ(revoked->status, 200) << revoked->body;
  r = Remote({"hashset", "list"}, reader_);
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("vigil: permission_denied: "));
}

TEST_F(RemoteTest, BigImportIsStreamedPastTheBodyLimitAndExportedBack) {
  // --max-body 1 MiB: a 33 MB list only gets through because it is
  // streamed to a spool file, not read into a request body.
  Start({"--max-body", "1048576"});
  ASSERT_EQ(Remote({"hashset", "create", "big", "--types", "md5"}).exit_code,
            0);
  const int kLines = 1000000;
  std::string text;
  text.reserve(kLines * 37);
  std::mt19937_64 rng(15);
  char line[40];
  for (int i = 0; i < kLines; ++i) {
    std::snprintf(line, sizeof(line), "%016llx%016llx\n",
                  static_cast<unsigned long long>(rng()),
                  static_cast<unsigned long long>(rng()));
    text += line;
  }
  const std::string path = dir_.WriteFile("big.txt", text);
  text.clear();
  const auto t0 = Clock::now();
  ProcessResult r = Remote({"hashset", "import", "big", path, "--type", "md5"});
  const double seconds =
      std::chrono::duration<double>(Clock::now() - t0).count();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["lines"], kLines);
  EXPECT_EQ(j["added"].get<uint64_t>() + j["duplicates"].get<uint64_t>(),
            static_cast<uint64_t>(kLines));
  std::printf("remote import of %d md5 lines: %.2f s\n", kLines, seconds);

  // The export streams back what a local (read-only) export of the served
  // store writes.
  const std::string remote_out = dir_.path() + "/remote.txt";
  r = Remote(
      {"hashset", "export", "big", "--format", "plain", "-o", remote_out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ProcessResult local =
      RunProcess({BinaryPath("vigil"), "--db", served_db_, "hashset", "export",
                  "big", "--format", "plain"});
  ASSERT_EQ(local.exit_code, 0) << local.err;
  EXPECT_EQ(ReadFileOrEmpty(remote_out).size(), local.out.size());
  EXPECT_TRUE(ReadFileOrEmpty(remote_out) == local.out);
}

TEST_F(RemoteTest, ImportLargerThanTheImportLimitIsRefused) {
  Start({"--max-import", "1000", "--max-body", "2000"});
  ASSERT_EQ(Remote({"hashset", "create", "own", "--types", "md5"}).exit_code,
            0);
  std::string text;
  for (int i = 0; i < 100; ++i) text += "md5 " + std::string(32, 'a') + "\n";
  ProcessResult r =
      Remote({"hashset", "import", "own", dir_.WriteFile("l.txt", text)});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("limit_exceeded"));
  EXPECT_THAT(r.err, HasSubstr("--max-import 1000"));
  // A body sent with a Content-Length is bounded by --max-body, as every
  // request body (the client sends imports chunked).
  httplib::Client c(url_);
  c.set_bearer_token_auth(token_.c_str());
  auto big =
      c.Post("/v1/hashsets/own/import", std::string(3000, 'a'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413) << big->body;
  r = Remote({"hashset", "stats", "own"});
  EXPECT_EQ(json::parse(r.out)["total_entries"], 0) << r.out;
}

TEST_F(RemoteTest, ThresholdChangeIsLiveWithinOneSecond) {
  Start();
  ASSERT_EQ(Remote({"hashset", "create", "own", "--types", "pdq"}).exit_code,
            0);
  const std::string stored = std::string(64, '0');
  ASSERT_EQ(
      Remote({"hashset", "add", "own", "--signal", "pdq:" + stored}).exit_code,
      0);
  // 16 bits away from the stored hash.
  const std::string query = "ffff" + std::string(60, '0');
  httplib::Client c(url_);
  c.set_bearer_token_auth(token_.c_str());
  httplib::Client lookup(url_);
  lookup.set_bearer_token_auth(reader_.c_str());
  auto matches = [&]() -> int {
    auto r = lookup.Post(
        "/v1/lookup", json::array({{{"type", "pdq"}, {"hash", query}}}).dump(),
        "application/json");
    if (!r || r->status != 200) return -1;
    return static_cast<int>(
        json::parse(r->body)["results"][0]["matches"].size());
  };
  auto within_a_second = [&](int want) {
    const auto deadline = Clock::now() + std::chrono::seconds(1);
    int got = matches();
    while (got != want && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      got = matches();
    }
    return got;
  };
  EXPECT_EQ(within_a_second(1), 1);  // default threshold 31
  auto r = c.Patch("/v1/hashsets/own",
                   R"({"thresholds": {"pdq": 10}, "reason": "fp"})",
                   "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["thresholds"]["pdq"], 10);
  EXPECT_EQ(json::parse(r->body)["version"], 3);
  EXPECT_EQ(within_a_second(0), 0);
  r = c.Patch("/v1/hashsets/own", R"({"thresholds": {"pdq": 20}})",
              "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(within_a_second(1), 1);
  // enabled and a setting in one call.
  r = c.Patch("/v1/hashsets/own", R"({"enabled": false, "action": "block"})",
              "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["enabled"], false);
  EXPECT_EQ(json::parse(r->body)["action"], "block");
  EXPECT_EQ(within_a_second(0), 0);
}

TEST_F(RemoteTest, RoutesAnswerHostileRequestsWith4xx) {
  Start();
  httplib::Client c(url_);
  c.set_bearer_token_auth(token_.c_str());
  auto r = c.Post("/v1/hashsets", "not json", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = c.Post("/v1/hashsets", R"({"name": "x", "signal_types": "md5"})",
             "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->get_header_value("Vigil-Status"), "invalid_argument");
  r = c.Post("/v1/hashsets", R"({"name": "ok", "signal_types": ["md5"]})",
             "application/json");
  EXPECT_EQ(r->status, 201) << r->body;
  r = c.Patch("/v1/hashsets/ok", R"({"thresholds": {"md5": 1}})",
              "application/json");
  EXPECT_EQ(r->status, 400);  // exact types are exact
  r = c.Patch("/v1/hashsets/ok", R"({"enabled": false, "thresholds": 1})",
              "application/json");
  EXPECT_EQ(r->status, 400);
  r = c.Patch("/v1/hashsets/ok", R"({"signal_types": ["pdq"]})",
              "application/json");
  EXPECT_EQ(r->status, 400);
  r = c.Patch("/v1/hashsets/ok", R"({"colour": "red"})", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(c.Get("/v1/hashsets/ok")->body)["enabled"], true);
  r = c.Get("/v1/hashsets/ok/export?format=auto");
  EXPECT_EQ(r->status, 400) << r->body;
  r = c.Get("/v1/hashsets/ok/export?format=yaml");
  EXPECT_EQ(r->status, 400);
  r = c.Get("/v1/hashsets/..%2Fetc/export");
  EXPECT_EQ(r->status, 404);
  r = c.Delete("/v1/hashsets/ok/entries?reason=x");
  EXPECT_EQ(r->status, 400);
  r = c.Delete("/v1/hashsets/ok/entries?signal=md5:zz&reason=x");
  EXPECT_EQ(r->status, 400);
  r = c.Post("/v1/hashsets/ok/import?type=md7", "", "text/plain");
  EXPECT_EQ(r->status, 400);
  // The body with Content-Length counts against --max-body as any other.
  r = c.Post("/v1/hashsets/ok/import", "md5 " + std::string(32, 'b') + "\n",
             "text/plain");
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["added"], 1);
  // Still up.
  EXPECT_EQ(c.Get("/livez")->status, 200);
}

}  // namespace
}  // namespace vigil
