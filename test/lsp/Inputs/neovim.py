"""Runs Inputs/neovim.lua in a headless Neovim on a copy of a corpus task.

usage: neovim.py TMPDIR TASK"""

import os
import shutil
import subprocess
import sys

from lsp_client import ASYNCLINT, cli_fixed, copy_task, flags_of

tmp, task = sys.argv[1], sys.argv[2]
path = copy_task(task, os.path.join(tmp, task), flags_of(task))
expected = path + ".expected"
with open(expected, "w") as f:
    f.write(cli_fixed(path, flags_of(task)))
second = shutil.which("clangd-22") or shutil.which("clangd") or ""
if not second:
    print("no clangd: asynclint is the only server")
environment = dict(os.environ, ASYNCLINT=ASYNCLINT, LSP_FILE=path,
                   LSP_EXPECTED=expected, LSP_SECOND=second,
                   XDG_STATE_HOME=tmp, XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp,
                   XDG_CACHE_HOME=tmp)
script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "neovim.lua")
result = subprocess.run(
    ["nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n",
     "-c", "luafile " + script], env=environment, cwd=tmp,
    stdin=subprocess.DEVNULL, timeout=300)
sys.exit(result.returncode)
