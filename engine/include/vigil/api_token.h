// Copyright 2026 The Vigil Authors.
//
// File: vigil/api_token.h
// -----------------------------------------------------------------------------
// API tokens for the HTTP service (`vigil serve`): a named secret with
// scopes, kept in the store as the SHA-256 of the secret (the secret itself
// is shown once, at creation, and never stored).
//
//   VIGIL_ASSIGN_OR_RETURN(std::string secret,
//       vigil::CreateApiToken(*store, "uploader", {"match"}, "ops"));
//   // later, per request:
//   Result<ApiToken> who = vigil::VerifyApiToken(*store, presented);
//
// Scopes (docs/service.md says which route needs which): hash, match,
// curate, events, admin.
//
// Thread-safety: as the store (any thread). Writes need a writable store.

#ifndef VIGIL_API_TOKEN_H_
#define VIGIL_API_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/hashset_store.h"
#include "vigil/result.h"

namespace vigil {

struct ApiToken {
  std::string name;
  std::vector<std::string> scopes;  // sorted, unique
  int64_t created_at_ms = 0;        // Unix time, milliseconds
  std::string created_by;

  VIGIL_EXPORT bool HasScope(std::string_view scope) const;
};

// The scopes a token may have, in order: hash, match, curate, events, admin.
VIGIL_EXPORT const std::vector<std::string>& ApiTokenScopes();

// Creates token `name` with `scopes` and returns its secret ("vgl_" and 64
// hex characters, from the kernel's random source): the only time it is
// available. Errors: kInvalidArgument (name not 1-64 of [A-Za-z0-9_.-], an
// unknown or no scope), kAlreadyExists, kFailedPrecondition (read-only).
VIGIL_EXPORT Result<std::string> CreateApiToken(
    HashsetStore& store, std::string_view name,
    const std::vector<std::string>& scopes, std::string_view actor);

// The token whose secret is `secret`. Error: kPermissionDenied "unknown or
// revoked token" (also for malformed input).
VIGIL_EXPORT Result<ApiToken> VerifyApiToken(const HashsetStore& store,
                                             std::string_view secret);

// All tokens, ordered by name (never their secrets).
VIGIL_EXPORT Result<std::vector<ApiToken>> ListApiTokens(
    const HashsetStore& store);

// Revokes (deletes) token `name`: its secret stops working at once.
// Error: kNotFound.
VIGIL_EXPORT Status RevokeApiToken(HashsetStore& store, std::string_view name);

}  // namespace vigil

#endif  // VIGIL_API_TOKEN_H_
