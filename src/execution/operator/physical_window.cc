#include "execution/operator/physical_window.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <numeric>

#include "common/exception.h"
#include "execution/expression_executor.h"
#include "execution/pipeline.h"

namespace tarn {

namespace {

bool KeyLess(std::string_view a, std::string_view b) {
  size_t common = std::min(a.size(), b.size());
  int compared = std::memcmp(a.data(), b.data(), common);
  if (compared != 0) return compared < 0;
  return a.size() < b.size();
}

struct WindowGlobal : GlobalSinkState {
  std::mutex mutex;
  std::vector<DataChunk> chunks;  // Input and window values (stored_types_).
  // After Finalize:
  DataChunk rows;                    // All rows, in input order.
  std::vector<Vector> results;       // One per window, indexed like `rows`.
  std::vector<uint32_t> emit_order;  // Row indexes in output order.
};

struct WindowLocal : LocalSinkState {
  ExpressionExecutor executor;
  std::vector<DataChunk> chunks;
};

struct WindowSource : GlobalSourceState {
  WindowGlobal* sink = nullptr;
  idx_t next = 0;
};

// Aggregate state memory, aligned for any state type.
class AggregateState {
 public:
  explicit AggregateState(const AggregateFunction& function)
      : function_(function), storage_(function.state_size / sizeof(std::max_align_t) + 1) {}
  uint8_t* data() { return reinterpret_cast<uint8_t*>(storage_.data()); }
  void Initialize() {
    Destroy();
    function_.initialize(data());
    live_ = true;
  }
  void Destroy() {
    if (live_ && function_.destroy) function_.destroy(data());
    live_ = false;
  }
  ~AggregateState() { Destroy(); }

 private:
  const AggregateFunction& function_;
  std::vector<std::max_align_t> storage_;
  bool live_ = false;
};

// Computes one window over all rows: `first_argument` is the column of `rows` holding the
// window's first argument; partitions and orders follow its arguments.
class WindowComputation {
 public:
  WindowComputation(const BoundWindow& window, DataChunk& rows, idx_t first_argument,
                    Vector& result)
      : window_(window), rows_(rows), first_argument_(first_argument), result_(result) {}

  std::vector<uint32_t> Run() {
    idx_t count = rows_.size();
    std::vector<uint32_t> permutation(count);
    std::iota(permutation.begin(), permutation.end(), 0);
    if (count == 0) return permutation;
    idx_t partition_base = first_argument_ + window_.arguments.size();
    idx_t order_base = partition_base + window_.partitions.size();
    std::vector<const Vector*> partition_columns, order_columns, all_columns;
    std::vector<KeyOrder> partition_orders, order_orders, all_orders;
    for (idx_t p = 0; p < window_.partitions.size(); p++) {
      partition_columns.push_back(&rows_.column(partition_base + p));
      partition_orders.push_back(KeyOrder{});
    }
    for (idx_t o = 0; o < window_.orders.size(); o++) {
      order_columns.push_back(&rows_.column(order_base + o));
      order_orders.push_back(window_.orders[o].order);
    }
    all_columns = partition_columns;
    all_columns.insert(all_columns.end(), order_columns.begin(), order_columns.end());
    all_orders = partition_orders;
    all_orders.insert(all_orders.end(), order_orders.begin(), order_orders.end());
    Arena arena(64 * 1024);
    std::vector<std::string_view> partition_keys(count), order_keys(count), sort_keys(count);
    if (!partition_columns.empty()) {
      EncodeKeys(partition_columns, nullptr, count, partition_orders, arena, partition_keys.data());
    }
    if (!order_columns.empty()) {
      EncodeKeys(order_columns, nullptr, count, order_orders, arena, order_keys.data());
    }
    if (!all_columns.empty()) {
      EncodeKeys(all_columns, nullptr, count, all_orders, arena, sort_keys.data());
      std::stable_sort(permutation.begin(), permutation.end(),
                       [&](uint32_t a, uint32_t b) { return KeyLess(sort_keys[a], sort_keys[b]); });
    }
    if (!window_.range_values.empty()) {
      // The key and the frame's boundary values, encoded in the key's order so that the
      // sorted rows' keys ascend bytewise and each boundary compares with them.
      idx_t range_base = order_base + window_.orders.size();
      std::vector<KeyOrder> key_order{window_.orders[0].order};
      for (idx_t r = 0; r < 3; r++) {
        range_keys_[r].resize(count);
        EncodeKeys({&rows_.column(range_base + r)}, nullptr, count, key_order, arena,
                   range_keys_[r].data());
      }
      range_key_column_ = &rows_.column(range_base);
    }
    permutation_ = &permutation;
    idx_t partition_start = 0;
    while (partition_start < count) {
      idx_t partition_end = partition_start + 1;
      while (partition_end < count && partition_keys[permutation[partition_end]] ==
                                          partition_keys[permutation[partition_start]]) {
        partition_end++;
      }
      // Peer groups: runs of equal order keys.
      peer_start_.assign(partition_end - partition_start, 0);
      peer_end_.assign(partition_end - partition_start, 0);
      idx_t group_start = partition_start;
      while (group_start < partition_end) {
        idx_t group_end = group_start + 1;
        while (group_end < partition_end &&
               order_keys[permutation[group_end]] == order_keys[permutation[group_start]]) {
          group_end++;
        }
        for (idx_t i = group_start; i < group_end; i++) {
          peer_start_[i - partition_start] = group_start;
          peer_end_[i - partition_start] = group_end;
        }
        group_start = group_end;
      }
      if (range_key_column_) {
        // Rows with a NULL key sit together at one end of the partition.
        non_null_begin_ = partition_start;
        non_null_end_ = partition_end;
        const ValidityMask& validity = range_key_column_->validity();
        while (non_null_begin_ < non_null_end_ &&
               !validity.RowIsValid(permutation[non_null_begin_])) {
          non_null_begin_++;
        }
        while (non_null_end_ > non_null_begin_ &&
               !validity.RowIsValid(permutation[non_null_end_ - 1])) {
          non_null_end_--;
        }
      }
      ComputePartition(partition_start, partition_end);
      partition_start = partition_end;
    }
    return permutation;
  }

