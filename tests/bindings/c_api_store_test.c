/* Copyright 2026 The Vigil Authors.
 *
 * C API tests: the hash-set store.
 */

#include "c_api_test_util.h"

#include <stdlib.h>

/* ----------------------------------------------------------------------- */
/* Store                                                                   */
/* ----------------------------------------------------------------------- */

void TestStoreOpen(const char* dir) {
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

void TestHashsets(const char* dir) {
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

void TestAddMedia(void) {
  char dir[512], path[512], missing[512];
  PathIn(dir, sizeof dir, "media-store");
  PathIn(path, sizeof path, "confirmed.bmp");
  PathIn(missing, sizeof missing, "missing.bmp");
  vigil_store_t* store = NULL;
  CHECK_CODE(vigil_store_open(dir, 0, &store, ERR), VIGIL_OK);
  if (store == NULL) return;
  uint32_t md5_pdq =
      VIGIL_SIGNAL_BIT(VIGIL_SIGNAL_MD5) | VIGIL_SIGNAL_BIT(VIGIL_SIGNAL_PDQ);
  CHECK_CODE(vigil_hashset_create(store, "media", md5_pdq, VIGIL_ACTION_BLOCK,
                                  -1, -1, NULL, NULL, NULL, ERR),
             VIGIL_OK);
  const int w = 96, h = 64;
  unsigned char* rgb = MakeRgb(w, h, 11);
  size_t size = 0;
  unsigned char* bmp = EncodeBmp(rgb, w, h, &size);
  CHECK(bmp != NULL && WriteFile(path, bmp, size));

  /* From bytes: md5 and the full-resolution PDQ, no warnings. */
  uint64_t added = 0;
  char* warnings = (char*)1;
  CHECK_CODE(
      vigil_hashset_add_media_bytes(store, "media", bmp, size, 0, "case-1",
                                    NULL, NULL, "mod", &added, &warnings, ERR),
      VIGIL_OK);
  CHECK(added == 2);
  CHECK(warnings == NULL);
  /* The same media from its file: nothing new. */
  CHECK_CODE(vigil_hashset_add_media_file(store, "media", path, 0, NULL, NULL,
                                          NULL, NULL, &added, NULL, ERR),
             VIGIL_OK);
  CHECK(added == 0);
  /* The stored PDQ is the full-resolution hash of the file. */
  vigil_hasher_t* full = NULL;
  CHECK_CODE(vigil_hasher_create(VIGIL_HASH_PDQ_FULL, NULL, &full, ERR),
             VIGIL_OK);
  vigil_hashes_t* hashes = NULL;
  CHECK_CODE(vigil_hash_file(full, path, &hashes, ERR), VIGIL_OK);
  if (hashes != NULL) {
    CHECK_CODE(vigil_hashset_add_signal(store, "media", VIGIL_SIGNAL_PDQ,
                                        Str(hashes, VIGIL_HASHES_PDQ), NULL,
                                        NULL, NULL, NULL, &added, ERR),
               VIGIL_OK);
    CHECK(added == 0); /* already there */
    /* An image has no frames, and was checked. */
    CHECK(Int(hashes, VIGIL_HASHES_FRAMES) == 0);
    CHECK(Int(hashes, VIGIL_HASHES_CHECK_CODE) == VIGIL_OK);
    CHECK(strcmp(Str(hashes, VIGIL_HASHES_CHECK_ERROR), "") == 0);
    const char* pdq = NULL;
    CHECK_CODE(vigil_hashes_get_frame(hashes, 0, &pdq, NULL, NULL, NULL, ERR),
               VIGIL_NOT_FOUND);
    CHECK_CODE(vigil_hashes_get_frame(hashes, 0, NULL, NULL, NULL, NULL, ERR),
               VIGIL_INVALID_ARGUMENT);
  }
  vigil_hashes_destroy(hashes);
  vigil_hasher_destroy(full);

  /* A flat image: its PDQ is left out, with a warning. */
  unsigned char* flat = (unsigned char*)malloc((size_t)w * h * 3);
  if (flat != NULL) memset(flat, 128, (size_t)w * h * 3);
  size_t flat_size = 0;
  unsigned char* flat_bmp =
      flat != NULL ? EncodeBmp(flat, w, h, &flat_size) : NULL;
  CHECK_CODE(vigil_hashset_add_media_bytes(store, "media", flat_bmp, flat_size,
                                           0, NULL, NULL, NULL, NULL, &added,
                                           &warnings, ERR),
             VIGIL_OK);
  CHECK(added == 1);
  CHECK(warnings != NULL && strstr(warnings, "PDQ quality") != NULL);
  vigil_free(warnings);

  /* Errors. */
  CHECK_CODE(vigil_hashset_add_media_file(store, "media", missing, 0, NULL,
                                          NULL, NULL, NULL, NULL, NULL, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashset_add_media_file(store, "nope", path, 0, NULL, NULL,
                                          NULL, NULL, NULL, NULL, ERR),
             VIGIL_NOT_FOUND);
  CHECK_CODE(vigil_hashset_add_media_file(store, "media", path, 64, NULL, NULL,
                                          NULL, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_add_media_file(NULL, "media", path, 0, NULL, NULL,
                                          NULL, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_add_media_file(store, "media", NULL, 0, NULL, NULL,
                                          NULL, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashset_add_media_bytes(store, "media", NULL, 3, 0, NULL,
                                           NULL, NULL, NULL, NULL, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
  free(flat_bmp);
  free(flat);
  free(bmp);
  free(rgb);
  vigil_store_close(store);
}
