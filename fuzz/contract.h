// Copyright 2026 The Vigil Authors.
//
// The contract checks the fuzz target bodies share (fuzz_targets.cc,
// content_targets.cc, parser_targets.cc): a violation prints what broke and
// aborts, so that libFuzzer (and the GoogleTest replay) reports it.

#ifndef VIGIL_FUZZ_CONTRACT_H_
#define VIGIL_FUZZ_CONTRACT_H_

#include "vigil/status.h"
#include "vigil/video.h"

namespace vigil::fuzz {

// Prints "contract violation: WHAT (STATUS)" and aborts.
[[noreturn]] void Violation(const char* what, const Status& status);

// A parser's failure: `expected`, with a message.
void CheckError(const Status& s, StatusCode expected);

// A decoder's failure: unsupported_format, corrupt_input or limit_exceeded,
// with a message.
void CheckDecodeError(const Status& s);

// A decoded video frame is at most max_width x max_height and its RGB rows
// are all there (every byte is read).
void CheckVideoFrame(const VideoFrame& frame, int max_width, int max_height);

}  // namespace vigil::fuzz

#endif  // VIGIL_FUZZ_CONTRACT_H_
