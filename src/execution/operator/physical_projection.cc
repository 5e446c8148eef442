#include "execution/operator/physical_projection.h"

#include "execution/expression_executor.h"

namespace tarn {

namespace {

struct ProjectionState : OperatorState {
  ExpressionExecutor executor;
};

std::vector<LogicalType> TypesOf(const std::vector<BoundExpressionPtr>& expressions) {
  std::vector<LogicalType> types;
  for (const auto& expression : expressions) types.push_back(expression->type);
  return types;
}

}  // namespace

PhysicalProjection::PhysicalProjection(std::vector<BoundExpressionPtr> expressions,
                                       double estimated_rows)
    : PhysicalOperator("PROJECTION", TypesOf(expressions), estimated_rows),
      expressions_(std::move(expressions)) {}

std::unique_ptr<OperatorState> PhysicalProjection::GetOperatorState(ExecutionContext&) const {
  return std::make_unique<ProjectionState>();
}

OperatorResult PhysicalProjection::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                           OperatorState& state) const {
  auto& executor = static_cast<ProjectionState&>(state).executor;
  for (size_t i = 0; i < expressions_.size(); i++) {
    executor.Execute(*expressions_[i], input, output.column(i));
  }
  output.SetSize(input.size());
  return OperatorResult::kNeedMoreInput;
}

std::vector<std::string> PhysicalProjection::Details() const {
  std::vector<std::string> details;
  for (const auto& expression : expressions_) details.push_back(expression->ToString());
  return details;
}

}  // namespace tarn
