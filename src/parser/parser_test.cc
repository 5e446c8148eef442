#include "parser/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "parser/lexer.h"

namespace tarn {
namespace {

std::vector<std::unique_ptr<Statement>> ParseAll(const std::string& sql) {
  auto result = ParseSql(sql);
  EXPECT_TRUE(result.ok()) << sql << "\n" << result.status().message();
  if (!result.ok()) return {};
  return std::move(result).value();
}

std::unique_ptr<Statement> ParseOne(const std::string& sql) {
  auto statements = ParseAll(sql);
  EXPECT_EQ(statements.size(), 1u) << sql;
  if (statements.size() != 1) return std::make_unique<Statement>();
  return std::move(statements[0]);
}

std::unique_ptr<QueryNode> ParseQueryText(const std::string& sql) {
  auto statement = ParseOne(sql);
  EXPECT_EQ(statement->kind, StatementKind::kSelect);
  if (!statement->query) return std::make_unique<QueryNode>();
  return std::move(statement->query);
}

std::unique_ptr<ParsedExpression> ParseExpressionText(const std::string& text) {
  auto query = ParseQueryText("SELECT " + text);
  EXPECT_EQ(query->select_list.size(), 1u) << text;
  if (query->select_list.empty()) return std::make_unique<ParsedExpression>();
  return std::move(query->select_list[0]);
}

std::string ErrorOf(const std::string& sql) {
  auto result = ParseSql(sql);
  EXPECT_FALSE(result.ok()) << sql;
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), ErrorCode::kSyntax);
  return result.status().message();
}

// ---- Lexer ------------------------------------------------------------------------------

TEST(LexerTest, TokenKindsAndFolding) {
  LexResult lexed = Tokenize("SeLeCt \"My Col\", 'it''s', 1.5e3, a<=b != c::INT -- note\n");
  ASSERT_TRUE(lexed.ok);
  const auto& tokens = lexed.tokens;
  ASSERT_EQ(tokens.size(), 15u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kIdentifier);
  EXPECT_EQ(tokens[0].text, "select");
  EXPECT_EQ(tokens[1].kind, TokenKind::kQuotedIdentifier);
  EXPECT_EQ(tokens[1].text, "My Col");
  EXPECT_EQ(tokens[3].kind, TokenKind::kString);
  EXPECT_EQ(tokens[3].text, "it's");
  EXPECT_EQ(tokens[5].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[5].text, "1.5e3");
  EXPECT_TRUE(tokens[8].IsOperator("<="));
  EXPECT_TRUE(tokens[10].IsOperator("<>"));
  EXPECT_TRUE(tokens[12].IsOperator("::"));
  EXPECT_EQ(tokens[13].text, "int");
  EXPECT_EQ(tokens[14].kind, TokenKind::kEnd);
}

TEST(LexerTest, NumbersCommentsAndNamedArgumentOperators) {
  LexResult lexed = Tokenize(".5 1. 7 /* a /* nested */ comment */ x := 1 y => 2 \"a\"\"b\"");
  ASSERT_TRUE(lexed.ok);
  const auto& tokens = lexed.tokens;
  ASSERT_EQ(tokens.size(), 11u);
  EXPECT_EQ(tokens[0].text, ".5");
  EXPECT_EQ(tokens[1].text, "1.");
  EXPECT_EQ(tokens[2].text, "7");
  EXPECT_TRUE(tokens[4].IsOperator(":="));
  EXPECT_TRUE(tokens[7].IsOperator("=>"));
  EXPECT_EQ(tokens[9].text, "a\"b");
}

TEST(LexerTest, UnterminatedTokensFailAtTheirStart) {
  LexResult lexed = Tokenize("SELECT 'abc");
  EXPECT_FALSE(lexed.ok);
  EXPECT_EQ(lexed.error_position, 7u);
  EXPECT_EQ(lexed.error_message, "unterminated quoted string");
  lexed = Tokenize("SELECT 1 /* open");
  EXPECT_FALSE(lexed.ok);
  EXPECT_EQ(lexed.error_position, 9u);
  lexed = Tokenize("SELECT \"abc");
  EXPECT_FALSE(lexed.ok);
  EXPECT_EQ(lexed.error_message, "unterminated quoted identifier");
}

// ---- Literals ---------------------------------------------------------------------------

TEST(ParserLiteralTest, IntegerTyping) {
  auto small = ParseExpressionText("2147483647");
  EXPECT_EQ(small->kind, ExpressionKind::kConstant);
  EXPECT_EQ(small->value.type().id(), TypeId::kInteger);
  EXPECT_EQ(small->value.GetInteger(), 2147483647);

  auto big = ParseExpressionText("2147483648");
  EXPECT_EQ(big->value.type().id(), TypeId::kBigint);
  EXPECT_EQ(big->value.GetBigint(), 2147483648LL);

  auto negative = ParseExpressionText("-2147483648");
  EXPECT_EQ(negative->kind, ExpressionKind::kConstant);
  EXPECT_EQ(negative->value.type().id(), TypeId::kInteger);
  EXPECT_EQ(negative->value.GetInteger(), INT32_MIN);

  auto huge = ParseExpressionText("123456789012345678901234567890");
  EXPECT_EQ(huge->value.type().id(), TypeId::kDecimal);
  EXPECT_EQ(huge->value.type().width(), 38);
  EXPECT_EQ(huge->value.type().scale(), 0);

  EXPECT_NE(ErrorOf("SELECT 123456789012345678901234567890123456789").find("out of range"),
            std::string::npos);
}

