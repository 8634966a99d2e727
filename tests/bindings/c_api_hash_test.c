/* Copyright 2026 The Vigil Authors.
 *
 * C API tests: codes, errptr conventions, hashing.
 */

#include "c_api_test_util.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef VIGIL_EXPECTED_VERSION
#error "VIGIL_EXPECTED_VERSION must be defined by the build"
#endif

/* ----------------------------------------------------------------------- */
/* Core                                                                    */
/* ----------------------------------------------------------------------- */

void TestCore(void) {
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

void TestHashBytesAndFile(void) {
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

void TestHashPixels(void) {
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
void TestDemoJpegs(const char* demo_dir) {
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
