// Copyright 2026 The Vigil Authors.

#include "vigil/hashset_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "store/internal/db_access.h"
#include "store/internal/keys.h"
#include "store/internal/store_impl.h"
#include "store/test_util.h"
#include "testing/status_matchers.h"
#include "testing/subprocess.h"

namespace vigil {
namespace {

StoreOptions ReadOnly() {
  StoreOptions o;
  o.read_only = true;
  return o;
}

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::vigil::testing::RandomSignal;
using ::vigil::testing::StatusIs;
using ::vigil::testing::TempDir;

HashsetConfig Config(const std::string& name) {
  HashsetConfig c;
  c.name = name;
  c.signal_types = {SignalType::kPdq, SignalType::kMd5, SignalType::kSha256};
  c.action = HashsetAction::kBlock;
  c.source = "tests";
  return c;
}

class HashsetStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path() + "/db";
    auto store = HashsetStore::Open(dir_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void Reopen(StoreOptions options = {}) {
    store_.reset();
    auto store = HashsetStore::Open(dir_, options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  // Hashes of `type` in set `id` from the packed segments.
  std::set<std::string> Packed(SignalType type, uint32_t id) {
    std::set<std::string> out;
    size_t size = SignalTypeByteSize(type);
    VIGIL_EXPECT_OK(store_->ForEachPackedHashes(
        type, [&](uint32_t set, std::span<const uint8_t> hashes) -> Status {
          if (set != id) return Status::OK();
          for (size_t i = 0; i < hashes.size(); i += size) {
            out.insert(HexEncode(hashes.subspan(i, size)));
          }
          return Status::OK();
        }));
    return out;
  }
  std::set<std::string> Entries(SignalType type, uint32_t id) {
    std::set<std::string> out;
    VIGIL_EXPECT_OK(store_->ForEachEntry(type, [&](const Entry& e) -> Status {
      if (e.hashset_id == id) out.insert(e.signal.ToHex());
      return Status::OK();
    }));
    return out;
  }

  TempDir tmp_;
  std::string dir_;
  std::unique_ptr<HashsetStore> store_;
  std::mt19937_64 rng_{42};
};

TEST_F(HashsetStoreTest, DirectoryIsOwnerOnly) {
  struct stat st;
  ASSERT_EQ(::stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST_F(HashsetStoreTest, CreateListGetAndPersist) {
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Hashset a, store_->CreateHashset(Config("beta"), {"ops", ""}));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Hashset b, store_->CreateHashset(Config("alpha"), {"ops", ""}));
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(a.version, 1u);
  EXPECT_THAT(store_->CreateHashset(Config("alpha"), {}),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("alpha")));
  EXPECT_THAT(store_->CreateHashset(Config("Bad Name"), {}),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  Reopen();
  std::vector<Hashset> all = store_->ListHashsets();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].config.name, "alpha");
  EXPECT_EQ(all[1].config.name, "beta");
  EXPECT_EQ(all[1].config.action, HashsetAction::kBlock);
  EXPECT_EQ(all[1].config.source, "tests");
  EXPECT_THAT(
      all[1].config.signal_types,
      ElementsAre(SignalType::kMd5, SignalType::kSha256, SignalType::kPdq));
  EXPECT_EQ(all[1].created_at_ms, a.created_at_ms);
  EXPECT_THAT(store_->GetHashset("gamma"),
              StatusIs(StatusCode::kNotFound, HasSubstr("gamma")));
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset by_id, store_->GetHashsetById(a.id));
  EXPECT_EQ(by_id.config.name, "beta");
}

TEST_F(HashsetStoreTest, UpdateHashsetConfigChangesMatchingAndIsLogged) {
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h,
                             store_->CreateHashset(Config("own"), {"ops", ""}));
  HashsetConfig c = h.config;
  c.thresholds[SignalType::kPdq] = 12;
  c.min_quality[SignalType::kPdq] = 70;
  c.action = HashsetAction::kReview;
  c.description = "tighter";
  VIGIL_ASSERT_OK_AND_ASSIGN(
      Hashset u, store_->UpdateHashsetConfig("own", c, {"curator", "fp rate"}));
  EXPECT_EQ(u.version, 2u);
  EXPECT_EQ(u.config.ThresholdFor(SignalType::kPdq), 12);
  EXPECT_EQ(u.config.MinQualityFor(SignalType::kPdq), 70);
  EXPECT_EQ(u.config.action, HashsetAction::kReview);
  // The same again: no record, same version.
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset same,
                             store_->UpdateHashsetConfig("own", c, {}));
  EXPECT_EQ(same.version, 2u);
  EXPECT_EQ(store_->LastChangeSeq(), u.last_change_seq);
  VIGIL_ASSERT_OK_AND_ASSIGN(auto log, store_->ReadLog(h.last_change_seq, 0));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].op, "update");
  EXPECT_THAT(log[0].json, HasSubstr("\"actor\":\"curator\""));
  EXPECT_THAT(log[0].json, HasSubstr("\"reason\":\"fp rate\""));
  Reopen();
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset back, store_->GetHashset("own"));
  EXPECT_EQ(back.config.ThresholdFor(SignalType::kPdq), 12);
  EXPECT_EQ(back.config.description, "tighter");

  // Name, types and invalid values cannot be set this way.
  HashsetConfig renamed = c;
  renamed.name = "other";
  EXPECT_THAT(store_->UpdateHashsetConfig("own", renamed, {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("cannot")));
  HashsetConfig retyped = c;
  retyped.signal_types = {SignalType::kPdq};
  EXPECT_THAT(store_->UpdateHashsetConfig("own", retyped, {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("cannot")));
  HashsetConfig bad = c;
  bad.thresholds[SignalType::kMd5] = 3;  // exact types are exact
  EXPECT_THAT(store_->UpdateHashsetConfig("own", bad, {}),
              StatusIs(StatusCode::kInvalidArgument, ::testing::_));
  EXPECT_THAT(store_->UpdateHashsetConfig("nosuch", c, {}),
              StatusIs(StatusCode::kNotFound, ::testing::_));
  // A vPDQ set keeps its vPDQ minimum quality.
  HashsetConfig video;
  video.name = "video";
  video.signal_types = {SignalType::kVpdq};
  VIGIL_EXPECT_OK(store_->CreateHashset(video, {}).status());
  video.min_quality[SignalType::kVpdq] = 80;
  EXPECT_THAT(store_->UpdateHashsetConfig("video", video, {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("vpdq")));
  video.min_quality.clear();
  video.thresholds[SignalType::kVpdq] = 20;
  VIGIL_EXPECT_OK(store_->UpdateHashsetConfig("video", video, {}).status());
  Reopen(ReadOnly());
  EXPECT_THAT(store_->UpdateHashsetConfig("own", c, {}),
              StatusIs(StatusCode::kFailedPrecondition, ::testing::_));
}

TEST_F(HashsetStoreTest, AddEntryIsTransactionalAndIdempotent) {
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h,
                             store_->CreateHashset(Config("own"), {}));
  std::vector<Signal> media = {RandomSignal(SignalType::kPdq, rng_),
                               RandomSignal(SignalType::kMd5, rng_),
                               RandomSignal(SignalType::kSha256, rng_)};
  EntryInfo info{"case-17", "confirmed", "user report 9", "mod-a"};
  VIGIL_ASSERT_OK_AND_ASSIGN(AddResult r, store_->AddEntry("own", media, info));
  EXPECT_EQ(r.added, 3u);
  EXPECT_EQ(r.existing, 0u);
  EXPECT_EQ(r.version, 2u);
  VIGIL_ASSERT_OK_AND_ASSIGN(Entry e, store_->GetEntry(h.id, media[1]));
  EXPECT_EQ(e.external_id, "case-17");
  EXPECT_EQ(e.category, "confirmed");
  EXPECT_EQ(e.note, "user report 9");
  EXPECT_EQ(e.change_seq, r.change_seq);
  // Again: nothing changes, not even the version; no log record.
  uint64_t seq = store_->LastChangeSeq();
  VIGIL_ASSERT_OK_AND_ASSIGN(
      AddResult again, store_->AddEntry("own", media, {"other", "", "", "x"}));
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.existing, 3u);
  EXPECT_EQ(again.version, 2u);
  EXPECT_EQ(store_->LastChangeSeq(), seq);
  VIGIL_ASSERT_OK_AND_ASSIGN(Entry same, store_->GetEntry(h.id, media[1]));
  EXPECT_EQ(same.external_id, "case-17");
  // A type the set does not allow fails the whole entry.
  std::vector<Signal> mixed = {RandomSignal(SignalType::kPdq, rng_),
                               RandomSignal(SignalType::kSha1, rng_)};
  EXPECT_THAT(store_->AddEntry("own", mixed, {}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("sha1")));
  EXPECT_THAT(store_->GetEntry(h.id, mixed[0]),
              StatusIs(StatusCode::kNotFound, ::testing::_));
  Reopen();
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset after, store_->GetHashset("own"));
  EXPECT_EQ(after.TotalEntries(), 3u);
  EXPECT_EQ(after.entry_counts[SignalType::kPdq], 1u);
  EXPECT_EQ(Packed(SignalType::kPdq, h.id), Entries(SignalType::kPdq, h.id));
}

