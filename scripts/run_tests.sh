#!/usr/bin/env bash
# Runs every test suite against a build directory, in order, stopping at the first suite
# that fails:
#   1. unit tests          BUILD_DIR/tarn_unit_tests
#   2. SQL logic tests     BUILD_DIR/tarn_sqllogictest test/sql
#   3. documentation tests test/docs/run_doc_tests.py (```sql blocks in docs/**/*.md)
#   4. CLI tests           test/cli/test_cli.py BUILD_DIR/tarn, then test/cli/test_lake.py
#                          BUILD_DIR/tarn (lake folders, crawl, SQLite and PostgreSQL
#                          catalogs shared by concurrent processes)
#   5. robustness tests    test/cli/test_robustness.py BUILD_DIR/tarn (hostile input; a
#                          sanitizer build, TARN_SANITIZE=ON, runs a subset without the
#                          300 MB line)
#   6. differential tests  test/differential/differential_test.py BUILD_DIR/tarn (random
#                          queries compared with sqlite3; fixed seed, 2000 queries, or 500
#                          in a sanitizer build)
#   7. interop tests       test/interop/interop_test.py BUILD_DIR/tarn (files written by
#                          COPY read back by DuckDB, value by value; installs the npm package
#                          @duckdb/node-api into test/interop/.work on first use)
#   8. fuzz tests          test/fuzz/run_fuzzers.sh BUILD_DIR/tarn (libFuzzer targets for
#                          the Parquet footer and page decoders and the JSON reader, built
#                          in build/fuzz with clang++, 20 s each; skipped for a sanitizer
#                          build dir, whose run would repeat them)
# Each suite prints its own "N passed, M failed" line; the script ends with a total line
# and exits non-zero when any suite failed.
# Everything runs under scripts/with_postgres.sh (a throwaway PostgreSQL server whose URL
# is TARN_TEST_POSTGRES_URL, for the catalog store tests) unless that variable is set.
#
# Usage: scripts/run_tests.sh BUILD_DIR

set -u
set -o pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="$(cd "$1" 2>/dev/null && pwd)" || {
  echo "error: build directory '$1' does not exist" >&2
  exit 2
}
cd "$ROOT"

if [[ -z "${TARN_TEST_POSTGRES_URL:-}" ]]; then
  exec "$ROOT/scripts/with_postgres.sh" "$ROOT/scripts/run_tests.sh" "$BUILD_DIR"
fi

# Sanitizer builds report leaks and abort on the first error; harmless otherwise.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

LOG_DIR="$(mktemp -d /tmp/tarn_tests.XXXXXX)"
trap 'rm -rf "$LOG_DIR"' EXIT

TOTAL_PASSED=0
TOTAL_FAILED=0

banner() {
  echo
  echo "==================================================================="
  echo "== $1"
  echo "==================================================================="
}

finish() {
  echo
  echo "total: ${TOTAL_PASSED} passed, ${TOTAL_FAILED} failed"
  exit "$1"
}

# run_suite NAME COMMAND...: runs a suite with its output shown and logged, adds its
# "N passed, M failed" counts to the totals, and stops everything if it failed.
run_suite() {
  local name="$1"
  shift
  local log="$LOG_DIR/$name.log"
  banner "$name: $*"
  "$@" 2>&1 | tee "$log"
  local status=$?
  local counts passed failed
  counts="$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)"
  if [[ -n "$counts" ]]; then
    passed="$(echo "$counts" | awk '{print $1}')"
    failed="$(echo "$counts" | awk '{print $3}')"
  else
    passed=0
    failed=0
  fi
  if [[ $status -ne 0 && $failed -eq 0 ]]; then
    # Crashed or failed without reporting counts: count the suite itself as a failure.
    failed=1
  fi
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  if [[ $status -ne 0 ]]; then
    echo
    echo "!! suite '$name' FAILED (exit status $status); stopping"
    finish 1
  fi
}

# GoogleTest does not print "N passed, M failed"; this wrapper adds that line.
unit_tests() {
  local binary="$BUILD_DIR/tarn_unit_tests"
  if [[ ! -x "$binary" ]]; then
    echo "missing $binary"
    echo "unit: 0 passed, 1 failed"
    return 1
  fi
  local log="$LOG_DIR/unit.raw"
  "$binary" 2>&1 | tee "$log"
  local status=$?
  local passed failed
  passed="$(grep -Eo '\[  PASSED  \] [0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1)"
  failed="$(grep -Eo '[0-9]+ FAILED TESTS?' "$log" | grep -Eo '^[0-9]+' | tail -n 1)"
  passed="${passed:-0}"
  failed="${failed:-0}"
  if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
  echo "unit: ${passed} passed, ${failed} failed"
  return $status
}

sqllogic_tests() {
  local binary="$BUILD_DIR/tarn_sqllogictest"
  if [[ ! -x "$binary" ]]; then
    echo "missing $binary"
    echo "sqllogictest: 0 passed, 1 failed"
    return 1
  fi
  "$binary" test/sql
}

robustness_tests() {
  local flags=()
  if grep -q '^TARN_SANITIZE:BOOL=ON$' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null; then
    flags+=(--sanitized)
  fi
  /usr/bin/python3 test/cli/test_robustness.py "$BUILD_DIR/tarn" "${flags[@]}"
}

differential_tests() {
  local count=2000
  if grep -q '^TARN_SANITIZE:BOOL=ON$' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null; then
    count=500
  fi
  /usr/bin/python3 test/differential/differential_test.py "$BUILD_DIR/tarn" --seed 1 --count "$count"
}

run_suite unit unit_tests
run_suite sqllogictest sqllogic_tests
# The catalog's SQL tests again, with the catalog in PostgreSQL instead of SQLite.
run_suite sqllogictest-postgresql "$BUILD_DIR/tarn_sqllogictest" --catalog "$TARN_TEST_POSTGRES_URL" test/sql/catalog
run_suite docs /usr/bin/python3 test/docs/run_doc_tests.py "$BUILD_DIR/tarn"
run_suite cli /usr/bin/python3 test/cli/test_cli.py "$BUILD_DIR/tarn"
run_suite lake /usr/bin/python3 test/cli/test_lake.py "$BUILD_DIR/tarn"
run_suite robustness robustness_tests
run_suite differential differential_tests
run_suite interop /usr/bin/python3 test/interop/interop_test.py "$BUILD_DIR/tarn"
if ! grep -q '^TARN_SANITIZE:BOOL=ON$' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null; then
  run_suite fuzz test/fuzz/run_fuzzers.sh "$BUILD_DIR/tarn"
fi

finish 0
