#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "function/table_function.h"
#include "storage/compressed_stream.h"
#include "types/logical_type.h"

namespace tarn {

// CsvDialect is how the bytes of a CSV file split into fields. '\0' means "none" for the
// quote and escape characters. A value type.
struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
  char escape = '"';  // Equal to quote: quotes are escaped by doubling them ("").
};

// CsvReadOptions are the user's options of one read_csv call, before sniffing. Unset
// optionals are detected from the data. A value type.
struct CsvReadOptions {
  std::vector<std::string> patterns;  // Paths or globs, as given.
  std::optional<char> delimiter;
  std::optional<char> quote;
  std::optional<char> escape;
  std::optional<bool> header;
  // `columns`: names and types of every column; disables type sniffing.
  std::vector<std::pair<std::string, LogicalType>> columns;
  // `types` / `dtypes`: overrides of some sniffed column types, by name.
  std::vector<std::pair<std::string, LogicalType>> type_overrides;
  bool auto_detect = true;
  int64_t sample_size = 20480;  // Rows; -1 = the whole file.
  bool all_varchar = false;
  std::string null_string;  // Unquoted fields equal to it are NULL.
  int64_t skip_rows = 0;
  bool filename_column = false;
  // Hive partition columns from key=value folders: true, false, or absent to detect them.
  std::optional<bool> hive_partitioning;
  bool null_padding = false;
  bool ignore_errors = false;
  uint64_t max_line_size = 2 * 1024 * 1024;
  Compression compression = Compression::kAuto;
};

// Reads the arguments of read_csv(...): one path/glob or a list of them, and the named
// options. Unknown options or bad values give kInvalidOption naming the option and the
// accepted values.
Result<CsvReadOptions> ParseCsvOptions(const TableFunctionInput& input);

}  // namespace tarn
