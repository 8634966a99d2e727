// Copyright 2026 The Vigil Authors.
//
// Writes the generated seed corpus: make_seeds <dir> creates
// <dir>/<target>/<name> for every seed (see seed_corpus.h). The `image`
// and `sniff` corpora get every image seed, `animation` the GIF and
// animated WebP ones.

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "seed_corpus.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <output dir>\n", argv[0]);
    return 2;
  }
  namespace fs = std::filesystem;
  const fs::path root = argv[1];
  int written = 0;
  auto write = [&](const std::string& target, const vigil::fuzz::Seed& seed) {
    fs::create_directories(root / target);
    std::ofstream out(root / target / seed.name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(seed.bytes.data()),
              std::streamsize(seed.bytes.size()));
    ++written;
  };
  for (const vigil::fuzz::Seed& seed : vigil::fuzz::MakeSeeds()) {
    write(seed.target, seed);
    if (seed.target != "exif") {
      write("image", seed);
      write("sniff", seed);
    }
    if (seed.target == "gif" || seed.target == "webp_anim") {
      write("animation", seed);
    }
  }
  for (const vigil::fuzz::Seed& seed : vigil::fuzz::MakeMoreSeeds()) {
    write(seed.target, seed);
    if (seed.target == "video") write("sniff", seed);
  }
  std::printf("wrote %d seed files under %s\n", written, root.c_str());
  return 0;
}
