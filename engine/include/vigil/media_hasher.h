// Copyright 2026 The Vigil Authors.
//
// File: vigil/media_hasher.h
// -----------------------------------------------------------------------------
// MediaHasher turns one file (or byte string, or decoded pixel buffer) into
// every signal Vigil matches on: the digests of the raw bytes (MD5, SHA-1,
// SHA-256, and the XXH3-128 content key) and, for images, the PDQ hash and
// its quality (optionally with the 8 dihedral variants).
//
//   vigil::MediaHasher hasher;                    // default options
//   vigil::Result<vigil::MediaHashes> h = hasher.HashFile("upload.jpg");
//   if (!h.ok()) ...;                      // unreadable, too large, ...
//   if (!h->image_status.ok()) ...;        // digests only: not a decodable
//                                          // image (corrupt, unsupported)
//   h->pdq->hash.ToHex();
//
// Digests are computed for every readable input, whatever its format, since
// MD5/SHA lists name files of any kind; a decode failure is reported in
// MediaHashes::image_status, not as a failure of the whole call.
//
// PDQ decode modes (HashOptions::pdq_mode):
//   kFast (default): JPEGs of at least `fast_min_pixels` pixels are
//     decoded to their luma (Y) plane only (no chroma upsampling or colour
//     conversion), at full size unless libjpeg's DCT-domain scaling keeps
//     `fast_min_side` pixels on the short side; smaller JPEGs and other
//     formats decode as kFullResolution. Within a few bits of
//     kFullResolution (see README "PDQ modes").
//   kFullResolution: every image decoded at full size to RGB, as
//     python-threatexchange and HMA hash it (the reference's rule 2).
//
// Thread-safety: all methods are const and safe to call concurrently; each
// thread uses its own scratch memory.

#ifndef VIGIL_MEDIA_HASHER_H_
#define VIGIL_MEDIA_HASHER_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vigil/bars.h"
#include "vigil/digest.h"
#include "vigil/export.h"
#include "vigil/image.h"
#include "vigil/media_type.h"
#include "vigil/pdq.h"
#include "vigil/result.h"
#include "vigil/signal_type.h"

