// Copyright 2026 The Vigil Authors.

#include "core/internal/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace vigil::internal {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string TooLarge(uint64_t size, uint64_t max_bytes) {
  return "file is " + std::to_string(size) + " bytes, over the limit of " +
         std::to_string(max_bytes) + " bytes";
}

}  // namespace

Result<std::vector<uint8_t>> ReadFileBounded(const std::string& path,
                                             uint64_t max_bytes) {
  // O_NONBLOCK so that opening a FIFO does not hang; it is refused below.
  Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return ErrnoToStatus(errno, "open");
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return ErrnoToStatus(errno, "stat");
  if (!S_ISREG(st.st_mode)) {
    return InvalidArgumentError(S_ISDIR(st.st_mode) ? "is a directory"
                                                    : "not a regular file");
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > max_bytes) return LimitExceededError(TooLarge(size, max_bytes));

  std::vector<uint8_t> data;
  // Reserve one byte more than announced so growth is noticed cheaply.
  data.resize(size + 1);
  size_t filled = 0;
  for (;;) {
    if (filled == data.size()) {
      if (data.size() > max_bytes) {
        return LimitExceededError(TooLarge(data.size(), max_bytes));
      }
      data.resize(std::min<uint64_t>(max_bytes + 1, data.size() * 2 + 4096));
    }
    ssize_t n = read(fd.get(), data.data() + filled, data.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoToStatus(errno, "read");
    }
    if (n == 0) break;
    filled += static_cast<size_t>(n);
  }
  if (filled > max_bytes)
    return LimitExceededError(TooLarge(filled, max_bytes));
  data.resize(filled);
  return data;
}

}  // namespace vigil::internal
