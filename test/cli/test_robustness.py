#!/usr/bin/python3
"""Hostile-input tests of the `tarn` command: malformed and random SQL, extremely long
statements, broken CSV files and wrong read_csv option values must each end with a clear
error (or a correct result) and a matching exit status, never a crash, a sanitizer report
or a hang; SIGINT during a long query must stop `tarn -c` promptly; the interactive shell
must stay usable after errors.

Usage:
  /usr/bin/python3 test/cli/test_robustness.py TARN [SANITIZER_TARN] [--sanitized]

TARN runs every case. SANITIZER_TARN (an AddressSanitizer + UBSan build), when given, also
runs a representative subset. --sanitized says TARN itself is a sanitizer build: it then
runs only that subset and skips the 300 MB line. Every process has a timeout, so a hang
is a failure. The last line printed is `robustness: N passed, M failed`; the exit status
is 1 when any case failed.
"""

import json
import os
import pty
import random
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zlib

COMMAND_TIMEOUT = 30  # Seconds for one tarn process; a hang fails the case.
HUGE_LINE_MEGABYTES = 300
HUGE_LINE_SECONDS = 5  # The 300 MB line must be rejected well within this.
HUGE_LINE_MAX_RSS_KB = 512 * 1024
SANITIZER_MARKERS = ("AddressSanitizer", "LeakSanitizer", "runtime error:",
                     "UndefinedBehaviorSanitizer", "Internal Error")


class Outcome:
    """What one tarn process did: exit status (negative: killed by that signal), output,
    seconds taken, peak resident memory in KB, and whether it timed out."""

    def __init__(self, status, out, err, seconds, max_rss_kb, timed_out):
        self.status = status
        self.out = out
        self.err = err
        self.seconds = seconds
        self.max_rss_kb = max_rss_kb
        self.timed_out = timed_out


def run(binary, args, stdin_bytes=b"", cwd=None, timeout=COMMAND_TIMEOUT, env=None):
    """Runs `binary args` with output in temp files; reaps it with wait4 to learn the
    peak RSS of this one child."""
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file, \
            tempfile.TemporaryFile() as in_file:
        in_file.write(stdin_bytes)
        in_file.seek(0)
        started = time.monotonic()
        process = subprocess.Popen([binary] + args, stdin=in_file, stdout=out_file,
                                   stderr=err_file, cwd=cwd, env=env)
        timed_out = False
        while True:
            pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() - started > timeout:
                timed_out = True
                process.kill()
                pid, wait_status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.002)
        process.returncode = os.waitstatus_to_exitcode(wait_status)
        seconds = time.monotonic() - started
        out_file.seek(0)
        err_file.seek(0)
        return Outcome(process.returncode, out_file.read().decode("utf-8", "replace"),
                       err_file.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss,
                       timed_out)


def crash_problem(outcome):
    """A description of a crash, hang or sanitizer report, or None."""
    if outcome.timed_out:
        return "timed out after %.0f s (hang)" % outcome.seconds
    if outcome.status < 0:
        return "killed by signal %d" % -outcome.status
    if outcome.status > 2:
        return "unexpected exit status %d" % outcome.status
    for marker in SANITIZER_MARKERS:
        if marker in outcome.err:
            return "stderr reports %r" % marker
    return None


def expect_error(pattern=None):
    """A check: exit status 1, an "Error:" line on stderr, nothing on stdout, and
    (optionally) the message matches `pattern` (a regex, case-insensitive)."""

    def check(outcome):
        if outcome.status != 1:
            return "expected exit status 1, got %d" % outcome.status
        if not re.search(r"^Error: \S", outcome.err, re.MULTILINE):
            return "no 'Error: ...' line on stderr"
        if pattern and not re.search(pattern, outcome.err, re.IGNORECASE | re.DOTALL):
            return "error does not match /%s/" % pattern
        return None

    return check


def expect_output(expected):
    """A check: exit status 0, empty stderr, stdout exactly `expected`."""

    def check(outcome):
        if outcome.status != 0:
            return "expected success, got status %d" % outcome.status
        if outcome.err:
            return "unexpected stderr"
        if outcome.out != expected:
            return "expected output %r, got %r" % (expected[:200], outcome.out[:200])
        return None

    return check


def expect_error_or_success(outcome):
    """Random input: either a clean error (status 1 with "Error:") or a success."""
    if outcome.status == 0:
        return None
    return expect_error()(outcome)


