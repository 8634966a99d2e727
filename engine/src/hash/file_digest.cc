// Copyright 2026 The Vigil Authors.

#include "vigil/file_digest.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace vigil {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

Status OpenError(const std::string& path, int err) {
  std::string message = path + ": " + std::strerror(err);
  if (err == ENOENT) return NotFoundError(message);
  if (err == EACCES || err == EPERM) return PermissionDeniedError(message);
  return IOError(message);
}

}  // namespace

Result<Digests> DigestFile(const std::string& path, uint64_t max_bytes,
                           uint64_t* size) {
  File f(std::fopen(path.c_str(), "rb"));
  if (f == nullptr) return OpenError(path, errno);
  DigestHasher hasher;
  std::vector<uint8_t> chunk(size_t{1} << 20);
  uint64_t total = 0;
  size_t n;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), f.get())) > 0) {
    total += n;
    if (total > max_bytes) {
      return LimitExceededError(path + " is over the limit of " +
                                std::to_string(max_bytes) + " bytes");
    }
    hasher.Update(std::span<const uint8_t>(chunk.data(), n));
  }
  if (std::ferror(f.get()) != 0) return IOError(path + ": read failed");
  if (size != nullptr) *size = total;
  return hasher.Finish();
}

std::vector<uint8_t> ReadFileHead(const std::string& path, size_t n) {
  File f(std::fopen(path.c_str(), "rb"));
  if (f == nullptr) return {};
  std::vector<uint8_t> head(n);
  head.resize(std::fread(head.data(), 1, n, f.get()));
  return head;
}

}  // namespace vigil
