"""A JSON-RPC client for `asynclint --lsp` (Python standard library only).

It speaks the base protocol through real frames over the server's standard
input and output, keeps every message the server sends, and lets a test wait
for the one it expects. Shared by the tests in test/lsp.
"""

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILD = os.environ.get("ASYNCLINT_BUILD_DIR", os.path.join(ROOT, "build"))
ASYNCLINT = os.path.join(BUILD, "bin", "asynclint")
CORPUS = os.path.join(ROOT, "corpus")
RUNTIME_FLAGS = ["-std=c++20", "-pthread", "-I" + os.path.join(CORPUS, "runtime")]
ASIO_FLAGS = ["-std=c++20", "-pthread", "-DASIO_HAS_CO_AWAIT=1",
              "-DASIO_HAS_STD_COROUTINE=1"]


def flags_of(task):
    """The compile flags of a corpus task: its Asio rendition or the runtime's."""
    return ASIO_FLAGS if task.endswith("/asio") else RUNTIME_FLAGS
TIMEOUT = 120


def fail(message):
    sys.exit("FAIL: " + message)


def expect(condition, message):
    if not condition:
        fail(message)


def uri(path):
    return "file://" + path


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, args=(), cwd=None, stderr_path=None):
        self.stderr = open(stderr_path or os.devnull, "wb")
        self.process = subprocess.Popen(
            [ASYNCLINT, "--lsp"] + list(args), cwd=cwd, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self.stderr)
        self.messages = queue.Queue()
        self.seen = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            self.messages.put(json.loads(out.read(length)))

    def send_raw(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        self.send_raw(frame(message))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method,
                   "params": params})
        return self.next_id

    def wait_for(self, predicate, what, timeout=TIMEOUT):
        for message in self.seen:
            if predicate(message):
                self.seen.remove(message)
                return message
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                message = self.messages.get(timeout=max(left, 0.01))
            except queue.Empty:
                fail("timed out waiting for " + what)
            if message is None:
                fail("the server ended while waiting for " + what)
            if predicate(message):
                return message
            self.seen.append(message)

    def drain(self):
        """Keeps what the server has sent so far, waiting for nothing."""
        while True:
            try:
                message = self.messages.get_nowait()
            except queue.Empty:
                return
            if message is not None:
                self.seen.append(message)

    def response(self, request_id, timeout=TIMEOUT):
        return self.wait_for(
            lambda m: "method" not in m and m.get("id") == request_id,
            "the response to request %r" % request_id, timeout)

    def call(self, method, params):
        message = self.response(self.request(method, params))
        expect("result" in message, "%s failed: %r" % (method, message))
        return message["result"]

    def diagnostics(self, path, version=None, timeout=TIMEOUT):
        """The next diagnostics published for `path` (for `version`)."""
        def wanted(m):
            if m.get("method") != "textDocument/publishDiagnostics":
                return False
            params = m["params"]
            return params["uri"] == uri(path) and (
                version is None or params.get("version") == version)
        return self.wait_for(wanted, "diagnostics of %s" % path,
                             timeout)["params"]["diagnostics"]

    def initialize(self, options=None, capabilities=None):
        params = {"processId": os.getpid(), "rootUri": None,
                  "capabilities": capabilities or {}}
        if options is not None:
            params["initializationOptions"] = options
        result = self.call("initialize", params)
        self.notify("initialized", {})
        return result

    def open(self, path, text=None, version=1):
        if text is None:
            with open(path) as f:
                text = f.read()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(path), "languageId": "cpp", "version": version,
            "text": text}})

    def change(self, path, version, changes):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri(path), "version": version},
            "contentChanges": changes})

    def code_actions(self, path, start, end, only=None):
        context = {"diagnostics": []}
        if only:
            context["only"] = only
        return self.call("textDocument/codeAction", {
            "textDocument": {"uri": uri(path)},
            "range": {"start": start, "end": end}, "context": context})

    def stop(self):
        """shutdown, exit; the exit status."""
        self.call("shutdown", None)
        self.notify("exit", None)
        return self.wait_exit()

    def wait_exit(self, timeout=TIMEOUT):
        try:
            status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            fail("the server did not exit")
        self.stderr.close()
        return status


def offset_of(text, position):
    """The index in `text` of an LSP position (UTF-16 columns)."""
    lines = text.split("\n")
    line = position["line"]
    if line >= len(lines):
        return len(text)
    start = sum(len(l) + 1 for l in lines[:line])
    units = 0
    column = 0
    for ch in lines[line]:
        if units >= position["character"]:
            break
        units += 2 if ord(ch) > 0xFFFF else 1
        column += 1
    return start + column


def apply_edits(text, edits):
    """`text` with LSP TextEdits applied (as an editor does: all against the
    original text, from the last to the first)."""
    spans = sorted(((offset_of(text, e["range"]["start"]),
                     offset_of(text, e["range"]["end"]), i, e["newText"])
                    for i, e in enumerate(edits)), reverse=True)
    for start, end, _, new in spans:
        text = text[:start] + new + text[end:]
    return text


def cli_findings(path, flags):
    """The CLI's findings for `path` as (line, column, check, message, notes)."""
    result = subprocess.run(
        [ASYNCLINT, "--quiet", "--format=json", path, "--"] + flags,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    expect(result.returncode in (0, 1), "the CLI failed: " + result.stderr)
    report = json.loads(result.stdout)
    return sorted((f["line"], f["column"], f["check"], f["message"],
                   tuple(n["message"] for n in f.get("notes", [])))
                  for f in report["findings"]
                  if f["level"] == "warning" and f["file"] == path)


def lsp_findings(diagnostics):
    """LSP diagnostics in the CLI's terms (ASCII sources: columns agree)."""
    return sorted((d["range"]["start"]["line"] + 1,
                   d["range"]["start"]["character"] + 1, d["code"],
                   d["message"],
                   tuple(r["message"] for r in d.get("relatedInformation", [])))
                  for d in diagnostics)


def cli_fixed(path, flags, unsafe=False):
    """The text `asynclint --fix` makes of `path` (on a copy)."""
    copy = path + ".cli-fix.cpp"
    shutil.copyfile(path, copy)
    subprocess.run([ASYNCLINT, "--quiet", "--fix"] +
                   (["--unsafe-fixes"] if unsafe else []) + [copy, "--"] + flags,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(copy) as f:
        text = f.read()
    os.remove(copy)
    return text


def copy_task(task, directory, flags):
    """broken.cpp of corpus task `task` in `directory` beside the task's
    .clang-tidy, with a compile_commands.json naming it; its path."""
    os.makedirs(directory, exist_ok=True)
    source = os.path.join(CORPUS, task)
    for name in ("broken.cpp", ".clang-tidy"):
        if os.path.exists(os.path.join(source, name)):
            shutil.copyfile(os.path.join(source, name),
                            os.path.join(directory, name))
    path = os.path.join(directory, "broken.cpp")
    with open(os.path.join(directory, "compile_commands.json"), "w") as f:
        json.dump([{"directory": directory, "file": path,
                    "arguments": ["clang++"] + flags + ["-c", path]}], f)
    return path
