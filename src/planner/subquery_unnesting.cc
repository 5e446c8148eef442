#include "planner/subquery_unnesting.h"

#include <algorithm>
#include <set>

#include "common/exception.h"
#include "function/aggregate/aggregate_function.h"
#include "function/function.h"
#include "planner/decorrelation.h"

namespace tarn {

namespace {

// A projection of the child's columns in the order `columns` lists them.
LogicalOperatorPtr Reorder(LogicalOperatorPtr child, const std::vector<idx_t>& columns) {
  std::vector<BoundExpressionPtr> expressions;
  for (idx_t column : columns) {
    expressions.push_back(BoundExpression::ColumnRef(column, child->types[column], ""));
  }
  return MakeProjection(std::move(child), std::move(expressions));
}

void AppendRange(std::vector<idx_t>& columns, idx_t begin, idx_t end) {
  for (idx_t column = begin; column < end; column++) columns.push_back(column);
}

LogicalOperatorPtr MakeJoin(PhysicalJoinType type, LogicalOperatorPtr left,
                            LogicalOperatorPtr right, std::vector<BoundExpressionPtr> conditions) {
  auto join = std::make_unique<LogicalOperator>();
  join->kind = LogicalKind::kJoin;
  join->join_type = type;
  join->types = left->types;
  if (type == PhysicalJoinType::kMark) {
    join->types.push_back(LogicalType(TypeId::kBoolean));
  } else if (type != PhysicalJoinType::kSemi && type != PhysicalJoinType::kAnti) {
    join->types.insert(join->types.end(), right->types.begin(), right->types.end());
  }
  join->estimated_rows = std::max(left->estimated_rows, right->estimated_rows);
  if (conditions.empty()) join->estimated_rows = left->estimated_rows * right->estimated_rows;
  join->expressions = std::move(conditions);
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(right));
  return join;
}

BoundExpressionPtr NotDistinct(BoundExpressionPtr left, BoundExpressionPtr right) {
  // Only ever a hash join key, which compares NULLs as equal (see PhysicalHashJoin).
  auto condition = std::make_unique<BoundExpression>();
  condition->kind = BoundExpressionKind::kFunction;
  condition->name = "is not distinct from";
  condition->type = LogicalType(TypeId::kBoolean);
  condition->children.push_back(std::move(left));
  condition->children.push_back(std::move(right));
  return condition;
}

BoundExpressionPtr CallFunction(const std::string& name,
                                std::vector<BoundExpressionPtr> arguments) {
  std::vector<LogicalType> types;
  std::vector<std::optional<Value>> constants;
  for (const auto& argument : arguments) {
    types.push_back(argument->type);
    constants.push_back(std::nullopt);
  }
  const ScalarBinder* binder = FunctionRegistry::Get().FindScalar(name);
  TARN_CHECK(binder != nullptr, name);
  Result<BoundScalarFunction> function = (*binder)(types, constants);
  TARN_CHECK(function.ok(), function.status().message());
  auto call = std::make_unique<BoundExpression>();
  call->kind = BoundExpressionKind::kFunction;
  call->function = std::move(function).value();
  call->type = call->function.return_type;
  call->name = name;
  call->children = std::move(arguments);
  return call;
}

// CASE WHEN flag IS NOT NULL THEN value ELSE otherwise END.
BoundExpressionPtr IfNotNull(BoundExpressionPtr flag, BoundExpressionPtr value, Value otherwise) {
  auto matched = std::make_unique<BoundExpression>();
  matched->kind = BoundExpressionKind::kIsNotNull;
  matched->type = LogicalType(TypeId::kBoolean);
  matched->children.push_back(std::move(flag));
  auto choice = std::make_unique<BoundExpression>();
  choice->kind = BoundExpressionKind::kCase;
  choice->type = value->type;
  choice->children.push_back(std::move(matched));
  choice->children.push_back(std::move(value));
  choice->children.push_back(BoundExpression::Constant(otherwise.CastTo(choice->type)));
  return choice;
}

void CollectOuterReferences(const BoundExpression& expression, std::set<idx_t>& columns) {
  if (expression.kind == BoundExpressionKind::kOuterColumnRef) {
    columns.insert(expression.column_index);
  }
  for (const auto& child : expression.children) CollectOuterReferences(*child, columns);
}

void CollectOuterReferences(const LogicalOperator& op, std::set<idx_t>& columns) {
  ForEachOperatorExpression(const_cast<LogicalOperator&>(op), [&](BoundExpression& expression) {
    CollectOuterReferences(expression, columns);
  });
  for (const auto& child : op.children) {
    if (child) CollectOuterReferences(*child, columns);
  }
}

// The number of output columns. Filters, sorts and limits pass their input's columns on;
// their own `types` may be stale (a HAVING filter is made before its aggregate's types).
idx_t Width(const LogicalOperator& op) {
  bool passes_input_on = op.kind == LogicalKind::kFilter || op.kind == LogicalKind::kOrder ||
                         op.kind == LogicalKind::kLimit;
  return passes_input_on ? Width(*op.children[0]) : op.types.size();
}

// Moves column references at or past `first` right by `delta` (outer references untouched).
void ShiftFrom(BoundExpression& expression, idx_t first, idx_t delta) {
  VisitColumnRefs(expression, [&](BoundExpression& reference) {
    if (reference.column_index >= first) reference.column_index += delta;
  });
}

}  // namespace

