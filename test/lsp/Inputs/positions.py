"""Positions count UTF-16 code units, as the protocol says: a finding after
non-ASCII text on its line is placed in UTF-16 units, its fix's edit too,
and an incremental edit's range in UTF-16 units lands where the editor
means it.

usage: positions.py TMPDIR"""

import os
import sys

from lsp_client import (ROOT, Server, apply_edits, cli_fixed, expect, uri)

tmp = sys.argv[1]
inputs = os.path.join(ROOT, "test", "checks", "Inputs")
flags = ["-std=c++20", "-isystem", os.path.join(inputs, "system"),
         "-I" + inputs]
path = os.path.join(tmp, "unicode.cpp")
prefix = "  /* é, 🙂 */ "
text = ('#include "async-mocks.h"\nmock::Task<> f() {\n' + prefix +
        "mock::work();\n  co_return;\n}\n")
with open(path, "w") as f:
    f.write(text)


def utf16(s):
    return len(s.encode("utf-16-le")) // 2


server = Server(["--"] + flags)
server.initialize()
server.open(path, text)
diagnostics = server.diagnostics(path, version=1)
expect(len(diagnostics) == 1, "one finding: %r" % diagnostics)
start = diagnostics[0]["range"]["start"]
expect(start == {"line": 2, "character": utf16(prefix)},
       "the finding's position: %r" % start)

actions = server.code_actions(path, start, start)
fix = [a for a in actions if a["title"].startswith("Fix: ")][0]
expect(apply_edits(text, fix["edit"]["changes"][uri(path)]) ==
       cli_fixed(path, flags), "the fix's edit after non-ASCII text")

# `co_await ` typed in front of the call, by a range in UTF-16 units.
at = {"line": 2, "character": utf16(prefix)}
server.change(path, 2, [{"range": {"start": at, "end": at},
                         "text": "co_await "}])
expect(server.diagnostics(path, version=2) == [],
       "the incremental edit did not land before the call")
expect(server.stop() == 0, "exit status")
print("ok")
