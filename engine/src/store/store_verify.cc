// Copyright 2026 The Vigil Authors.
//
// `vigil store verify` (VerifyStore in vigil/store_admin.h). RocksDB checks
// a block's checksum whenever it reads it, so damage otherwise shows only
// when a read happens to touch it; this reads every block of every table
// file once. Each file is checked on its own (SstFileReader) so that the
// report names every damaged file with its column family and key range,
// not just the first one met.

#include <rocksdb/db.h>
#include <rocksdb/sst_file_reader.h>

#include <filesystem>

#include "store/internal/store_impl.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"
#include "vigil/store_admin.h"

namespace vigil {
namespace {

std::string HexKey(const std::string& key) {
  return HexEncode(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(key.data()), key.size()));
}

// The path of the first table file named in a RocksDB message, if any.
std::string FileInMessage(const std::string& message) {
  size_t end = message.find(".sst");
  if (end == std::string::npos) return "";
  size_t begin = message.rfind(' ', end);
  begin = begin == std::string::npos ? 0 : begin + 1;
  return message.substr(begin, end + 4 - begin);
}

rocksdb::DBOptions VerifyDbOptions() {
  rocksdb::DBOptions o;
  o.paranoid_checks = true;
  // A record damaged in the middle of the log is an error; only a torn
  // last record (a write that was never acknowledged) is tolerated.
  o.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  o.max_open_files = -1;  // opens every table: footers and indexes checked
  o.info_log_level = rocksdb::InfoLogLevel::ERROR_LEVEL;
  o.keep_log_file_num = 2;
  return o;
}

struct OpenedDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  ~OpenedDb() {
    for (auto* h : handles)
      db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  }
};

rocksdb::Status OpenReadOnly(const std::string& dir, rocksdb::DBOptions o,
                             const std::vector<std::string>& names,
                             OpenedDb* out) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, internal::OptionsFor(name));
  }
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenForReadOnly(o, dir, descriptors, &out->handles, &raw);
  if (s.ok()) out->db.reset(raw);
  return s;
}

}  // namespace

Result<StoreVerifyReport> VerifyStore(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir + "/CURRENT", ec)) {
    return NotFoundError("no store at " + dir);
  }
  StoreVerifyReport report;
  rocksdb::DBOptions options = VerifyDbOptions();
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(options, dir, &names);
  if (!s.ok()) {
    report.damaged.push_back(
        {"", dir + "/MANIFEST", "", "",
         "cannot read the store's manifest: " + s.ToString()});
    return report;
  }
  OpenedDb db;
  s = OpenReadOnly(dir, options, names, &db);
  std::string open_error;
  if (!s.ok()) {
    // A damaged table footer or index fails the paranoid open. Open again
    // lazily, without those checks, to list the files and check each.
    open_error = s.ToString();
    db.handles.clear();
    rocksdb::DBOptions lazy = options;
    lazy.max_open_files = 16;
    lazy.verify_sst_unique_id_in_manifest = false;
    lazy.skip_stats_update_on_db_open = true;
    s = OpenReadOnly(dir, lazy, names, &db);
    if (!s.ok()) {
      report.damaged.push_back({"", FileInMessage(open_error), "", "",
                                "cannot open the store: " + open_error});
      return report;
    }
  }
  for (const std::string& name : names) report.column_families[name];
  std::vector<rocksdb::LiveFileMetaData> files;
  db.db->GetLiveFilesMetaData(&files);
  for (const rocksdb::LiveFileMetaData& f : files) {
    const std::string path = f.db_path + f.name;
    ColumnFamilyFiles& cf = report.column_families[f.column_family_name];
    rocksdb::Options reader_options(options,
                                    internal::OptionsFor(f.column_family_name));
    rocksdb::SstFileReader reader(reader_options);
    rocksdb::Status r = reader.Open(path);
    if (r.IsNotFound() || (r.IsIOError() && !std::filesystem::exists(path))) {
      ++report.vanished;  // compacted away by a writer since we opened
      continue;
    }
    if (r.ok()) {
      rocksdb::ReadOptions ro;
      ro.verify_checksums = true;
      ro.fill_cache = false;
      ro.readahead_size = 4 << 20;
      r = reader.VerifyChecksum(ro);
    }
    ++report.files;
    ++cf.files;
    report.bytes += f.size;
    cf.bytes += f.size;
    if (!r.ok()) {
      report.damaged.push_back({f.column_family_name, path,
                                HexKey(f.smallestkey), HexKey(f.largestkey),
                                r.ToString()});
    }
  }
  if (!open_error.empty() && report.damaged.empty()) {
    report.damaged.push_back({"", FileInMessage(open_error), "", "",
                              "the store does not open: " + open_error});
  }
  return report;
}

}  // namespace vigil
