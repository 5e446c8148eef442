#!/usr/bin/python3
"""Times tarn beside sqlite3 and DuckDB on TPC-H lineitem (scale 0.1) in one run.

Usage: /usr/bin/python3 bench/csv_engine_bench.py path/to/tarn   (or `make bench`)

Input: ../shared/data/tpch-sf0.1/lineitem.tbl.zst beside the repository, decompressed once
with `zstd -d` to bench/.work/lineitem.tbl ('|'-separated, no header, 600,572 rows, ~74 MB).
All engines read that same file from the warm page cache; every engine uses its default
thread count (this machine has 2 cores).

Tasks:
  (a) q1    TPC-H Q1 (group by l_returnflag, l_linestatus; 8 aggregates) straight over the
            file. tarn and DuckDB: FROM read_csv('lineitem.tbl', delim='|', header=false,
            columns={TPC-H names and types, decimals DECIMAL(15,2)}). sqlite3 cannot query
            a CSV file, so it runs CREATE TABLE (TPC-H DDL) + `.import` (.mode csv,
            .separator |) into an in-memory database, then Q1; the two parts are reported
            separately and their sum is its (a) time.
  (b) load  Loading the file into a table. tarn and DuckDB: CREATE TABLE lineitem AS
            SELECT * FROM read_csv(...same options...), in memory. sqlite3: CREATE TABLE +
            `.import` into an in-memory database.

What is timed (wall clock). Every measurement below runs once untimed (warm-up), then 3
timed rounds follow in which the measurements take turns (so a change in the machine's
load touches all engines alike); each figure is the best of its 3 timed runs.
  tarn full      one whole `tarn -c "<sql>"` process: exec, start-up, query, printing the
                 result, exit. Measured around the child process by this script.
  tarn startup   one whole `tarn -c "SELECT 1"` process.
  tarn net       tarn full - tarn startup.
  DuckDB query   in process: a `node duckdb_runner.js` process creates an in-memory
                 database, runs the statement once untimed, then times one more run of
                 `connection.runAndReadAll(sql)` plus reading all result rows (for (b) an
                 untimed DROP TABLE precedes each run). Excludes node and module start-up.
  DuckDB process one whole `node duckdb_runner.js` process doing the task once: node
                 start-up, loading @duckdb/node-api, creating the database, the task.
  sqlite3        one whole `sqlite3 :memory:` process reading a script on stdin. For (a)
                 the query part is sqlite3's own `.timer on` "real" figure for the Q1
                 statement and the import part is the process time minus that, both from
                 the fastest of the 3 runs. For (b) the process does only CREATE TABLE +
                 `.import`.

Besides wall-clock seconds the table shows CPU seconds (user + system over all threads;
for processes from getrusage of the child, for DuckDB's in-process query from node's
process.cpuUsage()). On a shared machine CPU seconds move less with other load than wall
time does; the ratios and targets use wall time.

Ratios: tarn vs DuckDB compares tarn net with DuckDB query (both exclude start-up);
tarn vs sqlite3 compares tarn full with the whole sqlite3 process (both include start-up).
Targets (from the issue): each task at least 10x faster than sqlite3 and within 2x of DuckDB.

Before any time is reported, every engine's Q1 result must agree (same 4 groups, same
counts; sums within half a cent, averages within a relative 1e-10; also with
answers-sf0.1/q01.csv when present), and every engine's loaded table must have the same
row count, sums, date range and max(l_comment). Any disagreement exits with status 1.

Set-up done at run time: installs sqlite3 (apt-get) when missing and the pinned version of
@duckdb/node-api (npm, into bench/.work, never committed) when missing or different. Exit status: 0 after a complete
report, 1 on a failed check or engine error, 2 on a usage or set-up error.
"""

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
WORK_DIR = os.path.join(BENCH_DIR, ".work")
SHARED_DIR = os.path.join(os.path.dirname(REPO_DIR), "shared")
DATA_DIR = os.path.join(SHARED_DIR, "data", "tpch-sf0.1")
SOURCE_FILE = os.path.join(DATA_DIR, "lineitem.tbl.zst")
ANSWER_FILE = os.path.join(DATA_DIR, "answers-sf0.1", "q01.csv")
INPUT_NAME = "lineitem.tbl"
INPUT_FILE = os.path.join(WORK_DIR, INPUT_NAME)
DUCKDB_PACKAGE = "@duckdb/node-api@" + os.environ.get("TARN_BENCH_DUCKDB_VERSION", "1.5.6-r.1")
DUCKDB_RUNNER = os.path.join(BENCH_DIR, "duckdb_runner.js")

