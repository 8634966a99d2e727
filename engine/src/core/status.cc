// Copyright 2026 The Vigil Authors.

#include "vigil/status.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "vigil/result.h"

namespace vigil {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kUnsupportedFormat:
      return "unsupported_format";
    case StatusCode::kCorruptInput:
      return "corrupt_input";
    case StatusCode::kLimitExceeded:
      return "limit_exceeded";
    case StatusCode::kIOError:
      return "io_error";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kInternal:
      return "internal";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kCancelled:
      return "cancelled";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
  }
  return "unknown";
}

Status::Status(StatusCode code, std::string_view message) {
  if (code != StatusCode::kOk) {
    rep_ = std::make_unique<Rep>(Rep{code, std::string(message)});
    checked_ = false;
  }
}

Status::~Status() {
#if defined(VIGIL_ASSERT_STATUS_CHECKED)
  if (!checked_) {
    std::fprintf(stderr, "vigil: Status destroyed without being checked: %s\n",
                 ToString().c_str());
    std::abort();
  }
#endif
}

Status::Status(const Status& other)
    : rep_(other.rep_ ? std::make_unique<Rep>(*other.rep_) : nullptr),
      checked_(rep_ == nullptr) {
  other.MarkChecked();
}

Status& Status::operator=(const Status& other) {
  if (this != &other) {
    rep_ = other.rep_ ? std::make_unique<Rep>(*other.rep_) : nullptr;
    checked_ = rep_ == nullptr;
    other.MarkChecked();
  }
  return *this;
}

Status::Status(Status&& other) noexcept
    : rep_(std::move(other.rep_)), checked_(rep_ == nullptr) {
  other.MarkChecked();
}

Status& Status::operator=(Status&& other) noexcept {
  if (this != &other) {
    rep_ = std::move(other.rep_);
    checked_ = rep_ == nullptr;
    other.MarkChecked();
  }
  return *this;
}

StatusCode Status::code() const {
  MarkChecked();
  return rep_ ? rep_->code : StatusCode::kOk;
}

std::string_view Status::message() const {
  MarkChecked();
  return rep_ ? std::string_view(rep_->message) : std::string_view();
}

std::string Status::ToString() const {
  MarkChecked();
  if (!rep_) return "ok";
  std::string out = StatusCodeName(rep_->code);
  if (!rep_->message.empty()) {
    out += ": ";
    out += rep_->message;
  }
  return out;
}

Status Status::WithPrefix(std::string_view prefix) const {
  MarkChecked();
  if (!rep_) return Status();
  std::string message(prefix);
  message += ": ";
  message += rep_->message;
  return Status(rep_->code, message);
}

bool operator==(const Status& a, const Status& b) {
  a.MarkChecked();
  b.MarkChecked();
  if (a.rep_ == nullptr || b.rep_ == nullptr) return a.rep_ == b.rep_;
  return a.rep_->code == b.rep_->code && a.rep_->message == b.rep_->message;
}

std::ostream& operator<<(std::ostream& os, const Status& s) {
  return os << s.ToString();
}

Status InvalidArgumentError(std::string_view m) {
  return Status(StatusCode::kInvalidArgument, m);
}
Status NotFoundError(std::string_view m) {
  return Status(StatusCode::kNotFound, m);
}
Status AlreadyExistsError(std::string_view m) {
  return Status(StatusCode::kAlreadyExists, m);
}
Status UnsupportedFormatError(std::string_view m) {
  return Status(StatusCode::kUnsupportedFormat, m);
}
Status CorruptInputError(std::string_view m) {
  return Status(StatusCode::kCorruptInput, m);
}
Status LimitExceededError(std::string_view m) {
  return Status(StatusCode::kLimitExceeded, m);
}
Status IOError(std::string_view m) { return Status(StatusCode::kIOError, m); }
Status FailedPreconditionError(std::string_view m) {
  return Status(StatusCode::kFailedPrecondition, m);
}
Status InternalError(std::string_view m) {
  return Status(StatusCode::kInternal, m);
}
Status UnavailableError(std::string_view m) {
  return Status(StatusCode::kUnavailable, m);
}
Status CancelledError(std::string_view m) {
  return Status(StatusCode::kCancelled, m);
}
Status PermissionDeniedError(std::string_view m) {
  return Status(StatusCode::kPermissionDenied, m);
}

Status ErrnoToStatus(int err, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += std::strerror(err);
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return NotFoundError(message);
    case EACCES:
    case EPERM:
      return PermissionDeniedError(message);
    default:
      return IOError(message);
  }
}

namespace internal {

void DieOnBadResultAccess(const Status& status) {
  std::fprintf(stderr, "vigil: value() of a failed Result: %s\n",
               status.ToString().c_str());
  std::abort();
}

Status OkStatusWithoutValue() {
  return InternalError("Result constructed from an OK status without a value");
}

}  // namespace internal
}  // namespace vigil
