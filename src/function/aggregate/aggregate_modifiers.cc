#include "function/aggregate/aggregate_modifiers.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <numeric>

#include "vector/data_chunk.h"

namespace tarn {

namespace {

// Heap bytes for one inner state, aligned to 16, initialized and destroyed with the
// inner function.
class InnerState {
 public:
  explicit InnerState(const AggregateFunction& function)
      : function_(function), storage_((function.state_size + 15) / 16 + 1) {
    function_.initialize(bytes());
  }
  ~InnerState() {
    if (function_.destroy) function_.destroy(bytes());
  }
  InnerState(const InnerState&) = delete;
  InnerState& operator=(const InnerState&) = delete;
  uint8_t* bytes() { return reinterpret_cast<uint8_t*>(storage_.data()); }

 private:
  const AggregateFunction& function_;
  std::vector<int128_t> storage_;
};

// The rows an ordered aggregate has seen: inner arguments, then sort keys.
struct OrderedState {
  explicit OrderedState(const std::vector<LogicalType>& types) : rows(types, 16) {}
  DataChunk rows;
};

// Appends `rows` of `source` to `state`, with strings copied into storage the state owns.
void AppendRows(OrderedState& state, const DataChunk& source, const std::vector<uint32_t>& rows) {
  if (rows.empty()) return;
  DataChunk fresh;
  fresh.Reference(source);
  fresh.Slice(rows.data(), rows.size());
  fresh.Flatten();
  for (idx_t c = 0; c < fresh.ColumnCount(); c++) fresh.column(c).MakeStringsOwned(fresh.size());
  state.rows.Append(fresh);
}

bool KeyLess(std::string_view a, std::string_view b) {
  size_t common = std::min(a.size(), b.size());
  int compared = std::memcmp(a.data(), b.data(), common);
  if (compared != 0) return compared < 0;
  return a.size() < b.size();
}

}  // namespace

AggregateFunction MakeFilteredAggregate(AggregateFunction inner_function) {
  auto inner = std::make_shared<const AggregateFunction>(std::move(inner_function));
  AggregateFunction function = *inner;
  function.argument_types.push_back(LogicalType(TypeId::kBoolean));
  function.filtered = true;
  size_t flag_index = inner->argument_types.size();
  function.update = [inner, flag_index](Vector* inputs, idx_t count, uint8_t** states) {
    const Vector& flags = inputs[flag_index];
    const bool* flag_values = flags.Data<bool>();
    std::vector<uint32_t> kept;
    kept.reserve(count);
    for (idx_t i = 0; i < count; i++) {
      if (flags.validity().RowIsValid(i) && flag_values[i])
        kept.push_back(static_cast<uint32_t>(i));
    }
    if (kept.size() == count) {
      inner->update(inputs, count, states);
      return;
    }
    if (kept.empty()) return;
    std::vector<Vector> compacted;
    compacted.reserve(flag_index);
    for (size_t a = 0; a < flag_index; a++) {
      compacted.emplace_back(inner->argument_types[a], std::max<idx_t>(kept.size(), 1));
      compacted.back().CopyFrom(inputs[a], kept.data(), kept.size(), 0);
    }
    std::vector<uint8_t*> kept_states(kept.size());
    for (size_t i = 0; i < kept.size(); i++) kept_states[i] = states[kept[i]];
    inner->update(compacted.empty() ? nullptr : compacted.data(), kept.size(), kept_states.data());
  };
  return function;
}

AggregateFunction MakeOrderedAggregate(AggregateFunction inner_function,
                                       const std::vector<LogicalType>& key_types,
                                       const std::vector<KeyOrder>& orders) {
  auto inner = std::make_shared<const AggregateFunction>(std::move(inner_function));
  AggregateFunction function;
  function.name = inner->name;
  function.argument_types = inner->argument_types;
  function.argument_types.insert(function.argument_types.end(), key_types.begin(), key_types.end());
  function.return_type = inner->return_type;
  function.state_size = sizeof(OrderedState);
  std::vector<LogicalType> types = function.argument_types;
  function.initialize = [types](uint8_t* state) { new (state) OrderedState(types); };
  function.destroy = [](uint8_t* state) {
    reinterpret_cast<OrderedState*>(state)->~OrderedState();
  };
  function.update = [types](Vector* inputs, idx_t count, uint8_t** states) {
    DataChunk chunk(types, std::max<idx_t>(count, 1));
    for (size_t a = 0; a < types.size(); a++) chunk.column(a).Reference(inputs[a]);
    chunk.SetSize(count);
    // Consecutive rows of one group (the common case) are appended as one batch.
    std::vector<uint32_t> batch;
    OrderedState* batch_state = nullptr;
    for (idx_t i = 0; i < count; i++) {
      auto* state = reinterpret_cast<OrderedState*>(states[i]);
      if (state != batch_state) {
        if (batch_state) AppendRows(*batch_state, chunk, batch);
        batch.clear();
        batch_state = state;
      }
      batch.push_back(static_cast<uint32_t>(i));
    }
    if (batch_state) AppendRows(*batch_state, chunk, batch);
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const OrderedState*>(source_bytes);
    auto& target = *reinterpret_cast<OrderedState*>(target_bytes);
    if (source.rows.size() == 0) return;
    std::vector<uint32_t> all(source.rows.size());
    std::iota(all.begin(), all.end(), 0);
    AppendRows(target, source.rows, all);
  };
  size_t argument_count = inner->argument_types.size();
  function.finalize = [inner, argument_count, orders](uint8_t* state_bytes, Vector& result,
                                                      idx_t row) {
    auto& state = *reinterpret_cast<OrderedState*>(state_bytes);
    idx_t total = state.rows.size();
    std::vector<uint32_t> permutation(total);
    std::iota(permutation.begin(), permutation.end(), 0);
    if (total > 1) {
      std::vector<const Vector*> key_columns;
      for (idx_t c = argument_count; c < state.rows.ColumnCount(); c++) {
        key_columns.push_back(&state.rows.column(c));
      }
      Arena arena(total * 16 + 64);
      std::vector<std::string_view> keys(total);
      EncodeKeys(key_columns, nullptr, total, orders, arena, keys.data());
      std::stable_sort(permutation.begin(), permutation.end(),
                       [&](uint32_t a, uint32_t b) { return KeyLess(keys[a], keys[b]); });
    }
    InnerState inner_state(*inner);
    std::vector<uint8_t*> targets(kVectorSize, inner_state.bytes());
    for (idx_t start = 0; start < total; start += kVectorSize) {
      idx_t count = std::min<idx_t>(kVectorSize, total - start);
      DataChunk slice(inner->argument_types);
      for (idx_t c = 0; c < slice.ColumnCount(); c++) {
        slice.column(c).CopyFrom(state.rows.column(c), permutation.data() + start, count, 0);
      }
      inner->update(slice.ColumnCount() > 0 ? &slice.column(0) : nullptr, count, targets.data());
    }
    inner->finalize(inner_state.bytes(), result, row);
  };
  return function;
}

}  // namespace tarn
