// Copyright 2026 The Vigil Authors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <tuple>

#include "store/test_util.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/hashset_store.h"

namespace vigil {
namespace {

using ::testing::HasSubstr;
using ::vigil::testing::PdqLines;
using ::vigil::testing::RandomSignal;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

using EntryTuple =
    std::tuple<int, std::string, std::string, std::string, std::string>;

class StoreImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = HashsetStore::Open(tmp_.path() + "/db", {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  Hashset Create(const std::string& name, std::vector<SignalType> types) {
    HashsetConfig c;
    c.name = name;
    c.signal_types = std::move(types);
    auto h = store_->CreateHashset(c, {"test", ""});
    EXPECT_TRUE(h.ok()) << h.status();
    return h.ok() ? *h : Hashset{};
  }
  std::string ExportText(const std::string& name, HashsetFormat format,
                         std::optional<SignalType> type = std::nullopt) {
    std::string out;
    Status s = store_->Export(name, {format, type}, [&](std::string_view c) {
      out.append(c);
      return Status::OK();
    });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }
  std::set<EntryTuple> AllEntries(uint32_t id) {
    std::set<EntryTuple> out;
    for (SignalType t : AllSignalTypes()) {
      if (SignalTypeByteSize(t) == 0) continue;
      VIGIL_EXPECT_OK(store_->ForEachEntry(t, [&](const Entry& e) -> Status {
        if (e.hashset_id == id) {
          out.emplace(static_cast<int>(t), e.signal.ToHex(), e.external_id,
                      e.category, e.note);
        }
        return Status::OK();
      }));
    }
    return out;
  }

  TempDir tmp_;
  std::unique_ptr<HashsetStore> store_;
  std::mt19937_64 rng_{1234};
};

const std::vector<SignalType> kAllTypes = {
    SignalType::kMd5, SignalType::kSha1, SignalType::kSha256, SignalType::kPdq};

TEST_F(StoreImportTest, EveryFormatRoundTrips) {
  Hashset src = Create("src", kAllTypes);
  // Metadata with every character the formats must escape.
  const std::vector<EntryInfo> infos = {
      {"id-1", "cat a", "plain note", "t"},
      {"id,2", "\"quoted\"", "multi\nline\r\nnote", "t"},
      {"id\t3", "back\\slash", "", "t"},
      {"", "", "# not a comment", "t"},
  };
  for (const EntryInfo& info : infos) {
    std::vector<Signal> media;
    for (SignalType t : kAllTypes) media.push_back(RandomSignal(t, rng_));
    ASSERT_TRUE(store_->AddEntry("src", media, info).ok());
  }
  ImportOptions pdq;
  pdq.type = SignalType::kPdq;
  VIGIL_ASSERT_OK(store_->ImportText("src", PdqLines(3000, 5), pdq).status());

  for (HashsetFormat format : {HashsetFormat::kCsv, HashsetFormat::kTsv}) {
    SCOPED_TRACE(HashsetFormatName(format));
    std::string text = ExportText("src", format);
    std::string name = std::string("dst-") + HashsetFormatName(format);
    Hashset dst = Create(name, kAllTypes);
    VIGIL_ASSERT_OK_AND_ASSIGN(ImportResult r,
                               store_->ImportText(name, text, {}));
    EXPECT_EQ(r.format, format);  // detected
    EXPECT_EQ(r.added, 3016u);
    EXPECT_EQ(ExportText(name, format), text);
    EXPECT_EQ(AllEntries(dst.id), AllEntries(src.id));
  }
  {
    std::string text = ExportText("src", HashsetFormat::kTyped);
    Hashset dst = Create("dst-typed", kAllTypes);
    VIGIL_ASSERT_OK_AND_ASSIGN(ImportResult r,
                               store_->ImportText("dst-typed", text, {}));
    EXPECT_EQ(r.format, HashsetFormat::kTyped);
    EXPECT_EQ(r.added, 3016u);
    EXPECT_EQ(ExportText("dst-typed", HashsetFormat::kTyped), text);
  }
  for (SignalType t : kAllTypes) {
    SCOPED_TRACE(SignalTypeName(t));
    EXPECT_THAT(store_->Export("src", {HashsetFormat::kPlain, std::nullopt},
                               [](std::string_view) { return Status::OK(); }),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr("--type")));
    std::string text = ExportText("src", HashsetFormat::kPlain, t);
    std::string name = std::string("dst-plain-") + SignalTypeName(t);
    Create(name, {t});
    ImportOptions o;
    o.format = HashsetFormat::kPlain;
    VIGIL_ASSERT_OK_AND_ASSIGN(ImportResult r,
                               store_->ImportText(name, text, o));
    EXPECT_EQ(ExportText(name, HashsetFormat::kPlain), text);
    EXPECT_GT(r.added, 0u);
  }
}

TEST_F(StoreImportTest, DuplicatesAndExistingEntriesAreKeptOnce) {
  Hashset h = Create("dups", {SignalType::kPdq});
  std::string lines = PdqLines(100, 9);
  VIGIL_ASSERT_OK_AND_ASSIGN(ImportResult first,
                             store_->ImportText("dups", lines + lines, {}));
  EXPECT_EQ(first.records, 200u);
  EXPECT_EQ(first.added, 100u);
  EXPECT_EQ(first.duplicates, 100u);
  VIGIL_ASSERT_OK_AND_ASSIGN(ImportResult second,
                             store_->ImportText("dups", PdqLines(150, 9), {}));
  EXPECT_EQ(second.added, 50u);
  EXPECT_EQ(second.duplicates, 100u);
  EXPECT_EQ(second.version, first.version + 1);
  uint64_t seq = store_->LastChangeSeq();
  VIGIL_ASSERT_OK_AND_ASSIGN(ImportResult none,
                             store_->ImportText("dups", lines, {}));
  EXPECT_EQ(none.added, 0u);
  EXPECT_EQ(none.change_seq, 0u);
  EXPECT_EQ(none.version, second.version);
  EXPECT_EQ(store_->LastChangeSeq(), seq);
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset after, store_->GetHashset("dups"));
  EXPECT_EQ(after.TotalEntries(), 150u);
  EXPECT_EQ(AllEntries(h.id).size(), 150u);
  VIGIL_ASSERT_OK_AND_ASSIGN(auto log, store_->ReadLog(0, 0));
  auto j = nlohmann::json::parse(log.back().json);
  EXPECT_EQ(j["op"], "import");
  EXPECT_EQ(j["added"], 50);
  EXPECT_EQ(j["duplicates"], 100);
}

// Acceptance: a bad line at position 500,000 of a 1,000,000-line file
// leaves the store exactly as it was and names the line.
TEST_F(StoreImportTest, BadLineHalfwayLeavesStoreUnchanged) {
  Create("big", {SignalType::kPdq});
  VIGIL_ASSERT_OK(store_->ImportText("big", PdqLines(1000, 1), {}).status());
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset before, store_->GetHashset("big"));
  uint64_t seq = store_->LastChangeSeq();
  std::string export_before = ExportText("big", HashsetFormat::kCsv);
  std::string path = tmp_.WriteFile("bad.txt", PdqLines(1000000, 2, 500000));
  EXPECT_THAT(store_->ImportFile("big", path, {}),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 500000, column 10: invalid hex "
                                 "character 'g'")));
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset after, store_->GetHashset("big"));
  EXPECT_EQ(after.version, before.version);
  EXPECT_EQ(after.entry_counts, before.entry_counts);
  EXPECT_EQ(store_->LastChangeSeq(), seq);
  EXPECT_EQ(ExportText("big", HashsetFormat::kCsv), export_before);
  size_t pdq = 0;
  VIGIL_ASSERT_OK(store_->ForEachPackedHashes(
      SignalType::kPdq, [&](uint32_t, std::span<const uint8_t> h) {
        pdq += h.size() / 32;
        return Status::OK();
      }));
  EXPECT_EQ(pdq, 1000u);
  for (const auto& e :
       std::filesystem::directory_iterator(tmp_.path() + "/db")) {
    EXPECT_EQ(e.path().filename().string().find("import-tmp"),
              std::string::npos);
  }
}

TEST_F(StoreImportTest, ImportErrorsNameTheProblem) {
  Create("s", {SignalType::kPdq, SignalType::kSha256});
  EXPECT_THAT(store_->ImportText("s", PdqLines(3, 1), {}),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("line 1, column 1: 64 hex characters could "
                                 "be sha256 or pdq; pass --type")));
  ImportOptions typed;
  typed.type = SignalType::kPdq;
  VIGIL_ASSERT_OK_AND_ASSIGN(ImportResult r,
                             store_->ImportText("s", PdqLines(3, 1), typed));
  EXPECT_EQ(r.added, 3u);
  EXPECT_THAT(store_->ImportText("nope", "", {}),
              StatusIs(StatusCode::kNotFound, HasSubstr("nope")));
  EXPECT_THAT(store_->ImportFile("s", tmp_.path() + "/missing.txt", {}),
              StatusIs(StatusCode::kNotFound, ::testing::_));
}

}  // namespace
}  // namespace vigil
