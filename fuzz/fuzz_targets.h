// Copyright 2026 The Vigil Authors.
//
// Bodies of the libFuzzer targets, kept in a library so that the same code
// runs under libFuzzer (fuzz/*_fuzzer.cc, clang preset `fuzz`) and under
// GoogleTest in the normal build (tests/media/fuzz_regression_test.cc).
//
// Every function checks the decoder's contract and aborts on a violation
// (so that libFuzzer reports it): a success has consistent, bounded pixels;
// a failure is unsupported_format, corrupt_input or limit_exceeded.

#ifndef VIGIL_FUZZ_FUZZ_TARGETS_H_
#define VIGIL_FUZZ_FUZZ_TARGETS_H_

#include <cstddef>
#include <cstdint>

#include "vigil/media_type.h"

namespace vigil::fuzz {

// SniffMediaType on arbitrary bytes, plus the name/MIME functions.
int FuzzSniff(const uint8_t* data, size_t size);

// DecodeImage (sniffing + the matching decoder).
int FuzzDecodeImage(const uint8_t* data, size_t size);

// One decoder forced, whatever the magic bytes say.
int FuzzDecodeAs(MediaType type, const uint8_t* data, size_t size);

// An animated WebP read as a video (every frame).
int FuzzWebpAnimation(const uint8_t* data, size_t size);

// The EXIF orientation parser.
int FuzzExif(const uint8_t* data, size_t size);

}  // namespace vigil::fuzz

#endif  // VIGIL_FUZZ_FUZZ_TARGETS_H_
