#pragma once

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
