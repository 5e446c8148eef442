#include "execution/operator/physical_table_scan.h"

#include "execution/pipeline.h"

namespace tarn {

namespace {

// When profiling, hands the binding's report of the finished scan to EXPLAIN ANALYZE: the
// state is destroyed once its pipeline has run.
struct ScanGlobal : GlobalSourceState {
  ~ScanGlobal() override {
    if (!profile || !state) return;
    std::vector<std::string> report = binding->ScanReport(*state);
    std::lock_guard<std::mutex> lock(profile->details_mutex);
    profile->details.insert(profile->details.end(), report.begin(), report.end());
  }
  std::unique_ptr<TableScanGlobalState> state;
  const TableScanBinding* binding = nullptr;
  OperatorProfile* profile = nullptr;
};
struct ScanLocal : LocalSourceState {
  std::unique_ptr<TableScanLocalState> state;
};

}  // namespace

PhysicalTableScan::PhysicalTableScan(std::shared_ptr<const TableScanBinding> binding,
                                     std::vector<idx_t> projected_columns,
                                     std::vector<LogicalType> types, double estimated_rows,
                                     std::vector<TableFilter> filters, std::optional<idx_t> row_cap)
    : PhysicalOperator("TABLE_SCAN", std::move(types), estimated_rows),
      binding_(std::move(binding)),
      projected_columns_(std::move(projected_columns)),
      filters_(std::move(filters)),
      row_cap_(row_cap) {}

std::unique_ptr<GlobalSourceState> PhysicalTableScan::GetGlobalSourceState(
    ExecutionContext& context) const {
  auto global = std::make_unique<ScanGlobal>();
  global->state = row_cap_ ? binding_->InitGlobalCapped(projected_columns_, filters_, *row_cap_)
                           : binding_->InitGlobalFiltered(projected_columns_, filters_);
  global->binding = binding_.get();
  if (context.profiling()) global->profile = &context.Profile(*this);
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
  if (!filters_.empty()) {
    std::string pushed;
    for (const TableFilter& filter : filters_) {
      if (!pushed.empty()) pushed += " AND ";
      pushed += filter.ToString(binding_->names()[filter.column]);
    }
    details.push_back("pushed filters: " + pushed);
    for (auto& line : binding_->ExplainFilters(filters_)) details.push_back(std::move(line));
  }
  if (row_cap_) details.push_back("pushed limit: " + std::to_string(*row_cap_));
  return details;
}

}  // namespace tarn