SubqueryUnnester::SubqueryUnnester(const LogicalOperator& outer, const LogicalOperator& subquery,
                                   Refuse refuse)
    : outer_(outer), refuse_(std::move(refuse)) {
  std::set<idx_t> columns;
  CollectOuterReferences(subquery, columns);
  for (idx_t column : columns) {
    if (column >= outer.types.size()) Fail("a reference to a column of a query further out");
    outer_columns_.push_back(column);
    domain_types_.push_back(outer.types[column]);
  }
  if (PlanIsVolatile(outer)) {
    Fail("this subquery shape over an outer query with volatile functions (random())");
  }
}

void SubqueryUnnester::Fail(const std::string& what) const {
  refuse_(what);
  ThrowError(ErrorCode::kNotImplemented, what + " is not supported yet");
}

std::vector<BoundExpressionPtr> SubqueryUnnester::DomainConditions(idx_t domain_offset) const {
  std::vector<BoundExpressionPtr> conditions;
  for (idx_t d = 0; d < outer_columns_.size(); d++) {
    conditions.push_back(
        NotDistinct(BoundExpression::ColumnRef(outer_columns_[d], domain_types_[d], ""),
                    BoundExpression::ColumnRef(domain_offset + d, domain_types_[d], "")));
  }
  return conditions;
}

LogicalOperatorPtr SubqueryUnnester::Domain() const {
  auto distinct = std::make_unique<LogicalOperator>();
  distinct->kind = LogicalKind::kAggregate;
  for (idx_t d = 0; d < outer_columns_.size(); d++) {
    distinct->expressions.push_back(
        BoundExpression::ColumnRef(outer_columns_[d], domain_types_[d], ""));
  }
  distinct->types = domain_types_;
  distinct->estimated_rows = std::max(1.0, outer_.estimated_rows);
  distinct->children.push_back(CopyPlan(outer_));
  return distinct;
}

LogicalOperatorPtr SubqueryUnnester::CrossWithDomain(LogicalOperatorPtr op) const {
  return MakeJoin(PhysicalJoinType::kInner, std::move(op), Domain(), {});
}

void SubqueryUnnester::Rewrite(BoundExpression& expression, idx_t domain_offset) const {
  if (expression.kind == BoundExpressionKind::kOuterColumnRef) {
    auto found =
        std::lower_bound(outer_columns_.begin(), outer_columns_.end(), expression.column_index);
    TARN_CHECK(found != outer_columns_.end() && *found == expression.column_index,
               "outer reference outside the domain");
    expression.kind = BoundExpressionKind::kColumnRef;
    expression.column_index = domain_offset + (found - outer_columns_.begin());
  }
  for (auto& child : expression.children) Rewrite(*child, domain_offset);
}

LogicalOperatorPtr SubqueryUnnester::Unnest(LogicalOperatorPtr subquery) {
  return Push(std::move(subquery));
}

