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

}  // namespace
}  // namespace vigil
