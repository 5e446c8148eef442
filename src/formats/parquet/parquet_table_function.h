#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formats/hive_partitioning.h"
#include "formats/parquet/parquet_reader.h"
#include "function/table_function.h"

namespace tarn {

// ParquetTableBinding is a bound read_parquet(...) call: the expanded file list, the common
// schema (from the first file), Hive partition columns when the files sit in key=value
// folders, and per file where each output column is. Morsels are row groups, numbered
// across files in file order, so BatchIndex keeps the files' order. Only the column
// chunks of projected columns are read. Pushed-down filters skip files by their partition
// values (before they are opened: with Hive partitions only the first file is opened at
// bind) and row groups by their min/max/null_count statistics.
// Thread safety: immutable after Bind; the global state hands out row groups under an
// atomic counter, so Scan may run on several threads with separate local states.
class ParquetTableBinding : public TableScanBinding {
 public:
  static Result<std::unique_ptr<TableScanBinding>> Bind(const TableFunctionInput& input);

  std::unique_ptr<TableScanGlobalState> InitGlobal(
      const std::vector<idx_t>& projected_columns) const override;
  std::unique_ptr<TableScanGlobalState> InitGlobalFiltered(
      const std::vector<idx_t>& projected_columns,
      const std::vector<TableFilter>& filters) const override;
  // Hands out only the first row groups that together hold `row_cap` rows.
  std::unique_ptr<TableScanGlobalState> InitGlobalCapped(
      const std::vector<idx_t>& projected_columns, const std::vector<TableFilter>& filters,
      idx_t row_cap) const override;
  std::unique_ptr<TableScanLocalState> InitLocal(TableScanGlobalState& global) const override;
  void Scan(TableScanGlobalState& global, TableScanLocalState& local,
            DataChunk& output) const override;
  size_t MaxThreads(const TableScanGlobalState& global) const override;
  double Progress(const TableScanGlobalState& global) const override;
  idx_t BatchIndex(const TableScanLocalState& local) const override;
  double EstimatedRows() const override { return estimated_rows_; }
  std::vector<std::string> ExplainFilters(const std::vector<TableFilter>& filters) const override;
  std::vector<std::string> ScanReport(const TableScanGlobalState& global) const override;
  std::string ToString() const override;

 private:
  ParquetTableBinding() = default;

  // Where each schema column is in `file`, or an error when its columns differ.
  Result<std::vector<idx_t>> MatchColumns(const ParquetFile& file) const;
  // Per file, whether the partition filters keep it.
  std::vector<bool> SelectFiles(const std::vector<TableFilter>& filters) const;

  std::vector<std::string> patterns_;
  std::vector<std::string> paths_;
  std::string first_path_;
  // Per path: the file opened at bind (null: opened by the scan) and column_index_[f][c],
  // the index in its columns() of output column c.
  std::vector<std::shared_ptr<const ParquetFile>> files_;
  std::vector<std::vector<idx_t>> column_index_;
  size_t schema_columns_ = 0;  // Output columns before the partition and filename columns.
  std::optional<HivePartitions> partitions_;
  double estimated_rows_ = 0;
};

}  // namespace tarn