LogicalOperatorPtr SubqueryUnnester::Push(LogicalOperatorPtr op) {
  if (!PlanHasOuterReference(*op)) return CrossWithDomain(std::move(op));
  idx_t domain_width = outer_columns_.size();
  switch (op->kind) {
    case LogicalKind::kFilter: {
      idx_t child_width = Width(*op->children[0]);
      if (!PlanHasOuterReference(*op->children[0])) {
        // The correlated conditions become the conditions of the join with the domain.
        std::vector<BoundExpressionPtr> correlated, rest;
        for (auto& conjunct : op->expressions) {
          (HasOuterReference(*conjunct) ? correlated : rest).push_back(std::move(conjunct));
        }
        LogicalOperatorPtr child = std::move(op->children[0]);
        if (!rest.empty()) {
          op->expressions = std::move(rest);
          op->children[0] = std::move(child);
          child = std::move(op);
        }
        for (auto& condition : correlated) Rewrite(*condition, child_width);
        return MakeJoin(PhysicalJoinType::kInner, std::move(child), Domain(),
                        std::move(correlated));
      }
      op->children[0] = Push(std::move(op->children[0]));
      for (auto& expression : op->expressions) Rewrite(*expression, child_width);
      op->types = op->children[0]->types;
      return op;
    }
    case LogicalKind::kProjection: {
      idx_t child_width = Width(*op->children[0]);
      op->children[0] = Push(std::move(op->children[0]));
      for (auto& expression : op->expressions) Rewrite(*expression, child_width);
      for (idx_t d = 0; d < domain_width; d++) {
        op->expressions.push_back(
            BoundExpression::ColumnRef(child_width + d, domain_types_[d], ""));
        op->types.push_back(domain_types_[d]);
      }
      return op;
    }
    case LogicalKind::kAggregate:
      return PushAggregate(std::move(op));
    case LogicalKind::kWindow: {
      idx_t child_width = Width(*op->children[0]);
      idx_t window_count = op->windows.size();
      op->children[0] = Push(std::move(op->children[0]));
      ForEachOperatorExpression(
          *op, [&](BoundExpression& expression) { Rewrite(expression, child_width); });
      for (auto& window : op->windows) {
        for (idx_t d = 0; d < domain_width; d++) {
          window.partitions.push_back(
              BoundExpression::ColumnRef(child_width + d, domain_types_[d], ""));
        }
      }
      // Output [child..., domain..., windows...]; the domain goes last.
      op->types = op->children[0]->types;
      for (const auto& window : op->windows) op->types.push_back(window.type);
      std::vector<idx_t> columns;
      AppendRange(columns, 0, child_width);
      AppendRange(columns, child_width + domain_width, child_width + domain_width + window_count);
      AppendRange(columns, child_width, child_width + domain_width);
      return Reorder(std::move(op), columns);
    }
    case LogicalKind::kOrder:
    case LogicalKind::kLimit:
      return PushPerDomainLimit(std::move(op));
    case LogicalKind::kUnion: {
      for (auto& child : op->children) child = Push(std::move(child));
      op->types.insert(op->types.end(), domain_types_.begin(), domain_types_.end());
      return op;
    }
    case LogicalKind::kJoin:
      return PushJoin(std::move(op));
    case LogicalKind::kUnnest: {
      idx_t child_width = Width(*op->children[0]);
      idx_t element_width = op->types.size() - child_width;
      op->children[0] = Push(std::move(op->children[0]));
      for (auto& expression : op->expressions) Rewrite(*expression, child_width);
      // Output [child..., domain..., elements...]; the domain goes last.
      std::vector<LogicalType> element_types(op->types.begin() + child_width, op->types.end());
      op->types = op->children[0]->types;
      op->types.insert(op->types.end(), element_types.begin(), element_types.end());
      std::vector<idx_t> columns;
      AppendRange(columns, 0, child_width);
      AppendRange(columns, child_width + domain_width, child_width + domain_width + element_width);
      AppendRange(columns, child_width, child_width + domain_width);
      return Reorder(std::move(op), columns);
    }
    default:
      Fail("this operator in a correlated subquery");
  }
}

