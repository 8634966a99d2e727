// Copyright 2026 The Vigil Authors.
//
// File: bindings/python/errors.h
// Status -> Python exception, at the module edge only. A failed engine call
// raises vigil.Error (or the subclass for its code, e.g.
// vigil.NotFoundError) with attributes `code` (the vigil::StatusCode
// number), `code_name` ("not_found") and `message`.

#ifndef VIGIL_BINDINGS_PYTHON_ERRORS_H_
#define VIGIL_BINDINGS_PYTHON_ERRORS_H_

#include <pybind11/pybind11.h>

#include <exception>
#include <string>
#include <utility>

#include "vigil/result.h"
#include "vigil/status.h"

namespace vigil::python {

// Carries a non-OK Status from a binding body to the exception translator
// registered by RegisterErrors(). Never thrown through engine code.
class StatusError : public std::exception {
 public:
  explicit StatusError(Status status)
      : status_(std::move(status)), text_(status_.ToString()) {}
  const Status& status() const { return status_; }
  const char* what() const noexcept override { return text_.c_str(); }

 private:
  Status status_;
  std::string text_;
};

// Throws StatusError unless `status` is OK.
inline void ThrowIfError(const Status& status) {
  if (!status.ok()) throw StatusError(status);
}

// The value of `result`, or throws StatusError with its status.
template <typename T>
T ValueOrThrow(Result<T> result) {
  if (!result.ok()) throw StatusError(std::move(result).status());
  return std::move(result).value();
}

// Creates vigil.Error and its per-code subclasses in `m` and registers the
// StatusError translator.
void RegisterErrors(pybind11::module_& m);

}  // namespace vigil::python

#endif  // VIGIL_BINDINGS_PYTHON_ERRORS_H_
