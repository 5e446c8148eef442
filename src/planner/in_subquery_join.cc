// ExpressionBinder::JoinInSubquery: `x [NOT] IN (subquery)` and `(x, y) [NOT] IN (subquery)`
// over a subquery that becomes a join (correlated, or a row value's), with SQL's answer:
// TRUE when a subquery row equals the input; otherwise NULL when some row might (an
// element pair with a NULL and none that differs); otherwise FALSE (so also over no rows).
// NOT IN negates it. Two MARK joins of the outer plan compute it:
//   matched:  corr AND x = e AND y = f
//   unknown:  corr AND (x = e OR x IS NULL OR e IS NULL) AND (y = f OR ...)
// and the value is CASE WHEN matched THEN TRUE WHEN unknown THEN NULL ELSE FALSE END.
// Where only TRUE counts (IN among a WHERE's AND-ed conditions) the match flag alone is
// the value; the optimizer then turns its MARK join into a SEMI join.
#include "planner/decorrelation.h"
#include "planner/expression_binder.h"

namespace tarn {

BoundExpressionPtr ExpressionBinder::JoinInSubquery(
    const ParsedExpression& expression, std::vector<BoundExpressionPtr> inputs,
    LogicalOperatorPtr right, std::vector<BoundExpressionPtr> elements,
    const std::function<std::vector<BoundExpressionPtr>(idx_t)>& conditions, bool null_is_false) {
  TARN_CHECK(inputs.size() == elements.size(), "IN input and subquery widths differ");
  LogicalOperatorPtr& outer_plan = *correlation_->plan;
  Binder::Scope& outer_scope = *correlation_->scope;
  bool negated = expression.negated;
  bool exact = negated || !null_is_false;
  LogicalOperatorPtr unknown_right = exact ? CopyPlan(*right) : nullptr;

  auto is_null = [](BoundExpressionPtr operand) {
    auto test = std::make_unique<BoundExpression>();
    test->kind = BoundExpressionKind::kIsNull;
    test->type = LogicalType(TypeId::kBoolean);
    test->children.push_back(std::move(operand));
    return test;
  };
  // Adds a MARK join of the outer plan with `rows`; returns the position of its flag.
  auto mark_join = [&](LogicalOperatorPtr rows, bool unknown) {
    idx_t width = outer_plan->types.size();
    auto join = std::make_unique<LogicalOperator>();
    join->kind = LogicalKind::kJoin;
    join->join_type = PhysicalJoinType::kMark;
    join->types = outer_plan->types;
    join->types.push_back(LogicalType(TypeId::kBoolean));
    join->estimated_rows = outer_plan->estimated_rows;
    join->expressions = conditions(width);
    for (idx_t i = 0; i < inputs.size(); i++) {
      BoundExpressionPtr element = elements[i]->Copy();
      ShiftColumnRefs(*element, width);
      std::vector<BoundExpressionPtr> arguments;
      arguments.push_back(inputs[i]->Copy());
      arguments.push_back(element->Copy());
      BoundExpressionPtr equal = CallScalar("=", std::move(arguments), expression.position);
      if (!unknown) {
        join->expressions.push_back(std::move(equal));
        continue;
      }
      // Given no row matched: a row might match when no element pair differs.
      std::vector<BoundExpressionPtr> either;
      if (inputs.size() > 1) either.push_back(std::move(equal));
      either.push_back(is_null(inputs[i]->Copy()));
      either.push_back(is_null(std::move(element)));
      join->expressions.push_back(MakeBoolean(BoundExpressionKind::kOr, std::move(either)));
    }
    join->mark_ignores_nulls = !exact;
    join->children.push_back(std::move(outer_plan));
    join->children.push_back(std::move(rows));
    outer_plan = std::move(join);
    Binder::Column flag;
    flag.name = unknown ? "#unknown" : "#matched";
    flag.type = LogicalType(TypeId::kBoolean);
    flag.hidden = true;
    outer_scope.push_back(flag);
    return width;
  };

  idx_t matched = mark_join(std::move(right), false);
  BoundExpressionPtr matched_flag =
      BoundExpression::ColumnRef(matched, LogicalType(TypeId::kBoolean), "matched");
  if (!exact) return matched_flag;
  idx_t unknown = mark_join(std::move(unknown_right), true);
  auto answer = std::make_unique<BoundExpression>();
  answer->kind = BoundExpressionKind::kCase;
  answer->type = LogicalType(TypeId::kBoolean);
  answer->children.push_back(std::move(matched_flag));
  answer->children.push_back(BoundExpression::Constant(Value::Boolean(!negated)));
  answer->children.push_back(
      BoundExpression::ColumnRef(unknown, LogicalType(TypeId::kBoolean), "unknown"));
  answer->children.push_back(BoundExpression::Constant(Value::Null(LogicalType(TypeId::kBoolean))));
  answer->children.push_back(BoundExpression::Constant(Value::Boolean(negated)));
  return answer;
}

}  // namespace tarn
