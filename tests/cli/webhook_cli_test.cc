// Copyright 2026 The Vigil Authors.
//
// End-to-end: `vigil scan --events webhook+http://...` with the secret from
// a file or the environment, --drain-timeout with the receiver down, and
// `vigil events deliver` (one-shot, --follow stopped by SIGTERM,
// --retry-dead) against the real loopback receiver (webhook_receiver.py).
// Waits are bounded only to turn a hang into a failure.

#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli/json_lines.h"
#include "testing/subprocess.h"
#include "testing/webhook_receiver.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::JsonLines;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::ReadFileOrEmpty;
using ::vigil::testing::RunProcess;
using ::vigil::testing::StartProcess;
using ::vigil::testing::TempDir;
using ::vigil::testing::WaitProcess;
using ::vigil::testing::WebhookReceiver;

const std::string kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

class WebhookCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/db";
    secret_file_ = dir_.WriteFile("secret", kSecret + "\n");
    ProcessResult r =
        RunProcess({BinaryPath("make_demo_images"), dir_.path() + "/demo"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    uploads_ = dir_.path() + "/demo/uploads";
    r = Vigil({"hashset", "create", "demo", "--types", "pdq,md5,sha256",
               "--action", "remove"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* name : {"fractal.jpg", "waves.png"}) {
      r = Vigil({"hashset", "add", "demo", dir_.path() + "/demo/known/" + name,
                 "--external-id", name});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }

  std::vector<std::string> Args(std::vector<std::string> args) {
    args.insert(args.begin(), {BinaryPath("vigil"), "--db", db_});
    return args;
  }
  ProcessResult Vigil(std::vector<std::string> args,
                      const std::vector<std::string>& env = {}) {
    return RunProcess(Args(std::move(args)), "", env);
  }
  // The ids of the recorded events.
  std::set<std::string> Recorded() {
    std::set<std::string> ids;
    for (const auto& e : JsonLines(Vigil({"events", "list"}).out)) {
      ids.insert(e["event_id"].get<std::string>());
    }
    return ids;
  }
  static std::set<std::string> Verified2xx(const WebhookReceiver& receiver) {
    std::set<std::string> ids;
    for (const auto& r : receiver.Requests()) {
      EXPECT_TRUE(r.verified) << r.id;
      if (r.status == "200") ids.insert(r.id);
    }
    return ids;
  }

  TempDir dir_;
  std::string db_, secret_file_, uploads_;
};

TEST_F(WebhookCliTest, ScanDeliversSignedEventsWithTheSecretFromAFile) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200"));
  ProcessResult r =
      Vigil({"scan", "--progress", "never", "--events", receiver.url(),
             "--webhook-secret-file", secret_file_, uploads_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("0 pending"));
  auto recorded = Recorded();
  EXPECT_FALSE(recorded.empty());
  EXPECT_EQ(Verified2xx(receiver), recorded);
  // The secret never shows in what vigil prints.
  EXPECT_THAT(r.err + r.out, Not(HasSubstr("MfKQ9r8G")));
}

TEST_F(WebhookCliTest, WithoutASecretTheWebhookIsAUsageError) {
  ProcessResult r =
      Vigil({"scan", "--progress", "never", "--events",
             "webhook+http://127.0.0.1:9/x", uploads_},
            {"VIGIL_WEBHOOK_SECRET=", "VIGIL_WEBHOOK_SECRET_FILE="});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("VIGIL_WEBHOOK_SECRET"));
}

// Issue 16: --webhook-batch N sends the pending events as JSON arrays,
// signed over the whole body; 0 is a usage error.
TEST_F(WebhookCliTest, WebhookBatchSendsTheBacklogAsOneSignedArray) {
  ProcessResult r = Vigil({"scan", "--progress", "never", uploads_});
  ASSERT_EQ(r.exit_code, 1) << r.err;  // matches, recorded only
  auto recorded = Recorded();
  ASSERT_GE(recorded.size(), 2u);
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200"));
  r = Vigil({"events", "deliver", "--events", receiver.url(),
             "--webhook-secret-file", secret_file_, "--webhook-batch", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  r = Vigil({"events", "deliver", "--events", receiver.url(),
             "--webhook-secret-file", secret_file_, "--webhook-batch", "100"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(requests[0].verified);
  EXPECT_TRUE(requests[0].id.starts_with("batch_")) << requests[0].id;
  EXPECT_EQ(requests[0].events, static_cast<int>(recorded.size()));
  std::set<std::string> got;
  for (const auto& e : nlohmann::json::parse(requests[0].body)) {
    got.insert(e["event_id"].get<std::string>());
  }
  EXPECT_EQ(got, recorded);
}

TEST_F(WebhookCliTest, DrainTimeoutThenEventsDeliverAfterTheReceiverComesUp) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200"));  // for a free port
  const int port = receiver.port();
  const std::string url = receiver.url();
  receiver.Stop();
  // Down during the whole scan: scan waits at most --drain-timeout.
  ProcessResult r = Vigil({"scan", "--progress", "never", "--events", url,
                           "--drain-timeout", "1", uploads_},
                          {"VIGIL_WEBHOOK_SECRET=" + kSecret});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const size_t n = Recorded().size();
  ASSERT_GT(n, 0u);
  EXPECT_THAT(r.err, HasSubstr(std::to_string(n) + " events remain pending"));
  EXPECT_THAT(r.err, HasSubstr("events deliver"));
  // Still down: a one-shot deliver says so and fails.
  r = Vigil({"events", "deliver", "--events", url, "--drain-timeout", "0.5"},
            {"VIGIL_WEBHOOK_SECRET=" + kSecret});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  auto stats = JsonLines(r.out);
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0]["pending"], n);
  // Up: everything arrives, signed.
  ASSERT_TRUE(receiver.Start("200", port));
  r = Vigil({"events", "deliver", "--events", url, "--webhook-secret-file",
             secret_file_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  stats = JsonLines(r.out);
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0]["sink"], url);
  EXPECT_EQ(stats[0]["delivered"], n);
  EXPECT_EQ(stats[0]["pending"], 0);
  EXPECT_EQ(Verified2xx(receiver), Recorded());
  // Nothing left: a second run sends nothing.
  size_t requests = receiver.Requests().size();
  r = Vigil({"events", "deliver", "--events", url},
            {"VIGIL_WEBHOOK_SECRET=" + kSecret});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(receiver.Requests().size(), requests);
}

TEST_F(WebhookCliTest, DeliverFollowRunsUntilSigterm) {
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("200"));
  const std::string url = receiver.url();
  // Record events without any sink.
  ASSERT_EQ(Vigil({"scan", "--progress", "never", uploads_}).exit_code, 1);
  const auto recorded = Recorded();
  setenv("VIGIL_WEBHOOK_SECRET", kSecret.c_str(), 1);  // for the child
  pid_t pid =
      StartProcess(Args({"events", "deliver", "--events", url, "--follow"}),
                   dir_.path() + "/deliver.out", dir_.path() + "/deliver.err");
  unsetenv("VIGIL_WEBHOOK_SECRET");
  ASSERT_GT(pid, 0);
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (Verified2xx(receiver) != recorded &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(Verified2xx(receiver), recorded);
  // Still running (a follower), then stopped cleanly by SIGTERM.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  EXPECT_EQ(WaitProcess(pid), 0);
  auto stats = JsonLines(ReadFileOrEmpty(dir_.path() + "/deliver.out"));
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0]["delivered"], recorded.size());
  EXPECT_EQ(stats[0]["pending"], 0);
  EXPECT_THAT(ReadFileOrEmpty(dir_.path() + "/deliver.err"),
              HasSubstr("stopped; 0 events pending"));
  // The store is free again.
  EXPECT_EQ(Vigil({"events", "list"}).exit_code, 0);
}

