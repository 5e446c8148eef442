#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "function/table_filter.h"
#include "types/value.h"
#include "vector/vector.h"

namespace tarn {

// HivePartitions are the `key=value` folders of the files that one read_parquet /
// read_csv / read_json call reads as a table: `flights/year=2001/month=1/part-0.parquet`
// gives the row columns year and month. Keys keep their order of appearance in the path;
// values are %XX-decoded (the escaping COPY ... PARTITION_BY writes) and
// `__HIVE_DEFAULT_PARTITION__` is NULL. A column's type is the narrowest of BIGINT,
// DOUBLE, DATE that holds all its values, else VARCHAR.
// The values are constant per file, so filters on them select whole files before any is
// opened (SelectFiles), and scans fill the columns per file (Fill).
// Thread safety: immutable after Build; shared by all threads of a scan.
class HivePartitions {
 public:
  using KeyValue = std::pair<std::string, std::optional<std::string>>;

  // The key=value folders of `path` (not the file name), in order; values decoded, NULL
  // for the default partition.
  static std::vector<KeyValue> ParsePath(const std::string& path);
  // A folder name's text escaped as Hive does (%XX for '/', '=', '%', spaces, quotes and
  // other characters that paths or globs treat specially), and decoded back; a '%' not
  // followed by two hex digits stays as it is.
  static std::string EscapePathText(std::string_view text);
  static std::string DecodePathText(std::string_view text);
  // The text of NULL partition values in folder names.
  static constexpr std::string_view kDefaultPartition = "__HIVE_DEFAULT_PARTITION__";
  // Whether the files look Hive-partitioned: each has at least one key=value folder and
  // all have the same keys in the same order (used when the user did not say).
  static bool Detect(const std::vector<std::string>& files);
  // The partition columns of `files`. Keys equal (ignoring case) to one of
  // `file_columns` are not added: the column stored in the files wins. Errors name a file
  // whose keys differ from the first file's.
  static Result<HivePartitions> Build(const std::vector<std::string>& files,
                                      const std::vector<std::string>& file_columns);
  // The option value: true, false or absent (detect) from the named argument.
  static Result<std::optional<bool>> ParseOption(const Value& value, const std::string& function);

  const std::vector<std::string>& names() const { return names_; }
  const std::vector<LogicalType>& types() const { return types_; }
  size_t column_count() const { return names_.size(); }
  const Value& value(size_t file, size_t column) const { return values_[file][column]; }

  // Per file, whether it may hold rows satisfying `filters`; filters whose column is in
  // [first_column, first_column + column_count()) are evaluated on the partition values,
  // the others are ignored.
  std::vector<bool> SelectFiles(const std::vector<TableFilter>& filters, idx_t first_column) const;
  // EXPLAIN's line for the files a selection keeps ("files: 2 of 18 (partition filters
  // skip 16)"); none when it keeps them all.
  static std::vector<std::string> ExplainSelection(const std::vector<bool>& selected);
  // EXPLAIN ANALYZE's line for the files a scan opened.
  static std::string FilesReadLine(size_t read, size_t total);
  // Sets rows [0, count) of `output` to the value of `column` for `file`.
  void Fill(size_t file, size_t column, idx_t count, Vector& output) const;

 private:
  std::vector<std::string> names_;
  std::vector<LogicalType> types_;
  std::vector<std::vector<Value>> values_;  // values_[file][column]
  // Strings of VARCHAR values, shared with the vectors that point into them.
  std::vector<std::vector<std::shared_ptr<std::string>>> texts_;
};

}  // namespace tarn
