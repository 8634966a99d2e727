// Copyright 2026 The Vigil Authors.
//
// The reference's vPDQ text format (vpdq/cpp/vpdq/cpp/io/vpdqio.cpp):
// "frame_number,quality,pdq_hex,timestamp" per line, timestamp with 3
// decimals in fixed notation.

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/internal/file_io.h"
#include "vigil/status_macros.h"
#include "vigil/vpdq.h"

namespace vigil {
namespace {

// Largest hash file read back: 1 GiB (a day of video at every frame is
// about 200 MB).
constexpr uint64_t kMaxVpdqFileBytes = uint64_t{1} << 30;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

template <typename T>
bool ParseInt(std::string_view s, T* out) {
  s = Trim(s);
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

bool ParseDouble(std::string_view s, double* out) {
  s = Trim(s);
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(*out);
}

Status LineError(size_t line_number, std::string_view what) {
  return CorruptInputError("vpdq: line " + std::to_string(line_number) + ": " +
                           std::string(what));
}

}  // namespace

std::string FormatVpdq(std::span<const VpdqFrame> frames) {
  std::string out;
  out.reserve(frames.size() * 90);
  // Room for any finite double in "%.3f" (DBL_MAX has 309 integer
  // digits): a large timestamp was cut short (a wrong number) in 64.
  char time[352];
  for (const VpdqFrame& f : frames) {
    out += std::to_string(f.frame_number);
    out += ',';
    out += std::to_string(f.quality);
    out += ',';
    out += f.hash.ToHex();
    out += ',';
    std::snprintf(time, sizeof(time), "%.3f", f.timestamp);
    out += time;
    out += '\n';
  }
  return out;
}

Result<std::vector<VpdqFrame>> ParseVpdq(std::string_view text) {
  std::vector<VpdqFrame> frames;
  size_t line_number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view()
                                         : text.substr(end + 1);
    ++line_number;
    line = Trim(line);
    if (line.empty()) continue;
    std::string_view fields[4];
    size_t count = 0;
    while (count < 4) {
      const size_t comma = line.find(',');
      fields[count++] = line.substr(0, comma);
      if (comma == std::string_view::npos) break;
      line = line.substr(comma + 1);
    }
    if (count < 4) return LineError(line_number, "expected 4 fields");
    VpdqFrame f;
    if (!ParseInt(fields[0], &f.frame_number) || f.frame_number < 0) {
      return LineError(line_number, "bad frame number");
    }
    if (!ParseInt(fields[1], &f.quality) || f.quality < 0 || f.quality > 100) {
      return LineError(line_number, "bad quality");
    }
    Result<PdqHash> hash = PdqHash::FromHex(Trim(fields[2]));
    if (!hash.ok()) return LineError(line_number, hash.status().message());
    f.hash = *hash;
    if (!ParseDouble(fields[3], &f.timestamp) || f.timestamp < 0) {
      return LineError(line_number, "bad timestamp");
    }
    frames.push_back(f);
  }
  return frames;
}

Status WriteVpdqFile(const std::string& path,
                     std::span<const VpdqFrame> frames) {
  const std::string text = FormatVpdq(frames);
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return ErrnoToStatus(errno, "vpdq: " + path);
  errno = 0;
  const size_t written = std::fwrite(text.data(), 1, text.size(), file);
  const int write_errno = errno;
  if (std::fclose(file) != 0 || written != text.size()) {
    return ErrnoToStatus(write_errno != 0 ? write_errno : EIO, "vpdq: " + path);
  }
  return Status::OK();
}

Result<std::vector<VpdqFrame>> ReadVpdqFile(const std::string& path) {
  VIGIL_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                         internal::ReadFileBounded(path, kMaxVpdqFileBytes));
  Result<std::vector<VpdqFrame>> frames = ParseVpdq(std::string_view(
      reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  if (!frames.ok()) return frames.status().WithPrefix(path);
  return frames;
}

}  // namespace vigil
