"""The in-build group of bench/run.py (issue 17): what the compiler plugin
adds to a real compile, against the second-pass alternative, and what an
unchanged re-run with --cache-dir costs.

For every TU and optimisation level (-O0, -O2), side by side in one run and
in a rotating order:
  compile    clang++-22 <opt> <flags> -c tu -o x.o
  plugin     the same with -fplugin=build/lib/asynclint-clang.so
  asynclint  build/bin/asynclint tu -- <flags>   (the second pass)
Ratios are medians over repetitions of sum(tool)/sum(compile) over a group:
plugin (target <= 1.02 for time and peak RSS) and compile + asynclint (the
second-pass alternative). The cache figure is the wall time of an unchanged
re-run of one asynclint invocation over the corpus with --cache-dir, over
the first run's (target <= 0.05).
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import generate

ROOT = generate.ROOT
PLUGIN = os.path.join(ROOT, "build", "lib", "asynclint-clang.so")
ASYNCLINT = os.path.join(ROOT, "build", "bin", "asynclint")
TARGET_PLUGIN = 1.02
TARGET_CACHE = 0.05
OPTS = ["-O0", "-O2"]
TOOLS = ["compile", "plugin", "asynclint"]


def real_inputs():
    """TUs compiled against the real Asio and libstdc++ (the checks' tests
    of real code)."""
    flags = generate.ASIO_FLAGS + ["-I" + os.path.join(ROOT, "corpus", "runtime")]
    tus = sorted(p for p in os.listdir(os.path.join(ROOT, "test", "checks"))
                 if p.endswith("-real.cpp"))
    return {"real": [(os.path.join("test", "checks", p), flags) for p in tus]}


def command(tool, tu, flags, opt, obj):
    if tool == "asynclint":
        return [ASYNCLINT, "--quiet", tu, "--", *flags]
    extra = [f"-fplugin={PLUGIN}"] if tool == "plugin" else []
    return [generate.CLANGXX, opt, *flags, *extra, "-w", "-c", tu, "-o", obj]


def run_group(inputs, reps, timeout, measure):
    """{group: {opt: {tool: [(wall, user, rss) summed over TUs per rep]}}}"""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "x.o")
        for g, tus in inputs.items():
            out[g] = {}
            for opt in OPTS:
                sums = {t: [] for t in TOOLS}
                for rep in range(reps):
                    order = TOOLS[rep % 3:] + TOOLS[:rep % 3]
                    total = {t: [0.0, 0.0, 0.0] for t in TOOLS}
                    for tu, flags in tus:
                        for tool in order:
                            if tool == "asynclint" and opt != OPTS[0]:
                                continue  # the second pass has no -O
                            wall, user, rss, rc, err = measure(
                                command(tool, tu, flags, opt, obj), timeout)
                            total[tool][0] += wall
                            total[tool][1] += user
                            total[tool][2] = max(total[tool][2], rss)
                        print(f"\r[build {g} {opt} rep {rep + 1}] {tu:<50}", end="",
                              file=sys.stderr, flush=True)
                    for t in TOOLS:
                        sums[t].append(total[t])
                out[g][opt] = sums
    print(file=sys.stderr)
    return out


def summarise(raw):
    groups = {}
    for g, per_opt in raw.items():
        groups[g] = {}
        second_pass = per_opt[OPTS[0]]["asynclint"]
        for opt, sums in per_opt.items():
            def ratio(tool, i):
                return round(statistics.median(
                    a[i] / c[i] for a, c in zip(sums[tool], sums["compile"])), 4)
            groups[g][opt] = {
                "compile_user_s": round(statistics.median(s[1] for s in sums["compile"]), 2),
                "plugin_user": ratio("plugin", 1),
                "plugin_wall": ratio("plugin", 0),
                "plugin_rss": ratio("plugin", 2),
                "second_pass_user": round(statistics.median(
                    (c[1] + a[1]) / c[1] for c, a in zip(sums["compile"], second_pass)), 4),
            }
    return groups


def cache_rerun(tus, timeout, measure):
    """Wall time of an unchanged re-run with --cache-dir over the first run."""
    with tempfile.TemporaryDirectory() as cache:
        by_flags = {}
        for tu, flags in tus:
            by_flags.setdefault(tuple(flags), []).append(tu)
        first = second = 0.0
        for flags, files in by_flags.items():
            cmd = [ASYNCLINT, "--quiet", "-j", "1", f"--cache-dir={cache}", *files,
                   "--", *flags]
            first += measure(cmd, timeout)[0]
            second += measure(cmd, timeout)[0]
    return {"first_s": round(first, 2), "rerun_s": round(second, 3),
            "ratio": round(second / first, 4)}


def table(summary):
    L = ["", "in the build: clang++ -c with the plugin over the same compile "
         f"(user CPU, wall, peak RSS; target <= {TARGET_PLUGIN}); second pass = "
         "(compile + asynclint) / compile"]
    hdr = f"{'group':<13}{'opt':<5}{'compile s':>10}{'user':>8}{'wall':>8}{'RSS':>8}{'2nd pass':>10}"
    L += [hdr, "-" * len(hdr)]
    for g, per_opt in summary.get("build", {}).items():
        for opt, r in per_opt.items():
            L.append(f"{g:<13}{opt:<5}{r['compile_user_s']:>10.2f}{r['plugin_user']:>8.3f}"
                     f"{r['plugin_wall']:>8.3f}{r['plugin_rss']:>8.3f}{r['second_pass_user']:>10.3f}")
    if "cache" in summary:
        c = summary["cache"]
        L.append(f"result cache: unchanged re-run {c['rerun_s']} s after {c['first_s']} s "
                 f"= {c['ratio']:.3f} of the first run (target <= {TARGET_CACHE})")
    return "\n".join(L) + "\n"
