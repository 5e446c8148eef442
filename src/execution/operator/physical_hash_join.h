#pragma once

#include "execution/physical_operator.h"
#include "planner/bound_expression.h"

namespace tarn {

class Arena;
class ExpressionExecutor;
struct HashJoinBuildRows;
struct HashJoinProbe;
struct HashJoinSink;
struct HashJoinSpillWork;
struct HashJoinTable;

// kMark keeps every probe row and appends a BOOLEAN column: whether it found a match
// (how EXISTS and IN subqueries that refer to the outer query are evaluated).
// kRightSemi / kRightAnti are SEMI / ANTI joins whose kept side is the build side: they
// emit the build rows with (without) a match once the probe input is exhausted, so that a
// large subquery side is streamed through the probe instead of materialized. The physical
// planner chooses them; logical plans use kSemi / kAnti only.
enum class PhysicalJoinType : uint8_t {
  kInner,
  kLeft,
  kRight,
  kFull,
  kSemi,
  kAnti,
  kMark,
  kRightSemi,
  kRightAnti
};

std::string JoinTypeName(PhysicalJoinType type);

// Hash join on equality keys, with an optional residual condition over the joined row.
// children[0] is the probe side (streamed), children[1] the build side (materialized by
// this operator as the sink of the build pipeline, then indexed in Finalize). Output:
// probe columns then build columns, probe columns only for SEMI / ANTI, probe columns and
// a BOOLEAN "matched" column for MARK, build columns only for RIGHT_SEMI / RIGHT_ANTI.
// Keys compare with SQL equality (NULL never matches) unless null_equal is set for that
// key (IS NOT DISTINCT FROM, set operations). RIGHT and FULL joins emit unmatched build
// rows, RIGHT_SEMI matched and RIGHT_ANTI unmatched ones, after the probe input is
// exhausted (HasFinalData); probe threads record matches in per-row atomic flags.
//
// Spilling (a grace hash join that keeps what fits): the build side may hold about half
// of memory_limit. Past that, build rows are split into 16 partitions by bits of their
// key's hash, and the largest partitions move to spill files in temp_directory until the
// rest fits; later build rows of those partitions go straight to disk. Probe rows whose
// partition is on disk are written to a probe spill file of that partition instead of
// being joined. Once the probe input is exhausted, GetFinalData joins each spilled pair of
// files in turn, splitting a pair again with the next hash bits while its build rows do
// not fit; a build key with more rows than fit is a kOutOfMemory error. A probe row meets
// exactly the build rows of its partition, so every join type keeps its meaning; only the
// order of output rows changes.
//
// Thread safety: Sink, Combine and Execute run on many threads (the shared state is
// guarded by atomics and per-partition locks); Finalize and GetFinalData run on one.
class PhysicalHashJoin : public PhysicalOperator {
 public:
  PhysicalHashJoin(PhysicalJoinType join_type, std::vector<BoundExpressionPtr> probe_keys,
                   std::vector<BoundExpressionPtr> build_keys, std::vector<bool> null_equal,
                   BoundExpressionPtr residual, std::vector<LogicalType> probe_types,
                   std::vector<LogicalType> build_types, double estimated_rows);

  // Build side.
  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context,
                                                    GlobalSinkState& global) const override;
  SinkResult Sink(ExecutionContext& context, GlobalSinkState& global, LocalSinkState& local,
                  DataChunk& input) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& global,
               LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;

