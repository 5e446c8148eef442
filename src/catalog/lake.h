#pragma once

#include <memory>
#include <string>

#include "catalog/catalog_store.h"
#include "common/status.h"

namespace tarn {

struct LakeOptions {
  // The lake's folder, created when absent; empty for a transient lake that lives as long
  // as the process (an in-memory catalog, managed table files in a temporary folder).
  std::string path;
  // Where the catalog lives instead of `path`/catalog.db: a PostgreSQL URI
  // ("postgresql://user@host:5432/lake") or libpq connection string shared by a team, or a
  // SQLite file path. Empty for the lake's own SQLite file.
  std::string catalog;
};

// Lake is a folder that holds tarn's persistent state: the catalog (catalog.db, unless
// the catalog is kept in PostgreSQL) and the files of managed tables
// (warehouse/<database>/<table>/). Opening a lake makes sure its `default` database exists.
// Thread safety: the store is internally locked; the rest is immutable after Open.
class Lake {
 public:
  static Result<std::unique_ptr<Lake>> Open(const LakeOptions& options);
  ~Lake();

  CatalogStore& store() { return *store_; }
  // The lake's folder; empty for a transient lake.
  const std::string& path() const { return path_; }
  bool transient() const { return transient_; }
  // The folder for the files of a managed table (not created here).
  std::string ManagedTableLocation(const std::string& database, const std::string& table) const;

  static constexpr const char* kDefaultDatabase = "default";

 private:
  Lake() = default;
  std::string path_;
  std::string warehouse_;
  bool transient_ = false;
  std::unique_ptr<CatalogStore> store_;
};

}  // namespace tarn
