// Copyright 2026 The Vigil Authors.
//
// File: vigil/file_digest.h
// -----------------------------------------------------------------------------
// Digests of a file read in chunks, for inputs too large to hold in memory
// (videos): the same MD5, SHA-1, SHA-256 and XXH3-128 as ComputeDigests()
// over the whole file, with memory bounded by one 1 MiB buffer.
//
//   VIGIL_ASSIGN_OR_RETURN(Digests d, DigestFile("clip.mp4", 4ull << 30));
//
// Thread-safety: reentrant.

#ifndef VIGIL_FILE_DIGEST_H_
#define VIGIL_FILE_DIGEST_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "vigil/digest.h"
#include "vigil/export.h"
#include "vigil/result.h"

namespace vigil {

// The digests of the file at `path`; *size (when not null) receives its
// length. Errors: kNotFound, kPermissionDenied, kIOError, kLimitExceeded
// when the file is longer than `max_bytes`.
VIGIL_EXPORT Result<Digests> DigestFile(const std::string& path,
                                        uint64_t max_bytes,
                                        uint64_t* size = nullptr);

// Up to `n` first bytes of the file at `path` (fewer when it is shorter;
// empty when it cannot be read), enough to sniff its media type.
VIGIL_EXPORT std::vector<uint8_t> ReadFileHead(const std::string& path,
                                               size_t n = 64);

}  // namespace vigil

#endif  // VIGIL_FILE_DIGEST_H_
