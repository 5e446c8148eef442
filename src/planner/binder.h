#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "parser/ast.h"
#include "planner/logical_operator.h"

namespace tarn {

class ExpressionBinder;

// A bound query: its logical plan and the names of its output columns.
struct BoundQuery {
  LogicalOperatorPtr plan;
  std::vector<std::string> names;
  std::vector<LogicalType> types;
};

// Runs a logical plan to completion and returns its rows (used to evaluate uncorrelated
// subqueries while binding).
using PlanRunner = std::function<std::shared_ptr<TableRows>(LogicalOperatorPtr plan)>;

// What a TableResolver found: the scan of a table, or the query of a view; both null when
// there is no such name.
struct ResolvedTable {
  std::shared_ptr<const TableScanBinding> scan;
  std::shared_ptr<const ViewEntry> view;
  // When neither: the names the database does hold, for "did you mean".
  std::vector<std::string> candidates;
};

// Resolves a table name that is not a CTE or a session table or view: a lake catalog
// table or view (`db.t`, or `t` in the session's current database) or a catalog view
// (information_schema.tables). Throws TarnException when the name exists but cannot be
// read.
using TableResolver =
    std::function<ResolvedTable(const std::string& schema, const std::string& name)>;

// Binder resolves a parsed query against the catalog and turns it into a typed logical
// plan: names become column positions, functions are looked up and overloads chosen,
// implicit casts inserted, constants folded, aggregates split out. Errors throw
// TarnException with a message naming the offending name or types, pointing at the
// statement text where it helps.
// Thread safety: one Binder per statement; it is not shared.
class Binder {
 public:
  Binder(Catalog& catalog, std::string_view sql, PlanRunner run_plan,
         TableResolver resolve_table = nullptr);

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
  // The scan of a bound table function, file or catalog table; its columns join `scope`
  // under `alias`.
  LogicalOperatorPtr ScanFromBinding(std::shared_ptr<const TableScanBinding> binding,
                                     const TableRef& ref, const std::string& alias, Scope& scope);
  // `left JOIN LATERAL (query) alias`: the query may use the left side's columns. A
  // correlated query is decorrelated into a join (lateral_join.cc); shapes that cannot be
  // are reported as not supported.
  LogicalOperatorPtr BindLateralJoin(const TableRef& ref, Scope& scope);
  // UNNEST(list, ...) [WITH ORDINALITY] [AS t(columns)] over `input` (a single row when it
  // stands alone in FROM, the left side when joined laterally): its arguments may use the
  // input's columns. Appends the input's and the element columns to `scope`.
  LogicalOperatorPtr BindUnnest(const TableRef& ref, LogicalOperatorPtr input,
                                const Scope& input_scope, bool outer, Scope& scope);
  // Expands one select-list star: `*` or `t.*` to the scope's columns, `s.*` (also `t.s.*`,
  // `s.inner.*`) on a STRUCT column to its fields; then applies EXCLUDE, REPLACE and
  // RENAME. Appends the items and their names; `storage` owns the expressions it makes.
  void ExpandStar(const ParsedExpression& star, const Scope& scope,
                  std::vector<const ParsedExpression*>& select_items,
                  std::vector<std::string>& names,
                  std::vector<std::unique_ptr<ParsedExpression>>& storage);
  // unnest(list) calls in a select list: unnests them (side by side) over `plan` and pins
  // each call to its element column in `scope`.
  void BindSelectUnnests(const std::vector<const ParsedExpression*>& items,
                         LogicalOperatorPtr& plan, Scope& scope);
  // A session or lake view: its query bound as a subquery named `alias`.
  LogicalOperatorPtr BindView(const ViewEntry& view, const TableRef& ref, const std::string& alias,
                              Scope& scope);
  LogicalOperatorPtr BindSubqueryRef(const QueryNode& query, const std::string& alias,
                                     const std::vector<std::string>& column_aliases, Scope& scope);
  void ApplyOrderAndLimit(
      const QueryNode& node, BoundQuery& query,
      const std::vector<const ParsedExpression*>& select_items,
      const std::function<BoundExpressionPtr(const ParsedExpression&)>& bind_hidden,
      const std::function<std::string(const ParsedExpression&)>& match_key = nullptr);
  idx_t BindLimitValue(const ParsedExpression& expression, const char* clause);

  [[noreturn]] void Fail(ErrorCode code, size_t position, const std::string& message) const;