WARMUPS = 1
RUNS = 3

COLUMNS = [
    ("l_orderkey", "INTEGER"), ("l_partkey", "INTEGER"), ("l_suppkey", "INTEGER"),
    ("l_linenumber", "INTEGER"), ("l_quantity", "DECIMAL(15,2)"),
    ("l_extendedprice", "DECIMAL(15,2)"), ("l_discount", "DECIMAL(15,2)"),
    ("l_tax", "DECIMAL(15,2)"), ("l_returnflag", "VARCHAR"), ("l_linestatus", "VARCHAR"),
    ("l_shipdate", "DATE"), ("l_commitdate", "DATE"), ("l_receiptdate", "DATE"),
    ("l_shipinstruct", "VARCHAR"), ("l_shipmode", "VARCHAR"), ("l_comment", "VARCHAR"),
]

READ_CSV = "read_csv('{name}', delim='|', header=false, columns={{{columns}}})".format(
    name=INPUT_NAME,
    columns=", ".join("'{}': '{}'".format(name, type_name) for name, type_name in COLUMNS))

SQLITE_DDL = (
    "CREATE TABLE lineitem (l_orderkey integer not null, l_partkey integer not null, "
    "l_suppkey integer not null, l_linenumber integer not null, "
    "l_quantity decimal(15,2) not null, l_extendedprice decimal(15,2) not null, "
    "l_discount decimal(15,2) not null, l_tax decimal(15,2) not null, "
    "l_returnflag char(1) not null, l_linestatus char(1) not null, "
    "l_shipdate date not null, l_commitdate date not null, l_receiptdate date not null, "
    "l_shipinstruct char(25) not null, l_shipmode char(10) not null, "
    "l_comment varchar(44) not null);")

SQLITE_IMPORT = "\n".join([
    SQLITE_DDL,
    ".mode csv",
    ".separator |",
    ".import {} lineitem".format(INPUT_NAME),
    ".mode csv",
    ""])

Q1_TEMPLATE = (
    "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, "
    "sum(l_extendedprice) AS sum_base_price, "
    "sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, "
    "sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge, "
    "avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price, "
    "avg(l_discount) AS avg_disc, count(*) AS count_order "
    "FROM {source} WHERE l_shipdate <= {cutoff} "
    "GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus")

Q1_CSV = Q1_TEMPLATE.format(source=READ_CSV, cutoff="date '1998-12-01' - interval '90' day")
Q1_SQLITE = Q1_TEMPLATE.format(source="lineitem", cutoff="date('1998-12-01', '-90 days')")

SQLITE_Q1_SCRIPT = SQLITE_IMPORT + ".timer on\n" + Q1_SQLITE + ";\n"

CTAS = "CREATE TABLE lineitem AS SELECT * FROM " + READ_CSV
LOAD_CHECK = (
    "SELECT count(*), sum(l_quantity), sum(l_extendedprice), min(l_shipdate), "
    "max(l_receiptdate), max(l_comment) FROM lineitem")

# Column kinds of Q1 and of LOAD_CHECK: 'text' and 'int' must match exactly; a 'sum' of
# decimals within half a cent (sqlite3 sums them as doubles: its error here is ~0.001);
# an 'avg' within a relative 1e-10.
Q1_KINDS = ["text", "text", "sum", "sum", "sum", "sum", "avg", "avg", "avg", "int"]
LOAD_KINDS = ["int", "sum", "sum", "text", "text", "text"]


class BenchError(Exception):
    """A failed check or engine error; the message says which engine and why."""


def Die(message, code=1):
    print("bench: error: " + message, file=sys.stderr)
    sys.exit(code)