TEST_F(HashsetStoreTest, RemoveBySignalAndExternalIdIsLogged) {
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h,
                             store_->CreateHashset(Config("own"), {}));
  std::vector<Signal> first = {RandomSignal(SignalType::kPdq, rng_),
                               RandomSignal(SignalType::kMd5, rng_)};
  std::vector<Signal> second = {RandomSignal(SignalType::kPdq, rng_),
                                RandomSignal(SignalType::kMd5, rng_)};
  ASSERT_TRUE(store_->AddEntry("own", first, {"e1", "", "", "a"}).ok());
  ASSERT_TRUE(store_->AddEntry("own", second, {"e2", "", "", "a"}).ok());
  EXPECT_THAT(store_->RemoveEntries("own", {first[0], {}}, {"mod", ""}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("reason")));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      RemoveResult r, store_->RemoveEntries("own", {first[0], {}},
                                            {"mod-b", "false positive"}));
  EXPECT_EQ(r.removed, 1u);
  EXPECT_THAT(store_->GetEntry(h.id, first[0]),
              StatusIs(StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT(store_->RemoveEntries("own", {first[0], {}}, {"m", "again"}),
              StatusIs(StatusCode::kNotFound, ::testing::_));
  VIGIL_ASSERT_OK_AND_ASSIGN(
      RemoveResult by_ext, store_->RemoveEntries("own", {{}, std::string("e2")},
                                                 {"mod-c", "appeal"}));
  EXPECT_EQ(by_ext.removed, 2u);
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset after, store_->GetHashset("own"));
  EXPECT_EQ(after.TotalEntries(), 1u);
  EXPECT_EQ(after.version, 5u);
  EXPECT_EQ(Packed(SignalType::kPdq, h.id).size(), 0u);
  EXPECT_EQ(Packed(SignalType::kMd5, h.id), Entries(SignalType::kMd5, h.id));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto log, store_->ReadLog(0, 0));
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[3].op, "remove");
  auto j = nlohmann::json::parse(log[3].json);
  EXPECT_EQ(j["actor"], "mod-b");
  EXPECT_EQ(j["reason"], "false positive");
  EXPECT_EQ(j["signals"][0]["hash"], first[0].ToHex());
  EXPECT_EQ(nlohmann::json::parse(log[4].json)["external_id"], "e2");
  VIGIL_ASSERT_OK_AND_ASSIGN(auto tail, store_->ReadLog(3, 0));
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].seq, 4u);
}