  // GROUPING SETS / ROLLUP / CUBE: the grouping() calls of the query become extra
  // constant groups after the `group_count` real ones; each call lists the groups it tests.
  void AddGroupingCalls(const ParsedExpression& expression, ExpressionBinder& group_binder,
                        size_t group_count, std::vector<std::vector<idx_t>>& grouping_calls,
                        std::vector<std::string>& group_texts,
                        std::vector<BoundExpressionPtr>& groups);
  // Turns the bound aggregate node into a UNION ALL of one aggregate per grouping set over
  // the input (materialized once); groups missing from a set become typed NULLs.
  void ExpandGroupingSets(LogicalOperator& aggregate, const std::vector<std::vector<size_t>>& sets,
                          size_t group_count,
                          const std::vector<std::vector<idx_t>>& grouping_calls);
  // INTERSECT ALL / EXCEPT ALL: runs both sides and keeps each left row as many times as
  // the multiset semantics say (min of the counts / difference of the counts).
  LogicalOperatorPtr BindMultisetOperation(SetOperationKind kind, LogicalOperatorPtr left,
                                           LogicalOperatorPtr right,
                                           const std::vector<LogicalType>& types);
  // A reference to the non-recursive CTE `cte` whose body sees the CTEs `body_scopes`: a
  // scan of its rows when it is computed once (materialized_cte.cc), else its query bound
  // here. Its columns join `scope` under `alias`, renamed by `column_aliases`.
  LogicalOperatorPtr BindCteReference(
      const CommonTableExpression& cte,
      const std::vector<std::map<std::string, const CommonTableExpression*>>& body_scopes,
      const TableRef& ref, const std::string& alias, Scope& scope);
  // Whether computing a CTE or view body once pays, when it is read more than once: it
  // aggregates, joins or has windows. A filtered scan is cheaper expanded at each
  // reference, where filters reach the scan.
  static bool IsWorthComputingOnce(const LogicalOperator& plan);
  // Renames the first columns of `columns` (a table reference's) to `column_aliases`.
  void RenameColumns(Scope& columns, const std::vector<std::string>& column_aliases,
                     const std::string& alias, size_t position) const;
  // Records a bound CTE or view body (whose columns are `body_scope`) to be computed once;
  // returns its id.
  idx_t AddMaterializedCte(const std::string& name, LogicalOperatorPtr plan,
                           const Scope& body_scope, bool always);
  // A scan of the rows of materialized CTE `id`; its columns join `scope`.
  LogicalOperatorPtr ScanMaterializedCte(idx_t id, const TableRef& ref, const std::string& alias,
                                         Scope& scope);
  // Runs a plan while binding (uncorrelated subqueries, recursive CTEs): the materialized
  // CTEs it reads are computed first (once for the statement) and read as rows.
  std::shared_ptr<TableRows> RunPlan(LogicalOperatorPtr plan);
  // Turns scans of CTEs that were computed while binding into scans of their rows;
  // computes the pending ones `plan` reads first when `compute` is set.
  void ReadComputedCtes(LogicalOperator& plan, bool compute);
  // At the end of a statement: each CTE still to be computed that the plan reads more
  // than once (or that says MATERIALIZED) becomes a kMaterializedCte above the plan; one
  // read once is expanded in place.
  LogicalOperatorPtr PlaceMaterializedCtes(LogicalOperatorPtr plan);
  // WITH RECURSIVE: evaluates base UNION [ALL] recursive part to a fixed point.
  LogicalOperatorPtr BindRecursiveCte(const CommonTableExpression& cte, const std::string& alias,
                                      const std::vector<std::string>& column_aliases, Scope& scope);

  Catalog& catalog_;
  std::string sql_;
  PlanRunner run_plan_;
  TableResolver resolve_table_;
  // For a subquery: the scope of the query it is nested in, whose columns it may refer to
  // (a correlated subquery); set when such a reference was bound.
  const std::vector<Column>* outer_scope_ = nullptr;
  // For a subquery of an aggregate query's select list, HAVING or ORDER BY: the binder of
  // the enclosing expression. The subquery's references to the outer query are bound there
  // (to group keys and aggregates) and number the aggregate's output columns.
  ExpressionBinder* outer_aggregate_binder_ = nullptr;
  bool correlated_ = false;
  std::vector<std::map<std::string, const CommonTableExpression*>> cte_scopes_;
  // CTEs and views the statement computes once, shared by all binders of one statement
  // (a subquery's binder takes its parent's).
  struct MaterializedCte {
    std::shared_ptr<CteDefinition> definition;
    Scope columns;  // As the definition names them.
    double estimated_rows = 1;
    LogicalOperatorPtr plan;                // Until it is placed or computed while binding.
    std::shared_ptr<const TableRows> rows;  // Once computed while binding.
    bool always = false;                    // AS MATERIALIZED
  };
  struct MaterializedCtes {
    std::vector<MaterializedCte> entries;  // Indexed by CteDefinition::id.
    // Per CTE or view (by lower-case name): its entry, or nullopt when each reference
    // binds its query anew (not worth computing once, or it refers to an outer query).
    std::map<const CommonTableExpression*, std::optional<idx_t>> ctes;
    std::map<std::string, std::optional<idx_t>> views;
  };
  std::shared_ptr<MaterializedCtes> materialized_ctes_ = std::make_shared<MaterializedCtes>();
  int depth_ = 0;
  // Select items that * expanded to, pinned to their scope position: the names alone may
  // be ambiguous (a subquery or table with two columns of one name).
  std::map<const ParsedExpression*, idx_t> star_columns_;
  // unnest(...) calls of a select list, pinned to the scope position of their elements.
  std::map<const ParsedExpression*, idx_t> unnest_columns_;
  // While a recursive CTE iterates: its name (lower case) stands for the rows of the
  // previous iteration.
  struct WorkingTable {
    std::shared_ptr<const TableRows> rows;
    std::vector<LogicalType> types;
    std::vector<std::string> names;
  };
  std::map<std::string, WorkingTable> working_tables_;
  // WINDOW clause of the SELECT being bound: the windows OVER w may name.
  const std::vector<std::pair<std::string, std::unique_ptr<WindowSpec>>>* named_windows_ = nullptr;
};

// Wraps `plan` in a projection casting its columns to `types` where they differ.
LogicalOperatorPtr CastColumns(LogicalOperatorPtr plan, const std::vector<LogicalType>& types);
// Adds a cast node when the types differ (folding constants).
BoundExpressionPtr AddCast(BoundExpressionPtr expression, const LogicalType& type,
                           bool try_cast = false);
// Evaluates a constant expression to a Value.
Value EvaluateConstant(const BoundExpression& expression);
// Replaces a constant expression by its value. One whose evaluation fails with a user
// error (1 / 0) is kept as it is, to fail at run time only if a row needs its value: a
// condition may guard it (false AND 1 / 0 = 1).
BoundExpressionPtr FoldConstant(BoundExpressionPtr expression);

}  // namespace tarn
