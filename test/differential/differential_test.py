#!/usr/bin/env python3
"""Differential tester: runs the same random queries through tarn and sqlite3 and compares.

Usage: differential_test.py TARN_BINARY [--seed S] [--count N] [--verbose]
                            [--correlated] [--include-known-bugs] [--repro-dir DIR]

For every table set it builds 3-4 small random tables (INTEGER, BIGINT, DOUBLE, VARCHAR,
BOOLEAN columns, about 20% NULLs), loads them into an in-memory sqlite3 database and into
one `tarn --mode csv` script, then generates random queries from a grammar whose semantics
both engines share (see README.md for what is left out and why). All queries of a table set
run in one tarn process, separated by `.print` markers; a failing statement stops a tarn
script, so the run resumes after it in a new process.

Results are normalized by the column kind the generator knows (int, double, text, bool):
NULL stays NULL, booleans become 0/1, numbers compare with a relative tolerance of 1e-9.
Rows compare as multisets unless the query orders them: with an ORDER BY over every output
column the sequences must match; with an ORDER BY over some columns (and no LIMIT) the
sequence of sort keys must match and the rows as a multiset.

Every mismatch is reported with the seed, the query number, the SQL and both results; the
last line is `differential: N passed, M failed`; the exit status is 1 on any mismatch.
Everything is drawn from one random generator seeded with --seed, so a seed and count
reproduce a run exactly.
"""

import argparse
import math
import os
import random
import re
import sqlite3
import subprocess
import sys

QUERIES_PER_TABLE_SET = 30
MAX_RESULT_ROWS = 3000
NULL_PROBABILITY = 0.2
TEXT_ALPHABET = "abc"
# Occasional characters that need quoting in CSV output or escaping in SQL literals.
TEXT_SPECIALS = " ,'\""
INT32_LIMIT = 2**31 - 1
INT64_SAFE_LIMIT = 10**17
SUM_ARGUMENT_LIMIT = 10**12
TARN_TIMEOUT_SECONDS = 120
SINGLE_QUERY_TIMEOUT_SECONDS = 20
SHOWN_ROWS = 25
# Every column reference the generator writes is qualified by an alias: a1.c0, a7.k2.
COLUMN_REFERENCE = re.compile(r"\ba[0-9]+\.[ck][0-9]+\b")

# Constructs that found tarn bugs which are not fixed yet. They stay out of the default
# grammar so that the suite in scripts/run_tests.sh passes; --include-known-bugs puts them
# back. Each name is checked by the generator where it would emit the construct.
KNOWN_BUG_FEATURES = {
    # With --correlated: `SELECT (SELECT max(y.a) FROM t AS y WHERE y.a = x.a) FROM t AS x`
    # (in the select list or in WHERE) kills tarn with SIGSEGV.
    "correlated_scalar_aggregate",
    # With --correlated: a correlated IN used as a value rather than as a WHERE conjunct
    # gives false where SQL gives NULL (a NULL on the left, or no match but a NULL in the
    # subquery): `SELECT b IN (SELECT x FROM u WHERE y = t.a) FROM t`, and so
    # `WHERE NOT (b IN (...))` keeps rows it must drop.
    "correlated_in",
}

SQL_TYPES = {
    "INTEGER": "int",
    "BIGINT": "int",
    "DOUBLE": "double",
    "VARCHAR": "text",
    "BOOLEAN": "bool",
}


class Column:
    """A column of a table or of a derived table (which has a kind but no SQL type)."""

    def __init__(self, name, sql_type, kind=None, bound=None, wide=None):
        self.name = name
        self.sql_type = sql_type
        self.kind = kind or SQL_TYPES[sql_type]
        # Largest magnitude an integer column holds, and whether tarn types it as 64-bit.
        self.bound = bound if bound is not None else (100000 if sql_type == "BIGINT" else 10)
        self.wide = wide if wide is not None else sql_type == "BIGINT"


class Table:
    def __init__(self, name, columns, rows):
        self.name = name
        self.columns = columns
        self.rows = rows


class Expression:
    """A generated SQL expression with the kind of its value.

    bound is an upper limit on the magnitude of integer values (so that no intermediate
    overflows 32-bit INTEGER arithmetic in tarn); wide says tarn computes it in 64 bits.
    """

    def __init__(self, sql, kind, bound=0, wide=False):
        self.sql = sql
        self.kind = kind
        self.bound = bound
        self.wide = wide


class Query:
    """A generated query: its SQL, the kinds of its output columns, and how it orders.

    order_keys lists the output positions of the ORDER BY keys (empty: unordered);
    has_limit says a LIMIT follows, in which case order_keys covers every column.
    """

    def __init__(self, sql, kinds, order_keys, has_limit):
        self.sql = sql
        self.kinds = kinds
        self.order_keys = order_keys
        self.has_limit = has_limit


# ---------------------------------------------------------------------------------------
# Data


def random_text(rng):
    length = rng.choice([0, 1, 1, 2, 2, 2, 3])
    return "".join(rng.choice(TEXT_SPECIALS) if rng.random() < 0.05 else rng.choice(TEXT_ALPHABET)
                   for _ in range(length))


def text_literal(value):
    return "'%s'" % value.replace("'", "''")


def random_value(rng, column):
    if rng.random() < NULL_PROBABILITY:
        return None
    if column.sql_type == "INTEGER":
        return rng.randint(-10, 10)
    if column.sql_type == "BIGINT":
        if rng.random() < 0.2:
            return rng.randint(-100000, 100000)
        return rng.randint(-10, 10)
    if column.sql_type == "DOUBLE":
        # Multiples of 1/4 keep sums and products exact in binary floating point, so the
        # order in which an engine adds them does not matter.
        if rng.random() < 0.1:
            return rng.randint(-4000, 4000) / 4.0
        return rng.randint(-40, 40) / 4.0
    if column.sql_type == "VARCHAR":
        return random_text(rng)
    return rng.random() < 0.5


