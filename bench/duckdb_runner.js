// Runs SQL in DuckDB (npm package @duckdb/node-api) for csv_engine_bench.py and prints one
// JSON object on stdout.
//
// Usage: node duckdb_runner.js CONFIG_JSON
//   CONFIG_JSON fields:
//     module_dir  folder whose node_modules holds @duckdb/node-api (bench/.work)
//     cwd         folder to run the SQL in (relative file names resolve here)
//     setup       SQL run once, untimed, before every timed statement (e.g. DROP TABLE ...)
//     sql         the statement to time
//     warmups     untimed runs of `sql` first
//     runs        timed runs of `sql`
//     result      SQL whose rows are returned (untimed, after the last run); "" for none
//
// Output: {"startup_seconds": s, "times": [s, ...], "cpu_times": [s, ...], "threads": n,
//          "version": v, "rows": [[text, ...], ...]}
// startup_seconds spans node's own start (performance.timeOrigin) to an open connection:
// loading the module, creating the in-memory database and connecting. Each entry of
// "times" spans only `connection.runAndReadAll(sql)` and reading every result row;
// "cpu_times" holds the process's user + system CPU seconds (all threads) over that span.
'use strict';

const { createRequire } = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

function ToText(value) {
  if (value === null || value === undefined) return 'NULL';
  return String(value);
}

async function Main() {
  const config = JSON.parse(process.argv[2]);
  const requireFromWork = createRequire(path.join(config.module_dir, 'package.json'));
  const { DuckDBInstance } = requireFromWork('@duckdb/node-api');
  process.chdir(config.cwd);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const startupSeconds = performance.now() / 1000;

  const times = [];
  const cpuTimes = [];
  const total = config.warmups + config.runs;
  for (let i = 0; i < total; i++) {
    if (config.setup) await connection.run(config.setup);
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const reader = await connection.runAndReadAll(config.sql);
    reader.getRows();
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    if (i >= config.warmups) {
      times.push(seconds);
      cpuTimes.push((cpu.user + cpu.system) / 1e6);
    }
  }

  let rows = [];
  if (config.result) {
    const reader = await connection.runAndReadAll(config.result);
    rows = reader.getRowsJson().map((row) => row.map(ToText));
  }
  const info = await connection.runAndReadAll(
      "SELECT current_setting('threads')::VARCHAR, version()");
  const [threads, version] = info.getRowsJS()[0].map(ToText);
  process.stdout.write(JSON.stringify({
    startup_seconds: startupSeconds,
    times,
    cpu_times: cpuTimes,
    threads,
    version,
    rows,
  }) + '\n');
}

Main().catch((error) => {
  process.stderr.write('duckdb_runner: ' + (error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
