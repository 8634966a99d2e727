// Copyright 2026 The Vigil Authors.
//
// vigil.hash_file / hash_bytes / hash_pixels and the Hashes result class.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstring>
#include <string>
#include <utility>

#include "bindings.h"
#include "common/pixels.h"
#include "errors.h"
#include "vigil/json.h"
#include "vigil/media_type.h"

namespace py = pybind11;

namespace vigil::python {
namespace {

// The hashing options of one combination of the keyword arguments (bits:
// 1 dihedral, 2 no PDQ, 4 full resolution, 8 no video). Videos and
// animation frames are decoded exactly, as `vigil hash` does.
ContentHashOptions OptionsFor(int index) {
  ContentHashOptions options;
  options.image.dihedral = (index & 1) != 0;
  options.image.pdq = (index & 2) == 0;
  options.image.pdq_mode =
      (index & 4) != 0 ? PdqMode::kFullResolution : PdqMode::kFast;
  options.video = ExactVideoDecodeOptions();
  options.videos = (index & 8) == 0;
  options.animation_frames = options.videos;
  return options;
}

int IndexFor(bool dihedral, bool pdq, const std::string& pdq_mode, bool video) {
  PdqMode mode = ValueOrThrow(ParsePdqMode(pdq_mode));
  return (dihedral ? 1 : 0) | (pdq ? 0 : 2) |
         (mode == PdqMode::kFullResolution ? 4 : 0) | (video ? 0 : 8);
}

// One hasher per option combination, built once: hashing then costs no
// allocation for options. The hashers are immutable and thread-safe.
const MediaHasher& HasherFor(bool dihedral, bool pdq,
                             const std::string& pdq_mode) {
  static const std::array<const MediaHasher*, 8> kHashers = [] {
    std::array<const MediaHasher*, 8> all{};
    for (int i = 0; i < 8; ++i) {
      // never freed: lives as the module
      all[i] = new MediaHasher(OptionsFor(i).image);
    }
    return all;
  }();
  return *kHashers[IndexFor(dihedral, pdq, pdq_mode, true)];
}

const ContentHasher& ContentHasherFor(bool dihedral, bool pdq,
                                      const std::string& pdq_mode, bool video) {
  static const std::array<const ContentHasher*, 16> kHashers = [] {
    std::array<const ContentHasher*, 16> all{};
    for (int i = 0; i < 16; ++i) all[i] = new ContentHasher(OptionsFor(i));
    return all;
  }();
  return *kHashers[IndexFor(dihedral, pdq, pdq_mode, video)];
}

// A read-only, C-contiguous view of any object with the buffer protocol
// (bytes, bytearray, memoryview, numpy arrays, mmap). Holding the view
// keeps the exporter alive and, for bytearray, unresizable.
class BufferView {
 public:
  explicit BufferView(const py::object& obj) {
    if (PyObject_GetBuffer(obj.ptr(), &view_, PyBUF_SIMPLE) != 0) {
      throw py::error_already_set();
    }
  }
  ~BufferView() { PyBuffer_Release(&view_); }
  BufferView(const BufferView&) = delete;
  BufferView& operator=(const BufferView&) = delete;
  std::span<const uint8_t> bytes() const {
    if (view_.len == 0) return {};
    return {static_cast<const uint8_t*>(view_.buf),
            static_cast<size_t>(view_.len)};
  }

