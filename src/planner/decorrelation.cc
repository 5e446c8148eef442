#include "planner/decorrelation.h"

#include <algorithm>
#include <vector>

#include "function/aggregate/aggregate_function.h"
#include "planner/binder.h"

namespace tarn {

bool HasOuterReference(const BoundExpression& expression) {
  if (expression.kind == BoundExpressionKind::kOuterColumnRef) return true;
  return std::any_of(expression.children.begin(), expression.children.end(),
                     [](const BoundExpressionPtr& child) { return HasOuterReference(*child); });
}

void ForEachOperatorExpression(LogicalOperator& op,
                               const std::function<void(BoundExpression&)>& visit) {
  for (auto& expression : op.expressions) visit(*expression);
  for (auto& aggregate : op.aggregates) {
    for (auto& argument : aggregate.arguments) visit(*argument);
  }
  for (auto& order : op.orders) visit(*order.expression);
  for (auto& window : op.windows) {
    for (auto* list : {&window.arguments, &window.partitions, &window.range_values}) {
      for (auto& expression : *list) visit(*expression);
    }
    for (auto& order : window.orders) visit(*order.expression);
  }
}

bool OperatorHasOuterReference(const LogicalOperator& op) {
  bool found = false;
  ForEachOperatorExpression(const_cast<LogicalOperator&>(op), [&](BoundExpression& expression) {
    found = found || HasOuterReference(expression);
  });
  return found;
}

bool PlanHasOuterReference(const LogicalOperator& op) {
  if (OperatorHasOuterReference(op)) return true;
  return std::any_of(op.children.begin(), op.children.end(), [](const LogicalOperatorPtr& child) {
    return child && PlanHasOuterReference(*child);
  });
}

bool IsOuterEquality(const BoundExpression& condition) {
  if (condition.kind != BoundExpressionKind::kFunction || condition.name != "=" ||
      condition.children.size() != 2) {
    return false;
  }
  bool first_outer = HasOuterReference(*condition.children[0]);
  bool second_outer = HasOuterReference(*condition.children[1]);
  if (first_outer == second_outer) return false;
  bool outer_side_pure = true;
  ForEachColumnRef(*condition.children[first_outer ? 0 : 1],
                   [&](const BoundExpression&) { outer_side_pure = false; });
  return outer_side_pure;
}

bool PlanIsVolatile(const LogicalOperator& op) {
  bool found = false;
  ForEachOperatorExpression(const_cast<LogicalOperator&>(op), [&](BoundExpression& expression) {
    found = found || expression.IsVolatile();
  });
  return found ||
         std::any_of(op.children.begin(), op.children.end(), [](const LogicalOperatorPtr& child) {
           return child && PlanIsVolatile(*child);
         });
}

LogicalOperatorPtr MultisetOperationPlan(bool intersect, LogicalOperatorPtr left,
                                         LogicalOperatorPtr right,
                                         const std::vector<LogicalType>& types) {
  idx_t width = types.size();
  LogicalType number_type(TypeId::kBigint);
  auto number = [&](LogicalOperatorPtr input) {
    BoundWindow numbering;
    numbering.function = WindowFunctionKind::kRowNumber;
    numbering.name = "row_number";
    numbering.type = number_type;
    numbering.frame_rows = true;
    for (idx_t c = 0; c < width; c++) {
      numbering.partitions.push_back(BoundExpression::ColumnRef(c, types[c], ""));
    }
    auto window = std::make_unique<LogicalOperator>();
    window->kind = LogicalKind::kWindow;
    window->types = types;
    window->types.push_back(number_type);
    window->estimated_rows = input->estimated_rows;
    window->windows.push_back(std::move(numbering));
    window->children.push_back(std::move(input));
    return window;
  };
  auto join = std::make_unique<LogicalOperator>();
  join->kind = LogicalKind::kJoin;
  join->join_type = intersect ? PhysicalJoinType::kSemi : PhysicalJoinType::kAnti;
  join->types = types;
  join->types.push_back(number_type);
  join->estimated_rows = left->estimated_rows;
  for (idx_t c = 0; c <= width; c++) {
    // Only ever a hash join key, which compares NULLs as equal (set operation semantics).
    auto condition = std::make_unique<BoundExpression>();
    condition->kind = BoundExpressionKind::kFunction;
    condition->name = "is not distinct from";
    condition->type = LogicalType(TypeId::kBoolean);
    LogicalType type = c < width ? types[c] : number_type;
    condition->children.push_back(BoundExpression::ColumnRef(c, type, ""));
    condition->children.push_back(BoundExpression::ColumnRef(width + 1 + c, type, ""));
    join->expressions.push_back(std::move(condition));
  }
  join->children.push_back(number(std::move(left)));
  join->children.push_back(number(std::move(right)));
  std::vector<BoundExpressionPtr> columns;
  for (idx_t c = 0; c < width; c++) columns.push_back(BoundExpression::ColumnRef(c, types[c], ""));
  return MakeProjection(std::move(join), std::move(columns));
}

BoundExpressionPtr ValueOverNoRows(const BoundExpression& output,
                                   const LogicalOperator& aggregate) {
  BoundExpressionPtr value = output.Copy();
  VisitColumnRefs(*value, [&](BoundExpression& reference) {
    Value empty = EmptyAggregateValue(aggregate.aggregates[reference.column_index].function);
    reference.kind = BoundExpressionKind::kConstant;
    reference.value = empty.CastTo(reference.type);
  });
  RebaseOverJoin(*value, 0);
  if (value->IsConstant()) return BoundExpression::Constant(EvaluateConstant(*value));
  return value;
}

void RebaseOverJoin(BoundExpression& expression, idx_t outer_width) {
  if (expression.kind == BoundExpressionKind::kOuterColumnRef) {
    expression.kind = BoundExpressionKind::kColumnRef;
  } else if (expression.kind == BoundExpressionKind::kColumnRef) {
    expression.column_index += outer_width;
  }
  for (auto& child : expression.children) RebaseOverJoin(*child, outer_width);
}

void ShiftColumnRefs(BoundExpression& expression, idx_t delta) {
  VisitColumnRefs(expression,
                  [delta](BoundExpression& reference) { reference.column_index += delta; });
}

Value EmptyAggregateValue(const AggregateFunction& function) {
  std::vector<int128_t> storage((function.state_size + 15) / 16 + 1);
  auto* state = reinterpret_cast<uint8_t*>(storage.data());
  function.initialize(state);
  Vector result(function.return_type, 1);
  function.finalize(state, result, 0);
  if (function.destroy) function.destroy(state);
  return result.GetValue(0);
}

}  // namespace tarn
