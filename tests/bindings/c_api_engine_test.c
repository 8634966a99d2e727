/* Copyright 2026 The Vigil Authors.
 *
 * C API tests: the engine (scans, matches, events).
 */

#include "c_api_test_util.h"

#include <stdlib.h>

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

/* Whether `json` (a getter's malloc'd copy) contains every one of `parts`
 * (NULL-terminated). Frees `json`. */
static int JsonHas(char* json, const char* const* parts) {
  int ok = json != NULL;
  for (size_t i = 0; ok && parts[i] != NULL; ++i) {
    if (strstr(json, parts[i]) == NULL) {
      fprintf(stderr, "JSON %s lacks %s\n", json, parts[i]);
      ok = 0;
    }
  }
  vigil_free(json);
  return ok;
}

static int64_t EventInt(const vigil_event_list_t* l, size_t i,
                        vigil_event_field_t f) {
  int64_t v = -12345;
  if (vigil_event_list_get_int(l, i, f, &v, NULL) != VIGIL_OK) return -12345;
  return v;
}

void TestEngine(void) {
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
  /* The whole scan as JSON: the `vigil scan` line (vigil/json.h). */
  char* json = NULL;
  char pdq_field[128], hash_field[128], event_field[128];
  snprintf(pdq_field, sizeof pdq_field, "\"pdq\":\"%s\"",
           Str(known, VIGIL_HASHES_PDQ));
  snprintf(hash_field, sizeof hash_field, "\"hash\":\"%s\"",
           Str(known, VIGIL_HASHES_PDQ));
  snprintf(event_field, sizeof event_field, "\"event_ids\":[\"%s\"]",
           first_event);
  CHECK_CODE(vigil_scan_get_json(scan, &json, ERR), VIGIL_OK);
  {
    const char* parts[] = {"{\"bytes\":",
                           "\"media_type\":\"image/bmp\"",
                           "\"path\":\"up-1\"",
                           "\"status\":\"match\"",
                           event_field,
                           pdq_field,
                           "\"matches\":[{\"action\":\"remove\"",
                           "\"category\":\"cat\"",
                           "\"distance\":0",
                           "\"external_id\":\"case-1\"",
                           hash_field,
                           "\"hashset\":\"known\"",
                           "\"signal_type\":\"pdq\"",
                           "\"threshold\":31",
                           "\"variant\":\"original\"",
                           NULL};
    CHECK(JsonHas(json, parts));
  }
  /* The scan's hashes as a `vigil hash` line (no path: bytes). */
  CHECK_CODE(vigil_hashes_get_json(scanned, &json, ERR), VIGIL_OK);
  {
    const char* parts[] = {"\"media_type\":\"image/bmp\"", pdq_field,
                           "\"exif_orientation\":0", "\"xxh128\":", NULL};
    CHECK(json != NULL && strstr(json, "\"path\"") == NULL);
    CHECK(JsonHas(json, parts));
  }
  /* Raw pixels are typed as `vigil hash --pixels` types them. */
  CHECK_CODE(vigil_hashes_get_json(known, &json, ERR), VIGIL_OK);
  {
    const char* parts[] = {"\"media_type\":\"image/x-raw-rgb24\"",
                           "\"width\":128", "\"height\":96", pdq_field, NULL};
    CHECK(JsonHas(json, parts));
  }
  json = (char*)1;
  CHECK_CODE(vigil_scan_get_json(NULL, &json, ERR), VIGIL_INVALID_ARGUMENT);
  CHECK(json == NULL);
  CHECK_CODE(vigil_scan_get_json(scan, NULL, ERR), VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_json(NULL, &json, ERR), VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_hashes_get_json(scanned, NULL, ERR), VIGIL_INVALID_ARGUMENT);
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
  /* Hashes of a file carry its path, as `vigil hash` prints it. */
  vigil_hashes_t* file_hashes = NULL;
  CHECK_CODE(vigil_hash_file(NULL, known_path, &file_hashes, ERR), VIGIL_OK);
  CHECK_CODE(vigil_hashes_get_json(file_hashes, &json, ERR), VIGIL_OK);
  {
    char path_field[600];
    snprintf(path_field, sizeof path_field, "{\"bytes\":%zu,", known_size);
    const char* parts[] = {path_field, "\"path\":\"", known_path,
                           "\"media_type\":\"image/bmp\"", NULL};
    CHECK(JsonHas(json, parts));
  }
  vigil_hashes_destroy(file_hashes);

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
  CHECK_CODE(vigil_scan_get_json(scan, &json, ERR), VIGIL_OK);
  {
    const char* parts[] = {"\"error\":{\"code\":\"not_found\"",
                           "\"event_ids\":[]",
                           "\"matches\":[]",
                           "\"path\":\"up-3\"",
                           "\"status\":\"error\"",
                           NULL};
    CHECK(json != NULL && strstr(json, "\"sha256\"") == NULL);
    CHECK(JsonHas(json, parts));
  }
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
  /* The JSONL sink got both (delivered in the background: drain first). */
  uint64_t pending = 99;
  CHECK_CODE(vigil_engine_drain(engine, 60000, &pending, ERR), VIGIL_OK);
  CHECK(pending == 0);
  CHECK_CODE(vigil_engine_drain(NULL, 0, &pending, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK(CountLines(jsonl) == 2);
  /* The sink's delivery state (issue #16: dead letters visible). */
  char* stats = NULL;
  CHECK_CODE(vigil_engine_delivery_stats_json(engine, &stats, ERR), VIGIL_OK);
  {
    const char* parts[] = {"[{",
                           "\"delivered\":2",
                           "\"pending\":0",
                           "\"dead_lettered\":0",
                           "\"disabled\":false",
                           "\"sink\":\"",
                           NULL};
    CHECK(JsonHas(stats, parts));
  }
  CHECK_CODE(vigil_engine_delivery_stats_json(NULL, &stats, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_delivery_stats_json(engine, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);

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
  /* The list as JSON: an array of events as `vigil events list` prints. */
  CHECK_CODE(vigil_event_list_get_json(events, &json, ERR), VIGIL_OK);
  {
    char id_field[128];
    snprintf(id_field, sizeof id_field, "\"event_id\":\"%s\"", first_event);
    const char* parts[] = {"[{\"acked\":true,\"acked_at\":\"",
                           "\"acked_by\":\"ops\"",
                           "},{\"acked\":false,",
                           id_field,
                           "\"schema\":\"vigil.takedown/1\"",
                           "\"id\":\"up-1\"",
                           NULL};
    CHECK(json != NULL && json[strlen(json) - 1] == ']');
    CHECK(JsonHas(json, parts));
  }
  CHECK_CODE(vigil_event_list_get_json(NULL, &json, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_event_list_get_json(events, NULL, ERR),
             VIGIL_INVALID_ARGUMENT);
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

  /* Several sinks from spec strings; each gets the backlog from its own
   * cursor (the first sink's file already has both events). */
  char second_jsonl[512], spec[600];
  PathIn(second_jsonl, sizeof second_jsonl, "second.jsonl");
  snprintf(spec, sizeof spec, "jsonl:%s", second_jsonl);
  const char* specs[2] = {jsonl, spec};
  CHECK_CODE(vigil_engine_open_sinks(dir, 0, NULL, specs, 2, &engine, ERR),
             VIGIL_OK);
  if (engine != NULL) {
    CHECK_CODE(vigil_engine_drain(engine, 60000, NULL, ERR), VIGIL_OK);
    CHECK(CountLines(jsonl) == 2);
    CHECK(CountLines(second_jsonl) == 2);

    /* Resolve (issue 16): all or nothing, twice only with AMEND, listed by
     * state, and the update document reaches both sinks. */
    const char* rids[2] = {first_event, "00000000-0000-7000-8000-000000000000"};
    size_t resolved = 99;
    CHECK_CODE(vigil_engine_resolve_events(engine, rids, 2, "reported", "CT-1",
                                           NULL, "ops", 0, 0, &resolved, ERR),
               VIGIL_NOT_FOUND);
    CHECK_CODE(vigil_engine_resolve_events(engine, rids, 1, "nuked", NULL, NULL,
                                           "ops", 0, 0, NULL, ERR),
               VIGIL_INVALID_ARGUMENT);
    CHECK_CODE(vigil_engine_resolve_events(engine, rids, 1, "false_positive",
                                           NULL, NULL, "ops", 0, 0, NULL, ERR),
               VIGIL_INVALID_ARGUMENT); /* no reason */
    CHECK_CODE(vigil_engine_resolve_events(engine, rids, 1, "reported", "CT-1",
                                           NULL, "ops", 0, 0, &resolved, ERR),
               VIGIL_OK);
    CHECK(resolved == 1);
    CHECK_CODE(vigil_engine_resolve_events(engine, rids, 1, "removed", NULL,
                                           NULL, "ops", 0, 0, NULL, ERR),
               VIGIL_FAILED_PRECONDITION);
    CHECK_CODE(
        vigil_engine_resolve_events(engine, rids, 1, "removed", NULL, NULL,
                                    "ops", VIGIL_RESOLVE_AMEND, 0, NULL, ERR),
        VIGIL_OK);
    CHECK_CODE(vigil_engine_list_events_in_state(engine, NULL, 0, "actioned",
                                                 &events, ERR),
               VIGIL_OK);
    CHECK(vigil_event_list_size(events) == 1);
    CHECK(strcmp(EventStr(events, 0, VIGIL_EVENT_ID), first_event) == 0);
    CHECK(strcmp(EventStr(events, 0, VIGIL_EVENT_STATE), "actioned") == 0);
    vigil_event_list_destroy(events);
    CHECK_CODE(vigil_engine_list_events_in_state(engine, NULL, 0, "open",
                                                 &events, ERR),
               VIGIL_OK);
    CHECK(vigil_event_list_size(events) == 1);
    CHECK(strcmp(EventStr(events, 0, VIGIL_EVENT_STATE), "open") == 0);
    vigil_event_list_destroy(events);
    CHECK_CODE(vigil_engine_list_events_in_state(engine, NULL, 0, "closed",
                                                 &events, ERR),
               VIGIL_INVALID_ARGUMENT);
    CHECK_CODE(vigil_engine_drain(engine, 60000, NULL, ERR), VIGIL_OK);
    CHECK(CountLines(jsonl) == 4); /* two events, two updates */
    CHECK(CountLines(second_jsonl) == 4);
    vigil_engine_close(engine);
  }
  const char* bad[1] = {"carrier-pigeon://loft"};
  CHECK_CODE(vigil_engine_open_sinks(dir, 0, NULL, bad, 1, &engine, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK(engine == NULL);
  const char* null_spec[1] = {NULL};
  CHECK_CODE(vigil_engine_open_sinks(dir, 0, NULL, null_spec, 1, &engine, ERR),
             VIGIL_INVALID_ARGUMENT);
  CHECK_CODE(vigil_engine_open_sinks(dir, 0, NULL, NULL, 1, &engine, ERR),
             VIGIL_INVALID_ARGUMENT);
}
