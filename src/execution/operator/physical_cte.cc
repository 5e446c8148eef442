#include "execution/operator/physical_cte.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "common/exception.h"
#include "execution/pipeline.h"

namespace tarn {

namespace {

struct CteMaterializeGlobal : GlobalSinkState {
  std::mutex mutex;
  std::vector<std::pair<idx_t, DataChunk>> batches;
  std::shared_ptr<TableRows> rows = std::make_shared<TableRows>();
};

struct CteMaterializeLocal : LocalSinkState {
  std::vector<std::pair<idx_t, DataChunk>> batches;
};

struct CteScanGlobal : GlobalSourceState {
  std::shared_ptr<const TableRows> rows;
  std::atomic<size_t> next_chunk{0};
};

struct CteScanLocal : LocalSourceState {
  size_t chunk_index = 0;
};

}  // namespace

// ---- PhysicalCteMaterialize ---------------------------------------------------------

PhysicalCteMaterialize::PhysicalCteMaterialize(std::string cte_name, idx_t cte_id,
                                               std::vector<LogicalType> definition_types,
                                               std::vector<LogicalType> types,
                                               double estimated_rows)
    : PhysicalOperator("MATERIALIZE_CTE", std::move(types), estimated_rows),
      cte_name_(std::move(cte_name)),
      cte_id_(cte_id),
      definition_types_(std::move(definition_types)) {}

std::unique_ptr<GlobalSinkState> PhysicalCteMaterialize::GetGlobalSinkState(
    ExecutionContext&) const {
  return std::make_unique<CteMaterializeGlobal>();
}

std::unique_ptr<LocalSinkState> PhysicalCteMaterialize::GetLocalSinkState(ExecutionContext&,
                                                                          GlobalSinkState&) const {
  return std::make_unique<CteMaterializeLocal>();
}

SinkResult PhysicalCteMaterialize::Sink(ExecutionContext&, GlobalSinkState&, LocalSinkState& local,
                                        DataChunk& input) const {
  DataChunk copy(definition_types_, std::max<idx_t>(input.size(), 1));
  copy.Append(input);
  // The rows outlive the chunks they came from (read buffers, per-chunk arenas).
  for (idx_t c = 0; c < copy.ColumnCount(); c++) copy.column(c).MakeStringsOwned(copy.size());
  static_cast<CteMaterializeLocal&>(local).batches.emplace_back(local.batch_index, std::move(copy));
  return SinkResult::kNeedMoreInput;
}

void PhysicalCteMaterialize::Combine(ExecutionContext&, GlobalSinkState& global,
                                     LocalSinkState& local) const {
  auto& state = static_cast<CteMaterializeGlobal&>(global);
  auto& local_batches = static_cast<CteMaterializeLocal&>(local).batches;
  std::lock_guard<std::mutex> lock(state.mutex);
  for (auto& batch : local_batches) state.batches.push_back(std::move(batch));
  local_batches.clear();
}

void PhysicalCteMaterialize::Finalize(ExecutionContext&, GlobalSinkState& global) const {
  auto& state = static_cast<CteMaterializeGlobal&>(global);
  // Each thread sank its batches in order, so a stable sort restores the definition's
  // order (a CTE with ORDER BY reads back sorted).
  std::stable_sort(state.batches.begin(), state.batches.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& batch : state.batches) state.rows->push_back(std::move(batch.second));
  state.batches.clear();
}

void PhysicalCteMaterialize::BuildPipelines(PipelineBuilder& builder) const {
  TARN_CHECK(children.size() == 2, "MATERIALIZE_CTE needs a definition and a query");
  // The definition's pipeline comes first; the query continues the current pipeline, and
  // each of its pipelines that scans the rows depends on the definition's (PhysicalCteScan).
  builder.BuildChildPipeline(*this, *children[0]);
  children[1]->BuildPipelines(builder);
}

std::shared_ptr<const TableRows> PhysicalCteMaterialize::Rows(ExecutionContext& context,
                                                              const PhysicalCteMaterialize& op) {
  return static_cast<CteMaterializeGlobal&>(context.SinkState(op)).rows;
}

// ---- PhysicalCteScan ----------------------------------------------------------------

PhysicalCteScan::PhysicalCteScan(std::string cte_name, idx_t cte_id, std::vector<idx_t> column_ids,
                                 std::vector<LogicalType> types, double estimated_rows)
    : PhysicalOperator("CTE_SCAN", std::move(types), estimated_rows),
      cte_name_(std::move(cte_name)),
      cte_id_(cte_id),
      column_ids_(std::move(column_ids)) {}

std::unique_ptr<GlobalSourceState> PhysicalCteScan::GetGlobalSourceState(
    ExecutionContext& context) const {
  TARN_CHECK(materialize_, "CTE_SCAN of " + cte_name_ + " outside its MATERIALIZE_CTE");
  auto state = std::make_unique<CteScanGlobal>();
  state->rows = PhysicalCteMaterialize::Rows(context, *materialize_);
  return state;
}

std::unique_ptr<LocalSourceState> PhysicalCteScan::GetLocalSourceState(ExecutionContext&,
                                                                       GlobalSourceState&) const {
  return std::make_unique<CteScanLocal>();
}

void PhysicalCteScan::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                              DataChunk& output) const {
  auto& state = static_cast<CteScanGlobal&>(global);
  while (true) {
    size_t index = state.next_chunk.fetch_add(1);
    static_cast<CteScanLocal&>(local).chunk_index = index;
    if (index >= state.rows->size()) return;
    const DataChunk& chunk = (*state.rows)[index];
    if (chunk.size() == 0) continue;
    TARN_CHECK(chunk.size() <= output.capacity(), "stored chunk larger than a vector");
    for (size_t i = 0; i < column_ids_.size(); i++) {
      output.column(i).Reference(chunk.column(column_ids_[i]));
    }
    output.SetSize(chunk.size());
    return;
  }
}

idx_t PhysicalCteScan::BatchIndex(GlobalSourceState&, LocalSourceState& local) const {
  return static_cast<CteScanLocal&>(local).chunk_index;
}

size_t PhysicalCteScan::MaxThreads(GlobalSourceState& global) const {
  return static_cast<CteScanGlobal&>(global).rows->size();
}

double PhysicalCteScan::Progress(GlobalSourceState& global) const {
  auto& state = static_cast<CteScanGlobal&>(global);
  if (state.rows->empty()) return 1;
  return std::min(1.0, static_cast<double>(state.next_chunk.load()) / state.rows->size());
}

void PhysicalCteScan::BuildPipelines(PipelineBuilder& builder) const {
  TARN_CHECK(materialize_, "CTE_SCAN of " + cte_name_ + " outside its MATERIALIZE_CTE");
  builder.current().source = this;
  Pipeline* definition = builder.PipelineFeeding(*materialize_);
  TARN_CHECK(definition, "the definition of " + cte_name_ + " has no pipeline");
  builder.current().dependencies.push_back(definition);
}

}  // namespace tarn
