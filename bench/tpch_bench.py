#!/usr/bin/python3
"""TPC-H: the 22 queries in tarn and in DuckDB over the same in-memory tables.

Usage: bench/tpch_bench.py [--tarn PATH] [--scale SF | --data-dir DIR] [--queries DIR]
                           [--runs N] [--only q01,q02,...]
  --tarn      the tarn binary (default build/release/tarn)
  --scale     generate the tables with bench/tpch_gen.cc (compiled once into bench/.work)
              into bench/.work/tpch-sfSF unless they are there already, and use them
              (e.g. --scale 1); without it the shared scale-0.1 data is used
  --data-dir  folder with the 8 TPC-H tables as TABLE.tbl or TABLE.tbl.zst ('|'-separated,
              no header, TPC-H column order); default ../shared/data/tpch-sf0.1 beside the
              repository. .tbl.zst files are decompressed once into bench/.work/tpch-NAME/.
  --queries   folder with q01.sql ... q22.sql (default: DIR/queries of the scale-0.1 data)
  --runs      rounds (default 3); each round runs one tarn process, then one DuckDB
              process, and the best round counts for each query and for the load

What is timed:
  tarn    one `tarn` process per round runs one script: CREATE TABLE + INSERT ... read_csv
          for the 8 tables, then all queries in order twice; the first pass is an untimed
          warm-up, the second is timed. The time of a query is the shell's `.timer on`
          figure ("Run Time: S s", wall time from handing the statement to the engine to a
          materialized result, printing excluded, 1 ms resolution), summed over the
          statements of the query file (q15 has three).
  DuckDB  one node process (`@duckdb/node-api`, bench/.work) per round loads the same tables
          with the same statements, then runs the queries the same way (warm-up pass, timed
          pass); a query's time spans `runAndReadAll` and reading every row, summed over
          its statements.
  Load times (all 8 tables, .tbl files from the page cache) are reported apart. Both
  engines use their default thread count. The engines take turns in every round, so a
  change in the machine's load touches both alike.

Before printing times the script checks that the engines agree on every query: the same
number of rows and columns, text and decimals equal as text, doubles within a relative 1e-9.
Exit status: 0 after a complete run, 1 when the engines disagree, 2 when set-up fails.

test/tpch/make_expected.py uses DuckdbRun() and the definitions here to compute the
expected results of test/sql/tpch/.
"""

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
WORK_DIR = os.path.join(BENCH_DIR, ".work")
DEFAULT_DATA_DIR = os.path.join(os.path.dirname(REPO_DIR), "shared", "data", "tpch-sf0.1")
DUCKDB_PACKAGE = "@duckdb/node-api@" + os.environ.get("TARN_BENCH_DUCKDB_VERSION", "1.5.6-r.1")
TABLES = ["nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem"]
QUERY_NAMES = ["q%02d" % number for number in range(1, 23)]
RELATIVE_TOLERANCE = 1e-9

