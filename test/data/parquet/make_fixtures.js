// Writes the Parquet fixtures of test/data/parquet with DuckDB and prints DuckDB's answers
// to the queries the sqllogictests under test/sql/parquet ask, so that their expected
// results come from another engine.
//
// Usage (from the repository root):
//   (cd bench/.work && npm install @duckdb/node-api)   # once
//   node test/data/parquet/make_fixtures.js
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const root = path.resolve(__dirname, '..', '..', '..');
const requireFromWork = createRequire(path.join(root, 'bench', '.work', 'package.json'));
const { DuckDBInstance, DuckDBListValue, DuckDBStructValue, DuckDBMapValue } =
    requireFromWork('@duckdb/node-api');
const out = __dirname;

function Text(value) {
  if (value === null || value === undefined) return 'NULL';
  const text = String(value);
  return text === '' ? '(empty)' : text;
}

// A value as tarn prints it: strings quoted inside lists, structs and maps, maps as {k=v}.
function Quote(text) {
  return "'" + text.replace(/'/g, "''") + "'";
}
function NestedText(value, inner) {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof DuckDBListValue) {
    return '[' + value.items.map((item) => NestedText(item, true)).join(', ') + ']';
  }
  if (value instanceof DuckDBStructValue) {
    return '{' + Object.entries(value.entries)
        .map(([name, field]) => Quote(name) + ': ' + NestedText(field, true)).join(', ') + '}';
  }
  if (value instanceof DuckDBMapValue) {
    return '{' + value.entries
        .map((entry) => NestedText(entry.key, true) + '=' + NestedText(entry.value, true))
        .join(', ') + '}';
  }
  if (typeof value === 'string') return inner ? Quote(value) : (value === '' ? '(empty)' : value);
  return String(value);
}

// Nested fixtures: node make_fixtures.js nested (writes only these).
async function Nested(db, run) {
  const query = async (sql) => {
    const reader = await db.runAndReadAll(sql);
    const rows = reader.getRows().map((row) => row.map((v) => NestedText(v, false)).join('\t'));
    process.stdout.write('-- ' + sql + '\n' + rows.join('\n') + '\n\n');
  };
  await run(`COPY (SELECT * FROM (VALUES
      (1, [1, 2, 3], ['a', NULL, 'c'], [[1, 2], [3]], [10000000000]),
      (2, [], [], [[], NULL, [NULL]], []),
      (3, NULL, NULL, NULL, NULL),
      (4, [NULL], [NULL, ''], [[4]], [NULL, -1]),
      (5, [7], ['x''y', 'z'], [], NULL)
    ) t(id, ints, strs, lists, bigs)) TO 'nested_lists.parquet' (FORMAT parquet)`);
  await query("SELECT id, ints, strs, lists, bigs FROM 'nested_lists.parquet' ORDER BY id");
  await run(`COPY (SELECT * FROM (VALUES
      (1, {'name': 'ann', 'tags': ['a', 'b'], 'age': 31}, [{'k': 1, 'v': 'x'}, {'k': 2, 'v': NULL}],
       MAP {'a': 1, 'b': 2}, {'inner': {'z': [1, NULL]}}, [MAP {'p': [1]}]),
      (2, {'name': NULL, 'tags': [], 'age': NULL}, [], MAP {}, {'inner': NULL}, []),
      (3, NULL, NULL, NULL, NULL, NULL),
      (4, {'name': 'bo', 'tags': NULL, 'age': 5}, [NULL, {'k': 3, 'v': 'y'}], MAP {'c': NULL},
       {'inner': {'z': NULL}}, [NULL, MAP {'q': [], 'r': NULL}])
    ) t(id, person, pairs, counts, deep, maps)) TO 'nested_structs.parquet' (FORMAT parquet)`);
  await query("SELECT id, person, pairs, counts, deep, maps FROM 'nested_structs.parquet' ORDER BY id");
  // Many rows over several row groups and batches, as pages v1 and v2.
  const large = `SELECT i AS id,
      CASE WHEN i % 11 = 0 THEN NULL ELSE list_transform(range(i % 7), x -> x + i) END AS l,
      CASE WHEN i % 5 = 0 THEN [] ELSE ['s' || i, NULL] END AS s,
      {'a': i, 'b': CASE WHEN i % 3 = 0 THEN NULL ELSE [i, i] END} AS st
      FROM range(5000) t(i)`;
  await run(`COPY (${large}) TO 'nested_large.parquet' (FORMAT parquet, ROW_GROUP_SIZE 2000)`);
  await run(`COPY (${large}) TO 'nested_v2.parquet' (FORMAT parquet, PARQUET_VERSION v2)`);
  await query("SELECT count(*), count(l), sum(array_length(l)), sum(list_sum(l)), sum(array_length(s)), count(st.b), sum(list_sum(st.b)) FROM 'nested_large.parquet'");
  await query("SELECT id, l, s, st FROM 'nested_large.parquet' WHERE id IN (0, 1, 6, 2047, 2048, 4999) ORDER BY id");
}

