#pragma once

#include "planner/logical_operator.h"

namespace tarn {

// Rewrites a logical plan for speed without changing its result:
//  - filter pushdown: WHERE conjuncts move below projections, aggregates (on group
//    columns) and into the sides of joins they reference; conjuncts that reference both
//    sides of an inner join become join conditions (so FROM a, b WHERE a.x = b.y is a
//    hash join, not a cross product);
//  - semi-join reduction: a join with a grouped input (a decorrelated scalar subquery)
//    first limits the aggregate's input to keys that a small filtered scan of the other
//    side holds (see ReduceGroupedJoinInputs in the .cc file);
//  - projection pushdown: every operator keeps only the columns someone above needs, down
//    to the scans, so readers parse only those columns;
//  - common subexpressions: an expression repeated within a projection or an aggregate is
//    computed once, in a projection below (see common_subexpressions.h).
LogicalOperatorPtr Optimize(LogicalOperatorPtr plan);

}  // namespace tarn
