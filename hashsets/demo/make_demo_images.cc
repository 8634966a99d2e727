// Copyright 2026 The Vigil Authors.
//
// make_demo_images: writes the benign demo corpus used by the README demo.
//
//   make_demo_images OUT_DIR
//
// OUT_DIR/known/    originals that the demo hash set is built from
// OUT_DIR/uploads/  what "users upload": resized, recompressed, rotated and
//                   mirrored copies of some originals, plus unrelated images
//                   and one corrupt file
//
// Every image is synthetic (gradients, shapes, fractals, interference
// patterns) and generated deterministically, so the demo needs no data files.

#include <png.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

struct Rgb {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> px;  // interleaved RGB8
  uint8_t* at(int x, int y) { return &px[(size_t(y) * width + x) * 3]; }
  const uint8_t* at(int x, int y) const {
    return &px[(size_t(y) * width + x) * 3];
  }
};

Rgb Make(int w, int h) {
  Rgb img;
  img.width = w;
  img.height = h;
  img.px.assign(size_t(w) * h * 3, 0);
  return img;
}

uint8_t Clamp(double v) {
  return static_cast<uint8_t>(std::clamp(v, 0.0, 255.0));
}

Rgb Mandelbrot(int w, int h) {
  Rgb img = Make(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      // The "seahorse valley", where detail fills the whole frame.
      double cr = -0.95 + 0.4 * x / w, ci = 0.05 + 0.3 * y / h;
      double zr = 0, zi = 0;
      int n = 0;
      while (n < 255 && zr * zr + zi * zi < 4) {
        double t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        ++n;
      }
      uint8_t* p = img.at(x, y);
      p[0] = Clamp(n * 4);
      p[1] = Clamp(255 - n * 3);
      p[2] = Clamp(128 + 127 * std::sin(n * 0.3));
    }
  }
  return img;
}

Rgb Interference(int w, int h) {
  Rgb img = Make(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      double d1 = std::hypot(x - w * 0.3, y - h * 0.4);
      double d2 = std::hypot(x - w * 0.7, y - h * 0.6);
      double v = std::sin(d1 * 0.05) + std::sin(d2 * 0.07);
      uint8_t* p = img.at(x, y);
      p[0] = Clamp(128 + 60 * v);
      p[1] = Clamp(100 + 50 * std::cos(d1 * 0.02));
      p[2] = Clamp(200 - 40 * v);
    }
  }
  return img;
}

Rgb Shapes(int w, int h, uint32_t seed) {
  Rgb img = Make(w, h);
  std::mt19937 rng(seed);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      uint8_t* p = img.at(x, y);
      p[0] = Clamp(255.0 * x / w);
      p[1] = Clamp(255.0 * y / h);
      p[2] = 90;
    }
  }
  for (int i = 0; i < 14; ++i) {
    int cx = rng() % w, cy = rng() % h;
    int rx = 20 + rng() % (w / 4), ry = 20 + rng() % (h / 4);
    uint8_t c[3] = {uint8_t(rng()), uint8_t(rng()), uint8_t(rng())};
    bool ellipse = rng() % 2;
    for (int y = std::max(0, cy - ry); y < std::min(h, cy + ry); ++y) {
      for (int x = std::max(0, cx - rx); x < std::min(w, cx + rx); ++x) {
        double dx = double(x - cx) / rx, dy = double(y - cy) / ry;
        if (ellipse && dx * dx + dy * dy > 1) continue;
        std::copy(c, c + 3, img.at(x, y));
      }
    }
  }
  return img;
}

Rgb Rings(int w, int h) {
  Rgb img = Make(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      double r = std::hypot(x - w / 2.0, y - h / 2.0);
      double a = std::atan2(y - h / 2.0, x - w / 2.0);
      uint8_t* p = img.at(x, y);
      p[0] = Clamp(128 + 127 * std::sin(r * 0.04 + a * 3));
      p[1] = Clamp(128 + 127 * std::sin(r * 0.02));
      p[2] = Clamp(255.0 * y / h);
    }
  }
  return img;
}

Rgb Voronoi(int w, int h, uint32_t seed) {
  Rgb img = Make(w, h);
  std::mt19937 rng(seed);
  struct Site {
    int x, y;
    uint8_t c[3];
  };
  std::vector<Site> sites(24);
  for (auto& s : sites) {
    s = {int(rng() % w),
         int(rng() % h),
         {uint8_t(rng()), uint8_t(rng()), uint8_t(rng())}};
  }
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const Site* best = &sites[0];
      long bd = 1L << 60;
      for (const auto& s : sites) {
        long d = long(x - s.x) * (x - s.x) + long(y - s.y) * (y - s.y);
        if (d < bd) bd = d, best = &s;
      }
      std::copy(best->c, best->c + 3, img.at(x, y));
    }
  }
  return img;
}

