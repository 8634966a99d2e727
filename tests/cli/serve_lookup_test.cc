// Copyright 2026 The Vigil Authors.
//
// POST /v1/lookup bodies and the service's transport over real HTTP on
// loopback (issue #15): the route reads the common form of a body without
// a JSON document and every other body through one; both must give the
// answers the document gives. And a reply goes out in one piece.

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "testing/raw_connection.h"
#include "testing/serve_process.h"
#include "testing/subprocess.h"
#include "vigil/signal_type.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::RawConnection;
using ::vigil::testing::RunProcess;
using ::vigil::testing::ServeProcess;
using ::vigil::testing::TempDir;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr char kMd5[] = "0123456789abcdef0123456789abcdef";
constexpr char kSha1[] = "0123456789abcdef0123456789abcdef01234567";
constexpr char kNotAnArray[] =
    "body must be a JSON array of {\"type\", \"hash\"} objects";
constexpr size_t kMaxHashes = 10000;  // ServiceOptions::max_lookup_hashes

class ServeLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string db = dir_.path() + "/db";
    auto vigil = [&](std::vector<std::string> args) {
      args.insert(args.begin(), {BinaryPath("vigil"), "--db", db});
      ProcessResult r = RunProcess(args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      return r.out;
    };
    vigil({"hashset", "create", "demo", "--types", "md5,sha1", "--action",
           "review"});
    const std::string md5s = dir_.path() + "/md5.txt";
    FILE* f = fopen(md5s.c_str(), "w");
    ASSERT_NE(f, nullptr);
    fprintf(f, "%s\n", kMd5);
    fclose(f);
    vigil({"hashset", "import", "demo", md5s, "--format", "plain", "--type",
           "md5"});
    const std::string out =
        vigil({"token", "create", "t", "--scopes", "match"});
    token_ = out.substr(0, out.find('\n'));
    const std::vector<std::string> argv = {
        BinaryPath("vigil"), "--db",        db,          "serve",
        "--listen",          "127.0.0.1:0", "--threads", "2"};
    ASSERT_TRUE(serve_.Start(argv, dir_.path() + "/serve.out",
                             dir_.path() + "/serve.err", [this](int port) {
                               port_ = port;
                               auto r = Client().Get("/readyz");
                               return r && r->status == 200;
                             }));
  }

  void TearDown() override {
    if (serve_.running()) {
      EXPECT_EQ(serve_.Stop(), 0);
    }
  }

  httplib::Client Client() {
    httplib::Client c("http://127.0.0.1:" + std::to_string(port_));
    c.set_read_timeout(30, 0);
    c.set_bearer_token_auth(token_.c_str());
    return c;
  }

  // The status and body of a lookup of `body`.
  std::pair<int, std::string> Lookup(const std::string& body) {
    auto r = Client().Post("/v1/lookup", body, "application/json");
    EXPECT_TRUE(r) << body;
    if (!r) return {0, ""};
    return {r->status, r->body};
  }

  // The message of an error reply ("" when none).
  static std::string Message(const std::string& body) {
    json j = json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("message")) return "";
    return j["message"].get<std::string>();
  }

  TempDir dir_;
  ServeProcess serve_;
  int port_ = 0;
  std::string token_;
};

// The answer a body should get, worked out from its JSON document: the
// status and, for a 400, the message.
std::pair<int, std::string> Expected(const std::string& body) {
  json in = json::parse(body, nullptr, false);
  if (in.is_discarded() || !in.is_array()) return {400, kNotAnArray};
  if (in.size() > kMaxHashes) {
    return {400,
            "at most " + std::to_string(kMaxHashes) + " hashes per lookup"};
  }
  for (size_t i = 0; i < in.size(); ++i) {
    const json& q = in[i];
    const std::string where = "[" + std::to_string(i) + "]: ";
    if (!q.is_object() || !q.contains("type") || !q.contains("hash") ||
        !q["type"].is_string() || !q["hash"].is_string()) {
      return {400, where + "needs string fields type and hash"};
    }
    auto type = ParseSignalType(q["type"].get<std::string>());
    if (!type.ok()) {
      return {400, where + std::string(type.status().message())};
    }
    auto signal = ParseSignal(*type, q["hash"].get<std::string>());
    if (!signal.ok()) {
      return {400, where + std::string(signal.status().message())};
    }
  }
  return {200, ""};
}

