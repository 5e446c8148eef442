"""The command-line entry of the unittest suites under test/cli that run one `tarn` binary.

A suite calls run(suite_name, set_binary) from its main(): the first argument is the binary
under test (handed to set_binary as an absolute path), the rest go to unittest. The last line
printed is `SUITE: N passed, M failed`, the line scripts/run_tests.sh counts.
"""

import os
import sys
import unittest


def run(suite_name, set_binary):
    script = os.path.basename(sys.argv[0])
    if len(sys.argv) < 2:
        print("usage: %s PATH_TO_TARN [unittest options]" % script, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    if not os.access(binary, os.X_OK):
        print("%s: %s is not an executable" % (script, binary), file=sys.stderr)
        print("%s: 0 passed, 1 failed" % suite_name)
        return 1
    set_binary(binary)
    program = unittest.main(module="__main__", argv=[sys.argv[0]] + sys.argv[2:], exit=False,
                            verbosity=2)
    result = program.result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    sys.stdout.flush()
    sys.stderr.flush()
    print("%s: %d passed, %d failed" % (suite_name, passed, failed))
    return 0 if failed == 0 else 1
