#include "optimizer/optimizer.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "execution/key_set.h"
#include "optimizer/cardinality_estimator.h"
#include "optimizer/common_subexpressions.h"
#include "optimizer/join_order.h"
#include "optimizer/limit_pushdown.h"
#include "optimizer/row_estimates.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"

namespace tarn {

namespace {

constexpr idx_t kPruned = UINT64_MAX;

// Column positions used by an expression.
void CollectColumns(const BoundExpression& expression, std::vector<bool>& used) {
  ForEachColumnRef(expression, [&used](const BoundExpression& reference) {
    if (reference.column_index < used.size()) used[reference.column_index] = true;
  });
}

bool UsesOnly(const BoundExpression& expression, idx_t begin, idx_t end) {
  bool ok = true;
  ForEachColumnRef(expression, [&](const BoundExpression& reference) {
    if (reference.column_index < begin || reference.column_index >= end) ok = false;
  });
  return ok;
}

void Shift(BoundExpression& expression, int64_t delta) {
  VisitColumnRefs(expression, [delta](BoundExpression& reference) {
    reference.column_index =
        static_cast<idx_t>(static_cast<int64_t>(reference.column_index) + delta);
  });
}

void Remap(BoundExpression& expression, const std::vector<idx_t>& mapping) {
  VisitColumnRefs(expression, [&mapping](BoundExpression& reference) {
    reference.column_index = mapping[reference.column_index];
  });
}

// Replaces column references by copies of the expressions they name.
BoundExpressionPtr Substitute(const BoundExpression& expression,
                              const std::vector<BoundExpressionPtr>& definitions) {
  if (expression.kind == BoundExpressionKind::kColumnRef) {
    BoundExpressionPtr definition = definitions[expression.column_index]->Copy();
    // Keep the name a reader of EXPLAIN knows when the definition is an unnamed reference.
    if (definition->kind == BoundExpressionKind::kColumnRef && definition->name.empty()) {
      definition->name = expression.name;
    }
    return definition;
  }
  auto copy = expression.Copy();
  for (size_t i = 0; i < copy->children.size(); i++) {
    copy->children[i] = Substitute(*expression.children[i], definitions);
  }
  return copy;
}

LogicalOperatorPtr WrapFilter(LogicalOperatorPtr child, std::vector<BoundExpressionPtr> filters) {
  std::vector<BoundExpressionPtr> kept;
  for (auto& filter : filters) {
    if (filter->kind == BoundExpressionKind::kConstant && !filter->value.is_null() &&
        filter->value.type().id() == TypeId::kBoolean && filter->value.GetBoolean()) {
      continue;  // WHERE TRUE
    }
    kept.push_back(std::move(filter));
  }
  if (kept.empty()) return child;
  auto filter = std::make_unique<LogicalOperator>();
  filter->kind = LogicalKind::kFilter;
  filter->types = child->types;
  filter->estimated_rows =
      std::max(1.0, child->estimated_rows * std::pow(0.5, static_cast<double>(kept.size())));
  filter->expressions = std::move(kept);
  filter->children.push_back(std::move(child));
  return filter;
}

// Adds the conjuncts of `expression` to `out`, first pulling out of an OR the conjuncts
// that every branch shares: (a = b AND x) OR (a = b AND y) becomes a = b AND (x OR y),
// so that a join key hidden in a disjunction still becomes a hash join key.
void AddFactoredConjuncts(BoundExpressionPtr expression, std::vector<BoundExpressionPtr>& out) {
  if (expression->kind != BoundExpressionKind::kOr) {
    SplitConjuncts(std::move(expression), out);
    return;
  }
  // (a OR b) OR c has the branches a, b and c.
  std::vector<BoundExpressionPtr> disjuncts;
  std::function<void(BoundExpressionPtr)> flatten = [&](BoundExpressionPtr node) {
    if (node->kind == BoundExpressionKind::kOr) {
      for (auto& child : node->children) flatten(std::move(child));
    } else {
      disjuncts.push_back(std::move(node));
    }
  };
  flatten(std::move(expression));
  std::vector<std::vector<BoundExpressionPtr>> branches;
  for (auto& disjunct : disjuncts) {
    branches.emplace_back();
    SplitConjuncts(std::move(disjunct), branches.back());
  }
  std::vector<BoundExpressionPtr> common;
  for (auto& candidate : branches[0]) {
    if (candidate->IsVolatile()) continue;
    bool everywhere = true;
    for (size_t b = 1; b < branches.size() && everywhere; b++) {
      everywhere = std::any_of(branches[b].begin(), branches[b].end(),
                               [&](const BoundExpressionPtr& e) { return e->Equals(*candidate); });
    }
    if (everywhere) common.push_back(candidate->Copy());
  }
  bool any_branch_empty = false;
  auto rebuilt = std::make_unique<BoundExpression>();
  rebuilt->kind = BoundExpressionKind::kOr;
  rebuilt->type = LogicalType(TypeId::kBoolean);
  for (auto& branch : branches) {
    std::vector<BoundExpressionPtr> rest;
    for (auto& conjunct : branch) {
      bool is_common = std::any_of(common.begin(), common.end(), [&](const BoundExpressionPtr& e) {
        return e->Equals(*conjunct);
      });
      if (!is_common) rest.push_back(std::move(conjunct));
    }
    if (rest.empty()) any_branch_empty = true;
    rebuilt->children.push_back(CombineConjuncts(std::move(rest)));
  }
  for (auto& conjunct : common) out.push_back(std::move(conjunct));
  // A branch left with nothing is TRUE, and so is the whole disjunction.
  if (!any_branch_empty) out.push_back(std::move(rebuilt));
}

// For a disjunction over both sides of a join, a condition on the columns [begin, end)
// alone that it implies: the OR, over its branches, of each branch's conjuncts that use
// only those columns. (p.a = 1 AND l.x < 5) OR (p.a = 2 AND l.x > 9) implies
// p.a = 1 OR p.a = 2, a filter that can go below the join. Null when some branch says
// nothing about those columns (or when anything is volatile).
BoundExpressionPtr ImpliedSideFilter(const BoundExpression& expression, idx_t begin, idx_t end) {
  if (expression.kind != BoundExpressionKind::kOr || expression.IsVolatile()) return nullptr;
  std::vector<const BoundExpression*> disjuncts;
  std::function<void(const BoundExpression&)> flatten = [&](const BoundExpression& node) {
    if (node.kind == BoundExpressionKind::kOr) {
      for (const auto& child : node.children) flatten(*child);
    } else {
      disjuncts.push_back(&node);
    }
  };
  flatten(expression);
  auto implied = std::make_unique<BoundExpression>();
  implied->kind = BoundExpressionKind::kOr;
  implied->type = LogicalType(TypeId::kBoolean);
  for (const BoundExpression* disjunct : disjuncts) {
    std::vector<BoundExpressionPtr> conjuncts, kept;
    SplitConjuncts(disjunct->Copy(), conjuncts);
    for (auto& conjunct : conjuncts) {
      if (UsesOnly(*conjunct, begin, end)) kept.push_back(std::move(conjunct));
    }
    if (kept.empty()) return nullptr;
    implied->children.push_back(CombineConjuncts(std::move(kept)));
  }
  return implied;
}

// A mark join whose flag is required to be TRUE (WHERE EXISTS ...) or FALSE (WHERE NOT
// EXISTS ...) by one of `filters` is a semi or anti join: that filter is dropped and the
// join rewritten, under a projection that keeps the flag as a constant so that column
// positions above do not change. Returns null when no filter decides the flag.
LogicalOperatorPtr MarkToSemiJoin(LogicalOperatorPtr& op,
                                  std::vector<BoundExpressionPtr>& filters) {
  idx_t left_width = op->children[0]->types.size();
  for (size_t f = 0; f < filters.size(); f++) {
    const BoundExpression& filter = *filters[f];
    bool is_flag =
        filter.kind == BoundExpressionKind::kColumnRef && filter.column_index == left_width;
    bool is_negated_flag = filter.kind == BoundExpressionKind::kNot &&
                           filter.children[0]->kind == BoundExpressionKind::kColumnRef &&
                           filter.children[0]->column_index == left_width;
    if (!is_flag && !is_negated_flag) continue;
    // NOT (x IN ...) as an anti join would be wrong where the IN is NULL.
    if (is_negated_flag && op->mark_ignores_nulls) continue;
    filters.erase(filters.begin() + static_cast<std::ptrdiff_t>(f));
    op->join_type = is_flag ? PhysicalJoinType::kSemi : PhysicalJoinType::kAnti;
    op->types.pop_back();
    std::vector<BoundExpressionPtr> expressions;
    for (idx_t i = 0; i < left_width; i++) {
      expressions.push_back(BoundExpression::ColumnRef(i, op->types[i], ""));
    }
    expressions.push_back(BoundExpression::Constant(Value::Boolean(is_flag)));
    auto projection = std::make_unique<LogicalOperator>();
    projection->kind = LogicalKind::kProjection;
    projection->estimated_rows = op->estimated_rows;
    for (const auto& expression : expressions) projection->types.push_back(expression->type);
    projection->expressions = std::move(expressions);
    projection->children.push_back(std::move(op));
    return projection;
  }
  return nullptr;
}

// A filter operand that reads a column of the scan `get`: the column itself, or the
// column under a cast that keeps order and distinct values apart (INTEGER to BIGINT, DATE
// to TIMESTAMP), so that a constant cast back to the column's type means the same.
struct ScanOperand {
  idx_t column = 0;         // Source column (index into the binding's columns).
  LogicalType column_type;  // Its type.
};

bool IsOrderPreservingCast(const LogicalType& from, const LogicalType& to) {
  bool from_integer = from.id() == TypeId::kInteger || from.id() == TypeId::kBigint;
  if (from_integer) {
    return to.id() == TypeId::kBigint || to.id() == TypeId::kDouble || to.id() == TypeId::kDecimal;
  }
  return from.id() == TypeId::kDate && to.id() == TypeId::kTimestamp;
}

std::optional<ScanOperand> ScanOperandOf(const BoundExpression& expression,
                                         const LogicalOperator& get) {
  const BoundExpression* node = &expression;
  if (node->kind == BoundExpressionKind::kCast && !node->try_cast && node->children.size() == 1 &&
      IsOrderPreservingCast(node->children[0]->type, node->type)) {
    node = node->children[0].get();
  }
  if (node->kind != BoundExpressionKind::kColumnRef ||
      node->column_index >= get.column_ids.size()) {
    return std::nullopt;
  }
  return ScanOperand{get.column_ids[node->column_index], node->type};
}

// `constant` (of the filter's operand type) as a value of the column's type, when the
// conversion is exact both ways.
std::optional<Value> ConstantForColumn(const Value& constant, const LogicalType& column_type) {
  if (constant.is_null()) return std::nullopt;
  if (constant.type() == column_type) return constant;
  try {
    Value converted = constant.CastTo(column_type);
    if (converted.is_null() || !(converted.CastTo(constant.type()) == constant)) {
      return std::nullopt;
    }
    return converted;
  } catch (const TarnException&) {
    return std::nullopt;
  }
}

std::optional<CompareOperator> ComparisonOf(const std::string& name, bool flipped) {
  if (name == "=") return CompareOperator::kEqual;
  if (name == "<>") return CompareOperator::kNotEqual;
  if (name == "<") return flipped ? CompareOperator::kGreater : CompareOperator::kLess;
  if (name == "<=")
    return flipped ? CompareOperator::kGreaterOrEqual : CompareOperator::kLessOrEqual;
  if (name == ">") return flipped ? CompareOperator::kLess : CompareOperator::kGreater;
  if (name == ">=")
    return flipped ? CompareOperator::kLessOrEqual : CompareOperator::kGreaterOrEqual;
  return std::nullopt;
}

// The TableFilter a conjunct over the scan `get` amounts to, when it is simple enough for
// the scan: column op constant, column IN (constants), column IS [NOT] NULL.
std::optional<TableFilter> ToTableFilter(const BoundExpression& expression,
                                         const LogicalOperator& get) {
  TableFilter filter;
  switch (expression.kind) {
    case BoundExpressionKind::kIsNull:
    case BoundExpressionKind::kIsNotNull: {
      auto operand = ScanOperandOf(*expression.children[0], get);
      if (!operand) return std::nullopt;
      filter.column = operand->column;
      filter.kind = expression.kind == BoundExpressionKind::kIsNull ? TableFilterKind::kIsNull
                                                                    : TableFilterKind::kIsNotNull;
      return filter;
    }
    case BoundExpressionKind::kInSet: {
      if (expression.negated || !expression.key_set || !expression.key_set->values) {
        return std::nullopt;
      }
      auto operand = ScanOperandOf(*expression.children[0], get);
      if (!operand) return std::nullopt;
      filter.column = operand->column;
      filter.kind = TableFilterKind::kIn;
      for (const Value& value : *expression.key_set->values) {
        // A value that does not convert could still match: keep the whole list or nothing.
        auto converted = ConstantForColumn(value, operand->column_type);
        if (!converted) return std::nullopt;
        filter.values.push_back(std::move(*converted));
      }
      if (filter.values.empty()) return std::nullopt;
      return filter;
    }
    case BoundExpressionKind::kFunction: {
      if (expression.children.size() != 2) return std::nullopt;
      for (int side = 0; side < 2; side++) {
        const BoundExpression& column_side = *expression.children[side];
        const BoundExpression& constant_side = *expression.children[1 - side];
        if (constant_side.kind != BoundExpressionKind::kConstant) continue;
        auto op = ComparisonOf(expression.name, side == 1);
        auto operand = ScanOperandOf(column_side, get);
        if (!op || !operand) return std::nullopt;
        auto value = ConstantForColumn(constant_side.value, operand->column_type);
        if (!value) return std::nullopt;
        filter.column = operand->column;
        filter.kind = TableFilterKind::kCompare;
        filter.op = *op;
        filter.values.push_back(std::move(*value));
        return filter;
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

LogicalOperatorPtr PushDown(LogicalOperatorPtr op, std::vector<BoundExpressionPtr> filters) {
  switch (op->kind) {
    case LogicalKind::kFilter: {
      for (auto& expression : op->expressions) AddFactoredConjuncts(std::move(expression), filters);
      return PushDown(std::move(op->children[0]), std::move(filters));
    }
    case LogicalKind::kProjection: {
      std::vector<BoundExpressionPtr> below, above;
      bool volatile_projection =
          std::any_of(op->expressions.begin(), op->expressions.end(),
                      [](const BoundExpressionPtr& e) { return e->IsVolatile(); });
      for (auto& filter : filters) {
        if (volatile_projection) {
          above.push_back(std::move(filter));
        } else {
          below.push_back(Substitute(*filter, op->expressions));
        }
      }
      op->children[0] = PushDown(std::move(op->children[0]), std::move(below));
      return WrapFilter(std::move(op), std::move(above));
    }
    case LogicalKind::kAggregate: {
      std::vector<BoundExpressionPtr> below, above;
      idx_t group_count = op->expressions.size();
      for (auto& filter : filters) {
        if (group_count > 0 && UsesOnly(*filter, 0, group_count) && !filter->IsVolatile()) {
          below.push_back(Substitute(*filter, op->expressions));
        } else {
          above.push_back(std::move(filter));
        }
      }
      op->children[0] = PushDown(std::move(op->children[0]), std::move(below));
      return WrapFilter(std::move(op), std::move(above));
    }
    case LogicalKind::kJoin: {
      if (op->join_type == PhysicalJoinType::kMark) {
        if (auto rewritten = MarkToSemiJoin(op, filters))
          return PushDown(std::move(rewritten), std::move(filters));
      }
      idx_t left_width = op->children[0]->types.size();
      idx_t total_width = left_width + op->children[1]->types.size();
      PhysicalJoinType type = op->join_type;
      std::vector<BoundExpressionPtr> left_filters, right_filters, above, conditions;
      bool inner = type == PhysicalJoinType::kInner;
      bool can_push_left = inner || type == PhysicalJoinType::kLeft ||
                           type == PhysicalJoinType::kSemi || type == PhysicalJoinType::kAnti ||
                           type == PhysicalJoinType::kMark;
      bool can_push_right = inner || type == PhysicalJoinType::kRight;
      auto route = [&](BoundExpressionPtr expression, bool from_where) {
        bool left_only = UsesOnly(*expression, 0, left_width);
        bool right_only = UsesOnly(*expression, left_width, total_width);
        if (expression->IsVolatile()) {
          (from_where ? above : conditions).push_back(std::move(expression));
        } else if (left_only &&
                   (from_where ? can_push_left : (inner || type == PhysicalJoinType::kRight))) {
          left_filters.push_back(std::move(expression));
        } else if (right_only && !left_only &&
                   (from_where
                        ? can_push_right
                        : (inner || type == PhysicalJoinType::kLeft ||
                           type == PhysicalJoinType::kSemi || type == PhysicalJoinType::kAnti ||
                           type == PhysicalJoinType::kMark))) {
          Shift(*expression, -static_cast<int64_t>(left_width));
          right_filters.push_back(std::move(expression));
        } else if (from_where && !inner) {
          above.push_back(std::move(expression));
        } else {
          if (inner) {
            // What an OR over both sides implies for each side alone filters that side
            // early; the OR itself stays a join condition.
            if (auto implied = ImpliedSideFilter(*expression, 0, left_width)) {
              left_filters.push_back(std::move(implied));
            }
            if (auto implied = ImpliedSideFilter(*expression, left_width, total_width)) {
              Shift(*implied, -static_cast<int64_t>(left_width));
              right_filters.push_back(std::move(implied));
            }
          }
          conditions.push_back(std::move(expression));
        }
      };
      std::vector<BoundExpressionPtr> join_conditions;
      for (auto& condition : op->expressions)
        AddFactoredConjuncts(std::move(condition), join_conditions);
      for (auto& condition : join_conditions) route(std::move(condition), false);
      for (auto& filter : filters) route(std::move(filter), true);
      op->expressions = std::move(conditions);
      op->children[0] = PushDown(std::move(op->children[0]), std::move(left_filters));
      op->children[1] = PushDown(std::move(op->children[1]), std::move(right_filters));
      if (!op->expressions.empty()) {
        op->estimated_rows =
            std::max(op->children[0]->estimated_rows, op->children[1]->estimated_rows);
      }
      return WrapFilter(std::move(op), std::move(above));
    }
    case LogicalKind::kUnion: {
      for (auto& child : op->children) {
        std::vector<BoundExpressionPtr> copies;
        for (const auto& filter : filters) copies.push_back(filter->Copy());
        child = PushDown(std::move(child), std::move(copies));
      }
      return op;
    }
    case LogicalKind::kOrder:
    case LogicalKind::kLimit:
    case LogicalKind::kUnnest:
    case LogicalKind::kWindow: {
      // A filter below a window would change the rows its frames see.
      op->children[0] = PushDown(std::move(op->children[0]), {});
      return WrapFilter(std::move(op), std::move(filters));
    }
    case LogicalKind::kGet: {
      for (const auto& filter : filters) {
        if (filter->IsVolatile()) continue;
        if (auto table_filter = ToTableFilter(*filter, *op)) {
          op->table_filters.push_back(std::move(*table_filter));
        }
      }
      return WrapFilter(std::move(op), std::move(filters));
    }
    case LogicalKind::kRows:
    case LogicalKind::kCteScan:
      // Each reference to a materialized CTE filters the shared rows on its own.
      return WrapFilter(std::move(op), std::move(filters));
    case LogicalKind::kMaterializedCte:
      op->children[0] = PushDown(std::move(op->children[0]), {});
      op->children[1] = PushDown(std::move(op->children[1]), std::move(filters));
      op->estimated_rows = op->children[1]->estimated_rows;
      return op;
  }
  return op;
}

std::vector<idx_t> PruneMaterializedCte(LogicalOperator& op, const std::vector<bool>& required);

// Keeps only the output columns marked in `required`; returns old position -> new.
std::vector<idx_t> Prune(LogicalOperator& op, const std::vector<bool>& required) {
  idx_t width = op.types.size();
  std::vector<idx_t> mapping(width, kPruned);
  switch (op.kind) {
    case LogicalKind::kGet:
    case LogicalKind::kRows:
    case LogicalKind::kCteScan: {
      std::vector<idx_t> column_ids;
      std::vector<LogicalType> types;
      for (idx_t i = 0; i < width; i++) {
        if (!required[i]) continue;
        mapping[i] = column_ids.size();
        column_ids.push_back(op.column_ids[i]);
        types.push_back(op.types[i]);
      }
      if (column_ids.empty() && op.kind == LogicalKind::kGet && width > 0) {
        // The scan must still produce rows (count(*)): keep the cheapest column.
        column_ids.push_back(op.column_ids[0]);
        types.push_back(op.types[0]);
      }
      op.column_ids = std::move(column_ids);
      op.types = std::move(types);
      return mapping;
    }
    case LogicalKind::kFilter: {
      std::vector<bool> need = required;
      for (const auto& expression : op.expressions) CollectColumns(*expression, need);
      std::vector<idx_t> child_mapping = Prune(*op.children[0], need);
      for (auto& expression : op.expressions) Remap(*expression, child_mapping);
      op.types = op.children[0]->types;
      for (idx_t i = 0; i < width; i++) mapping[i] = required[i] ? child_mapping[i] : kPruned;
      return child_mapping;
    }
    case LogicalKind::kProjection: {
      std::vector<BoundExpressionPtr> kept;
      std::vector<bool> need(op.children[0]->types.size(), false);
      for (idx_t i = 0; i < width; i++) {
        if (!required[i]) continue;
        mapping[i] = kept.size();
        CollectColumns(*op.expressions[i], need);
        kept.push_back(std::move(op.expressions[i]));
      }
      std::vector<idx_t> child_mapping = Prune(*op.children[0], need);
      for (auto& expression : kept) Remap(*expression, child_mapping);
      op.expressions = std::move(kept);
      op.types.clear();
      for (const auto& expression : op.expressions) op.types.push_back(expression->type);
      return mapping;
    }
    case LogicalKind::kAggregate: {
      idx_t group_count = op.expressions.size();
      std::vector<bool> need(op.children[0]->types.size(), false);
      for (idx_t g = 0; g < group_count; g++) {
        mapping[g] = g;
        CollectColumns(*op.expressions[g], need);
      }
      std::vector<BoundAggregate> kept;
      for (idx_t a = 0; a < op.aggregates.size(); a++) {
        if (!required[group_count + a]) continue;
        mapping[group_count + a] = group_count + kept.size();
        for (const auto& argument : op.aggregates[a].arguments) CollectColumns(*argument, need);
        kept.push_back(std::move(op.aggregates[a]));
      }
      std::vector<idx_t> child_mapping = Prune(*op.children[0], need);
      for (auto& group : op.expressions) Remap(*group, child_mapping);
      for (auto& aggregate : kept) {
        for (auto& argument : aggregate.arguments) Remap(*argument, child_mapping);
      }
      op.aggregates = std::move(kept);
      op.types.resize(group_count);
      for (const auto& aggregate : op.aggregates)
        op.types.push_back(aggregate.function.return_type);
      return mapping;
    }
    case LogicalKind::kJoin: {
      idx_t left_width = op.children[0]->types.size();
      idx_t right_width = op.children[1]->types.size();
      bool is_mark = op.join_type == PhysicalJoinType::kMark;
      std::vector<bool> need_left(left_width, false), need_right(right_width, false);
      for (idx_t i = 0; i < width; i++) {
        if (!required[i] || (is_mark && i == left_width)) continue;
        if (i < left_width) {
          need_left[i] = true;
        } else {
          need_right[i - left_width] = true;
        }
      }
      std::vector<bool> used(left_width + right_width, false);
      for (const auto& expression : op.expressions) CollectColumns(*expression, used);
      for (idx_t i = 0; i < left_width; i++) need_left[i] = need_left[i] || used[i];
      for (idx_t i = 0; i < right_width; i++) need_right[i] = need_right[i] || used[left_width + i];
      std::vector<idx_t> left_mapping = Prune(*op.children[0], need_left);
      std::vector<idx_t> right_mapping = Prune(*op.children[1], need_right);
      idx_t new_left_width = op.children[0]->types.size();
      std::vector<idx_t> combined(left_width + right_width, kPruned);
      for (idx_t i = 0; i < left_width; i++) combined[i] = left_mapping[i];
      for (idx_t i = 0; i < right_width; i++) {
        combined[left_width + i] =
            right_mapping[i] == kPruned ? kPruned : new_left_width + right_mapping[i];
      }
      for (auto& expression : op.expressions) Remap(*expression, combined);
      op.types = op.children[0]->types;
      bool emits_right = op.join_type != PhysicalJoinType::kSemi &&
                         op.join_type != PhysicalJoinType::kAnti && !is_mark;
      if (emits_right) {
        op.types.insert(op.types.end(), op.children[1]->types.begin(), op.children[1]->types.end());
      }
      for (idx_t i = 0; i < width; i++) mapping[i] = combined[i];
      if (is_mark) {
        // The matched flag follows the (pruned) left columns.
        op.types.push_back(LogicalType(TypeId::kBoolean));
        mapping[left_width] = new_left_width;
      }
      return mapping;
    }
    case LogicalKind::kOrder: {
      std::vector<bool> need = required;
      for (const auto& order : op.orders) CollectColumns(*order.expression, need);
      std::vector<idx_t> child_mapping = Prune(*op.children[0], need);
      for (auto& order : op.orders) Remap(*order.expression, child_mapping);
      op.types = op.children[0]->types;
      return child_mapping;
    }
    case LogicalKind::kLimit: {
      std::vector<idx_t> child_mapping = Prune(*op.children[0], required);
      op.types = op.children[0]->types;
      return child_mapping;
    }
    case LogicalKind::kWindow: {
      idx_t child_width = op.children[0]->types.size();
      std::vector<bool> need(required.begin(),
                             required.begin() + static_cast<std::ptrdiff_t>(child_width));
      auto visit_window = [](BoundWindow& window,
                             const std::function<void(BoundExpression&)>& visit) {
        for (auto& argument : window.arguments) visit(*argument);
        for (auto& partition : window.partitions) visit(*partition);
        for (auto& order : window.orders) visit(*order.expression);
        for (auto& value : window.range_values) visit(*value);
      };
      for (auto& window : op.windows) {
        visit_window(window,
                     [&need](BoundExpression& expression) { CollectColumns(expression, need); });
      }
      std::vector<idx_t> child_mapping = Prune(*op.children[0], need);
      for (auto& window : op.windows) {
        visit_window(window, [&child_mapping](BoundExpression& expression) {
          Remap(expression, child_mapping);
        });
      }
      idx_t new_child_width = op.children[0]->types.size();
      op.types = op.children[0]->types;
      for (idx_t i = 0; i < child_width; i++) mapping[i] = child_mapping[i];
      for (idx_t w = 0; w < op.windows.size(); w++) {
        op.types.push_back(op.windows[w].type);
        mapping[child_width + w] = new_child_width + w;
      }
      return mapping;
    }
    case LogicalKind::kUnnest: {
      // Child columns are pruned as for a projection; the element columns all stay.
      idx_t child_width = op.children[0]->types.size();
      std::vector<bool> need(required.begin(),
                             required.begin() + static_cast<std::ptrdiff_t>(child_width));
      for (auto& list : op.expressions) CollectColumns(*list, need);
      std::vector<idx_t> child_mapping = Prune(*op.children[0], need);
      for (auto& list : op.expressions) Remap(*list, child_mapping);
      idx_t new_child_width = op.children[0]->types.size();
      std::vector<LogicalType> types = op.children[0]->types;
      for (idx_t i = 0; i < child_width; i++) mapping[i] = child_mapping[i];
      for (idx_t i = child_width; i < width; i++) {
        mapping[i] = new_child_width + (i - child_width);
        types.push_back(op.types[i]);
      }
      op.types = std::move(types);
      return mapping;
    }
    case LogicalKind::kUnion: {
      std::vector<bool> all(width, true);
      for (auto& child : op.children) Prune(*child, all);
      for (idx_t i = 0; i < width; i++) mapping[i] = i;
      return mapping;
    }
    case LogicalKind::kMaterializedCte:
      return PruneMaterializedCte(op, required);
  }
  return mapping;
}

// The definition of a materialized CTE keeps the columns some reference reads (after the
// query below it is pruned); the references' column_ids follow the definition's new layout.
std::vector<idx_t> PruneMaterializedCte(LogicalOperator& op, const std::vector<bool>& required) {
  std::vector<idx_t> mapping = Prune(*op.children[1], required);
  op.types = op.children[1]->types;
  std::vector<LogicalOperator*> scans;
  std::function<void(LogicalOperator&)> find_scans = [&](LogicalOperator& node) {
    if (node.kind == LogicalKind::kCteScan && node.cte == op.cte) scans.push_back(&node);
    for (auto& child : node.children) find_scans(*child);
  };
  find_scans(*op.children[1]);
  LogicalOperator& definition = *op.children[0];
  std::vector<bool> need(definition.types.size(), false);
  for (const LogicalOperator* scan : scans) {
    for (idx_t column : scan->column_ids) need[column] = true;
  }
  // The rows must still be counted when no reference reads a column (count(*)).
  if (!need.empty() && std::none_of(need.begin(), need.end(), [](bool b) { return b; })) {
    need[0] = true;
  }
  std::vector<idx_t> definition_mapping = Prune(definition, need);
  for (LogicalOperator* scan : scans) {
    for (idx_t& column : scan->column_ids) column = definition_mapping[column];
  }
  return mapping;
}

// A join-free subtree (scans and materialized rows under filters and projections without
// volatile expressions), which can be evaluated a second time at little cost and with the
// same rows.
bool IsSimpleSubtree(const LogicalOperator& op) {
  switch (op.kind) {
    case LogicalKind::kGet:
    case LogicalKind::kRows:
      return true;
    case LogicalKind::kFilter:
    case LogicalKind::kProjection:
      return std::none_of(op.expressions.begin(), op.expressions.end(),
                          [](const BoundExpressionPtr& e) { return e->IsVolatile(); }) &&
             IsSimpleSubtree(*op.children[0]);
    default:
      return false;
  }
}

bool ContainsFilter(const LogicalOperator& op) {
  if (op.kind == LogicalKind::kFilter || !op.table_filters.empty()) return true;
  return std::any_of(op.children.begin(), op.children.end(),
                     [](const LogicalOperatorPtr& child) { return ContainsFilter(*child); });
}

// Where the values of some output columns of a plan come from: a simple subtree inside it
// and the positions of those columns in the subtree's output. Each non-NULL combination of
// the columns' values in the plan's output is also among the subtree's rows, because on
// the way down there are only joins (whose output columns are copies of one input's),
// filters and projections of plain column references.
struct KeySource {
  const LogicalOperator* plan = nullptr;
  std::vector<idx_t> columns;
};

std::optional<KeySource> FindKeySource(const LogicalOperator& op, std::vector<idx_t> columns) {
  switch (op.kind) {
    case LogicalKind::kJoin: {
      idx_t left_width = op.children[0]->types.size();
      idx_t right_width = op.children[1]->types.size();
      bool emits_right = op.join_type != PhysicalJoinType::kSemi &&
                         op.join_type != PhysicalJoinType::kAnti &&
                         op.join_type != PhysicalJoinType::kMark;
      if (std::all_of(columns.begin(), columns.end(),
                      [&](idx_t column) { return column < left_width; })) {
        return FindKeySource(*op.children[0], std::move(columns));
      }
      if (emits_right && std::all_of(columns.begin(), columns.end(), [&](idx_t column) {
            return column >= left_width && column < left_width + right_width;
          })) {
        for (auto& column : columns) column -= left_width;
        return FindKeySource(*op.children[1], std::move(columns));
      }
      return std::nullopt;
    }
    case LogicalKind::kProjection: {
      if (IsSimpleSubtree(op)) return KeySource{&op, std::move(columns)};
      for (auto& column : columns) {
        const BoundExpression& expression = *op.expressions[column];
        if (expression.kind != BoundExpressionKind::kColumnRef) return std::nullopt;
        column = expression.column_index;
      }
      return FindKeySource(*op.children[0], std::move(columns));
    }
    case LogicalKind::kFilter:
      if (IsSimpleSubtree(op)) return KeySource{&op, std::move(columns)};
      return FindKeySource(*op.children[0], std::move(columns));
    case LogicalKind::kGet:
    case LogicalKind::kRows:
      return KeySource{&op, std::move(columns)};
    default:
      return std::nullopt;
  }
}

// Reduces the input of the aggregate in child `grouped` (0 or 1) of the join `op`, whose
// other child is L; does nothing when the shape or the estimates do not fit.
void ReduceGroupedJoinInput(LogicalOperator& op, size_t grouped) {
  LogicalOperator* projection = nullptr;
  LogicalOperator* aggregate = op.children[grouped].get();
  if (aggregate->kind == LogicalKind::kProjection) {
    projection = aggregate;
    aggregate = aggregate->children[0].get();
  }
  if (aggregate->kind != LogicalKind::kAggregate || aggregate->expressions.empty()) return;
  idx_t group_count = aggregate->expressions.size();
  idx_t left_width = op.children[0]->types.size();
  idx_t width = left_width + op.children[1]->types.size();
  // Column ranges of the grouped side and of L in the join's input.
  idx_t grouped_begin = grouped == 0 ? 0 : left_width;
  idx_t grouped_end = grouped == 0 ? left_width : width;
  idx_t outer_begin = grouped == 0 ? left_width : 0;
  idx_t outer_end = grouped == 0 ? width : left_width;
  // The group expression (over the aggregate's input) each grouped column passes through.
  std::vector<BoundExpressionPtr> definitions(width);
  for (idx_t column = grouped_begin; column < grouped_end; column++) {
    idx_t group = column - grouped_begin;
    if (projection) {
      const BoundExpression& expression = *projection->expressions[group];
      if (expression.kind != BoundExpressionKind::kColumnRef) continue;
      group = expression.column_index;
    }
    if (group < group_count) definitions[column] = aggregate->expressions[group]->Copy();
  }
  auto has_columns = [](const BoundExpression& expression) {
    bool any = false;
    ForEachColumnRef(expression, [&any](const BoundExpression&) { any = true; });
    return any;
  };
  auto over_groups = [&](const BoundExpression& expression) {
    bool ok = has_columns(expression);
    ForEachColumnRef(expression, [&](const BoundExpression& reference) {
      ok = ok && reference.column_index < width && definitions[reference.column_index];
    });
    return ok;
  };
  // Equalities between an expression over L and one over group columns: the conditions
  // of the semi join, with their L side still over the join's input columns.
  std::vector<BoundExpressionPtr> conditions;
  std::vector<size_t> outer_sides;
  std::vector<bool> used(width, false);
  for (const auto& condition : op.expressions) {
    if (condition->kind != BoundExpressionKind::kFunction || condition->name != "=" ||
        condition->children.size() != 2 || condition->IsVolatile()) {
      continue;
    }
    for (size_t side = 0; side < 2; side++) {
      const BoundExpression& outer = *condition->children[side];
      const BoundExpression& inner = *condition->children[1 - side];
      if (!has_columns(outer) || !UsesOnly(outer, outer_begin, outer_end) || !over_groups(inner)) {
        continue;
      }
      auto reduced = condition->Copy();
      reduced->children[1 - side] = Substitute(inner, definitions);
      CollectColumns(outer, used);
      conditions.push_back(std::move(reduced));
      outer_sides.push_back(side);
      break;
    }
  }
  if (conditions.empty()) return;
  std::vector<idx_t> outer_columns;
  for (idx_t column = outer_begin; column < outer_end; column++) {
    if (used[column]) outer_columns.push_back(column - outer_begin);
  }
  std::optional<KeySource> source = FindKeySource(*op.children[1 - grouped], outer_columns);
  LogicalOperatorPtr& below = aggregate->children[0];
  if (!source || !ContainsFilter(*source->plan)) return;
  // Filters outside inner-join trees keep rough estimates: sample where possible.
  double source_rows = CardinalityEstimator(*source->plan).Rows();
  double below_rows = CardinalityEstimator(*below).Rows();
  if (source_rows * 4 > below_rows) return;
  idx_t below_width = below->types.size();
  std::vector<idx_t> mapping(width, kPruned);
  for (size_t i = 0; i < outer_columns.size(); i++) {
    mapping[outer_begin + outer_columns[i]] = below_width + source->columns[i];
  }
  for (size_t c = 0; c < conditions.size(); c++) {
    Remap(*conditions[c]->children[outer_sides[c]], mapping);
  }
  auto semi = std::make_unique<LogicalOperator>();
  semi->kind = LogicalKind::kJoin;
  semi->join_type = PhysicalJoinType::kSemi;
  semi->types = below->types;
  // Roughly: each kept key brings a few rows.
  semi->estimated_rows = std::max(1.0, std::min(below_rows, source_rows * 8));
  semi->expressions = std::move(conditions);
  semi->children.push_back(std::move(below));
  semi->children.push_back(CopyPlan(*source->plan));
  below = std::move(semi);
}

// Semi-join reduction of a grouped join input. In
//   L [LEFT] JOIN (SELECT k, aggregates FROM R GROUP BY k) ON L.x = k
// (or an inner join with the sides swapped)
// (LEFT is the shape a correlated scalar subquery takes after decorrelation) only groups whose key
// equals some L.x ever meet a row of L, and each group's aggregates depend on its own rows
// alone, so R's rows can first be limited to those whose k is among the x values: R
// becomes R SEMI JOIN S ON k = S.x, with S a filtered scan inside L that yields every
// non-NULL x of L (a superset is enough: it only keeps more groups, never changes one).
// Rows with a NULL key never match either way. It pays when S is small next to R, as in
// TPC-H Q17 (a few hundred parts against all line items).
void ReduceGroupedJoinInputs(LogicalOperator& op) {
  for (auto& child : op.children) ReduceGroupedJoinInputs(*child);
  if (op.kind != LogicalKind::kJoin) return;
  if (op.join_type == PhysicalJoinType::kLeft || op.join_type == PhysicalJoinType::kInner) {
    ReduceGroupedJoinInput(op, 1);
  }
  if (op.join_type == PhysicalJoinType::kInner) ReduceGroupedJoinInput(op, 0);
}

}  // namespace

// Mark joins that could not become semi joins must not compute a NULL-sensitive flag.
void CheckMarkJoins(const LogicalOperator& op) {
  if (op.kind == LogicalKind::kJoin && op.join_type == PhysicalJoinType::kMark &&
      op.mark_ignores_nulls) {
    ThrowError(
        ErrorCode::kNotImplemented,
        "a correlated IN subquery is only supported as a condition of WHERE (x IN (SELECT ...) "
        "AND ...), not as a value or under NOT, yet");
  }
  for (const auto& child : op.children) CheckMarkJoins(*child);
}

// A projection over a projection becomes one: the outer expressions are rewritten over
// the inner one's input (join reordering and pruning leave such pairs behind).
void MergeProjections(LogicalOperator& op) {
  for (auto& child : op.children) MergeProjections(*child);
  if (op.kind != LogicalKind::kProjection) return;
  while (op.children[0]->kind == LogicalKind::kProjection) {
    LogicalOperator& inner = *op.children[0];
    bool inner_volatile = std::any_of(inner.expressions.begin(), inner.expressions.end(),
                                      [](const BoundExpressionPtr& e) { return e->IsVolatile(); });
    if (inner_volatile) return;
    for (auto& expression : op.expressions) expression = Substitute(*expression, inner.expressions);
    LogicalOperatorPtr grandchild = std::move(inner.children[0]);
    op.children[0] = std::move(grandchild);
  }
}

LogicalOperatorPtr Optimize(LogicalOperatorPtr plan) {
  plan = PushDown(std::move(plan), {});
  CheckMarkJoins(*plan);
  plan = ReorderJoins(std::move(plan));
  ReduceGroupedJoinInputs(*plan);
  std::vector<bool> all(plan->types.size(), true);
  Prune(*plan, all);
  MergeProjections(*plan);
  RecomputeRowEstimates(*plan);
  PushDownLimits(plan);
  EliminateCommonSubexpressions(*plan);
  return plan;
}

}  // namespace tarn
