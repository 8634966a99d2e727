// Copyright 2026 The Vigil Authors.
//
// SHA-256 of bytes in memory, for the ids and keys the engine derives
// (idempotency keys, key ids, batch ids, vPDQ signal ids). File digests
// (MD5, SHA-1, SHA-256 of content) are vigil/digest.h.

#ifndef VIGIL_ENGINE_SRC_CORE_INTERNAL_SHA256_H_
#define VIGIL_ENGINE_SRC_CORE_INTERNAL_SHA256_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace vigil::internal {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::span<const uint8_t> bytes);
Sha256Digest Sha256(std::string_view bytes);

// SHA-256 of the pieces one after another (as of their concatenation).
class Sha256Builder {
 public:
  Sha256Builder();
  ~Sha256Builder();
  Sha256Builder(const Sha256Builder&) = delete;
  Sha256Builder& operator=(const Sha256Builder&) = delete;

  Sha256Builder& Add(std::string_view bytes);
  Sha256Digest Finish();

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_CORE_INTERNAL_SHA256_H_
