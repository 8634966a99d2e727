// Copyright 2026 The Vigil Authors.
//
// Export and the bulk reads used to build indexes. Plain and typed exports
// read the packed segments (no per-entry lookups); CSV and TSV exports scan
// the entries column family for their metadata.

#include <algorithm>
#include <string>

#include "store/internal/import_parser.h"
#include "store/internal/keys.h"
#include "store/internal/store_impl.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"

namespace vigil::internal {
namespace {

constexpr size_t kChunkBytes = 1 << 20;

// [type] and [type + 1]: the bounds of one type's keys.
std::string TypeBound(uint8_t type) {
  return std::string(1, static_cast<char>(type));
}
std::string TypeEnd(uint8_t type) {
  return type == 255 ? std::string(1, '\xff') + '\xff'
                     : std::string(1, static_cast<char>(type + 1));
}

void AppendCsvField(std::string_view field, std::string* out) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendTsvField(std::string_view field, std::string* out) {
  for (char c : field) {
    switch (c) {
      case '\t':
        out->append("\\t");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\\':
        out->append("\\\\");
        break;
      default:
        out->push_back(c);
    }
  }
}

void AppendRow(HashsetFormat format, SignalType type,
               std::span<const uint8_t> hash, std::string_view external_id,
               std::string_view category, std::string_view note,
               std::string* out) {
  switch (format) {
    case HashsetFormat::kPlain:
      HexEncodeTo(hash, out);
      break;
    case HashsetFormat::kTyped:
      out->append(SignalTypeName(type));
      out->push_back(' ');
      HexEncodeTo(hash, out);
      break;
    case HashsetFormat::kCsv:
    case HashsetFormat::kTsv: {
      char sep = format == HashsetFormat::kCsv ? ',' : '\t';
      auto field =
          format == HashsetFormat::kCsv ? AppendCsvField : AppendTsvField;
      out->append(SignalTypeName(type));
      out->push_back(sep);
      HexEncodeTo(hash, out);
      for (std::string_view f : {external_id, category, note}) {
        out->push_back(sep);
        field(f, out);
      }
      break;
    }
    default:
      break;
  }
  out->push_back('\n');
}

}  // namespace

Status StoreImpl::ReadSetHashes(SignalType type, uint32_t id,
                                std::vector<uint8_t>* out) const {
  out->clear();
  std::string lower = PackedSetPrefix(type, id);
  std::string upper = id == UINT32_MAX ? TypeEnd(static_cast<uint8_t>(type))
                                       : PackedSetPrefix(type, id + 1);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  ro.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, packed_cf_));
  size_t segments = 0;
  for (it->Seek(lower); it->Valid(); it->Next()) {
    rocksdb::Slice v = it->value();
    out->insert(out->end(), v.data(), v.data() + v.size());
    ++segments;
  }
  VIGIL_RETURN_IF_ERROR(FromRocks(it->status(), "read packed hashes"));
  if (segments > 1) {
    TypeRecords records;
    records.type = type;
    records.size = SignalTypeByteSize(type);
    records.hashes = std::move(*out);
    records.ordinals.resize(records.hashes.size() / records.size);
    SortAndDedupe(&records);
    *out = std::move(records.hashes);
  }
  return Status::OK();
}

Status StoreImpl::ForEachPackedHashes(
    SignalType type,
    const std::function<Status(uint32_t, std::span<const uint8_t>)>& fn) const {
  const size_t size = SignalTypeByteSize(type);
  const bool whole_values = StoredWhole(type);
  if (size == 0 && !whole_values) {
    return InvalidArgumentError(std::string(SignalTypeName(type)) +
                                " has no packed form");
  }
  auto t = static_cast<uint8_t>(type);
  std::string lower = TypeBound(t), upper = TypeEnd(t);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  ro.fill_cache = false;
  ro.readahead_size = 8 << 20;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, packed_cf_));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key(), v = it->value();
    if (k.size() != 9 || (whole_values ? v.size() == 0 : v.size() % size)) {
      return CorruptInputError("malformed packed segment");
    }
    VIGIL_RETURN_IF_ERROR(
        fn(GetBigEndian32(k.data() + 1),
           std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(v.data()),
                                    v.size())));
  }
  return FromRocks(it->status(), "read packed hashes");
}

