#pragma once

#include "execution/physical_operator.h"

namespace tarn {

// UNION ALL streams its inputs: each input becomes its own pipeline through the operators
// above the union into the same sink (PipelineBuilder::BuildUnionInputs), so no input is
// held in memory unless an operator above needs it. In each of those pipelines the union
// itself passes chunks through unchanged (and counts them for EXPLAIN ANALYZE). Inputs
// run one after another, in order; a sink that keeps input order gets the first input's
// rows before the second's.
class PhysicalUnionAll : public PhysicalOperator {
 public:
  PhysicalUnionAll(std::vector<LogicalType> types, double estimated_rows)
      : PhysicalOperator("UNION_ALL", std::move(types), estimated_rows) {}

  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;
  void BuildPipelines(PipelineBuilder& builder) const override;
};

}  // namespace tarn
