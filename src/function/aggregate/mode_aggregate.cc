#include "function/aggregate/mode_aggregate.h"

#include <bit>
#include <cmath>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "function/aggregate/aggregate_state.h"

namespace tarn {
namespace {

using aggregate::LessThan;
using aggregate::MakeAggregate;
using aggregate::StateAt;
using aggregate::WriteNull;
using aggregate::WriteValue;

uint64_t MixBits(uint64_t value) {
  value ^= value >> 33;
  value *= 0xFF51AFD7ED558CCDULL;
  value ^= value >> 33;
  return value;
}

// Hash and equality under which a value counts as the same value as in GROUP BY.
struct KeyHash {
  using is_transparent = void;
  size_t operator()(bool value) const { return value; }
  size_t operator()(int32_t value) const { return MixBits(static_cast<uint64_t>(value)); }
  size_t operator()(int64_t value) const { return MixBits(static_cast<uint64_t>(value)); }
  size_t operator()(int128_t value) const {
    return MixBits(static_cast<uint64_t>(value) ^ MixBits(static_cast<uint64_t>(value >> 64)));
  }
  size_t operator()(double value) const {
    if (std::isnan(value)) return 0x7FF8;
    if (value == 0) return 0;
    return MixBits(std::bit_cast<uint64_t>(value));
  }
  size_t operator()(const Interval& value) const {
    return MixBits(static_cast<uint64_t>(value.micros) ^
                   MixBits((static_cast<uint64_t>(static_cast<uint32_t>(value.months)) << 32) |
                           static_cast<uint32_t>(value.days)));
  }
  size_t operator()(std::string_view value) const { return std::hash<std::string_view>{}(value); }
};

struct KeyEqual {
  using is_transparent = void;
  template <class T>
  bool operator()(const T& a, const T& b) const {
    return a == b;
  }
  bool operator()(double a, double b) const { return a == b || (std::isnan(a) && std::isnan(b)); }
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

template <class T>
using Stored = std::conditional_t<std::is_same_v<T, std::string_view>, std::string, T>;

template <class T>
struct ModeState {
  std::unordered_map<Stored<T>, int64_t, KeyHash, KeyEqual> counts;
};

template <class T>
AggregateFunction Mode(const LogicalType& type) {
  using State = ModeState<T>;
  auto function = MakeAggregate<State>("mode", {type}, type);
  function.update = [](Vector* inputs, idx_t count, uint8_t** states) {
    const T* data = inputs[0].Data<T>();
    const ValidityMask& mask = inputs[0].validity();
    for (idx_t i = 0; i < count; i++) {
      if (!mask.RowIsValid(i)) continue;
      auto& counts = StateAt<State>(states, i).counts;
      auto found = counts.find(data[i]);
      if (found != counts.end()) {
        found->second++;
      } else {
        counts.emplace(Stored<T>(data[i]), 1);
      }
    }
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const State*>(source_bytes);
    auto& target = *reinterpret_cast<State*>(target_bytes);
    for (const auto& [value, count] : source.counts) target.counts[value] += count;
  };
  function.finalize = [](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& counts = reinterpret_cast<State*>(state_bytes)->counts;
    if (counts.empty()) return WriteNull(result, row);
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
      if (it->second > best->second ||
          (it->second == best->second && LessThan<Stored<T>>(it->first, best->first))) {
        best = it;
      }
    }
    if constexpr (std::is_same_v<T, std::string_view>) {
      WriteValue<std::string_view>(result, row, result.AddString(best->first));
    } else {
      WriteValue<T>(result, row, best->first);
    }
  };
  return function;
}

}  // namespace

AggregateFunction ModeAggregate(const LogicalType& type) {
  auto function = aggregate::VisitPhysical(type.physical(),
                                           [&](auto tag) { return Mode<decltype(tag)>(type); });
  // A bare NULL argument holds no values whatever its validity mask says.
  if (type.id() == TypeId::kNull) function.update = [](Vector*, idx_t, uint8_t**) {};
  return function;
}

}  // namespace tarn
