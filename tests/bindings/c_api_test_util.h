/* Copyright 2026 The Vigil Authors.
 *
 * The harness and helpers shared by the C API test program's files
 * (c_api_test.c and c_api_*_test.c), all compiled as C11.
 */

#ifndef VIGIL_TESTS_BINDINGS_C_API_TEST_UTIL_H_
#define VIGIL_TESTS_BINDINGS_C_API_TEST_UTIL_H_

#define _XOPEN_SOURCE 700

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vigil.h"

/* Checks run and failed so far; printed by main(). */
extern int g_passed;
extern int g_failed;
/* The test's temporary directory. */
extern char g_tmp[256];

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (cond) {                                                                \
      ++g_passed;                                                              \
    } else {                                                                   \
      ++g_failed;                                                              \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

/* Checks that `call` returns `code`, and that a message with the code's
 * name was stored in `err` (then freed) when the code is an error. */
#define CHECK_CODE(call, code)                                               \
  do {                                                                       \
    char* err_ = NULL;                                                       \
    vigil_code_t got_ = (call);                                              \
    if (got_ != (code)) {                                                    \
      ++g_failed;                                                            \
      fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d: %s\n",       \
              __FILE__, __LINE__, #call, (int)got_, vigil_code_name(got_),   \
              (int)(code), err_ ? err_ : "(no message)");                    \
    } else if ((code) != VIGIL_OK) {                                         \
      const char* name_ = vigil_code_name(code);                             \
      int named_ = err_ != NULL && strncmp(err_, name_, strlen(name_)) == 0; \
      if (named_) {                                                          \
        ++g_passed;                                                          \
      } else {                                                               \
        ++g_failed;                                                          \
        fprintf(stderr, "%s:%d: %s: message '%s' lacks '%s'\n", __FILE__,    \
                __LINE__, #call, err_ ? err_ : "(null)", name_);             \
      }                                                                      \
    } else {                                                                 \
      ++g_passed;                                                            \
    }                                                                        \
    vigil_free(err_);                                                        \
  } while (0)
/* The macro above expands `call` with `&err_` available as ERR. */
#define ERR (&err_)

/* Helpers (c_api_test_util.c). */
void PathIn(char* out, size_t cap, const char* name);
int WriteFile(const char* path, const void* data, size_t size);
/* A synthetic benign RGB image (w x h x 3, malloc'd), PDQ quality >= 50. */
unsigned char* MakeRgb(int w, int h, int seed);
/* A 24-bit BMP of `rgb` (malloc'd, *size bytes); it decodes exactly. */
unsigned char* EncodeBmp(const unsigned char* rgb, int w, int h, size_t* size);
int HexOf(const uint8_t* data, size_t size, const char* hex);
int HammingHex(const char* a, const char* b);
/* Field getters returning NULL / -12345 on failure. */
const char* Str(const vigil_hashes_t* h, vigil_hashes_field_t f);
int64_t Int(const vigil_hashes_t* h, vigil_hashes_field_t f);
int64_t SetInt(const vigil_hashset_info_t* i, vigil_hashset_field_t f);
const char* SetStr(const vigil_hashset_info_t* i, vigil_hashset_field_t f);

/* The test groups. */
void TestCore(void);                      /* c_api_hash_test.c */
void TestHashBytesAndFile(void);          /* c_api_hash_test.c */
void TestHashPixels(void);                /* c_api_hash_test.c */
void TestDemoJpegs(const char* demo_dir); /* c_api_hash_test.c */
void TestStoreOpen(const char* dir);      /* c_api_store_test.c */
void TestHashsets(const char* dir);       /* c_api_store_test.c */
void TestAddMedia(void);                  /* c_api_store_test.c */
void TestEngine(void);                    /* c_api_engine_test.c */

#endif /* VIGIL_TESTS_BINDINGS_C_API_TEST_UTIL_H_ */
