#!/usr/bin/python3
"""usage: expect_exit.py STATUS [--one-line] COMMAND...  — runs COMMAND, passes
its output through, and fails unless it exits with exactly STATUS. With
--one-line, standard error must also be exactly one line (a bad-input
error, not a stack dump or a cascade of messages)."""
import subprocess
import sys

expected = int(sys.argv[1])
command = sys.argv[2:]
one_line = command[:1] == ["--one-line"]
if one_line:
    command = command[1:]
result = subprocess.run(command, stderr=subprocess.PIPE if one_line else None)
if one_line:
    err = result.stderr.decode("utf-8", "replace")
    sys.stderr.write(err)
    if err.count("\n") != 1 or not err.endswith("\n"):
        sys.exit("expected exactly one line on stderr, got %d" % err.count("\n"))
if result.returncode != expected:
    sys.exit("expected exit status %d, got %d" % (expected, result.returncode))
