#!/usr/bin/python3
"""Benchmark asynclint against Clang's own front end (SPEC section 5).

On the same TUs, side by side in one run, it measures wall time, user CPU
and peak RSS of
  syntax     clang++-22 -fsyntax-only <flags> tu          (the floor)
  asynclint  build/bin/asynclint --checks=<checks> tu -- <flags>
  plugin     clang-tidy-22 -load build/lib/libasynclint-tidy.so
                 --checks=<checks> tu -- <flags>
on three input groups: the corpus programs (rt and Asio renditions), TUs from
bench/generate.py, and the size series (one coroutine of N statements).
Each repetition runs the three tools back to back on a TU (in a rotating
order); ratios are median over repetitions of sum(tool)/sum(syntax) over a
group's TUs. The size series prints the time per statement
(t(N) - t(0)) / N, t(0) being the same TU with an empty coroutine.

Writes bench/results/latest.json and latest.txt (the printed table).
Also measured: -j 1 against -j N (N = cores) on the runtime corpus in one
asynclint run each; with --groups build, the compiler plugin inside real
compiles at -O0 and -O2 and the second-pass alternative, and with
--groups cache an unchanged re-run with --cache-dir (see bench/inbuild.py).

  bench/run.py                       # everything, 3 repetitions (series: 5)
  bench/run.py --reps 5 --groups series
  bench/run.py --checks='-*,async-sequential-awaits' --out /tmp/seq
"""
import argparse
import datetime
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import generate
import inbuild

ROOT = generate.ROOT
CLANGXX = generate.CLANGXX
ASYNCLINT = os.path.join(ROOT, "build", "bin", "asynclint")
CLANG_TIDY = "/usr/lib/llvm-22/bin/clang-tidy"
PLUGIN = os.path.join(ROOT, "build", "lib", "libasynclint-tidy.so")
TOOLS = ["syntax", "asynclint", "plugin"]
TARGET = 1.10


def command(tool, tu, flags, checks):
    if tool == "syntax":
        return [CLANGXX, "-fsyntax-only", *flags, tu]
    if tool == "asynclint":
        return [ASYNCLINT, "--quiet", f"--checks={checks}", tu, "--", *flags]
    return [CLANG_TIDY, "-load", PLUGIN, f"--checks={checks}", "--quiet",
            tu, "--", *flags]


def measure(cmd, timeout):
    """(wall s, user s, peak RSS MiB, exit code, stderr tail) of one run."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        killer = threading.Timer(timeout, p.kill)
        killer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        killer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-2000:].decode(errors="replace")
    return wall, ru.ru_utime, ru.ru_maxrss / 1024, p.returncode, tail


def check_profile(tu, flags, checks, timeout):
    """User CPU seconds per check, from clang-tidy's --enable-check-profile."""
    with tempfile.TemporaryDirectory() as d:
        cmd = command("plugin", tu, flags, checks)
        cmd[1:1] = ["--enable-check-profile", f"--store-check-profile={d}"]
        measure(cmd, timeout)
        prof = {}
        for name in os.listdir(d):
            with open(os.path.join(d, name)) as f:
                for k, v in json.load(f)["profile"].items():
                    if k.endswith(".user"):
                        prof[k.split(".")[2]] = v
        return prof


def ok(tool, rc):
    # asynclint: 1 = findings; clang-tidy: findings do not change the status
    return rc == 0 or (tool == "asynclint" and rc == 1)


# ------------------------------------------------------------------ inputs
def corpus_inputs(which):
    name = "*.cpp" if which == "all" else which + ".cpp"
    rt = [(os.path.relpath(p, ROOT), generate.RT_FLAGS) for p in
          sorted(glob.glob(os.path.join(ROOT, "corpus", "[0-9]*", name)))]
    asio = [(os.path.relpath(p, ROOT), generate.ASIO_FLAGS) for p in
            sorted(glob.glob(os.path.join(ROOT, "corpus", "[0-9]*", "asio", name)))]
    return {"corpus-rt": rt, "corpus-asio": asio}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return os.path.relpath(path, ROOT)


