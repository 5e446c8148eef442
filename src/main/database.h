#pragma once

#include <memory>

#include "catalog/catalog.h"

namespace tarn {

struct DatabaseOptions {
  // Worker threads for query execution; 0 means all hardware threads.
  size_t threads = 0;
};

// Database is one tarn instance: the catalog of session tables and views and the
// defaults shared by its connections. Thread safety: the catalog is internally locked;
// several Connections may run queries at the same time.
class Database {
 public:
  explicit Database(DatabaseOptions options = DatabaseOptions());
  ~Database();

  Catalog& catalog() { return *catalog_; }
  const DatabaseOptions& options() const { return options_; }

 private:
  DatabaseOptions options_;
  std::unique_ptr<Catalog> catalog_;
};

}  // namespace tarn
