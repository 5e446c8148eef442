#include "execution/operator/physical_union_all.h"

#include "execution/pipeline.h"

namespace tarn {

OperatorResult PhysicalUnionAll::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                         OperatorState&) const {
  output.Reference(input);
  return OperatorResult::kNeedMoreInput;
}

void PhysicalUnionAll::BuildPipelines(PipelineBuilder& builder) const {
  auto& operators = builder.current().operators;
  operators.insert(operators.begin(), this);
  builder.BuildUnionInputs(*this);
}

}  // namespace tarn
