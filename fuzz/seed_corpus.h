// Copyright 2026 The Vigil Authors.
//
// The seed corpus of the fuzz targets, generated (never stored): small
// benign images of every format and variant the decoders handle, made with
// the test encoders (tests/media/image_encoders.h).

#ifndef VIGIL_FUZZ_SEED_CORPUS_H_
#define VIGIL_FUZZ_SEED_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::fuzz {

struct Seed {
  std::string target;  // "jpeg", "png", "webp", "gif", "bmp", "tiff", "heif",
                       // "exif"
  std::string name;    // file name, e.g. "progressive.jpg"
  std::vector<uint8_t> bytes;
};

// All image seeds. Deterministic; HEIF seeds only where libheif can encode.
std::vector<Seed> MakeSeeds();

// Seeds of the other targets (seed_corpus_more.cc): "video" (synthetic
// clips of every container), "animation", "hashlist", "vpdq", "json",
// "bundle" (signed bundles: good, unsigned, tampered, truncated, ...).
std::vector<Seed> MakeMoreSeeds();

}  // namespace vigil::fuzz

#endif  // VIGIL_FUZZ_SEED_CORPUS_H_
