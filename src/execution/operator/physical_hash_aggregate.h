#pragma once

#include "execution/physical_operator.h"
#include "function/aggregate/aggregate_function.h"
#include "planner/bound_expression.h"

namespace tarn {

class AggregateTable;
struct AggregateScratch;
struct AggregateSource;
struct SpillPartitions;
struct SpillWork;

// One aggregate of a GROUP BY: the function and its argument expressions over the input.
struct BoundAggregate {
  AggregateFunction function;
  std::vector<BoundExpressionPtr> arguments;
  bool distinct = false;
  BoundAggregate Copy() const;
  std::string ToString() const;
};

// Hash aggregation: GROUP BY groups (also DISTINCT, which is a GROUP BY without
// aggregates). Each thread aggregates into its own open-addressing table: keyed by one
// uint64 when every group column is integer-like and their values fit in 64 bits (plus a
// NULL mask), else by encoded group keys (see key_encoder.h); Combine merges the thread tables into
// the global one by key, combining aggregate states. As a source it emits [groups...,
// aggregates...]. Without groups it always emits exactly one row (count(*) of nothing is 0).
// Memory: a thread's table that outgrows its share of memory_limit stops taking new
// groups; rows of groups it does not hold are written, with their aggregate arguments, to
// spill files partitioned by key hash. The source aggregates each partition on its own
// (splitting it again if it still does not fit) before it emits the merged table, so no
// aggregate state ever needs to be written to disk.
class PhysicalHashAggregate : public PhysicalOperator {
 public:
  PhysicalHashAggregate(std::vector<BoundExpressionPtr> groups,
                        std::vector<BoundAggregate> aggregates, double estimated_rows);

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context,
                                                    GlobalSinkState& global) const override;
  SinkResult Sink(ExecutionContext& context, GlobalSinkState& global, LocalSinkState& local,
                  DataChunk& input) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ExecutionContext& context) const override;
  void GetData(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
               DataChunk& output) const override;
  void BuildPipelines(PipelineBuilder& builder) const override;
  std::vector<std::string> Details() const override;

 private:
  std::unique_ptr<AggregateTable> NewTable() const;
  void InitScratch(AggregateScratch& scratch) const;
  // Folds the scratch's argument rows `rows` (all when null) into their groups' states.
  void UpdateStates(AggregateTable& table, AggregateScratch& scratch, const uint32_t* rows,
                    idx_t count) const;
  // Aggregates the scratch's group and argument chunks into `table`; when `frozen`, rows
  // of groups not in the table go to `spill` instead. Returns whether the table is (now)
  // frozen: over `budget` bytes.
  bool AggregateChunk(AggregateTable& table, AggregateScratch& scratch, idx_t count, bool frozen,
                      size_t budget, int level, SpillPartitions& spill,
                      const std::string& temp_directory) const;
  void AggregatePartition(ExecutionContext& context, AggregateSource& source, SpillWork work) const;
  // Bits of a group type's values in a packed key, or 0 when it does not pack.
  static idx_t PackedBits(const LogicalType& type);
  // Packs the scratch's group columns into scratch.packed_keys and packed_nulls.
  void PackGroupKeys(AggregateScratch& scratch, idx_t count) const;
  // Puts each row's group (or kNotFound) in scratch.group_ids; with `insert`, rows of
  // groups the table lacked create them and are listed in scratch.new_rows.
  void FindGroups(AggregateTable& table, AggregateScratch& scratch, idx_t count, bool insert) const;
  // FindGroups for a single VARCHAR group column, through the table's StringGroupCache.
  void FindStringGroups(AggregateTable& table, AggregateScratch& scratch, idx_t count,
                        bool insert) const;

  std::vector<BoundExpressionPtr> groups_;
  std::vector<BoundAggregate> aggregates_;
  std::vector<LogicalType> group_types_;
  std::vector<LogicalType> spill_types_;  // Groups, then every aggregate's arguments.
  std::vector<size_t> state_offsets_;
  size_t state_size_ = 0;
  bool packed_keys_ = false;        // Group keys pack into a uint64 (see PackedBits).
  bool single_string_key_ = false;  // One VARCHAR group column (see FindStringGroups).
};

}  // namespace tarn
