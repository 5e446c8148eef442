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
// narrows progressively through AND.
// Conditional operands are evaluated only on the rows that need them, so that a condition
// guards its operands against errors (`x <> 0 AND 10 / x > 1` never divides by zero): a
// CASE branch on the rows its WHEN claims; an AND operand on the rows where the operands
// before it are not FALSE (OR: not TRUE); a coalesce / ifnull / nvl argument on the rows
// where the arguments before it are NULL. When every row needs an operand, it is
// evaluated on the whole chunk.
// Thread safety: none. Each pipeline thread owns one executor (it caches scratch vectors).
class ExpressionExecutor {
 public:
  ExpressionExecutor() = default;

  // result must have the expression's type and capacity >= input.size().
  void Execute(const BoundExpression& expression, DataChunk& input, Vector& result);
  // Like Execute, but evaluates `expression` only on the rows where the BOOLEAN `condition`
  // (input.size() rows) is TRUE; the other rows of `result` are NULL.
  void ExecuteWhere(const BoundExpression& expression, DataChunk& input, const Vector& condition,
                    Vector& result);
  // Writes into true_rows the logical rows of `input` for which `predicate` is TRUE (not
  // NULL, not FALSE); returns how many.
  idx_t Select(const BoundExpression& predicate, DataChunk& input, uint32_t* true_rows);

 private:
  void Evaluate(const BoundExpression& expression, DataChunk& input, Vector& result);
  void EvaluateCase(const BoundExpression& expression, DataChunk& input, Vector& result);
  // AND / OR, each operand on the rows that the ones before it left undecided.
  void EvaluateConnective(const BoundExpression& expression, DataChunk& input, Vector& result);
  // coalesce / ifnull / nvl, each argument on the rows that the ones before it left NULL.
  void EvaluateCoalesce(const BoundExpression& expression, DataChunk& input, Vector& result);
  // Evaluates `expression` on the logical rows `rows[0..row_count)` of `input`; `result`
  // gets row_count dense rows.
  void EvaluateOnRows(const BoundExpression& expression, DataChunk& input, const uint32_t* rows,
                      idx_t row_count, Vector& result);
  // A row list of at least `count` entries owned by `expression`'s node.
  std::vector<uint32_t>& RowBuffer(const BoundExpression& expression, idx_t count);
  // kInSet over a short list of integer or string constants, compared directly; false
  // (nothing written) when the set is not such a list.
  bool EvaluateSmallInSet(const BoundExpression& expression, const Vector& argument, idx_t count,
                          Vector& result);
  DataChunk& Scratch(const BoundExpression& expression, idx_t count);

  std::unordered_map<const BoundExpression*, std::unique_ptr<DataChunk>> scratch_;
  std::unordered_map<const BoundExpression*, std::vector<uint32_t>> row_buffers_;
};

// Copies source[i] into target[positions[i]] for i < count (types must match).
void ScatterRows(const Vector& source, const uint32_t* positions, idx_t count, Vector& target);
// Fills rows [0, count) of `target` with `value`.
void FillConstant(const Value& value, idx_t count, Vector& target);

}  // namespace tarn
