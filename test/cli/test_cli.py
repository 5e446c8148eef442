#!/usr/bin/python3
"""End-to-end tests of the `tarn` command: exit codes, output modes, error messages, and
an interactive session driven through a pseudo-terminal.

Usage: /usr/bin/python3 test/cli/test_cli.py BUILD_DIR/tarn [unittest options]

Prints the unittest summary and then a last line `cli: N passed, M failed`.
"""

import json
import os
import pty
import select
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import tarn_suite

TARN = None  # Path of the binary under test, set in main().

# The query used in every output mode, with the output each mode must print.
SAMPLE_SQL = ("SELECT 1 AS a, 'x, y' AS b, NULL AS c, 1.50 AS d, DATE '2024-01-02' AS e, "
              "true AS f;")
SAMPLE_CSV = 'a,b,c,d,e,f\n1,"x, y",,1.50,2024-01-02,true\n'
SAMPLE_JSON = {"a": 1, "b": "x, y", "c": None, "d": 1.5, "e": "2024-01-02", "f": True}
SAMPLE_LINE = "a = 1\nb = x, y\nc = NULL\nd = 1.50\ne = 2024-01-02\nf = true\n"

COMMAND_TIMEOUT = 60


def run_tarn(args, stdin_text=None, cwd=None):
    """Runs tarn to completion; returns (exit status, stdout, stderr) as text."""
    completed = subprocess.run(
        [TARN] + args, input=(stdin_text or "").encode(), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, timeout=COMMAND_TIMEOUT, cwd=cwd)
    return (completed.returncode, completed.stdout.decode("utf-8", "replace"),
            completed.stderr.decode("utf-8", "replace"))


class ExitStatusTest(unittest.TestCase):

    def test_success_is_zero(self):
        status, out, err = run_tarn(["-c", "SELECT 1 AS a;"])
        self.assertEqual(status, 0, err)
        self.assertIn("a", out)
        self.assertEqual(err, "")

    def test_sql_error_is_one_with_message_on_stderr(self):
        status, out, err = run_tarn(["-c", "SELECT * FROM no_such_table_here;"])
        self.assertEqual(status, 1)
        self.assertEqual(out, "")
        self.assertTrue(err.startswith("Error: "), err)
        self.assertIn("no_such_table_here", err)

    def test_syntax_error_shows_line_and_caret(self):
        status, out, err = run_tarn(["-c", "SELECT a FORM t;"])
        self.assertEqual(status, 1)
        self.assertTrue(err.startswith("Error: "), err)
        lines = err.splitlines()
        line_index = next((i for i, line in enumerate(lines) if line.startswith("LINE 1:")),
                          None)
        self.assertIsNotNone(line_index, err)
        self.assertIn("SELECT a FORM t", lines[line_index])
        caret_line = lines[line_index + 1]
        self.assertEqual(caret_line.strip(), "^", err)
        self.assertEqual(caret_line.index("^"), lines[line_index].index("FORM"), err)

    def test_missing_script_is_one(self):
        status, out, err = run_tarn(["/nonexistent/dir/script.sql"])
        self.assertEqual(status, 1)
        self.assertIn("Error:", err)
        self.assertIn("/nonexistent/dir/script.sql", err)

    def test_unknown_flag_is_two_with_usage(self):
        status, out, err = run_tarn(["--no-such-flag"])
        self.assertEqual(status, 2)
        self.assertIn("--no-such-flag", err)
        self.assertIn("Usage:", err)

    def test_unknown_mode_is_two(self):
        status, out, err = run_tarn(["--mode", "xml", "-c", "SELECT 1;"])
        self.assertEqual(status, 2)
        self.assertIn("xml", err)

    def test_help_and_version(self):
        status, out, err = run_tarn(["--help"])
        self.assertEqual(status, 0)
        self.assertIn("Usage:", out)
        self.assertIn("--mode", out)
        status, out, err = run_tarn(["--version"])
        self.assertEqual(status, 0)
        self.assertRegex(out, r"^tarn \d+\.\d+")

    def test_script_error_stops_at_first_failure(self):
        sql = "SELECT 1 AS first;\nSELECT * FROM no_such_table_here;\nSELECT 3 AS third;\n"
        for args, stdin_text in self._script_variants(sql):
            status, out, err = run_tarn(["-csv"] + args, stdin_text)
            self.assertEqual(status, 1, (args, err))
            self.assertEqual(out, "first\n1\n")
            self.assertNotIn("third", out)
            error_lines = [line for line in err.splitlines() if line.startswith("Error: ")]
            self.assertEqual(len(error_lines), 1, err)

    def _script_variants(self, sql):
        """Yields (args, stdin) pairs that run `sql` as -c, as a script file, and on stdin."""
        directory = tempfile.mkdtemp()
        path = os.path.join(directory, "script.sql")
        with open(path, "w") as script:
            script.write(sql)
        yield ["-c", sql], None
        yield [path], None
        yield [], sql


