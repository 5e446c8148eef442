#pragma once

#include <memory>

#include "catalog/catalog.h"
#include "execution/physical_operator.h"

namespace tarn {

// Scans materialized rows (a session table's snapshot, a VALUES list, or one empty row for
// SELECT without FROM), outputting the projected columns. Chunks are handed out to threads
// one at a time, so scans of large tables run in parallel.
class PhysicalRowsScan : public PhysicalOperator {
 public:
  PhysicalRowsScan(std::string label, std::shared_ptr<const TableRows> rows,
                   std::vector<idx_t> projected_columns, std::vector<LogicalType> types,
                   double estimated_rows);

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ExecutionContext& context) const override;
  void GetData(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
               DataChunk& output) const override;
  std::unique_ptr<LocalSourceState> GetLocalSourceState(ExecutionContext& context,
                                                        GlobalSourceState& global) const override;
  idx_t BatchIndex(GlobalSourceState& global, LocalSourceState& local) const override;
  size_t MaxThreads(GlobalSourceState& global) const override;
  double Progress(GlobalSourceState& global) const override;
  std::vector<std::string> Details() const override { return {label_}; }

 private:
  std::string label_;
  std::shared_ptr<const TableRows> rows_;
  std::vector<idx_t> projected_columns_;
};

}  // namespace tarn
