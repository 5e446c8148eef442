#pragma once

#include "planner/logical_operator.h"

namespace tarn {

// Common subexpression elimination. Within one projection, or within the group
// expressions and aggregate arguments of one aggregate, a subexpression that occurs more
// than once is computed once: a new projection below the operator produces it as an extra
// column (beside the input columns the operator still reads), and every occurrence becomes
// a reference to that column. TPC-H Q1's l_extendedprice * (1 - l_discount), used alone
// and inside the charge, is then multiplied once per row. EXPLAIN shows the shared
// expression in the new projection and its users referring to it as shared_1, shared_2...
//
// What is shared:
//  - only expressions that read columns and call no volatile function (random() gives each
//    occurrence its own values); column references and constants are not worth it;
//  - only expressions that are evaluated on every input row anyway: at least one
//    occurrence must lie outside a guarded position (a CASE's THEN, ELSE and later WHEN
//    parts, the operands of AND and OR after the first, the arguments of coalesce, ifnull
//    and nvl after the first). Computing an expression found only in guarded positions for
//    every row could raise an error its guard avoids, as in
//    CASE WHEN x <> 0 THEN 1 / x END. Aggregate arguments count as evaluated on every row
//    (the hash aggregate computes them before it applies a FILTER).
// The largest repeated expression is shared first, so a repeated expression inside it is
// shared only where it also occurs elsewhere. Filters and join conditions are left alone:
// their conjuncts are evaluated on the rows earlier conjuncts kept, in an adaptive order.
//
// Must run after MergeProjections, which would fold the new projection back into its user.
// Rewrites the plan in place; no state, so safe to call from any thread on its own plan.
void EliminateCommonSubexpressions(LogicalOperator& plan);

}  // namespace tarn
