#!/usr/bin/env bash
# Runs the walk-through in examples/demo.sql, showing each step's explanation and SQL
# before its result, the way a user would type it into the tarn shell.
#
# Usage: examples/demo.sh PATH_TO_TARN      (what `make demo` runs)
# Exits non-zero if tarn is missing or any statement fails.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 PATH_TO_TARN" >&2
  exit 2
fi
tarn="$1"
if [[ "$tarn" != /* ]]; then tarn="$PWD/$tarn"; fi
if [[ ! -x "$tarn" ]]; then
  echo "demo: tarn binary \"$1\" not found or not executable (run 'make release' first)" >&2
  exit 1
fi

# The SQL uses paths relative to the repository root.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Turn the walk-through into a tarn script: comment lines become .print lines, and each
# statement is printed with a shell prompt before it runs.
script="$(awk '
  /^--/ {
    text = $0
    sub(/^-- ?/, "", text)
    print ".print " text
    next
  }
  /^[[:space:]]*$/ {
    if (in_statement == 0) print ".print"
    next
  }
  {
    print ".print " (in_statement ? "...>  " : "tarn> ") $0
    statement = statement $0 "\n"
    in_statement = 1
    if ($0 ~ /;[[:space:]]*$/) {
      printf "%s", statement
      statement = ""
      in_statement = 0
    }
  }
  END {
    if (in_statement) {
      print "the last statement of demo.sql does not end with a semicolon" > "/dev/stderr"
      exit 1
    }
  }
' examples/demo.sql)"

"$tarn" <<<"$script"
echo
echo "That was the demo. Start the shell with: $1   (type .help for its commands;"
echo "docs/getting-started.md explains more)"