def generate_tables(rng):
    tables = []
    for table_index in range(rng.randint(3, 4)):
        column_count = rng.randint(2, 5)
        # Every table has an integer and a text column, so that joins always find a key.
        types = ["INTEGER", "VARCHAR"]
        while len(types) < column_count:
            types.append(rng.choice(list(SQL_TYPES)))
        rng.shuffle(types)
        columns = [Column("c%d" % i, sql_type) for i, sql_type in enumerate(types)]
        row_count = rng.choice([0, 1, 2, rng.randint(3, 20), rng.randint(3, 60), rng.randint(20, 60),
                                rng.randint(20, 60), rng.randint(20, 60)])
        rows = [tuple(random_value(rng, column) for column in columns) for _ in range(row_count)]
        tables.append(Table("t%d" % table_index, columns, rows))
    return tables


def sql_literal(value, sql_type):
    if value is None:
        return "NULL"
    if sql_type == "BOOLEAN":
        return "true" if value else "false"
    if sql_type == "VARCHAR":
        return text_literal(value)
    if sql_type == "DOUBLE":
        return repr(float(value))
    return str(value)


def tarn_setup_script(tables):
    lines = []
    for table in tables:
        columns = ", ".join("%s %s" % (c.name, c.sql_type) for c in table.columns)
        lines.append("CREATE TABLE %s(%s);" % (table.name, columns))
        for start in range(0, len(table.rows), 50):
            values = ", ".join(
                "(%s)" % ", ".join(sql_literal(v, c.sql_type) for v, c in zip(row, table.columns))
                for row in table.rows[start:start + 50])
            lines.append("INSERT INTO %s VALUES %s;" % (table.name, values))
    return lines


def sqlite_database(tables):
    connection = sqlite3.connect(":memory:")
    for table in tables:
        columns = ", ".join("%s %s" % (c.name, c.sql_type) for c in table.columns)
        connection.execute("CREATE TABLE %s(%s)" % (table.name, columns))
        placeholders = ", ".join("?" for _ in table.columns)
        rows = [tuple(int(v) if isinstance(v, bool) else v for v in row) for row in table.rows]
        connection.executemany("INSERT INTO %s VALUES (%s)" % (table.name, placeholders), rows)
    return connection


# ---------------------------------------------------------------------------------------
# Query grammar


class Scope:
    """The columns a query block can reference: (qualified SQL, Column) pairs."""

    def __init__(self, references):
        self.references = references

    def of_kind(self, kind):
        return [(sql, column) for sql, column in self.references if column.kind == kind]


