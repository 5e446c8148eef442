#pragma once

#include <functional>
#include <string>
#include <vector>

#include "planner/logical_operator.h"

namespace tarn {

// SubqueryUnnester decorrelates a subquery of any shape (DISTINCT, set operations,
// aggregates, windows, ORDER BY ... LIMIT, correlation by any condition) that refers to the
// columns of an outer plan through kOuterColumnRef expressions, numbered by the outer
// plan's output columns.
//
// The domain is the DISTINCT set of the outer columns the subquery uses. Unnest rewrites
// the subquery to run once over all domain rows together: each operator carries the domain
// columns along (grouping by them, partitioning windows and per-row limits by them, adding
// them to DISTINCT and set-operation keys, which compare them null-safely), and the
// subquery's outer references become references to them. The result is an ordinary plan
// with the subquery's columns followed by the domain columns, which the caller joins back
// to the outer rows on DomainConditions (IS NOT DISTINCT FROM).
//
// The outer plan is copied, not consumed, each time the domain is needed, so it runs more
// than once; the constructor refuses an outer plan with volatile functions, whose copies
// would disagree.
// Ownership: keeps a reference to the outer plan, which must outlive the unnester.
// Thread safety: used by one binder on one thread.
class SubqueryUnnester {
 public:
  // `refuse` reports a shape that cannot be unnested (it must throw).
  using Refuse = std::function<void(const std::string& what)>;

  SubqueryUnnester(const LogicalOperator& outer, const LogicalOperator& subquery, Refuse refuse);

  // The outer column behind each domain column, in domain order.
  const std::vector<idx_t>& outer_columns() const { return outer_columns_; }

  // Lets the given aggregate without GROUP BY (a node of the subquery, normally its root)
  // skip the rows of domain values that have no input rows: the caller then joins with a
  // LEFT join and supplies the aggregates' values over no rows itself. Every other
  // aggregate without GROUP BY keeps SQL's one row per domain value.
  void LeaveEmptyGroupsToCaller(const LogicalOperator* aggregate) {
    empty_groups_left_ = aggregate;
  }

  // Consumes the subquery plan; returns [subquery columns..., domain columns...].
  LogicalOperatorPtr Unnest(LogicalOperatorPtr subquery);

  // Conditions joining outer rows to the unnested rows, over a join whose first columns
  // are the outer plan's and whose domain columns start at `domain_offset`.
  std::vector<BoundExpressionPtr> DomainConditions(idx_t domain_offset) const;

 private:
  LogicalOperatorPtr Domain() const;
  LogicalOperatorPtr CrossWithDomain(LogicalOperatorPtr op) const;
  LogicalOperatorPtr Push(LogicalOperatorPtr op);
  LogicalOperatorPtr PushAggregate(LogicalOperatorPtr op);
  LogicalOperatorPtr PushPerDomainLimit(LogicalOperatorPtr op);
  LogicalOperatorPtr PushJoin(LogicalOperatorPtr op);
  // Outer references become references to the domain columns starting at `domain_offset`.
  void Rewrite(BoundExpression& expression, idx_t domain_offset) const;
  [[noreturn]] void Fail(const std::string& what) const;

  const LogicalOperator& outer_;
  Refuse refuse_;
  std::vector<idx_t> outer_columns_;
  std::vector<LogicalType> domain_types_;
  const LogicalOperator* empty_groups_left_ = nullptr;
};

}  // namespace tarn
