#pragma once

#include <functional>

#include "planner/bound_expression.h"
#include "planner/logical_operator.h"

namespace tarn {

struct AggregateFunction;

// Pieces shared by the decorrelation of correlated subqueries (expression_binder.cc) and
// of LATERAL subqueries (lateral_join.cc): both turn a subquery that refers to the outer
// row into a join of the outer plan with the subquery's plan.

// Whether the expression, or the plan anywhere (expressions, aggregate arguments, orders,
// window arguments, partitions and orders), refers to the outer query's columns.
bool HasOuterReference(const BoundExpression& expression);
bool PlanHasOuterReference(const LogicalOperator& op);
// The same for the operator's own expressions only, not its children's.
bool OperatorHasOuterReference(const LogicalOperator& op);

// Calls `visit` on every expression the operator itself holds (not its children's).
void ForEachOperatorExpression(LogicalOperator& op,
                               const std::function<void(BoundExpression&)>& visit);

// Whether the condition is `inner = outer` (either order): one side refers to the outer
// query and to nothing else, the other side does not refer to the outer query.
bool IsOuterEquality(const BoundExpression& condition);

// Whether any expression of the plan calls a volatile function (random()).
bool PlanIsVolatile(const LogicalOperator& op);

// INTERSECT ALL (`intersect`) or EXCEPT ALL of two plans with columns of `types`, as a plan
// (for correlated subqueries, which cannot be run while binding): each row is numbered
// within its group of equal rows on both sides (row_number() OVER (PARTITION BY every
// column)), and a left row is kept when a right row with the same values and number
// exists (INTERSECT ALL: min of the counts) or does not (EXCEPT ALL: the difference).
LogicalOperatorPtr MultisetOperationPlan(bool intersect, LogicalOperatorPtr left,
                                         LogicalOperatorPtr right,
                                         const std::vector<LogicalType>& types);

// The value output expression `output` of a projection over `aggregate` (an aggregate
// without GROUP BY) has when the aggregate saw no rows (count 0, sum NULL...), as a
// constant when it is one. Outer references become references to the leading columns of
// a join's rows.
BoundExpressionPtr ValueOverNoRows(const BoundExpression& output, const LogicalOperator& aggregate);

// Rewrites an expression of the subquery to run over the join's rows [outer columns...,
// subquery columns...]: outer references become column references at their position, the
// subquery's own columns move right by `outer_width`.
void RebaseOverJoin(BoundExpression& expression, idx_t outer_width);

// Adds `delta` to every column reference of the expression.
void ShiftColumnRefs(BoundExpression& expression, idx_t delta);

// An aggregate's value over no rows (count: 0, sum: NULL): its state initialized and
// finalized at once.
Value EmptyAggregateValue(const AggregateFunction& function);

}  // namespace tarn
