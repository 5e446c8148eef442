#include "execution/pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <unordered_set>

#include "common/exception.h"

namespace tarn {

// ---- PhysicalOperator defaults ------------------------------------------------------

uint64_t ExecutionContext::DefaultMemoryLimit() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return uint64_t(4) << 30;
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size) / 10 * 8;
}

std::string ExecutionContext::DefaultTempDirectory() {
  const char* tmp = std::getenv("TMPDIR");
  std::string base = tmp && *tmp ? tmp : "/tmp";
  return base + "/tarn";
}

std::unique_ptr<GlobalSourceState> PhysicalOperator::GetGlobalSourceState(ExecutionContext&) const {
  return std::make_unique<GlobalSourceState>();
}

std::unique_ptr<LocalSourceState> PhysicalOperator::GetLocalSourceState(ExecutionContext&,
                                                                        GlobalSourceState&) const {
  return std::make_unique<LocalSourceState>();
}

void PhysicalOperator::GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState&,
                               DataChunk&) const {
  ThrowError(ErrorCode::kInternal, name_ + " is not a source");
}

std::unique_ptr<OperatorState> PhysicalOperator::GetOperatorState(ExecutionContext&) const {
  return std::make_unique<OperatorState>();
}

OperatorResult PhysicalOperator::Execute(ExecutionContext&, DataChunk&, DataChunk&,
                                         OperatorState&) const {
  ThrowError(ErrorCode::kInternal, name_ + " is not a streaming operator");
}

void PhysicalOperator::GetFinalData(ExecutionContext&, OperatorState&, DataChunk&) const {}

std::unique_ptr<GlobalSinkState> PhysicalOperator::GetGlobalSinkState(ExecutionContext&) const {
  return std::make_unique<GlobalSinkState>();
}

std::unique_ptr<LocalSinkState> PhysicalOperator::GetLocalSinkState(ExecutionContext&,
                                                                    GlobalSinkState&) const {
  return std::make_unique<LocalSinkState>();
}

SinkResult PhysicalOperator::Sink(ExecutionContext&, GlobalSinkState&, LocalSinkState&,
                                  DataChunk&) const {
  ThrowError(ErrorCode::kInternal, name_ + " is not a sink");
}

void PhysicalOperator::BuildPipelines(PipelineBuilder& builder) const {
  if (IsSource()) {
    builder.current().source = this;
    return;
  }
  TARN_CHECK(!children.empty(), name_ + " has no input");
  auto& operators = builder.current().operators;
  operators.insert(operators.begin(), this);
  children[0]->BuildPipelines(builder);
}

// ---- ExecutionContext ----------------------------------------------------------------

void ExecutionContext::CheckInterrupted() const {
  if (interrupted_ && interrupted_->load(std::memory_order_relaxed)) {
    ThrowError(ErrorCode::kInterrupted, "query interrupted");
  }
}

GlobalSinkState& ExecutionContext::SinkState(const PhysicalOperator& op) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sink_states_.find(&op);
  TARN_CHECK(it != sink_states_.end(), "no sink state for " + op.name());
  return *it->second;
}

void ExecutionContext::SetSinkState(const PhysicalOperator& op,
                                    std::unique_ptr<GlobalSinkState> state) {
  std::lock_guard<std::mutex> lock(mutex_);
  sink_states_[&op] = std::move(state);
}

OperatorProfile& ExecutionContext::Profile(const PhysicalOperator& op) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = profiles_[&op];
  if (!slot) slot = std::make_unique<OperatorProfile>();
  return *slot;
}

// ---- PipelineBuilder -----------------------------------------------------------------

PipelineBuilder::PipelineBuilder(const PhysicalOperator& root) {
  pipelines_.push_back(std::make_unique<Pipeline>());
  current_ = pipelines_.back().get();
  current_->sink = &root;
  TARN_CHECK(!root.children.empty(), "root sink has no input");
  root.children[0]->BuildPipelines(*this);
}

void PipelineBuilder::BuildChildPipeline(const PhysicalOperator& sink,
                                         const PhysicalOperator& child) {
  pipelines_.push_back(std::make_unique<Pipeline>());
  Pipeline* child_pipeline = pipelines_.back().get();
  child_pipeline->sink = &sink;
  current_->dependencies.push_back(child_pipeline);
  Pipeline* saved = current_;
  current_ = child_pipeline;
  child.BuildPipelines(*this);
  current_ = saved;
}

