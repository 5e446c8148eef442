#include "planner/expression_binder.h"

#include <algorithm>
#include <functional>

#include "common/string_distance.h"
#include "execution/key_encoder.h"
#include "execution/key_set.h"
#include "function/aggregate/aggregate_function.h"
#include "function/aggregate/aggregate_modifiers.h"
#include "function/aggregate/scalar_subquery_aggregate.h"
#include "function/cast.h"
#include "planner/decorrelation.h"

namespace tarn {

namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Whether the expression names a column outside any subquery (a window frame offset must
// not: it is one number for the whole partition).
bool ReferencesColumns(const ParsedExpression& expression) {
  if (expression.kind == ExpressionKind::kColumnRef || expression.kind == ExpressionKind::kStar) {
    return true;
  }
  for (const auto& child : expression.children) {
    if (ReferencesColumns(*child)) return true;
  }
  return expression.filter && ReferencesColumns(*expression.filter);
}

// The types of bound arguments, and the values of those that are constants, as function
// binders receive them.
struct ArgumentDescription {
  std::vector<LogicalType> types;
  std::vector<std::optional<Value>> constants;
};

ArgumentDescription DescribeArguments(const std::vector<BoundExpressionPtr>& arguments) {
  ArgumentDescription description;
  for (const auto& argument : arguments) {
    description.types.push_back(argument->type);
    bool constant = argument->kind == BoundExpressionKind::kConstant;
    description.constants.push_back(constant ? std::optional<Value>(argument->value)
                                             : std::nullopt);
  }
  return description;
}

std::vector<BoundExpressionPtr> Pair(BoundExpressionPtr first, BoundExpressionPtr second) {
  std::vector<BoundExpressionPtr> pair;
  pair.push_back(std::move(first));
  pair.push_back(std::move(second));
  return pair;
}

bool ColumnMatches(const Binder::Column& candidate, const ParsedExpression& reference) {
  const auto& path = reference.column_path;
  if (path.empty() || Lower(candidate.name) != Lower(path.back())) return false;
  if (path.size() >= 2) return candidate.table == Lower(path[path.size() - 2]);
  return !candidate.hidden;
}

bool NameInScope(const Binder::Scope& scope, const ParsedExpression& reference) {
  return std::any_of(scope.begin(), scope.end(), [&](const Binder::Column& column) {
    return ColumnMatches(column, reference);
  });
}

std::optional<idx_t> UniqueInScope(const Binder::Scope& scope, const ParsedExpression& reference) {
  std::optional<idx_t> found;
  for (idx_t i = 0; i < scope.size(); i++) {
    if (!ColumnMatches(scope[i], reference)) continue;
    if (found) return std::nullopt;
    found = i;
  }
  return found;
}

bool IsRowValue(const ParsedExpression& expression) {
  return expression.kind == ExpressionKind::kFunction && expression.name == "row" &&
         !expression.window;
}

bool IsStringLiteral(const BoundExpression& expression) {
  return expression.kind == BoundExpressionKind::kConstant &&
         expression.type.id() == TypeId::kVarchar;
}

}  // namespace

bool CoerceStringLiteral(BoundExpressionPtr& literal, const LogicalType& target) {
  if (!IsStringLiteral(*literal) || target.id() == TypeId::kVarchar ||
      target.id() == TypeId::kNull) {
    return false;
  }
  literal = AddCast(std::move(literal), target);
  return true;
}

void SplitConjuncts(BoundExpressionPtr expression, std::vector<BoundExpressionPtr>& conjuncts) {
  if (expression->kind == BoundExpressionKind::kAnd) {
    for (auto& child : expression->children) SplitConjuncts(std::move(child), conjuncts);
    return;
  }
  conjuncts.push_back(std::move(expression));
}

BoundExpressionPtr CombineConjuncts(std::vector<BoundExpressionPtr> conjuncts) {
  if (conjuncts.empty()) return BoundExpression::Constant(Value::Boolean(true));
  if (conjuncts.size() == 1) return std::move(conjuncts[0]);
  auto result = std::make_unique<BoundExpression>();
  result->kind = BoundExpressionKind::kAnd;
  result->type = LogicalType(TypeId::kBoolean);
  result->children = std::move(conjuncts);
  return result;
}

ExpressionBinder::ExpressionBinder(Binder& binder, const Binder::Scope& scope,
                                   AggregateContext* aggregates, std::string clause,
                                   CorrelationTarget* correlation)
    : binder_(binder),
      scope_(scope),
      aggregates_(aggregates),
      clause_(std::move(clause)),
      correlation_(correlation) {}

bool ExpressionBinder::ContainsAggregate(const ParsedExpression& expression) {
  if (expression.kind == ExpressionKind::kFunction && expression.window) {
    // sum(x) OVER (...) is a window function; aggregates may appear inside it.
    for (const auto& partition : expression.window->partition_by) {
      if (ContainsAggregate(*partition)) return true;
    }
    for (const auto& order : expression.window->order_by) {
      if (ContainsAggregate(*order.expression)) return true;
    }
  } else if (expression.kind == ExpressionKind::kFunction &&
             (IsAggregateFunction(expression.name) || expression.is_star ||
              expression.within_group)) {
    return true;
  }
  for (const auto& child : expression.children) {
    if (ContainsAggregate(*child)) return true;
  }
  return false;
}

BoundExpressionPtr ExpressionBinder::Bind(const ParsedExpression& expression) {
  BoundExpressionPtr bound = BindNode(expression);
  // A constant that FoldConstant left as it was failed to evaluate, and nothing guards it
  // here: its error is the statement's.
  if (bound->kind != BoundExpressionKind::kConstant && bound->IsConstant()) {
    return BoundExpression::Constant(EvaluateConstant(*bound));
  }
  return bound;
}

BoundExpressionPtr ExpressionBinder::BindFilter(const ParsedExpression& expression) {
  null_is_false_ = true;
  BoundExpressionPtr bound = BindCondition(expression);
  null_is_false_ = false;
  return bound;
}

BoundExpressionPtr ExpressionBinder::BindCondition(const ParsedExpression& expression) {
  BoundExpressionPtr bound = BindNode(expression);
  if (bound->type.id() == TypeId::kNull)
    return AddCast(std::move(bound), LogicalType(TypeId::kBoolean));
  if (bound->type.id() != TypeId::kBoolean) {
    binder_.Fail(ErrorCode::kType, expression.position,
                 clause_ + " condition must be BOOLEAN, not " + bound->type.ToString());
  }
  return bound;
}

std::optional<idx_t> ExpressionBinder::FindColumn(const ParsedExpression& reference) const {
  auto pinned = binder_.star_columns_.find(&reference);
  if (pinned != binder_.star_columns_.end()) return pinned->second;
  const auto& path = reference.column_path;
  if (path.empty()) return std::nullopt;
  std::string column = Lower(path.back());
  std::string table = path.size() >= 2 ? Lower(path[path.size() - 2]) : "";
  std::optional<idx_t> found;
  for (idx_t i = 0; i < scope_.size(); i++) {
    const auto& candidate = scope_[i];
    if (Lower(candidate.name) != column) continue;
    if (!table.empty() && candidate.table != table) continue;
    if (table.empty() && candidate.hidden) continue;
    if (found) return std::nullopt;
    found = i;
  }
  return found;
}

std::string ExpressionBinder::MatchKey(const ParsedExpression& expression) const {
  std::string key = expression.ToString();
  std::function<void(const ParsedExpression&)> visit = [&](const ParsedExpression& node) {
    if (node.kind == ExpressionKind::kColumnRef) {
      std::optional<idx_t> index = FindColumn(node);
      if (index) {
        key += "|#" + std::to_string(*index);
      } else {
        key += "|";
        for (const auto& part : node.column_path) key += Lower(part) + ".";
      }
    }
    for (const auto& child : node.children) visit(*child);
  };
  visit(expression);
  return key;
}

std::unique_ptr<ParsedExpression> ExpressionBinder::StructFieldAccess(
    const ParsedExpression& reference) const {
  const auto& path = reference.column_path;
  if (path.size() < 2 || binder_.star_columns_.count(&reference) ||
      NameInScope(scope_, reference)) {
    return nullptr;
  }
  // The longest prefix that names a column; the rest are fields: s.a, t.s.a, t.s.a.b.
  for (size_t prefix = path.size() - 1; prefix >= 1; prefix--) {
    auto column = std::make_unique<ParsedExpression>();
    column->kind = ExpressionKind::kColumnRef;
    column->position = reference.position;
    column->column_path.assign(path.begin(), path.begin() + static_cast<long>(prefix));
    if (!NameInScope(scope_, *column)) continue;
    std::unique_ptr<ParsedExpression> access = std::move(column);
    for (size_t field = prefix; field < path.size(); field++) {
      auto call = std::make_unique<ParsedExpression>();
      call->kind = ExpressionKind::kFunction;
      call->position = reference.position;
      call->name = "struct_extract";
      call->children.push_back(std::move(access));
      auto name = std::make_unique<ParsedExpression>();
      name->kind = ExpressionKind::kConstant;
      name->position = reference.position;
      name->value = Value::Varchar(path[field]);
      call->children.push_back(std::move(name));
      access = std::move(call);
    }
    access->alias = path.back();
    return access;
  }
  return nullptr;
}

idx_t ExpressionBinder::ResolveColumn(const ParsedExpression& reference) {
  auto pinned = binder_.star_columns_.find(&reference);
  if (pinned != binder_.star_columns_.end()) return pinned->second;
  const auto& path = reference.column_path;
  std::string column = Lower(path.back());
  std::string table = path.size() >= 2 ? Lower(path[path.size() - 2]) : "";
  std::optional<idx_t> found;
  for (idx_t i = 0; i < scope_.size(); i++) {
    const auto& candidate = scope_[i];
    if (Lower(candidate.name) != column) continue;
    if (!table.empty() && candidate.table != table) continue;
    if (table.empty() && candidate.hidden) continue;
    if (found) {
      binder_.Fail(ErrorCode::kBinder, reference.position,
                   "column reference \"" + path.back() + "\" is ambiguous: it exists in \"" +
                       scope_[*found].table + "\" and \"" + candidate.table +
                       "\"; qualify it with a table name");
    }
    found = i;
  }
  if (!found) {
    // Qualified name whose table exists but not the column, or an unknown table.
    std::vector<std::string> candidates;
    for (const auto& candidate : scope_) {
      if (!table.empty() && candidate.table != table) continue;
      candidates.push_back(candidate.name);
    }
    std::string name = table.empty() ? path.back() : path[path.size() - 2] + "." + path.back();
    std::string message = "column \"" + name + "\" not found";
    if (!table.empty() && std::none_of(scope_.begin(), scope_.end(),
                                       [&](const Binder::Column& c) { return c.table == table; })) {
      message = "table \"" + path[path.size() - 2] + "\" is not in the FROM clause (column \"" +
                name + "\")";
    }
    std::string suggestion = DidYouMean(path.back(), candidates);
    if (suggestion.empty() && scope_.empty()) {
      suggestion = " There is no FROM clause.";
    } else if (suggestion.empty() && !candidates.empty()) {
      std::string list;
      for (size_t i = 0; i < candidates.size() && i < 8; i++) {
        list += (i ? ", " : "") + candidates[i];
      }
      if (candidates.size() > 8) list += ", ...";
      suggestion = " Available columns: " + list + ".";
    }
    binder_.Fail(ErrorCode::kBinder, reference.position, message + "." + suggestion);
  }
  return *found;
}

BoundExpressionPtr ExpressionBinder::MakeBoolean(BoundExpressionKind kind,
                                                 std::vector<BoundExpressionPtr> children) {
  auto result = std::make_unique<BoundExpression>();
  result->kind = kind;
  result->type = LogicalType(TypeId::kBoolean);
  for (auto& child : children) {
    if (child->type.id() != TypeId::kBoolean) {
      if (child->type.id() == TypeId::kNull) {
        child = AddCast(std::move(child), LogicalType(TypeId::kBoolean));
      } else {
        ThrowError(ErrorCode::kType, "argument of " +
                                         std::string(kind == BoundExpressionKind::kAnd  ? "AND"
                                                     : kind == BoundExpressionKind::kOr ? "OR"
                                                                                        : "NOT") +
                                         " must be BOOLEAN, not " + child->type.ToString());
      }
    }
  }
  result->children = std::move(children);
  if (result->IsConstant()) return FoldConstant(std::move(result));
  return result;
}

BoundExpressionPtr ExpressionBinder::BindNode(const ParsedExpression& expression) {
  // Only an AND passes "NULL counts as FALSE" on to its operands.
  struct RestoreNullIsFalse {
    bool& flag;
    bool saved;
    ~RestoreNullIsFalse() { flag = saved; }
  } restore_null_is_false{null_is_false_, null_is_false_};
  bool is_and = expression.kind == ExpressionKind::kOperator && expression.name == "and";
  if (!is_and && expression.kind != ExpressionKind::kInSubquery) null_is_false_ = false;
  // In an aggregate query, an expression equal to a GROUP BY item refers to that group.
  if (aggregates_ && !inside_aggregate_ && expression.kind != ExpressionKind::kConstant) {
    std::string text = MatchKey(expression);
    for (size_t g = 0; g < aggregates_->group_texts.size(); g++) {
      if (aggregates_->group_texts[g] == text) {
        return BoundExpression::ColumnRef(g, aggregates_->groups[g]->type, expression.ToString());
      }
    }
  }
  switch (expression.kind) {
    case ExpressionKind::kConstant:
      return BoundExpression::Constant(expression.value);
    case ExpressionKind::kColumnRef: {
      if (auto field_access = StructFieldAccess(expression)) return BindNode(*field_access);
      if (binder_.outer_scope_ && !binder_.star_columns_.count(&expression) &&
          !NameInScope(scope_, expression)) {
        // Not a column here: a column of the enclosing query (a correlated subquery).
        if (auto outer = UniqueInScope(*binder_.outer_scope_, expression)) {
          binder_.correlated_ = true;
          if (binder_.outer_aggregate_binder_) {
            // A group key of the enclosing aggregate query: a column of its output.
            BoundExpressionPtr bound = binder_.outer_aggregate_binder_->BindNode(expression);
            if (bound->kind != BoundExpressionKind::kColumnRef) {
              binder_.Fail(ErrorCode::kNotImplemented, expression.position,
                           "correlated subquery: this reference to the outer query is not "
                           "supported yet");
            }
            bound->kind = BoundExpressionKind::kOuterColumnRef;
            return bound;
          }
          auto reference = std::make_unique<BoundExpression>();
          reference->kind = BoundExpressionKind::kOuterColumnRef;
          reference->column_index = *outer;
          reference->type = (*binder_.outer_scope_)[*outer].type;
          reference->name = (*binder_.outer_scope_)[*outer].name;
          return reference;
        }
      }
      idx_t index = ResolveColumn(expression);
      if (aggregates_ && !inside_aggregate_) {
        for (size_t g = 0; g < aggregates_->groups.size(); g++) {
          const auto& group = *aggregates_->groups[g];
          if (group.kind == BoundExpressionKind::kColumnRef && group.column_index == index) {
            return BoundExpression::ColumnRef(g, group.type, scope_[index].name);
          }
        }
        binder_.Fail(
            ErrorCode::kBinder, expression.position,
            "column \"" + expression.ToString() +
                "\" must appear in the GROUP BY clause or be used in an aggregate function");
      }
      return BoundExpression::ColumnRef(index, scope_[index].type, scope_[index].name);
    }
    case ExpressionKind::kStar:
      binder_.Fail(ErrorCode::kBinder, expression.position, "* is not allowed in " + clause_);
    case ExpressionKind::kFunction:
      return BindFunction(expression);
    case ExpressionKind::kOperator:
      return BindOperator(expression);
    case ExpressionKind::kCast: {
      BoundExpressionPtr child = BindNode(*expression.children[0]);
      if (!CastExists(child->type, expression.cast_type)) {
        binder_.Fail(
            ErrorCode::kType, expression.position,
            "cannot cast " + child->type.ToString() + " to " + expression.cast_type.ToString());
      }
      return AddCast(std::move(child), expression.cast_type, expression.try_cast);
    }
    case ExpressionKind::kCase:
      return BindCase(expression);
    case ExpressionKind::kBetween: {
      // a BETWEEN low AND high  ==  a >= low AND a <= high
      std::vector<BoundExpressionPtr> parts;
      parts.push_back(CallScalar(
          ">=", Pair(BindNode(*expression.children[0]), BindNode(*expression.children[1])),
          expression.position));
      parts.push_back(CallScalar(
          "<=", Pair(BindNode(*expression.children[0]), BindNode(*expression.children[2])),
          expression.position));
      BoundExpressionPtr result = MakeBoolean(BoundExpressionKind::kAnd, std::move(parts));
      if (expression.negated) {
        std::vector<BoundExpressionPtr> negated;
        negated.push_back(std::move(result));
        return MakeBoolean(BoundExpressionKind::kNot, std::move(negated));
      }
      return result;
    }
    case ExpressionKind::kInList:
      return BindInList(expression);
    case ExpressionKind::kInSubquery:
    case ExpressionKind::kExists:
    case ExpressionKind::kSubquery:
      return BindSubquery(expression);
    case ExpressionKind::kList: {
      std::vector<BoundExpressionPtr> elements;
      for (const auto& child : expression.children) elements.push_back(BindNode(*child));
      return CallScalar("list_value", std::move(elements), expression.position);
    }
    case ExpressionKind::kStruct: {
      // struct_pack takes (name, value) pairs; the names are constants.
      std::vector<BoundExpressionPtr> arguments;
      for (size_t i = 0; i < expression.children.size(); i++) {
        arguments.push_back(BoundExpression::Constant(Value::Varchar(expression.names[i])));
        arguments.push_back(BindNode(*expression.children[i]));
      }
      return CallScalar("struct_pack", std::move(arguments), expression.position);
    }
  }
  binder_.Fail(ErrorCode::kInternal, expression.position, "unknown expression kind");
}

const ScalarBinder* ExpressionBinder::FindScalarOrFail(const std::string& name, size_t position) {
  const ScalarBinder* function_binder = FunctionRegistry::Get().FindScalar(name);
  if (!function_binder) {
    std::vector<std::string> candidates = FunctionRegistry::Get().ScalarNames();
    for (const auto& aggregate : AggregateFunctionNames()) candidates.push_back(aggregate);
    binder_.Fail(ErrorCode::kBinder, position,
                 "function \"" + name + "\" does not exist." + DidYouMean(name, candidates));
  }
  return function_binder;
}

BoundExpressionPtr ExpressionBinder::CallScalar(const std::string& name,
                                                std::vector<BoundExpressionPtr> children,
                                                size_t position) {
  const ScalarBinder* function_binder = FindScalarOrFail(name, position);
  // Comparisons and arithmetic: quoted literals take the type of the other side. Named
  // functions keep their literals as text ('month' in date_trunc('month', d)), and so does
  // || ('x' || 1 is 'x1'); mod(x, y) is x % y.
  bool is_operator = !name.empty() && !std::isalpha(static_cast<unsigned char>(name[0]));
  if (children.size() == 2 && ((is_operator && name != "||") || name == "mod")) {
    if (!CoerceStringLiteral(children[0], children[1]->type)) {
      CoerceStringLiteral(children[1], children[0]->type);
    }
  }
  // Functions whose arguments share one type do the same: coalesce(d, '2020-01-01').
  static const char* const kUnifyingFunctions[] = {"coalesce", "nullif", "greatest",
                                                   "least",    "ifnull", "nvl"};
  if (std::find(std::begin(kUnifyingFunctions), std::end(kUnifyingFunctions), name) !=
      std::end(kUnifyingFunctions)) {
    for (const auto& child : children) {
      if (child->type.id() == TypeId::kVarchar || child->type.id() == TypeId::kNull) continue;
      LogicalType target = child->type;
      for (auto& other : children) CoerceStringLiteral(other, target);
      break;
    }
  }
  ArgumentDescription described = DescribeArguments(children);
  Result<BoundScalarFunction> bound = (*function_binder)(described.types, described.constants);
  if (!bound.ok()) binder_.Fail(bound.status().code(), position, bound.status().message());
  BoundScalarFunction function = std::move(bound).value();
  if (function.name.empty()) function.name = name;
  auto result = std::make_unique<BoundExpression>();
  result->kind = BoundExpressionKind::kFunction;
  result->type = function.return_type;
  result->name = name;
  for (size_t i = 0; i < children.size(); i++) {
    LogicalType target =
        i < function.argument_types.size() ? function.argument_types[i] : children[i]->type;
    result->children.push_back(AddCast(std::move(children[i]), target));
  }
  result->function = std::move(function);
  if (result->IsConstant()) return FoldConstant(std::move(result));
  return result;
}

BoundExpressionPtr ExpressionBinder::BindFunction(const ParsedExpression& expression) {
  const std::string& name = expression.name;
  if (Lower(name) == "unnest") {
    auto pinned = binder_.unnest_columns_.find(&expression);
    if (pinned == binder_.unnest_columns_.end()) {
      binder_.Fail(ErrorCode::kNotImplemented, expression.position,
                   "unnest() is supported in the select list of a query without GROUP BY or "
                   "aggregates, and in FROM (FROM t, UNNEST(t.list) AS u(x)); unnest in a "
                   "subquery first");
    }
    return BoundExpression::ColumnRef(pinned->second, scope_[pinned->second].type, "unnest");
  }
  if (name == "rollup" || name == "cube") {
    binder_.Fail(ErrorCode::kBinder, expression.position,
                 "ROLLUP and CUBE are only allowed in GROUP BY");
  }
  if (name == "grouping" || name == "grouping_id") {
    binder_.Fail(
        ErrorCode::kBinder, expression.position,
        name +
            "() is only allowed in the select list, HAVING and ORDER BY of a query with GROUP BY, "
            "outside aggregates");
  }
  if (expression.ignore_nulls && !expression.window) {
    binder_.Fail(ErrorCode::kBinder, expression.position,
                 "IGNORE NULLS needs a window: " + name + "(...) IGNORE NULLS OVER (...)");
  }
  if (expression.window) return BindWindowCall(expression);
  if (name == "row") {
    binder_.Fail(ErrorCode::kNotImplemented, expression.position,
                 "a row value (a, b, ...) is only supported in comparisons (=, <>, <, <=, >, >=, "
                 "IS [NOT] DISTINCT FROM) and IN");
  }
  if (expression.is_star || IsAggregateFunction(name) || expression.within_group) {
    if (auto outer = BindOuterAggregate(expression)) return outer;
    return BindAggregateCall(expression);
  }
  RejectAggregateModifiers(expression, name);
  if (expression.distinct) {
    binder_.Fail(ErrorCode::kBinder, expression.position,
                 "DISTINCT is only allowed in aggregate functions, not in " + name + "()");
  }
  // An unknown function is reported as such, not as a problem with its arguments.
  FindScalarOrFail(name, expression.position);
  std::vector<BoundExpressionPtr> children;
  for (const auto& child : expression.children) children.push_back(BindNode(*child));
  return CallScalar(name, std::move(children), expression.position);
}

BoundExpressionPtr ExpressionBinder::BindOuterAggregate(const ParsedExpression& expression) {
  if (!binder_.outer_aggregate_binder_ || !binder_.outer_scope_) return nullptr;
  bool any_column = false;
  bool all_outer = true;
  std::function<void(const ParsedExpression&)> visit = [&](const ParsedExpression& node) {
    if (node.kind == ExpressionKind::kColumnRef) {
      any_column = true;
      if (NameInScope(scope_, node) || !UniqueInScope(*binder_.outer_scope_, node)) {
        all_outer = false;
      }
      return;
    }
    if (node.subquery || node.kind == ExpressionKind::kStar) all_outer = false;
    for (const auto& child : node.children) visit(*child);
    if (node.filter) visit(*node.filter);
    for (const auto& order : node.order_by) visit(*order.expression);
  };
  visit(expression);
  if (!any_column || !all_outer) return nullptr;
  BoundExpressionPtr bound = binder_.outer_aggregate_binder_->BindAggregateCall(expression);
  binder_.correlated_ = true;
  bound->kind = BoundExpressionKind::kOuterColumnRef;
  return bound;
}

BoundExpressionPtr ExpressionBinder::BindAggregateCall(const ParsedExpression& expression) {
  std::string name = expression.is_star ? "count_star" : expression.name;
  if (!aggregates_) {
    binder_.Fail(ErrorCode::kBinder, expression.position,
                 "aggregate function " + expression.ToString() + " is not allowed in " + clause_);
  }
  if (inside_aggregate_) {
    binder_.Fail(ErrorCode::kBinder, expression.position,
                 "aggregate function calls cannot be nested: " + expression.ToString());
  }
  std::string text = expression.ToString();
  std::string key = AggregateMatchKey(expression);
  for (size_t a = 0; a < aggregates_->aggregate_texts.size(); a++) {
    if (aggregates_->aggregate_texts[a] == key) {
      return BoundExpression::ColumnRef(aggregates_->groups.size() + a,
                                        aggregates_->aggregates[a].function.return_type, text);
    }
  }
  inside_aggregate_ = true;
  std::vector<BoundExpressionPtr> arguments;
  for (const auto& child : expression.children) arguments.push_back(BindNode(*child));
  BoundAggregate aggregate;
  aggregate.function = BindAggregateFunction(expression, arguments);
  inside_aggregate_ = false;
  aggregate.distinct = expression.distinct;
  aggregate.arguments = std::move(arguments);
  LogicalType type = aggregate.function.return_type;
  aggregates_->aggregates.push_back(std::move(aggregate));
  aggregates_->aggregate_texts.push_back(key);
  return BoundExpression::ColumnRef(aggregates_->groups.size() + aggregates_->aggregates.size() - 1,
                                    type, text);
}

void ExpressionBinder::RejectAggregateModifiers(const ParsedExpression& expression,
                                                const std::string& name) {
  if (expression.filter) {
    binder_.Fail(ErrorCode::kBinder, expression.filter->position,
                 "FILTER is only allowed with aggregate functions, not with " + name + "()");
  }
  if (!expression.order_by.empty()) {
    binder_.Fail(ErrorCode::kBinder, expression.position,
                 std::string(expression.within_group ? "WITHIN GROUP" : "ORDER BY") +
                     " is only allowed in aggregate functions, not in " + name + "()");
  }
}

std::string ExpressionBinder::AggregateMatchKey(const ParsedExpression& expression) const {
  std::string key = MatchKey(expression);
  if (expression.filter) key += "|f:" + MatchKey(*expression.filter);
  for (const auto& item : expression.order_by) key += "|s:" + MatchKey(*item.expression);
  return key;
}

AggregateFunction ExpressionBinder::BindAggregateFunction(
    const ParsedExpression& expression, std::vector<BoundExpressionPtr>& arguments) {
  std::string name = expression.is_star ? "count_star" : expression.name;
  if (expression.within_group) {
    // percentile_cont(q) WITHIN GROUP (ORDER BY x) is quantile_cont(x, q); mode() WITHIN
    // GROUP (ORDER BY x) is mode(x).
    if (expression.order_by.size() != 1) {
      binder_.Fail(ErrorCode::kBinder, expression.position,
                   name + "() takes exactly one ORDER BY expression in WITHIN GROUP");
    }
    const OrderByItem& item = expression.order_by[0];
    if (name == "percentile_cont" || name == "percentile_disc") {
      if (arguments.size() != 1) {
        binder_.Fail(
            ErrorCode::kBinder, expression.position,
            name + "() takes one argument, the fraction, not " + std::to_string(arguments.size()));
      }
      bool continuous = name == "percentile_cont";
      name = continuous ? "quantile_cont" : "quantile_disc";
      if (item.descending) {
        if (!continuous) {
          binder_.Fail(ErrorCode::kNotImplemented, expression.position,
                       "percentile_disc() WITHIN GROUP (ORDER BY ... DESC) is not supported; for "
                       "numbers use -percentile_disc(f) WITHIN GROUP (ORDER BY -x)");
        }
        // The q-th fraction of a descending order is the (1 - q)-th of the ascending one.
        std::vector<BoundExpressionPtr> operands;
        operands.push_back(BoundExpression::Constant(Value::Integer(1)));
        operands.push_back(std::move(arguments[0]));
        arguments[0] = CallScalar("-", std::move(operands), expression.position);
      }
    } else if (name == "mode") {
      if (!arguments.empty()) {
        binder_.Fail(ErrorCode::kBinder, expression.position,
                     "mode() WITHIN GROUP takes no arguments");
      }
    } else {
      binder_.Fail(ErrorCode::kBinder, expression.position,
                   "WITHIN GROUP is only allowed with percentile_cont, percentile_disc and "
                   "mode, not with " +
                       name + "()");
    }
    arguments.insert(arguments.begin(), BindNode(*item.expression));
  }
  ArgumentDescription described = DescribeArguments(arguments);
  Result<AggregateFunction> bound =
      BindAggregate(name, described.types, expression.distinct, described.constants);
  if (!bound.ok())
    binder_.Fail(bound.status().code(), expression.position, bound.status().message());
  AggregateFunction function = std::move(bound).value();
  for (size_t i = 0; i < arguments.size(); i++) {
    LogicalType target =
        i < function.argument_types.size() ? function.argument_types[i] : arguments[i]->type;
    arguments[i] = AddCast(std::move(arguments[i]), target);
  }
  if (!expression.order_by.empty() && !expression.within_group) {
    std::vector<LogicalType> key_types;
    std::vector<KeyOrder> orders;
    for (const auto& item : expression.order_by) {
      BoundExpressionPtr sort_key = BindNode(*item.expression);
      key_types.push_back(sort_key->type);
      orders.push_back(KeyOrder{item.descending, item.nulls_first.value_or(item.descending)});
      arguments.push_back(std::move(sort_key));
    }
    function = MakeOrderedAggregate(std::move(function), key_types, orders);
  }
  if (expression.filter) {
    BoundExpressionPtr condition = BindNode(*expression.filter);
    if (condition->type.id() == TypeId::kNull) {
      condition = AddCast(std::move(condition), LogicalType(TypeId::kBoolean));
    }
    if (condition->type.id() != TypeId::kBoolean) {
      binder_.Fail(ErrorCode::kType, expression.filter->position,
                   "FILTER condition must be BOOLEAN, not " + condition->type.ToString());
    }
    arguments.push_back(std::move(condition));
    function = MakeFilteredAggregate(std::move(function));
  }
  return function;
}

std::unique_ptr<WindowSpec> ExpressionBinder::ResolveNamedWindow(const WindowSpec& spec,
                                                                 size_t position, size_t depth) {
  const auto* named = binder_.named_windows_;
  std::string wanted = Lower(spec.base_name);
  const WindowSpec* base = nullptr;
  if (named) {
    for (const auto& [window_name, window_spec] : *named) {
      if (Lower(window_name) == wanted) base = window_spec.get();
    }
  }
  if (!base) {
    binder_.Fail(ErrorCode::kBinder, position, "window \"" + spec.base_name + "\" does not exist");
  }
  if (depth > named->size()) {
    binder_.Fail(ErrorCode::kBinder, position,
                 "window \"" + spec.base_name + "\" is defined in terms of itself");
  }
  std::unique_ptr<WindowSpec> merged =
      base->base_name.empty() ? base->Copy() : ResolveNamedWindow(*base, position, depth + 1);
  auto refuse = [&](const std::string& part) {
    binder_.Fail(ErrorCode::kBinder, position,
                 "cannot override the " + part + " of window \"" + spec.base_name + "\"");
  };
  std::unique_ptr<WindowSpec> own = spec.Copy();
  if (!own->partition_by.empty()) refuse("PARTITION BY");
  if (!own->order_by.empty()) {
    if (!merged->order_by.empty()) refuse("ORDER BY");
    merged->order_by = std::move(own->order_by);
  }
  if (own->has_frame) {
    if (merged->has_frame) refuse("frame");
    merged->has_frame = true;
    merged->frame_unit = own->frame_unit;
    merged->frame_start = std::move(own->frame_start);
    merged->frame_end = std::move(own->frame_end);
    merged->frame_exclusion = own->frame_exclusion;
  }
  merged->base_name.clear();
  return merged;
}

void ExpressionBinder::BindRangeValues(BoundWindow& window, const WindowSpec& spec,
                                       size_t position) {
  bool start_offset = window.start.kind == WindowBoundKind::kPreceding ||
                      window.start.kind == WindowBoundKind::kFollowing;
  bool end_offset = window.end.kind == WindowBoundKind::kPreceding ||
                    window.end.kind == WindowBoundKind::kFollowing;
  if (window.frame_rows || window.frame_groups || (!start_offset && !end_offset)) return;
  if (window.orders.size() != 1) {
    binder_.Fail(ErrorCode::kBinder, position,
                 "a RANGE frame with an offset (n PRECEDING / n FOLLOWING) needs exactly one "
                 "ORDER BY expression, not " +
                     std::to_string(window.orders.size()));
  }
  const BoundOrderItem& order = window.orders[0];
  LogicalType key_type = order.expression->type;
  if (!key_type.IsNumeric() && !key_type.IsTemporal()) {
    binder_.Fail(ErrorCode::kType, position,
                 "a RANGE frame with an offset needs a numeric, DATE or TIMESTAMP ORDER BY key, "
                 "not " +
                     key_type.ToString());
  }
  auto boundary = [&](const FrameBound& bound, WindowBoundKind kind) -> BoundExpressionPtr {
    if (kind != WindowBoundKind::kPreceding && kind != WindowBoundKind::kFollowing) {
      return order.expression->Copy();
    }
    auto fail = [&] {
      binder_.Fail(ErrorCode::kBinder, bound.offset->position,
                   "a RANGE frame offset must be a constant " +
                       std::string(key_type.IsTemporal() ? "INTERVAL" : "number") + " for an " +
                       key_type.ToString() + " key, not " + bound.offset->ToString());
    };
    if (ReferencesColumns(*bound.offset)) fail();
    Binder::Scope empty;
    ExpressionBinder offset_binder(binder_, empty, nullptr, "a window frame");
    BoundExpressionPtr offset = offset_binder.Bind(*bound.offset);
    const LogicalType& offset_type = offset->type;
    bool fits =
        key_type.IsTemporal() ? offset_type.id() == TypeId::kInterval : offset_type.IsNumeric();
    if (offset->kind != BoundExpressionKind::kConstant || offset->value.is_null() || !fits) {
      fail();
    }
    bool negative;
    if (offset_type.id() == TypeId::kInterval) {
      Interval interval = offset->value.GetInterval();
      negative = interval.months < 0 || interval.days < 0 || interval.micros < 0;
    } else {
      negative = offset->value.CastTo(LogicalType(TypeId::kDouble)).GetDouble() < 0;
    }
    if (negative) {
      binder_.Fail(ErrorCode::kInvalidInput, bound.offset->position,
                   "a window frame offset must not be negative: " + bound.offset->ToString());
    }
    bool subtract = (kind == WindowBoundKind::kPreceding) != order.order.descending;
    BoundExpressionPtr key = order.expression->Copy();
    // Integers widen first so that key +/- offset cannot overflow near the type's limits.
    if (key_type.id() == TypeId::kInteger)
      key = AddCast(std::move(key), LogicalType(TypeId::kBigint));
    std::vector<BoundExpressionPtr> operands;
    operands.push_back(std::move(key));
    operands.push_back(std::move(offset));
    return CallScalar(subtract ? "-" : "+", std::move(operands), bound.offset->position);
  };
  BoundExpressionPtr start = boundary(spec.frame_start, window.start.kind);
  BoundExpressionPtr end = boundary(spec.frame_end, window.end.kind);
  LogicalType common = key_type;
  for (const auto* value : {start.get(), end.get()}) {
    Result<LogicalType> merged = CommonSuperType(common, value->type);
    if (!merged.ok()) binder_.Fail(ErrorCode::kType, position, merged.status().message());
    common = merged.value();
  }
  window.range_values.push_back(AddCast(order.expression->Copy(), common));
  window.range_values.push_back(AddCast(std::move(start), common));
  window.range_values.push_back(AddCast(std::move(end), common));
}

WindowBound ExpressionBinder::BindFrameBound(const FrameBound& bound, bool counted) {
  WindowBound result;
  switch (bound.kind) {
    case FrameBoundKind::kUnboundedPreceding:
      result.kind = WindowBoundKind::kUnboundedPreceding;
      break;
    case FrameBoundKind::kPreceding:
      result.kind = WindowBoundKind::kPreceding;
      break;
    case FrameBoundKind::kCurrentRow:
      result.kind = WindowBoundKind::kCurrentRow;
      break;
    case FrameBoundKind::kFollowing:
      result.kind = WindowBoundKind::kFollowing;
      break;
    case FrameBoundKind::kUnboundedFollowing:
      result.kind = WindowBoundKind::kUnboundedFollowing;
      break;
  }
  // RANGE offsets are values of the ORDER BY key's domain: see BindRangeValues.
  if (!bound.offset || !counted) return result;
  auto fail = [&] {
    binder_.Fail(ErrorCode::kBinder, bound.offset->position,
                 "a window frame offset must be a non-negative integer constant, not " +
                     bound.offset->ToString());
  };
  if (ReferencesColumns(*bound.offset)) fail();
  Binder::Scope empty;
  ExpressionBinder offset_binder(binder_, empty, nullptr, "a window frame");
  BoundExpressionPtr offset = offset_binder.Bind(*bound.offset);
  if (offset->kind != BoundExpressionKind::kConstant || !offset->type.IsInteger() ||
      offset->value.is_null() || offset->value.GetBigint() < 0) {
    fail();
  }
  result.offset = offset->value.GetBigint();
  return result;
}

BoundExpressionPtr ExpressionBinder::BindWindowCall(const ParsedExpression& expression) {
  std::string text = expression.ToString();
  if (!windows_) {
    binder_.Fail(ErrorCode::kBinder, expression.position,
                 "window function " + text + " is not allowed in " + clause_ +
                     " (only in the select list and ORDER BY)");
  }
  if (inside_window_ || inside_aggregate_) {
    binder_.Fail(ErrorCode::kBinder, expression.position,
                 "window function calls cannot be nested in " +
                     std::string(inside_window_ ? "window" : "aggregate") + " functions: " + text);
  }
  // OVER w / OVER (w ...): the named window, refined.
  std::unique_ptr<WindowSpec> resolved;
  if (!expression.window->base_name.empty()) {
    resolved = ResolveNamedWindow(*expression.window, expression.position, 0);
  }
  const WindowSpec& spec = resolved ? *resolved : *expression.window;
  // MatchKey resolves column references among the arguments only; the window's own
  // expressions must be resolved too (ORDER BY a.id and ORDER BY b.id print alike).
  std::string key = AggregateMatchKey(expression) + "|w:" + spec.ToString();
  for (const auto& partition : spec.partition_by) key += "|p:" + MatchKey(*partition);
  for (const auto& item : spec.order_by) key += "|o:" + MatchKey(*item.expression);
  for (size_t w = 0; w < windows_->texts.size(); w++) {
    if (windows_->texts[w] == key) {
      return BoundExpression::ColumnRef(kWindowReferenceBase + w, windows_->windows[w].type, text);
    }
  }
  BoundWindow window;
  window.name = expression.is_star ? "count_star" : expression.name;
  inside_window_ = true;
  for (const auto& child : expression.children) window.arguments.push_back(BindNode(*child));
  for (const auto& partition : spec.partition_by) window.partitions.push_back(BindNode(*partition));
  for (const auto& item : spec.order_by) {
    BoundOrderItem order;
    order.expression = BindNode(*item.expression);
    order.order.descending = item.descending;
    order.order.nulls_first = item.nulls_first.value_or(item.descending);
    window.orders.push_back(std::move(order));
  }
  inside_window_ = false;

  const std::string& name = window.name;
  auto& arguments = window.arguments;
  auto expect_arguments = [&](size_t minimum, size_t maximum) {
    if (arguments.size() < minimum || arguments.size() > maximum) {
      binder_.Fail(
          ErrorCode::kBinder, expression.position,
          name + "() takes " +
              (minimum == maximum ? std::to_string(minimum)
                                  : std::to_string(minimum) + " to " + std::to_string(maximum)) +
              " argument(s), not " + std::to_string(arguments.size()));
    }
  };
  auto bigint_argument = [&](size_t index) {
    if (!arguments[index]->type.IsInteger() && arguments[index]->type.id() != TypeId::kNull) {
      binder_.Fail(ErrorCode::kType, expression.position,
                   name + "(): argument " + std::to_string(index + 1) +
                       " must be an integer, not " + arguments[index]->type.ToString());
    }
    arguments[index] = AddCast(std::move(arguments[index]), LogicalType(TypeId::kBigint));
  };
  if (expression.is_star || IsAggregateFunction(name) || expression.within_group) {
    inside_window_ = true;
    window.aggregate = BindAggregateFunction(expression, arguments);
    inside_window_ = false;
    window.function = WindowFunctionKind::kAggregate;
    window.type = window.aggregate->return_type;
  } else {
    RejectAggregateModifiers(expression, name);
    if (expression.distinct) {
      binder_.Fail(ErrorCode::kBinder, expression.position,
                   "DISTINCT is not allowed in window function " + name + "()");
    }
    if (name == "row_number" || name == "rank" || name == "dense_rank") {
      expect_arguments(0, 0);
      window.function = name == "row_number" ? WindowFunctionKind::kRowNumber
                        : name == "rank"     ? WindowFunctionKind::kRank
                                             : WindowFunctionKind::kDenseRank;
      window.type = LogicalType(TypeId::kBigint);
    } else if (name == "percent_rank" || name == "cume_dist") {
      expect_arguments(0, 0);
      window.function =
          name == "percent_rank" ? WindowFunctionKind::kPercentRank : WindowFunctionKind::kCumeDist;
      window.type = LogicalType(TypeId::kDouble);
    } else if (name == "ntile") {
      expect_arguments(1, 1);
      bigint_argument(0);
      window.function = WindowFunctionKind::kNtile;
      window.type = LogicalType(TypeId::kBigint);
    } else if (name == "lag" || name == "lead") {
      expect_arguments(1, 3);
      window.function = name == "lag" ? WindowFunctionKind::kLag : WindowFunctionKind::kLead;
      if (arguments.size() > 1) bigint_argument(1);
      window.type = arguments[0]->type;
      if (arguments.size() > 2) {
        if (window.type.id() == TypeId::kNull) window.type = arguments[2]->type;
        Result<LogicalType> common = CommonSuperType(window.type, arguments[2]->type);
        if (!common.ok()) {
          binder_.Fail(ErrorCode::kType, expression.position,
                       name + "(): the default must have the type of the value: " +
                           common.status().message());
        }
        window.type = common.value();
        arguments[0] = AddCast(std::move(arguments[0]), window.type);
        arguments[2] = AddCast(std::move(arguments[2]), window.type);
      }
    } else if (name == "first_value" || name == "last_value" || name == "nth_value") {
      expect_arguments(name == "nth_value" ? 2 : 1, name == "nth_value" ? 2 : 1);
      if (name == "nth_value") bigint_argument(1);
      window.function = name == "first_value"  ? WindowFunctionKind::kFirstValue
                        : name == "last_value" ? WindowFunctionKind::kLastValue
                                               : WindowFunctionKind::kNthValue;
      window.type = arguments[0]->type;
    } else {
      binder_.Fail(ErrorCode::kBinder, expression.position,
                   "function " + name +
                       "() is not a window or aggregate function and cannot be used with OVER");
    }
  }
  if (expression.ignore_nulls) {
    if (window.function != WindowFunctionKind::kLag &&
        window.function != WindowFunctionKind::kLead &&
        window.function != WindowFunctionKind::kFirstValue &&
        window.function != WindowFunctionKind::kLastValue &&
        window.function != WindowFunctionKind::kNthValue) {
      binder_.Fail(ErrorCode::kBinder, expression.position,
                   "IGNORE NULLS is only allowed with lag, lead, first_value, last_value and "
                   "nth_value, not with " +
                       name + "()");
    }
    window.ignore_nulls = true;
  }
  if (!spec.has_frame) {
    window.frame_rows = spec.order_by.empty();
    window.start.kind = WindowBoundKind::kUnboundedPreceding;
    window.end.kind =
        spec.order_by.empty() ? WindowBoundKind::kUnboundedFollowing : WindowBoundKind::kCurrentRow;
  } else {
    bool counted = spec.frame_unit != FrameUnit::kRange;
    window.frame_rows = spec.frame_unit == FrameUnit::kRows;
    window.frame_groups = spec.frame_unit == FrameUnit::kGroups;
    if (window.frame_groups && spec.order_by.empty()) {
      binder_.Fail(ErrorCode::kBinder, expression.position,
                   "a GROUPS frame needs an ORDER BY in its window: " + text);
    }
    switch (spec.frame_exclusion) {
      case FrameExclusion::kNoOthers:
        window.exclusion = WindowExclusion::kNoOthers;
        break;
      case FrameExclusion::kCurrentRow:
        window.exclusion = WindowExclusion::kCurrentRow;
        break;
      case FrameExclusion::kGroup:
        window.exclusion = WindowExclusion::kGroup;
        break;
      case FrameExclusion::kTies:
        window.exclusion = WindowExclusion::kTies;
        break;
    }
    window.start = BindFrameBound(spec.frame_start, counted);
    window.end = BindFrameBound(spec.frame_end, counted);
    if (window.start.kind == WindowBoundKind::kUnboundedFollowing ||
        window.end.kind == WindowBoundKind::kUnboundedPreceding) {
      binder_.Fail(
          ErrorCode::kBinder, expression.position,
          "a window frame cannot start at UNBOUNDED FOLLOWING or end at UNBOUNDED PRECEDING");
    }
    BindRangeValues(window, spec, expression.position);
  }
  LogicalType type = window.type;
  windows_->windows.push_back(std::move(window));
  windows_->texts.push_back(key);
  return BoundExpression::ColumnRef(kWindowReferenceBase + windows_->windows.size() - 1, type,
                                    text);
}

namespace {

idx_t OutputWidth(const LogicalOperator& op) {
  // A HAVING filter gets its types only once the aggregate below it is complete.
  if (op.kind == LogicalKind::kFilter) return OutputWidth(*op.children[0]);
  return op.types.size();
}

std::vector<LogicalType> OutputTypes(const LogicalOperator& op) {
  if (op.kind == LogicalKind::kFilter) return OutputTypes(*op.children[0]);
  return op.types;
}

}  // namespace

void AddWindowOperator(LogicalOperator& projection, ExpressionBinder::WindowContext& windows) {
  if (windows.windows.empty()) return;
  idx_t child_width = OutputWidth(*projection.children[0]);
  auto window = std::make_unique<LogicalOperator>();
  window->kind = LogicalKind::kWindow;
  window->types = OutputTypes(*projection.children[0]);
  window->estimated_rows = projection.children[0]->estimated_rows;
  for (const auto& bound : windows.windows) window->types.push_back(bound.type);
  window->windows = std::move(windows.windows);
  windows.windows.clear();
  windows.texts.clear();
  window->children.push_back(std::move(projection.children[0]));
  projection.children[0] = std::move(window);
  for (auto& expression : projection.expressions) {
    VisitColumnRefs(*expression, [child_width](BoundExpression& reference) {
      if (reference.column_index >= ExpressionBinder::kWindowReferenceBase) {
        reference.column_index =
            child_width + (reference.column_index - ExpressionBinder::kWindowReferenceBase);
      }
    });
  }
}

BoundExpressionPtr ExpressionBinder::BindOperator(const ParsedExpression& expression) {
  const std::string& op = expression.name;
  if (auto row_comparison = BindRowComparison(expression)) return row_comparison;
  if (op == "and" || op == "or") {
    std::vector<BoundExpressionPtr> children;
    for (const auto& child : expression.children) children.push_back(BindNode(*child));
    return MakeBoolean(op == "and" ? BoundExpressionKind::kAnd : BoundExpressionKind::kOr,
                       std::move(children));
  }
  if (op == "not") {
    std::vector<BoundExpressionPtr> children;
    children.push_back(BindNode(*expression.children[0]));
    return MakeBoolean(BoundExpressionKind::kNot, std::move(children));
  }
  if (op == "is null" || op == "is not null") {
    auto result = std::make_unique<BoundExpression>();
    result->kind = op == "is null" ? BoundExpressionKind::kIsNull : BoundExpressionKind::kIsNotNull;
    result->type = LogicalType(TypeId::kBoolean);
    result->children.push_back(BindNode(*expression.children[0]));
    if (result->IsConstant()) return FoldConstant(std::move(result));
    return result;
  }
  if (op == "like" || op == "not like" || op == "ilike" || op == "not ilike") {
    std::vector<BoundExpressionPtr> children;
    for (const auto& child : expression.children) children.push_back(BindNode(*child));
    bool negated = op.rfind("not ", 0) == 0;
    BoundExpressionPtr call =
        CallScalar(negated ? op.substr(4) : op, std::move(children), expression.position);
    if (!negated) return call;
    std::vector<BoundExpressionPtr> wrapped;
    wrapped.push_back(std::move(call));
    return MakeBoolean(BoundExpressionKind::kNot, std::move(wrapped));
  }
  std::vector<BoundExpressionPtr> children;
  for (const auto& child : expression.children) children.push_back(BindNode(*child));
  return CallScalar(op, std::move(children), expression.position);
}

BoundExpressionPtr ExpressionBinder::BindCase(const ParsedExpression& expression) {
  auto result = std::make_unique<BoundExpression>();
  result->kind = BoundExpressionKind::kCase;
  size_t branches = (expression.children.size() - (expression.has_else ? 1 : 0)) / 2;
  std::vector<BoundExpressionPtr> values;
  for (size_t b = 0; b < branches; b++) {
    result->children.push_back(BindCondition(*expression.children[b * 2]));
    result->children.push_back(nullptr);
    values.push_back(BindNode(*expression.children[b * 2 + 1]));
  }
  values.push_back(expression.has_else ? BindNode(*expression.children.back())
                                       : BoundExpression::Constant(Value()));
  LogicalType type(TypeId::kNull);
  for (const auto& value : values) {
    if (IsStringLiteral(*value) && type.id() != TypeId::kNull) continue;
    Result<LogicalType> common = CommonSuperType(type, value->type);
    if (!common.ok()) {
      binder_.Fail(ErrorCode::kType, expression.position,
                   "CASE branches have incompatible types: " + common.status().message());
    }
    type = common.value();
  }
  for (auto& value : values) {
    if (!CoerceStringLiteral(value, type)) value = AddCast(std::move(value), type);
  }
  for (size_t b = 0; b < branches; b++) result->children[b * 2 + 1] = std::move(values[b]);
  result->children.push_back(std::move(values.back()));
  result->type = type;
  if (result->IsConstant()) return FoldConstant(std::move(result));
  return result;
}

namespace {

BoundExpressionPtr MakeInSet(BoundExpressionPtr input, const std::vector<Value>& values,
                             bool negated) {
  // Nothing is IN an empty set, not even NULL: the answer does not depend on the input.
  if (values.empty()) return BoundExpression::Constant(Value::Boolean(negated));
  auto key_set = std::make_shared<KeySet>();
  key_set->type = input->type;
  bool has_null = false;
  Vector column(input->type, std::max<size_t>(values.size(), 1));
  idx_t count = 0;
  // Scans skip files and row groups by the values of small sets only.
  constexpr size_t kMaxPushedValues = 1000;
  if (values.size() <= kMaxPushedValues) key_set->values.emplace();
  for (const auto& value : values) {
    if (value.is_null()) {
      has_null = true;
      continue;
    }
    Value cast = value.CastTo(input->type);
    column.SetValue(count++, cast);
    if (key_set->values) key_set->values->push_back(std::move(cast));
  }
  Arena arena;
  std::vector<std::string_view> keys(count);
  EncodeKeys({&column}, nullptr, count, {}, arena, keys.data());
  std::vector<uint32_t> ids(count);
  key_set->table.FindOrInsert(keys.data(), count, ids.data(), nullptr);
  auto result = std::make_unique<BoundExpression>();
  result->kind = BoundExpressionKind::kInSet;
  result->type = LogicalType(TypeId::kBoolean);
  result->negated = negated;
  result->set_has_null = has_null;
  result->key_set = std::move(key_set);
  result->children.push_back(std::move(input));
  return result;
}

}  // namespace

BoundExpressionPtr ExpressionBinder::BindInList(const ParsedExpression& expression) {
  if (std::any_of(expression.children.begin(), expression.children.end(),
                  [](const auto& child) { return IsRowValue(*child); })) {
    // (a, b) IN ((1, 2), (3, 4)) == (a, b) = (1, 2) OR (a, b) = (3, 4)
    std::unique_ptr<ParsedExpression> any;
    for (size_t i = 1; i < expression.children.size(); i++) {
      auto equal = std::make_unique<ParsedExpression>();
      equal->kind = ExpressionKind::kOperator;
      equal->position = expression.children[i]->position;
      equal->name = "=";
      equal->children.push_back(expression.children[0]->Copy());
      equal->children.push_back(expression.children[i]->Copy());
      if (!any) {
        any = std::move(equal);
        continue;
      }
      auto either = std::make_unique<ParsedExpression>();
      either->kind = ExpressionKind::kOperator;
      either->position = expression.position;
      either->name = "or";
      either->children.push_back(std::move(any));
      either->children.push_back(std::move(equal));
      any = std::move(either);
    }
    BoundExpressionPtr result = BindNode(*any);
    if (!expression.negated) return result;
    std::vector<BoundExpressionPtr> wrapped;
    wrapped.push_back(std::move(result));
    return MakeBoolean(BoundExpressionKind::kNot, std::move(wrapped));
  }
  BoundExpressionPtr input = BindNode(*expression.children[0]);
  std::vector<BoundExpressionPtr> items;
  bool all_constant = true;
  LogicalType type = input->type;
  for (size_t i = 1; i < expression.children.size(); i++) {
    items.push_back(BindNode(*expression.children[i]));
    if (items.back()->kind != BoundExpressionKind::kConstant) all_constant = false;
  }
  for (auto& item : items) {
    if (CoerceStringLiteral(item, type)) continue;
    if (IsStringLiteral(*input) && item->type.id() != TypeId::kVarchar) continue;
    Result<LogicalType> common = CommonSuperType(type, item->type);
    if (!common.ok()) {
      binder_.Fail(ErrorCode::kType, expression.position, "IN list: " + common.status().message());
    }
    type = common.value();
  }
  if (IsStringLiteral(*input)) CoerceStringLiteral(input, type);
  input = AddCast(std::move(input), type);
  // A literal whose cast failed is no longer a constant (see AddCast).
  for (const auto& item : items) {
    if (item->kind != BoundExpressionKind::kConstant) all_constant = false;
  }
  if (all_constant) {
    std::vector<Value> values;
    for (auto& item : items) values.push_back(item->value.CastTo(type));
    return MakeInSet(std::move(input), values, expression.negated);
  }
  // x IN (a, b) == x = a OR x = b
  std::vector<BoundExpressionPtr> comparisons;
  for (auto& item : items) {
    std::vector<BoundExpressionPtr> arguments;
    arguments.push_back(input->Copy());
    arguments.push_back(AddCast(std::move(item), type));
    comparisons.push_back(CallScalar("=", std::move(arguments), expression.position));
  }
  BoundExpressionPtr result = comparisons.size() == 1
                                  ? std::move(comparisons[0])
                                  : MakeBoolean(BoundExpressionKind::kOr, std::move(comparisons));
  if (!expression.negated) return result;
  std::vector<BoundExpressionPtr> wrapped;
  wrapped.push_back(std::move(result));
  return MakeBoolean(BoundExpressionKind::kNot, std::move(wrapped));
}

// Decorrelation. A correlated subquery becomes a join of the enclosing query's FROM plan
// with the subquery's own FROM plan, on the conjuncts of the subquery's WHERE that refer
// to the outer query:
//   EXISTS / IN (SELECT ... WHERE corr)   -> MARK join on corr (and on the IN comparison);
//                                            the subquery's value is the match flag
//   x NOT IN (SELECT e ... WHERE corr)     -> two MARK joins, one on corr AND x = e, one on
//                                            corr AND (x IS NULL OR e IS NULL), combined
//                                            into SQL's three-valued answer
//   (SELECT agg(...) WHERE inner = outer)  -> LEFT join with the subquery grouped by its
//                                            inner correlation expressions; unmatched rows
//                                            get the aggregates' value over no rows
//   (SELECT e ... WHERE inner = outer)     -> the same, with e as the single value of the
//                                            group (a second row is an error)
// The optimizer turns a MARK join whose flag the WHERE clause requires into a SEMI or
// ANTI join, and limits a grouped subquery's input to the keys of a filtered scan of the
// outer side (semi-join reduction), so few outer rows do not aggregate a whole table.
// Correlation elsewhere (the select list, GROUP BY, nested deeper) is reported as not
// supported yet.
namespace {

// Whether the subquery has a shape the rewrites below handle: a select projection over an
// optional aggregate without GROUP BY over an optional WHERE filter whose conjuncts alone
// use the outer query; with an aggregate (or a scalar subquery, which gets one) they must
// all be inner = outer.
bool FitsDirectDecorrelation(const LogicalOperator& plan, ExpressionKind kind) {
  if (plan.kind != LogicalKind::kProjection || OperatorHasOuterReference(plan)) return false;
  const LogicalOperator* below = plan.children[0].get();
  const LogicalOperator* aggregate = nullptr;
  if (below->kind == LogicalKind::kAggregate) {
    aggregate = below;
    below = below->children[0].get();
    if (!aggregate->expressions.empty() || OperatorHasOuterReference(*aggregate)) return false;
  }
  std::vector<const BoundExpression*> correlated;
  if (below->kind == LogicalKind::kFilter) {
    for (const auto& conjunct : below->expressions) {
      if (HasOuterReference(*conjunct)) correlated.push_back(conjunct.get());
    }
    below = below->children[0].get();
  }
  if (correlated.empty() || PlanHasOuterReference(*below)) return false;
  if (!aggregate && kind != ExpressionKind::kSubquery) return true;
  return kind == ExpressionKind::kSubquery &&
         std::all_of(correlated.begin(), correlated.end(),
                     [](const BoundExpression* condition) { return IsOuterEquality(*condition); });
}

}  // namespace

BoundExpressionPtr ExpressionBinder::ExistsFromMarkFlag(idx_t column, bool negated) {
  Binder::Column flag;
  flag.name = "#matched";
  flag.type = LogicalType(TypeId::kBoolean);
  flag.hidden = true;
  correlation_->scope->push_back(flag);
  BoundExpressionPtr result = BoundExpression::ColumnRef(column, flag.type, "exists");
  if (!negated) return result;
  std::vector<BoundExpressionPtr> operand;
  operand.push_back(std::move(result));
  return MakeBoolean(BoundExpressionKind::kNot, std::move(operand));
}

BoundExpressionPtr ExpressionBinder::Decorrelate(const ParsedExpression& expression,
                                                 BoundQuery query,
                                                 std::vector<BoundExpressionPtr> inputs,
                                                 bool null_is_false) {
  auto unsupported = [&](const std::string& what) -> BoundExpressionPtr {
    binder_.Fail(ErrorCode::kNotImplemented, expression.position,
                 "correlated subquery: " + what + " is not supported yet");
  };
  if (!correlation_) {
    unsupported("a correlated subquery in " + clause_ +
                (inside_aggregate_ ? " inside an aggregate function's arguments" : ""));
  }
  if (!PlanHasOuterReference(*query.plan)) {
    // An uncorrelated (a, b) IN (subquery): a join on the row's elements alone.
    std::vector<BoundExpressionPtr> elements;
    for (idx_t c = 0; c < query.types.size(); c++) {
      elements.push_back(BoundExpression::ColumnRef(c, query.types[c], ""));
    }
    return JoinInSubquery(
        expression, std::move(inputs), std::move(query.plan), std::move(elements),
        [](idx_t) { return std::vector<BoundExpressionPtr>(); }, null_is_false);
  }
  if (!FitsDirectDecorrelation(*query.plan, expression.kind)) {
    return DecorrelateOverDomain(expression, std::move(query), std::move(inputs), null_is_false);
  }
  // The parts of a bound subquery: its select projection, the optional aggregate under
  // it, the plan below with the correlated WHERE conjuncts taken out, and those conjuncts.
  struct Parts {
    LogicalOperatorPtr projection, aggregate, below;
    std::vector<BoundExpressionPtr> correlated;
  };
  auto split = [&](LogicalOperatorPtr plan) {
    Parts parts;
    if (plan->kind != LogicalKind::kProjection)
      unsupported("ORDER BY, LIMIT, DISTINCT or a set operation");
    parts.projection = std::move(plan);
    parts.below = std::move(parts.projection->children[0]);
    if (parts.below->kind == LogicalKind::kAggregate) {
      parts.aggregate = std::move(parts.below);
      parts.below = std::move(parts.aggregate->children[0]);
    }
    // Split the WHERE conjuncts into correlated ones and the rest.
    if (parts.below->kind == LogicalKind::kFilter) {
      std::vector<BoundExpressionPtr> rest;
      for (auto& conjunct : parts.below->expressions) {
        (HasOuterReference(*conjunct) ? parts.correlated : rest).push_back(std::move(conjunct));
      }
      if (rest.empty()) {
        parts.below = std::move(parts.below->children[0]);
      } else {
        parts.below->expressions = std::move(rest);
      }
    }
    const auto& outputs = parts.projection->expressions;
    if (parts.correlated.empty() || PlanHasOuterReference(*parts.below) ||
        std::any_of(outputs.begin(), outputs.end(),
                    [](const BoundExpressionPtr& e) { return HasOuterReference(*e); }) ||
        (parts.aggregate && PlanHasOuterReference(*parts.aggregate))) {
      unsupported("a reference to the outer query outside the subquery's WHERE clause");
    }
    return parts;
  };
  Parts parts = split(std::move(query.plan));
  LogicalOperatorPtr projection = std::move(parts.projection);
  LogicalOperatorPtr aggregate = std::move(parts.aggregate);
  LogicalOperatorPtr below = std::move(parts.below);
  std::vector<BoundExpressionPtr> correlated = std::move(parts.correlated);
  if (!aggregate && expression.kind == ExpressionKind::kSubquery) {
    // A scalar subquery without an aggregate: its one row per outer row is the single
    // value of a group, and more than one row fails (MakeScalarSubqueryAggregate).
    LogicalType type = projection->expressions[0]->type;
    BoundAggregate single;
    single.function = MakeScalarSubqueryAggregate(type);
    single.arguments.push_back(std::move(projection->expressions[0]));
    projection->expressions[0] = BoundExpression::ColumnRef(0, type, "subquery");
    aggregate = std::make_unique<LogicalOperator>();
    aggregate->kind = LogicalKind::kAggregate;
    aggregate->aggregates.push_back(std::move(single));
    aggregate->types.push_back(type);
    aggregate->children.push_back(nullptr);
  }

  LogicalOperatorPtr& outer_plan = *correlation_->plan;
  Binder::Scope& outer_scope = *correlation_->scope;
  idx_t outer_width = outer_plan->types.size();
  auto join = std::make_unique<LogicalOperator>();
  join->kind = LogicalKind::kJoin;
  join->types = outer_plan->types;
  join->estimated_rows = outer_plan->estimated_rows;

  if (!aggregate && expression.kind == ExpressionKind::kInSubquery) {
    auto conditions = [&](idx_t left_width) {
      std::vector<BoundExpressionPtr> rebased;
      for (const auto& condition : correlated) {
        rebased.push_back(condition->Copy());
        RebaseOverJoin(*rebased.back(), left_width);
      }
      return rebased;
    };
    return JoinInSubquery(expression, std::move(inputs), std::move(below),
                          std::move(projection->expressions), conditions, null_is_false);
  }
  if (!aggregate) {
    // EXISTS: a MARK join on the correlated conditions.
    join->join_type = PhysicalJoinType::kMark;
    for (auto& condition : correlated) {
      RebaseOverJoin(*condition, outer_width);
      join->expressions.push_back(std::move(condition));
    }
    join->types.push_back(LogicalType(TypeId::kBoolean));
    join->children.push_back(std::move(outer_plan));
    join->children.push_back(std::move(below));
    outer_plan = std::move(join);
    return ExistsFromMarkFlag(outer_width, expression.negated);
  }

  // Scalar aggregate: group the subquery by the inner side of each equality with the
  // outer query, then LEFT JOIN on those equalities.
  if (expression.kind != ExpressionKind::kSubquery) unsupported("EXISTS or IN over an aggregate");
  if (!aggregate->expressions.empty()) unsupported("GROUP BY");
  // The value for an outer row that no subquery row matches: the aggregates over no rows
  // (count gives 0, most others NULL) put into the select expression.
  BoundExpressionPtr empty_value = ValueOverNoRows(*projection->expressions[0], *aggregate);
  std::vector<BoundExpressionPtr> outer_sides;
  for (auto& condition : correlated) {
    bool is_equality = condition->kind == BoundExpressionKind::kFunction &&
                       condition->name == "=" && condition->children.size() == 2;
    if (!is_equality)
      unsupported("a correlation other than inner = outer in an aggregate subquery");
    BoundExpressionPtr& a = condition->children[0];
    BoundExpressionPtr& b = condition->children[1];
    bool a_outer = HasOuterReference(*a), b_outer = HasOuterReference(*b);
    BoundExpressionPtr& inner_side = a_outer ? b : a;
    BoundExpressionPtr& outer_side = a_outer ? a : b;
    bool outer_side_pure = true;
    ForEachColumnRef(*outer_side, [&](const BoundExpression&) { outer_side_pure = false; });
    if (a_outer == b_outer || !outer_side_pure) {
      unsupported("a correlation that mixes inner and outer columns on one side");
    }
    aggregate->expressions.push_back(std::move(inner_side));
    outer_sides.push_back(std::move(outer_side));
  }
  idx_t group_count = aggregate->expressions.size();
  // Aggregate output gains the groups in front: the select expression's references move.
  std::vector<LogicalType> aggregate_types;
  for (const auto& group : aggregate->expressions) aggregate_types.push_back(group->type);
  for (const auto& bound : aggregate->aggregates)
    aggregate_types.push_back(bound.function.return_type);
  aggregate->types = aggregate_types;
  aggregate->children[0] = std::move(below);
  BoundExpressionPtr value = std::move(projection->expressions[0]);
  ShiftColumnRefs(*value, group_count);
  std::vector<BoundExpressionPtr> outputs;
  for (idx_t g = 0; g < group_count; g++) {
    outputs.push_back(BoundExpression::ColumnRef(g, aggregate_types[g], ""));
  }
  LogicalType value_type = value->type;
  outputs.push_back(std::move(value));
  projection->expressions = std::move(outputs);
  projection->types.clear();
  for (const auto& output : projection->expressions) projection->types.push_back(output->type);
  projection->children[0] = std::move(aggregate);
  projection->estimated_rows =
      std::max(1.0, projection->children[0]->children[0]->estimated_rows / 10);

  join->join_type = PhysicalJoinType::kLeft;
  for (idx_t g = 0; g < group_count; g++) {
    BoundExpressionPtr outer_side = std::move(outer_sides[g]);
    RebaseOverJoin(*outer_side, outer_width);
    std::vector<BoundExpressionPtr> arguments;
    arguments.push_back(std::move(outer_side));
    arguments.push_back(BoundExpression::ColumnRef(outer_width + g, projection->types[g], ""));
    join->expressions.push_back(CallScalar("=", std::move(arguments), expression.position));
  }
  join->types.insert(join->types.end(), projection->types.begin(), projection->types.end());
  join->children.push_back(std::move(outer_plan));
  join->children.push_back(std::move(projection));
  outer_plan = std::move(join);
  for (idx_t c = 0; c <= group_count; c++) {
    Binder::Column column;
    column.name = "#subquery" + std::to_string(c);
    column.type = outer_plan->types[outer_width + c];
    column.hidden = true;
    outer_scope.push_back(column);
  }
  BoundExpressionPtr result =
      BoundExpression::ColumnRef(outer_width + group_count, value_type, "subquery");
  if (empty_value->kind == BoundExpressionKind::kConstant && empty_value->value.is_null()) {
    return result;
  }
  // The LEFT join leaves the group columns NULL exactly for outer rows without a match
  // (the correlation equalities never match a NULL).
  auto matched = std::make_unique<BoundExpression>();
  matched->kind = BoundExpressionKind::kIsNotNull;
  matched->type = LogicalType(TypeId::kBoolean);
  matched->children.push_back(
      BoundExpression::ColumnRef(outer_width, outer_plan->types[outer_width], ""));
  auto choice = std::make_unique<BoundExpression>();
  choice->kind = BoundExpressionKind::kCase;
  choice->type = value_type;
  choice->children.push_back(std::move(matched));
  choice->children.push_back(std::move(result));
  choice->children.push_back(AddCast(std::move(empty_value), value_type));
  return choice;
}

BoundExpressionPtr ExpressionBinder::BindSubquery(const ParsedExpression& expression) {
  bool null_is_false = null_is_false_;
  null_is_false_ = false;
  Binder subquery_binder(binder_.catalog_, binder_.sql_, binder_.run_plan_);
  subquery_binder.cte_scopes_ = binder_.cte_scopes_;
  subquery_binder.materialized_ctes_ = binder_.materialized_ctes_;
  subquery_binder.working_tables_ = binder_.working_tables_;
  subquery_binder.depth_ = binder_.depth_ + 1;
  subquery_binder.outer_scope_ = &scope_;
  bool defer = aggregates_ && deferred_ && !inside_aggregate_;
  if (defer) subquery_binder.outer_aggregate_binder_ = this;
  bool in = expression.kind == ExpressionKind::kInSubquery;
  bool row_input = in && IsRowValue(*expression.children[0]);
  BoundQuery query;
  try {
    query = subquery_binder.BindQuery(*expression.subquery);
    idx_t expected_columns = row_input ? expression.children[0]->children.size() : 1;
    if (expression.kind != ExpressionKind::kExists && query.types.size() != expected_columns) {
      binder_.Fail(ErrorCode::kBinder, expression.position,
                   row_input ? "the subquery of a row value IN must return " +
                                   std::to_string(expected_columns) + " columns, it returns " +
                                   std::to_string(query.types.size())
                             : "subquery must return exactly one column, it returns " +
                                   std::to_string(query.types.size()));
    }
    if (subquery_binder.correlated_ || row_input) {
      std::vector<BoundExpressionPtr> inputs;
      if (in) inputs = BindInInputs(*expression.children[0]);
      if (defer) {
        LogicalType type = expression.kind == ExpressionKind::kSubquery
                               ? query.types[0]
                               : LogicalType(TypeId::kBoolean);
        idx_t index = deferred_->entries.size();
        deferred_->entries.push_back(DeferredSubqueries::Entry{
            &expression, std::move(query), std::move(inputs), null_is_false, clause_});
        return BoundExpression::ColumnRef(kSubqueryReferenceBase + index, type, "subquery");
      }
      if (subquery_binder.correlated_ || correlation_) {
        return Decorrelate(expression, std::move(query), std::move(inputs), null_is_false);
      }
      return ExpandRowIn(expression, std::move(query), std::move(inputs));
    }
  } catch (const TarnException& error) {
    std::string message = error.what();
    bool unknown_column = message.find("not found") != std::string::npos ||
                          message.find("is not in the FROM clause") != std::string::npos;
    if (error.code() == ErrorCode::kBinder && unknown_column && !scope_.empty()) {
      // The message already points at the unknown name; add the likely cause.
      ThrowError(ErrorCode::kNotImplemented,
                 message +
                     "\n(If this refers to a column of the outer query: correlated subqueries are "
                     "not supported yet.)");
    }
    throw;
  }
  if (expression.kind == ExpressionKind::kExists) {
    auto limited = std::make_unique<LogicalOperator>();
    limited->kind = LogicalKind::kLimit;
    limited->limit = 1;
    limited->types = query.types;
    limited->children.push_back(std::move(query.plan));
    std::shared_ptr<TableRows> rows = binder_.RunPlan(std::move(limited));
    bool exists = false;
    for (const auto& chunk : *rows) exists = exists || chunk.size() > 0;
    return BoundExpression::Constant(Value::Boolean(exists != expression.negated));
  }
  if (query.types.size() != 1) {
    binder_.Fail(ErrorCode::kBinder, expression.position,
                 "subquery must return exactly one column, it returns " +
                     std::to_string(query.types.size()));
  }
  LogicalType type = query.types[0];
  std::shared_ptr<TableRows> rows = binder_.RunPlan(std::move(query.plan));
  std::vector<Value> values;
  for (const auto& chunk : *rows) {
    for (idx_t row = 0; row < chunk.size(); row++) values.push_back(chunk.GetValue(0, row));
  }
  if (expression.kind == ExpressionKind::kSubquery) {
    if (values.size() > 1) {
      binder_.Fail(ErrorCode::kInvalidInput, expression.position,
                   "more than one row returned by a subquery used as an expression");
    }
    return BoundExpression::Constant(values.empty() ? Value::Null(type) : values[0]);
  }
  BoundExpressionPtr input = BindNode(*expression.children[0]);
  Result<LogicalType> common = CommonSuperType(input->type, type);
  if (!common.ok()) {
    binder_.Fail(ErrorCode::kType, expression.position,
                 "IN (subquery): " + common.status().message());
  }
  input = AddCast(std::move(input), common.value());
  for (auto& value : values) value = value.CastTo(common.value());
  return MakeInSet(std::move(input), values, expression.negated);
}

std::vector<BoundExpressionPtr> ExpressionBinder::BindInInputs(const ParsedExpression& input) {
  std::vector<BoundExpressionPtr> inputs;
  if (!IsRowValue(input)) {
    inputs.push_back(BindNode(input));
    return inputs;
  }
  for (const auto& element : input.children) inputs.push_back(BindNode(*element));
  return inputs;
}

BoundExpressionPtr ExpressionBinder::ExpandRowIn(const ParsedExpression& expression,
                                                 BoundQuery query,
                                                 std::vector<BoundExpressionPtr> inputs) {
  // Where no join can take the subquery: its rows, read now, as (a = x1 AND b = y1) OR ...,
  // which gives IN's three-valued answer.
  constexpr size_t kMaxRows = 1000;
  std::shared_ptr<TableRows> rows = binder_.RunPlan(std::move(query.plan));
  std::vector<BoundExpressionPtr> matches;
  for (const auto& chunk : *rows) {
    for (idx_t row = 0; row < chunk.size(); row++) {
      if (matches.size() == kMaxRows) {
        binder_.Fail(ErrorCode::kNotImplemented, expression.position,
                     "a row value IN a subquery of more than " + std::to_string(kMaxRows) +
                         " rows in " + clause_ + " is not supported yet");
      }
      std::vector<BoundExpressionPtr> equalities;
      for (idx_t c = 0; c < inputs.size(); c++) {
        std::vector<BoundExpressionPtr> arguments;
        arguments.push_back(inputs[c]->Copy());
        arguments.push_back(BoundExpression::Constant(chunk.GetValue(c, row)));
        equalities.push_back(CallScalar("=", std::move(arguments), expression.position));
      }
      matches.push_back(MakeBoolean(BoundExpressionKind::kAnd, std::move(equalities)));
    }
  }
  BoundExpressionPtr result;
  if (matches.empty()) {
    result = BoundExpression::Constant(Value::Boolean(false));
  } else if (matches.size() == 1) {
    result = std::move(matches[0]);
  } else {
    result = MakeBoolean(BoundExpressionKind::kOr, std::move(matches));
  }
  if (!expression.negated) return result;
  std::vector<BoundExpressionPtr> wrapped;
  wrapped.push_back(std::move(result));
  return MakeBoolean(BoundExpressionKind::kNot, std::move(wrapped));
}

BoundExpressionPtr ExpressionBinder::BindRowComparison(const ParsedExpression& expression) {
  const std::string& op = expression.name;
  static const char* const kComparisons[] = {
      "=", "<>", "<", "<=", ">", ">=", "is distinct from", "is not distinct from"};
  if (expression.children.size() != 2 ||
      std::find(std::begin(kComparisons), std::end(kComparisons), op) == std::end(kComparisons)) {
    return nullptr;
  }
  const ParsedExpression& left = *expression.children[0];
  const ParsedExpression& right = *expression.children[1];
  if (!IsRowValue(left) && !IsRowValue(right)) return nullptr;
  if (!IsRowValue(left) || !IsRowValue(right) || left.children.size() != right.children.size()) {
    const ParsedExpression& row = IsRowValue(left) ? left : right;
    binder_.Fail(ErrorCode::kBinder, expression.position,
                 "a row value of " + std::to_string(row.children.size()) +
                     " elements must be compared (" + op +
                     ") with a row value of as many elements");
  }
  auto combine = [&](const std::string& name, std::unique_ptr<ParsedExpression> first,
                     std::unique_ptr<ParsedExpression> second) {
    auto node = std::make_unique<ParsedExpression>();
    node->kind = ExpressionKind::kOperator;
    node->position = expression.position;
    node->name = name;
    node->children.push_back(std::move(first));
    node->children.push_back(std::move(second));
    return node;
  };
  auto element = [&](const std::string& name, size_t i) {
    return combine(name, left.children[i]->Copy(), right.children[i]->Copy());
  };
  size_t count = left.children.size();
  std::unique_ptr<ParsedExpression> rewritten;
  if (op == "=" || op == "<>" || op == "is distinct from" || op == "is not distinct from") {
    // Equal when every element is; different when any is.
    bool all = op == "=" || op == "is not distinct from";
    rewritten = element(op, 0);
    for (size_t i = 1; i < count; i++) {
      rewritten = combine(all ? "and" : "or", std::move(rewritten), element(op, i));
    }
  } else {
    // Lexicographic: (a, b) < (c, d) == a < c OR (a = c AND b < d).
    std::string strict = op.substr(0, 1);
    rewritten = element(op, count - 1);
    for (size_t i = count - 1; i-- > 0;) {
      rewritten =
          combine("or", element(strict, i), combine("and", element("=", i), std::move(rewritten)));
    }
  }
  return BindNode(*rewritten);
}

}  // namespace tarn
