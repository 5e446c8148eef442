#include "function/aggregate/distinct_aggregate.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <unordered_set>

namespace tarn {
namespace {

struct DistinctState {
  std::unordered_set<std::string> rows;
};

template <class T>
void AppendBytes(std::string* key, const T& value) {
  key->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <class T>
T ReadBytes(std::string_view key, size_t* offset) {
  T value;
  std::memcpy(&value, key.data() + *offset, sizeof(T));
  *offset += sizeof(T);
  return value;
}

// Appends row `row` of `input` to `key`: a validity byte, then the value's bytes (strings
// with a length prefix). Equal SQL values encode equally: -0.0 as 0.0, every NaN alike.
void EncodeValue(const Vector& input, idx_t row, std::string* key) {
  bool valid = input.validity().RowIsValid(row) && input.type().id() != TypeId::kNull;
  key->push_back(valid ? 1 : 0);
  if (!valid) return;
  switch (input.type().physical()) {
    case PhysicalType::kBool:
      key->push_back(input.Data<bool>()[row] ? 1 : 0);
      break;
    case PhysicalType::kInt32:
      AppendBytes(key, input.Data<int32_t>()[row]);
      break;
    case PhysicalType::kInt64:
      AppendBytes(key, input.Data<int64_t>()[row]);
      break;
    case PhysicalType::kInt128:
      AppendBytes(key, input.Data<int128_t>()[row]);
      break;
    case PhysicalType::kDouble: {
      double value = input.Data<double>()[row];
      if (value == 0.0) value = 0.0;
      if (std::isnan(value)) value = std::numeric_limits<double>::quiet_NaN();
      AppendBytes(key, value);
      break;
    }
    case PhysicalType::kInterval: {
      const Interval& interval = input.Data<Interval>()[row];
      AppendBytes(key, interval.months);
      AppendBytes(key, interval.days);
      AppendBytes(key, interval.micros);
      break;
    }
    case PhysicalType::kString: {
      std::string_view text = input.Data<std::string_view>()[row];
      AppendBytes(key, static_cast<uint32_t>(text.size()));
      key->append(text.data(), text.size());
      break;
    }
  }
}

// Reads one value written by EncodeValue into row `row` of `output`; strings point into
// `key`, which must outlive the use of `output`.
void DecodeValue(std::string_view key, size_t* offset, Vector& output, idx_t row) {
  bool valid = key[(*offset)++] != 0;
  output.validity().Set(row, valid);
  if (!valid) return;
  switch (output.type().physical()) {
    case PhysicalType::kBool:
      output.Data<bool>()[row] = key[(*offset)++] != 0;
      break;
    case PhysicalType::kInt32:
      output.Data<int32_t>()[row] = ReadBytes<int32_t>(key, offset);
      break;
    case PhysicalType::kInt64:
      output.Data<int64_t>()[row] = ReadBytes<int64_t>(key, offset);
      break;
    case PhysicalType::kInt128:
      output.Data<int128_t>()[row] = ReadBytes<int128_t>(key, offset);
      break;
    case PhysicalType::kDouble:
      output.Data<double>()[row] = ReadBytes<double>(key, offset);
      break;
    case PhysicalType::kInterval: {
      Interval interval;
      interval.months = ReadBytes<int32_t>(key, offset);
      interval.days = ReadBytes<int32_t>(key, offset);
      interval.micros = ReadBytes<int64_t>(key, offset);
      output.Data<Interval>()[row] = interval;
      break;
    }
    case PhysicalType::kString: {
      uint32_t size = ReadBytes<uint32_t>(key, offset);
      output.Data<std::string_view>()[row] = key.substr(*offset, size);
      *offset += size;
      break;
    }
  }
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
  function.initialize = [](uint8_t* state) { new (state) DistinctState(); };
  function.destroy = [](uint8_t* state) {
    reinterpret_cast<DistinctState*>(state)->~DistinctState();
  };
  size_t argument_count = inner->argument_types.size();
  function.update = [argument_count](Vector* inputs, idx_t count, uint8_t** states) {
    std::string key;
    const ValidityMask& first = inputs[0].validity();
    for (idx_t i = 0; i < count; i++) {
      if (!first.RowIsValid(i)) continue;
      key.clear();
      for (size_t a = 0; a < argument_count; a++) EncodeValue(inputs[a], i, &key);
      reinterpret_cast<DistinctState*>(states[i])->rows.insert(key);
    }
  };
  function.combine = [](const uint8_t* source_bytes, uint8_t* target_bytes) {
    auto& source = *reinterpret_cast<const DistinctState*>(source_bytes);
    auto& target = *reinterpret_cast<DistinctState*>(target_bytes);
    target.rows.insert(source.rows.begin(), source.rows.end());
  };
  function.finalize = [inner](uint8_t* state_bytes, Vector& result, idx_t row) {
    auto& state = *reinterpret_cast<DistinctState*>(state_bytes);
    InnerState inner_state(*inner);
    std::vector<Vector> columns;
    for (const auto& type : inner->argument_types) columns.emplace_back(type, kVectorSize);
    std::vector<uint8_t*> targets(kVectorSize, inner_state.bytes());
    idx_t filled = 0;
    auto flush = [&] {
      if (filled == 0) return;
      inner->update(columns.data(), filled, targets.data());
      for (auto& column : columns) column.validity().SetAllValid();
      filled = 0;
    };
    for (const std::string& key : state.rows) {
      size_t offset = 0;
      for (auto& column : columns) DecodeValue(key, &offset, column, filled);
      if (++filled == kVectorSize) flush();
    }
    flush();
    inner->finalize(inner_state.bytes(), result, row);
  };
  return function;
}

}  // namespace tarn
