#include "execution/operator/physical_collector.h"

#include <atomic>

#include "execution/pipeline.h"

namespace tarn {

namespace {

struct CollectorGlobal : GlobalSinkState {
  std::mutex mutex;
  std::shared_ptr<TableRows> rows = std::make_shared<TableRows>();
};

struct CollectorLocal : LocalSinkState {
  TableRows rows;
};

struct CollectorSource : GlobalSourceState {
  std::shared_ptr<TableRows> rows;
  std::atomic<size_t> next{0};
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
  static_cast<CollectorLocal&>(local).rows.push_back(std::move(copy));
  return SinkResult::kNeedMoreInput;
}

void PhysicalCollector::Combine(ExecutionContext&, GlobalSinkState& global,
                                LocalSinkState& local) const {
  auto& state = static_cast<CollectorGlobal&>(global);
  auto& local_rows = static_cast<CollectorLocal&>(local).rows;
  std::lock_guard<std::mutex> lock(state.mutex);
  for (auto& chunk : local_rows) state.rows->push_back(std::move(chunk));
  local_rows.clear();
}

std::unique_ptr<GlobalSourceState> PhysicalCollector::GetGlobalSourceState(
    ExecutionContext& context) const {
  auto source = std::make_unique<CollectorSource>();
  source->rows = static_cast<CollectorGlobal&>(context.SinkState(*this)).rows;
  return source;
}

void PhysicalCollector::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState&,
                                DataChunk& output) const {
  auto& source = static_cast<CollectorSource&>(global);
  size_t index = source.next.fetch_add(1);
  if (index >= source.rows->size()) return;
  output.Reference((*source.rows)[index]);
}

size_t PhysicalCollector::MaxThreads(GlobalSourceState& global) const {
  return static_cast<CollectorSource&>(global).rows->size();
}

void PhysicalCollector::BuildPipelines(PipelineBuilder& builder) const {
  builder.current().source = this;
  for (const auto& child : children) builder.BuildChildPipeline(*this, *child);
}

std::shared_ptr<TableRows> PhysicalCollector::Rows(ExecutionContext& context,
                                                   const PhysicalCollector& op) {
  return static_cast<CollectorGlobal&>(context.SinkState(op)).rows;
}

}  // namespace tarn
