/* Copyright 2026 The Vigil Authors.
 *
 * File: vigil.h
 * -----------------------------------------------------------------------------
 * The stable C API of the Vigil engine (C11), for platforms that call Vigil
 * from C, Go (cgo), Rust (FFI), Java (JNI/Panama) and the like.
 *
 * Conventions (those of leveldb's c.h):
 *  1. Objects are opaque handles made by a *_create / *_open / *_get call and
 *     released by the matching *_destroy / *_close call. Destructors accept
 *     NULL and never fail.
 *  2. Every call that can fail returns a vigil_code_t: VIGIL_OK (0) on
 *     success, otherwise one of the codes below (the numbers are those of
 *     vigil::StatusCode and never change).
 *  3. Such calls take a last argument `char** errptr`. It may be NULL when no
 *     message is wanted. Otherwise, on failure *errptr is set to a
 *     NUL-terminated message "<code name>: <detail>" that the caller frees
 *     with vigil_free(); if *errptr was non-NULL on entry it is freed first,
 *     so one variable can be reused across calls. On success *errptr is left
 *     unchanged. (If the message itself cannot be allocated, *errptr is NULL;
 *     the returned code is still right.)
 *  4. Output handles are set to NULL on failure. Strings and byte arrays
 *     returned through `const char**` / `const uint8_t**` are borrowed from
 *     the handle they were read from and stay valid until it is destroyed.
 *  5. No C++ exception ever crosses this API: every body catches everything
 *     and turns it into a code (allocation failure: VIGIL_LIMIT_EXCEEDED;
 *     anything else: VIGIL_INTERNAL).
 *  6. The only calls that return something other than a vigil_code_t are the
 *     destructors, vigil_free(), vigil_version(), vigil_code_name(),
 *     vigil_hashset_list_size() and vigil_event_list_size(), none of which
 *     can fail.
 *
 * Example (an upload handler):
 *
 *   vigil_hashes_t* h = NULL;
 *   char* err = NULL;
 *   if (vigil_hash_bytes(NULL, data, size, &h, &err) != VIGIL_OK) {
 *     fprintf(stderr, "%s\n", err);
 *     vigil_free(err);
 *     return;
 *   }
 *   const char* pdq = NULL;
 *   if (vigil_hashes_get_string(h, VIGIL_HASHES_PDQ, &pdq, NULL) == VIGIL_OK)
 *     printf("pdq %s\n", pdq);
 *   vigil_hashes_destroy(h);
 *
 * Thread-safety is stated for every function. In short: hashers, stores and
 * engines may be shared by any number of threads; result handles (hashes,
 * hash-set info, lists) are immutable after creation and may be read
 * concurrently, but must not be destroyed while another thread reads them.
 */

#ifndef VIGIL_C_VIGIL_H_
#define VIGIL_C_VIGIL_H_

#include <stddef.h>
#include <stdint.h>

/* VIGIL_EXPORT marks the API (the library is built with
 * -fvisibility=hidden). In C++ it is spelled as the engine's
 * vigil/export.h spells it, so both headers can be included together. */
#if !defined(VIGIL_EXPORT)
#if defined(__cplusplus)
#define VIGIL_EXPORT [[gnu::visibility("default")]]
#elif defined(__GNUC__) || defined(__clang__)
#define VIGIL_EXPORT __attribute__((visibility("default")))
#else
#define VIGIL_EXPORT
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Codes, memory, version                                                   */
/* ------------------------------------------------------------------------ */

/** Result of a call. Values are vigil::StatusCode's and never renumbered. */
typedef int32_t vigil_code_t;

enum {
  VIGIL_OK = 0,
  VIGIL_INVALID_ARGUMENT = 1,    /**< the caller passed something malformed */
  VIGIL_NOT_FOUND = 2,           /**< a named object does not exist */
  VIGIL_ALREADY_EXISTS = 3,      /**< a named object exists already */
  VIGIL_UNSUPPORTED_FORMAT = 4,  /**< input of a kind we do not decode */
  VIGIL_CORRUPT_INPUT = 5,       /**< input claims a format but breaks it */
  VIGIL_LIMIT_EXCEEDED = 6,      /**< a limit (bytes, pixels, memory) hit */
  VIGIL_IO_ERROR = 7,            /**< the OS refused a read or write */
  VIGIL_FAILED_PRECONDITION = 8, /**< not in a state for the call */
  VIGIL_INTERNAL = 9,            /**< a bug: an invariant does not hold */
  VIGIL_UNAVAILABLE = 10,        /**< try later (e.g. store locked) */
  VIGIL_CANCELLED = 11,          /**< the caller cancelled */
  VIGIL_PERMISSION_DENIED = 12   /**< the caller may not do this */
};

/** Frees a string returned through an errptr. NULL is a no-op.
 *  Thread-safety: any thread. */
VIGIL_EXPORT void vigil_free(void* ptr);

/** The library's version, "MAJOR.MINOR.PATCH" (static storage).
 *  Thread-safety: any thread. */
VIGIL_EXPORT const char* vigil_version(void);

/** Stable snake_case name of a code ("ok", "not_found", ...); "unknown" for
 *  values outside the list. Static storage. Thread-safety: any thread. */
VIGIL_EXPORT const char* vigil_code_name(vigil_code_t code);

/* ------------------------------------------------------------------------ */
/* Signal types (numbers persisted by the engine; never renumbered)         */
/* ------------------------------------------------------------------------ */

typedef int32_t vigil_signal_type_t;
enum {
  VIGIL_SIGNAL_MD5 = 1,
  VIGIL_SIGNAL_SHA1 = 2,
  VIGIL_SIGNAL_SHA256 = 3,
  VIGIL_SIGNAL_PDQ = 4,
  VIGIL_SIGNAL_VPDQ = 5,
  VIGIL_SIGNAL_XXH128 = 6
};
/** Bit of a signal type in a type mask (see vigil_hashset_create). */
#define VIGIL_SIGNAL_BIT(type) (1u << (unsigned)(type))

