// Copyright 2026 The Vigil Authors.
//
// Throughput of `vigil hash`'s per-file work (3 digests + XXH3 + decode +
// PDQ) on ~1600x1000 baseline 4:2:0 photo JPEGs, against the baseline the
// issue names: libjpeg-turbo decoding the same files at full scale to RGB
// (what `djpeg` does), measured in the same run.
//
// Inputs: the bridge photos of $VIGIL_CONFORMANCE_DIR/pdq/images/bridge-mods
// (1600x1004, benign) when the variable is set, else a generated photo-like
// image. Run:
//   build/release/bench/hasher/media_hasher_benchmark
//   --benchmark_counters_tabular=true
// ->Threads(2) rows report the total rate of 2 threads.

#include <benchmark/benchmark.h>
#include <jpeglib.h>
#include <openssl/evp.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "vigil/digest.h"
#include "vigil/media_hasher.h"

namespace vigil {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return Bytes(s.begin(), s.end());
}

// Encodes a smooth, noisy, photo-like 1600x1000 RGB image as JPEG q90 4:2:0.
Bytes GeneratedPhoto() {
  const int w = 1600, h = 1000;
  std::vector<uint8_t> rgb(size_t(w) * h * 3);
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0, 6);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      float v = 120 + 60 * std::sin(x * 0.01f) * std::cos(y * 0.013f);
      for (int c = 0; c < 3; ++c) {
        float p = v + c * 20 + noise(rng);
        rgb[(size_t(y) * w + x) * 3 + c] =
            static_cast<uint8_t>(std::fmin(255, std::fmax(0, p)));
      }
    }
  }
  jpeg_compress_struct cinfo;
  jpeg_error_mgr jerr;
  cinfo.err = jpeg_std_error(&jerr);
  jpeg_create_compress(&cinfo);
  unsigned char* out = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &out, &size);
  cinfo.image_width = w;
  cinfo.image_height = h;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, 90, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = &rgb[size_t(cinfo.next_scanline) * w * 3];
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  Bytes bytes(out, out + size);
  std::free(out);
  return bytes;
}

const std::vector<Bytes>& Corpus() {
  static const std::vector<Bytes>* corpus = [] {
    auto* files = new std::vector<Bytes>();
    const char* dir = std::getenv("VIGIL_CONFORMANCE_DIR");
    if (dir != nullptr && *dir != '\0') {
      std::vector<std::string> paths;
      for (const auto& e : std::filesystem::directory_iterator(
               std::string(dir) + "/pdq/images/bridge-mods")) {
        std::string name = e.path().filename().string();
        // The ~1600x1000 photos; the square and shrunk variants are other
        // sizes.
        if (name.starts_with("square") || name.starts_with("shrink")) continue;
        paths.push_back(e.path().string());
      }
      std::sort(paths.begin(), paths.end());
      for (const auto& p : paths) files->push_back(ReadAll(p));
    }
    if (files->empty()) files->push_back(GeneratedPhoto());
    return files;
  }();
  return *corpus;
}

void SetCounters(benchmark::State& state, size_t bytes) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

struct ErrorExit {
  jpeg_error_mgr mgr;
  jmp_buf jump;
};