class Timing:
    """Wall-clock and CPU (user + system, all threads) seconds of one measurement."""

    def __init__(self, wall, cpu):
        self.wall = wall
        self.cpu = cpu

    def __sub__(self, other):
        return Timing(self.wall - other.wall, self.cpu - other.cpu)

    def __add__(self, other):
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


def Best(timings):
    """Best wall time and best CPU time, each taken over all runs."""
    timings = list(timings)
    return Timing(min(t.wall for t in timings), min(t.cpu for t in timings))


def ChildrenCpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def RunProcess(command, stdin_text=None, cwd=WORK_DIR):
    """Runs a command to completion; returns (Timing, stdout). Raises on failure."""
    cpu_before = ChildrenCpu()
    start = time.perf_counter()
    completed = subprocess.run(command, input=stdin_text, cwd=cwd, capture_output=True,
                               text=True)
    seconds = Timing(time.perf_counter() - start, ChildrenCpu() - cpu_before)
    if completed.returncode != 0:
        shown = " ".join(command)
        if len(shown) > 200:
            shown = shown[:200] + "..."
        raise BenchError("command failed (exit {}): {}\nstderr: {}".format(
            completed.returncode, shown, completed.stderr.strip()[-2000:]))
    return seconds, completed.stdout


def ParseCsv(text):
    return [row for row in csv.reader(io.StringIO(text)) if row]


# --- set-up ---------------------------------------------------------------------------

def AptInstall(package, binary):
    if shutil.which(binary):
        return
    if os.geteuid() != 0:
        Die("'{}' is missing; install the Debian package '{}'".format(binary, package), 2)
    print("bench: installing Debian package {} ...".format(package), flush=True)
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=environment)
    result = subprocess.run(["apt-get", "install", "-y", "-qq", package], env=environment)
    if result.returncode != 0 or not shutil.which(binary):
        Die("could not install the Debian package '{}'".format(package), 2)


def PrepareInput():
    if not os.path.isdir(SHARED_DIR):
        Die("{} is absent: this benchmark needs the shared TPC-H data beside the "
            "repository (../shared/data/tpch-sf0.1/lineitem.tbl.zst)".format(SHARED_DIR), 2)
    if not os.path.isfile(SOURCE_FILE):
        Die("{} is missing: this benchmark needs TPC-H lineitem at scale 0.1".format(
            SOURCE_FILE), 2)
    os.makedirs(WORK_DIR, exist_ok=True)
    stat = os.stat(SOURCE_FILE)
    stamp = "{} {}".format(stat.st_size, int(stat.st_mtime))
    stamp_file = INPUT_FILE + ".source"
    if os.path.isfile(INPUT_FILE) and os.path.isfile(stamp_file):
        with open(stamp_file) as handle:
            if handle.read().strip() == stamp:
                return
    print("bench: decompressing {} ...".format(SOURCE_FILE), flush=True)
    partial = INPUT_FILE + ".partial"
    for path in (partial, INPUT_FILE):
        if os.path.exists(path):
            os.chmod(path, 0o644)
            os.remove(path)
    result = subprocess.run(["zstd", "-d", "-q", "-f", SOURCE_FILE, "-o", partial])
    if result.returncode != 0:
        Die("zstd -d failed on " + SOURCE_FILE, 2)
    os.replace(partial, INPUT_FILE)
    with open(stamp_file, "w") as handle:
        handle.write(stamp + "\n")


def PrepareDuckdb():
    module = os.path.join(WORK_DIR, "node_modules", "@duckdb", "node-api", "package.json")
    if os.path.isfile(module):
        with open(module) as handle:
            if "@duckdb/node-api@" + json.load(handle).get("version", "") == DUCKDB_PACKAGE:
                return
    package_json = os.path.join(WORK_DIR, "package.json")
    if not os.path.isfile(package_json):
        with open(package_json, "w") as handle:
            handle.write('{"name": "tarn-bench-work", "private": true}\n')
    print("bench: installing {} with npm into {} ...".format(DUCKDB_PACKAGE, WORK_DIR),
          flush=True)
    result = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                             "--no-save", DUCKDB_PACKAGE], cwd=WORK_DIR)
    if result.returncode != 0 or not os.path.isfile(module):
        Die("npm could not install " + DUCKDB_PACKAGE, 2)


