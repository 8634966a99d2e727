// Copyright 2026 The Vigil Authors.
//
// Fuzz entry point over the signed hash-list bundle reader (vigil/bundle.h,
// docs/bundles.md): ParseBundle (structure), OpenBundle (signature and
// list checks) with a trusted key, and, for what opens, ImportBundle into
// a scratch store. The trusted key is derived from a fixed seed, so the
// good bundles of the seed corpus (fuzz/seed_corpus_more.cc) and of the
// stored corpus stay valid across runs and a success is reachable.
//
// Contract: an error is a Status of the documented code with a message
// (never a crash or a throw); an opened bundle carries a signature that
// verifies (checked here again with OpenSSL, by the key its line names,
// over the documented message) and a list of the manifest's size and
// SHA-256; an imported bundle read exactly the manifest's count of records.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "contract.h"
#include "fuzz_targets.h"
#include "store/internal/import_parser.h"
#include "vigil/bundle.h"
#include "vigil/hashset_store.h"
#include "vigil/hex.h"

namespace vigil::fuzz {
namespace {

// docs/bundles.md: the signed message is this prefix, then the manifest.
constexpr std::string_view kSignContext = "vigil-bundle 1 manifest\n";

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::string Pem(EVP_PKEY* key, bool private_key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  const int ok = private_key
                     ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr,
                                                nullptr, 0, nullptr, nullptr)
                     : PEM_write_bio_PUBKEY(bio.get(), key);
  if (ok != 1) Violation("cannot write the fuzz key", {});
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

SigningKeyPair KeyFromSeed(uint8_t fill) {
  uint8_t seed[32];
  for (size_t i = 0; i < sizeof(seed); ++i) seed[i] = uint8_t(fill + 7 * i);
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed,
                                        sizeof(seed)));
  if (!key) Violation("cannot make the fuzz key", {});
  SigningKeyPair pair;
  pair.private_pem = Pem(key.get(), true);
  pair.public_pem = Pem(key.get(), false);
  Result<std::string> id = PublicKeyId(pair.public_pem);
  if (!id.ok()) Violation("fuzz key has no id", id.status());
  pair.key_id = *id;
  return pair;
}

// The two trusted keys (as during a rotation): the fuzz key and another.
const std::vector<std::string>& TrustedPems() {
  static const auto* pems = new std::vector<std::string>{
      FuzzBundleKey().public_pem, KeyFromSeed(0x5A).public_pem};
  return *pems;
}

bool VerifiesWith(const std::string& public_pem, const ParsedBundle& b) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(public_pem.data(), int(public_pem.size())), BIO_free);
  Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              EVP_MD_CTX_free);
  const std::string message = std::string(kSignContext) + b.manifest_json;
  return key && ctx &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr,
                              key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), b.signature.data(), b.signature.size(),
                          reinterpret_cast<const uint8_t*>(message.data()),
                          message.size()) == 1;
}

std::string Sha256Hex(std::string_view bytes) {
  uint8_t digest[32];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  return HexEncode(std::span<const uint8_t>(digest, len));
}

// A scratch store, opened once per process and removed at exit, holding
// the set "fuzz" of every signal kind: what opens is imported into it.
HashsetStore* ScratchStore() {
  static HashsetStore* store = [] {
    static std::string dir =
        (std::filesystem::temp_directory_path() / "vigil-fuzz-bundle-XXXXXX")
            .string();
    if (mkdtemp(dir.data()) == nullptr) Violation("mkdtemp failed", {});
    static std::unique_ptr<HashsetStore> owned;
    Result<std::unique_ptr<HashsetStore>> s = HashsetStore::Open(dir, {});
    if (!s.ok()) Violation("cannot open the scratch store", s.status());
    owned = std::move(*s);
    HashsetConfig config;
    config.name = "fuzz";
    for (SignalType t : AllSignalTypes()) config.signal_types.push_back(t);
    Result<Hashset> h = owned->CreateHashset(config, {"fuzz", ""});
    if (!h.ok()) Violation("cannot create the scratch set", h.status());
    std::atexit([] {
      owned.reset();
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    });
    return owned.get();
  }();
  return store;
}

void CheckParts(const ParsedBundle& b, std::string_view bytes) {
  if (b.signature.size() != 64) Violation("signature not 64 bytes", {});
  if (b.signature_key_id != b.manifest.signer) Violation("signer differs", {});
  if (b.body.size() != b.manifest.body_bytes) Violation("list size", {});
  if (bytes.size() < b.body.size() ||
      bytes.substr(bytes.size() - b.body.size()) != b.body) {
    Violation("list is not the end of the bundle", {});
  }
  if (bytes.find(b.manifest_json) == std::string_view::npos) {
    Violation("manifest is not in the bundle", {});
  }
}

}  // namespace

const SigningKeyPair& FuzzBundleKey() {
  static const auto* key = new SigningKeyPair(KeyFromSeed(0x17));
  return *key;
}

int FuzzBundle(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Result<ParsedBundle> parsed = ParseBundle(bytes);
  if (parsed.ok()) {
    CheckParts(*parsed, bytes);
  } else {
    CheckError(parsed.status(), StatusCode::kCorruptInput);
  }

  Result<ParsedBundle> opened = OpenBundle(bytes, TrustedPems());
  if (!opened.ok()) {
    // A bundle that parses is refused only for trust; one that does not
    // parse is refused as ParseBundle refused it.
    if (parsed.ok()) {
      CheckError(opened.status(), StatusCode::kPermissionDenied);
    } else if (opened.status().ToString() != parsed.status().ToString()) {
      Violation("open and parse disagree", opened.status());
    }
    return 0;
  }
  if (!parsed.ok()) Violation("opened a bundle that does not parse", {});
  const ParsedBundle& b = *opened;
  CheckParts(b, bytes);
  if (b.manifest_json != parsed->manifest_json || b.body != parsed->body) {
    Violation("open and parse split differently", {});
  }
  bool verified = false;
  for (const std::string& pem : TrustedPems()) {
    Result<std::string> id = PublicKeyId(pem);
    if (id.ok() && *id == b.signature_key_id) verified = VerifiesWith(pem, b);
  }
  if (!verified) Violation("opened a bundle whose signature fails", {});
  if (Sha256Hex(b.body) != b.manifest.body_sha256) {
    Violation("opened a list of another SHA-256", {});
  }

  // Imported: exactly the manifest's count of records, or refused.
  internal::ParseOptions o;
  o.format = HashsetFormat::kCsv;
  Result<internal::ParsedList> list = internal::ParseHashList(b.body, o);
  Result<ImportResult> imported =
      ImportBundle(*ScratchStore(), bytes, TrustedPems(), "fuzz", {});
  if (!imported.ok()) {
    CheckError(imported.status(), StatusCode::kInvalidArgument);
    if (list.ok() && list->records == b.manifest.count) {
      Violation("refused a list of the signed count", imported.status());
    }
    return 0;
  }
  if (imported->records != b.manifest.count) {
    Violation("imported another count than the manifest's", {});
  }
  return 0;
}

}  // namespace vigil::fuzz
