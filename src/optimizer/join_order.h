#pragma once

#include "planner/logical_operator.h"

namespace tarn {

// Reorders trees of inner joins by estimated cardinality, so that the order tables are
// written in does not decide the plan: the tables (and subplans that are not inner joins)
// of each inner-join tree are joined greedily, starting from the smallest, each time adding
// the table that keeps the estimated intermediate result smallest, and preferring tables
// connected by an equality condition over cross products. Each condition is attached at the
// first join where all the columns it uses are available. A projection on top restores the
// tree's original column order. Expects filters already pushed down.
LogicalOperatorPtr ReorderJoins(LogicalOperatorPtr plan);

}  // namespace tarn