TEST_F(HashsetStoreTest, DeleteHashsetRemovesEntriesAndNeverReusesId) {
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h,
                             store_->CreateHashset(Config("gone"), {}));
  std::vector<Signal> media = {RandomSignal(SignalType::kPdq, rng_)};
  ASSERT_TRUE(store_->AddEntry("gone", media, {}).ok());
  EXPECT_THAT(store_->DeleteHashset("gone", {"ops", ""}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("reason")));
  VIGIL_ASSERT_OK(store_->DeleteHashset("gone", {"ops", "list retired"}));
  EXPECT_FALSE(store_->GetHashset("gone").ok());
  EXPECT_TRUE(Entries(SignalType::kPdq, h.id).empty());
  EXPECT_TRUE(Packed(SignalType::kPdq, h.id).empty());
  Reopen();
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset again,
                             store_->CreateHashset(Config("gone"), {}));
  EXPECT_GT(again.id, h.id);
}

TEST_F(HashsetStoreTest, ReadOnlyHandleRefusesWrites) {
  ASSERT_TRUE(store_->CreateHashset(Config("ro"), {}).ok());
  // A reader can open while this writer is open.
  VIGIL_ASSERT_OK_AND_ASSIGN(auto reader, HashsetStore::Open(dir_, ReadOnly()));
  EXPECT_TRUE(reader->read_only());
  EXPECT_TRUE(reader->GetHashset("ro").ok());
  EXPECT_THAT(
      reader->CreateHashset(Config("x"), {}),
      StatusIs(StatusCode::kFailedPrecondition, HasSubstr("read-only")));
  EXPECT_THAT(reader->ImportText("ro", "", {}),
              StatusIs(StatusCode::kFailedPrecondition, ::testing::_));
  EXPECT_THAT(HashsetStore::Open(tmp_.path() + "/none", ReadOnly()),
              StatusIs(StatusCode::kNotFound, ::testing::_));
}

