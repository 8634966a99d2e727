// Copyright 2026 The Vigil Authors.
//
// Bulk import. The list is parsed in one pass, each type's records are
// sorted and de-duplicated in memory, and the result is written as SST
// files, one per column family (entries, packed segments, the updated
// hash-set record, the change record), which IngestExternalFiles links into
// the database in one atomic MANIFEST edit: after a crash the import is
// either entirely there or not at all, and a failed parse writes nothing.
// The change log records an import as one record with its counts, not one
// record per hash.

#include <fcntl.h>
#include <rocksdb/sst_file_writer.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "store/internal/import_parser.h"
#include "store/internal/keys.h"
#include "store/internal/store_impl.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

// Read-only view of a whole file (mmap), or of stdin read into memory.
class InputText {
 public:
  ~InputText() {
    if (map_ != nullptr) ::munmap(map_, size_);
  }
  Status Open(const std::string& path) {
    if (path == "-") {
      char buf[1 << 16];
      while (true) {
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return ErrnoToStatus(errno, "cannot read stdin");
        if (n == 0) break;
        owned_.append(buf, static_cast<size_t>(n));
      }
      text_ = owned_;
      return Status::OK();
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoToStatus(errno, "cannot open " + path);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      int err = errno;
      ::close(fd);
      return ErrnoToStatus(err, "cannot stat " + path);
    }
    if (!S_ISREG(st.st_mode)) {
      ::close(fd);
      return InvalidArgumentError(path + " is not a regular file");
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        int err = errno;
        ::close(fd);
        return ErrnoToStatus(err, "cannot map " + path);
      }
      map_ = p;
      ::madvise(map_, size_, MADV_SEQUENTIAL);
      text_ = std::string_view(static_cast<const char*>(map_), size_);
    }
    ::close(fd);
    return Status::OK();
  }
  std::string_view text() const { return text_; }

 private:
  void* map_ = nullptr;
  size_t size_ = 0;
  std::string owned_;
  std::string_view text_;
};

// Removes a directory tree when it goes out of scope.
class TempDirGuard {
 public:
  explicit TempDirGuard(std::string path) : path_(std::move(path)) {}
  ~TempDirGuard() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class SstWriter {
 public:
  SstWriter(const std::string& cf_name, rocksdb::ColumnFamilyHandle* cf,
            std::string path)
      : options_(rocksdb::DBOptions(), OptionsFor(cf_name)),
        writer_(rocksdb::EnvOptions(), options_, cf),
        path_(std::move(path)) {}
  Status Open() { return FromRocks(writer_.Open(path_), "import: create SST"); }
  Status Put(std::string_view key, std::string_view value) {
    return FromRocks(writer_.Put(rocksdb::Slice(key.data(), key.size()),
                                 rocksdb::Slice(value.data(), value.size())),
                     "import: write SST");
  }
  Status Finish() { return FromRocks(writer_.Finish(), "import: finish SST"); }
  const std::string& path() const { return path_; }

 private:
  rocksdb::Options options_;
  rocksdb::SstFileWriter writer_;
  std::string path_;
};

}  // namespace

Result<ImportResult> StoreImpl::ImportFile(std::string_view hashset,
                                           const std::string& path,
                                           const ImportOptions& options) {
  VIGIL_RETURN_IF_ERROR(CheckWritable());
  InputText input;
  VIGIL_RETURN_IF_ERROR(input.Open(path));
  ImportOptions with_name = options;
  if (with_name.source_name.empty()) with_name.source_name = path;
  return ImportParsed(hashset, input.text(), with_name);
}

Result<ImportResult> StoreImpl::ImportText(std::string_view hashset,
                                           std::string_view text,
                                           const ImportOptions& options) {
  VIGIL_RETURN_IF_ERROR(CheckWritable());
  return ImportParsed(hashset, text, options);
}

