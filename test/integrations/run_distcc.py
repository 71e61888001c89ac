#!/usr/bin/python3
"""usage: run_distcc.py DIR -- COMPILER ARGS...

Starts distccd on 127.0.0.1 (a free port, this user, loopback clients only),
runs `distcc COMPILER ARGS...` in DIR against it (started by root, distccd
serves as its own unprivileged user, which must be able to read the
compiler and the plugin) with fallback to local
compiles disabled, stops the daemon, and exits with the compile's status.
The compile's standard error passes through; the daemon's log goes to
DIR/distccd.log."""
import os
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv):
    workdir, command = argv[1], argv[3:]
    port = free_port()
    log = open(os.path.join(workdir, "distccd.log"), "w")
    daemon = subprocess.Popen(
        ["distccd", "--no-detach", "--daemon", "--listen", "127.0.0.1",
         "--port", str(port), "--allow", "127.0.0.1", "--enable-tcp-insecure",
         "--log-stderr"], stderr=log,
        # Its working directory, which its user must be able to enter.
        env=dict(os.environ, TMPDIR="/tmp"))
    try:
        for _ in range(50):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        os.makedirs(os.path.join(workdir, ".distcc"), exist_ok=True)
        env = dict(os.environ, DISTCC_HOSTS="127.0.0.1:%d" % port,
                   DISTCC_FALLBACK="0", DISTCC_DIR=os.path.join(workdir, ".distcc"))
        result = subprocess.run(["distcc"] + command, cwd=workdir, env=env)
    finally:
        daemon.terminate()
        daemon.wait()
    sys.exit(result.returncode)


main(sys.argv)
