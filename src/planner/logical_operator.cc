#include "planner/logical_operator.h"

namespace tarn {

LogicalOperatorPtr CopyPlan(const LogicalOperator& op) {
  auto copy = std::make_unique<LogicalOperator>();
  copy->kind = op.kind;
  for (const auto& child : op.children) {
    copy->children.push_back(child ? CopyPlan(*child) : nullptr);
  }
  copy->types = op.types;
  copy->estimated_rows = op.estimated_rows;
  copy->binding = op.binding;
  copy->rows = op.rows;
  copy->label = op.label;
  copy->column_ids = op.column_ids;
  copy->source_types = op.source_types;
  copy->table_filters = op.table_filters;
  for (const auto& expression : op.expressions) copy->expressions.push_back(expression->Copy());
  for (const auto& aggregate : op.aggregates) copy->aggregates.push_back(aggregate.Copy());
  copy->join_type = op.join_type;
  copy->mark_ignores_nulls = op.mark_ignores_nulls;
  for (const auto& order : op.orders) {
    copy->orders.push_back(BoundOrderItem{order.expression->Copy(), order.order});
  }
  for (const auto& window : op.windows) copy->windows.push_back(window.Copy());
  copy->limit = op.limit;
  copy->offset = op.offset;
  copy->unnest_outer = op.unnest_outer;
  copy->unnest_ordinality = op.unnest_ordinality;
  copy->cte = op.cte;
  return copy;
}

LogicalOperatorPtr MakeProjection(LogicalOperatorPtr child,
                                  std::vector<BoundExpressionPtr> expressions) {
  auto projection = std::make_unique<LogicalOperator>();
  projection->kind = LogicalKind::kProjection;
  for (const auto& expression : expressions) projection->types.push_back(expression->type);
  projection->estimated_rows = child->estimated_rows;
  projection->expressions = std::move(expressions);
  projection->children.push_back(std::move(child));
  return projection;
}

}  // namespace tarn
