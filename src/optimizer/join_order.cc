#include "optimizer/join_order.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "optimizer/cardinality_estimator.h"
#include "planner/expression_binder.h"

namespace tarn {

namespace {

// One input of an inner-join tree and where its columns sit in the tree's output.
struct JoinLeaf {
  LogicalOperatorPtr plan;
  idx_t offset = 0;  // First column in the original output.
  idx_t width = 0;
};

constexpr idx_t kNoColumn = std::numeric_limits<idx_t>::max();
// Join trees with at most this many inputs are ordered by trying every left-deep order
// (over subsets); larger ones greedily.
constexpr size_t kMaxExhaustiveLeaves = 10;

struct JoinCondition {
  BoundExpressionPtr expression;  // Over the original output columns.
  std::vector<size_t> leaves;     // Leaves whose columns it uses.
  bool equality = false;          // An `=` between two different leaves.
  bool placed = false;
  // For an equality: each side's leaf, and its original column when the side is a plain
  // column reference (kNoColumn for an expression).
  size_t side_leaves[2] = {0, 0};
  idx_t side_columns[2] = {kNoColumn, kNoColumn};
  // An equality of two plain columns of one type: such conditions make classes of equal
  // columns, and one that only repeats what placed ones already imply is dropped.
  bool column_equality = false;
};

// Classes of columns made equal by column equalities (union-find over column positions).
struct EqualColumns {
  std::vector<idx_t> parent;
  explicit EqualColumns(idx_t width) : parent(width) {
    for (idx_t i = 0; i < width; i++) parent[i] = i;
  }
  idx_t Find(idx_t column) {
    while (parent[column] != column) column = parent[column] = parent[parent[column]];
    return column;
  }
  // Returns false when the two were equal already.
  bool Join(idx_t a, idx_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return false;
    parent[a] = b;
    return true;
  }
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

// Adds the equalities that column equalities imply between leaves not joined directly
// (a = b AND b = c gives a = c), so that the join order may join those leaves next to
// each other (TPC-H Q5: customer and nation are equal only through supplier).
void AddImpliedEqualities(const std::vector<JoinLeaf>& leaves,
                          std::vector<JoinCondition>& conditions, idx_t width) {
  EqualColumns classes(width);
  std::vector<const BoundExpression*> references(width, nullptr);
  std::vector<const BoundExpression*> templates(width, nullptr);
  for (const auto& condition : conditions) {
    if (!condition.column_equality) continue;
    for (int side = 0; side < 2; side++) {
      references[condition.side_columns[side]] = condition.expression->children[side].get();
    }
    classes.Join(condition.side_columns[0], condition.side_columns[1]);
  }
  for (const auto& condition : conditions) {
    if (condition.column_equality) {
      templates[classes.Find(condition.side_columns[0])] = condition.expression.get();
    }
  }
  auto directly_joined = [&](size_t leaf_a, size_t leaf_b, idx_t root) {
    return std::any_of(conditions.begin(), conditions.end(), [&](const JoinCondition& c) {
      if (!c.column_equality || classes.Find(c.side_columns[0]) != root) return false;
      return (c.side_leaves[0] == leaf_a && c.side_leaves[1] == leaf_b) ||
             (c.side_leaves[0] == leaf_b && c.side_leaves[1] == leaf_a);
    });
  };
  for (idx_t a = 0; a < width; a++) {
    if (!references[a]) continue;
    for (idx_t b = a + 1; b < width; b++) {
      idx_t root = classes.Find(a);
      if (!references[b] || classes.Find(b) != root) continue;
      const BoundExpression* model = templates[root];
      size_t leaf_a = LeafOf(leaves, a), leaf_b = LeafOf(leaves, b);
      if (leaf_a == leaf_b || directly_joined(leaf_a, leaf_b, root)) continue;
      if (references[a]->type != model->children[0]->type ||
          references[b]->type != model->children[1]->type) {
        continue;
      }
      JoinCondition implied;
      implied.expression = model->Copy();
      implied.expression->children[0] = references[a]->Copy();
      implied.expression->children[1] = references[b]->Copy();
      implied.leaves = {leaf_a, leaf_b};
      implied.equality = true;
      implied.column_equality = true;
      implied.side_leaves[0] = leaf_a;
      implied.side_leaves[1] = leaf_b;
      implied.side_columns[0] = a;
      implied.side_columns[1] = b;
      conditions.push_back(std::move(implied));
    }
  }
}

// Combines the selectivities of several equality conditions of one join: the most
// selective counts fully, each further one with a halved exponent (multi-column keys are
// often correlated, e.g. a part and one of its suppliers, so plain multiplication would
// underestimate).
double CombinedSelectivity(std::vector<double> selectivities) {
  std::sort(selectivities.begin(), selectivities.end());
  double combined = 1;
  double exponent = 1;
  for (double selectivity : selectivities) {
    combined *= std::pow(selectivity, exponent);
    exponent /= 2;
  }
  return combined;
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
                         expression->name == "=" && condition.leaves.size() == 2 &&
                         expression->children.size() == 2;
    if (condition.equality) {
      for (int side = 0; side < 2; side++) {
        const BoundExpression& operand = *expression->children[side];
        size_t leaf = SIZE_MAX;
        ForEachColumnRef(operand, [&](const BoundExpression& reference) {
          leaf = LeafOf(leaves, reference.column_index);
        });
        condition.side_leaves[side] = leaf;
        if (operand.kind == BoundExpressionKind::kColumnRef) {
          condition.side_columns[side] = operand.column_index;
        }
      }
      // Each side must come from one leaf, and the two from different ones.
      condition.equality = condition.side_leaves[0] != SIZE_MAX &&
                           condition.side_leaves[1] != SIZE_MAX &&
                           condition.side_leaves[0] != condition.side_leaves[1];
    }
    condition.column_equality = condition.equality && condition.side_columns[0] != kNoColumn &&
                                condition.side_columns[1] != kNoColumn &&
                                expression->children[0]->type == expression->children[1]->type;
    condition.expression = std::move(expression);
    conditions.push_back(std::move(condition));
  }
  AddImpliedEqualities(leaves, conditions, original_types.size());

