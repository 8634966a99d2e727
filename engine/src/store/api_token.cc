// Copyright 2026 The Vigil Authors.
//
// API tokens in the store's "tokens" column family:
//   "n/" name        -> {"sha256", "scopes", "created_at_ms", "created_by"}
//   "h/" sha256 hex  -> name
// Both keys are written and deleted in one synced batch.

#include "vigil/api_token.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <sys/random.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/internal/json_record.h"
#include "store/internal/db_access.h"
#include "store/internal/keys.h"
#include "store/internal/store_impl.h"
#include "vigil/digest.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"

namespace vigil {
namespace {

constexpr char kSecretPrefix[] = "vgl_";
constexpr size_t kSecretBytes = 32;

// Serialises creation (check, then write) within the process; the store's
// writer lock keeps other processes out.
std::mutex& CreateMutex() {
  static std::mutex mu;
  return mu;
}

std::string SecretHash(std::string_view secret) {
  Digests d = ComputeDigests(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(secret.data()), secret.size()));
  return d.Hex(SignalType::kSha256);
}

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

Result<rocksdb::ColumnFamilyHandle*> TokensCf(const HashsetStore& store,
                                              bool write) {
  if (write && store.read_only()) {
    return FailedPreconditionError("the store is open read-only");
  }
  rocksdb::ColumnFamilyHandle* cf =
      internal::StoreColumnFamily(store, internal::kTokensCf);
  if (cf == nullptr) return NotFoundError("the store has no tokens");
  return cf;
}

// Tokens verified before, by the SHA-256 of their secret, per open
// database (its RocksDB session id, unique per open), so that a request
// does not read the store and parse the record each time. An entry holds
// only while the database's sequence number is the one read before the
// token was: every write (a revocation or a re-creation included) moves it,
// so nothing is served that the store would not give now.
struct VerifiedTokens {
  uint64_t seq = 0;
  std::unordered_map<std::string, ApiToken> by_hash;
};
constexpr size_t kMaxVerifiedTokens = 1024;
constexpr size_t kMaxVerifiedStores = 16;

std::mutex& VerifiedMutex() {
  static std::mutex mu;
  return mu;
}
std::map<std::string, VerifiedTokens>& Verified() {  // GUARDED_BY mutex
  static auto* verified = new std::map<std::string, VerifiedTokens>();
  return *verified;
}

std::string SessionId(rocksdb::DB* db) {
  std::string id;
  if (!db->GetDbSessionId(id).ok()) id.clear();
  return id;
}

std::optional<ApiToken> CachedToken(const std::string& session, uint64_t seq,
                                    const std::string& hash) {
  if (session.empty()) return std::nullopt;
  std::lock_guard<std::mutex> lock(VerifiedMutex());
  auto store = Verified().find(session);
  if (store == Verified().end() || store->second.seq != seq) {
    return std::nullopt;
  }
  auto it = store->second.by_hash.find(hash);
  if (it == store->second.by_hash.end()) return std::nullopt;
  return it->second;
}

// Keeps `token` as verified at sequence `seq` (read before the store was).
void KeepToken(const std::string& session, uint64_t seq,
               const std::string& hash, const ApiToken& token) {
  if (session.empty()) return;
  std::lock_guard<std::mutex> lock(VerifiedMutex());
  auto& all = Verified();
  if (all.count(session) == 0 && all.size() >= kMaxVerifiedStores) {
    all.clear();
  }
  VerifiedTokens& v = all[session];
  if (v.seq != seq) {
    v.by_hash.clear();
    v.seq = seq;
  }
  if (v.by_hash.size() >= kMaxVerifiedTokens) v.by_hash.clear();
  v.by_hash[hash] = token;
}

}  // namespace

namespace internal {

Result<ApiToken> DecodeApiTokenRecord(std::string_view name,
                                      std::string_view value,
                                      std::string* sha256) {
  const std::string what = "token record of '" + std::string(name) + "'";
  VIGIL_ASSIGN_OR_RETURN(nlohmann::json j, ParseRecord(value, what));
  ApiToken t;
  t.name = std::string(name);
  VIGIL_RETURN_IF_ERROR(ReadField(j, "scopes", &t.scopes, what));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "created_at_ms", &t.created_at_ms, what));
  VIGIL_RETURN_IF_ERROR(ReadField(j, "created_by", &t.created_by, what));
  if (sha256 != nullptr) {
    sha256->clear();
    VIGIL_RETURN_IF_ERROR(ReadField(j, "sha256", sha256, what));
  }
  return t;
}

}  // namespace internal