TEST(ParserLiteralTest, DecimalsDoublesStringsBooleansNull) {
  auto decimal = ParseExpressionText("12.50");
  ASSERT_EQ(decimal->value.type().id(), TypeId::kDecimal);
  EXPECT_EQ(decimal->value.type().scale(), 2);
  EXPECT_EQ(decimal->value.type().width(), 4);
  EXPECT_TRUE(decimal->value.GetInt128() == 1250);

  auto fraction = ParseExpressionText(".5");
  ASSERT_EQ(fraction->value.type().id(), TypeId::kDecimal);
  EXPECT_EQ(fraction->value.type().scale(), 1);
  EXPECT_GE(fraction->value.type().width(), 2);

  auto negative = ParseExpressionText("-0.25");
  ASSERT_EQ(negative->value.type().id(), TypeId::kDecimal);
  EXPECT_TRUE(negative->value.GetInt128() == -25);

  auto exponent = ParseExpressionText("1e10");
  ASSERT_EQ(exponent->value.type().id(), TypeId::kDouble);
  EXPECT_DOUBLE_EQ(exponent->value.GetDouble(), 1e10);

  EXPECT_NE(ErrorOf("SELECT 1e400").find("out of range"), std::string::npos);

  auto long_decimal = ParseExpressionText("1.234567890123456789012345678901234567890");
  EXPECT_EQ(long_decimal->value.type().id(), TypeId::kDouble);

  auto text = ParseExpressionText("'it''s'");
  EXPECT_EQ(text->value.type().id(), TypeId::kVarchar);
  EXPECT_EQ(text->value.GetString(), "it's");

  auto truth = ParseExpressionText("TRUE");
  EXPECT_EQ(truth->value.type().id(), TypeId::kBoolean);
  EXPECT_TRUE(truth->value.GetBoolean());
  EXPECT_TRUE(ParseExpressionText("NULL")->value.is_null());
}

TEST(ParserLiteralTest, DateTimestampAndInterval) {
  auto date = ParseExpressionText("DATE '2020-01-01'");
  ASSERT_EQ(date->kind, ExpressionKind::kCast);
  EXPECT_EQ(date->cast_type.id(), TypeId::kDate);
  ASSERT_EQ(date->children.size(), 1u);
  EXPECT_EQ(date->children[0]->value.GetString(), "2020-01-01");
  EXPECT_EQ(ParseExpressionText("TIMESTAMP '2020-01-01 10:00'")->cast_type.id(),
            TypeId::kTimestamp);

  auto days = ParseExpressionText("INTERVAL '3 days'");
  ASSERT_EQ(days->kind, ExpressionKind::kConstant);
  ASSERT_EQ(days->value.type().id(), TypeId::kInterval);
  EXPECT_EQ(days->value.GetInterval().days, 3);
  EXPECT_EQ(ParseExpressionText("INTERVAL '3' DAY")->value.GetInterval().days, 3);
  EXPECT_EQ(ParseExpressionText("INTERVAL 3 DAYS")->value.GetInterval().days, 3);
  EXPECT_EQ(ParseExpressionText("INTERVAL '2' MONTH")->value.GetInterval().months, 2);
  EXPECT_EQ(ParseExpressionText("INTERVAL 1 YEAR")->value.GetInterval().months, 12);
  EXPECT_EQ(ParseExpressionText("INTERVAL 2 HOUR")->value.GetInterval().micros,
            2LL * 3600 * 1000000);
  std::string error = ErrorOf("SELECT INTERVAL '3 dayz'");
  EXPECT_NE(error.find("3 dayz"), std::string::npos) << error;

  // date and interval stay usable as column names.
  auto column = ParseExpressionText("date");
  EXPECT_EQ(column->kind, ExpressionKind::kColumnRef);
  EXPECT_EQ(column->column_path[0], "date");
}

// ---- Expressions ------------------------------------------------------------------------

TEST(ParserExpressionTest, ArithmeticPrecedence) {
  auto expression = ParseExpressionText("1 + 2 * 3");
  ASSERT_EQ(expression->kind, ExpressionKind::kOperator);
  EXPECT_EQ(expression->name, "+");
  ASSERT_EQ(expression->children.size(), 2u);
  EXPECT_EQ(expression->children[1]->name, "*");

  auto left_associative = ParseExpressionText("10 - 2 - 3");
  EXPECT_EQ(left_associative->name, "-");
  EXPECT_EQ(left_associative->children[0]->name, "-");
  EXPECT_EQ(left_associative->children[1]->value.GetInteger(), 3);

  auto parenthesized = ParseExpressionText("(1 + 2) * 3");
  EXPECT_EQ(parenthesized->name, "*");
  EXPECT_EQ(parenthesized->children[0]->name, "+");

  auto concat = ParseExpressionText("'a' || 1 + 2");
  EXPECT_EQ(concat->name, "||");
  EXPECT_EQ(concat->children[1]->name, "+");

  auto negate = ParseExpressionText("-a * b");
  EXPECT_EQ(negate->name, "*");
  EXPECT_EQ(negate->children[0]->name, "negate");
}

TEST(ParserExpressionTest, BooleanPrecedence) {
  auto not_equal = ParseExpressionText("NOT a = b");
  ASSERT_EQ(not_equal->kind, ExpressionKind::kOperator);
  EXPECT_EQ(not_equal->name, "not");
  EXPECT_EQ(not_equal->children[0]->name, "=");

  auto or_and = ParseExpressionText("a OR b AND c");
  EXPECT_EQ(or_and->name, "or");
  EXPECT_EQ(or_and->children[1]->name, "and");

  auto not_and = ParseExpressionText("NOT a AND b");
  EXPECT_EQ(not_and->name, "and");
  EXPECT_EQ(not_and->children[0]->name, "not");

  auto comparison = ParseExpressionText("a + 1 < b * 2 AND c <> d");
  EXPECT_EQ(comparison->name, "and");
  EXPECT_EQ(comparison->children[0]->name, "<");
  EXPECT_EQ(comparison->children[1]->name, "<>");
  EXPECT_EQ(ParseExpressionText("a != b")->name, "<>");
}

