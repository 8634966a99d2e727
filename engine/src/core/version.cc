// Copyright 2026 The Vigil Authors.

#include "vigil/version.h"

namespace vigil {

#ifndef VIGIL_BUILD_TYPE
#define VIGIL_BUILD_TYPE "unknown"
#endif

#define VIGIL_STR_INNER_(x) #x
#define VIGIL_STR_(x) VIGIL_STR_INNER_(x)

#if defined(__clang__)
#define VIGIL_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define VIGIL_COMPILER                                                       \
  "gcc " VIGIL_STR_(__GNUC__) "." VIGIL_STR_(__GNUC_MINOR__) "." VIGIL_STR_( \
      __GNUC_PATCHLEVEL__)
#else
#define VIGIL_COMPILER "unknown compiler"
#endif

const char* Version() { return VIGIL_VERSION_STRING; }

const char* BuildInfo() {
  return "vigil " VIGIL_VERSION_STRING " (" VIGIL_COMPILER ", " VIGIL_BUILD_TYPE
         ")";
}

}  // namespace vigil
