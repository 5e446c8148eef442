#pragma once

#include <mutex>

#include "catalog/catalog.h"
#include "execution/physical_operator.h"

namespace tarn {

// Materializes every chunk it receives. As the root of a plan it is the result collector
// (the connection reads Rows() after execution); in the middle of a plan it is the
// meeting point of UNION ALL inputs, and the source that replays them.
// Chunks are stored dense, at most kVectorSize rows each, with their own string storage.
class PhysicalCollector : public PhysicalOperator {
 public:
  PhysicalCollector(std::string name, std::vector<LogicalType> types, double estimated_rows)
      : PhysicalOperator(std::move(name), std::move(types), estimated_rows) {}

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
  size_t MaxThreads(GlobalSourceState& global) const override;
  void BuildPipelines(PipelineBuilder& builder) const override;

  // The collected rows, after execution.
  static std::shared_ptr<TableRows> Rows(ExecutionContext& context, const PhysicalCollector& op);
};

}  // namespace tarn
