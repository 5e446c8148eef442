#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/thread_pool.h"
#include "execution/physical_operator.h"

namespace tarn {

// Per-operator counters for EXPLAIN ANALYZE.
struct OperatorProfile {
  std::atomic<uint64_t> rows{0};
  std::atomic<uint64_t> nanos{0};
  // Lines an operator adds about its run (what a scan skipped), under details_mutex.
  std::mutex details_mutex;
  std::vector<std::string> details;
};

// ExecutionContext is the per-query state shared by all pipelines: the sink states of
// pipeline-breaking operators (readable by the operators that consume them), profiling
// counters, the interrupt flag and progress. Thread safety: the maps are filled before
// pipelines start and read-only while they run; counters are atomic.
class ExecutionContext {
 public:
  ExecutionContext(ThreadPool& pool, size_t max_threads, const std::atomic<bool>* interrupted)
      : pool_(pool), max_threads_(max_threads), interrupted_(interrupted) {}

  ThreadPool& pool() { return pool_; }
  size_t max_threads() const { return max_threads_; }
  // Throws kInterrupted when the user cancelled the query.
  void CheckInterrupted() const;

  GlobalSinkState& SinkState(const PhysicalOperator& op);
  void SetSinkState(const PhysicalOperator& op, std::unique_ptr<GlobalSinkState> state);
  OperatorProfile& Profile(const PhysicalOperator& op);
  bool profiling() const { return profiling_; }
  void set_profiling(bool profiling) { profiling_ = profiling; }

  // Progress of the pipeline being run, in [0, 1] or -1; written by its threads.
  std::atomic<double> progress{-1};

  // Memory the query's operators may hold (bytes) before they spill to temp_directory()
  // or fail with kOutOfMemory. Defaults: 80% of RAM, $TMPDIR (or /tmp) + "/tarn".
  uint64_t memory_limit() const { return memory_limit_; }
  void set_memory_limit(uint64_t bytes) { memory_limit_ = bytes; }
  const std::string& temp_directory() const { return temp_directory_; }
  void set_temp_directory(std::string directory) { temp_directory_ = std::move(directory); }
  static uint64_t DefaultMemoryLimit();
  static std::string DefaultTempDirectory();

 private:
  ThreadPool& pool_;
  size_t max_threads_;
  const std::atomic<bool>* interrupted_;
  bool profiling_ = false;
  uint64_t memory_limit_ = DefaultMemoryLimit();
  std::string temp_directory_ = DefaultTempDirectory();
  std::mutex mutex_;
  std::unordered_map<const PhysicalOperator*, std::unique_ptr<GlobalSinkState>> sink_states_;
  std::unordered_map<const PhysicalOperator*, std::unique_ptr<OperatorProfile>> profiles_;
};

// A pipeline: source -> operators... -> sink. It runs once all pipelines it depends on
// have finished (their sinks finalized).
struct Pipeline {
  const PhysicalOperator* source = nullptr;
  std::vector<const PhysicalOperator*> operators;
  const PhysicalOperator* sink = nullptr;
  std::vector<Pipeline*> dependencies;
  // The pipelines of a UNION ALL's other inputs below this pipeline's operators: they
  // share the operators above the union and the sink, and run right after this one.
  std::vector<Pipeline*> siblings;
  // Added to the source's batch indexes, so that a sink that keeps input order receives
  // a later union input's rows after an earlier one's.
  idx_t batch_offset = 0;
};

// PipelineBuilder splits a physical plan into pipelines in dependency order.
class PipelineBuilder {
 public:
  // Builds the pipelines of `root`, which must be a sink (the result collector).
  explicit PipelineBuilder(const PhysicalOperator& root);

  Pipeline& current() { return *current_; }
  // Starts a new pipeline that feeds `sink`; the current pipeline depends on it. Builds it
  // from `child`, then returns to the current pipeline.
  void BuildChildPipeline(const PhysicalOperator& sink, const PhysicalOperator& child);
  // Pipelines in an order where dependencies come first.
  std::vector<Pipeline*> OrderedPipelines();
  // Called by a UNION ALL that was just added to the current pipeline's operators: builds
  // the first input into the current pipeline and each other input into a sibling with
  // the same operators above the union, sink and dependencies.
  void BuildUnionInputs(const PhysicalOperator& union_all);
  // The pipeline built so far whose sink is `sink` (a materialized CTE's definition, which
  // the pipelines that read its rows depend on); null when there is none.
  Pipeline* PipelineFeeding(const PhysicalOperator& sink);

 private:
  std::vector<std::unique_ptr<Pipeline>> pipelines_;
  Pipeline* current_ = nullptr;
  // The batch offset of the next union input (inputs are numbered in the order built).
  idx_t next_batch_offset_ = 0;
};

// Runs a pipeline on up to context.max_threads() threads with morsel-driven parallelism.
// The trailing output of the operators in `final_data_operators` (those no later pipeline
// runs through) is emitted after the source is exhausted.
void RunPipeline(ExecutionContext& context, Pipeline& pipeline,
                 const std::unordered_set<const PhysicalOperator*>& final_data_operators);

// Runs every pipeline of `root` in dependency order; the caller reads the root's sink state.
void ExecutePlan(ExecutionContext& context, const PhysicalOperator& root);

}  // namespace tarn
