#include "optimizer/common_subexpressions.h"

#include <gtest/gtest.h>

namespace tarn {
namespace {

const LogicalType kInteger(TypeId::kInteger);

BoundExpressionPtr Column(idx_t index) {
  return BoundExpression::ColumnRef(index, kInteger, "c" + std::to_string(index));
}

// A call that is never run: the pass only looks at names, volatility and structure.
BoundExpressionPtr Call(const std::string& name, std::vector<BoundExpressionPtr> arguments,
                        bool is_volatile = false) {
  auto call = std::make_unique<BoundExpression>();
  call->kind = BoundExpressionKind::kFunction;
  call->type = kInteger;
  call->name = name;
  call->function.name = name;
  call->function.return_type = kInteger;
  call->function.is_volatile = is_volatile;
  call->children = std::move(arguments);
  return call;
}

BoundExpressionPtr Call(const std::string& name, BoundExpressionPtr argument) {
  std::vector<BoundExpressionPtr> arguments;
  arguments.push_back(std::move(argument));
  return Call(name, std::move(arguments));
}

BoundExpressionPtr Call(const std::string& name, BoundExpressionPtr left,
                        BoundExpressionPtr right) {
  std::vector<BoundExpressionPtr> arguments;
  arguments.push_back(std::move(left));
  arguments.push_back(std::move(right));
  return Call(name, std::move(arguments));
}

// A projection of `expressions` over two integer columns.
LogicalOperatorPtr Projection(std::vector<BoundExpressionPtr> expressions) {
  auto rows = std::make_unique<LogicalOperator>();
  rows->kind = LogicalKind::kRows;
  rows->types = {kInteger, kInteger};
  auto projection = std::make_unique<LogicalOperator>();
  projection->kind = LogicalKind::kProjection;
  for (const auto& expression : expressions) projection->types.push_back(expression->type);
  projection->expressions = std::move(expressions);
  projection->children.push_back(std::move(rows));
  return projection;
}

std::vector<BoundExpressionPtr> List(BoundExpressionPtr first, BoundExpressionPtr second) {
  std::vector<BoundExpressionPtr> list;
  list.push_back(std::move(first));
  list.push_back(std::move(second));
  return list;
}

TEST(CommonSubexpressionsTest, SharesRepeatedExpressionThroughProjectionBelow) {
  auto plan = Projection(List(Call("f", Call("g", Column(0))), Call("h", Call("g", Column(0)))));
  EliminateCommonSubexpressions(*plan);
  ASSERT_EQ(plan->children[0]->kind, LogicalKind::kProjection);
  const LogicalOperator& below = *plan->children[0];
  ASSERT_EQ(below.expressions.size(), 1u);  // c0 is no longer read above.
  EXPECT_EQ(below.expressions[0]->ToString(), "g(c0)");
  EXPECT_EQ(plan->expressions[0]->ToString(), "f(shared_1)");
  EXPECT_EQ(plan->expressions[1]->ToString(), "h(shared_1)");
  EXPECT_EQ(plan->expressions[1]->children[0]->column_index, 0u);
  EXPECT_EQ(below.types.size(), 1u);
}

TEST(CommonSubexpressionsTest, SharesTheLargestExpressionAndKeepsOtherColumns) {
  auto plan = Projection(List(Call("+", Call("g", Column(0)), Column(1)),
                              Call("f", Call("+", Call("g", Column(0)), Column(1)))));
  EliminateCommonSubexpressions(*plan);
  ASSERT_EQ(plan->children[0]->kind, LogicalKind::kProjection);
  const LogicalOperator& below = *plan->children[0];
  ASSERT_EQ(below.expressions.size(), 1u);
  EXPECT_EQ(below.expressions[0]->ToString(), "(g(c0) + c1)");
  EXPECT_EQ(plan->expressions[0]->ToString(), "shared_1");
  EXPECT_EQ(plan->expressions[1]->ToString(), "f(shared_1)");
}

TEST(CommonSubexpressionsTest, LeavesGuardedOccurrencesAlone) {
  // g(c1) occurs only after the first argument of coalesce, which guards it.
  auto plan = Projection(List(Call("coalesce", Column(0), Call("g", Column(1))),
                              Call("coalesce", Column(1), Call("g", Column(1)))));
  EliminateCommonSubexpressions(*plan);
  EXPECT_EQ(plan->children[0]->kind, LogicalKind::kRows);
}

TEST(CommonSubexpressionsTest, SharesWhenOneOccurrenceIsEvaluatedForEveryRow) {
  auto plan = Projection(
      List(Call("coalesce", Column(0), Call("g", Column(1))), Call("f", Call("g", Column(1)))));
  EliminateCommonSubexpressions(*plan);
  ASSERT_EQ(plan->children[0]->kind, LogicalKind::kProjection);
  EXPECT_EQ(plan->expressions[0]->ToString(), "coalesce(c0, shared_1)");
}

TEST(CommonSubexpressionsTest, NeverMergesVolatileCalls) {
  auto plan = Projection(List(Call("+", Column(0), Call("random", {}, true)),
                              Call("+", Column(0), Call("random", {}, true))));
  EliminateCommonSubexpressions(*plan);
  EXPECT_EQ(plan->children[0]->kind, LogicalKind::kRows);
}

TEST(CommonSubexpressionsTest, SharesAcrossGroupsAndAggregateArguments) {
  auto rows = std::make_unique<LogicalOperator>();
  rows->kind = LogicalKind::kRows;
  rows->types = {kInteger, kInteger};
  auto aggregate = std::make_unique<LogicalOperator>();
  aggregate->kind = LogicalKind::kAggregate;
  aggregate->expressions.push_back(Call("g", Column(0)));
  BoundAggregate sum;
  sum.arguments.push_back(Call("+", Call("g", Column(0)), Column(1)));
  aggregate->aggregates.push_back(std::move(sum));
  aggregate->children.push_back(std::move(rows));
  EliminateCommonSubexpressions(*aggregate);
  ASSERT_EQ(aggregate->children[0]->kind, LogicalKind::kProjection);
  const LogicalOperator& below = *aggregate->children[0];
  ASSERT_EQ(below.expressions.size(), 2u);
  EXPECT_EQ(below.expressions[0]->ToString(), "c1");
  EXPECT_EQ(below.expressions[1]->ToString(), "g(c0)");
  EXPECT_EQ(aggregate->expressions[0]->ToString(), "shared_1");
  EXPECT_EQ(aggregate->expressions[0]->column_index, 1u);
  EXPECT_EQ(aggregate->aggregates[0].arguments[0]->ToString(), "(shared_1 + c1)");
  EXPECT_EQ(aggregate->aggregates[0].arguments[0]->children[1]->column_index, 0u);
}

}  // namespace
}  // namespace tarn
