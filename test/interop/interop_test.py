#!/usr/bin/env python3
"""Cross-engine checks of the files tarn writes with COPY, read back by DuckDB.

tarn writes one generated table (every type tarn can store, NULLs in every column, a
low-cardinality string that is dictionary-encoded and a high-cardinality one that falls
back to PLAIN, an all-NULL column, NaN and infinities) as Parquet with every codec and
several row groups, as Hive-partitioned Parquet, as CSV (plain and gzip) and as JSON
(lines and array). DuckDB (npm package @duckdb/node-api, installed into
test/interop/.work with `npm install` when missing) reads each file, and every value is
compared with tarn's own result of the same query. The Parquet metadata is checked too:
row group count, codec, encodings, created_by, and per-row-group min/max/null_count
statistics against tarn's own aggregates. Files DuckDB writes are read back with tarn
(CSV always; Parquet when tarn has read_parquet).

Usage: interop_test.py TARN_BINARY
Prints one line per check and "N passed, M failed"; exits non-zero when any check failed.
"""

import decimal
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORK_DIR = os.path.join(HERE, ".work")
DUCKDB_PACKAGE = "@duckdb/node-api@" + os.environ.get("TARN_INTEROP_DUCKDB_VERSION", "1.5.6-r.1")
DUCKDB_QUERY = os.path.join(HERE, "duckdb_query.js")

ROWS = 5000
ROW_GROUP_SIZE = 1000
CODECS = ["uncompressed", "snappy", "gzip", "zstd", "lz4_raw"]

# (name, SQL type) of the generated table, in order.
COLUMNS = [
    ("id", "INTEGER"),
    ("c_int", "INTEGER"),
    ("c_bigint", "BIGINT"),
    ("c_double", "DOUBLE"),
    ("c_bool", "BOOLEAN"),
    ("c_low", "VARCHAR"),
    ("c_high", "VARCHAR"),
    ("c_date", "DATE"),
    ("c_ts", "TIMESTAMP"),
    ("c_dec9", "DECIMAL(9,2)"),
    ("c_dec18", "DECIMAL(18,4)"),
    ("c_dec38", "DECIMAL(38,10)"),
    ("c_interval", "INTERVAL"),
    ("c_null", "VARCHAR"),
    ("part", "INTEGER"),
]

SOURCE = """
WITH RECURSIVE s(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM s WHERE id < {rows})
SELECT
  id,
  CAST(CASE WHEN id % 17 = 0 THEN NULL ELSE id * 7 - 20000 END AS INTEGER) AS c_int,
  CASE WHEN id % 19 = 0 THEN NULL ELSE CAST(id AS BIGINT) * 1000003 - 2000000000 END AS c_bigint,
  CASE WHEN id % 23 = 0 THEN NULL
       WHEN id % 1000 = 7 THEN CAST('nan' AS DOUBLE)
       WHEN id % 1000 = 8 THEN CAST('-inf' AS DOUBLE)
       WHEN id % 1000 = 9 THEN CAST('inf' AS DOUBLE)
       WHEN id % 1000 = 10 THEN CAST('-0.0' AS DOUBLE)
       ELSE CAST(id AS DOUBLE) / 7 - 300 END AS c_double,
  CASE WHEN id % 29 = 0 THEN NULL ELSE id % 3 = 0 END AS c_bool,
  CASE WHEN id % 31 = 0 THEN NULL WHEN id % 5 = 0 THEN ''
       ELSE 'cat-' || CAST(id % 7 AS VARCHAR) END AS c_low,
  CASE WHEN id % 37 = 0 THEN NULL
       ELSE 'unique-' || CAST(id * 7919 % 100003 AS VARCHAR) || '-ünï "q", x' END AS c_high,
  CASE WHEN id % 41 = 0 THEN NULL ELSE DATE '2000-01-01' + (id * 3 - 4000) END AS c_date,
  CASE WHEN id % 43 = 0 THEN NULL
       ELSE TIMESTAMP '2020-02-29 12:34:56.123456' + CAST(CAST(id * 37 AS VARCHAR) || ' hours' AS INTERVAL)
       END AS c_ts,
  CASE WHEN id % 47 = 0 THEN NULL ELSE CAST(id * 1.25 - 3000 AS DECIMAL(9,2)) END AS c_dec9,
  CASE WHEN id % 53 = 0 THEN NULL
       ELSE CAST(CAST(id * 104729 - 300000000 AS VARCHAR) || '.' || CAST(1000 + id % 9000 AS VARCHAR) AS DECIMAL(18,4))
       END AS c_dec18,
  CASE WHEN id % 59 = 0 THEN NULL
       ELSE CAST(CAST(id - 2500 AS VARCHAR) || '123456789012345678.0123456789' AS DECIMAL(38,10))
       END AS c_dec38,
  CASE WHEN id % 61 = 0 THEN NULL
       ELSE CAST(CAST(id % 13 AS VARCHAR) || ' months ' || CAST(id % 40 AS VARCHAR) || ' days ' ||
                 CAST(id % 24 AS VARCHAR) || ' hours' AS INTERVAL) END AS c_interval,
  CAST(NULL AS VARCHAR) AS c_null,
  CASE WHEN id % 11 = 0 THEN NULL ELSE id % 4 END AS part
FROM s
""".format(rows=ROWS)

