#pragma once

#include "execution/physical_operator.h"
#include "planner/bound_expression.h"

namespace tarn {

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
  bool HasFinalData() const override {
    return join_type_ == PhysicalJoinType::kRight || join_type_ == PhysicalJoinType::kFull ||
           EmitsBuildSideOnly();
  }
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
