#include "optimizer/join_order.h"

#include <algorithm>
#include <limits>

#include "planner/expression_binder.h"

namespace tarn {

namespace {

// One input of an inner-join tree and where its columns sit in the tree's output.
struct JoinLeaf {
  LogicalOperatorPtr plan;
  idx_t offset = 0;  // First column in the original output.
  idx_t width = 0;
};

struct JoinCondition {
  BoundExpressionPtr expression;  // Over the original output columns.
  std::vector<size_t> leaves;     // Leaves whose columns it uses.
  bool equality = false;          // An `=` between two different leaves.
  bool placed = false;
};

bool IsInnerJoin(const LogicalOperator& op) {
  return op.kind == LogicalKind::kJoin && op.join_type == PhysicalJoinType::kInner;
}

// Flattens an inner-join tree into leaves and conditions (column positions made global).
void Flatten(LogicalOperatorPtr op, idx_t offset, std::vector<JoinLeaf>& leaves,
             std::vector<BoundExpressionPtr>& conditions) {
  if (!IsInnerJoin(*op)) {
    JoinLeaf leaf;
    leaf.offset = offset;
    leaf.width = op->types.size();
    leaf.plan = ReorderJoins(std::move(op));
    leaves.push_back(std::move(leaf));
    return;
  }
  for (auto& condition : op->expressions) {
    VisitColumnRefs(*condition,
                    [offset](BoundExpression& reference) { reference.column_index += offset; });
    conditions.push_back(std::move(condition));
  }
  idx_t left_width = op->children[0]->types.size();
  Flatten(std::move(op->children[0]), offset, leaves, conditions);
  Flatten(std::move(op->children[1]), offset + left_width, leaves, conditions);
}

size_t LeafOf(const std::vector<JoinLeaf>& leaves, idx_t column) {
  for (size_t i = 0; i < leaves.size(); i++) {
    if (column >= leaves[i].offset && column < leaves[i].offset + leaves[i].width) return i;
  }
  return 0;
}

double JoinEstimate(double left, double right, bool connected) {
  // An equality join is assumed to follow a key: the result is about the larger input.
  double estimate = connected ? std::max(left, right) : left * right;
  return std::min(estimate, 1e18);
}

}  // namespace

LogicalOperatorPtr ReorderJoins(LogicalOperatorPtr op) {
  if (!IsInnerJoin(*op)) {
    for (auto& child : op->children) child = ReorderJoins(std::move(child));
    return op;
  }
  std::vector<LogicalType> original_types = op->types;
  std::vector<JoinLeaf> leaves;
  std::vector<BoundExpressionPtr> raw_conditions;
  Flatten(std::move(op), 0, leaves, raw_conditions);
  std::vector<JoinCondition> conditions;
  for (auto& expression : raw_conditions) {
    JoinCondition condition;
    ForEachColumnRef(*expression, [&](const BoundExpression& reference) {
      size_t leaf = LeafOf(leaves, reference.column_index);
      if (std::find(condition.leaves.begin(), condition.leaves.end(), leaf) ==
          condition.leaves.end()) {
        condition.leaves.push_back(leaf);
      }
    });
    condition.equality = expression->kind == BoundExpressionKind::kFunction &&
                         expression->name == "=" && condition.leaves.size() == 2;
    condition.expression = std::move(expression);
    conditions.push_back(std::move(condition));
  }

  // Greedy order: smallest leaf first, then the leaf giving the smallest join.
  std::vector<bool> used(leaves.size(), false);
  std::vector<size_t> order;
  size_t first = 0;
  for (size_t i = 1; i < leaves.size(); i++) {
    if (leaves[i].plan->estimated_rows < leaves[first].plan->estimated_rows) first = i;
  }
  order.push_back(first);
  used[first] = true;
  double current_rows = leaves[first].plan->estimated_rows;
  while (order.size() < leaves.size()) {
    size_t best = SIZE_MAX;
    double best_rows = std::numeric_limits<double>::infinity();
    bool best_connected = false;
    for (size_t candidate = 0; candidate < leaves.size(); candidate++) {
      if (used[candidate]) continue;
      bool connected =
          std::any_of(conditions.begin(), conditions.end(), [&](const JoinCondition& c) {
            if (!c.equality) return false;
            bool touches_candidate = c.leaves[0] == candidate || c.leaves[1] == candidate;
            size_t other = c.leaves[0] == candidate ? c.leaves[1] : c.leaves[0];
            return touches_candidate && used[other];
          });
      double rows = JoinEstimate(current_rows, leaves[candidate].plan->estimated_rows, connected);
      bool better =
          (connected && !best_connected) ||
          (connected == best_connected &&
           (rows < best_rows || (rows == best_rows && leaves[candidate].plan->estimated_rows <
                                                          leaves[best].plan->estimated_rows)));
      if (best == SIZE_MAX || better) {
        best = candidate;
        best_rows = rows;
        best_connected = connected;
      }
    }
    order.push_back(best);
    used[best] = true;
    current_rows = best_rows;
  }

  // Build the joins in that order. The larger input of each join goes on the probe
  // (left) side, so that the hash table is built on the smaller one. `position` tracks
  // where each original column is in the plan built so far.
  std::vector<idx_t> position(original_types.size(), 0);
  auto place = [&](size_t leaf, idx_t base) {
    for (idx_t c = 0; c < leaves[leaf].width; c++) position[leaves[leaf].offset + c] = base + c;
  };
  auto remap = [&](BoundExpression& expression) {
    VisitColumnRefs(expression, [&](BoundExpression& reference) {
      reference.column_index = position[reference.column_index];
    });
  };
  std::vector<bool> present(leaves.size(), false);
  LogicalOperatorPtr plan = std::move(leaves[order[0]].plan);
  present[order[0]] = true;
  place(order[0], 0);
  for (size_t step = 1; step < order.size(); step++) {
    size_t leaf = order[step];
    LogicalOperatorPtr addition = std::move(leaves[leaf].plan);
    bool addition_on_left = addition->estimated_rows > plan->estimated_rows * 1.5;
    idx_t plan_width = plan->types.size();
    idx_t addition_width = addition->types.size();
    if (addition_on_left) {
      for (size_t l = 0; l < leaves.size(); l++) {
        if (!present[l]) continue;
        for (idx_t c = 0; c < leaves[l].width; c++)
          position[leaves[l].offset + c] += addition_width;
      }
      place(leaf, 0);
    } else {
      place(leaf, plan_width);
    }
    present[leaf] = true;
    auto join = std::make_unique<LogicalOperator>();
    join->kind = LogicalKind::kJoin;
    join->join_type = PhysicalJoinType::kInner;
    bool connected = false;
    for (auto& condition : conditions) {
      if (condition.placed) continue;
      bool available = std::all_of(condition.leaves.begin(), condition.leaves.end(),
                                   [&](size_t l) { return present[l]; });
      if (!available) continue;
      condition.placed = true;
      connected = connected || condition.equality;
      remap(*condition.expression);
      join->expressions.push_back(std::move(condition.expression));
    }
    join->estimated_rows = JoinEstimate(plan->estimated_rows, addition->estimated_rows, connected);
    LogicalOperatorPtr left = addition_on_left ? std::move(addition) : std::move(plan);
    LogicalOperatorPtr right = addition_on_left ? std::move(plan) : std::move(addition);
    join->types = left->types;
    join->types.insert(join->types.end(), right->types.begin(), right->types.end());
    join->children.push_back(std::move(left));
    join->children.push_back(std::move(right));
    plan = std::move(join);
  }
  // Conditions on the first leaf alone (not pushed down earlier) filter the whole result.
  std::vector<BoundExpressionPtr> leftover;
  for (auto& condition : conditions) {
    if (condition.placed) continue;
    remap(*condition.expression);
    leftover.push_back(std::move(condition.expression));
  }
  if (!leftover.empty()) {
    auto filter = std::make_unique<LogicalOperator>();
    filter->kind = LogicalKind::kFilter;
    filter->types = plan->types;
    filter->estimated_rows = plan->estimated_rows;
    filter->expressions = std::move(leftover);
    filter->children.push_back(std::move(plan));
    plan = std::move(filter);
  }
  const std::vector<idx_t>& new_position = position;
  bool reordered = false;
  for (idx_t i = 0; i < new_position.size(); i++) reordered = reordered || new_position[i] != i;
  if (!reordered) return plan;
  auto projection = std::make_unique<LogicalOperator>();
  projection->kind = LogicalKind::kProjection;
  projection->types = original_types;
  projection->estimated_rows = plan->estimated_rows;
  for (idx_t i = 0; i < original_types.size(); i++) {
    projection->expressions.push_back(
        BoundExpression::ColumnRef(new_position[i], original_types[i], ""));
  }
  projection->children.push_back(std::move(plan));
  return projection;
}

}  // namespace tarn
