#!/usr/bin/python3
"""End-to-end tests of lake folders and shared catalogs through the `tarn` command: what
one process creates, the next one sees (databases, external and managed tables, their
data); `tarn LAKE crawl PATH`; two processes racing to create the same table in a SQLite
lake and in a PostgreSQL catalog (exactly one wins, the other fails clearly); SHOW CREATE
TABLE output that runs again; and the errors for an unreachable catalog or a lake path
that is a file.

Usage: /usr/bin/python3 test/cli/test_lake.py BUILD_DIR/tarn [unittest options]

The PostgreSQL tests need TARN_TEST_POSTGRES_URL (postgresql://user@host:port/db), which
scripts/with_postgres.sh sets (scripts/run_tests.sh runs every suite under it); each test
makes its own database on that server. Prints the unittest summary and then a last line
`lake: N passed, M failed`.
"""

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.parse
import uuid

import tarn_suite

TARN = None  # Path of the binary under test, set in main().
COMMAND_TIMEOUT = 120
RACE_ROUNDS = 5
POSTGRES_BIN = "/usr/lib/postgresql/15/bin"


def run_tarn(args, cwd=None):
    """Runs tarn to completion; returns (exit status, stdout, stderr) as text."""
    completed = subprocess.run([TARN] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=COMMAND_TIMEOUT, cwd=cwd)
    return (completed.returncode, completed.stdout.decode("utf-8", "replace"),
            completed.stderr.decode("utf-8", "replace"))


def csv_rows(text):
    """The rows of tarn's CSV output, header first."""
    return list(csv.reader(io.StringIO(text)))


def start_tarn(args):
    return subprocess.Popen([TARN] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def race(argument_lists):
    """Starts one tarn per argument list at (nearly) the same moment; returns their
    (status, stdout, stderr) in order."""
    processes = [start_tarn(args) for args in argument_lists]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=COMMAND_TIMEOUT)
        results.append((process.returncode, out.decode("utf-8", "replace"),
                        err.decode("utf-8", "replace")))
    return results


def write_parquet_dataset(folder):
    """Writes folder/k=0..2/*.parquet: 30 rows, id 0..29, k = id % 3, amount = id * 2."""
    status, _, err = run_tarn([
        "-c", "COPY (SELECT i AS id, i %% 3 AS k, i * 2 AS amount FROM range(0, 30) t(i)) "
        "TO '%s' (FORMAT parquet, PARTITION_BY (k))" % folder])
    assert status == 0, err


