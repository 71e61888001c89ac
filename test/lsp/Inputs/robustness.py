"""Bad input never ends the session: each case gets an error response (or is
ignored when it is a notification) and the server still answers after it.
Also: requests before initialize and after shutdown, cancellation, exit
statuses, a file that does not parse, a file no compilation database names.

usage: robustness.py TMPDIR"""

import json
import os
import sys

from lsp_client import (RUNTIME_FLAGS, Server, cli_findings, copy_task,
                        expect, frame, lsp_findings)

tmp = sys.argv[1]


def error_code(message):
    return message.get("error", {}).get("code")


def still_serving(server):
    """A request still gets its answer."""
    expect(server.call("textDocument/codeAction", {
        "textDocument": {"uri": "file:///nowhere.cpp"},
        "range": {"start": {"line": 0, "character": 0},
                  "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": []}}) == [], "the server stopped answering")


def null_id_error(server, code, what):
    message = server.wait_for(lambda m: "error" in m and m.get("id") is None,
                              "the error response to " + what)
    expect(error_code(message) == code, "%s: %r" % (what, message))


server = Server(stderr_path=os.path.join(tmp, "robustness.stderr"))

# Before initialize: a request is refused (-32002), a notification ignored.
server.notify("textDocument/didOpen", {"textDocument": {
    "uri": "file:///early.cpp", "languageId": "cpp", "version": 1,
    "text": "int x;"}})
early = server.response(server.request("textDocument/codeAction", {}))
expect(error_code(early) == -32002, "request before initialize: %r" % early)
result = server.initialize()
expect(result["capabilities"]["textDocumentSync"]["change"] == 2,
       "incremental sync not offered")
twice = server.response(server.request("initialize", {"capabilities": {}}))
expect(error_code(twice) == -32600, "initialize twice: %r" % twice)

# Malformed frames.
server.send_raw(b"Content-Length: twelve\r\n\r\n")
null_id_error(server, -32700, "an invalid Content-Length")
server.send_raw(b"Content-Type: application/json\r\n\r\n")
null_id_error(server, -32700, "a header without Content-Length")
server.send_raw(b"Content-Length: 999999999999\r\n\r\n")
null_id_error(server, -32700, "an absurd Content-Length")
still_serving(server)

# Malformed bodies.
body = b"{not json"
server.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
null_id_error(server, -32700, "invalid JSON")
server.send_raw(frame([1, 2, 3]))
null_id_error(server, -32600, "a JSON array")
server.send_raw(frame({"jsonrpc": "2.0"}))
null_id_error(server, -32600, "an object without method or id")
unknown = server.response(server.request("asynclint/nonsense", {}))
expect(error_code(unknown) == -32601, "unknown method: %r" % unknown)
server.notify("asynclint/nonsense", {})
server.notify("textDocument/didChange", "not an object")
server.notify("textDocument/didChange", {"textDocument": {"uri": "file:///x"}})
bad_params = server.response(server.request("textDocument/codeAction", 7))
expect(error_code(bad_params) == -32602, "codeAction params: %r" % bad_params)
still_serving(server)

# A file that does not parse: an empty list, and the session goes on.
broken = os.path.join(tmp, "does-not-parse.cpp")
with open(broken, "w") as f:
    f.write("#include <vector>\nint main( {\n")
server.open(broken)
expect(server.diagnostics(broken, version=1) == [], "a file that does not parse")
missing = os.path.join(tmp, "missing-header.cpp")
with open(missing, "w") as f:
    f.write("#include \"no-such-header.h\"\nint f();\n")
server.open(missing)
expect(server.diagnostics(missing, version=1) == [], "a missing header")

# Cancellation: a code action waiting for the analysis of an edit.
clean = os.path.join(tmp, "clean.cpp")
with open(clean, "w") as f:
    f.write("#include <coroutine>\nint f() { return 1; }\n")
server.open(clean)
server.diagnostics(clean, version=1)
server.change(clean, 2, [{"text": "#include <coroutine>\nint f() { return 2; }\n"}])
waiting = server.request("textDocument/codeAction", {
    "textDocument": {"uri": "file://" + clean},
    "range": {"start": {"line": 1, "character": 0},
              "end": {"line": 1, "character": 0}},
    "context": {"diagnostics": []}})
server.notify("$/cancelRequest", {"id": waiting})
cancelled = server.response(waiting)
expect(error_code(cancelled) == -32800, "cancelled request: %r" % cancelled)
server.notify("$/cancelRequest", {"id": 12345})  # unknown: ignored
still_serving(server)

# Closing a file clears its diagnostics.
server.notify("textDocument/didClose", {"textDocument": {"uri": "file://" + clean}})
cleared = server.wait_for(
    lambda m: m.get("method") == "textDocument/publishDiagnostics"
    and m["params"]["uri"] == "file://" + clean
    and "version" not in m["params"], "the diagnostics cleared on didClose")
expect(cleared["params"]["diagnostics"] == [], "after didClose: %r" % cleared)

# Shutdown: later requests are refused; exit ends with status 0.
expect(server.call("shutdown", None) is None, "shutdown result")
late = server.response(server.request("textDocument/codeAction", {}))
expect(error_code(late) == -32600, "request after shutdown: %r" % late)
server.notify("exit", None)
expect(server.wait_exit() == 0, "exit after shutdown")

# exit without shutdown, and the end of input without exit: status 1.
server = Server()
server.initialize()
server.notify("exit", None)
expect(server.wait_exit() == 1, "exit without shutdown")
server = Server()
server.initialize()
server.process.stdin.close()
expect(server.wait_exit() == 1, "end of input without exit")

# A file no compilation database names gets the fallback command: the flags
# after `--lsp --`, here the corpus runtime's.
task = os.path.join(tmp, "no-database")
path = copy_task("02-dashboard", task, RUNTIME_FLAGS)
os.remove(os.path.join(task, "compile_commands.json"))
server = Server(["--"] + RUNTIME_FLAGS)
server.initialize()
server.open(path)
expect(lsp_findings(server.diagnostics(path, version=1)) ==
       cli_findings(path, RUNTIME_FLAGS), "with the fallback flags")
# ... and the configured ones once the editor's settings name others.
server.notify("workspace/didChangeConfiguration",
              {"settings": {"asynclint": {"fallbackFlags": ["-std=c++20"]}}})
expect(server.diagnostics(path, version=1) == [],
       "the fallback flags of the settings (the runtime is not found)")
expect(server.stop() == 0, "exit status")
print("ok")