/* ------------------------------------------------------------------------ */
/* Hashing                                                                  */
/* ------------------------------------------------------------------------ */

/** Hashing options, fixed at vigil_hasher_create(). */
typedef struct vigil_hasher_t vigil_hasher_t;
/** The hashes of one input. Immutable. */
typedef struct vigil_hashes_t vigil_hashes_t;

/** vigil_hasher_create() flags (OR them). */
enum {
  VIGIL_HASH_DIHEDRAL = 1u, /**< also compute the 8 dihedral PDQ variants */
  VIGIL_HASH_PDQ_FULL = 2u, /**< decode at full resolution (reference mode)
                                 instead of the default fast JPEG mode */
  VIGIL_HASH_NO_PDQ = 4u,   /**< digests only, no PDQ */
  VIGIL_HASH_NO_VIDEO = 8u  /**< treat videos as opaque files (digests
                                 only) and skip animation frames */
};

/** Decoding limits; a zero field means the engine's default
 *  (256 MiB, 200 million pixels, 65500 pixels per side). This struct is
 *  part of the ABI and will not change; new limits get new calls. */
typedef struct vigil_limits_t {
  uint64_t max_file_bytes;
  uint64_t max_pixels;
  uint32_t max_dimension;
} vigil_limits_t;

/** Creates a hasher.
 *  @param flags   VIGIL_HASH_* bits.
 *  @param limits  NULL for the defaults.
 *  @param out     receives the hasher; free with vigil_hasher_destroy().
 *  @return VIGIL_INVALID_ARGUMENT for unknown flag bits or NULL out.
 *  Thread-safety: any thread. The hasher itself may be used by any number of
 *  threads at once. */
VIGIL_EXPORT vigil_code_t vigil_hasher_create(uint32_t flags,
                                              const vigil_limits_t* limits,
                                              vigil_hasher_t** out,
                                              char** errptr);
/** Destroys a hasher (NULL: no-op). REQUIRES: no call is using it. */
VIGIL_EXPORT void vigil_hasher_destroy(vigil_hasher_t* hasher);

/** Reads and hashes a file, as `vigil hash` and `vigil scan` do: digests
 *  always; PDQ when it is a decodable image; the frames' PDQ (vPDQ) of a
 *  video or of an animated GIF / WebP (decoded as the reference does, one
 *  frame per second; see vigil_hashes_get_frame), unless
 *  VIGIL_HASH_NO_VIDEO. A video larger than max_file_bytes is streamed
 *  from its path. A file that is readable but could not be checked
 *  perceptually is a success with digests only (see
 *  VIGIL_HASHES_CHECK_CODE); never treat such a file as clean.
 *  @param hasher  NULL for default options.
 *  @return VIGIL_NOT_FOUND, VIGIL_PERMISSION_DENIED, VIGIL_INVALID_ARGUMENT
 *          (NULL path/out, not a regular file), VIGIL_LIMIT_EXCEEDED (too
 *          large), VIGIL_IO_ERROR.
 *  Thread-safety: any thread, concurrently with other calls. */
VIGIL_EXPORT vigil_code_t vigil_hash_file(const vigil_hasher_t* hasher,
                                          const char* path,
                                          vigil_hashes_t** out, char** errptr);

/** Hashes a byte buffer (an uploaded file held in memory). As
 *  vigil_hash_file, without the file errors.
 *  @pre data != NULL unless size == 0.
 *  @return VIGIL_INVALID_ARGUMENT (NULL data with size > 0, NULL out),
 *          VIGIL_LIMIT_EXCEEDED (over max_file_bytes).
 *  Thread-safety: any thread; `data` must not change during the call. */
VIGIL_EXPORT vigil_code_t vigil_hash_bytes(const vigil_hasher_t* hasher,
                                           const void* data, size_t size,
                                           vigil_hashes_t** out, char** errptr);

/** Hashes decoded pixels: `height` rows of `width` pixels, row r at byte
 *  r * stride_bytes, each pixel 3 bytes R,G,B (channels = 3) or 1 grey byte
 *  (channels = 1). stride_bytes 0 means width * channels. The digests are
 *  those of the buffer's (height - 1) * stride + width * channels bytes.
 *  @return VIGIL_INVALID_ARGUMENT (NULL pixels/out, width or height < 1,
 *          channels not 1 or 3, stride < width * channels),
 *          VIGIL_LIMIT_EXCEEDED (over the pixel limits).
 *  Thread-safety: any thread; `pixels` must not change during the call. */
VIGIL_EXPORT vigil_code_t
vigil_hash_pixels(const vigil_hasher_t* hasher, const uint8_t* pixels,
                  int32_t width, int32_t height, int32_t channels,
                  size_t stride_bytes, vigil_hashes_t** out, char** errptr);

/** Destroys hashes (NULL: no-op). */
VIGIL_EXPORT void vigil_hashes_destroy(vigil_hashes_t* hashes);

