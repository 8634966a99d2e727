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

#include "c_api_test_util.h"

#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>

static int RemoveOne(const char* path, const struct stat* sb, int flag,
                     struct FTW* ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
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
  TestAddMedia();
  TestEngine();

  nftw(g_tmp, RemoveOne, 16, FTW_DEPTH | FTW_PHYS);
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}
