// Copyright 2026 The Vigil Authors.
//
// File: vigil/status.h
// -----------------------------------------------------------------------------
// A Status is the result of an operation that can fail: either OK, or an
// error code with a human-readable message. Every fallible call of the
// public API returns a Status or a Result<T> (see vigil/result.h); no
// exception ever crosses the library boundary.
//
// An OK Status holds a null pointer, so returning success costs nothing.
//
// Example:
//
//   vigil::Status s = store->Import(path);
//   if (!s.ok()) {
//     std::cerr << s.ToString() << "\n";  // "corrupt_input: line 7: ..."
//   }
//
// Thread-safety: a Status is a value. Distinct objects may be used from
// different threads; one object needs external synchronisation to be written.
//
// Unchecked statuses: when built with VIGIL_ASSERT_STATUS_CHECKED (the debug
// preset), destroying an error Status that was never inspected aborts, as
// rocksdb's ASSERT_STATUS_CHECKED does (OK statuses carry nothing to lose).
// Call PermitUncheckedError() to drop an error deliberately.

#ifndef VIGIL_STATUS_H_
#define VIGIL_STATUS_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "vigil/export.h"

namespace vigil {

// Error codes. The numeric values are persisted (error records, the C API)
// and must never be renumbered; add new codes at the end.
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,     // the caller passed something malformed
  kNotFound = 2,            // a named object does not exist
  kAlreadyExists = 3,       // a named object exists already
  kUnsupportedFormat = 4,   // the input is of a kind we do not decode
  kCorruptInput = 5,        // the input claims a format but breaks it
  kLimitExceeded = 6,       // a configured limit (bytes, pixels, ...) is hit
  kIOError = 7,             // the operating system refused a read or write
  kFailedPrecondition = 8,  // the system is not in a state for the call
  kInternal = 9,            // a bug: an invariant of ours does not hold
  kUnavailable = 10,        // try later (a lock is held, a peer is down)
  kCancelled = 11,          // the caller cancelled the operation
  kPermissionDenied = 12,   // the caller may not do this
};

// Stable snake_case name of a code, e.g. "corrupt_input". Never null.
VIGIL_EXPORT const char* StatusCodeName(StatusCode code);

class [[nodiscard]] VIGIL_EXPORT Status {
 public:
  // Creates an OK status.
  Status() noexcept = default;
  // Creates a status with `code` and `message`. A kOk code yields OK and
  // drops the message.
  Status(StatusCode code, std::string_view message);
  ~Status();

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&& other) noexcept;
  Status& operator=(Status&& other) noexcept;

  static Status OK() { return Status(); }

  bool ok() const {
    MarkChecked();
    return rep_ == nullptr;
  }
  StatusCode code() const;
  // The message without the code name; empty for OK.
  std::string_view message() const;
  // "ok" or "<code name>: <message>".
  std::string ToString() const;

  // Returns a copy with "<prefix>: " in front of the message. OK stays OK.
  Status WithPrefix(std::string_view prefix) const;

  // Marks this status as inspected; use where an error is deliberately
  // ignored (for example a best-effort cleanup).
  void PermitUncheckedError() const { MarkChecked(); }

  friend bool operator==(const Status& a, const Status& b);

 private:
  struct Rep {
    StatusCode code;
    std::string message;
  };
  // Only checked builds record inspection: elsewhere a const Status stays
  // truly read-only, so threads may share one without a data race.
  void MarkChecked() const {
#if defined(VIGIL_ASSERT_STATUS_CHECKED)
    checked_ = true;
#endif
  }

  std::unique_ptr<Rep> rep_;
  // An OK status has nothing to lose and counts as checked; an error must
  // be inspected (ok(), code(), ...) before it is destroyed.
  mutable bool checked_ = true;
};

inline bool operator!=(const Status& a, const Status& b) { return !(a == b); }

VIGIL_EXPORT std::ostream& operator<<(std::ostream& os, const Status& s);

// Factories, one per code.
VIGIL_EXPORT Status InvalidArgumentError(std::string_view message);
VIGIL_EXPORT Status NotFoundError(std::string_view message);
VIGIL_EXPORT Status AlreadyExistsError(std::string_view message);
VIGIL_EXPORT Status UnsupportedFormatError(std::string_view message);
VIGIL_EXPORT Status CorruptInputError(std::string_view message);
VIGIL_EXPORT Status LimitExceededError(std::string_view message);
VIGIL_EXPORT Status IOError(std::string_view message);
VIGIL_EXPORT Status FailedPreconditionError(std::string_view message);
VIGIL_EXPORT Status InternalError(std::string_view message);
VIGIL_EXPORT Status UnavailableError(std::string_view message);
VIGIL_EXPORT Status CancelledError(std::string_view message);
VIGIL_EXPORT Status PermissionDeniedError(std::string_view message);

// Builds an IOError from an errno value: "<context>: <strerror(err)>".
// ENOENT maps to kNotFound and EACCES/EPERM to kPermissionDenied.
VIGIL_EXPORT Status ErrnoToStatus(int err, std::string_view context);

}  // namespace vigil

#endif  // VIGIL_STATUS_H_
