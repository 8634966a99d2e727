// Copyright 2026 The Vigil Authors.
//
// Signed hash-list bundles (vigil/bundle.h, format in docs/bundles.md).
// The reader is written for hostile bytes: every length is bounded before
// it is used, the manifest is parsed without exceptions and its nesting is
// checked first, and nothing is trusted until the Ed25519 signature over
// the manifest and the SHA-256 of the list both check out.

#include "vigil/bundle.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/internal/sha256.h"
#include "store/internal/store_impl.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"

namespace vigil {
namespace {

using json = nlohmann::json;

constexpr std::string_view kMagic = "vigil-bundle 1\n";
constexpr std::string_view kManifestTag = "manifest ";
constexpr std::string_view kSignatureTag = "signature ed25519 ";
// Prepended to the manifest before signing (domain separation: a bundle
// signature cannot be replayed as a signature of anything else).
constexpr std::string_view kSignContext = "vigil-bundle 1 manifest\n";
constexpr size_t kMaxManifestBytes = 64 * 1024;
constexpr size_t kKeyIdHex = 32;
constexpr size_t kSignatureBytes = 64;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

Result<Pkey> ReadPem(std::string_view pem, bool private_key) {
  if (pem.size() > 64 * 1024) return InvalidArgumentError("key file too large");
  std::unique_ptr<BIO, BioFree> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return InternalError("BIO_new_mem_buf failed");
  Pkey key(private_key
               ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
               : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  const char* what = private_key ? "private" : "public";
  if (!key) {
    return InvalidArgumentError(std::string("not a PEM ") + what + " key");
  }
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return InvalidArgumentError(std::string("not an Ed25519 ") + what + " key");
  }
  return key;
}

Result<std::string> KeyIdOf(EVP_PKEY* key) {
  uint8_t raw[32];
  size_t len = sizeof(raw);
  if (EVP_PKEY_get_raw_public_key(key, raw, &len) != 1 || len != 32) {
    return InternalError("cannot read the raw Ed25519 public key");
  }
  const internal::Sha256Digest digest =
      internal::Sha256(std::span<const uint8_t>(raw, len));
  return HexEncode(std::span<const uint8_t>(digest.data(), 16));
}

Result<std::string> PemOf(EVP_PKEY* key, bool private_key) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio) return InternalError("BIO_new failed");
  int ok = private_key ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr,
                                                  nullptr, 0, nullptr, nullptr)
                       : PEM_write_bio_PUBKEY(bio.get(), key);
  if (ok != 1) return InternalError("cannot write a PEM key");
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

std::string Sha256Hex(std::string_view bytes) {
  return HexEncode(internal::Sha256(bytes));
}

std::string SignedMessage(std::string_view manifest_json) {
  std::string message(kSignContext);
  message.append(manifest_json);
  return message;
}