 private:
  // The frame [start, end) of the row at sorted position `i` of partition [begin, end).
  std::pair<idx_t, idx_t> Frame(idx_t i, idx_t begin, idx_t end) const {
    auto position = [&](const WindowBound& bound, bool is_end) -> int64_t {
      auto row = static_cast<int64_t>(i);
      bool range_offset = !window_.frame_rows && (bound.kind == WindowBoundKind::kPreceding ||
                                                  bound.kind == WindowBoundKind::kFollowing);
      if (range_offset) return static_cast<int64_t>(RangePosition(i, begin, is_end));
      switch (bound.kind) {
        case WindowBoundKind::kUnboundedPreceding:
          return static_cast<int64_t>(begin);
        case WindowBoundKind::kPreceding:
          return row - bound.offset + (is_end ? 1 : 0);
        case WindowBoundKind::kCurrentRow:
          if (window_.frame_rows) return row + (is_end ? 1 : 0);
          return static_cast<int64_t>(is_end ? peer_end_[i - begin] : peer_start_[i - begin]);
        case WindowBoundKind::kFollowing:
          return row + bound.offset + (is_end ? 1 : 0);
        case WindowBoundKind::kUnboundedFollowing:
          return static_cast<int64_t>(end);
      }
      return row;
    };
    auto clamp = [&](int64_t value) {
      return static_cast<idx_t>(
          std::clamp<int64_t>(value, static_cast<int64_t>(begin), static_cast<int64_t>(end)));
    };
    idx_t frame_start = clamp(position(window_.start, false));
    idx_t frame_end = clamp(position(window_.end, true));
    return {frame_start, std::max(frame_start, frame_end)};
  }

