// Copyright 2026 The Vigil Authors.

#include "errors.h"

#include <array>
#include <string>

namespace py = pybind11;

namespace vigil::python {
namespace {

struct ErrorClass {
  StatusCode code;
  const char* name;      // Python class name
  PyObject* extra_base;  // a builtin exception it also derives from, or null
  const char* doc;
};

// The per-code classes. Their numeric codes are those of vigil::StatusCode.
const std::array<ErrorClass, 12>& ErrorClasses() {
  static const std::array<ErrorClass, 12> kClasses = {{
      {StatusCode::kInvalidArgument, "InvalidArgumentError", PyExc_ValueError,
       "The caller passed something malformed (code 1)."},
      {StatusCode::kNotFound, "NotFoundError", nullptr,
       "A named object (file, hash set, entry) does not exist (code 2)."},
      {StatusCode::kAlreadyExists, "AlreadyExistsError", nullptr,
       "A named object exists already (code 3)."},
      {StatusCode::kUnsupportedFormat, "UnsupportedFormatError", nullptr,
       "The input is of a kind Vigil does not decode (code 4)."},
      {StatusCode::kCorruptInput, "CorruptInputError", nullptr,
       "The input claims a format but breaks it (code 5)."},
      {StatusCode::kLimitExceeded, "LimitExceededError", nullptr,
       "A configured limit (bytes, pixels, ...) is hit (code 6)."},
      {StatusCode::kIOError, "IoError", nullptr,
       "The operating system refused a read or write (code 7)."},
      {StatusCode::kFailedPrecondition, "FailedPreconditionError", nullptr,
       "The system is not in a state for the call, e.g. a write on a "
       "read-only store (code 8)."},
      {StatusCode::kInternal, "InternalError", nullptr,
       "A bug in Vigil: an invariant does not hold (code 9)."},
      {StatusCode::kUnavailable, "UnavailableError", nullptr,
       "Try later, e.g. the store is locked by another writer (code 10)."},
      {StatusCode::kCancelled, "CancelledError", nullptr,
       "The operation was cancelled (code 11)."},
      {StatusCode::kPermissionDenied, "PermissionDeniedError", nullptr,
       "The caller may not do this, e.g. an unreadable file (code 12)."},
  }};
  return kClasses;
}

// Class objects, indexed by code; [0] is vigil.Error. Owned for the life of
// the process (the module is never unloaded).
std::array<PyObject*, 13> g_classes{};

void Raise(const Status& status) {
  int code = static_cast<int>(status.code());
  PyObject* cls = (code > 0 && code < static_cast<int>(g_classes.size()) &&
                   g_classes[code] != nullptr)
                      ? g_classes[code]
                      : g_classes[0];
  py::handle type(cls);
  py::object exc = type(std::string(status.message()));
  exc.attr("code") = code;
  exc.attr("code_name") = StatusCodeName(status.code());
  exc.attr("message") = std::string(status.message());
  PyErr_SetObject(cls, exc.ptr());
}

}  // namespace

void RegisterErrors(py::module_& m) {
  PyObject* base = PyErr_NewExceptionWithDoc(
      "vigil.Error",
      "Base class of every error raised by Vigil.\n\n"
      "Attributes:\n"
      "    code: the error code (an int, vigil::StatusCode: 1 "
      "invalid_argument ... 12 permission_denied).\n"
      "    code_name: its stable name, e.g. 'not_found'.\n"
      "    message: the engine's message.",
      PyExc_Exception, nullptr);
  if (base == nullptr) throw py::error_already_set();
  g_classes[0] = base;
  py::handle(base).attr("code") = py::none();
  py::handle(base).attr("code_name") = py::none();
  m.add_object("Error", py::handle(base));
  for (const ErrorClass& c : ErrorClasses()) {
    py::tuple bases =
        c.extra_base != nullptr
            ? py::make_tuple(py::handle(base), py::handle(c.extra_base))
            : py::make_tuple(py::handle(base));
    std::string qualified = std::string("vigil.") + c.name;
    PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), c.doc,
                                              bases.ptr(), nullptr);
    if (cls == nullptr) throw py::error_already_set();
    int code = static_cast<int>(c.code);
    py::handle(cls).attr("code") = code;
    py::handle(cls).attr("code_name") = StatusCodeName(c.code);
    g_classes[code] = cls;
    m.add_object(c.name, py::handle(cls));
  }
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      Raise(e.status());
    }
  });
}

}  // namespace vigil::python