# --- engines --------------------------------------------------------------------------
#
# Each measurement is a function that runs its task once and returns
# {part name: Timing}; Measure() runs all of them round-robin so that a change in the
# machine's load during the run touches every engine alike.

def TarnStartup(tarn):
    return {"whole": RunProcess([tarn, "-c", "SELECT 1"])[0]}


def TarnProcess(tarn, sql):
    return lambda: {"whole": RunProcess([tarn, "-c", sql])[0]}


def Duckdb(setup, sql, result, warmups, runs):
    config = {"module_dir": WORK_DIR, "cwd": WORK_DIR, "setup": setup, "sql": sql,
              "warmups": warmups, "runs": runs, "result": result}
    timing, output = RunProcess(["node", DUCKDB_RUNNER, json.dumps(config)])
    return timing, json.loads(output)


def DuckdbInProcess(setup, sql):
    """One node process: an untimed warm-up, then one timed run of `sql`."""
    def Run():
        _, report = Duckdb(setup, sql, "", 1, 1)
        return {"query": Timing(report["times"][0], report["cpu_times"][0])}
    return Run


def DuckdbProcess(sql):
    return lambda: {"whole": Duckdb("", sql, "", 0, 1)[0]}


def SqliteQ1():
    """One sqlite3 process: import, then Q1 timed by sqlite3's own `.timer`."""
    total, output = RunProcess(["sqlite3", "-bail", ":memory:"], SQLITE_Q1_SCRIPT)
    match = re.search(r"^Run Time: real ([0-9.]+) user ([0-9.]+) sys ([0-9.]+)", output,
                      re.MULTILINE)
    if not match:
        raise BenchError("sqlite3 printed no '.timer' line for Q1:\n" + output)
    query = Timing(float(match.group(1)), float(match.group(2)) + float(match.group(3)))
    return {"whole": total, "import": total - query, "query": query}


def SqliteLoad():
    return {"whole": RunProcess(["sqlite3", "-bail", ":memory:"], SQLITE_IMPORT)[0]}


def Measure(measurements):
    """Runs WARMUPS untimed rounds, then RUNS timed rounds of every measurement in turn.

    Returns {name: {part: Timing}}: the best wall and the best CPU time of the part over
    the timed rounds; for a measurement of several parts (sqlite3's import and query),
    every part comes from the round with the fastest "whole", so that the parts add up.
    """
    for _ in range(WARMUPS):
        for run in measurements.values():
            run()
    samples = {name: [] for name in measurements}
    for _ in range(RUNS):
        for name, run in measurements.items():
            samples[name].append(run())
    best = {}
    for name, rounds in samples.items():
        if len(rounds[0]) > 1:
            best[name] = min(rounds, key=lambda parts: parts["whole"].wall)
        else:
            best[name] = {part: Best(parts[part] for parts in rounds) for part in rounds[0]}
    return best


def ResultRows(tarn):
    """Untimed: each engine's Q1 rows and LOAD_CHECK rows after loading, for the checks."""
    q1 = {}
    load = {}
    q1["tarn"] = ParseCsv(RunProcess([tarn, "-csv", "-c", Q1_CSV])[1])[1:]
    load["tarn"] = ParseCsv(RunProcess([tarn, "-csv", "-c", CTAS + "; " + LOAD_CHECK])[1])[1:]
    report = Duckdb("", "SELECT 1", Q1_CSV, 0, 0)[1]
    q1["DuckDB"] = report["rows"]
    load["DuckDB"] = Duckdb("", CTAS, LOAD_CHECK, 0, 1)[1]["rows"]
    output = RunProcess(["sqlite3", "-bail", ":memory:"], SQLITE_Q1_SCRIPT)[1]
    q1["sqlite3"] = ParseCsv("\n".join(line for line in output.splitlines()
                                       if not line.startswith("Run Time:")))
    load["sqlite3"] = ParseCsv(RunProcess(["sqlite3", "-bail", ":memory:"],
                                          SQLITE_IMPORT + LOAD_CHECK + ";\n")[1])
    if os.path.isfile(ANSWER_FILE):
        with open(ANSWER_FILE) as handle:
            q1["answers-sf0.1/q01.csv"] = ParseCsv(handle.read())[1:]
    return q1, load, report