LogicalOperatorPtr SubqueryUnnester::PushAggregate(LogicalOperatorPtr op) {
  idx_t domain_width = outer_columns_.size();
  idx_t child_width = Width(*op->children[0]);
  idx_t group_count = op->expressions.size();
  idx_t aggregate_count = op->aggregates.size();
  bool ungrouped = group_count == 0;
  bool fill_empty_groups = ungrouped && op.get() != empty_groups_left_;
  op->children[0] = Push(std::move(op->children[0]));
  ForEachOperatorExpression(*op,
                            [&](BoundExpression& expression) { Rewrite(expression, child_width); });
  for (idx_t d = 0; d < domain_width; d++) {
    op->expressions.push_back(BoundExpression::ColumnRef(child_width + d, domain_types_[d], ""));
  }
  op->types.clear();
  for (const auto& group : op->expressions) op->types.push_back(group->type);
  for (const auto& aggregate : op->aggregates) op->types.push_back(aggregate.function.return_type);
  op->estimated_rows = std::max(op->estimated_rows, op->children[0]->estimated_rows / 10);
  std::vector<Value> empty_values;
  if (fill_empty_groups) {
    for (const auto& aggregate : op->aggregates) {
      empty_values.push_back(EmptyAggregateValue(aggregate.function));
    }
  }
  // Output [groups..., domain..., aggregates...]; the domain goes last.
  std::vector<idx_t> columns;
  AppendRange(columns, 0, group_count);
  AppendRange(columns, group_count + domain_width, group_count + domain_width + aggregate_count);
  AppendRange(columns, group_count, group_count + domain_width);
  LogicalOperatorPtr reordered = Reorder(std::move(op), columns);
  if (!fill_empty_groups) return reordered;

  // Without GROUP BY, SQL gives one row even over no rows: the domain LEFT JOIN the
  // aggregated rows, with the aggregates' values over no rows where nothing matched. A
  // constant TRUE column on the right tells matched rows apart.
  reordered->expressions.push_back(BoundExpression::Constant(Value::Boolean(true)));
  reordered->types.push_back(LogicalType(TypeId::kBoolean));
  std::vector<BoundExpressionPtr> conditions;
  for (idx_t d = 0; d < domain_width; d++) {
    conditions.push_back(NotDistinct(
        BoundExpression::ColumnRef(d, domain_types_[d], ""),
        BoundExpression::ColumnRef(domain_width + aggregate_count + d, domain_types_[d], "")));
  }
  LogicalOperatorPtr join =
      MakeJoin(PhysicalJoinType::kLeft, Domain(), std::move(reordered), std::move(conditions));
  // Join output: [domain..., aggregates..., domain again..., matched].
  idx_t matched = domain_width + aggregate_count + domain_width;
  std::vector<BoundExpressionPtr> outputs;
  for (idx_t a = 0; a < aggregate_count; a++) {
    outputs.push_back(
        IfNotNull(BoundExpression::ColumnRef(matched, LogicalType(TypeId::kBoolean), ""),
                  BoundExpression::ColumnRef(domain_width + a, join->types[domain_width + a], ""),
                  empty_values[a]));
  }
  for (idx_t d = 0; d < domain_width; d++) {
    outputs.push_back(BoundExpression::ColumnRef(d, domain_types_[d], ""));
  }
  return MakeProjection(std::move(join), std::move(outputs));
}

LogicalOperatorPtr SubqueryUnnester::PushPerDomainLimit(LogicalOperatorPtr op) {
  idx_t domain_width = outer_columns_.size();
  idx_t child_width = Width(*op->children[0]);
  op->children[0] = Push(std::move(op->children[0]));
  for (auto& order : op->orders) Rewrite(*order.expression, child_width);
  op->types = op->children[0]->types;
  bool limited = op->limit.has_value() || op->offset > 0;
  if (!limited) return op;  // A sort alone: it still sorts, domain columns ride along.

  // Per domain value, the first rows in the order: number the rows within each domain
  // value and keep those within OFFSET / LIMIT.
  BoundWindow numbering;
  numbering.function = WindowFunctionKind::kRowNumber;
  numbering.name = "row_number";
  numbering.type = LogicalType(TypeId::kBigint);
  numbering.frame_rows = true;
  for (idx_t d = 0; d < domain_width; d++) {
    numbering.partitions.push_back(
        BoundExpression::ColumnRef(child_width + d, domain_types_[d], ""));
  }
  numbering.orders = std::move(op->orders);
  idx_t width = child_width + domain_width;
  auto window = std::make_unique<LogicalOperator>();
  window->kind = LogicalKind::kWindow;
  window->types = op->types;
  window->types.push_back(numbering.type);
  window->estimated_rows = op->children[0]->estimated_rows;
  window->windows.push_back(std::move(numbering));
  window->children.push_back(std::move(op->children[0]));
  auto compare = [&](const std::string& name, idx_t bound) {
    std::vector<BoundExpressionPtr> arguments;
    arguments.push_back(BoundExpression::ColumnRef(width, LogicalType(TypeId::kBigint), ""));
    arguments.push_back(BoundExpression::Constant(Value::Bigint(static_cast<int64_t>(bound))));
    return CallFunction(name, std::move(arguments));
  };
  auto keep = std::make_unique<LogicalOperator>();
  keep->kind = LogicalKind::kFilter;
  keep->types = window->types;
  keep->estimated_rows = window->estimated_rows;
  if (op->offset > 0) keep->expressions.push_back(compare(">", op->offset));
  if (op->limit) {
    idx_t end = *op->limit > ~idx_t{0} - op->offset ? ~idx_t{0} : op->offset + *op->limit;
    end = std::min<idx_t>(end, static_cast<idx_t>(INT64_MAX));
    keep->expressions.push_back(compare("<=", end));
  }
  keep->children.push_back(std::move(window));
  std::vector<idx_t> columns;
  AppendRange(columns, 0, width);
  return Reorder(std::move(keep), columns);
}