Status StoreImpl::ForEachEntry(
    SignalType type, const std::function<Status(const Entry&)>& fn) const {
  const size_t size = EntryKeyHashSize(type);
  if (size == 0) {
    return InvalidArgumentError(std::string(SignalTypeName(type)) +
                                " has no stored entries");
  }
  auto t = static_cast<uint8_t>(type);
  std::string lower = TypeBound(t), upper = TypeEnd(t);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  ro.fill_cache = false;
  ro.readahead_size = 4 << 20;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, entries_cf_));
  Entry e;
  e.signal.type = type;
  for (it->Seek(lower); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    if (k.size() != 1 + size + 4)
      return CorruptInputError("malformed entry key");
    VIGIL_ASSIGN_OR_RETURN(EntryValue v,
                           DecodeEntryValue(it->value().ToStringView()));
    const auto* p = reinterpret_cast<const uint8_t*>(k.data()) + 1;
    e.hashset_id = GetBigEndian32(k.data() + 1 + size);
    if (StoredWhole(type)) {
      // The key holds the signal's id; the signal is its packed segment.
      std::string blob;
      VIGIL_RETURN_IF_ERROR(
          FromRocks(db_->Get(rocksdb::ReadOptions(), packed_cf_,
                             PackedKey(type, e.hashset_id, v.segment), &blob),
                    "read vpdq entry"));
      e.signal.bytes.assign(blob.begin(), blob.end());
    } else {
      e.signal.bytes.assign(p, p + size);
    }
    e.external_id.assign(v.external_id);
    e.category.assign(v.category);
    e.note.assign(v.note);
    e.added_at_ms = v.added_at_ms;
    e.change_seq = v.change_seq;
    VIGIL_RETURN_IF_ERROR(fn(e));
  }
  return FromRocks(it->status(), "read entries");
}

Status StoreImpl::Export(
    std::string_view hashset, const ExportOptions& options,
    const std::function<Status(std::string_view chunk)>& write) const {
  if (options.format == HashsetFormat::kAuto) {
    return InvalidArgumentError("choose an export format");
  }
  VIGIL_ASSIGN_OR_RETURN(SetState state, FindSet(hashset));
  const Hashset& h = state.hashset;
  std::vector<SignalType> types;
  for (SignalType t : h.config.signal_types) {
    if (options.type.has_value() && *options.type != t) continue;
    auto count = h.entry_counts.find(t);
    if (count != h.entry_counts.end() && count->second > 0) types.push_back(t);
  }
  if (options.type.has_value() && !h.config.Allows(*options.type)) {
    return InvalidArgumentError(std::string("hashset '") + h.config.name +
                                "' has no signal type " +
                                SignalTypeName(*options.type));
  }
  if (options.format == HashsetFormat::kPlain && types.size() > 1) {
    return InvalidArgumentError(
        "a plain list holds one signal type, and hashset '" + h.config.name +
        "' has several; pass --type or use another format");
  }
  std::string out;
  out.reserve(kChunkBytes + 4096);
  auto flush = [&](bool force) -> Status {
    if (out.empty() || (!force && out.size() < kChunkBytes)) {
      return Status::OK();
    }
    Status s = write(out);
    out.clear();
    return s;
  };
  if (options.format == HashsetFormat::kCsv) {
    out.append("signal_type,hash,external_id,category,note\n");
  } else if (options.format == HashsetFormat::kTsv) {
    out.append("signal_type\thash\texternal_id\tcategory\tnote\n");
  }
  for (SignalType type : types) {
    // vPDQ values are whole videos: exported from their entries below, as
    // the hex of their binary signal (vigil/vpdq.h).
    if ((options.format == HashsetFormat::kPlain ||
         options.format == HashsetFormat::kTyped) &&
        !StoredWhole(type)) {
      std::vector<uint8_t> hashes;
      VIGIL_RETURN_IF_ERROR(ReadSetHashes(type, h.id, &hashes));
      const size_t size = SignalTypeByteSize(type);
      for (size_t i = 0; i + size <= hashes.size(); i += size) {
        AppendRow(options.format, type,
                  std::span<const uint8_t>(&hashes[i], size), {}, {}, {}, &out);
        VIGIL_RETURN_IF_ERROR(flush(false));
      }
      continue;
    }
    Status scanned = ForEachEntry(type, [&](const Entry& e) -> Status {
      if (e.hashset_id != h.id) return Status::OK();
      AppendRow(options.format, type, e.signal.bytes, e.external_id, e.category,
                e.note, &out);
      return flush(false);
    });
    if (!scanned.ok()) return scanned;
  }
  return flush(true);
}

}  // namespace vigil::internal