# The TPC-H tables, columns in file order.
SCHEMA = {
    "nation": "n_nationkey integer not null, n_name char(25) not null, "
              "n_regionkey integer not null, n_comment varchar(152)",
    "region": "r_regionkey integer not null, r_name char(25) not null, "
              "r_comment varchar(152)",
    "part": "p_partkey integer not null, p_name varchar(55) not null, "
            "p_mfgr char(25) not null, p_brand char(10) not null, p_type varchar(25) not null, "
            "p_size integer not null, p_container char(10) not null, "
            "p_retailprice decimal(15,2) not null, p_comment varchar(23) not null",
    "supplier": "s_suppkey integer not null, s_name char(25) not null, "
                "s_address varchar(40) not null, s_nationkey integer not null, "
                "s_phone char(15) not null, s_acctbal decimal(15,2) not null, "
                "s_comment varchar(101) not null",
    "partsupp": "ps_partkey integer not null, ps_suppkey integer not null, "
                "ps_availqty integer not null, ps_supplycost decimal(15,2) not null, "
                "ps_comment varchar(199) not null",
    "customer": "c_custkey integer not null, c_name varchar(25) not null, "
                "c_address varchar(40) not null, c_nationkey integer not null, "
                "c_phone char(15) not null, c_acctbal decimal(15,2) not null, "
                "c_mktsegment char(10) not null, c_comment varchar(117) not null",
    "orders": "o_orderkey integer not null, o_custkey integer not null, "
              "o_orderstatus char(1) not null, o_totalprice decimal(15,2) not null, "
              "o_orderdate date not null, o_orderpriority char(15) not null, "
              "o_clerk char(15) not null, o_shippriority integer not null, "
              "o_comment varchar(79) not null",
    "lineitem": "l_orderkey integer not null, l_partkey integer not null, "
                "l_suppkey integer not null, l_linenumber integer not null, "
                "l_quantity decimal(15,2) not null, l_extendedprice decimal(15,2) not null, "
                "l_discount decimal(15,2) not null, l_tax decimal(15,2) not null, "
                "l_returnflag char(1) not null, l_linestatus char(1) not null, "
                "l_shipdate date not null, l_commitdate date not null, "
                "l_receiptdate date not null, l_shipinstruct char(25) not null, "
                "l_shipmode char(10) not null, l_comment varchar(44) not null",
}


def Die(message, status):
    print("tpch_bench: " + message, file=sys.stderr)
    sys.exit(status)


def Columns(table):
    """[(name, type)] of TABLE, with the types read_csv's columns={...} takes."""
    columns = []
    for definition in SCHEMA[table].split(", "):
        name, column_type = definition.split(" ")[:2]
        column_type = re.sub(r"^(char|varchar)\(\d+\)$", "VARCHAR", column_type)
        columns.append((name, column_type.upper()))
    return columns


def LoadStatements(table, path):
    """CREATE TABLE and INSERT ... read_csv(PATH) statements for TABLE."""
    columns = ", ".join("'{}': '{}'".format(name, column_type)
                        for name, column_type in Columns(table))
    return ["CREATE TABLE {} ({});".format(table, SCHEMA[table]),
            "INSERT INTO {} SELECT * FROM read_csv('{}', delim='|', header=false, "
            "columns={{{}}});".format(table, path, columns)]


def SplitStatements(sql):
    """The statements of a query file (TPC-H query text has no ';' inside literals)."""
    text = "\n".join(line for line in sql.split("\n") if not line.strip().startswith("--"))
    return [part.strip() + ";" for part in text.split(";") if part.strip()]


# --- DuckDB ---------------------------------------------------------------------------

DUCKDB_SCRIPT = r"""
'use strict';
const { createRequire } = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

async function Main() {
  const config = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const requireFromWork = createRequire(path.join(config.module_dir, 'package.json'));
  const { DuckDBInstance } = requireFromWork('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  async function Run(sql) {
    const start = performance.now();
    const reader = await connection.runAndReadAll(sql);
    const rows = reader.getRows();
    const seconds = (performance.now() - start) / 1000;
    return { seconds, reader, rows };
  }
  let loadSeconds = 0;
  for (const sql of config.load) loadSeconds += (await Run(sql)).seconds;
  const results = {};
  for (let run = 0; run < config.runs; run++) {
    for (const [name, statements] of config.queries) {
      let seconds = 0;
      let last = null;
      for (const sql of statements) {
        const outcome = await Run(sql);
        seconds += outcome.seconds;
        if (/^\s*(select|with)\b/i.test(sql)) last = outcome;
      }
      if (!(name in results)) {
        results[name] = {
          times: [],
          types: last ? last.reader.columnTypes().map((type) => type.toString()) : [],
          rows: last ? last.rows.map((row) => row.map((value) =>
              value === null ? 'NULL' : String(value))) : [],
        };
      }
      results[name].times.push(seconds);
    }
  }
  const info = await connection.runAndReadAll(
      "SELECT current_setting('threads')::VARCHAR, version()");
  const [threads, version] = info.getRows()[0].map(String);
  process.stdout.write(JSON.stringify({ load_seconds: loadSeconds, results, threads,
                                        version }) + '\n');
}

Main().catch((error) => {
  process.stderr.write('duckdb: ' + (error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
"""