/** Fields of a vigil_hashes_t, named as in `vigil hash` JSON output. */
typedef int32_t vigil_hashes_field_t;
enum {
  VIGIL_HASHES_BYTES = 1,            /**< int: input size in bytes */
  VIGIL_HASHES_MEDIA_TYPE = 2,       /**< int: engine media type number;
                                          string: MIME type */
  VIGIL_HASHES_WIDTH = 3,            /**< int: 0 when not decoded */
  VIGIL_HASHES_HEIGHT = 4,           /**< int: 0 when not decoded */
  VIGIL_HASHES_EXIF_ORIENTATION = 5, /**< int: 1..8, 0 when absent */
  VIGIL_HASHES_MD5 = 6,              /**< string: lowercase hex */
  VIGIL_HASHES_SHA1 = 7,             /**< string */
  VIGIL_HASHES_SHA256 = 8,           /**< string */
  VIGIL_HASHES_XXH128 = 9,           /**< string */
  VIGIL_HASHES_PDQ = 10,             /**< string: 64 hex; NOT_FOUND if none */
  VIGIL_HASHES_PDQ_QUALITY = 11,     /**< int: 0..100; NOT_FOUND if none */
  VIGIL_HASHES_IMAGE_CODE = 12,      /**< int: why PDQ is missing (a code;
                                          VIGIL_OK when the image decoded) */
  VIGIL_HASHES_IMAGE_ERROR = 13,     /**< string: its message ("" if OK) */
  VIGIL_HASHES_FRAMES = 14,          /**< int: number of frame hashes (a
                                          video's or an animation's) */
  VIGIL_HASHES_CHECK_CODE = 15,      /**< int: VIGIL_OK when the input was
                                          checked perceptually (a PDQ or
                                          frame hashes); else why not */
  VIGIL_HASHES_CHECK_ERROR = 16      /**< string: its message ("" if OK) */
};

/** Reads an integer field.
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, not an integer field),
 *          VIGIL_NOT_FOUND (PDQ_QUALITY without PDQ).
 *  Thread-safety: concurrent reads of one handle are safe. */
VIGIL_EXPORT vigil_code_t vigil_hashes_get_int(const vigil_hashes_t* hashes,
                                               vigil_hashes_field_t field,
                                               int64_t* out, char** errptr);
/** Reads a string field (borrowed, valid until vigil_hashes_destroy).
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, not a string field),
 *          VIGIL_NOT_FOUND (PDQ without PDQ). */
VIGIL_EXPORT vigil_code_t vigil_hashes_get_string(const vigil_hashes_t* hashes,
                                                  vigil_hashes_field_t field,
                                                  const char** out,
                                                  char** errptr);
/** Raw bytes of one signal (MD5 16, SHA-1 20, SHA-256 32, XXH128 16, PDQ 32
 *  bytes), borrowed.
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, VPDQ or unknown type),
 *          VIGIL_NOT_FOUND (PDQ without PDQ). */
VIGIL_EXPORT vigil_code_t vigil_hashes_get_signal(const vigil_hashes_t* hashes,
                                                  vigil_signal_type_t type,
                                                  const uint8_t** data,
                                                  size_t* size, char** errptr);
/** Dihedral PDQ variant `index` (0 original, 1 rot90 ccw, 2 rot180,
 *  3 rot270, 4 flip rows, 5 flip columns, 6 transpose, 7 anti-transpose).
 *  `quality` may be NULL.
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, index outside 0..7),
 *          VIGIL_NOT_FOUND (hasher without VIGIL_HASH_DIHEDRAL, or no PDQ). */
VIGIL_EXPORT vigil_code_t vigil_hashes_get_dihedral(
    const vigil_hashes_t* hashes, int32_t index, const char** pdq_hex,
    int32_t* quality, char** errptr);

/** The hashes as one `vigil hash` JSON line (vigil/json.h HashesJson):
 *  "path" for vigil_hash_file, "media_type" "image/x-raw-rgb24" (or
 *  "image/x-raw-gray8") for vigil_hash_pixels, and no "path" for bytes,
 *  pixels and a scan's hashes. Keys sorted, invalid UTF-8 replaced.
 *  @param out  receives a NUL-terminated copy; free it with vigil_free().
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument).
 *  Thread-safety: concurrent reads of one handle are safe. */
VIGIL_EXPORT vigil_code_t vigil_hashes_get_json(const vigil_hashes_t* hashes,
                                                char** out, char** errptr);

/** Frame `index` (0 .. VIGIL_HASHES_FRAMES - 1) of a video or animation:
 *  its PDQ as 64 hex characters (borrowed, valid until
 *  vigil_hashes_destroy), quality 0..100, 0-based frame number and
 *  timestamp in seconds. `quality`, `frame_number` and `timestamp` may be
 *  NULL.
 *  @return VIGIL_INVALID_ARGUMENT (NULL hashes or pdq_hex),
 *          VIGIL_NOT_FOUND (index out of range, or no frames).
 *  Thread-safety: concurrent reads of one handle are safe. */
VIGIL_EXPORT vigil_code_t vigil_hashes_get_frame(
    const vigil_hashes_t* hashes, size_t index, const char** pdq_hex,
    int32_t* quality, int64_t* frame_number, double* timestamp, char** errptr);

/* ------------------------------------------------------------------------ */
/* Hash-set store                                                           */
/* ------------------------------------------------------------------------ */

/** A hash-set store (a database directory). */
typedef struct vigil_store_t vigil_store_t;
/** A snapshot of one hash set's configuration and counts. Immutable. */
typedef struct vigil_hashset_info_t vigil_hashset_info_t;
/** A snapshot of all hash sets. Immutable. */
typedef struct vigil_hashset_list_t vigil_hashset_list_t;

/** vigil_store_open() flags. */
enum {
  VIGIL_STORE_READ_ONLY = 1u, /**< no lock; sees the store as at open */
  VIGIL_STORE_NO_CREATE = 2u  /**< fail with NOT_FOUND when missing */
};

/** Opens (by default creating) the store in `dir`. One process at a time
 *  may hold a store open for writing.
 *  @return VIGIL_INVALID_ARGUMENT (NULL dir/out, unknown flags),
 *          VIGIL_UNAVAILABLE (another writer holds it), VIGIL_NOT_FOUND,
 *          VIGIL_FAILED_PRECONDITION (newer schema), VIGIL_IO_ERROR.
 *  Thread-safety: any thread. The store may be used by any number of
 *  threads at once; writes are serialised inside. */