Rgb Resize(const Rgb& src, int w, int h) {  // box filter / bilinear enough
  Rgb dst = Make(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      int x0 = x * src.width / w,
          x1 = std::max(x0 + 1, (x + 1) * src.width / w);
      int y0 = y * src.height / h,
          y1 = std::max(y0 + 1, (y + 1) * src.height / h);
      int sum[3] = {0, 0, 0}, n = 0;
      for (int sy = y0; sy < y1; ++sy) {
        for (int sx = x0; sx < x1; ++sx, ++n) {
          for (int c = 0; c < 3; ++c) sum[c] += src.at(sx, sy)[c];
        }
      }
      for (int c = 0; c < 3; ++c) dst.at(x, y)[c] = uint8_t(sum[c] / n);
    }
  }
  return dst;
}

Rgb Rotate90(const Rgb& src) {
  Rgb dst = Make(src.height, src.width);
  for (int y = 0; y < src.height; ++y) {
    for (int x = 0; x < src.width; ++x) {
      std::copy_n(src.at(x, y), 3, dst.at(src.height - 1 - y, x));
    }
  }
  return dst;
}

Rgb Mirror(const Rgb& src) {
  Rgb dst = Make(src.width, src.height);
  for (int y = 0; y < src.height; ++y) {
    for (int x = 0; x < src.width; ++x) {
      std::copy_n(src.at(x, y), 3, dst.at(src.width - 1 - x, y));
    }
  }
  return dst;
}

bool WriteJpeg(const Rgb& img, int quality, const std::string& path) {
  tjhandle tj = tjInitCompress();
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  int rc = tjCompress2(tj, img.px.data(), img.width, 0, img.height, TJPF_RGB,
                       &buf, &size, TJSAMP_420, quality, 0);
  bool ok = rc == 0;
  if (ok) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(buf), std::streamsize(size));
    ok = bool(out);
  }
  tjFree(buf);
  tjDestroy(tj);
  return ok;
}

bool WritePng(const Rgb& img, const std::string& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = img.width;
  image.height = img.height;
  image.format = PNG_FORMAT_RGB;
  return png_image_write_to_file(&image, path.c_str(), 0, img.px.data(), 0,
                                 nullptr) != 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_demo_images OUT_DIR\n");
    return 2;
  }
  namespace fs = std::filesystem;
  fs::path out = argv[1];
  fs::create_directories(out / "known");
  fs::create_directories(out / "uploads");
  auto known = [&](const char* name) {
    return (out / "known" / name).string();
  };
  auto upload = [&](const char* name) {
    return (out / "uploads" / name).string();
  };

  Rgb mandel = Mandelbrot(1024, 768);
  Rgb waves = Interference(900, 600);
  Rgb shapes = Shapes(800, 800, 11);
  Rgb rings = Rings(640, 480);
  bool ok = true;
  // The originals the demo hash set is built from.
  ok &= WriteJpeg(mandel, 92, known("fractal.jpg"));
  ok &= WritePng(waves, known("waves.png"));
  ok &= WriteJpeg(shapes, 92, known("shapes.jpg"));
  ok &= WritePng(rings, known("rings.png"));

  // Uploads: altered copies of known images...
  ok &= WriteJpeg(mandel, 92, upload("fractal-exact-copy.jpg"));
  ok &=
      WriteJpeg(Resize(mandel, 512, 384), 70, upload("fractal-half-size.jpg"));
  ok &= WriteJpeg(waves, 35, upload("waves-recompressed-q35.jpg"));
  ok &= WriteJpeg(Rotate90(shapes), 85, upload("shapes-rotated-90.jpg"));
  ok &= WritePng(Mirror(rings), upload("rings-mirrored.png"));
  // ...and unrelated images that must not match.
  ok &= WriteJpeg(Voronoi(800, 600, 5), 85, upload("unrelated-cells.jpg"));
  ok &= WritePng(Shapes(700, 500, 99), upload("unrelated-shapes.png"));
  ok &= WriteJpeg(Interference(400, 900), 80, upload("unrelated-waves.jpg"));
  // A corrupt upload: the first 2 KiB of a JPEG.
  {
    std::ifstream in(known("fractal.jpg"), std::ios::binary);
    std::string head(2048, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    std::ofstream(upload("truncated.jpg"), std::ios::binary) << head;
  }
  if (!ok) {
    std::fprintf(stderr, "make_demo_images: failed to write an image\n");
    return 1;
  }
  std::printf("%s\n", out.string().c_str());
  return 0;
}
