#pragma once

#include "execution/physical_operator.h"
#include "function/aggregate/aggregate_function.h"
#include "planner/bound_expression.h"

namespace tarn {

// One aggregate of a GROUP BY: the function and its argument expressions over the input.
struct BoundAggregate {
  AggregateFunction function;
  std::vector<BoundExpressionPtr> arguments;
  bool distinct = false;
  std::string ToString() const;
};

// Hash aggregation: GROUP BY groups (also DISTINCT, which is a GROUP BY without
// aggregates). Each thread aggregates into its own open-addressing table (encoded group
// keys, see key_encoder.h); Combine merges the thread tables into the global one by
// key, combining aggregate states. As a source it emits [groups..., aggregates...].
// Without groups it always emits exactly one row (count(*) of nothing is 0).
class PhysicalHashAggregate : public PhysicalOperator {
 public:
  PhysicalHashAggregate(std::vector<BoundExpressionPtr> groups,
                        std::vector<BoundAggregate> aggregates, double estimated_rows);

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context,
                                                    GlobalSinkState& global) const override;
  SinkResult Sink(ExecutionContext& context, GlobalSinkState& global, LocalSinkState& local,
                  DataChunk& input) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ExecutionContext& context) const override;
  void GetData(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
               DataChunk& output) const override;
  void BuildPipelines(PipelineBuilder& builder) const override;
  std::vector<std::string> Details() const override;

 private:
  std::vector<BoundExpressionPtr> groups_;
  std::vector<BoundAggregate> aggregates_;
  std::vector<LogicalType> group_types_;
  std::vector<size_t> state_offsets_;
  size_t state_size_ = 0;
};

}  // namespace tarn
