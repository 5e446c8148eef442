#pragma once

#include "execution/physical_operator.h"
#include "planner/bound_expression.h"

namespace tarn {

// Computes one output column per expression; output chunks are dense.
class PhysicalProjection : public PhysicalOperator {
 public:
  PhysicalProjection(std::vector<BoundExpressionPtr> expressions, double estimated_rows);

  std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;
  std::vector<std::string> Details() const override;

 private:
  std::vector<BoundExpressionPtr> expressions_;
};

}  // namespace tarn