TEST(ParserExpressionTest, IsBetweenInLike) {
  auto is_null = ParseExpressionText("a IS NULL");
  EXPECT_EQ(is_null->name, "is null");
  EXPECT_EQ(is_null->children.size(), 1u);
  EXPECT_EQ(ParseExpressionText("a IS NOT NULL")->name, "is not null");
  EXPECT_EQ(ParseExpressionText("a IS DISTINCT FROM b")->name, "is distinct from");
  EXPECT_EQ(ParseExpressionText("a IS NOT DISTINCT FROM b")->name, "is not distinct from");
  auto is_true = ParseExpressionText("a IS TRUE");
  EXPECT_EQ(is_true->name, "is not distinct from");
  EXPECT_TRUE(is_true->children[1]->value.GetBoolean());

  auto eq_is_null = ParseExpressionText("a = b IS NULL");
  EXPECT_EQ(eq_is_null->name, "is null");

  auto between = ParseExpressionText("a NOT BETWEEN 1 AND 2 + 3");
  ASSERT_EQ(between->kind, ExpressionKind::kBetween);
  EXPECT_TRUE(between->negated);
  ASSERT_EQ(between->children.size(), 3u);
  EXPECT_EQ(between->children[2]->name, "+");

  auto between_and = ParseExpressionText("a BETWEEN 1 AND 2 AND b");
  EXPECT_EQ(between_and->name, "and");
  EXPECT_EQ(between_and->children[0]->kind, ExpressionKind::kBetween);

  auto in_list = ParseExpressionText("a IN (1, 2, 3)");
  ASSERT_EQ(in_list->kind, ExpressionKind::kInList);
  EXPECT_FALSE(in_list->negated);
  EXPECT_EQ(in_list->children.size(), 4u);

  auto not_in = ParseExpressionText("a NOT IN (SELECT x FROM t)");
  ASSERT_EQ(not_in->kind, ExpressionKind::kInSubquery);
  EXPECT_TRUE(not_in->negated);
  ASSERT_TRUE(not_in->subquery);
  EXPECT_EQ(not_in->children.size(), 1u);

  auto like = ParseExpressionText("a NOT LIKE 'x%' ESCAPE '!'");
  EXPECT_EQ(like->name, "not like");
  ASSERT_EQ(like->children.size(), 3u);
  EXPECT_EQ(like->children[2]->value.GetString(), "!");
  EXPECT_EQ(ParseExpressionText("a ILIKE 'x'")->name, "ilike");

  auto exists = ParseExpressionText("NOT EXISTS (SELECT 1)");
  ASSERT_EQ(exists->kind, ExpressionKind::kExists);
  EXPECT_TRUE(exists->negated);
  auto scalar = ParseExpressionText("(SELECT max(x) FROM t) + 1");
  EXPECT_EQ(scalar->children[0]->kind, ExpressionKind::kSubquery);
}

TEST(ParserExpressionTest, CastsAndTypes) {
  auto postfix = ParseExpressionText("a::DOUBLE PRECISION");
  ASSERT_EQ(postfix->kind, ExpressionKind::kCast);
  EXPECT_EQ(postfix->cast_type.id(), TypeId::kDouble);

  auto cast = ParseExpressionText("CAST(x AS DECIMAL(15, 2))");
  ASSERT_EQ(cast->kind, ExpressionKind::kCast);
  EXPECT_FALSE(cast->try_cast);
  EXPECT_EQ(cast->cast_type, LogicalType::Decimal(15, 2));

  auto try_cast = ParseExpressionText("TRY_CAST(x AS VARCHAR(25))");
  EXPECT_TRUE(try_cast->try_cast);
  EXPECT_EQ(try_cast->cast_type.id(), TypeId::kVarchar);

  auto negative_cast = ParseExpressionText("-1::VARCHAR");
  ASSERT_EQ(negative_cast->kind, ExpressionKind::kCast);
  EXPECT_EQ(negative_cast->children[0]->value.GetInteger(), -1);

  auto chained = ParseExpressionText("1 + x::INTEGER");
  EXPECT_EQ(chained->name, "+");
  EXPECT_EQ(chained->children[1]->kind, ExpressionKind::kCast);

  std::string error = ErrorOf("SELECT CAST(x AS NOPE)");
  EXPECT_NE(error.find("NOPE"), std::string::npos) << error;
}

TEST(ParserExpressionTest, CaseForms) {
  auto searched = ParseExpressionText("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END");
  ASSERT_EQ(searched->kind, ExpressionKind::kCase);
  EXPECT_TRUE(searched->has_else);
  EXPECT_EQ(searched->children.size(), 5u);

  auto simple = ParseExpressionText("CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' END");
  ASSERT_EQ(simple->kind, ExpressionKind::kCase);
  EXPECT_FALSE(simple->has_else);
  ASSERT_EQ(simple->children.size(), 4u);
  EXPECT_EQ(simple->children[2]->name, "=");
  EXPECT_EQ(simple->children[2]->children[0]->column_path[0], "a");
  EXPECT_EQ(simple->children[2]->children[1]->value.GetInteger(), 2);
}

TEST(ParserExpressionTest, FunctionsAndSpecialForms) {
  auto count_star = ParseExpressionText("COUNT(*)");
  ASSERT_EQ(count_star->kind, ExpressionKind::kFunction);
  EXPECT_EQ(count_star->name, "count");
  EXPECT_TRUE(count_star->is_star);
  EXPECT_EQ(count_star->ToString(), "count(*)");
  // * means "all rows" only to count; elsewhere it would silently count rows.
  std::string lower_star = ErrorOf("SELECT lower(*) FROM t");
  EXPECT_NE(lower_star.find("* is only allowed as the argument of count(*), not of lower(*)"),
            std::string::npos)
      << lower_star;
  EXPECT_NE(lower_star.find("\nLINE 1: SELECT lower(*) FROM t\n                     ^"),
            std::string::npos)
      << lower_star;

  auto distinct = ParseExpressionText("count(DISTINCT x)");
  EXPECT_TRUE(distinct->distinct);
  EXPECT_EQ(distinct->children.size(), 1u);

  auto qualified = ParseExpressionText("Main.Upper(x)");
  EXPECT_EQ(qualified->name, "main.upper");

  auto extract = ParseExpressionText("EXTRACT(YEAR FROM d)");
  EXPECT_EQ(extract->name, "date_part");
  ASSERT_EQ(extract->children.size(), 2u);
  EXPECT_EQ(extract->children[0]->value.GetString(), "year");
  EXPECT_EQ(extract->children[1]->column_path[0], "d");

  auto substring = ParseExpressionText("SUBSTRING(s FROM 2 FOR 3)");
  EXPECT_EQ(substring->name, "substr");
  EXPECT_EQ(substring->children.size(), 3u);

  auto position = ParseExpressionText("POSITION('b' IN s)");
  EXPECT_EQ(position->name, "position");
  ASSERT_EQ(position->children.size(), 2u);
  EXPECT_EQ(position->children[0]->value.GetString(), "b");

  auto trim = ParseExpressionText("TRIM(LEADING 'x' FROM s)");
  EXPECT_EQ(trim->name, "ltrim");
  ASSERT_EQ(trim->children.size(), 2u);
  EXPECT_EQ(trim->children[0]->column_path[0], "s");
  EXPECT_EQ(trim->children[1]->value.GetString(), "x");
  EXPECT_EQ(ParseExpressionText("TRIM(s)")->name, "trim");
  EXPECT_EQ(ParseExpressionText("TRIM(TRAILING FROM s)")->name, "rtrim");

  auto today = ParseExpressionText("current_date");
  EXPECT_EQ(today->kind, ExpressionKind::kFunction);
  EXPECT_EQ(today->name, "current_date");
  EXPECT_EQ(ParseExpressionText("now()")->name, "now");
  EXPECT_EQ(ParseExpressionText("left(s, 2)")->name, "left");
}

