#pragma once

#include "function/aggregate/aggregate_function.h"

namespace tarn {

// mode(x): the most frequent non-NULL value of a group, of the input type; among equally
// frequent values the smallest (in the order of min/max), so that the answer does not
// depend on how rows were split between threads. -0.0 counts as 0.0 and all NaNs as one
// value. Each group keeps a hash table of its distinct values and their counts.
AggregateFunction ModeAggregate(const LogicalType& type);

}  // namespace tarn
