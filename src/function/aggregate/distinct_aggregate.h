#pragma once

#include "function/aggregate/aggregate_function.h"

namespace tarn {

// Wraps `inner` so that it sees each distinct input row (the tuple of its arguments) once:
// count(DISTINCT x), sum(DISTINCT x), string_agg(DISTINCT x, sep). The wrapper's state
// holds the set of distinct rows, encoded as byte strings; combine merges the sets and
// finalize feeds every distinct row into a temporary inner state, then finalizes that.
// Rows whose first argument is NULL are skipped, as every aggregate skips them.
// Thread safety: as any aggregate, functions may run concurrently on distinct states.
AggregateFunction MakeDistinctAggregate(AggregateFunction inner);

}  // namespace tarn