def generated_inputs(gen_dir, sizes, flavors, seed):
    tus = []
    for flavor in flavors:
        for n in sizes:
            text = generate.generate_tu(flavor, n, seed)
            tus.append((write(os.path.join(gen_dir, f"tu-{flavor}-{n}.cpp"), text),
                        generate.FLAGS))
    return {"generated": tus}


def series_inputs(gen_dir, sizes, seed, flavor, mix):
    flags = generate.RT_FLAGS if flavor == "rt" else ["-std=c++20"]
    return {"series": [(write(os.path.join(gen_dir, f"series-{flavor}-{mix}-{n}.cpp"),
                              generate.generate_series(n, seed, flavor, mix)), flags)
                       for n in [0, *sizes]]}


# ------------------------------------------------------------------ report
def med(xs):
    return statistics.median(xs)


def group_summary(runs, profiles, tus, reps):
    """runs[tu][tool] = list of (wall, user, rss) per repetition."""
    out = {"tus": len(tus)}
    for tool in TOOLS[1:]:
        r = {}
        for k, key in enumerate(["wall", "user", "rss"]):
            per_rep = [sum(runs[tu][tool][i][k] for tu in tus) /
                       sum(runs[tu]["syntax"][i][k] for tu in tus) for i in range(reps)]
            r[key] = round(med(per_rep), 3)
            worst_tu = max(tus, key=lambda tu: med(x[k] for x in runs[tu][tool]) /
                           med(x[k] for x in runs[tu]["syntax"]))
            r[f"worst_{key}"] = {"tu": worst_tu, "ratio": round(
                med(x[k] for x in runs[worst_tu][tool]) /
                med(x[k] for x in runs[worst_tu]["syntax"]), 3)}
        out[tool] = r
    out["syntax_total_wall_s"] = round(sum(med(x[0] for x in runs[tu]["syntax"]) for tu in tus), 2)
    syntax_user = sum(med(x[1] for x in runs[tu]["syntax"]) for tu in tus)
    checks = sorted({c for tu in tus for c in profiles[tu]})
    # each check's own user CPU (plugin profile), as a share of -fsyntax-only's
    out["check_share_of_syntax"] = {
        c: round(sum(profiles[tu].get(c, 0) for tu in tus) / syntax_user, 4) for c in checks}
    return out


def series_summary(runs, profiles, tus, sizes):
    """Per size and tool: median user and wall time, per-statement time."""
    base = tus[0]
    rows = {}
    for tu, n in zip(tus[1:], sizes):
        row = {"check_us_per_stmt": {
            c: round((v - profiles[base].get(c, 0)) / n * 1e6, 3)
            for c, v in sorted(profiles[tu].items())}}
        for tool in TOOLS:
            w = med(x[0] for x in runs[tu][tool])
            u = med(x[1] for x in runs[tu][tool])
            u0 = med(x[1] for x in runs[base][tool])
            w0 = med(x[0] for x in runs[base][tool])
            row[tool] = {"wall_s": round(w, 3), "user_s": round(u, 3),
                         "user_us_per_stmt": round((u - u0) / n * 1e6, 2),
                         "wall_us_per_stmt": round((w - w0) / n * 1e6, 2),
                         "rss_mib": round(med(x[2] for x in runs[tu][tool]), 1)}
        rows[n] = row
    lo, hi = min(sizes), max(sizes)
    growth = {}
    for tool in TOOLS:
        a = rows[lo][tool]["user_us_per_stmt"]
        b = rows[hi][tool]["user_us_per_stmt"]
        growth[tool] = round(b / a, 2) if a > 0 else None
    for c in rows[hi]["check_us_per_stmt"]:
        a = rows[lo]["check_us_per_stmt"].get(c, 0)
        b = rows[hi]["check_us_per_stmt"][c]
        growth[c] = round(b / a, 2) if a > 0 else None
    # the analysis alone: (tool - syntax) user time per statement
    for n in sizes:
        for tool in TOOLS[1:]:
            rows[n][tool]["extra_user_us_per_stmt"] = round(
                (rows[n][tool]["user_s"] - rows[n]["syntax"]["user_s"]) / n * 1e6, 2)
    return {"sizes": rows, f"per_stmt_ratio_{hi}_vs_{lo}": growth}


