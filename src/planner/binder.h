#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "parser/ast.h"
#include "planner/logical_operator.h"

namespace tarn {

// A bound query: its logical plan and the names of its output columns.
struct BoundQuery {
  LogicalOperatorPtr plan;
  std::vector<std::string> names;
  std::vector<LogicalType> types;
};

// Runs a logical plan to completion and returns its rows (used to evaluate uncorrelated
// subqueries while binding).
using PlanRunner = std::function<std::shared_ptr<TableRows>(LogicalOperatorPtr plan)>;

// Binder resolves a parsed query against the catalog and turns it into a typed logical
// plan: names become column positions, functions are looked up and overloads chosen,
// implicit casts inserted, constants folded, aggregates split out. Errors throw
// TarnException with a message naming the offending name or types, pointing at the
// statement text where it helps.
// Thread safety: one Binder per statement; it is not shared.
class Binder {
 public:
  Binder(Catalog& catalog, std::string_view sql, PlanRunner run_plan);

  BoundQuery BindQuery(const QueryNode& node);
  // Binds the table reference alone (for DESCRIBE 'file.csv' and DESCRIBE t).
  BoundQuery BindTableOnly(const TableRef& table);

  struct Column {
    std::string table;  // Alias of the table it came from (lower case), may be empty.
    std::string name;
    LogicalType type;
    bool hidden = false;  // Right side of a USING join: not expanded by *.
  };
  using Scope = std::vector<Column>;

 private:
  friend class ExpressionBinder;
  struct CteEntry {
    const CommonTableExpression* cte;
  };

  BoundQuery BindSelect(const QueryNode& node);
  BoundQuery BindSetOperation(const QueryNode& node);
  BoundQuery BindValues(const QueryNode& node);
  LogicalOperatorPtr BindTableRef(const TableRef& ref, Scope& scope);
  LogicalOperatorPtr BindJoin(const TableRef& ref, Scope& scope);
  LogicalOperatorPtr BindFileScan(const std::string& path, const TableRef& ref, Scope& scope);
  LogicalOperatorPtr BindTableFunction(const TableRef& ref, Scope& scope);
  LogicalOperatorPtr BindSubqueryRef(const QueryNode& query, const std::string& alias,
                                     const std::vector<std::string>& column_aliases,
                                     Scope& scope);
  void ApplyOrderAndLimit(const QueryNode& node, BoundQuery& query,
                          const std::vector<const ParsedExpression*>& select_items,
                          const std::function<BoundExpressionPtr(const ParsedExpression&)>& bind_hidden,
                          const std::function<std::string(const ParsedExpression&)>& match_key = nullptr);
  idx_t BindLimitValue(const ParsedExpression& expression, const char* clause);

  [[noreturn]] void Fail(ErrorCode code, size_t position, const std::string& message) const;

  Catalog& catalog_;
  std::string sql_;
  PlanRunner run_plan_;
  // For a subquery: the scope of the query it is nested in, whose columns it may refer to
  // (a correlated subquery); set when such a reference was bound.
  const std::vector<Column>* outer_scope_ = nullptr;
  bool correlated_ = false;
  std::vector<std::map<std::string, const CommonTableExpression*>> cte_scopes_;
  int depth_ = 0;
  // Select items that * expanded to, pinned to their scope position: the names alone may
  // be ambiguous (a subquery or table with two columns of one name).
  std::map<const ParsedExpression*, idx_t> star_columns_;
};

// Wraps `plan` in a projection casting its columns to `types` where they differ.
LogicalOperatorPtr CastColumns(LogicalOperatorPtr plan, const std::vector<LogicalType>& types);
// Adds a cast node when the types differ (folding constants).
BoundExpressionPtr AddCast(BoundExpressionPtr expression, const LogicalType& type, bool try_cast = false);
// Evaluates a constant expression to a Value.
Value EvaluateConstant(const BoundExpression& expression);

}  // namespace tarn
