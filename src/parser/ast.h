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
// A row value, (a, b, ...) or ROW(a, b, ...), is a kFunction named "row"; the binder allows
// it in comparisons and as the input or the items of IN.

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
  // kFunction: IGNORE NULLS, after the call or after its last argument (lag(x) IGNORE
  // NULLS OVER (...), first_value(x IGNORE NULLS) OVER (...)); RESPECT NULLS is the default.
  bool ignore_nulls = false;

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
  bool lateral = false;                 // kSubquery written LATERAL (...)

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

// What a frame's offsets count: rows, ORDER BY key values, or peer groups.
enum class FrameUnit : uint8_t { kRows, kRange, kGroups };

// EXCLUDE ...: rows a frame leaves out around the current row.
enum class FrameExclusion : uint8_t {
  kNoOthers,    // none (the default)
  kCurrentRow,  // the row itself
  kGroup,       // the row and its peers
  kTies,        // its peers but not the row itself
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
  FrameUnit frame_unit = FrameUnit::kRange;
  FrameBound frame_start;
  FrameBound frame_end;
  FrameExclusion frame_exclusion = FrameExclusion::kNoOthers;

  std::unique_ptr<WindowSpec> Copy() const;
  std::string ToString() const;
};

// `AS MATERIALIZED (...)` / `AS NOT MATERIALIZED (...)`: whether the query computes the
// CTE once and reads the rows at each reference, or expands it at each reference. By
// default the binder decides (once when it is read more than once and is costly).
enum class CteMaterialization : uint8_t { kDefault, kAlways, kNever };

