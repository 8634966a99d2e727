// Copyright 2026 The Vigil Authors.
//
// File: vigil/bundle.h
// -----------------------------------------------------------------------------
// Signed hash-list bundles: a hash set's list plus a manifest (set, signal
// types, record count, SHA-256 of the list, creation time, signer key id),
// the manifest signed with Ed25519. The byte format, the key files and key
// rotation are documented in docs/bundles.md.
//
//   // Publisher:
//   VIGIL_ASSIGN_OR_RETURN(SigningKeyPair key, GenerateSigningKey());
//   VIGIL_RETURN_IF_ERROR(WriteSigningKey(key, "/etc/vigil/lists-2026"));
//   VIGIL_ASSIGN_OR_RETURN(std::string bundle,
//                          MakeBundle(*store, "own-cases", key.private_pem));
//   // Recipient (several trusted keys during a rotation):
//   std::vector<std::string> trusted = {old_pub_pem, new_pub_pem};
//   VIGIL_ASSIGN_OR_RETURN(ImportResult r,
//                          ImportBundle(*store, bundle, trusted, "", {}));
//
// Trust: a bundle is accepted only when its signature verifies with one of
// the trusted public keys AND its list is the one the manifest describes
// (size and SHA-256). Unsigned, truncated, tampered or foreign-signed
// bundles are refused before the store is touched; the import itself is
// all or nothing (HashsetStore::ImportText).
//
// Thread-safety: free functions; safe to call concurrently.

#ifndef VIGIL_BUNDLE_H_
#define VIGIL_BUNDLE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/hashset_store.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"
#include "vigil/status.h"

namespace vigil {

// An Ed25519 key pair as PEM text: PKCS#8 private key ("BEGIN PRIVATE
// KEY") and SubjectPublicKeyInfo public key ("BEGIN PUBLIC KEY"), the forms
// `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout` write.
struct SigningKeyPair {
  std::string private_pem;
  std::string public_pem;
  std::string key_id;  // PublicKeyId(public_pem)
};

// A fresh key pair. Error: kInternal when OpenSSL fails.
VIGIL_EXPORT Result<SigningKeyPair> GenerateSigningKey();

// Writes `prefix` (the private key, mode 0600) and `prefix`.pub (the public
// key, 0644). Refuses to overwrite either (kAlreadyExists); kIOError.
VIGIL_EXPORT Status WriteSigningKey(const SigningKeyPair& key,
                                    const std::string& prefix);

// The key id of an Ed25519 public key in PEM: the first 16 bytes of the
// SHA-256 of its raw 32-byte key, in hex (32 characters).
// Error: kInvalidArgument when `public_pem` is not an Ed25519 public key.
VIGIL_EXPORT Result<std::string> PublicKeyId(std::string_view public_pem);

// The manifest of a bundle (the signed part).
struct BundleManifest {
  std::string hashset;                   // the set the list was exported from
  std::vector<SignalType> signal_types;  // types present in the list
  uint64_t count = 0;                    // records (data lines) in the list
  std::string body_format;               // list format: "csv"
  std::string body_sha256;               // lower-case hex of SHA-256(list)
  uint64_t body_bytes = 0;               // size of the list
  std::string created;                   // RFC 3339 UTC
  std::string signer;                    // key id of the signing key
};

// A bundle split into its parts; nothing about it is trusted yet.
struct ParsedBundle {
  BundleManifest manifest;
  std::string manifest_json;       // the exact signed manifest bytes
  std::string signature_key_id;    // key id named by the signature line
  std::vector<uint8_t> signature;  // 64 bytes
  std::string body;                // the list, manifest.body_bytes long
};

// Splits `bytes` into manifest, signature and list, checking only the
// structure (docs/bundles.md): no signature or hash is checked. Safe on any
// input (the entry point of the bundle fuzz target): bounded lengths, no
// exceptions. Errors: kCorruptInput saying what is wrong (not a bundle,
// unsigned, truncated, trailing bytes, malformed manifest).
VIGIL_EXPORT Result<ParsedBundle> ParseBundle(std::string_view bytes);

// ParseBundle, then the trust checks: the signature must verify with the
// trusted key whose id it names, and the list must have the manifest's size
// and SHA-256. `trusted_public_pems` holds PEM public keys (several during a
// key rotation). Errors: kCorruptInput (structure, as ParseBundle);
// kPermissionDenied (signed by a key that is not trusted, bad signature:
// the manifest was changed, or the list does not match the manifest);
// kInvalidArgument (a trusted key that is not an Ed25519 public key, none).
VIGIL_EXPORT Result<ParsedBundle> OpenBundle(
    std::string_view bytes, std::span<const std::string> trusted_public_pems);

// The bundle of set `hashset`: its entries exported as CSV (with external
// id, category and note), signed with `private_pem`. Sets holding vPDQ
// entries cannot be bundled (their export cannot be imported back):
// kInvalidArgument. Errors: kNotFound, store errors, kInvalidArgument for a
// key that is not an Ed25519 private key.
VIGIL_EXPORT Result<std::string> MakeBundle(const HashsetStore& store,
                                            std::string_view hashset,
                                            std::string_view private_pem);

// OpenBundle, then imports the list into `hashset` (empty: the set named in
// the manifest), which must exist, as ImportText does (all or nothing); the
// list must hold exactly manifest.count records. `options.format` and
// `options.type` are ignored (the bundle says its format); when
// `options.source_name` is empty it becomes "bundle signed by KEYID".
// Errors: as OpenBundle (nothing is changed), then as ImportText.
VIGIL_EXPORT Result<ImportResult> ImportBundle(
    HashsetStore& store, std::string_view bytes,
    std::span<const std::string> trusted_public_pems, std::string_view hashset,
    const ImportOptions& options);

}  // namespace vigil

#endif  // VIGIL_BUNDLE_H_
