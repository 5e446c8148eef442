#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server for the catalog store tests:
#   scripts/with_postgres.sh COMMAND [ARGS...]
# The server lives in a fresh temporary directory (data, log and unix socket), listens on
# a free TCP port of 127.0.0.1 with trust authentication, and has one database, tarn_test.
# COMMAND runs with TARN_TEST_POSTGRES_URL=postgresql://tarn@127.0.0.1:PORT/tarn_test;
# afterwards (also when COMMAND fails or the script is interrupted) the server is stopped
# and the directory removed. The script exits with COMMAND's status, or 3 with a message
# when the server cannot be started. No system cluster is used or touched.
# As root, the server runs as the `postgres` system user (initdb refuses root).
# Environment: TARN_POSTGRES_BIN overrides the directory of initdb/pg_ctl/postgres.

set -u

log() { echo "with_postgres: $*" >&2; }
fail() {
  log "ERROR: $*"
  exit 3
}

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

bin_dir="${TARN_POSTGRES_BIN:-}"
if [[ -z "$bin_dir" ]]; then
  bin_dir=/usr/lib/postgresql/15/bin
  if [[ ! -x "$bin_dir/initdb" ]]; then
    # Another major version installed instead of 15: take the newest.
    bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  fi
fi
for tool in initdb pg_ctl createdb; do
  [[ -x "$bin_dir/$tool" ]] ||
    fail "PostgreSQL server programs not found (looked for $bin_dir/$tool); install the Debian package 'postgresql' (scripts/install_deps.sh)"
done

work_dir="$(mktemp -d /tmp/tarn_postgres.XXXXXX)" || fail "cannot create a temporary directory"
data_dir="$work_dir/data"
log_file="$work_dir/server.log"
server_started=0
child_pid=""

# as_server_user COMMAND...: runs a server program as the user that owns the data directory.
as_server_user() {
  if [[ "$(id -u)" -eq 0 ]]; then
    (cd "$work_dir" && runuser -u postgres -- "$@")
  else
    (cd "$work_dir" && "$@")
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [[ -n "$child_pid" ]] && kill -0 "$child_pid" 2>/dev/null; then
    kill -TERM "$child_pid" 2>/dev/null
    wait "$child_pid" 2>/dev/null
  fi
  if [[ $server_started -eq 1 ]]; then
    as_server_user "$bin_dir/pg_ctl" -D "$data_dir" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
      log "warning: pg_ctl stop failed; see $log_file"
  fi
  rm -rf "$work_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [[ "$(id -u)" -eq 0 ]]; then
  id postgres >/dev/null 2>&1 ||
    fail "running as root, but there is no 'postgres' system user to run the server as"
  chown postgres: "$work_dir" || fail "cannot chown $work_dir to postgres"
fi
chmod 700 "$work_dir"

if ! as_server_user "$bin_dir/initdb" -D "$data_dir" -U tarn --auth=trust --no-sync \
  --encoding=UTF8 --no-locale >"$work_dir/initdb.log" 2>&1; then
  cat "$work_dir/initdb.log" >&2
  fail "initdb failed (output above)"
fi

# free_port: a TCP port of 127.0.0.1 nobody listens on right now.
free_port() {
  /usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Another process may take the port between choosing and binding it: try a few.
port=""
for attempt in 1 2 3 4 5; do
  candidate="$(free_port)" || fail "cannot find a free TCP port (python3 missing?)"
  options="-c listen_addresses=127.0.0.1 -p $candidate -k $work_dir -c fsync=off"
  options+=" -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB"
  options+=" -c max_connections=60 -c logging_collector=off"
  if as_server_user "$bin_dir/pg_ctl" -D "$data_dir" -l "$log_file" -o "$options" -w -t 60 \
    start >"$work_dir/pg_ctl.log" 2>&1; then
    port="$candidate"
    server_started=1
    break
  fi
  # A failed start may leave a server half up; make sure none remains.
  as_server_user "$bin_dir/pg_ctl" -D "$data_dir" -m immediate -w stop >/dev/null 2>&1
  grep -q "Address already in use" "$log_file" 2>/dev/null || break
done
if [[ -z "$port" ]]; then
  cat "$work_dir/pg_ctl.log" >&2 2>/dev/null
  tail -n 20 "$log_file" >&2 2>/dev/null
  fail "the PostgreSQL test server did not start (pg_ctl output and server log above)"
fi

if ! as_server_user "$bin_dir/createdb" -h "$work_dir" -p "$port" -U tarn tarn_test \
  >"$work_dir/createdb.log" 2>&1; then
  cat "$work_dir/createdb.log" >&2
  fail "cannot create the database tarn_test"
fi

export TARN_TEST_POSTGRES_URL="postgresql://tarn@127.0.0.1:$port/tarn_test"
log "PostgreSQL test server at $TARN_TEST_POSTGRES_URL"

# In the background, so a signal to this script runs the cleanup at once; with stdin kept
# and SIGINT/SIGQUIT restored (bash ignores them in background commands), so Ctrl-C still
# reaches COMMAND's processes.
(
  trap - INT QUIT
  exec "$@"
) <&0 &
child_pid=$!
wait "$child_pid"
status=$?
child_pid=""
exit "$status"
