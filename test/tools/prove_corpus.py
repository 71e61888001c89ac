#!/usr/bin/python3
"""Proves one corpus pair end to end (SPEC section 3).

usage: prove_corpus.py TASK_DIR TEST_FILE [TMP]

  1. asynclint on TASK_DIR/broken.cpp reports what TEST_FILE's CHECK lines
     say, and nothing else (FileCheck -implicit-check-not);
  2. asynclint on TASK_DIR/fixed.cpp reports nothing;
  3. asynclint --fix --unsafe-fixes on a copy of broken.cpp, then
     clang-format with the project's style, gives fixed.cpp byte for byte
     (and a second run changes nothing);
  4. that repaired copy compiles, runs, and its own runtime assertion holds.
The nearest .clang-tidy above TASK_DIR configures every run, as it would for
a user running asynclint in place.
"""

import difflib
import os
import shutil
import subprocess
import sys

LLVM_BIN = "/usr/lib/llvm-22/bin"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("ASYNCLINT_BUILD_DIR", os.path.join(ROOT, "build"))
ASYNCLINT = os.path.join(BUILD, "bin", "asynclint")


def fail(message, details=""):
    if details:
        print(details)
    sys.exit("prove_corpus: " + message)


def run(cmd, **kwargs):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace", **kwargs)


def compile_flags(task_dir):
    flags = ["-std=c++20", "-pthread", "-I" + os.path.join(ROOT, "corpus", "runtime")]
    if os.path.basename(task_dir) == "asio":
        flags += ["-DASIO_HAS_CO_AWAIT=1", "-DASIO_HAS_STD_COROUTINE=1"]
    return flags


def nearest_config(task_dir):
    directory = task_dir
    while directory.startswith(ROOT):
        candidate = os.path.join(directory, ".clang-tidy")
        if os.path.isfile(candidate):
            return candidate
        directory = os.path.dirname(directory)
    return None


def lint(path, flags, config, fix=False):
    cmd = [ASYNCLINT, "--quiet"]
    if config:
        cmd.append("--config-file=" + config)
    if fix:
        # The task's repair changes timing (a deadline, a bound, a join):
        # the proof takes the unsafe fixes as well.
        cmd += ["--fix", "--unsafe-fixes"]
    result = run(cmd + [path, "--"] + flags)
    if result.returncode not in (0, 1):
        fail("asynclint failed on " + path, result.stdout)
    return result


def main():
    task_dir, test_file = (os.path.abspath(a) for a in sys.argv[1:3])
    tmp = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else os.path.join(
        BUILD, "test", "corpus-proofs", os.path.basename(test_file))
    flags = compile_flags(task_dir)
    config = nearest_config(task_dir)
    broken = os.path.join(task_dir, "broken.cpp")
    fixed = os.path.join(task_dir, "fixed.cpp")

    # 1. the defect is reported, and nothing else.
    messages = lint(broken, flags, config).stdout
    check = run([os.path.join(LLVM_BIN, "FileCheck"), test_file,
                 "-implicit-check-not={{warning|error}}:"], input=messages)
    if check.returncode != 0:
        fail("diagnostics on broken.cpp do not match", messages + check.stdout)

    # 2. the repaired program is clean.
    clean = lint(fixed, flags, config)
    if clean.returncode != 0 or "warning:" in clean.stdout:
        fail("asynclint reports findings on fixed.cpp", clean.stdout)

    # 3. the check's fix is the task's fix.
    if os.path.isdir(tmp):
        shutil.rmtree(tmp)
    os.makedirs(tmp)
    repaired = os.path.join(tmp, "broken.cpp")
    shutil.copyfile(broken, repaired)
    lint(repaired, flags, config, fix=True)
    with open(repaired) as f:
        once = f.read()
    lint(repaired, flags, config, fix=True)
    with open(repaired) as f:
        if f.read() != once:
            fail("a second --fix of broken.cpp changed it again")
    formatted = run([os.path.join(LLVM_BIN, "clang-format"),
                     "--style=file:" + os.path.join(ROOT, ".clang-format"), repaired])
    with open(fixed) as f:
        expected = f.read()
    if formatted.stdout != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True),
                                            formatted.stdout.splitlines(True),
                                            "fixed.cpp", "broken.cpp after --fix"))
        fail("--fix of broken.cpp does not give fixed.cpp", diff)
    with open(repaired, "w") as f:
        f.write(formatted.stdout)

    # 4. the repaired program builds, runs and passes its own assertion.
    binary = os.path.join(tmp, "repaired")
    built = run([os.path.join(LLVM_BIN, "clang++")] + flags + [repaired, "-o", binary])
    if built.returncode != 0:
        fail("the repaired program does not compile", built.stdout)
    ran = run([binary], timeout=120)
    if ran.returncode != 0:
        fail("the repaired program fails its runtime assertion", ran.stdout)
    print(ran.stdout)


if __name__ == "__main__":
    main()
