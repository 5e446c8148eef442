#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "planner/binder.h"

namespace tarn {

// ExpressionBinder binds one parsed expression against a scope (the FROM clause's
// columns). In an aggregate query it also splits out aggregates: with an
// AggregateContext, aggregate calls are bound over the FROM scope and collected, and the
// result refers to the aggregate operator's output (groups, then aggregates); any column
// used outside an aggregate must be a GROUP BY expression.
// Thread safety: a short-lived helper owned by one Binder.
class ExpressionBinder {
 public:
  struct AggregateContext {
    std::vector<std::string> group_texts;  // MatchKey of each group.
    std::vector<BoundExpressionPtr> groups;
    std::vector<BoundAggregate> aggregates;
    std::vector<std::string> aggregate_texts;
  };

  // Where a correlated subquery is turned into a join: the plan that produces the scope's
  // columns, and the scope. The join replaces the plan and appends its (hidden) columns to
  // the scope, so existing column positions stay valid.
  struct CorrelationTarget {
    LogicalOperatorPtr* plan;
    Binder::Scope* scope;
  };

  // Window function calls bound so far. Each call binds to a placeholder column reference
  // (kWindowReferenceBase + its index) until AddWindowOperator places the window operator.
  struct WindowContext {
    std::vector<BoundWindow> windows;
    std::vector<std::string> texts;  // MatchKey of each window call.
  };
  static constexpr idx_t kWindowReferenceBase = idx_t{1} << 40;

  // Correlated subqueries of an aggregate query's select list, HAVING and ORDER BY. They
  // join onto the aggregate's output (group keys, then aggregates: the outer columns they
  // may use), whose columns are final only once every clause is bound. Each binds to a
  // placeholder column reference (kSubqueryReferenceBase + its index) until
  // JoinDeferredSubqueries joins them in.
  struct DeferredSubqueries {
    struct Entry {
      const ParsedExpression* expression;
      BoundQuery query;
      std::vector<BoundExpressionPtr> inputs;  // IN: the bound input, one per row element.
      bool null_is_false = false;              // See BindFilter.
      std::string clause;
    };
    std::vector<Entry> entries;
  };
  static constexpr idx_t kSubqueryReferenceBase = idx_t{1} << 41;

  ExpressionBinder(Binder& binder, const Binder::Scope& scope, AggregateContext* aggregates,
                   std::string clause, CorrelationTarget* correlation = nullptr);

  BoundExpressionPtr Bind(const ParsedExpression& expression);
  // Allows window function calls (the select list and ORDER BY); without it they fail.
  void SetWindowContext(WindowContext* windows) { windows_ = windows; }
  // Binds and checks the result is BOOLEAN (WHERE, HAVING, ON, CASE WHEN).
  BoundExpressionPtr BindCondition(const ParsedExpression& expression);
  // BindCondition for the condition of a filter (WHERE, HAVING), where NULL and FALSE both
  // drop the row: an `x IN (correlated subquery)` among its top-level AND-ed conditions may
  // be a plain match flag, which the optimizer turns into a semi join.
  BoundExpressionPtr BindFilter(const ParsedExpression& expression);
  // Makes correlated subqueries wait in `deferred` (see DeferredSubqueries); only with an
  // AggregateContext.
  void SetDeferredSubqueries(DeferredSubqueries* deferred) { deferred_ = deferred; }
  // Joins the deferred subqueries, in the order they were bound, onto `plan` (the
  // aggregate's output) and returns the expression that stands for each one's value over
  // the joined plan, whose leading columns are the aggregate's.
  static std::vector<BoundExpressionPtr> JoinDeferredSubqueries(Binder& binder,
                                                                DeferredSubqueries& deferred,
                                                                LogicalOperatorPtr& plan);
  // Replaces the placeholders of deferred subqueries with their `values`.
  static void ReplaceSubqueryPlaceholders(BoundExpression& expression,
                                          const std::vector<BoundExpressionPtr>& values);
  // Resolves a column name to its position in the scope, or throws with a suggestion.
  idx_t ResolveColumn(const ParsedExpression& reference);
  // For a path such as s.a or t.s.a whose prefix is a STRUCT column: the equivalent
  // struct_extract calls; null when the path names a column as it is.
  std::unique_ptr<ParsedExpression> StructFieldAccess(const ParsedExpression& reference) const;
  // Text under which two expressions count as the same (GROUP BY items, repeated
  // aggregates, ORDER BY select items): the SQL text with each column reference
  // resolved, so that e.n and t.n differ while n and e.n may agree.
  std::string MatchKey(const ParsedExpression& expression) const;

