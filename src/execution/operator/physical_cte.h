#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "execution/physical_operator.h"

namespace tarn {

// Computes a CTE (or view) that the query reads more than once, once. children[0] is the
// definition: its pipeline sinks into this operator, which keeps every row. children[1] is
// the query that reads those rows through PhysicalCteScan; its pipelines depend on the
// definition's, so they start after it has finished. The operator's output is children[1]'s.
// Thread safety: as for every sink (see PhysicalOperator); the stored rows are read-only
// once the definition's pipeline is finalized.
class PhysicalCteMaterialize : public PhysicalOperator {
 public:
  PhysicalCteMaterialize(std::string cte_name, idx_t cte_id,
                         std::vector<LogicalType> definition_types, std::vector<LogicalType> types,
                         double estimated_rows);

  idx_t cte_id() const { return cte_id_; }

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context,
                                                    GlobalSinkState& global) const override;
  SinkResult Sink(ExecutionContext& context, GlobalSinkState& global, LocalSinkState& local,
                  DataChunk& input) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;
  void BuildPipelines(PipelineBuilder& builder) const override;
  std::vector<std::string> Details() const override { return {cte_name_}; }

  // The stored rows, in the definition's order, once its pipeline is finalized.
  static std::shared_ptr<const TableRows> Rows(ExecutionContext& context,
                                               const PhysicalCteMaterialize& op);

 private:
  std::string cte_name_;
  idx_t cte_id_;
  std::vector<LogicalType> definition_types_;
};

// Reads the rows a PhysicalCteMaterialize stored, projecting `column_ids` of them. Chunks
// go to threads one at a time, as for a scan of a table. The materializing operator must
// be an ancestor of the scan in the plan; it is not owned.
class PhysicalCteScan : public PhysicalOperator {
 public:
  PhysicalCteScan(std::string cte_name, idx_t cte_id, std::vector<idx_t> column_ids,
                  std::vector<LogicalType> types, double estimated_rows);

  idx_t cte_id() const { return cte_id_; }
  // Set once while the plan is built, before it runs.
  void set_materialize(const PhysicalCteMaterialize* materialize) { materialize_ = materialize; }

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSourceState> GetLocalSourceState(ExecutionContext& context,
                                                        GlobalSourceState& global) const override;
  void GetData(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
               DataChunk& output) const override;
  idx_t BatchIndex(GlobalSourceState& global, LocalSourceState& local) const override;
  size_t MaxThreads(GlobalSourceState& global) const override;
  double Progress(GlobalSourceState& global) const override;
  void BuildPipelines(PipelineBuilder& builder) const override;
  std::vector<std::string> Details() const override { return {cte_name_}; }

 private:
  std::string cte_name_;
  idx_t cte_id_;
  std::vector<idx_t> column_ids_;
  const PhysicalCteMaterialize* materialize_ = nullptr;
};

}  // namespace tarn