 private:
  Py_buffer view_{};
};

py::object ToDict(const PyHashes& h) {
  // A `vigil hash` JSON line (no "path" for bytes and pixels).
  HashJsonOptions options;
  options.path = h.path;
  options.media_type = h.media_type;  // raw pixels: image/x-raw-*
  ContentHashes content{h.hashes, h.video};
  content.hashes.image_status.PermitUncheckedError();
  return JsonToPython(ContentHashesJson(content, options));
}

PyHashes HashFile(const std::string& path, bool dihedral, bool pdq,
                  const std::string& pdq_mode, bool video) {
  const ContentHasher& hasher =
      ContentHasherFor(dihedral, pdq, pdq_mode, video);
  Result<ContentHashes> r = WithoutGil([&] { return hasher.HashFile(path); });
  return MakePyHashes(ValueOrThrow(std::move(r)), path);
}

PyHashes HashBytes(const py::object& data, bool dihedral, bool pdq,
                   const std::string& pdq_mode, bool video) {
  const ContentHasher& hasher =
      ContentHasherFor(dihedral, pdq, pdq_mode, video);
  if (PyUnicode_Check(data.ptr())) {
    throw py::type_error("hash_bytes() takes bytes-like data, not str");
  }
  BufferView view(data);
  Result<ContentHashes> r =
      WithoutGil([&] { return hasher.HashBytes(view.bytes()); });
  return MakePyHashes(ValueOrThrow(std::move(r)), std::nullopt);
}

PyHashes HashPixels(const py::array& pixels, bool dihedral, bool pdq,
                    const std::string& pdq_mode) {
  const MediaHasher& hasher = HasherFor(dihedral, pdq, pdq_mode);
  if (!py::isinstance<py::array_t<uint8_t>>(pixels)) {
    throw StatusError(InvalidArgumentError(
        "pixels must be a numpy array of dtype uint8, got " +
        std::string(py::str(pixels.dtype()))));
  }
  int channels = 0;
  if (pixels.ndim() == 2) {
    channels = 1;
  } else if (pixels.ndim() == 3 && pixels.shape(2) == 3) {
    channels = 3;
  } else {
    std::string shape = py::str(py::tuple(pixels.attr("shape")));
    throw StatusError(InvalidArgumentError(
        "pixels must have shape (height, width, 3) for RGB or (height, "
        "width) for grey, got " +
        shape));
  }
  // Packed rows: the digests are then those of pixels.tobytes().
  auto packed = py::array_t<uint8_t, py::array::c_style>::ensure(pixels);
  if (!packed) throw py::error_already_set();
  if (packed.shape(0) > INT32_MAX || packed.shape(1) > INT32_MAX) {
    throw StatusError(LimitExceededError("pixel array is too large"));
  }
  int height = static_cast<int>(packed.shape(0));
  int width = static_cast<int>(packed.shape(1));
  const uint8_t* data = packed.data();
  Result<MediaHashes> r = WithoutGil([&] {
    return bindings::HashPixels(hasher, data, width, height, channels, 0);
  });
  return MakePyHashes(ValueOrThrow(std::move(r)), std::nullopt,
                      bindings::RawPixelsMediaType(channels));
}

constexpr const char* kHashOptionsDoc = R"(
    dihedral: also compute the 8 rotated/mirrored PDQ variants
        (Hashes.pdq_dihedral).
    pdq: compute PDQ at all (False: digests only).
    pdq_mode: "fast" (default: JPEGs of 1024x1024 px or more decoded to
        luma, DCT-scaled only when the short side stays >= 1024 px;
        smaller ones as "full") or "full" (full-resolution RGB decode, as
        Meta's reference and HMA hash).
)";

constexpr const char* kVideoOptionDoc = R"(
    video: decode videos and the frames of animated GIFs / WebPs into
        Hashes.vpdq (exactly as the vPDQ reference, one frame per second;
        videos over 256 MiB are streamed from their path). False: videos
        are opaque files (digests only).
)";

}  // namespace

PyHashes MakePyHashes(MediaHashes hashes, std::optional<std::string> path,
                      const char* media_type_override) {
  PyHashes out;
  out.path = std::move(path);
  out.media_type = media_type_override != nullptr
                       ? media_type_override
                       : MediaTypeMime(hashes.media_type);
  out.width = hashes.width;
  out.height = hashes.height;
  out.bytes = hashes.bytes;
  out.md5 = hashes.digests.Hex(SignalType::kMd5);
  out.sha1 = hashes.digests.Hex(SignalType::kSha1);
  out.sha256 = hashes.digests.Hex(SignalType::kSha256);
  out.xxh128 = hashes.digests.Hex(SignalType::kXxh128);
  if (hashes.pdq.has_value()) {
    out.pdq = hashes.pdq->hash.ToHex();
    out.pdq_quality = hashes.pdq->quality;
  }
  out.exif_orientation = hashes.exif_orientation;
  if (hashes.pdq_dihedral.has_value()) {
    std::vector<std::string> all;
    for (const PdqResult& r : *hashes.pdq_dihedral) {
      all.push_back(r.hash.ToHex());
    }
    out.pdq_dihedral = std::move(all);
  }
  if (!hashes.image_status.ok()) {
    out.error_code = StatusCodeName(hashes.image_status.code());
    out.error_message = std::string(hashes.image_status.message());
  }
  out.hashes = std::move(hashes);
  return out;
}

PyHashes MakePyHashes(ContentHashes hashes, std::optional<std::string> path) {
  Status check = hashes.PerceptualStatus();
  PyHashes out =
      MakePyHashes(std::move(hashes.hashes), std::move(path), nullptr);
  out.error_code.reset();
  out.error_message.reset();
  if (!check.ok()) {
    out.error_code = StatusCodeName(check.code());
    out.error_message = std::string(check.message());
  }
  out.video = std::move(hashes.video);
  return out;
}

