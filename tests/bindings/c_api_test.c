/* Copyright 2026 The Vigil Authors.
 *
 * Tests of the C API (vigil.h), compiled as C11: every function, and every
 * error path a caller can reach. A tiny harness counts checks and prints
 * "N passed, N failed"; the exit code is non-zero when any check failed.
 *
 *   c_api_test [DEMO_DIR]
 *
 * DEMO_DIR is the output of make_demo_images (JPEG/PNG files); when given,
 * real JPEGs are hashed too. Everything else uses images this test writes
 * (24-bit BMPs, whose decoded pixels are exactly the pixels written).
 */

#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil.h"

#ifndef VIGIL_EXPECTED_VERSION
#error "VIGIL_EXPECTED_VERSION must be defined by the build"
#endif

static int g_passed = 0;
static int g_failed = 0;

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

/* ----------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ----------------------------------------------------------------------- */

static char g_tmp[256];

static int RemoveOne(const char* path, const struct stat* sb, int flag,
                     struct FTW* ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static void PathIn(char* out, size_t cap, const char* name) {
  snprintf(out, cap, "%s/%s", g_tmp, name);
}

static int WriteFile(const char* path, const void* data, size_t size) {
  FILE* f = fopen(path, "wb");
  if (f == NULL) return 0;
  size_t n = fwrite(data, 1, size, f);
  return fclose(f) == 0 && n == size;
}

/* A synthetic RGB image: smooth gradients plus a few shapes, so that PDQ
 * has structure to hash (quality well above 50). */
static unsigned char* MakeRgb(int w, int h, int seed) {
  unsigned char* px = malloc((size_t)w * h * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      unsigned char* p = px + ((size_t)y * w + x) * 3;
      int in_box = (x > w / 4 && x < w / 2 && y > h / 3 && y < 2 * h / 3);
      int in_disc =
          (x - 3 * w / 4) * (x - 3 * w / 4) + (y - h / 4) * (y - h / 4) <
          (h / 6) * (h / 6);
      int checker = ((x / 9 + y / 7 + seed) % 2) * 70;
      p[0] = (unsigned char)((x * 180 / w + seed * 40 + checker) & 255);
      p[1] = (unsigned char)(in_box ? 230 : (y * 200 / h));
      p[2] = (unsigned char)(in_disc ? 20 : ((x + y + seed * 13) & 255) / 2);
    }
  }
  return px;
}

/* Encodes RGB pixels as a 24-bit bottom-up BMP (rows padded to 4 bytes,
 * BGR order). Returns a malloc'd buffer of *size bytes. */
static unsigned char* EncodeBmp(const unsigned char* rgb, int w, int h,
                                size_t* size) {
  size_t row = ((size_t)w * 3 + 3) & ~(size_t)3;
  size_t n = 54 + row * h;
  unsigned char* b = calloc(n, 1);
  b[0] = 'B';
  b[1] = 'M';
#define PUT32(off, v)                                 \
  do {                                                \
    unsigned long v_ = (unsigned long)(v);            \
    b[(off)] = (unsigned char)(v_ & 255);             \
    b[(off) + 1] = (unsigned char)((v_ >> 8) & 255);  \
    b[(off) + 2] = (unsigned char)((v_ >> 16) & 255); \
    b[(off) + 3] = (unsigned char)((v_ >> 24) & 255); \
  } while (0)
  PUT32(2, n);
  PUT32(10, 54);
  PUT32(14, 40);
  PUT32(18, w);
  PUT32(22, h);
  b[26] = 1;  /* planes */
  b[28] = 24; /* bits per pixel */
  PUT32(34, row * h);
#undef PUT32
  for (int y = 0; y < h; ++y) {
    unsigned char* dst = b + 54 + row * (size_t)(h - 1 - y);
    for (int x = 0; x < w; ++x) {
      const unsigned char* p = rgb + ((size_t)y * w + x) * 3;
      dst[3 * x] = p[2];
      dst[3 * x + 1] = p[1];
      dst[3 * x + 2] = p[0];
    }
  }
  *size = n;
  return b;
}

static int HexOf(const uint8_t* data, size_t size, const char* hex) {
  static const char kDigits[] = "0123456789abcdef";
  if (strlen(hex) != 2 * size) return 0;
  for (size_t i = 0; i < size; ++i) {
    if (hex[2 * i] != kDigits[data[i] >> 4]) return 0;
    if (hex[2 * i + 1] != kDigits[data[i] & 15]) return 0;
  }
  return 1;
}

static int HammingHex(const char* a, const char* b) {
  int d = 0;
  for (size_t i = 0; a[i] && b[i]; ++i) {
    int va = a[i] <= '9' ? a[i] - '0' : a[i] - 'a' + 10;
    int vb = b[i] <= '9' ? b[i] - '0' : b[i] - 'a' + 10;
    for (int x = va ^ vb; x; x &= x - 1) ++d;
  }
  return d;
}

static const char* Str(const vigil_hashes_t* h, vigil_hashes_field_t f) {
  const char* s = NULL;
  if (vigil_hashes_get_string(h, f, &s, NULL) != VIGIL_OK) return NULL;
  return s;
}

static int64_t Int(const vigil_hashes_t* h, vigil_hashes_field_t f) {
  int64_t v = -12345;
  if (vigil_hashes_get_int(h, f, &v, NULL) != VIGIL_OK) return -12345;
  return v;
}

static int64_t SetInt(const vigil_hashset_info_t* i, vigil_hashset_field_t f) {
  int64_t v = -12345;
  if (vigil_hashset_info_get_int(i, f, &v, NULL) != VIGIL_OK) return -12345;
  return v;
}

static const char* SetStr(const vigil_hashset_info_t* i,
                          vigil_hashset_field_t f) {
  const char* s = NULL;
  if (vigil_hashset_info_get_string(i, f, &s, NULL) != VIGIL_OK) return NULL;
  return s;
}

/* ----------------------------------------------------------------------- */
/* Core                                                                    */
/* ----------------------------------------------------------------------- */

static void TestCore(void) {
  CHECK(strcmp(vigil_version(), VIGIL_EXPECTED_VERSION) == 0);
  static const char* kNames[] = {"ok",
                                 "invalid_argument",
                                 "not_found",
                                 "already_exists",
                                 "unsupported_format",
                                 "corrupt_input",
                                 "limit_exceeded",
                                 "io_error",
                                 "failed_precondition",
                                 "internal",
                                 "unavailable",
                                 "cancelled",
                                 "permission_denied"};
  for (int c = 0; c <= 12; ++c)
    CHECK(strcmp(vigil_code_name(c), kNames[c]) == 0);
  CHECK(strcmp(vigil_code_name(-1), "unknown") == 0);
  CHECK(strcmp(vigil_code_name(13), "unknown") == 0);
  vigil_free(NULL); /* no-op */

  /* errptr conventions: NULL errptr is fine; a non-NULL *errptr is freed
   * and replaced; success leaves it unchanged. */
  vigil_hasher_t* hasher = (vigil_hasher_t*)1;
  CHECK(vigil_hasher_create(1u << 20, NULL, &hasher, NULL) ==
        VIGIL_INVALID_ARGUMENT);
  CHECK(hasher == NULL);
  char* err = NULL;
  CHECK(vigil_hasher_create(1u << 20, NULL, &hasher, &err) ==
        VIGIL_INVALID_ARGUMENT);
  CHECK(err != NULL && strstr(err, "invalid_argument: ") == err);
  CHECK(vigil_hash_file(NULL, "/nonexistent/vigil/x", &(vigil_hashes_t*){0},
                        &err) == VIGIL_NOT_FOUND); /* replaces (frees) */
  CHECK(err != NULL && strncmp(err, "not_found: ", 11) == 0);
  char* kept = err;
  CHECK(vigil_hasher_create(0, NULL, &hasher, &err) == VIGIL_OK);
  CHECK(err == kept); /* unchanged on success */
  vigil_free(err);
  vigil_hasher_destroy(hasher);
  vigil_hasher_destroy(NULL);
  CHECK_CODE(vigil_hasher_create(0, NULL, NULL, ERR), VIGIL_INVALID_ARGUMENT);
}

/* ----------------------------------------------------------------------- */
/* Hashing                                                                 */
/* ----------------------------------------------------------------------- */

