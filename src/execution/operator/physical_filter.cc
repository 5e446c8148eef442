#include "execution/operator/physical_filter.h"

#include "execution/expression_executor.h"

namespace tarn {

namespace {

struct FilterState : OperatorState {
  ExpressionExecutor executor;
  std::vector<uint32_t> rows;
};

}  // namespace

PhysicalFilter::PhysicalFilter(BoundExpressionPtr predicate, std::vector<LogicalType> types,
                               double estimated_rows)
    : PhysicalOperator("FILTER", std::move(types), estimated_rows),
      predicate_(std::move(predicate)) {}

std::unique_ptr<OperatorState> PhysicalFilter::GetOperatorState(ExecutionContext&) const {
  return std::make_unique<FilterState>();
}

OperatorResult PhysicalFilter::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                       OperatorState& state) const {
  auto& filter_state = static_cast<FilterState&>(state);
  filter_state.rows.resize(input.size());
  idx_t count = filter_state.executor.Select(*predicate_, input, filter_state.rows.data());
  output.Reference(input);
  if (count < input.size()) output.Slice(filter_state.rows.data(), count);
  return OperatorResult::kNeedMoreInput;
}

}  // namespace tarn
