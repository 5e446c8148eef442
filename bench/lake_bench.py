#!/usr/bin/python3
"""Times tarn beside DuckDB on lake-style work over files, in one run.

Usage: /usr/bin/python3 bench/lake_bench.py path/to/tarn

Inputs (beside the repository, in ../shared/data): vega/flights-3m.parquet (3M rows, 11
row groups sorted by date, written by Arrow), vega/flights-200k.json, and
tpch-sf0.1/lineitem.tbl.zst (600,572 rows, '|'-separated, zstd).

Tasks:
  scan        every column of flights-3m.parquet: count(*), sum/min/max of each column.
  group_by    SELECT count(*), avg(delay), sum(distance) ... GROUP BY origin.
  selective   one week of dates (WHERE date BETWEEN ...): min/max statistics let a scan
              skip 10 of the 11 row groups.
  partitioned the same week over a Hive tree (flights by month, written once, untimed, by
              each engine with COPY ... PARTITION_BY): WHERE month = 3 AND date ...
              skips 11 of 12 folders before opening them.
  to_parquet  COPY of lineitem.tbl.zst (read_csv with the TPC-H column types) to one
              zstd-compressed Parquet file; the table also compares the file sizes.
  json        count(*), sum(delay), sum(distance) over flights-200k.json.

What is timed (wall clock, best of 3 runs after 1 untimed warm-up):
  tarn   net time of a whole `tarn -c "<sql>"` process: its time minus that of
         `tarn -c "SELECT 1"` (start-up), so that both engines exclude start-up. Queries
         run REPEATS times in that one process and the time is divided by REPEATS, so that
         the few milliseconds of a selective query are not lost in the variation of
         process start-up (COPY runs once).
  DuckDB in process (npm @duckdb/node-api, run by duckdb_runner.js): the query alone,
         in an in-memory database, excluding node and module start-up.
Both use their default thread count. Before timing, the results of both engines must
agree (exit status 1 otherwise). Ratios are tarn / DuckDB (below 1: tarn is faster).

Set-up at run time: installs @duckdb/node-api into bench/.work when missing (as
csv_engine_bench.py does). Exit status: 0 after a report, 1 on a failed check, 2 on a
usage or set-up error.
"""

import json
import os
import shutil
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
WORK_DIR = os.path.join(BENCH_DIR, ".work", "lake")
MODULE_DIR = os.path.join(BENCH_DIR, ".work")
DATA_DIR = os.path.join(os.path.dirname(REPO_DIR), "shared", "data")
FLIGHTS = os.path.join(DATA_DIR, "vega", "flights-3m.parquet")
FLIGHTS_JSON = os.path.join(DATA_DIR, "vega", "flights-200k.json")
LINEITEM = os.path.join(DATA_DIR, "tpch-sf0.1", "lineitem.tbl.zst")
DUCKDB_RUNNER = os.path.join(BENCH_DIR, "duckdb_runner.js")

WARMUPS = 1
RUNS = 3
REPEATS = 10

LINEITEM_COLUMNS = (
    "{'l_orderkey': 'INTEGER', 'l_partkey': 'INTEGER', 'l_suppkey': 'INTEGER', "
    "'l_linenumber': 'INTEGER', 'l_quantity': 'DECIMAL(15,2)', "
    "'l_extendedprice': 'DECIMAL(15,2)', 'l_discount': 'DECIMAL(15,2)', "
    "'l_tax': 'DECIMAL(15,2)', 'l_returnflag': 'VARCHAR', 'l_linestatus': 'VARCHAR', "
    "'l_shipdate': 'DATE', 'l_commitdate': 'DATE', 'l_receiptdate': 'DATE', "
    "'l_shipinstruct': 'VARCHAR', 'l_shipmode': 'VARCHAR', 'l_comment': 'VARCHAR'}")

WEEK = ("date BETWEEN TIMESTAMP '2001-03-01 00:00:00' AND TIMESTAMP '2001-03-07 23:59:59'")


def Tasks(engine):
    """(name, setup, sql, check sql) per task; `engine` names the output files."""
    flights = "'{}'".format(FLIGHTS)
    tree = os.path.join(WORK_DIR, engine + "_tree")
    parquet_out = os.path.join(WORK_DIR, engine + "_lineitem.parquet")
    return [
        ("scan", "",
         "SELECT count(*), min(date), max(date), sum(delay), sum(distance), min(origin), "
         "max(origin), min(destination), max(destination) FROM " + flights, None),
        ("group_by", "",
         "SELECT origin, count(*), avg(delay), sum(distance) FROM " + flights +
         " GROUP BY origin ORDER BY origin", None),
        ("selective", "",
         "SELECT count(*), sum(delay), sum(distance) FROM " + flights + " WHERE " + WEEK, None),
        ("partitioned", "",
         "SELECT count(*), sum(delay), sum(distance) FROM read_parquet('" + tree +
         "/**/*.parquet', hive_partitioning = true) WHERE month = 3 AND " + WEEK, None),
        ("to_parquet", "",
         "COPY (SELECT * FROM read_csv('" + LINEITEM + "', delim = '|', header = false, "
         "columns = " + LINEITEM_COLUMNS + ")) TO '" + parquet_out +
         "' (FORMAT parquet, COMPRESSION zstd)",
         "SELECT count(*), sum(l_extendedprice), max(l_comment) FROM '" + parquet_out + "'"),
        ("json", "",
         "SELECT count(*), sum(delay), sum(distance) FROM '" + FLIGHTS_JSON + "'", None),
    ]


def TreeSql(engine):
    tree = os.path.join(WORK_DIR, engine + "_tree")
    return ("COPY (SELECT *, month(date) AS month FROM '" + FLIGHTS + "') TO '" + tree +
            "' (FORMAT parquet, PARTITION_BY (month))")