VIGIL_EXPORT vigil_code_t vigil_store_open(const char* dir, uint32_t flags,
                                           vigil_store_t** out, char** errptr);
/** Closes a store (NULL: no-op). REQUIRES: no call is using it. Info and
 *  list handles read from it stay valid. */
VIGIL_EXPORT void vigil_store_close(vigil_store_t* store);

/** Actions a hash set recommends on a match (engine numbers). */
typedef int32_t vigil_action_t;
enum {
  VIGIL_ACTION_REPORT = 1,
  VIGIL_ACTION_REMOVE = 2,
  VIGIL_ACTION_BLOCK = 3,
  VIGIL_ACTION_REVIEW = 4
};

/** Creates a hash set.
 *  @param name          [a-z0-9][a-z0-9_-]* or an HMA bank name
 *                       [A-Z_][A-Z0-9_]*, at most 64 characters.
 *  @param signal_types  mask of VIGIL_SIGNAL_BIT(type), fixed-size types.
 *  @param action        a VIGIL_ACTION_*, or 0 for VIGIL_ACTION_REVIEW.
 *  @param pdq_threshold Hamming threshold 0..256 for PDQ, -1 default (31).
 *  @param pdq_min_quality minimum query quality 0..100, -1 default (50).
 *  @param source, description, actor  may be NULL (empty).
 *  @return VIGIL_INVALID_ARGUMENT, VIGIL_ALREADY_EXISTS,
 *          VIGIL_FAILED_PRECONDITION (read-only store), VIGIL_IO_ERROR.
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_hashset_create(
    vigil_store_t* store, const char* name, uint32_t signal_types,
    vigil_action_t action, int32_t pdq_threshold, int32_t pdq_min_quality,
    const char* source, const char* description, const char* actor,
    char** errptr);

/** Deletes a hash set and its entries. `reason` is required.
 *  @return VIGIL_INVALID_ARGUMENT, VIGIL_NOT_FOUND, VIGIL_FAILED_PRECONDITION.
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_hashset_delete(vigil_store_t* store,
                                               const char* name,
                                               const char* actor,
                                               const char* reason,
                                               char** errptr);

/** List formats for import (engine numbers). */
typedef int32_t vigil_format_t;
enum {
  VIGIL_FORMAT_AUTO = 0,  /**< detect from the first data line */
  VIGIL_FORMAT_PLAIN = 1, /**< one hash per line */
  VIGIL_FORMAT_TYPED = 2, /**< "<type> <hash>" per line */
  VIGIL_FORMAT_CSV = 3,   /**< CSV with a header row */
  VIGIL_FORMAT_TSV = 4    /**< TSV with a header row */
};

/** What an import did. Part of the ABI; will not change. */
typedef struct vigil_import_stats_t {
  uint64_t lines;        /**< lines read, blanks and comments included */
  uint64_t records;      /**< hashes read */
  uint64_t added;        /**< new entries */
  uint64_t duplicates;   /**< repeated in the input or already present */
  uint64_t version;      /**< the set's version afterwards */
  vigil_format_t format; /**< the format used */
} vigil_import_stats_t;

/** Imports a hash list file into a set, all or nothing: an invalid line
 *  fails with VIGIL_INVALID_ARGUMENT "line N, column C: ..." and changes
 *  nothing.
 *  @param type   the type of untyped lines (needed for 64-hex plain lists:
 *                sha256 or pdq), or 0 to infer it.
 *  @param stats  may be NULL.
 *  @return VIGIL_INVALID_ARGUMENT, VIGIL_NOT_FOUND (set or file),
 *          VIGIL_FAILED_PRECONDITION, VIGIL_IO_ERROR.
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_hashset_import_file(
    vigil_store_t* store, const char* name, const char* path,
    vigil_format_t format, vigil_signal_type_t type, const char* actor,
    vigil_import_stats_t* stats, char** errptr);
/** Same, from `size` bytes of text in memory (text may be NULL if size 0). */
VIGIL_EXPORT vigil_code_t vigil_hashset_import_text(
    vigil_store_t* store, const char* name, const char* text, size_t size,
    vigil_format_t format, vigil_signal_type_t type, const char* actor,
    vigil_import_stats_t* stats, char** errptr);

/** Adds one signal (type + hex) as an entry. Idempotent: a signal already
 *  present is left as it is and *added is 0.
 *  @param external_id, category, note, actor  may be NULL.
 *  @param added  may be NULL; receives 1 when new, 0 when present.
 *  @return VIGIL_INVALID_ARGUMENT (bad hex, type not allowed by the set),
 *          VIGIL_NOT_FOUND (set), VIGIL_FAILED_PRECONDITION.
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_hashset_add_signal(
    vigil_store_t* store, const char* name, vigil_signal_type_t type,
    const char* hex, const char* external_id, const char* category,
    const char* note, const char* actor, uint64_t* added, char** errptr);

/** "Hash and block": adds the signals of `hashes` that the set accepts
 *  (its types among md5, sha1, sha256 and pdq) as one entry.
 *  @param added  may be NULL; receives the number of new signals.
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, no signal of the set's
 *          types), VIGIL_NOT_FOUND, VIGIL_FAILED_PRECONDITION.
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_hashset_add_hashes(
    vigil_store_t* store, const char* name, const vigil_hashes_t* hashes,
    const char* external_id, const char* category, const char* note,
    const char* actor, uint64_t* added, char** errptr);

/** vigil_hashset_add_media_*() flags (OR them). */
enum {
  VIGIL_ADD_HALF_FRAMES = 1u, /**< videos: also store each half's vPDQ */
  VIGIL_ADD_REMOVE_BARS = 2u  /**< videos: crop letterbox bars first */
};