namespace vigil {

enum class PdqMode : uint8_t {
  kFast = 0,            // JPEG luma plane, DCT-scaled if large (see above)
  kFullResolution = 1,  // full-size RGB decode, the reference's pixels
};

// Parses "fast" or "full". Error: kInvalidArgument.
VIGIL_EXPORT Result<PdqMode> ParsePdqMode(std::string_view name);
VIGIL_EXPORT const char* PdqModeName(PdqMode mode);

// How the 8 dihedral PDQ variants are computed (see vigil/pdq.h).
enum class DihedralMode : uint8_t {
  // Each variant hashed from the rotated / mirrored pixels
  // (ComputePdqDihedralExactFrom*): rotated and mirrored copies match at
  // the rate of the original. About 4x the float stage of a plain hash.
  kExact = 0,
  // Derived from the original's DCT block (ComputePdqDihedralFrom*, the
  // reference's dihedral routine): cheaper, a few bits less exact.
  kDct = 1,
};

// The bar detector's options for still images: bars of any colour (a
// border added in an editor is often white or grey), at most 25% of a
// side, at least 4 pixels.
VIGIL_EXPORT BarOptions UnletterboxBarOptions();

// The second guess at an image's border, for a picture whose own edge is
// nearly uniform in the border's colour (a night sky inside a black
// border, which UnletterboxBarOptions() reads as part of the bar): bars
// whose every pixel has exactly the bar colour (a border added without
// loss; a JPEG's noisy border gives little or nothing here), with opposite
// bars then evened out to the thinner of the two (SymmetricCrop()) when
// they differ. `strict` is the detection with UnletterboxBarOptions() and
// max_deviation 0, min_uniform_share 1. Empty when there is none.
VIGIL_EXPORT CropRect UnletterboxStrictCrop(const BarDetection& strict);

// UnletterboxBarOptions() made exact: max_deviation 0, min_uniform_share 1.
VIGIL_EXPORT BarOptions UnletterboxStrictBarOptions();

// Parses "exact" or "dct". Error: kInvalidArgument.
VIGIL_EXPORT Result<DihedralMode> ParseDihedralMode(std::string_view name);
VIGIL_EXPORT const char* DihedralModeName(DihedralMode mode);

// The 8 dihedral variants of a decoded buffer (`luma`: 1 byte per pixel,
// else RGB) computed as `mode` says. Arguments and errors as
// ComputePdqFromRgb / ComputePdqFromLuma.
VIGIL_EXPORT Result<std::array<PdqResult, 8>> ComputePdqDihedralVariants(
    DihedralMode mode, bool luma, std::span<const uint8_t> pixels, int width,
    int height, size_t stride_bytes, PdqWorkspace* ws);

struct HashOptions {
  // Limits applied before reading and decoding (bytes, pixels, sides).
  ImageLimits limits;
  // Compute PDQ for images. Default true.
  bool pdq = true;
  // Also compute the 8 dihedral PDQ variants. Default false.
  bool dihedral = false;
  // How the dihedral variants are computed. Default kExact (from the
  // rotated / mirrored pixels); kDct is the cheaper, less exact option.
  DihedralMode dihedral_mode = DihedralMode::kExact;
  // Unletterbox: detect uniform bars (near-constant, any colour; see
  // UnletterboxBarOptions()) on any side of an image and also hash the
  // picture inside them (MediaHashes::pdq_unletterboxed), an extra query
  // hash so that a copy with an added border still matches; and when a
  // stricter reading of the bars gives another crop, the picture inside
  // that one too (pdq_unletterboxed_strict, see UnletterboxStrictCrop()).
  // Transparent pixels of a PNG are never bar (the decoder keeps alpha for
  // the detector). When the bars are on one axis only and unequal, the
  // picture with only one of them removed is hashed too, for each
  // (pdq_unletterboxed_one_side, see OneSidedCrops()). Default true: the
  // detection costs a few line reads when there are no bars, and one to
  // four more plain hashes when there are.
  bool unletterbox = true;
  // How images are decoded for PDQ. Default kFast.
  PdqMode pdq_mode = PdqMode::kFast;
  // kFast only: smallest side a JPEG may be DCT-scaled down to. Default
  // 1024: a JPEG whose short side is under 2048 px (a ~1600x1000 photo, a
  // 1920x1080 frame) decodes at full size, a 12 MP photo at 1/2. Over the
  // JPEGs of the Debian-package corpus of bench/quality this keeps every
  // hash of quality >= 80 within 6 bits of kFullResolution (4 with
  // fast_min_pixels); 384 (1/2 for a 1600x1000 photo, 1/4 for 12 MP)
  // reached 16, over the bar of 10.
  int fast_min_side = 1024;
  // kFast only: a JPEG with fewer pixels than this (as stored) is decoded
  // as kFullResolution decodes it (full-size RGB), so its hash is the
  // reference's. Default 1,048,576 (1024x1024; a ~1600x1000 photo keeps
  // the luma path). The luma plane's rounding (integer Y where the
  // reference has float luma) averages out over the pixels of each of
  // PDQ's 64x64 cells: over the corpus of bench/quality, 76 of the 343
  // JPEGs under 1 MP hashed 2-28 bits from kFullResolution on the luma
  // path, 15 of the 42 larger ones 2-4 bits; a small JPEG's full decode
  // costs ~0.5 ms (1.3x) more (bench/quality/README.md).
  uint64_t fast_min_pixels = uint64_t{1} << 20;
};

struct MediaHashes {
  // Size of the input in bytes.
  uint64_t bytes = 0;
  // Sniffed from the magic bytes; kUnknown for unrecognised data.
  MediaType media_type = MediaType::kUnknown;
  // Digests of the raw input bytes.
  Digests digests;
  // OK when the input was decoded as an image and hashed; otherwise why not
  // (kUnsupportedFormat, kCorruptInput, kLimitExceeded). The digests above
  // are valid either way.
  Status image_status;
  // Size of the image as stored (before any DCT scaling); 0 when not decoded.
  int width = 0;
  int height = 0;
  // EXIF orientation 1..8 as stored (not applied); 0 when absent.
  int exif_orientation = 0;
  // PDQ hash and quality; set when image_status is OK and options.pdq.
  std::optional<PdqResult> pdq;
  // The 8 dihedral variants (index = Dihedral), when options.dihedral.
  std::optional<std::array<PdqResult, 8>> pdq_dihedral;
  // OK when the decoded image covers the whole input; otherwise what it
  // does not (Image::completeness; ContentHasher adds an animation's frames
  // that could not be read). The hashes above stay valid and matchable,
  // but the input was not fully checked and is never reported clean.
  Status completeness;
  // When options.unletterbox found bars: the PDQ hash of the picture inside
  // them, and the bars removed, in pixels of the image as stored (a query
  // variant only: never a stored reference, not in Signals()).
  std::optional<PdqResult> pdq_unletterboxed;
  CropRect unletterbox_crop;
  // When UnletterboxStrictCrop() differs from unletterbox_crop (and is not
  // empty): the PDQ hash of the picture inside it, and that crop, in
  // pixels of the image as stored (a second query variant, for a picture
  // whose own nearly uniform edge continues the border).
  std::optional<PdqResult> pdq_unletterboxed_strict;
  CropRect unletterbox_crop_strict;
  // When the bars are on one axis only and unequal (OneSidedCrops(): a
  // band added on one side of a picture whose own opposite edge is
  // uniform): the PDQ hash of the picture with only one of them removed,
  // for each of the two, with its crop in pixels of the image as stored
  // (further query variants; at most two).
  struct OneSided {
    PdqResult pdq;
    CropRect crop;
  };
  std::vector<OneSided> pdq_unletterboxed_one_side;

