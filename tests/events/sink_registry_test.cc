// Copyright 2026 The Vigil Authors.
//
// OpenEventSink: the one factory from spec strings, and its scheme registry.

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/event_sink.h"

namespace vigil {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

TakedownEvent Event(const std::string& id) {
  TakedownEvent e;
  e.event_id = id;
  e.content.id = "upload";
  e.match.hashset = "set";
  e.idempotency_key = "key-" + id;
  return e;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(OpenEventSinkTest, JsonlSpecAndBarePathAreTheSameFileSink) {
  TempDir dir;
  const std::string path = dir.path() + "/events.jsonl";
  VIGIL_ASSERT_OK_AND_ASSIGN(auto sink, OpenEventSink("jsonl:" + path));
  EXPECT_EQ(sink->name(), "jsonl:" + std::filesystem::absolute(path).string());
  std::vector<TakedownEvent> events = {
      Event("01900000-0000-7000-8000-000000000001")};
  VIGIL_ASSERT_OK(sink->Deliver(events));
  EXPECT_THAT(
      ReadFile(path),
      HasSubstr("\"event_id\":\"01900000-0000-7000-8000-000000000001\""));
  // A bare path (what --events took before specs) names the same sink, so
  // it keeps the same delivery cursor.
  VIGIL_ASSERT_OK_AND_ASSIGN(auto bare, OpenEventSink(path));
  EXPECT_EQ(bare->name(), sink->name());
  // "./a:b" is a path, not the scheme "./a".
  VIGIL_ASSERT_OK_AND_ASSIGN(auto colon, OpenEventSink(dir.path() + "/a:b"));
  EXPECT_THAT(colon->name(), HasSubstr("/a:b"));
}

TEST(OpenEventSinkTest, StdoutSpecs) {
  VIGIL_ASSERT_OK_AND_ASSIGN(auto out, OpenEventSink("stdout"));
  EXPECT_EQ(out->name(), "stdout");
  VIGIL_ASSERT_OK_AND_ASSIGN(auto dash, OpenEventSink("-"));
  EXPECT_EQ(dash->name(), "stdout");
  VIGIL_ASSERT_OK_AND_ASSIGN(auto jsonl_dash, OpenEventSink("jsonl:-"));
  EXPECT_EQ(jsonl_dash->name(), "stdout");
}

TEST(OpenEventSinkTest, BadSpecsAreInvalidArgumentsNamingTheKnownSchemes) {
  EXPECT_THAT(OpenEventSink("").status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("jsonl:PATH")));
  EXPECT_THAT(
      OpenEventSink("carrier-pigeon://loft/7").status(),
      StatusIs(StatusCode::kInvalidArgument,
               AllOf(HasSubstr("unknown event sink scheme 'carrier-pigeon'"),
                     HasSubstr("jsonl:PATH"), HasSubstr("stdout"))));
  EXPECT_THAT(OpenEventSink("stdout:x").status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no argument")));
  EXPECT_THAT(OpenEventSink("jsonl:").status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("jsonl:PATH")));
  // A file that cannot be created: the sink's own error.
  EXPECT_THAT(OpenEventSink("jsonl:/nonexistent-dir/e.jsonl").status(),
              StatusIs(StatusCode::kNotFound, HasSubstr("nonexistent-dir")));
}

class NamedSink : public EventSink {
 public:
  explicit NamedSink(std::string name) : name_(std::move(name)) {}
  std::string name() const override { return name_; }
  Status Deliver(std::span<const TakedownEvent>) override {
    return Status::OK();
  }

 private:
  std::string name_;
};

TEST(OpenEventSinkTest, RegisteredSchemeGetsTheWholeSpec) {
  // Registered once per process (the registry is process-wide; this keeps
  // --gtest_repeat working).
  static const Status registered = RegisterEventSinkScheme(
      "testhook", "testhook+https://HOST/PATH",
      [](std::string_view spec) -> Result<std::unique_ptr<EventSink>> {
        return std::unique_ptr<EventSink>(
            std::make_unique<NamedSink>("got:" + std::string(spec)));
      });
  VIGIL_ASSERT_OK(registered);
  EXPECT_THAT(EventSinkSchemes(), Contains("testhook+https://HOST/PATH"));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto sink,
                             OpenEventSink("testhook+https://example.test/x"));
  EXPECT_EQ(sink->name(), "got:testhook+https://example.test/x");
  VIGIL_ASSERT_OK_AND_ASSIGN(auto plain, OpenEventSink("testhook://h"));
  EXPECT_EQ(plain->name(), "got:testhook://h");
  // Unknown-scheme errors now list it too.
  EXPECT_THAT(OpenEventSink("nope://x").status(),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("testhook+https://HOST/PATH")));

  EXPECT_THAT(
      RegisterEventSinkScheme("testhook", "again",
                              [](std::string_view) {
                                return Result<std::unique_ptr<EventSink>>(
                                    InvalidArgumentError("unused"));
                              }),
      StatusIs(StatusCode::kAlreadyExists, HasSubstr("testhook")));
  EXPECT_THAT(
      RegisterEventSinkScheme("jsonl", "x",
                              [](std::string_view) {
                                return Result<std::unique_ptr<EventSink>>(
                                    InvalidArgumentError("unused"));
                              }),
      StatusIs(StatusCode::kAlreadyExists, HasSubstr("jsonl")));
  EXPECT_THAT(RegisterEventSinkScheme("bad name", "x", nullptr),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("bad name")));
  EXPECT_THAT(RegisterEventSinkScheme("a+b", "x", nullptr),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("a+b")));
  EXPECT_THAT(RegisterEventSinkScheme("nullfactory", "x", nullptr),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("null")));
}

}  // namespace
}  // namespace vigil
