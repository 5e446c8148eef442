#pragma once

#include <memory>

#include "catalog/catalog.h"
#include "catalog/lake.h"

namespace tarn {

struct DatabaseOptions {
  // Worker threads for query execution; 0 means all hardware threads.
  size_t threads = 0;
  // The lake to open: a folder (empty for a transient lake) and where its catalog lives.
  LakeOptions lake;
};

// Database is one tarn instance: the session tables and views (in memory), the lake
// (its catalog of databases and tables, persistent when the lake is a folder) and the
// defaults shared by its connections. Construction throws TarnException when the lake
// cannot be opened (a folder that cannot be created, a PostgreSQL catalog that cannot be
// reached).
// Thread safety: the catalog and the lake's store are internally locked; several
// Connections may run queries at the same time.
class Database {
 public:
  explicit Database(DatabaseOptions options = DatabaseOptions());
  ~Database();

  Catalog& catalog() { return *catalog_; }
  Lake& lake() { return *lake_; }
  const DatabaseOptions& options() const { return options_; }

 private:
  DatabaseOptions options_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<Lake> lake_;
};

}  // namespace tarn
