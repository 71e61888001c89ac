#!/usr/bin/python3
"""Checks the check documentation against the checks themselves.

usage: check_docs.py ROOT BUILD

Every check the CLI lists has docs/checks/<check>.md with the common
skeleton, `asynclint --explain` prints exactly that page, and every option
the check stores (clang-tidy --dump-config) is documented on it.
"""
import os
import re
import subprocess
import sys

SECTIONS = ["## What it flags", "## Why it breaks at runtime", "## Example",
            "## The fix", "## Fix safety", "## Options", "## Not flagged",
            "## Limits"]
SHARED_OPTIONS = {"IncludeStyle"}

root, build = sys.argv[1:3]
asynclint = os.path.join(build, "bin", "asynclint")
checks = subprocess.run([asynclint, "--list-checks"], capture_output=True,
                        text=True, check=True).stdout.split()
config = subprocess.run(
    ["/usr/lib/llvm-22/bin/clang-tidy", "-load",
     os.path.join(build, "lib", "libasynclint-tidy.so"),
     "--checks=-*,async-*", "--dump-config"],
    capture_output=True, text=True, check=True).stdout
stored = re.findall(r"^\s+(async-[\w-]+)\.(\w+):", config, re.M)

problems = []
if not checks:
    problems.append("no checks listed")
for check in checks:
    path = os.path.join(root, "docs", "checks", check + ".md")
    if not os.path.isfile(path):
        problems.append(f"{check}: no page {path}")
        continue
    page = open(path).read()
    if not page.startswith("# " + check + "\n"):
        problems.append(f"{check}: page must start with '# {check}'")
    for section in SECTIONS:
        if section not in page:
            problems.append(f"{check}: missing section '{section}'")
    explained = subprocess.run([asynclint, "--explain", check],
                               capture_output=True, text=True).stdout
    if explained != page:
        problems.append(f"{check}: --explain does not print the page")
    for owner, option in stored:
        if owner == check and option not in SHARED_OPTIONS and \
                f"`{option}`" not in page:
            problems.append(f"{check}: option {option} is not documented")

for problem in problems:
    print(problem)
print(f"{len(checks)} check pages, {len(stored)} stored options checked")
sys.exit(1 if problems else 0)
