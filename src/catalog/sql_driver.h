#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"

namespace tarn {

// A parameter of a catalog store statement: NULL, a 64-bit integer or text.
using SqlParam = std::variant<std::monostate, int64_t, std::string>;
// A result row: each column as text, nullopt for NULL.
using SqlRow = std::vector<std::optional<std::string>>;

// SqlDriver is one connection to the database that stores the lake catalog (SQLite or
// PostgreSQL). Statements use `?` placeholders in both dialects (drivers for `$1` rewrite
// them) and only the SQL both understand: TEXT and BIGINT columns, PRIMARY KEY and UNIQUE,
// INSERT/UPDATE/DELETE/SELECT, CREATE TABLE IF NOT EXISTS.
// Contract: Begin starts a transaction that Commit or Rollback ends; a transaction's reads
// see the state other processes had committed when it began or later, and two transactions
// that write the same row cannot both commit (SQLite: BEGIN IMMEDIATE, one writer at a
// time; PostgreSQL: unique constraints, and Commit fails with kCatalog on a serialization
// failure). A failed statement inside a transaction leaves it to be rolled back.
// Errors are kCatalog for constraint violations (IsUniqueViolation tells those apart) and
// kIo for a store that cannot be reached or written.
// Thread safety: none; CatalogStore serializes use of its driver.
class SqlDriver {
 public:
  virtual ~SqlDriver() = default;

  virtual Status Execute(const std::string& sql, const std::vector<SqlParam>& params) = 0;
  virtual Result<std::vector<SqlRow>> Query(const std::string& sql,
                                            const std::vector<SqlParam>& params) = 0;
  virtual Status Begin() = 0;
  // Starts a transaction that only reads: it sees a consistent state without blocking
  // writers (SQLite takes no write lock for it).
  virtual Status BeginRead() { return Begin(); }
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Whether `status` (returned by Execute) reports a PRIMARY KEY or UNIQUE violation.
  virtual bool IsUniqueViolation(const Status& status) const = 0;
  // "sqlite:/path/catalog.db" or "postgresql://host:port/db" (without the password).
  virtual std::string Describe() const = 0;
};

// Opens (creating when absent) a SQLite catalog file; ":memory:" for a transient one.
Result<std::unique_ptr<SqlDriver>> OpenSqliteDriver(const std::string& path);
// Connects to PostgreSQL with a libpq connection string or URI
// ("postgresql://user@host:5432/lake").
Result<std::unique_ptr<SqlDriver>> OpenPostgresDriver(const std::string& connection);

}  // namespace tarn
