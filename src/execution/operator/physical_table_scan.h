#pragma once

#include <memory>
#include <optional>

#include "execution/physical_operator.h"
#include "function/table_function.h"

namespace tarn {

// Scans a table function (a CSV file or glob) and outputs only the projected columns.
// Parallelism comes from the binding's morsels (byte ranges, files). `filters` are the
// pushed-down conditions the binding may use to skip files and row groups (a Filter
// above still checks every row); EXPLAIN lists them, and EXPLAIN ANALYZE adds the
// binding's report of what it skipped. `row_cap` is a pushed-down LIMIT: the most rows
// the query needs from the scan, which the binding may use to read less.
class PhysicalTableScan : public PhysicalOperator {
 public:
  PhysicalTableScan(std::shared_ptr<const TableScanBinding> binding,
                    std::vector<idx_t> projected_columns, std::vector<LogicalType> types,
                    double estimated_rows, std::vector<TableFilter> filters = {},
                    std::optional<idx_t> row_cap = std::nullopt);

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSourceState> GetLocalSourceState(ExecutionContext& context,
                                                        GlobalSourceState& global) const override;
  void GetData(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
               DataChunk& output) const override;
  size_t MaxThreads(GlobalSourceState& global) const override;
  idx_t BatchIndex(GlobalSourceState& global, LocalSourceState& local) const override;
  double Progress(GlobalSourceState& global) const override;
  std::vector<std::string> Details() const override;

 private:
  std::shared_ptr<const TableScanBinding> binding_;
  std::vector<idx_t> projected_columns_;
  std::vector<TableFilter> filters_;
  std::optional<idx_t> row_cap_;
};

}  // namespace tarn
