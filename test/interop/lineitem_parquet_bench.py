#!/usr/bin/env python3
"""Compares tarn's Parquet writer with DuckDB's on TPC-H lineitem (scale 0.1).

Both engines convert the same CSV file to Parquet with the same codec, taking turns, three
times each; the best wall time of each is reported with the file sizes, and DuckDB checks
that the two files hold the same rows in the same order.
  tarn     one `tarn -c "COPY ..."` process (start-up included)
  DuckDB   the COPY statement alone, timed inside a node process (start-up excluded)

Usage: lineitem_parquet_bench.py TARN_BINARY [CODEC] [INPUT]
  CODEC  zstd (default), snappy, gzip, lz4_raw or uncompressed
  INPUT  default ../shared/data/tpch-sf0.1/lineitem.tbl.zst beside the repository
Needs test/interop/.work/node_modules/@duckdb/node-api (interop_test.py installs it).
"""

import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORK_DIR = os.path.join(HERE, ".work")
DEFAULT_INPUT = os.path.join(os.path.dirname(ROOT), "shared", "data", "tpch-sf0.1",
                             "lineitem.tbl.zst")
COLUMNS = [
    ("l_orderkey", "INTEGER"), ("l_partkey", "INTEGER"), ("l_suppkey", "INTEGER"),
    ("l_linenumber", "INTEGER"), ("l_quantity", "DECIMAL(15,2)"),
    ("l_extendedprice", "DECIMAL(15,2)"), ("l_discount", "DECIMAL(15,2)"),
    ("l_tax", "DECIMAL(15,2)"), ("l_returnflag", "VARCHAR"), ("l_linestatus", "VARCHAR"),
    ("l_shipdate", "DATE"), ("l_commitdate", "DATE"), ("l_receiptdate", "DATE"),
    ("l_shipinstruct", "VARCHAR"), ("l_shipmode", "VARCHAR"), ("l_comment", "VARCHAR"),
]
RUNS = 3

DUCKDB_SCRIPT = r"""
const { createRequire } = require('node:module');
const path = require('node:path');
const requireFromWork = createRequire(path.join(process.argv[1], 'package.json'));
const { DuckDBInstance } = requireFromWork('@duckdb/node-api');
(async () => {
  const job = JSON.parse(process.argv[2]);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const out = [];
  for (const sql of job) {
    const start = performance.now();
    const reader = await connection.runAndReadAll(sql);
    out.push({seconds: (performance.now() - start) / 1000, rows: reader.getRowsJson()});
  }
  console.log(JSON.stringify(out));
})();
"""


def DuckDb(statements):
    result = subprocess.run(["node", "-e", DUCKDB_SCRIPT, WORK_DIR, json.dumps(statements)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def Main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    tarn = os.path.abspath(sys.argv[1])
    codec = sys.argv[2] if len(sys.argv) > 2 else "zstd"
    source = os.path.abspath(sys.argv[3] if len(sys.argv) > 3 else DEFAULT_INPUT)
    columns = ", ".join("'{}': '{}'".format(name, kind) for name, kind in COLUMNS)
    query = "SELECT * FROM read_csv('{}', delim = '|', header = false, columns = {{{}}})".format(
        source, columns)
    work = tempfile.mkdtemp(prefix="tarn_parquet_bench_")
    tarn_file = os.path.join(work, "tarn.parquet")
    duckdb_file = os.path.join(work, "duckdb.parquet")
    tarn_times = []
    duckdb_times = []
    for _ in range(RUNS):
        for path in (tarn_file, duckdb_file):
            if os.path.exists(path):
                os.remove(path)
        start = time.perf_counter()
        subprocess.run([tarn, "-c", "COPY ({}) TO '{}' (FORMAT parquet, COMPRESSION {})".format(
            query, tarn_file, codec)], check=True, capture_output=True)
        tarn_times.append(time.perf_counter() - start)
        duckdb_times.append(DuckDb(["COPY ({}) TO '{}' (FORMAT parquet, COMPRESSION {})".format(
            query, duckdb_file, codec)])[0]["seconds"])
    check = DuckDb([
        "SELECT count(*) FROM (SELECT row_number() OVER () AS n, * FROM '{0}' EXCEPT ALL "
        "SELECT row_number() OVER () AS n, * FROM '{1}')".format(tarn_file, duckdb_file),
        "SELECT count(*) FROM '{}'".format(tarn_file),
    ])
    tarn_size = os.path.getsize(tarn_file)
    duckdb_size = os.path.getsize(duckdb_file)
    print("input        {}".format(source))
    print("codec        {}".format(codec))
    print("rows         {}".format(check[1]["rows"][0][0]))
    print("size         tarn {:,} bytes, DuckDB {:,} bytes, ratio {:.3f}".format(
        tarn_size, duckdb_size, tarn_size / duckdb_size))
    print("best time    tarn {:.3f} s (whole process), DuckDB {:.3f} s (statement), ratio {:.2f}"
          .format(min(tarn_times), min(duckdb_times), min(tarn_times) / min(duckdb_times)))
    print("rows differing (DuckDB reads both files, row order included): {}".format(
        check[0]["rows"][0][0]))
    for path in (tarn_file, duckdb_file):
        os.remove(path)
    os.rmdir(work)
    return 0


if __name__ == "__main__":
    sys.exit(Main())