bool ApiToken::HasScope(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

const std::vector<std::string>& ApiTokenScopes() {
  static const std::vector<std::string> kScopes = {"hash", "match", "curate",
                                                   "events", "admin"};
  return kScopes;
}

Result<std::string> CreateApiToken(HashsetStore& store, std::string_view name,
                                   const std::vector<std::string>& scopes,
                                   std::string_view actor) {
  if (!ValidName(name)) {
    return InvalidArgumentError(
        "token name must be 1-64 characters of A-Z a-z 0-9 _ . -");
  }
  if (scopes.empty()) return InvalidArgumentError("a token needs a scope");
  std::vector<std::string> sorted;
  for (const std::string& s : scopes) {
    const auto& known = ApiTokenScopes();
    if (std::find(known.begin(), known.end(), s) == known.end()) {
      return InvalidArgumentError("unknown scope '" + s +
                                  "' (hash, match, curate, events, admin)");
    }
    sorted.push_back(s);
  }
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  VIGIL_ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * cf,
                         TokensCf(store, true));

  uint8_t random[kSecretBytes];
  size_t got = 0;
  while (got < sizeof(random)) {
    ssize_t n = getrandom(random + got, sizeof(random) - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IOError("cannot read random bytes for a token");
    }
    got += static_cast<size_t>(n);
  }
  const std::string secret =
      kSecretPrefix + HexEncode(std::span<const uint8_t>(random, got));
  const std::string hash = SecretHash(secret);

  nlohmann::json record = {
      {"sha256", hash},
      {"scopes", sorted},
      {"created_at_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count()},
      {"created_by", std::string(actor)}};
  rocksdb::DB* db = internal::StoreDb(store);
  std::lock_guard<std::mutex> lock(CreateMutex());
  std::string existing;
  const std::string name_key = "n/" + std::string(name);
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf, name_key, &existing);
  if (s.ok()) {
    return AlreadyExistsError("token '" + std::string(name) +
                              "' exists already");
  }
  if (!s.IsNotFound()) return internal::FromRocks(s, "cannot read tokens");
  rocksdb::WriteBatch batch;
  batch.Put(cf, name_key, record.dump());
  batch.Put(cf, "h/" + hash, std::string(name));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  s = db->Write(wo, &batch);
  if (!s.ok()) return internal::FromRocks(s, "cannot store the token");
  return secret;
}

Result<ApiToken> VerifyApiToken(const HashsetStore& store,
                                std::string_view secret) {
  const Status denied = PermissionDeniedError("unknown or revoked token");
  if (secret.size() != 4 + 2 * kSecretBytes ||
      secret.substr(0, 4) != kSecretPrefix) {
    return denied;
  }
  auto cf = TokensCf(store, false);
  if (!cf.ok()) return denied;
  rocksdb::DB* db = internal::StoreDb(store);
  const std::string hash = SecretHash(secret);
  const std::string session = SessionId(db);
  // Read before the store: a write after it invalidates what is kept.
  const uint64_t seq = db->GetLatestSequenceNumber();
  if (std::optional<ApiToken> t = CachedToken(session, seq, hash)) return *t;
  std::string name;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), *cf, "h/" + hash, &name);
  if (s.IsNotFound()) return denied;
  if (!s.ok()) return internal::FromRocks(s, "cannot read tokens");
  std::string value;
  s = db->Get(rocksdb::ReadOptions(), *cf, "n/" + name, &value);
  if (s.IsNotFound()) return denied;
  if (!s.ok()) return internal::FromRocks(s, "cannot read tokens");
  VIGIL_ASSIGN_OR_RETURN(ApiToken token,
                         internal::DecodeApiTokenRecord(name, value, nullptr));
  KeepToken(session, seq, hash, token);
  return token;
}

Result<std::vector<ApiToken>> ListApiTokens(const HashsetStore& store) {
  std::vector<ApiToken> out;
  auto cf = TokensCf(store, false);
  if (!cf.ok()) return out;  // a store from before tokens: none
  std::unique_ptr<rocksdb::Iterator> it(
      internal::StoreDb(store)->NewIterator(rocksdb::ReadOptions(), *cf));
  for (it->Seek("n/"); it->Valid() && it->key().starts_with("n/"); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    VIGIL_ASSIGN_OR_RETURN(ApiToken t,
                           internal::DecodeApiTokenRecord(
                               key.substr(2), it->value().ToString(), nullptr));
    out.push_back(std::move(t));
  }
  if (!it->status().ok()) {
    return internal::FromRocks(it->status(), "cannot read tokens");
  }
  return out;
}

Status RevokeApiToken(HashsetStore& store, std::string_view name) {
  VIGIL_ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * cf,
                         TokensCf(store, true));
  rocksdb::DB* db = internal::StoreDb(store);
  std::lock_guard<std::mutex> lock(CreateMutex());
  const std::string name_key = "n/" + std::string(name);
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf, name_key, &value);
  if (s.IsNotFound()) {
    return NotFoundError("no token '" + std::string(name) + "'");
  }
  if (!s.ok()) return internal::FromRocks(s, "cannot read tokens");
  std::string hash;
  VIGIL_RETURN_IF_ERROR(
      internal::DecodeApiTokenRecord(name, value, &hash).status());
  rocksdb::WriteBatch batch;
  batch.Delete(cf, name_key);
  if (!hash.empty()) batch.Delete(cf, "h/" + hash);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  s = db->Write(wo, &batch);
  if (!s.ok()) return internal::FromRocks(s, "cannot revoke the token");
  return Status::OK();
}

}  // namespace vigil
