// Copyright 2026 The Vigil Authors.
//
// End-to-end tests of `vigil scan` and `vigil events`: the demo corpus
// against a hash set built from its originals, event recording, idempotent
// rescans, and a SIGKILL in the middle of a scan.

#include <signal.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/json_lines.h"
#include "testing/subprocess.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::vigil::testing::BinaryPath;
using ::vigil::testing::ByFileName;
using ::vigil::testing::JsonLines;
using ::vigil::testing::ProcessResult;
using ::vigil::testing::ReadFileOrEmpty;
using ::vigil::testing::RunProcess;
using ::vigil::testing::TempDir;

class ScanCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/db";
    ProcessResult r =
        RunProcess({BinaryPath("make_demo_images"), dir_.path() + "/demo"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    uploads_ = dir_.path() + "/demo/uploads";
    r = Vigil({"hashset", "create", "demo", "--types", "pdq,md5,sha1,sha256",
               "--action", "remove"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Hash and block each original: its signals as one entry.
    for (const char* name :
         {"fractal.jpg", "waves.png", "shapes.jpg", "rings.png"}) {
      r = Vigil({"hashset", "add", "demo", dir_.path() + "/demo/known/" + name,
                 "--external-id", std::string("known/") + name, "--category",
                 "demo"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }

  ProcessResult Vigil(std::vector<std::string> args,
                      const std::string& in = "") {
    args.insert(args.begin(), {BinaryPath("vigil"), "--db", db_});
    return RunProcess(args, in);
  }

  TempDir dir_;
  std::string db_;
  std::string uploads_;
};

TEST_F(ScanCliTest, FindsAlteredCopiesAndRecordsEvents) {
  std::string events_file = dir_.path() + "/events.jsonl";
  ProcessResult r = Vigil({"scan", "--dihedral", "--threads", "2", "--progress",
                           "never", "--events", events_file, uploads_});
  EXPECT_EQ(r.exit_code, 1) << "matches found: " << r.err;
  EXPECT_THAT(r.err, HasSubstr("matched"));
  auto files = ByFileName(r.out);
  ASSERT_EQ(files.size(), 9u) << r.out;
  for (const char* name : {"fractal-exact-copy.jpg", "fractal-half-size.jpg",
                           "waves-recompressed-q35.jpg",
                           "shapes-rotated-90.jpg", "rings-mirrored.png"}) {
    const auto& j = files[name];
    EXPECT_EQ(j["status"], "match") << name << ": " << j.dump();
    ASSERT_EQ(j["matches"].size(), 1u) << name;
    EXPECT_EQ(j["matches"][0]["hashset"], "demo");
    EXPECT_EQ(j["matches"][0]["action"], "remove");
    EXPECT_EQ(j["event_ids"].size(), 1u);
  }
  // The exact copy matches by digest, at distance 0.
  EXPECT_EQ(files["fractal-exact-copy.jpg"]["matches"][0]["distance"], 0);
  EXPECT_EQ(files["fractal-exact-copy.jpg"]["matches"][0]["external_id"],
            "known/fractal.jpg");
  EXPECT_NE(files["shapes-rotated-90.jpg"]["matches"][0]["variant"],
            "original");
  for (const char* name :
       {"unrelated-cells.jpg", "unrelated-shapes.png", "unrelated-waves.jpg"}) {
    EXPECT_EQ(files[name]["status"], "clean") << files[name].dump();
  }
  EXPECT_EQ(files["truncated.jpg"]["status"], "error");
  EXPECT_EQ(files["truncated.jpg"]["error"]["code"], "corrupt_input");

  // The sink got exactly the recorded events.
  auto sunk = JsonLines(ReadFileOrEmpty(events_file));
  ProcessResult list = Vigil({"events", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto stored = JsonLines(list.out);
  ASSERT_EQ(stored.size(), 5u);
  ASSERT_EQ(sunk.size(), 5u);
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i]["event_id"], sunk[i]["event_id"]);
    EXPECT_EQ(stored[i]["schema"], "vigil.takedown/1");
    EXPECT_EQ(stored[i]["action"], "remove");
    EXPECT_EQ(stored[i]["acked"], false);
    EXPECT_EQ(stored[i]["content"]["sha256"].get<std::string>().size(), 64u);
    EXPECT_FALSE(stored[i].contains("bytes_base64"));
  }
}

// --events is repeatable and takes sink specs; every sink gets every event
// before scan exits (it drains them); replay --to takes a spec too.
TEST_F(ScanCliTest, EventsTakesSeveralSinkSpecs) {
  std::string a = dir_.path() + "/a.jsonl", b = dir_.path() + "/b.jsonl";
  ProcessResult r = Vigil({"scan", "--progress", "never", "--events",
                           "jsonl:" + a, "--events", b, uploads_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto stored = JsonLines(Vigil({"events", "list"}).out);
  ASSERT_FALSE(stored.empty());
  for (const std::string& path : {a, b}) {
    auto sunk = JsonLines(ReadFileOrEmpty(path));
    ASSERT_EQ(sunk.size(), stored.size()) << path;
    for (size_t i = 0; i < sunk.size(); ++i) {
      EXPECT_EQ(sunk[i]["event_id"], stored[i]["event_id"]);
    }
  }
  // stdout as a sink: the event lines join the result lines.
  ProcessResult out = Vigil({"events", "replay", "--to", "stdout"});
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(JsonLines(out.out).size(), stored.size());
  std::string c = dir_.path() + "/c.jsonl";
  ProcessResult to_file = Vigil({"events", "replay", "--to", "jsonl:" + c});
  EXPECT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_EQ(JsonLines(ReadFileOrEmpty(c)).size(), stored.size());

  ProcessResult bad = Vigil({"scan", "--progress", "never", "--events",
                             "carrier-pigeon://loft", uploads_});
  EXPECT_EQ(bad.exit_code, 2) << "a usage error";
  EXPECT_THAT(bad.err, HasSubstr("unknown event sink scheme 'carrier-pigeon'"));
  EXPECT_THAT(bad.err, HasSubstr("jsonl:PATH"));
  ProcessResult bad_replay =
      Vigil({"events", "replay", "--to", "carrier-pigeon://loft"});
  EXPECT_NE(bad_replay.exit_code, 0);
  EXPECT_THAT(bad_replay.err, HasSubstr("jsonl:PATH"));
}

// --events takes one spec: the paths after it are inputs, never sinks (a
// greedy --events once appended events to the images named after it).
TEST_F(ScanCliTest, EventsTakesOneSpecAndLeavesThePathsAfterIt) {
  std::string sink = dir_.path() + "/sink.jsonl";
  std::string image = uploads_ + "/fractal-half-size.jpg";
  std::string before = ReadFileOrEmpty(image);
  ASSERT_FALSE(before.empty());
  ProcessResult r = Vigil({"scan", "--progress", "never", "--events",
                           "jsonl:" + sink, image, uploads_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(ReadFileOrEmpty(image), before) << "the input was written to";
  auto files = ByFileName(r.out);
  EXPECT_EQ(files["fractal-half-size.jpg"]["status"], "match");
  EXPECT_GT(JsonLines(r.out).size(), 2u) << "every path was scanned";
  EXPECT_FALSE(JsonLines(ReadFileOrEmpty(sink)).empty());
}

TEST_F(ScanCliTest, WithoutDihedralRotatedCopiesAreMissed) {
  ProcessResult r = Vigil({"scan", "--progress", "never", uploads_});
  auto files = ByFileName(r.out);
  EXPECT_EQ(files["shapes-rotated-90.jpg"]["status"], "clean");
  EXPECT_EQ(files["fractal-half-size.jpg"]["status"], "match");
}

TEST_F(ScanCliTest, RescanReusesEventsAndAckWorks) {
  ProcessResult first = Vigil({"scan", "--progress", "never", uploads_});
  ProcessResult second = Vigil({"scan", "--progress", "never", uploads_});
  EXPECT_EQ(first.out, second.out) << "same files, same event ids";
  size_t matched = 0;
  for (auto& j : JsonLines(first.out)) matched += j["event_ids"].size();
  auto stored = JsonLines(Vigil({"events", "list"}).out);
  ASSERT_EQ(stored.size(), matched);
  ASSERT_GE(stored.size(), 3u);
  EXPECT_EQ(stored[0]["content"]["source"], "vigil-scan");
  std::string id = stored[0]["event_id"];
  ProcessResult ack = Vigil({"events", "ack", id, "--actor", "moderator-7"});
  ASSERT_EQ(ack.exit_code, 0) << ack.err;
  EXPECT_EQ(JsonLines(ack.out)[0]["acked"], 1);
  auto unacked = JsonLines(Vigil({"events", "list", "--unacked"}).out);
  EXPECT_EQ(unacked.size(), matched - 1);
  auto all = JsonLines(Vigil({"events", "list"}).out);
  EXPECT_EQ(all[0]["acked_by"], "moderator-7");
  EXPECT_EQ(Vigil({"events", "ack", "not-an-id"}).exit_code, 2);
  // An id the store does not hold: a rejected input (3), not a usage error
  // (issue 17).
  EXPECT_EQ(Vigil({"events", "ack", "00000000-0000-7000-8000-000000000000"})
                .exit_code,
            3);
  auto tail = JsonLines(Vigil({"events", "tail", "-n", "2"}).out);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[1]["event_id"], all.back()["event_id"]);
  ProcessResult replay = Vigil({"events", "replay", "--to", "-"});
  EXPECT_EQ(JsonLines(replay.out).size(), matched);
}

// Issue 16 point 3: resolve, list by state, and a false positive that
// disables the matched entries so a rescan no longer matches.
TEST_F(ScanCliTest, ResolveListsByStateAndDisablesFalsePositives) {
  const std::string copy = uploads_ + "/fractal-exact-copy.jpg";
  ProcessResult first = Vigil({"scan", "--progress", "never", copy});
  ASSERT_EQ(first.exit_code, 1) << first.err;
  const std::string id = JsonLines(first.out)[0]["event_ids"][0];

  ProcessResult fp =
      Vigil({"events", "resolve", id, "--outcome", "false_positive", "--reason",
             "not the listed picture", "--actor", "mod-3", "--disable-entry"});
  ASSERT_EQ(fp.exit_code, 0) << fp.err;
  auto resolved = JsonLines(fp.out);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0]["state"]["status"], "dismissed");
  EXPECT_EQ(resolved[0]["state"]["actor"], "mod-3");
  EXPECT_EQ(resolved[0]["state"]["history"][0]["status"], "open");

  auto dismissed =
      JsonLines(Vigil({"events", "list", "--state", "dismissed"}).out);
  ASSERT_EQ(dismissed.size(), 1u);
  EXPECT_EQ(dismissed[0]["event_id"], id);
  EXPECT_TRUE(
      JsonLines(Vigil({"events", "list", "--state", "actioned"}).out).empty());
  // The change log records the disables; a rescan no longer matches.
  ProcessResult log = Vigil({"hashset", "log"});
  EXPECT_THAT(log.out, HasSubstr("\"op\":\"disable_entry\""));
  EXPECT_THAT(log.out, HasSubstr("not the listed picture"));
  ProcessResult again = Vigil({"scan", "--progress", "never", copy});
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_EQ(JsonLines(again.out)[0]["status"], "clean");

  // Twice: rejected as a whole (3), saying what it was; --amend changes it.
  ProcessResult twice =
      Vigil({"events", "resolve", id, "--outcome", "removed"});
  EXPECT_EQ(twice.exit_code, 3);
  EXPECT_THAT(twice.err,
              HasSubstr("already dismissed (false_positive by mod-3"));
  ProcessResult amend = Vigil({"events", "resolve", id, "--outcome", "removed",
                               "--amend", "--reference", "CT-9"});
  EXPECT_EQ(amend.exit_code, 0) << amend.err;
  EXPECT_EQ(JsonLines(amend.out)[0]["state"]["reference"], "CT-9");
  // Unknown id: 3; bad outcome, --until without --disable-entry: usage (2).
  EXPECT_EQ(Vigil({"events", "resolve", "00000000-0000-7000-8000-000000000000",
                   "--outcome", "removed"})
                .exit_code,
            3);
  EXPECT_EQ(Vigil({"events", "resolve", id, "--outcome", "nuked"}).exit_code,
            2);
  EXPECT_EQ(
      Vigil({"events", "resolve", id, "--outcome", "removed", "--until", "5"})
          .exit_code,
      2);
  EXPECT_EQ(Vigil({"events", "list", "--state", "closed"}).exit_code, 2);
}

TEST_F(ScanCliTest, ProgressShowsRatesAndEta) {
  ProcessResult r = Vigil({"scan", "--progress", "always", uploads_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("files/s"));
  EXPECT_THAT(r.err, HasSubstr("MB/s"));
  EXPECT_THAT(r.err, HasSubstr("/9, ETA"));
  ProcessResult quiet = Vigil({"scan", "--progress", "never", uploads_});
  EXPECT_EQ(quiet.err.find("files/s"), std::string::npos);
}

TEST_F(ScanCliTest, HashsetFilterAndUnknownSet) {
  ProcessResult none = Vigil({"scan", "--hashsets", "nope", uploads_});
  EXPECT_EQ(none.exit_code, 4);
  EXPECT_THAT(none.err, HasSubstr("nope"));
}

// SIGKILL a scan of several hundred files at a random moment, restart it,
// and check that no event of a file the first run reported as matched is
// lost, and that duplicates share their idempotency key.
TEST_F(ScanCliTest, KillDuringScanLosesNoReportedEvent) {
  // 360 inputs: 40 copies of the 9 uploads under distinct names.
  std::string many = dir_.path() + "/many";
  fs::create_directories(many);
  int copies = 0;
  for (int i = 0; i < 40; ++i) {
    for (const auto& e : fs::directory_iterator(uploads_)) {
      fs::copy_file(e.path(), many + "/" + std::to_string(i) + "-" +
                                  e.path().filename().string());
      ++copies;
    }
  }
  ASSERT_GE(copies, 300);
  // Every copy of the 5 altered originals matches (with --dihedral).
  std::mt19937 rng(static_cast<unsigned>(
      std::chrono::steady_clock::now().time_since_epoch().count()));
  const size_t kill_after = 1 + rng() % 150;  // lines of output seen
  std::string events_file = dir_.path() + "/sink.jsonl";
  std::string out1 = dir_.path() + "/out1", err1 = dir_.path() + "/err1";
  pid_t pid = testing::StartProcess(
      {BinaryPath("vigil"), "--db", db_, "scan", "--dihedral", "--threads", "2",
       "--progress", "never", "--events", events_file, many},
      out1, err1);
  ASSERT_GT(pid, 0);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string out = ReadFileOrEmpty(out1);
    if (static_cast<size_t>(std::count(out.begin(), out.end(), '\n')) >=
        kill_after) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  kill(pid, SIGKILL);
  int code = testing::WaitProcess(pid);
  std::printf("killed after >= %zu lines (exit %d)\n", kill_after, code);

  // Files the first run reported as matched, with their event ids (only
  // complete lines count: the last one may be cut).
  std::map<std::string, std::vector<std::string>> reported;
  std::istringstream in(ReadFileOrEmpty(out1));
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: cut by the kill
    auto j = nlohmann::json::parse(line);
    if (j["status"] == "match") {
      reported[j["path"]] = j["event_ids"].get<std::vector<std::string>>();
    }
  }

  // Restart: the lock of the killed writer must not block the new run.
  ProcessResult second = Vigil({"scan", "--dihedral", "--progress", "never",
                                "--events", events_file, many});
  ASSERT_EQ(second.exit_code, 1) << second.err;
  auto outbox = JsonLines(Vigil({"events", "list"}).out);
  auto sunk = JsonLines(ReadFileOrEmpty(events_file));
  std::set<std::string> recorded;
  for (auto& e : outbox) recorded.insert(e["event_id"]);
  for (auto& e : sunk) recorded.insert(e["event_id"]);
  for (const auto& [path, ids] : reported) {
    for (const auto& id : ids) {
      EXPECT_TRUE(recorded.count(id))
          << "event " << id << " of " << path << " was reported but is lost";
    }
  }
  // Every matched file of the full run has exactly one event per set, and
  // duplicates in the sink (at-least-once) share key and id.
  std::map<std::string, std::set<std::string>> keys_by_content;
  std::map<std::string, std::string> id_by_key;
  for (auto& e : sunk) {
    keys_by_content[e["content"]["id"]].insert(e["idempotency_key"]);
    auto [it, fresh] = id_by_key.emplace(e["idempotency_key"], e["event_id"]);
    if (!fresh) {
      EXPECT_EQ(it->second, e["event_id"]);
    }
  }
  for (const auto& [content, keys] : keys_by_content) {
    EXPECT_EQ(keys.size(), 1u) << content;
  }
  EXPECT_EQ(outbox.size(), 40u * 5u);
  std::printf("first run reported %zu matched files before the kill\n",
              reported.size());
}

// Issue 17 item 4: on one CPU (taskset -c 0) TBB printed "TBB Warning: The
// number of workers is currently limited to 0..." on stderr, breaking the
// "vigil: " prefix of every stderr line. So did --threads above the CPUs.
TEST_F(ScanCliTest, Issue17OneCpuKeepsTheStderrPrefix) {
  if (!fs::exists("/usr/bin/taskset")) GTEST_SKIP() << "no taskset";
  const std::vector<std::vector<std::string>> runs = {
      {"scan", "--progress", "never", uploads_},
      {"scan", "--progress", "never", "--threads", "64", uploads_},
      {"hash", uploads_},
      {"hash", "--threads", "64", uploads_},
  };
  for (const auto& args : runs) {
    std::vector<std::string> argv = {"/usr/bin/taskset",  "-c",   "0",
                                     BinaryPath("vigil"), "--db", db_};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult r = RunProcess(argv);
    SCOPED_TRACE(args[0] + " " + args[args.size() - 2]);
    EXPECT_TRUE(r.exit_code >= 0 && r.exit_code <= 3) << r.err;
    EXPECT_FALSE(r.out.empty());
    std::istringstream lines(r.err);
    for (std::string line; std::getline(lines, line);) {
      EXPECT_EQ(line.rfind("vigil: ", 0), 0u) << line;
    }
    EXPECT_THAT(r.err, ::testing::Not(HasSubstr("TBB")));
  }
}

// Issue 17 item 5: hostile counts are usage errors, and a rescan's summary
// says its events were recorded before, not "recorded" again.
TEST_F(ScanCliTest, Issue17CountsAndRescanSummary) {
  ProcessResult first = Vigil({"scan", "--progress", "never", uploads_});
  ASSERT_EQ(first.exit_code, 1) << first.err;
  const size_t events = JsonLines(Vigil({"events", "list"}).out).size();
  ASSERT_GT(events, 0u);
  EXPECT_THAT(first.err, HasSubstr("; " + std::to_string(events) +
                                   " new events recorded, 0 recorded before"));
  ProcessResult again = Vigil({"scan", "--progress", "never", uploads_});
  ASSERT_EQ(again.exit_code, 1) << again.err;
  EXPECT_THAT(again.err,
              HasSubstr("; 0 new events recorded, " + std::to_string(events) +
                        " recorded before"));
  EXPECT_EQ(JsonLines(Vigil({"events", "list"}).out).size(), events);

  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"events", "list", "--limit", "-5"},
           {"events", "list", "--limit", "99999999999999999999999"},
           {"events", "list", "--limit", "5x"},
           {"events", "tail", "-n", "99999999999999999999999"},
           {"events", "tail", "-n", "-1"},
       }) {
    ProcessResult r = Vigil(args);
    EXPECT_EQ(r.exit_code, 2) << args[2] << " " << args[3];
    EXPECT_THAT(r.err, HasSubstr("not a count"));
    EXPECT_TRUE(r.out.empty());
  }
  EXPECT_EQ(JsonLines(Vigil({"events", "list", "--limit", "1"}).out).size(),
            1u);
  EXPECT_EQ(
      JsonLines(Vigil({"events", "tail", "-n", "18446744073709551615"}).out)
          .size(),
      events);
}

// Issue 17 item 3: two files whose names differ only in an invalid UTF-8
// byte got the same "path" and content.id (both replaced by U+FFFD).
TEST_F(ScanCliTest, Issue17InvalidUtf8NamesKeepDistinctIds) {
  const std::string dir = dir_.path() + "/utf8";
  fs::create_directories(dir);
  const std::string known = dir_.path() + "/demo/known/waves.png";
  fs::copy_file(known, dir + "/k\xff.png");
  fs::copy_file(known, dir + "/k\xfe.png");
  ProcessResult r = Vigil({"scan", "--progress", "never", dir});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  const std::string u = "\xEF\xBF\xBD";  // U+FFFD, then the byte in hex
  // Byte order: 0xFE before 0xFF.
  EXPECT_EQ(lines[0]["path"], dir + "/k" + u + "FE.png");
  EXPECT_EQ(lines[1]["path"], dir + "/k" + u + "FF.png");
  auto events = JsonLines(Vigil({"events", "list"}).out);
  std::set<std::string> ids;
  for (const auto& e : events) {
    const std::string id = e["content"]["id"];
    if (id.rfind(dir, 0) == 0) ids.insert(id);
  }
  EXPECT_EQ(ids, (std::set<std::string>{dir + "/k" + u + "FE.png",
                                        dir + "/k" + u + "FF.png"}));
}

}  // namespace
}  // namespace vigil
