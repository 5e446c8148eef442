#!/usr/bin/env bash
# Builds the libFuzzer targets of test/fuzz in build/fuzz (clang++, AddressSanitizer and
# UndefinedBehaviorSanitizer, only the sources they need) and runs each for a bounded time
# from a seed corpus made of the test fixtures (make_fuzz_corpus.py). Inputs kept under
# test/fuzz/regressions/<target>/ (each once a crash) are replayed first. A crash, a hang
# (over 10 s per input) or an allocation over 1 GiB fails the target; its input is saved
# under build/fuzz/artifacts/.
#
# Usage: test/fuzz/run_fuzzers.sh TARN_BINARY   (the binary builds the seed corpus)
# Environment: FUZZ_SECONDS per target (default 20), JOBS for the build (default 2).
# Prints one line per target and "N passed, M failed".

set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARN="$1"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-20}"
BUILD="$ROOT/build/fuzz"
TARGETS=(parquet_metadata parquet_page json_reader)

if ! command -v clang++ >/dev/null; then
  echo "FAIL clang++ is missing (Debian packages clang and libclang-rt-14-dev)"
  echo "0 passed, 1 failed"
  exit 1
fi
if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTARN_FUZZ=ON \
    >/dev/null || { echo "FAIL configuring $BUILD"; echo "0 passed, 1 failed"; exit 1; }
fi
if ! cmake --build "$BUILD" -j "${JOBS:-2}" >"$BUILD/build.log" 2>&1; then
  tail -n 30 "$BUILD/build.log"
  echo "FAIL building the fuzz targets (log: $BUILD/build.log)"
  echo "0 passed, 1 failed"
  exit 1
fi

WORK="$(mktemp -d /tmp/tarn_fuzz.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 "$ROOT/test/fuzz/make_fuzz_corpus.py" "$TARN" "$WORK/seeds" >/dev/null
mkdir -p "$BUILD/artifacts"
passed=0
failed=0
flags=(-timeout=10 -malloc_limit_mb=1024 -rss_limit_mb=2048 -print_final_stats=1)
for target in "${TARGETS[@]}"; do
  binary="$BUILD/${target}_fuzzer"
  log="$WORK/$target.log"
  regressions="$ROOT/test/fuzz/regressions/$target"
  if [[ -d "$regressions" ]] && ! "$binary" "${flags[@]}" -runs=0 "$regressions" >"$log" 2>&1; then
    failed=$((failed + 1))
    tail -n 40 "$log"
    echo "FAIL $target: a saved regression input fails again ($regressions)"
    continue
  fi
  mkdir -p "$WORK/corpus/$target"
  cp "$WORK/seeds/$target"/* "$WORK/corpus/$target/" 2>/dev/null
  if "$binary" "${flags[@]}" -max_total_time="$SECONDS_PER_TARGET" \
      -artifact_prefix="$BUILD/artifacts/$target-" "$WORK/corpus/$target" >"$log" 2>&1; then
    passed=$((passed + 1))
    runs="$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+$')"
    echo "ok   $target: ${runs:-?} inputs in ${SECONDS_PER_TARGET} s, no crash, hang or huge allocation"
  else
    failed=$((failed + 1))
    grep -E 'ERROR|SUMMARY|==[0-9]+==|#[0-9]+ 0x' "$log" | head -n 40
    echo "FAIL $target: input saved as $(grep -Eo "$BUILD/artifacts/[^ ]+" "$log" | tail -n 1)"
  fi
done
echo "fuzz: ${passed} passed, ${failed} failed"
[[ $failed -eq 0 ]]
