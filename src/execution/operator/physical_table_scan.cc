#include "execution/operator/physical_table_scan.h"

namespace tarn {

namespace {

struct ScanGlobal : GlobalSourceState {
  std::unique_ptr<TableScanGlobalState> state;
};
struct ScanLocal : LocalSourceState {
  std::unique_ptr<TableScanLocalState> state;
};

}  // namespace

PhysicalTableScan::PhysicalTableScan(std::shared_ptr<const TableScanBinding> binding,
                                     std::vector<idx_t> projected_columns,
                                     std::vector<LogicalType> types, double estimated_rows)
    : PhysicalOperator("TABLE_SCAN", std::move(types), estimated_rows),
      binding_(std::move(binding)),
      projected_columns_(std::move(projected_columns)) {}

std::unique_ptr<GlobalSourceState> PhysicalTableScan::GetGlobalSourceState(
    ExecutionContext&) const {
  auto global = std::make_unique<ScanGlobal>();
  global->state = binding_->InitGlobal(projected_columns_);
  return global;
}

std::unique_ptr<LocalSourceState> PhysicalTableScan::GetLocalSourceState(
    ExecutionContext&, GlobalSourceState& global) const {
  auto local = std::make_unique<ScanLocal>();
  local->state = binding_->InitLocal(*static_cast<ScanGlobal&>(global).state);
  return local;
}

void PhysicalTableScan::GetData(ExecutionContext&, GlobalSourceState& global,
                                LocalSourceState& local, DataChunk& output) const {
  binding_->Scan(*static_cast<ScanGlobal&>(global).state, *static_cast<ScanLocal&>(local).state,
                 output);
}

idx_t PhysicalTableScan::BatchIndex(GlobalSourceState&, LocalSourceState& local) const {
  return binding_->BatchIndex(*static_cast<ScanLocal&>(local).state);
}

size_t PhysicalTableScan::MaxThreads(GlobalSourceState& global) const {
  return binding_->MaxThreads(*static_cast<ScanGlobal&>(global).state);
}

double PhysicalTableScan::Progress(GlobalSourceState& global) const {
  return binding_->Progress(*static_cast<ScanGlobal&>(global).state);
}

std::vector<std::string> PhysicalTableScan::Details() const {
  std::vector<std::string> details{binding_->ToString()};
  std::string columns;
  for (idx_t index : projected_columns_) {
    if (!columns.empty()) columns += ", ";
    columns += binding_->names()[index];
  }
  details.push_back("columns: " + columns);
  return details;
}

}  // namespace tarn
