#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog_model.h"
#include "catalog/sql_driver.h"
#include "common/status.h"

namespace tarn {

// CatalogStore keeps the lake catalog (databases, tables with their schema versions,
// partitions, crawlers) in a SQL database through a SqlDriver: a SQLite file inside the
// lake, or PostgreSQL shared by a team. The same statements serve both stores.
//
// Contract:
//  - Every method is one transaction, unless called inside Transact(), whose body's calls
//    all commit together or not at all (a crawl's changes, CTAS's table and partitions).
//  - Nothing is cached: each call reads the store, so a process sees what other processes
//    committed before the call began.
//  - Creating what exists fails with kCatalog ("table raw.events already exists"), also
//    when another process created it first; lookups of what is absent return nullopt.
//  - Names are matched ignoring case and stored as written.
// Thread safety: all methods lock; Transact holds the lock for its whole body, and the
// body may call other methods of the same store (on the same thread).
class CatalogStore {
 public:
  // Creates the catalog's tables when absent; fails with kCatalog if the store was made
  // by a newer tarn (a schema version this build does not know).
  static Result<std::unique_ptr<CatalogStore>> Open(std::unique_ptr<SqlDriver> driver);
  ~CatalogStore();

  // Runs `body` in one transaction: commits when it returns Ok, rolls back otherwise
  // (and when it throws; the exception continues).
  Status Transact(const std::function<Status()>& body);

  Status CreateDatabase(const CatalogDatabase& database, bool if_not_exists);
  // Fails when the database still has tables, unless `cascade` (then drops them too).
  Status DropDatabase(const std::string& name, bool if_exists, bool cascade);
  Result<std::optional<CatalogDatabase>> GetDatabase(const std::string& name);
  Result<std::vector<CatalogDatabase>> ListDatabases();

  // Records version 1 of the table's schema. Fails with kCatalog when the database does
  // not exist or the table does (unless if_not_exists, which then changes nothing).
  Status CreateTable(const CatalogTable& table, bool if_not_exists);
  Result<std::optional<CatalogTable>> GetTable(const std::string& database,
                                               const std::string& name);
  // Tables of one database, by name; all databases when `database` is empty.
  Result<std::vector<CatalogTable>> ListTables(const std::string& database);
  // Replaces the table's definition. When its columns, partition keys or format differ
  // from the stored ones, the version is incremented and the new schema recorded as a
  // version with `reason`; otherwise (statistics, properties, comment) it stays.
  // `table.version` is ignored; the stored table's new version is returned.
  Result<int64_t> UpdateTable(const CatalogTable& table, const std::string& reason);
  // Removes the table, its partitions and versions.
  Status DropTable(const std::string& database, const std::string& name, bool if_exists);
  // Oldest first; the last is the current schema.
  Result<std::vector<CatalogTableVersion>> ListTableVersions(const std::string& database,
                                                             const std::string& name);

  // Adds partitions; one whose values exist fails with kCatalog unless `if_not_exists`
  // (then it is left as it is).
  Status AddPartitions(const std::string& database, const std::string& table,
                       const std::vector<CatalogPartition>& partitions, bool if_not_exists);
  // Inserts or replaces partitions by their values (a crawl refreshing statistics or
  // marking a folder missing).
  Status PutPartitions(const std::string& database, const std::string& table,
                       const std::vector<CatalogPartition>& partitions);
  Status DropPartitions(const std::string& database, const std::string& table,
                        const std::vector<std::vector<std::optional<std::string>>>& values,
                        bool if_exists);
  // In the order of their values (as text).
  Result<std::vector<CatalogPartition>> ListPartitions(const std::string& database,
                                                       const std::string& table);

  Status CreateCrawler(const CatalogCrawler& crawler, bool if_not_exists);
  Result<std::optional<CatalogCrawler>> GetCrawler(const std::string& name);
  Result<std::vector<CatalogCrawler>> ListCrawlers();
  // Replaces a crawler's definition and last run.
  Status UpdateCrawler(const CatalogCrawler& crawler);
  Status DropCrawler(const std::string& name, bool if_exists);

  // "sqlite:/lake/catalog.db" or "postgresql://host:port/db".
  std::string Describe() const;

 private:
  explicit CatalogStore(std::unique_ptr<SqlDriver> driver);
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The current UTC time as the catalog writes it: "2026-11-22 01:10:00".
std::string CatalogNow();

}  // namespace tarn