TEST(ParserExpressionTest, ColumnsStarsStructsLists) {
  auto column = ParseExpressionText("T.Col");
  ASSERT_EQ(column->kind, ExpressionKind::kColumnRef);
  EXPECT_EQ(column->column_path, (std::vector<std::string>{"t", "col"}));

  auto quoted = ParseExpressionText("\"Quoted Col\"");
  EXPECT_EQ(quoted->column_path, (std::vector<std::string>{"Quoted Col"}));

  auto star = ParseExpressionText("* EXCLUDE (a, \"B\")");
  ASSERT_EQ(star->kind, ExpressionKind::kStar);
  EXPECT_TRUE(star->column_path.empty());
  EXPECT_EQ(star->names, (std::vector<std::string>{"a", "B"}));

  auto qualified_star = ParseExpressionText("t.*");
  ASSERT_EQ(qualified_star->kind, ExpressionKind::kStar);
  EXPECT_EQ(qualified_star->column_path, (std::vector<std::string>{"t"}));

  auto structure = ParseExpressionText("{'k': 1, v: 'x'}");
  ASSERT_EQ(structure->kind, ExpressionKind::kStruct);
  EXPECT_EQ(structure->names, (std::vector<std::string>{"k", "v"}));
  EXPECT_EQ(structure->children.size(), 2u);

  auto list = ParseExpressionText("[1, 2, 3]");
  ASSERT_EQ(list->kind, ExpressionKind::kList);
  EXPECT_EQ(list->children.size(), 3u);
}

TEST(ParserExpressionTest, ToStringForColumnNames) {
  EXPECT_EQ(ParseExpressionText("sum(x)")->ToString(), "sum(x)");
  EXPECT_EQ(ParseExpressionText("a + b")->ToString(), "a + b");
  EXPECT_EQ(ParseExpressionText("(a + b) * c")->ToString(), "(a + b) * c");
  EXPECT_EQ(ParseExpressionText("t.a")->ToString(), "a");
  EXPECT_EQ(ParseExpressionText("'x'")->ToString(), "'x'");
  EXPECT_EQ(ParseExpressionText("CAST(a AS INTEGER)")->ToString(), "CAST(a AS INTEGER)");
  EXPECT_EQ(ParseExpressionText("a IS NULL")->ToString(), "a IS NULL");
  EXPECT_EQ(ParseExpressionText("count(DISTINCT a)")->ToString(), "count(DISTINCT a)");
  EXPECT_EQ(ParseExpressionText("- -3")->ToString(), "-(-3)");
  EXPECT_EQ(ParseExpressionText("-a")->ToString(), "-a");
  EXPECT_EQ(ParseExpressionText("a NOT LIKE 'x'")->ToString(), "a NOT LIKE 'x'");
}

TEST(ParserExpressionTest, CopyIsDeep) {
  auto original = ParseExpressionText("CASE WHEN a IN (SELECT 1) THEN f(b, 2) END");
  auto copy = original->Copy();
  EXPECT_EQ(copy->ToString(), original->ToString());
  ASSERT_TRUE(copy->children[0]->subquery);
  EXPECT_NE(copy->children[0]->subquery.get(), original->children[0]->subquery.get());
  copy->children[1]->name = "g";
  EXPECT_EQ(original->children[1]->name, "f");
}

// ---- Queries ----------------------------------------------------------------------------

TEST(ParserQueryTest, SelectClauses) {
  auto query = ParseQueryText(
      "SELECT DISTINCT a AS x, b y, count(*) FROM t WHERE a > 1 GROUP BY a, b HAVING "
      "count(*) > 2 ORDER BY x DESC NULLS LAST, 2 LIMIT 10 OFFSET 5");
  EXPECT_EQ(query->kind, QueryNodeKind::kSelect);
  EXPECT_TRUE(query->distinct);
  ASSERT_EQ(query->select_list.size(), 3u);
  EXPECT_EQ(query->select_list[0]->alias, "x");
  EXPECT_EQ(query->select_list[1]->alias, "y");
  EXPECT_EQ(query->select_list[2]->alias, "");
  ASSERT_TRUE(query->from);
  EXPECT_EQ(query->from->name, "t");
  ASSERT_TRUE(query->where);
  EXPECT_EQ(query->group_by.size(), 2u);
  ASSERT_TRUE(query->having);
  ASSERT_EQ(query->order_by.size(), 2u);
  EXPECT_TRUE(query->order_by[0].descending);
  ASSERT_TRUE(query->order_by[0].nulls_first.has_value());
  EXPECT_FALSE(*query->order_by[0].nulls_first);
  EXPECT_FALSE(query->order_by[1].nulls_first.has_value());
  ASSERT_TRUE(query->limit);
  EXPECT_EQ(query->limit->value.GetInteger(), 10);
  ASSERT_TRUE(query->offset);
  EXPECT_EQ(query->offset->value.GetInteger(), 5);
}

