// Copyright 2026 The Vigil Authors.
//
// File: vigil/export.h
// VIGIL_EXPORT marks the symbols of the public API. The library is built
// with -fvisibility=hidden, so anything not marked stays internal to the
// shared object.

#ifndef VIGIL_EXPORT_H_
#define VIGIL_EXPORT_H_

#if !defined(VIGIL_EXPORT)
#if defined(VIGIL_SHARED_LIBRARY)
#if defined(VIGIL_COMPILE_LIBRARY)
#define VIGIL_EXPORT [[gnu::visibility("default")]]
#else
#define VIGIL_EXPORT
#endif
#else
#define VIGIL_EXPORT [[gnu::visibility("default")]]
#endif
#endif  // !defined(VIGIL_EXPORT)

#endif  // VIGIL_EXPORT_H_