// Full-scale libjpeg-turbo decode of every file to `space`; with `raw`,
// the three YCbCr planes at their stored resolution (jpeg_read_raw_data: no
// chroma upsampling, no colour conversion).
void RunLibjpeg(benchmark::State& state, J_COLOR_SPACE space, bool raw) {
  const auto& corpus = Corpus();
  std::vector<uint8_t> pixels;
  std::vector<uint8_t> planes[3];
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const Bytes& file = corpus[i++ % corpus.size()];
    jpeg_decompress_struct cinfo;
    ErrorExit err;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = [](j_common_ptr c) {
      std::longjmp(reinterpret_cast<ErrorExit*>(c->err)->jump, 1);
    };
    if (setjmp(err.jump)) {
      jpeg_destroy_decompress(&cinfo);
      state.SkipWithError("decode failed");
      break;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, file.data(), file.size());
    jpeg_read_header(&cinfo, TRUE);
    cinfo.out_color_space = space;
    if (raw && cinfo.num_components != 3) {
      jpeg_destroy_decompress(&cinfo);
      state.SkipWithError("not a 3-component JPEG");
      break;
    }
    cinfo.raw_data_out = raw ? TRUE : FALSE;
    jpeg_start_decompress(&cinfo);
    if (raw) {
      // Each plane whole, in rows of its blocks' width, one iMCU row
      // (v_samp_factor * 8 rows of each component) per call.
      JSAMPROW rows[3][4 * DCTSIZE];
      JSAMPARRAY arrays[3] = {rows[0], rows[1], rows[2]};
      size_t widths[3];
      for (int c = 0; c < 3; ++c) {
        const jpeg_component_info& comp = cinfo.comp_info[c];
        widths[c] = size_t{comp.width_in_blocks} * DCTSIZE;
        planes[c].resize(widths[c] * (comp.height_in_blocks + 4) * DCTSIZE);
      }
      for (JDIMENSION imcu = 0; cinfo.output_scanline < cinfo.output_height;
           ++imcu) {
        for (int c = 0; c < 3; ++c) {
          const int n = cinfo.comp_info[c].v_samp_factor * DCTSIZE;
          for (int r = 0; r < n; ++r) {
            rows[c][r] = &planes[c][(imcu * n + r) * widths[c]];
          }
        }
        jpeg_read_raw_data(&cinfo, arrays, cinfo.max_v_samp_factor * DCTSIZE);
      }
      benchmark::DoNotOptimize(planes[1].data());
    } else {
      size_t stride = size_t(cinfo.output_width) * cinfo.output_components;
      pixels.resize(stride * cinfo.output_height);
      while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = &pixels[cinfo.output_scanline * stride];
        jpeg_read_scanlines(&cinfo, &row, 1);
      }
      benchmark::DoNotOptimize(pixels.data());
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    bytes += file.size();
  }
  SetCounters(state, bytes);
}

// The baseline: full-scale libjpeg-turbo decode to RGB, as `djpeg` does.
void BM_LibjpegFullScaleDecode(benchmark::State& state) {
  RunLibjpeg(state, JCS_RGB, /*raw=*/false);
}

// The default mode's decode: the Y plane only (libjpeg skips the chroma's
// inverse DCT, upsampling and colour conversion).
void BM_LibjpegLumaDecode(benchmark::State& state) {
  RunLibjpeg(state, JCS_GRAYSCALE, /*raw=*/false);
}

// The least a default mode that looks at the chroma (issue #14: clipping,
// luma from RGB) must decode: all three planes, chroma not upsampled.
void BM_LibjpegRawYccDecode(benchmark::State& state) {
  RunLibjpeg(state, JCS_YCbCr, /*raw=*/true);
}

void RunHasher(benchmark::State& state, const HashOptions& options) {
  const auto& corpus = Corpus();
  MediaHasher hasher(options);
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const Bytes& file = corpus[i++ % corpus.size()];
    Result<MediaHashes> h = hasher.HashBytes(file);
    if (!h.ok() || !h->pdq.has_value()) {
      state.SkipWithError("hash failed");
      break;
    }
    benchmark::DoNotOptimize(h->pdq->hash.bytes.data());
    bytes += file.size();
  }
  SetCounters(state, bytes);
}

// `vigil hash` default: digests + JPEG luma plane (full size for these
// ~1600x1000 photos) + PDQ.
void BM_MediaHasherFast(benchmark::State& state) {
  HashOptions options;
  options.pdq_mode = PdqMode::kFast;
  RunHasher(state, options);
}

// The plain hash without the unletterbox bar detection (on by default in
// BM_MediaHasherFast): its cost on photos without bars.
void BM_MediaHasherFastNoUnletterbox(benchmark::State& state) {
  HashOptions options;
  options.unletterbox = false;
  RunHasher(state, options);
}

// Issue #14: `--dihedral`, the 8 exact variants (from the rotated /
// mirrored pixels; default) and the cheaper DCT-domain variants. Compare
// with BM_MediaHasherFast (plain hash) in the same run.
void BM_MediaHasherFastDihedralExact(benchmark::State& state) {
  HashOptions options;
  options.dihedral = true;
  options.dihedral_mode = DihedralMode::kExact;
  RunHasher(state, options);
}
void BM_MediaHasherFastDihedralDct(benchmark::State& state) {
  HashOptions options;
  options.dihedral = true;
  options.dihedral_mode = DihedralMode::kDct;
  RunHasher(state, options);
}
void BM_MediaHasherFullDihedralExact(benchmark::State& state) {
  HashOptions options;
  options.pdq_mode = PdqMode::kFullResolution;
  options.dihedral = true;
  RunHasher(state, options);
}

