#include "execution/operator/physical_rows_scan.h"

#include <atomic>

namespace tarn {

namespace {

struct RowsScanGlobal : GlobalSourceState {
  std::atomic<size_t> next_chunk{0};
};

struct RowsScanLocal : LocalSourceState {
  size_t chunk_index = 0;
};

}  // namespace

PhysicalRowsScan::PhysicalRowsScan(std::string label, std::shared_ptr<const TableRows> rows,
                                   std::vector<idx_t> projected_columns,
                                   std::vector<LogicalType> types, double estimated_rows)
    : PhysicalOperator("SCAN", std::move(types), estimated_rows),
      label_(std::move(label)),
      rows_(std::move(rows)),
      projected_columns_(std::move(projected_columns)) {}

std::unique_ptr<GlobalSourceState> PhysicalRowsScan::GetGlobalSourceState(ExecutionContext&) const {
  return std::make_unique<RowsScanGlobal>();
}

std::unique_ptr<LocalSourceState> PhysicalRowsScan::GetLocalSourceState(ExecutionContext&,
                                                                        GlobalSourceState&) const {
  return std::make_unique<RowsScanLocal>();
}

idx_t PhysicalRowsScan::BatchIndex(GlobalSourceState&, LocalSourceState& local) const {
  return static_cast<RowsScanLocal&>(local).chunk_index;
}

void PhysicalRowsScan::GetData(ExecutionContext&, GlobalSourceState& global,
                               LocalSourceState& local, DataChunk& output) const {
  auto& state = static_cast<RowsScanGlobal&>(global);
  while (true) {
    size_t index = state.next_chunk.fetch_add(1);
    static_cast<RowsScanLocal&>(local).chunk_index = index;
    if (index >= rows_->size()) return;
    const DataChunk& chunk = (*rows_)[index];
    if (chunk.size() == 0) continue;
    TARN_CHECK(chunk.size() <= output.capacity(), "stored chunk larger than a vector");
    for (size_t i = 0; i < projected_columns_.size(); i++) {
      output.column(i).Reference(chunk.column(projected_columns_[i]));
    }
    output.SetSize(chunk.size());
    return;
  }
}

size_t PhysicalRowsScan::MaxThreads(GlobalSourceState&) const { return rows_->size(); }

double PhysicalRowsScan::Progress(GlobalSourceState& global) const {
  if (rows_->empty()) return 1;
  auto& state = static_cast<RowsScanGlobal&>(global);
  return std::min(1.0, static_cast<double>(state.next_chunk.load()) / rows_->size());
}

}  // namespace tarn