bool IsLowerHex(std::string_view s, size_t length) {
  return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Deepest nesting of arrays/objects outside strings (the manifest is flat:
// depth 2), checked before the JSON parser sees the text.
size_t JsonDepth(std::string_view text) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{' || c == '[') deepest = std::max(deepest, ++depth);
    if ((c == '}' || c == ']') && depth > 0) --depth;
  }
  return deepest;
}

Status Corrupt(std::string_view what) {
  return CorruptInputError("bundle: " + std::string(what));
}

Result<BundleManifest> ParseManifest(std::string_view text) {
  if (JsonDepth(text) > 2) return Corrupt("manifest nests too deeply");
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Corrupt("manifest is not a JSON object");
  }
  auto str = [&](const char* key, std::string* out) -> Status {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
      return Corrupt(std::string("manifest field '") + key +
                     "' is missing or not a string");
    }
    *out = it->get<std::string>();
    return Status::OK();
  };
  auto num = [&](const char* key, uint64_t* out) -> Status {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_unsigned()) {
      return Corrupt(std::string("manifest field '") + key +
                     "' is missing or not a count");
    }
    *out = it->get<uint64_t>();
    return Status::OK();
  };
  std::string format;
  uint64_t version = 0;
  VIGIL_RETURN_IF_ERROR(str("format", &format));
  VIGIL_RETURN_IF_ERROR(num("version", &version));
  if (format != "vigil-bundle" || version != 1) {
    return Corrupt("manifest is not a vigil-bundle version 1 manifest");
  }
  BundleManifest m;
  VIGIL_RETURN_IF_ERROR(str("hashset", &m.hashset));
  VIGIL_RETURN_IF_ERROR(num("count", &m.count));
  VIGIL_RETURN_IF_ERROR(str("body_format", &m.body_format));
  VIGIL_RETURN_IF_ERROR(str("body_sha256", &m.body_sha256));
  VIGIL_RETURN_IF_ERROR(num("body_bytes", &m.body_bytes));
  VIGIL_RETURN_IF_ERROR(str("created", &m.created));
  VIGIL_RETURN_IF_ERROR(str("signer", &m.signer));
  if (m.hashset.empty() || m.hashset.size() > 256) {
    return Corrupt("manifest hashset name is empty or too long");
  }
  if (m.body_format != "csv") {
    return Corrupt("unknown list format '" + m.body_format + "'");
  }
  if (!IsLowerHex(m.body_sha256, 64)) return Corrupt("bad body_sha256");
  if (!IsLowerHex(m.signer, kKeyIdHex)) return Corrupt("bad signer key id");
  auto types = j.find("signal_types");
  if (types == j.end() || !types->is_array() || types->size() > 64) {
    return Corrupt("manifest field 'signal_types' is missing or not a list");
  }
  for (const json& t : *types) {
    if (!t.is_string()) return Corrupt("a signal type is not a string");
    Result<SignalType> type = ParseSignalType(t.get<std::string>());
    if (!type.ok()) return Corrupt(type.status().message());
    m.signal_types.push_back(*type);
  }
  return m;
}

// The line starting at `*pos` without its '\n'; advances past it. Fails
// when no '\n' comes within `max` bytes (at the end of input: truncated).
Result<std::string_view> TakeLine(std::string_view bytes, size_t* pos,
                                  size_t max, std::string_view what) {
  std::string_view rest = bytes.substr(*pos);
  size_t nl = rest.substr(0, std::min(rest.size(), max + 1)).find('\n');
  if (nl == std::string_view::npos) {
    if (rest.size() <= max)
      return Corrupt("truncated in the " + std::string(what));
    return Corrupt("the " + std::string(what) + " is too long");
  }
  *pos += nl + 1;
  return rest.substr(0, nl);
}

}  // namespace

Result<SigningKeyPair> GenerateSigningKey() {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    return InternalError("Ed25519 key generation failed");
  }
  Pkey key(raw);
  SigningKeyPair pair;
  VIGIL_ASSIGN_OR_RETURN(pair.private_pem, PemOf(key.get(), true));
  VIGIL_ASSIGN_OR_RETURN(pair.public_pem, PemOf(key.get(), false));
  VIGIL_ASSIGN_OR_RETURN(pair.key_id, KeyIdOf(key.get()));
  return pair;
}

namespace {

Status WriteNewFile(const std::string& path, std::string_view data,
                    mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) {
      return AlreadyExistsError(path + " exists; not overwriting a key");
    }
    return ErrnoToStatus(errno, "cannot create " + path);
  }
  Status s;
  while (s.ok() && !data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) s = ErrnoToStatus(errno, "cannot write " + path);
    if (n > 0) data.remove_prefix(static_cast<size_t>(n));
  }
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoToStatus(errno, "fsync " + path);
  ::close(fd);
  if (!s.ok()) ::unlink(path.c_str());
  return s;
}

}  // namespace

Status WriteSigningKey(const SigningKeyPair& key, const std::string& prefix) {
  VIGIL_RETURN_IF_ERROR(WriteNewFile(prefix, key.private_pem, 0600));
  Status s = WriteNewFile(prefix + ".pub", key.public_pem, 0644);
  if (!s.ok()) ::unlink(prefix.c_str());  // both or neither
  return s;
}

Result<std::string> PublicKeyId(std::string_view public_pem) {
  VIGIL_ASSIGN_OR_RETURN(Pkey key, ReadPem(public_pem, false));
  return KeyIdOf(key.get());
}

