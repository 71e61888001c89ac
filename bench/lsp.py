#!/usr/bin/python3
"""Benchmark of `asynclint --lsp` (issue 18): how fast an editor sees
findings again after an edit.

For each TU (corpus programs, an Asio one, generated ones from generate.py):
  first      the server's first analysis of the opened file (it builds the
             precompiled preamble of the #include lines)
  reanalyse  the median analysis after a one-line edit in a function body
             (the preamble is reused), over several edits
  syntax     the median wall time of `clang++-22 -fsyntax-only` on the TU
  headers    the same for the TU's preprocessor lines alone: what the
             preamble saves; syntax - headers is the file's own code, which
             every analysis parses again
The ratio reanalyse/syntax is the figure of merit (target <= 0.30). The
analysis times are those the server logs on standard error; the editor sees
the findings a debounce delay (250 ms) after the last keystroke on top.

  bench/lsp.py [-o bench/results/latest-lsp.txt] [--edits 5]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import generate

sys.path.insert(0, os.path.join(generate.ROOT, "test", "lsp", "Inputs"))
import lsp_client  # noqa: E402

CORPUS = os.path.join(generate.ROOT, "corpus")
LOG_LINE = re.compile(r"analysed '.*' version (\d+) in (\d+) ms \((preamble \w+)\)")


def corpus_units():
    for task in ("01-callback-checkout", "02-dashboard", "03-order-enrichment",
                 "08-migration-fanout", "13-shipping-labels"):
        yield task, os.path.join(CORPUS, task, "broken.cpp"), generate.RT_FLAGS
    yield ("08-migration-fanout/asio",
           os.path.join(CORPUS, "08-migration-fanout", "asio", "broken.cpp"),
           generate.ASIO_FLAGS)


def generated_units(directory):
    for flavor, funcs in (("rt", 50), ("asio", 50), ("rt", 200)):
        path = os.path.join(directory, "generated-%s-%d.cpp" % (flavor, funcs))
        with open(path, "w") as f:
            f.write(generate.generate_tu(flavor=flavor, funcs=funcs, seed=1))
        yield "generated %s, %d functions" % (flavor, funcs), path, generate.FLAGS


def body_line(lines):
    """A statement line in the last function body: where a user types."""
    for index in range(len(lines) - 1, -1, -1):
        if re.match(r"^\s+\S.*;\s*$", lines[index]):
            return index
    raise SystemExit("no statement line")


def syntax_time(path, flags, runs=3):
    times = []
    for _ in range(runs):
        start = time.monotonic()
        subprocess.run(["clang++-22", "-fsyntax-only"] + flags + [path],
                       check=True, stderr=subprocess.DEVNULL)
        times.append(time.monotonic() - start)
    return statistics.median(times) * 1000


def headers_time(path, flags, directory):
    """-fsyntax-only of the TU's preprocessor lines alone."""
    with open(path) as f:
        directives = [l for l in f if l.startswith("#")]
    headers = os.path.join(directory, "headers-only.cpp")
    with open(headers, "w") as f:
        f.writelines(directives)
    return syntax_time(headers, flags)


def server_times(path, flags, edits, directory):
    log = os.path.join(directory, "server.log")
    server = lsp_client.Server(["--"] + flags, stderr_path=log)
    server.initialize()
    with open(path) as f:
        text = f.read()
    server.open(path, text)
    server.diagnostics(path, version=1)
    lines = text.split("\n")
    line = body_line(lines)
    for version in range(2, edits + 2):
        end = {"line": line, "character": len(lines[line])}
        server.change(path, version, [{"range": {"start": end, "end": end},
                                       "text": " // edit %d" % version}])
        lines[line] += " // edit %d" % version
        server.diagnostics(path, version=version)
    server.stop()
    with open(log) as f:
        runs = [(int(v), int(ms), how) for v, ms, how in LOG_LINE.findall(f.read())]
    first = [ms for v, ms, _ in runs if v == 1]
    again = [ms for v, ms, how in runs if v > 1 and how == "preamble reused"]
    if len(again) != edits:
        raise SystemExit("%s: the preamble was not reused on every edit: %r"
                         % (path, runs))
    return first[0], statistics.median(again)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        units = list(corpus_units()) + list(generated_units(directory))
        for name, path, flags in units:
            first, again = server_times(path, flags, args.edits, directory)
            syntax = syntax_time(path, flags)
            headers = headers_time(path, flags, directory)
            rows.append((name, first, again, syntax, headers, again / syntax))
            print("%-40s first %5d ms  reanalyse %5d ms  -fsyntax-only %5d ms"
                  "  headers %5d ms  ratio %.2f" % rows[-1], file=sys.stderr)
    ratios = [r[5] for r in rows]
    lines = ["asynclint --lsp: analysis after a one-line edit in a function "
             "body (preamble reused) against clang++-22 -fsyntax-only of the "
             "same TU; medians over %d edits and 3 compiles; %d cores" %
             (args.edits, os.cpu_count()), "",
             "%-40s %10s %12s %14s %12s %7s" % (
                 "TU", "first ms", "reanalyse ms", "syntax-only ms",
                 "headers ms", "ratio")]
    lines += ["%-40s %10d %12d %14d %12d %7.2f" % r for r in rows]
    lines += ["", "ratio: median %.2f, worst %.2f (target <= 0.30)" %
              (statistics.median(ratios), max(ratios))]
    report = "\n".join(lines) + "\n"
    if args.output:
        with open(args.output, "w") as f:
            f.write(report)
    print(report, end="")


if __name__ == "__main__":
    main()
