#pragma once

#include "execution/physical_operator.h"
#include "planner/bound_expression.h"

namespace tarn {

// Keeps the rows for which the predicate is TRUE by attaching a selection to the chunk;
// column data is not copied. A conjunction of conjuncts that cannot fail (comparisons, IN
// sets, NULL tests) is evaluated conjunct by conjunct in an order each thread adapts to
// the measured cost and selectivity of each conjunct.
// Thread safety: Execute keeps all mutable state in the thread's OperatorState.
class PhysicalFilter : public PhysicalOperator {
 public:
  PhysicalFilter(BoundExpressionPtr predicate, std::vector<LogicalType> types,
                 double estimated_rows);

  std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;
  std::vector<std::string> Details() const override { return {predicate_->ToString()}; }

 private:
  idx_t SelectAdaptive(DataChunk& input, OperatorState& state) const;

  BoundExpressionPtr predicate_;
  bool adaptive_ = false;
};

}  // namespace tarn
