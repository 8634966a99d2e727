// Copyright 2026 The Vigil Authors.

#include "core/internal/sha256.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace vigil::internal {

Sha256Digest Sha256(std::span<const uint8_t> bytes) {
  Sha256Digest digest;
  SHA256(bytes.data(), bytes.size(), digest.data());
  return digest;
}

Sha256Digest Sha256(std::string_view bytes) {
  return Sha256(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

Sha256Builder::Sha256Builder() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr);
}

Sha256Builder::~Sha256Builder() { EVP_MD_CTX_free(ctx_); }

Sha256Builder& Sha256Builder::Add(std::string_view bytes) {
  EVP_DigestUpdate(ctx_, bytes.data(), bytes.size());
  return *this;
}

Sha256Digest Sha256Builder::Finish() {
  Sha256Digest digest;
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_, digest.data(), &len);
  return digest;
}

}  // namespace vigil::internal
