// Copyright 2026 The Vigil Authors.
//
// File: vigil/status_macros.h
// -----------------------------------------------------------------------------
// Early-return helpers, as absl/status/status_macros.h.
//
//   VIGIL_RETURN_IF_ERROR(store.Put(key, value));
//   VIGIL_ASSIGN_OR_RETURN(auto image, DecodeImage(bytes, limits));
//
// Both work in functions returning Status or Result<U>.

#ifndef VIGIL_STATUS_MACROS_H_
#define VIGIL_STATUS_MACROS_H_

#include <utility>

#include "vigil/result.h"
#include "vigil/status.h"

#define VIGIL_STATUS_MACROS_CONCAT_INNER_(x, y) x##y
#define VIGIL_STATUS_MACROS_CONCAT_(x, y) \
  VIGIL_STATUS_MACROS_CONCAT_INNER_(x, y)

// Evaluates `expr` (a Status) and returns it from the enclosing function
// when it is not OK.
#define VIGIL_RETURN_IF_ERROR(expr) \
  VIGIL_RETURN_IF_ERROR_IMPL_(      \
      VIGIL_STATUS_MACROS_CONCAT_(vigil_status_macro_, __COUNTER__), expr)

// A unique variable name per use, so that nested uses (a lambda inside the
// expression) do not shadow each other.
#define VIGIL_RETURN_IF_ERROR_IMPL_(status, expr) \
  do {                                            \
    ::vigil::Status status = (expr);              \
    if (!status.ok()) return status;              \
  } while (false)

// Evaluates `rexpr` (a Result<T>); on error returns its status, otherwise
// moves the value into `lhs`, which may be a declaration (`auto x`).
#define VIGIL_ASSIGN_OR_RETURN(lhs, rexpr)                                \
  VIGIL_ASSIGN_OR_RETURN_IMPL_(                                           \
      VIGIL_STATUS_MACROS_CONCAT_(vigil_result_macro_, __COUNTER__), lhs, \
      rexpr)

#define VIGIL_ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                                 \
  if (!result.ok()) return std::move(result).status();   \
  lhs = std::move(result).value()

#endif  // VIGIL_STATUS_MACROS_H_