void RegisterHashing(py::module_& m) {
  py::class_<PyHashes>(m, "Hashes", R"(The hashes of one input.

Fields are those of `vigil hash` JSON output. `pdq`/`pdq_quality` are None
when no PDQ was computed (not a decodable image, or pdq=False); `error`
then says why, as {"code": ..., "message": ...}. Digests are always set.)")
      .def_readonly("path", &PyHashes::path,
                    "The path hashed (hash_file), else None.")
      .def_readonly("media_type", &PyHashes::media_type,
                    "MIME type sniffed from the magic bytes.")
      .def_readonly("width", &PyHashes::width, "0 when not decoded.")
      .def_readonly("height", &PyHashes::height, "0 when not decoded.")
      .def_readonly("bytes", &PyHashes::bytes, "Size of the input in bytes.")
      .def_readonly("md5", &PyHashes::md5, "Lowercase hex.")
      .def_readonly("sha1", &PyHashes::sha1, "Lowercase hex.")
      .def_readonly("sha256", &PyHashes::sha256, "Lowercase hex.")
      .def_readonly("xxh128", &PyHashes::xxh128,
                    "XXH3-128 content key, as xxh128sum prints it.")
      .def_readonly("pdq", &PyHashes::pdq, "64 hex characters, or None.")
      .def_readonly("pdq_quality", &PyHashes::pdq_quality,
                    "0..100 (below 50: not matched), or None.")
      .def_readonly("exif_orientation", &PyHashes::exif_orientation,
                    "EXIF orientation 1..8 as stored (not applied); 0 "
                    "when absent.")
      .def_readonly("pdq_dihedral", &PyHashes::pdq_dihedral,
                    "The 8 dihedral PDQ variants (original, rot90, rot180, "
                    "rot270, flip rows, flip columns, transpose, "
                    "anti-transpose) when dihedral=True, else None.")
      .def_property_readonly(
          "error",
          [](const PyHashes& h) -> py::object {
            if (!h.error_code.has_value()) return py::none();
            py::dict error;
            error["code"] = *h.error_code;
            error["message"] = *h.error_message;
            return error;
          },
          "Why the input was not checked perceptually (no PDQ and no "
          "frame hashes) as {'code', 'message'}, or None. Such an input "
          "must never be treated as clean.")
      .def_property_readonly(
          "vpdq",
          [](const PyHashes& h) -> py::object {
            if (!h.video.has_value()) return py::none();
            return ToDict(h)["vpdq"];
          },
          "A video's or an animated GIF / WebP's frame hashes, as a list "
          "of {'frame', 'timestamp', 'pdq', 'quality'}, or None.")
      .def_property_readonly(
          "video",
          [](const PyHashes& h) -> py::object {
            if (!h.video.has_value()) return py::none();
            return ToDict(h)["video"];
          },
          "Facts of the decoded frames ({'codec', 'frame_rate', "
          "'duration', 'frame_interval', 'frames_decoded', "
          "'frames_hashed'}), or None.")
      .def("to_dict", &ToDict,
           "The fields as a dict, keys and omissions as `vigil hash` JSON.")
      .def("__repr__", [](const PyHashes& h) {
        std::string s = "Hashes(media_type='" + h.media_type +
                        "', bytes=" + std::to_string(h.bytes) + ", sha256='" +
                        h.sha256 + "'";
        if (h.pdq.has_value()) {
          s += ", pdq='" + *h.pdq +
               "', pdq_quality=" + std::to_string(*h.pdq_quality);
        }
        return s + ")";
      });

  m.def("hash_file", &HashFile, py::arg("path"), py::kw_only(),
        py::arg("dihedral") = false, py::arg("pdq") = true,
        py::arg("pdq_mode") = "fast", py::arg("video") = true,
        (std::string(R"(Reads and hashes a file, as `vigil hash` does.

Digests always; PDQ when the file is a decodable image; frame hashes
(Hashes.vpdq) of a video or an animated GIF / WebP. Hashes.error says why
an input was not checked. The GIL is released while the file is read and
hashed.

Args:
    path: the file.)") +
         kHashOptionsDoc + kVideoOptionDoc + R"(
Raises:
    NotFoundError, PermissionDeniedError, IoError, LimitExceededError,
    InvalidArgumentError (not a regular file, unknown pdq_mode).)")
            .c_str());
  m.def("hash_bytes", &HashBytes, py::arg("data"), py::kw_only(),
        py::arg("dihedral") = false, py::arg("pdq") = true,
        py::arg("pdq_mode") = "fast", py::arg("video") = true,
        (std::string(R"(Hashes an input held in memory (e.g. an upload).

Args:
    data: any bytes-like object (bytes, bytearray, memoryview, mmap); it
        must not change during the call.)") +
         kHashOptionsDoc + kVideoOptionDoc + R"(
Raises:
    LimitExceededError (over 256 MiB), InvalidArgumentError.)")
            .c_str());
  m.def("hash_pixels", &HashPixels, py::arg("pixels"), py::kw_only(),
        py::arg("dihedral") = false, py::arg("pdq") = true,
        py::arg("pdq_mode") = "fast",
        (std::string(R"(Hashes decoded pixels.

Args:
    pixels: numpy uint8 array, (height, width, 3) RGB or (height, width)
        grey. The digests are those of pixels.tobytes(); media_type is
        "image/x-raw-rgb24" or "image/x-raw-gray8".)") +
         kHashOptionsDoc + R"(
Raises:
    InvalidArgumentError (dtype, shape), LimitExceededError.)")
            .c_str());
}

}  // namespace vigil::python
