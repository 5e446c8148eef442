#include "execution/operator/physical_window.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>
#include <numeric>

#include "common/exception.h"
#include "execution/expression_executor.h"
#include "execution/pipeline.h"

namespace tarn {

namespace {

// a + b for b >= 0, at most `limit`: frame offsets may be as large as INT64_MAX.
int64_t AddCapped(int64_t a, int64_t b, int64_t limit) { return b > limit - a ? limit : a + b; }

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
      if (window_.frame_groups) {
        group_index_.assign(partition_end - partition_start, 0);
        group_starts_.clear();
      }
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
        if (window_.frame_groups) {
          for (idx_t i = group_start; i < group_end; i++) {
            group_index_[i - partition_start] = group_starts_.size();
          }
          group_starts_.push_back(group_start);
        }
        group_start = group_end;
      }
      if (window_.frame_groups) group_starts_.push_back(partition_end);
      if (window_.ignore_nulls) IndexNonNullValues(partition_start, partition_end);
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
      bool offset_bound =
          bound.kind == WindowBoundKind::kPreceding || bound.kind == WindowBoundKind::kFollowing;
      if (offset_bound && window_.frame_groups) return GroupPosition(i, begin, end, bound, is_end);
      if (offset_bound && !window_.frame_rows) {
        return static_cast<int64_t>(RangePosition(i, begin, is_end));
      }
      auto limit = static_cast<int64_t>(end);
      switch (bound.kind) {
        case WindowBoundKind::kUnboundedPreceding:
          return static_cast<int64_t>(begin);
        case WindowBoundKind::kPreceding:
          return row - bound.offset + (is_end ? 1 : 0);
        case WindowBoundKind::kCurrentRow:
          if (window_.frame_rows) return row + (is_end ? 1 : 0);
          return static_cast<int64_t>(is_end ? peer_end_[i - begin] : peer_start_[i - begin]);
        case WindowBoundKind::kFollowing:
          return AddCapped(row + (is_end ? 1 : 0), bound.offset, limit);
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

  // GROUPS offset bound of the row at sorted position `i`: the first row of the group
  // `offset` groups before or after the row's own, or (is_end) one past its last row.
  int64_t GroupPosition(idx_t i, idx_t begin, idx_t end, const WindowBound& bound,
                        bool is_end) const {
    auto group = static_cast<int64_t>(group_index_[i - begin]);
    auto groups = static_cast<int64_t>(group_starts_.size() - 1);
    int64_t target = bound.kind == WindowBoundKind::kPreceding
                         ? group - bound.offset
                         : AddCapped(group, bound.offset, groups);
    if (is_end) target++;
    if (target < 0) return static_cast<int64_t>(begin);
    if (target >= groups) return static_cast<int64_t>(end);
    return static_cast<int64_t>(group_starts_[static_cast<idx_t>(target)]);
  }

  // The frame of the row at sorted position `i` without its EXCLUDE rows: up to three
  // disjoint ranges of sorted positions, in order.
  struct FramePieces {
    std::array<std::pair<idx_t, idx_t>, 3> ranges;
    idx_t count = 0;
    void Add(idx_t from, idx_t to) {
      if (from < to) ranges[count++] = {from, to};
    }
  };

  FramePieces Pieces(idx_t i, idx_t begin, idx_t end) const {
    auto [frame_start, frame_end] = Frame(i, begin, end);
    FramePieces pieces;
    if (window_.exclusion == WindowExclusion::kNoOthers) {
      pieces.Add(frame_start, frame_end);
      return pieces;
    }
    idx_t excluded_start = i, excluded_end = i + 1;
    if (window_.exclusion != WindowExclusion::kCurrentRow) {
      excluded_start = peer_start_[i - begin];
      excluded_end = peer_end_[i - begin];
    }
    pieces.Add(frame_start, std::min(frame_end, excluded_start));
    if (window_.exclusion == WindowExclusion::kTies && frame_start <= i && i < frame_end) {
      pieces.Add(i, i + 1);
    }
    pieces.Add(std::max(frame_start, excluded_end), frame_end);
    return pieces;
  }

  // IGNORE NULLS: the sorted positions of partition [begin, end) whose first argument is
  // not NULL, and per position the count of such rows before it.
  void IndexNonNullValues(idx_t begin, idx_t end) {
    const ValidityMask& validity = rows_.column(first_argument_).validity();
    non_null_positions_.clear();
    non_null_before_.assign(end - begin + 1, 0);
    for (idx_t i = begin; i < end; i++) {
      non_null_before_[i - begin] = non_null_positions_.size();
      if (validity.RowIsValid((*permutation_)[i])) non_null_positions_.push_back(i);
    }
    non_null_before_[end - begin] = non_null_positions_.size();
  }

  // The sorted position of the `n`-th (from 0) row of `pieces` counting from the first
  // row or (from_end) from the last, skipping NULL values under IGNORE NULLS.
  std::optional<idx_t> NthInFrame(const FramePieces& pieces, idx_t n, bool from_end,
                                  idx_t begin) const {
    for (idx_t p = 0; p < pieces.count; p++) {
      auto [from, to] = pieces.ranges[from_end ? pieces.count - 1 - p : p];
      idx_t first = from - begin, last = to - begin;
      idx_t size =
          window_.ignore_nulls ? non_null_before_[last] - non_null_before_[first] : to - from;
      if (n >= size) {
        n -= size;
        continue;
      }
      idx_t index = from_end ? size - 1 - n : n;
      if (!window_.ignore_nulls) return from + index;
      return non_null_positions_[non_null_before_[first] + index];
    }
    return std::nullopt;
  }

  // lag / lead under IGNORE NULLS: the row `offset` non-NULL rows before (a negative
  // offset: after) the row at sorted position `i`; offset 0 is the row itself.
  std::optional<idx_t> NonNullNeighbor(idx_t i, idx_t begin, int64_t offset) const {
    if (offset == 0) return i;
    auto total = static_cast<int64_t>(non_null_positions_.size());
    int64_t index;
    if (offset > 0) {
      index = static_cast<int64_t>(non_null_before_[i - begin]) - offset;
    } else {
      // A negative offset beyond -total reaches past every row; -offset could overflow.
      if (offset < -total) return std::nullopt;
      index = static_cast<int64_t>(non_null_before_[i - begin + 1]) - offset - 1;
    }
    if (index < 0 || index >= total) return std::nullopt;
    return non_null_positions_[static_cast<idx_t>(index)];
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
    if (aggregate_inputs_.size() != function.argument_types.size()) {
      for (const auto& type : function.argument_types) aggregate_inputs_.emplace_back(type);
    }
    aggregate_states_.assign(kVectorSize, state);
    for (idx_t begin = from; begin < to; begin += kVectorSize) {
      idx_t batch = std::min<idx_t>(kVectorSize, to - begin);
      for (idx_t a = 0; a < aggregate_inputs_.size(); a++) {
        aggregate_inputs_[a].Reset();
        aggregate_inputs_[a].CopyFrom(rows_.column(first_argument_ + a),
                                      permutation_->data() + begin, batch, 0);
      }
      function.update(aggregate_inputs_.data(), batch, aggregate_states_.data());
    }
  }

  void ComputeAggregate(idx_t begin, idx_t end) {
    const AggregateFunction& function = *window_.aggregate;
    AggregateState state(function);
    if (window_.start.kind == WindowBoundKind::kUnboundedPreceding &&
        window_.exclusion == WindowExclusion::kNoOthers) {
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
    // States that own no memory merge cheaply: partitions large enough get a tree.
    bool use_tree =
        function.combine && !function.destroy && end - begin > kTreeFanout * kTreeFanout;
    if (use_tree) BuildTree(begin, end);
    for (idx_t i = begin; i < end; i++) {
      FramePieces pieces = Pieces(i, begin, end);
      state.Initialize();
      for (idx_t p = 0; p < pieces.count; p++) {
        auto [from, to] = pieces.ranges[p];
        if (use_tree) {
          FoldTree(state.data(), from - begin, to - begin, begin);
        } else {
          Accumulate(state.data(), from, to);
        }
      }
      function.finalize(state.data(), result_, (*permutation_)[i]);
    }
  }

  // The segment tree of partition [begin, end): level l >= 1 (tree_levels_[l - 1]) holds
  // one state per kTreeFanout^l consecutive rows; level 0 is the rows themselves.
  void BuildTree(idx_t begin, idx_t end) {
    const AggregateFunction& function = *window_.aggregate;
    state_stride_ = function.state_size / sizeof(std::max_align_t) + 1;
    tree_levels_.clear();
    idx_t rows = end - begin;
    idx_t nodes = (rows + kTreeFanout - 1) / kTreeFanout;
    tree_levels_.emplace_back(nodes * state_stride_);
    for (idx_t n = 0; n < nodes; n++) function.initialize(TreeState(1, n));
    if (aggregate_inputs_.size() != function.argument_types.size()) {
      for (const auto& type : function.argument_types) aggregate_inputs_.emplace_back(type);
    }
    aggregate_states_.resize(kVectorSize);
    for (idx_t from = begin; from < end; from += kVectorSize) {
      idx_t batch = std::min<idx_t>(kVectorSize, end - from);
      for (idx_t a = 0; a < aggregate_inputs_.size(); a++) {
        aggregate_inputs_[a].Reset();
        aggregate_inputs_[a].CopyFrom(rows_.column(first_argument_ + a),
                                      permutation_->data() + from, batch, 0);
      }
      for (idx_t r = 0; r < batch; r++) {
        aggregate_states_[r] = TreeState(1, (from - begin + r) / kTreeFanout);
      }
      function.update(aggregate_inputs_.data(), batch, aggregate_states_.data());
    }
    while (nodes > 1) {
      idx_t children = nodes;
      nodes = (children + kTreeFanout - 1) / kTreeFanout;
      tree_levels_.emplace_back(nodes * state_stride_);
      idx_t level = tree_levels_.size();
      for (idx_t n = 0; n < nodes; n++) {
        uint8_t* node = TreeState(level, n);
        function.initialize(node);
        idx_t last = std::min(children, (n + 1) * kTreeFanout);
        for (idx_t child = n * kTreeFanout; child < last; child++) {
          function.combine(TreeState(level - 1, child), node);
        }
      }
    }
  }

  uint8_t* TreeState(idx_t level, idx_t index) {
    return reinterpret_cast<uint8_t*>(tree_levels_[level - 1].data() + index * state_stride_);
  }

  // Folds rows [from, to) of the partition starting at sorted position `begin` into
  // `state`, left to right, from as few tree nodes as possible.
  void FoldTree(uint8_t* state, idx_t from, idx_t to, idx_t begin) {
    struct Piece {
      idx_t level, from, to;
    };
    std::array<Piece, 16> right_pieces;
    idx_t right_count = 0;
    idx_t level = 0;
    auto fold = [&](idx_t at_level, idx_t first, idx_t last) {
      if (at_level == 0) {
        Accumulate(state, begin + first, begin + last);
        return;
      }
      for (idx_t node = first; node < last; node++) {
        window_.aggregate->combine(TreeState(at_level, node), state);
      }
    };
    while (from < to) {
      idx_t parent_from = from / kTreeFanout, parent_to = to / kTreeFanout;
      if (parent_from == parent_to || level == tree_levels_.size()) {
        fold(level, from, to);
        break;
      }
      if (from % kTreeFanout != 0) {
        parent_from++;
        fold(level, from, parent_from * kTreeFanout);
      }
      if (to % kTreeFanout != 0) right_pieces[right_count++] = {level, parent_to * kTreeFanout, to};
      from = parent_from;
      to = parent_to;
      level++;
    }
    while (right_count > 0) {
      const Piece& piece = right_pieces[--right_count];
      fold(piece.level, piece.from, piece.to);
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
          // lead(x, n) is lag(x, -n); -INT64_MIN reaches past every row either way.
          if (window_.function == WindowFunctionKind::kLead) {
            offset = offset == INT64_MIN ? INT64_MAX : -offset;
          }
          std::optional<idx_t> target;
          if (window_.ignore_nulls) {
            target = NonNullNeighbor(i, begin, offset);
          } else if (offset >= 0 ? static_cast<uint64_t>(offset) <= i - begin
                                 : static_cast<uint64_t>(-(offset + 1)) < end - i - 1) {
            target = static_cast<idx_t>(static_cast<int64_t>(i) - offset);
          }
          if (target) {
            Set(i, ArgumentAt(0, *target));
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
          FramePieces pieces = Pieces(i, begin, end);
          std::optional<idx_t> target;
          if (window_.function == WindowFunctionKind::kFirstValue) {
            target = NthInFrame(pieces, 0, false, begin);
          } else if (window_.function == WindowFunctionKind::kLastValue) {
            target = NthInFrame(pieces, 0, true, begin);
          } else {
            Value n_value = ArgumentAt(1, i);
            if (!n_value.is_null()) {
              int64_t n = n_value.GetBigint();
              if (n <= 0) {
                ThrowError(
                    ErrorCode::kInvalidInput,
                    "nth_value(): the row number must be positive, not " + std::to_string(n));
              }
              target = NthInFrame(pieces, static_cast<idx_t>(n) - 1, false, begin);
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
  // GROUPS frames: per position its peer group's number, and the groups' first positions
  // followed by the partition's end.
  std::vector<idx_t> group_index_, group_starts_;
  // IGNORE NULLS: see IndexNonNullValues.
  std::vector<idx_t> non_null_positions_, non_null_before_;
  std::vector<Vector> aggregate_inputs_;
  std::vector<uint8_t*> aggregate_states_;
  // Aggregates over sliding or excluding frames: see BuildTree.
  static constexpr idx_t kTreeFanout = 16;
  std::vector<std::vector<std::max_align_t>> tree_levels_;
  idx_t state_stride_ = 1;
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

BoundWindow BoundWindow::Copy() const {
  BoundWindow copy;
  copy.function = function;
  copy.name = name;
  copy.aggregate = aggregate;
  for (const auto& argument : arguments) copy.arguments.push_back(argument->Copy());
  for (const auto& partition : partitions) copy.partitions.push_back(partition->Copy());
  for (const auto& order : orders) {
    copy.orders.push_back(BoundOrderItem{order.expression->Copy(), order.order});
  }
  copy.frame_rows = frame_rows;
  copy.frame_groups = frame_groups;
  copy.start = start;
  copy.end = end;
  copy.exclusion = exclusion;
  copy.ignore_nulls = ignore_nulls;
  for (const auto& value : range_values) copy.range_values.push_back(value->Copy());
  copy.type = type;
  return copy;
}

std::string BoundWindow::ToString() const {
  std::string text = name + "(";
  for (size_t i = 0; i < arguments.size(); i++)
    text += (i > 0 ? ", " : "") + arguments[i]->ToString();
  text += std::string(ignore_nulls ? ") IGNORE NULLS" : ")") + " OVER (";
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
    bool range_offset =
        !frame_rows && !frame_groups &&
        (bound.kind == WindowBoundKind::kPreceding || bound.kind == WindowBoundKind::kFollowing);
    if (range_offset && range_index < range_values.size()) {
      return "[" + range_values[range_index]->ToString() + "]";
    }
    return BoundString(bound);
  };
  text += std::string(frame_rows     ? "ROWS"
                      : frame_groups ? "GROUPS"
                                     : "RANGE") +
          " BETWEEN " + bound_text(start, 1) + " AND " + bound_text(end, 2);
  switch (exclusion) {
    case WindowExclusion::kNoOthers:
      break;
    case WindowExclusion::kCurrentRow:
      text += " EXCLUDE CURRENT ROW";
      break;
    case WindowExclusion::kGroup:
      text += " EXCLUDE GROUP";
      break;
    case WindowExclusion::kTies:
      text += " EXCLUDE TIES";
      break;
  }
  return text + ")";
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
    if (window.aggregate && window.aggregate->filtered) {
      // The FILTER condition first: the other arguments are computed only where it holds.
      size_t value_count = window.arguments.size() - 1;
      const Vector& condition = stored.column(column + value_count);
      local.executor.Execute(*window.arguments[value_count], dense,
                             stored.column(column + value_count));
      for (size_t i = 0; i < value_count; i++) {
        local.executor.ExecuteWhere(*window.arguments[i], dense, condition,
                                    stored.column(column + i));
      }
      column += value_count + 1;
    } else {
      for (const auto& argument : window.arguments) evaluate(*argument);
    }
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