  // Row counts of the leaves and distinct counts of their join columns, from samples
  // where the leaf is a table under filters.
  std::vector<std::unique_ptr<CardinalityEstimator>> estimators;
  std::vector<double> leaf_rows;
  for (auto& leaf : leaves) {
    estimators.push_back(std::make_unique<CardinalityEstimator>(*leaf.plan));
    leaf_rows.push_back(estimators.back()->Rows());
    if (estimators.back()->Sampled()) leaf.plan->estimated_rows = leaf_rows.back();
  }
  // Columns used by equality conditions get a slot each; a plan tracks the distinct
  // values of every slot of its leaves.
  std::vector<idx_t> slot_columns;
  std::vector<double> slot_distinct;
  std::vector<size_t> slot_leaf;
  auto slot_of = [&](idx_t column, size_t leaf) -> int {
    if (column == kNoColumn) return -1;
    for (size_t slot = 0; slot < slot_columns.size(); slot++) {
      if (slot_columns[slot] == column) return static_cast<int>(slot);
    }
    slot_columns.push_back(column);
    slot_leaf.push_back(leaf);
    slot_distinct.push_back(
        std::min(leaf_rows[leaf], estimators[leaf]->DistinctValues(column - leaves[leaf].offset)));
    return static_cast<int>(slot_columns.size() - 1);
  };
  std::vector<std::array<int, 2>> condition_slots(conditions.size(), {-1, -1});
  for (size_t c = 0; c < conditions.size(); c++) {
    if (!conditions[c].equality) continue;
    for (int side = 0; side < 2; side++) {
      condition_slots[c][side] =
          slot_of(conditions[c].side_columns[side], conditions[c].side_leaves[side]);
    }
  }

