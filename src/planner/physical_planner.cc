#include "planner/physical_planner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "execution/operator/physical_collector.h"
#include "execution/operator/physical_cte.h"
#include "execution/operator/physical_filter.h"
#include "execution/operator/physical_hash_aggregate.h"
#include "execution/operator/physical_hash_join.h"
#include "execution/operator/physical_limit.h"
#include "execution/operator/physical_order.h"
#include "execution/operator/physical_projection.h"
#include "execution/operator/physical_rows_scan.h"
#include "execution/operator/physical_table_scan.h"
#include "execution/operator/physical_union_all.h"
#include "execution/operator/physical_unnest.h"
#include "execution/pipeline.h"
#include "planner/expression_binder.h"

namespace tarn {

namespace {

std::vector<BoundExpressionPtr> CopyAll(const std::vector<BoundExpressionPtr>& expressions) {
  std::vector<BoundExpressionPtr> copies;
  for (const auto& expression : expressions) copies.push_back(expression->Copy());
  return copies;
}

bool UsesRange(const BoundExpression& expression, idx_t begin, idx_t end) {
  bool inside = true;
  ForEachColumnRef(expression, [&](const BoundExpression& reference) {
    if (reference.column_index < begin || reference.column_index >= end) inside = false;
  });
  return inside;
}

void ShiftColumns(BoundExpression& expression, int64_t delta) {
  VisitColumnRefs(expression, [delta](BoundExpression& reference) {
    reference.column_index =
        static_cast<idx_t>(static_cast<int64_t>(reference.column_index) + delta);
  });
}

// Rows a plan is expected to produce. Projections are looked through (join reordering
// leaves stale estimates on them), and a semi or anti join produces at most its left input.
double ExpectedRows(const LogicalOperator& op) {
  if (op.kind == LogicalKind::kProjection) return ExpectedRows(*op.children[0]);
  if (op.kind == LogicalKind::kJoin &&
      (op.join_type == PhysicalJoinType::kSemi || op.join_type == PhysicalJoinType::kAnti)) {
    return std::min(op.estimated_rows, ExpectedRows(*op.children[0]));
  }
  return op.estimated_rows;
}

// A semi, anti or left join whose right side is this many times larger than its left
// (kept) side, and not small, builds on the left side and streams the right side through
// the probe: RIGHT_SEMI, RIGHT_ANTI or RIGHT with the sides swapped.
constexpr double kFlipRatio = 4;
constexpr double kFlipMinimumRows = 20000;

std::unique_ptr<PhysicalOperator> PlanJoin(const LogicalOperator& op) {
  const LogicalOperator& left = *op.children[0];
  const LogicalOperator& right = *op.children[1];
  idx_t left_width = left.types.size();
  idx_t right_width = right.types.size();
  // An inner join builds its hash table on the smaller side.
  bool swap =
      op.join_type == PhysicalJoinType::kInner && right.estimated_rows > left.estimated_rows * 1.5;
  std::vector<BoundExpressionPtr> probe_keys, build_keys, residual;
  std::vector<bool> null_equal;
  for (const auto& condition : op.expressions) {
    bool is_key = condition->kind == BoundExpressionKind::kFunction &&
                  condition->children.size() == 2 &&
                  (condition->name == "=" || condition->name == "is not distinct from");
    if (is_key) {
      const auto& a = *condition->children[0];
      const auto& b = *condition->children[1];
      bool a_left = UsesRange(a, 0, left_width),
           b_right = UsesRange(b, left_width, left_width + right_width);
      bool a_right = UsesRange(a, left_width, left_width + right_width),
           b_left = UsesRange(b, 0, left_width);
      const BoundExpression* left_key = nullptr;
      const BoundExpression* right_key = nullptr;
      if (a_left && b_right && !a.IsConstant() && !b.IsConstant()) {
        left_key = &a;
        right_key = &b;
      } else if (a_right && b_left && !a.IsConstant() && !b.IsConstant()) {
        left_key = &b;
        right_key = &a;
      }
      if (left_key) {
        auto left_copy = left_key->Copy();
        auto right_copy = right_key->Copy();
        ShiftColumns(*right_copy, -static_cast<int64_t>(left_width));
        probe_keys.push_back(std::move(left_copy));
        build_keys.push_back(std::move(right_copy));
        null_equal.push_back(condition->name == "is not distinct from");
        continue;
      }
    }
    residual.push_back(condition->Copy());
  }
  PhysicalJoinType join_type = op.join_type;
  bool flippable = join_type == PhysicalJoinType::kSemi || join_type == PhysicalJoinType::kAnti ||
                   join_type == PhysicalJoinType::kLeft;
  if (flippable && !probe_keys.empty()) {
    double kept_rows = ExpectedRows(left);
    double other_rows = ExpectedRows(right);
    if (other_rows >= kFlipMinimumRows && other_rows > kept_rows * kFlipRatio) {
      swap = true;
      join_type = join_type == PhysicalJoinType::kSemi   ? PhysicalJoinType::kRightSemi
                  : join_type == PhysicalJoinType::kAnti ? PhysicalJoinType::kRightAnti
                                                         : PhysicalJoinType::kRight;
    }
  }
  auto probe_child = CreatePhysicalPlan(left);
  auto build_child = CreatePhysicalPlan(right);
  std::vector<LogicalType> probe_types = left.types, build_types = right.types;
  if (swap) {
    std::swap(probe_keys, build_keys);
    std::swap(probe_child, build_child);
    std::swap(probe_types, build_types);
    // Residual columns: left [0, lw) moves to [rw, rw + lw); right [lw, lw + rw) to [0, rw).
    for (auto& expression : residual) {
      VisitColumnRefs(*expression, [&](BoundExpression& reference) {
        reference.column_index = reference.column_index < left_width
                                     ? reference.column_index + right_width
                                     : reference.column_index - left_width;
      });
    }
  }
  BoundExpressionPtr residual_expression =
      residual.empty() ? nullptr : CombineConjuncts(std::move(residual));
  auto join = std::make_unique<PhysicalHashJoin>(
      join_type, std::move(probe_keys), std::move(build_keys), std::move(null_equal),
      std::move(residual_expression), probe_types, build_types, op.estimated_rows);
  join->children.push_back(std::move(probe_child));
  join->children.push_back(std::move(build_child));
  // A RIGHT_SEMI / RIGHT_ANTI join's output is already the left (build) columns alone.
  bool build_side_only =
      join_type == PhysicalJoinType::kRightSemi || join_type == PhysicalJoinType::kRightAnti;
  if (!swap || build_side_only) return join;
  // Restore the [left..., right...] column order the plan above expects.
  std::vector<BoundExpressionPtr> reorder;
  for (idx_t i = 0; i < left_width; i++) {
    reorder.push_back(BoundExpression::ColumnRef(right_width + i, left.types[i], ""));
  }
  for (idx_t i = 0; i < right_width; i++) {
    reorder.push_back(BoundExpression::ColumnRef(i, right.types[i], ""));
  }
  auto projection = std::make_unique<PhysicalProjection>(std::move(reorder), op.estimated_rows);
  projection->children.push_back(std::move(join));
  return projection;
}

// Points the scans of a materialized CTE in `plan` at the operator that stores its rows.
void LinkCteScans(PhysicalOperator& plan, const PhysicalCteMaterialize& materialize) {
  if (auto* scan = dynamic_cast<PhysicalCteScan*>(&plan)) {
    if (scan->cte_id() == materialize.cte_id()) scan->set_materialize(&materialize);
  }
  for (auto& child : plan.children) LinkCteScans(*child, materialize);
}

}  // namespace

std::unique_ptr<PhysicalOperator> CreatePhysicalPlan(const LogicalOperator& op) {
  switch (op.kind) {
    case LogicalKind::kGet:
      return std::make_unique<PhysicalTableScan>(op.binding, op.column_ids, op.types,
                                                 op.estimated_rows, op.table_filters, op.limit);
    case LogicalKind::kRows:
      return std::make_unique<PhysicalRowsScan>(op.label, op.rows, op.column_ids, op.types,
                                                op.estimated_rows);
    case LogicalKind::kFilter: {
      auto filter = std::make_unique<PhysicalFilter>(CombineConjuncts(CopyAll(op.expressions)),
                                                     op.types, op.estimated_rows);
      filter->children.push_back(CreatePhysicalPlan(*op.children[0]));
      return filter;
    }
    case LogicalKind::kProjection: {
      auto projection =
          std::make_unique<PhysicalProjection>(CopyAll(op.expressions), op.estimated_rows);
      projection->children.push_back(CreatePhysicalPlan(*op.children[0]));
      return projection;
    }
    case LogicalKind::kAggregate: {
      std::vector<BoundAggregate> aggregates;
      for (const auto& aggregate : op.aggregates) aggregates.push_back(aggregate.Copy());
      auto aggregate = std::make_unique<PhysicalHashAggregate>(
          CopyAll(op.expressions), std::move(aggregates), op.estimated_rows);
      aggregate->children.push_back(CreatePhysicalPlan(*op.children[0]));
      return aggregate;
    }
    case LogicalKind::kJoin:
      return PlanJoin(op);
    case LogicalKind::kOrder: {
      std::vector<BoundOrderItem> orders;
      for (const auto& order : op.orders)
        orders.push_back(BoundOrderItem{order.expression->Copy(), order.order});
      auto sort = std::make_unique<PhysicalOrder>(std::move(orders), op.limit, op.offset, op.types,
                                                  op.estimated_rows);
      sort->children.push_back(CreatePhysicalPlan(*op.children[0]));
      return sort;
    }
    case LogicalKind::kLimit: {
      auto limit =
          std::make_unique<PhysicalLimit>(op.limit, op.offset, op.types, op.estimated_rows);
      limit->children.push_back(CreatePhysicalPlan(*op.children[0]));
      return limit;
    }
    case LogicalKind::kWindow: {
      std::vector<BoundWindow> windows;
      for (const auto& window : op.windows) windows.push_back(window.Copy());
      auto window = std::make_unique<PhysicalWindow>(std::move(windows), op.children[0]->types,
                                                     op.types, op.estimated_rows);
      window->children.push_back(CreatePhysicalPlan(*op.children[0]));
      return window;
    }
    case LogicalKind::kUnnest: {
      auto unnest =
          std::make_unique<PhysicalUnnest>(CopyAll(op.expressions), op.types, op.unnest_outer,
                                           op.unnest_ordinality, op.estimated_rows);
      unnest->children.push_back(CreatePhysicalPlan(*op.children[0]));
      return unnest;
    }
    case LogicalKind::kMaterializedCte: {
      TARN_CHECK(op.cte && op.children.size() == 2, "malformed materialized CTE");
      const LogicalOperator& definition = *op.children[0];
      auto materialize = std::make_unique<PhysicalCteMaterialize>(
          op.cte->name, op.cte->id, definition.types, op.types, op.estimated_rows);
      materialize->children.push_back(CreatePhysicalPlan(definition));
      auto query = CreatePhysicalPlan(*op.children[1]);
      LinkCteScans(*query, *materialize);
      materialize->children.push_back(std::move(query));
      return materialize;
    }
    case LogicalKind::kCteScan:
      TARN_CHECK(op.cte, "CTE scan without its CTE");
      return std::make_unique<PhysicalCteScan>(op.cte->name, op.cte->id, op.column_ids, op.types,
                                               op.estimated_rows);
    case LogicalKind::kUnion: {
      auto union_all = std::make_unique<PhysicalUnionAll>(op.types, op.estimated_rows);
      for (const auto& child : op.children) {
        union_all->children.push_back(CreatePhysicalPlan(*child));
      }
      return union_all;
    }
  }
  ThrowError(ErrorCode::kInternal, "unknown logical operator");
}

namespace {

std::string FormatRows(double rows) {
  if (rows < 0) return "?";
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.0f", std::round(rows));
  return buffer;
}

void Render(const PhysicalOperator& op, ExecutionContext* profile, const std::string& prefix,
            bool last, bool root, std::string& out) {
  std::string name = op.name();
  std::string line = root ? "" : prefix + (last ? "└─ " : "├─ ");
  line += name + "  (estimated rows: " + FormatRows(op.estimated_rows());
  if (profile) {
    OperatorProfile& counters = profile->Profile(op);
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "; actual rows: %llu; time: %.3f s",
                  static_cast<unsigned long long>(counters.rows.load()),
                  counters.nanos.load() / 1e9);
    line += buffer;
  }
  line += ")";
  out += line + "\n";
  std::string child_prefix = root ? "" : prefix + (last ? "   " : "│  ");
  std::vector<std::string> details = op.Details();
  if (profile) {
    OperatorProfile& counters = profile->Profile(op);
    std::lock_guard<std::mutex> lock(counters.details_mutex);
    details.insert(details.end(), counters.details.begin(), counters.details.end());
  }
  for (const auto& detail : details)
    out += child_prefix + (op.children.empty() ? "   " : "│  ") + detail + "\n";
  for (size_t i = 0; i < op.children.size(); i++) {
    Render(*op.children[i], profile, child_prefix, i + 1 == op.children.size(), false, out);
  }
}

}  // namespace

std::string RenderPhysicalPlan(const PhysicalOperator& plan, ExecutionContext* profile) {
  std::string out;
  Render(plan, profile, "", true, true, out);
  return out;
}

}  // namespace tarn
