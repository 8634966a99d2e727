// Copyright 2026 The Vigil Authors.
//
// File: bindings/c/c_api_internal.h
// The structs behind vigil.h's opaque handles, and the helpers every C API
// body uses: error reporting through errptr, and the catch-all guard that
// keeps C++ exceptions from crossing the C boundary.

#ifndef VIGIL_BINDINGS_C_C_API_INTERNAL_H_
#define VIGIL_BINDINGS_C_C_API_INTERNAL_H_

#include <array>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigil.h"
#include "vigil/content_hasher.h"
#include "vigil/hashset.h"
#include "vigil/hashset_store.h"
#include "vigil/media_hasher.h"
#include "vigil/status.h"

struct vigil_hasher_t {
  explicit vigil_hasher_t(const vigil::ContentHashOptions& options)
      : content(options), hasher(options.image) {}
  vigil::ContentHasher content;  // files and bytes
  vigil::MediaHasher hasher;     // decoded pixels
};

// The engine's MediaHashes plus the text forms the getters hand out, built
// once so that the borrowed pointers stay valid for the handle's lifetime.
struct vigil_hashes_t {
  // The status is read through the getters; checked (debug) builds abort
  // on statuses destroyed unread.
  ~vigil_hashes_t() {
    hashes.image_status.PermitUncheckedError();
    check.PermitUncheckedError();
  }

  vigil::MediaHashes hashes;
  // A video's or an animation's frames (vigil/content_hasher.h), and their
  // PDQ hashes as hex.
  std::optional<vigil::VideoHash> video;
  std::vector<std::string> frame_pdq;
  // ContentHashes::PerceptualStatus(), and its message.
  vigil::Status check;
  std::string check_error;
  std::string mime;
  std::string md5, sha1, sha256, xxh128, pdq;
  std::string image_error;
  std::array<std::string, 8> dihedral;
  // For vigil_hashes_get_json: the path hashed (vigil_hash_file), and the
  // media type of raw pixel input ("" otherwise), as `vigil hash` prints.
  std::optional<std::string> path;
  std::string json_media_type;
};

// A store opened by vigil_store_open (owned), or the store of an engine
// (borrowed: vigil_store_close ignores it; it lives as long as the engine).
struct vigil_store_t {
  std::unique_ptr<vigil::HashsetStore> owned;
  vigil::HashsetStore* store = nullptr;
  bool borrowed = false;
};

struct vigil_hashset_info_t {
  vigil::Hashset set;
  std::string action_name;
  std::string signal_types;  // "md5,pdq"
};

struct vigil_hashset_list_t {
  std::vector<vigil_hashset_info_t> sets;
};

namespace vigil::capi {

// Stores "<code name>: <message>" in *errptr (freeing what was there) and
// returns the status's code. REQUIRES: !status.ok().
vigil_code_t SetError(char** errptr, const Status& status);
// Shorthands for SetError(errptr, Status(code, message)).
vigil_code_t Fail(char** errptr, StatusCode code, std::string_view message);
// Used by the catch-all guard; these allocate nothing but the message, and
// tolerate that allocation failing.
vigil_code_t FailOutOfMemory(char** errptr);
vigil_code_t FailException(char** errptr, const char* what);

// The C API's hashing defaults: the engine's image defaults; videos and
// animated GIF / WebP frames decoded exactly (the reference's frames, as
// `vigil hash` prints them).
ContentHashOptions DefaultContentOptions();

// Builds the handle for `hashes` (text forms included).
std::unique_ptr<vigil_hashes_t> MakeHashes(MediaHashes hashes);
// Hands `text` to the caller as a malloc'd copy in *out (freed with
// vigil_free). Fails with VIGIL_LIMIT_EXCEEDED when it cannot be allocated.
vigil_code_t ReturnString(std::string_view text, char** out, char** errptr);
std::unique_ptr<vigil_hashes_t> MakeHashes(ContentHashes hashes);
// Builds an info snapshot of `set`.
vigil_hashset_info_t MakeInfo(Hashset set);

// A C string argument that may be NULL, as a std::string ("" for NULL).
inline std::string OrEmpty(const char* s) { return s == nullptr ? "" : s; }

// Runs the body of an exported function: every one is
// `return Guard(errptr, [&]() -> vigil_code_t { ... });`, so that no
// exception (std::bad_alloc from a container, anything from a dependency)
// unwinds into C code, where it would be undefined behaviour (faiss
// c_api/macros_impl.h does the same with a macro, which clang-format cannot
// lay out).
template <typename Body>
vigil_code_t Guard(char** errptr, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return FailOutOfMemory(errptr);
  } catch (const std::exception& e) {
    return FailException(errptr, e.what());
  } catch (...) {
    return FailException(errptr, "unknown exception");
  }
}

}  // namespace vigil::capi

// Returns VIGIL_INVALID_ARGUMENT "<name> is null" when `ptr` is null.
#define VIGIL_C_REQUIRE_NONNULL(ptr, errptr)                               \
  do {                                                                     \
    if ((ptr) == nullptr) {                                                \
      return ::vigil::capi::Fail(                                          \
          errptr, ::vigil::StatusCode::kInvalidArgument, #ptr " is null"); \
    }                                                                      \
  } while (false)

#endif  // VIGIL_BINDINGS_C_C_API_INTERNAL_H_
