#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "planner/bound_expression.h"
#include "vector/data_chunk.h"

namespace tarn {

// ExpressionExecutor evaluates bound expressions over chunks, one kernel call per node and
// chunk. The input chunk may carry a selection; results are dense vectors with
// input.size() rows. Boolean predicates can instead be evaluated with Select(), which
// narrows progressively through AND so that `x <> 0 AND 1 / x > 1` never divides by zero.
// Thread safety: none. Each pipeline thread owns one executor (it caches scratch vectors).
class ExpressionExecutor {
 public:
  ExpressionExecutor() = default;

  // result must have the expression's type and capacity >= input.size().
  void Execute(const BoundExpression& expression, DataChunk& input, Vector& result);
  // Writes into true_rows the logical rows of `input` for which `predicate` is TRUE (not
  // NULL, not FALSE); returns how many.
  idx_t Select(const BoundExpression& predicate, DataChunk& input, uint32_t* true_rows);

 private:
  void Evaluate(const BoundExpression& expression, DataChunk& input, Vector& result);
  void EvaluateCase(const BoundExpression& expression, DataChunk& input, Vector& result);
  // kInSet over a short list of integer or string constants, compared directly; false
  // (nothing written) when the set is not such a list.
  bool EvaluateSmallInSet(const BoundExpression& expression, const Vector& argument, idx_t count,
                          Vector& result);
  DataChunk& Scratch(const BoundExpression& expression, idx_t count);

  std::unordered_map<const BoundExpression*, std::unique_ptr<DataChunk>> scratch_;
};

// Copies source[i] into target[positions[i]] for i < count (types must match).
void ScatterRows(const Vector& source, const uint32_t* positions, idx_t count, Vector& target);
// Fills rows [0, count) of `target` with `value`.
void FillConstant(const Value& value, idx_t count, Vector& target);

}  // namespace tarn
