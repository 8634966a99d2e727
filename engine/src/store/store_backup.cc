// Copyright 2026 The Vigil Authors.
//
// `vigil store backup|restore` (vigil/store_admin.h), on RocksDB's
// BackupEngine. A backup opens the store read-only, so it needs no lock and
// runs beside the writer (a scan, `vigil serve`): the read-only handle
// pins the store as it was when opened (its MANIFEST position and the live
// log), and the BackupEngine copies exactly those files. A writer's
// compaction may delete a file of that image before it is copied; the
// backup then fails and is retried on a fresh image.
//
// A restore never writes into a live store: the backup is restored into a
// sibling directory, checked (VerifyStore) and opened, and only then
// exchanged with the target in one rename(2) (RENAME_EXCHANGE), under the
// target's writer lock.

#include <fcntl.h>
#include <rocksdb/utilities/backup_engine.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "store/internal/db_access.h"
#include "store/internal/store_impl.h"
#include "store/internal/store_lock.h"
#include "vigil/hashset_store.h"
#include "vigil/status_macros.h"
#include "vigil/store_admin.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

constexpr int kBackupAttempts = 3;

BackupInfo InfoOf(const rocksdb::BackupInfo& info) {
  BackupInfo out;
  out.backup_id = info.backup_id;
  out.timestamp = info.timestamp;
  out.bytes = info.size;
  out.files = info.number_files;
  return out;
}

Status MakePrivateDir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return IOError("cannot create " + dir + ": " + ec.message());
  if (::chmod(dir.c_str(), 0700) != 0) {
    return ErrnoToStatus(errno, "cannot restrict permissions of " + dir);
  }
  return Status::OK();
}

Result<BackupInfo> BackupOnce(const std::string& dir,
                              rocksdb::BackupEngine* engine) {
  StoreOptions options;
  options.read_only = true;
  VIGIL_ASSIGN_OR_RETURN(std::unique_ptr<HashsetStore> store,
                         HashsetStore::Open(dir, options));
  rocksdb::CreateBackupOptions create;
  create.flush_before_backup = false;  // a read-only handle cannot flush
  rocksdb::BackupID id = 0;
  VIGIL_RETURN_IF_ERROR(internal::FromRocks(
      engine->CreateNewBackup(create, internal::StoreDb(*store), &id),
      "backup of " + dir));
  rocksdb::BackupInfo info;
  VIGIL_RETURN_IF_ERROR(internal::FromRocks(engine->GetBackupInfo(id, &info),
                                            "backup of " + dir));
  return InfoOf(info);
}

}  // namespace

Result<BackupInfo> BackupStore(const std::string& dir,
                               const std::string& backup_dir) {
  std::error_code ec;
  if (!fs::exists(dir + "/CURRENT", ec)) {
    return NotFoundError("no store at " + dir);
  }
  if (fs::equivalent(dir, backup_dir, ec)) {
    return InvalidArgumentError("the backup directory is the store itself");
  }
  VIGIL_RETURN_IF_ERROR(MakePrivateDir(backup_dir));
  rocksdb::BackupEngineOptions options(backup_dir);
  options.sync = true;
  options.info_log = nullptr;
  rocksdb::BackupEngine* raw = nullptr;
  VIGIL_RETURN_IF_ERROR(internal::FromRocks(
      rocksdb::BackupEngine::Open(options, rocksdb::Env::Default(), &raw),
      "cannot open backup directory " + backup_dir));
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  Result<BackupInfo> result = BackupOnce(dir, engine.get());
  for (int attempt = 1; attempt < kBackupAttempts && !result.ok(); ++attempt) {
    // A file of the image vanished under a concurrent compaction: the
    // half-made backup is discarded by the engine; take a fresh image.
    const StatusCode code = result.status().code();
    if (code != StatusCode::kNotFound && code != StatusCode::kIOError) break;
    engine->GarbageCollect().PermitUncheckedError();
    result = BackupOnce(dir, engine.get());
  }
  return result;
}

