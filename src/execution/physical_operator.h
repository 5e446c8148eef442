#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "vector/data_chunk.h"

namespace tarn {

class ExecutionContext;
class PipelineBuilder;

struct GlobalSourceState {
  virtual ~GlobalSourceState() = default;
};
struct LocalSourceState {
  virtual ~LocalSourceState() = default;
};
struct OperatorState {
  virtual ~OperatorState() = default;
};
struct GlobalSinkState {
  virtual ~GlobalSinkState() = default;
};
struct LocalSinkState {
  virtual ~LocalSinkState() = default;
  // Position in the pipeline source's input of the chunks being sunk (see BatchIndex).
  idx_t batch_index = 0;
};

enum class OperatorResult : uint8_t {
  kNeedMoreInput,   // Output (possibly empty) is complete for this input chunk.
  kHaveMoreOutput,  // Call Execute again with the same input for more output.
};

enum class SinkResult : uint8_t {
  kNeedMoreInput,
  kFinished,  // The sink needs no more input (LIMIT reached): sources may stop early.
};

// PhysicalOperator is one node of an executable plan. Plans run as push-based pipelines:
// a source produces chunks, streaming operators transform them, a sink consumes them
// (see pipeline.h). An operator may play several roles: a hash aggregate is the sink of
// the pipeline below it and the source of the one above; a hash join is the sink of its
// build pipeline and a streaming operator of its probe pipeline.
//
// Threading contract: operators are immutable once planned (all methods are const).
// Global states are created once per query and shared by the pipeline's threads (the
// operator synchronizes access to them); local states and OperatorStates belong to one
// thread. For each thread: GetLocal* once, then GetData / Execute / Sink repeatedly, then
// Combine once. Finalize runs once, on one thread, after every thread's Combine.
class PhysicalOperator {
 public:
  PhysicalOperator(std::string name, std::vector<LogicalType> types, double estimated_rows)
      : name_(std::move(name)), types_(std::move(types)), estimated_rows_(estimated_rows) {}
  virtual ~PhysicalOperator() = default;

  const std::string& name() const { return name_; }
  const std::vector<LogicalType>& types() const { return types_; }
  double estimated_rows() const { return estimated_rows_; }
  std::vector<std::unique_ptr<PhysicalOperator>> children;

  // Source role.
  virtual bool IsSource() const { return false; }
  virtual std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ExecutionContext& context) const;
  virtual std::unique_ptr<LocalSourceState> GetLocalSourceState(ExecutionContext& context,
                                                                GlobalSourceState& global) const;
  // Fills `output` (already initialized with types()); an empty chunk means exhausted.
  virtual void GetData(ExecutionContext& context, GlobalSourceState& global,
                       LocalSourceState& local, DataChunk& output) const;
  virtual size_t MaxThreads(GlobalSourceState& global) const { return 1; }
  // The input position of the chunk the last GetData on `local` produced; sinks that keep
  // order (the result collector) sort by it, so parallel scans return rows in file order.
  virtual idx_t BatchIndex(GlobalSourceState& global, LocalSourceState& local) const { return 0; }
  virtual double Progress(GlobalSourceState& global) const { return -1; }

  // Streaming role.
  virtual std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const;
  virtual OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                                 OperatorState& state) const;
  // Streaming operators that emit extra rows once their input is exhausted (a FULL or
  // RIGHT join's unmatched build rows) return true and implement GetFinalData, which is
  // called repeatedly on one thread until it returns an empty chunk.
  virtual bool HasFinalData() const { return false; }
  virtual void GetFinalData(ExecutionContext& context, OperatorState& state,
                            DataChunk& output) const;

  // Sink role.
  virtual bool IsSink() const { return false; }
  virtual std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ExecutionContext& context) const;
  virtual std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context,
                                                            GlobalSinkState& global) const;
  virtual SinkResult Sink(ExecutionContext& context, GlobalSinkState& global, LocalSinkState& local,
                          DataChunk& input) const;
  virtual void Combine(ExecutionContext& context, GlobalSinkState& global,
                       LocalSinkState& local) const {}
  virtual void Finalize(ExecutionContext& context, GlobalSinkState& global) const {}
  // A sink whose order of input matters (LIMIT without ORDER BY) runs its pipeline on one
  // thread so that results keep the source's order.
  virtual bool RequiresOrderedInput() const { return false; }

  // Splits the plan into pipelines (see pipeline.h). The default suits streaming
  // operators: they join the current pipeline and recurse into children[0].
  virtual void BuildPipelines(PipelineBuilder& builder) const;

  // Details for EXPLAIN, one item per line.
  virtual std::vector<std::string> Details() const { return {}; }

 protected:
  std::string name_;
  std::vector<LogicalType> types_;
  double estimated_rows_;
};

}  // namespace tarn
