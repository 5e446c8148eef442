// Correlated subqueries of an aggregate query's select list, HAVING and ORDER BY: they are
// bound while the query's aggregates are still being collected, wait as placeholders, and
// join onto the aggregate's output once it is final (see
// ExpressionBinder::DeferredSubqueries). Their outer references number the aggregate's
// output columns: group keys, then aggregates, such as sum(t.v) written inside the subquery
// over the outer query's columns alone.
#include "planner/expression_binder.h"

namespace tarn {

std::vector<BoundExpressionPtr> ExpressionBinder::JoinDeferredSubqueries(
    Binder& binder, DeferredSubqueries& deferred, LogicalOperatorPtr& plan) {
  std::vector<BoundExpressionPtr> values;
  // The joins' hidden columns; nothing binds against them by name.
  Binder::Scope scope;
  CorrelationTarget target{&plan, &scope};
  for (auto& entry : deferred.entries) {
    // An IN input may hold an earlier subquery, already joined.
    for (auto& input : entry.inputs) ReplaceSubqueryPlaceholders(*input, values);
    ExpressionBinder joiner(binder, scope, nullptr, entry.clause, &target);
    values.push_back(joiner.Decorrelate(*entry.expression, std::move(entry.query),
                                        std::move(entry.inputs), entry.null_is_false));
  }
  deferred.entries.clear();
  return values;
}

void ExpressionBinder::ReplaceSubqueryPlaceholders(BoundExpression& expression,
                                                   const std::vector<BoundExpressionPtr>& values) {
  if (expression.kind == BoundExpressionKind::kColumnRef &&
      expression.column_index >= kSubqueryReferenceBase &&
      expression.column_index - kSubqueryReferenceBase < values.size()) {
    BoundExpressionPtr value = values[expression.column_index - kSubqueryReferenceBase]->Copy();
    expression = std::move(*value);
    return;
  }
  for (auto& child : expression.children) ReplaceSubqueryPlaceholders(*child, values);
}

}  // namespace tarn
