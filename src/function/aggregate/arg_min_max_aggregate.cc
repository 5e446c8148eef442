#include "function/aggregate/arg_min_max_aggregate.h"

#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "function/aggregate/aggregate_state.h"

namespace tarn {
namespace {

using aggregate::LessThan;
using aggregate::MakeAggregate;
using aggregate::StateAt;
using aggregate::VisitPhysical;
using aggregate::WriteNull;
using aggregate::WriteValue;

// A copy of one value of any physical type: fixed-width values in `fixed`, strings in
// `text`, so that the state does not point into input vectors.
struct OwnedValue {
  int128_t fixed = 0;
  std::string text;
};
static_assert(sizeof(Interval) <= sizeof(int128_t), "an interval fits the fixed slot");

template <class T>
T Load(const OwnedValue& owned) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return std::string_view(owned.text);
  } else {
    T value;
    std::memcpy(static_cast<void*>(&value), &owned.fixed, sizeof(T));
    return value;
  }
}

template <class T>
void Keep(OwnedValue& owned, const T& value) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    owned.text.assign(value.data(), value.size());
  } else {
    std::memcpy(&owned.fixed, &value, sizeof(T));
  }
}

// -1, 0 or 1 as a is less than, equal to or greater than b (LessThan's order).
template <class T>
int Compare(const T& a, const T& b) {
  if (LessThan<T>(a, b)) return -1;
  return LessThan<T>(b, a) ? 1 : 0;
}

int CompareToOwned(PhysicalType physical, const Vector& vector, idx_t row,
                   const OwnedValue& owned) {
  return VisitPhysical(physical, [&](auto tag) {
    using T = decltype(tag);
    return Compare<T>(vector.Data<T>()[row], Load<T>(owned));
  });
}

int CompareOwned(PhysicalType physical, const OwnedValue& a, const OwnedValue& b) {
  return VisitPhysical(physical, [&](auto tag) {
    using T = decltype(tag);
    return Compare<T>(Load<T>(a), Load<T>(b));
  });
}

void KeepRow(PhysicalType physical, const Vector& vector, idx_t row, OwnedValue& owned) {
  VisitPhysical(physical, [&](auto tag) {
    using T = decltype(tag);
    Keep<T>(owned, vector.Data<T>()[row]);
  });
}

void WriteOwned(PhysicalType physical, const OwnedValue& owned, Vector& result, idx_t row) {
  VisitPhysical(physical, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, std::string_view>) {
      WriteValue<std::string_view>(result, row, result.AddString(owned.text));
    } else {
      WriteValue<T>(result, row, Load<T>(owned));
    }
  });
}

struct ArgMinMaxState {
  OwnedValue value;     // The best `val` so far.
  OwnedValue argument;  // Its `arg`.
  bool has_value = false;
};

// Whether (value, argument) beats the state's pair: is less (arg_min) or greater (arg_max).
template <bool kIsMax>
bool Beats(int value_order, int argument_order) {
  int order = value_order != 0 ? value_order : argument_order;
  return kIsMax ? order > 0 : order < 0;
}

template <class V, bool kIsMax>
AggregateFunction ArgMinMax(const std::string& name, const LogicalType& argument_type,
                            const LogicalType& value_type) {
  auto function = MakeAggregate<ArgMinMaxState>(name, {argument_type, value_type}, argument_type);
  PhysicalType argument_physical = argument_type.physical();
  function.update = [argument_physical](Vector* inputs, idx_t count, uint8_t** states) {
    const Vector& arguments = inputs[0];
    const V* values = inputs[1].Data<V>();
    const ValidityMask& argument_mask = arguments.validity();
    const ValidityMask& value_mask = inputs[1].validity();
    for (idx_t i = 0; i < count; i++) {
      if (!argument_mask.RowIsValid(i) || !value_mask.RowIsValid(i)) continue;
      auto& state = StateAt<ArgMinMaxState>(states, i);
      if (state.has_value) {
        int value_order = Compare<V>(values[i], Load<V>(state.value));
        int argument_order =
            value_order == 0 ? CompareToOwned(argument_physical, arguments, i, state.argument) : 0;
        if (!Beats<kIsMax>(value_order, argument_order)) continue;
      }
      Keep<V>(state.value, values[i]);
      KeepRow(argument_physical, arguments, i, state.argument);
      state.has_value = true;
    }
  };
  PhysicalType value_physical = value_type.physical();
  function.combine = [argument_physical, value_physical](const uint8_t* source_bytes,
                                                         uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const ArgMinMaxState*>(source_bytes);
    auto& target = *reinterpret_cast<ArgMinMaxState*>(target_bytes);
    if (!source.has_value) return;
    if (target.has_value) {
      int value_order = CompareOwned(value_physical, source.value, target.value);
      int argument_order =
          value_order == 0 ? CompareOwned(argument_physical, source.argument, target.argument) : 0;
      if (!Beats<kIsMax>(value_order, argument_order)) return;
    }
    target = source;
  };
  function.finalize = [argument_physical](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<ArgMinMaxState*>(state_bytes);
    if (!state.has_value) return WriteNull(result, row);
    WriteOwned(argument_physical, state.argument, result, row);
  };
  return function;
}

}  // namespace

AggregateFunction ArgMinMaxAggregate(const std::string& name, bool is_max,
                                     const LogicalType& argument_type,
                                     const LogicalType& value_type) {
  auto function = VisitPhysical(value_type.physical(), [&](auto tag) {
    using V = decltype(tag);
    return is_max ? ArgMinMax<V, true>(name, argument_type, value_type)
                  : ArgMinMax<V, false>(name, argument_type, value_type);
  });
  // A bare NULL argument holds no values whatever its validity mask says.
  if (argument_type.id() == TypeId::kNull || value_type.id() == TypeId::kNull) {
    function.update = [](Vector*, idx_t, uint8_t**) {};
  }
  return function;
}

}  // namespace tarn
