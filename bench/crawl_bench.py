#!/usr/bin/python3
"""Times a first crawl and a no-change recrawl of a generated folder tree.

Usage: /usr/bin/python3 bench/crawl_bench.py path/to/tarn [--small]

The tree (bench/.work/crawl/tree, generated once and reused while its recipe is unchanged):
  events_csv/dt=YYYY-MM-DD/hour=HH/part-N.csv    5,000 small CSV files in 500 partitions
  events_json/dt=YYYY-MM-DD/hour=HH/part-N.json  5,000 small NDJSON files in 500 partitions
  big/bucket=B/part-N.parquet                    100 Parquet files of 1,000,000 rows each,
                                                 written by tarn (COPY ... TO ... FORMAT parquet)
--small makes 10x fewer CSV/JSON files and Parquet files of 100,000 rows (a quick check).

What is measured: the wall clock of one whole `tarn --lake LAKE crawl TREE --database raw`
process, first into a fresh lake (every file is read), then again (the recrawl finds every
folder's fingerprint unchanged and reads no file). Targets: first crawl < 10 s, recrawl
< 2 s. There is no peer crawler to run side by side on this machine; the figures are
files per second of tarn alone.
Exit status: 0 after a report, 1 when a crawl fails or reads the wrong number of files,
2 on a usage error.
"""

import os
import re
import shutil
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
WORK_DIR = os.path.join(BENCH_DIR, ".work", "crawl")


def Recipe(small):
    partitions = 50 if small else 500
    return {"partitions": partitions, "files_per_partition": 10,
            "parquet_files": 100, "parquet_rows": 100000 if small else 1000000}


def GenerateTree(tarn, tree, recipe):
    stamp = os.path.join(tree, ".recipe")
    if os.path.isfile(stamp) and open(stamp).read() == repr(recipe):
        return
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree)
    for index in range(recipe["partitions"]):
        day = "2024-%02d-%02d" % (1 + index // 24 % 12, 1 + index // 24 // 12 % 28)
        hour = "%02d" % (index % 24)
        for kind in ("csv", "json"):
            folder = os.path.join(tree, "events_" + kind, "dt=" + day, "hour=" + hour)
            os.makedirs(folder, exist_ok=True)
            for number in range(recipe["files_per_partition"]):
                path = os.path.join(folder, "part-%d.%s" % (number, kind))
                with open(path, "w") as out:
                    if kind == "csv":
                        out.write("id,user,amount,ok\n")
                        for row in range(20):
                            out.write("%d,user%d,%d,true\n" % (row, row % 7, row * 3))
                    else:
                        for row in range(20):
                            out.write('{"id": %d, "user": "user%d", "amount": %d.5}\n'
                                      % (row, row % 7, row))
    statements = []
    for number in range(recipe["parquet_files"]):
        folder = os.path.join(tree, "big", "bucket=%d" % (number % 10))
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "part-%d.parquet" % number)
        statements.append(
            "COPY (SELECT range AS id, range %% 1000 AS key, range * 0.5 AS value "
            "FROM range(%d)) TO '%s' (FORMAT parquet)" % (recipe["parquet_rows"], path))
    completed = subprocess.run([tarn, "-c", ";\n".join(statements)], capture_output=True, text=True)
    if completed.returncode != 0:
        print("bench: generating Parquet failed:\n" + completed.stderr[-2000:], file=sys.stderr)
        sys.exit(1)
    with open(stamp, "w") as out:
        out.write(repr(recipe))


def RunCrawl(tarn, lake, tree):
    """(seconds, report text) of one crawl process."""
    start = time.perf_counter()
    completed = subprocess.run([tarn, "--lake", lake, "crawl", tree, "--database", "raw"],
                               capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        print("bench: crawl failed:\n" + completed.stdout[-2000:] + completed.stderr[-2000:],
              file=sys.stderr)
        sys.exit(1)
    return seconds, completed.stdout


def FileCounts(report):
    match = re.search(r"(\d+) files seen, (\d+) read, (\d+) unchanged", report)
    if not match:
        print("bench: no file counts in the crawl report:\n" + report[:2000], file=sys.stderr)
        sys.exit(1)
    return tuple(int(group) for group in match.groups())


def Main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    tarn = os.path.abspath(argv[1])
    small = "--small" in argv[2:]
    recipe = Recipe(small)
    tree = os.path.join(WORK_DIR, "tree")
    lake = os.path.join(WORK_DIR, "lake")
    GenerateTree(tarn, tree, recipe)
    expected = recipe["partitions"] * recipe["files_per_partition"] * 2 + recipe["parquet_files"]
    shutil.rmtree(lake, ignore_errors=True)

    rows = []
    first_seconds, first_report = RunCrawl(tarn, lake, tree)
    seen, read, unchanged = FileCounts(first_report)
    if seen != expected or read != expected:
        print("bench: first crawl saw %d and read %d files, expected %d:\n%s"
              % (seen, read, expected, first_report[:3000]), file=sys.stderr)
        return 1
    rows.append(("first crawl", seen, read, first_seconds))
    again_seconds, again_report = RunCrawl(tarn, lake, tree)
    seen, read, unchanged = FileCounts(again_report)
    if read != 0 or unchanged != expected:
        print("bench: the recrawl read %d files (expected none):\n%s" % (read, again_report[:3000]),
              file=sys.stderr)
        return 1
    rows.append(("recrawl (no change)", seen, read, again_seconds))

    print("crawl_bench: %d CSV/JSON files in %d partitions + %d Parquet files of %d rows"
          % (recipe["partitions"] * recipe["files_per_partition"] * 2, recipe["partitions"] * 2,
             recipe["parquet_files"], recipe["parquet_rows"]))
    print("%-22s %8s %8s %10s %12s" % ("run", "files", "read", "seconds", "files/s"))
    for name, seen, read, seconds in rows:
        print("%-22s %8d %8d %10.2f %12.0f" % (name, seen, read, seconds, seen / seconds))
    return 0


if __name__ == "__main__":
    sys.exit(Main(sys.argv))