class BenchError(Exception):
    pass


def Run(command):
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, cwd=WORK_DIR)
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        raise BenchError("command failed: {}\n{}".format(" ".join(command)[:300],
                                                         completed.stderr[-2000:]))
    return seconds, completed.stdout


def TarnCsv(tarn, sql):
    """Rows of a tarn query as lists of strings (via COPY to a CSV file)."""
    path = os.path.join(WORK_DIR, "tarn_result.csv")
    if os.path.exists(path):
        os.remove(path)
    Run([tarn, "-c", "COPY (" + sql + ") TO '" + path + "' (FORMAT csv, HEADER false)"])
    with open(path) as handle:
        return [line.rstrip("\n").split(",") for line in handle if line.strip()]


def Duckdb(setup, sql, result, warmups, runs):
    config = {"module_dir": MODULE_DIR, "cwd": WORK_DIR, "setup": setup, "sql": sql,
              "warmups": warmups, "runs": runs, "result": result}
    _, output = Run(["node", DUCKDB_RUNNER, json.dumps(config)])
    return json.loads(output)


def Same(left, right):
    if len(left) != len(right):
        return False
    for row_left, row_right in zip(left, right):
        if len(row_left) != len(row_right):
            return False
        for a, b in zip(row_left, row_right):
            if a == b:
                continue
            try:
                x, y = float(a), float(b)
            except ValueError:
                # Timestamps: "2001-01-01 00:01:00" in both, DuckDB may drop ":00" seconds.
                if a.replace("T", " ").startswith(b.replace("T", " ")[:16]) and \
                        a[:16] == b[:16]:
                    continue
                return False
            if abs(x - y) > 1e-9 * max(1.0, abs(x), abs(y)):
                return False
    return True


def Prepare():
    for path in (FLIGHTS, FLIGHTS_JSON, LINEITEM):
        if not os.path.isfile(path):
            print("bench: missing input " + path, file=sys.stderr)
            sys.exit(2)
    module = os.path.join(MODULE_DIR, "node_modules", "@duckdb", "node-api", "package.json")
    if not os.path.isfile(module):
        result = subprocess.run(["npm", "install", "--no-audit", "--no-fund",
                                 "--loglevel=error", "--no-save", "@duckdb/node-api"],
                                cwd=MODULE_DIR)
        if result.returncode != 0:
            print("bench: npm could not install @duckdb/node-api", file=sys.stderr)
            sys.exit(2)
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    os.makedirs(WORK_DIR)


def Main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    tarn = os.path.abspath(argv[1])
    Prepare()
    # The Hive trees, once per engine, untimed.
    Run([tarn, "-c", TreeSql("tarn")])
    Duckdb(TreeSql("duckdb"), "SELECT 1", "", 0, 1)

    startup = min(Run([tarn, "-c", "SELECT 1"])[0] for _ in range(RUNS))
    rows = []
    for (name, _, tarn_sql, check), (_, _, duck_sql, duck_check) in zip(
            Tasks("tarn"), Tasks("duckdb")):
        is_copy = tarn_sql.startswith("COPY")
        out_tarn = os.path.join(WORK_DIR, "tarn_lineitem.parquet")
        out_duck = os.path.join(WORK_DIR, "duckdb_lineitem.parquet")
        # Agreement first.
        if is_copy:
            Run([tarn, "-c", tarn_sql])
            tarn_rows = TarnCsv(tarn, check)
            duck_rows = Duckdb("", duck_sql, duck_check, 0, 1)["rows"]
        else:
            tarn_rows = TarnCsv(tarn, tarn_sql)
            duck_rows = Duckdb("", duck_sql, duck_sql, 0, 0)["rows"]
        if not Same(tarn_rows, duck_rows):
            raise BenchError("{}: results differ\n tarn:   {}\n DuckDB: {}".format(
                name, tarn_rows[:3], duck_rows[:3]))
        cleanup_tarn = (lambda: os.path.exists(out_tarn) and os.remove(out_tarn))
        tarn_times = []
        repeats = 1 if is_copy else REPEATS
        for run in range(WARMUPS + RUNS):
            if is_copy:
                cleanup_tarn()
            seconds = Run([tarn, "-c", ";\n".join([tarn_sql] * repeats)])[0]
            if run >= WARMUPS:
                tarn_times.append(max(0.0, seconds - startup) / repeats)
        setup = ""
        if is_copy:
            setup = "SELECT 1"
            if os.path.exists(out_duck):
                os.remove(out_duck)
        report = Duckdb(setup, duck_sql, "", WARMUPS, RUNS)
        tarn_best = min(tarn_times)
        duck_best = min(report["times"])
        note = ""
        if is_copy:
            note = "size: tarn {:.1f} MB, DuckDB {:.1f} MB".format(
                os.path.getsize(out_tarn) / 1e6, os.path.getsize(out_duck) / 1e6)
        rows.append((name, tarn_best, duck_best, note))

    print("tarn vs DuckDB {} on lake files (best of {} runs, seconds; tarn start-up {:.3f} s "
          "excluded)".format(report.get("version", "?"), RUNS, startup))
    print("{:<12} {:>9} {:>9} {:>7}  {}".format("task", "tarn", "DuckDB", "ratio", ""))
    for name, tarn_best, duck_best, note in rows:
        ratio = tarn_best / duck_best if duck_best > 0 else float("inf")
        print("{:<12} {:>9.3f} {:>9.3f} {:>7.2f}  {}".format(name, tarn_best, duck_best, ratio,
                                                             note))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(Main(sys.argv))
    except BenchError as error:
        print("bench: error: " + str(error), file=sys.stderr)
        sys.exit(1)
