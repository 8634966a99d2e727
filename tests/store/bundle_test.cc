// Copyright 2026 The Vigil Authors.
//
// Signed bundles (engine/src/store/bundle.cc): a good bundle round-trips,
// and unsigned, tampered (list or manifest), foreign-signed, truncated and
// malformed bundles are refused before the store changes.

#include "vigil/bundle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <random>

#include "store/test_util.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/hashset_store.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;
using Keys = std::vector<std::string>;

std::string ExportCsv(const HashsetStore& store, const std::string& name) {
  std::string out;
  ExportOptions o;
  o.format = HashsetFormat::kCsv;
  EXPECT_TRUE(store
                  .Export(name, o,
                          [&](std::string_view c) {
                            out.append(c);
                            return Status::OK();
                          })
                  .ok());
  return out;
}

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VIGIL_ASSERT_OK_AND_ASSIGN(source_,
                               HashsetStore::Open(tmp_.path() + "/src", {}));
    VIGIL_ASSERT_OK_AND_ASSIGN(target_,
                               HashsetStore::Open(tmp_.path() + "/dst", {}));
    HashsetConfig c;
    c.name = "shared";
    c.signal_types = {SignalType::kPdq, SignalType::kMd5};
    ASSERT_TRUE(source_->CreateHashset(c, {}).ok());
    ASSERT_TRUE(target_->CreateHashset(c, {}).ok());
    std::mt19937_64 rng(17);
    std::string list = "signal_type,hash,external_id,category,note\n";
    for (int i = 0; i < 40; ++i) {
      SignalType t = i % 4 == 0 ? SignalType::kMd5 : SignalType::kPdq;
      list += std::string(SignalTypeName(t)) + "," +
              testing::RandomSignal(t, rng).ToHex() + ",case-" +
              std::to_string(i) + ",A1,\"note, with comma\"\n";
    }
    ImportOptions o;
    o.format = HashsetFormat::kCsv;
    ASSERT_TRUE(source_->ImportText("shared", list, o).ok());
    VIGIL_ASSERT_OK_AND_ASSIGN(key_, GenerateSigningKey());
    VIGIL_ASSERT_OK_AND_ASSIGN(other_key_, GenerateSigningKey());
    VIGIL_ASSERT_OK_AND_ASSIGN(
        bundle_, MakeBundle(*source_, "shared", key_.private_pem));
  }

  // Imports `bytes` into the target trusting `trusted`, and checks that a
  // refused import changed nothing.
  Status Import(const std::string& bytes,
                const std::vector<std::string>& trusted) {
    const uint64_t seq = target_->LastChangeSeq();
    Result<ImportResult> r = ImportBundle(*target_, bytes, trusted, "", {});
    if (!r.ok()) {
      EXPECT_EQ(target_->LastChangeSeq(), seq);
      EXPECT_EQ(target_->GetHashset("shared")->TotalEntries(), 0u);
    }
    return r.status();
  }

  TempDir tmp_;
  std::unique_ptr<HashsetStore> source_, target_;
  SigningKeyPair key_, other_key_;
  std::string bundle_;
};

TEST_F(BundleTest, GoodBundleImportsTheSameList) {
  VIGIL_ASSERT_OK_AND_ASSIGN(ParsedBundle parsed, ParseBundle(bundle_));
  EXPECT_EQ(parsed.manifest.hashset, "shared");
  EXPECT_EQ(parsed.manifest.count, 40u);
  EXPECT_EQ(parsed.manifest.signer, key_.key_id);
  EXPECT_EQ(parsed.manifest.signal_types,
            (std::vector<SignalType>{SignalType::kMd5, SignalType::kPdq}));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      ImportResult r,
      ImportBundle(*target_, bundle_, Keys{key_.public_pem}, "", {}));
  EXPECT_EQ(r.added, 40u);
  EXPECT_EQ(ExportCsv(*target_, "shared"), ExportCsv(*source_, "shared"));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto log, target_->ReadLog(0, 0));
  EXPECT_THAT(log.back().json, HasSubstr("bundle signed by " + key_.key_id));
}

TEST_F(BundleTest, KeyRotationAcceptsAnyTrustedKey) {
  // The recipient trusts the old and the new key during a rotation.
  VIGIL_EXPECT_OK(Import(bundle_, {other_key_.public_pem, key_.public_pem}));
}

TEST_F(BundleTest, WrongKeyIsRefused) {
  EXPECT_THAT(Import(bundle_, {other_key_.public_pem}),
              StatusIs(StatusCode::kPermissionDenied,
                       HasSubstr("signed by key " + key_.key_id +
                                 ", which is not trusted")));
  // Claiming the trusted key's id does not help: the signature fails.
  std::string forged = bundle_;
  for (size_t p = forged.find(key_.key_id); p != std::string::npos;
       p = forged.find(key_.key_id, p + 1)) {
    forged.replace(p, other_key_.key_id.size(), other_key_.key_id);
  }
  EXPECT_THAT(Import(forged, {other_key_.public_pem}),
              StatusIs(StatusCode::kPermissionDenied,
                       HasSubstr("signature does not verify")));
}

