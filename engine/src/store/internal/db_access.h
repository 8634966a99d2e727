// Copyright 2026 The Vigil Authors.
//
// Access to the RocksDB database under a HashsetStore, for later modules
// (the event outbox) that keep their own column families in the same
// database. They ask for them with StoreOptions::extra_column_families (the
// "events" family always exists).
//
// Thread-safety: the returned pointers live as long as the store; RocksDB
// handles are thread-safe.

#ifndef VIGIL_STORE_INTERNAL_DB_ACCESS_H_
#define VIGIL_STORE_INTERNAL_DB_ACCESS_H_

#include <rocksdb/db.h>

#include <string_view>

#include "vigil/hashset_store.h"

namespace vigil::internal {

// The database of `store` (never null for a store from HashsetStore::Open).
rocksdb::DB* StoreDb(const HashsetStore& store);
// The column family called `name`, or nullptr when the store has none.
rocksdb::ColumnFamilyHandle* StoreColumnFamily(const HashsetStore& store,
                                               std::string_view name);

}  // namespace vigil::internal

#endif  // VIGIL_STORE_INTERNAL_DB_ACCESS_H_