namespace {

// OK when `dir` may receive a restored store.
Status CheckTarget(const std::string& dir, const RestoreOptions& options,
                   bool* has_store) {
  std::error_code ec;
  *has_store = fs::exists(dir + "/CURRENT", ec);
  if (*has_store) {
    if (!options.force) {
      return FailedPreconditionError(
          "a store exists at " + dir +
          "; restoring would replace it (pass --force to replace it)");
    }
    return Status::OK();
  }
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return FailedPreconditionError(dir +
                                   " is not empty and holds no store; not "
                                   "restoring into it");
  }
  return Status::OK();
}

}  // namespace

Result<BackupInfo> RestoreStore(const std::string& backup_dir,
                                const std::string& dir,
                                const RestoreOptions& options) {
  std::error_code ec;
  if (!fs::exists(backup_dir + "/meta", ec)) {
    return NotFoundError("no backups in " + backup_dir);
  }
  bool has_store = false;
  VIGIL_RETURN_IF_ERROR(CheckTarget(dir, options, &has_store));
  // The writer lock of the store being replaced: no writer may hold it
  // (kUnavailable "locked by pid N"), and none may start until the swap.
  std::unique_ptr<internal::StoreLock> lock;
  if (has_store) {
    VIGIL_ASSIGN_OR_RETURN(lock, internal::StoreLock::Acquire(dir));
  }

  rocksdb::BackupEngineOptions engine_options(backup_dir);
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  VIGIL_RETURN_IF_ERROR(
      internal::FromRocks(rocksdb::BackupEngineReadOnly::Open(
                              engine_options, rocksdb::Env::Default(), &raw),
                          "cannot open backup directory " + backup_dir));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  rocksdb::BackupInfo info;
  rocksdb::Status s = options.backup_id == 0
                          ? engine->GetLatestBackupInfo(&info)
                          : engine->GetBackupInfo(options.backup_id, &info);
  if (!s.ok()) {
    return NotFoundError("no usable backup " +
                         (options.backup_id == 0
                              ? std::string("at all")
                              : std::to_string(options.backup_id)) +
                         " in " + backup_dir + ": " + s.ToString());
  }

  const fs::path parent = fs::path(dir).lexically_normal().parent_path();
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec) return IOError("cannot create " + parent.string());
  }
  const std::string staging =
      dir + ".restore-tmp-" + std::to_string(::getpid());
  fs::remove_all(staging, ec);
  struct Cleanup {
    std::string path;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(path, e);
    }
  } cleanup{staging};
  VIGIL_RETURN_IF_ERROR(MakePrivateDir(staging));
  VIGIL_RETURN_IF_ERROR(internal::FromRocks(
      engine->RestoreDBFromBackup(info.backup_id, staging, staging),
      "restore of backup " + std::to_string(info.backup_id)));
  // Checked before it replaces anything: every block, then a normal open
  // (schema, hash-set records).
  VIGIL_ASSIGN_OR_RETURN(StoreVerifyReport report, VerifyStore(staging));
  if (!report.ok()) {
    const DamagedFile& d = report.damaged.front();
    return CorruptInputError("backup " + std::to_string(info.backup_id) +
                             " is damaged (column family '" + d.column_family +
                             "'): " + d.error);
  }
  {
    StoreOptions open_options;
    open_options.read_only = true;
    VIGIL_RETURN_IF_ERROR(HashsetStore::Open(staging, open_options).status());
  }
  if (has_store) {
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dir.c_str(),
                    RENAME_EXCHANGE) != 0) {
      return ErrnoToStatus(errno, "cannot swap " + staging + " and " + dir);
    }
    // `staging` now holds the replaced store and is removed by cleanup.
  } else {
    fs::remove(dir, ec);  // an empty directory, if any
    if (::rename(staging.c_str(), dir.c_str()) != 0) {
      return ErrnoToStatus(errno, "cannot rename " + staging + " to " + dir);
    }
  }
  lock.reset();
  return InfoOf(info);
}

}  // namespace vigil
