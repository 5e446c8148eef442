#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_model.h"
#include "common/status.h"
#include "formats/csv/csv_options.h"
#include "storage/compressed_stream.h"

namespace tarn {

// The schema a crawler classifier found in one file. A value type.
struct FileSchema {
  std::string format;  // "parquet", "json", "apache_log" or "csv".
  Compression compression = Compression::kNone;
  std::vector<CatalogColumn> columns;
  CsvDialect dialect;      // CSV only.
  bool header = false;     // CSV only: the first line names the columns.
  int64_t row_count = -1;  // Known without a scan (Parquet footers), else -1.

  // Whether files with these two schemas can be read as one table: same format and
  // compression, and for CSV the same dialect and header.
  bool SameLayout(const FileSchema& other) const;
};

// Classifies one file by its content (not its name), trying in order: Parquet (magic
// bytes and footer), JSON / NDJSON (the first non-blank byte opens an object or array),
// the Apache combined access log, and CSV (the read_csv sniffer; at least two columns).
// gzip and zstd files are decompressed to look at them. An error status is the reason the
// file is unreadable: no classifier recognized it, or its reader refused it (a corrupt
// footer, truncated compressed data); the message names the file.
// Thread safety: a pure function of the file; safe from several threads.
Result<FileSchema> ClassifyFile(const std::string& path);

// The name of the table property value for a compression: "gzip", "zstd" or "none".
const char* CompressionPropertyValue(Compression compression);

}  // namespace tarn
