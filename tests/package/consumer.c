/* Copyright 2026 The Vigil Authors.
 *
 * A tiny consumer of an installed libvigil, built by the package tests with
 * pkg-config and with find_package(VigilC). Prints
 * "<version> <md5 of argv[1]> <code name of hashing a missing file>". */
#include <stdio.h>
#include <string.h>
#include <vigil.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  vigil_hashes_t* h = NULL;
  char* err = NULL;
  if (vigil_hash_bytes(NULL, argv[1], strlen(argv[1]), &h, &err) != VIGIL_OK) {
    fprintf(stderr, "%s\n", err);
    vigil_free(err);
    return 1;
  }
  const char* md5 = NULL;
  if (vigil_hashes_get_string(h, VIGIL_HASHES_MD5, &md5, NULL) != VIGIL_OK) {
    vigil_hashes_destroy(h);
    return 1;
  }
  vigil_hashes_t* missing = NULL;
  vigil_code_t c = vigil_hash_file(NULL, "/nonexistent/x", &missing, &err);
  printf("%s %s %s\n", vigil_version(), md5, vigil_code_name(c));
  vigil_free(err);
  vigil_hashes_destroy(missing);
  vigil_hashes_destroy(h);
  return 0;
}
