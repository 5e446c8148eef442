#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "function/function.h"
#include "types/value.h"
#include "vector/vector.h"

namespace tarn {

// An aggregate function bound to concrete argument types. Each group owns `state_size`
// bytes of state (aligned to 16) that the hash aggregate allocates and passes back.
// Contract:
//   initialize(state)                      once per new group, before any update
//   update(inputs, count, states)          for each row i < count, folds the values of
//                                          inputs[*][i] into the state at states[i]; several
//                                          rows may point at the same state. Inputs are
//                                          dense vectors of `argument_types`. One call per
//                                          chunk, a tight loop inside, no virtual call per row.
//   combine(source, target)                merges two partial states (parallel aggregation)
//   finalize(state, result, row)           writes the final value into result[row]
//   destroy(state)                         frees memory the state owns (may be null)
// All functions may run concurrently on distinct states. NULL inputs are skipped by all
// aggregates except count(*); an aggregate over no rows finalizes to NULL (count: 0).
struct AggregateFunction {
  std::string name;
  std::vector<LogicalType> argument_types;
  LogicalType return_type;
  size_t state_size = 0;
  std::function<void(uint8_t* state)> initialize;
  std::function<void(Vector* inputs, idx_t count, uint8_t** states)> update;
  std::function<void(const uint8_t* source, uint8_t* target)> combine;
  std::function<void(uint8_t* state, Vector& result, idx_t row)> finalize;
  std::function<void(uint8_t* state)> destroy;
  // FILTER (WHERE condition): the last argument is the condition, and the other arguments
  // are read only on rows where it is TRUE, so they need not (and must not) be computed
  // on the others.
  bool filtered = false;
};

// Binds an aggregate call by name for the given argument types (count(*) is "count_star"
// with no arguments). With `distinct`, the returned function aggregates each distinct
// input value once (count(DISTINCT x), sum(DISTINCT x)). `constant_arguments[i]`, when
// present, is the value of argument i known to be a constant at bind time; aggregates
// with parameters (the q of quantile_cont(x, q)) require it. Errors name the function
// and types:
//   No function matches sum(VARCHAR). Candidates: sum(numeric)
Result<AggregateFunction> BindAggregate(
    const std::string& name, const std::vector<LogicalType>& argument_types, bool distinct,
    const std::vector<std::optional<Value>>& constant_arguments = {});

// Whether `name` is an aggregate function (count, sum, avg, min, max, stddev, ...).
bool IsAggregateFunction(const std::string& name);
std::vector<std::string> AggregateFunctionNames();

}  // namespace tarn
