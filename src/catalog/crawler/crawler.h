#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catalog/catalog_model.h"
#include "catalog/catalog_store.h"
#include "common/status.h"

namespace tarn {

// What one crawl reads and where it writes. A value type.
struct CrawlOptions {
  std::string path;          // Folder to crawl (local path).
  std::string database;      // Target database (created if absent).
  std::string table_prefix;  // Prepended to every table name.
  // Globs relative to `path`: *, **, ?, [abc], {a,b}. An excluded folder is not entered.
  std::vector<std::string> exclusions;
  SchemaChangePolicy schema_change = SchemaChangePolicy::kUpdate;
  RecrawlPolicy recrawl = RecrawlPolicy::kEverything;
  // Recorded on tables as table_properties["tarn.crawler"]; may be empty. Tables whose
  // property differs (or is absent) are never modified by this crawl.
  std::string crawler_name;
  size_t threads = 0;  // Files read in parallel; 0: the machine's hardware threads.
};

// A table's schema that a crawl found different from the catalog's.
struct CrawlSchemaChange {
  std::string table;
  std::string before;  // "(a INTEGER, b VARCHAR)"
  std::string after;
  std::string description;  // "added column c DOUBLE; widened a INTEGER -> BIGINT"
  bool applied = false;     // false under SchemaChangePolicy::kLog, or when incompatible.
};

struct CrawlUnreadableFile {
  std::string path;
  std::string reason;
};

// A table the crawl left alone because it would have had to change it without owning it.
struct CrawlConflict {
  std::string table;
  std::string reason;
};

// A table this crawler made whose whole location (folder or file) no longer exists. The
// table is kept, with table_properties["tarn.missing"] = "true" until a crawl finds the
// location again.
struct CrawlMissingTable {
  std::string table;
  std::string location;
};

// One line of a crawl report as a result row (SQL: RUN CRAWLER returns these).
struct CrawlReportRow {
  // "table_created", "table_updated", "table_unchanged", "table_missing" (detail: the
  // location), "partitions_added", "partitions_missing", "schema_change", "conflict",
  // "unreadable_file", "files".
  std::string kind;
  std::string table;  // Empty for unreadable files and file counts.
  std::string detail;
};

// What a crawl did. Table names are as written in the catalog (prefix included).
struct CrawlReport {
  std::string path;
  std::string database;
  std::vector<std::string> tables_created;
  std::vector<std::string> tables_updated;
  std::vector<std::string> tables_unchanged;
  std::vector<CrawlMissingTable> tables_missing;      // On every crawl while the location is gone.
  std::map<std::string, int64_t> partitions_added;    // Per table.
  std::map<std::string, int64_t> partitions_missing;  // Per table: newly marked missing.
  std::vector<CrawlSchemaChange> schema_changes;
  std::vector<CrawlConflict> conflicts;
  std::vector<CrawlUnreadableFile> unreadable_files;
  int64_t files_seen = 0;       // Files found (after exclusions and hidden files).
  int64_t files_read = 0;       // Files opened and classified.
  int64_t files_unchanged = 0;  // Files skipped: their folder's fingerprint was unchanged,
                                // or the recrawl policy reads only new folders.
  int64_t files_excluded = 0;   // Files and folders skipped by the exclusion globs.
  double seconds = 0;

  // The printed report, several lines.
  std::string ToString() const;
  std::vector<CrawlReportRow> Rows() const;
};

// Crawls `options.path` into `options.database` of `store` (AWS Glue crawler semantics;
// docs/crawlers.md): classifies files, groups folders into tables and partitions, merges
// compatible schemas (an unpartitioned folder whose files do not share a schema gives a
// table per file), and compares with what the catalog holds. All catalog writes happen
// in one store.Transact at the end: a crawl that fails leaves the catalog as it was.
// Unreadable files are reported, not errors. Errors: kIo when the path is not a readable
// folder, kInvalidOption for a bad exclusion glob, store errors as they come.
// Thread safety: may run concurrently with other store users; files are read on a
// thread pool.
Result<CrawlReport> Crawl(CatalogStore& store, const CrawlOptions& options);

}  // namespace tarn
