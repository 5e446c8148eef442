#pragma once

#include "function/aggregate/aggregate_function.h"

namespace tarn {

// array_agg(x) / list(x): the values of a group, NULLs included, as a LIST of the input
// type (NULL for a group with no rows). Values keep the order the rows arrive in, which
// for a parallel aggregation is not the input order: sort the list (list_sort) or the
// input when order matters. Each group keeps its own Vector of values, with strings copied
// into it so that the group does not pin the input's buffers.
AggregateFunction ArrayAggregate(const LogicalType& type);

}  // namespace tarn
