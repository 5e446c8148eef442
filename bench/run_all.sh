#!/usr/bin/env bash
# Runs every benchmark under bench/ against the given tarn binary (`make bench` passes
# build/release/tarn). Each benchmark prints its own results table and exits non-zero when
# an engine fails or the engines disagree; see the header of each script for what it times.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: bench/run_all.sh path/to/tarn" >&2
  exit 2
fi
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

/usr/bin/python3 "${bench_dir}/csv_engine_bench.py" "$1"
/usr/bin/python3 "${bench_dir}/tpch_bench.py" --tarn "$1"
/usr/bin/python3 "${bench_dir}/lake_bench.py" "$1"
/usr/bin/python3 "${bench_dir}/spill_bench.py" "$1"
/usr/bin/python3 "${bench_dir}/crawl_bench.py" "$1"