void PipelineBuilder::BuildUnionInputs(const PhysicalOperator& union_all) {
  TARN_CHECK(!union_all.children.empty(), union_all.name() + " has no input");
  Pipeline* first = current_;
  Pipeline above = *first;  // What the union's inputs share, before any input is built.
  union_all.children[0]->BuildPipelines(*this);
  // Offsets 2^40 apart leave every input room for its own batch numbers.
  constexpr idx_t kInputBatchSpan = idx_t(1) << 40;
  for (size_t i = 1; i < union_all.children.size(); i++) {
    pipelines_.push_back(std::make_unique<Pipeline>());
    Pipeline* sibling = pipelines_.back().get();
    sibling->operators = above.operators;
    sibling->sink = above.sink;
    sibling->dependencies = above.dependencies;
    next_batch_offset_ += kInputBatchSpan;
    sibling->batch_offset = next_batch_offset_;
    first->siblings.push_back(sibling);
    current_ = sibling;
    union_all.children[i]->BuildPipelines(*this);
  }
  current_ = first;
}

Pipeline* PipelineBuilder::PipelineFeeding(const PhysicalOperator& sink) {
  for (const auto& pipeline : pipelines_) {
    if (pipeline->sink == &sink) return pipeline.get();
  }
  return nullptr;
}

std::vector<Pipeline*> PipelineBuilder::OrderedPipelines() {
  std::vector<Pipeline*> ordered;
  std::unordered_set<Pipeline*> visited;
  std::function<void(Pipeline*)> visit = [&](Pipeline* pipeline) {
    if (!visited.insert(pipeline).second) return;
    for (Pipeline* dependency : pipeline->dependencies) visit(dependency);
    ordered.push_back(pipeline);
    for (Pipeline* sibling : pipeline->siblings) visit(sibling);
  };
  visit(pipelines_.front().get());
  return ordered;
}

// ---- Running ------------------------------------------------------------------------

namespace {

class ScopedTimer {
 public:
  ScopedTimer(ExecutionContext& context, OperatorProfile* profile)
      : profile_(context.profiling() ? profile : nullptr) {
    if (profile_) start_ = std::chrono::steady_clock::now();
  }
  ~ScopedTimer() {
    if (profile_) {
      auto elapsed = std::chrono::steady_clock::now() - start_;
      profile_->nanos += std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count();
    }
  }

 private:
  OperatorProfile* profile_;
  std::chrono::steady_clock::time_point start_;
};

// One thread's view of a pipeline: its states and intermediate chunks.
class PipelineThread {
 public:
  PipelineThread(ExecutionContext& context, Pipeline& pipeline, GlobalSinkState& global_sink,
                 size_t first_operator)
      : context_(context),
        pipeline_(pipeline),
        global_sink_(global_sink),
        first_operator_(first_operator) {
    local_sink_ = pipeline.sink->GetLocalSinkState(context, global_sink);
    states_.resize(pipeline.operators.size());
    intermediates_.resize(pipeline.operators.size());
    profiles_.resize(pipeline.operators.size());
    for (size_t i = first_operator; i < pipeline.operators.size(); i++) {
      states_[i] = pipeline.operators[i]->GetOperatorState(context);
      intermediates_[i].Initialize(pipeline.operators[i]->types());
      profiles_[i] = &context.Profile(*pipeline.operators[i]);
    }
    sink_profile_ = &context.Profile(*pipeline.sink);
  }

  OperatorState& state(size_t index) { return *states_[index]; }

  SinkResult Push(size_t index, DataChunk& input) {
    if (input.size() == 0) return SinkResult::kNeedMoreInput;
    if (index == pipeline_.operators.size()) {
      ScopedTimer timer(context_, sink_profile_);
      return pipeline_.sink->Sink(context_, global_sink_, *local_sink_, input);
    }
    const PhysicalOperator& op = *pipeline_.operators[index];
    DataChunk& output = intermediates_[index];
    while (true) {
      output.Reset();
      OperatorResult result;
      {
        ScopedTimer timer(context_, profiles_[index]);
        result = op.Execute(context_, input, output, *states_[index]);
      }
      profiles_[index]->rows += output.size();
      if (output.size() > 0 && Push(index + 1, output) == SinkResult::kFinished) {
        return SinkResult::kFinished;
      }
      if (result == OperatorResult::kNeedMoreInput) return SinkResult::kNeedMoreInput;
      context_.CheckInterrupted();
    }
  }

