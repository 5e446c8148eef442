#include "function/aggregate/scalar_subquery_aggregate.h"

#include "common/exception.h"
#include "function/aggregate/aggregate_state.h"

namespace tarn {

namespace {

struct ScalarSubqueryState {
  bool seen = false;
  Value value;
};

[[noreturn]] void ThrowTooManyRows() {
  ThrowError(ErrorCode::kInvalidInput,
             "more than one row returned by a subquery used as an expression");
}

}  // namespace

AggregateFunction MakeScalarSubqueryAggregate(const LogicalType& type) {
  auto function = aggregate::MakeAggregate<ScalarSubqueryState>("scalar_subquery", {type}, type);
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    for (idx_t i = 0; i < count; i++) {
      auto& state = aggregate::StateAt<ScalarSubqueryState>(states, i);
      if (state.seen) ThrowTooManyRows();
      state.seen = true;
      state.value = inputs[0].GetValue(i);
    }
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const ScalarSubqueryState*>(source_bytes);
    auto& target = *reinterpret_cast<ScalarSubqueryState*>(target_bytes);
    if (!source.seen) return;
    if (target.seen) ThrowTooManyRows();
    target = source;
  };
  function.finalize = [type](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<ScalarSubqueryState*>(state_bytes);
    result.SetValue(row, state.seen ? state.value : Value::Null(type));
  };
  return function;
}

}  // namespace tarn