def PrepareDuckdb():
    module = os.path.join(WORK_DIR, "node_modules", "@duckdb", "node-api", "package.json")
    if os.path.isfile(module):
        with open(module) as handle:
            if "@duckdb/node-api@" + json.load(handle).get("version", "") == DUCKDB_PACKAGE:
                return
    os.makedirs(WORK_DIR, exist_ok=True)
    package_json = os.path.join(WORK_DIR, "package.json")
    if not os.path.isfile(package_json):
        with open(package_json, "w") as handle:
            handle.write('{"name": "tarn-bench-work", "private": true}\n')
    print("tpch_bench: installing {} with npm into {} ...".format(DUCKDB_PACKAGE, WORK_DIR),
          file=sys.stderr, flush=True)
    result = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                             "--no-save", DUCKDB_PACKAGE], cwd=WORK_DIR)
    if result.returncode != 0 or not os.path.isfile(module):
        Die("npm could not install " + DUCKDB_PACKAGE, 2)


def DuckdbRun(load, queries, runs):
    """Runs LOAD (statements) then QUERIES ([(name, [statement])]) RUNS times in DuckDB.

    Returns {"load_seconds", "threads", "version", "results": {name: {"times", "types",
    "rows"}}}; "rows" are the rows of the query's last statement with a result, as text
    (decimals at their scale, dates as YYYY-MM-DD, doubles in shortest form, NULL as NULL).
    """
    PrepareDuckdb()
    config = {"module_dir": WORK_DIR, "load": load, "queries": queries, "runs": runs}
    process = subprocess.run(["node", "-e", DUCKDB_SCRIPT], input=json.dumps(config),
                             capture_output=True, text=True)
    if process.returncode != 0:
        Die("DuckDB failed:\n" + process.stderr, 2)
    return json.loads(process.stdout)


# --- tarn -----------------------------------------------------------------------------

MARKER = "@@tpch_bench "
RUN_TIME = re.compile(r"^Run Time: (\d+\.\d+) s$")


def TarnRun(tarn, load, queries, runs):
    """Like DuckdbRun for tarn; "rows" hold tarn's csv fields (NULL as NULL)."""
    script = [".mode csv", ".timer on", ".print " + MARKER + "load"]
    script += load
    for run in range(runs):
        for name, statements in queries:
            script.append(".print {}{} {}".format(MARKER, name, run))
            script += statements
    process = subprocess.run([tarn], input="\n".join(script) + "\n", capture_output=True,
                             text=True)
    if process.returncode != 0:
        Die("tarn failed:\n" + process.stderr[-4000:], 2)
    sections = []
    for line in process.stdout.split("\n"):
        if line.startswith(MARKER):
            sections.append((line[len(MARKER):].split(" "), [], []))
        elif sections:
            match = RUN_TIME.match(line)
            if match:
                sections[-1][1].append(float(match.group(1)))
            else:
                sections[-1][2].append(line)
    output = {"load_seconds": 0.0, "results": {}}
    for key, times, lines in sections:
        if key[0] == "load":
            output["load_seconds"] = sum(times)
            continue
        result = output["results"].setdefault(key[0], {"times": []})
        result["times"].append(sum(times))
        if "rows" not in result:
            records = list(csv.reader(io.StringIO("\n".join(lines).strip("\n") + "\n")))
            # The first line is the header; a field that is empty without quotes is NULL,
            # which csv.reader cannot tell from "": tarn's TPC-H results have neither.
            result["rows"] = [record for record in records[1:] if record]
    return output


# --- comparison -----------------------------------------------------------------------

def FractionDigits(text):
    """Digits after the point of a number in plain notation; many for an exponent form."""
    match = re.fullmatch(r'-?[0-9]*\.?([0-9]*)', text)
    return len(match.group(1)) if match else 99


