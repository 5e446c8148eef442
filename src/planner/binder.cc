#include "planner/binder.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/string_distance.h"
#include "execution/expression_executor.h"
#include "execution/key_encoder.h"
#include "function/cast.h"
#include "parser/parser.h"
#include "planner/decorrelation.h"
#include "planner/expression_binder.h"

namespace tarn {

namespace {

constexpr int kMaxDepth = 200;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::vector<LogicalType> TypesOf(const std::vector<BoundExpressionPtr>& expressions) {
  std::vector<LogicalType> types;
  for (const auto& expression : expressions) types.push_back(expression->type);
  return types;
}

LogicalOperatorPtr MakeFilter(LogicalOperatorPtr child, BoundExpressionPtr predicate) {
  auto filter = std::make_unique<LogicalOperator>();
  filter->kind = LogicalKind::kFilter;
  filter->types = child->types;
  filter->estimated_rows = child->estimated_rows * 0.5;
  SplitConjuncts(std::move(predicate), filter->expressions);
  filter->children.push_back(std::move(child));
  return filter;
}

// One row with no columns: the input of SELECT without FROM.
LogicalOperatorPtr MakeSingleRow() {
  auto rows = std::make_shared<TableRows>();
  DataChunk chunk(std::vector<LogicalType>{});
  chunk.SetSize(1);
  rows->push_back(std::move(chunk));
  auto scan = std::make_unique<LogicalOperator>();
  scan->kind = LogicalKind::kRows;
  scan->rows = std::move(rows);
  scan->label = "single row";
  scan->estimated_rows = 1;
  return scan;
}

// DISTINCT over all columns of `plan`: a group-by without aggregates.
LogicalOperatorPtr MakeDistinct(LogicalOperatorPtr plan) {
  auto aggregate = std::make_unique<LogicalOperator>();
  aggregate->kind = LogicalKind::kAggregate;
  aggregate->types = plan->types;
  aggregate->estimated_rows = plan->estimated_rows;
  for (idx_t i = 0; i < plan->types.size(); i++) {
    aggregate->expressions.push_back(BoundExpression::ColumnRef(i, plan->types[i], ""));
  }
  aggregate->children.push_back(std::move(plan));
  return aggregate;
}

// Keys of a chunk's rows: byte strings equal exactly when the rows are not distinct.
std::vector<std::string_view> EncodeRows(const DataChunk& chunk, Arena& arena) {
  std::vector<const Vector*> columns;
  for (idx_t c = 0; c < chunk.ColumnCount(); c++) columns.push_back(&chunk.column(c));
  std::vector<std::string_view> keys(chunk.size());
  if (chunk.size() > 0)
    EncodeKeys(columns, chunk.selection(), chunk.size(), {}, arena, keys.data());
  return keys;
}

// Copies the chosen rows of `chunk` to the end of `out`.
void AppendRows(const DataChunk& chunk, const std::vector<idx_t>& rows,
                const std::vector<LogicalType>& types, TableRows& out) {
  for (idx_t row : rows) {
    if (out.empty() || out.back().size() == kVectorSize) out.emplace_back(types);
    DataChunk& target = out.back();
    idx_t index = target.size();
    for (idx_t c = 0; c < types.size(); c++)
      target.column(c).SetValue(index, chunk.GetValue(c, row));
    target.SetSize(index + 1);
  }
}

idx_t CountRows(const TableRows& rows) {
  idx_t count = 0;
  for (const auto& chunk : rows) count += chunk.size();
  return count;
}

LogicalOperatorPtr MakeRowsScan(std::shared_ptr<const TableRows> rows,
                                const std::vector<LogicalType>& types, std::string label) {
  auto scan = std::make_unique<LogicalOperator>();
  scan->kind = LogicalKind::kRows;
  scan->estimated_rows = static_cast<double>(CountRows(*rows));
  scan->rows = std::move(rows);
  scan->label = std::move(label);
  scan->types = types;
  scan->source_types = types;
  for (idx_t c = 0; c < types.size(); c++) scan->column_ids.push_back(c);
  return scan;
}

std::string FileStem(const std::string& path) {
  std::string name =
      path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  size_t dot = name.find('.');
  if (dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  return Lower(name);
}

}  // namespace

Value EvaluateConstant(const BoundExpression& expression) {
  DataChunk input(std::vector<LogicalType>{});
  input.SetSize(1);
  Vector result(expression.type, kVectorSize);
  ExpressionExecutor executor;
  executor.Execute(expression, input, result);
  return result.GetValue(0);
}

BoundExpressionPtr FoldConstant(BoundExpressionPtr expression) {
  try {
    return BoundExpression::Constant(EvaluateConstant(*expression));
  } catch (const TarnException& error) {
    if (error.code() == ErrorCode::kInternal) throw;
    return expression;
  }
}

BoundExpressionPtr AddCast(BoundExpressionPtr expression, const LogicalType& type, bool try_cast) {
  if (expression->type == type && !try_cast) return expression;
  auto node = std::make_unique<BoundExpression>();
  node->kind = BoundExpressionKind::kCast;
  node->type = type;
  node->try_cast = try_cast;
  node->children.push_back(std::move(expression));
  if (node->children[0]->kind != BoundExpressionKind::kConstant) return node;
  if (try_cast) return BoundExpression::Constant(EvaluateConstant(*node));
  // A constant cast that fails (CAST('x' AS INTEGER)) stays a cast, like any constant
  // expression that fails (see FoldConstant).
  try {
    return BoundExpression::Constant(node->children[0]->value.CastTo(type));
  } catch (const TarnException& error) {
    if (error.code() == ErrorCode::kInternal) throw;
    return node;
  }
}

LogicalOperatorPtr CastColumns(LogicalOperatorPtr plan, const std::vector<LogicalType>& types) {
  if (plan->types == types) return plan;
  std::vector<BoundExpressionPtr> expressions;
  for (idx_t i = 0; i < types.size(); i++) {
    expressions.push_back(AddCast(BoundExpression::ColumnRef(i, plan->types[i], ""), types[i]));
  }
  return MakeProjection(std::move(plan), std::move(expressions));
}

Binder::Binder(Catalog& catalog, std::string_view sql, PlanRunner run_plan,
               TableResolver resolve_table)
    : catalog_(catalog),
      sql_(sql),
      run_plan_(std::move(run_plan)),
      resolve_table_(std::move(resolve_table)) {}

void Binder::Fail(ErrorCode code, size_t position, const std::string& message) const {
  if (position < sql_.size() && code != ErrorCode::kInternal) {
    ThrowError(code, FormatErrorAtPosition(sql_, position, message));
  }
  ThrowError(code, message);
}

BoundQuery Binder::BindQuery(const QueryNode& node) {
  bool statement_root = depth_ == 0;
  if (++depth_ > kMaxDepth) Fail(ErrorCode::kBinder, node.position, "query nested too deeply");
  cte_scopes_.emplace_back();
  for (const auto& cte : node.ctes) cte_scopes_.back()[Lower(cte.name)] = &cte;
  BoundQuery result;
  switch (node.kind) {
    case QueryNodeKind::kSelect:
      result = BindSelect(node);
      break;
    case QueryNodeKind::kSetOperation:
      result = BindSetOperation(node);
      break;
    case QueryNodeKind::kValues:
      result = BindValues(node);
      break;
  }
  cte_scopes_.pop_back();
  depth_--;
  if (statement_root) result.plan = PlaceMaterializedCtes(std::move(result.plan));
  return result;
}

idx_t Binder::BindLimitValue(const ParsedExpression& expression, const char* clause) {
  Scope empty;
  ExpressionBinder binder(*this, empty, nullptr, clause);
  BoundExpressionPtr bound = binder.Bind(expression);
  if (bound->kind != BoundExpressionKind::kConstant) {
    Fail(ErrorCode::kBinder, expression.position, std::string(clause) + " must be a constant");
  }
  Value value = bound->value;
  if (value.is_null()) return UINT64_MAX;
  if (!value.type().IsInteger()) {
    Fail(ErrorCode::kType, expression.position,
         std::string(clause) + " must be an integer, not " + value.type().ToString());
  }
  if (value.GetBigint() < 0) {
    Fail(ErrorCode::kInvalidInput, expression.position,
         std::string(clause) + " must not be negative");
  }
  return static_cast<idx_t>(value.GetBigint());
}

void Binder::ApplyOrderAndLimit(
    const QueryNode& node, BoundQuery& query,
    const std::vector<const ParsedExpression*>& select_items,
    const std::function<BoundExpressionPtr(const ParsedExpression&)>& bind_hidden,
    const std::function<std::string(const ParsedExpression&)>& match_key) {
  std::optional<idx_t> limit;
  idx_t offset = 0;
  if (node.limit) {
    idx_t value = BindLimitValue(*node.limit, "LIMIT");
    if (value != UINT64_MAX) limit = value;
  }
  if (node.offset) {
    idx_t value = BindLimitValue(*node.offset, "OFFSET");
    offset = value == UINT64_MAX ? 0 : value;
  }
  size_t visible = query.types.size();
  if (!node.order_by.empty()) {
    std::vector<BoundOrderItem> orders;
    // Hidden sort columns are appended to the projection below the sort when possible.
    LogicalOperator* projection =
        query.plan->kind == LogicalKind::kProjection ? query.plan.get() : nullptr;
    for (const auto& item : node.order_by) {
      const ParsedExpression& expression = *item.expression;
      std::optional<idx_t> column;
      if (expression.kind == ExpressionKind::kConstant && expression.value.type().IsInteger()) {
        int64_t ordinal = expression.value.GetBigint();
        if (ordinal < 1 || ordinal > static_cast<int64_t>(visible)) {
          Fail(ErrorCode::kBinder, expression.position,
               "ORDER BY position " + std::to_string(ordinal) + " is not in the select list (1.." +
                   std::to_string(visible) + ")");
        }
        column = static_cast<idx_t>(ordinal - 1);
      } else if (expression.kind == ExpressionKind::kColumnRef &&
                 expression.column_path.size() == 1) {
        std::string name = Lower(expression.column_path[0]);
        for (idx_t i = 0; i < visible && !column; i++) {
          if (Lower(query.names[i]) == name) column = i;
        }
      }
      if (!column) {
        auto key = [&](const ParsedExpression& item) {
          return match_key ? match_key(item) : item.ToString();
        };
        std::string text = key(expression);
        for (idx_t i = 0; i < select_items.size() && !column; i++) {
          if (select_items[i] && key(*select_items[i]) == text) column = i;
        }
      }
      if (!column) {
        if (!bind_hidden || !projection) {
          Fail(ErrorCode::kBinder, expression.position,
               "ORDER BY expression \"" + expression.ToString() +
                   "\" must be in the select list here");
        }
        BoundExpressionPtr hidden = bind_hidden(expression);
        projection->types.push_back(hidden->type);
        projection->expressions.push_back(std::move(hidden));
        column = projection->types.size() - 1;
      }
      BoundOrderItem order;
      LogicalType type = projection ? projection->types[*column] : query.types[*column];
      order.expression =
          BoundExpression::ColumnRef(*column, type, *column < visible ? query.names[*column] : "");
      order.order.descending = item.descending;
      order.order.nulls_first = item.nulls_first.value_or(item.descending);
      orders.push_back(std::move(order));
    }
    auto sort = std::make_unique<LogicalOperator>();
    sort->kind = LogicalKind::kOrder;
    sort->types = query.plan->types;
    sort->estimated_rows = query.plan->estimated_rows;
    sort->orders = std::move(orders);
    sort->limit = limit;
    sort->offset = offset;
    sort->children.push_back(std::move(query.plan));
    query.plan = std::move(sort);
    if (query.plan->types.size() > visible) {
      std::vector<BoundExpressionPtr> expressions;
      for (idx_t i = 0; i < visible; i++) {
        expressions.push_back(BoundExpression::ColumnRef(i, query.types[i], query.names[i]));
      }
      query.plan = MakeProjection(std::move(query.plan), std::move(expressions));
    }
    return;
  }
  if (limit || offset > 0) {
    auto limit_operator = std::make_unique<LogicalOperator>();
    limit_operator->kind = LogicalKind::kLimit;
    limit_operator->types = query.plan->types;
    limit_operator->estimated_rows =
        limit ? std::min<double>(*limit, query.plan->estimated_rows) : query.plan->estimated_rows;
    limit_operator->limit = limit;
    limit_operator->offset = offset;
    limit_operator->children.push_back(std::move(query.plan));
    query.plan = std::move(limit_operator);
  }
}

namespace {

// A copy of `expression` where each bare name that is not a column of `scope` but the
// alias of a select item is replaced by that item (QUALIFY rn = 1, DISTINCT ON (alias)).
std::unique_ptr<ParsedExpression> SubstituteSelectAliases(
    const ParsedExpression& expression, const std::vector<const ParsedExpression*>& select_items,
    const Binder::Scope& scope) {
  auto replacement = [&](const ParsedExpression& node) -> const ParsedExpression* {
    if (node.kind != ExpressionKind::kColumnRef || node.column_path.size() != 1) return nullptr;
    std::string name = Lower(node.column_path[0]);
    for (const auto& column : scope) {
      if (Lower(column.name) == name) return nullptr;
    }
    for (const auto* item : select_items) {
      if (!item->alias.empty() && Lower(item->alias) == name) return item;
    }
    return nullptr;
  };
  std::function<void(std::unique_ptr<ParsedExpression>&)> visit =
      [&](std::unique_ptr<ParsedExpression>& node) {
        if (const ParsedExpression* item = replacement(*node)) {
          node = item->Copy();
          node->alias.clear();
          return;
        }
        for (auto& child : node->children) visit(child);
        if (node->filter) visit(node->filter);
      };
  std::unique_ptr<ParsedExpression> copy = expression.Copy();
  visit(copy);
  return copy;
}

// The select item an ORDER BY / DISTINCT ON entry names by position (1-based), else a copy
// of the entry with select aliases substituted.
std::unique_ptr<ParsedExpression> ResolveSelectReference(
    const ParsedExpression& expression, const std::vector<const ParsedExpression*>& select_items,
    const Binder::Scope& scope) {
  if (expression.kind == ExpressionKind::kConstant && expression.value.type().IsInteger()) {
    int64_t ordinal = expression.value.GetBigint();
    if (ordinal >= 1 && ordinal <= static_cast<int64_t>(select_items.size())) {
      auto copy = select_items[ordinal - 1]->Copy();
      copy->alias.clear();
      return copy;
    }
  }
  return SubstituteSelectAliases(expression, select_items, scope);
}

// Places a filter on `column` directly above `target` inside the plan under `root`.
bool InsertFilterAbove(LogicalOperatorPtr& root, const LogicalOperator* target, idx_t column) {
  if (root.get() == target) {
    auto filter = std::make_unique<LogicalOperator>();
    filter->kind = LogicalKind::kFilter;
    filter->types = root->types;
    filter->estimated_rows = root->estimated_rows * 0.5;
    filter->expressions.push_back(
        BoundExpression::ColumnRef(column, root->types[column], "qualify"));
    filter->children.push_back(std::move(root));
    root = std::move(filter);
    return true;
  }
  for (auto& child : root->children) {
    if (InsertFilterAbove(child, target, column)) return true;
  }
  return false;
}

}  // namespace

void Binder::ExpandStar(const ParsedExpression& star, const Scope& scope,
                        std::vector<const ParsedExpression*>& select_items,
                        std::vector<std::string>& names,
                        std::vector<std::unique_ptr<ParsedExpression>>& storage) {
  const auto& path = star.column_path;
  const std::string qualifier = path.empty() ? "" : Lower(path[0]);
  auto column_reference = [&](const Column& column) {
    auto reference = std::make_unique<ParsedExpression>();
    reference->kind = ExpressionKind::kColumnRef;
    reference->position = star.position;
    if (!column.table.empty()) reference->column_path.push_back(column.table);
    reference->column_path.push_back(column.name);
    return reference;
  };
  // (name, expression, scope index or -1) for each column the star stands for.
  struct Expanded {
    std::string name;
    std::unique_ptr<ParsedExpression> expression;
    int64_t scope_index;
  };
  std::vector<Expanded> expanded;
  bool qualifier_is_table = false;
  for (const Column& column : scope)
    qualifier_is_table |= !column.hidden && column.table == qualifier;
  if (path.empty() || (path.size() == 1 && qualifier_is_table)) {
    for (idx_t index = 0; index < scope.size(); index++) {
      const Column& column = scope[index];
      if (column.hidden) continue;
      if (!qualifier.empty() && column.table != qualifier) continue;
      expanded.push_back({column.name, column_reference(column), static_cast<int64_t>(index)});
    }
    if (expanded.empty()) {
      Fail(ErrorCode::kBinder, star.position, "SELECT * with no columns to select");
    }
  } else {
    // A STRUCT column: path[0] is the column, or path[0] its table and path[1] the column.
    const Column* found = nullptr;
    size_t used = 1;
    for (const Column& column : scope) {
      if (!column.hidden && Lower(column.name) == qualifier) {
        found = &column;
        break;
      }
    }
    if (!found && path.size() >= 2) {
      for (const Column& column : scope) {
        if (column.table == qualifier && Lower(column.name) == Lower(path[1])) {
          found = &column;
          used = 2;
          break;
        }
      }
    }
    std::string shown;
    for (const auto& part : path) shown += (shown.empty() ? "" : ".") + part;
    if (!found) {
      Fail(ErrorCode::kBinder, star.position,
           "table \"" + shown +
               "\" is not in the FROM clause, nor is a STRUCT column of that "
               "name (for " +
               shown + ".*)");
    }
    LogicalType type = found->type;
    std::vector<std::string> fields_on_the_way;
    for (size_t i = used; i < path.size(); i++) {
      int field = type.id() == TypeId::kStruct ? type.FieldIndex(path[i]) : -1;
      if (field < 0) {
        Fail(ErrorCode::kBinder, star.position,
             "\"" + shown + ".*\": " + type.ToString() + " has no field \"" + path[i] + "\"");
      }
      fields_on_the_way.push_back(type.children()[field].first);
      type = type.children()[field].second;
    }
    if (type.id() != TypeId::kStruct) {
      Fail(ErrorCode::kBinder, star.position,
           "\"" + shown + ".*\" expands a table or a STRUCT column, but \"" + shown + "\" is " +
               type.ToString());
    }
    auto extract = [&](std::unique_ptr<ParsedExpression> input, const std::string& field) {
      auto call = std::make_unique<ParsedExpression>();
      call->kind = ExpressionKind::kFunction;
      call->position = star.position;
      call->name = "struct_extract";
      call->children.push_back(std::move(input));
      auto name = std::make_unique<ParsedExpression>();
      name->kind = ExpressionKind::kConstant;
      name->position = star.position;
      name->value = Value::Varchar(field);
      call->children.push_back(std::move(name));
      return call;
    };
    for (const auto& [field_name, field_type] : type.children()) {
      std::unique_ptr<ParsedExpression> expression = column_reference(*found);
      for (const auto& step : fields_on_the_way) expression = extract(std::move(expression), step);
      expression = extract(std::move(expression), field_name);
      expanded.push_back({field_name, std::move(expression), -1});
    }
  }

  std::set<std::string> excluded;
  std::unordered_map<std::string, const ParsedExpression*> replaced;
  std::unordered_map<std::string, std::string> renamed;
  std::set<std::string> available;
  for (const auto& entry : expanded) available.insert(Lower(entry.name));
  auto check = [&](const std::string& name, const char* clause) {
    if (!available.count(Lower(name))) {
      Fail(ErrorCode::kBinder, star.position,
           std::string("column \"") + name + "\" in " + clause +
               " is not among the columns that * selects");
    }
  };
  for (const auto& name : star.names) {
    check(name, "EXCLUDE");
    excluded.insert(Lower(name));
  }
  for (const auto& replacement : star.children) {
    check(replacement->alias, "REPLACE");
    replaced[Lower(replacement->alias)] = replacement.get();
  }
  for (const auto& [old_name, new_name] : star.star_renames) {
    check(old_name, "RENAME");
    renamed[Lower(old_name)] = new_name;
  }
  bool any = false;
  for (auto& entry : expanded) {
    std::string key = Lower(entry.name);
    if (excluded.count(key)) continue;
    any = true;
    auto replacement = replaced.find(key);
    if (replacement != replaced.end()) {
      select_items.push_back(replacement->second);
      names.push_back(entry.name);
      continue;
    }
    auto rename = renamed.find(key);
    names.push_back(rename != renamed.end() ? rename->second : entry.name);
    select_items.push_back(entry.expression.get());
    if (entry.scope_index >= 0) star_columns_[entry.expression.get()] = entry.scope_index;
    storage.push_back(std::move(entry.expression));
  }
  if (!any) Fail(ErrorCode::kBinder, star.position, "SELECT * with no columns to select");
}

BoundQuery Binder::BindSelect(const QueryNode& node) {
  struct RestoreNamedWindows {
    Binder* binder;
    const std::vector<std::pair<std::string, std::unique_ptr<WindowSpec>>>* saved;
    ~RestoreNamedWindows() { binder->named_windows_ = saved; }
  } restore_named_windows{this, named_windows_};
  named_windows_ = &node.windows;
  Scope scope;
  LogicalOperatorPtr plan = node.from ? BindTableRef(*node.from, scope) : MakeSingleRow();

  // Correlated subqueries in WHERE and in the select list join onto `plan`.
  ExpressionBinder::CorrelationTarget correlation{&plan, &scope};
  if (node.where) {
    ExpressionBinder where_binder(*this, scope, nullptr, "WHERE", &correlation);
    // (An aggregate of the enclosing query's columns alone belongs to that query.)
    if (!outer_aggregate_binder_ && ExpressionBinder::ContainsAggregate(*node.where)) {
      Fail(ErrorCode::kBinder, node.where->position,
           "aggregate functions are not allowed in WHERE; use HAVING");
    }
    // Bound first: binding may replace `plan` with a join.
    BoundExpressionPtr condition = where_binder.BindFilter(*node.where);
    plan = MakeFilter(std::move(plan), std::move(condition));
  }

  // Expand the select list: stars become column references.
  std::vector<std::unique_ptr<ParsedExpression>> expanded_storage;
  struct ForgetExpanded {
    Binder* binder;
    std::vector<std::unique_ptr<ParsedExpression>>* storage;
    ~ForgetExpanded() {
      for (const auto& expression : *storage) binder->star_columns_.erase(expression.get());
    }
  } forget_expanded{this, &expanded_storage};
  std::vector<const ParsedExpression*> select_items;
  std::vector<std::string> names;
  for (const auto& item : node.select_list) {
    if (item->kind != ExpressionKind::kStar) {
      select_items.push_back(item.get());
      names.push_back(!item->alias.empty()                       ? item->alias
                      : item->kind == ExpressionKind::kColumnRef ? item->column_path.back()
                                                                 : item->ToString());
      continue;
    }
    ExpandStar(*item, scope, select_items, names, expanded_storage);
  }

  // QUALIFY, and DISTINCT ON as the QUALIFY row_number() OVER (PARTITION BY the DISTINCT
  // ON expressions ORDER BY the query's ORDER BY) = 1: a filter after the window functions.
  std::unique_ptr<ParsedExpression> qualify;
  if (node.qualify) qualify = SubstituteSelectAliases(*node.qualify, select_items, scope);
  if (!node.distinct_on.empty()) {
    auto row_number = std::make_unique<ParsedExpression>();
    row_number->kind = ExpressionKind::kFunction;
    row_number->position = node.position;
    row_number->name = "row_number";
    row_number->window = std::make_unique<WindowSpec>();
    for (const auto& key : node.distinct_on) {
      row_number->window->partition_by.push_back(ResolveSelectReference(*key, select_items, scope));
    }
    for (const auto& item : node.order_by) {
      OrderByItem order;
      order.expression = ResolveSelectReference(*item.expression, select_items, scope);
      order.descending = item.descending;
      order.nulls_first = item.nulls_first;
      row_number->window->order_by.push_back(std::move(order));
    }
    auto one = std::make_unique<ParsedExpression>();
    one->kind = ExpressionKind::kConstant;
    one->position = node.position;
    one->value = Value::Bigint(1);
    auto first = std::make_unique<ParsedExpression>();
    first->kind = ExpressionKind::kOperator;
    first->position = node.position;
    first->name = "=";
    first->children.push_back(std::move(row_number));
    first->children.push_back(std::move(one));
    if (qualify) {
      auto both = std::make_unique<ParsedExpression>();
      both->kind = ExpressionKind::kOperator;
      both->position = node.position;
      both->name = "and";
      both->children.push_back(std::move(qualify));
      both->children.push_back(std::move(first));
      qualify = std::move(both);
    } else {
      qualify = std::move(first);
    }
  }

  bool has_aggregates = !node.group_by.empty() || (node.having != nullptr);
  for (const auto* item : select_items)
    has_aggregates = has_aggregates || ExpressionBinder::ContainsAggregate(*item);
  if (qualify) has_aggregates = has_aggregates || ExpressionBinder::ContainsAggregate(*qualify);
  for (const auto& item : node.order_by) {
    if (!node.distinct)
      has_aggregates = has_aggregates || ExpressionBinder::ContainsAggregate(*item.expression);
  }

  if (!has_aggregates) BindSelectUnnests(select_items, plan, scope);

  std::vector<BoundExpressionPtr> projections;
  ExpressionBinder::WindowContext window_context;
  size_t group_count = 0;
  std::vector<std::vector<idx_t>> grouping_calls;
  std::unique_ptr<ExpressionBinder::AggregateContext> aggregate_context;
  LogicalOperator* aggregate_node = nullptr;
  LogicalOperator* having_node = nullptr;
  // Correlated subqueries of the select list, HAVING, QUALIFY and ORDER BY of an aggregate
  // query, joined onto the aggregate's output once it is final.
  ExpressionBinder::DeferredSubqueries deferred_subqueries;
  if (has_aggregates) {
    aggregate_context = std::make_unique<ExpressionBinder::AggregateContext>();
    ExpressionBinder group_binder(*this, scope, nullptr, "GROUP BY");
    std::vector<const ParsedExpression*> group_items;
    for (const auto& group : node.group_by) {
      if (group->kind == ExpressionKind::kStar) {
        // GROUP BY ALL: every select item without an aggregate.
        for (const auto* item : select_items) {
          if (!ExpressionBinder::ContainsAggregate(*item)) group_items.push_back(item);
        }
        continue;
      }
      const ParsedExpression* target = group.get();
      if (group->kind == ExpressionKind::kConstant && group->value.type().IsInteger()) {
        int64_t ordinal = group->value.GetBigint();
        if (ordinal < 1 || ordinal > static_cast<int64_t>(select_items.size())) {
          Fail(ErrorCode::kBinder, group->position,
               "GROUP BY position " + std::to_string(ordinal) + " is not in the select list");
        }
        target = select_items[ordinal - 1];
      } else if (group->kind == ExpressionKind::kColumnRef && group->column_path.size() == 1) {
        // A name that is not a column but a select alias groups by that select item.
        std::string name = Lower(group->column_path[0]);
        bool is_column = std::any_of(scope.begin(), scope.end(),
                                     [&](const Column& c) { return Lower(c.name) == name; });
        if (!is_column) {
          for (size_t i = 0; i < select_items.size(); i++) {
            if (Lower(select_items[i]->alias) == name) target = select_items[i];
          }
        }
      }
      if (ExpressionBinder::ContainsAggregate(*target)) {
        Fail(ErrorCode::kBinder, target->position,
             "aggregate functions are not allowed in GROUP BY");
      }
      group_items.push_back(target);
    }
    for (const auto* item : group_items) {
      aggregate_context->group_texts.push_back(group_binder.MatchKey(*item));
      aggregate_context->groups.push_back(group_binder.Bind(*item));
    }
    group_count = aggregate_context->groups.size();
    if (!node.group_by.empty()) {
      auto add_calls = [&](const ParsedExpression& expression) {
        AddGroupingCalls(expression, group_binder, group_count, grouping_calls,
                         aggregate_context->group_texts, aggregate_context->groups);
      };
      for (const auto* item : select_items) add_calls(*item);
      if (node.having) add_calls(*node.having);
      for (const auto& item : node.order_by) add_calls(*item.expression);
    }
    ExpressionBinder select_binder(*this, scope, aggregate_context.get(), "SELECT");
    select_binder.SetWindowContext(&window_context);
    select_binder.SetDeferredSubqueries(&deferred_subqueries);
    for (const auto* item : select_items) projections.push_back(select_binder.Bind(*item));
    BoundExpressionPtr having;
    if (node.having) {
      ExpressionBinder having_binder(*this, scope, aggregate_context.get(), "HAVING");
      having_binder.SetDeferredSubqueries(&deferred_subqueries);
      having = having_binder.BindFilter(*node.having);
    }
    auto aggregate = std::make_unique<LogicalOperator>();
    aggregate->kind = LogicalKind::kAggregate;
    aggregate->estimated_rows = group_items.empty() ? 1 : std::max(1.0, plan->estimated_rows / 10);
    aggregate->children.push_back(std::move(plan));
    aggregate_node = aggregate.get();
    plan = std::move(aggregate);
    if (having) {
      plan = MakeFilter(std::move(plan), std::move(having));
      having_node = plan.get();
    }
  } else {
    ExpressionBinder select_binder(*this, scope, nullptr, "SELECT", &correlation);
    select_binder.SetWindowContext(&window_context);
    for (const auto* item : select_items) projections.push_back(select_binder.Bind(*item));
  }

  BoundQuery query;
  query.names = names;
  query.types = TypesOf(projections);
  plan = MakeProjection(std::move(plan), std::move(projections));
  LogicalOperator* projection_node = plan.get();
  query.plan = std::move(plan);

  // The QUALIFY condition is one more (hidden) projection column; a filter on it goes
  // right above the projection once the window operator is in place below it.
  std::optional<idx_t> qualify_column;
  if (qualify) {
    ExpressionBinder qualify_binder(*this, scope, aggregate_context.get(), "QUALIFY");
    qualify_binder.SetWindowContext(&window_context);
    if (aggregate_context) qualify_binder.SetDeferredSubqueries(&deferred_subqueries);
    BoundExpressionPtr condition = qualify_binder.BindCondition(*qualify);
    projection_node->types.push_back(condition->type);
    projection_node->expressions.push_back(std::move(condition));
    qualify_column = projection_node->types.size() - 1;
  }
  auto finish_qualify = [&]() {
    if (!qualify_column) return;
    InsertFilterAbove(query.plan, projection_node, *qualify_column);
    if (query.plan->types.size() > query.types.size()) {
      std::vector<BoundExpressionPtr> expressions;
      for (idx_t i = 0; i < query.types.size(); i++) {
        expressions.push_back(BoundExpression::ColumnRef(i, query.types[i], query.names[i]));
      }
      query.plan = MakeProjection(std::move(query.plan), std::move(expressions));
    }
  };

  auto finish_aggregate = [&]() {
    if (!aggregate_node) return;
    // Runs after ORDER BY binding, which may add aggregates of its own.
    aggregate_node->expressions = std::move(aggregate_context->groups);
    aggregate_node->aggregates = std::move(aggregate_context->aggregates);
    aggregate_node->types = TypesOf(aggregate_node->expressions);
    for (const auto& aggregate : aggregate_node->aggregates) {
      aggregate_node->types.push_back(aggregate.function.return_type);
    }
    aggregate_context->groups.clear();
    if (!node.grouping_sets.empty()) {
      ExpandGroupingSets(*aggregate_node, node.grouping_sets, group_count, grouping_calls);
    }
    if (deferred_subqueries.entries.empty()) return;
    // The joins go right above the aggregate (below HAVING): they append columns, so the
    // aggregate's columns keep their positions for the operators above.
    LogicalOperator* above = having_node ? having_node : projection_node;
    std::vector<BoundExpressionPtr> values =
        ExpressionBinder::JoinDeferredSubqueries(*this, deferred_subqueries, above->children[0]);
    auto replace = [&](BoundExpression& expression) {
      ExpressionBinder::ReplaceSubqueryPlaceholders(expression, values);
    };
    if (having_node) {
      having_node->types = having_node->children[0]->types;
      for (auto& expression : having_node->expressions) replace(*expression);
    }
    for (auto& expression : projection_node->expressions) replace(*expression);
    LogicalOperator windows;
    windows.kind = LogicalKind::kWindow;
    windows.windows = std::move(window_context.windows);
    ForEachOperatorExpression(windows, replace);
    window_context.windows = std::move(windows.windows);
  };

  if (node.distinct) {
    finish_aggregate();
    query.plan = MakeDistinct(std::move(query.plan));
    ExpressionBinder key_binder(*this, scope, nullptr, "ORDER BY");
    ApplyOrderAndLimit(node, query, select_items, nullptr, [&](const ParsedExpression& expression) {
      return key_binder.MatchKey(expression);
    });
    AddWindowOperator(*projection_node, window_context);
    finish_qualify();
    return query;
  }
  // Hidden ORDER BY expressions bind like select items, over the same input; correlated
  // subqueries among them join onto it like the select list's.
  ExpressionBinder::CorrelationTarget order_correlation{&projection_node->children[0], &scope};
  ExpressionBinder hidden_binder(*this, scope, aggregate_context.get(), "ORDER BY",
                                 aggregate_context ? nullptr : &order_correlation);
  hidden_binder.SetWindowContext(&window_context);
  if (aggregate_context) hidden_binder.SetDeferredSubqueries(&deferred_subqueries);
  ApplyOrderAndLimit(
      node, query, select_items,
      [&](const ParsedExpression& expression) { return hidden_binder.Bind(expression); },
      [&](const ParsedExpression& expression) { return hidden_binder.MatchKey(expression); });
  finish_aggregate();
  AddWindowOperator(*projection_node, window_context);
  finish_qualify();
  return query;
}

BoundQuery Binder::BindSetOperation(const QueryNode& node) {
  BoundQuery left = BindQuery(*node.left);
  BoundQuery right = BindQuery(*node.right);
  if (left.types.size() != right.types.size()) {
    Fail(ErrorCode::kBinder, node.position,
         "each side of a set operation must have the same number of columns (" +
             std::to_string(left.types.size()) + " vs " + std::to_string(right.types.size()) + ")");
  }
  std::vector<LogicalType> types;
  for (size_t i = 0; i < left.types.size(); i++) {
    Result<LogicalType> common = CommonSuperType(left.types[i], right.types[i]);
    if (!common.ok()) {
      Fail(ErrorCode::kType, node.position,
           "set operation column " + std::to_string(i + 1) + " (\"" + left.names[i] +
               "\"): " + common.status().message());
    }
    types.push_back(common.value());
  }
  LogicalOperatorPtr left_plan = CastColumns(std::move(left.plan), types);
  LogicalOperatorPtr right_plan = CastColumns(std::move(right.plan), types);
  BoundQuery query;
  query.names = left.names;
  query.types = types;
  if (node.set_operation == SetOperationKind::kUnion) {
    auto union_operator = std::make_unique<LogicalOperator>();
    union_operator->kind = LogicalKind::kUnion;
    union_operator->types = types;
    union_operator->estimated_rows = left_plan->estimated_rows + right_plan->estimated_rows;
    union_operator->children.push_back(std::move(left_plan));
    union_operator->children.push_back(std::move(right_plan));
    query.plan = std::move(union_operator);
    if (!node.set_all) query.plan = MakeDistinct(std::move(query.plan));
  } else {
    if (node.set_all) {
      query.plan = BindMultisetOperation(node.set_operation, std::move(left_plan),
                                         std::move(right_plan), types);
      ApplyOrderAndLimit(node, query, {}, nullptr);
      return query;
    }
    auto join = std::make_unique<LogicalOperator>();
    join->kind = LogicalKind::kJoin;
    join->join_type = node.set_operation == SetOperationKind::kIntersect ? PhysicalJoinType::kSemi
                                                                         : PhysicalJoinType::kAnti;
    join->types = types;
    join->estimated_rows = left_plan->estimated_rows;
    size_t width = types.size();
    for (size_t i = 0; i < width; i++) {
      // Set operations treat NULLs as equal: left IS NOT DISTINCT FROM right.
      auto condition = std::make_unique<BoundExpression>();
      condition->kind = BoundExpressionKind::kFunction;
      condition->name = "is not distinct from";
      condition->type = LogicalType(TypeId::kBoolean);
      condition->children.push_back(BoundExpression::ColumnRef(i, types[i], ""));
      condition->children.push_back(BoundExpression::ColumnRef(width + i, types[i], ""));
      join->expressions.push_back(std::move(condition));
    }
    join->children.push_back(MakeDistinct(std::move(left_plan)));
    join->children.push_back(std::move(right_plan));
    query.plan = std::move(join);
  }
  ApplyOrderAndLimit(node, query, {}, nullptr);
  return query;
}

BoundQuery Binder::BindValues(const QueryNode& node) {
  Scope empty;
  ExpressionBinder binder(*this, empty, nullptr, "VALUES");
  std::vector<std::vector<Value>> rows;
  size_t width = node.values.empty() ? 0 : node.values[0].size();
  std::vector<LogicalType> types(width, LogicalType(TypeId::kNull));
  for (const auto& row : node.values) {
    if (row.size() != width) {
      Fail(ErrorCode::kBinder, row.empty() ? node.position : row[0]->position,
           "VALUES lists must all be the same length (" + std::to_string(width) + " vs " +
               std::to_string(row.size()) + ")");
    }
    std::vector<Value> values;
    for (size_t c = 0; c < width; c++) {
      BoundExpressionPtr bound = binder.Bind(*row[c]);
      if (bound->kind != BoundExpressionKind::kConstant) {
        Fail(ErrorCode::kBinder, row[c]->position, "VALUES entries must be constant expressions");
      }
      values.push_back(bound->value);
    }
    rows.push_back(std::move(values));
  }
  // Column types: typed values decide; string literals adapt to that type wherever they
  // appear, and make the column VARCHAR only when no typed value is present.
  for (size_t c = 0; c < width; c++) {
    bool has_string = false;
    for (const auto& row : rows) {
      if (row[c].type().id() == TypeId::kVarchar) {
        has_string = true;
        continue;
      }
      Result<LogicalType> common = CommonSuperType(types[c], row[c].type());
      if (!common.ok()) {
        Fail(ErrorCode::kType, node.position,
             "VALUES column " + std::to_string(c + 1) + ": " + common.status().message());
      }
      types[c] = common.value();
    }
    if (has_string && types[c].id() == TypeId::kNull) types[c] = LogicalType(TypeId::kVarchar);
  }
  auto table_rows = std::make_shared<TableRows>();
  for (size_t start = 0; start < rows.size(); start += kVectorSize) {
    size_t count = std::min<size_t>(kVectorSize, rows.size() - start);
    DataChunk chunk(types);
    for (size_t r = 0; r < count; r++) {
      for (size_t c = 0; c < width; c++)
        chunk.column(c).SetValue(r, rows[start + r][c].CastTo(types[c]));
    }
    chunk.SetSize(count);
    table_rows->push_back(std::move(chunk));
  }
  auto scan = std::make_unique<LogicalOperator>();
  scan->kind = LogicalKind::kRows;
  scan->rows = std::move(table_rows);
  scan->label = "VALUES (" + std::to_string(rows.size()) + " rows)";
  scan->types = types;
  scan->source_types = types;
  for (size_t c = 0; c < width; c++) scan->column_ids.push_back(c);
  scan->estimated_rows = static_cast<double>(rows.size());
  BoundQuery query;
  query.plan = std::move(scan);
  query.types = types;
  for (size_t c = 0; c < width; c++) query.names.push_back("column" + std::to_string(c + 1));
  ApplyOrderAndLimit(node, query, {}, nullptr);
  return query;
}

LogicalOperatorPtr Binder::BindSubqueryRef(const QueryNode& query_node, const std::string& alias,
                                           const std::vector<std::string>& column_aliases,
                                           Scope& scope) {
  BoundQuery query = BindQuery(query_node);
  if (column_aliases.size() > query.names.size()) {
    Fail(ErrorCode::kBinder, query_node.position,
         "\"" + alias + "\" has " + std::to_string(query.names.size()) + " columns but " +
             std::to_string(column_aliases.size()) + " column aliases were given");
  }
  for (size_t i = 0; i < query.names.size(); i++) {
    Column column;
    column.table = Lower(alias);
    column.name = i < column_aliases.size() ? column_aliases[i] : query.names[i];
    column.type = query.types[i];
    scope.push_back(column);
  }
  return std::move(query.plan);
}

LogicalOperatorPtr Binder::BindTableRef(const TableRef& ref, Scope& scope) {
  if (++depth_ > kMaxDepth) Fail(ErrorCode::kBinder, ref.position, "query nested too deeply");
  LogicalOperatorPtr result;
  switch (ref.kind) {
    case TableRefKind::kJoin:
      result = BindJoin(ref, scope);
      break;
    case TableRefKind::kSubquery:
      result = BindSubqueryRef(*ref.subquery, ref.alias, ref.column_aliases, scope);
      break;
    case TableRefKind::kTableFunction:
      if (ref.name == "unnest") {
        result = BindUnnest(ref, MakeSingleRow(), {}, false, scope);
      } else {
        result = BindTableFunction(ref, scope);
      }
      break;
    case TableRefKind::kBaseTable: {
      if (ref.is_file_path) {
        result = BindFileScan(ref.name, ref, scope);
        break;
      }
      std::string name = Lower(ref.name);
      std::string alias = ref.alias.empty() ? name : ref.alias;
      auto working = working_tables_.find(name);
      if (working != working_tables_.end() && ref.schema.empty()) {
        result = MakeRowsScan(working->second.rows, working->second.types,
                              name + " (previous iteration)");
        for (size_t i = 0; i < working->second.types.size(); i++) {
          Column column;
          column.table = Lower(alias);
          column.name =
              i < ref.column_aliases.size() ? ref.column_aliases[i] : working->second.names[i];
          column.type = working->second.types[i];
          scope.push_back(column);
        }
        break;
      }
      // CTEs, innermost first.
      const CommonTableExpression* cte = nullptr;
      auto owner = cte_scopes_.rbegin();
      for (; owner != cte_scopes_.rend(); ++owner) {
        auto found = owner->find(name);
        if (found != owner->end()) {
          cte = found->second;
          break;
        }
      }
      if (cte && ref.schema.empty()) {
        // A CTE's body cannot see itself or later CTEs of its own WITH (no recursion yet).
        // The CTEs of one WITH live in one vector, so "later" is a higher address.
        auto saved = cte_scopes_;
        for (auto it = owner->begin(); it != owner->end();) {
          it = it->second >= cte ? owner->erase(it) : std::next(it);
        }
        for (auto& other_scope : cte_scopes_) other_scope.erase(name);
        if (cte->recursive) {
          std::vector<std::string> aliases =
              ref.column_aliases.empty() ? cte->column_aliases : ref.column_aliases;
          result = BindRecursiveCte(*cte, alias, aliases, scope);
          cte_scopes_ = saved;
        } else {
          auto body_scopes = std::move(cte_scopes_);
          cte_scopes_ = saved;
          result = BindCteReference(*cte, body_scopes, ref, alias, scope);
        }
        break;
      }
      ResolvedTable lake_table;
      if (resolve_table_ &&
          (!ref.schema.empty() || (!catalog_.GetTable(ref.name) && !catalog_.GetView(ref.name)))) {
        lake_table = resolve_table_(ref.schema, ref.name);
      }
      if (lake_table.scan) {
        result = ScanFromBinding(std::move(lake_table.scan), ref, Lower(alias), scope);
        break;
      }
      if (lake_table.view) {
        result = BindView(*lake_table.view, ref, alias, scope);
        break;
      }
      if (auto table = catalog_.GetTable(ref.name)) {
        auto scan = std::make_unique<LogicalOperator>();
        scan->kind = LogicalKind::kRows;
        scan->rows = catalog_.GetRows(ref.name);
        if (!scan->rows) scan->rows = std::make_shared<TableRows>();
        scan->label = table->name;
        scan->types = table->types;
        scan->source_types = table->types;
        double rows = 0;
        for (const auto& chunk : *scan->rows) rows += static_cast<double>(chunk.size());
        scan->estimated_rows = rows;
        for (size_t i = 0; i < table->types.size(); i++) {
          scan->column_ids.push_back(i);
          Column column;
          column.table = Lower(alias);
          column.name =
              i < ref.column_aliases.size() ? ref.column_aliases[i] : table->column_names[i];
          column.type = table->types[i];
          scope.push_back(column);
        }
        result = std::move(scan);
        break;
      }
      if (auto view = catalog_.GetView(ref.name)) {
        result = BindView(*view, ref, alias, scope);
        break;
      }
      std::vector<std::string> candidates = catalog_.Names();
      candidates.insert(candidates.end(), lake_table.candidates.begin(),
                        lake_table.candidates.end());
      for (const auto& cte_scope : cte_scopes_) {
        for (const auto& [cte_name, entry] : cte_scope) candidates.push_back(cte_name);
      }
      std::string hint = DidYouMean(ref.name, candidates);
      if (hint.empty() && ref.name.find('.') != std::string::npos) {
        hint = " To read a file, quote its path: FROM '" + ref.name + "'.";
      }
      std::string full_name = ref.schema.empty() ? ref.name : ref.schema + "." + ref.name;
      Fail(ErrorCode::kCatalog, ref.position, "table \"" + full_name + "\" does not exist." + hint);
    }
  }
  depth_--;
  return result;
}

LogicalOperatorPtr Binder::BindFileScan(const std::string& path, const TableRef& ref,
                                        Scope& scope) {
  const auto& registry = TableFunctionRegistry::Get();
  std::string function_name = registry.FunctionForPath(path);
  const TableFunctionBinder* function_binder = registry.Find(function_name);
  if (!function_binder) Fail(ErrorCode::kInternal, ref.position, "no reader for " + path);
  TableFunctionInput input;
  input.positional.push_back(Value::Varchar(path));
  Result<std::unique_ptr<TableScanBinding>> binding = (*function_binder)(input);
  if (!binding.ok()) Fail(binding.status().code(), ref.position, binding.status().message());
  std::string alias = ref.alias.empty() ? FileStem(path) : Lower(ref.alias);
  return ScanFromBinding(std::move(binding).value(), ref, alias, scope);
}

LogicalOperatorPtr Binder::BindView(const ViewEntry& view, const TableRef& ref,
                                    const std::string& alias, Scope& scope) {
  // A view read more than once by the statement may be computed once, as a CTE.
  std::string key = Lower(ref.schema) + "." + Lower(ref.name);
  auto known = materialized_ctes_->views.find(key);
  if (known != materialized_ctes_->views.end() && known->second) {
    return ScanMaterializedCte(*known->second, ref, alias, scope);
  }
  Binder view_binder(catalog_, "", run_plan_, resolve_table_);
  view_binder.depth_ = depth_;
  view_binder.materialized_ctes_ = materialized_ctes_;
  if (depth_ > 64) {
    Fail(ErrorCode::kBinder, ref.position,
         "views nest too deeply at \"" + view.name + "\" (does it refer to itself?)");
  }
  Scope view_scope;
  LogicalOperatorPtr plan =
      view_binder.BindSubqueryRef(*view.query, alias, view.column_aliases, view_scope);
  if (known == materialized_ctes_->views.end()) {
    if (IsWorthComputingOnce(*plan)) {
      idx_t id = AddMaterializedCte(view.name, std::move(plan), view_scope, false);
      materialized_ctes_->views[key] = id;
      return ScanMaterializedCte(id, ref, alias, scope);
    }
    materialized_ctes_->views[key] = std::nullopt;
  }
  RenameColumns(view_scope, ref.column_aliases, alias, ref.position);
  scope.insert(scope.end(), view_scope.begin(), view_scope.end());
  return plan;
}

LogicalOperatorPtr Binder::ScanFromBinding(std::shared_ptr<const TableScanBinding> binding,
                                           const TableRef& ref, const std::string& alias,
                                           Scope& scope) {
  auto scan = std::make_unique<LogicalOperator>();
  scan->kind = LogicalKind::kGet;
  scan->label = binding->ToString();
  scan->types = binding->types();
  scan->source_types = binding->types();
  for (size_t i = 0; i < binding->types().size(); i++) scan->column_ids.push_back(i);
  scan->estimated_rows = binding->EstimatedRows() >= 0 ? binding->EstimatedRows() : 1000;
  for (size_t i = 0; i < binding->types().size(); i++) {
    Column column;
    column.table = alias;
    column.name = i < ref.column_aliases.size() ? ref.column_aliases[i] : binding->names()[i];
    column.type = binding->types()[i];
    scope.push_back(column);
  }
  scan->binding = std::move(binding);
  return scan;
}

LogicalOperatorPtr Binder::BindTableFunction(const TableRef& ref, Scope& scope) {
  const auto& registry = TableFunctionRegistry::Get();
  std::string name = Lower(ref.name);
  const TableFunctionBinder* function_binder = registry.Find(name);
  if (!function_binder) {
    Fail(
        ErrorCode::kBinder, ref.position,
        "table function \"" + ref.name + "\" does not exist." + DidYouMean(name, registry.Names()));
  }
  Scope empty;
  ExpressionBinder constant_binder(*this, empty, nullptr, "table function arguments");
  auto constant_value = [&](const ParsedExpression& expression) {
    BoundExpressionPtr bound = constant_binder.Bind(expression);
    if (bound->kind != BoundExpressionKind::kConstant) {
      Fail(ErrorCode::kBinder, expression.position, "table function arguments must be constants");
    }
    return bound->value;
  };
  TableFunctionInput input;
  for (const auto& argument : ref.arguments) {
    if (argument->kind == ExpressionKind::kList) {
      std::vector<Value> values;
      for (const auto& child : argument->children) values.push_back(constant_value(*child));
      input.positional_lists.push_back(std::move(values));
    } else {
      input.positional.push_back(constant_value(*argument));
    }
  }
  std::set<std::string> seen_keys;
  for (const auto& [key, argument] : ref.named_arguments) {
    std::string lower_key = Lower(key);
    if (!seen_keys.insert(lower_key).second) {
      Fail(ErrorCode::kInvalidOption, argument->position,
           "option \"" + key + "\" is given more than once to " + ref.name + "()");
    }
    if (argument->kind == ExpressionKind::kStruct) {
      std::vector<std::pair<std::string, Value>> fields;
      for (size_t i = 0; i < argument->children.size(); i++) {
        fields.emplace_back(argument->names[i], constant_value(*argument->children[i]));
      }
      input.named_structs[lower_key] = std::move(fields);
    } else if (argument->kind == ExpressionKind::kList) {
      std::vector<Value> values;
      for (const auto& child : argument->children) values.push_back(constant_value(*child));
      input.named_lists[lower_key] = std::move(values);
    } else {
      input.named[lower_key] = constant_value(*argument);
    }
  }
  Result<std::unique_ptr<TableScanBinding>> binding = (*function_binder)(input);
  if (!binding.ok()) Fail(binding.status().code(), ref.position, binding.status().message());
  std::string alias = ref.alias.empty() ? name : Lower(ref.alias);
  if (ref.alias.empty() && !input.positional.empty() &&
      input.positional[0].type().id() == TypeId::kVarchar) {
    alias = FileStem(input.positional[0].GetString());
  }
  return ScanFromBinding(std::move(binding).value(), ref, alias, scope);
}

namespace {

bool IsUnnestRef(const TableRef& ref) {
  return ref.kind == TableRefKind::kTableFunction && ref.name == "unnest";
}

// Adds the unnest(...) calls in `expression` (not inside subqueries) to `calls`.
void CollectUnnestCalls(const ParsedExpression& expression,
                        std::vector<const ParsedExpression*>& calls) {
  if (expression.kind == ExpressionKind::kFunction && Lower(expression.name) == "unnest") {
    calls.push_back(&expression);
    return;
  }
  for (const auto& child : expression.children) CollectUnnestCalls(*child, calls);
}

}  // namespace

LogicalOperatorPtr Binder::BindUnnest(const TableRef& ref, LogicalOperatorPtr input,
                                      const Scope& input_scope, bool outer, Scope& scope) {
  if (!ref.named_arguments.empty() || ref.arguments.empty()) {
    Fail(ErrorCode::kBinder, ref.position, "UNNEST takes one or more LIST or MAP values");
  }
  ExpressionBinder list_binder(*this, input_scope, nullptr, "UNNEST");
  auto unnest = std::make_unique<LogicalOperator>();
  unnest->kind = LogicalKind::kUnnest;
  unnest->types = input->types;
  unnest->unnest_outer = outer;
  unnest->unnest_ordinality = ref.with_ordinality;
  std::vector<std::pair<std::string, LogicalType>> columns;
  for (const auto& argument : ref.arguments) {
    BoundExpressionPtr list = list_binder.Bind(*argument);
    if (list->type.id() == TypeId::kNull) {
      list = AddCast(std::move(list), LogicalType::List(TypeId::kInteger));
    }
    if (list->type.id() == TypeId::kMap) {
      columns.emplace_back("key", list->type.MapKey());
      columns.emplace_back("value", list->type.MapValue());
    } else if (list->type.id() == TypeId::kList) {
      columns.emplace_back("unnest", list->type.ListChild());
    } else {
      Fail(ErrorCode::kType, argument->position,
           "UNNEST needs a LIST or a MAP, not " + list->type.ToString());
    }
    unnest->expressions.push_back(std::move(list));
  }
  if (ref.with_ordinality) columns.emplace_back("ordinality", LogicalType(TypeId::kBigint));
  if (ref.column_aliases.size() > columns.size()) {
    Fail(ErrorCode::kBinder, ref.position,
         "UNNEST produces " + std::to_string(columns.size()) + " columns but " +
             std::to_string(ref.column_aliases.size()) + " names were given");
  }
  unnest->estimated_rows = input->estimated_rows * 4;
  unnest->children.push_back(std::move(input));
  std::string table = ref.alias.empty() ? "unnest" : Lower(ref.alias);
  scope.insert(scope.end(), input_scope.begin(), input_scope.end());
  for (size_t i = 0; i < columns.size(); i++) {
    Column column;
    column.table = table;
    column.name = i < ref.column_aliases.size() ? ref.column_aliases[i] : columns[i].first;
    column.type = columns[i].second;
    scope.push_back(column);
    unnest->types.push_back(columns[i].second);
  }
  return unnest;
}

void Binder::BindSelectUnnests(const std::vector<const ParsedExpression*>& items,
                               LogicalOperatorPtr& plan, Scope& scope) {
  std::vector<const ParsedExpression*> calls;
  for (const auto* item : items) CollectUnnestCalls(*item, calls);
  if (calls.empty()) return;
  ExpressionBinder list_binder(*this, scope, nullptr, "UNNEST");
  auto unnest = std::make_unique<LogicalOperator>();
  unnest->kind = LogicalKind::kUnnest;
  unnest->types = plan->types;
  for (const auto* call : calls) {
    if (call->children.size() != 1) {
      Fail(ErrorCode::kBinder, call->position, "unnest takes one LIST");
    }
    BoundExpressionPtr list = list_binder.Bind(*call->children[0]);
    if (list->type.id() == TypeId::kNull) {
      list = AddCast(std::move(list), LogicalType::List(TypeId::kInteger));
    }
    if (list->type.id() != TypeId::kList) {
      Fail(ErrorCode::kType, call->position,
           "unnest needs a LIST, not " + list->type.ToString() +
               (list->type.id() == TypeId::kMap ? " (unnest a MAP in FROM: UNNEST(m) AS t(k, v))"
                                                : ""));
    }
    unnest_columns_[call] = scope.size();
    Column column;
    column.name = "unnest";
    column.type = list->type.ListChild();
    column.hidden = true;
    scope.push_back(column);
    unnest->types.push_back(column.type);
    unnest->expressions.push_back(std::move(list));
  }
  unnest->estimated_rows = plan->estimated_rows * 4;
  unnest->children.push_back(std::move(plan));
  plan = std::move(unnest);
}

LogicalOperatorPtr Binder::BindJoin(const TableRef& ref, Scope& scope) {
  if (ref.right->kind == TableRefKind::kSubquery && ref.right->lateral) {
    return BindLateralJoin(ref, scope);
  }
  if (IsUnnestRef(*ref.right) &&
      (ref.join_type == JoinType::kInner || ref.join_type == JoinType::kCross ||
       ref.join_type == JoinType::kLeft) &&
      ref.using_columns.empty() && !ref.natural) {
    // A lateral UNNEST: its lists come from each row of the left side.
    bool always_true =
        !ref.condition || (ref.condition->kind == ExpressionKind::kConstant &&
                           ref.condition->value.type().id() == TypeId::kBoolean &&
                           !ref.condition->value.is_null() && ref.condition->value.GetBoolean());
    if (!always_true) {
      Fail(ErrorCode::kNotImplemented, ref.condition->position,
           "a join with UNNEST takes ON TRUE only; filter the elements in WHERE");
    }
    Scope left_scope;
    LogicalOperatorPtr left = BindTableRef(*ref.left, left_scope);
    return BindUnnest(*ref.right, std::move(left), left_scope, ref.join_type == JoinType::kLeft,
                      scope);
  }
  Scope left_scope, right_scope;
  LogicalOperatorPtr left = BindTableRef(*ref.left, left_scope);
  LogicalOperatorPtr right = BindTableRef(*ref.right, right_scope);
  size_t left_width = left_scope.size();
  auto join = std::make_unique<LogicalOperator>();
  join->kind = LogicalKind::kJoin;
  switch (ref.join_type) {
    case JoinType::kInner:
    case JoinType::kCross:
      join->join_type = PhysicalJoinType::kInner;
      break;
    case JoinType::kLeft:
      join->join_type = PhysicalJoinType::kLeft;
      break;
    case JoinType::kRight:
      join->join_type = PhysicalJoinType::kRight;
      break;
    case JoinType::kFull:
      join->join_type = PhysicalJoinType::kFull;
      break;
  }
  Scope combined = left_scope;
  combined.insert(combined.end(), right_scope.begin(), right_scope.end());
  std::vector<std::string> using_columns = ref.using_columns;
  if (ref.natural) {
    for (const auto& left_column : left_scope) {
      for (const auto& right_column : right_scope) {
        if (!left_column.hidden && !right_column.hidden &&
            Lower(left_column.name) == Lower(right_column.name)) {
          using_columns.push_back(left_column.name);
        }
      }
    }
  }
  std::vector<BoundExpressionPtr> conditions;
  // RIGHT / FULL joins: an unqualified USING column is the first non-NULL of both sides.
  std::vector<std::pair<idx_t, idx_t>> merged_columns;
  for (const auto& name : using_columns) {
    auto find = [&](const Scope& side, const char* which) -> idx_t {
      std::optional<idx_t> found;
      for (idx_t i = 0; i < side.size(); i++) {
        if (!side[i].hidden && Lower(side[i].name) == Lower(name)) {
          if (found)
            Fail(ErrorCode::kBinder, ref.position,
                 "USING column \"" + name + "\" is ambiguous on the " + which + " side");
          found = i;
        }
      }
      if (!found)
        Fail(ErrorCode::kBinder, ref.position,
             "USING column \"" + name + "\" not found on the " + which + " side");
      return *found;
    };
    idx_t left_index = find(left_scope, "left");
    idx_t right_index = find(right_scope, "right");
    combined[left_width + right_index].hidden = true;
    std::vector<BoundExpressionPtr> arguments;
    arguments.push_back(BoundExpression::ColumnRef(left_index, left_scope[left_index].type, name));
    arguments.push_back(
        BoundExpression::ColumnRef(left_width + right_index, right_scope[right_index].type, name));
    Result<LogicalType> common = CommonSuperType(arguments[0]->type, arguments[1]->type);
    if (!common.ok())
      Fail(ErrorCode::kType, ref.position,
           "USING column \"" + name + "\": " + common.status().message());
    arguments[0] = AddCast(std::move(arguments[0]), common.value());
    arguments[1] = AddCast(std::move(arguments[1]), common.value());
    merged_columns.emplace_back(left_index, left_width + right_index);
    const ScalarBinder* equals = FunctionRegistry::Get().FindScalar("=");
    Result<BoundScalarFunction> function =
        (*equals)({common.value(), common.value()}, {std::nullopt, std::nullopt});
    if (!function.ok()) Fail(function.status().code(), ref.position, function.status().message());
    auto condition = std::make_unique<BoundExpression>();
    condition->kind = BoundExpressionKind::kFunction;
    condition->type = LogicalType(TypeId::kBoolean);
    condition->name = "=";
    condition->function = std::move(function).value();
    condition->children = std::move(arguments);
    conditions.push_back(std::move(condition));
  }
  if (ref.condition) {
    ExpressionBinder condition_binder(*this, combined, nullptr, "ON");
    SplitConjuncts(condition_binder.BindCondition(*ref.condition), conditions);
  }
  join->expressions = std::move(conditions);
  join->types = left->types;
  join->types.insert(join->types.end(), right->types.begin(), right->types.end());
  join->estimated_rows = join->expressions.empty()
                             ? left->estimated_rows * right->estimated_rows
                             : std::max(left->estimated_rows, right->estimated_rows);
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(right));
  if (merged_columns.empty() ||
      (join->join_type != PhysicalJoinType::kRight && join->join_type != PhysicalJoinType::kFull)) {
    scope.insert(scope.end(), combined.begin(), combined.end());
    return join;
  }
  // The merged value takes the left column's place (so * lists it there, unqualified);
  // the raw left column moves to the end, reachable only by its qualified name.
  std::vector<BoundExpressionPtr> expressions;
  for (idx_t i = 0; i < combined.size(); i++) {
    expressions.push_back(BoundExpression::ColumnRef(i, join->types[i], combined[i].name));
  }
  for (const auto& [left_index, right_index] : merged_columns) {
    Result<LogicalType> common =
        CommonSuperType(combined[left_index].type, combined[right_index].type);
    const LogicalType& type = common.value();
    auto left_value =
        AddCast(BoundExpression::ColumnRef(left_index, combined[left_index].type, ""), type);
    auto merged = std::make_unique<BoundExpression>();
    merged->kind = BoundExpressionKind::kCase;
    merged->type = type;
    auto is_not_null = std::make_unique<BoundExpression>();
    is_not_null->kind = BoundExpressionKind::kIsNotNull;
    is_not_null->type = LogicalType(TypeId::kBoolean);
    is_not_null->children.push_back(left_value->Copy());
    merged->children.push_back(std::move(is_not_null));
    merged->children.push_back(std::move(left_value));
    merged->children.push_back(
        AddCast(BoundExpression::ColumnRef(right_index, combined[right_index].type, ""), type));
    Column raw = combined[left_index];
    raw.hidden = true;
    combined.push_back(raw);
    expressions.push_back(BoundExpression::ColumnRef(left_index, raw.type, raw.name));
    combined[left_index].table.clear();
    combined[left_index].type = type;
    expressions[left_index] = std::move(merged);
  }
  scope.insert(scope.end(), combined.begin(), combined.end());
  return MakeProjection(std::move(join), std::move(expressions));
}

void Binder::AddGroupingCalls(const ParsedExpression& expression, ExpressionBinder& group_binder,
                              size_t group_count, std::vector<std::vector<idx_t>>& grouping_calls,
                              std::vector<std::string>& group_texts,
                              std::vector<BoundExpressionPtr>& groups) {
  if (expression.kind == ExpressionKind::kFunction && expression.name == "grouping") {
    std::string text = group_binder.MatchKey(expression);
    if (std::find(group_texts.begin() + static_cast<std::ptrdiff_t>(group_count), group_texts.end(),
                  text) != group_texts.end()) {
      return;
    }
    if (expression.children.empty() || expression.is_star || expression.distinct) {
      Fail(ErrorCode::kBinder, expression.position,
           "grouping() takes one or more GROUP BY expressions");
    }
    if (expression.children.size() > 31) {
      Fail(ErrorCode::kBinder, expression.position, "grouping() takes at most 31 arguments");
    }
    std::vector<idx_t> arguments;
    for (const auto& child : expression.children) {
      std::string key = group_binder.MatchKey(*child);
      auto found = std::find(group_texts.begin(),
                             group_texts.begin() + static_cast<std::ptrdiff_t>(group_count), key);
      if (found == group_texts.begin() + static_cast<std::ptrdiff_t>(group_count)) {
        Fail(ErrorCode::kBinder, child->position,
             "argument \"" + child->ToString() + "\" of grouping() must be a GROUP BY expression");
      }
      arguments.push_back(static_cast<idx_t>(found - group_texts.begin()));
    }
    grouping_calls.push_back(std::move(arguments));
    group_texts.push_back(text);
    // In a plain GROUP BY every argument is grouped: grouping() is 0 (a constant group).
    groups.push_back(BoundExpression::Constant(Value::Integer(0)));
    return;
  }
  for (const auto& child : expression.children) {
    AddGroupingCalls(*child, group_binder, group_count, grouping_calls, group_texts, groups);
  }
}

void Binder::ExpandGroupingSets(LogicalOperator& aggregate,
                                const std::vector<std::vector<size_t>>& sets, size_t group_count,
                                const std::vector<std::vector<idx_t>>& grouping_calls) {
  if (correlated_) {
    Fail(ErrorCode::kNotImplemented, std::string::npos,
         "GROUPING SETS, ROLLUP and CUBE in a correlated subquery are not supported yet");
  }
  LogicalOperatorPtr input = std::move(aggregate.children[0]);
  std::vector<LogicalType> input_types = input->types;
  std::shared_ptr<const TableRows> rows = RunPlan(std::move(input));
  auto result = std::make_unique<LogicalOperator>();
  result->kind = LogicalKind::kUnion;
  result->types = aggregate.types;
  result->estimated_rows = 0;
  size_t call_count = grouping_calls.size();
  for (const auto& set : sets) {
    auto set_aggregate = std::make_unique<LogicalOperator>();
    set_aggregate->kind = LogicalKind::kAggregate;
    for (size_t group : set) {
      set_aggregate->expressions.push_back(aggregate.expressions[group]->Copy());
      set_aggregate->types.push_back(aggregate.types[group]);
    }
    for (const auto& bound : aggregate.aggregates) {
      BoundAggregate copy;
      copy.function = bound.function;
      copy.distinct = bound.distinct;
      for (const auto& argument : bound.arguments) copy.arguments.push_back(argument->Copy());
      set_aggregate->types.push_back(bound.function.return_type);
      set_aggregate->aggregates.push_back(std::move(copy));
    }
    set_aggregate->children.push_back(MakeRowsScan(rows, input_types, "grouping sets input"));
    set_aggregate->estimated_rows =
        set.empty() ? 1 : std::max(1.0, set_aggregate->children[0]->estimated_rows / 10);
    result->estimated_rows += set_aggregate->estimated_rows;
    std::vector<BoundExpressionPtr> outputs;
    for (size_t group = 0; group < group_count; group++) {
      auto found = std::find(set.begin(), set.end(), group);
      if (found == set.end()) {
        outputs.push_back(BoundExpression::Constant(Value::Null(aggregate.types[group])));
      } else {
        outputs.push_back(BoundExpression::ColumnRef(static_cast<idx_t>(found - set.begin()),
                                                     aggregate.types[group], ""));
      }
    }
    // grouping(a, b): one bit per argument, the first the highest, set when not grouped.
    for (const auto& arguments : grouping_calls) {
      int32_t mask = 0;
      for (idx_t argument : arguments) {
        bool grouped = std::find(set.begin(), set.end(), argument) != set.end();
        mask = (mask << 1) | (grouped ? 0 : 1);
      }
      outputs.push_back(BoundExpression::Constant(Value::Integer(mask)));
    }
    for (size_t a = 0; a < aggregate.aggregates.size(); a++) {
      size_t position = group_count + call_count + a;
      outputs.push_back(BoundExpression::ColumnRef(set.size() + a, aggregate.types[position], ""));
    }
    result->children.push_back(MakeProjection(std::move(set_aggregate), std::move(outputs)));
  }
  aggregate = std::move(*result);
}

LogicalOperatorPtr Binder::BindMultisetOperation(SetOperationKind kind, LogicalOperatorPtr left,
                                                 LogicalOperatorPtr right,
                                                 const std::vector<LogicalType>& types) {
  if (correlated_) {
    // A correlated subquery cannot run now; it is decorrelated as a plan.
    return MultisetOperationPlan(kind == SetOperationKind::kIntersect, std::move(left),
                                 std::move(right), types);
  }
  std::shared_ptr<const TableRows> left_rows = RunPlan(std::move(left));
  std::shared_ptr<const TableRows> right_rows = RunPlan(std::move(right));
  Arena arena;
  std::unordered_map<std::string_view, idx_t> right_counts;
  for (const auto& chunk : *right_rows) {
    for (std::string_view key : EncodeRows(chunk, arena)) right_counts[key]++;
  }
  auto rows = std::make_shared<TableRows>();
  for (const auto& chunk : *left_rows) {
    std::vector<std::string_view> keys = EncodeRows(chunk, arena);
    std::vector<idx_t> keep;
    for (idx_t row = 0; row < keys.size(); row++) {
      auto found = right_counts.find(keys[row]);
      bool matched = found != right_counts.end() && found->second > 0;
      if (matched) found->second--;
      if (matched == (kind == SetOperationKind::kIntersect)) keep.push_back(row);
    }
    AppendRows(chunk, keep, types, *rows);
  }
  return MakeRowsScan(std::move(rows), types,
                      kind == SetOperationKind::kIntersect ? "INTERSECT ALL" : "EXCEPT ALL");
}

namespace {
constexpr idx_t kMaxRecursiveRows = 1000000;
constexpr idx_t kMaxRecursiveIterations = 100000;
}  // namespace

LogicalOperatorPtr Binder::BindRecursiveCte(const CommonTableExpression& cte,
                                            const std::string& alias,
                                            const std::vector<std::string>& column_aliases,
                                            Scope& scope) {
  const QueryNode& body = *cte.query;
  if (body.kind != QueryNodeKind::kSetOperation || body.set_operation != SetOperationKind::kUnion) {
    return BindSubqueryRef(body, alias, column_aliases, scope);
  }
  if (!body.order_by.empty() || body.limit || body.offset) {
    Fail(ErrorCode::kNotImplemented, body.position,
         "ORDER BY, LIMIT and OFFSET are not supported in the body of recursive CTE \"" + cte.name +
             "\"");
  }
  std::string name = Lower(cte.name);
  BoundQuery base = BindQuery(*body.left);
  if (column_aliases.size() > base.names.size()) {
    Fail(ErrorCode::kBinder, body.position,
         "\"" + cte.name + "\" has " + std::to_string(base.names.size()) + " columns but " +
             std::to_string(column_aliases.size()) + " column aliases were given");
  }
  std::vector<LogicalType> types = base.types;
  for (auto& type : types) {
    if (type.id() == TypeId::kNull) type = LogicalType(TypeId::kVarchar);
  }
  std::vector<std::string> names = base.names;
  for (size_t i = 0; i < column_aliases.size(); i++) names[i] = column_aliases[i];

  Arena arena;
  std::unordered_set<std::string_view> seen;
  // UNION: keeps only rows not produced before (also within the same iteration).
  auto keep_new = [&](std::shared_ptr<const TableRows> rows) -> std::shared_ptr<const TableRows> {
    if (body.set_all) return rows;
    auto fresh = std::make_shared<TableRows>();
    for (const auto& chunk : *rows) {
      std::vector<std::string_view> keys = EncodeRows(chunk, arena);
      std::vector<idx_t> keep;
      for (idx_t row = 0; row < keys.size(); row++) {
        if (seen.insert(keys[row]).second) keep.push_back(row);
      }
      AppendRows(chunk, keep, types, *fresh);
    }
    return fresh;
  };

  if (correlated_) {
    Fail(ErrorCode::kNotImplemented, body.position,
         "recursive CTE \"" + cte.name +
             "\" refers to a column of an outer query; this is not supported yet");
  }
  auto all_rows = std::make_shared<TableRows>();
  idx_t total = 0;
  std::shared_ptr<const TableRows> working =
      keep_new(RunPlan(CastColumns(std::move(base.plan), types)));
  std::optional<WorkingTable> shadowed;
  if (working_tables_.count(name)) shadowed = working_tables_[name];
  for (idx_t iteration = 0;; iteration++) {
    idx_t produced = CountRows(*working);
    if (produced == 0) break;
    total += produced;
    if (total > kMaxRecursiveRows) {
      Fail(ErrorCode::kInvalidInput, body.position,
           "recursive CTE \"" + cte.name + "\" produced more than " +
               std::to_string(kMaxRecursiveRows) + " rows; check that its recursive part stops");
    }
    if (iteration >= kMaxRecursiveIterations) {
      Fail(ErrorCode::kInvalidInput, body.position,
           "recursive CTE \"" + cte.name + "\" did not finish after " +
               std::to_string(kMaxRecursiveIterations) +
               " iterations; check that its recursive part stops");
    }
    for (const auto& chunk : *working) {
      std::vector<idx_t> all(chunk.size());
      for (idx_t row = 0; row < chunk.size(); row++) all[row] = row;
      AppendRows(chunk, all, types, *all_rows);
    }
    working_tables_[name] = WorkingTable{working, types, names};
    BoundQuery step;
    try {
      step = BindQuery(*body.right);
    } catch (...) {
      if (shadowed)
        working_tables_[name] = *shadowed;
      else
        working_tables_.erase(name);
      throw;
    }
    if (shadowed)
      working_tables_[name] = *shadowed;
    else
      working_tables_.erase(name);
    if (step.types.size() != types.size()) {
      Fail(ErrorCode::kBinder, body.right->position,
           "the recursive part of \"" + cte.name + "\" has " + std::to_string(step.types.size()) +
               " columns but its base has " + std::to_string(types.size()));
    }
    working = keep_new(RunPlan(CastColumns(std::move(step.plan), types)));
  }
  for (size_t i = 0; i < types.size(); i++) {
    Column column;
    column.table = Lower(alias);
    column.name = names[i];
    column.type = types[i];
    scope.push_back(column);
  }
  return MakeRowsScan(std::move(all_rows), types, "recursive CTE " + name);
}

BoundQuery Binder::BindTableOnly(const TableRef& table) {
  Scope scope;
  BoundQuery query;
  bool statement_root = depth_ == 0;
  query.plan = BindTableRef(table, scope);
  if (statement_root) query.plan = PlaceMaterializedCtes(std::move(query.plan));
  for (const auto& column : scope) {
    query.names.push_back(column.name);
    query.types.push_back(column.type);
  }
  return query;
}

}  // namespace tarn