/** "Hash and block" from media: hashes the file as the hash lists'
 *  reference tools do (full-resolution PDQ, exact video decoding), keeps
 *  the signals the set allows (PDQ / vPDQ only when they reach the set's
 *  minimum quality), and adds them as one confirmed entry.
 *  @param flags     VIGIL_ADD_* bits.
 *  @param added     may be NULL; receives the number of new signals.
 *  @param warnings  may be NULL; receives what was left out and why, one
 *                   line each (free with vigil_free), or NULL when nothing
 *                   was.
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, unknown flags, nothing
 *          the set can store), VIGIL_NOT_FOUND (set or file),
 *          VIGIL_LIMIT_EXCEEDED, VIGIL_CORRUPT_INPUT (a video that cannot
 *          be decoded), VIGIL_FAILED_PRECONDITION (read-only store),
 *          VIGIL_IO_ERROR.
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_hashset_add_media_file(
    vigil_store_t* store, const char* name, const char* path, uint32_t flags,
    const char* external_id, const char* category, const char* note,
    const char* actor, uint64_t* added, char** warnings, char** errptr);
/** As vigil_hashset_add_media_file, from bytes in memory (not streamed).
 *  @pre data != NULL unless size == 0. */
VIGIL_EXPORT vigil_code_t vigil_hashset_add_media_bytes(
    vigil_store_t* store, const char* name, const void* data, size_t size,
    uint32_t flags, const char* external_id, const char* category,
    const char* note, const char* actor, uint64_t* added, char** warnings,
    char** errptr);

/** Removes entries (a false positive): either the one signal type + hex
 *  (external_id NULL), or every entry with `external_id` (type 0, hex NULL).
 *  `reason` is required.
 *  @param removed  may be NULL; receives the number removed.
 *  @return VIGIL_INVALID_ARGUMENT (neither or both selectors, bad hex, no
 *          reason), VIGIL_NOT_FOUND (set, or nothing matched),
 *          VIGIL_FAILED_PRECONDITION.
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_hashset_remove(
    vigil_store_t* store, const char* name, vigil_signal_type_t type,
    const char* hex, const char* external_id, const char* actor,
    const char* reason, uint64_t* removed, char** errptr);

/** Reads one set's configuration and counts ("stats").
 *  @return VIGIL_INVALID_ARGUMENT, VIGIL_NOT_FOUND.
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_hashset_get(const vigil_store_t* store,
                                            const char* name,
                                            vigil_hashset_info_t** out,
                                            char** errptr);
VIGIL_EXPORT void vigil_hashset_info_destroy(vigil_hashset_info_t* info);

/** Fields of a vigil_hashset_info_t. */
typedef int32_t vigil_hashset_field_t;
enum {
  VIGIL_HASHSET_ID = 1,              /**< int */
  VIGIL_HASHSET_NAME = 2,            /**< string */
  VIGIL_HASHSET_ACTION = 3,          /**< int: VIGIL_ACTION_*; string: name */
  VIGIL_HASHSET_SIGNAL_TYPES = 4,    /**< int: VIGIL_SIGNAL_BIT mask;
                                          string: "md5,pdq" */
  VIGIL_HASHSET_PDQ_THRESHOLD = 5,   /**< int */
  VIGIL_HASHSET_PDQ_MIN_QUALITY = 6, /**< int */
  VIGIL_HASHSET_SOURCE = 7,          /**< string */
  VIGIL_HASHSET_DESCRIPTION = 8,     /**< string */
  VIGIL_HASHSET_VERSION = 9,         /**< int */
  VIGIL_HASHSET_ENTRIES = 10,        /**< int: total entries */
  VIGIL_HASHSET_CREATED_AT_MS = 11,  /**< int: Unix ms */
  VIGIL_HASHSET_UPDATED_AT_MS = 12,  /**< int: Unix ms */
  VIGIL_HASHSET_LAST_CHANGE_SEQ = 13 /**< int */
};

/** Reads an integer field.
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, not an integer field).
 *  Thread-safety: concurrent reads of one handle are safe. */
VIGIL_EXPORT vigil_code_t vigil_hashset_info_get_int(
    const vigil_hashset_info_t* info, vigil_hashset_field_t field, int64_t* out,
    char** errptr);
/** Reads a string field (borrowed, valid until the info is destroyed).
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, not a string field). */
VIGIL_EXPORT vigil_code_t vigil_hashset_info_get_string(
    const vigil_hashset_info_t* info, vigil_hashset_field_t field,
    const char** out, char** errptr);
/** Number of entries of one signal type (0 when none).
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, unknown type). */
VIGIL_EXPORT vigil_code_t vigil_hashset_info_count(
    const vigil_hashset_info_t* info, vigil_signal_type_t type, uint64_t* out,
    char** errptr);

/** Lists all hash sets, ordered by name.
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument).
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_hashset_list(const vigil_store_t* store,
                                             vigil_hashset_list_t** out,
                                             char** errptr);
VIGIL_EXPORT void vigil_hashset_list_destroy(vigil_hashset_list_t* list);
/** Number of sets in the list; 0 for NULL. */
VIGIL_EXPORT size_t vigil_hashset_list_size(const vigil_hashset_list_t* list);
/** Set `index` of the list (borrowed; valid until the list is destroyed).
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, index out of range). */
VIGIL_EXPORT vigil_code_t
vigil_hashset_list_get(const vigil_hashset_list_t* list, size_t index,
                       const vigil_hashset_info_t** out, char** errptr);

/* ------------------------------------------------------------------------ */
/* Engine: scanning and takedown events                                     */
/* ------------------------------------------------------------------------ */