def SameValue(left, right):
    """Whether tarn's value `left` matches DuckDB's `right`. A quotient of decimals is an
    exact DECIMAL with 6 or more decimals in tarn and a DOUBLE in DuckDB: tarn's value may
    then be DuckDB's rounded to tarn's decimals."""
    if left == right:
        return True
    try:
        left_number, right_number = float(left), float(right)
    except ValueError:
        return False
    scale = max(abs(left_number), abs(right_number))
    tolerance = RELATIVE_TOLERANCE * scale
    digits = FractionDigits(left)
    if 6 <= digits < FractionDigits(right):
        tolerance += 0.5 * 10 ** -digits
    return abs(left_number - right_number) <= tolerance


def Differences(name, tarn_rows, duckdb_rows):
    if len(tarn_rows) != len(duckdb_rows):
        return ["{}: tarn has {} rows, DuckDB {}".format(name, len(tarn_rows),
                                                        len(duckdb_rows))]
    problems = []
    for number, (tarn_row, duckdb_row) in enumerate(zip(tarn_rows, duckdb_rows)):
        if len(tarn_row) != len(duckdb_row) or not all(
                SameValue(left, right) for left, right in zip(tarn_row, duckdb_row)):
            problems.append("{} row {}: tarn {} DuckDB {}".format(name, number + 1, tarn_row,
                                                                 duckdb_row))
    return problems[:5]


# --- data -----------------------------------------------------------------------------

def TablePaths(data_dir):
    """{table: path of a plain .tbl file}, decompressing .tbl.zst into bench/.work."""
    paths = {}
    for table in TABLES:
        plain = os.path.join(data_dir, table + ".tbl")
        packed = plain + ".zst"
        if os.path.isfile(plain):
            paths[table] = os.path.abspath(plain)
            continue
        if not os.path.isfile(packed):
            Die("missing {} (or .tbl.zst) in {}".format(table + ".tbl", data_dir), 2)
        target_dir = os.path.join(WORK_DIR, "tpch-" + os.path.basename(
            os.path.normpath(os.path.abspath(data_dir))))
        target = os.path.join(target_dir, table + ".tbl")
        if (not os.path.isfile(target)
                or os.path.getmtime(target) < os.path.getmtime(packed)):
            os.makedirs(target_dir, exist_ok=True)
            partial = target + ".partial"
            if subprocess.run(["zstd", "-q", "-d", "-f", packed, "-o", partial]).returncode:
                Die("zstd -d failed on " + packed, 2)
            os.replace(partial, target)
        paths[table] = target
    return paths


def GeneratedData(scale):
    """The folder of generated tables for SCALE, generating them when missing."""
    label = ("%g" % scale).replace(".", "_")
    target_dir = os.path.join(WORK_DIR, "tpch-sf" + label)
    done = os.path.join(target_dir, ".complete")
    if os.path.isfile(done):
        return target_dir
    source = os.path.join(BENCH_DIR, "tpch_gen.cc")
    generator = os.path.join(WORK_DIR, "tpch_gen")
    if (not os.path.isfile(generator)
            or os.path.getmtime(generator) < os.path.getmtime(source)):
        os.makedirs(WORK_DIR, exist_ok=True)
        if subprocess.run(["c++", "-O2", "-std=c++20", source, "-o", generator]).returncode:
            Die("could not compile " + source, 2)
    os.makedirs(target_dir, exist_ok=True)
    print("tpch_bench: generating scale {} into {} ...".format(scale, target_dir),
          file=sys.stderr, flush=True)
    if subprocess.run([generator, "--scale", str(scale), "--output", target_dir]).returncode:
        Die("tpch_gen failed", 2)
    with open(done, "w") as handle:
        handle.write("scale {}\n".format(scale))
    return target_dir


def ReadQueries(query_dir, names):
    queries = []
    for name in names:
        path = os.path.join(query_dir, name + ".sql")
        if not os.path.isfile(path):
            Die("missing query file " + path, 2)
        with open(path) as handle:
            queries.append((name, SplitStatements(handle.read())))
    return queries


