#include "planner/decorrelation.h"

#include <algorithm>
#include <vector>

#include "function/aggregate/aggregate_function.h"

namespace tarn {

bool HasOuterReference(const BoundExpression& expression) {
  if (expression.kind == BoundExpressionKind::kOuterColumnRef) return true;
  return std::any_of(expression.children.begin(), expression.children.end(),
                     [](const BoundExpressionPtr& child) { return HasOuterReference(*child); });
}

bool PlanHasOuterReference(const LogicalOperator& op) {
  for (const auto& expression : op.expressions) {
    if (HasOuterReference(*expression)) return true;
  }
  for (const auto& aggregate : op.aggregates) {
    for (const auto& argument : aggregate.arguments) {
      if (HasOuterReference(*argument)) return true;
    }
  }
  for (const auto& order : op.orders) {
    if (HasOuterReference(*order.expression)) return true;
  }
  for (const auto& window : op.windows) {
    for (const auto* list : {&window.arguments, &window.partitions, &window.range_values}) {
      for (const auto& expression : *list) {
        if (HasOuterReference(*expression)) return true;
      }
    }
    for (const auto& order : window.orders) {
      if (HasOuterReference(*order.expression)) return true;
    }
  }
  return std::any_of(op.children.begin(), op.children.end(), [](const LogicalOperatorPtr& child) {
    return child && PlanHasOuterReference(*child);
  });
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
