#include "optimizer/row_estimates.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "optimizer/cardinality_estimator.h"

namespace tarn {

namespace {

// Estimates are capped here, like the join order's, so that a product of several large
// inputs stays a finite, printable number.
constexpr double kMaxRows = 1e18;
// A grouped aggregate is assumed to keep this fraction of its input rows, an UNNEST to
// produce this many rows per input row, and each filter condition to keep this fraction;
// the same guesses the binder makes when it builds these operators.
constexpr double kGroupFraction = 0.1;
constexpr double kUnnestFanOut = 4;
constexpr double kConditionSelectivity = 0.5;

double Clamp(double value, double low, double high) { return std::max(low, std::min(value, high)); }

// Whether `op` is a scan, or filters directly over one (the join order may have replaced
// the top estimate of such a chain by one measured on a sample).
bool IsFilteredScan(const LogicalOperator& op) {
  const LogicalOperator* node = &op;
  while (node->kind == LogicalKind::kFilter) node = node->children[0].get();
  return node->kind == LogicalKind::kGet || node->kind == LogicalKind::kRows;
}

// The session table scan whose column `column` of `op` passes on unchanged (through
// filters, projections of plain columns, joins and sorts), with that column's position in
// the scan's output; null when the column is computed or comes from elsewhere.
const LogicalOperator* SourceScan(const LogicalOperator& op, idx_t column, idx_t& scan_column) {
  switch (op.kind) {
    case LogicalKind::kRows:
      if (!op.rows || column >= op.types.size()) return nullptr;
      scan_column = column;
      return &op;
    case LogicalKind::kFilter:
    case LogicalKind::kOrder:
    case LogicalKind::kLimit:
    case LogicalKind::kWindow:
      if (column >= op.children[0]->types.size()) return nullptr;
      return SourceScan(*op.children[0], column, scan_column);
    case LogicalKind::kProjection: {
      const BoundExpression& expression = *op.expressions[column];
      if (expression.kind != BoundExpressionKind::kColumnRef) return nullptr;
      return SourceScan(*op.children[0], expression.column_index, scan_column);
    }
    case LogicalKind::kJoin: {
      idx_t left_width = op.children[0]->types.size();
      if (column < left_width) return SourceScan(*op.children[0], column, scan_column);
      bool right_columns_kept =
          op.join_type == PhysicalJoinType::kInner || op.join_type == PhysicalJoinType::kLeft ||
          op.join_type == PhysicalJoinType::kRight || op.join_type == PhysicalJoinType::kFull;
      if (!right_columns_kept || column - left_width >= op.children[1]->types.size()) {
        return nullptr;  // A MARK join's flag.
      }
      return SourceScan(*op.children[1], column - left_width, scan_column);
    }
    default:
      return nullptr;
  }
}

// Groups of a grouped aggregate: the product of the distinct values of its group columns
// in a sample of the tables they come from, at most the input rows; the binder's guess when
// a group is computed or read from something else than a session table.
double GroupRows(const LogicalOperator& op) {
  double input = op.children[0]->estimated_rows;
  double guess = op.aggregates.empty() ? input : std::max(1.0, input * kGroupFraction);
  double groups = 1;
  // One sample per source table, however many of its columns are grouped on.
  std::vector<std::pair<const LogicalOperator*, std::unique_ptr<CardinalityEstimator>>> sampled;
  for (const auto& expression : op.expressions) {
    idx_t scan_column = 0;
    const LogicalOperator* scan =
        expression->kind == BoundExpressionKind::kColumnRef
            ? SourceScan(*op.children[0], expression->column_index, scan_column)
            : nullptr;
    if (!scan) return std::min(input, guess);
    auto known = std::find_if(sampled.begin(), sampled.end(),
                              [&](const auto& entry) { return entry.first == scan; });
    if (known == sampled.end()) {
      sampled.emplace_back(scan, std::make_unique<CardinalityEstimator>(*scan));
      known = sampled.end() - 1;
    }
    CardinalityEstimator& estimator = *known->second;
    if (!estimator.Sampled()) return std::min(input, guess);
    groups = std::min(groups * estimator.DistinctValues(scan_column), kMaxRows);
  }
  return std::min(input, std::max(1.0, groups));
}

double LimitRows(const LogicalOperator& op, double input) {
  if (!op.limit) return input;
  return std::min(input, static_cast<double>(*op.limit));
}

double JoinRows(const LogicalOperator& op) {
  double left = op.children[0]->estimated_rows;
  double right = op.children[1]->estimated_rows;
  double product = std::min(left * right, kMaxRows);
  double larger = std::max(left, right);
  double own = op.estimated_rows;
  bool has_conditions = !op.expressions.empty();
  switch (op.join_type) {
    case PhysicalJoinType::kInner:
      return has_conditions ? Clamp(own, 1, std::max(1.0, product)) : product;
    case PhysicalJoinType::kLeft:
      return has_conditions ? Clamp(own, left, larger) : std::max(left, product);
    case PhysicalJoinType::kRight:
      return has_conditions ? Clamp(own, right, larger) : std::max(right, product);
    case PhysicalJoinType::kFull:
      return has_conditions ? larger : std::max(larger, product);
    case PhysicalJoinType::kSemi:
    case PhysicalJoinType::kAnti:
      return Clamp(own, std::min(1.0, left), left);
    case PhysicalJoinType::kMark:
      return left;
    case PhysicalJoinType::kRightSemi:
    case PhysicalJoinType::kRightAnti:
      return Clamp(own, std::min(1.0, right), right);
  }
  return own;
}

double OperatorRows(const LogicalOperator& op) {
  switch (op.kind) {
    case LogicalKind::kGet:
      return LimitRows(op, op.estimated_rows);
    case LogicalKind::kRows:
      return op.estimated_rows;
    case LogicalKind::kFilter: {
      double input = op.children[0]->estimated_rows;
      if (IsFilteredScan(*op.children[0])) return std::min(op.estimated_rows, input);
      double kept =
          input * std::pow(kConditionSelectivity, static_cast<double>(op.expressions.size()));
      return std::min(input, std::max(1.0, kept));
    }
    case LogicalKind::kProjection:
    case LogicalKind::kWindow:
      return op.children[0]->estimated_rows;
    case LogicalKind::kAggregate:
      return op.expressions.empty() ? 1 : GroupRows(op);
    case LogicalKind::kJoin:
      return JoinRows(op);
    case LogicalKind::kOrder:
    case LogicalKind::kLimit:
      return LimitRows(op, op.children[0]->estimated_rows);
    case LogicalKind::kUnion: {
      double total = 0;
      for (const auto& child : op.children) total += child->estimated_rows;
      return std::min(total, kMaxRows);
    }
    case LogicalKind::kUnnest:
      return std::min(op.children[0]->estimated_rows * kUnnestFanOut, kMaxRows);
    default:
      return op.estimated_rows;
  }
}

}  // namespace

void RecomputeRowEstimates(LogicalOperator& plan) {
  for (auto& child : plan.children) RecomputeRowEstimates(*child);
  double rows = OperatorRows(plan);
  plan.estimated_rows = std::isfinite(rows) ? std::max(0.0, rows) : kMaxRows;
}

}  // namespace tarn