TEST_F(HashsetStoreTest, ConcurrentAddsFromThreadsAllLand) {
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset h,
                             store_->CreateHashset(Config("busy"), {}));
  constexpr int kThreads = 4, kPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      std::mt19937_64 rng(static_cast<uint64_t>(t) + 100);
      for (int i = 0; i < kPerThread; ++i) {
        std::vector<Signal> media = {RandomSignal(SignalType::kPdq, rng),
                                     RandomSignal(SignalType::kMd5, rng)};
        EXPECT_TRUE(store_->AddEntry("busy", media, {}).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  VIGIL_ASSERT_OK_AND_ASSIGN(Hashset after, store_->GetHashset("busy"));
  EXPECT_EQ(after.entry_counts[SignalType::kPdq], kThreads * kPerThread);
  EXPECT_EQ(after.version, 1u + kThreads * kPerThread);
  EXPECT_EQ(Packed(SignalType::kPdq, h.id).size(), kThreads * kPerThread);
  EXPECT_EQ(Packed(SignalType::kMd5, h.id), Entries(SignalType::kMd5, h.id));
  VIGIL_ASSERT_OK_AND_ASSIGN(auto log, store_->ReadLog(0, 0));
  ASSERT_EQ(log.size(), 1u + kThreads * kPerThread);
  for (size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].seq, i + 1);
}

TEST_F(HashsetStoreTest, ReaderSeesTheStoreAsOfItsOpening) {
  ASSERT_TRUE(store_->CreateHashset(Config("snap"), {}).ok());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto before, HashsetStore::Open(dir_, ReadOnly()));
  ImportOptions pdq;
  pdq.type = SignalType::kPdq;
  VIGIL_ASSERT_OK(
      store_->ImportText("snap", vigil::testing::PdqLines(500, 3), pdq)
          .status());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto after, HashsetStore::Open(dir_, ReadOnly()));
  EXPECT_EQ(before->GetHashset("snap")->TotalEntries(), 0u);
  EXPECT_EQ(after->GetHashset("snap")->TotalEntries(), 500u);
  size_t seen = 0;
  VIGIL_ASSERT_OK(after->ForEachPackedHashes(
      SignalType::kPdq, [&](uint32_t, std::span<const uint8_t> hashes) {
        seen += hashes.size() / 32;
        return Status::OK();
      }));
  EXPECT_EQ(seen, 500u);
}

TEST_F(HashsetStoreTest, SecondWriterInProcessIsRefusedWithPid) {
  EXPECT_THAT(
      HashsetStore::Open(dir_, {}),
      StatusIs(StatusCode::kUnavailable,
               HasSubstr("locked by pid " + std::to_string(::getpid()))));
}

TEST_F(HashsetStoreTest, NewerSchemaIsRefused) {
  rocksdb::DB* db = internal::StoreDb(*store_);
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), internal::kSchemaVersionKey,
                      std::to_string(HashsetStore::SchemaVersion() + 1))
                  .ok());
  store_.reset();
  std::string expected = "store schema " +
                         std::to_string(HashsetStore::SchemaVersion() + 1) +
                         " is newer than this vigil (" +
                         std::to_string(HashsetStore::SchemaVersion()) + ")";
  EXPECT_THAT(HashsetStore::Open(dir_, {}),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr(expected)));
  EXPECT_THAT(HashsetStore::Open(dir_, ReadOnly()),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr(expected)));
}