async function Main() {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const run = (sql) => db.run(sql);
  const query = async (sql) => {
    const reader = await db.runAndReadAll(sql);
    const rows = reader.getRowsJson().map((row) => row.map(Text).join('\t'));
    process.stdout.write('-- ' + sql + '\n' + rows.join('\n') + '\n\n');
  };
  process.chdir(out);
  await run("SET TimeZone = 'UTC'");
  if (process.argv[2] === 'nested') {
    await Nested(db, run);
    return;
  }

  // Every type tarn maps, with a row of NULLs.
  await run("CREATE TYPE mood AS ENUM ('sad', 'happy')");
  await run(`CREATE TABLE types AS SELECT * FROM (VALUES
    (1, true, -8::TINYINT, -16::SMALLINT, -32::INTEGER, -64::BIGINT, 8::UTINYINT,
     16::USMALLINT, 4000000000::UINTEGER, 18000000000000000000::UBIGINT, 1.5::FLOAT,
     2.25::DOUBLE, 'hello', 'abc'::BLOB, DATE '2024-02-29', TIME '12:34:56.789',
     TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMP_MS '2024-01-02 03:04:05.123',
     TIMESTAMP_NS '2024-01-02 03:04:05.123456789', TIMESTAMPTZ '2024-01-02 03:04:05+00',
     12.34::DECIMAL(4,2), 123456.789::DECIMAL(9,3), 12345678901234.5678::DECIMAL(18,4),
     '1234567890123456789012345678.0123456789'::DECIMAL(38,10),
     '550e8400-e29b-41d4-a716-446655440000'::UUID, 'happy'::mood),
    (2, false, 127::TINYINT, 32767::SMALLINT, 2147483647::INTEGER, (-9223372036854775807 - 1)::BIGINT,
     255::UTINYINT, 65535::USMALLINT, 4294967295::UINTEGER, 18446744073709551615::UBIGINT,
     -0.25::FLOAT, -1e300::DOUBLE, '', ''::BLOB, DATE '1900-01-01', TIME '00:00:00',
     TIMESTAMP '1969-12-31 23:59:59.999999', TIMESTAMP_MS '1970-01-01 00:00:00',
     TIMESTAMP_NS '1960-06-01 00:00:00.000000001', TIMESTAMPTZ '1999-12-31 23:59:59+00',
     -99.99::DECIMAL(4,2), -0.001::DECIMAL(9,3), -99999999999999.9999::DECIMAL(18,4),
     '-9999999999999999999999999999.9999999999'::DECIMAL(38,10),
     '00000000-0000-0000-0000-000000000001'::UUID, 'sad'::mood),
    (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
  ) t(id, b, i8, i16, i32, i64, u8, u16, u32, u64, f, d, s, bin, dt, tm, ts, ts_ms, ts_ns,
      ts_tz, dec4, dec9, dec18, dec38, id_uuid, mood)`);
  await run("COPY types TO 'types.parquet' (FORMAT parquet)");
  await query("SELECT id, b, i8, i16, i32, i64, u8, u16, u32, u64 FROM 'types.parquet' ORDER BY id");
  await query("SELECT id, f, d, s, bin::VARCHAR, dt, tm FROM 'types.parquet' ORDER BY id");
  await query("SELECT id, ts, ts_ms, ts_ns, ts_tz::TIMESTAMP FROM 'types.parquet' ORDER BY id");
  await query("SELECT id, dec4, dec9, dec18, dec38, id_uuid, mood FROM 'types.parquet' ORDER BY id");
  await query("SELECT name, type, type_length, repetition_type, num_children, converted_type, scale, precision, logical_type FROM parquet_schema('types.parquet')");

  // The same data under each codec, and in several row groups.
  const data = `SELECT i, 'str' || (i % 37) AS s, CASE WHEN i % 5 = 0 THEN NULL ELSE i * 0.5 END AS d,
      CASE WHEN i % 7 = 0 THEN NULL ELSE left(md5(i::VARCHAR), 8) END AS h FROM range(1000) t(i)`;
  for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4_raw']) {
    await run(`COPY (${data}) TO 'codec_${codec}.parquet' (FORMAT parquet, COMPRESSION ${codec})`);
  }
  await query("SELECT count(*), count(s), count(d), count(h), sum(i), sum(d), min(s), max(s), min(h), max(h) FROM 'codec_zstd.parquet'");
  await query("SELECT i, s, d, h FROM 'codec_gzip.parquet' WHERE i IN (0, 1, 7, 999) ORDER BY i");
  await query("SELECT s, count(*), sum(d) FROM 'codec_snappy.parquet' GROUP BY s ORDER BY s LIMIT 5");
  await query("SELECT path_in_schema, compression, encodings FROM parquet_metadata('codec_lz4_raw.parquet') ORDER BY column_id");

  await run(`COPY (SELECT i, i % 3 = 0 AS flag, 'row' || i AS s FROM range(5000) t(i))
      TO 'row_groups.parquet' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  await query("SELECT count(*), sum(i), count(DISTINCT s), sum(flag::INTEGER) FROM 'row_groups.parquet'");
  await query("SELECT row_group_id, row_group_num_rows, stats_min, stats_max, stats_null_count FROM parquet_metadata('row_groups.parquet') WHERE path_in_schema = 'i' ORDER BY row_group_id");

  // Format version 2: data pages v2 with DELTA and BYTE_STREAM_SPLIT encodings.
  await run(`COPY (SELECT i, CASE WHEN i % 4 = 0 THEN NULL ELSE i * 1000003 - 500000 END AS big,
      'name_' || i AS s, CASE WHEN i % 9 = 0 THEN NULL ELSE 'k' || (i % 3) END AS k,
      i % 2 = 0 AS even, CASE WHEN i % 3 = 0 THEN NULL ELSE i / 8 END AS d,
      (i / 4)::FLOAT AS f
      FROM range(3000) t(i)) TO 'v2.parquet' (FORMAT parquet, PARQUET_VERSION v2, COMPRESSION zstd)`);
  await query("SELECT path_in_schema, encodings FROM parquet_metadata('v2.parquet') ORDER BY column_id");
  await query("SELECT count(*), sum(i), sum(big), count(big), min(s), max(s), count(k), sum(even::INTEGER), sum(d), sum(f) FROM 'v2.parquet'");
  await query("SELECT i, big, s, k, even, d, f FROM 'v2.parquet' WHERE i IN (0, 1, 2, 9, 2999) ORDER BY i");
  await query("SELECT k, count(*) FROM 'v2.parquet' GROUP BY k ORDER BY k");

  // Several files with one schema, and one with another.
  await run("COPY (SELECT i AS id, 'a' || i AS name FROM range(0, 3) t(i)) TO 'part1.parquet' (FORMAT parquet)");
  await run("COPY (SELECT 'b' || i AS name, i AS id FROM range(3, 5) t(i)) TO 'part2.parquet' (FORMAT parquet)");
  await run("COPY (SELECT i AS other FROM range(2) t(i)) TO 'other_schema.parquet' (FORMAT parquet)");
  await query("SELECT id, name FROM read_parquet(['part1.parquet', 'part2.parquet']) ORDER BY id");

  // Nested columns (not readable by tarn yet).
  await run(`COPY (SELECT 1 AS id, {'x': 1, 'y': 'a'} AS point, [1, 2, 3] AS list)
      TO 'nested.parquet' (FORMAT parquet)`);
  await query("SELECT id FROM 'nested.parquet'");

  // Plain and dictionary encodings side by side.
  await run(`COPY (SELECT i, 'unique_' || i AS plain_s, 'v' || (i % 4) AS dict_s, (i % 4) * 1.5 AS dict_d
      FROM range(1000) t(i)) TO 'encodings.parquet' (FORMAT parquet)`);
  await query("SELECT path_in_schema, encodings FROM parquet_metadata('encodings.parquet') ORDER BY column_id");
  await query("SELECT count(DISTINCT plain_s), min(plain_s), max(plain_s), dict_s, sum(dict_d) FROM 'encodings.parquet' GROUP BY dict_s ORDER BY dict_s");

  // Corrupt copies of one small valid file.
  await run("COPY (SELECT i, 'v' || i AS s FROM range(10) t(i)) TO 'small.parquet' (FORMAT parquet, COMPRESSION uncompressed)");
  const small = fs.readFileSync('small.parquet');
  fs.writeFileSync('corrupt_magic.parquet', Buffer.concat([Buffer.from('XXXX'), small.subarray(4)]));
  fs.writeFileSync('corrupt_truncated.parquet', small.subarray(0, Math.floor(small.length / 2)));
  const footer = Buffer.from(small);
  footer.writeUInt32LE(0x7fffffff, footer.length - 8);
  fs.writeFileSync('corrupt_footer_length.parquet', footer);
  const footerGarbage = Buffer.from(small);
  const footerLength = small.readUInt32LE(small.length - 8);
  footerGarbage.fill(0xff, small.length - 8 - footerLength, small.length - 8 - footerLength + 16);
  fs.writeFileSync('corrupt_footer_bytes.parquet', footerGarbage);
  const meta = await db.runAndReadAll(
      "SELECT data_page_offset FROM parquet_metadata('small.parquet') WHERE path_in_schema = 'i'");
  const offset = Number(meta.getRowsJS()[0][0]);
  const header = Buffer.from(small);
  header.fill(0xff, offset, offset + 12);
  fs.writeFileSync('corrupt_page_header.parquet', header);
  // The page header begins: 0x15 type, 0x15 uncompressed size, 0x15 compressed size. Make
  // the compressed size huge while keeping its varint's length.
  const size = Buffer.from(small);
  let position = offset + 2;  // After the page type field (0x15 0x00).
  position += 1;               // The uncompressed size field header.
  while (size[position] & 0x80) position++;
  position += 2;               // Its last byte, then the compressed size field header.
  const start = position;
  while (size[position] & 0x80) position++;
  for (let i = start; i < position; i++) size[i] = 0xff;
  size[position] = 0x3f;
  fs.writeFileSync('corrupt_page_size.parquet', size);
  await query("SELECT count(*), sum(i) FROM 'small.parquet'");

  await Nested(db, run);

  for (const name of fs.readdirSync('.').sort()) {
    if (name.endsWith('.parquet')) {
      process.stderr.write(name + ' ' + fs.statSync(name).size + '\n');
    }
  }
}

Main().catch((error) => {
  process.stderr.write((error && error.stack ? error.stack : String(error)) + '\n');
  process.exit(1);
});
