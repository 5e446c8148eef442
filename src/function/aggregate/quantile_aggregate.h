#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "function/aggregate/aggregate_function.h"
#include "types/value.h"

namespace tarn {

// Binds the order-statistic aggregates median(x), quantile_cont(x, q), quantile_disc(x, q),
// quantile(x, q) (= quantile_disc) and approx_quantile(x, q) (exact: = quantile_disc).
// `q` must be a constant in [0, 1]: `constants[1]` carries its value. Each group keeps all
// its values (memory grows with the group) and selects the answer at finalize.
//   quantile_cont / median: interpolate at position q * (n - 1) of the sorted values, as
//     PostgreSQL's percentile_cont; numbers give DOUBLE, DATE and TIMESTAMP give TIMESTAMP;
//     VARCHAR, BOOLEAN and INTERVAL fall back to quantile_disc.
//   quantile_disc: the first sorted value whose cumulative fraction reaches q, as
//     PostgreSQL's percentile_disc, of the input type.
Result<AggregateFunction> BindQuantileAggregate(const std::string& name,
                                                const std::vector<LogicalType>& types,
                                                const std::vector<std::optional<Value>>& constants);

}  // namespace tarn
