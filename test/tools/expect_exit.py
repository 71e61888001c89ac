#!/usr/bin/python3
"""usage: expect_exit.py STATUS COMMAND...  — runs COMMAND, passes its output
through, and fails unless it exits with exactly STATUS."""
import subprocess
import sys

expected = int(sys.argv[1])
result = subprocess.run(sys.argv[2:])
if result.returncode != expected:
    sys.exit("expected exit status %d, got %d" % (expected, result.returncode))