  // Whether the expression contains an aggregate call (not looking into subqueries).
  static bool ContainsAggregate(const ParsedExpression& expression);

 private:
  BoundExpressionPtr BindNode(const ParsedExpression& expression);
  // The scope position a column reference names, or nothing when unknown or ambiguous.
  std::optional<idx_t> FindColumn(const ParsedExpression& reference) const;
  BoundExpressionPtr BindFunction(const ParsedExpression& expression);
  BoundExpressionPtr BindAggregateCall(const ParsedExpression& expression);
  // Binds the aggregate of a call (in an aggregate query or over a window) for its
  // already bound `arguments`, with its modifiers: WITHIN GROUP (the ordered-set forms
  // percentile_cont / percentile_disc / mode), ORDER BY inside the call and FILTER, whose
  // expressions it binds and appends to `arguments` (casting all to what the returned
  // function takes).
  AggregateFunction BindAggregateFunction(const ParsedExpression& expression,
                                          std::vector<BoundExpressionPtr>& arguments);
  // Fails when a call that is not an aggregate has FILTER, ORDER BY or WITHIN GROUP.
  void RejectAggregateModifiers(const ParsedExpression& expression, const std::string& name);
  // MatchKey plus the resolved columns of the call's FILTER and ORDER BY.
  std::string AggregateMatchKey(const ParsedExpression& expression) const;
  // OVER w or OVER (w ORDER BY ... ROWS ...): the named window `spec` starts from, with
  // what `spec` adds (an ORDER BY where w has none, a frame where w has none).
  std::unique_ptr<WindowSpec> ResolveNamedWindow(const WindowSpec& spec, size_t position,
                                                 size_t depth);
  // A RANGE frame with n PRECEDING / n FOLLOWING: fills window.range_values.
  void BindRangeValues(BoundWindow& window, const WindowSpec& spec, size_t position);
  BoundExpressionPtr BindWindowCall(const ParsedExpression& expression);
  // `counted`: a ROWS or GROUPS frame, whose offsets are integer constants.
  WindowBound BindFrameBound(const FrameBound& bound, bool counted);
  BoundExpressionPtr BindOperator(const ParsedExpression& expression);
  BoundExpressionPtr BindCase(const ParsedExpression& expression);
  BoundExpressionPtr BindInList(const ParsedExpression& expression);
  BoundExpressionPtr BindSubquery(const ParsedExpression& expression);
  // Turns a bound correlated subquery into a join with the target plan (see the .cc file
  // for the shapes supported) and returns the expression that stands for its value.
  // `inputs` are IN's bound input (one per element of a row value); `null_is_false` as in
  // BindFilter.
  BoundExpressionPtr Decorrelate(const ParsedExpression& expression, BoundQuery query,
                                 std::vector<BoundExpressionPtr> inputs, bool null_is_false);
  // The shapes Decorrelate's direct rewrites do not cover (DISTINCT, set operations, LIMIT,
  // GROUP BY, correlation other than equality with aggregates): the subquery unnested over
  // the distinct outer values it uses (SubqueryUnnester) and joined back on them.
  BoundExpressionPtr DecorrelateOverDomain(const ParsedExpression& expression, BoundQuery query,
                                           std::vector<BoundExpressionPtr> inputs,
                                           bool null_is_false);
  // After an EXISTS became a MARK join whose flag is column `column` of the correlation
  // target: the flag's hidden scope column, and the EXISTS (NOT EXISTS when `negated`).
  BoundExpressionPtr ExistsFromMarkFlag(idx_t column, bool negated);
  // [NOT] IN with SQL's NULL semantics as MARK joins of the correlation target's plan with
  // `right` (the subquery's rows, consumed): `elements` are the subquery's values over
  // right's columns, one per input; `conditions(left_width)` gives the correlation
  // conditions of a join whose left side has `left_width` columns, the outer plan's first.
  // One join finds a row equal to the input; unless a plain match flag will do (IN under
  // `null_is_false`), a second finds the rows that make the answer NULL.
  BoundExpressionPtr JoinInSubquery(
      const ParsedExpression& expression, std::vector<BoundExpressionPtr> inputs,
      LogicalOperatorPtr right, std::vector<BoundExpressionPtr> elements,
      const std::function<std::vector<BoundExpressionPtr>(idx_t)>& conditions, bool null_is_false);
  // An uncorrelated (a, b) IN (subquery) where no join can take it: the subquery's rows,
  // read now, compared one by one.
  BoundExpressionPtr ExpandRowIn(const ParsedExpression& expression, BoundQuery query,
                                 std::vector<BoundExpressionPtr> inputs);
  // The bound inputs of `x IN (...)`: x, or the elements of a row value (a, b).
  std::vector<BoundExpressionPtr> BindInInputs(const ParsedExpression& input);
  // Row values compared with =, <>, <, <=, >, >=, IS [NOT] DISTINCT FROM: the comparison
  // rewritten element by element; null when neither side is a row value.
  BoundExpressionPtr BindRowComparison(const ParsedExpression& expression);
  // For a subquery of an aggregate query: an aggregate call of the subquery over columns of
  // the outer query alone belongs to the outer query (SQL's rule); binds it there and
  // returns an outer reference to its column, or null when the call is the subquery's own.
  BoundExpressionPtr BindOuterAggregate(const ParsedExpression& expression);
  // The registered scalar function `name`; fails at `position` when there is none.
  const ScalarBinder* FindScalarOrFail(const std::string& name, size_t position);
  BoundExpressionPtr CallScalar(const std::string& name, std::vector<BoundExpressionPtr> children,
                                size_t position);
  BoundExpressionPtr MakeBoolean(BoundExpressionKind kind,
                                 std::vector<BoundExpressionPtr> children);

