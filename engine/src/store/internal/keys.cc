// Copyright 2026 The Vigil Authors.

#include "store/internal/keys.h"

#include <array>

#include "vigil/vpdq.h"

namespace vigil::internal {
namespace {

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint8_t byte = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

bool GetLengthPrefixed(std::string_view* in, std::string_view* out) {
  uint64_t n = 0;
  if (!GetVarint(in, &n) || n > in->size()) return false;
  *out = in->substr(0, n);
  in->remove_prefix(n);
  return true;
}

}  // namespace

void PutBigEndian32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

void PutBigEndian64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

uint32_t GetBigEndian32(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) |
         (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

uint64_t GetBigEndian64(const char* p) {
  return (uint64_t{GetBigEndian32(p)} << 32) | GetBigEndian32(p + 4);
}

std::string HashsetKey(uint32_t id) {
  std::string key;
  PutBigEndian32(&key, id);
  return key;
}

std::string ChangelogKey(uint64_t seq) {
  std::string key;
  PutBigEndian64(&key, seq);
  return key;
}

void EntryKeyInto(uint8_t type, const uint8_t* hash, size_t size,
                  uint32_t hashset_id, std::string* out) {
  out->resize(1 + size + 4);
  char* p = out->data();
  p[0] = static_cast<char>(type);
  for (size_t i = 0; i < size; ++i) p[1 + i] = static_cast<char>(hash[i]);
  p += 1 + size;
  p[0] = static_cast<char>(hashset_id >> 24);
  p[1] = static_cast<char>(hashset_id >> 16);
  p[2] = static_cast<char>(hashset_id >> 8);
  p[3] = static_cast<char>(hashset_id);
}

bool StoredWhole(SignalType type) {
  const SignalKind* kind = FindSignalKind(type);
  return kind != nullptr && !kind->fixed_size();
}

Status CheckSignalValue(const Signal& signal) {
  const SignalKind& kind = KindOf(signal.type);
  switch (kind.value_form) {
    case SignalValueForm::kFixed:
      if (signal.bytes.size() == kind.byte_size) return Status::OK();
      return InvalidArgumentError(std::string(kind.name) + " value must have " +
                                  std::to_string(kind.byte_size) +
                                  " bytes, got " +
                                  std::to_string(signal.bytes.size()));
    case SignalValueForm::kVpdqSignal: {
      Result<std::vector<VpdqFrame>> frames = DecodeVpdqSignal(signal.bytes);
      if (!frames.ok()) {
        return InvalidArgumentError(
            std::string("bad ") + kind.name +
            " value: " + std::string(frames.status().message()));
      }
      if (frames->empty()) {
        return InvalidArgumentError(std::string("a ") + kind.name +
                                    " value needs at least one frame");
      }
      return Status::OK();
    }
  }
  return InvalidArgumentError("unknown signal value form");
}

std::string SignalEntryKey(const Signal& signal, uint32_t hashset_id) {
  if (StoredWhole(signal.type)) {
    std::array<uint8_t, 32> id = VpdqSignalId(signal.bytes);
    return EntryKey(signal.type, id, hashset_id);
  }
  return EntryKey(signal.type, signal.bytes, hashset_id);
}

size_t EntryKeyHashSize(SignalType type) {
  return StoredWhole(type) ? 32 : SignalTypeByteSize(type);
}

std::string EntryKey(SignalType type, std::span<const uint8_t> hash,
                     uint32_t hashset_id) {
  std::string key;
  EntryKeyInto(static_cast<uint8_t>(type), hash.data(), hash.size(), hashset_id,
               &key);
  return key;
}

std::string PackedSetPrefix(SignalType type, uint32_t hashset_id) {
  std::string key(1, static_cast<char>(type));
  PutBigEndian32(&key, hashset_id);
  return key;
}

std::string PackedKey(SignalType type, uint32_t hashset_id, uint32_t segment) {
  std::string key = PackedSetPrefix(type, hashset_id);
  PutBigEndian32(&key, segment);
  return key;
}

void EncodeEntryValue(const EntryValue& value, std::string* out) {
  out->push_back(1);
  PutVarint(out, value.segment);
  PutVarint(out, static_cast<uint64_t>(value.added_at_ms));
  PutVarint(out, value.change_seq);
  for (std::string_view s : {value.external_id, value.category, value.note}) {
    PutVarint(out, s.size());
    out->append(s);
  }
}

Result<EntryValue> DecodeEntryValue(std::string_view data) {
  EntryValue value;
  uint64_t segment = 0, added = 0;
  if (data.empty() || data.front() != 1) {
    return CorruptInputError("entry value has an unknown version");
  }
  data.remove_prefix(1);
  if (!GetVarint(&data, &segment) || segment > UINT32_MAX ||
      !GetVarint(&data, &added) || !GetVarint(&data, &value.change_seq) ||
      !GetLengthPrefixed(&data, &value.external_id) ||
      !GetLengthPrefixed(&data, &value.category) ||
      !GetLengthPrefixed(&data, &value.note)) {
    return CorruptInputError("truncated entry value");
  }
  value.segment = static_cast<uint32_t>(segment);
  value.added_at_ms = static_cast<int64_t>(added);
  return value;
}

}  // namespace vigil::internal