STATISTICS_COLUMNS = ["c_int", "c_bigint", "c_date", "c_ts", "c_dec9", "c_dec18", "c_dec38",
                      "c_low", "c_high", "c_bool"]


# Nested columns (LIST, STRUCT, MAP, nested to three levels) for the nested checks.
NESTED_ROWS = 3000
NESTED_COLUMNS = ["l_int", "l_str", "st", "m", "ll", "ls", "l_date", "l_bool", "l_dec", "deep"]
NESTED_SOURCE = """
WITH RECURSIVE s(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM s WHERE id < {rows})
SELECT id,
  CASE WHEN id % 7 = 0 THEN NULL WHEN id % 5 = 0 THEN CAST([] AS INTEGER[]) ELSE [id, NULL, id * 2] END AS l_int,
  CASE WHEN id % 3 = 0 THEN NULL ELSE ['s' || CAST(id AS VARCHAR), NULL, ''] END AS l_str,
  {'a': id, 'b': CASE WHEN id % 4 = 0 THEN NULL ELSE [CAST(id AS VARCHAR)] END, 'c': CAST(id AS DOUBLE) / 4} AS st,
  CASE WHEN id % 6 = 0 THEN NULL ELSE MAP {'k' || CAST(id % 10 AS VARCHAR): id, 'z': NULL} END AS m,
  [[id], CAST([] AS INTEGER[]), NULL] AS ll,
  [{'x': id, 'y': CAST(NULL AS DOUBLE)}, NULL, {'x': NULL, 'y': 0.5}] AS ls,
  [DATE '2020-01-01' + id, NULL] AS l_date,
  [id % 2 = 0, NULL] AS l_bool,
  CASE WHEN id % 9 = 0 THEN NULL ELSE [CAST(id * 1.5 AS DECIMAL(18,3)), CAST(id AS DECIMAL(30,2))] END AS l_dec,
  CASE WHEN id % 11 = 0 THEN NULL ELSE {'inner': {'v': [MAP {'q': [id]}]}} END AS deep
FROM s
"""

def SqlString(text):
    return "'" + text.replace("'", "''") + "'"


def CastList(names):
    return ", ".join("CAST({0} AS VARCHAR) AS {0}".format(name) for name in names)


def TypedColumns():
    return "{" + ", ".join("{}: {}".format(SqlString(n), SqlString(t)) for n, t in COLUMNS) + "}"


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def Check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("ok   " + name)
        else:
            self.failed += 1
            print("FAIL " + name + ("\n     " + detail if detail else ""))


def EnsureDuckDb():
    module = os.path.join(WORK_DIR, "node_modules", "@duckdb", "node-api")
    if os.path.isdir(module):
        return None
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "node and npm are needed (Debian packages nodejs and npm: apt-get install npm)"
    os.makedirs(WORK_DIR, exist_ok=True)
    package = os.path.join(WORK_DIR, "package.json")
    if not os.path.exists(package):
        with open(package, "w") as handle:
            handle.write('{"name": "tarn-interop-work", "private": true}\n')
    result = subprocess.run(["npm", "install", "--no-audit", "--no-fund", DUCKDB_PACKAGE],
                            cwd=WORK_DIR, capture_output=True, text=True)
    if result.returncode != 0 or not os.path.isdir(module):
        return "npm install {} failed: {}".format(DUCKDB_PACKAGE, result.stderr[-2000:])
    return None