Result<ParsedBundle> ParseBundle(std::string_view bytes) {
  if (bytes.substr(0, kMagic.size()) != kMagic) {
    if (!bytes.empty() && kMagic.substr(0, bytes.size()) == bytes) {
      return Corrupt("truncated in the header");
    }
    return Corrupt("not a vigil bundle (no 'vigil-bundle 1' header)");
  }
  size_t pos = kMagic.size();
  VIGIL_ASSIGN_OR_RETURN(std::string_view line,
                         TakeLine(bytes, &pos, 32, "manifest length line"));
  if (line.substr(0, kManifestTag.size()) != kManifestTag) {
    return Corrupt("no manifest length line");
  }
  std::string_view digits = line.substr(kManifestTag.size());
  if (digits.empty() || digits.size() > 6 || (digits[0] == '0') ||
      !std::all_of(digits.begin(), digits.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return Corrupt("bad manifest length");
  }
  const size_t manifest_len = std::stoul(std::string(digits));
  if (manifest_len > kMaxManifestBytes) return Corrupt("manifest too large");
  if (bytes.size() - pos < manifest_len + 1) {
    return Corrupt("truncated in the manifest");
  }
  ParsedBundle b;
  b.manifest_json.assign(bytes.substr(pos, manifest_len));
  pos += manifest_len;
  if (bytes[pos] != '\n') return Corrupt("manifest length is wrong");
  ++pos;
  if (pos == bytes.size()) return Corrupt("truncated after the manifest");
  constexpr std::string_view kSignatureWord = "signature ";
  std::string_view rest = bytes.substr(pos);
  if (rest.substr(0, kSignatureWord.size()) != kSignatureWord) {
    if (kSignatureWord.substr(0, rest.size()) == rest) {
      return Corrupt("truncated in the signature line");
    }
    return Corrupt("unsigned: no signature line after the manifest");
  }
  VIGIL_ASSIGN_OR_RETURN(
      line, TakeLine(bytes, &pos, kSignatureTag.size() + kKeyIdHex + 1 + 128,
                     "signature line"));
  if (line.substr(0, kSignatureTag.size()) != kSignatureTag) {
    return Corrupt("unsupported signature (only ed25519)");
  }
  line.remove_prefix(kSignatureTag.size());
  if (line.size() != kKeyIdHex + 1 + 2 * kSignatureBytes ||
      line[kKeyIdHex] != ' ' ||
      !IsLowerHex(line.substr(0, kKeyIdHex), kKeyIdHex) ||
      !IsLowerHex(line.substr(kKeyIdHex + 1), 2 * kSignatureBytes)) {
    return Corrupt("malformed signature line");
  }
  b.signature_key_id.assign(line.substr(0, kKeyIdHex));
  VIGIL_ASSIGN_OR_RETURN(b.signature, HexDecode(line.substr(kKeyIdHex + 1)));
  VIGIL_ASSIGN_OR_RETURN(b.manifest, ParseManifest(b.manifest_json));
  if (b.manifest.signer != b.signature_key_id) {
    return Corrupt("the signature's key id differs from the manifest's signer");
  }
  const size_t body_len = bytes.size() - pos;
  if (body_len < b.manifest.body_bytes) {
    return Corrupt("truncated: the list has " + std::to_string(body_len) +
                   " of " + std::to_string(b.manifest.body_bytes) + " bytes");
  }
  if (body_len > b.manifest.body_bytes) {
    return Corrupt(std::to_string(body_len - b.manifest.body_bytes) +
                   " bytes after the list");
  }
  b.body.assign(bytes.substr(pos));
  return b;
}

Result<ParsedBundle> OpenBundle(
    std::string_view bytes, std::span<const std::string> trusted_public_pems) {
  if (trusted_public_pems.empty()) {
    return InvalidArgumentError("no trusted key to check the bundle with");
  }
  VIGIL_ASSIGN_OR_RETURN(ParsedBundle b, ParseBundle(bytes));
  Pkey signer;
  std::string known;
  for (const std::string& pem : trusted_public_pems) {
    VIGIL_ASSIGN_OR_RETURN(Pkey key, ReadPem(pem, false));
    VIGIL_ASSIGN_OR_RETURN(std::string id, KeyIdOf(key.get()));
    if (id == b.signature_key_id) signer = std::move(key);
    known += (known.empty() ? "" : ", ") + id;
  }
  if (!signer) {
    return PermissionDeniedError(
        "bundle is signed by key " + b.signature_key_id +
        ", which is not trusted (trusted: " + known + ")");
  }
  const std::string message = SignedMessage(b.manifest_json);
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr,
                                   signer.get()) != 1) {
    return InternalError("cannot set up Ed25519 verification");
  }
  if (EVP_DigestVerify(ctx.get(), b.signature.data(), b.signature.size(),
                       reinterpret_cast<const uint8_t*>(message.data()),
                       message.size()) != 1) {
    return PermissionDeniedError(
        "bundle signature does not verify with key " + b.signature_key_id +
        ": the manifest was changed or signed with another key");
  }
  const std::string digest = Sha256Hex(b.body);
  if (digest != b.manifest.body_sha256) {
    return PermissionDeniedError(
        "bundle list does not match its signed manifest (SHA-256 " + digest +
        ", signed " + b.manifest.body_sha256 + "): the list was changed");
  }
  return b;
}