class QueryGenerator:
    def __init__(self, rng, tables, include_known_bugs, correlated):
        self.rng = rng
        self.correlated = correlated
        self.tables = tables
        self.include_known_bugs = include_known_bugs
        self.alias_counter = 0
        self.derived_depth = 0

    def outer_scope(self, scope, feature=None):
        """scope when this subquery is to be correlated with it, else None."""
        if self.correlated and (feature is None or self.allowed(feature)) and self.chance(0.5):
            return scope
        return None

    def correlation(self, inner, outer):
        """A predicate tying a column of inner to a column of outer of the same kind."""
        for _ in range(10):
            inner_sql, inner_column = self.rng.choice(inner.references)
            matches = outer.of_kind(inner_column.kind)
            if matches:
                operator = self.rng.choice(["=", "=", "=", "<>", "<", ">="])
                return "%s %s %s" % (inner_sql, operator, self.rng.choice(matches)[0])
        return "%s IS NOT NULL" % self.rng.choice(outer.references)[0]

    def subquery_where(self, scope, outer, probability):
        """A WHERE clause for a subquery over scope, correlated with outer when given."""
        if outer is not None:
            sql = " WHERE %s" % self.correlation(scope, outer)
            if self.chance(0.4):
                sql += " AND %s" % self.condition(scope, 1).sql
            return sql
        if self.chance(probability):
            return " WHERE %s" % self.condition(scope, 1).sql
        return ""

    def allowed(self, feature):
        return self.include_known_bugs or feature not in KNOWN_BUG_FEATURES

    def chance(self, probability):
        return self.rng.random() < probability

    def next_alias(self):
        self.alias_counter += 1
        return "a%d" % self.alias_counter

    # -- expressions -----------------------------------------------------------------

    def literal(self, kind):
        rng = self.rng
        if kind == "int":
            if rng.random() < 0.04:
                # Outside 32 bits, or at its edges: tarn types these literals as BIGINT.
                value = rng.choice([2**31 - 1, 2**31, -2**31, -2**31 - 1, 10**12, -10**12])
                return Expression(str(value), "int", abs(value), not -2**31 <= value <= 2**31 - 1)
            value = rng.randint(-10, 10)
            return Expression(str(value), "int", abs(value))
        if kind == "double":
            return Expression(repr(rng.randint(-40, 40) / 4.0), "double")
        if kind == "text":
            return Expression(text_literal(random_text(rng)), "text")
        return Expression(rng.choice(["true", "false"]), "bool")

    def column(self, scope, kind):
        candidates = scope.of_kind(kind)
        if not candidates:
            return None
        sql, column = self.rng.choice(candidates)
        return Expression(sql, kind, column.bound, column.wide)

    def leaf(self, scope, kind):
        if self.chance(0.8):
            expression = self.column(scope, kind)
            if expression is not None:
                return expression
        return self.literal(kind)

    def expression(self, scope, kind, depth=2, subqueries=False):
        """A non-aggregate expression of the given kind over scope."""
        if kind == "bool":
            return self.condition(scope, depth, subqueries)
        if depth <= 0 or self.chance(0.55):
            return self.leaf(scope, kind)
        if kind == "int":
            return self.integer_expression(scope, depth, subqueries)
        if kind == "double":
            return self.double_expression(scope, depth, subqueries)
        return self.text_expression(scope, depth, subqueries)

    def integer_expression(self, scope, depth, subqueries):
        rng = self.rng
        choice = rng.randint(0, 9)
        if choice <= 3:
            left = self.expression(scope, "int", depth - 1, subqueries)
            right = self.expression(scope, "int", depth - 1, subqueries)
            wide = left.wide or right.wide
            limit = INT64_SAFE_LIMIT if wide else INT32_LIMIT
            operator = rng.choice(["+", "-", "*"])
            bound = left.bound * right.bound if operator == "*" else left.bound + right.bound
            if bound > limit:
                operator = "+"
                bound = left.bound + right.bound
            if bound > limit:
                return left
            return Expression("(%s %s %s)" % (left.sql, operator, right.sql), "int", bound, wide)
        operand = self.expression(scope, "int", depth - 1, subqueries)
        if not operand.wide and operand.bound > INT32_LIMIT:
            # -2147483648 has no 32-bit negation or absolute value.
            return operand
        if choice == 4:
            return Expression("(- %s)" % operand.sql, "int", operand.bound, operand.wide)
        if choice == 5:
            return Expression("abs(%s)" % operand.sql, "int", operand.bound, operand.wide)
        if choice == 6:
            divisor = rng.randint(2, 5)
            return Expression("(%s %% %d)" % (operand.sql, divisor), "int", divisor, operand.wide)
        if choice == 7:
            other = self.expression(scope, "int", depth - 1, subqueries)
            return Expression("coalesce(%s, %s)" % (operand.sql, other.sql), "int",
                              max(operand.bound, other.bound), operand.wide or other.wide)
        if choice == 8:
            if self.chance(0.3):
                other = self.expression(scope, "int", depth - 1, subqueries)
                return Expression("nullif(%s, %s)" % (operand.sql, other.sql), "int", operand.bound, operand.wide)
            return self.case_expression(scope, "int", depth, subqueries, operand)
        text = self.expression(scope, "text", depth - 1, subqueries)
        return Expression("length(%s)" % text.sql, "int", 1000)

    def case_expression(self, scope, kind, depth, subqueries, first):
        """A searched or simple CASE whose results are of kind, first among them."""
        rng = self.rng
        results = [first] + [self.expression(scope, kind, depth - 1, subqueries)
                             for _ in range(rng.randint(0, 2))]
        has_else = self.chance(0.7)
        if has_else:
            results.append(self.expression(scope, kind, depth - 1, subqueries))
        when_count = len(results) - 1 if has_else else len(results)
        if self.chance(0.3):
            operand_kind = rng.choice(["int", "text"])
            operand = self.expression(scope, operand_kind, depth - 1, subqueries)
            whens = ["WHEN %s THEN %s" % (self.leaf(scope, operand_kind).sql, results[i].sql)
                     for i in range(when_count)]
            sql = "CASE %s %s" % (operand.sql, " ".join(whens))
        else:
            whens = ["WHEN %s THEN %s" % (self.condition(scope, depth - 1, subqueries).sql, results[i].sql)
                     for i in range(when_count)]
            sql = "CASE %s" % " ".join(whens)
        if has_else:
            sql += " ELSE %s" % results[-1].sql
        return Expression(sql + " END", kind, max(r.bound for r in results), any(r.wide for r in results))

    def double_expression(self, scope, depth, subqueries):
        rng = self.rng
        choice = rng.randint(0, 7)
        if choice <= 2:
            left = self.expression(scope, "double", depth - 1, subqueries)
            right_kind = rng.choice(["double", "double", "int"])
            right = self.expression(scope, right_kind, depth - 1, subqueries)
            operator = rng.choice(["+", "-", "*"])
            if rng.random() < 0.5:
                left, right = right, left
            return Expression("(%s %s %s)" % (left.sql, operator, right.sql), "double")
        if choice == 3:
            operand = self.expression(scope, "int", depth - 1, subqueries)
            return Expression("CAST(%s AS DOUBLE)" % operand.sql, "double")
        operand = self.expression(scope, "double", depth - 1, subqueries)
        if choice == 4:
            return Expression("(- %s)" % operand.sql, "double")
        if choice == 5:
            return Expression("abs(%s)" % operand.sql, "double")
        other = self.expression(scope, rng.choice(["double", "int"]), depth - 1, subqueries)
        if choice == 6:
            return Expression("coalesce(%s, %s)" % (operand.sql, other.sql), "double")
        if self.chance(0.2):
            return Expression("nullif(%s, %s)" % (operand.sql, other.sql), "double")
        return self.case_expression(scope, "double", depth, subqueries, operand)

    def text_expression(self, scope, depth, subqueries):
        rng = self.rng
        choice = rng.randint(0, 4)
        operand = self.expression(scope, "text", depth - 1, subqueries)
        if choice <= 1:
            other = self.expression(scope, "text", depth - 1, subqueries)
            return Expression("(%s || %s)" % (operand.sql, other.sql), "text")
        if choice == 2:
            return Expression("substr(%s, %d, %d)" % (operand.sql, rng.randint(1, 3), rng.randint(0, 3)),
                              "text")
        other = self.expression(scope, "text", depth - 1, subqueries)
        if choice == 3:
            return Expression("coalesce(%s, %s)" % (operand.sql, other.sql), "text")
        if self.chance(0.2):
            return Expression("nullif(%s, %s)" % (operand.sql, other.sql), "text")
        return self.case_expression(scope, "text", depth, subqueries, operand)

    def comparable_pair(self, scope, depth, subqueries):
        """Two expressions the engines compare the same way: same kind, or int with double."""
        kind = self.rng.choice(["int", "int", "double", "text", "text", "bool"])
        left = self.expression(scope, kind, depth, subqueries)
        if kind in ("int", "double") and self.chance(0.25):
            right = self.expression(scope, "double" if kind == "int" else "int", depth, subqueries)
        else:
            right = self.expression(scope, kind, depth, subqueries)
        if self.chance(0.3):
            right = self.literal(right.kind)
        return left, right

    def condition(self, scope, depth=2, subqueries=False):
        """A boolean expression over scope; subqueries allows uncorrelated subqueries."""
        rng = self.rng
        if depth <= 0:
            choice = rng.choice(["compare", "compare", "column", "is_null"])
        else:
            choices = ["compare"] * 6 + ["and", "or", "not", "is_null", "in_list", "between",
                                         "like", "column", "distinct"]
            if subqueries:
                choices += ["in_subquery", "exists", "scalar_subquery"]
            choice = rng.choice(choices)
        if choice == "column":
            expression = self.column(scope, "bool")
            if expression is not None:
                return expression
            choice = "compare"
        if choice == "compare":
            left, right = self.comparable_pair(scope, depth - 1, subqueries)
            operator = rng.choice(["=", "<>", "<", "<=", ">", ">="])
            return Expression("(%s %s %s)" % (left.sql, operator, right.sql), "bool")
        if choice in ("and", "or"):
            left = self.condition(scope, depth - 1, subqueries)
            right = self.condition(scope, depth - 1, subqueries)
            return Expression("(%s %s %s)" % (left.sql, choice.upper(), right.sql), "bool")
        if choice == "not":
            operand = self.condition(scope, depth - 1, subqueries)
            return Expression("(NOT %s)" % operand.sql, "bool")
        if choice == "is_null":
            operand = self.expression(scope, rng.choice(["int", "double", "text", "bool"]), depth - 1)
            return Expression("(%s IS %sNULL)" % (operand.sql, rng.choice(["", "NOT "])), "bool")
        if choice == "distinct":
            left, right = self.comparable_pair(scope, depth - 1, subqueries)
            return Expression("(%s IS %sDISTINCT FROM %s)" % (left.sql, rng.choice(["", "NOT "]), right.sql),
                              "bool")
        if choice == "in_list":
            kind = rng.choice(["int", "double", "text"])
            operand = self.expression(scope, kind, depth - 1)
            items = [(self.leaf(scope, kind) if self.chance(0.3) else self.literal(kind)).sql
                     for _ in range(rng.randint(1, 4))]
            if self.chance(0.2):
                items.append("NULL")
            return Expression("(%s %sIN (%s))" % (operand.sql, rng.choice(["", "NOT "]), ", ".join(items)),
                              "bool")
        if choice == "between":
            kind = rng.choice(["int", "double", "text"])
            operand = self.expression(scope, kind, depth - 1)
            low = self.leaf(scope, kind)
            high = self.leaf(scope, kind)
            return Expression("(%s %sBETWEEN %s AND %s)" % (operand.sql, rng.choice(["", "NOT "]), low.sql,
                                                           high.sql), "bool")
        if choice == "like":
            operand = self.expression(scope, "text", depth - 1)
            pattern = rng.choice(["a%", "%b", "%c%", "_", "__", "a_", "%", "_b%", "", "ab", "%a%b%"])
            return Expression("(%s %sLIKE '%s')" % (operand.sql, rng.choice(["", "NOT "]), pattern), "bool")
        if choice == "in_subquery":
            kind = rng.choice(["int", "text", "double"])
            operand = self.expression(scope, kind, 1)
            outer = self.outer_scope(scope, "correlated_in")
            subquery = self.column_subquery(kind, outer)
            # tarn does not decorrelate NOT IN yet.
            negation = rng.choice(["", "NOT "]) if outer is None else ""
            return Expression("(%s %sIN (%s))" % (operand.sql, negation, subquery), "bool")
        if choice == "exists":
            subquery = self.column_subquery(rng.choice(["int", "text"]), self.outer_scope(scope))
            return Expression("(%sEXISTS (%s))" % (rng.choice(["", "NOT "]), subquery), "bool")
        kind = rng.choice(["int", "double", "text"])
        operand = self.expression(scope, kind, 1)
        subquery = self.scalar_subquery(kind, self.outer_scope(scope, "correlated_scalar_aggregate"))
        operator = rng.choice(["=", "<>", "<", "<=", ">", ">="])
        return Expression("(%s %s %s)" % (operand.sql, operator, subquery.sql), "bool")

    def single_table_scope(self):
        table = self.rng.choice(self.tables)
        alias = self.next_alias()
        scope = Scope([("%s.%s" % (alias, c.name), c) for c in table.columns])
        return "%s AS %s" % (table.name, alias), scope

    def column_subquery(self, kind, outer=None):
        """A one-column SELECT producing values of kind, correlated with outer if given."""
        rng = self.rng
        parts = []
        # tarn does not decorrelate DISTINCT, set operations, ORDER BY or LIMIT yet.
        plain = outer is not None
        for _ in range(1 if plain or not self.chance(0.15) else 2):
            from_sql, scope = self.single_table_scope()
            value = self.expression(scope, kind, 1)
            distinct = "DISTINCT " if not plain and self.chance(0.2) else ""
            sql = "SELECT %s%s FROM %s" % (distinct, value.sql, from_sql)
            parts.append(sql + self.subquery_where(scope, outer, 0.6))
        sql = (" %s " % rng.choice(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"])).join(parts)
        if not plain and self.chance(0.15):
            # Ordered on its only column, the first rows are the same values in any engine.
            sql += " ORDER BY 1 %s NULLS %s LIMIT %d" % (rng.choice(["ASC", "DESC"]), rng.choice(["FIRST", "LAST"]),
                                                        rng.randint(0, 5))
        return sql

    def scalar_subquery(self, kind, outer=None):
        """An aggregate subquery (exactly one row) of kind, correlated with outer if given."""
        from_sql, scope = self.single_table_scope()
        aggregate = self.aggregate(scope, kind)
        sql = "SELECT %s FROM %s" % (aggregate.sql, from_sql) + self.subquery_where(scope, outer, 0.5)
        return Expression("(%s)" % sql, kind, aggregate.bound, True)

    def aggregate(self, scope, kind):
        """An aggregate call whose result is of kind."""
        rng = self.rng
        if kind == "int":
            choice = rng.choice(["count_star", "count", "count_distinct", "sum", "min", "max"])
            if choice == "count_star":
                return Expression("count(*)", "int", 10**6, True)
            if choice in ("count", "count_distinct"):
                argument = self.expression(scope, rng.choice(["int", "double", "text", "bool"]), 1)
                distinct = "DISTINCT " if choice == "count_distinct" else ""
                return Expression("count(%s%s)" % (distinct, argument.sql), "int", 10**6, True)
            argument = self.expression(scope, "int", 1)
            if choice == "sum":
                if argument.bound > SUM_ARGUMENT_LIMIT:
                    argument = self.leaf(scope, "int")
                distinct = "DISTINCT " if self.chance(0.2) else ""
                return Expression("sum(%s%s)" % (distinct, argument.sql), "int", argument.bound * 10**6, True)
            return Expression("%s(%s)" % (choice, argument.sql), "int", argument.bound, argument.wide)
        if kind == "double":
            choice = rng.choice(["avg", "avg", "sum", "min", "max"])
            if choice == "avg":
                argument = self.expression(scope, rng.choice(["int", "double"]), 1)
                distinct = "DISTINCT " if self.chance(0.2) else ""
                return Expression("avg(%s%s)" % (distinct, argument.sql), "double")
            argument = self.expression(scope, "double", 1)
            return Expression("%s(%s)" % (choice, argument.sql), "double")
        argument = self.expression(scope, kind, 1)
        return Expression("%s(%s)" % (rng.choice(["min", "max"]), argument.sql), kind)

    # -- FROM clauses ------------------------------------------------------------------

    def from_clause(self):
        """A FROM clause of one to three tables joined in random ways, and its scope."""
        rng = self.rng
        table_count = rng.choice([1, 1, 1, 2, 2, 2, 3])
        references = []
        parts = []
        for position in range(table_count):
            if self.derived_depth < 1 and self.chance(0.12):
                table_sql, alias, columns = self.derived_table()
            else:
                table = rng.choice(self.tables)
                alias = self.next_alias()
                columns = table.columns
                table_sql = "%s AS %s" % (table.name, alias)
            new_references = [("%s.%s" % (alias, c.name), c) for c in columns]
            if position == 0:
                parts.append(table_sql)
            else:
                join_types = ["JOIN", "LEFT JOIN", "LEFT JOIN", "CROSS JOIN", "INNER JOIN"]
                if self.derived_depth == 0:
                    # sqlite 3.40 flattens subqueries holding RIGHT and FULL joins wrongly
                    # (it drops WHERE clauses of UNION ALL arms, rejects valid ON clauses).
                    join_types += ["RIGHT JOIN", "FULL JOIN"]
                join_type = rng.choice(join_types)
                if join_type == "CROSS JOIN":
                    parts.append("CROSS JOIN %s" % table_sql)
                else:
                    condition = self.join_condition(references, new_references)
                    parts.append("%s %s ON %s" % (join_type, table_sql, condition))
            references = references + new_references
        return " ".join(parts), Scope(references)

    def derived_table(self):
        """A subquery in FROM with named columns: (SQL, alias, columns)."""
        rng = self.rng
        self.derived_depth += 1
        choice = rng.random()
        if choice < 0.5:
            sql, items = self.plain_block(alias_items=True)
        elif choice < 0.85:
            sql, items = self.aggregate_block(alias_items=True)
        else:
            kinds = [rng.choice(["int", "double", "text", "bool"]) for _ in range(rng.randint(1, 3))]
            sql, items = self.plain_block(kinds, alias_items=True)
            operand, other_items = self.plain_block(kinds)
            sql += " %s %s" % (rng.choice(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"]), operand)
            items = [Expression(a.sql, a.kind, max(a.bound, b.bound), a.wide or b.wide)
                     for a, b in zip(items, other_items)]
        if self.chance(0.2):
            order_sql, _, _ = self.order_and_limit([item.kind for item in items], require_limit=True)
            sql += order_sql
        self.derived_depth -= 1
        alias = self.next_alias()
        columns = [Column("k%d" % i, None, item.kind, item.bound, item.wide) for i, item in enumerate(items)]
        return "(%s) AS %s" % (sql, alias), alias, columns

    def join_condition(self, left_references, right_references):
        rng = self.rng

        def key_pair():
            for _ in range(10):
                right_sql, right_column = rng.choice(right_references)
                matches = [sql for sql, column in left_references if column.kind == right_column.kind]
                if matches:
                    return rng.choice(matches), right_sql
            return None

        pair = key_pair()
        if pair is None:
            return "true"
        choice = rng.randint(0, 9)
        both = Scope(left_references + right_references)
        if choice <= 4:
            return "%s = %s" % pair
        if choice == 5:
            return "%s %s %s" % (pair[0], rng.choice(["<", "<=", ">", ">=", "<>"]), pair[1])
        if choice == 6:
            # A condition on one side only: for outer joins it filters matches, not rows.
            side = Scope(rng.choice([left_references, right_references]))
            return "%s = %s AND %s" % (pair[0], pair[1], self.join_filter(side))
        other = key_pair() or pair
        if choice == 7:
            return "(%s = %s OR %s = %s)" % (pair[0], pair[1], other[0], other[1])
        if choice == 8:
            return "%s = %s AND %s = %s" % (pair[0], pair[1], other[0], other[1])
        return "%s = %s AND %s" % (pair[0], pair[1], self.join_filter(both))

    def join_filter(self, scope):
        """An extra ON condition with no conjunct free of columns.

        sqlite 3.40 evaluates a column-free ON conjunct once for the whole query: when it is
        false and the query has a RIGHT or FULL join, it returns no rows at all.
        """
        condition = self.condition(scope, 1)
        if COLUMN_REFERENCE.search(condition.sql) and " AND " not in condition.sql:
            return condition.sql
        sql, column = self.rng.choice(scope.references)
        return "(%s IS NOT NULL)" % sql if self.chance(0.5) else "(%s IS NULL)" % sql

    # -- query blocks ------------------------------------------------------------------

    def select_items(self, scope, kinds):
        items = []
        for kind in kinds:
            if kind != "bool" and self.derived_depth == 0 and self.chance(0.05):
                items.append(self.scalar_subquery(kind, self.outer_scope(scope, "correlated_scalar_aggregate")))
                continue
            if self.chance(0.6):
                expression = self.column(scope, kind)
                if expression is not None:
                    items.append(expression)
                    continue
            items.append(self.expression(scope, kind, 2))
        return items

    @staticmethod
    def select_list(items, alias_items):
        if alias_items:
            return ", ".join("%s AS k%d" % (item.sql, i) for i, item in enumerate(items))
        return ", ".join(item.sql for item in items)

    def plain_block(self, kinds=None, alias_items=False):
        """SELECT [DISTINCT] items FROM ... [WHERE ...]; returns (sql, item expressions)."""
        rng = self.rng
        from_sql, scope = self.from_clause()
        if kinds is None and not alias_items and self.chance(0.1) and len(scope.references) <= 8:
            select_sql = "*"
            items = [Expression(sql, c.kind, c.bound, c.wide) for sql, c in scope.references]
        else:
            if kinds is None:
                kinds = [rng.choice(["int", "int", "double", "text", "text", "bool"])
                         for _ in range(rng.randint(1, 4))]
            items = self.select_items(scope, kinds)
            select_sql = self.select_list(items, alias_items)
        sql = "SELECT %s%s FROM %s" % ("DISTINCT " if self.chance(0.2) else "", select_sql, from_sql)
        if self.chance(0.7):
            sql += " WHERE %s" % self.condition(scope, rng.randint(1, 3), subqueries=True).sql
        return sql, items

    def aggregate_block(self, alias_items=False):
        """SELECT keys and aggregates FROM ... [WHERE] [GROUP BY] [HAVING]."""
        rng = self.rng
        from_sql, scope = self.from_clause()
        items = []
        group_sql = []
        if self.chance(0.75):
            key_count = rng.randint(1, 2)
            keys = []
            for _ in range(key_count):
                if self.chance(0.8):
                    sql, column = rng.choice(scope.references)
                    keys.append((sql, column))
                else:
                    # A key without a column could be a constant, which sqlite reads as an
                    # output position.
                    expression = self.expression(scope, rng.choice(["int", "text", "bool"]), 1)
                    if not COLUMN_REFERENCE.search(expression.sql):
                        sql, column = rng.choice(scope.references)
                        expression = Expression(sql, column.kind, column.bound, column.wide)
                    keys.append((expression.sql, None))
                    items.append(expression)
            group_sql = [sql for sql, _ in keys]
            key_scope = Scope([(sql, column) for sql, column in keys if column is not None])
            for sql, column in key_scope.references:
                if self.chance(0.8):
                    items.append(Expression(sql, column.kind, column.bound, column.wide))
            if key_scope.references and self.chance(0.3):
                kind = rng.choice([column.kind for _, column in key_scope.references])
                items.append(self.expression(key_scope, kind, 1))
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(["int", "int", "double", "text", "bool"])
            aggregate = self.aggregate(scope, kind)
            if kind == "int" and self.chance(0.2):
                other = self.aggregate(scope, "int")
                operator = rng.choice(["+", "-"])
                wide = aggregate.wide or other.wide
                bound = aggregate.bound + other.bound
                if bound <= (INT64_SAFE_LIMIT if wide else INT32_LIMIT):
                    aggregate = Expression("(%s %s %s)" % (aggregate.sql, operator, other.sql), "int", bound, wide)
            items.append(aggregate)
        rng.shuffle(items)
        sql = "SELECT %s%s FROM %s" % ("DISTINCT " if self.chance(0.1) else "",
                                       self.select_list(items, alias_items), from_sql)
        if self.chance(0.5):
            sql += " WHERE %s" % self.condition(scope, rng.randint(1, 2), subqueries=True).sql
        if group_sql:
            sql += " GROUP BY %s" % ", ".join(group_sql)
            if self.chance(0.4):
                sql += " HAVING %s" % self.having_condition(scope, key_scope, rng.randint(0, 2))
        return sql, items

    def having_condition(self, scope, key_scope, depth):
        """A condition on aggregates over scope and on the group keys in key_scope."""
        rng = self.rng
        if depth > 0 and self.chance(0.4):
            left = self.having_condition(scope, key_scope, depth - 1)
            right = self.having_condition(scope, key_scope, depth - 1)
            return "(%s %s %s)" % (left, rng.choice(["AND", "OR"]), right)
        if key_scope.references and self.chance(0.25):
            return self.condition(key_scope, 1).sql
        aggregate = self.aggregate(scope, rng.choice(["int", "double", "text"]))
        operator = rng.choice(["=", "<>", "<", "<=", ">", ">="])
        return "%s %s %s" % (aggregate.sql, operator, self.literal(aggregate.kind).sql)

    def order_and_limit(self, kinds, require_limit=False):
        """An ORDER BY (positions, explicit NULLS on every key) and LIMIT for the output."""
        rng = self.rng
        choice = 0 if require_limit else rng.random()
        if choice < 0.35 and not require_limit:
            return "", [], False
        positions = list(range(len(kinds)))
        rng.shuffle(positions)
        full = choice < 0.75 or len(kinds) == 1
        if not full:
            positions = positions[:rng.randint(1, len(kinds) - 1)]
        keys = ", ".join("%d %s NULLS %s" % (p + 1, rng.choice(["ASC", "DESC"]), rng.choice(["FIRST", "LAST"]))
                         for p in positions)
        sql = " ORDER BY " + keys
        has_limit = full and (require_limit or self.chance(0.6))
        if has_limit:
            sql += " LIMIT %d" % rng.randint(0, 20)
            if self.chance(0.3):
                sql += " OFFSET %d" % rng.randint(0, 10)
        return sql, positions, has_limit

    def query(self):
        rng = self.rng
        choice = rng.random()
        if choice < 0.2:
            kinds = [rng.choice(["int", "double", "text", "bool"]) for _ in range(rng.randint(1, 2))]
            sql, _ = self.plain_block(kinds)
            # INTERSECT binds tighter than UNION and EXCEPT in SQL but not in sqlite, which
            # reads every chain left to right; it only comes first, where both agree.
            operator = rng.choice(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"])
            for index in range(rng.choice([1, 1, 1, 2])):
                if index > 0:
                    operator = rng.choice(["UNION", "UNION ALL", "EXCEPT"])
                operand, _ = self.plain_block(kinds)
                sql += " %s %s" % (operator, operand)
        elif choice < 0.55:
            sql, items = self.aggregate_block()
            kinds = [item.kind for item in items]
        else:
            sql, items = self.plain_block()
            kinds = [item.kind for item in items]
        order_sql, order_keys, has_limit = self.order_and_limit(kinds)
        return Query(sql + order_sql, kinds, order_keys, has_limit)


# ---------------------------------------------------------------------------------------
# Running


def parse_csv_line(line):
    """Splits one tarn CSV line into (text, quoted) fields."""
    fields = []
    index = 0
    length = len(line)
    while True:
        if index < length and line[index] == '"':
            index += 1
            value = []
            while index < length:
                if line[index] == '"':
                    if index + 1 < length and line[index + 1] == '"':
                        value.append('"')
                        index += 2
                        continue
                    index += 1
                    break
                value.append(line[index])
                index += 1
            fields.append(("".join(value), True))
        else:
            end = line.find(",", index)
            if end < 0:
                end = length
            fields.append((line[index:end], False))
            index = end
        if index < length and line[index] == ",":
            index += 1
            continue
        return fields


def marker(index):
    return "@@differential query %d@@" % index


def run_tarn_script(binary, setup_lines, queries, indices, timeout):
    """Runs the queries at indices after the setup in one tarn process.

    Returns (results, status) where results maps an index to ('ok', lines) or ('error',
    message) for every query whose outcome is known, and status is 'ok', 'error' (the
    process stopped at a failing statement: the last query with a marker), 'timeout' or
    'crash' (the outcome of the remaining queries is unknown).
    """
    script = list(setup_lines)
    for index in indices:
        script.append(".print " + marker(index))
        script.append(queries[index].sql + ";")
    try:
        process = subprocess.run([binary, "--mode", "csv"], input="\n".join(script) + "\n",
                                 capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {}, "timeout", ""
    markers = {marker(index): index for index in indices}
    outputs = {}
    current = None
    stdout = process.stdout[:-1] if process.stdout.endswith("\n") else process.stdout
    for line in stdout.split("\n"):
        if line in markers:
            current = markers[line]
            outputs[current] = []
        elif current is not None:
            outputs[current].append(line)
    if process.returncode == 0:
        return {index: ("ok", lines) for index, lines in outputs.items()}, "ok", ""
    if process.returncode == 1 and process.stderr.startswith("Error:") and outputs:
        failing = max(outputs, key=indices.index)
        results = {index: ("ok", lines) for index, lines in outputs.items() if index != failing}
        results[failing] = ("error", process.stderr.strip())
        return results, "error", ""
    detail = "exit status %d: %s" % (process.returncode, process.stderr.strip()[-2000:])
    if process.returncode == 1 and not outputs:
        return {}, "setup", detail
    return {}, "crash", detail


def run_tarn(binary, setup_lines, queries):
    """Runs every query through tarn; returns a list of ('ok', lines) / ('error', msg)."""
    results = {}
    remaining = list(range(len(queries)))
    while remaining:
        batch_results, status, detail = run_tarn_script(binary, setup_lines, queries, remaining,
                                                        TARN_TIMEOUT_SECONDS)
        results.update(batch_results)
        if status == "setup":
            raise RuntimeError("tarn failed while loading the tables: %s" % detail)
        if status in ("ok", "error"):
            remaining = [index for index in remaining if index not in results]
            continue
        # A crash or hang loses buffered output, so the failing query is unknown: run the
        # rest one query per process.
        for index in remaining:
            single, status, detail = run_tarn_script(binary, setup_lines, queries, [index],
                                                     SINGLE_QUERY_TIMEOUT_SECONDS)
            if index in single:
                results[index] = single[index]
            elif status == "timeout":
                results[index] = ("error", "tarn timed out after %d s" % SINGLE_QUERY_TIMEOUT_SECONDS)
            else:
                results[index] = ("crash", "tarn crashed: %s" % detail)
        remaining = []
    return [results[index] for index in range(len(queries))]


# ---------------------------------------------------------------------------------------
# Comparing


class Unparsable:
    """A tarn field that does not read as a value of the expected kind; equal to nothing."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return "unparsable(%r)" % self.text


def tarn_value(field, kind):
    text, quoted = field
    if text == "" and not quoted:
        return None
    if kind == "text":
        return text
    if kind == "bool":
        if text == "true":
            return 1
        if text == "false":
            return 0
        return Unparsable(text)
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return Unparsable(text)


def sqlite_value(value, kind):
    if value is None:
        return None
    if kind == "double" and isinstance(value, int):
        return float(value)
    if kind == "bool" and isinstance(value, float):
        return int(value)
    return value


def tarn_rows(lines, kinds):
    """Parses tarn CSV output lines (header first) into rows of normalized values."""
    if not lines:
        raise ValueError("no header line")
    rows = []
    for line in lines[1:]:
        fields = parse_csv_line(line)
        if len(fields) != len(kinds):
            raise ValueError("row %r has %d fields, expected %d" % (line, len(fields), len(kinds)))
        rows.append(tuple(tarn_value(field, kind) for field, kind in zip(fields, kinds)))
    return rows


def values_equal(left, right):
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, Unparsable) or isinstance(right, Unparsable):
        return False
    left_number = isinstance(left, (int, float))
    right_number = isinstance(right, (int, float))
    if left_number and right_number:
        if isinstance(left, int) and isinstance(right, int):
            return left == right
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12)
    if left_number or right_number:
        return False
    return left == right


def rows_equal(left, right):
    return len(left) == len(right) and all(values_equal(a, b) for a, b in zip(left, right))


def sort_key(row):
    key = []
    for value in row:
        if value is None:
            key.append((0, 0, ""))
        elif isinstance(value, (int, float)):
            key.append((1, float(value), ""))
        else:
            key.append((2, 0, str(value)))
    return key


def sequences_equal(left, right):
    return len(left) == len(right) and all(rows_equal(a, b) for a, b in zip(left, right))


def multisets_equal(left, right):
    if len(left) != len(right):
        return False
    if sequences_equal(sorted(left, key=sort_key), sorted(right, key=sort_key)):
        return True
    if len(left) > 2000:
        return False
    # Values equal within the tolerance may sort apart: match rows one by one.
    unmatched = list(right)
    for row in left:
        for position, candidate in enumerate(unmatched):
            if rows_equal(row, candidate):
                del unmatched[position]
                break
        else:
            return False
    return True


def results_match(query, tarn, expected):
    if query.order_keys and len(set(query.order_keys)) == len(query.kinds):
        return sequences_equal(tarn, expected)
    if query.order_keys:
        keys_of = lambda rows: [tuple(row[p] for p in query.order_keys) for row in rows]
        if not sequences_equal(keys_of(tarn), keys_of(expected)):
            return False
    return multisets_equal(tarn, expected)


def format_rows(rows):
    shown = ["    %s" % ", ".join("NULL" if v is None else repr(v) for v in row) for row in rows[:SHOWN_ROWS]]
    if len(rows) > SHOWN_ROWS:
        shown.append("    ... (%d rows)" % len(rows))
    if not rows:
        shown.append("    (0 rows)")
    return "\n".join(shown)


# ---------------------------------------------------------------------------------------
# Driver


def generate_table_set(rng, include_known_bugs, correlated, query_count):
    """Tables, their sqlite database and query_count queries sqlite answers in bounds."""
    tables = generate_tables(rng)
    connection = sqlite_database(tables)
    generator = QueryGenerator(rng, tables, include_known_bugs, correlated)
    queries = []
    expected = []
    attempts = 0
    while len(queries) < query_count:
        attempts += 1
        query = generator.query()
        try:
            cursor = connection.execute(query.sql)
            rows = cursor.fetchmany(MAX_RESULT_ROWS + 1)
            outcome = ("ok", [tuple(sqlite_value(v, k) for v, k in zip(row, query.kinds)) for row in rows])
        except sqlite3.Error as error:
            rows = []
            outcome = ("error", "%s: %s" % (type(error).__name__, error))
        if len(rows) > MAX_RESULT_ROWS and attempts < query_count * 20:
            continue
        queries.append(query)
        expected.append(outcome)
    return tables, queries, expected


def write_repro(directory, seed, number, setup_lines, query):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "seed%d_query%d.sql" % (seed, number))
    with open(path, "w") as handle:
        handle.write("\n".join(setup_lines) + "\n" + query.sql + ";\n")
    return path


def main():
    parser = argparse.ArgumentParser(description="Compare tarn with sqlite3 on random queries.")
    parser.add_argument("tarn", help="path to the tarn binary")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--count", type=int, default=300, help="number of queries (default 300)")
    parser.add_argument("--verbose", action="store_true", help="print every query and its outcome")
    parser.add_argument("--include-known-bugs", action="store_true",
                        help="also generate constructs that hit known, unfixed tarn bugs: %s" %
                        (", ".join(sorted(KNOWN_BUG_FEATURES)) or "none"))
    parser.add_argument("--correlated", action="store_true",
                        help="also generate correlated subqueries (IN, EXISTS, scalar aggregates)")
    parser.add_argument("--repro-dir", help="write a standalone tarn script for every mismatch here")
    arguments = parser.parse_args()

    if not os.access(arguments.tarn, os.X_OK):
        print("error: %s is not an executable" % arguments.tarn, file=sys.stderr)
        print("differential: 0 passed, 1 failed")
        return 1

    rng = random.Random(arguments.seed)
    passed = 0
    failed = 0
    number = 0
    while number < arguments.count:
        batch = min(QUERIES_PER_TABLE_SET, arguments.count - number)
        tables, queries, expected = generate_table_set(rng, arguments.include_known_bugs, arguments.correlated,
                                                       batch)
        setup_lines = tarn_setup_script(tables)
        try:
            actual = run_tarn(arguments.tarn, setup_lines, queries)
        except RuntimeError as error:
            print("seed %d: %s" % (arguments.seed, error))
            print("differential: %d passed, %d failed" % (passed, failed + 1))
            return 1
        for query, tarn_outcome, sqlite_outcome in zip(queries, actual, expected):
            number += 1
            problem = None
            tarn_rows_or_none = None
            if tarn_outcome[0] == "ok":
                try:
                    tarn_rows_or_none = tarn_rows(tarn_outcome[1], query.kinds)
                except ValueError as error:
                    problem = "cannot read tarn output: %s" % error
            if problem is None:
                if sqlite_outcome[0] == "error":
                    problem = "sqlite failed (generator bug?): %s" % sqlite_outcome[1]
                elif tarn_outcome[0] != "ok":
                    problem = "tarn failed: %s" % tarn_outcome[1]
                elif not results_match(query, tarn_rows_or_none, sqlite_outcome[1]):
                    problem = "results differ"
            if problem is None:
                passed += 1
                if arguments.verbose:
                    print("ok   seed %d query %d: %s" % (arguments.seed, number, query.sql))
                continue
            failed += 1
            print("MISMATCH seed %d query %d: %s" % (arguments.seed, number, problem))
            print("  sql: %s" % query.sql)
            if tarn_rows_or_none is not None:
                print("  tarn (%d rows):\n%s" % (len(tarn_rows_or_none), format_rows(tarn_rows_or_none)))
            elif tarn_outcome[0] != "ok":
                print("  tarn: %s" % tarn_outcome[1])
            if sqlite_outcome[0] == "ok":
                print("  sqlite (%d rows):\n%s" % (len(sqlite_outcome[1]), format_rows(sqlite_outcome[1])))
            else:
                print("  sqlite: %s" % sqlite_outcome[1])
            if arguments.repro_dir:
                print("  repro: %s" % write_repro(arguments.repro_dir, arguments.seed, number, setup_lines, query))
    print("differential: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
