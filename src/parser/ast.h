#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "types/logical_type.h"
#include "types/value.h"

namespace tarn {

// The abstract syntax tree produced by the parser and consumed by the binder. It is a
// faithful, unresolved picture of the SQL text: names are not looked up and types are not
// checked. Every node records `position`, the byte offset of its first token in the
// statement text, so that later errors can point at it.
// Ownership: a tree of unique_ptrs; Copy() makes deep copies (views and CTEs are bound
// more than once).

struct QueryNode;
struct WindowSpec;
struct OrderByItem;

enum class ExpressionKind : uint8_t {
  kConstant,    // value
  kColumnRef,   // column_path: ["col"] or ["table", "col"]
  kStar,        // "*", "t.*" or "struct_column.*" (qualifier path in column_path);
                //   EXCLUDE list in names, REPLACE in children, RENAME in star_renames
  kFunction,    // name(children...), with distinct / is_star (count(*)); aggregates too
  kOperator,    // name is one of the operator names below; children are the operands
  kCast,        // children[0] AS cast_type; try_cast for TRY_CAST
  kCase,        // children: when0, then0, when1, then1, ... [, else if has_else]
  kBetween,     // children: input, low, high; negated for NOT BETWEEN
  kInList,      // children: input, item0, item1, ...; negated for NOT IN
  kInSubquery,  // children: input; subquery; negated for NOT IN
  kExists,      // subquery; negated for NOT EXISTS
  kSubquery,    // scalar subquery
  kStruct,      // {'name': value, ...}: names and children
  kList,        // [value, ...]: children
};

// Operator names used in kOperator nodes:
//   binary: "+", "-", "*", "/", "%", "||", "=", "<>", "<", "<=", ">", ">=", "and", "or",
//           "like", "not like", "ilike", "not ilike", "is distinct from",
//           "is not distinct from"
//   unary:  "not", "negate", "is null", "is not null"
// "!=" is parsed as "<>". LIKE ... ESCAPE 'c' puts the escape as a third child.

struct ParsedExpression {
  ExpressionKind kind = ExpressionKind::kConstant;
  size_t position = 0;
  std::string alias;  // "expr AS alias" in a select list

  Value value;                           // kConstant
  std::vector<std::string> column_path;  // kColumnRef, kStar qualifier
  std::string name;                      // kFunction (lower case), kOperator
  std::vector<std::unique_ptr<ParsedExpression>> children;
  std::vector<std::string> names;  // kStruct field names; kStar EXCLUDE columns
  // kStar: RENAME (old AS new) pairs. REPLACE (expression AS column) entries are in
  // children, each with the column's name as its alias.
  std::vector<std::pair<std::string, std::string>> star_renames;
  std::unique_ptr<QueryNode> subquery;  // kInSubquery, kExists, kSubquery
  LogicalType cast_type;                // kCast
  bool try_cast = false;                // kCast
  bool distinct = false;                // kFunction: count(DISTINCT x)
  bool is_star = false;                 // kFunction: count(*)
  bool negated = false;                 // kBetween, kInList, kInSubquery, kExists
  bool has_else = false;                // kCase
  std::unique_ptr<WindowSpec> window;   // kFunction called with OVER (...)
  // kFunction, aggregates: FILTER (WHERE filter); ORDER BY inside the call (string_agg(x,
  // ',' ORDER BY y)) or, with within_group, WITHIN GROUP (ORDER BY x) after it.
  std::unique_ptr<ParsedExpression> filter;
  std::vector<OrderByItem> order_by;
  bool within_group = false;

  std::unique_ptr<ParsedExpression> Copy() const;
  // SQL-ish text of the expression, used for default column names ("sum(x)", "a + b").
  std::string ToString() const;
};

enum class TableRefKind : uint8_t {
  kBaseTable,      // name: a table or view name, or (is_file_path) a quoted path / glob
  kTableFunction,  // name(arguments..., key = value...): read_csv('f', delim='|')
  kSubquery,       // (SELECT ...) alias
  kJoin,           // left JOIN right ON condition / USING (...)
};

enum class JoinType : uint8_t { kInner, kLeft, kRight, kFull, kCross };

struct TableRef {
  TableRefKind kind = TableRefKind::kBaseTable;
  size_t position = 0;
  std::string alias;
  std::vector<std::string> column_aliases;  // t(a, b, c)

  std::string name;              // kBaseTable, kTableFunction
  std::string schema;            // kBaseTable: "db.table" puts "db" here
  bool is_file_path = false;     // kBaseTable written as a string literal
  bool with_ordinality = false;  // kTableFunction: UNNEST(...) WITH ORDINALITY
  std::vector<std::unique_ptr<ParsedExpression>> arguments;  // kTableFunction positional
  std::vector<std::pair<std::string, std::unique_ptr<ParsedExpression>>>
      named_arguments;                  // kTableFunction key = value
  std::unique_ptr<QueryNode> subquery;  // kSubquery

  JoinType join_type = JoinType::kInner;  // kJoin
  std::unique_ptr<TableRef> left, right;
  std::unique_ptr<ParsedExpression> condition;  // ON condition (null for CROSS / USING)
  std::vector<std::string> using_columns;
  bool natural = false;

  std::unique_ptr<TableRef> Copy() const;
};

struct OrderByItem {
  std::unique_ptr<ParsedExpression> expression;
  bool descending = false;
  // Unset means the default: NULLS LAST for ASC, NULLS FIRST for DESC (PostgreSQL's rule).
  std::optional<bool> nulls_first;
};

// One end of a window frame: UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING,
// UNBOUNDED FOLLOWING.
enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing,
};

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kUnboundedPreceding;
  std::unique_ptr<ParsedExpression> offset;  // kPreceding, kFollowing
};

