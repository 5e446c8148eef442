// Binding of LATERAL subqueries in FROM: `left [CROSS | INNER | LEFT] JOIN LATERAL (query) s`
// and `left, LATERAL (query) s`. The query is bound with the left side's columns visible as
// outer references; when it uses them it is decorrelated into an ordinary join:
//   SELECT e... FROM u WHERE corr AND rest
//       -> SELECT left.*, e... FROM left JOIN (SELECT * FROM u WHERE rest) ON corr
//          (e and corr may use the left side's columns)
//   SELECT agg... FROM u WHERE inner = outer AND rest              (no GROUP BY)
//       -> left LEFT JOIN (SELECT inner, agg... FROM u WHERE rest GROUP BY inner)
//          ON inner = outer; rows without a match get the aggregates' value over no rows
//   SELECT ... FROM u WHERE inner = outer AND rest GROUP BY g
//       -> left JOIN (SELECT inner, ... FROM u WHERE rest GROUP BY inner, g) ON inner = outer
//   ... WHERE inner = outer ORDER BY o LIMIT n OFFSET m
//       -> left JOIN (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY inner
//          ORDER BY o) AS rn FROM u WHERE rest) WHERE rn > m AND rn <= m + n) ON inner = outer
// LEFT JOIN LATERAL keeps left rows without a match, with NULL subquery columns.
// Every other shape (DISTINCT, set operations, windows, HAVING, LIMIT or aggregates with a
// correlation other than inner = outer, LEFT JOIN LATERAL ... ON <condition>) is unnested
// over the distinct left-side values it uses (SubqueryUnnester) and joined back on them:
//   left [LEFT] JOIN unnested ON left.o IS NOT DISTINCT FROM unnested.o [AND condition]
#include <algorithm>
#include <cctype>

#include "execution/operator/physical_window.h"
#include "function/aggregate/aggregate_function.h"
#include "function/function.h"
#include "planner/binder.h"
#include "planner/decorrelation.h"
#include "planner/expression_binder.h"
#include "planner/subquery_unnesting.h"

namespace tarn {

namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool IsAlwaysTrue(const ParsedExpression* condition) {
  return !condition || (condition->kind == ExpressionKind::kConstant &&
                        condition->value.type().id() == TypeId::kBoolean &&
                        !condition->value.is_null() && condition->value.GetBoolean());
}

// Whether `op` (a projection) selects exactly the first `width` columns of its input.
bool SelectsLeadingColumns(const LogicalOperator& op, idx_t width) {
  if (op.expressions.size() != width) return false;
  for (idx_t c = 0; c < width; c++) {
    const BoundExpression& expression = *op.expressions[c];
    if (expression.kind != BoundExpressionKind::kColumnRef || expression.column_index != c) {
      return false;
    }
  }
  return true;
}

// Whether a correlated subquery plan has a shape the direct rewrites above handle:
// [ORDER BY / LIMIT over] a select projection over an optional aggregate over an optional
// WHERE filter, with the outer row used only in the WHERE conjuncts and (without aggregates
// or LIMIT) the select list; with aggregates or LIMIT every correlated conjunct must be
// inner = outer. Everything else goes through SubqueryUnnester.
bool FitsDirectRewrite(const LogicalOperator& plan, idx_t width) {
  const LogicalOperator* projection = &plan;
  if (projection->kind == LogicalKind::kProjection &&
      projection->children[0]->kind == LogicalKind::kOrder &&
      SelectsLeadingColumns(*projection, width)) {
    projection = projection->children[0].get();
  }
  const LogicalOperator* per_row_limit = nullptr;
  if (projection->kind == LogicalKind::kOrder || projection->kind == LogicalKind::kLimit) {
    per_row_limit = projection;
    projection = projection->children[0].get();
  }
  if (projection->kind != LogicalKind::kProjection || projection->expressions.size() < width ||
      (!per_row_limit && projection->expressions.size() != width)) {
    return false;
  }
  const LogicalOperator* below = projection->children[0].get();
  const LogicalOperator* aggregate = nullptr;
  if (below->kind == LogicalKind::kAggregate) {
    aggregate = below;
    below = below->children[0].get();
  }
  std::vector<const BoundExpression*> correlated;
  if (below->kind == LogicalKind::kFilter) {
    for (const auto& conjunct : below->expressions) {
      if (HasOuterReference(*conjunct)) correlated.push_back(conjunct.get());
    }
    below = below->children[0].get();
  }
  bool outer_in_outputs = OperatorHasOuterReference(*projection);
  if (PlanHasOuterReference(*below) || (aggregate && OperatorHasOuterReference(*aggregate))) {
    return false;
  }
  if (aggregate && (correlated.empty() || outer_in_outputs)) return false;
  if (per_row_limit && (aggregate || outer_in_outputs)) return false;
  if (per_row_limit && OperatorHasOuterReference(*per_row_limit)) return false;
  if (aggregate || per_row_limit) {
    return std::all_of(correlated.begin(), correlated.end(), [](const BoundExpression* condition) {
      return IsOuterEquality(*condition);
    });
  }
  return true;
}

}  // namespace