TEST(ParserQueryTest, GroupByAllLimitAllAndFetch) {
  auto query = ParseQueryText("SELECT a, sum(b) FROM t GROUP BY ALL LIMIT ALL");
  ASSERT_EQ(query->group_by.size(), 1u);
  EXPECT_EQ(query->group_by[0]->kind, ExpressionKind::kStar);
  EXPECT_FALSE(query->limit);
  auto fetch = ParseQueryText("SELECT a FROM t OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY");
  ASSERT_TRUE(fetch->limit);
  EXPECT_EQ(fetch->limit->value.GetInteger(), 3);
  ASSERT_TRUE(fetch->offset);
}

TEST(ParserQueryTest, GroupingSetsRollupCubeAndRecursive) {
  auto rollup = ParseQueryText("SELECT a, b FROM t GROUP BY ROLLUP (a, b)");
  ASSERT_EQ(rollup->group_by.size(), 2u);
  EXPECT_EQ(rollup->grouping_sets, (std::vector<std::vector<size_t>>{{0, 1}, {0}, {}}));
  auto cube = ParseQueryText("SELECT 1 FROM t GROUP BY c, CUBE (a, (b, a))");
  EXPECT_EQ(cube->grouping_sets,
            (std::vector<std::vector<size_t>>{{0, 1, 2}, {0, 1}, {0, 2, 1}, {0}}));
  auto sets = ParseQueryText("SELECT 1 FROM t GROUP BY GROUPING SETS ((a, b), (a + 1) * 2, ())");
  ASSERT_EQ(sets->group_by.size(), 3u);
  EXPECT_EQ(sets->grouping_sets, (std::vector<std::vector<size_t>>{{0, 1}, {2}, {}}));
  auto plain = ParseQueryText("SELECT 1 FROM t GROUP BY rollup, (a)");
  EXPECT_TRUE(plain->grouping_sets.empty());
  EXPECT_NE(ErrorOf("SELECT 1 FROM t GROUP BY CUBE (a, b, c, d, e, f, g, h, i, j, k, l, m)")
                .find("CUBE of 13"),
            std::string::npos);
  auto recursive = ParseQueryText(
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r");
  ASSERT_EQ(recursive->ctes.size(), 1u);
  EXPECT_TRUE(recursive->ctes[0].recursive);
  EXPECT_FALSE(ParseQueryText("WITH r AS (SELECT 1) SELECT * FROM r")->ctes[0].recursive);
}

TEST(ParserQueryTest, SetOperations) {
  auto query = ParseQueryText(
      "SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4 "
      "ORDER BY 1 LIMIT 2");
  ASSERT_EQ(query->kind, QueryNodeKind::kSetOperation);
  EXPECT_EQ(query->set_operation, SetOperationKind::kExcept);
  EXPECT_EQ(query->order_by.size(), 1u);
  ASSERT_TRUE(query->limit);
  const QueryNode& union_node = *query->left;
  EXPECT_EQ(union_node.set_operation, SetOperationKind::kUnion);
  EXPECT_TRUE(union_node.set_all);
  EXPECT_EQ(union_node.left->kind, QueryNodeKind::kSelect);
  EXPECT_EQ(union_node.right->set_operation, SetOperationKind::kIntersect);
  EXPECT_TRUE(union_node.right->order_by.empty());

  auto parenthesized = ParseQueryText("(SELECT a FROM t ORDER BY a LIMIT 3) UNION SELECT 1");
  EXPECT_EQ(parenthesized->left->order_by.size(), 1u);
  EXPECT_TRUE(parenthesized->left->limit);
  EXPECT_FALSE(parenthesized->set_all);
}

TEST(ParserQueryTest, OuterModifiersOnLimitedQueryWrap) {
  auto query = ParseQueryText("(SELECT a FROM t LIMIT 5) ORDER BY a");
  ASSERT_EQ(query->kind, QueryNodeKind::kSelect);
  ASSERT_TRUE(query->from);
  EXPECT_EQ(query->from->kind, TableRefKind::kSubquery);
  EXPECT_TRUE(query->from->subquery->limit);
  EXPECT_EQ(query->order_by.size(), 1u);
}

TEST(ParserQueryTest, WithAndValues) {
  auto query = ParseQueryText(
      "WITH r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t), s AS (SELECT 2) "
      "SELECT * FROM r");
  ASSERT_EQ(query->ctes.size(), 2u);
  EXPECT_EQ(query->ctes[0].name, "r");
  EXPECT_EQ(query->ctes[0].column_aliases, (std::vector<std::string>{"n"}));
  EXPECT_EQ(query->ctes[0].query->kind, QueryNodeKind::kSetOperation);
  EXPECT_EQ(query->select_list[0]->kind, ExpressionKind::kStar);

  auto values = ParseQueryText("VALUES (1, 'a'), (2, 'b')");
  ASSERT_EQ(values->kind, QueryNodeKind::kValues);
  ASSERT_EQ(values->values.size(), 2u);
  EXPECT_EQ(values->values[1].size(), 2u);
  EXPECT_NE(ErrorOf("VALUES (1, 2), (3)").find("same length"), std::string::npos);
}

TEST(ParserQueryTest, FromClauseShapes) {
  auto query = ParseQueryText(
      "SELECT * FROM a, b AS bb LEFT OUTER JOIN c ON b.x = c.x JOIN d USING (k, m) "
      "NATURAL JOIN e CROSS JOIN f");
  const TableRef* ref = query->from.get();
  ASSERT_EQ(ref->kind, TableRefKind::kJoin);
  EXPECT_EQ(ref->join_type, JoinType::kCross);
  EXPECT_EQ(ref->left->kind, TableRefKind::kBaseTable);
  EXPECT_EQ(ref->left->name, "a");
  const TableRef* cross = ref->right.get();
  EXPECT_EQ(cross->join_type, JoinType::kCross);
  EXPECT_EQ(cross->right->name, "f");
  const TableRef* natural = cross->left.get();
  EXPECT_TRUE(natural->natural);
  EXPECT_EQ(natural->right->name, "e");
  const TableRef* using_join = natural->left.get();
  EXPECT_EQ(using_join->using_columns, (std::vector<std::string>{"k", "m"}));
  const TableRef* left_join = using_join->left.get();
  EXPECT_EQ(left_join->join_type, JoinType::kLeft);
  ASSERT_TRUE(left_join->condition);
  EXPECT_EQ(left_join->left->alias, "bb");
}

TEST(ParserQueryTest, TableSources) {
  auto path = ParseQueryText("SELECT * FROM 'data/*.csv' t");
  EXPECT_TRUE(path->from->is_file_path);
  EXPECT_EQ(path->from->name, "data/*.csv");
  EXPECT_EQ(path->from->alias, "t");

  auto schema = ParseQueryText("SELECT * FROM db.tab");
  EXPECT_EQ(schema->from->schema, "db");
  EXPECT_EQ(schema->from->name, "tab");

  auto function = ParseQueryText(
      "SELECT * FROM read_csv('f.csv', delim='|', header := false, "
      "columns => {'a': 'INTEGER'}) AS r(x)");
  const TableRef& ref = *function->from;
  ASSERT_EQ(ref.kind, TableRefKind::kTableFunction);
  EXPECT_EQ(ref.name, "read_csv");
  ASSERT_EQ(ref.arguments.size(), 1u);
  ASSERT_EQ(ref.named_arguments.size(), 3u);
  EXPECT_EQ(ref.named_arguments[0].first, "delim");
  EXPECT_EQ(ref.named_arguments[1].first, "header");
  EXPECT_EQ(ref.named_arguments[2].second->kind, ExpressionKind::kStruct);
  EXPECT_EQ(ref.alias, "r");
  EXPECT_EQ(ref.column_aliases, (std::vector<std::string>{"x"}));

  auto subquery = ParseQueryText("SELECT * FROM (SELECT 1) AS s, (VALUES (1, 2)) v(a, b)");
  const TableRef& left = *subquery->from->left;
  EXPECT_EQ(left.kind, TableRefKind::kSubquery);
  EXPECT_EQ(left.alias, "s");
  const TableRef& right = *subquery->from->right;
  EXPECT_EQ(right.kind, TableRefKind::kSubquery);
  EXPECT_EQ(right.subquery->kind, QueryNodeKind::kValues);
  EXPECT_EQ(right.column_aliases, (std::vector<std::string>{"a", "b"}));

  auto nested = ParseQueryText("SELECT * FROM (a JOIN b ON a.x = b.x) JOIN c ON c.y = a.y");
  EXPECT_EQ(nested->from->kind, TableRefKind::kJoin);
  EXPECT_EQ(nested->from->left->kind, TableRefKind::kJoin);
  EXPECT_EQ(nested->from->right->name, "c");
}

TEST(ParserQueryTest, PositionsAreRelativeToTheStatement) {
  auto statements = ParseAll("SELECT 1;\n  SELECT abc FROM t");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[1]->position, 12u);
  EXPECT_EQ(statements[1]->text, "SELECT abc FROM t");
  EXPECT_EQ(statements[1]->query->select_list[0]->position, 7u);
  EXPECT_EQ(statements[1]->query->from->position, 16u);
}

