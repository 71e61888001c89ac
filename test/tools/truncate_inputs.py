#!/usr/bin/python3
"""Runs asynclint on truncated and token-damaged copies of source files.

usage: truncate_inputs.py TMP FILE... -- FLAGS

Each file is cut at evenly spaced points and also has a few tokens deleted
(deterministic seed). Parse errors are expected; a crash (a signal, or an
exit status other than 0, 1 or 2) fails.
"""
import os
import random
import subprocess
import sys

CUTS = 6
ASYNCLINT = os.path.join(os.environ.get("ASYNCLINT_BUILD_DIR", "build"), "bin", "asynclint")

split = sys.argv.index("--")
tmp, files, flags = sys.argv[1], sys.argv[2:split], sys.argv[split + 1:]
os.makedirs(tmp, exist_ok=True)
rng = random.Random(20261127)
variants = 0
for path in files:
    text = open(path, encoding="utf-8", errors="replace").read()
    damaged = [text[: len(text) * i // CUTS] for i in range(1, CUTS)]
    words = text.split(" ")
    for _ in range(3):
        dropped = list(words)
        for _ in range(5):
            if dropped:
                del dropped[rng.randrange(len(dropped))]
        damaged.append(" ".join(dropped))
    for n, variant in enumerate(damaged):
        copy = os.path.join(tmp, f"{os.path.basename(path)}.{n}.cpp")
        with open(copy, "w") as f:
            f.write(variant)
        result = subprocess.run([ASYNCLINT, "--quiet", copy, "--"] + flags,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                errors="replace")
        variants += 1
        if result.returncode not in (0, 1, 2):
            print(result.stderr[-2000:])
            sys.exit(f"asynclint crashed (status {result.returncode}) on {copy}")
print(f"{variants} damaged inputs analysed without a crash")