LogicalOperatorPtr SubqueryUnnester::PushJoin(LogicalOperatorPtr op) {
  idx_t domain_width = outer_columns_.size();
  LogicalOperator& left = *op->children[0];
  LogicalOperator& right = *op->children[1];
  idx_t left_width = Width(left);
  idx_t right_width = Width(right);
  bool left_correlated = PlanHasOuterReference(left);
  bool right_correlated = PlanHasOuterReference(right);
  PhysicalJoinType type = op->join_type;
  bool emits_right = type == PhysicalJoinType::kInner || type == PhysicalJoinType::kLeft ||
                     type == PhysicalJoinType::kRight || type == PhysicalJoinType::kFull;
  if (type == PhysicalJoinType::kFull || type == PhysicalJoinType::kRightSemi ||
      type == PhysicalJoinType::kRightAnti) {
    Fail("a FULL JOIN that refers to the outer query in a subquery");
  }

  if (!right_correlated && type != PhysicalJoinType::kRight) {
    // Only the left side (or the condition) needs the outer row: the domain rides on the
    // left rows, and the join is [left..., domain..., right...].
    op->children[0] = Push(std::move(op->children[0]));
    for (auto& condition : op->expressions) {
      ShiftFrom(*condition, left_width, domain_width);
      Rewrite(*condition, left_width);
    }
    op->types = op->children[0]->types;
    if (type == PhysicalJoinType::kMark) op->types.push_back(LogicalType(TypeId::kBoolean));
    if (emits_right) {
      op->types.insert(op->types.end(), right.types.begin(), right.types.end());
    }
    std::vector<idx_t> columns;
    AppendRange(columns, 0, left_width);
    if (emits_right) {
      AppendRange(columns, left_width + domain_width, left_width + domain_width + right_width);
    } else if (type == PhysicalJoinType::kMark) {
      columns.push_back(left_width + domain_width);
    }
    AppendRange(columns, left_width, left_width + domain_width);
    return Reorder(std::move(op), columns);
  }
  if (!left_correlated && type == PhysicalJoinType::kInner) {
    // Only the right side: [left..., right..., domain...].
    op->children[1] = Push(std::move(op->children[1]));
    for (auto& condition : op->expressions) Rewrite(*condition, left_width + right_width);
    op->types.insert(op->types.end(), domain_types_.begin(), domain_types_.end());
    return op;
  }
  // Both sides carry the domain and match on it: [left..., domain..., right..., domain...].
  op->children[0] = Push(std::move(op->children[0]));
  op->children[1] = Push(std::move(op->children[1]));
  bool right_kept = type == PhysicalJoinType::kRight;
  for (auto& condition : op->expressions) {
    ShiftFrom(*condition, left_width, domain_width);
    Rewrite(*condition, left_width);
  }
  idx_t right_domain = left_width + domain_width + right_width;
  for (idx_t d = 0; d < domain_width; d++) {
    op->expressions.push_back(
        NotDistinct(BoundExpression::ColumnRef(left_width + d, domain_types_[d], ""),
                    BoundExpression::ColumnRef(right_domain + d, domain_types_[d], "")));
  }
  op->types = op->children[0]->types;
  if (type == PhysicalJoinType::kMark) op->types.push_back(LogicalType(TypeId::kBoolean));
  if (emits_right) {
    op->types.insert(op->types.end(), op->children[1]->types.begin(), op->children[1]->types.end());
  }
  std::vector<idx_t> columns;
  AppendRange(columns, 0, left_width);
  if (emits_right) {
    AppendRange(columns, left_width + domain_width, right_domain);
  } else if (type == PhysicalJoinType::kMark) {
    columns.push_back(left_width + domain_width);
  }
  if (right_kept) {
    AppendRange(columns, right_domain, right_domain + domain_width);
  } else {
    AppendRange(columns, left_width, left_width + domain_width);
  }
  return Reorder(std::move(op), columns);
}

}  // namespace tarn
