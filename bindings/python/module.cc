// Copyright 2026 The Vigil Authors.
//
// The Python module `vigil`: hashing, hash-set management and (with the
// engine) scanning, over the C++ engine. See bindings/README.md and
// vigil.pyi.

#include <pybind11/pybind11.h>

#include "bindings.h"
#include "errors.h"
#include "vigil/version.h"

namespace py = pybind11;

PYBIND11_MODULE(vigil, m) {
  m.doc() = R"(Vigil: stop known CSAM at upload.

Hash uploads (MD5, SHA-1, SHA-256, XXH3-128, PDQ), manage known-content
hash sets, and scan uploads against them. Every call releases the GIL while
the engine works, so threads scale. Errors raise vigil.Error subclasses
carrying the engine's code.)";
  m.attr("__version__") = vigil::Version();
  m.def(
      "version", [] { return std::string(vigil::Version()); },
      "The engine's version, MAJOR.MINOR.PATCH.");
  m.def(
      "build_info", [] { return std::string(vigil::BuildInfo()); },
      "One line: version, compiler, build type, SIMD level.");
  vigil::python::RegisterErrors(m);
  vigil::python::RegisterHashing(m);
  vigil::python::RegisterStore(m);
  vigil::python::RegisterEngine(m);
}