/** The engine over a store: match indexes, scanning, the event outbox. */
typedef struct vigil_engine_t vigil_engine_t;
/** The result of one scan. Immutable. */
typedef struct vigil_scan_t vigil_scan_t;
/** A page of stored takedown events. Immutable. */
typedef struct vigil_event_list_t vigil_event_list_t;

/** vigil_engine_open() flags. */
enum {
  VIGIL_ENGINE_READ_ONLY = 1u,  /**< report matches, record no events */
  VIGIL_ENGINE_DIHEDRAL = 2u,   /**< also match rotations/mirrors */
  VIGIL_ENGINE_PDQ_FULL = 4u,   /**< full-resolution decode (reference) */
  VIGIL_ENGINE_EVENTS_ONLY = 8u /**< no indexes: events calls only; scans
                                     fail with FAILED_PRECONDITION */
};

/** Opens the engine over the store in `db_dir` (created when missing unless
 *  read-only), builds the match indexes, opens the event sinks and starts a
 *  background deliverer per sink (which first delivers the events an
 *  earlier run left pending). Scans record events and return without
 *  waiting for a sink; call vigil_engine_drain() before closing to let the
 *  sinks catch up (what is left is delivered after the next open).
 *  @param limits      NULL for the defaults.
 *  @param sink_specs  `sink_count` sink specs: "jsonl:PATH", "stdout", a
 *                     file path, "-" (stdout); see vigil/event_sink.h.
 *  @return VIGIL_INVALID_ARGUMENT (NULL db_dir/out/spec, unknown flags,
 *          unknown sink scheme), VIGIL_UNAVAILABLE (another writer holds
 *          the store), VIGIL_FAILED_PRECONDITION, VIGIL_IO_ERROR,
 *          VIGIL_NOT_FOUND (e.g. the directory of a JSONL sink).
 *  Thread-safety: any thread. The engine may be used by any number of
 *  threads at once. */
VIGIL_EXPORT vigil_code_t vigil_engine_open_sinks(
    const char* db_dir, uint32_t flags, const vigil_limits_t* limits,
    const char* const* sink_specs, size_t sink_count, vigil_engine_t** out,
    char** errptr);
/** vigil_engine_open_sinks() with at most one sink: `events_jsonl` NULL for
 *  none, else one sink spec (a file that every event is appended to as a
 *  JSON line, "-" for stdout, or any spec vigil_engine_open_sinks takes).
 *  Kept for callers of the first C API. */
VIGIL_EXPORT vigil_code_t vigil_engine_open(const char* db_dir, uint32_t flags,
                                            const vigil_limits_t* limits,
                                            const char* events_jsonl,
                                            vigil_engine_t** out,
                                            char** errptr);
/** Waits up to `timeout_ms` for every sink to have every recorded event
 *  (a sink that is backing off after a failure is retried at once).
 *  @param pending  NULL, or set to the events still not delivered.
 *  @return VIGIL_OK when drained (also without sinks), VIGIL_UNAVAILABLE
 *          at the deadline (the events stay in the outbox),
 *          VIGIL_INVALID_ARGUMENT (NULL engine).
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_engine_drain(vigil_engine_t* engine,
                                             uint32_t timeout_ms,
                                             uint64_t* pending, char** errptr);
/** Each sink's delivery state as a JSON array, one object per sink as
 *  `vigil events deliver` prints it (vigil/json.h SinkStatsJson): sink,
 *  delivered, pending, dead_lettered, failures, consecutive_failures,
 *  next_retry_unix_ms, disabled, and last_error once a delivery failed.
 *  "[]" without sinks. *out is malloc'd: free it with vigil_free().
 *  @return VIGIL_INVALID_ARGUMENT (NULL engine or out).
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_engine_delivery_stats_json(
    const vigil_engine_t* engine, char** out, char** errptr);
/** Closes the engine (NULL: no-op): stops the deliverers (a batch being
 *  delivered finishes; the rest stays in the outbox). REQUIRES: no call is
 *  using it or its store handle. Scan and event-list handles stay valid. */
VIGIL_EXPORT void vigil_engine_close(vigil_engine_t* engine);

/** The engine's hash-set store, for hash-set management while the engine
 *  holds it (borrowed: valid until vigil_engine_close; vigil_store_close on
 *  it does nothing). Call vigil_engine_refresh() after changing sets.
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument).
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_engine_store(vigil_engine_t* engine,
                                             vigil_store_t** store,
                                             char** errptr);
/** Rebuilds the match indexes if the store changed since they were built.
 *  Thread-safety: any thread; concurrent scans see the old or new indexes. */
VIGIL_EXPORT vigil_code_t vigil_engine_refresh(vigil_engine_t* engine,
                                               char** errptr);

/** Scans one file: hash it, match it against every hash set, record one
 *  takedown event per matched set in the durable outbox (before returning).
 *  A file that cannot be read or hashed is not a failed call: the scan's
 *  VIGIL_SCAN_STATUS is VIGIL_SCAN_ERROR and VIGIL_SCAN_ERROR_CODE says why.
 *  @param content_id  the caller's reference copied into events (NULL: the
 *                     path); source: e.g. "web-upload" (NULL: "").
 *  @return VIGIL_INVALID_ARGUMENT (NULL engine/path/out),
 *          VIGIL_FAILED_PRECONDITION (engine opened EVENTS_ONLY),
 *          VIGIL_IO_ERROR (events could not be recorded).
 *  Thread-safety: any thread, concurrently. */
VIGIL_EXPORT vigil_code_t vigil_engine_scan_file(
    vigil_engine_t* engine, const char* path, const char* content_id,
    const char* source, vigil_scan_t** out, char** errptr);
/** Scans bytes held by the caller (an upload). As vigil_engine_scan_file;
 *  content_id is required.
 *  @pre data != NULL unless size == 0. */
