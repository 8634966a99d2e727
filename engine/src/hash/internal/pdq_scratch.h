// Copyright 2026 The Vigil Authors.
//
// The buffers behind a public PdqWorkspace, and the accessor that the hash
// module uses to reach them.
//
// Thread-safety: owned by one PdqWorkspace, used by one thread at a time.

#ifndef VIGIL_HASH_INTERNAL_PDQ_SCRATCH_H_
#define VIGIL_HASH_INTERNAL_PDQ_SCRATCH_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "vigil/pdq.h"

namespace vigil::internal {

struct PdqScratch {
  // Reference-style path: two full-size float images.
  std::vector<float> full1;
  std::vector<float> full2;
  // Fast path: strip, ring and sample buffers (see pdq_fast.cc).
  std::vector<float> fast;
  // Exact dihedral variants: the pixels mirrored left to right.
  std::vector<uint8_t> mirrored;

  size_t bytes() const {
    return (full1.capacity() + full2.capacity() + fast.capacity()) *
               sizeof(float) +
           mirrored.capacity();
  }
};

struct PdqWorkspaceAccess {
  static PdqScratch* Get(PdqWorkspace* ws) { return ws->scratch_.get(); }
};

}  // namespace vigil::internal

#endif  // VIGIL_HASH_INTERNAL_PDQ_SCRATCH_H_