def Main():
    parser = argparse.ArgumentParser(description="TPC-H in tarn and DuckDB")
    parser.add_argument("--tarn", default=os.path.join(REPO_DIR, "build", "release", "tarn"))
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--scale", type=float, default=None)
    parser.add_argument("--queries", default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default=None)
    arguments = parser.parse_args()
    if arguments.scale is not None and arguments.data_dir is not None:
        Die("give --scale or --data-dir, not both", 2)
    if arguments.scale is not None:
        if not 0 < arguments.scale <= 100:
            Die("--scale must be in (0, 100]", 2)
        arguments.data_dir = GeneratedData(arguments.scale)
    elif arguments.data_dir is None:
        arguments.data_dir = DEFAULT_DATA_DIR
    if not os.access(arguments.tarn, os.X_OK):
        Die("no tarn binary at " + arguments.tarn, 2)
    query_dir = arguments.queries or os.path.join(DEFAULT_DATA_DIR, "queries")
    names = arguments.only.split(",") if arguments.only else QUERY_NAMES
    queries = ReadQueries(query_dir, names)
    paths = TablePaths(arguments.data_dir)
    load = [statement for table in TABLES for statement in LoadStatements(table, paths[table])]

    tarn = {"load_times": [], "times": {name: [] for name in names}}
    duckdb = {"load_times": [], "times": {name: [] for name in names}}
    for _ in range(arguments.runs):
        for engine, output in ((tarn, TarnRun(arguments.tarn, load, queries, 2)),
                               (duckdb, DuckdbRun(load, queries, 2))):
            engine["load_times"].append(output["load_seconds"])
            for name in names:
                engine["times"][name].append(output["results"][name]["times"][1])
            engine.setdefault("results", output["results"])
            engine.setdefault("version", output.get("version"))
            engine.setdefault("threads", output.get("threads"))

    problems = []
    for name in names:
        problems += Differences(name, tarn["results"][name]["rows"],
                                duckdb["results"][name]["rows"])
    if problems:
        print("tpch_bench: tarn and DuckDB disagree:", file=sys.stderr)
        for problem in problems:
            print("  " + problem, file=sys.stderr)
        sys.exit(1)

    print("TPC-H, data {}, best of {} rounds; DuckDB {} ({} threads)".format(
        arguments.data_dir, arguments.runs, duckdb["version"], duckdb["threads"]))
    print("| query | rows | tarn s | DuckDB s | DuckDB / tarn |")
    print("|---|---:|---:|---:|---:|")
    tarn_total = 0.0
    duckdb_total = 0.0
    for name in names:
        tarn_best = min(tarn["times"][name])
        duckdb_best = min(duckdb["times"][name])
        tarn_total += tarn_best
        duckdb_total += duckdb_best
        ratio = "{:.2f}".format(duckdb_best / tarn_best) if tarn_best > 0 else "-"
        print("| {} | {} | {:.3f} | {:.3f} | {} |".format(
            name, len(duckdb["results"][name]["rows"]), tarn_best, duckdb_best, ratio))
    print("| total | | {:.3f} | {:.3f} | {:.2f} |".format(
        tarn_total, duckdb_total, duckdb_total / tarn_total if tarn_total else 0.0))
    tarn_load = min(tarn["load_times"])
    duckdb_load = min(duckdb["load_times"])
    print("| load (8 tables) | | {:.3f} | {:.3f} | {:.2f} |".format(
        tarn_load, duckdb_load, duckdb_load / tarn_load if tarn_load else 0.0))
    if tarn_total <= duckdb_total:
        print("Queries: tarn is {:.2f}x faster than DuckDB in total".format(
            duckdb_total / tarn_total))
    else:
        print("Queries: tarn is {:.2f}x slower than DuckDB in total".format(
            tarn_total / duckdb_total))


if __name__ == "__main__":
    Main()
