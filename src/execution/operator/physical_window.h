#pragma once

#include <optional>
#include <string>
#include <vector>

#include "execution/operator/physical_order.h"
#include "execution/physical_operator.h"
#include "function/aggregate/aggregate_function.h"
#include "planner/bound_expression.h"

namespace tarn {

enum class WindowFunctionKind : uint8_t {
  kAggregate,  // any aggregate function, over the frame
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,       // arguments: bucket count
  kLag,         // arguments: value [, offset [, default]]
  kLead,        // arguments: value [, offset [, default]]
  kFirstValue,  // arguments: value
  kLastValue,   // arguments: value
  kNthValue,    // arguments: value, n
};

enum class WindowBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,   // ROWS: offset rows before; GROUPS: offset peer groups before, from the
                // first row of that group (start) or to its last (end); RANGE: see
                // BoundWindow::range_values
  kCurrentRow,  // ROWS: the row itself; RANGE and GROUPS: the edge of its peer group
  kFollowing,   // mirrors kPreceding
  kUnboundedFollowing,
};

// Rows of the frame left out around the current row (EXCLUDE ...). Peers are the rows
// with equal ORDER BY values (all rows of the partition without ORDER BY).
enum class WindowExclusion : uint8_t {
  kNoOthers,
  kCurrentRow,
  kGroup,  // the current row and its peers
  kTies,   // the current row's peers, not the row itself
};

struct WindowBound {
  WindowBoundKind kind = WindowBoundKind::kUnboundedPreceding;
  int64_t offset = 0;
};

// One window function call: what it computes, over which partitions, in which order and
// over which frame. Expressions refer to the window operator's input columns.
struct BoundWindow {
  WindowFunctionKind function = WindowFunctionKind::kRowNumber;
  std::string name;                            // For EXPLAIN.
  std::optional<AggregateFunction> aggregate;  // kAggregate
  std::vector<BoundExpressionPtr> arguments;
  std::vector<BoundExpressionPtr> partitions;
  std::vector<BoundOrderItem> orders;
  bool frame_rows = false;    // ROWS frame; otherwise RANGE (peers share frame edges)
  bool frame_groups = false;  // GROUPS frame (frame_rows is false): offsets count peer groups
  WindowBound start;
  WindowBound end{WindowBoundKind::kCurrentRow, 0};
  WindowExclusion exclusion = WindowExclusion::kNoOthers;
  // IGNORE NULLS (kLag, kLead, kFirstValue, kLastValue, kNthValue): rows whose value (the
  // first argument) is NULL are skipped; lag/lead count offsets in non-NULL rows.
  bool ignore_nulls = false;
  // RANGE frames with an offset bound (RANGE BETWEEN 3 PRECEDING AND CURRENT ROW), over
  // the one ORDER BY key: three expressions of one type, the key itself, the value where
  // the frame starts and the value where it ends (key - 3, key + 3, ...: already mirrored
  // for a descending key; the key again for a bound without offset). A frame holds the
  // rows whose key lies between the two values; a row whose key is NULL gets its peers.
  // Empty for any other frame.
  std::vector<BoundExpressionPtr> range_values;
  LogicalType type;
  // A deep copy; a new field must be copied here.
  BoundWindow Copy() const;
  std::string ToString() const;
};

// Window functions. As a sink it materializes its whole input together with each
// window's argument, partition and order values; Finalize sorts the rows per window by
// (partition keys, order keys) encoded with key_encoder.h, finds partitions and peer
// groups by comparing encoded keys, and computes each window's value for every row.
// Aggregates over frames that start at UNBOUNDED PRECEDING and exclude nothing accumulate
// one running state per partition; other frames are recomputed per row, an excluding frame
// as up to three disjoint pieces. IGNORE NULLS finds the k-th non-NULL value of a frame
// through a per-partition index of the non-NULL rows. As a source it emits, on one
// thread, [input columns..., one column per window...] in the sort order of the last
// window.
// Thread safety: Sink runs on any thread into thread-local buffers merged under a mutex.
class PhysicalWindow : public PhysicalOperator {
 public:
  PhysicalWindow(std::vector<BoundWindow> windows, std::vector<LogicalType> input_types,
                 std::vector<LogicalType> types, double estimated_rows);

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context,
                                                    GlobalSinkState& global) const override;
  SinkResult Sink(ExecutionContext& context, GlobalSinkState& global, LocalSinkState& local,
                  DataChunk& input) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ExecutionContext& context) const override;
  void GetData(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
               DataChunk& output) const override;
  void BuildPipelines(PipelineBuilder& builder) const override;
  std::vector<std::string> Details() const override;

 private:
  std::vector<BoundWindow> windows_;
  std::vector<LogicalType> input_types_;
  // Types of the materialized columns: input, then per window its arguments, partitions,
  // orders and range values (in that order).
  std::vector<LogicalType> stored_types_;
};

}  // namespace tarn
