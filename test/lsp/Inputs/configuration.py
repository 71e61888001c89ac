"""Where the server's settings come from: the compilation database in a
`build/` subdirectory of a parent, or in --compile-commands-dir; the
`.clang-tidy` beside the file, read again after it changes; the `checks`
setting of workspace/didChangeConfiguration and of initializationOptions.

usage: configuration.py TMPDIR"""

import os
import shutil
import sys

from lsp_client import (RUNTIME_FLAGS, Server, cli_findings, copy_task,
                        expect, lsp_findings)

tmp = sys.argv[1]
task = "04-audit-write"
project = os.path.join(tmp, "project")
source = os.path.join(project, "src")
path = copy_task(task, source, RUNTIME_FLAGS)
expected = cli_findings(path, RUNTIME_FLAGS)
expect(expected, "the CLI finds nothing")

# The database in the parent's build/ (the default flags, -std=c++20 only,
# would not find the runtime's headers: no findings).
os.makedirs(os.path.join(project, "build"))
shutil.move(os.path.join(source, "compile_commands.json"),
            os.path.join(project, "build", "compile_commands.json"))
server = Server(stderr_path=os.path.join(tmp, "configuration.stderr"))
server.initialize(capabilities={"workspace": {"didChangeWatchedFiles": {
    "dynamicRegistration": True}}})
registration = server.wait_for(
    lambda m: m.get("method") == "client/registerCapability",
    "the registration of file watchers")
watched = [w["globPattern"] for w in registration["params"]["registrations"][0]
           ["registerOptions"]["watchers"]]
expect("**/.clang-tidy" in watched, "watchers: %r" % watched)
server.send({"jsonrpc": "2.0", "id": registration["id"], "result": None})
server.open(path)
expect(lsp_findings(server.diagnostics(path, version=1)) == expected,
       "with the database in ../build/")

# A .clang-tidy that turns the checks off, then a save: nothing.
config = os.path.join(source, ".clang-tidy")
with open(config) as f:
    original = f.read()
with open(config, "w") as f:
    f.write("Checks: '-async-*'\n")
server.notify("workspace/didChangeWatchedFiles",
              {"changes": [{"uri": "file://" + config, "type": 2}]})
expect(server.diagnostics(path, version=1) == [], "after .clang-tidy changed")
with open(config, "w") as f:
    f.write(original)
server.notify("textDocument/didSave", {"textDocument": {"uri": "file://" + path}})
expect(lsp_findings(server.diagnostics(path, version=1)) == expected,
       "after .clang-tidy changed back and a save")
with open(config, "w") as f:
    f.write("Checks: '-async-*'\n")
server.notify("textDocument/didSave", {"textDocument": {"uri": "file://" + path}})
expect(server.diagnostics(path, version=1) == [], "after a save")

# The editor's checks setting adds to the file's, as --checks does.
server.notify("workspace/didChangeConfiguration",
              {"settings": {"asynclint": {"checks": "async-*"}}})
back = lsp_findings(server.diagnostics(path, version=1))
expect([f[2] for f in back] == [f[2] for f in expected],
       "after the checks setting: %r" % back)
expect(server.stop() == 0, "exit status")

# --compile-commands-dir names the database's directory.
with open(config, "w") as f:
    f.write(original)
elsewhere = os.path.join(tmp, "commands")
shutil.move(os.path.join(project, "build"), elsewhere)
server = Server(["--compile-commands-dir=" + elsewhere])
server.initialize()
server.open(path)
expect(lsp_findings(server.diagnostics(path, version=1)) == expected,
       "with --compile-commands-dir")
expect(server.stop() == 0, "exit status")

# The settings of initializationOptions (a generic client's usual place).
server = Server(["--compile-commands-dir=" + elsewhere])
server.initialize(options={"asynclint": {"checks": "-async-*"}})
server.open(path)
expect(server.diagnostics(path, version=1) == [], "initializationOptions")
expect(server.stop() == 0, "exit status")
print("ok")
