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
#define VIGIL_STATUS_MACROS_CONCAT_(x, y) VIGIL_STATUS_MACROS_CONCAT_INNER_(x, y)

// Evaluates `expr` (a Status) and returns it from the enclosing function
// when it is not OK.
#define VIGIL_RETURN_IF_ERROR(expr)                                      \
  do {                                                                   \
    ::vigil::Status vigil_status_macro_status_ = (expr);                 \
    if (!vigil_status_macro_status_.ok()) return vigil_status_macro_status_; \
  } while (false)

// Evaluates `rexpr` (a Result<T>); on error returns its status, otherwise
// moves the value into `lhs`, which may be a declaration (`auto x`).
#define VIGIL_ASSIGN_OR_RETURN(lhs, rexpr)                                 \
  VIGIL_ASSIGN_OR_RETURN_IMPL_(                                            \
      VIGIL_STATUS_MACROS_CONCAT_(vigil_result_macro_, __LINE__), lhs, rexpr)

#define VIGIL_ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                                 \
  if (!result.ok()) return std::move(result).status();   \
  lhs = std::move(result).value()

#endif  // VIGIL_STATUS_MACROS_H_
