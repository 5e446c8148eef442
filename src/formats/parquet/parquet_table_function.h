#pragma once

#include <memory>
#include <string>
#include <vector>

#include "formats/parquet/parquet_reader.h"
#include "function/table_function.h"

namespace tarn {

// ParquetTableBinding is a bound read_parquet(...) call: the expanded file list with each
// file's footer, the common schema, and per file where each output column is. Morsels are
// row groups, numbered across files in file order, so BatchIndex keeps the files' order.
// Only the column chunks of projected columns are read.
// Thread safety: immutable after Bind; the global state hands out row groups under an
// atomic counter, so Scan may run on several threads with separate local states.
class ParquetTableBinding : public TableScanBinding {
 public:
  static Result<std::unique_ptr<TableScanBinding>> Bind(const TableFunctionInput& input);

  std::unique_ptr<TableScanGlobalState> InitGlobal(
      const std::vector<idx_t>& projected_columns) const override;
  std::unique_ptr<TableScanLocalState> InitLocal(TableScanGlobalState& global) const override;
  void Scan(TableScanGlobalState& global, TableScanLocalState& local,
            DataChunk& output) const override;
  size_t MaxThreads(const TableScanGlobalState& global) const override;
  double Progress(const TableScanGlobalState& global) const override;
  idx_t BatchIndex(const TableScanLocalState& local) const override;
  double EstimatedRows() const override { return estimated_rows_; }
  std::string ToString() const override;

 private:
  ParquetTableBinding() = default;

  std::vector<std::string> patterns_;
  std::vector<std::shared_ptr<const ParquetFile>> files_;
  // column_index_[f][c]: the index in files_[f]->columns() of output column c.
  std::vector<std::vector<idx_t>> column_index_;
  size_t schema_columns_ = 0;  // Output columns before the optional filename column.
  double estimated_rows_ = 0;
};

}  // namespace tarn
