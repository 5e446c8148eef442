#pragma once

#include "planner/logical_operator.h"

namespace tarn {

// Moves LIMIT (with its OFFSET) towards the scans, so that a query that needs a few rows
// reads a few rows. A LIMIT n OFFSET m needs at most n + m rows from its input, and that
// cap travels down:
//  - through projections (they keep every row);
//  - into each branch of a UNION ALL, as a LIMIT on the branch (the outer LIMIT stays);
//  - into the left input of a LEFT JOIN or a MARK join, and the right input of a RIGHT
//    JOIN, as a LIMIT on that input: each of its rows yields at least one output row, so
//    k of its rows give at least k output rows, all of them rows of the full result;
//  - into an ORDER BY, which becomes a top-N (or a smaller one);
//  - into a table scan as a row cap (LogicalOperator::limit on a kGet), a hint the scan
//    function may use to read less (see TableScanBinding::InitGlobalCapped).
// It stops at anything that may drop or combine rows: filters, aggregates (and DISTINCT),
// windows, unnests, inner, semi, anti and full joins. The LIMIT that started the cap
// always stays where it was, so the result is one the original plan could give.
// It decides where to add a LIMIT from the plan's estimated rows (run RecomputeRowEstimates
// first) and recomputes them afterwards. Runs on a plan after the other rewrites; not
// thread safe (it edits the plan in place).
void PushDownLimits(LogicalOperatorPtr& plan);

}  // namespace tarn
