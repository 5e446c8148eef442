#include "function/aggregate/array_aggregate.h"

#include <algorithm>
#include <memory>

#include "function/aggregate/aggregate_state.h"

namespace tarn {

using aggregate::MakeAggregate;
using aggregate::StateAt;
using aggregate::WriteNull;

namespace {

struct ArrayAggregateState {
  std::unique_ptr<Vector> values;
  idx_t count = 0;

  // Room for `additional` more values, created on first use with the element type.
  void Reserve(const LogicalType& type, idx_t additional) {
    if (!values) values = std::make_unique<Vector>(type, std::max<idx_t>(additional, 8));
    if (count + additional > values->capacity()) {
      values->Resize(count, std::max(count + additional, values->capacity() * 2));
    }
  }
};

}  // namespace

AggregateFunction ArrayAggregate(const LogicalType& type) {
  auto function = MakeAggregate<ArrayAggregateState>("array_agg", {type}, LogicalType::List(type));
  function.update = [type](Vector* inputs, idx_t count, uint8_t** states) {
    const Vector& input = inputs[0];
    for (idx_t i = 0; i < count; i++) {
      auto& state = StateAt<ArrayAggregateState>(states, i);
      state.Reserve(type, 1);
      // Through Value so that strings are copied, not shared with the input's buffers.
      state.values->SetValue(state.count++, input.GetValue(i));
    }
  };
  function.combine = [type](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const ArrayAggregateState*>(source_bytes);
    auto& target = *reinterpret_cast<ArrayAggregateState*>(target_bytes);
    if (source.count == 0) return;
    target.Reserve(type, source.count);
    target.values->CopyFrom(*source.values, nullptr, source.count, target.count);
    target.count += source.count;
  };
  function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<ArrayAggregateState*>(state_bytes);
    if (state.count == 0) return WriteNull(result, row);
    idx_t offset = result.ReserveListElements(state.count);
    result.child(0).CopyFrom(*state.values, nullptr, state.count, offset);
    result.set_list_size(offset + state.count);
    result.Data<ListEntry>()[row] = ListEntry{offset, state.count};
    result.validity().SetValid(row);
  };
  return function;
}

}  // namespace tarn