  // RANGE offset bound of the row at sorted position `i`: the first row whose key is not
  // before the start value, or (is_end) the first row whose key is after the end value.
  idx_t RangePosition(idx_t i, idx_t begin, bool is_end) const {
    uint32_t row = (*permutation_)[i];
    if (!range_key_column_->validity().RowIsValid(row)) {
      return is_end ? peer_end_[i - begin] : peer_start_[i - begin];
    }
    const std::vector<std::string_view>& keys = range_keys_[0];
    std::string_view target = range_keys_[is_end ? 2 : 1][row];
    idx_t low = non_null_begin_, high = non_null_end_;
    while (low < high) {
      idx_t middle = low + (high - low) / 2;
      std::string_view key = keys[(*permutation_)[middle]];
      bool before = is_end ? !KeyLess(target, key) : KeyLess(key, target);
      if (before) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  Value ArgumentAt(idx_t argument, idx_t sorted_position) const {
    return rows_.column(first_argument_ + argument).GetValue((*permutation_)[sorted_position]);
  }

  void Set(idx_t sorted_position, const Value& value) {
    result_.SetValue((*permutation_)[sorted_position], value);
  }

  // Folds rows at sorted positions [from, to) into `state`.
  void Accumulate(uint8_t* state, idx_t from, idx_t to) {
    const AggregateFunction& function = *window_.aggregate;
    std::vector<Vector> inputs;
    for (const auto& type : function.argument_types) inputs.emplace_back(type);
    std::vector<uint8_t*> states(kVectorSize, state);
    for (idx_t begin = from; begin < to; begin += kVectorSize) {
      idx_t batch = std::min<idx_t>(kVectorSize, to - begin);
      for (idx_t a = 0; a < inputs.size(); a++) {
        inputs[a].Reset();
        inputs[a].CopyFrom(rows_.column(first_argument_ + a), permutation_->data() + begin, batch,
                           0);
      }
      function.update(inputs.data(), batch, states.data());
    }
  }

  void ComputeAggregate(idx_t begin, idx_t end) {
    const AggregateFunction& function = *window_.aggregate;
    AggregateState state(function);
    if (window_.start.kind == WindowBoundKind::kUnboundedPreceding) {
      state.Initialize();
      idx_t added = begin;
      for (idx_t i = begin; i < end; i++) {
        idx_t frame_end = Frame(i, begin, end).second;
        if (frame_end > added) {
          Accumulate(state.data(), added, frame_end);
          added = frame_end;
        }
        function.finalize(state.data(), result_, (*permutation_)[i]);
      }
      return;
    }
    for (idx_t i = begin; i < end; i++) {
      auto [frame_start, frame_end] = Frame(i, begin, end);
      state.Initialize();
      Accumulate(state.data(), frame_start, frame_end);
      function.finalize(state.data(), result_, (*permutation_)[i]);
    }
  }

  void ComputePartition(idx_t begin, idx_t end) {
    idx_t size = end - begin;
    if (window_.function == WindowFunctionKind::kAggregate) {
      ComputeAggregate(begin, end);
      return;
    }
    int64_t dense_rank = 0;
    for (idx_t i = begin; i < end; i++) {
      idx_t peer_start = peer_start_[i - begin];
      idx_t peer_end = peer_end_[i - begin];
      if (peer_start == i) dense_rank++;
      auto rank = static_cast<int64_t>(peer_start - begin + 1);
      switch (window_.function) {
        case WindowFunctionKind::kAggregate:
          break;
        case WindowFunctionKind::kRowNumber:
          Set(i, Value::Bigint(static_cast<int64_t>(i - begin + 1)));
          break;
        case WindowFunctionKind::kRank:
          Set(i, Value::Bigint(rank));
          break;
        case WindowFunctionKind::kDenseRank:
          Set(i, Value::Bigint(dense_rank));
          break;
        case WindowFunctionKind::kPercentRank:
          Set(i,
              Value::Double(
                  size <= 1 ? 0.0 : static_cast<double>(rank - 1) / static_cast<double>(size - 1)));
          break;
        case WindowFunctionKind::kCumeDist:
          Set(i, Value::Double(static_cast<double>(peer_end - begin) / static_cast<double>(size)));
          break;
        case WindowFunctionKind::kNtile: {
          Value buckets_value = ArgumentAt(0, i);
          if (buckets_value.is_null()) {
            Set(i, Value::Null(window_.type));
            break;
          }
          int64_t buckets = buckets_value.GetBigint();
          if (buckets <= 0) {
            ThrowError(
                ErrorCode::kInvalidInput,
                "ntile(): the number of buckets must be positive, not " + std::to_string(buckets));
          }
          auto rows = static_cast<int64_t>(size);
          auto row = static_cast<int64_t>(i - begin);
          int64_t bucket;
          if (buckets >= rows) {
            bucket = row + 1;
          } else {
            int64_t small = rows / buckets;
            int64_t large_count = rows % buckets;
            int64_t large_rows = large_count * (small + 1);
            bucket = row < large_rows ? row / (small + 1) + 1
                                      : large_count + (row - large_rows) / small + 1;
          }
          Set(i, Value::Bigint(bucket));
          break;
        }
        case WindowFunctionKind::kLag:
        case WindowFunctionKind::kLead: {
          int64_t offset = 1;
          if (window_.arguments.size() > 1) {
            Value offset_value = ArgumentAt(1, i);
            if (offset_value.is_null()) {
              Set(i, Value::Null(window_.type));
              break;
            }
            offset = offset_value.GetBigint();
          }
          int64_t target = static_cast<int64_t>(i) +
                           (window_.function == WindowFunctionKind::kLag ? -offset : offset);
          if (target >= static_cast<int64_t>(begin) && target < static_cast<int64_t>(end)) {
            Set(i, ArgumentAt(0, static_cast<idx_t>(target)));
          } else if (window_.arguments.size() > 2) {
            Set(i, ArgumentAt(2, i));
          } else {
            Set(i, Value::Null(window_.type));
          }
          break;
        }
        case WindowFunctionKind::kFirstValue:
        case WindowFunctionKind::kLastValue:
        case WindowFunctionKind::kNthValue: {
          auto [frame_start, frame_end] = Frame(i, begin, end);
          std::optional<idx_t> target;
          if (window_.function == WindowFunctionKind::kFirstValue) {
            if (frame_start < frame_end) target = frame_start;
          } else if (window_.function == WindowFunctionKind::kLastValue) {
            if (frame_start < frame_end) target = frame_end - 1;
          } else {
            Value n_value = ArgumentAt(1, i);
            if (!n_value.is_null()) {
              int64_t n = n_value.GetBigint();
              if (n <= 0) {
                ThrowError(
                    ErrorCode::kInvalidInput,
                    "nth_value(): the row number must be positive, not " + std::to_string(n));
              }
              if (static_cast<idx_t>(n) <= frame_end - frame_start)
                target = frame_start + static_cast<idx_t>(n) - 1;
            }
          }
          Set(i, target ? ArgumentAt(0, *target) : Value::Null(window_.type));
          break;
        }
      }
    }
  }

  const BoundWindow& window_;
  DataChunk& rows_;
  idx_t first_argument_;
  Vector& result_;
  const std::vector<uint32_t>* permutation_ = nullptr;
  std::vector<idx_t> peer_start_, peer_end_;  // Per position of the current partition.
  // RANGE offset frames: encoded key, start and end values per row, the key column, and
  // the sorted positions of the current partition's rows with a non-NULL key.
  std::vector<std::string_view> range_keys_[3];
  const Vector* range_key_column_ = nullptr;
  idx_t non_null_begin_ = 0, non_null_end_ = 0;
};

std::string BoundString(const WindowBound& bound) {
  switch (bound.kind) {
    case WindowBoundKind::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case WindowBoundKind::kPreceding:
      return std::to_string(bound.offset) + " PRECEDING";
    case WindowBoundKind::kCurrentRow:
      return "CURRENT ROW";
    case WindowBoundKind::kFollowing:
      return std::to_string(bound.offset) + " FOLLOWING";
    case WindowBoundKind::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "";
}

}  // namespace

std::string BoundWindow::ToString() const {
  std::string text = name + "(";
  for (size_t i = 0; i < arguments.size(); i++)
    text += (i > 0 ? ", " : "") + arguments[i]->ToString();
  text += ") OVER (";
  if (!partitions.empty()) {
    text += "PARTITION BY ";
    for (size_t i = 0; i < partitions.size(); i++)
      text += (i > 0 ? ", " : "") + partitions[i]->ToString();
    text += " ";
  }
  if (!orders.empty()) {
    text += "ORDER BY ";
    for (size_t i = 0; i < orders.size(); i++) {
      text += (i > 0 ? ", " : "") + orders[i].expression->ToString() +
              (orders[i].order.descending ? " DESC" : "");
    }
    text += " ";
  }
  auto bound_text = [&](const WindowBound& bound, idx_t range_index) {
    bool range_offset = !frame_rows && (bound.kind == WindowBoundKind::kPreceding ||
                                        bound.kind == WindowBoundKind::kFollowing);
    if (range_offset && range_index < range_values.size()) {
      return "[" + range_values[range_index]->ToString() + "]";
    }
    return BoundString(bound);
  };
  return text + (frame_rows ? "ROWS" : "RANGE") + " BETWEEN " + bound_text(start, 1) + " AND " +
         bound_text(end, 2) + ")";
}

PhysicalWindow::PhysicalWindow(std::vector<BoundWindow> windows,
                               std::vector<LogicalType> input_types, std::vector<LogicalType> types,
                               double estimated_rows)
    : PhysicalOperator("WINDOW", std::move(types), estimated_rows),
      windows_(std::move(windows)),
      input_types_(std::move(input_types)) {
  stored_types_ = input_types_;
  for (const auto& window : windows_) {
    for (const auto& argument : window.arguments) stored_types_.push_back(argument->type);
    for (const auto& partition : window.partitions) stored_types_.push_back(partition->type);
    for (const auto& order : window.orders) stored_types_.push_back(order.expression->type);
    for (const auto& value : window.range_values) stored_types_.push_back(value->type);
  }
}

std::unique_ptr<GlobalSinkState> PhysicalWindow::GetGlobalSinkState(ExecutionContext&) const {
  return std::make_unique<WindowGlobal>();
}

std::unique_ptr<LocalSinkState> PhysicalWindow::GetLocalSinkState(ExecutionContext&,
                                                                  GlobalSinkState&) const {
  return std::make_unique<WindowLocal>();
}

SinkResult PhysicalWindow::Sink(ExecutionContext&, GlobalSinkState&, LocalSinkState& local_state,
                                DataChunk& input) const {
  auto& local = static_cast<WindowLocal&>(local_state);
  DataChunk dense(input_types_, std::max<idx_t>(1, input.size()));
  dense.Append(input);
  DataChunk stored(stored_types_, std::max<idx_t>(1, dense.size()));
  for (idx_t c = 0; c < input_types_.size(); c++)
    stored.column(c).CopyFrom(dense.column(c), nullptr, dense.size(), 0);
  idx_t column = input_types_.size();
  auto evaluate = [&](const BoundExpression& expression) {
    local.executor.Execute(expression, dense, stored.column(column));
    column++;
  };
  for (const auto& window : windows_) {
    for (const auto& argument : window.arguments) evaluate(*argument);
    for (const auto& partition : window.partitions) evaluate(*partition);
    for (const auto& order : window.orders) evaluate(*order.expression);
    for (const auto& value : window.range_values) evaluate(*value);
  }
  stored.SetSize(dense.size());
  local.chunks.push_back(std::move(stored));
  return SinkResult::kNeedMoreInput;
}

void PhysicalWindow::Combine(ExecutionContext&, GlobalSinkState& global_state,
                             LocalSinkState& local_state) const {
  auto& global = static_cast<WindowGlobal&>(global_state);
  auto& local = static_cast<WindowLocal&>(local_state);
  std::lock_guard<std::mutex> lock(global.mutex);
  for (auto& chunk : local.chunks) global.chunks.push_back(std::move(chunk));
}

void PhysicalWindow::Finalize(ExecutionContext&, GlobalSinkState& global_state) const {
  auto& global = static_cast<WindowGlobal&>(global_state);
  idx_t count = 0;
  for (const auto& chunk : global.chunks) count += chunk.size();
  global.rows.Initialize(stored_types_, std::max<idx_t>(1, count));
  idx_t offset = 0;
  for (const auto& chunk : global.chunks) {
    for (idx_t c = 0; c < stored_types_.size(); c++) {
      global.rows.column(c).CopyFrom(chunk.column(c), nullptr, chunk.size(), offset);
    }
    offset += chunk.size();
  }
  global.rows.SetSize(count);
  global.emit_order.resize(count);
  std::iota(global.emit_order.begin(), global.emit_order.end(), 0);
  idx_t first_argument = input_types_.size();
  for (const auto& window : windows_) {
    global.results.emplace_back(window.type, std::max<idx_t>(1, count));
    WindowComputation computation(window, global.rows, first_argument, global.results.back());
    global.emit_order = computation.Run();
    first_argument += window.arguments.size() + window.partitions.size() + window.orders.size() +
                      window.range_values.size();
  }
}

std::unique_ptr<GlobalSourceState> PhysicalWindow::GetGlobalSourceState(
    ExecutionContext& context) const {
  auto source = std::make_unique<WindowSource>();
  source->sink = &static_cast<WindowGlobal&>(context.SinkState(*this));
  return source;
}

void PhysicalWindow::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState&,
                             DataChunk& output) const {
  auto& source = static_cast<WindowSource&>(global);
  WindowGlobal& sink = *source.sink;
  if (source.next >= sink.emit_order.size()) return;
  idx_t count = std::min<idx_t>(kVectorSize, sink.emit_order.size() - source.next);
  const uint32_t* rows = sink.emit_order.data() + source.next;
  for (idx_t c = 0; c < input_types_.size(); c++)
    output.column(c).CopyFrom(sink.rows.column(c), rows, count, 0);
  for (idx_t w = 0; w < windows_.size(); w++) {
    output.column(input_types_.size() + w).CopyFrom(sink.results[w], rows, count, 0);
  }
  output.SetSize(count);
  source.next += count;
}

void PhysicalWindow::BuildPipelines(PipelineBuilder& builder) const {
  builder.current().source = this;
  builder.BuildChildPipeline(*this, *children[0]);
}

std::vector<std::string> PhysicalWindow::Details() const {
  std::vector<std::string> details;
  for (const auto& window : windows_) details.push_back(window.ToString());
  return details;
}

}  // namespace tarn