TEST_F(HashsetStoreTest, ExtraColumnFamiliesAreCreatedAndKept) {
  EXPECT_NE(internal::StoreColumnFamily(*store_, "events"), nullptr);
  EXPECT_EQ(internal::StoreColumnFamily(*store_, "outbox_index"), nullptr);
  StoreOptions extra;
  extra.extra_column_families = {"outbox_index"};
  Reopen(extra);
  EXPECT_NE(internal::StoreColumnFamily(*store_, "outbox_index"), nullptr);
  Reopen();  // a store with more families than asked for still opens
  EXPECT_NE(internal::StoreColumnFamily(*store_, "outbox_index"), nullptr);
}

// A change-log record of a damaged or tampered store: corrupt_input with a
// message (never an exception), and ReadLog fails loudly.
TEST(ChangeRecordTest, MalformedRecordsAreCorruptInput) {
  for (const char* bad :
       {"", "{", "[]", "7", R"({"seq":"1"})", R"({"seq":-1})", R"({"seq":1.5})",
        R"({"op":["add"]})", R"({"hashset":{}})", R"({"time_ms":"now"})",
        R"({"time_ms":9223372036854775808})"}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT(
        internal::DecodeChangeRecord(bad),
        StatusIs(StatusCode::kCorruptInput, HasSubstr("change record")));
  }
  const std::string good =
      R"({"seq":3,"op":"add","hashset":"h","time_ms":-5,"extra":[1]})";
  VIGIL_ASSERT_OK_AND_ASSIGN(ChangeRecord r,
                             internal::DecodeChangeRecord(good));
  EXPECT_EQ(r.seq, 3u);
  EXPECT_EQ(r.op, "add");
  EXPECT_EQ(r.hashset, "h");
  EXPECT_EQ(r.time_ms, -5);
  EXPECT_EQ(r.json, good);
}

TEST(ChangeRecordTest, ReadLogOfATamperedRecordFailsLoudly) {
  TempDir tmp;
  VIGIL_ASSERT_OK_AND_ASSIGN(auto store, HashsetStore::Open(tmp.path(), {}));
  ASSERT_TRUE(store->CreateHashset(Config("a"), {}).ok());
  VIGIL_ASSERT_OK_AND_ASSIGN(auto log, store->ReadLog(0, 0));
  ASSERT_EQ(log.size(), 1u);
  ASSERT_TRUE(
      internal::StoreDb(*store)
          ->Put(rocksdb::WriteOptions(),
                internal::StoreColumnFamily(*store, internal::kChangelogCf),
                internal::ChangelogKey(log[0].seq), R"({"op":1})")
          .ok());
  EXPECT_THAT(store->ReadLog(0, 0),
              StatusIs(StatusCode::kCorruptInput,
                       HasSubstr("change record: field 'op' is not a string")));
}

}  // namespace
}  // namespace vigil

namespace vigil::internal {
namespace {

// A tampered hashset record whose integer fields are floats or out of
// range is corrupt_input (nlohmann's get<int> casts them unchecked: found by
// the json fuzz target), and the record the store writes reads back.
TEST(SetStateRecordTest, NumbersOutOfRangeAreCorruptInput) {
  SetState state;
  state.hashset.id = 7;
  state.hashset.config.name = "demo";
  state.hashset.config.signal_types = {SignalType::kPdq};
  state.hashset.config.thresholds[SignalType::kPdq] = 31;
  state.hashset.config.min_quality[SignalType::kPdq] = 50;
  state.hashset.entry_counts[SignalType::kPdq] = 12;
  const std::string good = EncodeSetState(state);
  Result<SetState> back = DecodeSetState(good);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->hashset.config.min_quality[SignalType::kPdq], 50);

  const nlohmann::json record = nlohmann::json::parse(good);
  const std::vector<std::pair<std::string, nlohmann::json>> bad = {
      {"min_quality", nlohmann::json::array({nlohmann::json::array(
                          {record["min_quality"][0][0], 8.8e30})})},
      {"thresholds", nlohmann::json::array({nlohmann::json::array(
                         {record["thresholds"][0][0], 4294967296})})},
      {"action", 2.5},
      {"id", -1},
      {"created_ms", 1e300},
      {"version", -3},
      {"next_segment", 99999999999},
  };
  for (const auto& [field, value] : bad) {
    nlohmann::json tampered = record;
    tampered[field] = value;
    Result<SetState> r = DecodeSetState(tampered.dump());
    EXPECT_EQ(r.status().code(), StatusCode::kCorruptInput) << field;
  }
}

}  // namespace
}  // namespace vigil::internal
