#include "parser/ast.h"

namespace tarn {

namespace {

template <class T>
std::unique_ptr<T> CopyPointer(const std::unique_ptr<T>& pointer) {
  return pointer ? pointer->Copy() : nullptr;
}

std::vector<std::unique_ptr<ParsedExpression>> CopyList(
    const std::vector<std::unique_ptr<ParsedExpression>>& list) {
  std::vector<std::unique_ptr<ParsedExpression>> copy;
  copy.reserve(list.size());
  for (const auto& item : list) copy.push_back(CopyPointer(item));
  return copy;
}

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// Operands that are themselves operators get parentheses so the text reads unambiguously.
std::string OperandString(const ParsedExpression& operand) {
  switch (operand.kind) {
    case ExpressionKind::kOperator:
    case ExpressionKind::kBetween:
    case ExpressionKind::kInList:
    case ExpressionKind::kInSubquery:
      return "(" + operand.ToString() + ")";
    default:
      return operand.ToString();
  }
}

std::string JoinArguments(const std::vector<std::unique_ptr<ParsedExpression>>& list,
                          size_t first) {
  std::string text;
  for (size_t i = first; i < list.size(); i++) {
    if (i > first) text += ", ";
    text += list[i]->ToString();
  }
  return text;
}

std::vector<OrderByItem> CopyOrderBy(const std::vector<OrderByItem>& items) {
  std::vector<OrderByItem> copy;
  for (const auto& item : items) {
    OrderByItem copied;
    copied.expression = CopyPointer(item.expression);
    copied.descending = item.descending;
    copied.nulls_first = item.nulls_first;
    copy.push_back(std::move(copied));
  }
  return copy;
}

std::string OrderByString(const std::vector<OrderByItem>& items) {
  std::string text;
  for (size_t i = 0; i < items.size(); i++) {
    if (i > 0) text += ", ";
    text += items[i].expression->ToString() + (items[i].descending ? " DESC" : "");
    if (items[i].nulls_first) text += *items[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  return text;
}

}  // namespace

std::unique_ptr<ParsedExpression> ParsedExpression::Copy() const {
  auto copy = std::make_unique<ParsedExpression>();
  copy->kind = kind;
  copy->position = position;
  copy->alias = alias;
  copy->value = value;
  copy->column_path = column_path;
  copy->name = name;
  copy->children = CopyList(children);
  copy->names = names;
  copy->star_renames = star_renames;
  copy->subquery = CopyPointer(subquery);
  copy->cast_type = cast_type;
  copy->try_cast = try_cast;
  copy->distinct = distinct;
  copy->is_star = is_star;
  copy->negated = negated;
  copy->has_else = has_else;
  copy->window = CopyPointer(window);
  copy->filter = CopyPointer(filter);
  copy->order_by = CopyOrderBy(order_by);
  copy->within_group = within_group;
  copy->ignore_nulls = ignore_nulls;
  return copy;
}

namespace {

FrameBound CopyBound(const FrameBound& bound) {
  FrameBound copy;
  copy.kind = bound.kind;
  copy.offset = CopyPointer(bound.offset);
  return copy;
}

std::string BoundString(const FrameBound& bound) {
  switch (bound.kind) {
    case FrameBoundKind::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kPreceding:
      return (bound.offset ? bound.offset->ToString() : "") + " PRECEDING";
    case FrameBoundKind::kCurrentRow:
      return "CURRENT ROW";
    case FrameBoundKind::kFollowing:
      return (bound.offset ? bound.offset->ToString() : "") + " FOLLOWING";
    case FrameBoundKind::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "";
}

}  // namespace

std::unique_ptr<WindowSpec> WindowSpec::Copy() const {
  auto copy = std::make_unique<WindowSpec>();
  copy->base_name = base_name;
  copy->partition_by = CopyList(partition_by);
  copy->order_by = CopyOrderBy(order_by);
  copy->has_frame = has_frame;
  copy->frame_unit = frame_unit;
  copy->frame_start = CopyBound(frame_start);
  copy->frame_end = CopyBound(frame_end);
  copy->frame_exclusion = frame_exclusion;
  return copy;
}

std::string WindowSpec::ToString() const {
  std::string text = base_name;
  if (!partition_by.empty()) {
    text += std::string(text.empty() ? "" : " ") + "PARTITION BY " + JoinArguments(partition_by, 0);
  }
  if (!order_by.empty()) {
    text += std::string(text.empty() ? "" : " ") + "ORDER BY " + OrderByString(order_by);
  }
  if (has_frame) {
    const char* unit = frame_unit == FrameUnit::kRows     ? "ROWS"
                       : frame_unit == FrameUnit::kGroups ? "GROUPS"
                                                          : "RANGE";
    text += std::string(text.empty() ? "" : " ") + unit + " BETWEEN " + BoundString(frame_start) +
            " AND " + BoundString(frame_end);
    switch (frame_exclusion) {
      case FrameExclusion::kNoOthers:
        break;
      case FrameExclusion::kCurrentRow:
        text += " EXCLUDE CURRENT ROW";
        break;
      case FrameExclusion::kGroup:
        text += " EXCLUDE GROUP";
        break;
      case FrameExclusion::kTies:
        text += " EXCLUDE TIES";
        break;
    }
  }
  return text;
}

std::string ParsedExpression::ToString() const {
  switch (kind) {
    case ExpressionKind::kConstant:
      return value.ToSqlLiteral();
    case ExpressionKind::kColumnRef:
      return column_path.empty() ? "" : column_path.back();
    case ExpressionKind::kStar: {
      std::string text = column_path.empty() ? "*" : column_path.back() + ".*";
      if (!names.empty()) {
        text += " EXCLUDE (";
        for (size_t i = 0; i < names.size(); i++) text += (i > 0 ? ", " : "") + names[i];
        text += ")";
      }
      return text;
    }
    case ExpressionKind::kFunction: {
      // Subscripts and field access read back as written: l[1], l[2:3], s.field.
      bool plain = !is_star && !distinct && !window && !filter && order_by.empty();
      if (plain && name == "element_at" && children.size() == 2) {
        return OperandString(*children[0]) + "[" + children[1]->ToString() + "]";
      }
      if (plain && name == "list_slice" && children.size() == 3) {
        auto bound = [](const ParsedExpression& expression) {
          bool open = expression.kind == ExpressionKind::kConstant && expression.value.is_null();
          return open ? std::string() : expression.ToString();
        };
        return OperandString(*children[0]) + "[" + bound(*children[1]) + ":" + bound(*children[2]) +
               "]";
      }
      if (plain && name == "struct_extract" && children.size() == 2 &&
          children[1]->kind == ExpressionKind::kConstant &&
          children[1]->value.type().id() == TypeId::kVarchar && !children[1]->value.is_null()) {
        return OperandString(*children[0]) + "." + children[1]->value.GetString();
      }
      std::string text =
          is_star ? name + "(*"
                  : name + "(" + (distinct ? "DISTINCT " : "") + JoinArguments(children, 0);
      if (!order_by.empty() && !within_group) text += " ORDER BY " + OrderByString(order_by);
      text += ")";
      if (within_group) text += " WITHIN GROUP (ORDER BY " + OrderByString(order_by) + ")";
      if (ignore_nulls) text += " IGNORE NULLS";
      if (filter) text += " FILTER (WHERE " + filter->ToString() + ")";
      if (window) text += " OVER (" + window->ToString() + ")";
      return text;
    }
    case ExpressionKind::kOperator: {
      if (children.size() == 1) {
        if (name == "not") return "NOT " + OperandString(*children[0]);
        if (name == "negate") {
          std::string operand = OperandString(*children[0]);
          // "--x" would read as a comment.
          return operand.starts_with("-") ? "-(" + operand + ")" : "-" + operand;
        }
        return OperandString(*children[0]) + " " + Upper(name);
      }
      if (children.size() < 2) return name;
      std::string text =
          OperandString(*children[0]) + " " + Upper(name) + " " + OperandString(*children[1]);
      if (children.size() > 2) text += " ESCAPE " + OperandString(*children[2]);
      return text;
    }
    case ExpressionKind::kCast:
      return std::string(try_cast ? "TRY_CAST(" : "CAST(") +
             (children.empty() ? "" : children[0]->ToString()) + " AS " + cast_type.ToString() +
             ")";
    case ExpressionKind::kCase: {
      std::string text = "CASE";
      size_t pairs = (children.size() - (has_else ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; i++) {
        text += " WHEN " + children[2 * i]->ToString() + " THEN " + children[2 * i + 1]->ToString();
      }
      if (has_else && !children.empty()) text += " ELSE " + children.back()->ToString();
      return text + " END";
    }
    case ExpressionKind::kBetween:
      if (children.size() != 3) return "BETWEEN";
      return OperandString(*children[0]) + (negated ? " NOT BETWEEN " : " BETWEEN ") +
             OperandString(*children[1]) + " AND " + OperandString(*children[2]);
    case ExpressionKind::kInList:
      if (children.empty()) return "IN ()";
      return OperandString(*children[0]) + (negated ? " NOT IN (" : " IN (") +
             JoinArguments(children, 1) + ")";
    case ExpressionKind::kInSubquery:
      if (children.empty()) return "IN (SELECT ...)";
      return OperandString(*children[0]) + (negated ? " NOT IN " : " IN ") + "(SELECT ...)";
    case ExpressionKind::kExists:
      return negated ? "NOT EXISTS(SELECT ...)" : "EXISTS(SELECT ...)";
    case ExpressionKind::kSubquery:
      return "(SELECT ...)";
    case ExpressionKind::kStruct: {
      std::string text = "{";
      for (size_t i = 0; i < children.size(); i++) {
        if (i > 0) text += ", ";
        std::string key = i < names.size() ? names[i] : "";
        text += Value::Varchar(key).ToSqlLiteral() + ": " + children[i]->ToString();
      }
      return text + "}";
    }
    case ExpressionKind::kList:
      return "[" + JoinArguments(children, 0) + "]";
  }
  return name;
}

std::unique_ptr<TableRef> TableRef::Copy() const {
  auto copy = std::make_unique<TableRef>();
  copy->kind = kind;
  copy->position = position;
  copy->alias = alias;
  copy->column_aliases = column_aliases;
  copy->name = name;
  copy->schema = schema;
  copy->is_file_path = is_file_path;
  copy->with_ordinality = with_ordinality;
  copy->arguments = CopyList(arguments);
  for (const auto& [key, value] : named_arguments) {
    copy->named_arguments.emplace_back(key, CopyPointer(value));
  }
  copy->subquery = CopyPointer(subquery);
  copy->join_type = join_type;
  copy->left = CopyPointer(left);
  copy->right = CopyPointer(right);
  copy->condition = CopyPointer(condition);
  copy->using_columns = using_columns;
  copy->natural = natural;
  copy->lateral = lateral;
  return copy;
}

std::unique_ptr<QueryNode> QueryNode::Copy() const {
  auto copy = std::make_unique<QueryNode>();
  copy->kind = kind;
  copy->position = position;
  copy->distinct = distinct;
  copy->select_list = CopyList(select_list);
  copy->from = CopyPointer(from);
  copy->where = CopyPointer(where);
  copy->group_by = CopyList(group_by);
  copy->having = CopyPointer(having);
  copy->grouping_sets = grouping_sets;
  copy->distinct_on = CopyList(distinct_on);
  for (const auto& [window_name, spec] : windows) {
    copy->windows.emplace_back(window_name, CopyPointer(spec));
  }
  copy->qualify = CopyPointer(qualify);
  copy->set_operation = set_operation;
  copy->set_all = set_all;
  copy->left = CopyPointer(left);
  copy->right = CopyPointer(right);
  copy->values.reserve(values.size());
  for (const auto& row : values) copy->values.push_back(CopyList(row));
  for (const auto& cte : ctes) {
    CommonTableExpression cte_copy;
    cte_copy.name = cte.name;
    cte_copy.column_aliases = cte.column_aliases;
    cte_copy.query = CopyPointer(cte.query);
    cte_copy.recursive = cte.recursive;
    cte_copy.materialization = cte.materialization;
    copy->ctes.push_back(std::move(cte_copy));
  }
  for (const auto& item : order_by) {
    OrderByItem item_copy;
    item_copy.expression = CopyPointer(item.expression);
    item_copy.descending = item.descending;
    item_copy.nulls_first = item.nulls_first;
    copy->order_by.push_back(std::move(item_copy));
  }
  copy->limit = CopyPointer(limit);
  copy->offset = CopyPointer(offset);
  return copy;
}

}  // namespace tarn