Result<std::string> MakeBundle(const HashsetStore& store,
                               std::string_view hashset,
                               std::string_view private_pem) {
  VIGIL_ASSIGN_OR_RETURN(Pkey key, ReadPem(private_pem, true));
  VIGIL_ASSIGN_OR_RETURN(std::string key_id, KeyIdOf(key.get()));
  VIGIL_ASSIGN_OR_RETURN(Hashset h, store.GetHashset(hashset));
  BundleManifest m;
  m.hashset = h.config.name;
  for (const auto& [type, n] : h.entry_counts) {
    if (n == 0) continue;
    if (type == SignalType::kVpdq) {
      return InvalidArgumentError(
          "hashset '" + m.hashset +
          "' holds video (vpdq) entries, which a list bundle cannot carry");
    }
    m.signal_types.push_back(type);
  }
  std::string body;
  ExportOptions options;
  options.format = HashsetFormat::kCsv;
  VIGIL_RETURN_IF_ERROR(store.Export(hashset, options, [&](std::string_view c) {
    body.append(c);
    return Status::OK();
  }));
  m.count = h.TotalEntries();
  m.body_format = "csv";
  m.body_sha256 = Sha256Hex(body);
  m.body_bytes = body.size();
  m.created = FormatRfc3339(internal::NowMs());
  m.signer = key_id;
  json types = json::array();
  for (SignalType t : m.signal_types) types.push_back(SignalTypeName(t));
  const std::string manifest = json{
      {"format", "vigil-bundle"},
      {"version", 1},
      {"hashset", m.hashset},
      {"signal_types", types},
      {"count", m.count},
      {"body_format", m.body_format},
      {"body_sha256", m.body_sha256},
      {"body_bytes", m.body_bytes},
      {"created", m.created},
      {"signer", m.signer}}.dump();
  const std::string message = SignedMessage(manifest);
  uint8_t sig[kSignatureBytes];
  size_t sig_len = sizeof(sig);
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) !=
          1 ||
      EVP_DigestSign(ctx.get(), sig, &sig_len,
                     reinterpret_cast<const uint8_t*>(message.data()),
                     message.size()) != 1 ||
      sig_len != kSignatureBytes) {
    return InternalError("Ed25519 signing failed");
  }
  std::string out(kMagic);
  out += std::string(kManifestTag) + std::to_string(manifest.size()) + "\n";
  out += manifest + "\n";
  out += std::string(kSignatureTag) + key_id + " " +
         HexEncode(std::span<const uint8_t>(sig, sig_len)) + "\n";
  out += body;
  return out;
}

Result<ImportResult> ImportBundle(
    HashsetStore& store, std::string_view bytes,
    std::span<const std::string> trusted_public_pems, std::string_view hashset,
    const ImportOptions& options) {
  VIGIL_ASSIGN_OR_RETURN(ParsedBundle b,
                         OpenBundle(bytes, trusted_public_pems));
  ImportOptions o = options;
  o.format = HashsetFormat::kCsv;
  o.type.reset();
  o.expected_records = b.manifest.count;
  if (o.source_name.empty()) {
    o.source_name = "bundle signed by " + b.signature_key_id;
  }
  return store.ImportText(hashset.empty() ? b.manifest.hashset : hashset,
                          b.body, o);
}

}  // namespace vigil
