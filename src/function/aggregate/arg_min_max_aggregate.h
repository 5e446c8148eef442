#pragma once

#include "function/aggregate/aggregate_function.h"

namespace tarn {

// arg_min(arg, val) / arg_max(arg, val) (aliases min_by / max_by, argmin / argmax): the
// `arg` of the row with the smallest / largest `val`, of arg's type. Rows where either is
// NULL are skipped. Ties in `val` go to the smallest `arg` for arg_min and the largest for
// arg_max (the row that is least / greatest in the order (val, arg)), so the answer does
// not depend on how rows were split between threads. Both arguments may be of any type.
AggregateFunction ArgMinMaxAggregate(const std::string& name, bool is_max,
                                     const LogicalType& argument_type,
                                     const LogicalType& value_type);

}  // namespace tarn