  // Probe side.
  std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                         OperatorState& state) const override;
  // Always: spilled partitions are joined once the probe input is exhausted.
  bool HasFinalData() const override { return true; }
  void GetFinalData(ExecutionContext& context, OperatorState& state,
                    DataChunk& output) const override;

  void BuildPipelines(PipelineBuilder& builder) const override;
  std::vector<std::string> Details() const override;

 private:
  // Whether the output is probe columns followed by build columns.
  bool EmitsBuildColumns() const {
    return join_type_ == PhysicalJoinType::kInner || join_type_ == PhysicalJoinType::kLeft ||
           join_type_ == PhysicalJoinType::kRight || join_type_ == PhysicalJoinType::kFull;
  }
  bool EmitsBuildSideOnly() const {
    return join_type_ == PhysicalJoinType::kRightSemi || join_type_ == PhysicalJoinType::kRightAnti;
  }
  // Whether build rows are emitted after the probe input by whether they matched.
  bool EmitsFinalBuildRows() const {
    return join_type_ == PhysicalJoinType::kRight || join_type_ == PhysicalJoinType::kFull ||
           EmitsBuildSideOnly();
  }
  // Whether a probe row without a match can produce output.
  bool EmitsUnmatchedProbeRows() const {
    return join_type_ == PhysicalJoinType::kLeft || join_type_ == PhysicalJoinType::kFull ||
           join_type_ == PhysicalJoinType::kAnti || join_type_ == PhysicalJoinType::kMark;
  }
  // Whether a build row without a match can produce output.
  bool EmitsUnmatchedBuildRows() const {
    return join_type_ == PhysicalJoinType::kRight || join_type_ == PhysicalJoinType::kFull ||
           join_type_ == PhysicalJoinType::kRightAnti;
  }

  // Evaluates `keys` over `input` into per-row packed or encoded keys (written from
  // `offset`) and matchable flags.
  void ComputeKeys(ExpressionExecutor& executor, const std::vector<BoundExpressionPtr>& keys,
                   DataChunk& input, DataChunk& key_chunk, Arena& arena,
                   std::vector<std::string_view>& encoded, std::vector<uint64_t>& packed,
                   std::vector<uint8_t>& matchable, size_t offset) const;
  uint64_t KeyHash(const std::vector<std::string_view>& encoded,
                   const std::vector<uint64_t>& packed, idx_t row) const;
  // Appends `input` to `rows` with its keys.
  void AppendBuildChunk(HashJoinBuildRows& rows, ExpressionExecutor& executor, DataChunk& key_chunk,
                        DataChunk& input) const;
  // Splits the rows of `chunk` (keys at `keys` / `packed`, flags at `matchable`): those of
  // a partition in `mask` go to its build spill file, the others are copied into `rows`.
  void AddBuildRows(HashJoinSink& global, HashJoinBuildRows& rows, const DataChunk& chunk,
                    const std::string_view* keys, const uint64_t* packed, const uint8_t* matchable,
                    uint32_t mask, uint64_t& salt) const;
  // Moves the rows of `rows` whose partition is in `mask` to the build spill files.
  void EvictPartitions(HashJoinSink& global, HashJoinBuildRows& rows, uint32_t mask,
                       uint64_t& salt) const;
  // The partitions (not in `mask`) to spill so that `rows` shrinks by about half.
  uint32_t ChooseSpillPartitions(const HashJoinBuildRows& rows, uint32_t mask) const;
  std::unique_ptr<HashJoinTable> BuildTable(HashJoinBuildRows rows) const;
  // Joins one chunk of probe rows with `table` (see Execute). With `route`, rows of
  // spilled partitions are written to their probe spill file instead.
  OperatorResult Probe(HashJoinTable& table, HashJoinSink* route, DataChunk& input,
                       DataChunk& output, HashJoinProbe& state) const;
  void RouteSpilledProbeRows(HashJoinSink& global, DataChunk& input, HashJoinProbe& state) const;
  // Appends build rows decided by their match flag (see EmitsFinalBuildRows).
  void EmitFinalBuildRows(HashJoinTable& table, idx_t& cursor, DataChunk& output) const;
  // Loads a spilled pair of files into state (or splits it again when it does not fit).
  void StartPartition(ExecutionContext& context, HashJoinSink& global, HashJoinProbe& state,
                      HashJoinSpillWork work) const;
  void Repartition(ExecutionContext& context, HashJoinSink& global, HashJoinProbe& state,
                   HashJoinSpillWork work) const;

  PhysicalJoinType join_type_;
  // Whether the keys pack into one 64-bit integer (one or two integer keys of equal types
  // on both sides, NULLs never equal): the table then compares integers, not encoded keys.
  bool packed_keys_ = false;
  std::vector<BoundExpressionPtr> probe_keys_;
  std::vector<BoundExpressionPtr> build_keys_;
  std::vector<bool> null_equal_;
  BoundExpressionPtr residual_;
  std::vector<LogicalType> probe_types_;
  std::vector<LogicalType> build_types_;
};

}  // namespace tarn