  // The matchable signals: md5, sha1, sha256, then pdq (with its quality)
  // when present.
  VIGIL_EXPORT std::vector<Signal> Signals() const;
};

class VIGIL_EXPORT MediaHasher {
 public:
  // `decoder` is borrowed and must outlive the hasher; nullptr means
  // DefaultImageDecoder().
  explicit MediaHasher(const HashOptions& options = {},
                       const ImageDecoder* decoder = nullptr);

  // Hashes the bytes of one input.
  // Errors: kLimitExceeded when bytes.size() > options.limits.max_file_bytes.
  Result<MediaHashes> HashBytes(std::span<const uint8_t> bytes) const;

  // Same, with the digests of `bytes` already computed by the caller (for
  // example to consult a cache keyed by them first).
  // REQUIRES: digests == ComputeDigests(bytes).
  Result<MediaHashes> HashBytes(std::span<const uint8_t> bytes,
                                const Digests& digests) const;

  // Reads and hashes a file.
  // Errors: those of HashBytes, plus kNotFound, kPermissionDenied,
  // kInvalidArgument (not a regular file), kIOError.
  Result<MediaHashes> HashFile(const std::string& path) const;

  // Hashes a decoded 8-bit interleaved RGB buffer of width x height
  // (stride_bytes per row). Digests are those of the buffer's bytes as
  // given; media_type is kUnknown.
  // Errors: kInvalidArgument for inconsistent sizes; kLimitExceeded above
  // the pixel limits.
  Result<MediaHashes> HashRgb(std::span<const uint8_t> rgb, int width,
                              int height, size_t stride_bytes) const;

  // Reads a file holding a raw, tightly packed RGB buffer of width x height
  // and hashes it as HashRgb does.
  // Errors: those of HashFile and HashRgb, plus kInvalidArgument when the
  // file size is not width * height * 3.
  Result<MediaHashes> HashRgbFile(const std::string& path, int width,
                                  int height) const;

  const HashOptions& options() const { return options_; }

 private:
  Status HashImage(std::span<const uint8_t> bytes, MediaHashes* out) const;
  Status HashPixels(std::span<const uint8_t> pixels, int width, int height,
                    size_t stride, bool luma, std::span<const uint8_t> alpha,
                    MediaHashes* out) const;

  const HashOptions options_;
  const ImageDecoder* const decoder_;
};

}  // namespace vigil

#endif  // VIGIL_MEDIA_HASHER_H_
