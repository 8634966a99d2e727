// Copyright 2026 The Vigil Authors.
//
// The binary vPDQ signal (format in vigil/vpdq.h).

#include <algorithm>
#include <cmath>
#include <string>

#include "core/internal/sha256.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

constexpr uint8_t kVpdqSignalVersion = 1;        // whole frames
constexpr uint8_t kVpdqRegionSignalVersion = 2;  // with a region byte

void PutVarint(uint64_t v, std::vector<uint8_t>* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<uint8_t>(v));
}

// Reads a varint at *pos; false when truncated or longer than 10 bytes.
bool GetVarint(std::span<const uint8_t> in, size_t* pos, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*pos >= in.size()) return false;
    uint8_t byte = in[(*pos)++];
    *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace

Result<FrameRegion> VpdqSignalRegion(std::span<const uint8_t> bytes) {
  if (!bytes.empty() && bytes[0] == kVpdqSignalVersion) {
    return FrameRegion::kWhole;
  }
  if (bytes.size() >= 2 && bytes[0] == kVpdqRegionSignalVersion &&
      bytes[1] >= 1 && bytes[1] <= 4) {
    return static_cast<FrameRegion>(bytes[1]);
  }
  return CorruptInputError("not a vPDQ signal (unknown version or region)");
}

Result<Signal> EncodeVpdqSignal(std::span<const VpdqFrame> frames,
                                FrameRegion region) {
  const auto region_byte = static_cast<uint8_t>(region);
  if (region_byte > 4) {
    return InvalidArgumentError("unknown vPDQ frame region " +
                                std::to_string(region_byte));
  }
  if (frames.size() > kMaxVpdqSignalFrames) {
    return InvalidArgumentError(
        "a vPDQ signal holds at most " + std::to_string(kMaxVpdqSignalFrames) +
        " frames, got " + std::to_string(frames.size()));
  }
  Signal signal;
  signal.type = SignalType::kVpdq;
  std::vector<uint8_t>& out = signal.bytes;
  out.reserve(4 + frames.size() * 40);
  if (region == FrameRegion::kWhole) {
    out.push_back(kVpdqSignalVersion);
  } else {
    out.push_back(kVpdqRegionSignalVersion);
    out.push_back(region_byte);
  }
  PutVarint(frames.size(), &out);
  for (const VpdqFrame& f : frames) {
    if (f.frame_number < 0 || f.quality < 0 || f.quality > 100 ||
        !(f.timestamp >= 0) || f.timestamp > 1e9) {
      return InvalidArgumentError(
          "vPDQ frame " + std::to_string(f.frame_number) +
          " has a negative number, a quality outside 0..100 or a bad "
          "timestamp");
    }
    PutVarint(static_cast<uint64_t>(f.frame_number), &out);
    out.push_back(static_cast<uint8_t>(f.quality));
    out.insert(out.end(), f.hash.bytes.begin(), f.hash.bytes.end());
    PutVarint(static_cast<uint64_t>(std::llround(f.timestamp * 1e6)), &out);
  }
  return signal;
}

Result<std::vector<VpdqFrame>> DecodeVpdqSignal(
    std::span<const uint8_t> bytes) {
  Result<FrameRegion> region = VpdqSignalRegion(bytes);
  if (!region.ok()) return region.status();
  size_t pos = *region == FrameRegion::kWhole ? 1 : 2;
  uint64_t count = 0;
  if (!GetVarint(bytes, &pos, &count)) {
    return CorruptInputError("truncated vPDQ signal");
  }
  // Each frame takes at least 35 bytes: refuse counts the input cannot hold
  // before reserving for them.
  if (count > kMaxVpdqSignalFrames || count > (bytes.size() - pos) / 35) {
    return CorruptInputError("vPDQ signal announces " + std::to_string(count) +
                             " frames in " + std::to_string(bytes.size()) +
                             " bytes");
  }
  std::vector<VpdqFrame> frames(count);
  for (VpdqFrame& f : frames) {
    uint64_t number = 0, micros = 0;
    if (!GetVarint(bytes, &pos, &number) || pos + 33 > bytes.size()) {
      return CorruptInputError("truncated vPDQ signal");
    }
    f.quality = bytes[pos++];
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(pos), 32,
                f.hash.bytes.begin());
    pos += 32;
    if (!GetVarint(bytes, &pos, &micros)) {
      return CorruptInputError("truncated vPDQ signal");
    }
    if (f.quality > 100 || number > (uint64_t{1} << 62) ||
        micros > uint64_t{1'000'000'000'000'000}) {
      return CorruptInputError("vPDQ signal has an out-of-range frame");
    }
    f.frame_number = static_cast<int64_t>(number);
    f.timestamp = static_cast<double>(micros) / 1e6;
  }
  if (pos != bytes.size()) {
    return CorruptInputError("vPDQ signal has " +
                             std::to_string(bytes.size() - pos) +
                             " trailing bytes");
  }
  return frames;
}

std::array<uint8_t, 32> VpdqSignalId(std::span<const uint8_t> bytes) {
  return internal::Sha256(bytes);
}

}  // namespace vigil
