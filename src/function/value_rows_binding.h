#pragma once

#include <string>
#include <vector>

#include "function/table_function.h"
#include "types/value.h"

namespace tarn {

// ValueRowsBinding is a table whose rows were computed when it was bound (parquet_schema,
// parquet_metadata, the information_schema and tarn_catalog views): a list of value rows
// handed out in vector-sized morsels.
// Thread safety: immutable; Scan may run on several threads (the global state hands out
// row ranges atomically).
class ValueRowsBinding : public TableScanBinding {
 public:
  ValueRowsBinding(std::string description, std::vector<std::string> names,
                   std::vector<LogicalType> types, std::vector<std::vector<Value>> rows);

  std::unique_ptr<TableScanGlobalState> InitGlobal(
      const std::vector<idx_t>& projected_columns) const override;
  std::unique_ptr<TableScanLocalState> InitLocal(TableScanGlobalState& global) const override;
  void Scan(TableScanGlobalState& global_state, TableScanLocalState& local,
            DataChunk& output) const override;
  double EstimatedRows() const override { return static_cast<double>(rows_.size()); }
  std::string ToString() const override { return description_; }

 private:
  std::string description_;
  std::vector<std::vector<Value>> rows_;
};

}  // namespace tarn