// One lookup written in every form: the common one the route reads
// directly and others (escapes, other members, member order, spacing,
// repeated members) that go through the JSON document. Same answer.
TEST_F(ServeLookupTest, LookupBodiesOfEveryFormGetTheSameAnswer) {
  const std::string plain = std::string(R"([{"type":"md5","hash":")") + kMd5 +
                            R"("},{"type":"sha1","hash":")" + kSha1 + "\"}]";
  const auto [code, reference] = Lookup(plain);
  ASSERT_EQ(code, 200) << reference;
  json j = json::parse(reference);
  ASSERT_EQ(j["results"].size(), 2u) << reference;
  EXPECT_EQ(j["results"][0]["matches"].size(), 1u) << reference;
  EXPECT_EQ(j["results"][0]["matches"][0]["hashset"], "demo");
  EXPECT_TRUE(j["results"][1]["matches"].empty()) << reference;
  EXPECT_EQ(j["results"][1]["type"], "sha1");

  const std::string md5 = kMd5, sha1 = kSha1;
  const std::vector<std::string> forms = {
      " \t\r\n[ { \"type\" : \"md5\" , \"hash\" : \"" + md5 +
          "\" } ,\n{\"hash\":\"" + sha1 + "\",\"type\":\"sha1\"} ] \n",
      R"([{"type":"\u006dd5","hash":")" + md5 +
          R"("},{"type":"sha1","hash":")" + sha1 + "\"}]",
      R"([{"type":"md5","hash":")" + md5 +
          R"(","note":1},{"type":"sha1","hash":")" + sha1 + "\",\"x\":[{}]}]",
      // A repeated member: the document keeps the last.
      R"([{"type":"sha256","type":"md5","hash":")" + md5 +
          R"("},{"type":"sha1","hash":"00","hash":")" + sha1 + "\"}]",
      R"([{"type":"MD5","hash":")" + md5 + R"("},{"type":"sha1","hash":")" +
          sha1 + "\"}]",
      // A byte-order mark, which the JSON reader skips.
      "\xef\xbb\xbf" + plain,
  };
  for (const std::string& body : forms) {
    const auto [c, text] = Lookup(body);
    EXPECT_EQ(c, 200) << body << "\n" << text;
    // Same matches; the echoed hash and type are the parsed ones.
    EXPECT_EQ(text, reference) << body;
  }
  EXPECT_EQ(Lookup("[]").second, R"({"results":[]})");
  EXPECT_EQ(Lookup(" [ ] ").second, R"({"results":[]})");
}