VIGIL_EXPORT vigil_code_t vigil_engine_scan_bytes(vigil_engine_t* engine,
                                                  const void* data, size_t size,
                                                  const char* content_id,
                                                  const char* source,
                                                  vigil_scan_t** out,
                                                  char** errptr);
VIGIL_EXPORT void vigil_scan_destroy(vigil_scan_t* scan);

/** Scan outcomes (VIGIL_SCAN_STATUS). */
enum { VIGIL_SCAN_CLEAN = 0, VIGIL_SCAN_MATCH = 1, VIGIL_SCAN_ERROR = 2 };

/** Fields of a scan. */
typedef int32_t vigil_scan_field_t;
enum {
  VIGIL_SCAN_STATUS = 1,        /**< int: VIGIL_SCAN_*; string: "clean",
                                     "match", "error" */
  VIGIL_SCAN_ERROR_CODE = 2,    /**< int: why status is error (VIGIL_OK
                                     otherwise) */
  VIGIL_SCAN_ERROR_MESSAGE = 3, /**< string: its message ("" if none) */
  VIGIL_SCAN_MATCH_COUNT = 4,   /**< int: number of matches (= events) */
  VIGIL_SCAN_CACHED = 5,        /**< int: 1 when hashes came from the cache */
  VIGIL_SCAN_CONTENT_ID = 6,    /**< string */
  VIGIL_SCAN_SOURCE = 7         /**< string */
};
/** Reads an integer field of a scan.
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, not an integer field). */
VIGIL_EXPORT vigil_code_t vigil_scan_get_int(const vigil_scan_t* scan,
                                             vigil_scan_field_t field,
                                             int64_t* out, char** errptr);
/** Reads a string field of a scan (borrowed).
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument, not a string field). */
VIGIL_EXPORT vigil_code_t vigil_scan_get_string(const vigil_scan_t* scan,
                                                vigil_scan_field_t field,
                                                const char** out,
                                                char** errptr);
/** The content's hashes (borrowed; valid until vigil_scan_destroy; do not
 *  destroy). Read them with vigil_hashes_get_*.
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument), VIGIL_NOT_FOUND (the
 *          input could not be read). */
VIGIL_EXPORT vigil_code_t vigil_scan_hashes(const vigil_scan_t* scan,
                                            const vigil_hashes_t** out,
                                            char** errptr);

/** Fields of match `index` (0 .. MATCH_COUNT - 1) of a scan: the best match
 *  per hash set, ordered by hash-set name. */
typedef int32_t vigil_match_field_t;
enum {
  VIGIL_MATCH_HASHSET = 1,      /**< string: the set's name */
  VIGIL_MATCH_HASHSET_ID = 2,   /**< int */
  VIGIL_MATCH_SIGNAL_TYPE = 3,  /**< int: VIGIL_SIGNAL_*; string: "pdq" */
  VIGIL_MATCH_DISTANCE = 4,     /**< int: 0 for digests */
  VIGIL_MATCH_THRESHOLD = 5,    /**< int */
  VIGIL_MATCH_HASH = 6,         /**< string: the stored hash (hex) */
  VIGIL_MATCH_QUERY_HASH = 7,   /**< string: the content's hash (hex) */
  VIGIL_MATCH_QUALITY = 8,      /**< int: PDQ quality, -1 for digests */
  VIGIL_MATCH_VARIANT = 9,      /**< string: "original", "rot90", ... or ""
                                     for digests */
  VIGIL_MATCH_EXTERNAL_ID = 10, /**< string: the entry's list reference */
  VIGIL_MATCH_CATEGORY = 11,    /**< string */
  VIGIL_MATCH_ACTION = 12,      /**< int: VIGIL_ACTION_*; string: name */
  VIGIL_MATCH_EVENT_ID = 13     /**< string: the event recorded for it;
                                     NOT_FOUND on a read-only engine */
};
/** @return VIGIL_INVALID_ARGUMENT (NULL argument, index out of range, not an
 *          integer field). */
VIGIL_EXPORT vigil_code_t vigil_scan_match_get_int(const vigil_scan_t* scan,
                                                   size_t index,
                                                   vigil_match_field_t field,
                                                   int64_t* out, char** errptr);
/** @return VIGIL_INVALID_ARGUMENT (NULL argument, index out of range, not a
 *          string field), VIGIL_NOT_FOUND (EVENT_ID when none recorded). */
VIGIL_EXPORT vigil_code_t vigil_scan_match_get_string(const vigil_scan_t* scan,
                                                      size_t index,
                                                      vigil_match_field_t field,
                                                      const char** out,
                                                      char** errptr);

/** The scan as one `vigil scan` JSON line (README; vigil/json.h
 *  ScanResultJson): path (the content id), status, matches, event_ids, and
 *  error, or media_type, bytes, sha256, pdq, pdq_quality, video /
 *  image_error. Identical to the CLI's line for the same scan.
 *  @param out  receives a NUL-terminated copy; free it with vigil_free().
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument).
 *  Thread-safety: concurrent reads of one handle are safe. */
VIGIL_EXPORT vigil_code_t vigil_scan_get_json(const vigil_scan_t* scan,
                                              char** out, char** errptr);

/** Lists events of the outbox with id > after_id (NULL or "": from the
 *  first), in id (= time) order, at most `limit` (0: all). Iterate by
 *  passing the last id seen as after_id.
 *  @return VIGIL_INVALID_ARGUMENT (NULL engine/out).
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_engine_list_events(const vigil_engine_t* engine,
                                                   const char* after_id,
                                                   size_t limit,
                                                   vigil_event_list_t** out,
                                                   char** errptr);
VIGIL_EXPORT void vigil_event_list_destroy(vigil_event_list_t* list);
/** Number of events in the list; 0 for NULL. */
VIGIL_EXPORT size_t vigil_event_list_size(const vigil_event_list_t* list);

