/* Copyright 2026 The Vigil Authors.
 *
 * Helpers of the C API test program (see c_api_test_util.h).
 */

#include "c_api_test_util.h"

#include <stdlib.h>

char g_tmp[256];
int g_passed = 0;
int g_failed = 0;

void PathIn(char* out, size_t cap, const char* name) {
  snprintf(out, cap, "%s/%s", g_tmp, name);
}

int WriteFile(const char* path, const void* data, size_t size) {
  FILE* f = fopen(path, "wb");
  if (f == NULL) return 0;
  size_t n = fwrite(data, 1, size, f);
  return fclose(f) == 0 && n == size;
}

/* A synthetic RGB image: smooth gradients plus a few shapes, so that PDQ
 * has structure to hash (quality well above 50). */
unsigned char* MakeRgb(int w, int h, int seed) {
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
unsigned char* EncodeBmp(const unsigned char* rgb, int w, int h, size_t* size) {
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

int HexOf(const uint8_t* data, size_t size, const char* hex) {
  static const char kDigits[] = "0123456789abcdef";
  if (strlen(hex) != 2 * size) return 0;
  for (size_t i = 0; i < size; ++i) {
    if (hex[2 * i] != kDigits[data[i] >> 4]) return 0;
    if (hex[2 * i + 1] != kDigits[data[i] & 15]) return 0;
  }
  return 1;
}

int HammingHex(const char* a, const char* b) {
  int d = 0;
  for (size_t i = 0; a[i] && b[i]; ++i) {
    int va = a[i] <= '9' ? a[i] - '0' : a[i] - 'a' + 10;
    int vb = b[i] <= '9' ? b[i] - '0' : b[i] - 'a' + 10;
    for (int x = va ^ vb; x; x &= x - 1) ++d;
  }
  return d;
}

const char* Str(const vigil_hashes_t* h, vigil_hashes_field_t f) {
  const char* s = NULL;
  if (vigil_hashes_get_string(h, f, &s, NULL) != VIGIL_OK) return NULL;
  return s;
}

int64_t Int(const vigil_hashes_t* h, vigil_hashes_field_t f) {
  int64_t v = -12345;
  if (vigil_hashes_get_int(h, f, &v, NULL) != VIGIL_OK) return -12345;
  return v;
}

int64_t SetInt(const vigil_hashset_info_t* i, vigil_hashset_field_t f) {
  int64_t v = -12345;
  if (vigil_hashset_info_get_int(i, f, &v, NULL) != VIGIL_OK) return -12345;
  return v;
}

const char* SetStr(const vigil_hashset_info_t* i, vigil_hashset_field_t f) {
  const char* s = NULL;
  if (vigil_hashset_info_get_string(i, f, &s, NULL) != VIGIL_OK) return NULL;
  return s;
}
