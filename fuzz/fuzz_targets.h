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

#include "vigil/bundle.h"
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

// content_targets.cc: an animated GIF or WebP through the content path
// (ContentHasher::HashBytes: first frame, then every frame); other types
// are skipped.
int FuzzAnimation(const uint8_t* data, size_t size);

// content_targets.cc: container probing and decoding through OpenVideo
// (bounded limits), every returned frame read.
int FuzzVideo(const uint8_t* data, size_t size);

// parser_targets.cc: the hash-list import parser (two option bytes, then
// the text), then SortAndDedupe.
int FuzzHashList(const uint8_t* data, size_t size);

// parser_targets.cc: vPDQ text (ParseVpdq), with a print/parse round trip.
int FuzzVpdqText(const uint8_t* data, size_t size);

// parser_targets.cc: the JSON readers: TakedownEvent::FromJson (outbox
// records), the store's hash-set records, and the signals of a request
// body; each success must print and read back unchanged. Also the store's
// change-log, token, ack and dead-letter records: corrupt_input or read.
int FuzzJson(const uint8_t* data, size_t size);

// bundle_target.cc: the signed-bundle reader: ParseBundle, OpenBundle with
// two trusted keys (FuzzBundleKey and another), and ImportBundle into a
// scratch store of what opens.
int FuzzBundle(const uint8_t* data, size_t size);

// The key the good seed bundles are signed with: Ed25519 from a fixed seed
// (not a secret; the same in every run, so stored bundles stay valid).
const SigningKeyPair& FuzzBundleKey();

}  // namespace vigil::fuzz

#endif  // VIGIL_FUZZ_FUZZ_TARGETS_H_