  // A (partial) left-deep order: its leaves, estimated rows after each join, the sum of
  // those (the cost minimized) and the distinct values of each slot in its result.
  struct PartialPlan {
    bool valid = false;
    uint64_t leaves = 0;
    double rows = 0;
    double cost = 0;
    std::vector<double> distinct;
    std::vector<size_t> order;
    std::vector<double> step_rows;
  };
  auto single = [&](size_t leaf) {
    PartialPlan plan;
    plan.valid = true;
    plan.leaves = uint64_t(1) << leaf;
    plan.rows = leaf_rows[leaf];
    plan.distinct = slot_distinct;
    plan.order = {leaf};
    plan.step_rows = {plan.rows};
    return plan;
  };
  // Whether `candidate` shares an equality with the leaves of `plan`.
  auto connected_to = [&](const PartialPlan& plan, size_t candidate) {
    for (const auto& condition : conditions) {
      if (!condition.equality) continue;
      for (int side = 0; side < 2; side++) {
        if (condition.side_leaves[side] == candidate &&
            (plan.leaves >> condition.side_leaves[1 - side] & 1)) {
          return true;
        }
      }
    }
    return false;
  };
  // Joins `candidate` to `plan`: the product of the inputs times, for each equality, 1 /
  // the larger distinct count of its sides. Equalities onto the same column of the
  // candidate (redundant through the plan's own equalities) count once.
  auto extend = [&](const PartialPlan& plan, size_t candidate) {
    PartialPlan next = plan;
    std::vector<std::pair<int, double>> by_column;
    int unique_key = -2;
    for (size_t c = 0; c < conditions.size(); c++) {
      const JoinCondition& condition = conditions[c];
      if (!condition.equality) continue;
      int side = condition.side_leaves[0] == candidate   ? 0
                 : condition.side_leaves[1] == candidate ? 1
                                                         : -1;
      if (side < 0 || !(plan.leaves >> condition.side_leaves[1 - side] & 1)) continue;
      int inside_slot = condition_slots[c][1 - side];
      int outside_slot = condition_slots[c][side];
      double inside =
          inside_slot >= 0 ? std::min(plan.distinct[inside_slot], plan.rows) : plan.rows;
      double outside = outside_slot >= 0 ? slot_distinct[outside_slot] : leaf_rows[candidate];
      double selectivity = 1 / std::max(1.0, std::max(inside, outside));
      int key = outside_slot >= 0 ? outside_slot : unique_key--;
      auto same = std::find_if(by_column.begin(), by_column.end(),
                               [&](const auto& entry) { return entry.first == key; });
      if (same == by_column.end()) {
        by_column.emplace_back(key, selectivity);
      } else {
        same->second = std::min(same->second, selectivity);
      }
    }
    std::vector<double> selectivities;
    for (const auto& entry : by_column) selectivities.push_back(entry.second);
    next.rows = std::min(
        std::max(1.0, plan.rows * leaf_rows[candidate] * CombinedSelectivity(selectivities)), 1e18);
    next.leaves |= uint64_t(1) << candidate;
    next.cost = plan.cost + next.rows;
    next.order.push_back(candidate);
    next.step_rows.push_back(next.rows);
    // Equal columns share the smaller distinct count; none exceeds the rows.
    for (int pass = 0; pass < 2; pass++) {
      for (size_t c = 0; c < conditions.size(); c++) {
        const auto& slots = condition_slots[c];
        if (slots[0] < 0 || slots[1] < 0) continue;
        if (!(next.leaves >> conditions[c].side_leaves[0] & 1) ||
            !(next.leaves >> conditions[c].side_leaves[1] & 1)) {
          continue;
        }
        double smaller = std::min(next.distinct[slots[0]], next.distinct[slots[1]]);
        next.distinct[slots[0]] = next.distinct[slots[1]] = smaller;
      }
    }
    for (double& distinct : next.distinct) distinct = std::min(distinct, next.rows);
    return next;
  };
  auto better = [](const PartialPlan& candidate, const PartialPlan& incumbent) {
    return !incumbent.valid || candidate.cost < incumbent.cost ||
           (candidate.cost == incumbent.cost && candidate.rows < incumbent.rows);
  };

  PartialPlan best;
  size_t count = leaves.size();
  if (count <= kMaxExhaustiveLeaves) {
    // Every left-deep order over subsets (cross products only where nothing connects).
    std::vector<PartialPlan> plans(size_t(1) << count);
    for (size_t leaf = 0; leaf < count; leaf++) plans[size_t(1) << leaf] = single(leaf);
    for (size_t subset = 1; subset < plans.size(); subset++) {
      const PartialPlan& plan = plans[subset];
      if (!plan.valid || subset == plans.size() - 1) continue;
      bool any_connected = false;
      for (size_t candidate = 0; candidate < count; candidate++) {
        if (!(subset >> candidate & 1) && connected_to(plan, candidate)) any_connected = true;
      }
      for (size_t candidate = 0; candidate < count; candidate++) {
        if (subset >> candidate & 1) continue;
        if (any_connected && !connected_to(plan, candidate)) continue;
        PartialPlan next = extend(plan, candidate);
        PartialPlan& slot = plans[subset | (size_t(1) << candidate)];
        if (better(next, slot)) slot = std::move(next);
      }
    }
    best = std::move(plans.back());
  } else {
    // Greedy: from the smallest leaf, each time the connected leaf giving the fewest rows.
    size_t first = 0;
    for (size_t i = 1; i < count; i++) {
      if (leaf_rows[i] < leaf_rows[first]) first = i;
    }
    best = single(first);
    while (best.order.size() < count) {
      PartialPlan chosen;
      bool chosen_connected = false;
      for (size_t candidate = 0; candidate < count; candidate++) {
        if (best.leaves >> candidate & 1) continue;
        bool connected = connected_to(best, candidate);
        if (chosen.valid && chosen_connected && !connected) continue;
        PartialPlan next = extend(best, candidate);
        if (!chosen.valid || (connected && !chosen_connected) || next.rows < chosen.rows) {
          chosen = std::move(next);
          chosen_connected = connected;
        }
      }
      best = std::move(chosen);
    }
  }
  const std::vector<size_t>& order = best.order;
  const std::vector<double>& step_rows = best.step_rows;

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
  EqualColumns equal_so_far(original_types.size());
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
      if (condition.column_equality &&
          !equal_so_far.Join(condition.side_columns[0], condition.side_columns[1])) {
        continue;  // Implied by the equalities already placed.
      }
      connected = connected || condition.equality;
      remap(*condition.expression);
      join->expressions.push_back(std::move(condition.expression));
    }
    join->estimated_rows = connected
                               ? step_rows[step]
                               : std::min(plan->estimated_rows * addition->estimated_rows, 1e18);
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
