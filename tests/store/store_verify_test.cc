// Copyright 2026 The Vigil Authors.
//
// `vigil store verify` (engine/src/store/store_verify.cc) and corruption at
// read time: a byte flipped in a table file of EACH column family is found
// and named; reads that touch a damaged block refuse with a clear error.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "store/internal/db_access.h"
#include "store/test_util.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"
#include "vigil/api_token.h"
#include "vigil/hashset_store.h"
#include "vigil/store_admin.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

constexpr char kSet[] = "known";

// A store with data in every column family, all flushed to table files.
void BuildStore(const std::string& dir, std::vector<Signal>* pdqs) {
  VIGIL_ASSERT_OK_AND_ASSIGN(auto store, HashsetStore::Open(dir, {}));
  HashsetConfig c;
  c.name = kSet;
  c.signal_types = {SignalType::kPdq, SignalType::kMd5};
  ASSERT_TRUE(store->CreateHashset(c, {}).ok());
  ASSERT_TRUE(store->ImportText(kSet, testing::PdqLines(3000, 9), {}).ok());
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20; ++i) {
    Signal s = testing::RandomSignal(SignalType::kPdq, rng);
    EntryInfo info;
    info.external_id = "e" + std::to_string(i);
    ASSERT_TRUE(store->AddEntry(kSet, {&s, 1}, info).ok());
    pdqs->push_back(s);
  }
  rocksdb::DB* db = internal::StoreDb(*store);
  // The event outbox and token families get a record each.
  for (const char* cf : {"events", "tokens"}) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(),
                        internal::StoreColumnFamily(*store, cf), "k", "v")
                    .ok());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> all;
  for (const char* cf : {"default", "hashsets", "entries", "packed",
                         "changelog", "events", "tokens"}) {
    all.push_back(internal::StoreColumnFamily(*store, cf));
    ASSERT_NE(all.back(), nullptr) << cf;
  }
  ASSERT_TRUE(db->Flush(rocksdb::FlushOptions(), all).ok());
}

// The table files of each column family, from the store's own metadata.
std::map<std::string, std::vector<std::string>> TableFiles(
    const std::string& dir) {
  StoreOptions ro;
  ro.read_only = true;
  auto store = HashsetStore::Open(dir, ro);
  EXPECT_TRUE(store.ok());
  std::vector<rocksdb::LiveFileMetaData> files;
  internal::StoreDb(**store)->GetLiveFilesMetaData(&files);
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& f : files) {
    out[f.column_family_name].push_back(f.db_path + f.name);
  }
  return out;
}

void FlipByte(const std::string& path, std::streamoff offset) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f.good()) << path;
  f.seekg(offset);
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ 0x5a);
  f.seekp(offset);
  f.write(&c, 1);
}

class StoreVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pristine_ = tmp_.path() + "/pristine";
    BuildStore(pristine_, &pdqs_);
  }
  // A fresh copy of the pristine store.
  std::string Copy(const std::string& name) {
    std::string dir = tmp_.path() + "/" + name;
    fs::copy(pristine_, dir, fs::copy_options::recursive);
    return dir;
  }

  TempDir tmp_;
  std::string pristine_;
  std::vector<Signal> pdqs_;
};

TEST_F(StoreVerifyTest, IntactStoreVerifies) {
  VIGIL_ASSERT_OK_AND_ASSIGN(StoreVerifyReport r, VerifyStore(pristine_));
  EXPECT_TRUE(r.ok());
  EXPECT_GE(r.files, 7u);
  for (const char* cf : {"default", "hashsets", "entries", "packed",
                         "changelog", "events", "tokens"}) {
    EXPECT_GE(r.column_families[cf].files, 1u) << cf;
  }
  EXPECT_THAT(VerifyStore(tmp_.path() + "/none"),
              StatusIs(StatusCode::kNotFound, HasSubstr("no store")));
}

// Acceptance (issue #17): a byte flipped in a data block of a table file of
// any column family is found, with its column family, file and key range.
TEST_F(StoreVerifyTest, FindsAFlippedByteInEveryColumnFamily) {
  const auto files = TableFiles(pristine_);
  ASSERT_EQ(files.size(), 7u);
  for (const auto& [cf, paths] : files) {
    SCOPED_TRACE(cf);
    std::string dir = Copy("flip-" + cf);
    std::string victim =
        dir + "/" + fs::path(paths.front()).filename().string();
    FlipByte(victim, 8);  // inside the first data block
    VIGIL_ASSERT_OK_AND_ASSIGN(StoreVerifyReport r, VerifyStore(dir));
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.damaged.size(), 1u);
    EXPECT_EQ(r.damaged[0].column_family, cf);
    EXPECT_EQ(fs::path(r.damaged[0].file).filename(),
              fs::path(victim).filename());
    EXPECT_FALSE(r.damaged[0].smallest_key.empty());
    EXPECT_FALSE(r.damaged[0].largest_key.empty());
    EXPECT_THAT(r.damaged[0].error, HasSubstr("Corruption"));
  }
}

TEST_F(StoreVerifyTest, FindsADamagedFooterThatFailsTheOpen) {
  std::string dir = Copy("footer");
  std::string victim =
      dir + "/" +
      fs::path(TableFiles(pristine_).at("entries").front()).filename().string();
  FlipByte(victim, static_cast<std::streamoff>(fs::file_size(victim)) - 4);
  VIGIL_ASSERT_OK_AND_ASSIGN(StoreVerifyReport r, VerifyStore(dir));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.damaged[0].file, HasSubstr(fs::path(victim).filename()));
  // Paranoid checks at open: the damaged table is refused at once.
  EXPECT_THAT(
      HashsetStore::Open(dir, {}),
      StatusIs(StatusCode::kCorruptInput, HasSubstr("store is damaged")));
}

// Reads that touch a damaged block refuse with a clear error: never a wrong
// answer, never "not found" for an entry that is there.
TEST_F(StoreVerifyTest, ReadsOfADamagedBlockAreRefused) {
  std::string dir = Copy("entries");
  const auto files = TableFiles(dir);
  for (const std::string& path : files.at("entries")) {
    FlipByte(path, 8);
  }
  VIGIL_ASSERT_OK_AND_ASSIGN(auto store, HashsetStore::Open(dir, {}));
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h, store->GetHashset(kSet));
  size_t refused = 0;
  for (const Signal& s : pdqs_) {
    Result<Entry> e = store->GetEntry(h.id, s);
    if (e.ok()) continue;  // in an intact block
    EXPECT_THAT(e.status(), StatusIs(StatusCode::kCorruptInput,
                                     HasSubstr("store is damaged")));
    ++refused;
  }
  EXPECT_GT(refused, 0u);
  ExportOptions csv;
  csv.format = HashsetFormat::kCsv;
  EXPECT_THAT(
      store->Export(kSet, csv, [](std::string_view) { return Status::OK(); }),
      StatusIs(StatusCode::kCorruptInput,
               HasSubstr("run 'vigil store verify'")));
  EXPECT_THAT(
      store->ForEachEntry(SignalType::kPdq,
                          [](const Entry&) { return Status::OK(); }),
      StatusIs(StatusCode::kCorruptInput, HasSubstr("store is damaged")));
}

}  // namespace
}  // namespace vigil
