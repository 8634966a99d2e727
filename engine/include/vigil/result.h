// Copyright 2026 The Vigil Authors.
//
// File: vigil/result.h
// -----------------------------------------------------------------------------
// Result<T> holds either a value of type T or a non-OK Status explaining why
// there is none, shaped like absl::StatusOr<T>. It becomes
// std::expected<T, Status> once the project moves to C++23.
//
// Example:
//
//   vigil::Result<PdqHash> r = vigil::ComputePdq(pixels);
//   if (!r.ok()) return r.status();
//   Use(*r);
//
// Accessing the value of a failed Result is a bug: it prints the status and
// aborts the process (there are no exceptions to throw).
//
// Thread-safety: as for Status, a Result is a plain value.

#ifndef VIGIL_RESULT_H_
#define VIGIL_RESULT_H_

#include <optional>
#include <type_traits>
#include <utility>

#include "vigil/export.h"
#include "vigil/status.h"

namespace vigil {
namespace internal {
// Prints `status` and the fact that a value was expected, then aborts.
[[noreturn]] VIGIL_EXPORT void DieOnBadResultAccess(const Status& status);
// Returns the status used when a Result is constructed from an OK Status.
VIGIL_EXPORT Status OkStatusWithoutValue();
}  // namespace internal

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cvref_t<T>, Status>,
                "Result<Status> is not allowed; return Status");

 public:
  using value_type = T;

  // REQUIRES: !status.ok(). An OK status becomes an internal error, since
  // a Result must carry either a value or a reason for its absence.
  Result(const Status& status)  // NOLINT: implicit by design
      : status_(status.ok() ? internal::OkStatusWithoutValue() : status) {}
  Result(Status&& status)  // NOLINT: implicit by design
      : status_(status.ok() ? internal::OkStatusWithoutValue()
                            : std::move(status)) {}

  // Constructs a Result that holds a value.
  Result(const T& value) : value_(value) {}        // NOLINT
  Result(T&& value) : value_(std::move(value)) {}  // NOLINT

  template <typename U>
  requires(std::is_constructible_v<T, U&&> &&
           !std::is_same_v<std::remove_cvref_t<U>, Result> &&
           !std::is_same_v<std::remove_cvref_t<U>, Status> &&
           !std::is_same_v<std::remove_cvref_t<U>, T>)
      Result(U&& value)  // NOLINT
      : value_(std::in_place, std::forward<U>(value)) {}

  Result(const Result&) = default;
  Result(Result&&) noexcept = default;
  Result& operator=(const Result&) = default;
  Result& operator=(Result&&) noexcept = default;

  bool ok() const { return status_.ok(); }
  // OK when a value is held.
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }

  // REQUIRES: ok().
  const T& value() const& {
    EnsureOk();
    return *value_;
  }
  T& value() & {
    EnsureOk();
    return *value_;
  }
  T&& value() && {
    EnsureOk();
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The value, or `fallback` when this holds an error.
  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void EnsureOk() const {
    if (!status_.ok()) internal::DieOnBadResultAccess(status_);
  }

  Status status_;
  std::optional<T> value_;
};

}  // namespace vigil

#endif  // VIGIL_RESULT_H_
