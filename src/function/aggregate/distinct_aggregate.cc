#include "function/aggregate/distinct_aggregate.h"

#include <memory>
#include <new>
#include <numeric>
#include <vector>

#include "execution/group_hash_table.h"
#include "execution/key_encoder.h"
#include "vector/data_chunk.h"

namespace tarn {
namespace {

// The distinct argument rows seen by one group: their encoded keys (key_encoder.h, the
// same encoding that GROUP BY uses, so -0.0 equals 0.0 and NaNs are equal) and their
// values, kept to feed the inner aggregate at finalize.
struct DistinctState {
  explicit DistinctState(const std::vector<LogicalType>& types) : table(16), values(types, 16) {}
  GroupHashTable table;
  DataChunk values;
};

// Appends rows `rows` of `source` to `state.values`, with strings copied into storage the
// state owns (the source's buffers may be large file blocks).
void AppendValues(DistinctState& state, const DataChunk& source,
                  const std::vector<uint32_t>& rows) {
  if (rows.empty()) return;
  DataChunk fresh;
  fresh.Reference(source);
  fresh.Slice(rows.data(), rows.size());
  fresh.Flatten();
  for (idx_t c = 0; c < fresh.ColumnCount(); c++) fresh.column(c).MakeStringsOwned(fresh.size());
  state.values.Append(fresh);
}

// Heap bytes for one inner state, aligned to 16, destroyed with the inner function.
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

}  // namespace

AggregateFunction MakeDistinctAggregate(AggregateFunction inner_function) {
  auto inner = std::make_shared<const AggregateFunction>(std::move(inner_function));
  AggregateFunction function;
  function.name = inner->name;
  function.argument_types = inner->argument_types;
  function.return_type = inner->return_type;
  function.state_size = sizeof(DistinctState);
  std::vector<LogicalType> types = inner->argument_types;
  function.initialize = [types](uint8_t* state) { new (state) DistinctState(types); };
  function.destroy = [](uint8_t* state) {
    reinterpret_cast<DistinctState*>(state)->~DistinctState();
  };
  function.update = [types](Vector* inputs, idx_t count, uint8_t** states) {
    // Encode every row once, then insert each into its group's set; consecutive rows of
    // the same group (the common case) share one batch of new rows.
    DataChunk chunk(types, std::max<idx_t>(count, 1));
    std::vector<const Vector*> columns;
    for (size_t a = 0; a < types.size(); a++) {
      chunk.column(a).Reference(inputs[a]);
      columns.push_back(&inputs[a]);
    }
    chunk.SetSize(count);
    Arena arena(count * 16 + 64);
    std::vector<std::string_view> keys(count);
    EncodeKeys(columns, nullptr, count, {}, arena, keys.data());
    const ValidityMask& first = inputs[0].validity();
    std::vector<uint32_t> new_rows;
    DistinctState* batch_state = nullptr;
    auto flush = [&] {
      if (batch_state) AppendValues(*batch_state, chunk, new_rows);
      new_rows.clear();
    };
    for (idx_t i = 0; i < count; i++) {
      if (!first.RowIsValid(i)) continue;
      auto* state = reinterpret_cast<DistinctState*>(states[i]);
      if (state != batch_state) {
        flush();
        batch_state = state;
      }
      bool inserted;
      state->table.FindOrInsertOne(keys[i], HashKey(keys[i]), &inserted);
      if (inserted) new_rows.push_back(static_cast<uint32_t>(i));
    }
    flush();
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const DistinctState*>(source_bytes);
    auto& target = *reinterpret_cast<DistinctState*>(target_bytes);
    std::vector<uint32_t> new_rows;
    for (uint32_t g = 0; g < source.table.size(); g++) {
      bool inserted;
      target.table.FindOrInsertOne(source.table.key(g), source.table.hash(g), &inserted);
      if (inserted) new_rows.push_back(g);
    }
    AppendValues(target, source.values, new_rows);
  };
  function.finalize = [inner](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<DistinctState*>(state_bytes);
    InnerState inner_state(*inner);
    std::vector<uint8_t*> targets(kVectorSize, inner_state.bytes());
    idx_t total = state.values.size();
    std::vector<uint32_t> rows;
    for (idx_t start = 0; start < total; start += kVectorSize) {
      idx_t count = std::min<idx_t>(kVectorSize, total - start);
      rows.resize(count);
      std::iota(rows.begin(), rows.end(), static_cast<uint32_t>(start));
      DataChunk slice(inner->argument_types);
      for (idx_t c = 0; c < slice.ColumnCount(); c++) {
        slice.column(c).CopyFrom(state.values.column(c), rows.data(), count, 0);
      }
      inner->update(slice.ColumnCount() > 0 ? &slice.column(0) : nullptr, count, targets.data());
    }
    inner->finalize(inner_state.bytes(), result, row);
  };
  return function;
}

}  // namespace tarn
