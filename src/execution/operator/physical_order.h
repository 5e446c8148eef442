#pragma once

#include <optional>

#include "execution/key_encoder.h"
#include "execution/physical_operator.h"
#include "planner/bound_expression.h"

namespace tarn {

struct OrderSource;

struct BoundOrderItem {
  BoundExpressionPtr expression;
  KeyOrder order;
};

// ORDER BY, and ORDER BY ... LIMIT (top-N). Rows are materialized, their sort keys
// encoded into memcmp-comparable strings (key_encoder.h), and a permutation sorted
// stably. With a limit, each thread keeps only its best offset + limit rows (pruning
// whenever it holds several times that many), so memory stays bounded by the limit.
// As a source it emits rows in order on one thread.
// Memory: without a limit, a thread whose rows outgrow its share of memory_limit sorts
// them and writes them to a spill file as one sorted run (keys included); the source then
// merges all runs, the last in-memory rows included, with a heap.
class PhysicalOrder : public PhysicalOperator {
 public:
  PhysicalOrder(std::vector<BoundOrderItem> orders, std::optional<idx_t> limit, idx_t offset,
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
  // Emits the next rows of the merge of the spilled runs (after OFFSET, up to LIMIT).
  void MergeRuns(OrderSource& source, DataChunk& output) const;

  std::vector<BoundOrderItem> orders_;
  std::optional<idx_t> limit_;
  idx_t offset_;
};

}  // namespace tarn