TEST_F(BundleTest, TamperedBodyIsRefused) {
  std::string tampered = bundle_;
  size_t p = tampered.rfind(",case-");
  ASSERT_NE(p, std::string::npos);
  tampered[p + 6] = tampered[p + 6] == '9' ? '8' : '9';  // same length
  EXPECT_THAT(Import(tampered, {key_.public_pem}),
              StatusIs(StatusCode::kPermissionDenied,
                       HasSubstr("list does not match its signed manifest")));
  // A line added to the list changes its size: refused before hashing.
  EXPECT_THAT(Import(bundle_ + "md5," + std::string(32, 'a') + ",,,\n",
                     {key_.public_pem}),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("after the list")));
}

TEST_F(BundleTest, TamperedManifestIsRefused) {
  std::string tampered = bundle_;
  size_t p = tampered.find("\"count\":40");
  ASSERT_NE(p, std::string::npos);
  tampered[p + 9] = '1';  // 41, same length
  EXPECT_THAT(Import(tampered, {key_.public_pem}),
              StatusIs(StatusCode::kPermissionDenied,
                       HasSubstr("signature does not verify")));
  tampered = bundle_;
  p = tampered.find("\"hashset\":\"shared\"");
  ASSERT_NE(p, std::string::npos);
  tampered[p + 11] = 'S';
  EXPECT_THAT(Import(tampered, {key_.public_pem}),
              StatusIs(StatusCode::kPermissionDenied,
                       HasSubstr("signature does not verify")));
}

TEST_F(BundleTest, UnsignedBundleIsRefused) {
  size_t begin = bundle_.find("\nsignature ");
  ASSERT_NE(begin, std::string::npos);
  size_t end = bundle_.find('\n', begin + 1);
  std::string unsigned_bundle =
      bundle_.substr(0, begin + 1) + bundle_.substr(end + 1);
  EXPECT_THAT(Import(unsigned_bundle, {key_.public_pem}),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("unsigned")));
}

TEST_F(BundleTest, EveryTruncationIsRefused) {
  for (size_t n = 0; n < bundle_.size(); ++n) {
    Result<ParsedBundle> r =
        ParseBundle(std::string_view(bundle_).substr(0, n));
    ASSERT_FALSE(r.ok()) << "prefix of " << n << " bytes was accepted";
    EXPECT_EQ(r.status().code(), StatusCode::kCorruptInput) << n;
  }
  EXPECT_THAT(Import(bundle_.substr(0, bundle_.size() - 1), {key_.public_pem}),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("truncated")));
}

TEST_F(BundleTest, MalformedInputIsRefused) {
  for (std::string bad : {std::string(""), std::string("PK\x03\x04"),
                          std::string("vigil-bundle 2\n"),
                          std::string("vigil-bundle 1\nmanifest 99999999\n"),
                          std::string("vigil-bundle 1\nmanifest 012\n"),
                          std::string("vigil-bundle 1\nmanifest -1\n"),
                          std::string("vigil-bundle 1\nmanifest 2\n{}x")}) {
    EXPECT_THAT(ParseBundle(bad),
                StatusIs(StatusCode::kCorruptInput, HasSubstr("bundle")))
        << bad;
  }
  // Deep nesting is refused before the JSON parser runs.
  std::string deep(5000, '[');
  std::string nested = "vigil-bundle 1\nmanifest " +
                       std::to_string(deep.size()) + "\n" + deep +
                       "\nsignature ed25519 " + std::string(32, 'a') + " " +
                       std::string(128, 'b') + "\n";
  EXPECT_THAT(ParseBundle(nested),
              StatusIs(StatusCode::kCorruptInput, HasSubstr("deeply")));
  // Random bytes after a valid header never crash the reader.
  std::mt19937_64 rng(5);
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = bundle_;
    for (int k = 0; k < 3; ++k) {
      mutated[rng() % mutated.size()] = static_cast<char>(rng());
    }
    Result<ParsedBundle> r = OpenBundle(mutated, Keys{key_.public_pem});
    if (r.ok()) {
      EXPECT_EQ(mutated, bundle_);
    }
  }
}

TEST_F(BundleTest, ExpectedRecordCountIsEnforcedAllOrNothing) {
  ImportOptions o;
  o.format = HashsetFormat::kTyped;
  o.expected_records = 3;
  EXPECT_THAT(target_->ImportText("shared",
                                  "md5 " + std::string(32, 'a') + "\nmd5 " +
                                      std::string(32, 'b') + "\n",
                                  o),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("holds 2 records where 3 were expected")));
  EXPECT_EQ(target_->GetHashset("shared")->TotalEntries(), 0u);
}

TEST_F(BundleTest, KeyFilesArePrivateAndNeverOverwritten) {
  const std::string prefix = tmp_.path() + "/lists";
  VIGIL_ASSERT_OK(WriteSigningKey(key_, prefix));
  struct stat st;
  ASSERT_EQ(::stat(prefix.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(testing::ReadFileOrEmpty(prefix + ".pub"), key_.public_pem);
  VIGIL_ASSERT_OK_AND_ASSIGN(std::string id, PublicKeyId(key_.public_pem));
  EXPECT_EQ(id, key_.key_id);
  EXPECT_EQ(id.size(), 32u);
  EXPECT_THAT(WriteSigningKey(other_key_, prefix),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("exists")));
  EXPECT_EQ(testing::ReadFileOrEmpty(prefix), key_.private_pem);
  EXPECT_THAT(PublicKeyId("-----BEGIN PUBLIC KEY-----\nAAAA\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("PEM")));
  // A private key is not a trusted key.
  EXPECT_THAT(OpenBundle(bundle_, Keys{key_.private_pem}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("public key")));
}

}  // namespace
}  // namespace vigil