LogicalOperatorPtr Binder::BindLateralJoin(const TableRef& ref, Scope& scope) {
  const TableRef& right_ref = *ref.right;
  auto unsupported = [&](const std::string& what) {
    Fail(ErrorCode::kNotImplemented, right_ref.position,
         "LATERAL subquery: " + what + " is not supported yet");
  };
  if (ref.join_type == JoinType::kRight || ref.join_type == JoinType::kFull) {
    Fail(ErrorCode::kBinder, right_ref.position,
         "a LATERAL subquery cannot be the right side of a RIGHT or FULL JOIN");
  }
  if (!ref.using_columns.empty() || ref.natural) unsupported("a join with USING or NATURAL");
  bool left_join = ref.join_type == JoinType::kLeft;

  Scope left_scope;
  LogicalOperatorPtr left = BindTableRef(*ref.left, left_scope);
  idx_t left_width = left->types.size();
  Binder inner(catalog_, sql_, run_plan_, resolve_table_);
  inner.cte_scopes_ = cte_scopes_;
  inner.materialized_ctes_ = materialized_ctes_;
  inner.working_tables_ = working_tables_;
  inner.depth_ = depth_ + 1;
  inner.outer_scope_ = &left_scope;
  BoundQuery query = inner.BindQuery(*right_ref.subquery);
  if (right_ref.column_aliases.size() > query.names.size()) {
    Fail(ErrorCode::kBinder, right_ref.position,
         "\"" + right_ref.alias + "\" has " + std::to_string(query.names.size()) + " columns but " +
             std::to_string(right_ref.column_aliases.size()) + " column aliases were given");
  }
  idx_t width = query.types.size();

  Scope combined = left_scope;
  for (idx_t c = 0; c < width; c++) {
    Column column;
    column.table = Lower(right_ref.alias);
    column.name =
        c < right_ref.column_aliases.size() ? right_ref.column_aliases[c] : query.names[c];
    column.type = query.types[c];
    combined.push_back(column);
  }
  std::vector<BoundExpressionPtr> condition_conjuncts;
  if (!IsAlwaysTrue(ref.condition.get())) {
    ExpressionBinder condition_binder(*this, combined, nullptr, "ON");
    SplitConjuncts(condition_binder.BindCondition(*ref.condition), condition_conjuncts);
  }
  // LEFT JOIN LATERAL ... ON <condition>: the condition decides which subquery rows a left
  // row keeps, so it must be part of the join itself (the direct rewrites filter after it).
  bool direct = inner.correlated_ && FitsDirectRewrite(*query.plan, width) &&
                !(left_join && !condition_conjuncts.empty());

  auto join = std::make_unique<LogicalOperator>();
  join->kind = LogicalKind::kJoin;
  join->join_type = left_join ? PhysicalJoinType::kLeft : PhysicalJoinType::kInner;
  join->estimated_rows = left->estimated_rows;
  if (!inner.correlated_) join->estimated_rows *= std::max(1.0, query.plan->estimated_rows);
  // The subquery's columns, as expressions over the join's output.
  std::vector<BoundExpressionPtr> results;
  LogicalOperatorPtr right;

  if (!inner.correlated_) {
    right = std::move(query.plan);
    for (idx_t c = 0; c < width; c++) {
      results.push_back(BoundExpression::ColumnRef(left_width + c, query.types[c], ""));
    }
  } else if (direct) {
    LogicalOperatorPtr projection = std::move(query.plan);
    // ORDER BY / LIMIT / OFFSET: [projection of the visible columns] over a sort or limit
    // over the select projection (which may carry hidden sort columns).
    LogicalOperatorPtr per_row_limit;
    if (projection->kind == LogicalKind::kProjection &&
        projection->children[0]->kind == LogicalKind::kOrder &&
        SelectsLeadingColumns(*projection, width)) {
      projection = std::move(projection->children[0]);
    }
    if (projection->kind == LogicalKind::kOrder || projection->kind == LogicalKind::kLimit) {
      per_row_limit = std::move(projection);
      projection = std::move(per_row_limit->children[0]);
      per_row_limit->children.clear();
    }
    // FitsDirectRewrite vouched for the shape: a select projection over an optional
    // aggregate over an optional WHERE filter, the outer row used only where allowed, and
    // with aggregates or LIMIT only `inner = outer` correlations.
    LogicalOperatorPtr below = std::move(projection->children[0]);
    LogicalOperatorPtr aggregate;
    if (below->kind == LogicalKind::kAggregate) {
      aggregate = std::move(below);
      below = std::move(aggregate->children[0]);
    }
    std::vector<BoundExpressionPtr> correlated;
    if (below->kind == LogicalKind::kFilter) {
      std::vector<BoundExpressionPtr> rest;
      for (auto& conjunct : below->expressions) {
        (HasOuterReference(*conjunct) ? correlated : rest).push_back(std::move(conjunct));
      }
      if (rest.empty()) {
        below = std::move(below->children[0]);
      } else {
        below->expressions = std::move(rest);
      }
    }
    if (per_row_limit) {
      // Per left row, the first rows in the subquery's order: number the rows within each
      // group of equal correlation keys and keep those within OFFSET / LIMIT.
      BoundWindow numbering;
      numbering.function = WindowFunctionKind::kRowNumber;
      numbering.name = "row_number";
      numbering.type = LogicalType(TypeId::kBigint);
      numbering.frame_rows = true;
      for (const auto& condition : correlated) {
        bool first_outer = HasOuterReference(*condition->children[0]);
        numbering.partitions.push_back(condition->children[first_outer ? 1 : 0]->Copy());
      }
      for (const auto& order : per_row_limit->orders) {
        BoundOrderItem item;
        item.expression = projection->expressions[order.expression->column_index]->Copy();
        item.order = order.order;
        numbering.orders.push_back(std::move(item));
      }
      idx_t below_width = below->types.size();
      auto window = std::make_unique<LogicalOperator>();
      window->kind = LogicalKind::kWindow;
      window->types = below->types;
      window->types.push_back(numbering.type);
      window->estimated_rows = below->estimated_rows;
      window->windows.push_back(std::move(numbering));
      window->children.push_back(std::move(below));
      auto compare = [&](const std::string& name, idx_t bound) {
        std::vector<BoundExpressionPtr> arguments;
        arguments.push_back(
            BoundExpression::ColumnRef(below_width, LogicalType(TypeId::kBigint), "row_number"));
        arguments.push_back(BoundExpression::Constant(Value::Bigint(static_cast<int64_t>(bound))));
        const ScalarBinder* binder = FunctionRegistry::Get().FindScalar(name);
        Result<BoundScalarFunction> function =
            (*binder)({LogicalType(TypeId::kBigint), LogicalType(TypeId::kBigint)},
                      {std::nullopt, std::nullopt});
        if (!function.ok()) {
          Fail(function.status().code(), right_ref.position, function.status().message());
        }
        auto call = std::make_unique<BoundExpression>();
        call->kind = BoundExpressionKind::kFunction;
        call->type = LogicalType(TypeId::kBoolean);
        call->name = name;
        call->function = std::move(function).value();
        call->children = std::move(arguments);
        return call;
      };
      auto keep = std::make_unique<LogicalOperator>();
      keep->kind = LogicalKind::kFilter;
      keep->types = window->types;
      keep->estimated_rows = window->estimated_rows;
      if (per_row_limit->offset > 0)
        keep->expressions.push_back(compare(">", per_row_limit->offset));
      if (per_row_limit->limit) {
        keep->expressions.push_back(compare("<=", per_row_limit->offset + *per_row_limit->limit));
      }
      if (keep->expressions.empty()) {
        below = std::move(window);
      } else {
        keep->children.push_back(std::move(window));
        below = std::move(keep);
      }
    }

    if (!aggregate) {
      // The select list is computed over the join, so it may use the left side's columns.
      // Under LEFT JOIN a constant TRUE column on the right tells matched rows apart: an
      // unmatched left row gets NULL for every subquery column.
      idx_t below_width = below->types.size();
      if (left_join) {
        std::vector<BoundExpressionPtr> columns;
        for (idx_t c = 0; c < below_width; c++) {
          columns.push_back(BoundExpression::ColumnRef(c, below->types[c], ""));
        }
        columns.push_back(BoundExpression::Constant(Value::Boolean(true)));
        right = MakeProjection(std::move(below), std::move(columns));
      } else {
        right = std::move(below);
      }
      for (auto& condition : correlated) {
        RebaseOverJoin(*condition, left_width);
        join->expressions.push_back(std::move(condition));
      }
      for (idx_t c = 0; c < width; c++) {
        BoundExpressionPtr output = std::move(projection->expressions[c]);
        RebaseOverJoin(*output, left_width);
        if (left_join) {
          auto matched = std::make_unique<BoundExpression>();
          matched->kind = BoundExpressionKind::kIsNotNull;
          matched->type = LogicalType(TypeId::kBoolean);
          matched->children.push_back(BoundExpression::ColumnRef(
              left_width + below_width, LogicalType(TypeId::kBoolean), ""));
          auto choice = std::make_unique<BoundExpression>();
          choice->kind = BoundExpressionKind::kCase;
          choice->type = output->type;
          choice->children.push_back(std::move(matched));
          choice->children.push_back(std::move(output));
          choice->children.push_back(BoundExpression::Constant(Value::Null(choice->type)));
          output = std::move(choice);
        }
        results.push_back(std::move(output));
      }
    } else {
      // Group by the inner side of each `inner = outer` correlation (in front of any
      // GROUP BY of the query) and join on those equalities.
      bool grouped = !aggregate->expressions.empty();
      std::vector<BoundExpressionPtr> groups;
      for (auto& condition : correlated) {
        bool first_outer = HasOuterReference(*condition->children[0]);
        BoundExpressionPtr& inner_side = condition->children[first_outer ? 1 : 0];
        BoundExpressionPtr& outer_side = condition->children[first_outer ? 0 : 1];
        RebaseOverJoin(*outer_side, left_width);
        LogicalType type = inner_side->type;
        groups.push_back(std::move(inner_side));
        inner_side = BoundExpression::ColumnRef(left_width + groups.size() - 1, type, "");
        join->expressions.push_back(std::move(condition));
      }
      idx_t added = groups.size();
      for (auto& group : aggregate->expressions) groups.push_back(std::move(group));
      aggregate->expressions = std::move(groups);
      std::vector<LogicalType> aggregate_types;
      for (const auto& group : aggregate->expressions) aggregate_types.push_back(group->type);
      for (const auto& bound : aggregate->aggregates) {
        aggregate_types.push_back(bound.function.return_type);
      }
      aggregate->types = aggregate_types;
      aggregate->estimated_rows = std::max(1.0, below->estimated_rows / 10);
      aggregate->children[0] = std::move(below);
      std::vector<BoundExpressionPtr> columns;
      for (idx_t g = 0; g < added; g++) {
        columns.push_back(BoundExpression::ColumnRef(g, aggregate_types[g], ""));
      }
      for (idx_t c = 0; c < width; c++) {
        BoundExpressionPtr output = std::move(projection->expressions[c]);
        BoundExpressionPtr result =
            BoundExpression::ColumnRef(left_width + added + c, output->type, "");
        if (!grouped) {
          // One row per left row even without a match: the aggregates over no rows.
          Value empty = EvaluateConstant(*ValueOverNoRows(*output, *aggregate));
          if (!empty.is_null()) {
            auto matched = std::make_unique<BoundExpression>();
            matched->kind = BoundExpressionKind::kIsNotNull;
            matched->type = LogicalType(TypeId::kBoolean);
            matched->children.push_back(
                BoundExpression::ColumnRef(left_width, aggregate_types[0], ""));
            auto choice = std::make_unique<BoundExpression>();
            choice->kind = BoundExpressionKind::kCase;
            choice->type = output->type;
            choice->children.push_back(std::move(matched));
            choice->children.push_back(std::move(result));
            choice->children.push_back(BoundExpression::Constant(empty.CastTo(output->type)));
            result = std::move(choice);
          }
        }
        ShiftColumnRefs(*output, added);
        columns.push_back(std::move(output));
        results.push_back(std::move(result));
      }
      right = MakeProjection(std::move(aggregate), std::move(columns));
      if (!grouped) join->join_type = PhysicalJoinType::kLeft;
    }
  } else {
    // Any other shape: the subquery runs once over the distinct values of the left-side
    // columns it uses (SubqueryUnnester), and its rows join back on those values.
    SubqueryUnnester unnester(*left, *query.plan,
                              [&](const std::string& what) { unsupported(what); });
    idx_t plan_width = query.plan->types.size();
    // An aggregate without GROUP BY at the root gives one row per left row: a LEFT join,
    // with the select list over the aggregates' values over no rows where nothing matched
    // (not when the ON condition of a LEFT JOIN must see those values: then the unnester
    // makes the rows itself).
    const LogicalOperator* root_aggregate = nullptr;
    if (query.plan->kind == LogicalKind::kProjection && plan_width == width &&
        query.plan->children[0]->kind == LogicalKind::kAggregate &&
        query.plan->children[0]->expressions.empty() &&
        !(left_join && !condition_conjuncts.empty())) {
      root_aggregate = query.plan->children[0].get();
    }
    std::vector<BoundExpressionPtr> empty_values;
    if (root_aggregate) {
      unnester.LeaveEmptyGroupsToCaller(root_aggregate);
      // Outer references read the left row's columns, which lead the join's output.
      for (const auto& output : query.plan->expressions) {
        empty_values.push_back(ValueOverNoRows(*output, *root_aggregate));
      }
    }
    right = unnester.Unnest(std::move(query.plan));
    idx_t right_width = right->types.size();
    if (root_aggregate) {
      std::vector<BoundExpressionPtr> columns;
      for (idx_t c = 0; c < right_width; c++) {
        columns.push_back(BoundExpression::ColumnRef(c, right->types[c], ""));
      }
      columns.push_back(BoundExpression::Constant(Value::Boolean(true)));
      right = MakeProjection(std::move(right), std::move(columns));
    }
    join->join_type =
        left_join || root_aggregate ? PhysicalJoinType::kLeft : PhysicalJoinType::kInner;
    join->expressions = unnester.DomainConditions(left_width + plan_width);
    for (idx_t c = 0; c < width; c++) {
      BoundExpressionPtr result = BoundExpression::ColumnRef(left_width + c, query.types[c], "");
      bool empty_is_null =
          !root_aggregate || (empty_values[c]->kind == BoundExpressionKind::kConstant &&
                              empty_values[c]->value.is_null());
      if (!empty_is_null) {
        auto matched = std::make_unique<BoundExpression>();
        matched->kind = BoundExpressionKind::kIsNotNull;
        matched->type = LogicalType(TypeId::kBoolean);
        matched->children.push_back(BoundExpression::ColumnRef(left_width + right_width,
                                                               LogicalType(TypeId::kBoolean), ""));
        auto choice = std::make_unique<BoundExpression>();
        choice->kind = BoundExpressionKind::kCase;
        choice->type = result->type;
        choice->children.push_back(std::move(matched));
        choice->children.push_back(std::move(result));
        choice->children.push_back(AddCast(std::move(empty_values[c]), choice->type));
        result = std::move(choice);
      }
      results.push_back(std::move(result));
    }
    if (left_join) {
      // The ON condition is over [left..., subquery...], the join's leading columns.
      for (auto& conjunct : condition_conjuncts) join->expressions.push_back(std::move(conjunct));
      condition_conjuncts.clear();
    }
  }

  join->types = left->types;
  join->types.insert(join->types.end(), right->types.begin(), right->types.end());
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(right));

  std::vector<BoundExpressionPtr> expressions;
  for (idx_t c = 0; c < left_width; c++) {
    expressions.push_back(BoundExpression::ColumnRef(c, join->types[c], left_scope[c].name));
  }
  for (auto& result : results) expressions.push_back(std::move(result));
  LogicalOperatorPtr plan;
  if (!inner.correlated_) {
    // An ordinary join: the ON condition is over [left..., subquery...] already.
    for (auto& conjunct : condition_conjuncts) join->expressions.push_back(std::move(conjunct));
    plan = std::move(join);
  } else {
    plan = MakeProjection(std::move(join), std::move(expressions));
    if (!condition_conjuncts.empty()) {
      auto filter = std::make_unique<LogicalOperator>();
      filter->kind = LogicalKind::kFilter;
      filter->types = plan->types;
      filter->estimated_rows = plan->estimated_rows;
      filter->expressions = std::move(condition_conjuncts);
      filter->children.push_back(std::move(plan));
      plan = std::move(filter);
    }
  }
  scope.insert(scope.end(), combined.begin(), combined.end());
  return plan;
}

}  // namespace tarn
