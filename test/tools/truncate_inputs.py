#!/usr/bin/python3
"""Runs asynclint on truncated and token-damaged copies of source files.

usage: truncate_inputs.py TMP PATH... -- FLAGS

A PATH that is a directory stands for every .cpp file below it. Each file is
cut at evenly spaced points and also has a few tokens deleted (deterministic
seed). All copies go through one asynclint run over every core, as a project
would: parse errors are expected; a crash fails (a signal, an exit status
other than 0, 1 or 2, or a unit asynclint reports as crashed).
"""
import os
import random
import subprocess
import sys

CUTS = 4
TOKEN_VARIANTS = 1
ASYNCLINT = os.path.join(os.environ.get("ASYNCLINT_BUILD_DIR", "build"), "bin", "asynclint")


def sources(paths):
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "Inputs")
            yield from (os.path.join(root, f) for f in sorted(files) if f.endswith(".cpp"))


def damaged_copies(text, rng):
    copies = [text[: len(text) * i // CUTS] for i in range(1, CUTS)]
    words = text.split(" ")
    for _ in range(TOKEN_VARIANTS):
        dropped = list(words)
        for _ in range(5):
            if dropped:
                del dropped[rng.randrange(len(dropped))]
        copies.append(" ".join(dropped))
    return copies


def main():
    split = sys.argv.index("--")
    tmp, paths, flags = sys.argv[1], sys.argv[2:split], sys.argv[split + 1:]
    os.makedirs(tmp, exist_ok=True)
    rng = random.Random(20261127)
    copies = []
    for path in sources(paths):
        text = open(path, encoding="utf-8", errors="replace").read()
        stem = path.replace(os.sep, "_")
        for n, variant in enumerate(damaged_copies(text, rng)):
            copy = os.path.join(tmp, f"{stem}.{n}.cpp")
            with open(copy, "w") as f:
                f.write(variant)
            copies.append(copy)
    result = subprocess.run([ASYNCLINT, "--quiet"] + copies + ["--"] + flags,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            errors="replace")
    crashes = [line for line in result.stderr.splitlines() if "crashed while analysing" in line]
    if result.returncode not in (0, 1, 2) or crashes:
        print("\n".join(crashes) or result.stderr[-2000:])
        sys.exit(f"asynclint crashed (status {result.returncode})")
    print(f"{len(copies)} damaged inputs analysed without a crash")


if __name__ == "__main__":
    main()