// Hostile bodies, many in the common form but for one byte: each gets the
// 400 its JSON document gives, with the same message.
TEST_F(ServeLookupTest, MalformedBodiesGetTheDocumentsErrors) {
  const std::string md5 = kMd5;
  const std::string one = R"({"type":"md5","hash":")" + md5 + "\"}";
  std::string many = "[";
  for (size_t i = 0; i <= kMaxHashes; ++i) many += (i ? "," : "") + one;
  const std::vector<std::string> bodies = {
      "",
      "[",
      "]",
      "[" + one,
      "[" + one + ",]",
      "[" + one + "]]",
      "[" + one + "] x",
      "[" + one + ",," + one + "]",
      "[{\"type\":\"md5\",\"hash\":\"" + md5 + "\",}]",
      "[{\"type\":\"md5\"\"hash\":\"" + md5 + "\"}]",
      "[{\"type\":\"md5\",\"hash\":\"" + md5 + "}]",
      "[{\"type\":\"md5\",\"hash\":\"" + md5 + "\"]",
      "[{\"type\" \"md5\",\"hash\":\"" + md5 + "\"}]",
      "[{'type':'md5','hash':'" + md5 + "'}]",
      "[{\"type\":\"md\x01"
      "5\",\"hash\":\"" +
          md5 + "\"}]",
      "[{\"type\":\"md\xff"
      "5\",\"hash\":\"" +
          md5 + "\"}]",
      "[{\"type\":\"m\xc3\xa9\",\"hash\":\"" + md5 + "\"}]",
      "[{\"type\":\"md5\",\"hash\":\"" + md5 + "\\x\"}]",
      "{\"type\":\"md5\",\"hash\":\"" + md5 + "\"}",
      "[{\"type\":\"md5\"}]",
      "[{\"hash\":\"" + md5 + "\"}]",
      "[{\"type\":\"md5\",\"hash\":5}]",
      "[{\"type\":null,\"hash\":\"" + md5 + "\"}]",
      "[[\"md5\",\"" + md5 + "\"]]",
      "[" + one + ",\"md5\"]",
      "[{\"type\":\"md7\",\"hash\":\"" + md5 + "\"}]",
      "[{\"type\":\"\",\"hash\":\"\"}]",
      "[{\"type\":\"md5\",\"hash\":\"xyz\"}]",
      "[{\"type\":\"md5\",\"hash\":\"" + md5 + "0\"}]",
      "[" + one + ",{\"type\":\"pdq\",\"hash\":\"00\"}]",
      many + "]",
      many + ",]",  // too many, but first of all not JSON
      "[" + std::string(2000, '[') + std::string(2000, ']') + "]",
  };
  for (const std::string& body : bodies) {
    const auto [code, text] = Lookup(body);
    const auto [want_code, want_message] = Expected(body);
    ASSERT_EQ(want_code, 400) << body;
    EXPECT_EQ(code, 400) << body << "\n" << text;
    EXPECT_EQ(Message(text), want_message) << body;
  }
}

// Random edits of well-formed bodies (bytes from JSON's syntax, hex,
// escapes, spaces): each gets the answer of its JSON document.
TEST_F(ServeLookupTest, EditedBodiesGetTheAnswersOfTheirDocuments) {
  std::mt19937 rng(15);
  const std::string md5 = kMd5, sha1 = kSha1;
  const std::vector<std::string> seeds = {
      "[]",
      R"([{"type":"md5","hash":")" + md5 + "\"}]",
      R"([ {"hash":")" + sha1 + R"(", "type":"sha1"}, {"type":"md5","hash":")" +
          md5 + "\"} ]",
  };
  const std::string alphabet = "[]{}\":, \t\\u0aefxAF5";
  size_t ok = 0, rejected = 0;
  for (int n = 0; n < 400; ++n) {
    std::string body = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !body.empty(); ++e) {
      const size_t at = rng() % body.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          body[at] = c;
          break;
        case 1:
          body.insert(body.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        default:
          body.erase(at, 1);
      }
    }
    const auto [code, text] = Lookup(body);
    const auto [want_code, want_message] = Expected(body);
    ASSERT_EQ(code, want_code) << body << "\n" << text;
    if (code == 400) {
      EXPECT_EQ(Message(text), want_message) << body;
      ++rejected;
    } else {
      EXPECT_TRUE(json::parse(text, nullptr, false).contains("results"))
          << body;
      ++ok;
    }
  }
  // Both kinds of answer were exercised.
  EXPECT_GT(ok, 10u);
  EXPECT_GT(rejected, 100u);
}

// A small reply (status line, headers and body) goes out as one segment,
// not headers and body apart: half the packets and wake-ups per request.
TEST_F(ServeLookupTest, ASmallReplyIsSentAsOneSegment) {
  RawConnection conn(port_);
  ASSERT_TRUE(conn.connected());
  const std::string body = "[]";
  ASSERT_TRUE(
      conn.Send("POST /v1/lookup HTTP/1.1\r\nHost: x\r\n"
                "Authorization: Bearer " +
                token_ +
                "\r\nContent-Type: application/json\r\n"
                "Content-Length: 2\r\n\r\n" +
                body));
  const std::string reply = conn.ReadUntil(R"({"results":[]})", 5000);
  ASSERT_THAT(reply, HasSubstr("HTTP/1.1 200")) << reply;
  ASSERT_THAT(reply, HasSubstr(R"({"results":[]})")) << reply;
  EXPECT_EQ(conn.DataSegmentsIn(), std::optional<uint32_t>(1)) << reply;
}