def jobs_scaling(tus, reps, checks, timeout):
    """Wall time of one asynclint run over all \p tus (which share their
    flags) with -j 1 and with -j N, N = cores; median of reps."""
    flags = tus[0][1]
    files = [tu for tu, _ in tus]
    cores = os.cpu_count() or 1
    walls = {1: [], cores: []}
    for _ in range(reps):
        for jobs in walls:
            cmd = [ASYNCLINT, "--quiet", f"-j{jobs}", f"--checks={checks}", *files,
                   "--", *flags]
            walls[jobs].append(measure(cmd, timeout)[0])
    one, many = med(walls[1]), med(walls[cores])
    return {"tus": len(files), "jobs": cores, "wall_j1_s": round(one, 2),
            f"wall_j{cores}_s": round(many, 2), "speedup": round(one / many, 2)}


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"nproc": os.cpu_count(), "cpu": cpu,
            "loadavg_at_start": os.getloadavg()[0]}


def table(summary):
    L = []
    m = summary["machine"]
    L.append(f"asynclint benchmark {summary['date']}  reps={summary['reps']} "
             f"(series {summary['series_reps']})  corpus={summary['corpus']}  "
             f"checks={summary['checks']}")
    L.append(f"machine: {m['nproc']} cores, {m['cpu']}, load {m['loadavg_at_start']:.2f} at start")
    L.append("ratios to clang++ -fsyntax-only (median over reps of sum(tool)/sum(syntax)); "
             f"target <= {TARGET:.2f}")
    L.append("")
    hdr = f"{'group':<13}{'TUs':>4}{'syntax s':>10}  {'tool':<10}{'wall':>7}{'user':>7}{'RSS':>7}   worst TU (wall)"
    L.append(hdr)
    L.append("-" * len(hdr))
    for g, s in summary["groups"].items():
        for i, tool in enumerate(TOOLS[1:]):
            r = s[tool]
            lead = (f"{g:<13}{s['tus']:>4}{s['syntax_total_wall_s']:>10.2f}" if i == 0
                    else " " * 27)
            L.append(f"{lead}  {tool:<10}{r['wall']:>7.3f}{r['user']:>7.3f}{r['rss']:>7.3f}"
                     f"   {r['worst_wall']['ratio']:.3f} {os.path.basename(os.path.dirname(r['worst_wall']['tu']))}/"
                     f"{os.path.basename(r['worst_wall']['tu'])}")
    L.append("")
    L.append("each check alone (clang-tidy --enable-check-profile, user CPU) as a share of "
             "-fsyntax-only's user CPU:")
    for g, s in summary["groups"].items():
        L.append(f"  {g:<13}" + "  ".join(f"{c} {100 * v:.2f}%"
                                          for c, v in s["check_share_of_syntax"].items()))
    if "series" in summary:
        se = summary["series"]
        L.append("")
        L.append("size series: one coroutine of N statements; user CPU, median; "
                 "us/stmt = (t(N) - t(0)) / N; extra = (tool - syntax) / N")
        hdr = (f"{'N':>6}  {'syntax s':>8} {'us/stmt':>8}  {'asynclint s':>11} {'us/stmt':>8} "
               f"{'extra':>7}  {'plugin s':>8} {'us/stmt':>8} {'extra':>7}")
        L.append(hdr)
        L.append("-" * len(hdr))
        for n, row in se["sizes"].items():
            s, a, p = row["syntax"], row["asynclint"], row["plugin"]
            L.append(f"{n:>6}  {s['user_s']:>8.3f} {s['user_us_per_stmt']:>8.1f}  "
                     f"{a['user_s']:>11.3f} {a['user_us_per_stmt']:>8.1f} {a['extra_user_us_per_stmt']:>7.1f}  "
                     f"{p['user_s']:>8.3f} {p['user_us_per_stmt']:>8.1f} {p['extra_user_us_per_stmt']:>7.1f}")
        L.append("each check alone (profile), us/stmt: (t(N) - t(0)) / N")
        checks = list(next(iter(se["sizes"].values()))["check_us_per_stmt"])
        L.append(f"{'N':>6}  " + "  ".join(f"{c:>24}" for c in checks))
        for n, row in se["sizes"].items():
            L.append(f"{n:>6}  " + "  ".join(f"{row['check_us_per_stmt'].get(c, 0):>24.3f}"
                                             for c in checks))
        key = next(k for k in se if k.startswith("per_stmt_ratio"))
        L.append(f"{key} (target <= 1.5): " +
                 ", ".join(f"{t} {v}" for t, v in se[key].items()))
    L.append("")
    if "jobs" in summary:
        j = summary["jobs"]
        L.append(f"-j scaling on {j['tus']} TUs: -j1 {j['wall_j1_s']} s, "
                 f"-j{j['jobs']} {j['wall_j' + str(j['jobs']) + '_s']} s, "
                 f"speed-up {j['speedup']} (target >= 1.7 on 2 cores)")
    if "build" in summary or "cache" in summary:
        L.append(inbuild.table(summary))
    if summary["failures"]:
        L.append("")
        L.append(f"FAILURES ({len(summary['failures'])}):")
        for f in summary["failures"][:20]:
            L.append(f"  {f['tool']} {f['tu']}: exit {f['rc']}: {f['stderr'][-300:]}")
    L.append(f"elapsed: {summary['elapsed_s']:.0f} s")
    return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--series-reps", type=int, default=5,
                    help="repetitions for the size series (small differences: more)")
    ap.add_argument("--corpus", choices=["broken", "fixed", "all"], default="broken",
                    help="which corpus programs (all: twice the time)")
    ap.add_argument("--groups", default="corpus,generated,series,jobs,build,cache",
                    help="comma-separated subset of corpus,generated,series")
    ap.add_argument("--checks", default="-*,async-*",
                    help="checks for asynclint and the plugin (isolate one check)")
    ap.add_argument("--sizes", default="40,160",
                    help="functions per generated TU (per flavor)")
    ap.add_argument("--flavors", default="rt,asio,mixed")
    ap.add_argument("--series", default="1000,2000,4000,8000,16000",
                    help="statements in the size-series coroutine")
    ap.add_argument("--series-flavor", choices=["min", "rt"], default="min",
                    help="size series on a minimal task type (small fixed cost) or on rt")
    ap.add_argument("--series-mix", choices=list(generate.SERIES_MIXES), default="mixed",
                    help="statements of the size series (fanout: rt flavor only)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=600, help="per run, seconds")
    ap.add_argument("--gen-dir", default=os.path.join(ROOT, "bench", "gen"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "latest"),
                    help="writes OUT.json and OUT.txt")
    a = ap.parse_args()
    os.chdir(ROOT)
    groups = a.groups.split(",")

    build_inputs = {}
    if "build" in groups:
        build_inputs.update(corpus_inputs(a.corpus))
        build_inputs.update(generated_inputs(a.gen_dir, [int(x) for x in a.sizes.split(",")],
                                             a.flavors.split(","), a.seed))
        build_inputs.update(inbuild.real_inputs())
    inputs = {}
    if "corpus" in groups:
        inputs.update(corpus_inputs(a.corpus))
    if "generated" in groups:
        inputs.update(generated_inputs(a.gen_dir, [int(x) for x in a.sizes.split(",")],
                                       a.flavors.split(","), a.seed))
    series_sizes = [int(x) for x in a.series.split(",")]
    if "series" in groups:
        inputs.update(series_inputs(a.gen_dir, series_sizes, a.seed, a.series_flavor,
                                    a.series_mix))

    start = time.time()
    summary = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
               "machine": machine(), "reps": a.reps, "series_reps": a.series_reps,
               "corpus": a.corpus, "series_flavor": a.series_flavor,
               "series_mix": a.series_mix, "checks": a.checks,
               "target": TARGET,
               "commands": {t: command(t, "TU", ["FLAGS"], a.checks) for t in TOOLS},
               }
    # warm the page cache (headers, binaries) before anything is timed
    for tu, flags in [v[0] for v in inputs.values()]:
        for tool in TOOLS:
            measure(command(tool, tu, flags, a.checks), a.timeout)

    runs = {tu: {t: [] for t in TOOLS} for v in inputs.values() for tu, _ in v}
    failures = []
    reps = {g: a.series_reps if g == "series" else a.reps for g in inputs}
    total = sum(reps[g] * len(v) for g, v in inputs.items())
    done = 0
    for rep in range(max(reps.values(), default=0)):
        order = TOOLS[rep % 3:] + TOOLS[:rep % 3]  # rotate: no fixed position bias
        for g, tus in inputs.items():
            if rep >= reps[g]:
                continue
            for tu, flags in tus:
                for tool in order:
                    wall, user, rss, rc, err = measure(command(tool, tu, flags, a.checks),
                                                       a.timeout)
                    if not ok(tool, rc) and rep == 0:
                        failures.append({"tool": tool, "tu": tu, "rc": rc, "stderr": err})
                    runs[tu][tool].append((wall, user, rss))
                done += 1
                print(f"\r[{done}/{total}] {tu:<60}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    # the time of each check alone (matchers and callbacks): once per TU,
    # median of series_reps for the size series (small numbers)
    profiles = {}
    for i, (g, tu, flags) in enumerate((g, tu, fl) for g, v in inputs.items() for tu, fl in v):
        ps = [check_profile(tu, flags, a.checks, a.timeout)
              for _ in range(a.series_reps if g == "series" else 1)]
        profiles[tu] = {c: med(p.get(c, 0) for p in ps) for c in ps[0]}
        print(f"\r[profile {i + 1}] {tu:<60}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)

    summary["groups"] = {g: group_summary(runs, profiles, [tu for tu, _ in tus], a.reps)
                         for g, tus in inputs.items() if g != "series"}
    if "series" in inputs:
        summary["series"] = series_summary(runs, profiles,
                                           [tu for tu, _ in inputs["series"]], series_sizes)
    if "jobs" in groups:
        rt_tus = corpus_inputs("broken").get("corpus-rt", [])
        if rt_tus:
            summary["jobs"] = jobs_scaling(rt_tus, a.reps, a.checks, a.timeout)
    if build_inputs:
        summary["build"] = inbuild.summarise(
            inbuild.run_group(build_inputs, a.reps, a.timeout, measure))
    if "cache" in groups:
        all_corpus = corpus_inputs("all")
        summary["cache"] = inbuild.cache_rerun(
            all_corpus["corpus-rt"] + all_corpus["corpus-asio"], a.timeout, measure)
    summary["failures"] = failures
    summary["elapsed_s"] = round(time.time() - start)
    summary["raw"] = {tu: {t: [[round(w, 3), round(u, 3), round(r, 1)] for w, u, r in v]
                           for t, v in d.items()} for tu, d in runs.items()}

    text = table(summary)
    print(text, end="")
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out + ".json", "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    with open(a.out + ".txt", "w") as f:
        f.write(text)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