/** Fields of event `index` of a list. */
typedef int32_t vigil_event_field_t;
enum {
  VIGIL_EVENT_ID = 1,              /**< string: UUIDv7 */
  VIGIL_EVENT_JSON = 2,            /**< string: the takedown event as one
                                        JSON object (schema
                                        vigil.takedown/1) */
  VIGIL_EVENT_IDEMPOTENCY_KEY = 3, /**< string */
  VIGIL_EVENT_CONTENT_ID = 4,      /**< string */
  VIGIL_EVENT_HASHSET = 5,         /**< string */
  VIGIL_EVENT_ACTION = 6,          /**< int: VIGIL_ACTION_*; string */
  VIGIL_EVENT_CREATED_AT_MS = 7,   /**< int */
  VIGIL_EVENT_ACKED = 8,           /**< int: 0 or 1 */
  VIGIL_EVENT_ACKED_AT_MS = 9,     /**< int: 0 when not acked */
  VIGIL_EVENT_ACKED_BY = 10,       /**< string: "" when not acked */
  VIGIL_EVENT_STATE = 11           /**< string: "open", "actioned" or
                                        "dismissed" (vigil/event_state.h);
                                        the outcome, reference, actor and
                                        history are in VIGIL_EVENT_JSON's
                                        "state" */
};
/** @return VIGIL_INVALID_ARGUMENT (NULL argument, index out of range, not
 *          an integer field). */
VIGIL_EXPORT vigil_code_t vigil_event_list_get_int(
    const vigil_event_list_t* list, size_t index, vigil_event_field_t field,
    int64_t* out, char** errptr);
/** @return VIGIL_INVALID_ARGUMENT (NULL argument, index out of range, not a
 *          string field). Strings are borrowed from the list. */
VIGIL_EXPORT vigil_code_t vigil_event_list_get_string(
    const vigil_event_list_t* list, size_t index, vigil_event_field_t field,
    const char** out, char** errptr);

/** The whole list as a JSON array, each element an event as `vigil events
 *  list` prints it: the takedown event (docs/events.md) plus "acked" and,
 *  when acknowledged, "acked_at" and "acked_by" (vigil/json.h
 *  OutboxEventsJson). Use VIGIL_EVENT_JSON for one event's JSON alone.
 *  @param out  receives a NUL-terminated copy; free it with vigil_free().
 *  @return VIGIL_INVALID_ARGUMENT (NULL argument).
 *  Thread-safety: concurrent reads of one handle are safe. */
VIGIL_EXPORT vigil_code_t vigil_event_list_get_json(
    const vigil_event_list_t* list, char** out, char** errptr);

/** Acknowledges events (the platform has acted on them).
 *  @param acked  may be NULL; receives how many were newly acknowledged
 *                (already acknowledged ones are left as they are).
 *  @return VIGIL_INVALID_ARGUMENT (NULL engine, NULL ids with count > 0, a
 *          NULL id), VIGIL_NOT_FOUND (an unknown id: nothing is acked),
 *          VIGIL_FAILED_PRECONDITION (read-only engine).
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_engine_ack_events(vigil_engine_t* engine,
                                                  const char* const* event_ids,
                                                  size_t count,
                                                  const char* actor,
                                                  size_t* acked, char** errptr);

/** Flags of vigil_engine_resolve_events(). */
enum {
  /** Resolve events that are resolved already (the earlier state goes to
   *  the history); without it such an event fails the whole call. */
  VIGIL_RESOLVE_AMEND = 1u,
  /** false_positive only: disable the matched entries so they stop
   *  matching (until `disable_until_ms`, 0: until enabled again). */
  VIGIL_RESOLVE_DISABLE_ENTRY = 2u
};

/** Resolves takedown events (docs/events.md "Event lifecycle"): records
 *  the new state with actor and time and a vigil.takedown.update/1
 *  document for the sinks; all of the ids or none.
 *  @param outcome  "removed", "blocked", "reported" or "false_positive".
 *  @param reference  NULL or an external reference (a hotline report id).
 *  @param reason  NULL or why; required for "false_positive".
 *  @param actor  NULL or who resolves.
 *  @param flags  VIGIL_RESOLVE_* or'ed.
 *  @param disable_until_ms  Unix ms, with VIGIL_RESOLVE_DISABLE_ENTRY.
 *  @param resolved  NULL, or set to the number of events resolved.
 *  @return VIGIL_INVALID_ARGUMENT (NULL engine, a NULL id, bad outcome,
 *          no reason for a false positive, a malformed id),
 *          VIGIL_NOT_FOUND (an unknown id), VIGIL_FAILED_PRECONDITION
 *          (an event resolved already without VIGIL_RESOLVE_AMEND, or a
 *          read-only engine); nothing is resolved then.
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_engine_resolve_events(
    vigil_engine_t* engine, const char* const* event_ids, size_t count,
    const char* outcome, const char* reference, const char* reason,
    const char* actor, uint32_t flags, int64_t disable_until_ms,
    size_t* resolved, char** errptr);

/** Like vigil_engine_list_events(), only takedown events in `state`
 *  ("open", "actioned", "dismissed"); state-update documents are left out.
 *  @return VIGIL_INVALID_ARGUMENT (NULL engine/out/state, unknown state).
 *  Thread-safety: any thread. */
VIGIL_EXPORT vigil_code_t vigil_engine_list_events_in_state(
    const vigil_engine_t* engine, const char* after_id, size_t limit,
    const char* state, vigil_event_list_t** out, char** errptr);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VIGIL_C_VIGIL_H_ */
