// Copyright 2026 The Vigil Authors.
//
// The writer lock of a store directory: <dir>/vigil.lock, held with flock()
// for as long as the writer is open, with the holder's pid written inside so
// a refused writer can say who holds it. flock() locks belong to the open
// file description, so a second writer in the same process is refused too,
// and the kernel drops the lock when the holder dies (kill -9 included).
//
// Thread-safety: an object is used by one thread at a time.

#ifndef VIGIL_STORE_INTERNAL_STORE_LOCK_H_
#define VIGIL_STORE_INTERNAL_STORE_LOCK_H_

#include <memory>
#include <string>

#include "vigil/result.h"

namespace vigil::internal {

class StoreLock {
 public:
  // Takes the lock of directory `dir` without waiting.
  // Errors: kUnavailable "store is locked by pid N"; kIOError.
  static Result<std::unique_ptr<StoreLock>> Acquire(const std::string& dir);
  ~StoreLock();  // releases the lock

  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace vigil::internal

#endif  // VIGIL_STORE_INTERNAL_STORE_LOCK_H_