// ---- Statements -------------------------------------------------------------------------

TEST(ParserStatementTest, MultipleStatementsAndText) {
  auto statements = ParseAll(";; SELECT 1 ;  SELECT 'a;b' -- done\n;;");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0]->text, "SELECT 1");
  EXPECT_EQ(statements[0]->position, 3u);
  EXPECT_EQ(statements[1]->text, "SELECT 'a;b'");
  EXPECT_TRUE(ParseAll("  -- only a comment\n").empty());
  EXPECT_TRUE(ParseAll("").empty());
}

TEST(ParserStatementTest, ExplainDescribeShow) {
  auto explain = ParseOne("EXPLAIN ANALYZE SELECT 1");
  EXPECT_EQ(explain->kind, StatementKind::kExplain);
  EXPECT_TRUE(explain->analyze);
  ASSERT_TRUE(explain->inner);
  EXPECT_EQ(explain->inner->kind, StatementKind::kSelect);
  EXPECT_EQ(explain->inner->text, "SELECT 1");

  auto describe_query = ParseOne("DESCRIBE SELECT 1");
  EXPECT_EQ(describe_query->kind, StatementKind::kDescribe);
  EXPECT_TRUE(describe_query->query);

  auto describe_table = ParseOne("DESCRIBE t");
  ASSERT_TRUE(describe_table->table);
  EXPECT_EQ(describe_table->table->name, "t");

  auto describe_file = ParseOne("DESCRIBE 'f.csv'");
  ASSERT_TRUE(describe_file->table);
  EXPECT_TRUE(describe_file->table->is_file_path);

  EXPECT_EQ(ParseOne("SHOW TABLES")->kind, StatementKind::kShowTables);
}

TEST(ParserStatementTest, CreateTableAndView) {
  auto create = ParseOne(
      "CREATE OR REPLACE TEMP TABLE IF NOT EXISTS s.t (id INTEGER PRIMARY KEY, "
      "price DECIMAL(15,2) NOT NULL, note VARCHAR NULL, d DOUBLE PRECISION)");
  EXPECT_EQ(create->kind, StatementKind::kCreateTable);
  EXPECT_TRUE(create->or_replace);
  EXPECT_TRUE(create->if_not_exists);
  EXPECT_EQ(create->schema, "s");
  EXPECT_EQ(create->name, "t");
  ASSERT_EQ(create->columns.size(), 4u);
  EXPECT_EQ(create->columns[0].name, "id");
  EXPECT_EQ(create->columns[1].type, LogicalType::Decimal(15, 2));
  EXPECT_TRUE(create->columns[1].not_null);
  EXPECT_FALSE(create->columns[2].not_null);
  EXPECT_EQ(create->columns[3].type.id(), TypeId::kDouble);

  auto ctas = ParseOne("CREATE TABLE t2 AS SELECT * FROM t");
  EXPECT_EQ(ctas->kind, StatementKind::kCreateTable);
  EXPECT_TRUE(ctas->query);
  EXPECT_TRUE(ctas->columns.empty());

  auto view = ParseOne("CREATE VIEW v AS SELECT 1");
  EXPECT_EQ(view->kind, StatementKind::kCreateView);
  EXPECT_EQ(view->name, "v");
  EXPECT_EQ(view->query->kind, QueryNodeKind::kSelect);

  auto view_columns = ParseOne("CREATE OR REPLACE VIEW v(x, y) AS SELECT 1, 2");
  ASSERT_TRUE(view_columns->query->from);
  EXPECT_EQ(view_columns->query->from->column_aliases, (std::vector<std::string>{"x", "y"}));
}

