// Copyright 2026 The Vigil Authors.
//
// File: vigil/store_admin.h
// -----------------------------------------------------------------------------
// Integrity and backups of a store directory (docs/store.md):
//
//   VerifyStore   reads every block of every table file and checks its
//                 checksum (`vigil store verify`);
//   BackupStore   copies a consistent image of the store into a backup
//                 directory (`vigil store backup DIR`);
//   RestoreStore  puts a backup back as a store (`vigil store restore DIR`).
//
//   VIGIL_ASSIGN_OR_RETURN(StoreVerifyReport r, VerifyStore(dir));
//   if (!r.ok()) { /* r.damaged names column family, file and key range */ }
//   VIGIL_ASSIGN_OR_RETURN(BackupInfo b, BackupStore(dir, "/backups/vigil"));
//
// All three work beside a running writer (a scan, `vigil serve`): verify and
// backup open the store read-only and see it as it was when they started;
// restore refuses to touch a store a writer holds.
//
// Thread-safety: free functions; safe to call concurrently on different
// directories.

#ifndef VIGIL_STORE_ADMIN_H_
#define VIGIL_STORE_ADMIN_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "vigil/export.h"
#include "vigil/result.h"

namespace vigil {

// One damaged file (or the store's metadata when it cannot be opened).
struct DamagedFile {
  std::string column_family;  // e.g. "entries"; empty when unknown
  std::string file;           // path of the damaged file, when known
  std::string smallest_key;   // hex of the file's first key ("" unknown)
  std::string largest_key;    // hex of its last key
  std::string error;          // what the check found
};

struct ColumnFamilyFiles {
  uint64_t files = 0;
  uint64_t bytes = 0;
};

struct StoreVerifyReport {
  uint64_t files = 0;     // table files checked
  uint64_t bytes = 0;     // their total size
  uint64_t vanished = 0;  // files a concurrent writer removed before their
                          // check (their data lives on in newer files)
  std::map<std::string, ColumnFamilyFiles> column_families;
  std::vector<DamagedFile> damaged;
  bool ok() const { return damaged.empty(); }
};

// Full checksum scan of the store in `dir`: opens it read-only with
// paranoid checks (the write-ahead log must replay cleanly), then reads
// every block of every table file of every column family and checks its
// checksum. Damage is data in the report, never an error. Errors: kNotFound
// when `dir` holds no store; kIOError.
VIGIL_EXPORT Result<StoreVerifyReport> VerifyStore(const std::string& dir);

struct BackupInfo {
  uint32_t backup_id = 0;
  int64_t timestamp = 0;  // seconds since the epoch
  uint64_t bytes = 0;
  uint32_t files = 0;
};

// Adds a backup of the store in `dir` to `backup_dir` (created 0700 when
// missing; successive backups share unchanged files). Works while another
// process holds the store for writing. Errors: kNotFound (no store),
// kIOError, kCorruptInput (a damaged file: nothing is backed up).
VIGIL_EXPORT Result<BackupInfo> BackupStore(const std::string& dir,
                                            const std::string& backup_dir);

struct RestoreOptions {
  // Replace an existing store at the target. Default false: refuse.
  bool force = false;
  // The backup to restore; 0 (default) for the latest.
  uint32_t backup_id = 0;
};

// Restores a backup from `backup_dir` as the store in `dir`. The backup is
// restored and checked beside `dir`, then swapped in atomically. Errors:
// kNotFound (no such backup); kFailedPrecondition (a store exists at `dir`
// and !options.force, or `dir` holds other files); kUnavailable (a writer
// holds the store at `dir`, even with force); kCorruptInput; kIOError.
VIGIL_EXPORT Result<BackupInfo> RestoreStore(const std::string& backup_dir,
                                             const std::string& dir,
                                             const RestoreOptions& options);

}  // namespace vigil

#endif  // VIGIL_STORE_ADMIN_H_
