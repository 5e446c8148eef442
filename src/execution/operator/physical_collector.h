#pragma once

#include <mutex>

#include "catalog/catalog.h"
#include "execution/physical_operator.h"

namespace tarn {

// The result collector, the root sink of a query's plan: materializes every chunk it
// receives, in input order, and the connection reads Rows() after execution.
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

  // The collected rows, after execution.
  static std::shared_ptr<TableRows> Rows(ExecutionContext& context, const PhysicalCollector& op);
};

}  // namespace tarn
