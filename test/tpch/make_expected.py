#!/usr/bin/python3
"""Writes test/sql/tpch/q01.test ... q22.test: the 22 TPC-H queries on the data set in
this folder, with expected rows computed by DuckDB, an engine independent of tarn.

Usage: test/tpch/make_expected.py [QUERY_DIR]
  QUERY_DIR holds q01.sql ... q22.sql (default: ../shared/data/tpch-sf0.1/queries beside
  the repository). Needs node; bench/tpch_bench.py installs @duckdb/node-api into
  bench/.work/ (git-ignored) on first use and runs it.

Each test file creates and loads the 8 tables from __DATA__/../tpch/TABLE.tbl.zst with the
statements the benchmark uses, then runs the query with its expected rows in order (every
TPC-H query ends with ORDER BY, or returns one row). Decimals print at their scale, dates as
YYYY-MM-DD, as tarn prints them. Columns of type DOUBLE (an average or a quotient) are
rounded to 6 decimals in SQL (ROUNDED below) so that tarn and DuckDB, which may differ in the
last bits of such sums, print the same text; tarn prints a whole DOUBLE with '.0'. A quotient
of decimals is an exact DECIMAL(38,6) in tarn and a DOUBLE in DuckDB: such columns are cast
to DECIMAL(38,6) in SQL (CAST_TO_DECIMAL below), a no-op in tarn, so DuckDB rounds its
quotient to the same 6 decimals.
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO_DIR, 'bench'))

import tpch_bench  # noqa: E402

OUTPUT_DIR = os.path.join(REPO_DIR, 'test', 'sql', 'tpch')
TEST_DATA_PATH = '__DATA__/../tpch/{}.tbl.zst'

# (query, text, replacement): each text must occur exactly once in the query.
ROUNDED = [
    ('q01', 'avg(l_quantity) as avg_qty', 'round(avg(l_quantity), 6) as avg_qty'),
    ('q01', 'avg(l_extendedprice) as avg_price', 'round(avg(l_extendedprice), 6) as avg_price'),
    ('q01', 'avg(l_discount) as avg_disc', 'round(avg(l_discount), 6) as avg_disc'),
]

# (query, text, replacement) as ROUNDED, for the decimal quotients.
CAST_TO_DECIMAL = [
    ('q08', '\tsum(case', '\tcast(sum(case'),
    ('q08', 'sum(volume) as mkt_share', 'sum(volume) as decimal(38, 6)) as mkt_share'),
    ('q14', '100.00 * sum(case', 'cast(100.00 * sum(case'),
    ('q14', 'sum(l_extendedprice * (1 - l_discount)) as promo_revenue',
     'sum(l_extendedprice * (1 - l_discount)) as decimal(38, 6)) as promo_revenue'),
    ('q17', 'sum(l_extendedprice) / 7.0 as avg_yearly',
     'cast(sum(l_extendedprice) / 7.0 as decimal(38, 6)) as avg_yearly'),
]


def TypeLetter(duckdb_type):
    if duckdb_type in ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT'):
        return 'I'
    if duckdb_type.startswith('DECIMAL') or duckdb_type in ('DOUBLE', 'FLOAT'):
        return 'R'
    return 'T'


def ExpectedValue(text, duckdb_type):
    """TEXT (DuckDB's value as text) as tarn prints it in a test result."""
    if duckdb_type == 'DOUBLE' and text != 'NULL':
        number = float(text)
        if number != 0 and not 1e-4 <= abs(number) < 1e15:
            sys.exit('make_expected: tarn prints {} in exponent form; round further'.format(text))
        if re.fullmatch(r'-?[0-9]+', text):
            return text + '.0'
    if text == '':
        return '(empty)'
    if '\t' in text or '\n' in text:
        sys.exit('make_expected: a value with a tab or newline cannot be written: ' + repr(text))
    return text


def Queries(query_dir):
    queries = []
    for name, statements in tpch_bench.ReadQueries(query_dir, tpch_bench.QUERY_NAMES):
        text = '\n'.join(statements)
        for query, old, new in ROUNDED + CAST_TO_DECIMAL:
            if query != name:
                continue
            if text.count(old) != 1:
                sys.exit('make_expected: {} does not contain {!r} once'.format(name, old))
            text = text.replace(old, new)
        text = '\n'.join(line.rstrip() for line in text.split('\n') if line.strip())
        queries.append((name, tpch_bench.SplitStatements(text)))
    return queries


def Main():
    query_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        tpch_bench.DEFAULT_DATA_DIR, 'queries')
    queries = Queries(query_dir)
    paths = tpch_bench.TablePaths(HERE)
    duckdb = tpch_bench.DuckdbRun(
        [statement for table in tpch_bench.TABLES
         for statement in tpch_bench.LoadStatements(table, paths[table])], queries, 1)
    setup = [statement for table in tpch_bench.TABLES
             for statement in tpch_bench.LoadStatements(table, TEST_DATA_PATH.format(table))]
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    for name, statements in queries:
        result = duckdb['results'][name]
        rounded = any(query == name for query, _, _ in ROUNDED)
        cast = any(query == name for query, _, _ in CAST_TO_DECIMAL)
        if 'DOUBLE' in result['types'] and not rounded:
            sys.exit('make_expected: {} returns a DOUBLE column; add it to ROUNDED'.format(name))
        lines = [
            '# TPC-H {} on the small TPC-H data set in test/tpch (test/tpch/make_subset.py).'
            .format(name.upper()),
            '# Generated by test/tpch/make_expected.py: the expected rows were computed by',
            '# DuckDB {}.'.format(duckdb['version']) +
            (' DOUBLE columns are rounded to 6 decimals.' if rounded else '') +
            (' Decimal quotients are cast to DECIMAL(38,6).' if cast else ''),
            '',
        ]
        for statement in setup:
            lines += ['statement ok', statement, '']
        for statement in statements:
            if statement.lower().startswith(('select', 'with')):
                letters = ''.join(TypeLetter(column_type) for column_type in result['types'])
                lines += ['query ' + letters, statement, '----']
                lines += ['\t'.join(ExpectedValue(value, column_type)
                                     for value, column_type in zip(row, result['types']))
                          for row in result['rows']]
                lines.append('')
            else:
                lines += ['statement ok', statement, '']
        with open(os.path.join(OUTPUT_DIR, name + '.test'), 'w') as handle:
            handle.write('\n'.join(lines).rstrip('\n') + '\n')
        print('{}: {} rows'.format(name, len(result['rows'])))


if __name__ == '__main__':
    Main()
