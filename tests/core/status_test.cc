// Copyright 2026 The Vigil Authors.

#include "vigil/status.h"

#include <cerrno>
#include <sstream>
#include <string>
#include <utility>

#include "testing/status_matchers.h"
#include "vigil/result.h"
#include "vigil/status_macros.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::IsOk;
using ::vigil::testing::StatusIs;

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "ok");
  EXPECT_EQ(s, Status::OK());
}

TEST(StatusTest, OkCodeDropsMessage) {
  Status s(StatusCode::kOk, "ignored");
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.message(), "");
}

TEST(StatusTest, EveryFactoryHasItsCodeAndName) {
  struct Case {
    Status status;
    StatusCode code;
    const char* name;
  };
  Case cases[] = {
      {InvalidArgumentError("m"), StatusCode::kInvalidArgument,
       "invalid_argument"},
      {NotFoundError("m"), StatusCode::kNotFound, "not_found"},
      {AlreadyExistsError("m"), StatusCode::kAlreadyExists, "already_exists"},
      {UnsupportedFormatError("m"), StatusCode::kUnsupportedFormat,
       "unsupported_format"},
      {CorruptInputError("m"), StatusCode::kCorruptInput, "corrupt_input"},
      {LimitExceededError("m"), StatusCode::kLimitExceeded, "limit_exceeded"},
      {IOError("m"), StatusCode::kIOError, "io_error"},
      {FailedPreconditionError("m"), StatusCode::kFailedPrecondition,
       "failed_precondition"},
      {InternalError("m"), StatusCode::kInternal, "internal"},
      {UnavailableError("m"), StatusCode::kUnavailable, "unavailable"},
      {CancelledError("m"), StatusCode::kCancelled, "cancelled"},
      {PermissionDeniedError("m"), StatusCode::kPermissionDenied,
       "permission_denied"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(c.status.ok());
    EXPECT_EQ(c.status.code(), c.code);
    EXPECT_STREQ(StatusCodeName(c.code), c.name);
    EXPECT_EQ(c.status.message(), "m");
    EXPECT_EQ(c.status.ToString(), std::string(c.name) + ": m");
  }
}

TEST(StatusTest, PersistedCodeNumbersNeverChange) {
  EXPECT_EQ(static_cast<int>(StatusCode::kOk), 0);
  EXPECT_EQ(static_cast<int>(StatusCode::kInvalidArgument), 1);
  EXPECT_EQ(static_cast<int>(StatusCode::kUnsupportedFormat), 4);
  EXPECT_EQ(static_cast<int>(StatusCode::kCorruptInput), 5);
  EXPECT_EQ(static_cast<int>(StatusCode::kLimitExceeded), 6);
  EXPECT_EQ(static_cast<int>(StatusCode::kIOError), 7);
  EXPECT_EQ(static_cast<int>(StatusCode::kPermissionDenied), 12);
}

TEST(StatusTest, UnknownCodeName) {
  EXPECT_STREQ(StatusCodeName(static_cast<StatusCode>(999)), "unknown");
}

TEST(StatusTest, EmptyMessageHasNoColon) {
  EXPECT_EQ(NotFoundError("").ToString(), "not_found");
}

TEST(StatusTest, CopyAndMovePreserveState) {
  Status a = CorruptInputError("bad header");
  Status b = a;
  EXPECT_EQ(a, b);
  Status c = std::move(b);
  EXPECT_EQ(c, a);
  Status d;
  d = c;
  EXPECT_EQ(d, a);
  Status e;
  e = std::move(d);
  EXPECT_EQ(e, a);
  e = Status::OK();
  EXPECT_TRUE(e.ok());
  Status& self = a;
  a = self;  // self-assignment keeps the state
  EXPECT_EQ(a.code(), StatusCode::kCorruptInput);
}

TEST(StatusTest, EqualityComparesCodeAndMessage) {
  EXPECT_EQ(IOError("x"), IOError("x"));
  EXPECT_NE(IOError("x"), IOError("y"));
  EXPECT_NE(IOError("x"), NotFoundError("x"));
  EXPECT_NE(IOError("x"), Status::OK());
  EXPECT_NE(Status::OK(), IOError("x"));
}

TEST(StatusTest, WithPrefix) {
  EXPECT_EQ(IOError("disk full").WithPrefix("a.jpg").ToString(),
            "io_error: a.jpg: disk full");
  EXPECT_TRUE(Status::OK().WithPrefix("a.jpg").ok());
}

TEST(StatusTest, StreamsAsToString) {
  std::ostringstream os;
  os << LimitExceededError("too many pixels");
  EXPECT_EQ(os.str(), "limit_exceeded: too many pixels");
}

TEST(StatusTest, ErrnoMapping) {
  EXPECT_THAT(ErrnoToStatus(ENOENT, "open a"),
              StatusIs(StatusCode::kNotFound, HasSubstr("open a: ")));
  EXPECT_THAT(ErrnoToStatus(EACCES, "open b"),
              StatusIs(StatusCode::kPermissionDenied, HasSubstr("open b")));
  EXPECT_THAT(ErrnoToStatus(EIO, "read c"),
              StatusIs(StatusCode::kIOError, HasSubstr("read c")));
}

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgumentError("odd");
  return x / 2;
}

