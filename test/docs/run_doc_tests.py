#!/usr/bin/python3
"""Runs the SQL examples in the documentation through `tarn` and checks their output.

Usage: /usr/bin/python3 test/docs/run_doc_tests.py PATH_TO_TARN [DOCS_DIR]

Every ```sql block of every Markdown file under DOCS_DIR (default: docs/ of the source
tree) is run, in order, by one `tarn` process per file (so later blocks see the tables that
earlier blocks created), with the repository root as the working directory. A block must
succeed. When a ```sql block is followed (only blank lines between) by a ```result block,
the block's output in csv mode must equal the result block (trailing spaces and trailing
blank lines ignored). Blocks fenced as ```sql skip are shown to readers but not run.

Prints one line per failure and finally `docs: N passed, M failed` (N, M count blocks).
"""

import os
import re
import subprocess
import sys

FENCE = re.compile(r"^\s*```+\s*([A-Za-z0-9_-]*)\s*(.*?)\s*$")
MARKER = "@@tarn-doc-block-%d@@"
END_MARKER = "@@tarn-doc-end@@"
TIMEOUT_SECONDS = 300


class Block:
    def __init__(self, language, options, text, line):
        self.language = language
        self.options = options
        self.text = text
        self.line = line
        self.expected = None


def parse_blocks(path):
    """Returns the fenced blocks of a Markdown file, with ```result blocks attached to the
    ```sql block right before them."""
    with open(path, encoding="utf-8") as markdown:
        lines = markdown.read().splitlines()
    blocks = []
    index = 0
    previous_end = -1
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        start = index
        fence = lines[index].strip()
        fence_marker = fence[:len(fence) - len(fence.lstrip("`"))]
        index += 1
        body = []
        while index < len(lines) and not lines[index].strip().startswith(fence_marker):
            body.append(lines[index])
            index += 1
        index += 1  # The closing fence.
        block = Block(match.group(1).lower(), match.group(2).lower().split(), "\n".join(body),
                      start + 1)
        between = lines[previous_end + 1:start] if previous_end >= 0 else ["x"]
        if (block.language == "result" and blocks and blocks[-1].language == "sql"
                and all(not line.strip() for line in between)):
            blocks[-1].expected = block.text
        else:
            blocks.append(block)
        previous_end = index - 1
    return [block for block in blocks if block.language == "sql"]


def normalize(text):
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def run_file(tarn, root, path, blocks):
    """Runs the runnable blocks of one file; returns (passed, failures)."""
    runnable = [block for block in blocks if "skip" not in block.options]
    if not runnable:
        return 0, []
    script = [".mode csv"]
    for number, block in enumerate(runnable):
        script.append(".print " + MARKER % number)
        text = block.text.rstrip()
        script.append(text if text.endswith(";") else text + "\n;")
    script.append(".print " + END_MARKER)
    try:
        completed = subprocess.run([tarn], input=("\n".join(script) + "\n").encode(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=root,
                                   timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return 0, ["%s: timed out after %d s" % (path, TIMEOUT_SECONDS)]
    stdout = completed.stdout.decode("utf-8", "replace")
    stderr = completed.stderr.decode("utf-8", "replace").strip()

    outputs = {}
    current = None
    finished = False
    for line in stdout.split("\n"):
        marker = re.fullmatch(r"@@tarn-doc-block-(\d+)@@", line)
        if marker:
            current = int(marker.group(1))
            outputs[current] = []
        elif line == END_MARKER:
            finished = True
            current = None
        elif current is not None:
            outputs[current].append(line)

    passed = 0
    failures = []
    for number, block in enumerate(runnable):
        where = "%s:%d" % (path, block.line)
        if number not in outputs:
            failures.append("%s: not run (an earlier block failed)" % where)
            continue
        last_started = number == max(outputs)
        if last_started and not finished:
            failures.append("%s: failed (exit status %d)\n%s\n%s" %
                            (where, completed.returncode, indent(block.text), indent(stderr)))
            continue
        if block.expected is not None:
            actual = normalize("\n".join(outputs[number]))
            expected = normalize(block.expected)
            if actual != expected:
                failures.append("%s: output differs\n%s\n  expected:\n%s\n  actual:\n%s" %
                                (where, indent(block.text), indent(expected), indent(actual)))
                continue
        passed += 1
    if finished and completed.returncode != 0:
        failures.append("%s: tarn exited with status %d\n%s" %
                        (path, completed.returncode, indent(stderr)))
    return passed, failures


def indent(text):
    return "\n".join("    " + line for line in text.split("\n"))


def main():
    if len(sys.argv) < 2:
        print("usage: run_doc_tests.py PATH_TO_TARN [DOCS_DIR]", file=sys.stderr)
        return 2
    tarn = os.path.abspath(sys.argv[1])
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    docs = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.path.join(root, "docs")
    markdown_files = []
    for directory, _, names in os.walk(docs):
        markdown_files += [os.path.join(directory, name) for name in names
                           if name.endswith(".md")]
    total_passed = 0
    total_failed = 0
    for path in sorted(markdown_files):
        blocks = parse_blocks(path)
        passed, failures = run_file(tarn, root, os.path.relpath(path, root), blocks)
        total_passed += passed
        total_failed += len(failures)
        for failure in failures:
            print("FAIL " + failure)
    print("docs: %d passed, %d failed" % (total_passed, total_failed))
    return 0 if total_failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