def RunDuckDb(queries):
    result = subprocess.run(["node", DUCKDB_QUERY, WORK_DIR],
                            input=json.dumps({"queries": queries}),
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("duckdb_query.js failed: " + result.stderr[-2000:])
    return json.loads(result.stdout)


class Tarn:
    def __init__(self, binary):
        self.binary = binary

    def Run(self, sql):
        """Runs SQL; returns (rows as lists of values, error text or None)."""
        result = subprocess.run([self.binary, "-json", "-c", sql], capture_output=True,
                                text=True)
        if result.returncode != 0:
            return None, result.stderr.strip() or "exit status {}".format(result.returncode)
        rows = []
        for line in result.stdout.splitlines():
            if line.strip():
                rows.append(list(json.loads(line).values()))
        return rows, None


def CompareRows(checker, name, expected, actual):
    if actual is None:
        checker.Check(name, False, "no rows")
        return
    if expected == actual:
        checker.Check(name, True)
        return
    detail = "{} rows expected, {} read".format(len(expected), len(actual))
    for index, (want, got) in enumerate(zip(expected, actual)):
        if want != got:
            detail += "\n     first difference at row {}:\n     tarn:   {}\n     duckdb: {}".format(
                index, want, got)
            break
    checker.Check(name, False, detail)


def CheckJsonDecimals(checker, path, expected):
    """The JSON file holds every digit of the DECIMAL(38,10) column as a JSON number."""
    values = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line, parse_float=decimal.Decimal, parse_int=decimal.Decimal)
            values.append(record["c_dec38"])
    want = [None if text is None else decimal.Decimal(text) for text in expected]
    checker.Check("json: DECIMAL(38,10) numbers keep every digit", values == want,
                  "first values {} / {}".format(values[:2], want[:2]))