# --- checks ---------------------------------------------------------------------------

def SameValue(kind, left, right):
    if kind == "text":
        return left == right
    try:
        if kind == "int":
            return int(left) == int(right)
        a, b = float(left), float(right)
    except ValueError:
        return False
    if kind == "sum":
        return abs(a - b) <= 0.005
    return abs(a - b) <= 1e-10 * max(abs(a), abs(b))


def CheckAgreement(what, kinds, results, expected_rows):
    """Fails unless every engine's rows equal the first engine's; prints the reference."""
    reference_name, reference = next(iter(results.items()))
    if len(reference) != expected_rows:
        raise BenchError("{}: {} returned {} rows, expected {}:\n{}".format(
            what, reference_name, len(reference), expected_rows, reference))
    for name, rows in results.items():
        problems = []
        if len(rows) != len(reference):
            problems.append("{} rows instead of {}".format(len(rows), len(reference)))
        for index, (row, want) in enumerate(zip(rows, reference)):
            if len(row) != len(kinds):
                problems.append("row {} has {} columns: {}".format(index + 1, len(row), row))
                continue
            for column, kind in enumerate(kinds):
                if not SameValue(kind, row[column], want[column]):
                    problems.append("row {} column {}: {} has {!r}, {} has {!r}".format(
                        index + 1, column + 1, name, row[column], reference_name,
                        want[column]))
        if problems:
            raise BenchError("{}: {} disagrees with {}:\n  {}".format(
                what, name, reference_name, "\n  ".join(problems)))


# --- report ---------------------------------------------------------------------------

def Ratio(tarn_seconds, peer_seconds, peer):
    if tarn_seconds <= 0:
        return "tarn's time is too small to compare with " + peer
    factor = peer_seconds / tarn_seconds
    if factor >= 1:
        return "tarn is {:.1f}x faster than {}".format(factor, peer)
    return "tarn is {:.1f}x slower than {}".format(1 / factor, peer)