TEST_F(WebhookCliTest, GoneAndDeadLettersShowInStatsAndList) {
  const std::vector<std::string> env = {"VIGIL_WEBHOOK_SECRET=" + kSecret,
                                        "VIGIL_WEBHOOK_MAX_ATTEMPTS=1"};
  ASSERT_EQ(Vigil({"scan", "--progress", "never", uploads_}).exit_code, 1);
  const size_t n = Recorded().size();
  {
    TempDir gone_dir;
    WebhookReceiver receiver(gone_dir.path(), {kSecret});
    ASSERT_TRUE(receiver.Start("410"));
    ProcessResult r = Vigil({"events", "deliver", "--events", receiver.url(),
                             "--drain-timeout", "5"},
                            env);
    EXPECT_EQ(r.exit_code, 4) << r.err;
    auto stats = JsonLines(r.out);
    ASSERT_EQ(stats.size(), 1u);
    EXPECT_EQ(stats[0]["disabled"], true);
    EXPECT_EQ(stats[0]["pending"], n);
    EXPECT_THAT(r.err, HasSubstr("disabled"));
    EXPECT_EQ(receiver.Requests().size(), 1u);
  }
  // A receiver that fails every event: with one attempt allowed, each is
  // dead-lettered, listed with the sink, and requeued by --retry-dead.
  WebhookReceiver receiver(dir_.path(), {kSecret});
  ASSERT_TRUE(receiver.Start("500"));
  ProcessResult r =
      Vigil({"events", "deliver", "--events", receiver.url()}, env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto stats = JsonLines(r.out);
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0]["dead_lettered"], n);
  EXPECT_EQ(stats[0]["pending"], 0);
  for (const auto& e : JsonLines(Vigil({"events", "list"}).out)) {
    ASSERT_TRUE(e.contains("dead_letters")) << e.dump();
    EXPECT_EQ(e["dead_letters"][0]["sink"], receiver.url());
    EXPECT_THAT(e["dead_letters"][0]["error"].get<std::string>(),
                HasSubstr("HTTP 500"));
  }
  ASSERT_TRUE(receiver.Start("200", receiver.port()));
  r = Vigil({"events", "deliver", "--events", receiver.url(), "--retry-dead"},
            env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("retried " + std::to_string(n)));
  EXPECT_EQ(Verified2xx(receiver), Recorded());
  for (const auto& e : JsonLines(Vigil({"events", "list"}).out)) {
    EXPECT_FALSE(e.contains("dead_letters")) << e.dump();
  }
}

}  // namespace
}  // namespace vigil