Result<ImportResult> StoreImpl::ImportParsed(std::string_view hashset,
                                             std::string_view text,
                                             const ImportOptions& options) {
  std::lock_guard write_lock(write_mu_);
  VIGIL_ASSIGN_OR_RETURN(SetState state, FindSet(hashset));
  Hashset& h = state.hashset;
  ParseOptions parse_options;
  parse_options.format = options.format;
  parse_options.type = options.type;
  parse_options.allowed = h.config.signal_types;
  VIGIL_ASSIGN_OR_RETURN(ParsedList parsed, ParseHashList(text, parse_options));
  if (options.expected_records.has_value() &&
      parsed.records != *options.expected_records) {
    return InvalidArgumentError(
        "the list holds " + std::to_string(parsed.records) + " records where " +
        std::to_string(*options.expected_records) + " were expected");
  }

  ImportResult result;
  result.format = parsed.format;
  result.lines = parsed.lines;
  result.records = parsed.records;
  uint64_t added = 0;
  for (TypeRecords& records : parsed.types) {
    result.duplicates += SortAndDedupe(&records);
    auto count = h.entry_counts.find(records.type);
    if (count != h.entry_counts.end() && count->second > 0) {
      std::vector<uint8_t> existing;
      VIGIL_RETURN_IF_ERROR(ReadSetHashes(records.type, h.id, &existing));
      result.duplicates += RemoveExisting(&records, existing);
    }
    added += records.count();
  }
  result.added = added;
  if (added == 0) {
    result.version = h.version;
    return result;
  }

  uint64_t seq = LastChangeSeq() + 1;
  int64_t now = NowMs();
  TempDirGuard tmp(dir_ + "/import-tmp-" + std::to_string(::getpid()) + "-" +
                   std::to_string(++import_counter_));
  std::error_code ec;
  std::filesystem::create_directories(tmp.path(), ec);
  if (ec) return IOError("cannot create " + tmp.path() + ": " + ec.message());

  SstWriter entries(kEntriesCf, entries_cf_, tmp.path() + "/entries.sst");
  SstWriter packed(kPackedCf, packed_cf_, tmp.path() + "/packed.sst");
  VIGIL_RETURN_IF_ERROR(entries.Open());
  VIGIL_RETURN_IF_ERROR(packed.Open());
  std::string key, value;
  const EntryMeta empty_meta;
  nlohmann::json per_type = nlohmann::json::object();
  // Per type, the packed segments [first, end) the import wrote, so that a
  // reader of the log can stream its data (HashsetStore::ForEachChange).
  nlohmann::json segments = nlohmann::json::object();
  for (const TypeRecords& records : parsed.types) {
    const size_t n = records.count();
    if (n == 0) continue;
    const uint32_t first_segment = state.next_segment;
    const auto type_byte = static_cast<uint8_t>(records.type);
    for (size_t i = 0; i < n; ++i) {
      uint32_t ordinal = records.ordinals[i];
      const EntryMeta& meta =
          parsed.metas.empty() ? empty_meta : parsed.metas[ordinal];
      EntryValue v{first_segment + static_cast<uint32_t>(i / kSegmentHashes),
                   now,
                   seq,
                   meta.external_id,
                   meta.category,
                   meta.note};
      value.clear();
      EncodeEntryValue(v, &value);
      EntryKeyInto(type_byte, &records.hashes[i * records.size], records.size,
                   h.id, &key);
      VIGIL_RETURN_IF_ERROR(entries.Put(key, value));
    }
    for (size_t i = 0; i < n; i += kSegmentHashes) {
      size_t count = std::min(kSegmentHashes, n - i);
      std::string_view bytes(
          reinterpret_cast<const char*>(&records.hashes[i * records.size]),
          count * records.size);
      VIGIL_RETURN_IF_ERROR(packed.Put(
          PackedKey(records.type, h.id,
                    first_segment + static_cast<uint32_t>(i / kSegmentHashes)),
          bytes));
    }
    state.next_segment +=
        static_cast<uint32_t>((n + kSegmentHashes - 1) / kSegmentHashes);
    segments[SignalTypeName(records.type)] = {first_segment,
                                              state.next_segment};
    h.entry_counts[records.type] += n;
    per_type[SignalTypeName(records.type)] = n;
  }
  VIGIL_RETURN_IF_ERROR(entries.Finish());
  VIGIL_RETURN_IF_ERROR(packed.Finish());

  StampChange(&state, seq, now);
  nlohmann::json extra = {{"actor", options.actor},
                          {"source", options.source_name},
                          {"format", HashsetFormatName(parsed.format)},
                          {"records", result.records},
                          {"added", added},
                          {"duplicates", result.duplicates},
                          {"added_by_type", per_type},
                          {"segments", segments}};
  SstWriter meta(kHashsetsCf, hashsets_cf_, tmp.path() + "/hashsets.sst");
  VIGIL_RETURN_IF_ERROR(meta.Open());
  VIGIL_RETURN_IF_ERROR(meta.Put(HashsetKey(h.id), EncodeSetState(state)));
  VIGIL_RETURN_IF_ERROR(meta.Finish());
  SstWriter log(kChangelogCf, changelog_cf_, tmp.path() + "/changelog.sst");
  VIGIL_RETURN_IF_ERROR(log.Open());
  VIGIL_RETURN_IF_ERROR(
      log.Put(ChangelogKey(seq),
              MakeChangeRecord(seq, now, "import", state, extra.dump())));
  VIGIL_RETURN_IF_ERROR(log.Finish());

  std::vector<rocksdb::IngestExternalFileArg> args;
  for (auto [cf, writer] :
       {std::pair{entries_cf_, &entries}, std::pair{packed_cf_, &packed},
        std::pair{hashsets_cf_, &meta}, std::pair{changelog_cf_, &log}}) {
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = cf;
    arg.external_files = {writer->path()};
    arg.options.move_files = true;
    args.push_back(std::move(arg));
  }
  VIGIL_RETURN_IF_ERROR(
      FromRocks(db_->IngestExternalFiles(args), "import: ingest"));
  Publish(state, seq);
  result.version = h.version;
  result.change_seq = seq;
  return result;
}

}  // namespace vigil::internal