def Main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(argv) == 2 else 2)
    tarn = os.path.abspath(argv[1])
    if not (os.path.isfile(tarn) and os.access(tarn, os.X_OK)):
        Die("tarn binary not found or not executable: " + argv[1], 2)
    AptInstall("zstd", "zstd")
    PrepareInput()
    AptInstall("sqlite3", "sqlite3")
    AptInstall("nodejs", "node")
    AptInstall("npm", "npm")
    PrepareDuckdb()

    size = os.path.getsize(INPUT_FILE)
    print("bench: input {} ({:.1f} MB); best of {} runs after {} warm-up; load average "
          "{:.2f} at start".format(INPUT_FILE, size / 1e6, RUNS, WARMUPS, os.getloadavg()[0]),
          flush=True)

    print("bench: checking that the engines agree ...", flush=True)
    q1_rows, load_rows, duck_info = ResultRows(tarn)
    CheckAgreement("Q1", Q1_KINDS, q1_rows, 4)
    CheckAgreement("load", LOAD_KINDS, load_rows, 1)
    row_count = int(load_rows["tarn"][0][0])
    print("bench: all engines agree (Q1: 4 groups, also with answers-sf0.1; load: {} rows)"
          .format(row_count), flush=True)

    print("bench: timing (a) and (b), engines in turn ...", flush=True)
    best = Measure({
        "tarn startup": lambda: TarnStartup(tarn),
        "tarn q1": TarnProcess(tarn, Q1_CSV),
        "tarn load": TarnProcess(tarn, CTAS),
        "duckdb q1": DuckdbInProcess("", Q1_CSV),
        "duckdb q1 process": DuckdbProcess(Q1_CSV),
        "duckdb load": DuckdbInProcess("DROP TABLE IF EXISTS lineitem", CTAS),
        "duckdb load process": DuckdbProcess(CTAS),
        "sqlite3 q1": SqliteQ1,
        "sqlite3 load": SqliteLoad,
    })
    tarn_startup = best["tarn startup"]["whole"]
    tarn_q1 = best["tarn q1"]["whole"]
    tarn_load = best["tarn load"]["whole"]
    duck_q1 = best["duckdb q1"]["query"]
    duck_q1_process = best["duckdb q1 process"]["whole"]
    duck_load = best["duckdb load"]["query"]
    duck_load_process = best["duckdb load process"]["whole"]
    sqlite_import = best["sqlite3 q1"]["import"]
    sqlite_query = best["sqlite3 q1"]["query"]
    sqlite_load = best["sqlite3 load"]["whole"]

    tarn_version = RunProcess([tarn, "--version"])[1].strip()
    sqlite_version = RunProcess(["sqlite3", "--version"])[1].split()[0]
    print("bench: load average {:.2f} at end".format(os.getloadavg()[0]))
    print("bench: {}; DuckDB {} ({} threads, @duckdb/node-api); sqlite3 {}; {} cores; {}"
          .format(tarn_version, duck_info["version"], duck_info["threads"], sqlite_version,
                  os.cpu_count(), time.strftime("%Y-%m-%d")))
    print()

    table = [
        ("(a) Q1", "tarn", "whole process", tarn_q1),
        ("(a) Q1", "tarn", "minus start-up ({:.3f} s)".format(tarn_startup.wall),
         tarn_q1 - tarn_startup),
        ("(a) Q1", "DuckDB", "query in process", duck_q1),
        ("(a) Q1", "DuckDB", "whole node process", duck_q1_process),
        ("(a) Q1", "sqlite3", "import + query", sqlite_import + sqlite_query),
        ("(a) Q1", "sqlite3", "- import part", sqlite_import),
        ("(a) Q1", "sqlite3", "- query part", sqlite_query),
        ("(b) load", "tarn", "whole process", tarn_load),
        ("(b) load", "tarn", "minus start-up", tarn_load - tarn_startup),
        ("(b) load", "DuckDB", "CTAS in process", duck_load),
        ("(b) load", "DuckDB", "whole node process", duck_load_process),
        ("(b) load", "sqlite3", ".import process", sqlite_load),
    ]
    print("| task | engine | what is timed | seconds | rows/s | MB/s | CPU s |")
    print("|---|---|---|---:|---:|---:|---:|")
    for task, engine, what, timing in table:
        seconds = timing.wall
        if what.startswith("- query") or seconds <= 0:
            rate = throughput = "-"
        else:
            rate = "{:,.0f}".format(row_count / seconds)
            throughput = "{:,.1f}".format(size / 1e6 / seconds)
        print("| {} | {} | {} | {:.3f} | {} | {} | {:.3f} |".format(
            task, engine, what, seconds, rate, throughput, timing.cpu))
    print()

    missed = []
    for task, tarn_full, duck, sqlite in (
            ("(a) Q1 over the file", tarn_q1, duck_q1, sqlite_import + sqlite_query),
            ("(b) load into a table", tarn_load, duck_load, sqlite_load)):
        tarn_net = tarn_full.wall - tarn_startup.wall
        print("{}: {}, {}".format(task, Ratio(tarn_full.wall, sqlite.wall, "sqlite3"),
                                  Ratio(tarn_net, duck.wall, "DuckDB")))
        if sqlite.wall < 10 * tarn_full.wall:
            missed.append("{}: {:.1f}x faster than sqlite3 (target at least 10x)".format(
                task, sqlite.wall / tarn_full.wall))
        if tarn_net > 2 * duck.wall:
            missed.append("{}: takes {:.2f}x DuckDB's time (target at most 2x)".format(
                task, tarn_net / duck.wall))
    print()
    if missed:
        print("Targets missed:\n  " + "\n  ".join(missed))
    else:
        print("Targets met: both tasks at least 10x faster than sqlite3 and within 2x of "
              "DuckDB.")
    print("Wall-clock ratios; the CPU s column (user + system, all threads) is less "
          "sensitive to other load on a shared machine.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(Main(sys.argv))
    except BenchError as error:
        Die(str(error))
