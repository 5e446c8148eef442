// Runs SQL statements in DuckDB (npm package @duckdb/node-api) for interop_test.py.
//
// Usage: node duckdb_query.js MODULE_DIR < JOB_JSON
//   MODULE_DIR  folder whose node_modules holds @duckdb/node-api
//   JOB_JSON    {"queries": ["SQL", ...]} on stdin; all run in one in-memory database
// Output, one JSON document on stdout:
//   {"version": "v1.x", "results": [{"rows": [[value, ...], ...]} | {"error": "text"}, ...]}
// Values are as DuckDB's getRowsJson gives them (the SQL casts to VARCHAR where it matters).
'use strict';

const { createRequire } = require('node:module');
const path = require('node:path');
const fs = require('node:fs');

async function Main() {
  const requireFromWork = createRequire(path.join(process.argv[2], 'package.json'));
  const { DuckDBInstance } = requireFromWork('@duckdb/node-api');
  const job = JSON.parse(fs.readFileSync(0, 'utf8'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const version = (await connection.runAndReadAll('SELECT version()')).getRowsJson()[0][0];
  const results = [];
  for (const sql of job.queries) {
    try {
      const reader = await connection.runAndReadAll(sql);
      results.push({ rows: reader.getRowsJson() });
    } catch (error) {
      results.push({ error: String(error.message || error) });
    }
  }
  process.stdout.write(JSON.stringify({ version, results }));
}

Main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
