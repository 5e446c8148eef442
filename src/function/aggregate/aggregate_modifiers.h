#pragma once

#include <vector>

#include "execution/key_encoder.h"
#include "function/aggregate/aggregate_function.h"

namespace tarn {

// Modifiers of an aggregate call, each a wrapper around the bound aggregate so that the
// hash aggregate and the window operator run them like any other aggregate.
// Thread safety: as any aggregate, functions may run concurrently on distinct states.

// sum(x) FILTER (WHERE condition): the wrapper takes one more argument, a BOOLEAN, after
// the inner function's arguments, and passes on only the rows where it is TRUE (FALSE and
// NULL rows are dropped).
AggregateFunction MakeFilteredAggregate(AggregateFunction inner);

// string_agg(x, ',' ORDER BY y): the wrapper takes the inner arguments followed by one
// argument per sort key (of `key_types`, ordered by `orders`). Its state keeps every row;
// combine concatenates, and finalize sorts the rows (stably, by the encoded keys) and
// feeds them to a temporary inner state in that order before finalizing it.
AggregateFunction MakeOrderedAggregate(AggregateFunction inner,
                                       const std::vector<LogicalType>& key_types,
                                       const std::vector<KeyOrder>& orders);

}  // namespace tarn