class OutputModeTest(unittest.TestCase):

    def run_everywhere(self, mode_args):
        """Runs SAMPLE_SQL as -c, as a script and on stdin; checks all agree; returns one."""
        directory = tempfile.mkdtemp()
        path = os.path.join(directory, "sample.sql")
        with open(path, "w") as script:
            script.write(SAMPLE_SQL + "\n")
        outputs = []
        for args, stdin_text in ((["-c", SAMPLE_SQL], None), ([path], None),
                                 ([], SAMPLE_SQL + "\n")):
            status, out, err = run_tarn(mode_args + args, stdin_text)
            self.assertEqual(status, 0, (mode_args, args, err))
            self.assertEqual(err, "")
            outputs.append(out)
        self.assertEqual(outputs[0], outputs[1])
        self.assertEqual(outputs[0], outputs[2])
        return outputs[0]

    def test_csv(self):
        self.assertEqual(self.run_everywhere(["--mode", "csv"]), SAMPLE_CSV)
        self.assertEqual(self.run_everywhere(["-csv"]), SAMPLE_CSV)

    def test_json(self):
        out = self.run_everywhere(["--mode", "json"])
        lines = out.splitlines()
        self.assertEqual(len(lines), 1, out)
        self.assertEqual(json.loads(lines[0]), SAMPLE_JSON)
        self.assertIn('"d":1.50', lines[0])  # Decimals keep their exact text.
        self.assertEqual(self.run_everywhere(["-json"]), out)

    def test_line(self):
        self.assertEqual(self.run_everywhere(["--mode", "line"]), SAMPLE_LINE)

    def test_table(self):
        out = self.run_everywhere([])
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("┌"), out)
        self.assertTrue(lines[-1].startswith("└"), out)
        header = [cell.strip() for cell in lines[1].strip("│").split("│")]
        self.assertEqual(header, ["a", "b", "c", "d", "e", "f"])
        types = [cell.strip() for cell in lines[2].strip("│").split("│")]
        self.assertEqual(types[0], "integer")
        self.assertEqual(types[1], "varchar")
        self.assertTrue(types[3].startswith("decimal"), types)
        self.assertEqual(types[4], "date")
        self.assertEqual(types[5], "boolean")
        row = [cell for cell in lines[4].strip("│").split("│")]
        self.assertEqual(row[0].strip(), "1")
        self.assertTrue(row[0].endswith("1 "), row)  # Numbers are right-aligned.
        self.assertEqual(row[2].strip(), "NULL")
        self.assertEqual(row[3].strip(), "1.50")
        self.assertEqual(self.run_everywhere(["--mode", "table"]), out)

    def test_multiple_statements_in_one_command(self):
        status, out, err = run_tarn(["-csv", "-c", "SELECT 1 AS a; SELECT 2 AS b;"])
        self.assertEqual(status, 0, err)
        self.assertEqual(out, "a\n1\nb\n2\n")

    def test_statement_without_columns_prints_nothing(self):
        status, out, err = run_tarn(["-c", "CREATE TABLE quiet (a INTEGER);"])
        self.assertEqual(status, 0, err)
        self.assertEqual(out, "")

    def test_dot_commands_in_scripts(self):
        script = ".mode csv\nSELECT 7 AS seven;\n.mode json\nSELECT 8 AS eight;\n"
        status, out, err = run_tarn([], script)
        self.assertEqual(status, 0, err)
        self.assertEqual(out, 'seven\n7\n{"eight":8}\n')

    def test_unknown_dot_command_fails_script(self):
        status, out, err = run_tarn([], ".frobnicate\nSELECT 1;\n")
        self.assertEqual(status, 1)
        self.assertIn("frobnicate", err)

    def test_last_statement_without_semicolon_runs(self):
        status, out, err = run_tarn(["-csv"], "SELECT 5 AS five")
        self.assertEqual(status, 0, err)
        self.assertEqual(out, "five\n5\n")

    def test_multi_line_statement_in_script(self):
        status, out, err = run_tarn(["-csv"], "SELECT\n  6\n  AS six\n;\n")
        self.assertEqual(status, 0, err)
        self.assertEqual(out, "six\n6\n")


