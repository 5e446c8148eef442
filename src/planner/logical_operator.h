#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "execution/operator/physical_hash_aggregate.h"
#include "execution/operator/physical_hash_join.h"
#include "execution/operator/physical_order.h"
#include "execution/operator/physical_window.h"
#include "function/table_function.h"
#include "planner/bound_expression.h"

namespace tarn {

enum class LogicalKind : uint8_t {
  kGet,         // table function scan: binding, column_ids
  kRows,        // materialized rows (session table, VALUES, one empty row): rows, column_ids
  kFilter,      // expressions: conjuncts over the child's columns
  kProjection,  // expressions over the child's columns
  kAggregate,   // expressions: groups; aggregates. Output: groups then aggregates
  kJoin,        // join_type; expressions: conjuncts over [left..., right...]
  kOrder,       // orders, limit, offset (a top-N when limit is set)
  kLimit,       // limit, offset
  kUnion,       // UNION ALL of children with identical types
  kWindow,      // windows over the child's columns. Output: child columns, then one per window
  kUnnest,      // expressions: LISTs / MAPs over the child's columns. Output: child columns,
                // then one column per LIST (a MAP gives key and value), then the ordinality
  // cte: children[0] computes the CTE's rows once, before children[1] (the query that reads
  // them through kCteScan) runs. Output: children[1]'s columns.
  kMaterializedCte,
  // cte, column_ids: reads the rows of the kMaterializedCte of `cte`, an ancestor of it.
  kCteScan,
};

// A CTE or view that a query reads more than once and that is computed once: the
// kMaterializedCte of `id` holds its plan, each kCteScan of `id` reads its rows.
// Immutable once bound; shared by the nodes that name it.
struct CteDefinition {
  idx_t id = 0;      // Unique within one statement.
  std::string name;  // For EXPLAIN.
};

// LogicalOperator is the plan the binder produces and the optimizer rewrites before it
// becomes a physical plan. Column references in expressions are positions in the
// child's output (for joins: left columns, then right columns).
// Ownership: a tree of unique_ptrs.
struct LogicalOperator {
  LogicalKind kind = LogicalKind::kRows;
  std::vector<std::unique_ptr<LogicalOperator>> children;
  std::vector<LogicalType> types;  // Output types.
  double estimated_rows = 1;

  // kGet / kRows
  std::shared_ptr<const TableScanBinding> binding;
  std::shared_ptr<const TableRows> rows;
  std::string label;
  std::vector<idx_t> column_ids;          // Which source columns are produced, in output order.
  std::vector<LogicalType> source_types;  // All source columns' types.
  // kGet: simple conditions on source columns (indexes into binding->types()) that the
  // scan may use to skip data; the same conditions stay in a Filter above the scan.
  std::vector<TableFilter> table_filters;

  std::vector<BoundExpressionPtr> expressions;
  std::vector<BoundAggregate> aggregates;
  PhysicalJoinType join_type = PhysicalJoinType::kInner;
  // A MARK join for `x IN (correlated subquery)`: its flag is TRUE or FALSE only, where
  // SQL says NULL when x is NULL or the subquery has NULLs. It is exact only once the
  // optimizer turns it into a SEMI join (the IN is a WHERE condition).
  bool mark_ignores_nulls = false;
  std::vector<BoundOrderItem> orders;
  std::vector<BoundWindow> windows;  // kWindow
  // kOrder / kLimit; on a kGet, a pushed-down LIMIT: the most rows the query needs from
  // the scan (see PushDownLimits).
  std::optional<idx_t> limit;
  idx_t offset = 0;
  // kUnnest: keep input rows whose lists are all empty or NULL, with NULL elements (LEFT
  // JOIN UNNEST); add a 1-based element position column (WITH ORDINALITY).
  bool unnest_outer = false;
  bool unnest_ordinality = false;
  // kMaterializedCte / kCteScan
  std::shared_ptr<const CteDefinition> cte;
};

using LogicalOperatorPtr = std::unique_ptr<LogicalOperator>;

// A deep copy of a plan: its operators and expressions. Immutable pieces (scan bindings,
// stored rows, a materialized CTE's definition record) are shared with the original.
LogicalOperatorPtr CopyPlan(const LogicalOperator& op);

// A projection of `expressions` (over the child's columns) above `child`, with the child's
// estimated rows.
LogicalOperatorPtr MakeProjection(LogicalOperatorPtr child,
                                  std::vector<BoundExpressionPtr> expressions);

}  // namespace tarn
