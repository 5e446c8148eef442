#include "function/value_rows_binding.h"

#include <algorithm>
#include <atomic>

namespace tarn {

namespace {

struct ValueRowsGlobal : public TableScanGlobalState {
  std::vector<idx_t> projected_columns;
  std::atomic<size_t> next_row{0};
};

}  // namespace

ValueRowsBinding::ValueRowsBinding(std::string description, std::vector<std::string> names,
                                   std::vector<LogicalType> types,
                                   std::vector<std::vector<Value>> rows)
    : description_(std::move(description)), rows_(std::move(rows)) {
  names_ = std::move(names);
  types_ = std::move(types);
}

std::unique_ptr<TableScanGlobalState> ValueRowsBinding::InitGlobal(
    const std::vector<idx_t>& projected_columns) const {
  auto global = std::make_unique<ValueRowsGlobal>();
  global->projected_columns = projected_columns;
  return global;
}

std::unique_ptr<TableScanLocalState> ValueRowsBinding::InitLocal(
    TableScanGlobalState& global) const {
  return std::make_unique<TableScanLocalState>();
}

void ValueRowsBinding::Scan(TableScanGlobalState& global_state, TableScanLocalState& local,
                            DataChunk& output) const {
  auto& global = static_cast<ValueRowsGlobal&>(global_state);
  std::vector<LogicalType> types;
  for (idx_t column : global.projected_columns) types.push_back(types_[column]);
  if (output.ColumnCount() != types.size()) output.Initialize(types);
  output.Reset();
  size_t start = global.next_row.fetch_add(kVectorSize);
  if (start >= rows_.size()) {
    global.next_row = rows_.size();
    output.SetSize(0);
    return;
  }
  size_t end = std::min(rows_.size(), start + kVectorSize);
  for (size_t row = start; row < end; row++) {
    for (size_t i = 0; i < global.projected_columns.size(); i++) {
      output.column(i).SetValue(row - start, rows_[row][global.projected_columns[i]]);
    }
  }
  output.SetSize(end - start);
}

}  // namespace tarn
