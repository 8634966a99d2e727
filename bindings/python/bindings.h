// Copyright 2026 The Vigil Authors.
//
// File: bindings/python/bindings.h
// The parts of the Python module `vigil`, each defined in its own file and
// registered by module.cc, plus the result type shared between them.
//
// GIL: every call into the engine runs inside pybind11::gil_scoped_release;
// arguments are converted to C++ values before it and results to Python
// objects after it, so the engine never touches a Python object.

#ifndef VIGIL_BINDINGS_PYTHON_BINDINGS_H_
#define VIGIL_BINDINGS_PYTHON_BINDINGS_H_

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vigil/content_hasher.h"
#include "vigil/hashset_store.h"
#include "vigil/media_hasher.h"

namespace vigil::python {

// vigil.Hashes: what `vigil hash` prints for one input, field for field.
struct PyHashes {
  PyHashes() = default;
  PyHashes(const PyHashes&) = default;
  PyHashes(PyHashes&&) = default;
  PyHashes& operator=(const PyHashes&) = default;
  PyHashes& operator=(PyHashes&&) = default;
  // `hashes.image_status` is mirrored in error_code/error_message; mark it
  // read, since checked (debug) builds abort on unread statuses.
  ~PyHashes() { hashes.image_status.PermitUncheckedError(); }

  std::optional<std::string> path;
  std::string media_type;  // MIME type
  int width = 0;
  int height = 0;
  uint64_t bytes = 0;
  std::string md5, sha1, sha256, xxh128;
  std::optional<std::string> pdq;
  std::optional<int> pdq_quality;
  int exif_orientation = 0;
  std::optional<std::vector<std::string>> pdq_dihedral;
  // A video's or an animated GIF / WebP's frames (ContentHasher).
  std::optional<VideoHash> video;
  std::optional<std::string> error_code;  // why it was not checked
  std::optional<std::string> error_message;
  // The engine's value, for adding to a hash set.
  MediaHashes hashes;
};

// Runs `fn` with the GIL released and returns its result. `fn` must not
// touch Python objects.
template <typename Fn>
auto WithoutGil(Fn&& fn) {
  pybind11::gil_scoped_release release;
  return fn();
}

PyHashes MakePyHashes(MediaHashes hashes, std::optional<std::string> path,
                      const char* media_type_override);
// For files and bytes: error_code/error_message from
// ContentHashes::PerceptualStatus(), and the frames.
PyHashes MakePyHashes(ContentHashes hashes, std::optional<std::string> path);

// The one converter from the engine's JSON text (vigil/json.h) to Python
// objects: every to_dict() is json.loads of the shared renderer's output,
// so the dicts equal the CLI's JSON lines by construction.
inline pybind11::object JsonToPython(const std::string& text) {
  return pybind11::module_::import("json").attr("loads")(text);
}

// vigil.HashsetStore: a shared handle, so that close() while another
// thread is inside a call only drops this object's reference; the store is
// closed when the last call using it returns. Also wraps the store of an
// Engine (sharing ownership of the engine).
class PyStore {
 public:
  // Opens the store in `path`. Throws StatusError.
  PyStore(const std::string& path, bool read_only, bool create);
  explicit PyStore(std::shared_ptr<HashsetStore> store)
      : store_(std::move(store)) {}

  void Close() { store_.reset(); }
  bool closed() const { return store_ == nullptr; }
  // The store for one call. Throws FailedPrecondition after Close().
  std::shared_ptr<HashsetStore> Get() const;

 private:
  std::shared_ptr<HashsetStore> store_;
};

void RegisterHashing(pybind11::module_& m);
void RegisterStore(pybind11::module_& m);
void RegisterEngine(pybind11::module_& m);

}  // namespace vigil::python

#endif  // VIGIL_BINDINGS_PYTHON_BINDINGS_H_
