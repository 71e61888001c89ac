"""Diagnostics: the CLI's findings for a corpus program, on open and on
edits (full and incremental), gone when an edit removes the defect; a burst
of edits is analysed once, for its last version.

usage: diagnostics.py TMPDIR TASK"""

import os
import re
import sys
import time

from lsp_client import (flags_of, CORPUS, Server, cli_findings,
                        copy_task, expect, lsp_findings)

tmp, task = sys.argv[1], sys.argv[2]
flags = flags_of(task)
path = copy_task(task, os.path.join(tmp, task), flags)
log = os.path.join(tmp, task + ".stderr")
with open(path) as f:
    text = f.read()

server = Server(stderr_path=log)
server.initialize()
server.open(path, text)
diagnostics = server.diagnostics(path, version=1)
expected = cli_findings(path, flags)
expect(expected, "the CLI finds nothing in " + path)
expect(lsp_findings(diagnostics) == expected,
       "diagnostics differ from the CLI's:\n%r\n%r" %
       (lsp_findings(diagnostics), expected))
for d in diagnostics:
    expect(d["source"] == "asynclint", "source: %r" % d)
    expect(d["codeDescription"]["href"].endswith("/" + d["code"] + ".md"),
           "codeDescription: %r" % d)
    expect(d["severity"] == 2, "severity: %r" % d)

# An incremental edit in the body of the first finding's function: a line
# inserted above the finding moves it down one line.
line = diagnostics[0]["range"]["start"]["line"]
insert = {"start": {"line": line, "character": 0},
          "end": {"line": line, "character": 0}}
server.change(path, 2, [{"range": insert, "text": "  // reviewed\n"}])
moved = server.diagnostics(path, version=2)
lines = text.split("\n")
lines.insert(line, "  // reviewed")
text = "\n".join(lines)
with open(path, "w") as f:
    f.write(text)
expect(lsp_findings(moved) == cli_findings(path, flags),
       "after an incremental edit: %r" % moved)

# A burst of edits: only the last version is analysed and published.
for version in (3, 4, 5):
    server.change(path, version, [{"text": text + "\n" * version}])
expect(lsp_findings(server.diagnostics(path, version=5)) ==
       lsp_findings(moved), "after a burst of edits")
expect(not [m for m in server.seen
            if m.get("params", {}).get("version") in (3, 4)],
       "stale versions were published")

# An edit while the previous version is being analysed: that analysis is
# dropped, never published. (A fixed sleep past the debounce delay raced
# with fast machines, where version 6 was published before 7 arrived.)
def published(version):
    return [m for m in server.seen
            if m.get("method") == "textDocument/publishDiagnostics"
            and m["params"].get("version") == version]


# Version 6 ends in constant evaluation slow enough (about a second) that
# version 7 surely arrives while it is analysed, on any machine.
SLOW = "".join(
    "constexpr long slow%d() { long s = 0; for (long i = 0; i < 200000; ++i) "
    "s += i %% 7; return s; }\nstatic_assert(slow%d() > 0);\n" % (i, i)
    for i in range(2))
server.change(path, 6, [{"text": text + "\n" + SLOW}])
deadline = time.monotonic() + 60
while "analysing '%s' version 6\n" % path not in open(log).read():
    expect(time.monotonic() < deadline, "the analysis of version 6 never began")
    time.sleep(0.01)
with open(os.path.join(CORPUS, task, "fixed.cpp")) as f:
    server.change(path, 7, [{"text": f.read()}])
# The fixed program (full sync) has no finding.
expect(server.diagnostics(path, version=7) == [], "findings in fixed.cpp")
expect(not published(6), "a stale analysis was published")
with open(log) as f:
    expect("version 6: edited since" in f.read(),
           "the analysis of version 6 was not dropped")
expect(server.stop() == 0, "exit status after shutdown")

with open(log) as f:
    stderr = f.read()
expect(re.search(r"version 2 in \d+ ms \(preamble reused\)", stderr),
       "the edit below the #includes did not reuse the preamble:\n" + stderr)
print("ok")