class Case:
    """One invocation of tarn and the check its outcome must pass. `subset` cases also run
    on the sanitizer build."""

    def __init__(self, name, args, check, stdin=b"", subset=False, timeout=COMMAND_TIMEOUT,
                 max_seconds=None, max_rss_kb=None):
        self.name = name
        self.args = args
        self.check = check
        self.stdin = stdin
        self.subset = subset
        self.timeout = timeout
        self.max_seconds = max_seconds
        self.max_rss_kb = max_rss_kb


class Runner:

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def record(self, name, problem, outcome=None):
        if problem is None:
            self.passed += 1
            return
        self.failed += 1
        print("FAIL %s: %s" % (name, problem))
        if outcome is not None:
            print("  status=%d seconds=%.2f rss=%d KB" % (outcome.status, outcome.seconds,
                                                          outcome.max_rss_kb))
            if outcome.err:
                print("  stderr: " + outcome.err[:600].replace("\n", "\n          "))

    def run_case(self, binary, case, cwd):
        outcome = run(binary, case.args, case.stdin, cwd=cwd, timeout=case.timeout)
        problem = crash_problem(outcome) or case.check(outcome)
        if problem is None and case.max_seconds and outcome.seconds > case.max_seconds:
            problem = "took %.1f s, more than %d s" % (outcome.seconds, case.max_seconds)
        if problem is None and case.max_rss_kb and outcome.max_rss_kb > case.max_rss_kb:
            problem = "peak RSS %d MB, more than %d MB" % (outcome.max_rss_kb // 1024,
                                                          case.max_rss_kb // 1024)
        self.record(case.name, problem, outcome)


# ---------------------------------------------------------------------------------------
# Cases: SQL


SQL_TOKENS = [
    "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET", "JOIN",
    "LEFT", "ON", "USING", "UNION", "ALL", "DISTINCT", "AS", "CASE", "WHEN", "THEN", "ELSE",
    "END", "AND", "OR", "NOT", "NULL", "IS", "IN", "BETWEEN", "LIKE", "CAST", "WITH",
    "CREATE", "TABLE", "INSERT", "INTO", "VALUES", "DROP", "OVER", "PARTITION", "(", ")",
    ",", ";", "*", "+", "-", "/", "%", "=", "<>", "<", ">=", "||", "::", ".", "1", "0",
    "-1", "2.5", "1e308", "9223372036854775807", "99999999999999999999999999999999999999",
    "'x'", "''", "'", "\"", "\"id\"", "a", "t", "count(*)", "sum(", "read_csv(", "'a.csv'",
    "DATE", "'2024-02-30'", "INTERVAL", "TRUE", "$1", "?", "[", "]", "{", "}", ":", "--",
    "/*", "*/", "\\", "é", "\U0001F600", "abs(", "substr(", "0x", "E'\\x'", "coalesce(",
]


def random_sql_cases(seed, count):
    """Random token soup through -c and random bytes through a script on stdin."""
    generator = random.Random(seed)
    cases = []
    for i in range(count):
        tokens = [generator.choice(SQL_TOKENS) for _ in range(generator.randint(1, 30))]
        sql = " ".join(tokens)
        cases.append(Case("token soup #%d: %s" % (i, sql[:80]), ["-c", sql],
                          expect_error_or_success, subset=i % 10 == 0))
    for i in range(count):
        data = bytes(generator.getrandbits(8) for _ in range(generator.randint(1, 300)))
        cases.append(Case("random bytes #%d on stdin" % i, [], expect_error_or_success,
                          stdin=data, subset=i % 10 == 0))
        # Printable garbage as -c (arguments cannot hold NUL bytes).
        text = data.replace(b"\0", b" ").decode("latin-1")
        cases.append(Case("random text #%d as -c" % i, ["-c", text], expect_error_or_success))
    return cases


def long_sql_cases(directory):
    """Statements far bigger than any real query, passed as script files (a command line
    argument is limited to 128 KB)."""

    def script(name, sql):
        path = os.path.join(directory, name)
        with open(path, "w") as file:
            file.write(sql)
        return [path]

    identifier = "a" * (1 << 20)
    sum_terms = "+".join(["1"] * 100000)
    columns = ", ".join("%d AS c%d" % (i, i) for i in range(10000))
    return [
        Case("1 MB identifier as an alias", ["-csv"] + script(
            "alias.sql", "SELECT 7 AS %s;" % identifier),
             expect_output(identifier + "\n7\n"), subset=True),
        Case("1 MB unknown identifier", script("column.sql", "SELECT %s;" % identifier),
             expect_error(r'Binder Error: .*column "a{100}'), subset=True),
        Case("1 MB string literal", ["-csv"] + script(
            "literal.sql", "SELECT length('%s') AS n;" % identifier),
             expect_output("n\n%d\n" % len(identifier)), subset=True),
        Case("100k-term sum", script("sum.sql", "SELECT %s;" % sum_terms),
             expect_error(r"nested too deeply"), subset=True),
        Case("100k-term OR", script("or.sql", "SELECT 1 WHERE %s;" % " OR ".join(
            ["1 = 1"] * 100000)), expect_error(r"nested too deeply")),
        Case("100k nested parentheses", script(
            "parens.sql", "SELECT %s1%s;" % ("(" * 100000, ")" * 100000)),
             expect_error(r"nested too deeply"), subset=True),
        Case("250 nested parentheses", ["-csv"] + script(
            "parens_ok.sql", "SELECT %s1%s AS x;" % ("(" * 250, ")" * 250)),
             expect_output("x\n1\n"), subset=True),
        Case("20k nested subqueries", script(
            "subqueries.sql", "SELECT %s1%s;" % ("(SELECT " * 20000, ")" * 20000)),
             expect_error(r"nested too deeply"), subset=True),
        Case("50 nested subqueries", ["-csv"] + script(
            "subqueries_ok.sql", "SELECT %s41 + 1%s AS x;" % ("(SELECT " * 50, ")" * 50)),
             expect_output("x\n42\n"), subset=True),
        Case("100k NOTs", script("not.sql", "SELECT %sTRUE;" % ("NOT " * 100000)),
             expect_error(r"nested too deeply")),
        Case("10k-column select", ["-csv"] + script(
            "wide.sql", "SELECT %s;" % columns),
             expect_output(",".join("c%d" % i for i in range(10000)) + "\n" +
                           ",".join(str(i) for i in range(10000)) + "\n"), subset=True),
        Case("100k-element IN list", ["-csv"] + script(
            "in.sql", "SELECT 99999 IN (%s) AS x;" % ",".join(str(i) for i in range(100000))),
             expect_output("x\ntrue\n")),
        Case("10k statements in one script", ["-csv"] + script(
            "many.sql", "SELECT 1 AS x;\n" * 9999 + "SELECT 2 AS y;\n"),
             expect_output("x\n1\n" * 9999 + "y\n2\n")),
        Case("unterminated string at end", script("unterminated.sql", "SELECT 'abc"),
             expect_error(r"unterminated"), subset=True),
        Case("unterminated comment at end", script("comment.sql", "SELECT 1 /* never closed"),
             expect_error(), subset=True),
        Case("unterminated quoted identifier", script("identifier.sql", 'SELECT "abc'),
             expect_error(), subset=True),
        Case("NUL byte inside a statement", ["-csv"], expect_error(),
             stdin=b"SELECT 1\0 AS x;\n", subset=True),
        Case("huge integer literal", ["-c", "SELECT %s + 1;" % ("9" * 5000)], expect_error()),
        # UNION ALL streams its inputs: 60 million rows pass through it in little memory.
        Case("60M rows through UNION ALL", ["-csv", "-c",
             "SELECT count(*) AS n FROM (SELECT range AS x FROM range(30000000) "
             "UNION ALL SELECT range FROM range(30000000));"],
             expect_output("n\n60000000\n"), max_rss_kb=150 * 1024),
        Case("integer overflow", ["-c", "SELECT 9223372036854775807 + 1;"],
             expect_error(r"overflow"), subset=True),
        Case("division by zero", ["-c", "SELECT 1 // 0;"], expect_error()),
    ]


# ---------------------------------------------------------------------------------------
# Cases: CSV files


def write(path, data):
    with open(path, "wb") as file:
        file.write(data)
    return path


def gzip_bytes(data):
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


HUGE_LINE_NUMBER = 40002


def make_huge_line_file(path, megabytes):
    """A header, 40,000 short rows (more than the sniffer's first read), then one line of
    `megabytes` MB written in 1 MB pieces, then one more row."""
    piece = b"x" * (1 << 20)
    with open(path, "wb") as file:
        file.write(b"id,text\n")
        file.write(b"".join(b"%d,short\n" % i for i in range(HUGE_LINE_NUMBER - 2)))
        file.write(b"2,")
        for _ in range(megabytes):
            file.write(piece)
        file.write(b"\n3,after\n")


def csv_cases(directory, include_huge_line):
    def path(name):
        return os.path.join(directory, name)

    def query(sql, *args):
        return ["-csv", "-c", sql] + list(args)

    cases = []
    numbers = b"".join(b"%d,v%d\n" % (i, i) for i in range(100000))
    write(path("ok.csv"), b"a,b\n1,x\n2,y\n")

    write(path("delimiters.csv"), b",,,,\n" * 5)
    cases.append(Case("only delimiters", query(
        "SELECT count(*) AS n, count(column0) AS c FROM '%s';" % path("delimiters.csv")),
        expect_output("n,c\n5,0\n"), subset=True))
    write(path("ragged_delimiters.csv"), b",,,,,,\n,,,,,,\n,,,\n")
    cases.append(Case("only delimiters, ragged", query(
        "SELECT count(*) FROM '%s';" % path("ragged_delimiters.csv")),
        expect_error(r"line 3.*expected 7 fields but found 4")))
    write(path("quotes_odd.csv"), b'"' * 1001)
    cases.append(Case("only quotes (odd count)", query(
        "SELECT count(*) AS n FROM '%s';" % path("quotes_odd.csv")),
        expect_output("n\n1\n"), subset=True))
    write(path("quotes_unterminated.csv"), b'a,b\n1,"never closed\n2,x\n')
    cases.append(Case("unterminated quote, quote given", query(
        "SELECT * FROM read_csv('%s', quote='\"');" % path("quotes_unterminated.csv")),
        expect_error(r"quote"), subset=True))
    write(path("nul.csv"), b"a,b\n1,\0x\n2,y\n")
    cases.append(Case("NUL bytes", query("SELECT * FROM '%s';" % path("nul.csv")),
                      expect_error(r"nul\.csv.*binary data at byte 6"), subset=True))
    generator = random.Random(7)
    write(path("binary.csv"), bytes(generator.getrandbits(8) for _ in range(100000)))
    cases.append(Case("random binary file", query("SELECT * FROM '%s';" % path("binary.csv")),
                      expect_error(r"binary\.csv"), subset=True))
    write(path("utf8.csv"), b"a,b\n1,\xff\xfe\n2,\xc3\n3,ok\n")
    cases.append(Case("invalid UTF-8 prints as U+FFFD", [
        "-json", "-c", "SELECT a, b FROM '%s' ORDER BY a;" % path("utf8.csv")],
        expect_output('{"a":1,"b":"\ufffd\ufffd"}\n{"a":2,"b":"\ufffd"}\n{"a":3,"b":"ok"}\n'),
        subset=True))

    truncated = gzip_bytes(numbers)
    write(path("truncated.csv.gz"), truncated[:len(truncated) // 2])
    cases.append(Case("gzip truncated mid-stream", query(
        "SELECT count(*) FROM '%s';" % path("truncated.csv.gz")),
        expect_error(r"truncated\.csv\.gz"), subset=True))
    if shutil.which("zstd"):
        zstd = subprocess.run(["zstd", "-q", "-c"], input=numbers, stdout=subprocess.PIPE,
                              timeout=COMMAND_TIMEOUT, check=True).stdout
        write(path("garbage.csv.zst"), zstd + b"this is not a zstd frame" * 10)
        cases.append(Case("zstd with garbage appended", query(
            "SELECT count(*) FROM '%s';" % path("garbage.csv.zst")),
            expect_error(r"garbage\.csv\.zst"), subset=True))
    write(path("not_gzip.csv.gz"), b"a,b\n1,2\n")
    cases.append(Case("plain text named .gz (compression is detected from the bytes)", query(
        "SELECT sum(b) AS s FROM '%s';" % path("not_gzip.csv.gz")), expect_output("s\n2\n")))
    write(path("not_gzip.csv"), b"a,b\n1,2\n")
    cases.append(Case("plain text read with compression='gzip'", query(
        "SELECT * FROM read_csv('%s', compression='gzip');" % path("not_gzip.csv")),
        expect_error(r"Corrupt gzip data in .*not_gzip\.csv")))

    os.mkdir(path("folder.csv"))
    cases.append(Case("a directory", query("SELECT * FROM '%s';" % path("folder.csv")),
                      expect_error(r"is a directory"), subset=True))
    if os.geteuid() != 0:
        write(path("unreadable.csv"), b"a\n1\n")
        os.chmod(path("unreadable.csv"), 0)
        cases.append(Case("unreadable file", query(
            "SELECT * FROM '%s';" % path("unreadable.csv")),
            expect_error(r"unreadable\.csv.*(permission|denied)"), subset=True))
    cases.append(Case("missing file", query("SELECT * FROM '%s';" % path("missing.csv")),
                      expect_error(r"missing\.csv"), subset=True))
    write(path("empty.csv"), b"")
    cases.append(Case("empty file", query("SELECT * FROM '%s';" % path("empty.csv")),
                      expect_error(r"empty\.csv.* is empty"), subset=True))
    cases.append(Case("empty file with columns", query(
        "SELECT count(*) AS n FROM read_csv('%s', columns={'a': 'INTEGER'});"
        % path("empty.csv")), expect_output("n\n0\n")))
    write(path("header.csv"), b"a,b\n")
    cases.append(Case("header-only file", query(
        "SELECT count(*) AS n FROM read_csv('%s', header=true);" % path("header.csv")),
        expect_output("n\n0\n"), subset=True))
    cases.append(Case("header-only file names its columns", query(
        "SELECT b, a FROM read_csv('%s', header=true);" % path("header.csv")),
        expect_output("b,a\n")))
    write(path("blank_lines.csv"), b"\n\n\r\n\n")
    cases.append(Case("only blank lines", query("SELECT * FROM '%s';" % path("blank_lines.csv")),
                      expect_error(r"blank_lines\.csv")))
    write(path("skip_all.csv"), b"a,b\n1,2\n")
    cases.append(Case("skip more lines than the file has", query(
        "SELECT * FROM read_csv('%s', skip=9223372036854775807);" % path("skip_all.csv")),
        expect_error(r"no lines left after skip=9223372036854775807"), subset=True))

    write(path("mixed_endings.csv"), b"a,b\r\n1,x\n2,y\r\n3,z\n4,w")
    cases.append(Case("CRLF/LF mix", query(
        "SELECT sum(a) AS s, string_agg(b, '') AS t FROM '%s';" % path("mixed_endings.csv")),
        expect_output("s,t\n10,xyzw\n"), subset=True))
    write(path("cr_only.csv"), b"a,b\r1,x\r2,y\r")
    cases.append(Case("CR-only line ends", query(
        "SELECT sum(a) AS s FROM '%s';" % path("cr_only.csv")), expect_output("s\n3\n")))

    wide_header = ",".join("c%d" % i for i in range(10000)).encode()
    wide_rows = b"".join(",".join(str(i + r) for i in range(10000)).encode() + b"\n"
                         for r in range(3))
    write(path("wide.csv"), wide_header + b"\n" + wide_rows)
    cases.append(Case("10k-column CSV", query(
        "SELECT count(*) AS n, sum(c9999) AS s FROM '%s';" % path("wide.csv")),
        expect_output("n,s\n3,%d\n" % (9999 + 10000 + 10001)), subset=True))

    glob_directory = path("many")
    os.mkdir(glob_directory)
    for i in range(2000):
        write(os.path.join(glob_directory, "part%04d.csv" % i), b"k,v\n%d,1\n" % i)
    cases.append(Case("2,000 tiny files in a glob", query(
        "SELECT count(*) AS n, sum(k) AS s, sum(v) AS v FROM '%s/*.csv';" % glob_directory),
        expect_output("n,s,v\n2000,%d,2000\n" % sum(range(2000))), subset=True))
    shutil.copytree(glob_directory, path("many_odd"))
    write(path("many_odd/part9999.csv"), b"k,v,extra\n1,2,3\n")
    cases.append(Case("glob with one differently shaped file", query(
        "SELECT count(*) FROM '%s/*.csv';" % path("many_odd")),
        expect_error(r"part9999\.csv")))

    write(path("max_line.csv"), b"a\n" + b"y" * 5000 + b"\n")
    cases.append(Case("line longer than a small max_line_size", query(
        "SELECT count(*) FROM read_csv('%s', max_line_size=1000);" % path("max_line.csv")),
        expect_error(r"max_line_size"), subset=True))
    cases.append(Case("same line within a larger max_line_size", query(
        "SELECT length(a) AS n FROM read_csv('%s', max_line_size=6000);" % path("max_line.csv")),
        expect_output("n\n5000\n")))
    # max_line_size counts the bytes of a line without its line break.
    write(path("exact.csv"), b"a,b\r\n1234,567\r\n12,3\n")
    cases.append(Case("line of exactly max_line_size bytes", query(
        "SELECT sum(b) AS s FROM read_csv('%s', max_line_size=8);" % path("exact.csv")),
        expect_output("s\n570\n"), subset=True))
    cases.append(Case("line one byte over max_line_size", query(
        "SELECT sum(b) AS s FROM read_csv('%s', max_line_size=7);" % path("exact.csv")),
        expect_error(r"line 2: line is longer than max_line_size \(7 bytes\)")))
    write(path("long_late.csv"), b"a,b\n" + b"".join(b"%d,z\n" % i for i in range(5000)) +
          b"1," + b"w" * 300000 + b"\n")
    cases.append(Case("long line beyond the sample", query(
        "SELECT count(*) FROM read_csv('%s', sample_size=10, max_line_size=100000);"
        % path("long_late.csv")), expect_error(r"line 5002.*max_line_size"), subset=True))

    if include_huge_line:
        huge = path("huge_line.csv")
        make_huge_line_file(huge, HUGE_LINE_MEGABYTES)
        cases.append(Case("%d MB single line" % HUGE_LINE_MEGABYTES, query(
            "SELECT count(*) FROM '%s';" % huge),
            expect_error(r"huge_line\.csv.* line %d: line is longer than max_line_size"
                         % HUGE_LINE_NUMBER),
            max_seconds=HUGE_LINE_SECONDS, max_rss_kb=HUGE_LINE_MAX_RSS_KB))
        cases.append(Case("%d MB single line, whole file sampled" % HUGE_LINE_MEGABYTES, query(
            "SELECT count(*) FROM read_csv('%s', sample_size=-1);" % huge),
            expect_error(r"line %d: line is longer than max_line_size" % HUGE_LINE_NUMBER),
            max_seconds=HUGE_LINE_SECONDS, max_rss_kb=HUGE_LINE_MAX_RSS_KB))

    # A long line is fine when max_line_size allows it: read in time and memory linear in it.
    long_megabytes = 64
    with open(path("allowed_long.csv"), "wb") as file:
        file.write(b"id,text\n" + b"".join(b"%d,short\n" % i for i in range(40000)) + b"7,")
        for _ in range(long_megabytes):
            file.write(b"z" * (1 << 20))
        file.write(b"\n8,end\n")
    cases.append(Case("%d MB line allowed by max_line_size" % long_megabytes, query(
        "SELECT max(length(text)) AS n, count(*) AS c FROM read_csv('%s', max_line_size=%d);"
        % (path("allowed_long.csv"), 100 << 20)),
        expect_output("n,c\n%d,40002\n" % (long_megabytes << 20)), max_seconds=15,
        max_rss_kb=1024 * 1024))

    cases.extend(option_cases(path("ok.csv")))
    return cases


def option_cases(csv_path):
    """Every read_csv option with values of the wrong type or out of range."""
    bad = [
        ("delim", "'ab'", r"'delim'.*single character"),
        ("delim", "''", r"'delim'.*single character"),
        ("delim", "1", r"'delim'.*expected a string"),
        ("delim", "NULL", r"'delim'"),
        ("sep", "'\n'", r"'sep'"),
        ("quote", "'ab'", r"'quote'"),
        ("quote", "1", r"'quote'"),
        ("escape", "'ab'", r"'escape'"),
        ("escape", "true", r"'escape'"),
        ("header", "'maybe'", r"'header'.*true or false"),
        ("header", "2", r"'header'"),
        ("header", "NULL", r"'header'"),
        ("auto_detect", "'sometimes'", r"'auto_detect'"),
        ("auto_detect", "false", r"auto_detect=false needs columns"),
        ("all_varchar", "3", r"'all_varchar'"),
        ("filename", "'x'", r"'filename'"),
        ("null_padding", "1.5", r"'null_padding'"),
        ("ignore_errors", "DATE '2024-01-01'", r"'ignore_errors'"),
        ("sample_size", "-5", r"'sample_size'.*>= -1"),
        ("sample_size", "0", r"'sample_size'"),
        ("sample_size", "'abc'", r"'sample_size'.*integer"),
        ("sample_size", "1.5", r"'sample_size'.*integer"),
        ("sample_size", "99999999999999999999", r"'sample_size'"),
        ("skip", "-1", r"'skip'.*>= 0"),
        ("skip", "'x'", r"'skip'"),
        ("max_line_size", "0", r"'max_line_size'.*>= 1"),
        ("max_line_size", "-10", r"'max_line_size'"),
        ("max_line_size", "'big'", r"'max_line_size'"),
        ("nullstr", "1", r"'nullstr'.*string"),
        ("compression", "'lzma'", r"compression.*gzip"),
        ("compression", "1", r"compression"),
        ("compression", "'gzip'", r"Corrupt gzip"),
        ("compression", "'zstd'", r"Corrupt zstd"),
        ("columns", "'a'", r"'columns'.*struct"),
        ("columns", "{}", r"'columns'.*at least one"),
        ("columns", "{'a': 'NOTATYPE', 'b': 'INTEGER'}", r"'columns'.*unknown type 'NOTATYPE'"),
        ("columns", "{'a': 1, 'b': 'INTEGER'}", r"'columns'.*string"),
        ("columns", "{'a': 'INTEGER'}", r"'columns' lists 1 columns but .* has 2"),
        ("columns", "{'a': 'INTEGER', 'b': 'INTEGER'}", r"could not convert \"x\""),
        ("types", "{'a': 'NOTATYPE'}", r"'types'.*unknown type"),
        ("types", "{'zz': 'INTEGER'}", r"no column named 'zz'"),
        ("types", "{'a': 'DECIMAL(100,2)'}", r"DECIMAL width"),
        ("types", "{'b': 'INTEGER'}", r"could not convert \"x\""),
        ("dtypes", "'a'", r"'dtypes'.*struct"),
        ("bogus", "1", r"Unknown read_csv option 'bogus'"),
    ]
    cases = []
    for index, (option, value, pattern) in enumerate(bad):
        sql = "SELECT * FROM read_csv('%s', %s=%s);" % (csv_path, option, value)
        cases.append(Case("read_csv %s=%s" % (option, value), ["-c", sql],
                          expect_error(pattern), subset=index % 4 == 0))
    cases.append(Case("read_csv delim and sep both", ["-c", "SELECT * FROM read_csv('%s', "
                      "delim=',', sep=',');" % csv_path], expect_error(r"more than once")))
    cases.append(Case("read_csv of a number", ["-c", "SELECT * FROM read_csv(1);"],
                      expect_error(r"file path")))
    cases.append(Case("read_csv of nothing", ["-c", "SELECT * FROM read_csv();"],
                      expect_error(r"file path")))
    cases.append(Case("read_csv of an empty glob", ["-c", "SELECT * FROM read_csv('%s');"
                      % (csv_path + ".nothing*")], expect_error(r"No files found")))
    return cases


# ---------------------------------------------------------------------------------------
# Interrupts and the interactive shell


def make_cross_join_file(directory):
    path = os.path.join(directory, "numbers.csv")
    with open(path, "w") as file:
        file.write("x\n")
        for i in range(3000):
            file.write("%d\n" % i)
    return path


def long_query(path):
    # 2.7e10 combinations: minutes of work, far more than the test waits.
    return ("SELECT count(*) FROM '%s' a, '%s' b, '%s' c WHERE a.x + b.x + c.x = -1;"
            % (path, path, path))


def check_sigint(binary, directory, runner, label):
    """SIGINT to `tarn -c` in the middle of a long query: prompt non-zero exit, no crash."""
    name = "%sSIGINT during a long -c query" % label
    path = make_cross_join_file(directory)
    with tempfile.TemporaryFile() as err_file:
        process = subprocess.Popen([binary, "-c", long_query(path)], stdout=subprocess.DEVNULL,
                                   stderr=err_file)
        time.sleep(2)
        if process.poll() is not None:
            runner.record(name, "the query ended before the interrupt (status %d)"
                          % process.returncode)
            return
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            runner.record(name, "still running 10 s after SIGINT")
            return
        seconds = time.monotonic() - sent
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
        outcome = Outcome(process.returncode, "", err, seconds, 0, False)
        problem = None
        if process.returncode == 0:
            problem = "exit status 0 after an interrupt"
        elif process.returncode < 0 and process.returncode != -signal.SIGINT:
            problem = "killed by signal %d" % -process.returncode
        elif any(marker in err for marker in SANITIZER_MARKERS):
            problem = "sanitizer report"
        elif process.returncode > 0 and "interrupt" not in err.lower():
            problem = "no message about the interrupt"
        elif seconds > 5:
            problem = "took %.1f s to stop" % seconds
        runner.record(name, problem, outcome)


class Terminal:
    """tarn in a pseudo-terminal, for the interactive shell."""

    def __init__(self, binary, home):
        environment = dict(os.environ, HOME=home, TERM="dumb", COLUMNS="100")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(binary, [binary], environment)
        self.buffer = b""

    def expect(self, text, timeout=20):
        deadline = time.monotonic() + timeout
        needle = text.encode()
        while needle not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("waited %d s for %r; got %r" % (timeout, text,
                                                                   self.buffer[-400:]))
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise TimeoutError("shell closed while waiting for %r; got %r"
                                       % (text, self.buffer[-400:]))
                self.buffer += chunk
        index = self.buffer.index(needle) + len(needle)
        seen = self.buffer[:index]
        self.buffer = self.buffer[index:]
        return seen.decode("utf-8", "replace")

    def send_line(self, text):
        os.write(self.fd, text.encode() + b"\r")

    def finish(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            try:
                select.select([self.fd], [], [], 0.1)
                os.read(self.fd, 65536)
            except OSError:
                pass
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        return None


def check_shell_survives_errors(binary, directory, runner, label):
    name = "%sinteractive shell usable after errors" % label
    generator = random.Random(99)
    bad_inputs = [
        "SELEC 1;", "SELECT * FROM no_such_table;", "SELECT 1 +;", "SELECT 1 // 0;",
        "SELECT * FROM '%s';" % os.path.join(directory, "missing.csv"),
        "SELECT * FROM read_csv('x', delim=1);", "SELECT (((((1;", ".nonsense",
        "SELECT 9223372036854775807 + 1;",
    ] + [" ".join(generator.choice(SQL_TOKENS[:40]) for _ in range(8)) + " ;"
         for _ in range(10)]
    home = tempfile.mkdtemp(dir=directory)
    terminal = Terminal(binary, home)
    problem = None
    try:
        terminal.expect("tarn> ")
        for index, text in enumerate(bad_inputs):
            terminal.send_line(text)
            # The echoed input never holds the text the result prints.
            terminal.send_line("SELECT 'mark' || 'er_%d' AS m;" % index)
            terminal.expect("marker_%d" % index)
            terminal.expect("tarn> ")
        terminal.send_line("SELECT 6 * 7 AS answer;")
        result = terminal.expect("tarn> ")
        if "42" not in result:
            problem = "the last query printed %r" % result[-300:]
        terminal.send_line(".exit")
        status = terminal.finish()
        if problem is None and status != 0:
            problem = "shell exit status %r after .exit" % status
    except TimeoutError as error:
        terminal.finish(timeout=1)
        problem = str(error)
    runner.record(name, problem)


# ---------------------------------------------------------------------------------------


def main():
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    flags = [argument for argument in sys.argv[1:] if argument.startswith("--")]
    unknown = [flag for flag in flags if flag != "--sanitized"]
    if not arguments or len(arguments) > 2 or unknown:
        print("usage: test_robustness.py TARN [SANITIZER_TARN] [--sanitized]", file=sys.stderr)
        print("robustness: 0 passed, 1 failed")
        return 1
    binaries = [os.path.abspath(argument) for argument in arguments]
    for binary in binaries:
        if not os.access(binary, os.X_OK):
            print("test_robustness.py: %s is not an executable" % binary, file=sys.stderr)
            print("robustness: 0 passed, 1 failed")
            return 1
    main_is_sanitized = "--sanitized" in flags
    # A sanitizer build reports leaks and UB; make it exit instead of continuing.
    os.environ.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1")
    os.environ.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")

    runner = Runner()
    directory = tempfile.mkdtemp(prefix="tarn_robustness_")
    started = time.monotonic()
    try:
        sql_directory = os.path.join(directory, "sql")
        csv_directory = os.path.join(directory, "csv")
        os.mkdir(sql_directory)
        os.mkdir(csv_directory)
        cases = random_sql_cases(seed=20240601, count=150)
        cases += long_sql_cases(sql_directory)
        cases += csv_cases(csv_directory, include_huge_line=not main_is_sanitized)
        plans = [(binaries[0], main_is_sanitized, "")]
        if len(binaries) == 2:
            plans.append((binaries[1], True, "[sanitizer] "))
        for binary, subset_only, label in plans:
            selected = [case for case in cases if case.subset or not subset_only]
            for case in selected:
                labelled = Case(label + case.name, case.args, case.check, case.stdin,
                                timeout=case.timeout * (4 if subset_only else 1),
                                max_seconds=case.max_seconds, max_rss_kb=case.max_rss_kb)
                runner.run_case(binary, labelled, csv_directory)
            check_sigint(binary, directory, runner, label)
            check_shell_survives_errors(binary, directory, runner, label)
    finally:
        for root, folders, _ in os.walk(directory):
            for folder in folders:
                os.chmod(os.path.join(root, folder), stat.S_IRWXU)
        shutil.rmtree(directory, ignore_errors=True)
    print("(%.1f s)" % (time.monotonic() - started))
    print("robustness: %d passed, %d failed" % (runner.passed, runner.failed))
    return 0 if runner.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
