// ExpressionBinder::DecorrelateOverDomain: correlated scalar, EXISTS and IN subqueries of
// the shapes the direct rewrites in expression_binder.cc do not cover. The subquery is
// unnested over the distinct values of the outer columns it uses (SubqueryUnnester) and
// joined back to the outer plan on those values (IS NOT DISTINCT FROM):
//   (SELECT e ...)        -> LEFT join with the unnested rows grouped by the domain, e as
//                            the single value of each group (a second row is an error);
//                            an aggregate without GROUP BY needs no grouping: unmatched
//                            outer rows get the aggregates' values over no rows
//   EXISTS (...)          -> MARK join on the domain
//   x [NOT] IN (SELECT e ...)
//                         -> MARK joins on the domain and x = e (JoinInSubquery)
#include "function/aggregate/aggregate_function.h"
#include "function/aggregate/scalar_subquery_aggregate.h"
#include "planner/decorrelation.h"
#include "planner/expression_binder.h"
#include "planner/subquery_unnesting.h"

namespace tarn {

BoundExpressionPtr ExpressionBinder::DecorrelateOverDomain(const ParsedExpression& expression,
                                                           BoundQuery query,
                                                           std::vector<BoundExpressionPtr> inputs,
                                                           bool null_is_false) {
  auto unsupported = [&](const std::string& what) {
    binder_.Fail(ErrorCode::kNotImplemented, expression.position,
                 "correlated subquery: " + what + " is not supported yet");
  };
  LogicalOperatorPtr& outer_plan = *correlation_->plan;
  Binder::Scope& outer_scope = *correlation_->scope;
  idx_t outer_width = outer_plan->types.size();
  SubqueryUnnester unnester(*outer_plan, *query.plan, unsupported);
  idx_t plan_width = query.plan->types.size();

  auto add_hidden_columns = [&](idx_t from) {
    for (idx_t c = from; c < outer_plan->types.size(); c++) {
      Binder::Column column;
      column.name = "#subquery" + std::to_string(c - from);
      column.type = outer_plan->types[c];
      column.hidden = true;
      outer_scope.push_back(column);
    }
  };
  auto join_with = [&](PhysicalJoinType type, LogicalOperatorPtr right,
                       std::vector<BoundExpressionPtr> conditions) {
    auto join = std::make_unique<LogicalOperator>();
    join->kind = LogicalKind::kJoin;
    join->join_type = type;
    join->types = outer_plan->types;
    if (type == PhysicalJoinType::kMark) {
      join->types.push_back(LogicalType(TypeId::kBoolean));
    } else {
      join->types.insert(join->types.end(), right->types.begin(), right->types.end());
    }
    join->estimated_rows = outer_plan->estimated_rows;
    join->expressions = std::move(conditions);
    join->children.push_back(std::move(outer_plan));
    join->children.push_back(std::move(right));
    outer_plan = std::move(join);
  };

  if (expression.kind == ExpressionKind::kInSubquery) {
    // [NOT] IN: MARK joins on the domain and the values.
    LogicalOperatorPtr right = unnester.Unnest(std::move(query.plan));
    std::vector<BoundExpressionPtr> elements;
    for (idx_t c = 0; c < plan_width; c++) {
      elements.push_back(BoundExpression::ColumnRef(c, right->types[c], ""));
    }
    return JoinInSubquery(
        expression, std::move(inputs), std::move(right), std::move(elements),
        [&](idx_t left_width) { return unnester.DomainConditions(left_width + plan_width); },
        null_is_false);
  }
  if (expression.kind == ExpressionKind::kExists) {
    // EXISTS: a MARK join on the domain.
    LogicalOperatorPtr right = unnester.Unnest(std::move(query.plan));
    join_with(PhysicalJoinType::kMark, std::move(right),
              unnester.DomainConditions(outer_width + plan_width));
    return ExistsFromMarkFlag(outer_width, expression.negated);
  }

  // A scalar subquery. An aggregate without GROUP BY at the root gives one row per domain
  // value that has input rows; the others get the aggregates' values over no rows.
  LogicalType type = query.types[0];
  const LogicalOperator* root_aggregate = nullptr;
  if (query.plan->kind == LogicalKind::kProjection && plan_width == 1 &&
      query.plan->children[0]->kind == LogicalKind::kAggregate &&
      query.plan->children[0]->expressions.empty()) {
    root_aggregate = query.plan->children[0].get();
  }
  BoundExpressionPtr empty_value;
  if (root_aggregate) {
    unnester.LeaveEmptyGroupsToCaller(root_aggregate);
    // Outer references read the outer row's columns, which lead the join's output.
    empty_value = ValueOverNoRows(*query.plan->expressions[0], *root_aggregate);
  }
  LogicalOperatorPtr right = unnester.Unnest(std::move(query.plan));
  idx_t domain_width = unnester.outer_columns().size();
  if (!root_aggregate) {
    // [value, domain...] -> [value, domain...] with one row per domain value: the value is
    // the single value of its group, and a second row is an error.
    auto single = std::make_unique<LogicalOperator>();
    single->kind = LogicalKind::kAggregate;
    for (idx_t d = 0; d < domain_width; d++) {
      single->expressions.push_back(BoundExpression::ColumnRef(1 + d, right->types[1 + d], ""));
      single->types.push_back(right->types[1 + d]);
    }
    BoundAggregate value;
    value.function = MakeScalarSubqueryAggregate(type);
    value.arguments.push_back(BoundExpression::ColumnRef(0, type, ""));
    single->types.push_back(value.function.return_type);
    single->aggregates.push_back(std::move(value));
    single->estimated_rows = right->estimated_rows;
    single->children.push_back(std::move(right));
    right = std::move(single);
    std::vector<BoundExpressionPtr> columns;
    columns.push_back(BoundExpression::ColumnRef(domain_width, right->types[domain_width], ""));
    for (idx_t d = 0; d < domain_width; d++) {
      columns.push_back(BoundExpression::ColumnRef(d, right->types[d], ""));
    }
    right = MakeProjection(std::move(right), std::move(columns));
  }
  bool empty_is_null = !root_aggregate || (empty_value->kind == BoundExpressionKind::kConstant &&
                                           empty_value->value.is_null());
  if (!empty_is_null) {
    // A constant TRUE column tells outer rows with a match apart.
    std::vector<BoundExpressionPtr> columns;
    for (idx_t c = 0; c < right->types.size(); c++) {
      columns.push_back(BoundExpression::ColumnRef(c, right->types[c], ""));
    }
    columns.push_back(BoundExpression::Constant(Value::Boolean(true)));
    right = MakeProjection(std::move(right), std::move(columns));
  }
  idx_t right_width = right->types.size();
  LogicalType value_type = right->types[0];
  join_with(PhysicalJoinType::kLeft, std::move(right), unnester.DomainConditions(outer_width + 1));
  add_hidden_columns(outer_width);
  BoundExpressionPtr result = BoundExpression::ColumnRef(outer_width, value_type, "subquery");
  if (empty_is_null) return result;
  auto matched = std::make_unique<BoundExpression>();
  matched->kind = BoundExpressionKind::kIsNotNull;
  matched->type = LogicalType(TypeId::kBoolean);
  matched->children.push_back(
      BoundExpression::ColumnRef(outer_width + right_width - 1, LogicalType(TypeId::kBoolean), ""));
  auto choice = std::make_unique<BoundExpression>();
  choice->kind = BoundExpressionKind::kCase;
  choice->type = value_type;
  choice->children.push_back(std::move(matched));
  choice->children.push_back(std::move(result));
  choice->children.push_back(AddCast(std::move(empty_value), value_type));
  return choice;
}

}  // namespace tarn