// A client that sends "Expect: 100-continue" waits for the interim reply
// before its body: the gathered output is sent before the server waits for
// input.
TEST_F(ServeLookupTest, ContinueIsSentBeforeTheBodyIsRead) {
  RawConnection conn(port_);
  ASSERT_TRUE(conn.connected());
  const std::string body =
      R"([{"type":"md5","hash":")" + std::string(kMd5) + "\"}]";
  ASSERT_TRUE(
      conn.Send("POST /v1/lookup HTTP/1.1\r\nHost: x\r\n"
                "Authorization: Bearer " +
                token_ +
                "\r\nContent-Type: application/json\r\n"
                "Expect: 100-continue\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n\r\n"));
  const auto t0 = Clock::now();
  const std::string interim = conn.ReadUntil("\r\n\r\n", 5000);
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(4));
  ASSERT_THAT(interim, HasSubstr("HTTP/1.1 100 Continue")) << interim;
  ASSERT_TRUE(conn.Send(body));
  const std::string reply = conn.ReadUntil("\"demo\"", 5000);
  EXPECT_THAT(reply, HasSubstr("HTTP/1.1 200")) << reply;
  EXPECT_THAT(reply, HasSubstr("\"hashset\":\"demo\"")) << reply;
}

// A burst of connections while the service cannot accept (stopped here)
// is queued by the kernel up to the listen backlog: every handshake
// completes, none waits for a retransmission (cpp-httplib's backlog of 5
// let the sixth and later wait 1 s and more), and each is then served.
TEST_F(ServeLookupTest, ABurstOfConnectionsIsQueuedNotDropped) {
  constexpr int kBurst = 64;
  ASSERT_EQ(kill(serve_.pid(), SIGSTOP), 0);
  std::vector<int> fds;
  for (int i = 0; i < kBurst; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ASSERT_GE(fd, 0);
    fds.push_back(fd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int r = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    EXPECT_TRUE(r == 0 || errno == EINPROGRESS) << errno;
  }
  // Handshakes on loopback take microseconds; a dropped one is retried
  // after a second.
  int connected = 0;
  const auto deadline = Clock::now() + std::chrono::milliseconds(500);
  for (int fd : fds) {
    pollfd p{fd, POLLOUT, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - Clock::now())
                          .count();
    int error = -1;
    socklen_t len = sizeof(error);
    if (poll(&p, 1, static_cast<int>(std::max<int64_t>(0, left))) == 1 &&
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0) {
      ++connected;
    }
  }
  ASSERT_EQ(kill(serve_.pid(), SIGCONT), 0);
  EXPECT_EQ(connected, kBurst);
  const std::string request =
      "GET /readyz HTTP/1.1\r\nHost: x\r\n"
      "Authorization: Bearer " +
      token_ + "\r\nConnection: close\r\n\r\n";
  int answered = 0;
  for (int fd : fds) {
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, 5000) == 1 &&
        send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size())) {
      std::string reply;
      char buf[1024];
      const auto until = Clock::now() + std::chrono::seconds(10);
      while (reply.find("\r\n\r\n") == std::string::npos &&
             Clock::now() < until) {
        pollfd in{fd, POLLIN, 0};
        if (poll(&in, 1, 1000) != 1) continue;
        const ssize_t n = recv(fd, buf, sizeof(buf), 0);
        if (n <= 0) break;
        reply.append(buf, static_cast<size_t>(n));
      }
      answered += reply.rfind("HTTP/1.1 200", 0) == 0;
    }
    close(fd);
  }
  EXPECT_EQ(answered, kBurst);
}

}  // namespace
}  // namespace vigil
