#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formats/csv/csv_options.h"
#include "formats/csv/csv_reader.h"
#include "formats/csv/csv_sniffer.h"
#include "formats/hive_partitioning.h"
#include "function/table_function.h"

namespace tarn {

// CsvTableBinding is a bound read_csv(...) call: the expanded file list, the sniffed (or
// declared) schema, and the scan plan. Scans hand out morsels: byte ranges of about 8 MB of
// large uncompressed files whose sample had no quoted line breaks, otherwise whole files.
// Thread safety: immutable after Bind; the global state hands out morsels under an atomic
// counter, so Scan may run on several threads with separate local states.
class CsvTableBinding : public TableScanBinding {
 public:
  static Result<std::unique_ptr<TableScanBinding>> Bind(const TableFunctionInput& input);
  // Binds already-parsed options (for callers other than SQL, and tests).
  static Result<std::unique_ptr<CsvTableBinding>> BindOptions(const CsvReadOptions& options);

  std::unique_ptr<TableScanGlobalState> InitGlobal(
      const std::vector<idx_t>& projected_columns) const override;
  // Skips the files whose Hive partition values fail the filters.
  std::unique_ptr<TableScanGlobalState> InitGlobalFiltered(
      const std::vector<idx_t>& projected_columns,
      const std::vector<TableFilter>& filters) const override;
  // Scans on as many threads as byte ranges are expected to hold `row_cap` rows.
  std::unique_ptr<TableScanGlobalState> InitGlobalCapped(
      const std::vector<idx_t>& projected_columns, const std::vector<TableFilter>& filters,
      idx_t row_cap) const override;
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

  const CsvScanPlan& plan() const { return plan_; }
  const std::vector<std::string>& files() const { return files_; }

  // Morsel size for byte-range scans; tests lower it to exercise range boundaries.
  void set_morsel_size(uint64_t bytes) { morsel_size_ = bytes; }

 private:
  CsvTableBinding() = default;

  // Size, compression and column count of files_[index] (checked against the first file).
  Status CheckFile(size_t index, uint64_t* size, bool* compressed) const;
  // Per file, whether the partition filters keep it.
  std::vector<bool> SelectFiles(const std::vector<TableFilter>& filters) const;

  CsvReadOptions options_;
  std::vector<std::string> files_;
  std::vector<uint64_t> file_sizes_;
  std::vector<bool> file_compressed_;
  // Whether Bind checked the file; with Hive partitions the scan checks the files it reads.
  std::vector<bool> file_checked_;
  // Columns from key=value folders, after the CSV columns and before `filename`.
  std::optional<HivePartitions> partitions_;
  CsvScanPlan plan_;
  bool splittable_ = false;
  bool filename_column_ = false;
  double estimated_rows_ = -1;
  uint64_t morsel_size_ = 8ull * 1024 * 1024;
};

}  // namespace tarn