def Main():
    if len(sys.argv) != 2:
        print("usage: interop_test.py TARN_BINARY", file=sys.stderr)
        return 2
    tarn = Tarn(os.path.abspath(sys.argv[1]))
    checker = Checker()
    problem = EnsureDuckDb()
    if problem:
        checker.Check("DuckDB is available", False, problem)
        print("{} passed, {} failed".format(checker.passed, checker.failed))
        return 1

    work = tempfile.mkdtemp(prefix="tarn_interop_")
    try:
        Run(tarn, checker, work)
        RunNested(tarn, checker, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("{} passed, {} failed".format(checker.passed, checker.failed))
    return 0 if checker.failed == 0 else 1


def Run(tarn, checker, work):
    names = [name for name, _ in COLUMNS]
    expected, error = tarn.Run("SELECT {} FROM ({}) q ORDER BY CAST(id AS INTEGER)".format(CastList(names), SOURCE))
    checker.Check("tarn evaluates the source query", error is None and len(expected) == ROWS,
                  error or "{} rows".format(len(expected or [])))
    if error:
        return

    # ---- tarn writes -------------------------------------------------------------------
    writes = []
    for codec in CODECS:
        writes.append(("parquet " + codec, "COPY ({}) TO {} (FORMAT parquet, COMPRESSION {}, "
                       "ROW_GROUP_SIZE {})".format(SOURCE, SqlString(os.path.join(work, codec + ".parquet")),
                                                   codec, ROW_GROUP_SIZE)))
    writes.append(("parquet partitioned", "COPY ({}) TO {} (FORMAT parquet, PARTITION_BY (part), "
                   "ROW_GROUP_SIZE 300)".format(SOURCE, SqlString(os.path.join(work, "parts")))))
    writes.append(("csv", "COPY ({}) TO {} (HEADER true)".format(
        SOURCE, SqlString(os.path.join(work, "data.csv")))))
    writes.append(("csv gzip", "COPY ({}) TO {} (DELIMITER '|')".format(
        SOURCE, SqlString(os.path.join(work, "data.csv.gz")))))
    writes.append(("json lines", "COPY ({}) TO {} (FORMAT json)".format(
        SOURCE, SqlString(os.path.join(work, "data.json")))))
    writes.append(("json array", "COPY ({}) TO {} (FORMAT json, ARRAY true)".format(
        SOURCE, SqlString(os.path.join(work, "array.json")))))
    for name, sql in writes:
        rows, error = tarn.Run(sql)
        checker.Check("tarn writes " + name, error is None and rows == [[ROWS]],
                      error or "COPY returned {}".format(rows))

    # ---- tarn's own answers for the metadata checks ----------------------------------------
    group_expression = "(id - 1) - (id - 1) % {}".format(ROW_GROUP_SIZE)
    statistics_expected = {}
    for column in STATISTICS_COLUMNS:
        rows, error = tarn.Run(
            "SELECT {g} AS g, CAST(min({c}) AS VARCHAR), CAST(max({c}) AS VARCHAR), "
            "count(*) - count({c}) FROM ({s}) q GROUP BY {g} ORDER BY g".format(
                g=group_expression, c=column, s=SOURCE))
        statistics_expected[column] = (rows, error)
    filters = ["c_int > 10000", "c_date < DATE '2000-01-01'", "c_low = 'cat-3'",
               "c_dec38 > 0", "c_ts >= TIMESTAMP '2030-01-01 00:00:00'", "c_high < 'unique-5'"]
    filter_expected = []
    for condition in filters:
        rows, error = tarn.Run("SELECT count(*) FROM ({}) q WHERE {}".format(SOURCE, condition))
        filter_expected.append(rows[0][0] if rows else error)

    # ---- DuckDB reads ----------------------------------------------------------------------
    queries = []
    labels = []

    def Query(label, sql):
        labels.append(label)
        queries.append(sql)

    def ParquetPath(codec):
        return SqlString(os.path.join(work, codec + ".parquet"))

    for codec in CODECS:
        Query(("values", codec),
              "SELECT {} FROM read_parquet({}) ORDER BY CAST(id AS INTEGER)".format(CastList(names), ParquetPath(codec)))
        Query(("codec", codec),
              "SELECT DISTINCT compression FROM parquet_metadata({})".format(ParquetPath(codec)))
    zstd = ParquetPath("zstd")
    Query(("row groups",), "SELECT count(DISTINCT row_group_id), min(row_group_num_rows), "
          "max(row_group_num_rows) FROM parquet_metadata({})".format(zstd))
    Query(("encodings",), "SELECT path_in_schema, list(DISTINCT encodings) FROM parquet_metadata({}) "
          "GROUP BY path_in_schema".format(zstd))
    Query(("created_by",), "SELECT created_by FROM parquet_file_metadata({})".format(zstd))
    Query(("order",), "SELECT id FROM read_parquet({})".format(zstd))
    for column in STATISTICS_COLUMNS:
        Query(("statistics", column),
              "SELECT row_group_id, stats_min_value, stats_max_value, stats_null_count "
              "FROM parquet_metadata({}) WHERE path_in_schema = {} ORDER BY row_group_id".format(
                  zstd, SqlString(column)))
        Query(("typed statistics", column),
              "SELECT row_group_id, CAST(CAST(stats_min_value AS {t}) AS VARCHAR), "
              "CAST(CAST(stats_max_value AS {t}) AS VARCHAR) FROM parquet_metadata({f}) "
              "WHERE path_in_schema = {c} ORDER BY row_group_id".format(
                  t=dict(COLUMNS)[column], f=zstd, c=SqlString(column)))
    for condition in filters:
        Query(("filter", condition),
              "SELECT count(*) FROM read_parquet({}) WHERE {}".format(zstd, condition))
    parts = SqlString(os.path.join(work, "parts", "*", "*.parquet"))
    Query(("partitioned",), "SELECT {} FROM read_parquet({}, hive_partitioning = true, "
          "hive_types = {{'part': INTEGER}}) ORDER BY CAST(id AS INTEGER)".format(CastList(names), parts))
    Query(("partition columns",), "SELECT list(DISTINCT name ORDER BY name) FROM parquet_schema({})"
          .format(parts))
    Query(("partition files",), "SELECT count(*) FROM glob({})".format(parts))
    typed = TypedColumns()
    Query(("csv",), "SELECT {} FROM read_csv({}, header = true, columns = {}, "
          "allow_quoted_nulls = false) ORDER BY CAST(id AS INTEGER)".format(
              CastList(names), SqlString(os.path.join(work, "data.csv")), typed))
    Query(("csv gzip",), "SELECT {} FROM read_csv({}, header = true, delim = '|', columns = {}, "
          "allow_quoted_nulls = false) ORDER BY CAST(id AS INTEGER)".format(
              CastList(names), SqlString(os.path.join(work, "data.csv.gz")), typed))
    # DuckDB's JSON reader converts numbers to DECIMAL through a double, so the 38-digit
    # decimal is compared separately, from the file's text (CheckJsonDecimals).
    json_select = CastList(names).replace("CAST(c_dec38 AS VARCHAR) AS c_dec38",
                                          "NULL AS c_dec38")
    Query(("json lines",), "SELECT {} FROM read_json({}, format = 'newline_delimited', "
          "columns = {}) ORDER BY CAST(id AS INTEGER)".format(
              json_select, SqlString(os.path.join(work, "data.json")), typed))
    Query(("json array",), "SELECT {} FROM read_json({}, format = 'array', columns = {}) "
          "ORDER BY CAST(id AS INTEGER)".format(json_select, SqlString(os.path.join(work, "array.json")), typed))
    # DuckDB writes files for tarn to read.
    duck_parquet = os.path.join(work, "duckdb.parquet")
    duck_csv = os.path.join(work, "duckdb.csv")
    Query(("duckdb writes parquet",), "COPY (SELECT * FROM read_parquet({})) TO {} (FORMAT parquet)"
          .format(zstd, SqlString(duck_parquet)))
    Query(("duckdb writes csv",), "COPY (SELECT * FROM read_parquet({})) TO {} (FORMAT csv, HEADER)"
          .format(zstd, SqlString(duck_csv)))

    output = RunDuckDb(queries)
    print("DuckDB " + output["version"])
    results = dict(zip(labels, output["results"]))

    def Rows(label):
        result = results[label]
        if "error" in result:
            return None, result["error"]
        return result["rows"], None

    def Count(label):
        rows, error = Rows(label)
        return (int(rows[0][0]) if rows and len(rows) == 1 else rows), error

    for codec in CODECS:
        rows, error = Rows(("values", codec))
        if error:
            checker.Check("DuckDB reads parquet " + codec, False, error)
        else:
            CompareRows(checker, "DuckDB reads parquet {}: every value".format(codec), expected, rows)
        rows, error = Rows(("codec", codec))
        want = "UNCOMPRESSED" if codec == "uncompressed" else codec.upper()
        checker.Check("parquet {}: column chunks say codec {}".format(codec, want),
                      rows == [[want]], error or str(rows))

    rows, error = Rows(("row groups",))
    rows = [[int(value) for value in row] for row in rows or []]
    checker.Check("parquet: {} row groups of {} rows".format(ROWS // ROW_GROUP_SIZE, ROW_GROUP_SIZE),
                  rows == [[ROWS // ROW_GROUP_SIZE, ROW_GROUP_SIZE, ROW_GROUP_SIZE]],
                  error or str(rows))
    rows, error = Rows(("encodings",))
    encodings = {row[0]: " ".join(row[1]) for row in rows or []}
    checker.Check("parquet: low-cardinality strings are dictionary-encoded",
                  "RLE_DICTIONARY" in encodings.get("c_low", ""), error or str(encodings.get("c_low")))
    checker.Check("parquet: high-cardinality strings fall back to PLAIN",
                  "PLAIN" in encodings.get("c_high", "") and
                  "DICTIONARY" not in encodings.get("c_high", ""),
                  error or str(encodings.get("c_high")))
    rows, error = Rows(("created_by",))
    checker.Check("parquet: created_by is tarn", rows == [["tarn"]], error or str(rows))
    rows, error = Rows(("order",))
    checker.Check("parquet: rows are stored in the query's order",
                  [int(row[0]) for row in rows or []] == list(range(1, ROWS + 1)),
                  error or "order differs")

    for column in STATISTICS_COLUMNS:
        want, want_error = statistics_expected[column]
        rows, error = Rows(("statistics", column))
        typed_rows, typed_error = Rows(("typed statistics", column))
        if want_error or error or typed_error:
            checker.Check("parquet statistics of " + column, False,
                          want_error or error or typed_error)
            continue
        null_counts_ok = [int(r[3]) for r in rows] == [int(w[3]) for w in want]
        checker.Check("parquet null_count of " + column, null_counts_ok,
                      "tarn {} / file {}".format([w[3] for w in want], [r[3] for r in rows]))
        bounds = [[str(r[1]), str(r[2])] for r in typed_rows]
        if column == "c_bool":
            bounds = [[b.lower() for b in pair] for pair in bounds]
        checker.Check("parquet min/max of " + column, bounds == [[w[1], w[2]] for w in want],
                      "tarn {}\n     file {}".format([[w[1], w[2]] for w in want][:3], bounds[:3]))

    for condition, count in zip(filters, filter_expected):
        got, error = Count(("filter", condition))
        checker.Check("DuckDB filter (statistics pruning) WHERE " + condition,
                      got == count, error or "tarn {} / duckdb {}".format(count, got))

    rows, error = Rows(("partitioned",))
    if error:
        checker.Check("DuckDB reads partitioned parquet", False, error)
    else:
        CompareRows(checker, "DuckDB reads partitioned parquet: every value (NULL key included)",
                    expected, rows)
    rows, error = Rows(("partition columns",))
    file_columns = rows[0][0] if rows else []
    checker.Check("partition key is not stored in the files", "part" not in file_columns and
                  "c_int" in file_columns, error or str(file_columns))
    got, error = Count(("partition files",))
    checker.Check("one file per partition (4 values and NULL)", got == 5, error or str(got))

    decimal_index = names.index("c_dec38")
    double_index = names.index("c_double")
    expected_json = []
    for row in expected:
        row = row[:decimal_index] + [None] + row[decimal_index + 1:]
        if row[double_index] in ("nan", "inf", "-inf"):
            row[double_index] = None  # JSON has no NaN or infinity: tarn writes null.
        expected_json.append(row)
    for label in ["csv", "csv gzip", "json lines", "json array"]:
        rows, error = Rows((label,))
        if error:
            checker.Check("DuckDB reads " + label, False, error)
        else:
            want = expected_json if label.startswith("json") else expected
            CompareRows(checker, "DuckDB reads {}: every value".format(label), want, rows)
    CheckJsonDecimals(checker, os.path.join(work, "data.json"),
                      [row[decimal_index] for row in expected])

    # ---- tarn reads DuckDB's files ---------------------------------------------------------
    rows, error = Rows(("duckdb writes csv",))
    if error:
        checker.Check("DuckDB writes csv", False, error)
    else:
        # tarn's INTERVAL parser does not read "1 month 1 day 01:00:00" yet: compare the text.
        csv_columns = ", ".join("{}: {}".format(SqlString(n), SqlString(
            "VARCHAR" if n == "c_interval" else t)) for n, t in COLUMNS)
        got, error = tarn.Run("SELECT {} FROM read_csv({}, header = true, columns = {{{}}}) "
                              "ORDER BY CAST(id AS INTEGER)".format(CastList(names), SqlString(duck_csv), csv_columns))
        if error:
            checker.Check("tarn reads DuckDB's csv", False, error)
        else:
            CompareRows(checker, "tarn reads DuckDB's csv: every value", expected, got)
    rows, error = Rows(("duckdb writes parquet",))
    probe, probe_error = tarn.Run("SELECT count(*) FROM read_parquet({})".format(SqlString(duck_parquet)))
    if probe_error and "read_parquet" in probe_error and "does not exist" in probe_error:
        print("skip tarn reads DuckDB's parquet: tarn has no read_parquet yet")
    elif error:
        checker.Check("DuckDB writes parquet", False, error)
    else:
        got, error = tarn.Run("SELECT {} FROM read_parquet({}) ORDER BY CAST(id AS INTEGER)".format(
            CastList(names), SqlString(duck_parquet)))
        if error:
            checker.Check("tarn reads DuckDB's parquet", False, error)
        else:
            CompareRows(checker, "tarn reads DuckDB's parquet: every value", expected, got)
        for codec in CODECS:
            got, error = tarn.Run("SELECT {} FROM read_parquet({}) ORDER BY CAST(id AS INTEGER)".format(
                CastList(names), ParquetPath(codec)))
            if error:
                checker.Check("tarn reads its own parquet " + codec, False, error)
            else:
                CompareRows(checker, "tarn reads its own parquet {}: every value".format(codec),
                            expected, got)


def RunNested(tarn, checker, work):
    """Nested columns: tarn's file read by DuckDB (as JSON text, against DuckDB's own
    evaluation of the same query), leaf statistics, and both engines' files read by tarn."""
    source = NESTED_SOURCE.replace("{rows}", str(NESTED_ROWS))
    tarn_file = os.path.join(work, "nested.parquet")
    duck_file = os.path.join(work, "duckdb_nested.parquet")
    rows, error = tarn.Run("COPY ({}) TO {} (FORMAT parquet, ROW_GROUP_SIZE 1000)".format(
        source, SqlString(tarn_file)))
    checker.Check("tarn writes nested parquet", error is None and rows == [[NESTED_ROWS]],
                  error or "COPY returned {}".format(rows))
    if error:
        return
    as_json = "id, " + ", ".join("CAST(to_json({0}) AS VARCHAR) AS {0}".format(c)
                                 for c in NESTED_COLUMNS)
    statistics = "SELECT (id - 1) // 1000 AS g, CAST(min(e) AS VARCHAR), CAST(max(e) AS VARCHAR) " \
                 "FROM (SELECT id, unnest({}) AS e FROM ({})) GROUP BY g ORDER BY g"
    leaves = [("l_int", "l_int, list, element"), ("l_str", "l_str, list, element"),
              ("st.b", "st, b, list, element"), ("l_date", "l_date, list, element")]
    queries = [
        "SELECT {} FROM read_parquet({}) ORDER BY id".format(as_json, SqlString(tarn_file)),
        "SELECT {} FROM ({}) ORDER BY id".format(as_json, source),
        "COPY ({}) TO {} (FORMAT parquet, ROW_GROUP_SIZE 700)".format(source, SqlString(duck_file)),
    ]
    for column, path in leaves:
        queries.append(statistics.format(column, source))
        queries.append("SELECT row_group_id, stats_min_value, stats_max_value FROM parquet_metadata({}) "
                       "WHERE path_in_schema = {} ORDER BY row_group_id".format(
                           SqlString(tarn_file), SqlString(path)))
    results = RunDuckDb(queries)["results"]
    read, want, copied = results[0], results[1], results[2]
    if "error" in read or "error" in want:
        checker.Check("DuckDB reads tarn's nested parquet", False,
                      read.get("error") or want.get("error"))
    else:
        CompareRows(checker, "DuckDB reads tarn's nested parquet: every value (as JSON)",
                    want["rows"], read["rows"])
    for index, (column, path) in enumerate(leaves):
        expected_bounds, file_bounds = results[3 + 2 * index], results[4 + 2 * index]
        if "error" in expected_bounds or "error" in file_bounds:
            checker.Check("nested statistics of " + path, False,
                          expected_bounds.get("error") or file_bounds.get("error"))
            continue
        expected = [[str(r[1]), str(r[2])] for r in expected_bounds["rows"]]
        got = [[str(r[1]), str(r[2])] for r in file_bounds["rows"]]
        checker.Check("nested min/max of leaf " + path, expected == got,
                      "expected {}\n     file {}".format(expected, got))

    as_text = "id, " + ", ".join("CAST({0} AS VARCHAR) AS {0}".format(c) for c in NESTED_COLUMNS)
    expected, error = tarn.Run("SELECT {} FROM ({}) q ORDER BY id".format(as_text, source))
    if error:
        checker.Check("tarn evaluates the nested source query", False, error)
        return
    got, error = tarn.Run("SELECT {} FROM read_parquet({}) ORDER BY id".format(
        as_text, SqlString(tarn_file)))
    if error:
        checker.Check("tarn reads its own nested parquet", False, error)
    else:
        CompareRows(checker, "tarn reads its own nested parquet: every value", expected, got)
    if "error" in copied:
        checker.Check("DuckDB writes nested parquet", False, copied["error"])
        return
    got, error = tarn.Run("SELECT {} FROM read_parquet({}) ORDER BY id".format(
        as_text, SqlString(duck_file)))
    if error:
        checker.Check("tarn reads DuckDB's nested parquet", False, error)
    else:
        CompareRows(checker, "tarn reads DuckDB's nested parquet: every value", expected, got)


if __name__ == "__main__":
    sys.exit(Main())