TEST(ParserStatementTest, InsertDropSet) {
  auto insert = ParseOne("INSERT INTO t (a, b) VALUES (1, 2), (3, 4)");
  EXPECT_EQ(insert->kind, StatementKind::kInsert);
  EXPECT_EQ(insert->name, "t");
  EXPECT_EQ(insert->insert_columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(insert->query->kind, QueryNodeKind::kValues);

  auto insert_select = ParseOne("INSERT INTO t (SELECT 1)");
  EXPECT_TRUE(insert_select->insert_columns.empty());
  EXPECT_EQ(insert_select->query->kind, QueryNodeKind::kSelect);

  auto drop = ParseOne("DROP VIEW IF EXISTS v");
  EXPECT_EQ(drop->kind, StatementKind::kDrop);
  EXPECT_TRUE(drop->drop_view);
  EXPECT_TRUE(drop->if_exists);
  EXPECT_FALSE(ParseOne("DROP TABLE t")->drop_view);

  auto set = ParseOne("SET threads = 4");
  EXPECT_EQ(set->kind, StatementKind::kSet);
  EXPECT_EQ(set->name, "threads");
  EXPECT_EQ(set->setting_value.GetString(), "4");
  EXPECT_EQ(ParseOne("SET mode TO 'fast'")->setting_value.GetString(), "fast");
  EXPECT_EQ(ParseOne("SET flag = on")->setting_value.GetString(), "on");
}

// ---- Errors -----------------------------------------------------------------------------

TEST(ParserErrorTest, CaretUnderTheOffendingToken) {
  std::string error = ErrorOf("SELECT * FORM t");
  EXPECT_EQ(error,
            "syntax error at or near \"FORM\"\n"
            "LINE 1: SELECT * FORM t\n"
            "                 ^");
}

TEST(ParserErrorTest, MisspelledKeywordAfterAnAliasIsBlamed) {
  EXPECT_EQ(ErrorOf("SELECT a FORM t"),
            "syntax error at or near \"FORM\"\n"
            "LINE 1: SELECT a FORM t\n"
            "                 ^");
  EXPECT_NE(ErrorOf("SELECT a FROM t WEHRE a = 1").find("\"WEHRE\""), std::string::npos);
  EXPECT_NE(ErrorOf("SELECT INTERVAL 3 FORTNIGHT").find("\"FORTNIGHT\""), std::string::npos);
}

TEST(ParserErrorTest, MultiLineInput) {
  std::string error = ErrorOf("SELECT a,\n       b\nFROM t WHERE AND");
  EXPECT_EQ(error,
            "syntax error at or near \"AND\"\n"
            "LINE 3: FROM t WHERE AND\n"
            "                     ^");
}

TEST(ParserErrorTest, EndOfInputAndUnterminated) {
  EXPECT_EQ(ErrorOf("SELECT 1 +"),
            "syntax error at end of input\n"
            "LINE 1: SELECT 1 +\n"
            "                  ^");
  EXPECT_EQ(ErrorOf("SELECT 1;\nSELECT 'abc"),
            "unterminated quoted string\n"
            "LINE 2: SELECT 'abc\n"
            "               ^");
  EXPECT_NE(ErrorOf("SELECT 1 /* never closed").find("unterminated /* comment"), std::string::npos);
  EXPECT_NE(ErrorOf("SELECT 1 2").find("at or near \"2\""), std::string::npos);
  EXPECT_NE(ErrorOf("UPDATE t SET a = 1").find("UPDATE statements are not supported yet"),
            std::string::npos);
  EXPECT_NE(ErrorOf("SELECT DISTINCT ON a FROM t").find("at or near \"a\""), std::string::npos);
  EXPECT_NE(ErrorOf("SELECT sum(x) FILTER (x > 1) FROM t").find("at or near \"x\""),
            std::string::npos);
  EXPECT_NE(ErrorOf("SELECT 1 FROM t WINDOW w AS (), w AS ()").find("already defined"),
            std::string::npos);
}

TEST(ParserQueryTest, AnalyticClauses) {
  auto query = ParseQueryText(
      "SELECT DISTINCT ON (a, b + 1) a, count(*) FILTER (WHERE c > 1), "
      "string_agg(s, ',' ORDER BY s DESC), percentile_cont(0.5) WITHIN GROUP (ORDER BY x), "
      "sum(x) OVER w, sum(x) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t "
      "WINDOW w AS (PARTITION BY a ORDER BY b) QUALIFY row_number() OVER w = 1 ORDER BY a");
  EXPECT_FALSE(query->distinct);
  EXPECT_EQ(query->distinct_on.size(), 2u);
  ASSERT_EQ(query->select_list.size(), 6u);
  ASSERT_TRUE(query->select_list[1]->filter);
  EXPECT_EQ(query->select_list[1]->ToString(), "count(*) FILTER (WHERE c > 1)");
  EXPECT_EQ(query->select_list[2]->order_by.size(), 1u);
  EXPECT_EQ(query->select_list[2]->ToString(), "string_agg(s, ',' ORDER BY s DESC)");
  EXPECT_TRUE(query->select_list[3]->within_group);
  EXPECT_EQ(query->select_list[3]->ToString(), "percentile_cont(0.5) WITHIN GROUP (ORDER BY x)");
  ASSERT_TRUE(query->select_list[4]->window);
  EXPECT_EQ(query->select_list[4]->window->base_name, "w");
  ASSERT_TRUE(query->select_list[5]->window);
  EXPECT_EQ(query->select_list[5]->window->base_name, "w");
  EXPECT_TRUE(query->select_list[5]->window->has_frame);
  ASSERT_EQ(query->windows.size(), 1u);
  EXPECT_EQ(query->windows[0].first, "w");
  EXPECT_EQ(query->windows[0].second->partition_by.size(), 1u);
  ASSERT_TRUE(query->qualify);
  EXPECT_EQ(query->order_by.size(), 1u);
  auto copy = query->Copy();
  EXPECT_EQ(copy->distinct_on.size(), 2u);
  EXPECT_EQ(copy->windows.size(), 1u);
  ASSERT_TRUE(copy->qualify);
  EXPECT_EQ(copy->select_list[3]->ToString(), query->select_list[3]->ToString());
}

TEST(ParserErrorTest, LongLinesAreWindowed) {
  std::string sql =
      "SELECT " + std::string(300, 'a') + " + + FROM t WHERE " + std::string(300, 'b');
  sql.replace(sql.find("+ +"), 3, "+ ,");
  std::string error = ErrorOf(sql);
  size_t line_start = error.find("LINE 1: ");
  ASSERT_NE(line_start, std::string::npos);
  size_t line_end = error.find('\n', line_start);
  std::string line = error.substr(line_start, line_end - line_start);
  std::string caret = error.substr(line_end + 1);
  EXPECT_LT(line.size(), 100u);
  EXPECT_NE(line.find("..."), std::string::npos);
  ASSERT_EQ(caret.back(), '^');
  EXPECT_EQ(line[caret.size() - 1], ',');
}

TEST(ParserErrorTest, FormatErrorAtPositionCountsCharactersNotBytes) {
  std::string message = FormatErrorAtPosition("SELECT 'é', x", 13, "boom");
  EXPECT_EQ(message, "boom\nLINE 1: SELECT 'é', x\n" + std::string(20, ' ') + "^");
}

TEST(ParserErrorTest, DeepNestingIsACleanError) {
  std::string ok = "SELECT " + std::string(200, '(') + "1" + std::string(200, ')');
  EXPECT_TRUE(ParseSql(ok).ok());
  std::string deep = "SELECT " + std::string(100000, '(') + "1" + std::string(100000, ')');
  EXPECT_NE(ErrorOf(deep).find("nested too deeply"), std::string::npos);
  std::string negations = "SELECT ";
  for (int i = 0; i < 50000; i++) negations += "NOT ";
  negations += "TRUE";
  EXPECT_NE(ErrorOf(negations).find("nested too deeply"), std::string::npos);
  std::string chain = "SELECT 1";
  for (int i = 0; i < 50000; i++) chain += " + 1";
  EXPECT_NE(ErrorOf(chain).find("nested too deeply"), std::string::npos);
  std::string subqueries = "SELECT ";
  for (int i = 0; i < 20000; i++) subqueries += "(SELECT ";
  EXPECT_FALSE(ParseSql(subqueries).ok());
}

TEST(ParserErrorTest, GarbageNeverCrashes) {
  std::string with_nul("SELECT 1\0 FROM t", 16);
  EXPECT_NE(ErrorOf(with_nul).find("invalid byte 0x00"), std::string::npos);
  EXPECT_FALSE(ParseSql("\xff\xfe\x01\x02").ok());
  EXPECT_FALSE(ParseSql("SELECT ?").ok());
  uint32_t state = 12345;
  std::string vocabulary[] = {
      "SELECT", "FROM", "(",   ")",  ",",   "'x'",  "1",     "a", "WHERE", "AND",
      "CASE",   "WHEN", "END", "::", "INT", "JOIN", "ON",    "*", "UNION", "IN",
      "[",      "]",    "{",   "}",  ":",   "NOT",  "\"q\"", ";"};
  for (int round = 0; round < 3000; round++) {
    std::string sql;
    int length = 1 + static_cast<int>(state % 20);
    for (int i = 0; i < length; i++) {
      state = state * 1103515245u + 12345u;
      sql += vocabulary[(state >> 16) % (sizeof(vocabulary) / sizeof(vocabulary[0]))];
      sql += ' ';
    }
    auto result = ParseSql(sql);
    if (!result.ok()) {
      EXPECT_EQ(result.status().code(), ErrorCode::kSyntax);
    }
    std::string bytes;
    for (int i = 0; i < 30; i++) {
      state = state * 1103515245u + 12345u;
      bytes += static_cast<char>((state >> 16) & 0xff);
    }
    auto garbage = ParseSql(bytes);
    if (!garbage.ok()) {
      EXPECT_EQ(garbage.status().code(), ErrorCode::kSyntax);
    }
  }
}

// ---- IsIncompleteStatement --------------------------------------------------------------

TEST(IsIncompleteStatementTest, Cases) {
  EXPECT_FALSE(IsIncompleteStatement(""));
  EXPECT_FALSE(IsIncompleteStatement("   \n\t"));
  EXPECT_TRUE(IsIncompleteStatement("SELECT 1"));
  EXPECT_FALSE(IsIncompleteStatement("SELECT 1;"));
  EXPECT_FALSE(IsIncompleteStatement("SELECT 1;  -- trailing comment"));
  EXPECT_FALSE(IsIncompleteStatement("SELECT 1; /* block */ \n"));
  EXPECT_TRUE(IsIncompleteStatement("SELECT 1; SELECT"));
  EXPECT_TRUE(IsIncompleteStatement("SELECT 'a;"));
  EXPECT_FALSE(IsIncompleteStatement("SELECT 'a;';"));
  EXPECT_TRUE(IsIncompleteStatement("SELECT \"a;\""));
  EXPECT_TRUE(IsIncompleteStatement("SELECT 1 /* ; */"));
  EXPECT_TRUE(IsIncompleteStatement("SELECT 1; /* open"));
  EXPECT_TRUE(IsIncompleteStatement("SELECT 1 -- ;"));
  EXPECT_FALSE(IsIncompleteStatement("SELECT 'it''s';"));
}

}  // namespace
}  // namespace tarn
