#pragma once

#include "planner/logical_operator.h"

namespace tarn {

// Recomputes LogicalOperator::estimated_rows of every operator of `plan` from its
// children, bottom up, so that the estimates EXPLAIN shows and the physical planner uses
// agree with the plan as rewritten. The binder sets estimates when it builds each operator;
// rewrites then replace subtrees under them (a FROM list bound as a cross product becomes
// reordered hash joins), which leaves the operators above with estimates of the old
// subtree (a product of table sizes, up to 1e18).
//
// What is kept, because nothing below knows better: scans (their table function's or the
// table's count, or a sample's), filters directly over a scan (possibly sampled), and the
// join order's estimate of each inner join with conditions. Everything else follows its
// inputs: projections, windows and sorts keep their input's count, a LIMIT caps it, a
// UNION ALL adds its inputs, a filter halves its input per condition, an ungrouped
// aggregate gives one row, and a grouped one the product of its group columns' distinct
// values in a sample of the session tables they come from (CardinalityEstimator), or else
// a tenth of its input (DISTINCT: all of it); never more groups than input rows.
// Not thread safe (edits the plan in place).
void RecomputeRowEstimates(LogicalOperator& plan);

}  // namespace tarn
