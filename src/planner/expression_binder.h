#pragma once

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

  ExpressionBinder(Binder& binder, const Binder::Scope& scope, AggregateContext* aggregates,
                   std::string clause, CorrelationTarget* correlation = nullptr);

  BoundExpressionPtr Bind(const ParsedExpression& expression);
  // Allows window function calls (the select list and ORDER BY); without it they fail.
  void SetWindowContext(WindowContext* windows) { windows_ = windows; }
  // Binds and checks the result is BOOLEAN (WHERE, HAVING, ON, CASE WHEN).
  BoundExpressionPtr BindCondition(const ParsedExpression& expression);
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
  WindowBound BindFrameBound(const FrameBound& bound, bool rows);
  BoundExpressionPtr BindOperator(const ParsedExpression& expression);
  BoundExpressionPtr BindCase(const ParsedExpression& expression);
  BoundExpressionPtr BindInList(const ParsedExpression& expression);
  BoundExpressionPtr BindSubquery(const ParsedExpression& expression);
  // Turns a bound correlated subquery into a join with the target plan (see the .cc file
  // for the shapes supported) and returns the expression that stands for its value.
  BoundExpressionPtr Decorrelate(const ParsedExpression& expression, BoundQuery query);
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
