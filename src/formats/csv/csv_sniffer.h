#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "formats/csv/csv_options.h"
#include "types/logical_type.h"

namespace tarn {

// CsvSchema is everything the reader needs to know about a CSV file: its dialect, whether
// it has a header, and the names and types of its columns. A value type.
struct CsvSchema {
  CsvDialect dialect;
  bool header = false;
  // Fields per row in the file. One more than names.size() when the file ends each line
  // with a delimiter (TPC-H .tbl): that last, empty, unnamed field is dropped.
  uint64_t physical_columns = 0;
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  // A quoted field in the sample contained a line break, or lines end with a bare '\r':
  // the file cannot be split into byte ranges at line breaks.
  bool unsplittable = false;
  double average_line_length = 0;  // Decompressed bytes per line in the sample.
  uint64_t file_size = 0;          // On disk.
  bool compressed = false;
  Compression compression = Compression::kNone;
};

// Detects the schema of one CSV file from a sample (the beginning plus a few chunks from
// the middle and the end of uncompressed files; `options.sample_size` rows, -1 = whole
// file). Options the user set are taken as given. Errors: kIo for unreadable files,
// kInvalidInput for binary data or an empty file, kInvalidOption for `columns`/`types`
// that do not fit the file.
// Thread safety: a pure function of the file and the options.
Result<CsvSchema> SniffCsv(const std::string& path, const CsvReadOptions& options);

// Counts the fields of the first record after `skip_rows` lines with `dialect` (used to
// check that every file of a glob has the same shape). Returns 0 for an empty file.
Result<uint64_t> CountFirstRowFields(const std::string& path, const CsvDialect& dialect,
                                     Compression compression, int64_t skip_rows);

}  // namespace tarn