class PtySession:
    """A tarn shell on a pseudo-terminal. Output is collected as text with \\r\\n turned
    into \\n; expect() waits for a string to appear after the last match."""

    def __init__(self, home):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["HOME"] = home
            os.environ["TERM"] = "xterm"
            os.environ.pop("EDITRC", None)
            try:
                os.execv(TARN, [TARN])
            finally:
                os._exit(127)
        self.output = ""
        self.position = 0
        self.status = None

    def _read(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.output += data.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, text, timeout=20):
        """Waits until `text` appears; returns the output up to and including it."""
        deadline = time.time() + timeout
        while True:
            index = self.output.find(text, self.position)
            if index >= 0:
                start = self.position
                self.position = index + len(text)
                return self.output[start:self.position]
            if time.time() > deadline or not self._read(0.1):
                index = self.output.find(text, self.position)
                if index >= 0:
                    continue
                raise AssertionError("timed out waiting for %r; output since last match:\n%s"
                                     % (text, self.output[self.position:]))

    def send(self, text):
        os.write(self.fd, text.encode())

    def send_line(self, text):
        self.send(text + "\r")

    def wait(self, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            self._read(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        raise AssertionError("the shell did not exit; output:\n" + self.output)

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
        os.close(self.fd)


class InteractiveShellTest(unittest.TestCase):

    def setUp(self):
        self.home = tempfile.mkdtemp()
        self.shell = PtySession(self.home)
        self.shell.expect("tarn> ")

    def tearDown(self):
        self.shell.close()

    def test_session(self):
        shell = self.shell
        # A statement over several lines uses the continuation prompt.
        shell.send_line("SELECT")
        shell.expect("...> ")
        shell.send_line("42 AS answer;")
        result = shell.expect("tarn> ")
        self.assertIn("answer", result)
        self.assertIn("42", result)
        self.assertIn("┌", result)

        # A bad statement reports an error, and the shell keeps answering.
        shell.send_line("SELEC 1;")
        result = shell.expect("tarn> ")
        self.assertIn("Error:", result)
        shell.send_line("SELECT 2 AS two;")
        self.assertIn("two", shell.expect("tarn> "))

        # Unknown dot commands are errors too, not the end of the session.
        shell.send_line(".frobnicate")
        self.assertIn("frobnicate", shell.expect("tarn> "))

        shell.send_line(".mode csv")
        shell.expect("tarn> ")
        shell.send_line("SELECT 3 AS three;")
        self.assertIn("three\n3\n", shell.expect("tarn> "))

        shell.send_line(".timer on")
        shell.expect("tarn> ")
        shell.send_line("SELECT 4 AS four;")
        self.assertRegex(shell.expect("tarn> "), r"Run Time: \d+\.\d{3} s")
        shell.send_line(".timer off")
        shell.expect("tarn> ")

        shell.send_line("CREATE TABLE shell_table (a INTEGER);")
        shell.expect("tarn> ")
        shell.send_line(".tables")
        self.assertIn("shell_table", shell.expect("tarn> "))

        shell.send_line(".help")
        self.assertIn(".quit", shell.expect("tarn> "))

        shell.send_line(".quit")
        self.assertEqual(shell.wait(), 0)
        # History is kept in ~/.tarn_history.
        with open(os.path.join(self.home, ".tarn_history"), encoding="utf-8",
                  errors="replace") as history:
            self.assertIn("shell_table", history.read())

    def test_ctrl_c_at_prompt_clears_the_line(self):
        shell = self.shell
        shell.send("SELECT 1 AS never_run")
        time.sleep(0.3)
        shell.send("\x03")
        shell.expect("tarn> ")
        shell.send_line("SELECT 5 AS five;")
        result = shell.expect("tarn> ")
        self.assertIn("five", result)
        self.assertNotIn("never_run", result)
        self.assertNotIn("Error", result)

    def test_ctrl_c_cancels_a_long_query(self):
        directory = tempfile.mkdtemp()
        path = os.path.join(directory, "numbers.csv")
        with open(path, "w") as data:
            data.write("x\n")
            for i in range(3000):
                data.write("%d\n" % i)
        shell = self.shell
        # 2.7e10 combinations: far more than a few seconds of work.
        shell.send_line("SELECT count(*) FROM '%s' a, '%s' b, '%s' c WHERE a.x + b.x + c.x = -1;"
                        % (path, path, path))
        time.sleep(3)
        started = time.time()
        shell.send("\x03")
        result = shell.expect("tarn> ", timeout=30)
        self.assertLess(time.time() - started, 30)
        self.assertIn("Error:", result)
        self.assertIn("interrupt", result.lower())
        shell.send_line("SELECT 6 AS six;")
        self.assertIn("six", shell.expect("tarn> "))
        shell.send_line(".exit")
        self.assertEqual(shell.wait(), 0)

    def test_ctrl_d_exits(self):
        self.shell.send("\x04")
        self.assertEqual(self.shell.wait(), 0)


def set_binary(binary):
    global TARN
    TARN = binary


def main():
    return tarn_suite.run("cli", set_binary)


if __name__ == "__main__":
    sys.exit(main())
