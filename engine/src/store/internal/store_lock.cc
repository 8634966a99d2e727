// Copyright 2026 The Vigil Authors.

#include "store/internal/store_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <string>

namespace vigil::internal {

Result<std::unique_ptr<StoreLock>> StoreLock::Acquire(const std::string& dir) {
  std::string path = dir + "/vigil.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoToStatus(errno, "cannot open " + path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err != EWOULDBLOCK) {
      ::close(fd);
      return ErrnoToStatus(err, "cannot lock " + path);
    }
    char buf[32] = {};
    ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) {
      pid.pop_back();
    }
    if (pid.empty()) pid = "unknown";
    return UnavailableError("store " + dir + " is locked by pid " + pid +
                            " (one writer at a time; readers may use "
                            "read-only mode)");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) !=
                                     static_cast<ssize_t>(pid.size())) {
    int err = errno;
    ::close(fd);
    return ErrnoToStatus(err, "cannot write " + path);
  }
  return std::unique_ptr<StoreLock>(new StoreLock(fd));
}

StoreLock::~StoreLock() {
  // Closing the descriptor drops the flock. The pid is left behind: it is
  // only read while the lock is held by someone else.
  ::close(fd_);
}

}  // namespace vigil::internal
