#include "planner/bound_expression.h"

#include <cctype>

namespace tarn {

std::unique_ptr<BoundExpression> BoundExpression::Constant(Value value) {
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = BoundExpressionKind::kConstant;
  expression->type = value.type();
  expression->value = std::move(value);
  return expression;
}

std::unique_ptr<BoundExpression> BoundExpression::ColumnRef(idx_t index, LogicalType type,
                                                            std::string name) {
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = BoundExpressionKind::kColumnRef;
  expression->type = type;
  expression->column_index = index;
  expression->name = std::move(name);
  return expression;
}

std::unique_ptr<BoundExpression> BoundExpression::Copy() const {
  auto copy = std::make_unique<BoundExpression>();
  copy->kind = kind;
  copy->type = type;
  copy->value = value;
  copy->column_index = column_index;
  copy->function = function;
  copy->try_cast = try_cast;
  copy->negated = negated;
  copy->key_set = key_set;
  copy->set_has_null = set_has_null;
  copy->name = name;
  for (const auto& child : children) copy->children.push_back(child->Copy());
  return copy;
}

bool BoundExpression::Equals(const BoundExpression& other) const {
  if (kind != other.kind || type != other.type || children.size() != other.children.size())
    return false;
  switch (kind) {
    case BoundExpressionKind::kConstant:
      if (!(value == other.value)) return false;
      break;
    case BoundExpressionKind::kColumnRef:
    case BoundExpressionKind::kAggregateRef:
    case BoundExpressionKind::kOuterColumnRef:
      if (column_index != other.column_index) return false;
      break;
    case BoundExpressionKind::kFunction:
      if (function.name != other.function.name || name != other.name) return false;
      break;
    case BoundExpressionKind::kCast:
      if (try_cast != other.try_cast) return false;
      break;
    case BoundExpressionKind::kInSet:
      if (negated != other.negated || key_set != other.key_set) return false;
      break;
    default:
      break;
  }
  for (size_t i = 0; i < children.size(); i++) {
    if (!children[i]->Equals(*other.children[i])) return false;
  }
  return true;
}

bool BoundExpression::IsVolatile() const {
  if (kind == BoundExpressionKind::kFunction && function.is_volatile) return true;
  for (const auto& child : children) {
    if (child->IsVolatile()) return true;
  }
  return false;
}

bool BoundExpression::IsConstant() const {
  if (kind == BoundExpressionKind::kColumnRef || kind == BoundExpressionKind::kAggregateRef ||
      kind == BoundExpressionKind::kOuterColumnRef)
    return false;
  if (kind == BoundExpressionKind::kFunction && function.is_volatile) return false;
  for (const auto& child : children) {
    if (!child->IsConstant()) return false;
  }
  return true;
}

std::string BoundExpression::ToString() const {
  auto join_children = [this](const std::string& separator) {
    std::string result;
    for (size_t i = 0; i < children.size(); i++) {
      if (i > 0) result += separator;
      result += children[i]->ToString();
    }
    return result;
  };
  switch (kind) {
    case BoundExpressionKind::kConstant:
      return value.ToSqlLiteral();
    case BoundExpressionKind::kColumnRef:
      return name.empty() ? "#" + std::to_string(column_index) : name;
    case BoundExpressionKind::kAggregateRef:
      return "aggregate#" + std::to_string(column_index);
    case BoundExpressionKind::kOuterColumnRef:
      return "outer." + (name.empty() ? std::to_string(column_index) : name);
    case BoundExpressionKind::kFunction: {
      const std::string& function_name = function.name;
      bool is_operator =
          !function_name.empty() && !std::isalpha(static_cast<unsigned char>(function_name[0]));
      if (is_operator && children.size() == 2) {
        return "(" + children[0]->ToString() + " " + function_name + " " + children[1]->ToString() +
               ")";
      }
      return function_name + "(" + join_children(", ") + ")";
    }
    case BoundExpressionKind::kCast:
      return std::string(try_cast ? "TRY_CAST(" : "CAST(") + children[0]->ToString() + " AS " +
             type.ToString() + ")";
    case BoundExpressionKind::kAnd:
      return "(" + join_children(" AND ") + ")";
    case BoundExpressionKind::kOr:
      return "(" + join_children(" OR ") + ")";
    case BoundExpressionKind::kNot:
      return "NOT " + children[0]->ToString();
    case BoundExpressionKind::kIsNull:
      return children[0]->ToString() + " IS NULL";
    case BoundExpressionKind::kIsNotNull:
      return children[0]->ToString() + " IS NOT NULL";
    case BoundExpressionKind::kCase: {
      std::string result = "CASE";
      for (size_t i = 0; i + 1 < children.size(); i += 2) {
        result += " WHEN " + children[i]->ToString() + " THEN " + children[i + 1]->ToString();
      }
      return result + " ELSE " + children.back()->ToString() + " END";
    }
    case BoundExpressionKind::kInSet:
      return children[0]->ToString() + (negated ? " NOT IN (...)" : " IN (...)");
  }
  return "?";
}

void VisitColumnRefs(BoundExpression& expression,
                     const std::function<void(BoundExpression&)>& visit) {
  if (expression.kind == BoundExpressionKind::kColumnRef) visit(expression);
  for (auto& child : expression.children) VisitColumnRefs(*child, visit);
}

void ForEachColumnRef(const BoundExpression& expression,
                      const std::function<void(const BoundExpression&)>& visit) {
  if (expression.kind == BoundExpressionKind::kColumnRef) visit(expression);
  for (const auto& child : expression.children) ForEachColumnRef(*child, visit);
}

}  // namespace tarn