static void TestHashBytesAndFile(void) {
  const int w = 160, h = 120;
  unsigned char* rgb = MakeRgb(w, h, 1);
  size_t bmp_size = 0;
  unsigned char* bmp = EncodeBmp(rgb, w, h, &bmp_size);
  char path[512];
  PathIn(path, sizeof path, "a.bmp");
  CHECK(WriteFile(path, bmp, bmp_size));

  vigil_hashes_t* from_bytes = NULL;
  vigil_hashes_t* from_file = NULL;
  vigil_hashes_t* from_pixels = NULL;
  CHECK_CODE(vigil_hash_bytes(NULL, bmp, bmp_size, &from_bytes, ERR), VIGIL_OK);
  CHECK_CODE(vigil_hash_file(NULL, path, &from_file, ERR), VIGIL_OK);
  CHECK_CODE(vigil_hash_pixels(NULL, rgb, w, h, 3, 0, &from_pixels, ERR),
             VIGIL_OK);
  if (from_bytes == NULL || from_file == NULL || from_pixels == NULL) {
    ++g_failed;
    return;
  }
  /* The file and the bytes are the same input. */
  static const vigil_hashes_field_t kStrings[] = {
      VIGIL_HASHES_MEDIA_TYPE, VIGIL_HASHES_MD5,    VIGIL_HASHES_SHA1,
      VIGIL_HASHES_SHA256,     VIGIL_HASHES_XXH128, VIGIL_HASHES_PDQ,
      VIGIL_HASHES_IMAGE_ERROR};
  for (size_t i = 0; i < sizeof kStrings / sizeof kStrings[0]; ++i) {
    const char* a = Str(from_bytes, kStrings[i]);
    const char* b = Str(from_file, kStrings[i]);
    CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
  }
  CHECK(strcmp(Str(from_bytes, VIGIL_HASHES_MEDIA_TYPE), "image/bmp") == 0);
  CHECK(strcmp(Str(from_bytes, VIGIL_HASHES_IMAGE_ERROR), "") == 0);
  CHECK(Int(from_bytes, VIGIL_HASHES_BYTES) == (int64_t)bmp_size);
  CHECK(Int(from_bytes, VIGIL_HASHES_WIDTH) == w);
  CHECK(Int(from_bytes, VIGIL_HASHES_HEIGHT) == h);
  CHECK(Int(from_bytes, VIGIL_HASHES_MEDIA_TYPE) == 5); /* kBmp */
  CHECK(Int(from_bytes, VIGIL_HASHES_EXIF_ORIENTATION) == 0);
  CHECK(Int(from_bytes, VIGIL_HASHES_IMAGE_CODE) == VIGIL_OK);
  int64_t quality = Int(from_bytes, VIGIL_HASHES_PDQ_QUALITY);
  CHECK(quality >= 50 && quality <= 100);
  /* A BMP decodes to exactly the pixels written: same PDQ as the pixels. */
  CHECK(strcmp(Str(from_bytes, VIGIL_HASHES_PDQ),
               Str(from_pixels, VIGIL_HASHES_PDQ)) == 0);
  CHECK(Int(from_pixels, VIGIL_HASHES_PDQ_QUALITY) == quality);
  /* ...but digests of different bytes. */
  CHECK(strcmp(Str(from_bytes, VIGIL_HASHES_SHA256),
               Str(from_pixels, VIGIL_HASHES_SHA256)) != 0);
  CHECK(Int(from_pixels, VIGIL_HASHES_BYTES) == (int64_t)w * h * 3);
  CHECK(Int(from_pixels, VIGIL_HASHES_MEDIA_TYPE) == 0);

  /* Raw signal bytes agree with the hex strings. */
  static const struct {
    vigil_signal_type_t type;
    vigil_hashes_field_t field;
    size_t size;
  } kSignals[] = {{VIGIL_SIGNAL_MD5, VIGIL_HASHES_MD5, 16},
                  {VIGIL_SIGNAL_SHA1, VIGIL_HASHES_SHA1, 20},
                  {VIGIL_SIGNAL_SHA256, VIGIL_HASHES_SHA256, 32},
                  {VIGIL_SIGNAL_XXH128, VIGIL_HASHES_XXH128, 16},
                  {VIGIL_SIGNAL_PDQ, VIGIL_HASHES_PDQ, 32}};
  for (size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) {
    const uint8_t* data = NULL;
    size_t size = 0;
    CHECK_CODE(vigil_hashes_get_signal(from_bytes, kSignals[i].type, &data,
                                       &size, ERR),
               VIGIL_OK);
    CHECK(size == kSignals[i].size);
    CHECK(data != NULL &&
          HexOf(data, size, Str(from_bytes, kSignals[i].field)));
  }

  /* Getter errors. */
  int64_t v = 0;
  const char* s = NULL;
  const uint8_t* data = NULL;
  size_t size = 0;
  CHECK_CODE(vigil_hashes_get_int(NULL, VIGIL_HASHES_BYTES, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_int(from_bytes, VIGIL_HASHES_BYTES, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_int(from_bytes, VIGIL_HASHES_MD5, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_int(from_bytes, 999, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_string(NULL, VIGIL_HASHES_MD5, &s, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_string(from_bytes, VIGIL_HASHES_MD5, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_string(from_bytes, VIGIL_HASHES_WIDTH, &s, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_signal(NULL, VIGIL_SIGNAL_MD5, &data, &size, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(
      vigil_hashes_get_signal(from_bytes, VIGIL_SIGNAL_MD5, NULL, &size, ERR),
      VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(
      vigil_hashes_get_signal(from_bytes, VIGIL_SIGNAL_MD5, &data, NULL, ERR),
      VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(
      vigil_hashes_get_signal(from_bytes, VIGIL_SIGNAL_VPDQ, &data, &size, ERR),
      VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_signal(from_bytes, 77, &data, &size, ERR),
             VIGIL_INVALID_ARGUMENT);
  /* No dihedral variants without VIGIL_HASH_DIHEDRAL. */
  CHECK_CODE(vigil_hashes_get_dihedral(from_bytes, 0, &s, NULL, ERR),
             VIGIL_NOT_FOUND);

  vigil_hashes_destroy(from_bytes);
  vigil_hashes_destroy(from_file);
  vigil_hashes_destroy(from_pixels);
  vigil_hashes_destroy(NULL);

  /* Hash errors. */
  vigil_hashes_t* out = (vigil_hashes_t*)1;
  CHECK_CODE(vigil_hash_bytes(NULL, NULL, 5, &out, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK(out == NULL);
  CHECK_CODE(vigil_hash_bytes(NULL, bmp, bmp_size, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hash_file(NULL, NULL, &out, ERR), VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hash_file(NULL, path, NULL, ERR), VIGIL_INVALID_ARGUMENT);
  char missing[512];
  PathIn(missing, sizeof missing, "missing.jpg");
  CHECK_CODE(vigil_hash_file(NULL, missing, &out, ERR), VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hash_file(NULL, g_tmp, &out, ERR),
             VIGIL_INVALID_ARGUMENT); /* a directory */
  if (geteuid() != 0) {               /* root reads anything */
    char locked[512];
    PathIn(locked, sizeof locked, "locked.bmp");
    CHECK(WriteFile(locked, bmp, bmp_size));
    CHECK(chmod(locked, 0) == 0);
    CHECK_CODE(vigil_hash_file(NULL, locked, &out, ERR),
               VIGIL_PERMISSION_DENIED);
  }
  /* Limits: bytes (file and buffer). */
  vigil_limits_t small = {100, 0, 0};
  vigil_hasher_t* limited = NULL;
  CHECK_CODE(vigil_hasher_create(0, &small, &limited, ERR), VIGIL_OK);
  CHECK_CODE(vigil_hash_bytes(limited, bmp, bmp_size, &out, ERR),
             VIGIL_LIMIT_EXCEEDED);
  CHECK_CODE(vigil_hash_file(limited, path, &out, ERR), VIGIL_LIMIT_EXCEEDED);
  CHECK_CODE(vigil_hash_bytes(limited, bmp, 100, &out, ERR), VIGIL_OK);
  vigil_hashes_destroy(out);
  vigil_hasher_destroy(limited);
  /* Limits: pixels, as a decode error (digests still computed). */
  vigil_limits_t few_pixels = {0, 1000, 0};
  CHECK_CODE(vigil_hasher_create(0, &few_pixels, &limited, ERR), VIGIL_OK);
  CHECK_CODE(vigil_hash_bytes(limited, bmp, bmp_size, &out, ERR), VIGIL_OK);
  CHECK(Int(out, VIGIL_HASHES_IMAGE_CODE) == VIGIL_LIMIT_EXCEEDED);
  CHECK(strlen(Str(out, VIGIL_HASHES_IMAGE_ERROR)) > 0);
  CHECK(Str(out, VIGIL_HASHES_SHA256) != NULL);
  vigil_hashes_destroy(out);
  CHECK_CODE(vigil_hash_pixels(limited, rgb, w, h, 3, 0, &out, ERR),
             VIGIL_LIMIT_EXCEEDED);
  CHECK_CODE(vigil_hash_pixels(limited, rgb, w, h, 1, 0, &out, ERR),
             VIGIL_LIMIT_EXCEEDED);
  vigil_hasher_destroy(limited);

  /* Not an image: digests only, and why. */
  static const char kText[] = "just some text, not an image";
  CHECK_CODE(vigil_hash_bytes(NULL, kText, sizeof kText - 1, &out, ERR),
             VIGIL_OK);
  CHECK(Int(out, VIGIL_HASHES_IMAGE_CODE) == VIGIL_UNSUPPORTED_FORMAT);
  CHECK(strlen(Str(out, VIGIL_HASHES_IMAGE_ERROR)) > 0);
  CHECK(strcmp(Str(out, VIGIL_HASHES_MEDIA_TYPE), "application/octet-stream") ==
        0);
  CHECK(Int(out, VIGIL_HASHES_WIDTH) == 0);
  CHECK_CODE(vigil_hashes_get_string(out, VIGIL_HASHES_PDQ, &s, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashes_get_int(out, VIGIL_HASHES_PDQ_QUALITY, &v, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashes_get_signal(out, VIGIL_SIGNAL_PDQ, &data, &size, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashes_get_dihedral(out, 0, &s, NULL, ERR), VIGIL_NOT_FOUND);
  vigil_hashes_destroy(out);
  /* Empty input. */
  CHECK_CODE(vigil_hash_bytes(NULL, NULL, 0, &out, ERR), VIGIL_OK);
  CHECK(Int(out, VIGIL_HASHES_BYTES) == 0);
  vigil_hashes_destroy(out);
  /* A truncated BMP is corrupt. */
  CHECK_CODE(vigil_hash_bytes(NULL, bmp, 200, &out, ERR), VIGIL_OK);
  CHECK(Int(out, VIGIL_HASHES_IMAGE_CODE) == VIGIL_CORRUPT_INPUT);
  vigil_hashes_destroy(out);
  /* Digests only. */
  vigil_hasher_t* no_pdq = NULL;
  CHECK_CODE(vigil_hasher_create(VIGIL_HASH_NO_PDQ, NULL, &no_pdq, ERR),
             VIGIL_OK);
  CHECK_CODE(vigil_hash_bytes(no_pdq, bmp, bmp_size, &out, ERR), VIGIL_OK);
  CHECK(Int(out, VIGIL_HASHES_IMAGE_CODE) == VIGIL_OK);
  CHECK(Int(out, VIGIL_HASHES_WIDTH) == w);
  CHECK_CODE(vigil_hashes_get_string(out, VIGIL_HASHES_PDQ, &s, ERR),
             VIGIL_NOT_FOUND);
  vigil_hashes_destroy(out);
  vigil_hasher_destroy(no_pdq);

  free(bmp);
  free(rgb);
}

static void TestHashPixels(void) {
  const int w = 96, h = 80;
  unsigned char* rgb = MakeRgb(w, h, 2);
  vigil_hashes_t* packed = NULL;
  vigil_hashes_t* strided = NULL;
  vigil_hashes_t* grey = NULL;
  vigil_hashes_t* out = (vigil_hashes_t*)1;
  CHECK_CODE(vigil_hash_pixels(NULL, rgb, w, h, 3, 0, &packed, ERR), VIGIL_OK);
  /* The same pixels with 8 bytes of padding per row. */
  size_t stride = (size_t)w * 3 + 8;
  unsigned char* padded = calloc(stride * h, 1);
  for (int y = 0; y < h; ++y) {
    memcpy(padded + stride * y, rgb + (size_t)w * 3 * y, (size_t)w * 3);
  }
  CHECK_CODE(vigil_hash_pixels(NULL, padded, w, h, 3, stride, &strided, ERR),
             VIGIL_OK);
  CHECK(strcmp(Str(packed, VIGIL_HASHES_PDQ), Str(strided, VIGIL_HASHES_PDQ)) ==
        0);
  CHECK(Int(strided, VIGIL_HASHES_BYTES) ==
        (int64_t)(stride * (h - 1) + (size_t)w * 3));
  /* Grey: one channel. */
  unsigned char* luma = malloc((size_t)w * h);
  for (size_t i = 0; i < (size_t)w * h; ++i) luma[i] = rgb[3 * i + 1];
  CHECK_CODE(vigil_hash_pixels(NULL, luma, w, h, 1, 0, &grey, ERR), VIGIL_OK);
  CHECK(Int(grey, VIGIL_HASHES_BYTES) == (int64_t)w * h);
  CHECK(Str(grey, VIGIL_HASHES_PDQ) != NULL);
  CHECK(strcmp(Str(grey, VIGIL_HASHES_PDQ), Str(packed, VIGIL_HASHES_PDQ)) !=
        0);

  CHECK_CODE(vigil_hash_pixels(NULL, NULL, w, h, 3, 0, &out, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK(out == NULL);
  CHECK_CODE(vigil_hash_pixels(NULL, rgb, 0, h, 3, 0, &out, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hash_pixels(NULL, rgb, w, -1, 3, 0, &out, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hash_pixels(NULL, rgb, w, h, 2, 0, &out, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(
      vigil_hash_pixels(NULL, rgb, w, h, 3, (size_t)w * 3 - 1, &out, ERR),
      VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hash_pixels(NULL, rgb, w, h, 3, 0, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);

  /* Dihedral variants. */
  vigil_hasher_t* dihedral = NULL;
  vigil_hashes_t* all = NULL;
  CHECK_CODE(vigil_hasher_create(VIGIL_HASH_DIHEDRAL, NULL, &dihedral, ERR),
             VIGIL_OK);
  CHECK_CODE(vigil_hash_pixels(dihedral, rgb, w, h, 3, 0, &all, ERR), VIGIL_OK);
  const char* variant[8] = {0};
  int32_t quality = -1;
  for (int i = 0; i < 8; ++i) {
    CHECK_CODE(vigil_hashes_get_dihedral(all, i, &variant[i], &quality, ERR),
               VIGIL_OK);
    CHECK(variant[i] != NULL && strlen(variant[i]) == 64);
    CHECK(quality == Int(all, VIGIL_HASHES_PDQ_QUALITY));
  }
  CHECK(strcmp(variant[0], Str(all, VIGIL_HASHES_PDQ)) == 0);
  CHECK(strcmp(variant[0], Str(packed, VIGIL_HASHES_PDQ)) == 0);
  /* Rotating the pixels by 180 degrees gives (nearly) variant 2 and is far
   * from the original. */
  unsigned char* rot = malloc((size_t)w * h * 3);
  for (size_t i = 0; i < (size_t)w * h; ++i) {
    memcpy(rot + 3 * i, rgb + 3 * ((size_t)w * h - 1 - i), 3);
  }
  CHECK_CODE(vigil_hash_pixels(NULL, rot, w, h, 3, 0, &out, ERR), VIGIL_OK);
  int near = HammingHex(Str(out, VIGIL_HASHES_PDQ), variant[2]);
  int far = HammingHex(Str(out, VIGIL_HASHES_PDQ), variant[0]);
  CHECK(near <= 31);
  CHECK(far > 64);
  vigil_hashes_destroy(out);
  CHECK_CODE(vigil_hashes_get_dihedral(all, 8, &variant[0], NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_dihedral(all, -1, &variant[0], NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_dihedral(all, 0, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_dihedral(NULL, 0, &variant[0], NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  vigil_hashes_destroy(all);
  vigil_hasher_destroy(dihedral);

  vigil_hashes_destroy(packed);
  vigil_hashes_destroy(strided);
  vigil_hashes_destroy(grey);
  free(rot);
  free(luma);
  free(padded);
  free(rgb);
}

/* Hashes the JPEGs of the demo corpus, in fast and full mode. */
static void TestDemoJpegs(const char* demo_dir) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s/known", demo_dir);
  DIR* d = opendir(dir);
  CHECK(d != NULL);
  if (d == NULL) return;
  vigil_hasher_t* full = NULL;
  CHECK_CODE(vigil_hasher_create(VIGIL_HASH_PDQ_FULL, NULL, &full, ERR),
             VIGIL_OK);
  int jpegs = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n < 4 || strcmp(e->d_name + n - 4, ".jpg") != 0) continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    vigil_hashes_t* fast_h = NULL;
    vigil_hashes_t* full_h = NULL;
    CHECK_CODE(vigil_hash_file(NULL, path, &fast_h, ERR), VIGIL_OK);
    CHECK_CODE(vigil_hash_file(full, path, &full_h, ERR), VIGIL_OK);
    if (fast_h != NULL && full_h != NULL) {
      CHECK(strcmp(Str(fast_h, VIGIL_HASHES_MEDIA_TYPE), "image/jpeg") == 0);
      CHECK(Int(fast_h, VIGIL_HASHES_WIDTH) > 0);
      CHECK(Str(fast_h, VIGIL_HASHES_PDQ) != NULL);
      /* Fast mode stays within a few bits of the reference pixels. */
      CHECK(HammingHex(Str(fast_h, VIGIL_HASHES_PDQ),
                       Str(full_h, VIGIL_HASHES_PDQ)) <= 10);
      ++jpegs;
    }
    vigil_hashes_destroy(fast_h);
    vigil_hashes_destroy(full_h);
  }
  closedir(d);
  vigil_hasher_destroy(full);
  CHECK(jpegs > 0);
}

/* ----------------------------------------------------------------------- */
/* Store                                                                   */
/* ----------------------------------------------------------------------- */

static void TestStoreOpen(const char* dir) {
  vigil_store_t* store = (vigil_store_t*)1;
  char missing[512];
  PathIn(missing, sizeof missing, "no-store");
  CHECK_CODE(vigil_store_open(missing, VIGIL_STORE_NO_CREATE, &store, ERR),
             VIGIL_NOT_FOUND);
  CHECK(store == NULL);
  CHECK_CODE(vigil_store_open(NULL, 0, &store, ERR), VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_store_open(dir, 0, NULL, ERR), VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_store_open(dir, 64, &store, ERR), VIGIL_INVALID_ARGUMENT);
  vigil_store_close(NULL);
}

static void TestHashsets(const char* dir) {
  vigil_store_t* store = NULL;
  CHECK_CODE(vigil_store_open(dir, 0, &store, ERR), VIGIL_OK);
  if (store == NULL) return;

  /* A second writer is refused while the first holds the store. */
  vigil_store_t* second = NULL;
  CHECK_CODE(vigil_store_open(dir, 0, &second, ERR), VIGIL_UNAVAILABLE);

  const uint32_t pdq_md5 =
      VIGIL_SIGNAL_BIT(VIGIL_SIGNAL_PDQ) | VIGIL_SIGNAL_BIT(VIGIL_SIGNAL_MD5);
  CHECK_CODE(vigil_hashset_create(store, "own-cases", pdq_md5,
                                  VIGIL_ACTION_BLOCK, 20, -1, "moderation",
                                  "confirmed by moderators", "ops", ERR),
             VIGIL_OK);
  CHECK_CODE(vigil_hashset_create(store, "own-cases", pdq_md5, 0, -1, -1, NULL,
                                  NULL, NULL, ERR),
             VIGIL_ALREADY_EXISTS);
  CHECK_CODE(vigil_hashset_create(store, "Bad Name", pdq_md5, 0, -1, -1, NULL,
                                  NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_create(store, "x", 1u << 20, 0, -1, -1, NULL, NULL,
                                  NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(
      vigil_hashset_create(store, "x", 0, 0, -1, -1, NULL, NULL, NULL, ERR),
      VIGIL_INVALID_ARGUMENT); /* no types */
  CHECK_CODE(vigil_hashset_create(store, "x", pdq_md5, 9, -1, -1, NULL, NULL,
                                  NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_create(store, "x", pdq_md5, 0, 300, -1, NULL, NULL,
                                  NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_create(store, "x", pdq_md5, 0, -1, 101, NULL, NULL,
                                  NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_create(NULL, "x", pdq_md5, 0, -1, -1, NULL, NULL,
                                  NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_create(store, NULL, pdq_md5, 0, -1, -1, NULL, NULL,
                                  NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_create(store, "sha1-only",
                                  VIGIL_SIGNAL_BIT(VIGIL_SIGNAL_SHA1), 0, -1,
                                  -1, NULL, NULL, NULL, ERR),
             VIGIL_OK);

  /* Import: typed text, all or nothing. */
  const int w = 64, h = 64;
  unsigned char* rgb = MakeRgb(w, h, 3);
  vigil_hashes_t* hashes = NULL;
  CHECK_CODE(vigil_hash_pixels(NULL, rgb, w, h, 3, 0, &hashes, ERR), VIGIL_OK);
  char text[512];
  snprintf(text, sizeof text, "pdq %s\nmd5 %s\n", Str(hashes, VIGIL_HASHES_PDQ),
           Str(hashes, VIGIL_HASHES_MD5));
  vigil_import_stats_t stats;
  memset(&stats, 0xff, sizeof stats);
  CHECK_CODE(
      vigil_hashset_import_text(store, "own-cases", text, strlen(text),
                                VIGIL_FORMAT_TYPED, 0, "ops", &stats, ERR),
      VIGIL_OK);
  CHECK(stats.records == 2 && stats.added == 2 && stats.duplicates == 0);
  CHECK(stats.lines == 2 && stats.format == VIGIL_FORMAT_TYPED);
  CHECK(stats.version == 2);
  /* Again: duplicates, nothing added. Auto-detects the format. */
  CHECK_CODE(vigil_hashset_import_text(store, "own-cases", text, strlen(text),
                                       VIGIL_FORMAT_AUTO, 0, NULL, &stats, ERR),
             VIGIL_OK);
  CHECK(stats.added == 0 && stats.duplicates == 2);
  /* A bad line fails the whole import. */
  static const char kBad[] =
      "md5 0123456789abcdef0123456789abcdef\nmd5 not-hex\n";
  CHECK_CODE(
      vigil_hashset_import_text(store, "own-cases", kBad, sizeof kBad - 1,
                                VIGIL_FORMAT_TYPED, 0, NULL, NULL, ERR),
      VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_import_text(store, "missing", text, strlen(text),
                                       VIGIL_FORMAT_TYPED, 0, NULL, NULL, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashset_import_text(store, "own-cases", text, strlen(text),
                                       42, 0, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_import_text(store, "own-cases", text, strlen(text),
                                       VIGIL_FORMAT_PLAIN, 99, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_import_text(store, "own-cases", NULL, 4,
                                       VIGIL_FORMAT_TYPED, 0, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_import_text(NULL, "own-cases", text, strlen(text),
                                       VIGIL_FORMAT_TYPED, 0, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_import_text(store, NULL, text, strlen(text),
                                       VIGIL_FORMAT_TYPED, 0, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  /* Import from a file: a plain list of one type. */
  char list[512];
  PathIn(list, sizeof list, "list.txt");
  static const char kPlain[] =
      "# md5 list\n00000000000000000000000000000001\n"
      "00000000000000000000000000000002\n";
  CHECK(WriteFile(list, kPlain, sizeof kPlain - 1));
  CHECK_CODE(
      vigil_hashset_import_file(store, "own-cases", list, VIGIL_FORMAT_PLAIN,
                                VIGIL_SIGNAL_MD5, "ops", &stats, ERR),
      VIGIL_OK);
  CHECK(stats.added == 2 && stats.lines == 3);
  char nofile[512];
  PathIn(nofile, sizeof nofile, "no-list.txt");
  CHECK_CODE(
      vigil_hashset_import_file(store, "own-cases", nofile, VIGIL_FORMAT_PLAIN,
                                VIGIL_SIGNAL_MD5, NULL, NULL, ERR),
      VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashset_import_file(store, "own-cases", NULL,
                                       VIGIL_FORMAT_PLAIN, 0, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_import_file(NULL, "own-cases", list,
                                       VIGIL_FORMAT_PLAIN, 0, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_import_file(store, NULL, list, VIGIL_FORMAT_PLAIN, 0,
                                       NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_import_file(store, "own-cases", list, -1, 0, NULL,
                                       NULL, ERR),
             VIGIL_INVALID_ARGUMENT);

  /* Add one signal: new, then idempotent. */
  uint64_t added = 99;
  CHECK_CODE(
      vigil_hashset_add_signal(store, "own-cases", VIGIL_SIGNAL_MD5,
                               "00000000000000000000000000000003", "case-3",
                               "cat", "note", "ops", &added, ERR),
      VIGIL_OK);
  CHECK(added == 1);
  CHECK_CODE(vigil_hashset_add_signal(store, "own-cases", VIGIL_SIGNAL_MD5,
                                      "00000000000000000000000000000003", NULL,
                                      NULL, NULL, NULL, &added, ERR),
             VIGIL_OK);
  CHECK(added == 0);
  CHECK_CODE(vigil_hashset_add_signal(store, "own-cases", VIGIL_SIGNAL_MD5,
                                      "xyz", NULL, NULL, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(
      vigil_hashset_add_signal(store, "own-cases", VIGIL_SIGNAL_SHA1,
                               "0000000000000000000000000000000000000001", NULL,
                               NULL, NULL, NULL, NULL, ERR),
      VIGIL_INVALID_ARGUMENT); /* type not allowed by the set */
  CHECK_CODE(vigil_hashset_add_signal(store, "own-cases", 0,
                                      "00000000000000000000000000000003", NULL,
                                      NULL, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_add_signal(store, "missing", VIGIL_SIGNAL_MD5,
                                      "00000000000000000000000000000003", NULL,
                                      NULL, NULL, NULL, NULL, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashset_add_signal(store, "own-cases", VIGIL_SIGNAL_MD5,
                                      NULL, NULL, NULL, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_add_signal(store, NULL, VIGIL_SIGNAL_MD5,
                                      "00000000000000000000000000000003", NULL,
                                      NULL, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_add_signal(NULL, "own-cases", VIGIL_SIGNAL_MD5,
                                      "00000000000000000000000000000003", NULL,
                                      NULL, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);

  /* Hash and block: the signals of another image. */
  unsigned char* other_rgb = MakeRgb(w, h, 4);
  vigil_hashes_t* other = NULL;
  CHECK_CODE(vigil_hash_pixels(NULL, other_rgb, w, h, 3, 0, &other, ERR),
             VIGIL_OK);
  CHECK_CODE(vigil_hashset_add_hashes(store, "own-cases", other, "case-9", NULL,
                                      NULL, "mod-1", &added, ERR),
             VIGIL_OK);
  CHECK(added == 2); /* md5 and pdq; the set takes no sha1/sha256 */
  CHECK_CODE(vigil_hashset_add_hashes(store, "own-cases", other, NULL, NULL,
                                      NULL, NULL, &added, ERR),
             VIGIL_OK);
  CHECK(added == 0);
  CHECK_CODE(vigil_hashset_add_hashes(store, "sha1-only", other, NULL, NULL,
                                      NULL, NULL, &added, ERR),
             VIGIL_OK);
  CHECK(added == 1);
  CHECK_CODE(vigil_hashset_add_hashes(store, "own-cases", NULL, NULL, NULL,
                                      NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_add_hashes(store, "missing", other, NULL, NULL, NULL,
                                      NULL, NULL, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashset_add_hashes(store, NULL, other, NULL, NULL, NULL,
                                      NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_add_hashes(NULL, "own-cases", other, NULL, NULL,
                                      NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  /* A set none of whose types a Hashes carries. */
  CHECK_CODE(vigil_hashset_create(store, "xxh-only",
                                  VIGIL_SIGNAL_BIT(VIGIL_SIGNAL_XXH128), 0, -1,
                                  -1, NULL, NULL, NULL, ERR),
             VIGIL_OK);
  CHECK_CODE(vigil_hashset_add_hashes(store, "xxh-only", other, NULL, NULL,
                                      NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);

  /* Stats. */
  vigil_hashset_info_t* info = NULL;
  CHECK_CODE(vigil_hashset_get(store, "own-cases", &info, ERR), VIGIL_OK);
  if (info != NULL) {
    CHECK(strcmp(SetStr(info, VIGIL_HASHSET_NAME), "own-cases") == 0);
    CHECK(strcmp(SetStr(info, VIGIL_HASHSET_ACTION), "block") == 0);
    CHECK(SetInt(info, VIGIL_HASHSET_ACTION) == VIGIL_ACTION_BLOCK);
    CHECK(strcmp(SetStr(info, VIGIL_HASHSET_SIGNAL_TYPES), "md5,pdq") == 0);
    CHECK(SetInt(info, VIGIL_HASHSET_SIGNAL_TYPES) == (int64_t)pdq_md5);
    CHECK(strcmp(SetStr(info, VIGIL_HASHSET_SOURCE), "moderation") == 0);
    CHECK(strcmp(SetStr(info, VIGIL_HASHSET_DESCRIPTION),
                 "confirmed by moderators") == 0);
    CHECK(SetInt(info, VIGIL_HASHSET_PDQ_THRESHOLD) == 20);
    CHECK(SetInt(info, VIGIL_HASHSET_PDQ_MIN_QUALITY) == 50);
    CHECK(SetInt(info, VIGIL_HASHSET_ENTRIES) == 7); /* 2 + 2 + 1 + 2 */
    CHECK(SetInt(info, VIGIL_HASHSET_VERSION) == 5);
    CHECK(SetInt(info, VIGIL_HASHSET_ID) > 0);
    CHECK(SetInt(info, VIGIL_HASHSET_CREATED_AT_MS) > 1600000000000LL);
    CHECK(SetInt(info, VIGIL_HASHSET_UPDATED_AT_MS) >=
          SetInt(info, VIGIL_HASHSET_CREATED_AT_MS));
    CHECK(SetInt(info, VIGIL_HASHSET_LAST_CHANGE_SEQ) > 0);
    uint64_t n = 0;
    CHECK_CODE(vigil_hashset_info_count(info, VIGIL_SIGNAL_MD5, &n, ERR),
               VIGIL_OK);
    CHECK(n == 5);
    CHECK_CODE(vigil_hashset_info_count(info, VIGIL_SIGNAL_PDQ, &n, ERR),
               VIGIL_OK);
    CHECK(n == 2);
    CHECK_CODE(vigil_hashset_info_count(info, VIGIL_SIGNAL_SHA256, &n, ERR),
               VIGIL_OK);
    CHECK(n == 0);
    CHECK_CODE(vigil_hashset_info_count(info, 42, &n, ERR),
               VIGIL_INVALID_ARGUMENT);
    CHECK_CODE(vigil_hashset_info_count(NULL, VIGIL_SIGNAL_MD5, &n, ERR),
               VIGIL_INVALID_ARGUMENT);
    CHECK_CODE(vigil_hashset_info_count(info, VIGIL_SIGNAL_MD5, NULL, ERR),
               VIGIL_INVALID_ARGUMENT);
    int64_t v = 0;
    const char* s = NULL;
    CHECK_CODE(vigil_hashset_info_get_int(info, VIGIL_HASHSET_NAME, &v, ERR),
               VIGIL_INVALID_ARGUMENT);
    CHECK_CODE(vigil_hashset_info_get_int(NULL, VIGIL_HASHSET_ID, &v, ERR),
               VIGIL_INVALID_ARGUMENT);
    CHECK_CODE(vigil_hashset_info_get_int(info, VIGIL_HASHSET_ID, NULL, ERR),
               VIGIL_INVALID_ARGUMENT);
    CHECK_CODE(
        vigil_hashset_info_get_string(info, VIGIL_HASHSET_VERSION, &s, ERR),
        VIGIL_INVALID_ARGUMENT);
    CHECK_CODE(vigil_hashset_info_get_string(NULL, VIGIL_HASHSET_NAME, &s, ERR),
               VIGIL_INVALID_ARGUMENT);
    CHECK_CODE(
        vigil_hashset_info_get_string(info, VIGIL_HASHSET_NAME, NULL, ERR),
        VIGIL_INVALID_ARGUMENT);
  }
  vigil_hashset_info_destroy(info);
  vigil_hashset_info_destroy(NULL);
  info = (vigil_hashset_info_t*)1;
  CHECK_CODE(vigil_hashset_get(store, "missing", &info, ERR), VIGIL_NOT_FOUND);
  CHECK(info == NULL);
  CHECK_CODE(vigil_hashset_get(store, NULL, &info, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_get(NULL, "own-cases", &info, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_get(store, "own-cases", NULL, ERR),
             VIGIL_INVALID_ARGUMENT);

  /* Remove: by signal, by external id; errors. */
  uint64_t removed = 0;
  CHECK_CODE(vigil_hashset_remove(store, "own-cases", VIGIL_SIGNAL_MD5,
                                  "00000000000000000000000000000001", NULL,
                                  "ops", "false positive", &removed, ERR),
             VIGIL_OK);
  CHECK(removed == 1);
  CHECK_CODE(vigil_hashset_remove(store, "own-cases", VIGIL_SIGNAL_MD5,
                                  "00000000000000000000000000000001", NULL,
                                  "ops", "again", &removed, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashset_remove(store, "own-cases", 0, NULL, "case-9", "ops",
                                  "appeal upheld", &removed, ERR),
             VIGIL_OK);
  CHECK(removed == 2); /* md5 and pdq of case-9 */
  CHECK_CODE(vigil_hashset_remove(store, "own-cases", VIGIL_SIGNAL_MD5,
                                  "00000000000000000000000000000002", "case-3",
                                  "ops", "both", NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_remove(store, "own-cases", 0, NULL, NULL, "ops",
                                  "neither", NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_remove(store, "own-cases", VIGIL_SIGNAL_MD5,
                                  "00000000000000000000000000000002", NULL,
                                  "ops", NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT); /* no reason */
  CHECK_CODE(vigil_hashset_remove(store, "own-cases", VIGIL_SIGNAL_MD5, "zz",
                                  NULL, "ops", "bad hex", NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_remove(store, "own-cases", 42,
                                  "00000000000000000000000000000002", NULL,
                                  "ops", "bad type", NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_remove(store, "missing", 0, NULL, "case-3", "ops",
                                  "no set", NULL, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashset_remove(store, NULL, 0, NULL, "case-3", "ops", "x",
                                  NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_remove(NULL, "own-cases", 0, NULL, "case-3", "ops",
                                  "x", NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_get(store, "own-cases", &info, ERR), VIGIL_OK);
  CHECK(SetInt(info, VIGIL_HASHSET_ENTRIES) == 4);
  vigil_hashset_info_destroy(info);

  /* List. */
  vigil_hashset_list_t* list_h = NULL;
  CHECK_CODE(vigil_hashset_list(store, &list_h, ERR), VIGIL_OK);
  CHECK(vigil_hashset_list_size(list_h) == 3);
  static const char* kOrder[] = {"own-cases", "sha1-only", "xxh-only"};
  for (size_t i = 0; i < 3 && list_h != NULL; ++i) {
    const vigil_hashset_info_t* item = NULL;
    CHECK_CODE(vigil_hashset_list_get(list_h, i, &item, ERR), VIGIL_OK);
    CHECK(item != NULL &&
          strcmp(SetStr(item, VIGIL_HASHSET_NAME), kOrder[i]) == 0);
  }
  const vigil_hashset_info_t* item = NULL;
  CHECK_CODE(vigil_hashset_list_get(list_h, 3, &item, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_list_get(NULL, 0, &item, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_list_get(list_h, 0, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK(vigil_hashset_list_size(NULL) == 0);
  CHECK_CODE(vigil_hashset_list(NULL, &list_h, ERR), VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_list(store, NULL, ERR), VIGIL_INVALID_ARGUMENT);
  vigil_hashset_list_destroy(list_h);
  vigil_hashset_list_destroy(NULL);

  /* A read-only handle sees the data and refuses writes. */
  vigil_store_t* reader = NULL;
  CHECK_CODE(vigil_store_open(dir, VIGIL_STORE_READ_ONLY, &reader, ERR),
             VIGIL_OK);
  if (reader != NULL) {
    CHECK_CODE(vigil_hashset_get(reader, "own-cases", &info, ERR), VIGIL_OK);
    CHECK(SetInt(info, VIGIL_HASHSET_ENTRIES) == 4);
    vigil_hashset_info_destroy(info);
    CHECK_CODE(vigil_hashset_create(reader, "new-set", pdq_md5, 0, -1, -1, NULL,
                                    NULL, NULL, ERR),
               VIGIL_FAILED_PRECONDITION);
    CHECK_CODE(vigil_hashset_add_signal(reader, "own-cases", VIGIL_SIGNAL_MD5,
                                        "00000000000000000000000000000009",
                                        NULL, NULL, NULL, NULL, NULL, ERR),
               VIGIL_FAILED_PRECONDITION);
    vigil_store_close(reader);
  }

  /* Delete. */
  CHECK_CODE(vigil_hashset_delete(store, "sha1-only", "ops", NULL, ERR),
             VIGIL_INVALID_ARGUMENT); /* no reason */
  CHECK_CODE(vigil_hashset_delete(store, "sha1-only", "ops", "retired", ERR),
             VIGIL_OK);
  CHECK_CODE(vigil_hashset_delete(store, "sha1-only", "ops", "retired", ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashset_delete(store, NULL, "ops", "x", ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_delete(NULL, "own-cases", "ops", "x", ERR),
             VIGIL_INVALID_ARGUMENT);

  vigil_hashes_destroy(hashes);
  vigil_hashes_destroy(other);
  free(rgb);
  free(other_rgb);
  vigil_store_close(store);

  /* Closed: the next writer gets the store, with the data. */
  CHECK_CODE(vigil_store_open(dir, VIGIL_STORE_NO_CREATE, &store, ERR),
             VIGIL_OK);
  CHECK_CODE(vigil_hashset_list(store, &list_h, ERR), VIGIL_OK);
  CHECK(vigil_hashset_list_size(list_h) == 2);
  vigil_hashset_list_destroy(list_h);
  vigil_store_close(store);
}

/* ----------------------------------------------------------------------- */
/* Engine                                                                  */
/* ----------------------------------------------------------------------- */

static int CountLines(const char* path) {
  FILE* f = fopen(path, "r");
  if (f == NULL) return -1;
  int n = 0;
  for (int c; (c = fgetc(f)) != EOF;) n += c == '\n';
  fclose(f);
  return n;
}

static const char* MatchStr(const vigil_scan_t* s, size_t i,
                            vigil_match_field_t f) {
  const char* v = NULL;
  if (vigil_scan_match_get_string(s, i, f, &v, NULL) != VIGIL_OK) return NULL;
  return v;
}

static int64_t MatchInt(const vigil_scan_t* s, size_t i,
                        vigil_match_field_t f) {
  int64_t v = -12345;
  if (vigil_scan_match_get_int(s, i, f, &v, NULL) != VIGIL_OK) return -12345;
  return v;
}

static int64_t ScanInt(const vigil_scan_t* s, vigil_scan_field_t f) {
  int64_t v = -12345;
  if (vigil_scan_get_int(s, f, &v, NULL) != VIGIL_OK) return -12345;
  return v;
}

static const char* EventStr(const vigil_event_list_t* l, size_t i,
                            vigil_event_field_t f) {
  const char* v = NULL;
  if (vigil_event_list_get_string(l, i, f, &v, NULL) != VIGIL_OK) return NULL;
  return v;
}

static int64_t EventInt(const vigil_event_list_t* l, size_t i,
                        vigil_event_field_t f) {
  int64_t v = -12345;
  if (vigil_event_list_get_int(l, i, f, &v, NULL) != VIGIL_OK) return -12345;
  return v;
}

static void TestEngine(void) {
  char dir[512], jsonl[512], bad_jsonl[512];
  PathIn(dir, sizeof dir, "engine-db");
  PathIn(jsonl, sizeof jsonl, "events.jsonl");
  PathIn(bad_jsonl, sizeof bad_jsonl, "no-such-dir/events.jsonl");
  vigil_engine_t* engine = (vigil_engine_t*)1;
  CHECK_CODE(vigil_engine_open(NULL, 0, NULL, NULL, &engine, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK(engine == NULL);
  CHECK_CODE(vigil_engine_open(dir, 0, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_open(dir, 1u << 10, NULL, NULL, &engine, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_open(dir, 0, NULL, bad_jsonl, &engine, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_engine_open(dir, 0, NULL, jsonl, &engine, ERR), VIGIL_OK);
  if (engine == NULL) return;
  vigil_engine_t* second = NULL;
  CHECK_CODE(vigil_engine_open(dir, 0, NULL, NULL, &second, ERR),
             VIGIL_UNAVAILABLE);

  /* Hash-set management through the engine's store. */
  vigil_store_t* store = NULL;
  CHECK_CODE(vigil_engine_store(engine, &store, ERR), VIGIL_OK);
  CHECK_CODE(vigil_engine_store(NULL, &store, ERR), VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_store(engine, NULL, ERR), VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_store(engine, &store, ERR), VIGIL_OK);
  vigil_store_close(store); /* borrowed: a no-op */
  CHECK_CODE(vigil_hashset_create(store, "known",
                                  VIGIL_SIGNAL_BIT(VIGIL_SIGNAL_PDQ) |
                                      VIGIL_SIGNAL_BIT(VIGIL_SIGNAL_MD5),
                                  VIGIL_ACTION_REMOVE, -1, -1, "test", NULL,
                                  "ops", ERR),
             VIGIL_OK);
  const int w = 128, h = 96;
  unsigned char* known_rgb = MakeRgb(w, h, 5);
  unsigned char* other_rgb = MakeRgb(w, h, 6);
  vigil_hashes_t* known = NULL;
  CHECK_CODE(vigil_hash_pixels(NULL, known_rgb, w, h, 3, 0, &known, ERR),
             VIGIL_OK);
  CHECK_CODE(vigil_hashset_add_hashes(store, "known", known, "case-1", "cat",
                                      NULL, "ops", NULL, ERR),
             VIGIL_OK);
  size_t known_size = 0, other_size = 0;
  unsigned char* known_bmp = EncodeBmp(known_rgb, w, h, &known_size);
  unsigned char* other_bmp = EncodeBmp(other_rgb, w, h, &other_size);
  char known_path[512];
  PathIn(known_path, sizeof known_path, "known.bmp");
  CHECK(WriteFile(known_path, known_bmp, known_size));

  /* Before Refresh the indexes do not know the new set. */
  vigil_scan_t* scan = NULL;
  CHECK_CODE(vigil_engine_scan_bytes(engine, known_bmp, known_size, "up-0",
                                     "web", &scan, ERR),
             VIGIL_OK);
  CHECK(ScanInt(scan, VIGIL_SCAN_STATUS) == VIGIL_SCAN_CLEAN);
  vigil_scan_destroy(scan);
  CHECK_CODE(vigil_engine_refresh(engine, ERR), VIGIL_OK);
  CHECK_CODE(vigil_engine_refresh(NULL, ERR), VIGIL_INVALID_ARGUMENT);

  /* The BMP of the known pixels matches by PDQ (its MD5 differs). */
  CHECK_CODE(vigil_engine_scan_bytes(engine, known_bmp, known_size, "up-1",
                                     "web", &scan, ERR),
             VIGIL_OK);
  const char* text = NULL;
  CHECK(ScanInt(scan, VIGIL_SCAN_STATUS) == VIGIL_SCAN_MATCH);
  CHECK_CODE(vigil_scan_get_string(scan, VIGIL_SCAN_STATUS, &text, ERR),
             VIGIL_OK);
  CHECK(text != NULL && strcmp(text, "match") == 0);
  CHECK(ScanInt(scan, VIGIL_SCAN_MATCH_COUNT) == 1);
  CHECK(ScanInt(scan, VIGIL_SCAN_ERROR_CODE) == VIGIL_OK);
  CHECK(ScanInt(scan, VIGIL_SCAN_CACHED) == 1); /* bytes seen as up-0 */
  CHECK_CODE(vigil_scan_get_string(scan, VIGIL_SCAN_CONTENT_ID, &text, ERR),
             VIGIL_OK);
  CHECK(strcmp(text, "up-1") == 0);
  CHECK_CODE(vigil_scan_get_string(scan, VIGIL_SCAN_SOURCE, &text, ERR),
             VIGIL_OK);
  CHECK(strcmp(text, "web") == 0);
  CHECK_CODE(vigil_scan_get_string(scan, VIGIL_SCAN_ERROR_MESSAGE, &text, ERR),
             VIGIL_OK);
  CHECK(strcmp(text, "") == 0);
  CHECK(strcmp(MatchStr(scan, 0, VIGIL_MATCH_HASHSET), "known") == 0);
  CHECK(MatchInt(scan, 0, VIGIL_MATCH_HASHSET_ID) > 0);
  CHECK(MatchInt(scan, 0, VIGIL_MATCH_SIGNAL_TYPE) == VIGIL_SIGNAL_PDQ);
  CHECK(strcmp(MatchStr(scan, 0, VIGIL_MATCH_SIGNAL_TYPE), "pdq") == 0);
  CHECK(MatchInt(scan, 0, VIGIL_MATCH_DISTANCE) == 0);
  CHECK(MatchInt(scan, 0, VIGIL_MATCH_THRESHOLD) == 31);
  CHECK(MatchInt(scan, 0, VIGIL_MATCH_QUALITY) ==
        Int(known, VIGIL_HASHES_PDQ_QUALITY));
  CHECK(strcmp(MatchStr(scan, 0, VIGIL_MATCH_HASH),
               Str(known, VIGIL_HASHES_PDQ)) == 0);
  CHECK(strcmp(MatchStr(scan, 0, VIGIL_MATCH_QUERY_HASH),
               Str(known, VIGIL_HASHES_PDQ)) == 0);
  CHECK(strcmp(MatchStr(scan, 0, VIGIL_MATCH_VARIANT), "original") == 0);
  CHECK(strcmp(MatchStr(scan, 0, VIGIL_MATCH_EXTERNAL_ID), "case-1") == 0);
  CHECK(strcmp(MatchStr(scan, 0, VIGIL_MATCH_CATEGORY), "cat") == 0);
  CHECK(MatchInt(scan, 0, VIGIL_MATCH_ACTION) == VIGIL_ACTION_REMOVE);
  CHECK(strcmp(MatchStr(scan, 0, VIGIL_MATCH_ACTION), "remove") == 0);
  char first_event[64] = {0};
  const char* event_id = MatchStr(scan, 0, VIGIL_MATCH_EVENT_ID);
  CHECK(event_id != NULL && strlen(event_id) == 36);
  if (event_id != NULL)
    snprintf(first_event, sizeof first_event, "%s", event_id);
  const vigil_hashes_t* scanned = NULL;
  CHECK_CODE(vigil_scan_hashes(scan, &scanned, ERR), VIGIL_OK);
  CHECK(scanned != NULL &&
        Int(scanned, VIGIL_HASHES_BYTES) == (int64_t)known_size);
  CHECK(strcmp(Str(scanned, VIGIL_HASHES_MEDIA_TYPE), "image/bmp") == 0);
  /* Field and index errors. */
  int64_t v = 0;
  CHECK_CODE(vigil_scan_match_get_int(scan, 1, VIGIL_MATCH_DISTANCE, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_match_get_int(scan, 0, VIGIL_MATCH_HASH, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_match_get_int(scan, 0, VIGIL_MATCH_DISTANCE, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_match_get_int(NULL, 0, VIGIL_MATCH_DISTANCE, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_match_get_string(scan, 1, VIGIL_MATCH_HASH, &text, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(
      vigil_scan_match_get_string(scan, 0, VIGIL_MATCH_DISTANCE, &text, ERR),
      VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_match_get_string(scan, 0, VIGIL_MATCH_HASH, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_match_get_string(NULL, 0, VIGIL_MATCH_HASH, &text, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_get_int(scan, VIGIL_SCAN_CONTENT_ID, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_get_int(NULL, VIGIL_SCAN_STATUS, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_get_int(scan, VIGIL_SCAN_STATUS, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_get_string(scan, VIGIL_SCAN_CACHED, &text, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_get_string(NULL, VIGIL_SCAN_STATUS, &text, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_get_string(scan, VIGIL_SCAN_STATUS, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_hashes(NULL, &scanned, ERR), VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_scan_hashes(scan, NULL, ERR), VIGIL_INVALID_ARGUMENT);
  vigil_scan_destroy(scan);
  vigil_scan_destroy(NULL);

  /* The same file by path: content id defaults to the path. */
  CHECK_CODE(
      vigil_engine_scan_file(engine, known_path, NULL, "batch", &scan, ERR),
      VIGIL_OK);
  CHECK(ScanInt(scan, VIGIL_SCAN_STATUS) == VIGIL_SCAN_MATCH);
  CHECK_CODE(vigil_scan_get_string(scan, VIGIL_SCAN_CONTENT_ID, &text, ERR),
             VIGIL_OK);
  CHECK(strcmp(text, known_path) == 0);
  CHECK_CODE(vigil_scan_get_string(scan, VIGIL_SCAN_SOURCE, &text, ERR),
             VIGIL_OK);
  CHECK(strcmp(text, "batch") == 0);
  vigil_scan_destroy(scan);

  /* Unrelated content is clean. */
  CHECK_CODE(vigil_engine_scan_bytes(engine, other_bmp, other_size, "up-2",
                                     NULL, &scan, ERR),
             VIGIL_OK);
  CHECK(ScanInt(scan, VIGIL_SCAN_STATUS) == VIGIL_SCAN_CLEAN);
  CHECK(ScanInt(scan, VIGIL_SCAN_MATCH_COUNT) == 0);
  CHECK_CODE(vigil_scan_match_get_string(scan, 0, VIGIL_MATCH_HASH, &text, ERR),
             VIGIL_INVALID_ARGUMENT);
  vigil_scan_destroy(scan);

  /* An unreadable input is a scan with status error, not a failed call. */
  char missing[512];
  PathIn(missing, sizeof missing, "missing.bmp");
  CHECK_CODE(vigil_engine_scan_file(engine, missing, "up-3", NULL, &scan, ERR),
             VIGIL_OK);
  CHECK(ScanInt(scan, VIGIL_SCAN_STATUS) == VIGIL_SCAN_ERROR);
  CHECK(ScanInt(scan, VIGIL_SCAN_ERROR_CODE) == VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_scan_get_string(scan, VIGIL_SCAN_ERROR_MESSAGE, &text, ERR),
             VIGIL_OK);
  CHECK(strlen(text) > 0);
  CHECK_CODE(vigil_scan_hashes(scan, &scanned, ERR), VIGIL_NOT_FOUND);
  vigil_scan_destroy(scan);

  /* Call errors. */
  scan = (vigil_scan_t*)1;
  CHECK_CODE(vigil_engine_scan_bytes(engine, known_bmp, known_size, NULL, NULL,
                                     &scan, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK(scan == NULL);
  CHECK_CODE(vigil_engine_scan_bytes(engine, NULL, 10, "x", NULL, &scan, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_scan_bytes(NULL, known_bmp, known_size, "x", NULL,
                                     &scan, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_scan_bytes(engine, known_bmp, known_size, "x", NULL,
                                     NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_scan_file(engine, NULL, NULL, NULL, &scan, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_scan_file(NULL, known_path, NULL, NULL, &scan, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_scan_file(engine, known_path, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);

  /* Events: two recorded, listed in order, paged, acknowledged. */
  vigil_event_list_t* events = NULL;
  CHECK_CODE(vigil_engine_list_events(engine, NULL, 0, &events, ERR), VIGIL_OK);
  CHECK(vigil_event_list_size(events) == 2);
  CHECK(strcmp(EventStr(events, 0, VIGIL_EVENT_ID), first_event) == 0);
  CHECK(strcmp(EventStr(events, 0, VIGIL_EVENT_CONTENT_ID), "up-1") == 0);
  CHECK(strcmp(EventStr(events, 1, VIGIL_EVENT_CONTENT_ID), known_path) == 0);
  CHECK(strcmp(EventStr(events, 0, VIGIL_EVENT_HASHSET), "known") == 0);
  CHECK(strcmp(EventStr(events, 0, VIGIL_EVENT_ACTION), "remove") == 0);
  CHECK(EventInt(events, 0, VIGIL_EVENT_ACTION) == VIGIL_ACTION_REMOVE);
  CHECK(strlen(EventStr(events, 0, VIGIL_EVENT_IDEMPOTENCY_KEY)) == 32);
  CHECK(strstr(EventStr(events, 0, VIGIL_EVENT_JSON), "vigil.takedown/1") !=
        NULL);
  CHECK(strstr(EventStr(events, 0, VIGIL_EVENT_JSON), first_event) != NULL);
  CHECK(EventInt(events, 0, VIGIL_EVENT_CREATED_AT_MS) > 1600000000000LL);
  CHECK(EventInt(events, 0, VIGIL_EVENT_ACKED) == 0);
  CHECK(EventInt(events, 0, VIGIL_EVENT_ACKED_AT_MS) == 0);
  CHECK(strcmp(EventStr(events, 0, VIGIL_EVENT_ACKED_BY), "") == 0);
  CHECK_CODE(vigil_event_list_get_string(events, 2, VIGIL_EVENT_ID, &text, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(
      vigil_event_list_get_string(events, 0, VIGIL_EVENT_ACKED, &text, ERR),
      VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_event_list_get_string(NULL, 0, VIGIL_EVENT_ID, &text, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_event_list_get_string(events, 0, VIGIL_EVENT_ID, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_event_list_get_int(events, 2, VIGIL_EVENT_ACKED, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_event_list_get_int(events, 0, VIGIL_EVENT_JSON, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_event_list_get_int(NULL, 0, VIGIL_EVENT_ACKED, &v, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_event_list_get_int(events, 0, VIGIL_EVENT_ACKED, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK(vigil_event_list_size(NULL) == 0);
  char second_event[64] = {0};
  snprintf(second_event, sizeof second_event, "%s",
           EventStr(events, 1, VIGIL_EVENT_ID));
  vigil_event_list_destroy(events);
  vigil_event_list_destroy(NULL);
  /* Paging: after the first, one at a time. */
  CHECK_CODE(vigil_engine_list_events(engine, first_event, 1, &events, ERR),
             VIGIL_OK);
  CHECK(vigil_event_list_size(events) == 1);
  CHECK(strcmp(EventStr(events, 0, VIGIL_EVENT_ID), second_event) == 0);
  vigil_event_list_destroy(events);
  CHECK_CODE(vigil_engine_list_events(engine, second_event, 0, &events, ERR),
             VIGIL_OK);
  CHECK(vigil_event_list_size(events) == 0);
  vigil_event_list_destroy(events);
  CHECK_CODE(vigil_engine_list_events(NULL, NULL, 0, &events, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_list_events(engine, NULL, 0, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  /* The JSONL sink got both. */
  CHECK(CountLines(jsonl) == 2);

  /* Ack. */
  const char* ids[2] = {first_event, "00000000-0000-7000-8000-000000000000"};
  size_t acked = 99;
  CHECK_CODE(vigil_engine_ack_events(engine, ids + 1, 1, "ops", &acked, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_engine_ack_events(engine, ids, 2, "ops", &acked, ERR),
             VIGIL_NOT_FOUND); /* all or nothing */
  CHECK_CODE(vigil_engine_ack_events(engine, ids, 1, "ops", &acked, ERR),
             VIGIL_OK);
  CHECK(acked == 1);
  CHECK_CODE(vigil_engine_ack_events(engine, ids, 1, "ops", &acked, ERR),
             VIGIL_OK);
  CHECK(acked == 0);
  const char* null_ids[1] = {NULL};
  CHECK_CODE(vigil_engine_ack_events(engine, null_ids, 1, "ops", NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_ack_events(engine, NULL, 1, "ops", NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_ack_events(NULL, ids, 1, "ops", NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_list_events(engine, NULL, 0, &events, ERR), VIGIL_OK);
  CHECK(EventInt(events, 0, VIGIL_EVENT_ACKED) == 1);
  CHECK(EventInt(events, 0, VIGIL_EVENT_ACKED_AT_MS) > 1600000000000LL);
  CHECK(strcmp(EventStr(events, 0, VIGIL_EVENT_ACKED_BY), "ops") == 0);
  CHECK(EventInt(events, 1, VIGIL_EVENT_ACKED) == 0);
  vigil_event_list_destroy(events);

  /* A read-only engine beside the writer: matches rotated copies with
   * DIHEDRAL, records no events, refuses acks. */
  vigil_engine_t* reader = NULL;
  CHECK_CODE(
      vigil_engine_open(dir, VIGIL_ENGINE_READ_ONLY | VIGIL_ENGINE_DIHEDRAL,
                        NULL, NULL, &reader, ERR),
      VIGIL_OK);
  if (reader != NULL) {
    unsigned char* rot = malloc((size_t)w * h * 3);
    for (size_t i = 0; i < (size_t)w * h; ++i) {
      memcpy(rot + 3 * i, known_rgb + 3 * ((size_t)w * h - 1 - i), 3);
    }
    size_t rot_size = 0;
    unsigned char* rot_bmp = EncodeBmp(rot, w, h, &rot_size);
    CHECK_CODE(vigil_engine_scan_bytes(reader, rot_bmp, rot_size, "up-rot",
                                       NULL, &scan, ERR),
               VIGIL_OK);
    CHECK(ScanInt(scan, VIGIL_SCAN_STATUS) == VIGIL_SCAN_MATCH);
    CHECK(MatchStr(scan, 0, VIGIL_MATCH_VARIANT) != NULL &&
          strcmp(MatchStr(scan, 0, VIGIL_MATCH_VARIANT), "original") != 0);
    CHECK_CODE(
        vigil_scan_match_get_string(scan, 0, VIGIL_MATCH_EVENT_ID, &text, ERR),
        VIGIL_NOT_FOUND);
    vigil_scan_destroy(scan);
    CHECK_CODE(vigil_engine_ack_events(reader, ids, 1, "ops", NULL, ERR),
               VIGIL_FAILED_PRECONDITION);
    vigil_engine_close(reader);
    free(rot_bmp);
    free(rot);
  }
  /* Events-only: no indexes, so no scans. */
  CHECK_CODE(
      vigil_engine_open(dir, VIGIL_ENGINE_READ_ONLY | VIGIL_ENGINE_EVENTS_ONLY,
                        NULL, NULL, &reader, ERR),
      VIGIL_OK);
  if (reader != NULL) {
    CHECK_CODE(vigil_engine_scan_bytes(reader, known_bmp, known_size, "x", NULL,
                                       &scan, ERR),
               VIGIL_FAILED_PRECONDITION);
    CHECK_CODE(vigil_engine_refresh(reader, ERR), VIGIL_FAILED_PRECONDITION);
    CHECK_CODE(vigil_engine_list_events(reader, NULL, 0, &events, ERR),
               VIGIL_OK);
    CHECK(vigil_event_list_size(events) == 2);
    vigil_event_list_destroy(events);
    vigil_engine_close(reader);
  }

  vigil_hashes_destroy(known);
  free(known_bmp);
  free(other_bmp);
  free(known_rgb);
  free(other_rgb);
  vigil_engine_close(engine);
  vigil_engine_close(NULL);
}

int main(int argc, char** argv) {
  const char* base = getenv("TMPDIR");
  snprintf(g_tmp, sizeof g_tmp, "%s/vigil_c_api_XXXXXX",
           base != NULL ? base : "/tmp");
  if (mkdtemp(g_tmp) == NULL) {
    perror("mkdtemp");
    return 2;
  }
  char store_dir[512];
  PathIn(store_dir, sizeof store_dir, "store");

  TestCore();
  TestHashBytesAndFile();
  TestHashPixels();
  if (argc > 1) {
    TestDemoJpegs(argv[1]);
  } else {
    printf("no demo dir given: JPEG checks skipped\n");
  }
  TestStoreOpen(store_dir);
  TestHashsets(store_dir);
  TestEngine();

  nftw(g_tmp, RemoveOne, 16, FTW_DEPTH | FTW_PHYS);
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