  Binder& binder_;
  const Binder::Scope& scope_;
  AggregateContext* aggregates_;
  std::string clause_;
  CorrelationTarget* correlation_;
  bool inside_aggregate_ = false;
  WindowContext* windows_ = nullptr;
  bool inside_window_ = false;
  DeferredSubqueries* deferred_ = nullptr;
  // While binding the top-level AND-ed conditions of BindFilter.
  bool null_is_false_ = false;
};

// Places a window operator computing `windows` between `projection` and its child, and
// turns the projection's placeholder references to window results into references to the
// window operator's output. Does nothing when there are no windows.
void AddWindowOperator(LogicalOperator& projection, ExpressionBinder::WindowContext& windows);

// Coerces a VARCHAR constant compared or combined with a typed expression into that type
// (PostgreSQL treats quoted literals as of unknown type). Returns true if it changed.
bool CoerceStringLiteral(BoundExpressionPtr& literal, const LogicalType& target);

// Wraps a predicate's conjuncts into a list (a AND b AND c -> [a, b, c]).
void SplitConjuncts(BoundExpressionPtr expression, std::vector<BoundExpressionPtr>& conjuncts);
BoundExpressionPtr CombineConjuncts(std::vector<BoundExpressionPtr> conjuncts);

}  // namespace tarn