// The OVER (...) of a window function call. Without an explicit frame the SQL default
// applies: with ORDER BY, RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW; without it,
// the whole partition.
struct WindowSpec {
  // OVER w or OVER (w ...): the named window (WINDOW w AS (...)) this one starts from.
  std::string base_name;
  std::vector<std::unique_ptr<ParsedExpression>> partition_by;
  std::vector<OrderByItem> order_by;
  bool has_frame = false;
  bool frame_rows = false;  // ROWS (true) or RANGE (false)
  FrameBound frame_start;
  FrameBound frame_end;

  std::unique_ptr<WindowSpec> Copy() const;
  std::string ToString() const;
};

struct CommonTableExpression {
  std::string name;
  std::vector<std::string> column_aliases;
  std::unique_ptr<QueryNode> query;
  bool recursive = false;  // Declared in WITH RECURSIVE: its body may name itself.
};

enum class QueryNodeKind : uint8_t { kSelect, kSetOperation, kValues };
enum class SetOperationKind : uint8_t { kUnion, kIntersect, kExcept };

// One query: a SELECT block, a set operation of two queries, or a VALUES list, with the
// ORDER BY / LIMIT / OFFSET and WITH clauses that apply to it as a whole.
struct QueryNode {
  QueryNodeKind kind = QueryNodeKind::kSelect;
  size_t position = 0;

  // kSelect
  bool distinct = false;
  // DISTINCT ON (exprs): the first row (by ORDER BY) of each distinct value of the exprs.
  std::vector<std::unique_ptr<ParsedExpression>> distinct_on;
  std::vector<std::unique_ptr<ParsedExpression>> select_list;
  std::unique_ptr<TableRef> from;  // null for SELECT without FROM
  std::unique_ptr<ParsedExpression> where;
  std::vector<std::unique_ptr<ParsedExpression>> group_by;
  std::unique_ptr<ParsedExpression> having;
  // GROUPING SETS / ROLLUP / CUBE: each set lists positions in group_by (the distinct
  // expressions of all sets). Empty for a plain GROUP BY, which groups by all of group_by.
  std::vector<std::vector<size_t>> grouping_sets;
  // WINDOW name AS (spec), ...: named windows the select list and QUALIFY may use.
  std::vector<std::pair<std::string, std::unique_ptr<WindowSpec>>> windows;
  // QUALIFY condition: filters rows on window function results.
  std::unique_ptr<ParsedExpression> qualify;

  // kSetOperation
  SetOperationKind set_operation = SetOperationKind::kUnion;
  bool set_all = false;  // UNION ALL
  std::unique_ptr<QueryNode> left, right;

  // kValues
  std::vector<std::vector<std::unique_ptr<ParsedExpression>>> values;

  // Apply to the whole node.
  std::vector<CommonTableExpression> ctes;
  std::vector<OrderByItem> order_by;
  std::unique_ptr<ParsedExpression> limit;
  std::unique_ptr<ParsedExpression> offset;

  std::unique_ptr<QueryNode> Copy() const;
};

struct ColumnDefinition {
  std::string name;
  LogicalType type;
  bool not_null = false;
};

enum class StatementKind : uint8_t {
  kSelect,       // query
  kExplain,      // inner (any statement); analyze
  kDescribe,     // query (DESCRIBE SELECT ...) or table (DESCRIBE t / DESCRIBE 'f.csv')
  kCreateTable,  // name, columns or query (CTAS); if_not_exists; or_replace
  kCreateView,   // name, query, or_replace
  kInsert,       // name, insert_columns, query (VALUES lists arrive as a kValues query)
  kDrop,         // name, drop_view, if_exists
  kSet,          // name = value (SET threads = 4)
  kShowTables,   // SHOW TABLES
  kCopy,         // COPY (query) | name [(insert_columns)] TO | FROM copy_path (copy_options)
};

// One option of a COPY statement: `FORMAT parquet` has values ['parquet'], `HEADER` has no
// values (meaning true), `PARTITION_BY (a, b)` has values ['a', 'b'] and is_list set.
// Words and quoted strings arrive as VARCHAR values, numbers as BIGINT or DOUBLE, TRUE and
// FALSE as BOOLEAN. `name` is lower case.
struct CopyOption {
  std::string name;
  std::vector<Value> values;
  bool is_list = false;
  size_t position = 0;
};

struct Statement {
  StatementKind kind = StatementKind::kSelect;
  size_t position = 0;
  // The statement's own text (from its first token through its last, without the ';').
  std::string text;

  std::unique_ptr<QueryNode> query;
  std::unique_ptr<Statement> inner;  // kExplain
  bool analyze = false;              // kExplain

  std::unique_ptr<TableRef> table;  // kDescribe of a table name or file
  std::string name;                 // object name (table, view, setting)
  std::string schema;               // "db.t" puts "db" here
  std::vector<ColumnDefinition> columns;
  std::vector<std::string> insert_columns;
  bool if_not_exists = false;
  bool or_replace = false;
  bool if_exists = false;
  bool drop_view = false;
  Value setting_value;  // kSet

  // kCopy: `query` or `name` is the data; copy_from loads the file into table `name`.
  // kCreateTable: the WITH (...) properties of an external table (CTAS over files).
  std::string copy_path;
  bool copy_from = false;
  std::vector<CopyOption> copy_options;
};

}  // namespace tarn
