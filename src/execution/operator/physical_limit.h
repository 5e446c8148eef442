#pragma once

#include <optional>

#include "execution/physical_operator.h"

namespace tarn {

// LIMIT / OFFSET. A sink that keeps the first offset + limit rows in input order (its
// pipeline runs on one thread) and stops the source early; then the source that emits
// rows offset .. offset + limit.
class PhysicalLimit : public PhysicalOperator {
 public:
  PhysicalLimit(std::optional<idx_t> limit, idx_t offset, std::vector<LogicalType> types,
                double estimated_rows)
      : PhysicalOperator("LIMIT", std::move(types), estimated_rows),
        limit_(limit),
        offset_(offset) {}

  bool IsSink() const override { return true; }
  bool RequiresOrderedInput() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ExecutionContext& context) const override;
  SinkResult Sink(ExecutionContext& context, GlobalSinkState& global, LocalSinkState& local,
                  DataChunk& input) const override;

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ExecutionContext& context) const override;
  void GetData(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
               DataChunk& output) const override;
  void BuildPipelines(PipelineBuilder& builder) const override;
  std::vector<std::string> Details() const override;

 private:
  std::optional<idx_t> limit_;
  idx_t offset_;
};

}  // namespace tarn