Status CheckEven(int x) {
  VIGIL_RETURN_IF_ERROR(Half(x).status());
  return Status::OK();
}

Result<int> Quarter(int x) {
  VIGIL_ASSIGN_OR_RETURN(int half, Half(x));
  VIGIL_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(ResultTest, HoldsValue) {
  Result<int> r = Half(8);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r, 4);
  EXPECT_EQ(r.value(), 4);
  EXPECT_EQ(r.value_or(-1), 4);
}

TEST(ResultTest, HoldsError) {
  Result<int> r = Half(3);
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, "odd"));
  EXPECT_EQ(r.value_or(-1), -1);
}

TEST(ResultTest, OkStatusWithoutValueBecomesInternalError) {
  Result<int> r = Status::OK();
  EXPECT_THAT(r, StatusIs(StatusCode::kInternal, HasSubstr("without a value")));
  Status ok;
  Result<int> r2 = std::move(ok);
  EXPECT_THAT(r2,
              StatusIs(StatusCode::kInternal, HasSubstr("without a value")));
}

TEST(ResultTest, MoveOnlyValue) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, ConvertingConstructorAndArrow) {
  Result<std::string> r = "hello";
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 5u);
  Result<std::string> copy = r;
  EXPECT_EQ(*copy, "hello");
}

TEST(ResultTest, StatusOfRvalueResult) {
  Status s = Half(5).status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
}

TEST(ResultDeathTest, ValueOfErrorAborts) {
  Result<int> r = NotFoundError("nothing here");
  EXPECT_FALSE(r.ok());
  EXPECT_DEATH((void)r.value(), "nothing here");
}

TEST(MacrosTest, ReturnIfError) {
  EXPECT_THAT(CheckEven(4), IsOk());
  EXPECT_THAT(CheckEven(5), StatusIs(StatusCode::kInvalidArgument, "odd"));
}

TEST(MacrosTest, AssignOrReturn) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_THAT(Quarter(6), StatusIs(StatusCode::kInvalidArgument, "odd"));
  EXPECT_THAT(Quarter(7), StatusIs(StatusCode::kInvalidArgument, "odd"));
}

#if defined(VIGIL_ASSERT_STATUS_CHECKED)
TEST(StatusDeathTest, UncheckedStatusAbortsInCheckedBuilds) {
  EXPECT_DEATH({ Status s = IOError("dropped"); }, "without being checked");
  EXPECT_DEATH(
      {
        Status a = IOError("moved");
        Status b = std::move(a);
      },
      "moved");
}

TEST(StatusDeathTest, UncheckedOkAndPermittedErrorsDoNotAbort) {
  { Status s; }
  { Status s = Status::OK(); }
  {
    Status s = IOError("ignored on purpose");
    s.PermitUncheckedError();
  }
  SUCCEED();
}
#endif

}  // namespace
}  // namespace vigil
