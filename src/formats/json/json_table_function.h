#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formats/hive_partitioning.h"
#include "formats/json/json_options.h"
#include "formats/json/json_reader.h"
#include "function/table_function.h"

namespace tarn {

// JsonTableBinding is a bound read_json(...) call: the expanded file list, the inferred
// (or declared) schema, and the scan plan. Scans hand out morsels: byte ranges of about
// 8 MB of large uncompressed newline-delimited files, otherwise whole files; BatchIndex is
// the morsel's position, so results keep file order.
// Records skipped under ignore_errors are counted across all scans of the binding and
// shown by ToString (EXPLAIN ANALYZE).
// Thread safety: immutable after Bind except the atomic skip counter; the global state
// hands out morsels under an atomic counter, so Scan may run on several threads.
class JsonTableBinding : public TableScanBinding {
 public:
  static Result<std::unique_ptr<TableScanBinding>> Bind(const TableFunctionInput& input);
  static Result<std::unique_ptr<TableScanBinding>> BindNewlineDelimited(
      const TableFunctionInput& input);
  // Binds already-parsed options (for callers other than SQL, and tests).
  static Result<std::unique_ptr<JsonTableBinding>> BindOptions(const JsonReadOptions& options,
                                                               std::string function_name);

  std::unique_ptr<TableScanGlobalState> InitGlobal(
      const std::vector<idx_t>& projected_columns) const override;
  // Skips the files whose Hive partition values fail the filters.
  std::unique_ptr<TableScanGlobalState> InitGlobalFiltered(
      const std::vector<idx_t>& projected_columns,
      const std::vector<TableFilter>& filters) const override;
  std::vector<std::string> ExplainFilters(const std::vector<TableFilter>& filters) const override;
  std::vector<std::string> ScanReport(const TableScanGlobalState& global) const override;
  std::unique_ptr<TableScanLocalState> InitLocal(TableScanGlobalState& global) const override;
  void Scan(TableScanGlobalState& global, TableScanLocalState& local,
            DataChunk& output) const override;
  size_t MaxThreads(const TableScanGlobalState& global) const override;
  double Progress(const TableScanGlobalState& global) const override;
  idx_t BatchIndex(const TableScanLocalState& local) const override;
  double EstimatedRows() const override { return estimated_rows_; }
  std::string ToString() const override;

  const JsonScanPlan& plan() const { return plan_; }
  uint64_t skipped_records() const { return skipped_records_->load(); }
  // Morsel size for byte-range scans; tests lower it to exercise range boundaries.
  void set_morsel_size(uint64_t bytes) { morsel_size_ = bytes; }

 private:
  JsonTableBinding() = default;

  // Per file, whether the partition filters keep it.
  std::vector<bool> SelectFiles(const std::vector<TableFilter>& filters) const;

  std::string function_name_;
  JsonReadOptions options_;
  std::vector<std::string> files_;
  std::vector<uint64_t> file_sizes_;
  std::vector<bool> file_compressed_;
  // Columns from key=value folders, after the JSON columns and before `filename`.
  std::optional<HivePartitions> partitions_;
  JsonScanPlan plan_;
  bool filename_column_ = false;
  double estimated_rows_ = -1;
  uint64_t morsel_size_ = 8ull * 1024 * 1024;
  std::shared_ptr<std::atomic<uint64_t>> skipped_records_ =
      std::make_shared<std::atomic<uint64_t>>(0);
};

}  // namespace tarn