  void Combine() { pipeline_.sink->Combine(context_, global_sink_, *local_sink_); }
  void SetBatch(idx_t batch) { local_sink_->batch_index = batch; }

 private:
  ExecutionContext& context_;
  Pipeline& pipeline_;
  GlobalSinkState& global_sink_;
  size_t first_operator_;
  std::unique_ptr<LocalSinkState> local_sink_;
  std::vector<std::unique_ptr<OperatorState>> states_;
  std::vector<DataChunk> intermediates_;
  std::vector<OperatorProfile*> profiles_;
  OperatorProfile* sink_profile_;
};

}  // namespace

void RunPipeline(ExecutionContext& context, Pipeline& pipeline,
                 const std::unordered_set<const PhysicalOperator*>& final_data_operators) {
  TARN_CHECK(pipeline.source && pipeline.sink, "incomplete pipeline");
  const PhysicalOperator& source = *pipeline.source;
  auto global_source = source.GetGlobalSourceState(context);
  GlobalSinkState& global_sink = context.SinkState(*pipeline.sink);
  size_t threads =
      std::max<size_t>(1, std::min(context.max_threads(), source.MaxThreads(*global_source)));
  if (pipeline.sink->RequiresOrderedInput()) threads = 1;
  OperatorProfile& source_profile = context.Profile(source);
  std::atomic<bool> finished{false};

  context.pool().ParallelRun(threads, [&](size_t thread_index) {
    PipelineThread thread(context, pipeline, global_sink, 0);
    auto local_source = source.GetLocalSourceState(context, *global_source);
    DataChunk chunk(source.types());
    while (!finished.load(std::memory_order_relaxed)) {
      context.CheckInterrupted();
      chunk.Reset();
      {
        ScopedTimer timer(context, &source_profile);
        source.GetData(context, *global_source, *local_source, chunk);
      }
      if (chunk.size() == 0) break;
      source_profile.rows += chunk.size();
      if (thread_index == 0) context.progress = source.Progress(*global_source);
      thread.SetBatch(pipeline.batch_offset + source.BatchIndex(*global_source, *local_source));
      if (thread.Push(0, chunk) == SinkResult::kFinished) {
        finished = true;
        break;
      }
    }
    thread.Combine();
  });

  // Operators with trailing output (unmatched build rows of outer joins) emit it now.
  for (size_t i = 0; i < pipeline.operators.size() && !finished; i++) {
    const PhysicalOperator& op = *pipeline.operators[i];
    if (!op.HasFinalData() || !final_data_operators.count(&op)) continue;
    PipelineThread thread(context, pipeline, global_sink, i);
    thread.SetBatch(UINT64_MAX);  // Trailing rows come after every input batch.
    DataChunk chunk(op.types());
    OperatorProfile& profile = context.Profile(op);
    while (true) {
      context.CheckInterrupted();
      chunk.Reset();
      op.GetFinalData(context, thread.state(i), chunk);
      if (chunk.size() == 0) break;
      profile.rows += chunk.size();
      if (thread.Push(i + 1, chunk) == SinkResult::kFinished) break;
    }
    thread.Combine();
  }
}

void ExecutePlan(ExecutionContext& context, const PhysicalOperator& root) {
  PipelineBuilder builder(root);
  std::vector<Pipeline*> pipelines = builder.OrderedPipelines();
  std::unordered_map<const PhysicalOperator*, int> remaining_feeds;
  // How many pipelines still to run go through each operator (more than one below a
  // UNION ALL): an operator's trailing output waits for the last of them.
  std::unordered_map<const PhysicalOperator*, int> remaining_runs;
  for (Pipeline* pipeline : pipelines) {
    if (remaining_feeds[pipeline->sink]++ == 0) {
      context.SetSinkState(*pipeline->sink, pipeline->sink->GetGlobalSinkState(context));
    }
    for (const PhysicalOperator* op : pipeline->operators) remaining_runs[op]++;
  }
  for (Pipeline* pipeline : pipelines) {
    std::unordered_set<const PhysicalOperator*> final_data_operators;
    for (const PhysicalOperator* op : pipeline->operators) {
      if (--remaining_runs[op] == 0) final_data_operators.insert(op);
    }
    RunPipeline(context, *pipeline, final_data_operators);
    if (--remaining_feeds[pipeline->sink] == 0) {
      pipeline->sink->Finalize(context, context.SinkState(*pipeline->sink));
    }
  }
}

}  // namespace tarn