struct CommonTableExpression {
  std::string name;
  std::vector<std::string> column_aliases;
  std::unique_ptr<QueryNode> query;
  bool recursive = false;  // Declared in WITH RECURSIVE: its body may name itself.
  CteMaterialization materialization = CteMaterialization::kDefault;
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
  // The default (NULL) type for a partition column of a Hive CTAS written without one:
  // PARTITIONED BY (a, b).
  LogicalType type;
  bool not_null = false;
  std::string comment;  // COMMENT 'text' after the type; empty when none
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
  kShowTables,   // SHOW TABLES [IN | FROM db] [LIKE 'p']: schema = db; ddl->like_pattern
  kCopy,         // COPY (query) | name [(insert_columns)] TO | FROM copy_path (copy_options)
  // The lake catalog DDL (Hive / Athena spelling). Each of these sets `ddl`.
  kCreateDatabase,  // CREATE DATABASE|SCHEMA [IF NOT EXISTS] name [COMMENT 'c'] [LOCATION 'l']
                    //   [WITH DBPROPERTIES ('k'='v', ...)]: name, if_not_exists, ddl->comment,
                    //   ddl->location, ddl->properties
  kDropDatabase,    // DROP DATABASE|SCHEMA [IF EXISTS] name [CASCADE|RESTRICT]: name,
                    //   if_exists, ddl->cascade
  kUse,             // USE name: name
  // CREATE [EXTERNAL] TABLE [IF NOT EXISTS] [db.]t (col type [COMMENT 'c'], ...) followed by
  // any of COMMENT, PARTITIONED BY, ROW FORMAT, STORED AS, LOCATION, TBLPROPERTIES; or the
  // Hive CTAS `CREATE TABLE t [PARTITIONED BY (a, ...)] STORED AS ... AS SELECT` (query set,
  // partition columns may lack types). schema, name, columns, if_not_exists, query, ddl.
  // A CREATE TABLE without EXTERNAL and without those clauses is kCreateTable.
  kCreateCatalogTable,
  kMsckRepair,     // MSCK REPAIR TABLE [db.]t: schema, name
  kAlterTable,     // ALTER TABLE [db.]t <action>: schema, name, ddl->alter_action (see there)
  kShow,           // SHOW DATABASES, PARTITIONS, ...: ddl->show; schema, name for a table
  kCreateCrawler,  // CREATE CRAWLER [IF NOT EXISTS] name WITH (k = v, ...): name,
                   //   if_not_exists, copy_options
  kRunCrawler,     // RUN CRAWLER name | START CRAWLER name: name
  kDropCrawler,    // DROP CRAWLER [IF EXISTS] name: name, if_exists
  kComment,        // COMMENT ON TABLE [db.]t | COLUMN [db.]t.c IS 'text' | NULL: schema, name,
                   //   ddl->column (empty for a table), ddl->comment ('' for NULL)
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

// One PARTITION (key = value, ...) of ALTER TABLE. Keys as written; values as text:
// '2024' and 2024 both give "2024", DATE '2024-01-02' gives "2024-01-02", NULL gives
// nullopt.
struct PartitionSpec {
  std::vector<std::pair<std::string, std::optional<std::string>>> values;
  std::string location;  // LOCATION 'l' after the spec; empty when none
};

// What ALTER TABLE does, and where its arguments are:
//   kAddPartitions         ADD [IF NOT EXISTS] PARTITION (...) [LOCATION 'l'] ...:
//                          ddl->partitions, if_not_exists
//   kDropPartitions        DROP [IF EXISTS] PARTITION (...), ...: ddl->partitions, if_exists
//   kAddColumns            ADD COLUMNS (c type [COMMENT 'x'], ...): columns
//   kReplaceColumns        REPLACE COLUMNS (...): columns
//   kSetTableProperties    SET TBLPROPERTIES ('k'='v', ...): ddl->properties
//   kSetLocation           SET LOCATION 'l': ddl->location
//   kSetPartitionLocation  PARTITION (...) SET LOCATION 'l': ddl->partitions (one, with
//                          its location)
enum class AlterTableAction : uint8_t {
  kAddPartitions,
  kDropPartitions,
  kAddColumns,
  kReplaceColumns,
  kSetTableProperties,
  kSetLocation,
  kSetPartitionLocation,
};

// What SHOW lists:
//   kDatabases        SHOW DATABASES | SCHEMAS [LIKE 'p']: ddl->like_pattern
//   kPartitions       SHOW PARTITIONS [db.]t
//   kCreateTable      SHOW CREATE TABLE [db.]t
//   kTableVersions    SHOW TABLE VERSIONS [FOR | OF | IN] [db.]t
//   kColumns          SHOW COLUMNS IN | FROM [db.]t [IN | FROM db]
//   kCrawlers         SHOW CRAWLERS
//   kTableProperties  SHOW TBLPROPERTIES [db.]t
// The table ones set Statement::schema and Statement::name.
enum class ShowKind : uint8_t {
  kDatabases,
  kPartitions,
  kCreateTable,
  kTableVersions,
  kColumns,
  kCrawlers,
  kTableProperties,
};

// The clauses of the lake catalog DDL statements (Statement::ddl).
struct CatalogDdl {
  bool external = false;
  std::string comment;
  std::vector<ColumnDefinition> partition_columns;
  // ROW FORMAT SERDE 'class' gives the class as written; ROW FORMAT DELIMITED gives
  // "delimited"; empty when absent.
  std::string serde;
  // WITH SERDEPROPERTIES in written order, keys as written. ROW FORMAT DELIMITED clauses
  // arrive under Hive's names: field.delim, escape.delim, collection.delim, mapkey.delim,
  // line.delim, serialization.null.format. Values have Hive's backslash escapes decoded
  // ('\t' is a tab, '\001' and '\u0001' are byte 1, '\\' is one backslash).
  std::vector<std::pair<std::string, std::string>> serde_properties;
  // STORED AS word in lower case (parquet, textfile, json, orc, ...), or
  // "inputformat:<class>" for STORED AS INPUTFORMAT 'class' OUTPUTFORMAT '...'; empty when
  // absent.
  std::string stored_as;
  std::string location;
  // TBLPROPERTIES, DBPROPERTIES or ALTER TABLE SET TBLPROPERTIES, in written order.
  std::vector<std::pair<std::string, std::string>> properties;
  bool cascade = false;    // DROP DATABASE ... CASCADE
  bool formatted = false;  // DESCRIBE FORMATTED t / DESCRIBE EXTENDED t
  AlterTableAction alter_action = AlterTableAction::kAddPartitions;
  std::vector<PartitionSpec> partitions;
  ShowKind show = ShowKind::kDatabases;
  std::string like_pattern;  // SHOW ... LIKE 'p', Hive's * and | wildcards as written
  std::string column;        // COMMENT ON COLUMN
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
  bool temporary = false;  // CREATE TEMP | TEMPORARY TABLE
  bool if_exists = false;
  bool drop_view = false;
  Value setting_value;  // kSet

  // kCopy: `query` or `name` is the data; copy_from loads the file into table `name`.
  // kCreateTable: the WITH (...) properties of an external table (CTAS over files).
  std::string copy_path;
  bool copy_from = false;
  // kCreateCrawler: the WITH (...) options.
  std::vector<CopyOption> copy_options;

  // The catalog DDL kinds, kShowTables with LIKE, and DESCRIBE FORMATTED; null otherwise.
  std::unique_ptr<CatalogDdl> ddl;
};

}  // namespace tarn
