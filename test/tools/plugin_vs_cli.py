#!/usr/bin/python3
"""usage: plugin_vs_cli.py PLUGIN -- FILE... -- COMPILER FLAGS...

Compiles each FILE with `clang++ -fplugin=PLUGIN -fsyntax-only` and analyses
it with `asynclint FILE -- FLAGS`, and fails unless both report the same
diagnostics (location, level, text; warnings with their notes). The
compiler's own warnings (a `[-W...]` tag) and their notes are left out of
the comparison. Prints the number of files and findings compared."""
import os
import re
import subprocess
import sys

DIAG = re.compile(r"^(.+?):(\d+):(\d+): (warning|error|note): (.*)$")


def diagnostics(text):
    """(file name, line, column, level, message) of every asynclint
    diagnostic in a compiler-style report."""
    out, own = [], False
    for line in text.splitlines():
        m = DIAG.match(line)
        if not m:
            continue
        path, row, col, level, message = m.groups()
        if level != "note":
            own = not re.search(r"\[-W[^\]]*\]$", message)
        if own:
            out.append((os.path.basename(path), int(row), int(col), level, message))
    return out


def main(argv):
    plugin = argv[1]
    rest = argv[3:]
    split = rest.index("--")
    files, flags = rest[:split], rest[split + 1:]
    findings = 0
    for f in files:
        cli = subprocess.run(["asynclint", "--quiet", f, "--"] + flags,
                             capture_output=True, text=True)
        comp = subprocess.run(["clang++", "-fplugin=" + plugin, "-fsyntax-only"]
                              + flags + [f], capture_output=True, text=True)
        if comp.returncode != 0:
            sys.exit("%s: compile failed:\n%s" % (f, comp.stderr))
        a, b = diagnostics(cli.stdout), diagnostics(comp.stderr)
        if a != b:
            sys.exit("%s: CLI and plugin differ\nCLI:    %s\nplugin: %s"
                     % (f, "\n        ".join(map(str, a)),
                        "\n        ".join(map(str, b))))
        findings += sum(1 for d in a if d[3] != "note")
    print("%d files, %d findings: plugin == CLI" % (len(files), findings))


main(sys.argv)
