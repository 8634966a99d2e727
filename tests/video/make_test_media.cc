// Copyright 2026 The Vigil Authors.
//
// make_test_media OUTDIR: writes benign generated media for the tests that
// compare front-ends (tests/bindings/python/test_content_path.py): a still
// PNG (still.png), an animated GIF (anim.gif) and an MP4 video (clip.mp4).

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "media/image_encoders.h"
#include "video/synthetic_video.h"

namespace {

bool Write(const std::string& path, const std::vector<uint8_t>& bytes) {
  if (bytes.empty()) return false;
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_test_media OUTDIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  namespace t = vigil::testing;
  t::SyntheticVideoSpec spec;
  spec.frames = 60;
  t::SyntheticVideoSpec gif = spec;
  gif.container = "gif";
  gif.seed = 7;
  t::SyntheticVideoSpec still = spec;
  still.seed = 9;
  const bool ok =
      Write(dir + "/still.png", t::EncodePng(t::DrawSyntheticFrame(still, 0),
                                             still.width, still.height, {})) &&
      Write(dir + "/anim.gif", t::EncodeSyntheticVideo(gif)) &&
      Write(dir + "/clip.mp4", t::EncodeSyntheticVideo(spec));
  if (!ok) {
    std::fprintf(stderr, "make_test_media: cannot write to %s\n", dir.c_str());
    return 1;
  }
  return 0;
}
