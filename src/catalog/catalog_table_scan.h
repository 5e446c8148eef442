#pragma once

#include <memory>
#include <vector>

#include "catalog/catalog_model.h"
#include "common/status.h"
#include "function/table_function.h"

namespace tarn {

// The scan of a lake catalog table. `partitions` are the table's partitions as listed from
// the catalog store (ignored for an unpartitioned table, whose files are at table.location).
//
// Output columns: table.columns, then table.partition_keys, with the catalog's names and
// types. The schema comes from the catalog alone: binding lists and opens nothing.
//
// Reading follows Hive's schema on read:
//  - "parquet": file columns match catalog columns by name ignoring case; a catalog column
//    a file lacks reads as NULL; a file column of another type is cast to the catalog type
//    (an error names the file, column and value when a value does not convert); columns
//    the catalog does not list are ignored. Only the needed columns are read, and filters
//    on columns whose file type equals the catalog type skip row groups by statistics.
//  - "csv": positional, the catalog's columns in order. serde_properties "separatorChar"
//    or "field.delim" (default ','), "quoteChar", "escapeChar" / "escape.delim",
//    "serialization.null.format"; "serialization.lib" (serde_properties or
//    table_properties) names the serde: one containing "LazySimpleSerDe" or equal to
//    "delimited" reads without quoting and with \N as NULL (Hive's defaults for ROW FORMAT
//    DELIMITED); otherwise fields may be quoted with '"'. table_properties
//    "skip.header.line.count" lines are skipped at the top of each file. Lines with fewer
//    fields than columns read NULL for the rest.
//  - "json": newline-delimited or array JSON read with the catalog's columns, member names
//    matched ignoring case.
//  - "regex": serde_properties "input.regex" (full match per line; capture group i fills
//    column i; "input.regex.case.insensitive" = "true" ignores case); a line that does
//    not match reads as all NULL.
//  - "apache_log": the Apache common/combined access log (read_apache_log), columns
//    matched by name.
// Files are found recursively under each location (only the folder's own files when
// table_properties "tarn.read_subfolders" is "false"; a location that is a file is read
// alone), skipping names that start with '.' or '_' (_SUCCESS, .crc, _temporary/); .gz and
// .zst files are decompressed. A location that does not exist reads as empty.
//
// Partitions: TableFilters on partition keys are evaluated on each partition's catalog
// values (text cast to the key's type; nullopt is NULL) in InitGlobalFiltered, and only
// the partitions that may match are read: a pruned partition's folder is never listed or
// opened. Partitions marked `missing` are skipped. A partition value that does not convert
// to its key's type is kept by pruning and fails the scan when read.
//
// Scanning: partitions are read in order; for each, the format's table function
// (read_parquet, read_csv, read_json, read_text_regex, read_apache_log) is bound lazily,
// once, under a lock, on the partition's files (Parquet: one inner scan per file, so files
// of different schema versions mix). All worker threads share the current inner scan,
// which hands out morsels, and move on together, so one large partition uses every
// thread. BatchIndex grows across partitions (inner scan number << 32 | inner batch).
// Errors name the table and the partition folder.
// Thread safety: the binding is immutable; its global state is internally synchronized.
Result<std::unique_ptr<TableScanBinding>> BindCatalogTableScan(
    const CatalogTable& table, std::vector<CatalogPartition> partitions);

}  // namespace tarn