// The previous default rule (fast_min_side 384: this photo's luma decoded
// at 1/2 by libjpeg's DCT scaling, 800x502), up to 16 bits from full mode
// on the corpus of bench/quality; today's default (1024) decodes it at
// full size. Compare with BM_MediaHasherFast.
void BM_MediaHasherFastHalfScale(benchmark::State& state) {
  HashOptions options;
  options.pdq_mode = PdqMode::kFast;
  options.fast_min_side = 384;
  RunHasher(state, options);
}

// `vigil hash --pdq-mode full`: digests + full-size RGB decode + PDQ.
void BM_MediaHasherFull(benchmark::State& state) {
  HashOptions options;
  options.pdq_mode = PdqMode::kFullResolution;
  RunHasher(state, options);
}

// The digests alone (MD5 + SHA-1 + SHA-256 + XXH3-128), one pass, as
// `vigil hash` computes them (ComputeDigests).
void BM_DigestsOnly(benchmark::State& state) {
  const auto& corpus = Corpus();
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const Bytes& file = corpus[i++ % corpus.size()];
    Digests d = ComputeDigests(file);
    benchmark::DoNotOptimize(d.sha256.data());
    bytes += file.size();
  }
  SetCounters(state, bytes);
}

// Baseline for the digests: MD5, SHA-1 and SHA-256 from three OpenSSL EVP
// contexts plus XXH3-128, over the same 32 KiB slices (what DigestHasher
// does on CPUs without SHA-NI).
void BM_DigestsOpenSslSeparate(benchmark::State& state) {
  const auto& corpus = Corpus();
  EVP_MD* algorithms[3] = {EVP_MD_fetch(nullptr, "MD5", nullptr),
                           EVP_MD_fetch(nullptr, "SHA1", nullptr),
                           EVP_MD_fetch(nullptr, "SHA256", nullptr)};
  EVP_MD_CTX* ctx[3] = {EVP_MD_CTX_new(), EVP_MD_CTX_new(), EVP_MD_CTX_new()};
  XXH3_state_t* xxh = XXH3_createState();
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const Bytes& file = corpus[i++ % corpus.size()];
    for (int a = 0; a < 3; ++a)
      EVP_DigestInit_ex(ctx[a], algorithms[a], nullptr);
    XXH3_128bits_reset(xxh);
    for (size_t at = 0; at < file.size(); at += 32768) {
      const size_t n = std::min<size_t>(32768, file.size() - at);
      for (int a = 0; a < 3; ++a) EVP_DigestUpdate(ctx[a], file.data() + at, n);
      XXH3_128bits_update(xxh, file.data() + at, n);
    }
    unsigned char out[3][EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    for (int a = 0; a < 3; ++a) EVP_DigestFinal_ex(ctx[a], out[a], &len);
    XXH128_hash_t x = XXH3_128bits_digest(xxh);
    benchmark::DoNotOptimize(out);
    benchmark::DoNotOptimize(x);
    bytes += file.size();
  }
  for (int a = 0; a < 3; ++a) {
    EVP_MD_CTX_free(ctx[a]);
    EVP_MD_free(algorithms[a]);
  }
  XXH3_freeState(xxh);
  SetCounters(state, bytes);
}

BENCHMARK(BM_LibjpegFullScaleDecode)->UseRealTime()->Threads(1)->Threads(2);
BENCHMARK(BM_LibjpegLumaDecode)->UseRealTime()->Threads(1);
BENCHMARK(BM_LibjpegRawYccDecode)->UseRealTime()->Threads(1);
BENCHMARK(BM_MediaHasherFast)->UseRealTime()->Threads(1)->Threads(2);
BENCHMARK(BM_MediaHasherFastNoUnletterbox)->UseRealTime()->Threads(1);
BENCHMARK(BM_MediaHasherFastDihedralExact)->UseRealTime()->Threads(1);
BENCHMARK(BM_MediaHasherFastDihedralDct)->UseRealTime()->Threads(1);
BENCHMARK(BM_MediaHasherFullDihedralExact)->UseRealTime()->Threads(1);
BENCHMARK(BM_MediaHasherFastHalfScale)->UseRealTime()->Threads(1);
BENCHMARK(BM_MediaHasherFull)->UseRealTime()->Threads(1)->Threads(2);
BENCHMARK(BM_DigestsOnly)->UseRealTime()->Threads(1);
BENCHMARK(BM_DigestsOpenSslSeparate)->UseRealTime()->Threads(1);

}  // namespace
}  // namespace vigil

BENCHMARK_MAIN();
