#include "execution/operator/physical_limit.h"

#include "execution/pipeline.h"

namespace tarn {

namespace {

struct LimitGlobal : GlobalSinkState {
  std::vector<DataChunk> chunks;
  idx_t seen = 0;  // Rows received, including skipped offset rows.
};

struct LimitSource : GlobalSourceState {
  LimitGlobal* sink = nullptr;
  size_t next = 0;
};

}  // namespace

std::unique_ptr<GlobalSinkState> PhysicalLimit::GetGlobalSinkState(ExecutionContext&) const {
  return std::make_unique<LimitGlobal>();
}

SinkResult PhysicalLimit::Sink(ExecutionContext&, GlobalSinkState& global, LocalSinkState&,
                               DataChunk& input) const {
  auto& state = static_cast<LimitGlobal&>(global);
  idx_t end = limit_ ? offset_ + *limit_ : UINT64_MAX;
  idx_t begin_row = state.seen;
  state.seen += input.size();
  // Rows [begin_row, begin_row + size) of the stream; keep those in [offset, end).
  idx_t keep_from = offset_ > begin_row ? offset_ - begin_row : 0;
  idx_t keep_to = std::min<idx_t>(input.size(), end > begin_row ? end - begin_row : 0);
  if (keep_from < keep_to) {
    std::vector<uint32_t> rows;
    for (idx_t i = keep_from; i < keep_to; i++) rows.push_back(static_cast<uint32_t>(i));
    DataChunk kept;
    kept.Reference(input);
    kept.Slice(rows.data(), rows.size());
    DataChunk copy(types_);
    copy.Append(kept);
    state.chunks.push_back(std::move(copy));
  }
  return state.seen >= end ? SinkResult::kFinished : SinkResult::kNeedMoreInput;
}

std::unique_ptr<GlobalSourceState> PhysicalLimit::GetGlobalSourceState(
    ExecutionContext& context) const {
  auto source = std::make_unique<LimitSource>();
  source->sink = &static_cast<LimitGlobal&>(context.SinkState(*this));
  return source;
}

void PhysicalLimit::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState&,
                            DataChunk& output) const {
  auto& source = static_cast<LimitSource&>(global);
  if (source.next >= source.sink->chunks.size()) return;
  output.Reference(source.sink->chunks[source.next++]);
}

void PhysicalLimit::BuildPipelines(PipelineBuilder& builder) const {
  builder.current().source = this;
  builder.BuildChildPipeline(*this, *children[0]);
}

std::vector<std::string> PhysicalLimit::Details() const {
  std::vector<std::string> details;
  if (limit_) details.push_back("limit: " + std::to_string(*limit_));
  if (offset_) details.push_back("offset: " + std::to_string(offset_));
  return details;
}

}  // namespace tarn
