// Copyright 2026 The Vigil Authors.
//
// API token records (engine/src/store/api_token.cc): what CreateApiToken
// writes reads back; a record of a damaged or tampered store is
// corrupt_input with a message (never an exception), and every reader
// fails loudly on it.

#include "vigil/api_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "store/internal/db_access.h"
#include "store/internal/keys.h"
#include "store/internal/store_impl.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/hashset_store.h"

namespace vigil {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

TEST(ApiTokenRecordTest, MalformedRecordsAreCorruptInput) {
  std::string sha256;
  for (const char* bad :
       {"", "not json", "[]", "null", R"({"scopes":"admin"})",
        R"({"scopes":["admin",1]})", R"({"created_at_ms":"x"})",
        R"({"created_at_ms":2.5})", R"({"created_by":false})",
        R"({"sha256":["ab"]})"}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT(internal::DecodeApiTokenRecord("ops", bad, &sha256),
                StatusIs(StatusCode::kCorruptInput,
                         HasSubstr("token record of 'ops'")));
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ApiToken t,
      internal::DecodeApiTokenRecord(
          "ops", R"({"scopes":["hash"],"created_at_ms":7,"sha256":"ab"})",
          &sha256));
  EXPECT_EQ(t.name, "ops");
  EXPECT_THAT(t.scopes, ElementsAre("hash"));
  EXPECT_EQ(t.created_at_ms, 7);
  EXPECT_EQ(t.created_by, "");
  EXPECT_EQ(sha256, "ab");
}

TEST(ApiTokenRecordTest, TamperedRecordFailsEveryReaderLoudly) {
  TempDir tmp;
  VIGIL_ASSERT_OK_AND_ASSIGN(auto store, HashsetStore::Open(tmp.path(), {}));
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string secret,
                             CreateApiToken(*store, "ops", {"match"}, "admin"));
  VIGIL_ASSERT_OK_AND_ASSIGN(ApiToken t, VerifyApiToken(*store, secret));
  EXPECT_THAT(t.scopes, ElementsAre("match"));
  EXPECT_EQ(t.created_by, "admin");

  ASSERT_TRUE(
      internal::StoreDb(*store)
          ->Put(rocksdb::WriteOptions(),
                internal::StoreColumnFamily(*store, internal::kTokensCf),
                "n/ops", R"({"scopes":"admin"})")
          .ok());
  const auto corrupt =
      StatusIs(StatusCode::kCorruptInput,
               HasSubstr("token record of 'ops': field 'scopes' is not a "
                         "list of strings"));
  EXPECT_THAT(VerifyApiToken(*store, secret), corrupt);
  EXPECT_THAT(ListApiTokens(*store), corrupt);
  EXPECT_THAT(RevokeApiToken(*store, "ops"), corrupt);
}

// Verification, scopes and revocation. A verified token is remembered per
// open store until the next write to it (api_token.cc): nothing remembered
// outlives a revocation or a re-creation, or crosses to another store.
class ApiTokenTest : public ::testing::Test {
 protected:
  std::unique_ptr<HashsetStore> Open(const std::string& name) {
    auto store = HashsetStore::Open(dir_.path() + "/" + name, {});
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }
  static bool Denied(const HashsetStore& store, const std::string& secret) {
    Result<ApiToken> t = VerifyApiToken(store, secret);
    return !t.ok() && t.status().code() == StatusCode::kPermissionDenied;
  }

  TempDir dir_;
};

TEST_F(ApiTokenTest, VerifiesTheSameTokenEachTimeWithItsScopes) {
  auto store = Open("db");
  VIGIL_ASSERT_OK_AND_ASSIGN(
      std::string secret,
      CreateApiToken(*store, "uploader", {"match", "hash", "match"}, "ops"));
  for (int i = 0; i < 3; ++i) {
    VIGIL_ASSERT_OK_AND_ASSIGN(ApiToken t, VerifyApiToken(*store, secret));
    EXPECT_EQ(t.name, "uploader");
    EXPECT_THAT(t.scopes, ElementsAre("hash", "match"));
    EXPECT_EQ(t.created_by, "ops");
    EXPECT_TRUE(t.HasScope("match"));
    EXPECT_FALSE(t.HasScope("admin"));
  }
  std::string wrong = secret;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_TRUE(Denied(*store, wrong));
  EXPECT_TRUE(Denied(*store, "vgl_short"));
  EXPECT_TRUE(Denied(*store, ""));
}

TEST_F(ApiTokenTest, ARevokedTokenIsDeniedAtOnceAfterBeingVerified) {
  auto store = Open("db");
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string secret,
                             CreateApiToken(*store, "a", {"match"}, "ops"));
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string other,
                             CreateApiToken(*store, "b", {"events"}, "ops"));
  VIGIL_ASSERT_OK(VerifyApiToken(*store, secret).status());
  VIGIL_ASSERT_OK(VerifyApiToken(*store, secret).status());
  VIGIL_ASSERT_OK(RevokeApiToken(*store, "a"));
  EXPECT_TRUE(Denied(*store, secret));
  EXPECT_TRUE(Denied(*store, secret));
  VIGIL_ASSERT_OK_AND_ASSIGN(ApiToken b, VerifyApiToken(*store, other));
  EXPECT_EQ(b.name, "b");
}

TEST_F(ApiTokenTest, ARecreatedNameHasOnlyItsNewSecretAndScopes) {
  auto store = Open("db");
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string old_secret,
                             CreateApiToken(*store, "svc", {"admin"}, "ops"));
  VIGIL_ASSERT_OK(VerifyApiToken(*store, old_secret).status());
  VIGIL_ASSERT_OK(RevokeApiToken(*store, "svc"));
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string secret,
                             CreateApiToken(*store, "svc", {"match"}, "ops"));
  EXPECT_TRUE(Denied(*store, old_secret));
  VIGIL_ASSERT_OK_AND_ASSIGN(ApiToken t, VerifyApiToken(*store, secret));
  EXPECT_THAT(t.scopes, ElementsAre("match"));
}

TEST_F(ApiTokenTest, OtherWritesKeepTokensValid) {
  auto store = Open("db");
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string secret,
                             CreateApiToken(*store, "a", {"curate"}, "ops"));
  VIGIL_ASSERT_OK(VerifyApiToken(*store, secret).status());
  HashsetConfig config;
  config.name = "cases";
  config.signal_types = {SignalType::kMd5};
  VIGIL_ASSERT_OK(store->CreateHashset(config, {"ops", ""}).status());
  VIGIL_ASSERT_OK_AND_ASSIGN(ApiToken t, VerifyApiToken(*store, secret));
  EXPECT_EQ(t.name, "a");
}

// Two stores with the same history up to the token's name: what one
// verified is not taken for the other, whose sequence number is the same.
TEST_F(ApiTokenTest, ATokenOfOneStoreIsNotValidInAnother) {
  auto one = Open("one");
  auto two = Open("two");
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string secret,
                             CreateApiToken(*one, "a", {"match"}, "ops"));
  VIGIL_ASSERT_OK(CreateApiToken(*two, "b", {"match"}, "ops").status());
  VIGIL_ASSERT_OK(VerifyApiToken(*one, secret).status());
  EXPECT_TRUE(Denied(*two, secret));
  // The same directory reopened still knows it (it is in the store).
  one.reset();
  one = Open("one");
  VIGIL_ASSERT_OK(VerifyApiToken(*one, secret).status());
}

}  // namespace
}  // namespace vigil
