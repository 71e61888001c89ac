#!/usr/bin/python3
"""Runs one asynclint check test, in the spirit of clang-tidy's check_clang_tidy.py.

usage: check_asynclint.py [--frontend cli|plugin|both] [--no-compile]
                          [--config YAML] [--unsafe-fixes]
                          INPUT CHECK TMP -- COMPILER FLAGS

For each front end (the asynclint CLI and clang-tidy-22 -load plugin):
  1. copies INPUT with its CHECK-* comments blanked (line numbers kept),
  2. runs CHECK with -fix on the copy,
  3. FileChecks the messages against CHECK-MESSAGES / CHECK-NOTES with
     -implicit-check-not so any unexpected warning or error fails,
  4. FileChecks the fixed file against CHECK-FIXES (--match-full-lines),
  5. compiles the fixed file (-fsyntax-only) and re-runs the fix to prove that
     a second run changes nothing.
With both front ends, their diagnostics and fixed files must be identical.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

LLVM_BIN = "/usr/lib/llvm-22/bin"
CHECK_COMMENT = re.compile(r"//\s*CHECK-(MESSAGES|NOTES|FIXES)\b.*$")


def fail(message):
    sys.exit("check_asynclint: " + message)


def run(cmd, **kwargs):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace", **kwargs)


def strip_check_comments(text):
    return "\n".join(CHECK_COMMENT.sub("", line).rstrip() if CHECK_COMMENT.search(line)
                     else line for line in text.split("\n"))


def has_prefix(text, prefix):
    return re.search(r"\b" + prefix + r"(-[A-Z]+)?:", text) is not None


def frontend_command(frontend, build, check, path, flags, config, unsafe_fixes):
    # Unsafe fixes ride on notes: the CLI takes them with --unsafe-fixes,
    # clang-tidy with -fix-notes.
    if frontend == "cli":
        fix = ["--fix"] + (["--unsafe-fixes"] if unsafe_fixes else [])
        cmd = [os.path.join(build, "bin", "asynclint")] + fix + [
               "--quiet", "--checks=-*," + check]
    else:
        fix = "-fix-notes" if unsafe_fixes else "-fix"
        cmd = [os.path.join(LLVM_BIN, "clang-tidy"),
               "-load", os.path.join(build, "lib", "libasynclint-tidy.so"),
               fix, "--quiet", "-checks=-*," + check]
    if config:
        cmd.append("--config-file=" + config)
    return cmd + [path, "--"] + flags


DIAGNOSTIC_LINE = re.compile(r"^\S.*:\d+:\d+: (warning|error|note): ")


def clean_messages(output):
    # The diagnostics themselves: the source excerpts under them differ by
    # design (the CLI prints the fix-it hint, clang-tidy -fix prints a
    # "FIX-IT applied" note), as do counters and summaries.
    keep = [line for line in output.splitlines()
            if DIAGNOSTIC_LINE.match(line)
            and not line.endswith("note: FIX-IT applied suggested code changes")]
    return "\n".join(keep) + "\n"


def filecheck(check_file, input_text, tmp, prefixes, extra):
    path = tmp + ".filecheck-input"
    with open(path, "w") as f:
        f.write(input_text)
    cmd = [os.path.join(LLVM_BIN, "FileCheck"), "-input-file=" + path, check_file,
           "-check-prefixes=" + ",".join(prefixes)] + extra
    result = run(cmd)
    if result.returncode != 0:
        print(result.stdout)
        fail("FileCheck failed for " + ",".join(prefixes))


def run_frontend(frontend, args, stripped, build, config_path):
    work = os.path.join(args.tmp, frontend)
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, os.path.basename(args.input))
    with open(path, "w") as f:
        f.write(stripped)
    cmd = frontend_command(frontend, build, args.check, path, args.flags, config_path,
                           args.unsafe_fixes)
    result = run(cmd, cwd=work)
    if result.returncode not in (0, 1):
        print(result.stdout)
        fail(frontend + " exited with %d" % result.returncode)
    messages = clean_messages(result.stdout).replace(work + os.sep, "")
    with open(path) as f:
        fixed = f.read()

    if not args.no_compile:
        compiled = run([os.path.join(LLVM_BIN, "clang++"), "-fsyntax-only", path] + args.flags)
        if compiled.returncode != 0:
            print(fixed)
            print(compiled.stdout)
            fail("the fixed file does not compile (" + frontend + ")")

    again = run(cmd, cwd=work)
    with open(path) as f:
        if f.read() != fixed:
            fail("a second --fix changed the file again (" + frontend + ")")
    return messages, fixed, again


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--frontend", choices=["cli", "plugin", "both"], default="both")
    parser.add_argument("--no-compile", action="store_true")
    parser.add_argument("--unsafe-fixes", "--fix-notes", dest="unsafe_fixes",
                        action="store_true",
                        help="also apply the fixes offered on notes")
    parser.add_argument("--config", default="")
    parser.add_argument("input")
    parser.add_argument("check")
    parser.add_argument("tmp")
    parser.add_argument("flags", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.flags and args.flags[0] == "--":
        args.flags = args.flags[1:]

    build = os.environ.get("ASYNCLINT_BUILD_DIR",
                           os.path.join(os.path.dirname(__file__), "..", "..", "build"))
    with open(args.input) as f:
        original = f.read()
    stripped = strip_check_comments(original)
    if os.path.isdir(args.tmp):
        shutil.rmtree(args.tmp)
    os.makedirs(args.tmp)
    config_path = ""
    if args.config:
        config_path = os.path.join(args.tmp, "config.yaml")
        with open(config_path, "w") as f:
            f.write(args.config)

    frontends = ["cli", "plugin"] if args.frontend == "both" else [args.frontend]
    results = {fe: run_frontend(fe, args, stripped, build, config_path) for fe in frontends}

    messages, fixed, _ = results[frontends[0]]
    for fe in frontends[1:]:
        if results[fe][0] != messages:
            print("--- " + frontends[0] + "\n" + messages + "--- " + fe + "\n" + results[fe][0])
            fail("front ends disagree on the diagnostics")
        if results[fe][1] != fixed:
            fail("front ends disagree on the fixed file")

    implicit = ["-implicit-check-not={{warning|error}}:"]
    message_prefixes = [p for p in ("CHECK-MESSAGES", "CHECK-NOTES") if has_prefix(original, p)]
    if message_prefixes:
        filecheck(args.input, messages, os.path.join(args.tmp, "messages"),
                  message_prefixes, implicit)
    elif re.search(r"\b(warning|error):", messages):
        print(messages)
        fail("unexpected diagnostics in a test without CHECK-MESSAGES")
    if has_prefix(original, "CHECK-FIXES"):
        filecheck(args.input, fixed, os.path.join(args.tmp, "fixes"), ["CHECK-FIXES"],
                  ["--match-full-lines"])
    elif fixed != stripped:
        fail("the check changed the file but the test has no CHECK-FIXES")


if __name__ == "__main__":
    main()
