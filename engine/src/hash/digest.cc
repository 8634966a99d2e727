// Copyright 2026 The Vigil Authors.

#include "vigil/digest.h"

#include <openssl/evp.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "hash/internal/stitched_digest.h"
#include "vigil/hex.h"

namespace vigil {
namespace {

// Fetched once per process: implicit fetches by name on every
// EVP_DigestInit_ex cost more than hashing a small file.
struct Algorithms {
  EVP_MD* md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  EVP_MD* sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  EVP_MD* sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
};

const Algorithms& GetAlgorithms() {
  static const Algorithms* algorithms = [] {
    auto* a = new Algorithms();
    if (a->md5 == nullptr || a->sha1 == nullptr || a->sha256 == nullptr) {
      // Without these the engine cannot produce a single correct signal.
      std::abort();
    }
    return a;
  }();
  return *algorithms;
}

// Slices small enough that each stays in L1/L2 while the four hashes read it.
constexpr size_t kSliceBytes = 32 * 1024;

}  // namespace

// MD5, SHA-1 and SHA-256 come from the stitched single-pass kernel when the
// CPU has SHA-NI (internal/stitched_digest.h: the three cost about as much
// as MD5 alone), else from three OpenSSL EVP contexts. Both give the
// standard digests; XXH3-128 always comes from xxHash.
struct DigestHasher::Impl {
  const bool stitched = internal::StitchedDigest::Available();
  internal::StitchedDigest stitched_digest;
  EVP_MD_CTX* md5 = EVP_MD_CTX_new();
  EVP_MD_CTX* sha1 = EVP_MD_CTX_new();
  EVP_MD_CTX* sha256 = EVP_MD_CTX_new();
  XXH3_state_t* xxh = XXH3_createState();

  Impl() { Reset(); }
  ~Impl() {
    EVP_MD_CTX_free(md5);
    EVP_MD_CTX_free(sha1);
    EVP_MD_CTX_free(sha256);
    XXH3_freeState(xxh);
  }
  void Reset() {
    const Algorithms& a = GetAlgorithms();
    const bool evp_ok =
        stitched || (md5 != nullptr && sha1 != nullptr && sha256 != nullptr &&
                     EVP_DigestInit_ex(md5, a.md5, nullptr) == 1 &&
                     EVP_DigestInit_ex(sha1, a.sha1, nullptr) == 1 &&
                     EVP_DigestInit_ex(sha256, a.sha256, nullptr) == 1);
    stitched_digest.Reset();
    if (!evp_ok || xxh == nullptr || XXH3_128bits_reset(xxh) != XXH_OK) {
      std::abort();  // allocation failure inside OpenSSL/xxHash
    }
  }
};

DigestHasher::DigestHasher() : impl_(std::make_unique<Impl>()) {}
DigestHasher::~DigestHasher() = default;

void DigestHasher::Update(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    size_t n = std::min(bytes.size(), kSliceBytes);
    const uint8_t* p = bytes.data();
    // These calls cannot fail for valid contexts; ignoring the int results
    // is deliberate.
    if (impl_->stitched) {
      impl_->stitched_digest.Update({p, n});
    } else {
      EVP_DigestUpdate(impl_->md5, p, n);
      EVP_DigestUpdate(impl_->sha1, p, n);
      EVP_DigestUpdate(impl_->sha256, p, n);
    }
    XXH3_128bits_update(impl_->xxh, p, n);
    bytes = bytes.subspan(n);
  }
}

Digests DigestHasher::Finish() {
  Digests d;
  if (impl_->stitched) {
    impl_->stitched_digest.Finish(&d.md5, &d.sha1, &d.sha256);
  } else {
    unsigned int len = 0;
    EVP_DigestFinal_ex(impl_->md5, d.md5.data(), &len);
    EVP_DigestFinal_ex(impl_->sha1, d.sha1.data(), &len);
    EVP_DigestFinal_ex(impl_->sha256, d.sha256.data(), &len);
  }
  XXH128_hash_t x = XXH3_128bits_digest(impl_->xxh);
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, x);
  std::copy(std::begin(canonical.digest), std::end(canonical.digest),
            d.xxh128.begin());
  impl_->Reset();
  return d;
}

Digests ComputeDigests(std::span<const uint8_t> bytes) {
  // One hasher per thread: contexts are reused across calls.
  thread_local DigestHasher hasher;
  hasher.Update(bytes);
  return hasher.Finish();
}

std::span<const uint8_t> Digests::Bytes(SignalType type) const {
  // The digests this hasher computes, one row per file-digest kind of the
  // table (vigil/signal_type.h).
  const std::pair<SignalType, std::span<const uint8_t>> kComputed[] = {
      {SignalType::kMd5, md5},
      {SignalType::kSha1, sha1},
      {SignalType::kSha256, sha256},
      {SignalType::kXxh128, xxh128},
  };
  for (const auto& [t, bytes] : kComputed) {
    if (t == type) return bytes;
  }
  return {};
}

std::string Digests::Hex(SignalType type) const {
  return HexEncode(Bytes(type));
}

std::vector<Signal> Digests::ToSignals() const {
  std::vector<Signal> out;
  for (const SignalKind& kind : AllSignalKinds()) {
    if (kind.match_path != SignalMatchPath::kFileDigest || !kind.file_signal) {
      continue;
    }
    std::span<const uint8_t> b = Bytes(kind.type);
    out.push_back(
        Signal{kind.type, std::vector<uint8_t>(b.begin(), b.end()), -1});
  }
  return out;
}

}  // namespace vigil
