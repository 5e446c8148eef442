#include "execution/operator/physical_collector.h"

#include <algorithm>

#include "execution/pipeline.h"

namespace tarn {

namespace {

struct CollectorGlobal : GlobalSinkState {
  std::mutex mutex;
  std::vector<std::pair<idx_t, DataChunk>> batches;
  std::shared_ptr<TableRows> rows = std::make_shared<TableRows>();
};

struct CollectorLocal : LocalSinkState {
  std::vector<std::pair<idx_t, DataChunk>> batches;
};

}  // namespace

std::unique_ptr<GlobalSinkState> PhysicalCollector::GetGlobalSinkState(ExecutionContext&) const {
  return std::make_unique<CollectorGlobal>();
}

std::unique_ptr<LocalSinkState> PhysicalCollector::GetLocalSinkState(ExecutionContext&,
                                                                     GlobalSinkState&) const {
  return std::make_unique<CollectorLocal>();
}

SinkResult PhysicalCollector::Sink(ExecutionContext&, GlobalSinkState&, LocalSinkState& local,
                                   DataChunk& input) const {
  DataChunk copy(types_, std::max<idx_t>(input.size(), 1));
  copy.Append(input);
  // Collected strings get storage of their own: they often point into large read buffers
  // (a whole CSV block for one short value) that results and tables must not pin.
  for (idx_t c = 0; c < copy.ColumnCount(); c++) copy.column(c).MakeStringsOwned(copy.size());
  static_cast<CollectorLocal&>(local).batches.emplace_back(local.batch_index, std::move(copy));
  return SinkResult::kNeedMoreInput;
}

void PhysicalCollector::Combine(ExecutionContext&, GlobalSinkState& global,
                                LocalSinkState& local) const {
  auto& state = static_cast<CollectorGlobal&>(global);
  auto& local_batches = static_cast<CollectorLocal&>(local).batches;
  std::lock_guard<std::mutex> lock(state.mutex);
  for (auto& batch : local_batches) state.batches.push_back(std::move(batch));
  local_batches.clear();
}

void PhysicalCollector::Finalize(ExecutionContext&, GlobalSinkState& global) const {
  auto& state = static_cast<CollectorGlobal&>(global);
  // Each batch was sunk by one thread in order, so a stable sort restores input order.
  std::stable_sort(state.batches.begin(), state.batches.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& batch : state.batches) state.rows->push_back(std::move(batch.second));
  state.batches.clear();
}

std::shared_ptr<TableRows> PhysicalCollector::Rows(ExecutionContext& context,
                                                   const PhysicalCollector& op) {
  return static_cast<CollectorGlobal&>(context.SinkState(op)).rows;
}

}  // namespace tarn
