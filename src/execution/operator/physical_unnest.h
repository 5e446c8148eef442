#pragma once

#include "execution/physical_operator.h"
#include "planner/bound_expression.h"

namespace tarn {

// Turns each input row into one output row per element of its lists: the input columns
// repeat, and each LIST expression contributes its element (a MAP its key and value).
// Lists of one row are read side by side, padded with NULLs to the longest; a row whose
// lists are all empty or NULL yields nothing, or with `outer` one row of NULL elements.
// With `ordinality` a last BIGINT column numbers the elements from 1.
// Output can exceed the input chunk: Execute returns kHaveMoreOutput until the chunk's
// rows are spent. Streaming; each thread keeps its position in its OperatorState.
class PhysicalUnnest : public PhysicalOperator {
 public:
  PhysicalUnnest(std::vector<BoundExpressionPtr> lists, std::vector<LogicalType> types, bool outer,
                 bool ordinality, double estimated_rows);

  std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;
  std::vector<std::string> Details() const override;

 private:
  std::vector<BoundExpressionPtr> lists_;
  bool outer_;
  bool ordinality_;
};

}  // namespace tarn
