// Copyright 2026 The Vigil Authors.
//
// Reading untrusted files whole, under a size limit checked before reading.

#ifndef VIGIL_ENGINE_SRC_CORE_INTERNAL_FILE_IO_H_
#define VIGIL_ENGINE_SRC_CORE_INTERNAL_FILE_IO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "vigil/result.h"

namespace vigil::internal {

// Reads the regular file at `path` into memory.
// Errors: kNotFound (no such file), kPermissionDenied, kInvalidArgument
// (a directory, FIFO, device or socket: "not a regular file"),
// kLimitExceeded (larger than `max_bytes`, detected from fstat before any
// read, and again while reading should the file grow), kIOError.
Result<std::vector<uint8_t>> ReadFileBounded(const std::string& path,
                                             uint64_t max_bytes);

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_CORE_INTERNAL_FILE_IO_H_