class LakeTestCase(unittest.TestCase):

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="tarn_lake_test_")
        self.lake = os.path.join(self.work, "lake")

    def tearDown(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def sql(self, sql, *extra, lake=None, expect=0):
        """Runs SQL in the lake (CSV output); asserts the exit status; returns stdout."""
        args = [lake or self.lake, "-csv"] + list(extra) + ["-c", sql]
        status, out, err = run_tarn(args)
        self.assertEqual(status, expect, "tarn %s\nstdout: %s\nstderr: %s" % (args, out, err))
        return out


class PersistenceTest(LakeTestCase):

    def test_lake_folder_is_created_with_its_catalog(self):
        self.assertFalse(os.path.exists(self.lake))
        self.sql("SELECT 1")
        self.assertTrue(os.path.isdir(self.lake))
        self.assertTrue(os.path.isfile(os.path.join(self.lake, "catalog.db")))

    def test_databases_and_tables_survive_a_restart(self):
        data = os.path.join(self.work, "data")
        write_parquet_dataset(data)
        self.sql("CREATE DATABASE sales COMMENT 'kept'; "
                 "CREATE EXTERNAL TABLE sales.events (id BIGINT, amount BIGINT) "
                 "PARTITIONED BY (k INT) STORED AS PARQUET LOCATION '%s'; "
                 "MSCK REPAIR TABLE sales.events;" % data)
        out = self.sql("SHOW DATABASES")
        self.assertEqual(csv_rows(out), [["database_name"], ["default"], ["sales"]])
        out = self.sql("SELECT comment FROM information_schema.schemata "
                       "WHERE schema_name = 'sales'")
        self.assertEqual(csv_rows(out)[1:], [["kept"]])
        out = self.sql("SHOW PARTITIONS sales.events")
        self.assertEqual(csv_rows(out)[1:], [["k=0"], ["k=1"], ["k=2"]])
        out = self.sql("SELECT k, count(*), sum(amount) FROM sales.events GROUP BY k ORDER BY k")
        expected = [[str(k), "10", str(sum(i * 2 for i in range(30) if i % 3 == k))]
                    for k in range(3)]
        self.assertEqual(csv_rows(out)[1:], expected)

    def test_managed_ctas_survives_a_restart(self):
        self.sql("CREATE DATABASE shop; "
                 "CREATE TABLE shop.squares AS SELECT i AS id, i * i AS sq FROM range(0, 1000) t(i)")
        # In a lake folder an unqualified CREATE TABLE is a managed table of `default` too.
        self.sql("CREATE TABLE plain AS SELECT 42 AS answer")
        out = self.sql("SELECT count(*), sum(sq) FROM shop.squares")
        self.assertEqual(csv_rows(out)[1:], [["1000", str(sum(i * i for i in range(1000)))]])
        out = self.sql("SELECT answer FROM plain")
        self.assertEqual(csv_rows(out)[1:], [["42"]])
        files = os.listdir(os.path.join(self.lake, "warehouse", "shop", "squares"))
        self.assertTrue(any(name.endswith(".parquet") for name in files), files)
        out = self.sql("SELECT kind, row_count, file_count FROM tarn_catalog.tables "
                       "WHERE name = 'squares'")
        self.assertEqual(csv_rows(out)[1:], [["MANAGED", "1000", "1"]])

    def test_inserts_accumulate_across_processes(self):
        self.sql("CREATE DATABASE shop; CREATE TABLE shop.items (id BIGINT, name VARCHAR)")
        self.sql("INSERT INTO shop.items VALUES (1, 'a'), (2, 'b')")
        self.sql("INSERT INTO shop.items SELECT i, 'x' FROM range(10, 13) t(i)")
        out = self.sql("SELECT count(*), sum(id) FROM shop.items")
        self.assertEqual(csv_rows(out)[1:], [["5", str(1 + 2 + 10 + 11 + 12)]])
        out = self.sql("SELECT row_count, file_count FROM tarn_catalog.tables "
                       "WHERE name = 'items'")
        self.assertEqual(csv_rows(out)[1:], [["5", "2"]])

    def test_lake_option_is_the_same_as_the_positional_folder(self):
        self.sql("CREATE DATABASE viaflag", lake="--lake=" + self.lake)
        status, out, err = run_tarn(["--lake", self.lake, "-csv", "-c", "SHOW DATABASES"])
        self.assertEqual(status, 0, err)
        self.assertIn(["viaflag"], csv_rows(out))
        out = self.sql("SHOW DATABASES LIKE 'via*'")
        self.assertEqual(csv_rows(out)[1:], [["viaflag"]])

    def test_script_file_still_runs_as_a_script(self):
        script = os.path.join(self.work, "setup.sql")
        with open(script, "w") as handle:
            handle.write("CREATE DATABASE fromscript;\n"
                         "CREATE TABLE fromscript.t AS SELECT 7 AS v;\n"
                         "SELECT v * 6 AS x FROM fromscript.t;\n")
        status, out, err = run_tarn([self.lake, "-csv", script])
        self.assertEqual(status, 0, err)
        self.assertEqual(csv_rows(out)[-1], ["42"])
        out = self.sql("SELECT v FROM fromscript.t")
        self.assertEqual(csv_rows(out)[1:], [["7"]])
        # Without a lake a script runs in a transient session and leaves nothing behind.
        status, out, err = run_tarn(["-csv", script])
        self.assertEqual(status, 0, err)
        self.assertEqual(csv_rows(out)[-1], ["42"])

    def test_drop_managed_removes_files_external_keeps_them(self):
        data = os.path.join(self.work, "data")
        write_parquet_dataset(data)
        self.sql("CREATE DATABASE d; CREATE TABLE d.m AS SELECT 1 AS a; "
                 "CREATE EXTERNAL TABLE d.e (id BIGINT) PARTITIONED BY (k INT) "
                 "STORED AS PARQUET LOCATION '%s'" % data)
        managed = os.path.join(self.lake, "warehouse", "d", "m")
        self.assertTrue(os.path.isdir(managed))
        self.sql("DROP TABLE d.m; DROP TABLE d.e")
        self.assertFalse(os.path.exists(managed))
        self.assertEqual(len(os.listdir(data)), 3)
        self.sql("CREATE TABLE d.m2 AS SELECT 1 AS a")
        self.sql("DROP DATABASE d CASCADE")
        self.assertFalse(os.path.exists(os.path.join(self.lake, "warehouse", "d", "m2")))
        out = self.sql("SHOW DATABASES")
        self.assertEqual(csv_rows(out)[1:], [["default"]])

    def test_describe_formatted_and_table_versions(self):
        data = os.path.join(self.work, "data")
        write_parquet_dataset(data)
        self.sql("CREATE EXTERNAL TABLE ev (id BIGINT) PARTITIONED BY (k INT) "
                 "STORED AS PARQUET LOCATION '%s' TBLPROPERTIES ('owner'='ops')" % data)
        self.sql("ALTER TABLE ev ADD COLUMNS (amount BIGINT)")
        rows = csv_rows(self.sql("DESCRIBE FORMATTED ev"))
        self.assertEqual(rows[0], ["column_name", "column_type", "comment"])
        by_label = {row[0]: row[1] for row in rows if row[0].endswith(":")}
        self.assertEqual(by_label["Table:"], "ev")
        self.assertEqual(by_label["Database:"], "default")
        self.assertEqual(by_label["Table Type:"], "EXTERNAL_TABLE")
        self.assertEqual(by_label["Location:"], data)
        self.assertEqual(by_label["Format:"], "parquet")
        self.assertEqual(by_label["Version:"], "2")
        self.assertIn(["", "owner", "ops"], rows)
        self.assertEqual(rows[1:3], [["id", "BIGINT", ""], ["amount", "BIGINT", ""]])
        self.assertIn(["# Partition Information", "", ""], rows)
        versions = csv_rows(self.sql("SHOW TABLE VERSIONS ev"))
        self.assertEqual(versions[0],
                         ["version", "created_at", "reason", "columns", "partition_keys",
                          "current"])
        self.assertEqual([row[0] for row in versions[1:]], ["1", "2"])
        self.assertEqual(versions[1][2], "CREATE TABLE")
        self.assertEqual(versions[2][2], "ALTER TABLE ADD COLUMNS amount")
        self.assertEqual(versions[2][3], "id BIGINT, amount BIGINT")
        self.assertEqual([row[5] for row in versions[1:]], ["false", "true"])


class ShowCreateTableTest(LakeTestCase):
    """SHOW CREATE TABLE prints DDL that, run in another database, makes the same table."""

    def round_trip(self, ddl, table):
        self.sql("CREATE DATABASE src; CREATE DATABASE copy; " + ddl)
        printed = csv_rows(self.sql("SHOW CREATE TABLE src." + table))
        self.assertEqual(printed[0], ["createtab_stmt"])
        statement = printed[1][0]
        self.assertIn("`src`.`%s`" % table, statement)
        self.sql(statement.replace("`src`.", "`copy`.", 1))
        for what in ("DESCRIBE {}.%s" % table, "SHOW TBLPROPERTIES {}.%s" % table,
                     "SELECT count(*) FROM {}.%s" % table):
            self.assertEqual(self.sql(what.format("copy")), self.sql(what.format("src")), what)
        view = ("SELECT kind, format, location, columns, partition_keys, comment FROM "
                "tarn_catalog.tables WHERE database = '{}'")
        self.assertEqual(self.sql(view.format("copy")), self.sql(view.format("src")))
        self.assertEqual(self.sql("SHOW CREATE TABLE copy." + table),
                         self.sql("SHOW CREATE TABLE src." + table).replace("`src`", "`copy`"))

    def test_partitioned_parquet_with_comments(self):
        data = os.path.join(self.work, "data")
        write_parquet_dataset(data)
        self.round_trip(
            "CREATE EXTERNAL TABLE src.ev (id BIGINT COMMENT 'the id', amount BIGINT) "
            "COMMENT 'events, partitioned' PARTITIONED BY (k INT COMMENT 'bucket') "
            "STORED AS PARQUET LOCATION '%s' TBLPROPERTIES ('owner'='ops', 'x'='1')"
            % data, "ev")

    def test_table_properties_with_quote_and_backslash(self):
        data = os.path.join(self.work, "data")
        write_parquet_dataset(data)
        self.round_trip(
            "CREATE EXTERNAL TABLE src.ev (id BIGINT) STORED AS PARQUET LOCATION '%s' "
            "TBLPROPERTIES ('owner'='o''brien', 'path'='a\\b')" % data, "ev")

    def test_delimited_text_with_header_and_tab(self):
        folder = os.path.join(self.work, "text")
        os.makedirs(folder)
        with open(os.path.join(folder, "a.tsv"), "w") as handle:
            handle.write("id\tname\n1\tx\n2\ty\n")
        self.round_trip(
            "CREATE EXTERNAL TABLE src.t (id INT, name STRING) ROW FORMAT DELIMITED "
            "FIELDS TERMINATED BY '\\t' LOCATION '%s' "
            "TBLPROPERTIES ('skip.header.line.count'='1')" % folder, "t")
        out = self.sql("SELECT sum(id), max(name) FROM copy.t")
        self.assertEqual(csv_rows(out)[1:], [["3", "y"]])

    def test_open_csv_serde(self):
        folder = os.path.join(self.work, "piped")
        os.makedirs(folder)
        with open(os.path.join(folder, "a.csv"), "w") as handle:
            handle.write('1|"a|b"\n2|"c"\n')
        self.round_trip(
            "CREATE EXTERNAL TABLE src.p (id INT, name STRING) ROW FORMAT SERDE "
            "'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES "
            "('separatorChar'='|', 'quoteChar'='\"') LOCATION '%s'" % folder, "p")
        out = self.sql("SELECT name FROM copy.p ORDER BY id")
        self.assertEqual(csv_rows(out)[1:], [["a|b"], ["c"]])

    def test_json_and_regex(self):
        folder = os.path.join(self.work, "json")
        os.makedirs(folder)
        with open(os.path.join(folder, "a.json"), "w") as handle:
            handle.write('{"id": 1, "tag": "x"}\n{"id": 2}\n')
        self.round_trip(
            "CREATE EXTERNAL TABLE src.j (id BIGINT, tag STRING) ROW FORMAT SERDE "
            "'org.openx.data.jsonserde.JsonSerDe' LOCATION '%s'" % folder, "j")
        logs = os.path.join(self.work, "logs")
        os.makedirs(logs)
        with open(os.path.join(logs, "a.log"), "w") as handle:
            handle.write("2024-01-01 INFO up\nnomatch\n2024-01-02 WARN 'quoted' \\ down\n")
        self.sql("DROP DATABASE src CASCADE; DROP DATABASE copy CASCADE")
        self.round_trip(
            "CREATE EXTERNAL TABLE src.l (day STRING, level STRING, msg STRING) ROW FORMAT "
            "SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES "
            "('input.regex'='^(\\\\S+) (\\\\S+) (.*)$') LOCATION '%s'" % logs, "l")
        out = self.sql("SELECT day, level, msg FROM copy.l WHERE level IS NOT NULL ORDER BY day")
        self.assertEqual(csv_rows(out)[1:], [["2024-01-01", "INFO", "up"],
                                             ["2024-01-02", "WARN", "'quoted' \\ down"]])

    def test_managed_table(self):
        self.sql("CREATE DATABASE src; CREATE TABLE src.m AS SELECT 1 AS a, 'x' AS b")
        printed = csv_rows(self.sql("SHOW CREATE TABLE src.m"))[1][0]
        self.assertTrue(printed.startswith("CREATE TABLE `src`.`m`"), printed)
        self.assertIn("STORED AS PARQUET", printed)


class CrawlCommandTest(LakeTestCase):

    def make_tree(self):
        self.landing = os.path.join(self.work, "landing")
        status, _, err = run_tarn(["-c",
            "COPY (SELECT i AS id, DATE '2024-01-01' + CAST(i %% 2 AS INTEGER) AS dt, "
            "i * 5 AS amount FROM range(0, 20) t(i)) TO '%s/orders' "
            "(FORMAT parquet, PARTITION_BY (dt)); "
            "COPY (SELECT 1 AS junk, 'x' AS v) TO '%s/orders/tmp' "
            "(FORMAT parquet, PARTITION_BY (junk));" % (self.landing, self.landing)])
        self.assertEqual(status, 0, err)
        os.makedirs(os.path.join(self.landing, "cities"))
        with open(os.path.join(self.landing, "cities", "cities.csv"), "w") as handle:
            handle.write("code,city,pop\n")
            for i in range(6):
                handle.write("%d,city%d,%d\n" % (i, i, i * 1000))

    def crawl(self, *extra, expect=0):
        args = ["--lake", self.lake, "crawl", self.landing, "--database", "raw"] + list(extra)
        status, out, err = run_tarn(args)
        self.assertEqual(status, expect, "tarn %s\nstdout: %s\nstderr: %s" % (args, out, err))
        return out

    def test_crawl_then_query_in_a_new_process(self):
        self.make_tree()
        report = self.crawl("--exclude", "**/tmp/**")
        self.assertIn("into database raw", report)
        self.assertIn("Tables created (2): cities, orders", report)
        self.assertIn("1 excluded", report)
        out = self.sql("SELECT count(*), sum(amount) FROM raw.orders")
        self.assertEqual(csv_rows(out)[1:], [["20", str(sum(i * 5 for i in range(20)))]])
        out = self.sql("SELECT count(*), sum(pop) FROM raw.cities")
        self.assertEqual(csv_rows(out)[1:], [["6", str(sum(i * 1000 for i in range(6)))]])
        out = self.sql("SELECT name, crawler FROM tarn_catalog.tables ORDER BY name")
        self.assertEqual(csv_rows(out)[1:], [["cities", "cli"], ["orders", "cli"]])
        # Nothing changed: everything unchanged, no file read.
        report = self.crawl("--exclude", "**/tmp/**")
        self.assertIn("Tables created (0)", report)
        self.assertIn("Tables unchanged (2): cities, orders", report)
        self.assertIn("0 read, 3 unchanged", report)
        # A new partition appears.
        status, _, err = run_tarn(["-c",
            "COPY (SELECT i AS id, DATE '2024-01-05' AS dt, 1 AS amount FROM range(0, 3) t(i)) "
            "TO '%s/orders' (FORMAT parquet, PARTITION_BY (dt), APPEND true)" % self.landing])
        self.assertEqual(status, 0, err)
        report = self.crawl("--exclude", "**/tmp/**")
        self.assertIn("Partitions of orders: 1 added", report)
        out = self.sql("SELECT count(*) FROM raw.orders WHERE dt = DATE '2024-01-05'")
        self.assertEqual(csv_rows(out)[1:], [["3"]])

    def test_exclusion_decides_what_is_a_table(self):
        self.make_tree()
        # Without the exclusion orders/ is not one consistent table folder: its tmp/
        # subfolder is crawled too, and orders is not the table it was with the exclusion.
        self.crawl("--exclude", "cities/**", "--exclude", "cities")
        out = self.sql("SELECT count(*) FROM tarn_catalog.tables WHERE name = 'cities'")
        self.assertEqual(csv_rows(out)[1:], [["0"]])
        out = self.sql("SELECT count(*) FROM tarn_catalog.tables "
                       "WHERE database = 'raw' AND name LIKE '%tmp%' OR name = 'junk'")
        self.assertNotEqual(csv_rows(out)[1:], [["0"]])

    def test_table_prefix_and_usage_errors(self):
        self.make_tree()
        report = self.crawl("--exclude", "**/tmp/**", "--table-prefix", "src_")
        self.assertIn("src_orders", report)
        out = self.sql("SHOW TABLES IN raw")
        self.assertEqual(csv_rows(out)[1:], [["src_cities"], ["src_orders"]])
        status, _, err = run_tarn(["--lake", self.lake, "crawl"])
        self.assertEqual(status, 2)
        self.assertIn("crawl needs the PATH", err)
        status, _, err = run_tarn(["--lake", self.lake, "crawl", self.landing, "--bogus"])
        self.assertEqual(status, 2)
        self.assertIn("unknown crawl argument", err)
        status, _, err = run_tarn(["--lake", self.lake, "crawl",
                                   os.path.join(self.work, "missing")])
        self.assertEqual(status, 1)
        self.assertIn("missing", err)


class SqliteRaceTest(LakeTestCase):

    def test_two_processes_create_the_same_table(self):
        data = os.path.join(self.work, "data")
        write_parquet_dataset(data)
        self.sql("CREATE DATABASE raw")
        for round_number in range(RACE_ROUNDS):
            name = "same_%d" % round_number
            ddl = ("CREATE EXTERNAL TABLE raw.%s (id BIGINT) PARTITIONED BY (k INT) "
                   "STORED AS PARQUET LOCATION '%s'" % (name, data))
            results = race([[self.lake, "-c", ddl], [self.lake, "-c", ddl]])
            statuses = sorted(result[0] for result in results)
            self.assertEqual(statuses, [0, 1], "round %d: %s" % (round_number, results))
            loser = [result for result in results if result[0] == 1][0]
            self.assertIn("table raw.%s already exists" % name, loser[2])
            self.assertNotIn("database is locked", loser[2])
        out = self.sql("SELECT count(*) FROM tarn_catalog.tables WHERE database = 'raw'")
        self.assertEqual(csv_rows(out)[1:], [[str(RACE_ROUNDS)]])

    def test_two_processes_first_open_of_a_new_lake(self):
        for round_number in range(RACE_ROUNDS):
            lake = os.path.join(self.work, "new_%d" % round_number)
            results = race([[lake, "-csv", "-c", "SHOW DATABASES"],
                            [lake, "-csv", "-c", "CREATE DATABASE made"]])
            for status, out, err in results:
                self.assertEqual(status, 0, "round %d: %s" % (round_number, err))
            out = self.sql("SHOW DATABASES", lake=lake)
            self.assertEqual(csv_rows(out)[1:], [["default"], ["made"]])

    def test_concurrent_writers_of_different_tables_all_succeed(self):
        self.sql("CREATE DATABASE raw")
        results = race([[self.lake, "-c", "CREATE TABLE raw.t%d AS SELECT %d AS v" % (i, i)]
                        for i in range(4)])
        for status, out, err in results:
            self.assertEqual(status, 0, err)
        out = self.sql("SELECT sum(v) FROM (SELECT v FROM raw.t0 UNION ALL SELECT v FROM raw.t1 "
                       "UNION ALL SELECT v FROM raw.t2 UNION ALL SELECT v FROM raw.t3) x")
        self.assertEqual(csv_rows(out)[1:], [["6"]])


class PostgresCatalogTest(LakeTestCase):

    def setUp(self):
        super().setUp()
        url = os.environ.get("TARN_TEST_POSTGRES_URL")
        if not url:
            self.fail("TARN_TEST_POSTGRES_URL is not set: run this suite under "
                      "scripts/with_postgres.sh (make test and scripts/run_tests.sh do)")
        parsed = urllib.parse.urlparse(url)
        self.database = "lake_" + uuid.uuid4().hex[:12]
        createdb = os.path.join(POSTGRES_BIN, "createdb")
        if not os.access(createdb, os.X_OK):
            createdb = shutil.which("createdb") or createdb
        command = [createdb, "-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432)]
        if parsed.username:
            command += ["-U", parsed.username]
        completed = subprocess.run(command + [self.database], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, timeout=COMMAND_TIMEOUT)
        self.assertEqual(completed.returncode, 0, completed.stderr.decode())
        self.catalog = urllib.parse.urlunparse(parsed._replace(path="/" + self.database))
        # Two lake folders that share the PostgreSQL catalog, as two machines would.
        self.lake_a = os.path.join(self.work, "a")
        self.lake_b = os.path.join(self.work, "b")

    def pg(self, lake, sql, expect=0):
        return self.sql(sql, "--catalog", self.catalog, lake=lake, expect=expect)

    def test_a_table_created_by_one_process_is_seen_by_another(self):
        data = os.path.join(self.work, "data")
        write_parquet_dataset(data)
        self.pg(self.lake_a, "CREATE DATABASE shared; CREATE EXTERNAL TABLE shared.events "
                "(id BIGINT, amount BIGINT) PARTITIONED BY (k INT) STORED AS PARQUET "
                "LOCATION '%s'; MSCK REPAIR TABLE shared.events" % data)
        out = self.pg(self.lake_b, "SELECT count(*), sum(amount) FROM shared.events")
        self.assertEqual(csv_rows(out)[1:], [["30", str(sum(i * 2 for i in range(30)))]])
        out = self.pg(self.lake_b, "SHOW DATABASES")
        self.assertEqual(csv_rows(out)[1:], [["default"], ["shared"]])
        # The catalog is not in the lake folder.
        self.assertFalse(os.path.exists(os.path.join(self.lake_a, "catalog.db")))
        self.pg(self.lake_b, "ALTER TABLE shared.events DROP PARTITION (k = 0)")
        out = self.pg(self.lake_a, "SHOW PARTITIONS shared.events")
        self.assertEqual(csv_rows(out)[1:], [["k=1"], ["k=2"]])

    def test_two_processes_create_the_same_table(self):
        data = os.path.join(self.work, "data")
        write_parquet_dataset(data)
        self.pg(self.lake_a, "CREATE DATABASE raw")
        for round_number in range(RACE_ROUNDS):
            name = "same_%d" % round_number
            ddl = ("CREATE EXTERNAL TABLE raw.%s (id BIGINT) PARTITIONED BY (k INT) "
                   "STORED AS PARQUET LOCATION '%s'" % (name, data))
            results = race([[self.lake_a, "--catalog", self.catalog, "-c", ddl],
                            [self.lake_b, "--catalog", self.catalog, "-c", ddl]])
            statuses = sorted(result[0] for result in results)
            self.assertEqual(statuses, [0, 1], "round %d: %s" % (round_number, results))
            loser = [result for result in results if result[0] == 1][0]
            self.assertIn("table raw.%s already exists" % name, loser[2])
            self.assertNotIn("duplicate key", loser[2])
        out = self.pg(self.lake_b, "SELECT count(*) FROM tarn_catalog.tables "
                      "WHERE database = 'raw'")
        self.assertEqual(csv_rows(out)[1:], [[str(RACE_ROUNDS)]])

    def test_two_processes_first_open_of_an_empty_catalog(self):
        # Both create the catalog's tables and the default database at once.
        results = race([[self.lake_a, "--catalog", self.catalog, "-csv", "-c", "SHOW DATABASES"],
                        [self.lake_b, "--catalog", self.catalog, "-csv", "-c", "SHOW DATABASES"]])
        for status, out, err in results:
            self.assertEqual(status, 0, err)
            self.assertEqual(csv_rows(out)[1:], [["default"]])


class ErrorTest(LakeTestCase):

    def test_unreachable_postgres(self):
        status, out, err = run_tarn(["--catalog", "postgresql://127.0.0.1:1/x", "-c", "SELECT 1"])
        self.assertEqual(status, 1, err)
        self.assertIn("127.0.0.1", err)
        self.assertIn("1", err)
        self.assertTrue(err.startswith("Error:"), err)
        self.assertNotIn("terminate", err)
        self.assertEqual(out, "")

    def test_lake_path_that_is_a_file(self):
        path = os.path.join(self.work, "not_a_folder.db")
        with open(path, "w") as handle:
            handle.write("x")
        status, out, err = run_tarn(["--lake", path, "-c", "SELECT 1"])
        self.assertEqual(status, 1, err)
        self.assertIn("is a file; a lake is a folder", err)
        self.assertIn(path, err)
        with open(path) as handle:
            self.assertEqual(handle.read(), "x")

    def test_sqlite_catalog_that_is_not_a_database(self):
        path = os.path.join(self.work, "garbage.db")
        with open(path, "w") as handle:
            handle.write("this is not a SQLite database\n" * 100)
        status, out, err = run_tarn(["--catalog", path, "-c", "SELECT 1"])
        self.assertEqual(status, 1, err)
        self.assertIn(path, err)


def set_binary(binary):
    global TARN
    TARN = binary


def main():
    return tarn_suite.run("lake", set_binary)


if __name__ == "__main__":
    sys.exit(main())
