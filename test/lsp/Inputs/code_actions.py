"""Code actions: applying a finding's quick fix (through the edit the server
returns) gives what `asynclint --fix` gives, #includes included; the unsafe
alternative a note offers gives what `--fix --unsafe-fixes` gives; the fix-all
action gives `--fix`'s output for the whole file; the NOLINT action silences
the finding.

usage: code_actions.py TMPDIR TASK"""

import os
import sys

from lsp_client import (flags_of, Server, apply_edits, cli_fixed,
                        copy_task, expect, uri)

tmp, task = sys.argv[1], sys.argv[2]
flags = flags_of(task)
path = copy_task(task, os.path.join(tmp, task), flags)
with open(path) as f:
    text = f.read()

server = Server(stderr_path=os.path.join(tmp, task + ".stderr"))
server.initialize()
server.open(path, text)
diagnostics = server.diagnostics(path, version=1)
expect(len(diagnostics) == 1, "expected one finding: %r" % diagnostics)
finding = diagnostics[0]
actions = server.code_actions(path, finding["range"]["start"],
                              finding["range"]["end"])
by_title = {a["title"]: a for a in actions}


def applied(action):
    changes = action["edit"]["changes"]
    expect(list(changes) == [uri(path)], "edits of other files: %r" % action)
    return apply_edits(text, changes[uri(path)])


safe = [a for a in actions if a["title"].startswith("Fix: ")]
unsafe = [a for a in actions if a["title"].startswith("Unsafe fix: ")]
expect(safe or unsafe, "no fix offered: %r" % list(by_title))
if safe:
    expect(safe[0].get("isPreferred") and safe[0]["kind"] == "quickfix",
           "the fix is not the preferred quick fix")
    expect(applied(safe[0]) == cli_fixed(path, flags),
           "the quick fix differs from --fix")
    everything = [a for a in actions if a["kind"] == "source.fixAll.asynclint"]
    expect(applied(everything[0]) == cli_fixed(path, flags),
           "fix-all differs from --fix")
else:
    expect(applied(unsafe[0]) == cli_fixed(path, flags, unsafe=True),
           "the unsafe fix differs from --fix --unsafe-fixes")

only = server.code_actions(path, finding["range"]["start"],
                           finding["range"]["end"], only=["source"])
expect(all(a["kind"].startswith("source") for a in only), "context.only")

nolint = [a for a in actions if "NOLINT(" + finding["code"] + ")" in a["title"]]
expect(len(nolint) == 1, "no NOLINT action: %r" % list(by_title))
server.change(path, 2, [{"text": applied(nolint[0])}])
expect(server.diagnostics(path, version=2) == [], "NOLINT did not silence it")
expect(server.stop() == 0, "exit status after shutdown")
print("ok")
