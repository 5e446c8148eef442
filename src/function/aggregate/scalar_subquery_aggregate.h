#pragma once

#include "function/aggregate/aggregate_function.h"

namespace tarn {

// The value of a correlated scalar subquery once it is decorrelated into a grouped join:
// each group (one outer row's correlation values) must hold at most one row, whose value
// (NULL included) is the result; a second row fails with "more than one row returned by a
// subquery used as an expression", as a scalar subquery must. Over no rows it is NULL.
// Thread safety: as any aggregate, functions may run concurrently on distinct states.
AggregateFunction MakeScalarSubqueryAggregate(const LogicalType& type);

}  // namespace tarn
