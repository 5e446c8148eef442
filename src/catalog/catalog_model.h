#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "types/logical_type.h"

namespace tarn {

// The records of the lake catalog: what a catalog store persists and what the binder,
// the DDL statements and the crawler exchange. Plain values; names keep the case the user
// wrote, lookups ignore case.

struct CatalogColumn {
  std::string name;
  LogicalType type;
  std::string comment;
};

// A database (a Glue database, a Hive schema): a namespace of tables.
struct CatalogDatabase {
  std::string name;
  std::string comment;
  std::string location;  // Where managed tables of this database keep their files.
  std::string created_at;
};

enum class CatalogTableKind : uint8_t {
  kExternal,  // Files the user owns at `location`; DROP TABLE removes only the metadata.
  kManaged,   // Files under the lake that tarn owns; DROP TABLE removes them too.
  kView,      // A stored query: table_properties["tarn.view_sql"] is its CREATE VIEW
              // statement; `columns` are its output when it was created.
};

// How a table's files are read. `format` is one of "parquet", "csv", "json",
// "apache_log" (the Apache combined access log, one line per request).
// CSV serde properties use Hive's names, whichever ROW FORMAT the DDL used:
//   "separatorChar", "quoteChar", "escapeChar" (OpenCSVSerde; ROW FORMAT DELIMITED
//   FIELDS TERMINATED BY ',' sets separatorChar, ESCAPED BY sets escapeChar).
// Table properties that change reading: "skip.header.line.count" (lines skipped at the
// top of each CSV file), "compressionType" (informational: files are decompressed by
// their suffix). Crawlers record "classification" and "tarn.crawler".
struct CatalogTable {
  std::string database;
  std::string name;
  CatalogTableKind kind = CatalogTableKind::kExternal;
  std::vector<CatalogColumn> columns;         // The columns stored in the files.
  std::vector<CatalogColumn> partition_keys;  // Columns that come from the folders.
  std::string location;                       // A folder (or one file).
  std::string format = "parquet";
  std::map<std::string, std::string> serde_properties;
  std::map<std::string, std::string> table_properties;
  std::string comment;
  // The current schema version: 1 at creation, +1 each time columns or partition keys
  // change (ALTER TABLE ADD COLUMNS, a crawl that widens a type). Earlier versions stay
  // readable through CatalogStore::ListTableVersions.
  int64_t version = 1;
  // Statistics gathered by crawls and CTAS; -1 when unknown.
  int64_t row_count = -1;
  int64_t size_bytes = -1;
  int64_t file_count = -1;
  // An opaque digest of the names, sizes and modification times of the files a crawl read
  // (unpartitioned tables); a recrawl that computes the same digest skips the files.
  std::string fingerprint;
  std::string created_at;  // UTC, "2026-11-22 01:10:00"
  std::string updated_at;
};

// One partition of a partitioned table: a value per partition key, as text (the folder's
// text, %XX-decoded; nullopt is Hive's __HIVE_DEFAULT_PARTITION__), and the folder holding
// its files. A crawl that no longer finds the folder keeps the partition but marks it
// `missing` (readers skip it) so a vanished folder is visible rather than silently gone.
struct CatalogPartition {
  std::vector<std::optional<std::string>> values;
  std::string location;
  bool missing = false;
  int64_t row_count = -1;
  int64_t size_bytes = -1;
  int64_t file_count = -1;
  std::string fingerprint;  // As CatalogTable::fingerprint, for this partition's folder.
  std::string created_at;
};

// A previous (or the current) schema of a table.
struct CatalogTableVersion {
  int64_t version = 1;
  std::vector<CatalogColumn> columns;
  std::vector<CatalogColumn> partition_keys;
  std::string format;
  std::string created_at;
  std::string reason;  // "CREATE TABLE", "ALTER TABLE ADD COLUMNS", "crawler raw_logs: ..."
};

// What a crawler does when a recrawl finds a table's schema changed (Glue's
// SchemaChangePolicy) and which folders it reads (Glue's RecrawlPolicy).
enum class SchemaChangePolicy : uint8_t {
  kUpdate,  // Update the table and keep the previous definition as a version.
  kLog,     // Leave the table as it is; the crawl report names the change.
};
enum class RecrawlPolicy : uint8_t {
  kEverything,      // Read every folder again.
  kNewFoldersOnly,  // Only folders (partitions, tables) not in the catalog yet.
};

// A crawler defined once with CREATE CRAWLER and run by name.
struct CatalogCrawler {
  std::string name;
  std::string path;
  std::string database;
  std::string table_prefix;
  std::vector<std::string> exclusions;  // Globs: *, **, ?, {a,b}; relative to `path`.
  SchemaChangePolicy schema_change = SchemaChangePolicy::kUpdate;
  RecrawlPolicy recrawl = RecrawlPolicy::kEverything;
  std::string created_at;
  std::string last_run_at;  // Empty when never run.
  std::string last_report;  // The last crawl report, as text.
};

}  // namespace tarn
